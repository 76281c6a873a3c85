"""The unrolled-diagram explorer: step through time and watch the hidden state (url path ``unroll``)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.cnn import CNN, ENCODERS, cnn_kind
from rnn_core.sampling import sample
from rnn_core.tasks import TASK_IDS, baselines, next_token_example
from rnn_core.window import DEFAULT_K, K_CHOICES, WINDOW, window_kind
from ui import cnn_views, downloads, media, pagestate, present, share, urlstate, window_views
from ui.explorer import WEIGHT_LIMIT, custom_scalar_net, default_text, shapes_panel, step_view, task_of, trained_model
from ui.numbers import whole_number_input
from ui.picker import model_picker
from ui.safe import md
from viz import labels

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
    "k",
    "enc",
)
GROUP = "ex"  # the stepper's group: its controls and panels share one step t
NO_COMPARISON = "none"
ARCHS = (*rc.KINDS, WINDOW)  # the three recurrent cells and the fixed-window feedforward (window size k in the URL)


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
        ARCHS,
        extra=[
            urlstate.Param("t", 1, urlstate.int_in(1, 10_000), "time step"),
            urlstate.Param("k", DEFAULT_K, urlstate.int_in(K_CHOICES[0], K_CHOICES[-1]), "window size"),
            urlstate.Param("enc", "flat", urlstate.choice(tuple(ENCODERS)), "encoder"),
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
    out = {name: values[name] for name in ("seq", "arch", "seed", "units", "t", "vs", "rolled", "reveal", "k", "enc")}
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
    pagestate.Rule("arch", pagestate.one_of(ARCHS), rc.KINDS[0]),
    pagestate.Rule("k", pagestate.one_of(K_CHOICES), DEFAULT_K),
    pagestate.Rule("enc", pagestate.one_of(tuple(ENCODERS)), "flat"),
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
        kinds=ARCHS,
        labels={WINDOW: labels.WINDOW},
        arch_help=ARCH_HELP,
    )
    window = st.session_state[K.arch] == WINDOW
    if window:
        window_size_slider(hidden="picker" in hide)
    elif task.image_shape and "picker" not in hide:
        present.controls().radio(
            "Encoder",
            tuple(ENCODERS),
            key=K.enc,
            format_func=ENCODERS.get,
            horizontal=True,
            persist_state=keep,
            help="How each frame or image becomes x_t: flat (its pixels as one vector) or a small CNN (two Conv2d "
            "layers, trained with the cell) before the recurrent cell: the lecture's CNN + RNN combination.",
        )
    cnn = bool(task.image_shape) and not window and st.session_state.get(K.enc) == CNN
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    others = [k for k in rc.KINDS if k != kind]
    if window or st.session_state.get(K.vs) not in others:
        st.session_state[K.vs] = NO_COMPARISON
    if window:  # no recurrence: nothing to roll up, and the comparison draws recurrent cells
        st.session_state[K.rolled] = False
    if "options" not in hide and not window:
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
            format_func=lambda k: "nothing" if k == NO_COMPARISON else labels.ARCH[k],
            persist_state=keep,
            help="A second architecture on the same input, its diagram under the first, stepping with it",
        )
    vs, rolled, reveal = st.session_state[K.vs], bool(st.session_state[K.rolled]), bool(st.session_state[K.reveal])
    present.controls().caption(  # in projector mode with the picker, so the diagram comes first
        (
            window_views.intro(int(st.session_state[K.k]))
            if window
            else "Step through time: at each step the same weights turn the previous hidden state and the new "
            "input into the next, h_t = f_W(h_(t-1), x_t)."
        )
        + f" {task.blurb}"
        + (f" In: x_t is {task.inputs}. Out: y_t is {task.outputs}." if task.inputs else "")
    )

    k = int(st.session_state[K.k])
    model = trained_model(task, window_kind(k) if window else (cnn_kind(kind) if cnn else kind), units, seed)
    net = model.net
    example, temperature = read_input(task, net, reveal, shown="input" not in hide)

    custom = False
    if "own_weights" in task.can and kind == "rnn" and units == 1:
        typed = own_weights(net, hidden="input" in hide)
        custom = typed is not None
        net = typed or net
    urlstate.write(seq=task.id, arch=kind, units=units, seed=seed, k=k if window else None, enc=CNN if cnn else None)
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
    if cnn:
        st.markdown("**What the CNN makes of the input at step t** (the last layer's maps, flattened, are x_t)")
        cnn_views.maps_panel(net, example, present.is_on(), K("maps"), GROUP)
    media.show(task, example, present.is_on())
    if task.image_shape:
        with st.expander("Flat pixels or a CNN: which encoder does this task need?", expanded=cnn):
            cnn_views.scores_panel(task, present.is_on(), K("encoders"))
    with st.expander("Window or RNN: what does this task need?", expanded=window):
        window_views.needs_panel(task, present.is_on(), K("needs"))
    if "shapes" not in hide:
        with st.expander("Weights and their shapes", expanded=window):
            (window_views.shapes_panel if window else shapes_panel)(task, net)
        if not (window or cnn):  # the model file holds a recurrent cell (docs/model-format.md)
            meta = downloads.typed_meta(task) if custom else downloads.meta_for(task, seed, model.accuracy)
            downloads.explorer_downloads(task, net, replay, example, meta, K)
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


ARCH_HELP = (
    "Vanilla RNN: h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h). LSTM and GRU add gates. Window: a feedforward "
    "network that sees only the last k inputs, a_t = tanh(W_1 [x_(t-k+1); ...; x_t] + b_1), and nothing before them."
)


def window_size_slider(hidden: bool) -> None:
    """The window size k of the fixed-window model (``k`` in the URL)."""
    if hidden:
        return
    present.controls().select_slider(
        "Window size k",
        K_CHOICES,
        key=K.k,
        persist_state=pagestate.KEEP,
        help="How many of the last inputs the feedforward network sees at each step. W_1 grows with k; "
        "anything further back is never seen.",
    )


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
    left, right = present.columns(present.controls(), [3, 2], vertical_alignment="bottom") if shown else (None, None)
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
    where = present.controls()
    if shown:
        s = present.columns(where, 4)
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
        where.markdown("Sampled: **" + md("".join(task.vocab[i] for i in ids)) + "**")
    where.caption(
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
    with present.controls().expander("Type your own weights (W_xh, W_hh, b_h, W_hy, b_y)", expanded=on):
        if st.toggle("Use my weights", key=K.use_custom, persist_state=pagestate.KEEP):
            return custom_scalar_net(net, K)
    return None


main()
