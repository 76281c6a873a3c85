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

from rnn_core.tasks.base import Example, Task, last_step_example

SAMPLE_RATE = 8000  # Hz
FRAME = 160  # samples per frame: 20 ms
T = 24  # frames: 0.48 s in all
CLASSES = ("tone", "chirp up", "chirp down", "vowel", "noise")  # short: the diagram shows them in a box
FEATURES = ("loud", "zc/ms", "low", "high")
N_TRAIN, N_HELDOUT = 300, 150  # balanced: the same number of each kind
FADE = 0.005  # s
LOW_HZ, HIGH_HZ = 1000.0, 2000.0
VOWELS = {"ah": (730, 1090, 2440), "ee": (270, 2290, 3010), "oo": (300, 870, 2240)}  # formants (Hz), Peterson-Barney


def frame_times() -> np.ndarray:
    """The end of each frame in seconds: (T,)."""
    return (np.arange(T) + 1) * FRAME / SAMPLE_RATE


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
    frames = np.asarray(wave, dtype=float)[: T * FRAME].reshape(T, FRAME)  # (T, FRAME)
    loud = np.sqrt(2 * np.mean(frames**2, axis=1))
    signs = np.signbit(frames)
    zc = np.sum(signs[:, 1:] != signs[:, :-1], axis=1) / (FRAME / SAMPLE_RATE * 1000)
    power = np.abs(np.fft.rfft(frames * np.hanning(FRAME), axis=1)) ** 2  # (T, FRAME // 2 + 1)
    hz = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)
    total = power.sum(axis=1) + 1e-12
    low = power[:, hz < LOW_HZ].sum(axis=1) / total
    high = power[:, hz > HIGH_HZ].sum(axis=1) / total
    return np.stack([loud, zc, low, high], axis=1)


def to_example(wave: np.ndarray, kind: int) -> Example:
    x_labels = [f"{1000 * s:.0f}ms" for s in frame_times()]
    return last_step_example(frame_features(wave), kind, x_labels, CLASSES, media=wave.astype(np.float32))


def _examples(n: int, rng: np.random.Generator) -> tuple[Example, ...]:
    kinds = rng.permutation(np.arange(n) % len(CLASSES))
    return tuple(to_example(synthesise(int(k), rng), int(k)) for k in kinds)


def audio_task(seed: int = 0) -> Task:
    rng = np.random.default_rng(seed)
    train = _examples(N_TRAIN, rng)
    heldout = _examples(N_HELDOUT, rng)
    default = next(ex for ex in heldout if ex.targets[-1] == CLASSES.index("chirp up"))
    return Task(
        id="audio",
        title="Audio: which sound?",
        blurb="Half a second of synthesised sound (8,000 numbers a second), cut into 20 ms frames: the "
        "model hears one frame per step and, after the last, says whether it was a steady tone, a chirp "
        "gliding up or down, a vowel or noise. Telling a chirp from a tone needs memory: it is the change of pitch "
        "over time. Many-to-one.",
        mapping="many-to-one",
        encoding="dense",
        input_dim=len(FEATURES),
        output_dim=len(CLASSES),
        loss="ce",
        train=train,
        heldout=heldout,
        default=default,
        classes=CLASSES,
        default_units=8,
        units_choices=(2, 4, 8, 16, 32),
        lr=0.02,
        steps=300,
        max_len=T,
        can=frozenset({"listen", "look"}),
        inputs="20 ms of sound as 4 numbers: its loudness, zero crossings per millisecond (higher pitch, more "
        "crossings) and the share of its energy below 1 kHz and above 2 kHz",
        outputs="after the last frame only: scores for tone, chirp up, chirp down, vowel and noise",
        memory="how the pitch moves from frame to frame: a chirp and a steady tone differ only in that change, which"
        " a few neighbouring 20 ms frames show.",
        baseline="majority",
        media="audio",
        sample_rate=SAMPLE_RATE,
    )
