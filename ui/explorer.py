"""The explorer's views, for its page and for the tour: a trained model of a task, unrolled step by step.

Every step's figures are built once per numbers (``step_views``, cached across sessions) and the browser steps
through them (``ui.components.stepper``). Session keys come from the caller's :class:`ui.pagestate.Keys`, so the
explorer and each tour stop keep their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import rnn_core as rc
from rnn_core.cnn import EncodedNet, split_kind
from rnn_core.engine.zoo import trained
from rnn_core.explain import step_terms
from rnn_core.net import NumpyNet
from rnn_core.readout import Readout, softmax
from rnn_core.shapes import weights
from rnn_core.tasks import get_task
from rnn_core.window import NumpyWindow, window_size
from ui import cnn_views, pagestate, present, store, urlstate, window_views
from ui.charts import show
from ui.components import stepper
from ui.pagestate import Keys
from viz import colors, labels, scene
from viz import steps as step_html
from viz.bars import prob_bars
from viz.heatmaps import history_heatmap, matrix_heatmap
from viz.rolled import rolled_figure
from viz.svg import esc
from viz.unrolled import unrolled_figure


@st.cache_resource(show_spinner=False)
def task_of(task_id: str):
    return get_task(task_id)


def default_text(task) -> str:
    sep = "" if task.tokens_are_chars else " "
    return sep.join(task.default.x_labels)


def trained_model(task, kind, units, seed):
    key = ("explorer", task.id, kind, units, seed)
    cell, enc = split_kind(kind)
    if (k := window_size(kind)) is not None:
        name = "fixed " + labels.window(k).lower()
    else:
        name = labels.ARCH[cell] + (" reading a CNN's output" if enc == "cnn" else "")
    label = f"Training a {name} with {units} units on {task.title}…"
    return store.get_or_build(key, lambda progress: trained(task, kind, units, seed, progress), label)


WEIGHT_LIMIT = 10.0  # typed weights of the 1x1 RNN: |w| <= this, so every number on the page stays finite


def typed_weights(typed: dict, trained: dict) -> tuple[dict[str, float], dict[str, float]]:
    """The typed weights with any outside +-WEIGHT_LIMIT, NaN or infinite replaced by the trained one; and those."""
    refused = {n: v for n, v in typed.items() if not (np.isfinite(v) and abs(v) <= WEIGHT_LIMIT)}
    return {n: float(trained[n] if n in refused else v) for n, v in typed.items()}, refused


def custom_scalar_net(net: NumpyNet, K: Keys, draw: bool = True) -> NumpyNet:
    """The lecture's 1x1 RNN with weights a person types in (kept under ``K.w_xh`` .. ``K.b_y``; the trained ones
    until they do). ``draw=False``: the kept weights, with no boxes (a link that hides them)."""
    p, r = net.params, net.readout
    trained = {"W_xh": p.W_xh[0, 0], "W_hh": p.W_hh[0, 0], "b_h": p.b_h[0], "W_hy": r.W_hy[0, 0], "b_y": r.b_y[0]}
    keys = {"W_xh": K.w_xh, "W_hh": K.w_hh, "b_h": K.b_h, "W_hy": K.w_hy, "b_y": K.b_y}
    for n, key in keys.items():
        st.session_state.setdefault(key, float(trained[n]))
    if draw:
        st.caption("Start from the trained weights and change any of them; every number below follows.")
        kw = dict(step=0.1, format="%.3f", persist_state=pagestate.KEEP)
        for col, (n, key) in zip(present.columns(st, 5), keys.items(), strict=True):  # stacked in projector mode
            col.number_input(n, key=key, **kw)
    typed = {n: st.session_state[key] for n, key in keys.items()}
    typed = {n: float(v) if isinstance(v, int | float) else float("nan") for n, v in typed.items()}
    w, refused = typed_weights(typed, trained)
    if refused:
        st.warning(
            f"Each weight must be a number from {-WEIGHT_LIMIT:g} to {WEIGHT_LIMIT:g}: "
            + "; ".join(f"{n} = {v:.4g} is not, so the trained {trained[n]:.4g} is used" for n, v in refused.items())
            + ". Your other weights are kept."
        )
    w_xh, w_hh, b_h, w_hy, b_y = (w[n] for n in keys)
    params = rc.CellParams("rnn", np.array([[w_xh]]), np.array([[w_hh]]), np.array([b_h]), np.zeros(1))
    return NumpyNet("dense", params, Readout(np.array([[w_hy]]), np.array([b_y])), None)


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


def diagram_figures(
    task, net, replay, example, temperature: float | None, big: bool, rolled: bool, reveal: bool = False
) -> list:
    """The unrolled diagram at every step (one figure each), with the cell state and gates where the cell has them;
    ``reveal``: predict, then reveal (the steps after t are hidden)."""
    y_labels, y_probs = output_labels(task, replay, example, temperature)
    width = (960 if big else 540) if rolled else None  # the column beside the rolled figure at 1280 px
    cnn = isinstance(net, EncodedNet)  # a CNN turns each frame or image into x_t: drawn as its own block
    return [
        unrolled_figure(
            replay.trace.h,
            k,
            list(example.x_labels),
            y_labels,
            y_probs=y_probs,
            feedback=temperature is not None or task.mapping == "one-to-many",
            big=big,
            cell=net.params.kind,
            width=width,
            c=replay.trace.c,
            c0=replay.trace.c0,
            gates=replay.trace.gates(),
            hide_future=reveal,
            encoder="CNN" if cnn else None,
            encoded=cnn_views.encoded(net, example) if cnn else None,
        )
        for k in range(example.T)
    ]


def said(task, replay, example, t: int) -> tuple[str, float | None]:
    """What the model says after step t (1-based): its likeliest class and that probability, or its number."""
    if task.loss == "mse":
        return f"{replay.logits[t - 1, 0]:.3f}", None
    j = int(replay.probs[t - 1].argmax())
    return task.classes[j], float(replay.probs[t - 1, j])


def comparison_notes(task, names: tuple[str, str], replays: tuple, example) -> list[str]:
    """Per step, what each of the two models says after it, and whether they agree (HTML, labels escaped)."""
    notes = []
    for t in range(1, example.T + 1):
        a, b = (said(task, r, example, t) for r in replays)
        text = " · ".join(
            f"{esc(name)} says <strong>{esc(v)}</strong>" + ("" if p is None else f" ({p:.0%})")
            for name, (v, p) in zip(names, (a, b), strict=True)
        )
        if task.loss == "mse":
            verdict = f"a difference of {abs(float(a[0]) - float(b[0])):.3f}"
        else:
            verdict = "they agree" if a[0] == b[0] else "<strong>they disagree here</strong>"
        early = " if the sequence stopped here" if task.mapping == "many-to-one" and t < example.T else ""
        notes.append(f"<p>After x_{t}{early}: {text}: {verdict}.</p>")
    return notes


def comparison_views(task, net, replay, example, big: bool, rolled: bool, first) -> dict:
    """The other architecture's diagram at every step and what the two say, built once per numbers."""
    p = net.params
    sig = stepper.signature(
        ("vs", task.id, p.kind, first.params.kind, big, rolled, list(example.x_labels)),
        *(np.asarray(a) for a in (replay.trace.h, replay.logits, example.targets)),
    )
    return _comparison_views(sig, task, net, replay, example, big, rolled, first)


