"""Words for a stepped diagram, what a screen reader says: the view in one sentence, then at each step what happened
there in words and numbers (``t = 3 of 4: reads “l”; h_3 = [+0.21, -0.50, +0.93] ...``).

Every sign is written out, so a state's sign never rests on its colour alone. The browser puts the step's sentence
in an ``aria-live="polite"`` region as it steps (``ui/components/stepper``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np

MOST = 8  # state values read out at a step; past this many units, the first MOST and a count of signs


def vector(name: str, v: Sequence[float], most: int = MOST) -> str:
    """``h_3 = [+0.21, -0.50, +0.93]``: every value with its sign, two decimals; with more than ``most`` values the
    first ``most``, then how many of all of them are positive and how many negative."""
    v = np.asarray(v, dtype=float).ravel()  # (H,)
    shown = ", ".join(f"{x:+.2f}" for x in v[:most])
    if len(v) <= most:
        return f"{name} = [{shown}]"
    pos, neg = int((v > 0).sum()), int((v < 0).sum())
    return f"{name} = [{shown}, ...] ({len(v)} units: {pos} positive, {neg} negative)"


def output(t: int, label: str | None, prob: float | None, last: bool, verb: str = "predicts") -> str:
    """What y_t says: a class at its probability (``verb``: "predicts", or "samples" when sampling), a number, or
    nothing yet (many-to-one answers at the end)."""
    if label is None:
        return f"no output at step {t}; the answer comes after the last step" if not last else "no output"
    if prob is None:
        return f"outputs y_{t} = {label}"
    return f"{verb} “{label}” at {prob:.0%}"


def summary(model: str, task: str, T: int, inputs: str, outputs: str, shared: str) -> str:
    """The view in one sentence: which model on which task, how many steps, what x_t and y_t are."""
    parts = [f"{model} on {task}, unrolled over {T} step{'s' if T != 1 else ''}; {shared}."]
    if inputs:
        parts.append(f"x_t: {inputs}.")
    if outputs:
        parts.append(f"y_t: {outputs}.")
    parts.append("Step with the arrow keys; each step is read out.")
    return " ".join(parts)


def recurrent_steps(
    x_labels: Sequence,
    h: np.ndarray,
    y_labels: Sequence[str | None],
    y_probs: Sequence[float | None] | None,
    c: np.ndarray | None = None,
    verb: str = "predicts",
) -> list[str]:
    """One sentence per step of a recurrent net: what it read, h_t (and c_t), what y_t says.
    ``h``, ``c``: (T, H); ``y_labels``, ``y_probs``: T entries each (None where there is no output)."""
    T = len(x_labels)
    out = []
    for k in range(T):
        t = k + 1
        words = [f"t = {t} of {T}: reads “{x_labels[k]}”", vector(f"h_{t}", h[k])]
        if c is not None:
            words.append(vector(f"c_{t}", c[k]))
        prob = None if y_probs is None else y_probs[k]
        words.append(output(t, y_labels[k], prob, t == T, verb))
        out.append("; ".join(words) + ".")
    return out


def window_steps(
    x_labels: Sequence,
    a: np.ndarray,
    k: int,
    y_labels: Sequence[str | None],
    y_probs: Sequence[float | None] | None,
) -> list[str]:
    """One sentence per step of a fixed-window net: the inputs its window holds, its hidden layer a_t, what y_t says.
    ``a``: (T, H)."""
    T = len(x_labels)
    out = []
    for i in range(T):
        t = i + 1
        seen = ", ".join(f"“{x}”" for x in x_labels[max(0, i - k + 1) : i + 1])
        prob = None if y_probs is None else y_probs[i]
        words = [f"t = {t} of {T}: the window holds {seen}", vector(f"a_{t}", a[i])]
        out.append("; ".join([*words, output(t, y_labels[i], prob, t == T)]) + ".")
    return out


def attach(scene: dict, label: str, steps: Sequence[str]) -> dict:
    """``scene`` (``viz.scene.scene``) with its words: ``label`` for the whole view, one sentence per step."""
    if len(steps) != len(scene["at"]):
        raise ValueError(f"one sentence per step: {len(scene['at'])} steps, {len(steps)} sentences")
    return {**scene, "describe": {"label": str(label), "steps": [str(s) for s in steps]}}


def from_html(markup: str) -> str:
    """A step's words as plain text for the live region: tags dropped, entities read, spaces collapsed."""
    inline = re.sub(r"</?(b|i|em|strong|span|sub|sup|code)\b[^>]*>", "", str(markup), flags=re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())
