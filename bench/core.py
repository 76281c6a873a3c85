"""Time the numpy trace against torch at T=100, units=64, input_dim=32; prints a table.

python bench/core.py
"""

import os
import sys
import timeit

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import rnn_core as rc  # noqa: E402
from rnn_core.engine.bridge import from_torch

T, H, D = 100, 64, 32
CLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def best(fn, n=20):
    return min(timeit.repeat(fn, number=1, repeat=n)) * 1e3


def measure(n: int = 20) -> dict[str, dict[str, float]]:
    """Best-of-``n`` milliseconds per cell: numpy ``unroll`` and ``backward``, torch forward and forward+backward."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    xs = rng.normal(size=(T, D))
    dL_dh = rng.normal(size=(T, H))
    return {kind: row(cls(D, H, batch_first=True).double(), xs, dL_dh, n) for kind, cls in CLS.items()}


def main():
    print(f"T={T} units={H} input_dim={D}, float64, best of 20, ms; torch threads={torch.get_num_threads()}")
    print(f"{'cell':<5} {'unroll':>8} {'torch fwd':>10} {'ratio':>6} | {'backward':>9} {'torch f+b':>10} {'ratio':>6}")
    for kind, t in measure().items():
        print(
            f"{kind:<5} {t['unroll']:8.2f} {t['torch_fwd']:10.2f} {t['unroll'] / t['torch_fwd']:6.2f} | "
            f"{t['backward']:9.2f} {t['torch_fb']:10.2f} {t['backward'] / t['torch_fb']:6.2f}"
        )
    print("goal: unroll / torch fwd <= 3")


def row(m, xs, dL_dh, n=20):
    p = from_torch(m)
    x = torch.tensor(xs)[None]
    trace = rc.unroll(p, xs)
    w = torch.tensor(dL_dh)[None]

    def torch_fb():
        m.zero_grad()
        out, _ = m(x)
        (out * w).sum().backward()

    with torch.no_grad():
        t_fwd = best(lambda: m(x), n)
    return {
        "unroll": best(lambda: rc.unroll(p, xs), n),
        "torch_fwd": t_fwd,
        "backward": best(lambda: rc.backward(p, trace, dL_dh), n),
        "torch_fb": best(torch_fb, n),
    }


if __name__ == "__main__":
    main()
