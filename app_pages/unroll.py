"""The unrolled-diagram explorer: step through time and watch the hidden state (url path ``unroll``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import rnn_core as rc
from rnn_core.engine.zoo import trained
from rnn_core.explain import step_terms
from rnn_core.net import NumpyNet
from rnn_core.params import ARCH_LABELS
from rnn_core.readout import Readout, softmax
from rnn_core.sampling import sample
from rnn_core.shapes import weights
from rnn_core.tasks import TASK_IDS, baselines, get_task, next_token_example
from ui import media, pagestate, present, store, urlstate
from ui.charts import show
from ui.components import stepper
from ui.numbers import whole_number_input
from ui.picker import model_picker
from ui.safe import md
from viz import scene
from viz import steps as step_html
from viz.bars import prob_bars
from viz.heatmaps import history_heatmap, matrix_heatmap
from viz.rolled import rolled_figure
from viz.svg import esc
from viz.unrolled import unrolled_figure


@st.cache_resource(show_spinner=False)
def task_of(task_id: str):
    return get_task(task_id)


K = pagestate.Keys(
    "ex_",
    "seq",
    "arch",
    "seed",
    "units",
    "t",
    "mode",
    "rolled",
    "sample_start",
    "temperature",
    "sample_len",
    "sample_seed",
    "use_custom",
    "w_xh",
    "w_hh",
    "b_h",
    "w_hy",
    "b_y",
    "t_from_url",
    "stepper",
    "diagram",
    "output",
    "history",
    "math",
    "vs",
    "vs_diagram",
    "vs_notes",
)
GROUP = "ex"  # the stepper's group: its controls and panels share one step t
NO_COMPARISON = "none"


def text_key(task) -> str:
    return K(f"text_{task.id}")


def read_link() -> tuple[dict, list[str]]:
    """The view a link names: task, architecture, units, seed, step and the typed sequence."""
    values, notes = urlstate.read_model_view(
        task_of,
        TASK_IDS,
        rc.KINDS,
        extra=[
            urlstate.Param("t", 1, urlstate.int_in(1, 10_000), "time step"),
            urlstate.Param("vs", NO_COMPARISON, urlstate.choice((NO_COMPARISON, *rc.KINDS)), "architecture to compare"),
        ],
    )
    values["t_from_url"] = values["t"]
    task = task_of(values["seq"])
    text = st.query_params.get("text")
    if text is not None:
        values[f"text_{task.id}"] = text[: task.max_len * 20]
    return values, notes


def on_task_change() -> None:
    task = task_of(st.session_state[K.seq])
    st.session_state[K.units] = task.default_units
    st.session_state[K.t] = 1
    st.session_state[K.mode] = "Read a sequence"


def default_text(task) -> str:
    sep = "" if task.tokens_are_chars else " "
    return sep.join(task.default.x_labels)


def trained_model(task, kind, units, seed):
    key = ("explorer", task.id, kind, units, seed)
    label = f"Training a {ARCH_LABELS[kind]} with {units} units on {task.title}…"
    return store.get_or_build(key, lambda progress: trained(task, kind, units, seed, progress), label)


WEIGHT_LIMIT = 10.0  # typed weights of the 1x1 RNN: |w| <= this, so every number on the page stays finite


def typed_weights(typed: dict, trained: dict) -> tuple[dict[str, float], dict[str, float]]:
    """The typed weights with any outside +-WEIGHT_LIMIT, NaN or infinite replaced by the trained one; and those."""
    refused = {n: v for n, v in typed.items() if not (np.isfinite(v) and abs(v) <= WEIGHT_LIMIT)}
    return {n: float(trained[n] if n in refused else v) for n, v in typed.items()}, refused


def custom_scalar_net(net: NumpyNet) -> NumpyNet:
    """The lecture's 1x1 RNN with weights a person types in."""
    p, r = net.params, net.readout
    st.caption("Start from the trained weights and change any of them; every number below follows.")
    c = st.columns(5)
    kw = dict(step=0.1, format="%.3f", persist_state=pagestate.KEEP)
    trained = {"W_xh": p.W_xh[0, 0], "W_hh": p.W_hh[0, 0], "b_h": p.b_h[0], "W_hy": r.W_hy[0, 0], "b_y": r.b_y[0]}
    keys = {"W_xh": K.w_xh, "W_hh": K.w_hh, "b_h": K.b_h, "W_hy": K.w_hy, "b_y": K.b_y}
    typed = {n: col.number_input(n, value=float(trained[n]), key=keys[n], **kw) for col, n in zip(c, keys, strict=True)}
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


