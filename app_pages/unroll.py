"""The unrolled-diagram explorer: step through time and watch the hidden state (url path ``unroll``)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.params import ARCH_LABELS
from rnn_core.sampling import sample
from rnn_core.tasks import TASK_IDS, baselines, next_token_example
from ui import media, pagestate, present, share, urlstate
from ui.explorer import WEIGHT_LIMIT, custom_scalar_net, default_text, shapes_panel, step_view, task_of, trained_model
from ui.numbers import whole_number_input
from ui.picker import model_picker
from ui.safe import md

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
    "reveal",
    "weights_from_url",
)
GROUP = "ex"  # the stepper's group: its controls and panels share one step t
NO_COMPARISON = "none"


def text_key(task) -> str:
    return K(f"text_{task.id}")


MODES = ["Read a sequence", "Sample at test time"]
MODE_IN_URL = dict(zip(("read", "sample"), MODES, strict=True))
WEIGHT_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")
WEIGHT_KEYS = ("w_xh", "w_hh", "b_h", "w_hy", "b_y")
HIDEABLE = {
    "picker": "Sequence, architecture and units",
    "seed": "The seed",
    "input": "The sequence box, the mode and the sampling settings",
    "options": "Rolled form, predict-then-reveal and comparison switches",
    "shapes": "The weights and their shapes",
}


def read_link() -> tuple[dict, list[str]]:
    """The view a link names: task, architecture, units, seed, step, mode with its sampling settings, the typed
    sequence, the switches (rolled form, predict-then-reveal, comparison) and typed 1x1 weights."""
    values, notes = urlstate.read_model_view(
        task_of,
        TASK_IDS,
        rc.KINDS,
        extra=[
            urlstate.Param("t", 1, urlstate.int_in(1, 10_000), "time step"),
            urlstate.Param("vs", NO_COMPARISON, urlstate.choice((NO_COMPARISON, *rc.KINDS)), "architecture to compare"),
            urlstate.Param("mode", "read", urlstate.choice(tuple(MODE_IN_URL)), "mode"),
            urlstate.Param("temp", 1.0, urlstate.decimal_in(0.1, 2.0, 0.1), "temperature"),
            urlstate.Param("n", 8, urlstate.int_in(1, 20), "number of letters to sample"),
            urlstate.Param("sseed", 0, urlstate.int_in(0, 9999), "sampling seed"),
            urlstate.Param("rolled", False, urlstate.flag, "rolled-form switch"),
            urlstate.Param("reveal", False, urlstate.flag, "predict-then-reveal switch"),
            urlstate.Param("w", None, urlstate.decimals(WEIGHT_NAMES, WEIGHT_LIMIT), "set of typed weights"),
        ],
        per_task=lambda task: (
            [urlstate.Param("start", None, urlstate.exact(task.vocab, "start letters"), "start letter")]
            if "sample" in task.can
            else []
        ),
    )
    task = task_of(values["seq"])
    out = {name: values[name] for name in ("seq", "arch", "seed", "units", "t", "vs", "rolled", "reveal")}
    out |= {"t_from_url": values["t"], "mode": MODE_IN_URL[values["mode"]] if "sample" in task.can else MODES[0]}
    out |= {"temperature": values["temp"], "sample_len": values["n"], "sample_seed": values["sseed"]}
    if values.get("start") is not None:
        out["sample_start"] = values["start"]
    if values["w"] is not None:
        out |= dict(zip(WEIGHT_KEYS, values["w"], strict=True)) | {"use_custom": True, "weights_from_url": True}
    text = st.query_params.get("text")
    if text is not None:
        out[f"text_{task.id}"] = text[: task.max_len * 20]
    return out, notes


def on_task_change() -> None:
    task = task_of(st.session_state[K.seq])
    st.session_state[K.units] = task.default_units
    st.session_state[K.t] = 1
    st.session_state[K.mode] = "Read a sequence"


RULES = [
    pagestate.Rule("seq", pagestate.one_of(TASK_IDS), TASK_IDS[0]),
    pagestate.Rule("arch", pagestate.one_of(rc.KINDS), rc.KINDS[0]),
    pagestate.Rule("seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("t", pagestate.whole(1, 10_000), 1),
    pagestate.Rule("mode", pagestate.one_of(MODES), MODES[0]),
    pagestate.Rule("rolled", pagestate.flag, False),
    pagestate.Rule("reveal", pagestate.flag, False),
    pagestate.Rule("vs", pagestate.one_of((NO_COMPARISON, *rc.KINDS)), NO_COMPARISON),
    pagestate.Rule("use_custom", pagestate.flag, False),
    pagestate.Rule("sample_len", pagestate.whole(1, 20), 8),
    pagestate.Rule("sample_seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("temperature", lambda v: type(v) is float and 0.1 <= v <= 2.0, 1.0),
]  # units depend on the task: the picker puts them back to its default


def main() -> None:
    pagestate.enter(K, read_link)
    urlstate.show_notes(pagestate.link_notes(K) + pagestate.guard(K, RULES))
    hide = share.flags()
    st.title("Unroll an RNN")
    keep = pagestate.KEEP
    task = model_picker(
        K,
        task_of,
        on_task_change,
        task_help="What the network reads, one step at a time",
        seed_help="Fixes the initial weights: the same seed gives the same trained model in every classroom",
        hidden=hide,
    )
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    others = [k for k in rc.KINDS if k != kind]
    if st.session_state.get(K.vs) not in others:
        st.session_state[K.vs] = NO_COMPARISON
    if "options" not in hide:
        st.sidebar.toggle(
            "Show the rolled form",
            key=K.rolled,
            persist_state=keep,
            help="Draw the same network as one cell with a loop beside the unrolled diagram",
        )
        st.sidebar.toggle(
            "Predict, then reveal",
            key=K.reveal,
            persist_state=keep,
            help="Hide the steps after t (their inputs, states and outputs), so the class can guess the next one "
            "before you step",
        )
        st.sidebar.selectbox(
            "Compare with",
            [NO_COMPARISON, *others],
            key=K.vs,
            format_func=lambda k: "nothing" if k == NO_COMPARISON else ARCH_LABELS[k],
            persist_state=keep,
            help="A second architecture on the same input, its diagram under the first, stepping with it",
        )
    vs, rolled, reveal = st.session_state[K.vs], bool(st.session_state[K.rolled]), bool(st.session_state[K.reveal])
    st.caption(
        "Step through time: at each step the same weights turn the previous hidden state and the new "
        f"input into the next, h_t = f_W(h_(t-1), x_t). {task.blurb}"
        + (f" In: x_t is {task.inputs}. Out: y_t is {task.outputs}." if task.inputs else "")
    )

    model = trained_model(task, kind, units, seed)
    net = model.net
    example, temperature = read_input(task, net, reveal, shown="input" not in hide)

    custom = False
    if "own_weights" in task.can and kind == "rnn" and units == 1:
        typed = own_weights(net, hidden="input" in hide)
        custom = typed is not None
        net = typed or net
    urlstate.write(seq=task.id, arch=kind, units=units, seed=seed)
    urlstate.write(rolled=urlstate.on_or_none(rolled), reveal=urlstate.on_or_none(reveal))
    urlstate.write(w=typed_in_url(net) if custom else None)
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
    if reveal:
        st.caption("Predict, then reveal: the steps after t are hidden. Guess the next one, then step (→).")
    step_view(task, net, replay, example, temperature, other, K=K, group=GROUP, rolled=rolled, reveal=reveal)
    media.show(task, example, present.is_on())
    if "shapes" not in hide:
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
    share.panel("ex", HIDEABLE)


def typed_in_url(net) -> str:
    """The 1x1 RNN's five weights as the link keeps them: shortest decimals that read back exactly."""
    p, r = net.params, net.readout
    w = (p.W_xh[0, 0], p.W_hh[0, 0], p.b_h[0], r.W_hy[0, 0], r.b_y[0])
    return ",".join(np.format_float_positional(float(v), unique=True, trim="-") for v in w)


