"""What the explorer's model reads, and its controls: the typed sequence or the task's own example, letters sampled at
test time (one-to-many, each fed back as the next input), and the 1x1 RNN's typed weights."""

from __future__ import annotations

import streamlit as st

from rnn_core.sampling import sample
from rnn_core.tasks import next_token_example
from ui import present
from ui.explorer.own_weights import custom_scalar_net
from ui.explorer.state import MODES, VIEW, text_key
from ui.explorer.trained import default_text
from ui.safe import md, unformatted

K = VIEW.K


def read_input(task, net, reveal: bool, shown: bool):
    """The sequence the model reads: the typed text, the task's own example, or letters sampled at test time.
    Returns the example and the sampling temperature (None when reading). Writes the input's part of the URL."""
    sampling = "sample" in task.can and st.session_state.get(K.mode) == MODES[1]
    left, right = present.columns(present.controls(), [3, 2], vertical_alignment="bottom") if shown else (None, None)
    if shown and "sample" in task.can:
        sampling = VIEW.draw("mode", right) == MODES[1]
    if sampling:
        return sampled_input(task, net, reveal, shown), float(st.session_state[K.temperature])
    VIEW.write(mode=None, sample_start=None, temperature=None, sample_len=None, sample_seed=None)
    if task.parse is None:  # nothing to type: the task's own example
        return task.default, None
    key = text_key(task)
    if key not in st.session_state:
        st.session_state[key] = default_text(task)
    if shown:
        VIEW.draw(
            "text",
            left,
            key=key,
            label="Your own sequence",
            help="Type what the network should read. Unknown tokens are flagged.",
        )
    text = st.session_state[key]
    parsed = task.parse(unformatted(text) if isinstance(text, str) else default_text(task))
    if parsed.message:
        (st.warning if parsed.example is None or parsed.unknown else st.info)(md(parsed.message, 300))
    if parsed.example is None:
        st.stop()
    VIEW.write(text=text if text != default_text(task) else None)
    return parsed.example, None


def sampled_input(task, net, reveal: bool, shown: bool):
    """Letters sampled at test time from the start letter, each fed back as the next input (one-to-many)."""
    if st.session_state.get(K.sample_start) not in task.vocab:
        st.session_state[K.sample_start] = task.vocab[0]
    VIEW.keep_defaults("temperature", "sample_len", "sample_seed")
    where = present.controls()
    if shown:
        s = present.columns(where, 4)
        VIEW.draw("sample_start", s[0], ctx=task)
        VIEW.draw("temperature", s[1])
        VIEW.draw("sample_len", s[2])
        VIEW.draw("sample_seed", s[3])
    start, temp = st.session_state[K.sample_start], float(st.session_state[K.temperature])
    n, sseed = int(st.session_state[K.sample_len]), int(st.session_state[K.sample_seed])
    ids = sample(net, task.vocab.index(start), n, temp, sseed)
    VIEW.write(mode=MODES[1], sample_start=start, temperature=temp, sample_len=n, sample_seed=sseed, text=None)
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
        if VIEW.draw("use_custom"):
            return custom_scalar_net(net, K)
    return None
