"""Watch it learn (url path ``training``): weights updating step by step, gradients flowing back through time.

Sections: train a model one optimiser step at a time (weights, ΔW, dW, the outputs' scores, loss curves);
backpropagation through time on the unrolled diagram; vanishing and exploding gradients in the three cells;
the memory-horizon experiment. The model side is ``rnn_core`` (stepper, gradflow, vanishing, horizon); the
session's trainer is ``ui.trainer``; every figure comes from ``viz``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.experiments.horizon import DEFAULT_CONFIG, DEFAULT_LAGS, HorizonGrid, load_grid, train_cell
from rnn_core.experiments.stepper import OPTIMIZERS
from rnn_core.experiments.vanishing import DEMO, clip_scale, gradient_curve
from rnn_core.tasks import TASK_IDS, get_task
from ui import downloads, pagestate, present, share, store, trainer, urlstate
from ui.backward import backward_view
from ui.charts import show
from ui.pagestate import KEEP
from ui.picker import model_picker
from ui.safe import md
from viz import colors, labels
from viz.curves import horizon_plot, training_curves, vanishing_plot
from viz.scores import score_table
from viz.weights import weights_grid

OPT_LABEL = {"sgd": "SGD", "adam": "Adam"}
LRS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
SCALES = (0.0, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0)  # 0: torch's default, ±1/√units
CLIPS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
SPEEDS = (1, 2, 5, 10, 20, 50)
STOPS = ("never", "loss", "acc")
STOP_LOSSES = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001)
STOP_ACCS = (0.5, 0.75, 0.9, 0.95, 0.99, 1.0)
VX_SCALES = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
TICK_SECONDS = 0.5
TICK_BUDGET = 0.6  # most seconds of training per update while playing
SUBSET = 300  # training sentences of the words task used here, so a full-batch step stays well under a second
BACKWARD = "bt"  # the backward stepper's group: its controls and panels share one step
MAIN_PX = colors.MAIN_COLUMN  # the main column's width at 1280 px (laptop, or projector mode)
K = pagestate.Keys(
    "tr_",
    "seq",
    "arch",
    "units",
    "seed",
    "lr",
    "opt",
    "scale",
    "clip_on",
    "clip",
    "speed",
    "stop",
    "stop_loss",
    "stop_acc",
    "step",
    "play",
    "reset",
    "bt",
    "bt_stepper",
    "bt_diagram",
    "bt_norms",
    "bt_words",
    "vx_scale",
    "vx_clip_on",
    "vx_clip",
    "hz_run",
    "run_horizon",
    "run_from_url",
    "bt_from_url",
)


@st.cache_resource(show_spinner=False)
def task_of(task_id: str):
    """The task as trained here: the words task on its first ``SUBSET`` training sentences (read-only, shared)."""
    task = get_task(task_id)
    if len(task.train) > SUBSET:
        task = dataclasses.replace(task, train=task.train[:SUBSET])
    return task


def lr_choice(s: str) -> float:
    try:
        v = float(s.strip())
    except ValueError:
        raise ValueError("expected a number such as 0.05") from None
    for lr in LRS:
        if np.isclose(v, lr, rtol=1e-6, atol=0):
            return lr
    raise ValueError(f"expected one of {', '.join(f'{x:g}' for x in LRS)}")


RULES = [
    pagestate.Rule("seq", pagestate.one_of(TASK_IDS), TASK_IDS[0]),
    pagestate.Rule("arch", pagestate.one_of(rc.KINDS), rc.KINDS[0]),
    pagestate.Rule("seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("opt", pagestate.one_of(OPTIMIZERS), "adam"),
    pagestate.Rule("scale", pagestate.one_of(SCALES), 0.0),
    pagestate.Rule("clip_on", pagestate.flag, False),
    pagestate.Rule("clip", pagestate.one_of(CLIPS), 1.0),
    pagestate.Rule("speed", pagestate.one_of(SPEEDS), 1),
    pagestate.Rule("stop", pagestate.one_of(STOPS), "loss"),
    pagestate.Rule("stop_loss", pagestate.one_of(STOP_LOSSES), 0.05),
    pagestate.Rule("stop_acc", pagestate.one_of(STOP_ACCS), 1.0),
    pagestate.Rule("bt", pagestate.whole(1, 10_000), 1),
    pagestate.Rule("vx_scale", pagestate.one_of(VX_SCALES), 1.0),
    pagestate.Rule("vx_clip_on", pagestate.flag, False),
    pagestate.Rule("vx_clip", pagestate.one_of(CLIPS), 1.0),
]  # units and the learning rate depend on the task: settings() puts them back to the task's defaults


HIDEABLE = {
    "picker": "Sequence, architecture and units",
    "seed": "The seed",
    "sections": "The vanishing-gradient and memory-horizon sections",
}
MAX_LINK_STEPS = 3000  # the most training steps a link may ask a fresh page to take again


def grid(options, what: str):
    """A link's value that must be one of ``options`` (numbers, compared as the page shows them: "%g")."""
    shown = {f"{v:g}": v for v in options}

    def parse(s: str):
        if s not in shown:
            raise ValueError(f"expected {what} of {', '.join(shown)}")
        return shown[s]

    return parse


