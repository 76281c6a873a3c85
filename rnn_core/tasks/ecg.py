"""ecg: read 8 seconds of a heart's electrical trace and say whether its rhythm is normal or irregular (many-to-one).

The traces are synthetic, from the model of McSharry, Clifford, Tarassenko and Smith, "A dynamical model for
generating synthetic electrocardiogram signals", IEEE Trans. Biomed. Eng. 50(3):289-294, 2003. There a point
circles a limit cycle once per beat, and each wave of the beat, i in (P, Q, R, S, T), is an event at the angle
theta_i = (-pi/3, -pi/12, 0, pi/12, pi/2) with width b_i = (0.25, 0.1, 0.1, 0.1, 0.4) and strength
a_i = (1.2, -5, 30, -7.5, 0.75): dz/dt = -sum_i a_i dtheta_i exp(-dtheta_i^2 / (2 b_i^2)) - (z - z_0). We do not
integrate the ODE: at a constant angular speed omega = 2 pi / RR its solution (without the pull back to z_0) is
the sum of Gaussians z = sum_i (a_i b_i^2 / omega) exp(-dtheta_i^2 / (2 b_i^2)), so each beat is drawn as five
Gaussians centred at r + theta_i RR / (2 pi) seconds, of width b_i RR / (2 pi), where r is the time of the beat's
R peak; heights a_i b_i^2 are scaled so that R is about 1 mV. The peaks are placed along the RR intervals we
draw, which is what the model's time-varying omega does, and RR (the heart's own rate, not a single interval)
sets the shape of every beat. On top: baseline wander (breathing, 0.15-0.4 Hz) and noise.

Two classes, half the examples each:

    normal         55-95 beats a minute, each RR interval within a few per cent of the last (the slow swing of
                   breathing, respiratory sinus arrhythmia)
    irregular      either premature beats (2-4 beats come at 55-70% of the RR, wide, with no P wave and an
                   inverted T, as a ventricular ectopic beat, followed by a compensatory pause so the two intervals
                   add to two RR), or atrial-fibrillation-like: every RR drawn at random within +-25-40% of the
                   mean, no P waves, and small fast fibrillation waves instead

The network does not read the 1,600 samples: the trace is cut into T = 32 frames of 0.25 s, and x_t is three numbers
of frame t measured from the frame's median (so the wander cancels): its highest point, where in the frame that
point is (0 at its start, 1 at its end), and its lowest point (:func:`frame_features`). Only the last step has an
output: y_T scores the two classes.
"""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Task, draw_sets
from rnn_core.tasks.framing import Framing

SAMPLE_RATE = 200  # Hz
SECONDS = 8.0
T = 32  # frames
FRAME = int(SAMPLE_RATE * SECONDS) // T  # 50 samples: 0.25 s
CLASSES = ("normal", "irregular")  # short: the diagram shows them in a box
FEATURES = ("top", "when", "bottom")
N_TRAIN, N_HELDOUT = 400, 200
SIGNAL = Framing(SAMPLE_RATE, FRAME, T, FEATURES, CLASSES)
THETA = np.array([-np.pi / 3, -np.pi / 12, 0.0, np.pi / 12, np.pi / 2])
A = np.array([1.2, -5.0, 30.0, -7.5, 0.75])
B = np.array([0.25, 0.1, 0.1, 0.1, 0.4])
HEIGHT = A * B**2 / (A[2] * B[2] ** 2)  # mV per wave with R = 1 (P 0.25, Q -0.17, R 1, S -0.25, T 0.4)


