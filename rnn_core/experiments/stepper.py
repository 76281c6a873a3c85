"""Train one model a single optimiser step at a time, so a person can watch the weights move.

One step on the full training set (the same loss the torch engine trains on):
    g = dL/dW                                   (torch autograd; the page's curve uses the verified numpy BPTT)
    if clip:  g <- g * min(1, clip / (||g|| + 1e-6))     (global-norm clipping, ||g|| over every weight)
    SGD:   W <- W - lr g
    Adam:  m <- 0.9 m + 0.1 g,  v <- 0.999 v + 0.001 g^2,  W <- W - lr m_hat / (sqrt(v_hat) + 1e-8)
After the step the stepper records the train and held-out loss and accuracy, ||g|| before clipping and ||ΔW||.

Each Stepper owns its own SeqNet built by :func:`training.make_net` (never a cached model), so one session's
clicks never change another's picture. Weights, ΔW and dW come out as numpy arrays under the lecture's names
``W_xh``, ``W_hh``, ``b_xh``, ``b_hh``, ``W_hy``, ``b_y`` (and ``E`` for an embedding), shaped as torch stores them.

Divergence never raises: when the gradient, the weights or the loss stop being finite (or the loss grows
a thousandfold past where it started), the step is undone, ``diverged`` turns True, ``message`` says why in
plain words, and further steps are refused until :meth:`Stepper.reset`.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, fields

import numpy as np
import torch

from rnn_core.engine.bridge import float64, to_numpy
from rnn_core.engine.step import optimiser_step
from rnn_core.engine.threads import one_thread
from rnn_core.engine.training import backward_mean, batches, evaluate, make_net
from rnn_core.experiments.gradflow import NAMES, GradientFlow, gradient_flow
from rnn_core.params import GATES, KINDS
from rnn_core.tasks.base import Example, Task

OPTIMIZERS = ("sgd", "adam")
TORCH_TO_LECTURE = {
    "cell.weight_ih_l0": "W_xh",
    "cell.weight_hh_l0": "W_hh",
    "cell.bias_ih_l0": "b_xh",
    "cell.bias_hh_l0": "b_hh",
    "head.weight": "W_hy",
    "head.bias": "b_y",
    "embed.weight": "E",
}
BLOWUP = 1e3  # a loss this many times its starting value counts as diverged


@dataclass(frozen=True)
class Record:
    """The model after ``step`` optimiser steps (step 0: the initial weights)."""

    step: int
    train_loss: float
    train_acc: float
    heldout_loss: float
    heldout_acc: float
    grad_norm: float  # ||dL/dW|| over every weight, before clipping (NaN at step 0)
    update_norm: float  # ||ΔW|| of this step (NaN at step 0)
    clipped: bool  # True when clipping shrank this step's gradient
    lr: float = math.nan  # the learning rate this step used (NaN at step 0)
    clip: float | None = None  # the clipping threshold this step used (None: no clipping)


@dataclass(frozen=True)
class RunReport:
    steps: int  # steps taken by this call
    reason: str  # 'steps' | 'loss' | 'acc' | 'time' | 'diverged'
    message: str


@dataclass(frozen=True)
class Checkpoint:
    """A stepper's whole state after its steps: weights, optimiser state, history and the last step's ΔW and dW.
    Read-only: :meth:`Stepper.restore` copies it in, so one checkpoint can seed any number of steppers."""

    weights: dict[str, torch.Tensor]
    opt_state: dict
    history: tuple[Record, ...]
    before: dict[str, torch.Tensor] | None
    grads: dict[str, np.ndarray] | None
    clipped_grads: dict[str, np.ndarray] | None
    lr: float
    clip: float | None
    diverged: bool
    diverged_at: int | None
    message: str


STEP_OVERHEAD = 110_000_000  # a step's fixed cost (optimiser, records), in multiply-add equivalents
TOKEN_OVERHEAD = 11_000  # each token's fixed cost through a pass (torch's per-step calls), likewise
WORK_PER_SECOND = 28e9  # multiply-add equivalents a second on one thread (fitted on the 9 tasks x 2 cells here)


def step_work(task: Task, kind: str, units: int) -> int:
    """What one step costs, in multiply-add equivalents: forward and backward on the training set (x3) and the
    records' forward passes on it and on the held-out set, each token through G weight blocks of H x (H + D) and
    the output layer (D: the input width, or the embedding's), plus fixed costs per token and per step. Divided by
    ``WORK_PER_SECOND``: seconds, within about 30% on every task here (words LSTM-32: 0.11 s predicted, 0.13 s)."""
    G, D, O = len(GATES[kind]), task.input_dim or 1, task.output_dim or 1
    tokens = 4 * sum(len(e.inputs) for e in task.train) + sum(len(e.inputs) for e in task.heldout)
    return STEP_OVERHEAD + tokens * (G * units * (units + D + O) + TOKEN_OVERHEAD)


def _frozen_copy(arrays: dict[str, np.ndarray] | None) -> dict[str, np.ndarray] | None:
    if arrays is None:
        return None
    out = {k: v.copy() for k, v in arrays.items()}
    for v in out.values():
        v.setflags(write=False)
    return out


def _same_examples(a: tuple[Example, ...], b: tuple[Example, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class Stepper:
    """A per-session trainer: ``step()``, ``run(n)``, ``reset()``; ``weights()``, ``delta()``, ``grads()``."""

    def __init__(
        self,
        task: Task,
        kind: str,
        units: int,
        seed: int = 0,
        lr: float | None = None,
        optimizer: str = "adam",
        init_scale: float | None = None,
        clip: float | None = None,
    ):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
        lr = task.lr if lr is None else float(lr)
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"the learning rate must be a positive number, got {lr}")
        if clip is not None and not (math.isfinite(clip) and clip > 0):
            raise ValueError(f"clip must be a positive number or None, got {clip}")
        if int(units) < 1:
            raise ValueError(f"units must be at least 1, got {units}")
        self.task, self.kind, self.units, self.seed = task, kind, int(units), int(seed)
        self.lr, self.optimizer, self.init_scale, self.clip = lr, optimizer, init_scale, clip
        self.net = make_net(task, kind, self.units, self.seed, init_scale)
        self._names = {p: TORCH_TO_LECTURE[n] for n, p in self.net.named_parameters()}
        self._initial = self._snapshot()
        self._train = batches(task, task.train)
        self._heldout_is_train = _same_examples(task.train, task.heldout)
        self.reset()

    # state ----------------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the seed's initial weights, an empty history and a fresh optimiser."""
        with torch.no_grad():
            for p in self.net.parameters():
                p.copy_(self._initial[self._names[p]])
        params = list(self.net.parameters())
        opt = torch.optim.SGD if self.optimizer == "sgd" else torch.optim.Adam
        self.opt = opt(params, lr=self.lr)
        self.diverged, self.message, self.diverged_at = False, "", None
        self._before: dict[str, torch.Tensor] | None = None
        self._grads: dict[str, np.ndarray] | None = None
        self._clipped_grads: dict[str, np.ndarray] | None = None
        with one_thread():
            self.history: list[Record] = [self._record(0, math.nan, math.nan, False)]

    @property
    def n_steps(self) -> int:
        return self.history[-1].step

    def _snapshot(self) -> dict[str, torch.Tensor]:
        return {self._names[p]: p.detach().clone() for p in self.net.parameters()}

    def _numpy(self, tensors: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
        return {k: float64(tensors[k]) for k in NAMES if k in tensors}

    def checkpoint(self) -> Checkpoint:
        """This stepper's state, for :meth:`restore` on another stepper of the same recipe: copies, read-only, so
        one checkpoint can be shared."""
        return Checkpoint(
            self._snapshot(),
            copy.deepcopy(self.opt.state_dict()),
            tuple(self.history),
            None if self._before is None else {k: v.clone() for k, v in self._before.items()},
            _frozen_copy(self._grads),
            _frozen_copy(self._clipped_grads),
            self.lr,
            self.clip,
            self.diverged,
            self.diverged_at,
            self.message,
        )

    def restore(self, cp: Checkpoint) -> None:
        """Take ``cp``'s state (copied: ``cp`` stays as it was), as if this stepper had taken its steps."""
        with torch.no_grad():
            for p in self.net.parameters():
                p.copy_(cp.weights[self._names[p]])
        self.lr, self.clip = cp.lr, cp.clip
        self.opt.load_state_dict(copy.deepcopy(cp.opt_state))
        self.history = list(cp.history)
        self._before = None if cp.before is None else {k: v.clone() for k, v in cp.before.items()}
        self._grads, self._clipped_grads = (
            None if g is None else {k: v.copy() for k, v in g.items()} for g in (cp.grads, cp.clipped_grads)
        )
        self.diverged, self.diverged_at, self.message = cp.diverged, cp.diverged_at, cp.message

    def weights(self) -> dict[str, np.ndarray]:
        """Current weights as float64 copies: W_xh (G*H, D), W_hh (G*H, H), b_xh, b_hh (G*H,), W_hy (O, H), b_y (O,)."""
        return self._numpy(self._snapshot())

    def delta(self) -> dict[str, np.ndarray] | None:
        """ΔW = W_after - W_before of the last step (None before the first step)."""
        if self._before is None:
            return None
        now, before = self.weights(), self._numpy(self._before)
        return {k: now[k] - before[k] for k in now}

    def grads(self, clipped: bool = False) -> dict[str, np.ndarray] | None:
        """dL/dW that drove the last step; ``clipped=True`` gives what the optimiser saw after clipping."""
        return self._clipped_grads if clipped else self._grads

    # training -------------------------------------------------------------------------------------------------------

    def _metrics(self) -> tuple[float, float, float, float]:
        train_loss, train_acc = evaluate(self.task, self.net, self.task.train)
        if self._heldout_is_train:
            return train_loss, train_acc, train_loss, train_acc
        return (train_loss, train_acc, *evaluate(self.task, self.net, self.task.heldout))

    def _record(self, step: int, grad_norm: float, update_norm: float, clipped: bool) -> Record:
        lr, clip = (math.nan, None) if step == 0 else (float(self.lr), self.clip)
        return Record(step, *self._metrics(), grad_norm, update_norm, clipped, lr, clip)

    def schedule(self) -> list[tuple[int, float, float | None]]:
        """The steps taken so far as runs of (steps, learning rate, clipping threshold): with the recipe, what
        rebuilds these exact weights (:meth:`replay`)."""
        runs: list[tuple[int, float, float | None]] = []
        for r in self.history[1:]:
            if runs and runs[-1][1:] == (r.lr, r.clip):
                runs[-1] = (runs[-1][0] + 1, r.lr, r.clip)
            else:
                runs.append((1, r.lr, r.clip))
        return runs

    def replay(self, schedule, progress=None) -> RunReport:
        """Take the steps of ``schedule`` (from :meth:`schedule`) from here, with their rates and thresholds;
        ``progress(done, total)`` after each run. Stops early if training diverges."""
        total, done = sum(n for n, _, _ in schedule), 0
        for n, lr, clip in schedule:
            self.lr, self.clip = float(lr), clip
            for group in self.opt.param_groups:
                group["lr"] = float(lr)
            for chunk in [25] * (n // 25) + [n % 25] * bool(n % 25):
                rep = self.run(chunk)
                done += rep.steps
                if progress is not None:
                    progress(done, total)
                if rep.reason != "steps":
                    return RunReport(done, rep.reason, rep.message)
        return RunReport(done, "steps", f"Took {done} steps; now at step {self.n_steps}.")

    def _diverge(self, what: str, value: float, before: dict[str, torch.Tensor]) -> None:
        with torch.no_grad():
            for p in self.net.parameters():
                p.copy_(before[self._names[p]])
        step = self.n_steps + 1
        shown = "NaN" if math.isnan(value) else ("infinite" if math.isinf(value) else f"{value:.3g}")
        verb = f"became {shown}" if not math.isfinite(value) else f"exploded to {shown}"
        # clipping caps an SGD step; Adam's step is about lr whatever the gradient, so only a smaller rate helps
        hint = " or turn on gradient clipping" if self.clip is None and self.optimizer == "sgd" else ""
        self.diverged, self.diverged_at = True, step
        self.message = (
            f"The {what} {verb} at step {step}: the learning rate {self.lr:g} is too large for this "
            f"model. The weights shown are from step {step - 1}. Reset to start again, with a smaller "
            f"learning rate{hint}."
        )

    def step(self) -> Record | None:
        """One optimiser step on the full training set; the new Record, or None when diverged (nothing changes)."""
        if self.diverged:
            return None
        with one_thread():
            return self._step()

    def _grads_now(self) -> dict[str, torch.Tensor]:
        return {self._names[p]: p.grad.detach().clone() for p in self.net.parameters()}

    def _step(self) -> Record | None:
        before = self._snapshot()
        raw = {}

        def keep_if_finite(norm: float) -> bool:
            raw.update(self._grads_now())
            return math.isfinite(norm)

        done = optimiser_step(
            self.opt, lambda: backward_mean(self.task, self.net, self._train), self.clip, check=keep_if_finite
        )
        norm, clipped = done.grad_norm, done.clipped
        if not done.stepped:
            self._diverge("gradient", norm, before)
            return None
        seen = self._grads_now()
        after = self._snapshot()
        if not all(bool(torch.isfinite(v).all()) for v in after.values()):
            self._diverge("weights", math.nan, before)
            return None
        update = math.sqrt(sum(float(((after[k].double() - before[k].double()) ** 2).sum()) for k in after))
        rec = self._record(self.n_steps + 1, norm, update, clipped)
        start = self.history[0].train_loss
        for what, value in (("training loss", rec.train_loss), ("held-out loss", rec.heldout_loss)):
            if not math.isfinite(value) or value > BLOWUP * max(start, 1e-3):
                self._diverge(what, value, before)
                return None
        self._before, self._grads, self._clipped_grads = before, self._numpy(raw), self._numpy(seen)
        self.history.append(rec)
        return rec

    def run(
        self, n: int, stop_loss: float | None = None, stop_acc: float | None = None, max_seconds: float | None = None
    ) -> RunReport:
        """Up to ``n`` steps; stop early when the training loss <= ``stop_loss``, the held-out accuracy >=
        ``stop_acc``, ``max_seconds`` have passed, or training diverges."""
        t0, done = time.perf_counter(), 0

        def reached() -> RunReport | None:
            r = self.history[-1]
            if stop_loss is not None and r.train_loss <= stop_loss:
                return RunReport(done, "loss", f"Training loss {r.train_loss:.3g} <= {stop_loss:g} at step {r.step}.")
            if stop_acc is not None and r.heldout_acc >= stop_acc:
                return RunReport(
                    done, "acc", f"Held-out accuracy {r.heldout_acc:.0%} >= {stop_acc:.0%} at step {r.step}."
                )
            return None

        if self.diverged:
            return RunReport(0, "diverged", self.message)
        if hit := reached():
            return hit
        for _ in range(int(n)):
            with one_thread():
                rec = self._step()
            if rec is None:
                return RunReport(done, "diverged", self.message)
            done += 1
            if hit := reached():
                return hit
            if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
                return RunReport(done, "time", f"Stopped after {done} steps to keep the page responsive.")
        return RunReport(done, "steps", f"Took {done} steps; now at step {self.n_steps}.")

    # views ----------------------------------------------------------------------------------------------------------

    def curves(self) -> dict[str, np.ndarray]:
        """The history as columns for plotting: step, train_loss, train_acc, heldout_loss, heldout_acc, ..."""
        return {f.name: np.array([getattr(r, f.name) for r in self.history]) for f in fields(Record)}

    def bptt_view(self, example: Example | None = None) -> GradientFlow:
        """dL/dh_t back through time on ``example`` (default: the task's own) at the current weights, by the numpy
        replay and its verified backward."""
        return gradient_flow(to_numpy(self.net), self.task.loss, self.task.default if example is None else example)

    def __repr__(self) -> str:
        state = f"diverged at step {self.diverged_at}" if self.diverged else f"step {self.n_steps}"
        return (
            f"Stepper({self.task.id}, {self.kind}, units={self.units}, seed={self.seed}, {self.optimizer} "
            f"lr={self.lr:g}, clip={self.clip}, {state})"
        )