def schedule_text(schedule) -> str | None:
    """The steps taken, as a link keeps them: runs of "steps:rate:clip" joined by "_" ("-": no clipping)."""
    runs = [f"{n}:{lr:g}:{'-' if clip is None else f'{clip:g}'}" for n, lr, clip in schedule]
    return "_".join(runs) or None


def parse_schedule(s: str) -> tuple[tuple[int, float, float | None], ...]:
    """:func:`schedule_text` read back: every rate one the page offers, every threshold too, at most
    ``MAX_LINK_STEPS`` steps in all."""
    rate, threshold = grid(LRS, "a learning rate"), grid(CLIPS, "a clipping threshold")
    runs = []
    try:
        for part in s.split("_"):
            n, lr, clip = part.split(":")
            runs.append((urlstate.int_in(1, MAX_LINK_STEPS)(n), rate(lr), None if clip == "-" else threshold(clip)))
    except ValueError as e:
        raise ValueError(f"expected runs of steps:rate:clip joined by _ ({e})") from None
    if sum(n for n, _, _ in runs) > MAX_LINK_STEPS:
        raise ValueError(f"expected at most {MAX_LINK_STEPS} steps in all")
    return tuple(runs)


def read_link() -> tuple[dict, list[str]]:
    """The model, its training settings, the steps taken (with the rate and clipping of each) and the backward
    step a link names."""
    values, notes = urlstate.read_model_view(
        task_of,
        TASK_IDS,
        rc.KINDS,
        extra=[
            urlstate.Param("opt", "adam", urlstate.choice(OPTIMIZERS), "optimiser"),
            urlstate.Param("scale", 0.0, grid(SCALES, "an initial weight scale"), "initial weight scale"),
            urlstate.Param("clip", None, grid(CLIPS, "a clipping threshold"), "clipping threshold"),
            urlstate.Param("every", None, urlstate.int_in(1, max(SPEEDS), SPEEDS), "number of steps per update"),
            urlstate.Param("stop", "loss", urlstate.choice(STOPS), "stop condition"),
            urlstate.Param("target", None, grid(STOP_LOSSES + STOP_ACCS, "a target"), "stop target"),
            urlstate.Param("run", (), parse_schedule, "record of training steps"),
            urlstate.Param("bt", None, urlstate.int_in(1, 10_000), "backward step"),
        ],
        per_task=lambda task: [urlstate.Param("lr", task.lr, lr_choice, "learning rate")],
    )
    out = {k: values[k] for k in ("seq", "arch", "seed", "units", "opt", "scale", "stop", "lr")}
    out |= {"clip_on": values["clip"] is not None, "run_from_url": values["run"]}
    if values["clip"] is not None:
        out["clip"] = values["clip"]
    if values["every"] is not None:
        out["speed"] = values["every"]
    target = values["target"]
    if target is not None and values["stop"] == "loss" and target in STOP_LOSSES:
        out["stop_loss"] = target
    elif target is not None and values["stop"] == "acc" and target in STOP_ACCS:
        out["stop_acc"] = target
    elif target is not None:
        notes.append(f"target={target:g} in the link is not a target for stop={values['stop']}; using the default.")
    if values["bt"] is not None:
        out["bt_from_url"] = values["bt"]
    return out, notes


