"""A model file's metadata: :class:`ModelMeta`, and the safetensors header's ``__metadata__`` it is written as.

The header maps strings to strings; a key is left out when its value is unknown (see docs/model-format.md):
``format`` ("unrolled-model"), ``format_version`` ("1"), ``arch`` (rnn, lstm, gru), ``units`` H, ``input_dim`` D,
``output_dim`` O, ``encoding`` (onehot, embed, dense), ``task``, ``vocab`` and ``classes`` (JSON lists of strings),
``seed``, ``steps``, ``heldout_accuracy`` (``repr`` of a float in [0, 1], so it round-trips exactly) and
``app_version``. Reading checks every value's form; :func:`check_consistent` checks them against the arrays.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields

import numpy as np

from rnn_core.io import budget
from rnn_core.io.errors import ModelFileError, missing, short
from rnn_core.params import GATES

FORMAT = "unrolled-model"
FORMAT_VERSION = 1
APP_VERSION = "dev"  # the project has no version number yet; one source for it should replace this
ENCODINGS = ("onehot", "embed", "dense")


@dataclass(frozen=True)
class ModelMeta:
    """What a model file says about its model (None: not known). ``kind`` is written as the key ``arch``."""

    kind: str | None = None
    units: int | None = None
    input_dim: int | None = None
    output_dim: int | None = None
    encoding: str | None = None
    task: str | None = None
    vocab: tuple[str, ...] | None = None
    classes: tuple[str, ...] | None = None
    seed: int | None = None
    steps: int | None = None
    heldout_accuracy: float | None = None
    app_version: str | None = None
    format_version: int | None = None

    @classmethod
    def for_task(cls, task, *, seed=None, steps=None, heldout_accuracy=None) -> ModelMeta:
        """The metadata of a model trained on ``task`` (an :class:`rnn_core.tasks.Task`): its id, vocabulary,
        classes and (unless given) its default number of steps."""
        return cls(
            task=task.id,
            vocab=task.vocab,
            classes=task.classes,
            seed=seed,
            steps=task.steps if steps is None else steps,
            heldout_accuracy=heldout_accuracy,
        )


KEY = {"kind": "arch"}  # field -> header key, where they differ
_INTS = {"units", "input_dim", "output_dim", "seed", "steps", "format_version"}
_LISTS = {"vocab", "classes"}


def _encode(name: str, v) -> str:
    if name in _LISTS:
        return json.dumps(list(v), ensure_ascii=False)
    if name == "heldout_accuracy":
        return repr(float(v))
    return str(int(v)) if name in _INTS else str(v)


def to_header(meta: ModelMeta) -> dict[str, str]:
    """The ``__metadata__`` of a model file: ``format`` and every known field, as strings."""
    out = {"format": FORMAT}
    for f in fields(meta):
        if (v := getattr(meta, f.name)) is not None:
            out[KEY.get(f.name, f.name)] = _encode(f.name, v)
    return out


def _decode(name: str, s: str):
    key = KEY.get(name, name)
    bad = f"The file's metadata says {key} = {short(s)!r}, which is not "
    if name in _INTS:
        if not re.fullmatch(r"-?\d{1,20}", s):
            raise ModelFileError(bad + "a whole number.")
        return int(s)
    if name == "heldout_accuracy":
        try:
            v = float(s)
        except ValueError:
            v = -1.0
        if not 0 <= v <= 1:
            raise ModelFileError(bad + "a number from 0 to 1.")
        return v
    if name in _LISTS:
        try:
            v = json.loads(s)
        except ValueError:
            v = None
        if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise ModelFileError(bad + "a JSON list of strings.")
        what = "vocabulary tokens" if name == "vocab" else "classes"
        budget.over("vocabulary", len(v), f"The file's metadata lists {len(v):,} {what}")
        return tuple(v)
    if name == "kind" and s not in GATES:
        raise ModelFileError(bad + "one of rnn, lstm, gru.")
    if name == "encoding" and s not in ENCODINGS:
        raise ModelFileError(bad + f"one of {', '.join(ENCODINGS)}.")
    return s


def from_header(header: dict[str, str]) -> ModelMeta:
    """The :class:`ModelMeta` an Unrolled file's ``__metadata__`` states; unknown keys are ignored."""
    if "format_version" not in header:
        raise ModelFileError(
            "This Unrolled model file does not say its format version (format_version); it was edited."
        )
    version = _decode("format_version", header["format_version"])
    if version != FORMAT_VERSION:
        raise ModelFileError(
            f"This Unrolled model file is format version {version}; this app reads version {FORMAT_VERSION}. "
            "Save it again from a matching version of Unrolled."
        )
    known = {f.name: KEY.get(f.name, f.name) for f in fields(ModelMeta)}
    return ModelMeta(**{name: _decode(name, header[key]) for name, key in known.items() if key in header})


def check_consistent(meta: ModelMeta, E: np.ndarray | None, e_name: str) -> None:
    """The encoding, vocabulary and classes agree with the arrays."""
    if (meta.encoding == "embed") != (E is not None):
        if E is None:
            raise missing([e_name], "the metadata says encoding = embed, which needs an embedding table E (V, D).")
        raise ModelFileError(f"The file has an embedding {e_name} but its metadata says encoding = {meta.encoding}.")
    sizes = {"onehot": meta.input_dim, "embed": None if E is None else len(E)}
    V = sizes.get(meta.encoding)
    if meta.vocab is not None and V is not None and len(meta.vocab) != V:
        raise ModelFileError(
            f"The metadata lists {len(meta.vocab)} vocabulary tokens, but the model reads {V} (encoding = "
            f"{meta.encoding})."
        )
    if meta.classes is not None and len(meta.classes) != meta.output_dim:
        raise ModelFileError(
            f"The metadata lists {len(meta.classes)} classes, but the output layer W_hy gives {meta.output_dim}."
        )
