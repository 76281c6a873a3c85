"""The one optimiser step every training loop takes, and the progress callback they report through.

zero_grad
L = backward()                           the loop's forward pass and L.backward(): dL/dW in p.grad
||g|| = sqrt(sum over every weight of ||dL/dW||^2)
check(||g||) may refuse the step         (the stepper refuses a non-finite gradient)
if clip:  g <- g * min(1, clip / (||g|| + 1e-6))      global-norm clipping, as clip_grad_norm_
W <- opt(W, g)                           SGD, Adam, ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.nn.utils import clip_grads_with_norm_, get_total_norm

Progress = Callable[[float, str], None]  # progress(fraction of the work done, what is happening)


@dataclass(frozen=True)
class OptStep:
    loss: float  # what ``backward`` returned
    grad_norm: float  # ||dL/dW|| over every weight, before clipping
    clipped: bool  # clipping shrank the gradient
    stepped: bool  # False when ``check`` refused the step (the weights did not move)


def optimiser_step(
    opt: torch.optim.Optimizer,
    backward: Callable[[], float],
    clip: float | None = None,
    check: Callable[[float], bool] | None = None,
) -> OptStep:
    """One step of ``opt`` on the gradient ``backward()`` leaves in the parameters (see the module doc)."""
    params = [p for group in opt.param_groups for p in group["params"]]
    opt.zero_grad()
    loss = float(backward())
    norm = get_total_norm([p.grad for p in params if p.grad is not None])
    grad_norm = float(norm)
    if check is not None and not check(grad_norm):
        return OptStep(loss, grad_norm, False, False)
    if clip is not None:
        clip_grads_with_norm_(params, clip, norm)
    opt.step()
    return OptStep(loss, grad_norm, clip is not None and grad_norm > clip, True)
