"""``Loaded.found``: one paragraph, for a student, saying what a file holds and where it came from.

For example: "A PyTorch state_dict saved with torch.save holding one LSTM layer named lstm: 4 gate blocks
(i, f, g, o) of 7 units, W_xh 28 x 5, W_hh 28 x 7. Each x_t is a row of an embedding table E of 10 tokens x 5
(emb.weight). ... 466 parameters in all." It quotes names and tokens from the file: escape it before markdown.
"""

from __future__ import annotations

import json

from rnn_core.io.errors import short
from rnn_core.io.infer import Parts
from rnn_core.io.meta import ModelMeta
from rnn_core.params import TORCH_CLASS


def _tokens(v: tuple[str, ...], n: int = 8) -> str:
    shown = ", ".join(json.dumps(short(s, 20), ensure_ascii=False) for s in v[:n])
    return shown + (f", ... ({len(v)} in all)" if len(v) > n else "")


def _as(names: dict[str, str], *keys: str) -> str:
    """' (fc.weight, fc.bias)': the file's own names, when they are not the lecture's."""
    theirs = [short(names[k], 40) for k in keys if k in names and names[k] != k]
    return f" ({', '.join(theirs)})" if theirs else ""


def _origin(parts: Parts, meta: ModelMeta, source: str) -> str:
    if source == "unrolled":
        saved = f", saved by Unrolled {short(meta.app_version, 20)}" if meta.app_version else ""
        return f"An Unrolled model file (format {meta.format_version}{saved})"
    if "W_xh" in parts.names.values():
        return "A safetensors file with the lecture's tensor names but no Unrolled metadata"
    return {
        "safetensors": "A PyTorch state_dict saved as safetensors",
        "torch.save": "A PyTorch state_dict saved with torch.save",
    }[source]


def _cell_sentence(parts: Parts, source: str) -> list[str]:
    p, n = parts.params, parts.names
    G, H, D = len(p.gates), p.units, p.input_dim
    prefix = n["W_xh"][: n["W_xh"].rfind("weight_ih")].rstrip(".") if n["W_xh"] != "W_xh" else ""
    named = f" named {short(prefix, 40)}" if prefix else ""
    gates = f"{G} gate blocks ({', '.join(p.gates)}) of {H} units" if G > 1 else f"{H} units"
    out = [f"one nn.{TORCH_CLASS[p.kind]} layer{named}: {gates}, W_xh {G * H} x {D}, W_hh {G * H} x {H}."]
    if "b_xh" not in n:
        out.append("It has no biases (bias=False), so b_xh and b_hh are zeros.")
    if p.kind == "rnn" and source != "unrolled":
        out.append("A state_dict does not record the nonlinearity; it is read as tanh, nn.RNN's default.")
    return out


def _io_sentences(parts: Parts, meta: ModelMeta) -> list[str]:
    D, H, n = parts.params.input_dim, parts.params.units, parts.names
    if parts.E is not None:
        out = [f"Each x_t is a row of an embedding table E of {len(parts.E)} tokens x {D}{_as(n, 'E')}."]
    elif meta.encoding == "onehot":
        out = [f"Each x_t is a one-hot vector over {D} tokens."]
    else:
        out = [f"Each x_t is a vector of {D} number{'s' * (D > 1)}."]
    if meta.vocab:
        out.append(f"Vocabulary: {_tokens(meta.vocab)}.")
    if parts.readout is None:
        out.append("No output layer was found, so h_t can be unrolled but there is no y_t.")
    else:
        O = parts.readout.W_hy.shape[0]
        bias = "and b_y" if "b_y" in n else "(no bias)"
        out.append(f"An output layer W_hy {O} x {H} {bias}{_as(n, 'W_hy', 'b_y')} turns h_t into {O} outputs y_t.")
    if meta.classes:
        out.append(f"Classes: {_tokens(meta.classes)}.")
    return out


def _training_sentences(meta: ModelMeta) -> list[str]:
    how = [
        f"on the task {json.dumps(short(meta.task, 30))}" if meta.task else "",
        f"for {meta.steps} steps" if meta.steps is not None else "",
        f"from seed {meta.seed}" if meta.seed is not None else "",
    ]
    out = ["Trained " + " ".join(s for s in how if s) + "."] if any(how) else []
    if meta.heldout_accuracy is not None:
        out.append(f"Held-out accuracy {meta.heldout_accuracy:.1%}.")
    return out


def describe(parts: Parts, meta: ModelMeta, source: str) -> str:
    """One paragraph, for a student: where it came from, the cell, its inputs and outputs, how it was trained."""
    cell = _cell_sentence(parts, source)
    out = [f"{_origin(parts, meta, source)} holding {cell[0]}", *cell[1:]]
    out += _io_sentences(parts, meta) + _training_sentences(meta) + list(parts.notes)
    if parts.ignored:
        more = f" and {len(parts.ignored) - 6} more" if len(parts.ignored) > 6 else ""
        out.append(f"Ignored: {', '.join(short(k, 40) for k in parts.ignored[:6])}{more}.")
    r = parts.readout
    total = parts.params.n_params + (0 if parts.E is None else parts.E.size)
    total += 0 if r is None else r.W_hy.size + r.b_y.size
    out.append(f"{total:,} parameters in all.")
    return " ".join(out)
