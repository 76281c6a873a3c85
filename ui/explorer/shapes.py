"""Every weight of a recurrent net with its shape both ways (the lecture's and torch's), its count, and the matrices
as heatmaps: the explorer's "Weights and their shapes", also on the tour and /models."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnn_core.net import NumpyNet
from rnn_core.shapes import SLIDE_SHAPES, weight_blocks, weights
from ui import present
from ui.charts import show
from viz import colors, labels
from viz.heatmaps import matrix_heatmap


def weights_table(rows, torch_names: bool = True) -> None:
    """Every weight's shape both ways and its count both ways (``rnn_core.shapes.weights``' rows), with torch's name
    for it (``torch_names``)."""
    table = []
    for w in rows:
        row = {"Weight": w.name, "Lecture's shape": w.lecture, "torch's shape": w.torch}
        row |= {"torch name": w.torch_name} if torch_names else {}
        table.append(row | {"Count (torch)": f"{w.torch_count:,}", "Count (lecture)": f"{w.lecture_count:,}"})
    st.table(pd.DataFrame(table), hide_index=True)


def shapes_panel(task, net: NumpyNet, prefix: str = "", heatmaps: bool = True) -> None:
    """Every weight's shape both ways, its count, and (``heatmaps``) the matrices as heatmaps (chart keys start with
    ``prefix``)."""
    p, r = net.params, net.readout
    H, D, O, G = p.units, p.input_dim, r.W_hy.shape[0], len(p.gates)
    rows = weights(p.kind, D, H, O, None if net.E is None else net.E.shape[0])
    n_torch, n_lecture = sum(w.torch_count for w in rows), sum(w.lecture_count for w in rows)
    cell = labels.ARCH[p.kind]
    gates = (
        f" The {cell} has {weight_blocks(p.kind)} ({', '.join(p.gates)}): each has its own W_x?, W_h? and bias, and "
        "torch stacks the blocks into one matrix."
        if G > 1
        else " A vanilla RNN has no gates: one W_xh, one W_hh, one bias."
    )
    st.markdown(
        f"**{n_torch:,} parameters as torch counts them** ({n_lecture:,} as the lecture writes the cell). "
        f"{SLIDE_SHAPES} "
        f"torch also keeps two biases where the lecture has one b_h (only their sum matters"
        + (
            ", except for the GRU's candidate gate, whose b_hn sits inside r * (W_hn h + b_hn)"
            if p.kind == "gru"
            else ""
        )
        + ")."
        + gates
    )
    weights_table(rows)
    if not heatmaps:
        return
    in_labels = list(task.vocab) if task.encoding == "onehot" else None
    out_labels = list(task.classes) if task.classes else None
    big = present.is_on()
    if big:  # projector mode: two to a row (W_hy under the W_x), each given half the page
        left, right = st.columns(2)
        cols = [left, right, left]
    else:
        cols = st.columns(3)
    px = {"big": big, "width": colors.HALF_COLUMN[True] if big else None}
    for g in p.gates:
        blk = p.gate(g)
        sfx = "" if G == 1 else f" · gate {g}"
        name_x = "W_xh" if G == 1 else f"W_x{g}"
        name_h = "W_hh" if G == 1 else f"W_h{g}"
        show(
            matrix_heatmap(blk["W_x"], f"{name_x}{sfx}: {H} x {D} as torch stores it", col_labels=in_labels, **px),
            f"{prefix}wx_{g}",
            cols[0],
        )
        show(matrix_heatmap(blk["W_h"], f"{name_h}{sfx}: {H} x {H}", **px), f"{prefix}wh_{g}", cols[1])
    why = matrix_heatmap(r.W_hy, f"W_hy: {O} x {H} as torch stores it", row_labels=out_labels, **px)
    show(why, f"{prefix}why", cols[2])
