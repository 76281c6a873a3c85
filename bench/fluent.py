"""Train the fixed-window vs RNN demo and print training time and held-out accuracy per model.

    python bench/fluent.py [seed ...]

Wall time is what a person waits; CPU time (this process) is less disturbed by
other work on the machine. The goal is the whole of train_demo well under 10 s.
"""

import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from rnn_core.engine.sentences import Settings  # noqa: E402
from rnn_core.experiments.window_vs_rnn import train_demo  # noqa: E402
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE  # noqa: E402


def main(seeds):
    s = Settings()
    print(
        f"torch threads while training={s.threads} (of {os.cpu_count()} cores), epochs lstm/gru={s.epochs}, "
        f"rnn={s.rnn_epochs} (batch {s.rnn_batch_size}, lr {s.rnn_lr}), window={s.window_epochs}, "
        f"train={s.n_train}, held-out={s.n_heldout}, torch {torch.__version__}"
    )
    for seed in seeds:
        run(seed)


def run(seed):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    demo = train_demo(seed)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    french = demo.predict(LECTURE_SENTENCE)
    setup = demo.total_seconds - sum(demo.train_seconds.values())
    print(
        f"\nseed {seed}: train_demo {wall:.2f} s wall, {cpu:.2f} s CPU; of which {setup:.2f} s data, torch warm-up "
        f"and held-out evaluation; chance {demo.chance:.3f}; best gated: {demo.best_gated}"
    )
    print(f"{'model':<10} {'train s':>8} {'params':>7} {'held-out':>9} {'p(French | lecture)':>20}")
    for m in demo.models:
        print(
            f"{m:<10} {demo.train_seconds[m]:8.2f} {demo.n_params[m]:7d} {demo.accuracy[m]:9.3f} "
            f"{french[m]['French']:20.3f}"
        )
    t = time.perf_counter()
    for _ in range(5):
        demo.analyse(LECTURE_SENTENCE)
        demo.saliency(LECTURE_SENTENCE, demo.best_gated)
    print(
        f"analyse (all models) + saliency ({demo.best_gated}) of the lecture sentence: "
        f"{(time.perf_counter() - t) / 5 * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0])
