"""torch.save files, opened without letting them run code; the one module of rnn_core.io that touches torch.

A ``torch.save`` file is a zip holding ``data.pkl``, a pickle, and a pickle can call any Python function while it
is loaded. So before PyTorch sees the file:

1. the zip's central directory is held to the budget (:mod:`rnn_core.io.budget`): how many members it has, the
   size each declares unpacked and their total, data.pkl's size; then ``data.pkl`` is read (TorchScript
   archives, and zips without exactly one ``data.pkl``, are refused);
2. its opcodes stream past :func:`pickletools.genops`, which parses without executing, at most the budget's
   ``pickle_opcodes`` of them and never kept as a list, and every function or class it would look up (GLOBAL,
   STACK_GLOBAL, INST) must be in :data:`SAFE_GLOBALS`, the few a weights-only state_dict needs; an untraceable
   STACK_GLOBAL and the extension registry (EXT1/2/4) are refused;
3. only then :func:`_torch_load` imports torch (here, inside that one function, so ``import rnn_core.io`` never
   does) and calls ``torch.load(..., weights_only=True, map_location="cpu")``, whose own restricted unpickler is
   the second guard. What it unpacks is what the directory declared; the tensors it returns are views until
   their count and their parameters (a tensor with strides of 0 declares many from a few) are within the budget,
   and only then copied out as float64.

Bare pickles (``pickle.dump``, ``torch.save`` before PyTorch 1.6) are refused outright by :func:`refuse_if_pickle`.
"""

from __future__ import annotations

import io
import pickletools
import re
import zipfile
from collections import deque

from rnn_core.io import budget
from rnn_core.io.budget import BUDGET, ZIP_RECORDS
from rnn_core.io.errors import HOW_TO_SAVE, ModelFileError, short
from rnn_core.io.tensors import Tensors

SAFE_GLOBALS = frozenset(
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        *(f"torch.{t}Storage" for t in ("Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte")),
        "torch.BoolStorage",
    }
)


def _opcodes(pkl: bytes):
    """The pickle's opcodes, one at a time as :func:`pickletools.genops` parses them (never a list), refused past
    the budget's ``pickle_opcodes``."""
    for n, (op, arg, _) in enumerate(pickletools.genops(pkl), 1):
        budget.over(
            "pickle_opcodes", n, f"The pickle in this file goes on past {budget.amount('pickle_opcodes')} opcodes"
        )
        yield op, arg


def _globals_in(pkl: bytes) -> list[str]:
    """Every function or class a pickle would look up ('module.name'), read from its opcodes without running
    it. A STACK_GLOBAL whose strings cannot be traced, or an extension-registry opcode, is refused. It keeps the
    last two values pushed and the memo, so its memory is bounded by the opcodes read."""
    out, pushed, memo = [], deque(maxlen=2), {}
    strings = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "STRING", "BINSTRING", "SHORT_BINSTRING"}
    for op, arg in _opcodes(pkl):
        name = op.name
        if name in ("GLOBAL", "INST"):
            out.append(".".join(str(arg).split(" ", 1)))
        elif name == "STACK_GLOBAL":
            if len(pushed) < 2 or not all(isinstance(s, str) for s in pushed):
                raise ModelFileError(
                    "The pickle inside this file looks up a function this app cannot identify without running "
                    "it, so it is refused. " + HOW_TO_SAVE
                )
            out.append(f"{pushed[-2]}.{pushed[-1]}")
        elif name.startswith("EXT"):
            raise ModelFileError(
                "The pickle inside this file uses pickle's extension registry; refused. " + HOW_TO_SAVE
            )
        if name in ("MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT"):
            memo[len(memo) if name == "MEMOIZE" else arg] = pushed[-1] if pushed else None
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            pushed.append(memo.get(arg))
        elif name not in ("PROTO", "FRAME"):
            pushed.append(arg if name in strings else None)
    return out


def _vet_pickle(pkl: bytes) -> None:
    """Refuse a pickle that would call anything but the few functions torch's own weights-only files use."""
    try:
        names = _globals_in(pkl)
    except ModelFileError:
        raise
    except Exception as e:
        raise ModelFileError("This torch.save file is damaged: the pickle inside it cannot be read.") from e
    for name in names:
        if name in SAFE_GLOBALS:
            continue
        if name.startswith("torch."):
            raise ModelFileError(
                f"This torch.save file holds Python objects, not just weights: loading it would create "
                f"{short(name)}. Loading objects from a pickle can run any code, so this app reads only a "
                f"state_dict (a dict of tensors). {HOW_TO_SAVE}"
            )
        raise ModelFileError(
            f"Refused: this file contains a pickle that would run code when loaded (it calls {short(name)}). "
            f"This app never runs code from a file; it reads only weights. {HOW_TO_SAVE}"
        )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip, its central directory held to the budget before a member is unpacked: how many members (counted by
    their directory signatures before zipfile lists them), then each one's declared size and their total."""
    members = data.count(b"PK\x01\x02")  # every directory entry starts so (an entry in the data only adds one)
    budget.over(
        "tensors",
        members - ZIP_RECORDS,
        f"This zip file holds {members:,} members (torch.save writes one per tensor, and a few records)",
    )
    zf = zipfile.ZipFile(io.BytesIO(data))
    total = sum(i.file_size for i in zf.infolist())
    budget.over(
        "unpacked_bytes",
        total,
        f"This torch.save file unpacks to {budget.amount('unpacked_bytes', total)} (as its zip directory declares)",
    )
    return zf