def on_task_change() -> None:
    task = task_of(st.session_state[K.seq])
    st.session_state[K.units] = task.default_units
    st.session_state[K.lr] = task.lr
    st.session_state.pop(K.bt, None)


# --- settings ----------------------------------------------------------------------------------------------------


def settings() -> tuple:
    """The model and training settings; returns (task, recipe, lr, clip)."""
    task = model_picker(
        K,
        task_of,
        on_task_change,
        task_help="What the network learns to read: any task of the explorer's catalogue, from the lecture's "
        "“hello” and the 1x1 numbers RNN to sounds, heartbeats, proteins, prices, video and captions",
        seed_help="Fixes the initial weights: the same seed starts every classroom from the same "
        "step-0 model, and Reset always returns to it",
        hidden=share.flags(),
    )
    if st.session_state.get(K.lr) not in LRS:
        st.session_state[K.lr] = task.lr
    where = present.controls()  # in projector mode the sidebar, with the picker: the training row comes first
    c = present.columns(where, [2.0, 1.5, 1.9, 1.05, 1.75], vertical_alignment="bottom")
    lr = c[0].select_slider(
        "Learning rate",
        LRS,
        key=K.lr,
        format_func=lambda v: f"{v:g}",
        persist_state=KEEP,
        help="How far each step moves the weights (log scale). Too large and training goes wrong: "
        "on “hello” the loss jumps about, on the numbers task it blows up (try 2 or more "
        "with SGD). Applies from the next step, to the weights as they are.",
    )
    c[1].segmented_control(
        "Optimiser",
        OPTIMIZERS,
        key=K.opt,
        format_func=OPT_LABEL.get,
        required=True,
        persist_state=KEEP,
        help="SGD: W ← W − lr·dL/dW. Adam: a step of about lr per weight, scaled by running "
        "averages of the gradient. Changing it starts again from step 0.",
    )
    st.session_state.setdefault(K.scale, 0.0)
    scale = c[2].selectbox(
        "Initial weight scale",
        SCALES,
        key=K.scale,
        persist_state=KEEP,
        format_func=lambda v: "±1/√units (torch)" if not v else f"uniform ±{v:g}",
        help="The step-0 weights of the recurrent layer are drawn uniformly from ±this; "
        "“±1/√units (torch)” is torch's default, uniform ±1/√units. Large values make a vanilla RNN's "
        "gradients explode, small ones vanish. Changing it starts again from step 0.",
    )
    clip_on = c[3].toggle(
        "Clip",
        key=K.clip_on,
        persist_state=KEEP,
        help="Gradient clipping: when ||dL/dW|| is above the threshold, scale the whole gradient "
        "down to it before the step. Applies from the next step.",
    )
    st.session_state.setdefault(K.clip, 1.0)
    clip = c[4].select_slider(
        "Clip at ||dL/dW|| =",
        CLIPS,
        key=K.clip,
        disabled=not clip_on,
        format_func=lambda v: f"{v:g}",
        persist_state=KEEP,
        help="The largest gradient norm a step may use (global norm over every weight)",
    )
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    opt = st.session_state[K.opt]
    recipe = trainer.Recipe(task.id, kind, units, seed, opt, float(scale) or None)
    note = (
        "Learning rate and clipping apply from the next step, to the weights as they stand; the other settings "
        "start a fresh model at step 0."
    )
    if len(task.train) < len(get_task(task.id).train):
        note += (
            f" To keep a step quick, training uses the first {len(task.train)} of the "
            f"{len(get_task(task.id).train):,} training examples (full batch); held-out accuracy is on "
            f"{len(task.heldout)} other examples."
        )
    where.caption(note)
    urlstate.write(seq=task.id, arch=kind, units=units, seed=seed, lr=f"{lr:g}", opt=opt)
    urlstate.write(scale=f"{scale:g}" if scale else None, clip=f"{clip:g}" if clip_on else None)
    return task, recipe, float(lr), (float(clip) if clip_on else None)


