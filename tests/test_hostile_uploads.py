"""The upload corpus of issue 23, generated here (tests/hostile_util.py builds every file; none is checked in): each
file that once cost the server minutes of CPU or gigabytes of memory, and its variants at and over each budget of
rnn_core/io/budget.py. Each is read as the uploader's callback reads it (``ui.models.read_file``), measured in this
process's own CPU time and peak resident memory (``hostile_util.cost``), and must be refused, with a message saying
which budget, or accepted within the cost the budget allows. An accepted file also opens on /models, and a rerun of
the page with it costs no more than a rerun of any page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from rnn_core.io import BUDGET, MB
from rnn_core.io.budget import FLOAT64_BYTES
from tests import hostile_util as hu
from tests.apptest_util import app
from ui import models

REFUSED_CPU = 1.0  # seconds to refuse any file
REFUSED_MB = 32  # a refusal allocates nothing large (the file itself is in memory before it is measured)
READ_CPU = 2.0  # seconds to read a file within the budget
# Reading a file within the budget holds the file's own tensors (at most the file), their float64 copy and one more
# float64 copy on its way into the glass box, and some slack.
READ_MB = (BUDGET.file_bytes + 2 * FLOAT64_BYTES * BUDGET.parameters) / MB + 16
PAGE_CPU = 3.0  # the page's first run with the file: the replay and every step's views, once
RERUN_CPU = 1.0  # a rerun reuses what was derived from the file
TEXT_CHARS = 1_000  # what a text box starts with (a 50,000-token vocabulary is not written into one)


@dataclass(frozen=True)
class Case:
    make: object  # () -> bytes
    refused: str | None  # a phrase of the message, or None: accepted


def st_rnn(D: int, H: int, **kw):
    return lambda: hu.safetensors_file(hu.rnn_arrays("rnn", D, H, **kw))


CASES = {
    # the table, row by row
    "zeros_0.5MB_unpacking_to_537MB": Case(lambda: hu.zeros_unpacking_to(1 << 20), "unpacks to 536,937,888 bytes"),
    "zip_declaring_1GiB": Case(hu.declares_one_gib, "unpacks to 1,073,742,335 bytes"),
    "embedding_40000x1_80KB": Case(st_rnn(1, 4, V=40_000, dtype="float16"), None),
    "onehot_156000_inputs": Case(st_rnn(156_000, 4, dtype="float16"), "has 156,000 columns"),
    "32000_extra_weights": Case(lambda: hu.extra_weights(32_000), "safetensors header is 2,439,320 bytes"),
    "data_pkl_20MiB_of_N": Case(lambda: hu.opcodes_zip(20 * 2**20 - 3), "(data.pkl) is 20,971,520 bytes"),
    "bare_pickle_19.99MB_of_tuples": Case(lambda: hu.bare_pickle(19_990_000), "bare pickle"),
    "float16_lstm_9.9M_params": Case(lambda: hu.float16_lstm(9_900_000), "tensors hold 9,900,032 numbers"),
    # the variants: every budget, and the ways round a check
    "over_20MB_by_a_byte": Case(lambda: b"\0" * (BUDGET.file_bytes + 1), "20,000,001 bytes (20.0 MB)"),
    "strides_of_0_declaring_134M": Case(lambda: hu.stride_zero(1 << 20), "tensors hold 134,234,368 numbers"),
    "one_dict_shared_16^5_ways": Case(lambda: hu.shared_dicts(16, 5), "more than 1,000 tensors"),
    "entries_shared_16^5_ways": Case(lambda: hu.shared_dicts(16, 5, tensors=False), "along all their paths"),
    "1001_tensors": Case(lambda: hu.extra_weights(1_001 - 4), "holds 1,001 tensors"),
    "torch_save_of_32000_tensors": Case(lambda: hu.many_torch_tensors(32_000), "holds 32,007 members"),
    "data_pkl_of_1.9M_opcodes": Case(lambda: hu.opcodes_zip(1_900_000), "past 100,000 opcodes"),
    "bare_pickle_of_1.9M_opcodes": Case(lambda: hu.bare_pickle(1_900_000), "bare pickle"),
    "vocabulary_of_50001_in_metadata": Case(lambda: hu.unrolled_file(50_001), "lists 50,001 vocabulary tokens"),
    "embedding_of_50001_rows": Case(st_rnn(2, 2, V=50_001), "50,001 rows"),
    "output_layer_of_50001": Case(st_rnn(2, 2, O=50_001), "gives 50,001 outputs"),
    "float16_lstm_over_by_a_few": Case(lambda: hu.float16_lstm(4_000_001), "hold 4,000,256 numbers"),
    # within the budget: accepted, and cheap
    "onehot_50000_inputs": Case(st_rnn(50_000, 4, dtype="float16"), None),
    "vocabulary_of_50000_lstm_3.3M": Case(
        lambda: hu.safetensors_file(hu.rnn_arrays("lstm", 32, 32, V=50_000, O=50_000)), None
    ),
    "float16_lstm_of_4M_params": Case(lambda: hu.float16_lstm(4_000_000), None),
    "990_extra_weights": Case(lambda: hu.extra_weights(990), None),
    "zeros_deflated_unpacking_to_10MB": Case(lambda: hu.zeros_unpacking_to(40_000, 64), None),
    "vocabulary_of_50000_in_metadata": Case(lambda: hu.unrolled_file(50_000), None),
}
ACCEPTED = [k for k, c in CASES.items() if c.refused is None]


@pytest.mark.parametrize("case", list(CASES))
def test_every_file_is_refused_or_read_within_its_budget(case):
    c = CASES[case]
    data = c.make()
    with hu.cost() as spent:
        up = models.read_file("upload.pt", data)
    if c.refused is not None:
        assert up.loaded is None and c.refused in up.error, up.error or up.loaded.found
        assert "this app reads at most" in up.error or "bare pickle" in up.error
        assert spent["cpu"] < REFUSED_CPU and spent["peak_mb"] < REFUSED_MB, spent
    else:
        assert up.loaded is not None, up.error
        assert spent["cpu"] < READ_CPU and spent["peak_mb"] < READ_MB, spent


@pytest.mark.parametrize("case", ACCEPTED)
def test_an_accepted_file_opens_on_the_page_and_a_rerun_costs_little(case):
    data = CASES[case].make()
    at = app("models").run()
    at.file_uploader(key="md_file").set_value(("upload.safetensors", data, "application/octet-stream"))
    with hu.cost() as first:
        at.run()
    assert not at.exception and at.success, [e.message for e in at.exception] + [e.value for e in at.error]
    assert all(len(str(w.value)) <= TEXT_CHARS for w in at.text_input), [len(str(w.value)) for w in at.text_input]
    with hu.cost() as rerun:
        at.run()
    assert not at.exception
    assert first["cpu"] < PAGE_CPU and rerun["cpu"] < RERUN_CPU, (first, rerun)