def read_input(task, net, reveal: bool, shown: bool):
    """The sequence the model reads: the typed text, the task's own example, or letters sampled at test time.
    Returns the example and the sampling temperature (None when reading). Writes the input's part of the URL."""
    keep = pagestate.KEEP
    sampling = "sample" in task.can and st.session_state.get(K.mode) == MODES[1]
    left, right = st.columns([3, 2], vertical_alignment="bottom") if shown else (None, None)
    if shown and "sample" in task.can:
        sampling = (
            right.radio(
                "Mode",
                MODES,
                key=K.mode,
                horizontal=True,
                persist_state=keep,
                help="At test time the model samples a character and feeds it back as the next input.",
            )
            == MODES[1]
        )
    if sampling:
        return sampled_input(task, net, reveal, shown), float(st.session_state[K.temperature])
    urlstate.write(mode=None, start=None, temp=None, n=None, sseed=None)
    if task.parse is None:  # nothing to type: the task's own example
        return task.default, None
    key = text_key(task)
    if key not in st.session_state:
        st.session_state[key] = default_text(task)
    if shown:
        left.text_input(
            "Your own sequence",
            key=key,
            persist_state=keep,
            help="Type what the network should read. Unknown tokens are flagged.",
        )
    text = st.session_state[key]
    parsed = task.parse(text if isinstance(text, str) else default_text(task))
    if parsed.message:
        (st.warning if parsed.example is None or parsed.unknown else st.info)(md(parsed.message, 300))
    if parsed.example is None:
        st.stop()
    urlstate.write(text=text if text != default_text(task) else None)
    return parsed.example, None