# --- training, step by step -------------------------------------------------------------------------------------


def training_controls(task, s, example) -> None:
    playing = trainer.is_playing()
    c = st.columns([1.25, 1.45, 1.15, 1.6, 1.9, 1.6], vertical_alignment="bottom")
    c[0].button(
        "Step",
        icon=":material/skip_next:",
        key=K.step,
        on_click=trainer.step,
        args=(example,),
        disabled=s.diverged or playing,
        shortcut="Right",
        width="stretch",
        help="One optimiser step on the whole training set: forward, loss, backward through time, "
        "W ← W − (the step). Keyboard: Right arrow",
    )
    c[1].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key=K.play,
        on_click=trainer.toggle_play,
        disabled=s.diverged and not playing,
        type="primary" if playing else "secondary",
        shortcut="Space",
        width="stretch",
        help="Keep taking steps, redrawing every picture after each few, until paused or the stop "
        "condition is met. Keyboard: Space",
    )
    c[2].button(
        "Reset",
        icon=":material/restart_alt:",
        key=K.reset,
        on_click=trainer.reset,
        width="stretch",
        type="primary" if s.diverged else "secondary",
        help="Back to step 0: exactly the same initial weights for this seed, a fresh optimiser",
    )
    st.session_state.setdefault(K.speed, 1 if len(task.train) >= SUBSET else 5)  # big sets: one step is work enough
    for key, default in ((K.stop, "loss"), (K.stop_loss, 0.05), (K.stop_acc, 1.0)):
        st.session_state.setdefault(key, default)
    c[3].select_slider(
        "Steps per update",
        SPEEDS,
        key=K.speed,
        persist_state=KEEP,
        help="How many optimiser steps each update of the picture takes while playing",
    )
    how = c[4].selectbox(
        "Stop playing when",
        STOPS,
        key=K.stop,
        persist_state=KEEP,
        format_func={"never": "never (pause by hand)", "loss": "training loss ≤", "acc": "held-out accuracy ≥"}.get,
        help="Playing stops by itself when this target is reached",
    )
    if how == "loss":
        c[5].select_slider(
            "Target loss",
            STOP_LOSSES,
            key=K.stop_loss,
            persist_state=KEEP,
            format_func=lambda v: f"{v:g}",
            help="Stop once the training loss is this low",
        )
    elif how == "acc":
        c[5].select_slider(
            "Target accuracy",
            STOP_ACCS,
            key=K.stop_acc,
            persist_state=KEEP,
            format_func=lambda v: f"{v:.0%}",
            help="Stop once held-out accuracy is this high",
        )
    target = {"loss": st.session_state.get(K.stop_loss), "acc": st.session_state.get(K.stop_acc)}.get(how)
    urlstate.write(every=st.session_state[K.speed], stop=how, target=None if target is None else f"{target:g}")


