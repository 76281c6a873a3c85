"""Load and bring your own model: the /models page's parts.

Uploads stay in their session. A file's bytes are read once, when the person picks it (the uploader's callback),
by :func:`rnn_core.io.load_model`, held to :data:`rnn_core.io.BUDGET` before anything in it is unpacked, and only
the :class:`rnn_core.io.Loaded` it gives is kept, with the file's SHA-256, in ``st.session_state``: never in
``st.cache_*`` or ``ui.store``, which every session shares. What the page derives from it (the numbered vocabulary,
the stand-in task and net for what was typed) is made once per file and per typed value, kept beside it under the
same digest (:func:`_once`), so a rerun reuses the very objects and the views cached under them
(``step_view(..., private=True)``). All of it goes when the session does. Nothing in a file is run: ``load_model``
reads weights only.

What a bare state_dict cannot say, the person says: what x_t is (tokens, one-hot or embedded, or numbers), the
vocabulary, and names for the outputs. Those make a stand-in task (:func:`rnn_core.tasks.custom.custom_task`); a
file saved by this app names its task, and a catalogue task whose vocabulary and classes match is used as is, so
the model reads and shows exactly as on the explorer.

Every page's download buttons are in ``ui.downloads``.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import string
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from rnn_core.io import BUDGET, MAX_BYTES, MB, Loaded, ModelMeta, load_model, save_model
from rnn_core.net import NumpyNet
from rnn_core.readout import Readout
from rnn_core.tasks import TASK_IDS
from rnn_core.tasks.custom import class_names, custom_task, example_text, read_vocab, vector_text, vocab_problem
from ui import schema
from ui.downloads import download_model, download_trace, meta_for, saved_name
from ui.explorer.shapes import shapes_panel
from ui.explorer.trained import default_text, task_of, trained_model
from ui.safe import md, unformatted
from ui.schema import KEEP, Keys

VIEW = schema.View(  # the page's keys; nothing in the link: a link cannot hold a file
    "md_",
    (),
    keys=(
        "file",
        "sample",
        "upload",
        "input",
        "vocab",
        "classes",
        "text",
        "t",
        "stepper",
        "diagram",
        "output",
        "history",
        "math",
        "views",
    ),
    page="models",
)
LIMIT_MB = MAX_BYTES // MB  # 20: the uploader's limit in MB of 1,000,000 bytes (rnn_core/io/budget.py)
UPLOAD_TYPES = ("safetensors", "pt", "pth", "bin")
MAX_UNITS = 64  # the explorer draws every unit of h_t at every step: larger models are described, not unrolled
MAX_CELLS = 200_000  # the weight heatmaps draw every number of W_xh, W_hh, W_hy: above this, the table only
TYPED_VOCAB = 100  # a vocabulary box starts with the V tokens written out up to this V; above, empty means w1 .. wV
TOKENS, NUMBERS = "tokens", "numbers"
SAMPLE = ("chars", "lstm")  # "Try one": the explorer's "hello" LSTM, saved as a file
PYTORCH_SNIPPET = """import safetensors.torch
import torch
from torch import nn


class CharLSTM(nn.Module):
    def __init__(self, vocab_size=4, dim=8, units=16):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)  # optional: x_t = E[token_t]
        self.rnn = nn.LSTM(dim, units, batch_first=True)  # or nn.RNN / nn.GRU, one layer
        self.fc = nn.Linear(units, vocab_size)  # optional: y_t = W_hy h_t + b_y

    def forward(self, ids):  # (B, T) token ids -> (B, T, vocab_size) scores
        h, _ = self.rnn(self.emb(ids))
        return self.fc(h)


vocab = "helo"
ids = torch.tensor([[vocab.index(c) for c in "hell"]])  # read h, e, l, l ...
targets = torch.tensor([[vocab.index(c) for c in "ello"]])  # ... predict e, l, l, o
model = CharLSTM()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for _ in range(100):
    opt.zero_grad()
    nn.functional.cross_entropy(model(ids).transpose(1, 2), targets).backward()
    opt.step()

safetensors.torch.save_file(model.state_dict(), "char_lstm.safetensors")
torch.save(model.state_dict(), "char_lstm.pt")  # or this: read with torch.load(weights_only=True)
"""


# ---- the upload, kept in this session ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file a person gave: its name and what :func:`rnn_core.io.load_model` made of it, or why it refused."""

    name: str
    loaded: Loaded | None
    error: str = ""
    digest: str = ""  # the file's SHA-256: what is derived from it is kept under it