def _data_pkl(data: bytes) -> bytes:
    """The pickle (``<root>/data.pkl``) of a torch.save zip, read without unpickling it."""
    try:
        zf = _open_zip(data)
        infos = [i for i in zf.infolist() if re.fullmatch(r"([^/]+/)?data\.pkl", i.filename)]
        if any(re.fullmatch(r"([^/]+/)?constants\.pkl", i.filename) for i in zf.infolist()):
            raise ModelFileError(
                "This is a TorchScript file (torch.jit.save): it holds a program, not just weights. " + HOW_TO_SAVE
            )
        if len(infos) != 1:
            raise ModelFileError(
                "This is a zip file, but not one torch.save writes (it should hold exactly one data.pkl). "
                + HOW_TO_SAVE
            )
        size = infos[0].file_size
        budget.over(
            "header_bytes", size, f"The pickle in this file (data.pkl) is {budget.amount('header_bytes', size)}"
        )
        with zf.open(infos[0]) as f:
            return f.read(BUDGET.header_bytes)
    except ModelFileError:
        raise
    except Exception as e:
        raise ModelFileError("This is a zip file, but it is damaged and cannot be read as a torch.save file.") from e


def _flatten(obj, tensor_type) -> dict:
    """``{'a.b.weight': tensor}`` from nested dicts (a state_dict, or a checkpoint holding one), six deep at most;
    others skipped. A dict the pickle's memo shares is walked once per path to it, so the entries walked are held
    to the budget's ``pickle_opcodes``, and the tensors found to its ``tensors``."""
    out, stack, walked = {}, [("", obj, 0)], 0
    while stack:
        prefix, o, depth = stack.pop()
        if isinstance(o, tensor_type):
            out[prefix[:-1]] = o
            budget.over("tensors", len(out), f"This file holds more than {budget.amount('tensors')} tensors")
        elif isinstance(o, dict) and depth < 6:
            walked += len(o)
            budget.over(
                "pickle_opcodes",
                walked,
                f"The dicts in this file hold {walked:,} entries along all their paths (a dict shared by several "
                "counts once per path)",
            )
            stack.extend((f"{prefix}{k}.", v, depth + 1) for k, v in reversed(o.items()))
    return out


def _torch_load(data: bytes) -> Tensors:
    """A vetted torch.save zip's tensors, read by ``torch.load(..., weights_only=True)`` on CPU and copied out as
    numpy (floats as float64). The one place rnn_core imports torch, and only when such a file arrives."""
    import torch

    try:
        obj = torch.load(io.BytesIO(data), weights_only=True, map_location="cpu")
    except Exception as e:
        detail = short(str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__, 160)
        raise ModelFileError(
            f"PyTorch could not read this torch.save file; it may be damaged or cut short (PyTorch says: {detail})."
        ) from e
    if isinstance(obj, torch.Tensor) or not isinstance(obj, dict):
        raise ModelFileError(
            f"This torch.save file holds a {type(obj).__name__}, not a state_dict (a dict of named tensors). "
            + HOW_TO_SAVE
        )
    found = _flatten(obj, torch.Tensor)
    total = sum(v.numel() for v in found.values())  # declared by their shapes: nothing is copied yet
    budget.over("parameters", total, f"This file's tensors hold {total:,} numbers")
    t = Tensors({}, {})
    for name, v in found.items():
        try:
            v = v.detach().cpu()
            t.arrays[name] = v.to(torch.float64).numpy() if v.is_floating_point() else v.numpy().copy()
        except Exception:
            t.odd[name] = str(v.dtype).removeprefix("torch.")
    return t


def read_torch_save(data: bytes) -> Tensors:
    """The tensors of a torch.save zip, once its pickle has been vetted (nothing in it runs before that)."""
    _vet_pickle(_data_pkl(data))
    return _torch_load(data)


def refuse_if_pickle(data: bytes) -> None:
    """Refuse a bare pickle, naming a function it would call; return when the bytes are not one. Its opcodes are
    read once: a pickle parses up to its STOP (a lone STOP is not one), or goes on past the opcode budget."""
    if data[:1] == b".":
        return
    try:
        bad = [g for g in _globals_in(data) if g not in SAFE_GLOBALS]
    except ModelFileError:  # past the opcode budget, an untraceable STACK_GLOBAL, the extension registry
        bad = []
    except Exception:  # the opcodes do not parse up to a STOP: not a pickle
        return
    calls = f" (this one would call {short(bad[0])})" if bad else ""
    raise ModelFileError(
        f"This is a bare pickle file{calls}, from pickle.dump or an old torch.save. Loading a pickle can run any "
        f"code, so this app does not open them. {HOW_TO_SAVE}"
    )