def status(task, s) -> None:
    h = s.history
    now, prev = h[-1], (h[-2] if len(h) > 1 else None)
    same = s.curves()["heldout_loss"].tolist() == s.curves()["train_loss"].tolist()
    acc_name = "accuracy (within 0.1)" if task.loss == "mse" else "accuracy"
    m = st.columns(4)
    m[0].metric(
        "Training step", f"{now.step}", border=True, help="Optimiser steps taken since the initial weights (step 0)"
    )
    m[1].metric(
        "Training loss",
        f"{now.train_loss:.4g}",
        border=True,
        delta=None if prev is None else f"{now.train_loss - prev.train_loss:+.3g}",
        delta_color="inverse",
        help=("Mean cross-entropy" if task.loss == "ce" else "Mean squared error") + " over the training set",
    )
    moved = prev is not None and now.heldout_acc != prev.heldout_acc
    m[2].metric(
        "Accuracy" if same else "Held-out accuracy",
        f"{now.heldout_acc:.0%}",
        border=True,
        delta=f"{100 * (now.heldout_acc - prev.heldout_acc):+.0f} pts" if moved else None,
        help=f"Share of outputs it gets right ({acc_name})"
        + (": this task's held-out set is its training sequence" if same else ", on sequences it never trains on"),
    )
    gn = "–" if not np.isfinite(now.grad_norm) else f"{now.grad_norm:.3g}"
    m[3].metric(
        "Gradient ||dL/dW||",
        gn,
        border=True,
        delta=("clipped to " + f"{s.clip:g}") if now.clipped else None,
        delta_color="off",
        help="Size of the last step's whole gradient (every weight), before clipping; with clipping on, a "
        "step never uses more than the threshold",
    )
    if s.diverged:
        st.error(s.message, icon=":material/error:")
    note = st.session_state.pop(trainer.NOTE, None)
    if note:
        st.success(f"Stopped playing: {note}", icon=":material/flag:")


def learning_pictures(task, s, flow, big: bool) -> None:
    scored = sum(1 for y in flow.example.y_labels if y is not None)
    left, right = st.columns([1.15 + 0.15 * max(0, scored - 4), 1], gap="medium")
    with left:
        st.markdown("**What the last step did to the outputs**")
        b = trainer.before()
        ex = flow.example
        show(
            score_table(
                flow.logits,
                ex.targets,
                list(ex.x_labels),
                task.classes,
                probs=flow.probs,
                before=None if b is None else b.logits,
                probs_before=None if b is None else b.probs,
                step=s.n_steps,
                big=big,
            ),
            "tr_scores",
        )
        if task.loss == "ce" and task.mapping != "many-to-one":
            st.caption(
                "One column per step: the score of the wanted output (framed) should rise ▲ and the others "
                "fall ▼, the lecture's green and red numbers."
            )
        elif task.mapping == "many-to-one":
            st.caption("Many-to-one: only the last step has an output; its wanted score (framed) should rise.")
        else:
            st.caption("The output y_t at each step beside its target: each step should move it closer.")
    with right:
        st.markdown("**Loss and accuracy, step by step**")
        loss_name = "cross-entropy" if task.loss == "ce" else "mean squared error"
        acc_name = "accuracy" if task.loss == "ce" else "accuracy (within 0.1)"
        show(
            training_curves(
                s.curves(),
                loss_name=loss_name,
                acc_name=acc_name,
                stop_loss=_stop("loss"),
                stop_acc=_stop("acc"),
                diverged_at=s.diverged_at,
                stacked=True,
                big=big,
            ),
            "tr_curves",
        )
    st.markdown("**The weights: now, the change the last step made, and the gradient that caused it**")
    gates = rc.GATES[s.kind]
    G, H, D, O = len(gates), s.units, s.net.input_dim, task.output_dim
    fig = weights_grid(
        s.weights(),
        s.delta(),
        s.grads(clipped=True),
        step=s.n_steps,
        gates=gates,
        input_labels=list(task.vocab) if task.encoding == "onehot" else None,
        classes=list(task.classes) if task.classes else None,
        clipped=bool(s.history[-1].clipped),
        big=big,
    )
    room = MAIN_PX[big] - fig.layout.width
    left, right = st.columns([fig.layout.width, room]) if room >= 220 else (st.container(), st.container())
    with left:
        show(fig, "tr_weights", width="content")
    lines = [
        f"Shapes as torch stores them: W_xh is {G * H} x {D}, W_hh {G * H} x {H}, W_hy {O} x {H}. The lecture "
        f"writes W_xh as input_dim x units ({D} x {H}): the same matrix transposed."
    ]
    if G > 1:
        lines.append(f"The {labels.ARCH[s.kind]} stacks {G} gate blocks ({', '.join(gates)}), split by lines.")
    lines.append("Each column has its own colour scale (white is 0): ΔW is far smaller than W.")
    lines.append(
        "SGD moves each weight by −lr times its gradient, so ΔW is dL/dW with the sign flipped; Adam's "
        "first steps move every weight by about lr, whatever the gradient's size."
    )
    if task.encoding == "embed":
        lines.append("The word embeddings E also learn; they are not drawn here.")
    with right:
        st.caption(" ".join(lines))


