"""The unrolled-diagram explorer: step through time and watch the hidden state (url path ``unroll``)."""

from __future__ import annotations

import streamlit as st

import rnn_core as rc
from rnn_core.params import ARCH_LABELS
from rnn_core.sampling import sample
from rnn_core.tasks import TASK_IDS, baselines, next_token_example
from ui import media, pagestate, present, urlstate
from ui.explorer import custom_scalar_net, default_text, shapes_panel, step_view, task_of, trained_model
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
                net = custom_scalar_net(net, K)
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
    step_view(
        task, net, replay, example, temperature, other, K=K, group=GROUP, rolled=bool(st.session_state.get(K.rolled))
    )
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
