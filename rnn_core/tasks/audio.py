"""audio: hear a short sound, frame by frame, and name what kind of sound it is (many-to-one).

Each example is 0.48 s of sound sampled at 8 kHz (3,840 numbers in [-1, 1]), one of five kinds:

    tone            a steady sine wave, 250-2,500 Hz
    chirp up        a sine whose pitch glides up by 2.5-4 times (from 250-800 Hz)
    chirp down      the same gliding down
    vowel           a voice-like buzz: the harmonics of a low pitch (100-220 Hz), loudest near the formants
                    (the resonances of the mouth) of "ah", "ee" or "oo", with a syllable's rise and fall
    noise           a hiss: random samples

with a random loudness (0.3-0.9), a quiet hiss on top and 5 ms fades at both ends. The network does not read
the 3,840 samples: the sound is cut into T = 24 frames of 20 ms (160 samples), and x_t is four numbers that
summarise frame t (:func:`frame_features`):

    loud    sqrt(2) * RMS of the frame: a sine of amplitude A gives A
    zc/ms   zero crossings per millisecond: a tone of f kHz crosses zero 2f times a millisecond
    low     the share of the frame's energy below 1 kHz (0..1, from its spectrum)
    high    the share above 2 kHz

Only the last step has an output: y_T scores the five kinds.
"""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Task, draw_sets
from rnn_core.tasks.framing import Framing

SAMPLE_RATE = 8000  # Hz
FRAME = 160  # samples per frame: 20 ms
T = 24  # frames: 0.48 s in all
CLASSES = ("tone", "chirp up", "chirp down", "vowel", "noise")  # short: the diagram shows them in a box
FEATURES = ("loud", "zc/ms", "low", "high")
N_TRAIN, N_HELDOUT = 300, 150  # balanced: the same number of each kind
FADE = 0.005  # s
LOW_HZ, HIGH_HZ = 1000.0, 2000.0
SIGNAL = Framing(SAMPLE_RATE, FRAME, T, FEATURES, CLASSES)
VOWELS = {"ah": (730, 1090, 2440), "ee": (270, 2290, 3010), "oo": (300, 870, 2240)}  # formants (Hz), Peterson-Barney


def _tone(f: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A sine whose frequency (Hz) at each sample is ``f``: its phase is the running sum of 2 pi f / rate."""
    return np.sin(2 * np.pi * np.cumsum(f) / SAMPLE_RATE + rng.uniform(0, 2 * np.pi))


def _vowel(n: int, rng: np.random.Generator) -> np.ndarray:
    """Harmonics of a pitch f0 with amplitudes peaked at the vowel's three formants, under a syllable envelope."""
    f0 = rng.uniform(100, 220)
    formants = np.asarray(VOWELS[rng.choice(list(VOWELS))]) * rng.uniform(0.92, 1.08)
    t = np.arange(n) / SAMPLE_RATE
    glide = f0 * (1 + rng.uniform(-0.08, 0.08) * t / t[-1])  # a voice drifts a little in pitch
    phase = 2 * np.pi * np.cumsum(glide) / SAMPLE_RATE
    x = np.zeros(n)
    for k in range(1, int(3800 // (f0 * 1.08)) + 1):
        gain = sum(g * np.exp(-(((k * f0 - F) / 120.0) ** 2)) for g, F in zip((1.0, 0.6, 0.3), formants, strict=True))
        x += (gain + 0.02) / k**0.5 * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    rise = rng.uniform(0.15, 0.35)  # the syllable is loudest this far in
    u = t / t[-1]
    return x * np.where(u < rise, u / rise, 1 - 0.7 * (u - rise) / (1 - rise)) ** 0.7


def synthesise(kind: int, rng: np.random.Generator) -> np.ndarray:
    """One sound of class ``kind`` (an index of CLASSES): (T * FRAME,) samples in [-1, 1]."""
    n = T * FRAME
    name = CLASSES[kind]
    if name == "tone":
        x = _tone(np.full(n, np.exp(rng.uniform(np.log(250), np.log(2500)))), rng)
    elif name in ("chirp up", "chirp down"):
        lo, ratio = rng.uniform(250, 800), rng.uniform(2.5, 4.0)
        u = np.arange(n) / (n - 1)
        f = lo * ratio ** (u if name == "chirp up" else 1 - u)  # an even glide in musical pitch
        x = _tone(f, rng)
    elif name == "vowel":
        x = _vowel(n, rng)
    else:
        x = rng.normal(0, 1, n)
    x = x / np.max(np.abs(x)) * rng.uniform(0.3, 0.9)
    x = x + rng.normal(0, rng.uniform(0.005, 0.02), n)
    fade = int(FADE * SAMPLE_RATE)
    ramp = np.linspace(0, 1, fade)
    x[:fade] *= ramp
    x[-fade:] *= ramp[::-1]
    return np.clip(x, -1.0, 1.0)


def frame_features(wave: np.ndarray) -> np.ndarray:
    """x_t for each frame of ``wave``: (T, 4) = loudness, zero crossings per ms, low and high energy shares."""
    frames = SIGNAL.frames(wave)  # (T, FRAME)
    loud = np.sqrt(2 * np.mean(frames**2, axis=1))
    signs = np.signbit(frames)
    zc = np.sum(signs[:, 1:] != signs[:, :-1], axis=1) / (FRAME / SAMPLE_RATE * 1000)
    power = np.abs(np.fft.rfft(frames * np.hanning(FRAME), axis=1)) ** 2  # (T, FRAME // 2 + 1)
    hz = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)
    total = power.sum(axis=1) + 1e-12
    low = power[:, hz < LOW_HZ].sum(axis=1) / total
    high = power[:, hz > HIGH_HZ].sum(axis=1) / total
    return np.stack([loud, zc, low, high], axis=1)


def random_example(kind: int, rng: np.random.Generator) -> Example:
    """A sound of class ``kind``, its steps labelled by the end of their frame in ms."""
    wave = synthesise(kind, rng)
    return SIGNAL.example(frame_features(wave), wave, kind, lambda s: f"{1000 * s:.0f}ms")


def audio_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, random_example, kinds=len(CLASSES))
    return SIGNAL.task(
        train=train,
        heldout=heldout,
        default_class="chirp up",
        id="audio",
        title="Audio: which sound?",
        blurb="Half a second of synthesised sound (8,000 numbers a second), cut into 20 ms frames: the "
        "model hears one frame per step and, after the last, says whether it was a steady tone, a chirp "
        "gliding up or down, a vowel or noise. A chirp and a steady tone differ only in how the pitch changes "
        "over time. Many-to-one.",
        can=frozenset({"listen", "look"}),
        inputs="20 ms of sound as 4 numbers: its loudness, zero crossings per millisecond (higher pitch, more "
        "crossings) and the share of its energy below 1 kHz and above 2 kHz",
        outputs="after the last frame only: scores for tone, chirp up, chirp down, vowel and noise",
        memory="how the pitch moves from frame to frame: a chirp and a steady tone differ only in that change, which"
        " a few neighbouring 20 ms frames show.",
        media="audio",
    )