def training_view(task, example) -> None:
    if st.session_state.pop(trainer.FULL_RERUN, False):
        st.rerun()
    big = present.is_on()
    s = trainer.current()
    if trainer.is_playing():
        rep = trainer.advance(example, st.session_state.get(K.speed, 1), _stop("loss"), _stop("acc"), TICK_BUDGET)
        if rep.reason in ("loss", "acc", "diverged"):
            trainer.stop(rep.message if rep.reason != "diverged" else "the loss blew up (see below).")
            st.rerun()
    training_controls(task, s, example)
    urlstate.write(run=schedule_text(s.schedule()))
    status(task, s)
    downloads.training_downloads(task, s, K("dl"))
    flow = s.bptt_view(example)
    learning_pictures(task, s, flow, big)
    st.subheader("Gradients flowing back through time", divider="gray")
    st.caption(
        "Backpropagation through time on this sequence at the current weights: the loss sits at the outputs, "
        "and dL/dh_t flows back from the last step to the first, through W_hy at each output and through "
        "W_hh from h_(t+1) to h_t. Step through the backward pass; bars and arrows are on a log scale. The y_t "
        "boxes are the model's outputs, as on the explorer; each step's target is named beside the curve."
    )
    backward_view(task, s.kind, flow, big, K=K, group=BACKWARD, keys="shift", url="bt")


def _stop(what: str):
    if st.session_state.get(K.stop) != what:
        return None
    return st.session_state.get(K.stop_loss if what == "loss" else K.stop_acc)


# --- vanishing and exploding --------------------------------------------------------------------------------------


def vanishing_section(seed: int) -> None:
    big = present.is_on()
    st.subheader("Vanishing and exploding, side by side", divider="gray")
    st.caption(
        f"A fresh vanilla RNN, LSTM and GRU ({DEMO['units']} units) read the same random sequence of "
        f"{DEMO['T']} steps; only the last step is scored, so ‖dL/dh_{DEMO['T']}‖ = 1 and the curves show how "
        "much of that gradient reaches each earlier step. For the vanilla RNN each step back multiplies by "
        "W_hhᵀ diag(1 − h²): small weights make it vanish, large ones explode. The gates of LSTM and GRU "
        "give a gentler path."
    )
    st.session_state.setdefault(K.vx_scale, 1.0)
    st.session_state.setdefault(K.vx_clip, 1.0)
    c = st.columns([2.6, 1.1, 2], vertical_alignment="bottom")
    scale = c[0].select_slider(
        "Initial weight scale s",
        VX_SCALES,
        key=K.vx_scale,
        persist_state=KEEP,
        format_func=lambda v: f"±{v:g}",
        help="Every weight starts uniform in ±s. Try 0.1 (vanishing) and 1.5 (exploding).",
    )
    clip_on = c[1].toggle(
        "Clip",
        key=K.vx_clip_on,
        persist_state=KEEP,
        help="Global-norm clipping, as torch.nn.utils.clip_grad_norm_: when the gradient of all "
        "the weights is larger than the threshold, every gradient is scaled down by one factor",
    )
    thr = c[2].select_slider(
        "Clip at ||dL/dW|| =",
        CLIPS,
        key=K.vx_clip,
        persist_state=KEEP,
        disabled=not clip_on,
        format_func=lambda v: f"{v:g}",
        help="The largest gradient norm allowed",
    )
    curves = {k: gradient_curve(k, DEMO["T"], DEMO["units"], float(scale), seed, DEMO["input_dim"]) for k in rc.KINDS}
    clipped = {k: cv.clipped(float(thr)) for k, cv in curves.items()} if clip_on else None
    show(
        vanishing_plot(
            {k: cv.norms for k, cv in curves.items()},
            clipped=clipped,
            threshold=float(thr) if clip_on else None,
            big=big,
        ),
        "vx_plot",
    )
    st.markdown(f"**How much of the gradient reaches the first step**, ‖dL/dh_1‖ / ‖dL/dh_{DEMO['T']}‖:")
    m = st.columns(3)
    for col, (k, cv) in zip(m, curves.items(), strict=True):
        col.metric(
            labels.ARCH[k],
            f"{cv.ratio:.1e}",
            border=True,
            help=f"Below 1 the gradient shrinks on its way back, above 1 it grows. Spectral radius of W_hh: "
            f"{cv.radius:.2f}; mean |h_t| {cv.saturation:.2f} (near 1: tanh saturated). "
            f"||dL/dW|| = {cv.grad_norm:.3g}.",
        )
        col.caption(
            f"It {trend(cv.ratio)}."
            + (
                f" Clipping scales it by {clip_scale(cv.grad_norm, float(thr)):.2g}."
                if clip_on and cv.grad_norm > thr
                else ""
            )
        )
    if clip_on:
        st.caption(
            "Clipping rescales the whole gradient by one factor: the exploding curve drops to a sane size "
            "(the step stays a sane length), but its shape is the same, so the far steps' share is as lopsided "
            "as before. Clipping tames explosion; it does not bring back a vanished memory."
        )


