"""Time every figure builder (build, and build + to_json as a page would send it); prints a table.

    python bench/viz.py

Budget: each build under 30 ms at T=40, H=16.
"""

import os
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from viz.bars import prob_bars  # noqa: E402
from viz.heatmaps import history_heatmap, matrix_heatmap  # noqa: E402
from viz.rolled import rolled_figure  # noqa: E402
from viz.unrolled import unrolled_figure  # noqa: E402

BUDGET_MS = 30.0
WORDS = "Toulouse , France is where I did my post doctoral studies . I speak fluent French".split()


def best(fn, n=15):
    fn()  # warm up
    return min(timeit.repeat(fn, number=1, repeat=n)) * 1e3


def cases():
    rng = np.random.default_rng(0)
    out = []
    for T, H in [(5, 8), (40, 16), (60, 64)]:
        h = np.tanh(rng.normal(size=(T, H)))
        x = (WORDS * 4)[:T]
        y = (WORDS * 4)[1 : T + 1]
        p = rng.uniform(size=T)
        g = np.exp(-np.arange(T)[::-1] / 3)
        out += [
            (f"unrolled_figure T={T} H={H}", lambda h=h, x=x, y=y, T=T: unrolled_figure(h, T // 2, x, y)),
            (
                "  + y_probs grad feedback",
                lambda h=h, x=x, y=y, p=p, g=g, T=T: unrolled_figure(h, T // 2, x, y, y_probs=p, grad=g, feedback=True),
            ),
            ("  big=True", lambda h=h, x=x, y=y, T=T: unrolled_figure(h, T // 2, x, y, big=True)),
            (f"history_heatmap T={T} H={H}", lambda h=h, x=x, T=T: history_heatmap(h, T // 2, x)),
            (f"matrix_heatmap {H}x{H}", lambda H=H: matrix_heatmap(rng.normal(size=(H, H)), "W_hh")),
        ]
    vocab = [f"w{i}" for i in range(100)]
    probs = rng.dirichlet(np.ones(100))
    out += [
        ("rolled_figure lstm", lambda: rolled_figure("lstm")),
        ("prob_bars V=100 k=5", lambda: prob_bars(probs, vocab, highlight="w7")),
    ]
    return out


def main():
    print(f"best of 15, ms; budget {BUDGET_MS:.0f} ms per build")
    print(f"{'figure':<36} {'build':>7} {'+to_json':>9} {'shapes':>7} {'annots':>7}  ok")
    for name, build in cases():
        fig = build()
        t_build = best(build)
        t_json = best(lambda build=build: build().to_json())
        ok = "yes" if t_build < BUDGET_MS else "NO"
        n_s, n_a = len(fig.layout.shapes or ()), len(fig.layout.annotations or ())
        print(f"{name:<36} {t_build:>7.1f} {t_json:>9.1f} {n_s:>7} {n_a:>7}  {ok}")


if __name__ == "__main__":
    main()
