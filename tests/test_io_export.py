"""rnn_core.io.export: the trace CSV holds every number of the replay, one row per step, exactly; the training history
CSV one row per record; nothing in a label becomes a spreadsheet formula."""

import csv
import io
import math
from dataclasses import dataclass

import numpy as np
import pytest

from rnn_core.io.export import records_csv, text_cell, trace_columns, trace_csv
from rnn_core.net import NumpyNet
from rnn_core.params import GATES, KINDS, init_params
from rnn_core.readout import Readout


def net(kind, encoding="onehot", D=4, H=3, O=4, V=4, seed=0) -> NumpyNet:
    rng = np.random.default_rng(seed)
    E = rng.normal(size=(V, D)) if encoding == "embed" else None
    return NumpyNet(encoding, init_params(kind, D, H, rng), Readout(rng.normal(size=(O, H)), rng.normal(size=O)), E)


def rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    r = list(csv.reader(io.StringIO(text)))
    return r[0], [dict(zip(r[0], row, strict=True)) for row in r[1:]]


def column(rs, name) -> np.ndarray:
    return np.array([float(r[name]) for r in rs])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("encoding", ["onehot", "embed", "dense"])
def test_every_number_of_every_step_reads_back_exactly(kind, encoding):
    n = net(kind, encoding, D=4 if encoding == "onehot" else 3, V=4)
    inputs = np.array([0, 1, 2, 2, 3]) if encoding != "dense" else np.random.default_rng(1).normal(size=(5, 3))
    r = n.replay(inputs)
    classes = ("h", "e", "l", "o")
    header, rs = rows(trace_csv(r, list("hello"), classes))
    H, D = 3, r.xs.shape[1]
    assert header == trace_columns(kind, D, H, list(classes), True)
    assert (
        len(rs) == 5 and [x["t"] for x in rs] == ["1", "2", "3", "4", "5"] and [x["x_t"] for x in rs] == list("hello")
    )
    for i in range(D):
        np.testing.assert_array_equal(column(rs, f"x_t[{i + 1}]"), r.xs[:, i])
    for i in range(H):
        np.testing.assert_array_equal(column(rs, f"h_t[{i + 1}]"), r.trace.h[:, i])
        for g, values in r.trace.gates().items():
            np.testing.assert_array_equal(column(rs, f"{g}_t[{i + 1}]"), values[:, i])
        if kind == "lstm":
            np.testing.assert_array_equal(column(rs, f"c_t[{i + 1}]"), r.trace.c[:, i])
    for j, c in enumerate(classes):
        np.testing.assert_array_equal(column(rs, f"y_t[{c}]"), r.logits[:, j])
        np.testing.assert_array_equal(column(rs, f"p_t[{c}]"), r.probs[:, j])
    gate_cols = {h.split("_t[")[0] for h in header if "_t[" in h} - {"x", "h", "c", "y", "p"}
    assert gate_cols == (set(GATES[kind]) if kind != "rnn" else set())


def test_regression_has_no_probabilities_and_outputs_are_numbered():
    r = net("gru", "dense", D=1, O=2).replay(np.array([[0.5], [-1.0]]))
    header, rs = rows(trace_csv(r, ["0.5", "-1"], None, probs=False))
    assert "y_t[1]" in header and "y_t[2]" in header and not any(h.startswith("p_t") for h in header)
    assert rs[1]["x_t"] == "'-1"  # a label starting with "-" is text, not a formula
    assert float(rs[1]["x_t[1]"]) == -1.0  # numbers stay numbers


@pytest.mark.parametrize("label", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx"])
def test_labels_never_become_formulas(label):
    assert text_cell(label) == "'" + label
    r = net("rnn").replay(np.array([0]))
    header, rs = rows(trace_csv(r, [label], ("a", "b", "=c", "d")))
    assert rs[0]["x_t"] == "'" + label and "'y_t[=c]" not in header and "y_t[=c]" in header


def test_a_label_with_commas_and_quotes_stays_one_cell():
    r = net("lstm").replay(np.array([0, 1]))
    _, rs = rows(trace_csv(r, ['a, "b"', "line\nbreak"], None))
    assert [x["x_t"] for x in rs] == ['a, "b"', "line\nbreak"]


@dataclass(frozen=True)
class Rec:
    step: int
    loss: float
    grad: float
    clipped: bool
    clip: float | None


def test_records_csv():
    recs = [Rec(0, 2.5, math.nan, False, None), Rec(1, 0.1 + 0.2, 3.25, True, 1.0)]
    header, rs = rows(records_csv(recs))
    assert header == ["step", "loss", "grad", "clipped", "clip"]
    assert rs[0] == {"step": "0", "loss": "2.5", "grad": "", "clipped": "false", "clip": ""}
    assert float(rs[1]["loss"]) == 0.1 + 0.2 and rs[1]["clipped"] == "true" and rs[1]["clip"] == "1.0"
    assert records_csv([]) == ""
    with pytest.raises(TypeError):
        records_csv([{"step": 1}])


def test_a_real_training_history():
    from rnn_core.experiments.stepper import Record, Stepper
    from rnn_core.tasks import get_task

    s = Stepper(get_task("chars"), "rnn", 2, seed=0)
    s.run(3)
    header, rs = rows(records_csv(s.history))
    assert header[0] == "step" and "train_loss" in header and "heldout_acc" in header
    assert [int(r["step"]) for r in rs] == [0, 1, 2, 3] and len(header) == len(Record.__dataclass_fields__)
    assert [float(r["train_loss"]) for r in rs] == [h.train_loss for h in s.history]
