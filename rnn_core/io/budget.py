"""What one model file may cost the server: the budget every file is held to before it is unpacked.

A file of a few kilobytes can declare gigabytes: deflated zeros in a zip, a tensor whose strides are 0, a pickle
whose dicts share one dict a million ways. So every limit is read from what a file *declares* (its size, the
safetensors JSON header, the zip's central directory, the pickle's opcodes) and checked before anything is
allocated for it; a file over any of them is refused with a message that says which, by how much, and how to
save a smaller model. The one table, :data:`BUDGET`; the README and docs/model-format.md state it, and
``tests/test_io.py`` checks that they say the same numbers.

Sizes are in MB of 1,000,000 bytes everywhere (the uploader, the messages, the docs). The server's own wall,
``maxUploadSize = 20`` in .streamlit/config.toml, is read by Streamlit in MiB (20,971,520 bytes plus 1 MB for the
upload's framing), so a file the browser lets through always reaches the app's own check, and its message.

What an upload can hold in memory follows from the table: the file (Streamlit keeps it, at most ``file_bytes``)
and its weights as float64 (at most ``parameters`` x 8 bytes), per session that has one open.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from rnn_core.io.errors import ModelFileError

MB = 1_000_000  # bytes in a megabyte, as every size here is stated


@dataclass(frozen=True)
class Budget:
    file_bytes: int  # the file as uploaded
    unpacked_bytes: int  # a torch.save zip's members, unpacked, all together (from the zip's central directory)
    header_bytes: int  # what describes the tensors: a safetensors JSON header, a torch.save file's data.pkl
    pickle_opcodes: int  # opcodes in data.pkl, and entries walked in the dicts it holds
    tensors: int  # tensors in a file (zip members: this many storages, and a few more records)
    parameters: int  # numbers in all of a file's tensors together
    vocabulary: int  # tokens V, inputs per step D and outputs O, each


BUDGET = Budget(
    file_bytes=20 * MB,
    unpacked_bytes=40 * MB,
    header_bytes=2 * MB,
    pickle_opcodes=100_000,
    tensors=1_000,
    parameters=4_000_000,
    vocabulary=50_000,
)
ZIP_RECORDS = 16  # zip members besides the storages: data.pkl, version, byteorder, serialization_id, ...
FLOAT64_BYTES = 8  # a parameter as the glass box keeps it

WHAT = {  # field -> (what it limits, as a message's aside; how it is known before anything is unpacked)
    "file_bytes": ("the file", "its length, before anything in it is read"),
    "unpacked_bytes": (
        "a torch.save zip, unpacked",
        "the sizes its members declare in the zip's central directory, added up before one is unpacked",
    ),
    "header_bytes": (
        "a safetensors header, or a torch.save file's data.pkl",
        "the header's length (its first 8 bytes), data.pkl's size in the zip's directory",
    ),
    "pickle_opcodes": (
        "opcodes in data.pkl, and dict entries walked in what it holds",
        "counted as they stream past the vetting, never listed whole",
    ),
    "tensors": ("tensors in the file", "the header's entries; the zip's members and the tensors data.pkl holds"),
    "parameters": (
        "parameters: the numbers in all its tensors",
        f"from the shapes declared, before any is copied; kept as float64 ({BUDGET.parameters * FLOAT64_BYTES // MB}"
        " MB at most)",
    ),
    "vocabulary": (
        "tokens V, inputs per step D and outputs O, each",
        "from the shapes: what a one-hot x_t, the vocabulary box and the output bars hold",
    ),
}


def amount(field: str, value: int | None = None) -> str:
    """A budget's value (or ``value``, measured against it) as every message and document writes it: "20 MB" for a
    size in whole MB, "20,000,001 bytes (20.0 MB)" for any other, "4,000,000" for a count."""
    v = getattr(BUDGET, field) if value is None else value
    if not field.endswith("_bytes"):
        return f"{v:,}"
    return f"{v // MB:,} MB" if v % MB == 0 else f"{v:,} bytes ({v / MB:,.1f} MB)"


SMALLER = (
    "The models this app shows are small (one recurrent layer): save just that model's state_dict, "
    "safetensors.torch.save_file(model.state_dict(), 'model.safetensors')."
)


def over(field: str, value: int, found: str) -> None:
    """Refuse with a message when ``value`` is over the budget ``field``; ``found`` says what the file has, as a
    sentence's start ("This file holds 32,007 tensors")."""
    if value > getattr(BUDGET, field):
        raise ModelFileError(f"{found}; this app reads at most {amount(field)} ({WHAT[field][0]}). {SMALLER}")


def table() -> str:
    """The budget as a markdown table: what the README and docs/model-format.md show (tests keep them equal)."""
    rows = [f"| {WHAT[f.name][0]} | {amount(f.name)} | {WHAT[f.name][1]} |" for f in fields(Budget)]
    return "\n".join(["| what | at most | known from |", "| --- | --- | --- |", *rows])