def beats(kind: str, rr: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """R-peak times (s) over the trace and which of them are ectopic, for ``kind`` in ("normal", "premature",
    "fibrillation") around the mean interval ``rr`` (s)."""
    times, ectopic, last_gap = [rng.uniform(0.1, rr)], [False], rr
    breath, phase = rng.uniform(0.2, 0.33), rng.uniform(0, 2 * np.pi)
    early = set()
    if kind == "premature":
        n = int(SECONDS / rr)
        early = set(rng.choice(np.arange(1, n - 1), size=rng.integers(2, 5), replace=False).tolist())
    while times[-1] < SECONDS + rr:
        k, t = len(times), times[-1]
        if kind == "fibrillation":
            nxt = t + rr * rng.uniform(1 - 0.35, 1 + 0.35)
        elif ectopic[-1]:
            nxt = t + 2 * rr - last_gap  # the compensatory pause: two intervals add to two RR
        else:
            nxt = t + rr * (1 + rng.uniform(0.03, 0.05) * np.sin(2 * np.pi * breath * t + phase))
        is_early = k in early and not ectopic[-1]
        if is_early:
            nxt = t + rr * rng.uniform(0.55, 0.7)
        last_gap = nxt - t
        times.append(nxt)
        ectopic.append(is_early)
    return np.asarray(times), np.asarray(ectopic)


def trace(kind: str, bpm: float, rng: np.random.Generator) -> np.ndarray:
    """One ECG trace (mV), SECONDS long at SAMPLE_RATE, for ``kind`` as in :func:`beats`."""
    rr = 60.0 / bpm
    t = np.arange(int(SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    r_times, ectopic = beats(kind, rr, rng)
    gain = rng.uniform(0.8, 1.3)
    x = np.zeros_like(t)
    for r, odd in zip(r_times, ectopic, strict=True):
        height, width = HEIGHT.copy(), B.copy()
        if kind == "fibrillation" or odd:
            height[0] = 0.0  # no P wave
        if odd:
            width[1:4] *= 2.2  # a wide QRS
            height[2] *= 1.3
            height[4] *= -1.5  # an inverted T
        centre = r + THETA * rr / (2 * np.pi)  # (5,)
        sd = width * rr / (2 * np.pi)
        x += (height[:, None] * np.exp(-((t[None, :] - centre[:, None]) ** 2) / (2 * sd[:, None] ** 2))).sum(axis=0)
    x *= gain
    if kind == "fibrillation":
        for _ in range(3):
            x += rng.uniform(0.01, 0.03) * np.sin(2 * np.pi * rng.uniform(4, 8) * t + rng.uniform(0, 2 * np.pi))
    x += rng.uniform(0.05, 0.2) * np.sin(2 * np.pi * rng.uniform(0.15, 0.4) * t + rng.uniform(0, 2 * np.pi))
    return x + rng.normal(0, rng.uniform(0.01, 0.03), len(t))


def frame_features(x: np.ndarray) -> np.ndarray:
    """x_t for each frame: (T, 3) = highest point above the frame's median, where it is (0..1), lowest point."""
    frames = SIGNAL.frames(x)  # (T, FRAME)
    f = frames - np.median(frames, axis=1, keepdims=True)
    return np.stack([f.max(axis=1), f.argmax(axis=1) / (FRAME - 1), f.min(axis=1)], axis=1)


def random_example(k: int, rng: np.random.Generator) -> Example:
    """A trace of the k-th of four kinds (half of them normal, a quarter premature, a quarter fibrillation), its steps
    labelled by the end of their frame in seconds."""
    kind = ("normal", "normal", "premature", "fibrillation")[k]
    x = trace(kind, rng.uniform(55, 95), rng)
    return SIGNAL.example(frame_features(x), x, int(kind != "normal"), lambda s: f"{s:g}s")


def ecg_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, random_example, kinds=4)
    return SIGNAL.task(
        train=train,
        heldout=heldout,
        default_class="irregular",
        id="ecg",
        title="ECG: regular rhythm?",
        blurb="Eight seconds of a synthetic heart trace (200 numbers a second), cut into quarter-second frames: "
        "the model reads one frame per step and, after the last, says whether the rhythm is normal or irregular "
        "(early beats, or atrial fibrillation), which shows in the spacing of the beats over time and the odd "
        "shape of an early beat. Many-to-one.",
        default_units=16,  # a vanilla RNN needs them to keep the beats apart (8 units: 65-95% by the seed)
        can=frozenset({"look"}),
        inputs="a quarter second of the trace as 3 numbers: its highest point (a heartbeat's R peak stands out), "
        "where in the frame that point is, and its lowest point, each in mV from the frame's middle value",
        outputs="after the last frame only: scores for normal (a regular rhythm) and irregular",
        memory="the spacing of the beats over the whole 8 seconds (32 frames): a beat comes about every 0.8 s, so an"
        " irregular rhythm shows only across several beats, many frames apart.",
        media="trace",
    )
