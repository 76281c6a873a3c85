"""Finding the RNN in a file's tensors: the cell's kind and sizes from the shapes, and the layers around it.

    W_hh (G*H, H)  ->  H units, G = rows / H gate blocks: 1 vanilla RNN (h), 3 GRU (r, z, n), 4 LSTM (i, f, g, o)
    W_xh (G*H, D)  ->  D inputs
    W_hy (O, H)    an nn.Linear after it: a 2-D '<p>weight' with H columns (and usually a '<p>bias' (O,))
    E    (V, D)    an nn.Embedding before it: a 2-D '<p>weight' with D columns and no bias

An Unrolled file names them so (``W_xh``, ``W_hh``, ``b_xh``, ``b_hh``, ``W_hy``, ``b_y``, ``E``); a PyTorch
state_dict as torch does (``<prefix>weight_ih_l0``, ``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0``, under any one
prefix; nn.RNNCell-style names without ``_l0`` too). Stacked, bidirectional and projected layers are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from rnn_core.io import budget
from rnn_core.io.errors import ModelFileError, missing, shape_text, short
from rnn_core.io.meta import KEY, ModelMeta, check_consistent
from rnn_core.io.tensors import Tensors, as_float
from rnn_core.params import TORCH_CLASS, CellParams, from_torch_layout
from rnn_core.readout import Readout

KIND_OF_BLOCKS = {1: "rnn", 3: "gru", 4: "lstm"}  # G -> kind
CELL_NAMES = ("W_xh", "W_hh", "b_xh", "b_hh")
TORCH_SUFFIX = {"W_xh": "weight_ih", "W_hh": "weight_hh", "b_xh": "bias_ih", "b_hh": "bias_hh"}
_LAYER = re.compile(r"(?:^|\.)(?:weight|bias)_(?:ih|hh)_l(\d+)(_reverse)?$")


def _refuse_unsupported(t: Tensors) -> None:
    """Stacked, bidirectional and projected layers cannot be unrolled as one cell."""
    for name in t.names:
        m = _LAYER.search(name)
        if m and m.group(2):
            raise ModelFileError(
                f"This is a bidirectional model (found {short(name)}): it reads the sequence both ways. This app "
                "unrolls one direction; train with bidirectional=False."
            )
        if m and int(m.group(1)) > 0:
            raise ModelFileError(
                f"This model stacks several recurrent layers (found {short(name)}). This app unrolls a single "
                "layer; train with num_layers=1."
            )
        if re.search(r"(?:^|\.)weight_hr_l\d+", name):
            raise ModelFileError(
                f"This LSTM has a projection (found {short(name)}, from proj_size > 0), so its h_t is not the "
                "cell's output as in the lecture. Train with proj_size=0."
            )


def _listing(t: Tensors, n: int = 6) -> str:
    shown = [f"{short(k, 40)} {shape_text(t.shape(k))}" for k in t.names[:n]]
    return ", ".join(shown) + (f" and {len(t.names) - n} more" if len(t.names) > n else "")


def _cell_names(t: Tensors, lecture: bool) -> dict[str, str]:
    """The names W_xh, W_hh, b_xh, b_hh have in this file (lecture names, or torch's under one prefix)."""
    if lecture:
        return {k: k for k in CELL_NAMES}
    found = sorted({m.group(1) for k in t.names if (m := re.fullmatch(r"(.*?)weight_ih(_l0)?", k))})
    found = [p for p in found if p == "" or p.endswith(".")]
    if not found:
        raise ModelFileError(
            "This file holds no recurrent layer this app recognises"
            + (f" (its tensors: {_listing(t)})" if t.names else " (it holds no tensors)")
            + ". Expected the state_dict of one PyTorch nn.RNN, nn.LSTM or nn.GRU (weight_ih_l0, weight_hh_l0, "
            "bias_ih_l0, bias_hh_l0), or an Unrolled model file (W_xh, W_hh, b_xh, b_hh)."
        )
    if len(found) > 1:
        raise ModelFileError(
            f"This file holds {len(found)} recurrent layers ({', '.join(short(p or '(no prefix)') for p in found)}); "
            "this app unrolls a single layer. Save a model with one nn.RNN, nn.LSTM or nn.GRU."
        )
    prefix = found[0]
    suffix = "_l0" if f"{prefix}weight_ih_l0" in t else ""
    return {k: f"{prefix}{TORCH_SUFFIX[k]}{suffix}" for k in CELL_NAMES}


def _cell(t: Tensors, names: dict[str, str], lecture: bool) -> CellParams:
    """The recurrent layer, its kind read from the shapes: W_hh (G*H, H) with G = 1 (RNN), 3 (GRU), 4 (LSTM)."""
    weights = [names[k] for k in ("W_xh", "W_hh") if names[k] not in t]
    if weights:
        raise missing(weights, "a recurrent layer needs both W_xh (weight_ih) and W_hh (weight_hh).")
    biases = [k for k in ("b_xh", "b_hh") if names[k] not in t]
    if len(biases) == 1 or (biases and lecture):
        raise missing([names[k] for k in biases], "the layer needs both biases, b_xh (bias_ih) and b_hh (bias_hh).")
    for k in biases:
        del names[k]  # a layer without biases (bias=False): zeros
    W_ih, W_hh = as_float(t, names["W_xh"]), as_float(t, names["W_hh"])
    n_ih, n_hh = short(names["W_xh"]), short(names["W_hh"])
    if W_hh.ndim != 2 or 0 in W_hh.shape:
        raise ModelFileError(f"{n_hh} has shape {shape_text(W_hh.shape)}; W_hh should be a matrix (G*H, H).")
    GH, H = W_hh.shape
    if GH % H or GH // H not in KIND_OF_BLOCKS:
        raise ModelFileError(
            f"{n_hh} has shape {shape_text(W_hh.shape)}; W_hh should be (G*H, H) with H = {H} units and G = 1 (RNN), "
            f"3 (GRU) or 4 (LSTM) gate blocks, so {H}, {3 * H} or {4 * H} rows, not {GH}."
        )
    kind = KIND_OF_BLOCKS[GH // H]
    if W_ih.ndim != 2 or W_ih.shape[0] != GH or W_ih.shape[1] == 0:
        raise ModelFileError(
            f"{n_ih} has shape {shape_text(W_ih.shape)}; with W_hh {shape_text(W_hh.shape)} (an nn.{TORCH_CLASS[kind]} "
            f"of {H} units) W_xh should be ({GH}, D): {GH} rows, one column per input."
        )
    b = {k: as_float(t, names[k]) for k in ("b_xh", "b_hh") if k in names}
    for k, v in b.items():
        if v.shape != (GH,):
            raise ModelFileError(
                f"{short(names[k])} has shape {shape_text(v.shape)}; expected ({GH},), one per row of W_xh."
            )
    return from_torch_layout(kind, W_ih, W_hh, b.get("b_xh"), b.get("b_hh"))


_HEAD_HINTS = ("head", "fc", "out", "linear", "decoder", "classifier", "readout", "dense", "proj", "lin")
_EMBED_HINTS = ("emb", "encoder", "tok")


def _pick(scored: dict[str, int], what: str, notes: list[str]) -> str | None:
    """The best-scoring candidate (score > 0), or None with a note when two tie."""
    scored = {k: s for k, s in scored.items() if s > 0}
    if not scored:
        return None
    best = max(scored.values())
    top = sorted(k for k, s in scored.items() if s == best)
    if len(top) > 1:
        shown = ", ".join(short(k, 40) for k in top[:6]) + (f" and {len(top) - 6} more" if len(top) > 6 else "")
        notes.append(f"Several tensors could be the {what} ({shown}); none was used.")
        return None
    return top[0]


def _weights(t: Tensors, used: set[str]) -> dict[str, str]:
    """prefix -> name of every unused 2-D '<prefix>weight' tensor."""
    return {
        k[: -len("weight")]: k
        for k in t.names
        if k not in used and (k == "weight" or k.endswith(".weight")) and len(t.shape(k)) == 2
    }


def _find_head(t: Tensors, H: int, used: set[str], notes: list[str]) -> tuple[str, str | None] | None:
    """An nn.Linear after the layer: '<p>weight' (O, H), and '<p>bias' (O,) when it has one."""
    scored = {}
    for p, w in _weights(t, used).items():
        O, cols = t.shape(w)
        bias = t.shape(p + "bias") if p + "bias" in t else None
        if cols != H or (bias is not None and bias != (O,)):
            continue
        low = p.lower()
        scored[p] = (
            2 * (bias is not None) + any(h in low for h in _HEAD_HINTS) - 3 * any(h in low for h in _EMBED_HINTS)
        )
    p = _pick(scored, "output layer", notes)
    return None if p is None else (p + "weight", p + "bias" if p + "bias" in t else None)


def _find_embedding(t: Tensors, D: int, used: set[str], notes: list[str]) -> str | None:
    """An nn.Embedding before the layer: '<p>weight' (V, D) with no bias."""
    scored = {
        p: 2 + any(h in p.lower() for h in _EMBED_HINTS)
        for p, w in _weights(t, used).items()
        if t.shape(w)[1] == D and p + "bias" not in t
    }
    p = _pick(scored, "embedding", notes)
    return None if p is None else p + "weight"


def _readout(t: Tensors, names: tuple[str, str | None], H: int) -> Readout:
    w, b = names
    W_hy = as_float(t, w)
    if W_hy.ndim != 2 or W_hy.shape[1] != H or W_hy.shape[0] == 0:
        raise ModelFileError(f"{short(w)} has shape {shape_text(W_hy.shape)}; W_hy should be (O, H) = (O, {H}).")
    b_y = np.zeros(W_hy.shape[0]) if b is None else as_float(t, b)
    if b_y.shape != (W_hy.shape[0],):
        raise ModelFileError(f"{short(b)} has shape {shape_text(b_y.shape)}; b_y should be ({W_hy.shape[0]},).")
    return Readout(W_hy, b_y)


def _embedding(t: Tensors, name: str, D: int) -> np.ndarray:
    E = as_float(t, name)
    if E.ndim != 2 or E.shape[1] != D or E.shape[0] == 0:
        raise ModelFileError(f"{short(name)} has shape {shape_text(E.shape)}; the embedding E should be (V, {D}).")
    return E


@dataclass(frozen=True)
class Parts:
    params: CellParams
    readout: Readout | None
    E: np.ndarray | None
    names: dict[str, str]  # lecture name -> the file's name
    notes: tuple[str, ...]
    ignored: tuple[str, ...]


def find_parts(t: Tensors, source: str) -> Parts:
    """The recurrent layer and, when present, the output layer and embedding."""
    _refuse_unsupported(t)
    lecture = "W_xh" in t or source == "unrolled"
    names = _cell_names(t, lecture)
    params = _cell(t, names, lecture)
    H, D, notes = params.units, params.input_dim, []
    budget.over(
        "vocabulary",
        D,
        f"{short(names['W_xh'])} has {D:,} columns, so each x_t would have {D:,} entries (one-hot: {D:,} tokens)",
    )
    used = set(names.values())
    if lecture:
        have = [k for k in ("W_hy", "b_y") if k in t]
        if (source == "unrolled" and len(have) < 2) or len(have) == 1:
            raise missing([k for k in ("W_hy", "b_y") if k not in have], "the output layer needs W_hy and b_y.")
        head = ("W_hy", "b_y") if have else None
        emb = "E" if "E" in t else None
    else:
        head = _find_head(t, H, used, notes)
        used |= set(head or ()) - {None}
        emb = _find_embedding(t, D, used, notes)
    readout = _readout(t, head, H) if head else None
    E = _embedding(t, emb, D) if emb else None
    if readout is not None:
        O = len(readout.b_y)
        budget.over("vocabulary", O, f"The output layer {short(head[0])} gives {O:,} outputs")
    if E is not None:
        budget.over("vocabulary", len(E), f"The embedding {short(emb)} has {len(E):,} rows, one per token")
    if head:
        names.update(W_hy=head[0], **({"b_y": head[1]} if head[1] else {}))
    if emb:
        names["E"] = emb
    taken = set(names.values())
    ignored = tuple(k for k in t.names if k not in taken)
    return Parts(params, readout, E, names, tuple(notes), ignored)


def infer_meta(stated: ModelMeta | None, parts: Parts) -> ModelMeta:
    """What the file states, checked against the arrays, with what the arrays say filled in."""
    p, r = parts.params, parts.readout
    own = {
        "kind": p.kind,
        "units": p.units,
        "input_dim": p.input_dim,
        "output_dim": None if r is None else r.W_hy.shape[0],
    }
    stated = stated or ModelMeta()
    what = {"kind": f"the shapes make it a {p.kind}", "units": "W_hh says", "input_dim": "W_xh says"}
    for k, v in own.items():
        if getattr(stated, k) not in (None, v):
            raise ModelFileError(
                f"The file's metadata says {KEY.get(k, k)} = {getattr(stated, k)}, but {what.get(k, 'W_hy says')} {v}."
            )
    meta = replace(stated, **own, encoding=stated.encoding or ("embed" if parts.E is not None else "dense"))
    check_consistent(meta, parts.E, parts.names.get("E", "E"))
    return meta
