"""What a person sees or hears of a task's input, under the explorer's diagram (``Task.media``): an audio player
and its waveform, a trace, frames, an image. The figures come from ``viz``; this module only places them.

Each kind has one function ``show_<kind>(task, example, big)``; :func:`show` picks it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from ui.charts import built
from ui.charts import show as show_chart
from ui.safe import md
from viz.frames import frames_figure, upscale
from viz.signals import trace_figure, waveform_figure


def show(task, example, big: bool) -> None:
    """The task's media panel for ``example`` (nothing when the task or the example has none)."""
    if task.media is None or example.media is None:
        return
    DRAW[task.media](task, example, big)


def _frame_len(example) -> int:
    """Samples per frame: the signal is cut into the example's T frames, one per input x_t."""
    return len(np.asarray(example.media)) // example.T


def show_audio(task, example, big: bool) -> None:
    """A player for the sound and its waveform, cut into the frames x_t the network hears."""
    wave = np.asarray(example.media, dtype=float)
    st.markdown("**Listen to it**: the sound the network hears, frame by frame.")
    st.audio(wave, sample_rate=task.sample_rate)
    n = _frame_len(example)
    show_chart(
        built(waveform_figure, wave, task.sample_rate, n, frame_labels=list(example.x_labels), big=big), "media_audio"
    )
    st.caption(
        f"{len(wave):,} samples at {task.sample_rate:,} a second ({len(wave) / task.sample_rate:g} s). The player "
        "turns every sound up to full volume: listen for pitch and timbre, not loudness. Each shaded or white band "
        f"is one frame of {n} samples ({1000 * n / task.sample_rate:g} ms): the network never sees the samples, only "
        "x_t, the few numbers that sum up frame t. Hover over the wave for its frame."
    )


def show_trace(task, example, big: bool) -> None:
    """The trace, cut into the frames x_t the network reads."""
    trace = np.asarray(example.media, dtype=float)
    n = _frame_len(example)
    show_chart(
        built(trace_figure, trace, task.sample_rate, n, frame_labels=list(example.x_labels), big=big), "media_trace"
    )
    st.caption(
        f"{len(trace):,} samples at {task.sample_rate:,} a second ({len(trace) / task.sample_rate:g} s). Each shaded "
        f"or white band is one frame of {n} samples ({n / task.sample_rate:g} s): the network never sees the samples, "
        "only x_t, the few numbers that sum up frame t. Each tall spike is a heartbeat's R peak. Hover over the "
        "trace for its frame."
    )


def show_frames(task, example, big: bool) -> None:
    """The clip's frames in a row, each numbered as the input x_t it is."""
    frames = np.asarray(example.media)
    n, rows, cols = frames.shape
    st.markdown("**The clip, frame by frame**: what the network reads, one frame per step.")
    show_chart(built(frames_figure, frames, list(example.x_labels), big=big), "media_frames", width="content")
    st.caption(
        f"Each frame is {rows} x {cols} pixels (black 0, white 1); flattened, its {rows * cols} brightnesses are "
        "x_t. No single frame shows the action: the network has to remember where the shape was. Hover over a "
        "pixel for its value."
    )


def show_image(task, example, big: bool) -> None:
    """The picture, big enough to see, beside what the model says about it (``example.y_labels``) and, for the
    task's own picture, the caption it was drawn with."""
    image = np.asarray(example.media)
    rows, cols = image.shape[:2]
    left, right = st.columns([1, 2] if not big else [1, 1.4], vertical_alignment="center")
    own = example.media is task.default.media
    truth = " ".join(str(w) for w in task.default.y_labels if w is not None) if own else None
    alt = f"The picture the model captions, {rows} x {cols} pixels" + (f", drawn as: {truth}" if own else "")
    left.image(
        upscale(image, max(1, (360 if big else 240) // cols)), caption=f"The picture: {rows} x {cols} pixels", alt=alt
    )
    said = " ".join(str(w) for w in example.y_labels if w is not None)
    right.markdown(f"**The model's caption:** {md(said)}")
    if own:
        right.markdown(f"**The caption it was drawn with:** {md(truth)}")
    right.caption(
        md(
            f"The picture goes in once, as the first input x_1 (its {rows} x {cols} x 3 = {image.size} colour "
            "values, and no word). After that there is no picture: each x_t is the word the model chose at the step "
            "before, fed back (the dashed arrows), until it says <end>."
        )
    )


DRAW: dict[str, Callable] = {"audio": show_audio, "trace": show_trace, "frames": show_frames, "image": show_image}
