"""Server-side cost of the explorer page: first load (training included) and one step; prints a table.

    python bench/explorer.py

A step in the browser reruns only the stepping fragment; AppTest reruns the
whole script, so the "step (full rerun)" column is an upper bound. The
"step (fragment work)" column times what the fragment itself does: the
diagram, the bars, the history heatmap and the LaTeX of the step's math.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from streamlit.testing.v1 import AppTest  # noqa: E402

from rnn_core.engine.zoo import train  # noqa: E402
from rnn_core.explain import step_terms  # noqa: E402
from rnn_core.tasks import TASK_IDS, get_task  # noqa: E402
from viz import equations as eq  # noqa: E402
from viz.bars import prob_bars  # noqa: E402
from viz.heatmaps import history_heatmap  # noqa: E402
from viz.unrolled import unrolled_figure  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fragment_work(task, net, example, t):
    replay = net.replay(example.inputs)
    labels = list(example.x_labels)
    unrolled_figure(replay.trace.h, t, labels, list(example.y_labels)).to_plotly_json()
    history_heatmap(replay.trace.h, t, labels).to_plotly_json()
    if task.loss == "ce":
        prob_bars(replay.probs[t], list(task.classes)).to_plotly_json()
    for g in step_terms(net.params, replay.trace.steps[t]):
        eq.gate_line(g, t + 1)


def main():
    print(f"{'task':<8} {'arch':<5} {'first load s':>13} {'step (full rerun) ms':>21} {'step (fragment work) ms':>24}")
    for task_id in TASK_IDS:
        task = get_task(task_id)
        for arch in ("rnn", "lstm", "gru"):
            at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=120)
            at.query_params.update(seq=task_id, arch=arch)
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            steps = []
            for _ in range(3):
                t0 = time.perf_counter()
                at.button(key="ex_prev" if at.button(key="ex_next").proto.disabled else "next").click().run()
                steps.append(time.perf_counter() - t0)
            net = train(task, arch, task.default_units, 0).net
            t0 = time.perf_counter()
            for t in range(task.default.T):
                fragment_work(task, net, task.default, t)
            frag = (time.perf_counter() - t0) / task.default.T
            print(f"{task_id:<8} {arch:<5} {first:13.2f} {1e3 * min(steps):21.0f} {1e3 * frag:24.1f}")
    print("goal: step under 100 ms; first load within a few seconds")


if __name__ == "__main__":
    main()