def sampled_input(task, net, reveal: bool, shown: bool):
    """Letters sampled at test time from the start letter, each fed back as the next input (one-to-many)."""
    keep = pagestate.KEEP
    if st.session_state.get(K.sample_start) not in task.vocab:
        st.session_state[K.sample_start] = task.vocab[0]
    for key, default in ((K.temperature, 1.0), (K.sample_len, 8), (K.sample_seed, 0)):
        st.session_state.setdefault(key, default)
    if shown:
        s = st.columns(4)
        s[0].selectbox("Start with", task.vocab, key=K.sample_start, persist_state=keep)
        s[1].slider(
            "Temperature",
            0.1,
            2.0,
            step=0.1,
            key=K.temperature,
            persist_state=keep,
            help="Below 1: more sure of the likeliest letter; above 1: more adventurous",
        )
        s[2].slider("Letters to sample", 1, 20, key=K.sample_len, persist_state=keep)
        whole_number_input(s[3], "Sampling seed", 0, 9999, key=K.sample_seed, persist_state=keep)
    start, temp = st.session_state[K.sample_start], float(st.session_state[K.temperature])
    n, sseed = int(st.session_state[K.sample_len]), int(st.session_state[K.sample_seed])
    ids = sample(net, task.vocab.index(start), n, temp, sseed)
    urlstate.write(mode="sample", start=start, temp=f"{temp:g}", n=n, sseed=sseed, text=None)
    if not reveal:
        st.markdown("Sampled: **" + md("".join(task.vocab[i] for i in ids)) + "**")
    st.caption(
        "Generation is one-to-many: one start letter, then each step's sampled output y_t is fed back as the "
        "next input x_(t+1). Each y_t box shows the letter drawn and its probability p_t = softmax(y_t / "
        f"{temp:g}); the bars show the whole distribution it was drawn from."
    )
    return next_token_example(ids, task.vocab)


def own_weights(net, hidden: bool):
    """The 1x1 RNN with weights a person types ("Use my weights", on when the link holds weights), or None."""
    if hidden:
        return custom_scalar_net(net, K, draw=False) if st.session_state.get(K.use_custom) else None
    on = bool(st.session_state.get(K.use_custom))
    with st.expander("Type your own weights (W_xh, W_hh, b_h, W_hy, b_y)", expanded=on):
        if st.toggle("Use my weights", key=K.use_custom, persist_state=pagestate.KEEP):
            return custom_scalar_net(net, K)
    return None


main()
