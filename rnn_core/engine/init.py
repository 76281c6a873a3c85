"""Seeded initial weights that never touch torch's global generator.

``torch.manual_seed`` (even inside ``fork_rng``) seeds one generator shared by the whole process, so two
sessions building models at once draw from each other's stream: the same seed gave different models under
load. :func:`seeded` builds a module on the meta device (no draws at all), then gives every parameter
exactly the values torch's own default init would draw after ``torch.manual_seed(seed)``, in the same
order, from a private ``torch.Generator``:

    nn.Embedding   E ~ N(0, 1)
    nn.RNN/LSTM/GRU every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)), in parameter order
    nn.Linear      W ~ kaiming_uniform(a=sqrt(5)) = U(-1/sqrt(fan_in), 1/sqrt(fan_in)),  b ~ U(same bound)
    nn.Conv2d      the same, fan_in = in_channels * kernel height * kernel width
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import torch
from torch import nn

M = TypeVar("M", bound=nn.Module)


def generator(seed: int) -> torch.Generator:
    """A private CPU generator: the same stream as the global one after ``torch.manual_seed(seed)``."""
    return torch.Generator().manual_seed(int(seed))


def seeded(factory: Callable[[], M], seed: int) -> M:
    """``factory()`` with torch's default initial weights for ``seed``, drawn from a private generator."""
    with torch.device("meta"):
        module = factory()
    module = module.to_empty(device="cpu")
    g = generator(seed)
    with torch.no_grad():
        for sub in module.modules():
            _init(sub, g)
    return module


def _init(module: nn.Module, g: torch.Generator) -> None:
    """Draw ``module``'s own parameters (not its children's) as its ``reset_parameters`` would."""
    own = list(module.parameters(recurse=False))
    if not own:
        return
    if isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, generator=g)
        if module.padding_idx is not None:
            module.weight[module.padding_idx].fill_(0)
    elif isinstance(module, nn.RNNBase):
        bound = 1.0 / math.sqrt(module.hidden_size)
        for p in own:
            nn.init.uniform_(p, -bound, bound, generator=g)
    elif isinstance(module, nn.Linear | nn.Conv2d):
        nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=g)
        if module.bias is not None:
            fan_in = module.weight[0].numel()  # in_features, or in_channels * kernel height * kernel width
            bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            nn.init.uniform_(module.bias, -bound, bound, generator=g)
    else:
        raise TypeError(f"no seeded init for {type(module).__name__}")
