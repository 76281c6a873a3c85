"""The lecture tour's live views: each stop (``ui.tour_stops``) draws one with the other pages' own builders.

``VIEWS[name](ctx, **settings)`` draws the view and returns the links that reopen it in its full page, each
``(label, url)``. Every model is the one the explorer opens by default (``task.default_units``, seed 0), stored in
``models/``: nothing trains on a tour visit, and stepping happens in the browser. Session keys and the stepper
group come from ``ctx``, so every stop keeps its own step t and leaves the URL's ``t`` alone (``url=None``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.lessons import diagrams
from rnn_core.lessons.bank import Scenario, load_bank
from rnn_core.mappings import MAPPINGS
from rnn_core.sampling import sample
from rnn_core.tasks import next_token_example
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from rnn_core.window import window_kind
from ui import fluent, media
from ui.backward import backward_view, initial_flow
from ui.charts import show
from ui.choices import option_row
from ui.explorer import default_text, shapes_panel, step_view, task_of, trained_model
from ui.pagestate import Keys, Rule, one_of
from ui.safe import md
from viz import labels
from viz.mapping_sketch import mapping_figure

SEED = 0  # the stored models' seed: every view opens on a model already trained
LETTERS = "ABCD"
PICTURE_PX = {False: 400, True: 600}  # a mapping picture, two to a row at 1280 px (as the quiz draws them)
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


def page_link(path: str, **params) -> str:
    """A link to another page of the app, relative (``unroll?seq=chars&t=3``), so it also works under a base path."""
    return f"{path}?{urlencode({k: int(v) if isinstance(v, bool) else v for k, v in params.items()})}"


def explorer_link(task, arch: str, **more) -> Link:
    return "Open in the explorer", page_link(
        "unroll", seq=task.id, arch=arch, units=task.default_units, seed=SEED, **more
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
    return [("Open in Window vs RNN", page_link("window", k=k, seed=SEED))]


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
            page_link("window", k=k, arch=arch, seed=SEED, **({"reveal": True} if reveal else {})),
        ),
        explorer_link(task_of("chars"), arch, vs="gru" if arch != "gru" else "lstm"),
    ]


def shapes(ctx: Ctx, seq: str, then: str) -> list[Link]:
    """The explorer's weight-shapes table and matrices for ``seq``'s vanilla RNN; once revealed, ``then``'s too."""
    shown = (seq, then) if ctx.revealed else (seq,)
    for task_id in shown:
        task = task_of(task_id)
        net = trained_model(task, "rnn", task.default_units, SEED).net
        units = task.default_units
        st.markdown(f"**{md(task.title)}**, {units} hidden unit{'s' if units != 1 else ''}:")
        shapes_panel(task, net, ctx.K(f"{task_id}_"))
    return [explorer_link(task_of(seq), "rnn"), ("Quiz: weight shapes", page_link("quiz", mode="shapes"))]


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
    more = {"mode": "sample", "start": start, "n": n, "temp": f"{temperature:g}", "sseed": sample_seed}
    return [explorer_link(task, "rnn", **more, reveal=True)]


def pictures(ctx: Ctx, named: bool = True) -> None:
    """The four mappings as the quiz draws them (with the explorer's diagram builder), two to a row, lettered A to
    D and, when ``named``, named."""
    cols = st.columns(2)
    for i, m in enumerate(MAPPINGS):
        lay = diagrams.layout(m, 4)
        title = f"Picture {LETTERS[i]}" + (f": {m}" if named else "")
        states = diagrams.sketch_states(f"tour:{m}", lay.T)
        fig = mapping_figure(lay, states, big=ctx.big, width=PICTURE_PX[ctx.big], title=title)
        show(fig, ctx.K(f"map_{i}"), cols[i % 2], width="content")


def mappings(ctx: Ctx) -> list[Link]:
    """The four mappings, each named."""
    pictures(ctx)
    return [("Quiz: diagrams", page_link("quiz", mode="diagrams"))]


@st.cache_resource(show_spinner=False)
def _scenarios() -> dict[str, Scenario]:
    """The quiz's question bank by id, read once for the server (frozen scenarios)."""
    return {s.id: s for s in load_bank()}


def choose(ctx: Ctx, ids: Sequence[str]) -> list[Link]:
    """Problems from the quiz's bank above the four mapping pictures, lettered; once revealed, each problem's
    network, mapping and the reason, and each picture's name."""
    bank = _scenarios()
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
    return [("Quiz: which network?", page_link("quiz", mode="scenarios"))]


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
            page_link("training", seq=task.id, arch=arch, units=task.default_units, seed=SEED, bt=1),
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


def rules(stop) -> list[Rule]:
    """What a stop's kept view values may be (names under the page's prefix, ``<stop id>_...``), for
    ``pagestate.guard``."""
    if stop.view == "sequences":
        options = tuple(stop.settings["options"])
        return [Rule(f"{stop.id}_pick", one_of(options), options[0])]
    return []