@st.cache_data(max_entries=32, show_spinner=False)
def _comparison_views(sig: str, _task, _net, _replay, _example, _big, _rolled, _first) -> dict:
    """The views for ``sig`` (the arguments after it are not hashed: ``sig`` stands for them)."""
    first_replay = _first.replay(_example.inputs)
    names = (labels.ARCH[_first.params.kind], labels.ARCH[_net.params.kind])
    return {
        "diagram": scene.scene(diagram_figures(_task, _net, _replay, _example, None, _big, _rolled), "vs-diagram"),
        "notes": [{"html": comparison_notes(_task, names, (first_replay, _replay), _example)}],
    }


def comparison(task, other, net, example, big: bool, rolled: bool, K: Keys, group: str) -> None:
    """The other architecture on the same input, its diagram stepping with the first (the same stepper group)."""
    st.markdown(
        f"**Side by side: the {labels.ARCH[other.params.kind]}** with the same task, units, seed and input. "
        "Both diagrams follow the stepper above."
    )
    views = comparison_views(task, other, other.replay(example.inputs), example, big, rolled, net)
    stepper.html_panel(K.vs_notes, group, views["notes"], example.T, big=big)
    stepper.svg_panel(K.vs_diagram, group, views["diagram"])


def step_views(
    task,
    net,
    replay,
    example,
    temperature: float | None,
    big: bool,
    rolled: bool,
    reveal: bool = False,
    private: str | None = None,
) -> dict:
    """Every step's view of this sequence, built once (and shared by the sessions that show the same numbers).
    ``private``: a session key to keep them under instead, never in the shared cache (a model only this session
    may see, such as an upload: its names are not all in the signature)."""
    p, r = net.params, net.readout
    sig = stepper.signature(
        (task.id, p.kind, type(net).__name__, temperature, big, rolled, reveal, list(example.x_labels)),
        *(np.asarray(a) for a in (replay.trace.h, replay.logits, example.targets, p.W_xh, p.W_hh, p.b_xh, p.b_hh)),
        *(np.asarray(a) for a in (r.W_hy, r.b_y)),
    )
    if private is None:
        return _step_views(sig, task, net, replay, example, temperature, big, rolled, reveal)
    sig = stepper.signature(sig, task.mapping, task.loss, task.classes, task.outputs)
    kept = st.session_state.get(private)
    if not (isinstance(kept, dict) and kept.get("id") == sig):
        kept = st.session_state[private] = build_step_views(
            sig, task, net, replay, example, temperature, big, rolled, reveal
        )
    return kept


