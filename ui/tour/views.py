"""The lecture tour's live views: each stop (``ui.tour.stops``) draws one with the other pages' own builders.

``VIEWS[name](ctx, **settings)`` draws the view and returns the links that reopen it in its full page, each
``(label, url)``. Every model is the one the explorer opens by default (``task.default_units``, seed 0), stored in
``models/``: nothing trains on a tour visit, and stepping happens in the browser. Session keys and the stepper
group come from ``ctx``, so every stop keeps its own step t and leaves the URL's ``t`` alone (``url=None``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.mappings import MAPPINGS
from rnn_core.sampling import sample
from rnn_core.tasks import next_token_example
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from rnn_core.window import window_kind
from ui import media
from ui.charts import show
from ui.choices import option_row
from ui.explorer import state as explorer_page
from ui.explorer.shapes import shapes_panel
from ui.explorer.trained import default_text, task_of, trained_model
from ui.explorer.views import step_view
from ui.fluent import state as window_page
from ui.fluent import views as fluent
from ui.quiz import state as quiz
from ui.quiz.pictures import LETTERS, SMALL_PX, letter, mapping_picture
from ui.safe import md
from ui.schema import Field, Keys, state_field
from ui.training import state as training
from ui.training.backward import backward_view, initial_flow
from ui.values import one_of
from viz import labels

SEED = 0  # the stored models' seed: every view opens on a model already trained
KEY_NAMES = (
    "stepper",
    "t",
    "diagram",
    "output",
    "history",
    "math",
    "vs_notes",
    "vs_diagram",
    "words",
    "bt",
    "bt_stepper",
    "bt_diagram",
    "bt_norms",
    "bt_words",
    "pick",
)

Link = tuple[str, str]  # (label, relative URL with the view in its query string)


@dataclass(frozen=True)
class Ctx:
    """Where a stop draws: its session keys (``tour_<id>_...``), its stepper group, projector mode, and whether
    its answer is revealed (views that hold something back until then show it)."""

    K: Keys
    group: str
    big: bool
    revealed: bool


def keys(prefix: str) -> Keys:
    """A stop's session keys: the names every view below may use, under the stop's own prefix."""
    return Keys(prefix, *KEY_NAMES)


def explorer_link(task, arch: str, **more) -> Link:
    return "Open in the explorer", explorer_page.VIEW.link(
        seq=task.id, arch=arch, units=task.default_units, seed=SEED, **more
    )


def read_example(task, net):
    """The sequence the explorer reads by default: the task's own text, parsed as typed (or its own example when
    nothing can be typed); for one-to-many, what the model generates from its first input."""
    example = task.default if task.parse is None else task.parse(default_text(task)).example
    return task.decode(net, example) if task.decode is not None else example


# --- the views ----------------------------------------------------------------------------------------------------


def explorer(
    ctx: Ctx, seq: str, arch: str = "rnn", rolled: bool = False, reveal: bool = False, media_panel: str | None = None
) -> list[Link]:
    """The explorer's stepper on the default model of ``seq``: the unrolled diagram (beside the rolled form when
    ``rolled``; the steps after t hidden when ``reveal``), the outputs, the hidden-state history, each step's
    arithmetic, and what the task lets you see or hear (``media_panel``: "above" or "below" the stepper)."""
    task = task_of(seq)
    net = trained_model(task, arch, task.default_units, SEED).net
    example = read_example(task, net)
    if media_panel == "above":
        media.show(task, example, ctx.big)
    step_view(
        task,
        net,
        net.replay(example.inputs),
        example,
        None,
        K=ctx.K,
        group=ctx.group,
        rolled=rolled,
        reveal=reveal,
        url=None,
    )
    if media_panel == "below":
        media.show(task, example, ctx.big)
    flags = {name: True for name, on in (("rolled", rolled), ("reveal", reveal)) if on}
    return [explorer_link(task, arch, **flags)]


def sequences(ctx: Ctx, options: Sequence[str], labels: Sequence[str]) -> list[Link]:
    """One of the lecture's sequential problems at a time, picked with the keys 1, 2, ...; the explorer on it."""
    pick = st.session_state.get(ctx.K.pick)
    pick = pick if pick in options else options[0]

    def choose(option) -> None:
        if option in options:  # a forged click on anything else changes nothing
            st.session_state[ctx.K.pick] = option

    option_row(
        options,
        labels,
        key=lambda o: ctx.K(f"pick_{o}"),
        on_pick=choose,
        shortcuts=[str(i + 1) for i in range(len(options))],
        chosen=pick,
        helps=[md(task_of(o).blurb) for o in options],
    )
    task = task_of(pick)
    st.caption(md(f"In: x_t is {task.inputs}. Out: y_t is {task.outputs}.", 400))
    return explorer(ctx, pick, media_panel="below")


