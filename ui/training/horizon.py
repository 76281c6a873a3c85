"""/training's memory horizon: how many steps back each cell can carry a symbol, trained on demand cell by cell and
kept for everyone (the grid for seed 0 is stored in models/)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.experiments import horizon as hz
from rnn_core.experiments.horizon import DEFAULT_CONFIG, DEFAULT_LAGS, HorizonGrid, load_grid
from ui import present, store
from ui.charts import show
from ui.training.state import VIEW
from viz import labels
from viz.curves import horizon_plot

K = VIEW.K


def horizon_section(seed: int) -> None:
    big = present.is_on()
    cfg = DEFAULT_CONFIG
    st.subheader("How far back can each cell remember?", divider="gray")
    st.caption(
        f"The first step shows one of {cfg.symbols} symbols (A, B, C, D); then come as many distractors as the "
        "lag; at the last step the model must name the first symbol (chance "
        f"{1 / cfg.symbols:.0%}). Each cell ({cfg.units} units, Adam, clipping at {cfg.clip:g}) trains on gaps "
        f"of 1 up to the lag for at most {cfg.steps} steps and is scored on fresh sequences with exactly that "
        f"lag. Seed {seed}."
    )
    keys = {(k, lag): ("horizon", k, lag, seed, cfg) for k in rc.KINDS for lag in DEFAULT_LAGS}
    kept = stored_grid(seed)
    cells = {kl: store.peek(key) or (kept.cell(*kl) if kept else None) for kl, key in keys.items()}
    missing = [kl for kl, c in cells.items() if c is None]
    if missing and st.session_state.pop(K.hz_run, False):
        for i, (k, lag) in enumerate(missing):
            label = f"Cell {i + 1} of {len(missing)}: {labels.ARCH[k]} at lag {lag}…"

            def build(progress, k=k, lag=lag, i=i):
                where = f"Cell {i + 1} of {len(missing)}"
                return hz.train_cell(k, lag, seed, cfg, lambda f, m: progress(f, f"{where} · {m}"))

            cells[(k, lag)] = store.get_or_build(keys[(k, lag)], build, label)
        missing = []
    c = st.columns([1.3, 3], vertical_alignment="center")
    c[0].button(
        "Run the experiment",
        key=K.run_horizon,
        icon=":material/science:",
        disabled=not missing,
        type="primary" if missing else "secondary",
        on_click=st.session_state.update,
        kwargs={K.hz_run: True},
        help=(
            f"Train {len(missing)} small models, with a progress bar for each. Results are kept for "
            "everyone, so later visits show them at once."
        )
        if missing
        else "Every cell is computed; the results are kept for everyone using this app.",
    )
    c[1].caption(
        f"{len(keys) - len(missing)} of {len(keys)} cells computed."
        if missing
        else "Every cell is computed (shared by everyone using this app)."
    )
    acc = np.array(
        [[np.nan if cells[(k, lag)] is None else cells[(k, lag)].accuracy for lag in DEFAULT_LAGS] for k in rc.KINDS]
    )
    show(horizon_plot(rc.KINDS, DEFAULT_LAGS, acc, chance=1 / cfg.symbols, big=big), "hz_plot")
    if all(v is not None for v in cells.values()):
        grid = HorizonGrid(rc.KINDS, DEFAULT_LAGS, tuple(cells[(k, lag)] for k in rc.KINDS for lag in DEFAULT_LAGS))
        reach = ", ".join(f"{labels.ARCH[k]} to lag {grid.horizon(k)}" for k in rc.KINDS)
        st.caption(f"Held 90% or better: {reach}. {horizon_finding(grid)}")


@st.cache_resource(show_spinner=False)
def stored_grid(seed: int) -> HorizonGrid | None:
    """The memory-horizon grid stored in the repository for this seed (read once per server), or None."""
    return load_grid(seed)


def horizon_finding(grid: HorizonGrid) -> str:
    """What this grid's numbers say about who forgets first, in words."""
    first = grid.shortest()
    if len(first) == len(grid.kinds):
        return "In this run every cell held equally far."
    names = " and ".join(labels.ARCH[k] for k in first)
    if first == ("rnn",):
        return (
            f"The {names} is the first to drop below 90%: its memory is squeezed through W_hh at every step, "
            "while the gates of LSTM and GRU can hold a value unchanged."
        )
    return f"In this run the {names} dropped below 90% first."
