"""The /training page's trainer: one :class:`Stepper` per session, kept in ``st.session_state``.

Never a cached, shared object: each session trains its own model, so one student's clicks never move
another's weights. The recipe (task, cell, units, seed, optimiser, initial scale) fixes the model; when it
changes the stepper is built afresh at step 0. The learning rate and clipping threshold are read at every
step, so changing them applies to the model as it stands, from the next step on.

Before each step the scores of the page's sequence are kept, so the page can show what the last step did to
them (the lecture's green numbers up, red down).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import streamlit as st

from rnn_core.experiments.stepper import RunReport, Stepper
from rnn_core.tasks import Example, Task

STEPPER = "_tr_stepper"
RECIPE = "_tr_recipe"
BEFORE = "_tr_before"  # Before of the sequence just before the last step
PLAYING = "tr_playing"
FULL_RERUN = "_tr_full_rerun"
NOTE = "_tr_note"  # why playing stopped, shown once


@dataclass(frozen=True)
class Recipe:
    """What fixes a model at step 0."""

    task_id: str
    kind: str
    units: int
    seed: int
    optimizer: str
    init_scale: float | None


@dataclass(frozen=True)
class Before:
    """The sequence's scores just before step ``step + 1``."""

    step: int
    logits: np.ndarray  # (T, O)
    probs: np.ndarray | None  # (T, O)


def stepper(task: Task, recipe: Recipe, lr: float, clip: float | None) -> tuple[Stepper, bool]:
    """This session's stepper for ``recipe`` with ``lr`` and ``clip`` applied; True when it was (re)built."""
    s = st.session_state.get(STEPPER)
    if s is not None and st.session_state.get(RECIPE) == recipe:
        apply_rate(s, lr)
        s.clip = clip
        return s, False
    s = fresh(task, recipe, lr, clip)
    st.session_state[STEPPER], st.session_state[RECIPE] = s, recipe
    forget(stop=True)
    return s, True


def fresh(task: Task, recipe: Recipe, lr: float, clip: float | None) -> Stepper:
    """A stepper at step 0 of ``recipe``."""
    return Stepper(
        task,
        recipe.kind,
        recipe.units,
        recipe.seed,
        lr=lr,
        optimizer=recipe.optimizer,
        init_scale=recipe.init_scale,
        clip=clip,
    )


def current() -> Stepper:
    return st.session_state[STEPPER]


def apply_rate(s: Stepper, lr: float) -> None:
    """Change the learning rate of a running stepper: its own record (used by ``reset`` and its messages) and
    the torch optimiser's, which reads ``param_groups[i]["lr"]`` at every step."""
    if s.lr == lr:
        return
    s.lr = lr
    for group in s.opt.param_groups:
        group["lr"] = lr


def forget(stop: bool = False) -> None:
    st.session_state.pop(BEFORE, None)
    st.session_state.pop(NOTE, None)
    if stop:
        st.session_state[PLAYING] = False


def before() -> Before | None:
    """The scores before the last step, if the last step was taken here (else None: no change to show)."""
    b = st.session_state.get(BEFORE)
    s = st.session_state.get(STEPPER)
    return b if b is not None and s is not None and b.step == s.n_steps - 1 else None


def _keep_before(s: Stepper, example: Example) -> None:
    flow = s.bptt_view(example)
    st.session_state[BEFORE] = Before(s.n_steps, flow.logits, flow.probs)


def step(example: Example) -> None:
    """One optimiser step (a button callback): keeps the scores from before it."""
    s = current()
    if s.diverged:
        return
    kept = st.session_state.get(BEFORE)
    _keep_before(s, example)
    if s.step() is None:  # diverged: nothing changed
        st.session_state[BEFORE] = kept
    st.session_state.pop(NOTE, None)


def reset() -> None:
    """Back to the seed's initial weights (a button callback)."""
    current().reset()
    forget(stop=True)
    st.session_state[FULL_RERUN] = True


def set_playing(on: bool) -> None:
    """Play or pause (the Play / Pause button's callback, given what the button said when it was drawn). Setting,
    not toggling, and Play and Pause are two widgets (two keys): on a loaded server Streamlit may deliver a Pause
    click's trigger again after the rerun that redrew the button as Play, and one widget would then call back with
    the new label's argument and start playing again (seen under CI load: paused at step 35, playing 0.3 s later)."""
    st.session_state[PLAYING] = bool(on)
    st.session_state.pop(NOTE, None)
    st.session_state[FULL_RERUN] = True


def is_playing() -> bool:
    return bool(st.session_state.get(PLAYING, False))


def advance(example: Example, n: int, stop_loss: float | None, stop_acc: float | None, max_seconds: float) -> RunReport:
    """Up to ``n`` steps while playing, one :meth:`Stepper.run` step at a time (so the scores before the last
    step are kept); stops early at the target, on divergence, or after ``max_seconds``."""
    s = current()
    t0, done = time.perf_counter(), 0
    for _ in range(max(int(n), 1)):
        kept = st.session_state.get(BEFORE)
        _keep_before(s, example)
        rep = s.run(1, stop_loss=stop_loss, stop_acc=stop_acc)
        if not rep.steps:
            st.session_state[BEFORE] = kept
        done += rep.steps
        if rep.reason != "steps":
            return RunReport(done, rep.reason, rep.message)
        if time.perf_counter() - t0 > max_seconds:
            return RunReport(done, "time", f"Took {done} steps in this update.")
    return RunReport(done, "steps", f"Took {done} steps; now at step {s.n_steps}.")


def stop(message: str) -> None:
    """Stop playing and say why (shown after the full rerun that drops the timer)."""
    st.session_state[PLAYING] = False
    st.session_state[NOTE] = message
