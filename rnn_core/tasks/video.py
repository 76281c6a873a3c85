"""video: the lecture's "sequence of video frames -> action class" on tiny clips (many-to-one).

A clip is T = 8 grayscale frames of 8 x 8 pixels in [0, 1]: a shape (a square or a round blob, of random size,
place and brightness, with a little noise) moves left, right, up or down, or grows or shrinks. Each frame,
flattened, is one input x_t (64 numbers); only the last step has an output, the action:

    x_t = frame_t.flatten()            # (64,)
    h_t = f_W(h_{t-1}, x_t)            # one frame at a time
    y_T = W_hy h_T + b_y               # scores for the six actions

No single frame tells the action: every clip's last frame is drawn from one distribution (a shape of one range of
sizes, anywhere in the frame), and the clip is traced back from it, so a square on the left may be moving left or
right, and a large one growing or shrinking. The network must remember where the shape was, and how big, and
compare. The shape is drawn with sub-pixel accuracy (each pixel is lit by how much of it the shape covers), so it
can move less than a pixel per frame.
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
END_SIZE = (1.0, 1.8)  # the shape's half-size (or radius) at the last frame, for every action
END_SPREAD = 1.2  # the last frame's centre lies within this of the frame's centre, across and down
TRAVEL = (2.0, 2.8)  # pixels a moving shape covers over the clip (it may start half outside the frame)
GROWTH = (0.6, 1.0)  # how much a growing (shrinking) shape's half-size changes over the clip
N_TRAIN, N_HELDOUT = 900, 120  # 300 clips let a recurrent net learn only 50-85% of them


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
    """T frames (T, SIZE, SIZE) in [0, 1] of ``shape`` doing ``action``.

    The last frame is drawn the same way whatever the action: the shape's size and where it ends are drawn from one
    distribution, inside the frame. The clip is then traced back from there: a move comes from ``travel`` pixels the
    other way (its first frames may show it entering from the edge), a growing shape was smaller, a shrinking one
    larger. So no single frame tells the action; only the change from frame to frame does."""
    steps = np.arange(T) / (T - 1)  # 0 .. 1 over the clip
    r_end = rng.uniform(*END_SIZE)
    cx_end, cy_end = SIZE / 2 + rng.uniform(-END_SPREAD, END_SPREAD, size=2)  # the whole shape in the last frame
    back = 1.0 - steps  # 1 at the first frame, 0 at the last
    if action in MOVES:
        dx, dy = MOVES[action]
        travel = rng.uniform(*TRAVEL)
        cx, cy = cx_end - dx * travel * back, cy_end - dy * travel * back
        rs = np.full(T, r_end)
    else:
        change = rng.uniform(*GROWTH) * (1 if action == "grow" else -1)
        rs = r_end - change * back
        cx, cy = np.full(T, cx_end), np.full(T, cy_end)
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
        "the action at the end. Many-to-one.",
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
        note="The frames are drawn by the app (no video is downloaded): a shape with a random size, place and "
        "brightness, and a little noise. The last frame looks alike whatever the action: only the change between "
        "frames tells it.",
    )