def diagram_figures(task, net, replay, example, temperature: float | None, big: bool, rolled: bool) -> list:
    """The unrolled diagram at every step (one figure each), with the cell state and gates where the cell has them."""
    y_labels, y_probs = output_labels(task, replay, example, temperature)
    width = (960 if big else 540) if rolled else None  # the column beside the rolled figure at 1280 px
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
    names = (ARCH_LABELS[_first.params.kind], ARCH_LABELS[_net.params.kind])
    return {
        "diagram": scene.scene(diagram_figures(_task, _net, _replay, _example, None, _big, _rolled), "vs-diagram"),
        "notes": [{"html": comparison_notes(_task, names, (first_replay, _replay), _example)}],
    }


def comparison(task, other, net, example, big: bool, rolled: bool) -> None:
    """The other architecture on the same input, its diagram stepping with the first (the same stepper group)."""
    st.markdown(
        f"**Side by side: the {ARCH_LABELS[other.params.kind]}** with the same task, units, seed and input. "
        "Both diagrams follow the stepper above."
    )
    views = comparison_views(task, other, other.replay(example.inputs), example, big, rolled, net)
    stepper.html_panel(K.vs_notes, GROUP, views["notes"], example.T, big=big)
    stepper.svg_panel(K.vs_diagram, GROUP, views["diagram"])


def step_views(task, net, replay, example, temperature: float | None, big: bool, rolled: bool) -> dict:
    """Every step's view of this sequence, built once (and shared by the sessions that show the same numbers)."""
    p, r = net.params, net.readout
    sig = stepper.signature(
        (task.id, p.kind, temperature, big, rolled, list(example.x_labels)),
        *(np.asarray(a) for a in (replay.trace.h, replay.logits, example.targets, p.W_xh, p.W_hh, p.b_xh, p.b_hh)),
        *(np.asarray(a) for a in (r.W_hy, r.b_y)),
    )
    return _step_views(sig, task, net, replay, example, temperature, big, rolled)


@st.cache_data(max_entries=64, show_spinner=False)
def _step_views(sig: str, _task, _net, _replay, _example, _temperature, _big, _rolled) -> dict:
    """The views for ``sig`` (the arguments after it are not hashed: ``sig`` stands for them)."""
    task, net, replay, example, big = _task, _net, _replay, _example, _big
    x_labels = list(example.x_labels)
    diagram = diagram_figures(task, net, replay, example, _temperature, big, _rolled)
    history = [history_heatmap(replay.trace.h, k, x_labels, big=big, c=replay.trace.c) for k in range(example.T)]
    return {
        "id": sig,
        "diagram": scene.scene(diagram, "ex-diagram"),
        "output": output_views(task, replay, example, x_labels, big, _temperature),
        "history": scene.scene(history, "ex-history"),
        "math": step_html.arithmetic(
            net.params.kind,
            x_labels,
            [step_terms(net.params, s) for s in replay.trace.steps],
            replay.trace.steps,
            replay.logits,
        ),
    }


def step_view(task, net, replay, example, temperature: float | None, other=None) -> None:
    """The stepper and the panels that follow its t; stepping happens in the browser (ui/components/stepper)."""
    big = present.is_on()
    rolled = bool(st.session_state.get(K.rolled))
    T = example.T
    views = step_views(task, net, replay, example, temperature, big, rolled)
    stepper.controls(K.stepper, K.t, T, group=GROUP, scene=views["id"], big=big, on_step=lambda t: urlstate.write(t=t))
    if rolled:
        c1, c2 = st.columns([1.4, 3], vertical_alignment="center")
        show(rolled_figure(net.params.kind, big=big), "rolled_fig", c1)
        c1.caption("Rolled: one cell and a loop. Unrolled: the same cell copied once per step.")
        stepper.svg_panel(K.diagram, GROUP, views["diagram"], c2)
    else:
        stepper.svg_panel(K.diagram, GROUP, views["diagram"])
    if other is not None:
        comparison(task, other, net, example, big, rolled)
    left, right = st.columns(2)
    out = views["output"]
    if "svg" in out:
        stepper.svg_panel(K.output, GROUP, out["svg"], left)
    else:
        stepper.html_panel(K.output, GROUP, [{"html": out["html"]}], T, left, big=big)
    stepper.svg_panel(K.history, GROUP, views["history"], right)
    stepper.html_panel(K.math, GROUP, views["math"], T, big=big)


