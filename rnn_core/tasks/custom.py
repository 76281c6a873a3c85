"""custom: the stand-in task of a model someone brings (uploaded on /models), so the explorer can unroll it.

A file says the cell and its sizes; what its inputs and outputs *mean* it cannot say. The person supplies that:

    tokens   x_t = one_hot(token_t) (D = V) or E[token_t] (E (V, D)): a vocabulary of V tokens, typed as a
             character string ("helo": one token per character) or as tokens separated by commas or spaces
    numbers  x_t is D numbers: steps separated by ";" or new lines, the numbers of a step by spaces or commas
             (with D = 1, every number is a step)

and, optionally, names for the O outputs (default "class 1" .. "class O"). The task has no data and is never
trained: ``train`` and ``heldout`` are empty, and no step has a target (the file does not say what the model was
meant to output). Many-to-many: y_t = W_hy h_t + b_y at every step, read as scores over the classes (softmax)
when O > 1 and as a number (regression) when O = 1.
"""

from __future__ import annotations

import re

import numpy as np

from rnn_core.tasks.base import Example, Parsed, Task

MAX_STEPS = 60  # the longest sequence the page unrolls
LIMIT = 1e6  # typed numbers are clipped to +-this, so every product stays finite
UNK = "<unk>"  # a vocabulary holding this token reads unknown tokens as it
TOKEN_CHARS = 20  # the longest token a default sequence starts with
EXAMPLE_LOOK = 100  # how far into the vocabulary a default sequence looks for short tokens


def read_vocab(text: str) -> tuple[tuple[str, ...], bool]:
    """Tokens from a typed vocabulary and whether every one is a single character (then a typed sequence is read
    a character at a time): "a, b, c" and "a b c" give three tokens, "helo" (no comma or space) one token per
    character. Surrounding spaces are dropped."""
    text = (text or "").strip()
    if "," in text:
        tokens = tuple(s.strip() for s in text.split(",") if s.strip())
    elif re.search(r"\s", text):
        tokens = tuple(text.split())
    else:
        tokens = tuple(text)
    return tokens, bool(tokens) and all(len(t) == 1 for t in tokens)


def vocab_problem(tokens: tuple[str, ...], size: int, what: str) -> str:
    """Why ``tokens`` cannot be the vocabulary of ``size`` tokens ('' when they can); ``what`` says where the size
    comes from ("W_xh has 4 columns")."""
    if len(tokens) != size:
        return (
            f"The vocabulary has {len(tokens)} token{'s' * (len(tokens) != 1)}; this model reads {size} ({what}). "
            f"Type {size} tokens: a string of {size} characters, or {size} tokens separated by commas or spaces."
        )
    seen: set[str] = set()
    repeated: set[str] = set()
    for t in tokens:  # one pass: linear in the number of tokens
        (repeated if t in seen else seen).add(t)
    if repeated:
        shown = sorted(repeated)[:10]
        more = f" and {len(repeated) - 10} more" if len(repeated) > 10 else ""
        return f"Each token must appear once; repeated: {', '.join(_clip(t) for t in shown)}{more}."
    return ""


def _clip(token: str) -> str:
    return token if len(token) <= TOKEN_CHARS else token[: TOKEN_CHARS - 1] + "…"


def class_names(text: str, size: int) -> tuple[tuple[str, ...], str]:
    """Output names from a box (comma-, else space-separated), or "class 1" .. "class O" when it is empty or does
    not hold ``size`` distinct names; the second value says why the default was used ('' otherwise)."""
    default = tuple(f"class {i}" for i in range(1, size + 1))
    text = (text or "").strip()
    if not text:
        return default, ""
    names = tuple(s.strip() for s in text.split(",") if s.strip()) if "," in text else tuple(text.split())
    if len(names) != size or len(set(names)) != size:
        return default, (
            f"The output names need {size} different names (there are {size} outputs); got {len(names)}"
            f"{' with repeats' if len(set(names)) != len(names) else ''}. Using class 1 .. class {size}."
        )
    return names, ""


def _cut(items: list, note: list[str], what: str) -> list:
    if len(items) > MAX_STEPS:
        note.append(f"Only the first {MAX_STEPS} {what} are read.")
    return items[:MAX_STEPS]


