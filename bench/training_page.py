"""Server-side cost of the /training page: first load and one train_step; prints a table.

    python bench/training_page.py

In the browser a step reruns only the training fragment (controls, metrics, scores, curves, weights grid and
the backward pass); AppTest reruns the whole script, so "step (full rerun)" is an upper bound that also
redraws the vanishing plot and the horizon plot. "fragment work" times what the fragment itself does: one
optimiser step (with the scores kept from before it), the replay and backward pass of the sequence, and
every figure it draws, serialised as Streamlit would.
"""

import dataclasses
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from streamlit.testing.v1 import AppTest  # noqa: E402

from rnn_core.experiments.stepper import Stepper  # noqa: E402
from rnn_core.params import GATES, KINDS  # noqa: E402
from rnn_core.tasks import get_task  # noqa: E402
from viz.backprop import backward_figure  # noqa: E402
from viz.curves import gradient_norms, training_curves  # noqa: E402
from viz.scores import score_table  # noqa: E402
from viz.weights import weights_grid  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUBSET = 300  # as the page: the words task trains on its first 300 sentences


def fragment_work(task, s: Stepper) -> None:
    ex = task.default
    before = s.bptt_view(ex)
    s.step()
    flow = s.bptt_view(ex)
    figs = [
        score_table(
            flow.logits,
            ex.targets,
            list(ex.x_labels),
            task.classes,
            probs=flow.probs,
            before=before.logits,
            probs_before=before.probs,
            step=s.n_steps,
        ),
        training_curves(s.curves(), stacked=True),
        weights_grid(
            s.weights(),
            s.delta(),
            s.grads(clipped=True),
            step=s.n_steps,
            gates=GATES[s.kind],
            classes=list(task.classes) if task.classes else None,
        ),
        backward_figure(
            flow.replay.trace.h,
            list(ex.x_labels),
            [None if y is None else str(y) for y in ex.y_labels],
            flow.dh_norm,
            ex.T,
            cell=s.kind,
        ),
        gradient_norms(flow.dh_norm),
    ]
    for f in figs:
        f.to_json()


def main():
    print(f"{'task':<8} {'arch':<5} {'first load s':>13} {'step (full rerun) ms':>21} {'step (fragment work) ms':>24}")
    for task_id in ("chars", "words"):
        task = get_task(task_id)
        if len(task.train) > SUBSET:
            task = dataclasses.replace(task, train=task.train[:SUBSET])
        for arch in KINDS:
            at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=120)
            at.switch_page("app_pages/training.py")
            at.query_params.update(seq=task_id, arch=arch)
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            assert not at.exception, [e.message for e in at.exception]
            steps = []
            for _ in range(5):
                t0 = time.perf_counter()
                at.button(key="tr_step").click().run()
                steps.append(time.perf_counter() - t0)
            s = Stepper(task, arch, task.default_units, 0)
            fragment_work(task, s)  # warm-up
            frag = []
            for _ in range(5):
                t0 = time.perf_counter()
                fragment_work(task, s)
                frag.append(time.perf_counter() - t0)
            print(f"{task_id:<8} {arch:<5} {first:13.2f} {1e3 * np.median(steps):21.0f} {1e3 * np.median(frag):24.1f}")
    print("goal: a step well under a second (words); chars fast enough to play at about two updates a second")


if __name__ == "__main__":
    main()
