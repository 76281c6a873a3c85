"""What every refusal is, and the small text helpers its messages share.

Every file the app will not load raises :class:`ModelFileError`, a ValueError whose message is written for a
student and says what was expected; the page shows it as is (escaped: it quotes names from the file).
"""

from __future__ import annotations

HOW_TO_SAVE = (
    "Save the weights with safetensors (safetensors.torch.save_file(model.state_dict(), 'model.safetensors')) "
    "or with torch.save(model.state_dict(), 'model.pt')."
)


class ModelFileError(ValueError):
    """A file the app will not load; the message says why and what was expected, for a student to read."""


def short(s: str, n: int = 60) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 3] + "..."


def shape_text(shape) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def missing(names: list[str], why: str) -> ModelFileError:
    return ModelFileError(f"The file is missing the tensor{'s' * (len(names) > 1)} {', '.join(names)}: {why}")
