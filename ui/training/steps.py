"""/training's first section: train the model one optimiser step at a time, or play (a few steps per update, in a
fragment that reruns by itself), and watch what each step does: the outputs' scores, the loss and accuracy curves,
the weights with ΔW and dL/dW, and the gradient flowing back through time on the page's sequence."""

from __future__ import annotations

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.experiments.stepper import WORK_PER_SECOND, Checkpoint, step_work
from rnn_core.shapes import SLIDE_SHAPES, weight_blocks
from ui import downloads, present, store
from ui.charts import show
from ui.choices import action
from ui.safe import md
from ui.training import trainer
from ui.training.backward import backward_view
from ui.training.state import MAX_LINK_STEPS, SUBSET, VIEW
from viz import colors, labels
from viz.curves import training_curves
from viz.scores import score_table
from viz.weights import weights_grid

K = VIEW.K
TICK_SECONDS = 0.5
TICK_BUDGET = 0.6  # most seconds of training per update while playing
REPLAY_SECONDS = 10  # the most server time a link's record of training steps may ask for, once
REPLAY_WORK = int(REPLAY_SECONDS * WORK_PER_SECOND)
BACKWARD = "bt"  # the backward stepper's group: its controls and panels share one step
MAIN_PX = colors.MAIN_COLUMN  # the main column's width at 1280 px (laptop, or projector mode)


def training_controls(task, s, example) -> None:
    playing = trainer.is_playing()
    c = st.columns([1.25, 1.45, 1.15, 1.6, 1.9, 1.6], vertical_alignment="bottom")
    action(
        c[0],
        "Step",
        "skip_next",
        K.step,
        trainer.step,
        args=(example,),
        disabled=s.diverged or playing,
        shortcut="Right",
        help="One optimiser step on the whole training set: forward, loss, backward through time, "
        "W ← W − (the step). Keyboard: Right arrow",
    )
    c[1].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key=K("pause") if playing else K.play,
        on_click=trainer.set_playing,
        args=(not playing,),
        disabled=s.diverged and not playing,
        type="primary" if playing else "secondary",
        shortcut="Space",
        width="stretch",
        help="Keep taking steps, redrawing every picture after each few, until paused or the stop "
        "condition is met. Keyboard: Space",
    )
    action(
        c[2],
        "Reset",
        "restart_alt",
        K.reset,
        trainer.reset,
        type="primary" if s.diverged else "secondary",
        help="Back to step 0: exactly the same initial weights for this seed, a fresh optimiser",
    )
    st.session_state.setdefault(K.speed, 1 if len(task.train) >= SUBSET else 5)  # big sets: one step is work enough
    VIEW.keep_defaults("stop", "stop_loss", "stop_acc")
    VIEW.draw("speed", c[3])
    how = VIEW.draw("stop", c[4])
    if how in ("loss", "acc"):
        VIEW.draw(f"stop_{how}", c[5])
    target = {"loss": st.session_state.get(K.stop_loss), "acc": st.session_state.get(K.stop_acc)}.get(how)
    VIEW.write(speed=st.session_state[K.speed], stop=how, target=target)


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
    lines = [f"Shapes as torch stores them: W_xh is {G * H} x {D}, W_hh {G * H} x {H}, W_hy {O} x {H}. {SLIDE_SHAPES}"]
    if G > 1:
        lines.append(f"The {labels.ARCH[s.kind]} stacks {weight_blocks(s.kind)}, split by lines.")
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
    VIEW.write(run=s.schedule())
    if s.n_steps > (most := link_steps(task, s.kind, s.units)):
        st.caption(
            f"A link to this view reopens it at step 0: its {s.n_steps:,} training steps are more than a link may ask "
            f"the server to take again ({most:,} for this task, cell and size)."
        )
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


def link_steps(task, kind: str, units: int) -> int:
    """The most training steps a link may ask a fresh page to take again: ``REPLAY_WORK`` over one step's work."""
    return max(min(REPLAY_WORK // step_work(task, kind, units), MAX_LINK_STEPS), 1)


def replay_link(task, recipe, s, schedule, lr: float, clip: float | None) -> None:
    """Take again the training steps a link records (each run with its own rate and clipping), so a fresh page
    shows the very weights the link was made at; then the settings on screen apply from the next step. The steps are
    taken once on the server, in the shared model store (under its training cap, with its progress bar), and every
    later session opening the same link copies the result; a record costing more than ``REPLAY_WORK`` is refused."""
    total = sum(n for n, _, _ in schedule)
    if total > (most := link_steps(task, recipe.kind, recipe.units)):
        st.warning(
            md(
                f"This link records {total:,} training steps of this model: more than a link may ask the server to "
                f"take again (about {REPLAY_SECONDS} s of work: {most:,} steps for this task, cell and size). The "
                "model opens at step 0."
            )
        )
        return

    def build(progress) -> Checkpoint:
        fresh = trainer.fresh(task, recipe, lr, clip)
        fresh.replay(
            schedule, lambda done, n: progress(done / n, f"Taking the link's training steps again: {done} of {n}…")
        )
        return fresh.checkpoint()

    cp = store.get_or_build(
        ("replay", recipe, tuple(schedule)), build, f"Taking the link's {total:,} training steps again…"
    )
    s.restore(cp)
    trainer.apply_rate(s, lr)
    s.clip = clip
    if cp.diverged:
        st.warning(md(cp.message))
