"""The unrolled-diagram explorer: step through time and watch the hidden state (url path ``unroll``).

Its view (every part a link holds) is ``ui.explorer.state.VIEW``; its panels are ``ui.explorer``'s.
"""

from __future__ import annotations

import streamlit as st

import rnn_core as rc
from rnn_core.cnn import CNN, cnn_kind
from rnn_core.tasks import baselines
from rnn_core.window import WINDOW, window_kind
from ui import downloads, media, present, share
from ui.explorer import cnn as cnn_views
from ui.explorer import window as window_views
from ui.explorer.own_weights import typed_in_url
from ui.explorer.reading import own_weights, read_input
from ui.explorer.shapes import shapes_panel
from ui.explorer.state import GROUP, MODES, NO_COMPARISON, VIEW, from_link
from ui.explorer.trained import baseline_score, task_of, trained_model
from ui.explorer.views import step_view
from ui.picker import model_picker
from ui.schema import show_notes

K = VIEW.K


def on_task_change() -> None:
    task = task_of(st.session_state[K.seq])
    st.session_state[K.units] = task.default_units
    st.session_state[K.t] = 1
    st.session_state[K.mode] = MODES[0]


def model_controls(task, hide: frozenset[str]) -> tuple[bool, bool]:
    """The window size (a window model) or the encoder (a task with images); returns (window, cnn)."""
    window = st.session_state[K.arch] == WINDOW
    if window and "picker" not in hide:
        VIEW.draw("k", present.controls())
    elif task.image_shape and not window and "picker" not in hide:
        VIEW.draw("enc", present.controls())
    cnn = bool(task.image_shape) and not window and st.session_state.get(K.enc) == CNN
    return window, cnn


def switches(kind: str, window: bool, hide: frozenset[str]) -> tuple[str, bool, bool]:
    """The sidebar's rolled form, predict-then-reveal and comparison; returns (vs, rolled, reveal)."""
    others = [k for k in rc.KINDS if k != kind]
    if window or st.session_state.get(K.vs) not in others:
        st.session_state[K.vs] = NO_COMPARISON
    if window:  # no recurrence: nothing to roll up, and the comparison draws recurrent cells
        st.session_state[K.rolled] = False
    if "options" not in hide and not window:
        VIEW.draw("rolled", st.sidebar)
        VIEW.draw("reveal", st.sidebar)
        VIEW.draw("vs", st.sidebar, options=[NO_COMPARISON, *others])
    return st.session_state[K.vs], bool(st.session_state[K.rolled]), bool(st.session_state[K.reveal])


def intro(task, window: bool) -> None:
    present.controls().caption(  # in projector mode with the picker, so the diagram comes first
        (
            window_views.intro(int(st.session_state[K.k]))
            if window
            else "Step through time: at each step the same weights turn the previous hidden state and the new "
            "input into the next, h_t = f_W(h_(t-1), x_t)."
        )
        + f" {task.blurb}"
        + (f" In: x_t is {task.inputs}. Out: y_t is {task.outputs}." if task.inputs else "")
        + f" {window_views.one_input_line(task)}"
    )


def comparison_model(task, vs: str, units: int, seed: int, temperature):
    """The other architecture's model, when comparing while reading a sequence."""
    if vs != NO_COMPARISON and temperature is None:
        VIEW.write(vs=vs)
        return trained_model(task, vs, units, seed).net
    VIEW.write(vs=None)
    if vs != NO_COMPARISON:
        st.caption("The comparison reads a sequence; while sampling, the letters come from one model.")
    return None


def panels(task, net, model, replay, example, window: bool, cnn: bool, custom: bool, hide: frozenset[str]) -> None:
    """What follows the stepper: the CNN's maps, the task's media, what it needs, the weights, the scores."""
    seed = int(st.session_state[K.seed])
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
            f"({baselines.describe(task)}) gets {baseline_score(task.id):.0%}."
        )


def main() -> None:
    VIEW.enter(from_link)
    show_notes(VIEW.link_notes() + VIEW.guard())
    hide = share.flags()
    st.title("Unroll an RNN")
    task = model_picker(VIEW, task_of, on_task_change, hidden=hide)
    window, cnn = model_controls(task, hide)
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    vs, rolled, reveal = switches(kind, window, hide)
    intro(task, window)
    k = int(st.session_state[K.k])
    model = trained_model(task, window_kind(k) if window else (cnn_kind(kind) if cnn else kind), units, seed)
    net = model.net
    example, temperature = read_input(task, net, reveal, shown="input" not in hide)
    custom = False
    if "own_weights" in task.can and kind == "rnn" and units == 1:
        typed = own_weights(net, hidden="input" in hide)
        custom = typed is not None
        net = typed or net
    VIEW.write(seq=task.id, arch=kind, units=units, seed=seed, k=k if window else None, enc=CNN if cnn else None)
    VIEW.write(rolled=rolled, reveal=reveal, w=typed_in_url(net) if custom else None)
    other = comparison_model(task, vs, units, seed, temperature)
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
    panels(task, net, model, replay, example, window, cnn, custom, hide)
    share.panel(VIEW)


main()