def trend(ratio: float) -> str:
    """Words for how a gradient changed on its way back, from ||dL/dh_1|| / ||dL/dh_T||."""
    for bound, word in ((1e-3, "vanishes"), (0.1, "shrinks"), (10, "holds roughly steady"), (1e3, "grows")):
        if ratio < bound:
            return word
    return "explodes"


# --- the memory horizon -------------------------------------------------------------------------------------------


def horizon_section(seed: int) -> None:
    big = present.is_on()
    cfg = DEFAULT_CONFIG
    st.subheader("How far back can each cell remember?", divider="gray")
    st.caption(
        f"The first step shows one of {cfg.symbols} symbols (A, B, C, D); then come as many distractors as the "
        "lag; at the last step the model must name the first symbol (chance "
        f"{1 / cfg.symbols:.0%}). Each cell ({cfg.units} units, Adam, clipping at {cfg.clip:g}) trains on gaps "
        f"of 1 up to the lag for at most {cfg.steps} steps and is scored on fresh sequences with exactly that "
        f"lag. Seed {seed}."
    )
    keys = {(k, lag): ("horizon", k, lag, seed, cfg) for k in rc.KINDS for lag in DEFAULT_LAGS}
    kept = stored_grid(seed)
    cells = {kl: store.peek(key) or (kept.cell(*kl) if kept else None) for kl, key in keys.items()}
    missing = [kl for kl, c in cells.items() if c is None]
    if missing and st.session_state.pop(K.hz_run, False):
        for i, (k, lag) in enumerate(missing):
            label = f"Cell {i + 1} of {len(missing)}: {labels.ARCH[k]} at lag {lag}…"

            def build(progress, k=k, lag=lag, i=i):
                return train_cell(k, lag, seed, cfg, lambda f, m: progress(f, f"Cell {i + 1} of {len(missing)} · {m}"))

            cells[(k, lag)] = store.get_or_build(keys[(k, lag)], build, label)
        missing = []
    c = st.columns([1.3, 3], vertical_alignment="center")
    c[0].button(
        "Run the experiment",
        key=K.run_horizon,
        icon=":material/science:",
        disabled=not missing,
        type="primary" if missing else "secondary",
        on_click=st.session_state.update,
        kwargs={K.hz_run: True},
        help=(
            f"Train {len(missing)} small models, with a progress bar for each. Results are kept for "
            "everyone, so later visits show them at once."
        )
        if missing
        else "Every cell is computed; the results are kept for everyone using this app.",
    )
    c[1].caption(
        f"{len(keys) - len(missing)} of {len(keys)} cells computed."
        if missing
        else "Every cell is computed (shared by everyone using this app)."
    )
    acc = np.array(
        [[np.nan if cells[(k, lag)] is None else cells[(k, lag)].accuracy for lag in DEFAULT_LAGS] for k in rc.KINDS]
    )
    show(horizon_plot(rc.KINDS, DEFAULT_LAGS, acc, chance=1 / cfg.symbols, big=big), "hz_plot")
    if all(v is not None for v in cells.values()):
        grid = HorizonGrid(rc.KINDS, DEFAULT_LAGS, tuple(cells[(k, lag)] for k in rc.KINDS for lag in DEFAULT_LAGS))
        reach = ", ".join(f"{labels.ARCH[k]} to lag {grid.horizon(k)}" for k in rc.KINDS)
        st.caption(f"Held 90% or better: {reach}. {horizon_finding(grid)}")