def fluent_window(ctx: Ctx, k: int) -> list[Link]:
    """/window's sentence with the window of ``k`` words framed; what each model answers once revealed."""
    demo = fluent.demo_for(SEED)
    a = demo.analyse(LECTURE_SENTENCE)
    fluent.sentence_section(a, k, ctx.big, key=ctx.K("sentence"))
    if ctx.revealed:
        fluent.answers_section(a, [window_kind(k), *RNN_KINDS], demo.chance, ctx.big, key=ctx.K("answers"))
    else:
        st.caption("What each model answers is shown with the answer.")
    return [("Open in Window vs RNN", window_page.VIEW.link(k=k, seed=SEED))]


def memory(ctx: Ctx, arch: str, k: int, reveal: bool = False) -> list[Link]:
    """/window's stepper: ``arch`` reads the lecture's sentence word by word (the words after t hidden when
    ``reveal``); once the answer is revealed, held-out accuracy against the distance from the country to the blank,
    for the window of ``k`` words and the three cells."""
    demo = fluent.demo_for(SEED)
    a = demo.analyse(LECTURE_SENTENCE)
    fluent.step_view(demo, a, arch, ctx.big, K=ctx.K, group=ctx.group, url=None, reveal=reveal)
    if ctx.revealed:
        show(fluent.distance_figure(demo, k, a, ctx.big), ctx.K("distance"))
        said = {m: max(a.predictions[m], key=a.predictions[m].get) for m in RNN_KINDS}
        st.caption(
            "On this sentence: " + "; ".join(f"the {labels.ARCH[m]} says {said[m]}" for m in RNN_KINDS) + ". "
            f"The curve: {len(demo.data.by_distance):,} sentences none of them saw in training."
        )
    return [
        (
            "Open in Window vs RNN",
            window_page.VIEW.link(k=k, arch=arch, seed=SEED, reveal=reveal or None),
        ),
        explorer_link(task_of("chars"), arch, vs="gru" if arch != "gru" else "lstm"),
    ]


def shapes(ctx: Ctx, seq: str, then: str) -> list[Link]:
    """The explorer's weight-shapes table and matrices for ``seq``'s vanilla RNN; once revealed, ``then``'s too."""
    shown = (seq, then) if ctx.revealed else (seq,)
    for task_id in shown:
        task = task_of(task_id)
        net = trained_model(task, "rnn", task.default_units, SEED).net
        st.markdown(f"**{md(task.title)}**:")
        shapes_panel(task, net, ctx.K(f"{task_id}_"))
    return [explorer_link(task_of(seq), "rnn"), ("Quiz: weight shapes", quiz.VIEW.link(mode="shapes"))]


