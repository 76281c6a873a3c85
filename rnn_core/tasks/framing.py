"""A signal cut into frames, one frame per step, named after the last frame: what the audio and ecg tasks share.

A signal of T * frame samples at ``rate`` samples a second is cut into T frames; x_t is a few numbers that summarise
frame t (each task measures its own ``features``), and only the last step has an output (many-to-one):

    frame_t = signal[(t-1) * frame : t * frame]     # (frame,)
    x_t     = features(frame_t)                     # (len(features),)
    y_T     = W_hy h_T + b_y                        # (len(classes),): scores for the classes
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rnn_core.tasks.base import Example, Task, last_step_example


@dataclass(frozen=True)
class Framing:
    rate: int  # samples a second (Hz)
    frame: int  # samples per frame
    T: int  # frames: the steps
    features: tuple[str, ...]  # what x_t holds, one name per number
    classes: tuple[str, ...]  # what y_T scores

    def times(self) -> np.ndarray:
        """The end of each frame in seconds: (T,)."""
        return (np.arange(self.T) + 1) * self.frame / self.rate

    def frames(self, signal: np.ndarray) -> np.ndarray:
        """The signal cut into its frames: (T, frame) floats."""
        return np.asarray(signal, dtype=float)[: self.T * self.frame].reshape(self.T, self.frame)

    def example(self, x: np.ndarray, signal: np.ndarray, label: int, time_label: Callable[[float], str]) -> Example:
        """x (T, len(features)) read step by step, the class ``label`` after the last; each step is labelled with
        ``time_label`` of the end of its frame (seconds), and the signal goes with it (float32) to be heard or seen."""
        x_labels = [time_label(s) for s in self.times()]
        return last_step_example(x, label, x_labels, self.classes, media=signal.astype(np.float32))

    def task(self, *, train: tuple[Example, ...], heldout: tuple[Example, ...], default_class: str, **fields) -> Task:
        """The task over these frames; the explorer opens on the first held-out example of ``default_class``."""
        label = self.classes.index(default_class)
        return Task(
            mapping="many-to-one",
            encoding="dense",
            input_dim=len(self.features),
            classes=self.classes,
            train=train,
            heldout=heldout,
            default=next(ex for ex in heldout if ex.targets[-1] == label),
            max_len=self.T,
            sample_rate=self.rate,
            **fields,
        )
