"""What the model outputs at each step, as the explorer shows it: the label above each y_t, the softmax bars (at the
sampling temperature when sampling), or for regression its number beside the target."""

from __future__ import annotations

import numpy as np

from rnn_core.readout import softmax
from viz import scene
from viz import steps as step_html
from viz.bars import prob_bars


def output_labels(task, replay, example, temperature: float | None = None):
    """What the model outputs above each step: its top class, or its number for regression; when sampling at
    ``temperature``, the letter it sampled (the one fed back) and its probability softmax(y_t / temperature)."""
    if task.loss == "mse":
        return [f"{y:.3f}" for y in replay.logits[:, 0]], None
    if temperature is not None:
        probs = tempered(replay, temperature)
        picked = [int(j) for j in example.targets]
        return [task.classes[j] for j in picked], [float(probs[t, j]) for t, j in enumerate(picked)]
    probs = replay.probs
    top = probs.argmax(axis=1)
    keep = [task.mapping != "many-to-one" or t == len(top) - 1 for t in range(len(top))]
    labels = [task.classes[j] if k else None for j, k in zip(top, keep, strict=True)]
    return labels, [float(probs[t, j]) if k else None for t, (j, k) in enumerate(zip(top, keep, strict=True))]


def tempered(replay, temperature: float) -> np.ndarray:
    """p_t = softmax(y_t / temperature) at every step: (T, O), what sampling draws from."""
    return softmax(replay.logits, temperature)


def prob_title(task, x_labels, t: int, temperature: float | None = None) -> str:
    if temperature is not None:
        return f"After “{x_labels[t - 1]}”: p_{t} = softmax(y_{t} / {temperature:g}), sampled from"
    if task.mapping == "many-to-one" and t < len(x_labels):
        return f"If it stopped at “{x_labels[t - 1]}”: p_{t} = softmax(y_{t})"
    return f"After “{x_labels[t - 1]}”: p_{t} = softmax(y_{t})"


def output_views(task, replay, example, x_labels, big: bool, temperature: float | None = None) -> dict:
    """What the model outputs at each step: the softmax bars (at the sampling temperature, with the letter
    sampled marked, when sampling), or for regression its number and the target."""
    if task.loss == "ce":
        probs = replay.probs if temperature is None else tempered(replay, temperature)
        note = "target" if temperature is None else "sampled"
        figs = []
        for k, want in enumerate(example.targets):
            figs.append(
                prob_bars(
                    probs[k],
                    list(task.classes),
                    top_k=5,
                    highlight=task.classes[want] if want >= 0 else None,
                    highlight_note=note,
                    big=big,
                    title=prob_title(task, x_labels, k + 1, temperature),
                )
            )
        return {"svg": scene.scene(figs, "ex-probs")}
    return {
        "html": [
            step_html.metrics(
                [
                    (f"Output y_{t}", f"{replay.logits[t - 1, 0]:.4f}", "What the model outputs at this step"),
                    (
                        f"Target for y_{t}",
                        f"{example.targets[t - 1]:.4f}" if np.isfinite(example.targets[t - 1]) else "not known",
                        f"What the model was trained to output here: {task.outputs}",
                    ),
                ]
            )
            for t in range(1, example.T + 1)
        ]
    }


def said(task, replay, example, t: int) -> tuple[str, float | None]:
    """What the model says after step t (1-based): its likeliest class and that probability, or its number."""
    if task.loss == "mse":
        return f"{replay.logits[t - 1, 0]:.3f}", None
    j = int(replay.probs[t - 1].argmax())
    return task.classes[j], float(replay.probs[t - 1, j])