def shapes_panel(task, net: NumpyNet) -> None:
    p, r = net.params, net.readout
    H, D, O, G = p.units, p.input_dim, r.W_hy.shape[0], len(p.gates)
    rows = weights(p.kind, D, H, O, None if net.E is None else net.E.shape[0])
    n_torch, n_lecture = sum(w.torch_count for w in rows), sum(w.lecture_count for w in rows)
    cell = ARCH_LABELS[p.kind]
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
    in_labels = list(task.vocab) if task.encoding == "onehot" else None
    out_labels = list(task.classes) if task.classes else None
    cols = st.columns(3)
    for g in p.gates:
        blk = p.gate(g)
        sfx = "" if G == 1 else f" · gate {g}"
        name_x = "W_xh" if G == 1 else f"W_x{g}"
        name_h = "W_hh" if G == 1 else f"W_h{g}"
        show(
            matrix_heatmap(blk["W_x"], f"{name_x}{sfx}: {H} x {D} as torch stores it", col_labels=in_labels),
            f"wx_{g}",
            cols[0],
        )
        show(matrix_heatmap(blk["W_h"], f"{name_h}{sfx}: {H} x {H}"), f"wh_{g}", cols[1])
    show(matrix_heatmap(r.W_hy, f"W_hy: {O} x {H} as torch stores it", row_labels=out_labels), "why", cols[2])