def read_file(name: str, data: bytes) -> Upload:
    """Load a file's bytes; a refusal keeps its message (meant for the person), never a traceback."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        return Upload(name, load_model(data), digest=digest)
    except ValueError as e:
        return Upload(name, None, str(e), digest)
    except Exception:  # load_model refuses with a ValueError; anything else is a bug, not the person's doing
        error = "This file could not be read as a model. Expected a safetensors or torch.save file."
        return Upload(name, None, error, digest)


def sample_file() -> tuple[str, bytes]:
    """The explorer's "hello" LSTM (seed 0) as an Unrolled model file: what a download from the explorer holds."""
    task = task_of(SAMPLE[0])
    model = trained_model(task, SAMPLE[1], task.default_units, 0)
    meta = meta_for(task, 0, model.accuracy)
    return saved_name(model.net, meta), save_model(model.net, meta)


def _keep(K: Keys, upload: Upload | None) -> None:
    """Keep ``upload`` as this session's model and forget what was typed and derived for the one before."""
    for name in ("input", "vocab", "classes", "text", "text_start", "t", "views", "derived"):
        st.session_state.pop(K(name), None)
    st.session_state[K("upload")] = upload


def _trim():
    """glibc's malloc_trim, or None where there is none: it hands freed heap pages back to the system."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _trim()


def release_ended_sessions() -> None:
    """Free what sessions that ended still hold, before a new upload takes memory. Streamlit drops a session
    ``server.disconnectedSessionTTL`` seconds after its tab closed, but reference cycles hold it (its model, its
    upload) until a full collection, which the server no longer runs after every script (``runner.postScriptGC``);
    one costs a few ms here, the long-lived heap being frozen (app.py). The freed arrays (up to 32 MB each) mostly lie
    in the heap, whose pages glibc keeps unless asked: ``malloc_trim`` returns them."""
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _on_file(K: Keys) -> None:
    f = st.session_state.get(K("file"))
    if f is None:
        return _keep(K, None)
    release_ended_sessions()
    data = f.getvalue()
    kept = st.session_state.get(K("upload"))
    if isinstance(kept, Upload) and kept.digest == hashlib.sha256(data).hexdigest():
        st.session_state[K("upload")] = replace(kept, name=f.name)  # the same bytes: nothing to read again
        return None
    return _keep(K, read_file(f.name, data))


def _once(K: Keys, what: str, key: tuple, make):
    """``make()``, once per ``key`` for this session's upload: what the page derives from the file (and from what
    was typed for it) is kept beside it, one value per ``what``, and dropped with it (:func:`_keep`)."""
    kept = st.session_state.setdefault(K("derived"), {})
    if what not in kept or kept[what][0] != key:
        kept[what] = (key, make())
    return kept[what][1]


def _on_sample(K: Keys) -> None:
    _keep(K, read_file(*sample_file()))


def upload_section(K: Keys) -> Upload | None:
    """The uploader, a button for a ready-made file, and what was found in the file kept (or why it was refused)."""
    left, right = st.columns([3, 1.3], vertical_alignment="center")
    left.file_uploader(
        f"A model file, up to {LIMIT_MB} MB: .safetensors, or .pt / .pth / .bin from torch.save",
        type=list(UPLOAD_TYPES),
        key=K("file"),
        max_upload_size=LIMIT_MB,
        on_change=_on_file,
        args=(K,),
        help="A file saved by this app (Download this model), or the state_dict of one PyTorch nn.RNN, nn.LSTM or "
        "nn.GRU, with an nn.Embedding before it and an nn.Linear after it if it has them. It stays in this browser "
        "session's memory on the server and is never run: only its numbers are read.",
    )
    right.button(
        "Try the explorer's “hello” LSTM",
        key=K("sample"),
        on_click=_on_sample,
        args=(K,),
        icon=":material/science:",
        width="stretch",
        help="No file at hand? Load the LSTM the explorer opens on “hello”, as its Download button saves it",
    )
    up = st.session_state.get(K("upload"))
    if not isinstance(up, Upload):
        return None
    if up.error:
        st.error(f"**{md(up.name, 80)}**: {md(up.error)}", icon=":material/block:")
        return None
    st.success(f"**{md(up.name, 80)}**: {md(up.loaded.found)}", icon=":material/check_circle:")
    return up


# ---- what the file cannot say ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """An uploaded model as the explorer shows it: a task (the catalogue's, or a stand-in), the net to replay, the
    metadata to save it with (None: it cannot be saved as it is, e.g. it has no output layer)."""

    task: object
    net: NumpyNet
    meta: ModelMeta | None


def known_task(meta: ModelMeta):
    """The catalogue task a file saved by this app names, when its inputs and outputs are that task's; else None."""
    if meta.task not in TASK_IDS:
        return None
    task = task_of(meta.task)
    ours = (task.encoding, task.input_dim, task.output_dim, task.vocab, task.classes)
    return task if ours == (meta.encoding, meta.input_dim, meta.output_dim, meta.vocab, meta.classes) else None


def default_vocab(V: int) -> str:
    """What the vocabulary box starts with: V letters (a string), V numbered tokens up to :data:`TYPED_VOCAB`, or
    nothing above it (a file can need 50,000 tokens: a box that holds them is a quarter megabyte on every run)."""
    if V <= 26:
        return string.ascii_lowercase[:V]
    return " ".join(numbered(V)) if V <= TYPED_VOCAB else ""


def numbered(V: int) -> tuple[str, ...]:
    """The tokens w1 .. wV: a vocabulary box left empty reads as these."""
    return tuple(f"w{i}" for i in range(1, V + 1))


def _input_kind(K: Keys, loaded: Loaded) -> str:
    """Tokens or numbers: fixed by the file when it says, else asked (a bare state_dict with no embedding)."""
    meta = loaded.meta
    if loaded.E is not None or meta.encoding == "onehot":
        return TOKENS
    if loaded.source == "unrolled":
        return NUMBERS
    D = meta.input_dim
    st.session_state.setdefault(K("input"), TOKENS if D > 1 else NUMBERS)
    choice = st.radio(
        "What is x_t?",
        (TOKENS, NUMBERS),
        key=K("input"),
        horizontal=True,
        format_func={TOKENS: f"a token, one-hot over {D}", NUMBERS: f"{D} number{'s' * (D > 1)}"}.get,
        persist_state=KEEP,
        help="A state_dict does not say what the model reads. One-hot: a vocabulary of exactly "
        f"{D} tokens (W_xh has {D} columns), x_t = one_hot(token_t). Numbers: you type {D} per step.",
    )
    return choice if choice in (TOKENS, NUMBERS) else TOKENS


def _vocabulary(K: Keys, loaded: Loaded, where) -> tuple[tuple[str, ...], bool, str]:
    """The vocabulary, typed in ``where`` and checked against the size the model reads: (tokens, whether they are
    characters, what is wrong with them or '')."""
    V = len(loaded.E) if loaded.E is not None else loaded.meta.input_dim
    why = f"the embedding E has {V:,} rows" if loaded.E is not None else f"W_xh has {V:,} columns, one per token"
    if K("vocab") not in st.session_state:
        st.session_state[K("vocab")] = default_vocab(V)
    empty_reads = V > TYPED_VOCAB  # then an empty box is w1 .. wV
    text = where.text_input(
        f"Vocabulary: {V:,} tokens",
        key=K("vocab"),
        placeholder=f"empty: w1 w2 … w{V}" if empty_reads else None,
        persist_state=KEEP,
        help=f"The tokens in the order the model numbers them ({why}): a string of {V:,} characters "
        "(“helo”: one token per character), or tokens separated by commas or spaces."
        + (f" Left empty: the numbered tokens w1 … w{V}." if empty_reads else ""),
    )
    text = unformatted(text) if isinstance(text, str) else ""

    def read() -> tuple[tuple[str, ...], bool, str]:
        tokens, chars = (numbered(V), False) if empty_reads and not text.strip() else read_vocab(text)
        return tokens, chars, vocab_problem(tokens, V, why)

    return _once(K, "vocab", (text,), read)


def _file_names(loaded: Loaded) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """The vocabulary (when it is as long as the model reads) and the class names a file states, as they are shown:
    without format characters (ui.safe)."""
    V = len(loaded.E) if loaded.E is not None else loaded.meta.input_dim
    vocab, classes = loaded.meta.vocab, loaded.meta.classes
    shown = lambda names: None if names is None else tuple(map(unformatted, names))  # noqa: E731
    return shown(vocab if vocab is not None and len(vocab) == V else None), shown(classes)


def _classes(K: Keys, O: int, where) -> tuple[tuple[str, ...], str]:
    """Names for the O outputs, typed in ``where`` (optional: class 1 .. class O), and a note when not used."""
    text = where.text_input(
        f"Names of the {O} outputs (optional)",
        key=K("classes"),
        placeholder=", ".join(f"class {i}" for i in range(1, min(O, 3) + 1)) + (", …" if O > 3 else ""),
        persist_state=KEEP,
        help=f"What y_t's {O} entries stand for, in order, separated by commas or spaces; the bars and the "
        "diagram use them. Left empty: class 1, class 2, …",
    )
    return class_names(unformatted(text) if isinstance(text, str) else "", O)


def stand_in(loaded: Loaded, kind: str, vocab, chars: bool, classes) -> View:
    """The uploaded model with what the person said: the task the explorer needs, and the net to replay. Without
    an output layer, y_t = h_t (W_hy = I, b_y = 0), read as numbers."""
    p, E, readout = loaded.params, loaded.E, loaded.readout
    encoding = "dense" if kind == NUMBERS else ("embed" if E is not None else "onehot")
    O = p.units if readout is None else readout.W_hy.shape[0]
    task = custom_task(
        encoding=encoding,
        input_dim=p.input_dim,
        output_dim=O,
        vocab=vocab if kind == TOKENS else None,
        classes=classes if readout is not None else None,
        chars=chars,
        loss="mse" if readout is None else None,
    )
    net = NumpyNet(encoding, p, readout or Readout(np.eye(p.units), np.zeros(p.units)), E)
    if readout is None:
        return View(task, net, None)
    keep = {k: getattr(loaded.meta, k) for k in ("task", "seed", "steps", "heldout_accuracy")}
    meta = ModelMeta(vocab=task.vocab, classes=task.classes, **keep)
    return View(task, net, meta)


def model_section(K: Keys, loaded: Loaded):
    """The model as the explorer shows it and the sequence it reads, asking in one row what the file cannot say
    (vocabulary, output names) beside the sequence box. Returns (View, Example), or None while something is
    missing (the page says what)."""
    p, r = loaded.params, loaded.readout
    if p.units > MAX_UNITS:
        st.info(
            f"This model has {p.units} units; the explorer draws every unit at every step, so it unrolls models of "
            f"up to {MAX_UNITS} units. Everything above was read from the file.",
            icon=":material/info:",
        )
        return None
    task = known_task(loaded.meta)
    if task is not None and loaded.net is not None:
        view = View(task, loaded.net, loaded.meta)
        example = read_sequence(K, view, st.container())
        st.caption(f"Saved by this app for the task {task.title}: it reads and shows exactly as on the explorer.")
        return None if example is None else (view, example)
    kind = _input_kind(K, loaded)
    vocab, classes = _once(K, "file_names", (), lambda: _file_names(loaded))
    vocab = vocab if kind == TOKENS else None
    O = None if r is None else r.W_hy.shape[0]
    ask_classes = O is not None and O > 1 and (classes is None or len(classes) != O)
    asks = [kind == TOKENS and vocab is None, ask_classes]
    cols = iter(st.columns([1] * sum(asks) + [1.3], vertical_alignment="bottom"))
    chars, problem, note = bool(vocab) and all(len(t) == 1 for t in vocab), "", ""
    if asks[0]:
        vocab, chars, problem = _vocabulary(K, loaded, next(cols))
    if asks[1]:
        classes, note = _classes(K, O, next(cols))
    seq_col = next(cols)
    if problem:
        st.warning(md(problem), icon=":material/edit_note:")
        return None
    if note:
        st.caption(md(note))
    if r is None:
        st.caption(
            "No output layer in the file: here y_t is h_t itself (W_hy = I, b_y = 0), shown as numbers; the y_t "
            "boxes show unit 1, the heatmap every unit."
        )
    elif O == 1:
        st.caption("One output: y_t is shown as a number (regression).")
    view = _once(K, "view", (kind, vocab, chars, classes), lambda: stand_in(loaded, kind, vocab, chars, classes))
    example = read_sequence(K, view, seq_col)
    return None if example is None else (view, example)


def downloads(view: View, replay, example, K: Keys) -> None:
    """/models' buttons: the model as an Unrolled file (with the vocabulary and names typed), and its trace."""
    row = st.container(horizontal=True)
    if view.meta is not None:
        download_model(view.net, view.meta, K("dl_model"), row, label="Download as an Unrolled file")
    download_trace(replay, example.x_labels, view.task, K("dl_trace"), row)


def shapes(view: View) -> None:
    """The explorer's weights panel; the heatmaps only while they stay small enough to draw."""
    p, r = view.net.params, view.net.readout
    small = p.W_xh.size + p.W_hh.size + r.W_hy.size <= MAX_CELLS
    if not small:
        st.caption("Too many numbers to draw every weight as a heatmap here; the table gives every shape.")
    task = view.task
    if task.id == "custom":  # typed names: plotly reads "<" as the start of a tag, so it gets "&lt;"
        typed = lambda names: names and tuple(str(n).replace("<", "&lt;") for n in names)  # noqa: E731
        task = replace(task, vocab=typed(task.vocab), classes=typed(task.classes))
    shapes_panel(task, view.net, prefix="md_", heatmaps=small)


def read_sequence(K: Keys, view: View, where):
    """The sequence the person types in ``where`` (or the task's own example, for a task with nothing to type);
    None while it cannot be read (the message says why)."""
    task = view.task
    if task.parse is None:
        example = task.default
    else:
        if task.id != "custom":
            start = default_text(task)
        elif task.encoding == "dense":
            start = vector_text(task.input_dim)
        else:
            start = example_text(task.vocab, task.tokens_are_chars)
        if st.session_state.get(K("text")) in (None, st.session_state.get(K("text_start"))):
            st.session_state[K("text")] = start  # untouched: follow the vocabulary as it is typed
        st.session_state[K("text_start")] = start
        if task.encoding != "dense":
            what = "characters" if task.tokens_are_chars else "tokens separated by spaces"
        else:
            what = "numbers" if task.input_dim == 1 else f"{task.input_dim} numbers per step, steps separated by ;"
        text = where.text_input(
            "A sequence for it to read",
            key=K("text"),
            persist_state=KEEP,
            help=f"Type {what}. Each is one time step t.",
        )
        parsed = task.parse(unformatted(text) if isinstance(text, str) else start)
        if parsed.message:
            (st.warning if parsed.example is None or parsed.unknown else st.info)(md(parsed.message, 300))
        example = parsed.example
    if example is not None and task.decode is not None:
        example = task.decode(view.net, example)
    return example


# ---- the format, for the page's second section ------------------------------------------------------------------

FORMAT_TEXT = f"""
**Files this page reads.** A file saved by this app (**Download this model** on the explorer, /window and
/training) is one safetensors file (huggingface.co/docs/safetensors): the weights as float64 under their
lecture names, W_xh (G·H x D), W_hh (G·H x H), b_xh and b_hh (G·H), W_hy (O x H), b_y (O) and, for a model that
embeds its tokens, E (V x D), with what they are in its header: task, cell, units, vocabulary, classes, seed,
training steps, held-out score and the app's version. G is the number of gate blocks torch stacks (1 for a
vanilla RNN, 4 for an LSTM, 3 for a GRU). It reloads bit for bit.

**Your own PyTorch model.** The state_dict of one single-layer nn.RNN, nn.LSTM or nn.GRU (weight_ih_l0,
weight_hh_l0, bias_ih_l0, bias_hh_l0, under any prefix), with an nn.Embedding before it and an nn.Linear after it
if it has them, saved with safetensors or torch.save. The cell and its sizes come from the shapes: W_hh is
(G·H x H), so H is its number of columns and G its rows / H. You say what the file cannot: the vocabulary (or that
x_t is numbers) and, if you like, names for the outputs.

**Safety.** Nothing in a file is run. A torch.save file is a zip holding a pickle, and a pickle can run code: its
instructions are read first without running them, and anything but tensors is refused; then it is opened with
torch.load(weights_only=True). What a file may cost is read from its header and its zip directory before
anything in it is unpacked: at most {LIMIT_MB} MB, {BUDGET.tensors:,} tensors, {BUDGET.parameters:,} parameters in
all and {BUDGET.vocabulary:,} tokens, inputs or outputs. Your file stays in this browser session's memory on the
server, for you only, until you leave.

The lines of PyTorch below train a small character LSTM on “hello” and save it both ways. Upload either file, type
the vocabulary **helo**, and step through it:
"""


def format_section() -> None:
    st.subheader("The file format, and bringing your own model", divider="gray")
    st.markdown(FORMAT_TEXT)
    st.code(PYTORCH_SNIPPET, language="python", wrap_lines=True)  # no box that scrolls without a keyboard
    st.caption("The full reference, every refusal and its message: docs/model-format.md in the repository.")