def parse_tokens(text: str, vocab: tuple[str, ...], chars: bool, embed: bool, loss: str) -> Parsed:
    """A typed sequence of tokens: one per character (``chars``) or separated by spaces. A token outside the
    vocabulary reads as <unk> when the vocabulary has it, else as an all-zero x_t (one-hot), and is left out
    when x_t comes from an embedding (E has no row for it)."""
    text = text or ""
    idx = {v: i for i, v in enumerate(vocab)}
    tokens = [c for c in text if c in idx or not c.isspace()] if chars else text.split()
    if not tokens:
        return Parsed(None, message=f"Type a sequence of tokens, e.g. {example_text(vocab, chars)}.")
    notes: list[str] = []
    tokens = _cut(tokens, notes, "tokens")
    unknown = tuple(dict.fromkeys(t for t in tokens if t not in idx))
    if unknown:
        shown = ", ".join(repr(t) for t in unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        if UNK in idx:
            notes.append(f"Not in the vocabulary, read as {UNK}: {shown}.")
        elif embed:
            notes.append(f"Not in the vocabulary, left out (the embedding has no row for them): {shown}.")
            tokens = [t for t in tokens if t in idx]
        else:
            notes.append(f"Not in the vocabulary, each read as an all-zero x_t: {shown}.")
    if not tokens:
        return Parsed(None, unknown, " ".join(notes))
    ids = np.array([idx.get(t, idx.get(UNK, -1)) for t in tokens])
    return Parsed(_example(ids, tuple(tokens), loss), unknown, " ".join(notes))


def _number(s: str) -> float | None:
    try:
        v = float(s)
    except ValueError:
        return None
    return v if np.isfinite(v) else None


def _label(x: np.ndarray) -> str:
    """What a person reads under a step: the number, or the first few of a vector."""
    if len(x) == 1:
        return f"{x[0]:g}"
    shown = ", ".join(f"{v:g}" for v in x[:3])
    return f"({shown}{', …' if len(x) > 3 else ''})"


def parse_vectors(text: str, D: int, loss: str) -> Parsed:
    """A typed sequence of D numbers per step (see the module docstring), each clipped to +-LIMIT."""
    text = text or ""
    if D == 1 and not re.search(r"[;\n]", text):
        steps = [[p] for p in text.replace(",", " ").split()]
    else:
        steps = [s.replace(",", " ").split() for s in re.split(r"[;\n]", text)]
        steps = [s for s in steps if s]
    if not steps:
        return Parsed(None, message=f"Type a sequence of {D} number{'s' * (D > 1)} per step, e.g. {vector_text(D)}.")
    notes: list[str] = []
    steps = _cut(steps, notes, "steps")
    bad = [p for s in steps for p in s if _number(p) is None]
    if bad:
        return Parsed(None, tuple(bad), f"Not numbers: {' '.join(bad[:10])}. Type only numbers, e.g. {vector_text(D)}.")
    wrong = [t for t, s in enumerate(steps, 1) if len(s) != D]
    if wrong:
        return Parsed(
            None,
            message=f"Each step needs {D} numbers (x_t has {D} entries); step {wrong[0]} has "
            f"{len(steps[wrong[0] - 1])}. "
            f"Separate steps with ; or new lines, e.g. {vector_text(D)}.",
        )
    xs = np.array([[_number(p) for p in s] for s in steps], dtype=float)  # (T, D)
    if (np.abs(xs) > LIMIT).any():
        notes.append(f"Values are clipped to ±{LIMIT:g}.")
        xs = np.clip(xs, -LIMIT, LIMIT)
    return Parsed(_example(xs, tuple(_label(x) for x in xs), loss), (), " ".join(notes))


def _example(inputs: np.ndarray, x_labels: tuple[str, ...], loss: str) -> Example:
    """No step has a target: the file does not say what the model should output."""
    T = len(x_labels)
    targets = np.full(T, np.nan) if loss == "mse" else np.full(T, -1)
    return Example(inputs, targets, x_labels, (None,) * T)


def example_text(vocab: tuple[str, ...], chars: bool, n: int = 5) -> str:
    """A sequence to start from: the first ``n`` tokens of the vocabulary (without <unk>) that are short enough to
    read (at most :data:`TOKEN_CHARS` characters: a file's vocabulary can hold a token of a megabyte)."""
    short_ = [t for t in vocab[: n + 1 + EXAMPLE_LOOK] if len(t) <= TOKEN_CHARS]
    tokens = [t for t in short_ if t != UNK][:n] or short_[:1]
    return ("" if chars else " ").join(tokens)


def vector_text(D: int, T: int = 4) -> str:
    """A sequence of T steps of D numbers to start from: "0.5 0.25 -0.5 0" (D = 1) or "0.5 -0.5; 0.25 0; ..." ."""
    cycle = (0.5, -0.5, 0.25, 0.0, 1.0, -1.0)
    steps = [[cycle[(t + i) % len(cycle)] for i in range(D)] for t in range(T)]
    if D == 1:
        return " ".join(f"{s[0]:g}" for s in steps)
    return "; ".join(" ".join(f"{v:g}" for v in s) for s in steps)


def custom_task(
    *,
    encoding: str,
    input_dim: int,
    output_dim: int,
    vocab: tuple[str, ...] | None = None,
    classes: tuple[str, ...] | None = None,
    chars: bool = False,
    loss: str | None = None,
    title: str = "Your own model",
) -> Task:
    """The stand-in task: ``encoding`` 'onehot' or 'embed' (with ``vocab``) or 'dense' (D = ``input_dim`` numbers
    per step); O = ``output_dim`` outputs named ``classes``. ``loss``: 'ce' (scores over the classes) or 'mse'
    (numbers, no names); by default 'mse' when O = 1, else 'ce'."""
    loss = loss or ("mse" if output_dim == 1 else "ce")
    if encoding == "dense":
        parse = lambda text: parse_vectors(text, input_dim, loss)  # noqa: E731
        start, vocab, chars = vector_text(input_dim), None, False
        inputs = f"{input_dim} number{'s' * (input_dim > 1)}"
    else:
        if not vocab:
            raise ValueError("a task that reads tokens needs a vocabulary")
        parse = lambda text: parse_tokens(text, vocab, chars, encoding == "embed", loss)  # noqa: E731
        start = example_text(vocab, chars)
        how = "one-hot" if encoding == "onehot" else f"a row of the embedding E ({input_dim} numbers)"
        inputs = f"one token of {len(vocab)}, {how}"
    default = parse(start).example
    classes = None if loss == "mse" else (classes or tuple(f"class {i}" for i in range(1, output_dim + 1)))
    return Task(
        id="custom",
        title=title,
        blurb="A model you brought: the weights are yours, the numbers below are their replay in the glass box.",
        mapping="many-to-many",
        encoding=encoding,
        input_dim=input_dim,
        output_dim=output_dim,
        loss=loss,
        train=(),
        heldout=(),
        default=default,
        vocab=vocab,
        classes=classes,
        parse=parse,
        tokens_are_chars=chars,
        can=frozenset({"type"}),
        inputs=inputs,
        outputs=(
            "a number (the file does not say what it was trained to output)"
            if loss == "mse"
            else f"scores for {output_dim} classes, p_t = softmax(y_t)"
        ),
    )