MODES = ["Read a sequence", "Sample at test time"]
RULES = [
    pagestate.Rule("seq", pagestate.one_of(TASK_IDS), TASK_IDS[0]),
    pagestate.Rule("arch", pagestate.one_of(rc.KINDS), rc.KINDS[0]),
    pagestate.Rule("seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("t", pagestate.whole(1, 10_000), 1),
    pagestate.Rule("mode", pagestate.one_of(MODES), MODES[0]),
    pagestate.Rule("rolled", pagestate.flag, False),
    pagestate.Rule("vs", pagestate.one_of((NO_COMPARISON, *rc.KINDS)), NO_COMPARISON),
    pagestate.Rule("use_custom", pagestate.flag, False),
    pagestate.Rule("sample_len", pagestate.whole(1, 20), 8),
    pagestate.Rule("sample_seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("temperature", lambda v: type(v) is float and 0.1 <= v <= 2.0, 1.0),
]  # units depend on the task: the picker puts them back to its default


def main() -> None:
    pagestate.enter(K, read_link)
    urlstate.show_notes(pagestate.link_notes(K) + pagestate.guard(K, RULES))
    st.title("Unroll an RNN")
    keep = pagestate.KEEP
    task = model_picker(
        K,
        task_of,
        on_task_change,
        task_help="What the network reads, one step at a time",
        seed_help="Fixes the initial weights: the same seed gives the same trained model in every classroom",
    )
    st.sidebar.toggle(
        "Show the rolled form",
        key=K.rolled,
        persist_state=keep,
        help="Draw the same network as one cell with a loop beside the unrolled diagram",
    )
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    others = [k for k in rc.KINDS if k != kind]
    if st.session_state.get(K.vs) not in others:
        st.session_state[K.vs] = NO_COMPARISON
    vs = st.sidebar.selectbox(
        "Compare with",
        [NO_COMPARISON, *others],
        key=K.vs,
        format_func=lambda k: "nothing" if k == NO_COMPARISON else ARCH_LABELS[k],
        persist_state=keep,
        help="A second architecture on the same input, its diagram under the first, stepping with it",
    )
    st.caption(
        "Step through time: at each step the same weights turn the previous hidden state and the new "
        f"input into the next, h_t = f_W(h_(t-1), x_t). {task.blurb}"
        + (f" In: x_t is {task.inputs}. Out: y_t is {task.outputs}." if task.inputs else "")
    )

    model = trained_model(task, kind, units, seed)
    net = model.net

    temperature = None  # sampling: the temperature the letters were drawn at
    mode = "Read a sequence"
    left, right = st.columns([3, 2], vertical_alignment="bottom") if "sample" in task.can else (st.container(), None)
    if right is not None:
        mode = right.radio(
            "Mode",
            ["Read a sequence", "Sample at test time"],
            key=K.mode,
            horizontal=True,
            persist_state=keep,
            help="At test time the model samples a character and feeds it back as the next input.",
        )
    if mode == "Sample at test time":
        s = st.columns(4)
        start = s[0].selectbox("Start with", task.vocab, key=K.sample_start, persist_state=keep)
        temp = s[1].slider(
            "Temperature",
            0.1,
            2.0,
            1.0,
            0.1,
            key=K.temperature,
            persist_state=keep,
            help="Below 1: more sure of the likeliest letter; above 1: more adventurous",
        )
        n = s[2].slider("Letters to sample", 1, 20, 8, key=K.sample_len, persist_state=keep)
        sseed = whole_number_input(s[3], "Sampling seed", 0, 9999, key=K.sample_seed, persist_state=keep)
        ids = sample(net, task.vocab.index(start), n, temp, sseed)
        st.markdown("Sampled: **" + md("".join(task.vocab[i] for i in ids)) + "**")
        st.caption(
            "Generation is one-to-many: one start letter, then each step's sampled output y_t is fed back as the "
            "next input x_(t+1). Each y_t box shows the letter drawn and its probability p_t = softmax(y_t / "
            f"{float(temp):g}); the bars show the whole distribution it was drawn from."
        )
        example = next_token_example(ids, task.vocab)
        temperature = float(temp)
    elif task.parse is None:  # nothing to type: the task's own example
        example = task.default
    else:
        key = text_key(task)
        if key not in st.session_state:
            st.session_state[key] = default_text(task)
        text = left.text_input(
            "Your own sequence",
            key=key,
            persist_state=keep,
            help="Type what the network should read. Unknown tokens are flagged.",
        )
        parsed = task.parse(text)
        if parsed.message:
            (st.warning if parsed.example is None or parsed.unknown else st.info)(md(parsed.message, 300))
        if parsed.example is None:
            st.stop()
        example = parsed.example
        if text != default_text(task):
            urlstate.write(text=text)
        else:
            st.query_params.pop("text", None)

    custom = False
    if "own_weights" in task.can and kind == "rnn" and units == 1:
        with st.expander("Type your own weights (W_xh, W_hh, b_h, W_hy, b_y)"):
            if st.toggle("Use my weights", key=K.use_custom, persist_state=keep):
                net = custom_scalar_net(net)
                custom = True
    urlstate.write(seq=task.id, arch=kind, units=units, seed=seed)
    other = None
    if vs != NO_COMPARISON and temperature is None:
        other = trained_model(task, vs, units, seed).net
        urlstate.write(vs=vs)
    else:
        st.query_params.pop("vs", None)
        if vs != NO_COMPARISON:
            st.caption("The comparison reads a sequence; while sampling, the letters come from one model.")
    if task.decode is not None and temperature is None:  # one-to-many: what the model says, its words fed back
        example = task.decode(net, example)
    replay = net.replay(example.inputs)
    t_url = st.session_state.pop(K.t_from_url, 1)
    if t_url > example.T:
        st.warning(
            f"`t={t_url}` is past the end of this sequence ({example.T} steps); showing step {example.T}.", icon="🔗"
        )
    step_view(task, net, replay, example, temperature, other)
    media.show(task, example, present.is_on())
    with st.expander("Weights and their shapes", expanded=False):
        shapes_panel(task, net)
    if task.note:
        st.caption(task.note)
    if custom:
        st.caption(f"Your weights, not the trained model's (seed {seed}): they have no held-out score.")
    else:
        st.caption(
            f"Model trained with seed {seed}: held-out accuracy {model.accuracy:.0%}; the baseline "
            f"({baselines.describe(task)}) gets {baselines.score(task):.0%}."
        )


main()
