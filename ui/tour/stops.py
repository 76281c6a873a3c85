"""The lecture tour's stops, in the lecture's order: what each says, what it asks, and which live view it shows.

Data only: the page (``app_pages/tour.py``) draws a stop's title, text and question, and ``ui.tour.views`` draws
its live view, ``VIEWS[stop.view](ctx, **stop.settings)``. Every string here is shown literally (``ui.safe.md``),
never as markdown; ``equation`` is LaTeX for ``st.latex``. The lecture's notation throughout: x_t, h_t, y_t,
h_t = f_W(h_(t-1), x_t), W_xh, W_hh, W_hy, b_h, b_y.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Stop:
    """One stop: a short text, a live view (a key of ``ui.tour.views.VIEWS`` and its arguments) and, where it
    fits, a question the class answers before the answer is revealed. A stop whose answer says what a model does has
    none here: ``ui.tour.answers`` writes it from the stored models' numbers (and an empty ``answer`` otherwise
    means the view reveals it)."""

    id: str  # a slug: the stop's session keys start with tour_<id>_
    title: str
    text: str
    view: str
    settings: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    question: str = ""
    answer: str = ""
    equation: str = ""
    short: str = ""  # the stop's name in the sidebar's list, a few words


def _stop(id: str, title: str, text: str, view: str, settings: dict | None = None, **kw) -> Stop:
    return Stop(id, title, text, view, MappingProxyType(dict(settings or {})), **kw)


STOPS: tuple[Stop, ...] = (
    _stop(
        "sequences",
        "Which problems have sequential data?",
        "The lecture's list: audio is a sequence of sound frames, text a sequence of words, an ECG a sequence of "
        "heartbeats, a protein a sequence of amino acids, a share a sequence of daily prices. Each arrives one "
        "piece at a time, its length varies, and the order matters. Keys 1 to 5 pick one; the arrow keys step "
        "through it.",
        "sequences",
        {
            "options": ("audio", "words", "ecg", "protein", "stock"),
            "labels": ("Audio", "Text", "Heartbeats (ECG)", "Amino acids", "Stock prices"),
        },
        question="What do all five have in common that a 28 x 28 photo of a digit does not?",
        answer="Their length is not fixed, and each piece means something only with the pieces before it. A digit "
        "image always has 784 inputs; a sound, a sentence or a protein can be any length, so a network with a "
        "fixed input size cannot take them whole.",
        short="Sequential data",
    ),
    _stop(
        "fluent",
        "Why a fixed input size fails: I speak fluent ___",
        "A feedforward network has a fixed input size (the input_dim of its first layer). "
        "The lecture's potential fix, look only at the last few words (its slide asks: issues?), meets this "
        "sentence: Toulouse, France is where I did my post doctoral studies. I speak fluent ___. The frame shows all "
        "that a window of the last 3 words sees.",
        "fluent",
        {"k": 3},
        question="The window sees only “I speak fluent”. What will it answer? And a recurrent network that read "
        "every word?",
        short="I speak fluent ___",
    ),
    _stop(
        "recurrence",
        "The recurrence h_t = f_W(h_(t-1), x_t)",
        "An RNN applies one recurrence relation at every time step: the new state h_t is a function, with weights "
        "W, of the old state h_(t-1) and the input at time t, x_t. For a vanilla RNN that function is a tanh of "
        "two matrix products, and the output y_t reads the state. Rolled up it is one cell with a loop; here it "
        "reads the letters of “hello”.",
        "explorer",
        {"seq": "chars", "rolled": True},
        question="Which two things does h_2 depend on directly? And through them, on what else?",
        answer="Directly on h_1 and x_2, through the weights W. Through h_1 it also depends on x_1: the hidden "
        "state carries everything read so far, in a fixed number of units.",
        equation=r"h_t = f_W(h_{t-1}, x_t) = \tanh(W_{hh}\,h_{t-1} + W_{xh}\,x_t + b_h), \qquad "
        r"y_t = W_{hy}\,h_t + b_y",
        short="The recurrence",
    ),
    _stop(
        "unrolling",
        "Unrolling: the same weights at every step",
        "Unrolling draws the loop once per time step: a copy of the cell for x_1, x_2, ..., each passing its h_t "
        "on to the next. The copies are not separate networks: the same W_xh, W_hh and W_hy are used at every "
        "step. Here the lecture's 1x1 RNN (one input, one unit, one output) reads five numbers, and the steps "
        "after t stay hidden until you step to them.",
        "explorer",
        {"seq": "scalar", "reveal": True},
        question="Unrolled over five steps, the network has five copies of the cell. How many different values "
        "of W_hh does it use? Step through (Right arrow) and read each step's arithmetic.",
        answer="One. Every step computes h_t = tanh(W_hh h_(t-1) + W_xh x_t + b_h) with the very same W_hh, W_xh "
        "and b_h, and y_t = W_hy h_t + b_y with the same W_hy and b_y; only h_(t-1) and x_t change. That is why "
        "an RNN can read a sequence of any length with a fixed number of weights.",
        short="Unrolling",
    ),
    _stop(
        "shapes",
        "The weight shapes: the 1x1 example",
        "The lecture's slide writes W_xh input-first, input_dim (per step) x RNN units, W_hh as units x units, and "
        "W_hy output-first, output_dim x units (“W_xy = Output_dim x RNN_Units”). For the 1x1 RNN (one input, one "
        "unit, one output) every one of them is 1 x 1. torch stores W_xh the other way round (units x input_dim, the "
        "same matrix transposed) and W_hy as the slide writes it.",
        "shapes",
        {"seq": "scalar", "then": "chars"},
        question="The “hello” model reads one-hot letters over [h, e, l, o] with 3 hidden units and scores the "
        "4 letters. What are the shapes of W_xh, W_hh and W_hy?",
        answer="W_xh is 4 x 3 as the slide writes it (torch stores 3 x 4), W_hh is 3 x 3, and W_hy is 4 x 3, "
        "output_dim x units, as the slide writes it and torch stores it. That is 12 + 9 + 12 = 33 weights, and 7 "
        "biases (b_h 3, b_y 4). Its table is below.",
        short="Weight shapes",
    ),
    _stop(
        "hello",
        "A character-level language model: “hello”",
        "Vocabulary [h, e, l, o]. Trained on “hello”, the model reads h, e, l, l one letter at a time (x_t "
        "one-hot) and after each one scores the next letter: it should say e, l, l, o. Three hidden units, as "
        "in the lecture. The steps after t stay hidden: predict, then step.",
        "explorer",
        {"seq": "chars", "reveal": True},
        question="At steps 3 and 4 the input is the same letter, “l”, but the right next letter differs (“l” "
        "then “o”). How can the model give two answers to one input?",
        answer="Because y_t reads h_t, not x_t alone: h_4 has read one more “l” than h_3, so the two states "
        "differ and W_hy turns them into different letters. A network that sees one letter at a time with no "
        "state could not tell the two l's apart.",
        short="The “hello” model",
    ),
    _stop(
        "sampling",
        "Sampling at test time",
        "At test time there is nothing to read. Give the model one letter, sample the next from "
        "p_t = softmax(y_t), and feed it back in as x_(t+1): one character at a time. The dashed arrows carry "
        "each sampled letter into the next step; the bars show what it was drawn from. The letters after t stay "
        "hidden: predict each one, then step.",
        "sampling",
        {"seq": "chars", "start": "h", "n": 8, "temperature": 1.0, "sample_seed": 0},
        question="Starting from “h” and sampling 8 letters: will it write “hello”? And then what?",
        short="Sampling",
    ),
    _stop(
        "mappings",
        "One to many, many to one, many to many",
        "How inputs and outputs line up in time. One-to-one is the vanilla feedforward network. One-to-many: one "
        "input, then a sequence out. Many-to-one: a sequence in, one output at the end. Many-to-many: an output "
        "at every step, or a whole sequence in and then a whole sequence out.",
        "mappings",
        question="Which picture is the “hello” model? Image captioning? A video to its action class? Video "
        "classified frame by frame?",
        answer="“hello”: many-to-many (an output after every letter). Image captioning: one-to-many (one image, "
        "then words). Video to an action class: many-to-one (every frame in, one label after the last). Frame by "
        "frame: many-to-many.",
        short="The four mappings",
    ),
    _stop(
        "caption",
        "Image captioning: one to many",
        "Karpathy et al. 2015 (“A cat sitting on a suitcase on the floor”): a CNN reads the picture, an RNN "
        "writes the caption a word at a time. Here a small RNN gets the picture once, as x_1; after that each x_t "
        "is the word it chose at the step before, fed back, until it says <end>.",
        "explorer",
        {"seq": "caption", "media_panel": "above"},
        question="The picture goes in at step 1 only. How does the model still know, four words later, what it showed?",
        answer="Through the hidden state: the picture shaped h_1, and every step hands its state on through W_hh. "
        "The caption is generated from that state and from the words already said.",
        short="Image captioning",
    ),
    _stop(
        "video",
        "Video: frames to an action class",
        "A sequence of video frames in, one action class out: many-to-one. The RNN reads a frame per step (its "
        "pixels, flattened, are x_t) and only the output after the last frame counts. No single frame shows the "
        "action: the state must remember where the shape was. The steps after t stay hidden.",
        "explorer",
        {"seq": "video", "reveal": True, "media_panel": "above"},
        question="Step through the clip: after which frame can you tell the action? Will the network be sure "
        "before the last one?",
        short="Video classification",
    ),
    _stop(
        "memory",
        "LSTM and GRU: the variants that remember",
        "A vanilla RNN squeezes its memory through W_hh and a tanh at every step, so an early clue fades. The "
        "LSTM (long short-term memory) adds a cell state c_t and gates that decide what to forget, what to "
        "write and what to show; the GRU has two gates. Here the LSTM reads the lecture's sentence: watch c_t "
        "after “France”; the words after t stay hidden.",
        "memory",
        {"arch": "lstm", "k": 3, "reveal": True},
        question="The further back the country, the harder. Who still knows it after twelve or more words: the "
        "vanilla RNN, the LSTM, the GRU, a window of 3 words?",
        short="LSTM and GRU",
    ),
    _stop(
        "training",
        "Training: gradients through time",
        "Training runs the sequence forward, measures the loss at the outputs and sends its gradient back through "
        "time (backpropagation through time): dL/dh_t arrives from the output at t through W_hy and from "
        "h_(t+1) through W_hh. Here a vanilla RNN that classifies a video clip, at its initial weights; only "
        "the last frame has an output. The arrow keys take backward steps.",
        "backward",
        {"seq": "video", "arch": "rnn"},
        question="The gradient starts at the last step, h_8. How much of it will reach h_1?",
        equation=r"\frac{\partial L}{\partial h_t} = W_{hy}^\top \frac{\partial L}{\partial y_t} + "
        r"W_{hh}^\top \operatorname{diag}(1 - h_{t+1}^2)\, \frac{\partial L}{\partial h_{t+1}}",
        short="Gradients through time",
    ),
    _stop(
        "choose",
        "Choosing a network",
        "The lecture's last objective: given a problem, decide which network fits (dense, CNN, RNN or a "
        "combination) and why; and for an RNN, whether it is one-to-many, many-to-one or many-to-many. Fixed-size "
        "numbers: dense. One image: CNN. A sequence: RNN. Images in a sequence, or an image to a sentence: "
        "CNN and RNN combined.",
        "choose",
        {"ids": ("digit-image", "sound-kind", "stock-tomorrow", "photo-caption")},
        question="For each problem: dense, CNN, RNN or a combination? And if recurrent, which picture, A to D?",
        short="Choosing a network",
    ),
)