@st.cache_data(max_entries=64, show_spinner=False)
def _step_views(sig: str, _task, _net, _replay, _example, _temperature, _big, _rolled, _reveal) -> dict:
    """The views for ``sig`` (the arguments after it are not hashed: ``sig`` stands for them)."""
    return build_step_views(sig, _task, _net, _replay, _example, _temperature, _big, _rolled, _reveal)


def build_step_views(sig: str, task, net, replay, example, temperature, big, rolled, reveal) -> dict:
    """The diagram, output, history and arithmetic of every step, named ``sig``."""
    x_labels = list(example.x_labels)
    diagram = diagram_figures(task, net, replay, example, temperature, big, rolled, reveal)
    history = [
        history_heatmap(replay.trace.h, k, x_labels, big=big, c=replay.trace.c, hide_future=reveal)
        for k in range(example.T)
    ]
    return {
        "id": sig,
        "diagram": scene.scene(diagram, "ex-diagram"),
        "output": output_views(task, replay, example, x_labels, big, temperature),
        "history": scene.scene(history, "ex-history"),
        "math": step_html.arithmetic(
            net.params.kind,
            x_labels,
            [step_terms(net.params, s) for s in replay.trace.steps],
            replay.trace.steps,
            replay.logits,
        ),
    }


def step_view(
    task,
    net,
    replay,
    example,
    temperature: float | None,
    other=None,
    *,
    K: Keys,
    group: str,
    rolled: bool = False,
    reveal: bool = False,
    url: str | None = "t",
    private: bool = False,
) -> int:
    """The stepper and the panels that follow its t; stepping happens in the browser (ui/components/stepper).
    ``K`` names the session keys (``stepper``, ``t``, ``diagram``, ``output``, ``history``, ``math``, ``vs_notes``,
    ``vs_diagram``), ``group`` the stepper group, ``url`` the URL parameter that holds t. ``private``: the views
    stay in this session (under ``K("views")``), never in the cache every session shares. Returns t."""
    big = present.is_on()
    T = example.T
    if isinstance(net, NumpyWindow):  # no recurrence: its own diagram and arithmetic, the same outputs
        x_labels = list(example.x_labels)
        y = output_labels(task, replay, example, temperature)
        outputs = lambda: output_views(task, replay, example, x_labels, big, temperature)  # noqa: E731
        views = window_views.step_views(task, net, replay, example, temperature, big, reveal, y, outputs)
    else:
        views = step_views(
            task, net, replay, example, temperature, big, rolled, reveal, K("views") if private else None
        )
    on_step = None if url is None else (lambda t: urlstate.write(**{url: t}))
    t = stepper.controls(K.stepper, K.t, T, group=group, scene=views["id"], big=big, url=url, on_step=on_step)
    if rolled:
        c1, c2 = st.columns([1.4, 3], vertical_alignment="center")
        show(rolled_figure(net.params.kind, big=big), K("rolled_fig"), c1)
        c1.caption("Rolled: one cell and a loop. Unrolled: the same cell copied once per step.")
        stepper.svg_panel(K.diagram, group, views["diagram"], c2)
    else:
        stepper.svg_panel(K.diagram, group, views["diagram"])
    if other is not None:
        comparison(task, other, net, example, big, rolled, K, group)
    left, right = st.columns(2)
    out = views["output"]
    if "svg" in out:
        stepper.svg_panel(K.output, group, out["svg"], left)
    else:
        stepper.html_panel(K.output, group, [{"html": out["html"]}], T, left, big=big)
    stepper.svg_panel(K.history, group, views["history"], right)
    stepper.html_panel(K.math, group, views["math"], T, big=big)
    return t


