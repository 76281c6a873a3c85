"""video: the lecture's "sequence of video frames -> action class" on tiny clips (many-to-one).

A clip is T = 8 grayscale frames of 8 x 8 pixels in [0, 1]: a shape (a square or a round blob, of random size,
start and brightness, with a little noise) moves left, right, up or down, or grows or shrinks. Each frame,
flattened, is one input x_t (64 numbers); only the last step has an output, the action:

    x_t = frame_t.flatten()            # (64,)
    h_t = f_W(h_{t-1}, x_t)            # one frame at a time
    y_T = W_hy h_T + b_y               # scores for the six actions

No single frame tells the action: a square on the left is on the left whether it moves left or right. The
network must remember where the shape was and compare. The shape is drawn with sub-pixel accuracy (each pixel
is lit by how much of it the shape covers), so it can move less than a pixel per frame.
"""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Task, draw_sets, last_step_example

SIZE = 8  # frames are SIZE x SIZE pixels
T = 8  # frames per clip
ACTIONS = ("go left", "go right", "go up", "go down", "grow", "shrink")
MOVES = {"go left": (-1.0, 0.0), "go right": (1.0, 0.0), "go up": (0.0, -1.0), "go down": (0.0, 1.0)}
SHAPES = ("square", "blob")
NOISE = 0.04  # standard deviation of the pixel noise
N_TRAIN, N_HELDOUT = 300, 120


def _coverage(lo: float, hi: float) -> np.ndarray:
    """How much of each pixel column [i, i+1) the interval [lo, hi] covers: (SIZE,) in [0, 1]."""
    edges = np.arange(SIZE)
    return np.clip(np.minimum(edges + 1, hi) - np.maximum(edges, lo), 0.0, 1.0)


def draw(shape: str, cx: float, cy: float, r: float, brightness: float) -> np.ndarray:
    """One frame (SIZE, SIZE), rows top to bottom: a square of half-side r, or a round blob of radius ~r, centred
    at (cx, cy) in pixel units (0 is the left or top edge)."""
    if shape == "square":
        img = np.outer(_coverage(cy - r, cy + r), _coverage(cx - r, cx + r))
    else:
        yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5  # pixel centres
        d = np.hypot(xx - cx, yy - cy)
        img = np.clip(r + 0.5 - d, 0.0, 1.0)  # 1 inside, fading over one pixel at the rim
    return brightness * img


def clip(action: str, shape: str, brightness: float, rng: np.random.Generator) -> np.ndarray:
    """T frames (T, SIZE, SIZE) in [0, 1] of ``shape`` doing ``action``, start and size drawn from ``rng``."""
    steps = np.arange(T) / (T - 1)  # 0 .. 1 over the clip
    if action in MOVES:
        r = rng.uniform(1.0, 1.6)
        travel = rng.uniform(3.0, SIZE - 2 * r - 0.4)  # pixels covered over the clip, staying inside the frame
        dx, dy = MOVES[action]
        lo, hi = r + 0.2, SIZE - r - 0.2  # the centre's range that keeps the shape in the frame

        def path(d):  # centre along one axis over time: moving (start chosen to stay in), or still
            if d == 0:
                return np.full(T, rng.uniform(lo, hi))
            start = rng.uniform(lo, hi - travel)
            return start + travel * steps if d > 0 else start + travel * (1 - steps)

        cx, cy = path(dx), path(dy)
        rs = np.full(T, r)
    else:
        small, large = rng.uniform(0.6, 1.0), rng.uniform(2.4, 3.2)
        rs = small + (large - small) * (steps if action == "grow" else 1 - steps)
        cx = np.full(T, SIZE / 2 + rng.uniform(-0.7, 0.7))
        cy = np.full(T, SIZE / 2 + rng.uniform(-0.7, 0.7))
    frames = np.stack([draw(shape, x, y, r, brightness) for x, y, r in zip(cx, cy, rs, strict=True)])
    return np.clip(frames + rng.normal(0.0, NOISE, frames.shape), 0.0, 1.0)


def to_example(frames: np.ndarray, label: int) -> Example:
    """Frames (T, SIZE, SIZE) -> x_t = frame t flattened (T, SIZE*SIZE); the action at the last step only."""
    n = len(frames)
    return last_step_example(frames.reshape(n, -1), label, [f"f{t}" for t in range(1, n + 1)], ACTIONS, media=frames)


def random_example(rng: np.random.Generator) -> Example:
    label = int(rng.integers(len(ACTIONS)))
    shape = SHAPES[int(rng.integers(len(SHAPES)))]
    return to_example(clip(ACTIONS[label], shape, rng.uniform(0.6, 1.0), rng), label)


def default_example() -> Example:
    """The explorer's clip (the same for every seed): a square moving right."""
    return to_example(clip("go right", "square", 0.95, np.random.default_rng(5)), ACTIONS.index("go right"))


def video_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, random_example)
    return Task(
        id="video",
        title="Video: frames -> action",
        blurb="The lecture's video classification: a tiny clip of 8 frames (8 x 8 pixels) in which a square or a "
        "blob moves left, right, up or down, or grows or shrinks. The network reads one frame per step and names "
        "the action at the end; no single frame can tell. Many-to-one.",
        mapping="many-to-one",
        encoding="dense",
        input_dim=SIZE * SIZE,
        train=train,
        heldout=heldout,
        default=default_example(),
        classes=ACTIONS,
        max_len=T,
        can=frozenset({"look"}),
        inputs=f"one frame: its {SIZE} x {SIZE} = {SIZE * SIZE} pixel brightnesses, flattened",
        outputs="at the last frame only: scores for the six actions (" + ", ".join(ACTIONS) + ")",
        memory="where the shape was a frame or two ago, to compare with where it is now: one frame alone cannot tell"
        " its direction or whether it grows.",
        media="frames",
        image_shape=(SIZE, SIZE, 1),
        note="The frames are drawn by the app (no video is downloaded): a shape with a random size, start and "
        "brightness, and a little noise.",
    )