def sampling(ctx: Ctx, seq: str, start: str, n: int, temperature: float, sample_seed: int) -> list[Link]:
    """The explorer's sampling at test time: ``n`` letters drawn after ``start`` at ``temperature``, each fed back
    as the next x_t; the letters after t hidden, and the whole sample shown once revealed."""
    task = task_of(seq)
    net = trained_model(task, "rnn", task.default_units, SEED).net
    ids = sample(net, task.vocab.index(start), n, temperature, sample_seed)
    if ctx.revealed:
        st.markdown("Sampled: **" + md("".join(task.vocab[i] for i in ids)) + "**")
    example = next_token_example(ids, task.vocab)
    replay = net.replay(example.inputs)
    step_view(task, net, replay, example, temperature, K=ctx.K, group=ctx.group, reveal=True, url=None)
    more = {"mode": explorer_page.MODES[1], "sample_start": start, "sample_len": n, "temperature": temperature}
    more |= {"sample_seed": sample_seed}
    return [explorer_link(task, "rnn", **more, reveal=True)]


def pictures(ctx: Ctx, named: bool = True) -> None:
    """The four mappings as the quiz draws them (with the explorer's diagram builder), two to a row, lettered A to
    D and, when ``named``, named."""
    cols = st.columns(2)
    for i, m in enumerate(MAPPINGS):
        title = letter(i, m if named else None)
        fig = mapping_picture(m, 4, True, f"tour:{m}", big=ctx.big, width=SMALL_PX[ctx.big], title=title)
        show(fig, ctx.K(f"map_{i}"), cols[i % 2], width="content")


def mappings(ctx: Ctx) -> list[Link]:
    """The four mappings, each named."""
    pictures(ctx)
    return [("Quiz: diagrams", quiz.VIEW.link(mode="diagrams"))]


def choose(ctx: Ctx, ids: Sequence[str]) -> list[Link]:
    """Problems from the quiz's bank above the four mapping pictures, lettered; once revealed, each problem's
    network, mapping and the reason, and each picture's name."""
    bank = quiz.scenarios_by_id()
    for n, sid in enumerate(ids, start=1):
        s = bank[sid]
        with st.container(border=True):
            st.markdown(f"**{n}.** {md(s.scenario)}")
            if ctx.revealed:
                mapping = s.mapping or "one-to-one"
                st.markdown(
                    f"**{labels.NETWORKS[s.network]}, {mapping}: picture {LETTERS[MAPPINGS.index(mapping)]}.** "
                    + md(s.explanation)
                )
    pictures(ctx, named=ctx.revealed)
    return [("Quiz: which network?", quiz.VIEW.link(mode="scenarios"))]


def backward(ctx: Ctx, seq: str, arch: str) -> list[Link]:
    """/training's backward pass at the initial weights (its step 0), one backward step at a time with the keys;
    once revealed, how much of the gradient reached the first step."""
    task = task_of(seq)
    flow = initial_flow(task.id, arch, task.default_units, SEED)
    backward_view(task, arch, flow, ctx.big, K=ctx.K, group=ctx.group, keys=True)
    if ctx.revealed:
        T, norm = flow.example.T, flow.dh_norm
        st.markdown(
            f"‖dL/dh_1‖ / ‖dL/dh_{T}‖ = {norm[0]:.3g} / {norm[-1]:.3g} = **{norm[0] / norm[-1]:.1e}**: the share of "
            f"the gradient at h_{T} that reaches the first step."
        )
    return [
        (
            "Open in Watch it learn",
            training.VIEW.link(seq=task.id, arch=arch, units=task.default_units, seed=SEED, bt=1),
        )
    ]


VIEWS: dict[str, Callable[..., list[Link]]] = {
    "explorer": explorer,
    "sequences": sequences,
    "fluent": fluent_window,
    "memory": memory,
    "shapes": shapes,
    "sampling": sampling,
    "mappings": mappings,
    "choose": choose,
    "backward": backward,
}


def fields(stop) -> list[Field]:
    """What a stop's view keeps beyond its steppers (names under the tour's prefix, ``<stop id>_...``), with what
    each may be."""
    if stop.view == "sequences":
        options = tuple(stop.settings["options"])
        return [state_field(f"{stop.id}_pick", options[0], one_of(options))]
    return []
