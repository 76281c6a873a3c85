"""Trained models kept in the repository (``models/``), so every page opens on one that is ready before anyone asks.

    models/<name>.safetensors   the arrays (weights, curves), under their own names
    models/<name>.json          what made them: the recipe, the seed, the data version (a hash of the data the
                                recipe trained and scored on), the held-out score, the torch and format versions

Files are written by ``python -m rnn_core.experiments.defaults build`` and read in milliseconds. A reader checks
the stored recipe against the code's and treats a mismatch as missing (the model trains on demand instead);
tests/test_stored.py fails when a stored file's recipe or data version no longer matches the code, so a stale file
cannot land.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file, save_file

MODELS = Path(__file__).resolve().parents[2] / "models"
FORMAT = 1


def fingerprint(*parts) -> str:
    """A short hash of arrays and plain values, in order: the version of the data a model saw."""
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, np.ndarray):
            h.update(str((p.dtype.str, p.shape)).encode())
            h.update(np.ascontiguousarray(p).tobytes())
        else:
            h.update(json.dumps(p, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def save(name: str, arrays: dict[str, np.ndarray], meta: dict, folder: Path = MODELS) -> None:
    """Write ``name``'s arrays and metadata (``format`` and ``torch`` versions added)."""
    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, folder / f"{name}.safetensors")
    meta = {"format": FORMAT, "torch": torch.__version__.split("+")[0], **meta}
    (folder / f"{name}.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load(name: str, recipe: dict, folder: Path = MODELS) -> tuple[dict[str, np.ndarray], dict] | None:
    """``name``'s arrays and metadata, or None when the files are missing or were made by another recipe."""
    meta_path, data_path = folder / f"{name}.json", folder / f"{name}.safetensors"
    if not (meta_path.exists() and data_path.exists()):
        return None
    meta = json.loads(meta_path.read_text())
    if meta.get("format") != FORMAT or meta.get("recipe") != json.loads(json.dumps(recipe)):
        return None
    return load_file(data_path), meta