@st.cache_resource(show_spinner=False)
def stored_grid(seed: int) -> HorizonGrid | None:
    """The memory-horizon grid stored in the repository for this seed (read once per server), or None."""
    return load_grid(seed)


def horizon_finding(grid: HorizonGrid) -> str:
    """What this grid's numbers say about who forgets first, in words."""
    first = grid.shortest()
    if len(first) == len(grid.kinds):
        return "In this run every cell held equally far."
    names = " and ".join(labels.ARCH[k] for k in first)
    if first == ("rnn",):
        return (
            f"The {names} is the first to drop below 90%: its memory is squeezed through W_hh at every step, "
            "while the gates of LSTM and GRU can hold a value unchanged."
        )
    return f"In this run the {names} dropped below 90% first."


# --- the page -----------------------------------------------------------------------------------------------------


def replay_link(s, schedule, lr: float, clip: float | None) -> None:
    """Take again the training steps a link records (each run with its own rate and clipping), so a fresh page
    shows the very weights the link was made at; then the settings on screen apply from the next step."""
    total = sum(n for n, _, _ in schedule)
    bar = st.progress(0.0, text=f"Taking the link's {total} training steps again…")
    rep = s.replay(schedule, lambda done, n: bar.progress(done / n, text=f"Step {done} of {n}…"))
    bar.empty()
    trainer.apply_rate(s, lr)
    s.clip = clip
    if rep.reason == "diverged":
        st.warning(md(rep.message))


def main() -> None:
    pagestate.enter(K, read_link)
    urlstate.show_notes(pagestate.link_notes(K) + pagestate.guard(K, RULES))
    st.title("Watch it learn")
    present.controls().caption(
        "Training repeats three moves: run the sequence forward, h_t = f_W(h_(t-1), x_t) with the same weights "
        "at every step; measure the loss at the outputs; send its gradient back through time (BPTT) and "
        "move every weight a little against it. Take one step at a time and watch."
    )
    task, recipe, lr, clip = settings()
    s, rebuilt = trainer.stepper(task, recipe, lr, clip)
    pending = st.session_state.pop(K.run_from_url, ())
    if pending and s.n_steps == 0:
        replay_link(s, pending, lr, clip)
    example = task.default
    if rebuilt:
        st.session_state[K.bt] = example.T
    if (bt := st.session_state.pop(K.bt_from_url, None)) is not None:
        st.session_state[K.bt] = min(int(bt), example.T)
    st.session_state.setdefault(K.bt, example.T)
    stp_every = TICK_SECONDS if trainer.is_playing() else None
    st.fragment(training_view, run_every=stp_every)(task, example)
    if "sections" not in share.flags():
        st.fragment(vanishing_section)(recipe.seed)
        st.fragment(horizon_section)(recipe.seed)
    share.panel("tr", HIDEABLE)


main()
