"""caption: the lecture's image captioning on tiny pictures (one-to-many).

A picture is an 8 x 8 RGB image in [0, 1]: a circle, a square or a triangle in red, green or blue, on the left,
the right, at the top or the bottom of a dark canvas (a pixel or so of jitter, a random brightness, a little
noise). Its caption is "a red circle on the left <end>". The image goes in once, as the first input; from then
on each step reads the word before it and the network says the next:

    x_1 = [image, 0]                   # the 192 pixel values, no word
    x_t = [0, one_hot(word_{t-1})]     # t > 1: the previous word, over the 14 words (not <end>)
    h_t = f_W(h_{t-1}, x_t)
    y_t = W_hy h_t + b_y               # scores for the next word (15, <end> included)

In training the previous word is the caption's own (teacher forcing). At test time there is no caption: the
word chosen at t is fed back as x_{t+1} until the network says <end> (:func:`decode`, greedy).
"""

from __future__ import annotations

import numpy as np

from rnn_core.net import NumpyNet
from rnn_core.sampling import feed_back
from rnn_core.tasks.base import Example, Task, draw_sets

SIZE = 8  # the canvas is SIZE x SIZE pixels, 3 colour channels
COLOURS = ("red", "green", "blue")  # channel 0, 1, 2
SHAPES = ("circle", "square", "triangle")
PLACES = ("left", "right", "top", "bottom")
PREPOSITION = {"left": "on", "right": "on", "top": "at", "bottom": "at"}
END = "<end>"
WORDS = ("a", *COLOURS, *SHAPES, "on", "at", "the", *PLACES, END)  # what y_t scores
FED = WORDS[:-1]  # the words x_t can carry: <end> is never fed back
IMAGE_DIM = SIZE * SIZE * 3
MAX_WORDS = 10  # a greedy decode stops here if the network never says <end>
N_TRAIN, N_HELDOUT = 360, 120
NOISE = 0.04

MASKS = {  # 4 x 4 pixel art
    "circle": (".##.", "####", "####", ".##."),
    "square": ("####", "#..#", "#..#", "####"),
    "triangle": ("#...", "##..", "###.", "####"),
}
# Where the 4 x 4 shape's top-left corner may go (row, column): each place has three, one pixel apart.
CORNERS = {
    "left": [(1, 0), (2, 0), (3, 0)],
    "right": [(1, 4), (2, 4), (3, 4)],
    "top": [(0, 1), (0, 2), (0, 3)],
    "bottom": [(4, 1), (4, 2), (4, 3)],
}


def mask(shape: str) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in MASKS[shape]], dtype=float)  # (4, 4)


def draw(colour: str, shape: str, place: str, corner: int = 1, brightness: float = 1.0) -> np.ndarray:
    """The picture (SIZE, SIZE, 3) without noise: ``shape`` in ``colour`` at ``place`` (its ``corner``-th spot)."""
    img = np.zeros((SIZE, SIZE, 3))
    r, c = CORNERS[place][corner]
    img[r : r + 4, c : c + 4, COLOURS.index(colour)] = brightness * mask(shape)
    return img


def words_of(colour: str, shape: str, place: str) -> tuple[str, ...]:
    """The caption, word by word, <end> last."""
    return ("a", colour, shape, PREPOSITION[place], "the", place, END)


def image_input(image: np.ndarray) -> np.ndarray:
    """x_1 = [the image flattened, no word]: (IMAGE_DIM + len(FED),)."""
    return np.concatenate([np.asarray(image, dtype=float).reshape(-1), np.zeros(len(FED))])


def word_input(word: int) -> np.ndarray:
    """x_t for t > 1 = [no image, one_hot(word)] for a word id (an index into WORDS, not <end>)."""
    x = np.zeros(IMAGE_DIM + len(FED))
    x[IMAGE_DIM + FED.index(WORDS[word])] = 1.0
    return x


def to_example(image: np.ndarray, words: tuple[str, ...]) -> Example:
    """Teacher forcing: x_1 is the image, x_t the caption's word t-1; y_t should be word t."""
    ids = [WORDS.index(w) for w in words]
    inputs = np.stack([image_input(image), *(word_input(j) for j in ids[:-1])])
    return Example(inputs, np.array(ids), ("image", *words[:-1]), tuple(words), media=image)


def random_example(rng: np.random.Generator) -> Example:
    colour = COLOURS[int(rng.integers(len(COLOURS)))]
    shape = SHAPES[int(rng.integers(len(SHAPES)))]
    place = PLACES[int(rng.integers(len(PLACES)))]
    image = draw(colour, shape, place, int(rng.integers(3)), rng.uniform(0.6, 1.0))
    image = np.clip(image + rng.normal(0.0, NOISE, image.shape), 0.0, 1.0)
    return to_example(image, words_of(colour, shape, place))


def default_example() -> Example:
    """The explorer's picture (the same for every seed): a red circle on the left."""
    image = np.clip(draw("red", "circle", "left", 1, 0.9) + np.random.default_rng(7).normal(0, NOISE, (8, 8, 3)), 0, 1)
    return to_example(image, words_of("red", "circle", "left"))


def decode(net: NumpyNet, example: Example, max_words: int = MAX_WORDS) -> Example:
    """What the network says about ``example``'s image at test time: the image as x_1, then greedily the likeliest
    word at each step, fed back as the next input, until it says <end> (or after ``max_words`` words).

    The example returned is what it read: x labels "image" then the words it fed back, y labels the words it
    chose; its targets are the image's own caption where the two line up (-1 past its end), so the page can mark
    the word it should have said.
    """
    inputs, chosen = feed_back(
        net, image_input(example.media), max_words, np.argmax, word_input, stop=lambda j: WORDS[j] == END
    )
    truth = np.asarray(example.targets)
    targets = np.array([truth[t] if t < len(truth) else -1 for t in range(len(chosen))])
    said = tuple(WORDS[j] for j in chosen)
    return Example(np.stack(inputs), targets, ("image", *said[:-1]), said, media=example.media)


def caption_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, random_example)
    return Task(
        id="caption",
        title="Image captioning",
        blurb="The lecture's image captioning on a tiny 8 x 8 picture: a circle, square or triangle in red, green "
        "or blue, on the left, right, top or bottom. The image goes in once, as the first input x_1; after that "
        "each step reads the previous word and says the next, until <end>. At test time the word it chose is "
        "fed back as the next input. One-to-many.",
        mapping="one-to-many",
        encoding="dense",
        input_dim=IMAGE_DIM + len(FED),
        train=train,
        heldout=heldout,
        default=default_example(),
        classes=WORDS,
        default_units=16,
        units_choices=(4, 8, 16, 32),
        max_len=MAX_WORDS,
        can=frozenset({"look"}),
        inputs=f"at t = 1 the image ({SIZE} x {SIZE} pixels x 3 colours = {IMAGE_DIM} numbers) and no word; "
        f"after that no image and the previous word, one-hot over {len(FED)} words",
        outputs="scores for the next word of the caption (<end> when it is done)",
        memory="the image, which goes in only at step 1, all the way to the caption's last word (7 steps later), and"
        " the words said so far.",
        media="image",
        image_shape=(SIZE, SIZE, 3),
        decode=decode,
        note="Trained with teacher forcing: x_t carries the caption's own previous word, and the held-out "
        "accuracy is per word that way. Here the model captions the picture on its own, greedily: the likeliest "
        "word at each step, fed back as the next input.",
    )