def shapes_panel(task, net: NumpyNet, prefix: str = "", heatmaps: bool = True) -> None:
    """Every weight's shape both ways, its count, and (``heatmaps``) the matrices as heatmaps (chart keys start with
    ``prefix``)."""
    p, r = net.params, net.readout
    H, D, O, G = p.units, p.input_dim, r.W_hy.shape[0], len(p.gates)
    rows = weights(p.kind, D, H, O, None if net.E is None else net.E.shape[0])
    n_torch, n_lecture = sum(w.torch_count for w in rows), sum(w.lecture_count for w in rows)
    cell = labels.ARCH[p.kind]
    gates = (
        f" The {cell} has {G} gates ({', '.join(p.gates)}): each has its own W_x?, W_h? and bias, and torch "
        "stacks their blocks into one matrix."
        if G > 1
        else " A vanilla RNN has no gates: one W_xh, one W_hh, one bias."
    )
    st.markdown(
        f"**{n_torch:,} parameters as torch counts them** ({n_lecture:,} as the lecture writes the cell). The "
        "lecture writes W_xh as input_dim x units; torch stores the same matrix transposed, units x input_dim. "
        f"torch also keeps two biases where the lecture has one b_h (only their sum matters"
        + (
            ", except for the GRU's candidate gate, whose b_hn sits inside r * (W_hn h + b_hn)"
            if p.kind == "gru"
            else ""
        )
        + ")."
        + gates
    )
    st.table(
        pd.DataFrame(
            [
                {
                    "Weight": w.name,
                    "Lecture's shape": w.lecture,
                    "torch's shape": w.torch,
                    "torch name": w.torch_name,
                    "Count (torch)": f"{w.torch_count:,}",
                    "Count (lecture)": f"{w.lecture_count:,}",
                }
                for w in rows
            ]
        ),
        hide_index=True,
    )
    if not heatmaps:
        return
    in_labels = list(task.vocab) if task.encoding == "onehot" else None
    out_labels = list(task.classes) if task.classes else None
    big = present.is_on()
    if big:  # projector mode: two to a row (W_hy under the W_x), each given half the page
        left, right = st.columns(2)
        cols = [left, right, left]
    else:
        cols = st.columns(3)
    px = {"big": big, "width": colors.HALF_COLUMN[True] if big else None}
    for g in p.gates:
        blk = p.gate(g)
        sfx = "" if G == 1 else f" · gate {g}"
        name_x = "W_xh" if G == 1 else f"W_x{g}"
        name_h = "W_hh" if G == 1 else f"W_h{g}"
        show(
            matrix_heatmap(blk["W_x"], f"{name_x}{sfx}: {H} x {D} as torch stores it", col_labels=in_labels, **px),
            f"{prefix}wx_{g}",
            cols[0],
        )
        show(matrix_heatmap(blk["W_h"], f"{name_h}{sfx}: {H} x {H}", **px), f"{prefix}wh_{g}", cols[1])
    why = matrix_heatmap(r.W_hy, f"W_hy: {O} x {H} as torch stores it", row_labels=out_labels, **px)
    show(why, f"{prefix}why", cols[2])
