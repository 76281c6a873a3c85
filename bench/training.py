"""Time the /training page's model side; prints tables.

    python bench/training.py            # stepper steps, gradient curves, the default horizon grid
    python bench/training.py --quick    # skip the horizon grid

1. Stepper.step() for each task x cell at the task's default units (median of 20 steps, after one warm-up).
2. gradient_curve at the demo setting (T=40, units=32).
3. The default horizon grid (3 cells x lags 5, 10, 20, 40, 80): seconds, steps and held-out accuracy per cell.
"""

import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from rnn_core.experiments.horizon import DEFAULT_LAGS, run_grid  # noqa: E402
from rnn_core.experiments.stepper import Stepper  # noqa: E402
from rnn_core.experiments.vanishing import DEMO, gradient_curve  # noqa: E402
from rnn_core.params import KINDS  # noqa: E402
from rnn_core.tasks import TASK_IDS, get_task  # noqa: E402


def median_ms(fn, n=20):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)) * 1e3


def stepper_table():
    print(f"Stepper.step(), median of 20, ms (torch threads={torch.get_num_threads()}; steps run on one thread)")
    print(f"{'task':<8} {'units':>5} " + " ".join(f"{k:>8}" for k in KINDS) + f" {'bptt_view':>10}")
    for task_id in TASK_IDS:
        task = get_task(task_id)
        row, view = [], 0.0
        for kind in KINDS:
            s = Stepper(task, kind, task.default_units, seed=0)
            s.step()
            row.append(median_ms(s.step, n=20 if task_id != "words" else 5))
            view = max(view, median_ms(s.bptt_view, n=5))
        print(f"{task_id:<8} {task.default_units:>5} " + " ".join(f"{t:8.1f}" for t in row) + f" {view:10.1f}")
    print("goal: chars < 20 ms for every cell (was a timed assertion in tests/test_stepper.py; timings live here)")


def curve_table():
    print(f"\ngradient_curve T={DEMO['T']} units={DEMO['units']}, median of 10, ms")
    for kind in KINDS:
        t = median_ms(lambda k=kind: gradient_curve(k, DEMO["T"], DEMO["units"], 1.0, 0), n=10)
        print(f"{kind:<5} {t:6.2f}")


def horizon_table():
    print("\nhorizon grid, defaults, seed 0: seconds / steps / held-out accuracy")
    t0 = time.perf_counter()
    grid = run_grid(seed=0)
    total = time.perf_counter() - t0
    print(f"{'cell':<5} " + " ".join(f"{'lag ' + str(lag):>16}" for lag in DEFAULT_LAGS) + f" {'sum s':>7}")
    for kind in grid.kinds:
        cells = [grid.cell(kind, lag) for lag in grid.lags]
        parts = " ".join(f"{c.seconds:5.1f}s {c.steps:4d} {c.accuracy:4.0%}" for c in cells)
        print(f"{kind:<5} {parts} {sum(c.seconds for c in cells):7.1f}")
    print(
        f"total {total:.1f} s (goal < 60 s on 2 cores); horizon at 90%: "
        + ", ".join(f"{k} {grid.horizon(k)}" for k in grid.kinds)
    )


if __name__ == "__main__":
    stepper_table()
    curve_table()
    if "--quick" not in sys.argv:
        horizon_table()
