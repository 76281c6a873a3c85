"""A file's tensors as numpy, whatever wrote them, and the checks every weight must pass (floating point, finite)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.io.errors import ModelFileError, short


@dataclass
class Tensors:
    """A file's tensors: ``arrays`` (numeric, floats as float64) and ``odd`` (name -> a dtype numpy cannot hold)."""

    arrays: dict[str, np.ndarray]
    odd: dict[str, str]

    @property
    def names(self) -> list[str]:
        return [*self.arrays, *self.odd]

    def __contains__(self, name: str) -> bool:  # constant time: `name in t`, never `name in t.names`
        return name in self.arrays or name in self.odd

    def shape(self, name: str) -> tuple:
        return self.arrays[name].shape if name in self.arrays else ()


def as_float(t: Tensors, name: str) -> np.ndarray:
    """The tensor ``name`` as float64, refused when it is not floating point or holds NaN or inf."""
    if name in t.odd or not np.issubdtype(t.arrays[name].dtype, np.floating):
        dtype = t.odd.get(name) or t.arrays[name].dtype
        raise ModelFileError(
            f"The tensor {short(name)} holds {dtype} values; weights should be floating point (float64, float32, "
            "float16 or bfloat16)."
        )
    a = t.arrays[name]
    check_finite(name, a)
    return a


def check_finite(name: str, a: np.ndarray) -> None:
    if np.isfinite(a).all():
        return
    nan, inf = int(np.isnan(a).sum()), int(np.isinf(a).sum())
    what = " and ".join(s for s in (f"{nan} NaN" * bool(nan), f"{inf} infinite" * bool(inf)) if s)
    raise ModelFileError(
        f"The tensor {short(name)} holds {what} value(s). A model with NaN or infinite weights cannot be "
        "replayed; this usually means training diverged. Save the weights from before it did."
    )
