"""The explorer's views of a recurrent net reading a CNN's output (``enc=cnn`` on tasks with images): the feature
maps of the current step's frame or image, stepping with the diagram, and the held-out scores of the flat and the
CNN encoders side by side."""

from __future__ import annotations

import numpy as np
import streamlit as st

from rnn_core.cnn import EncodedNet, cnn_kind
from rnn_core.engine.zoo import load_trained
from rnn_core.params import KINDS
from rnn_core.tasks import get_task
from ui import cache
from ui.charts import show
from ui.components import stepper
from ui.explorer.trained import baseline_score
from viz import labels, scene
from viz.feature_maps import feature_maps_figure
from viz.window_scores import scores_figure


def encoded(net: EncodedNet, example) -> list[bool]:
    """The steps whose input holds an image for the CNN (the caption's word steps hold none)."""
    return [bool(np.any(np.asarray(x, dtype=float)[: net.cnn.in_dim])) for x in example.inputs]


def maps_panel(net: EncodedNet, example, big: bool, key: str, group: str) -> None:
    """The CNN's feature maps at the stepper's step, in the browser like the diagram."""
    stepper.svg_panel(key, group, cache.views(feature_maps, net, example, big)["maps"])


def feature_maps(net: EncodedNet, example, big: bool) -> dict:
    """The CNN's feature maps at every step (``maps``), blank at a step with no image."""
    figs = []
    for t, (x, on) in enumerate(zip(example.inputs, encoded(net, example), strict=True), start=1):
        p = net.cnn.run(np.asarray(x, dtype=float)[: net.cnn.in_dim]) if on else None
        figs.append(feature_maps_figure(None if p is None else p.image, [] if p is None else p.pooled, t=t, big=big))
    return {"maps": scene.scene(figs, "ex-maps")}


@st.cache_data(max_entries=16, show_spinner=False)
def encoder_scores(task_id: str, seed: int = 0) -> dict[str, float]:
    """Held-out scores of the stored models (default units, ``seed``): each cell with the flat and the CNN encoder."""
    task = get_task(task_id)
    out = {}
    for kind in KINDS:
        for k in (kind, cnn_kind(kind)):
            if (m := load_trained(task, k, task.default_units, seed)) is not None:
                out[k] = m.accuracy
    return out


def scores_panel(task, big: bool, key: str) -> None:
    """Flat pixels or a CNN: the same cells on the same data, side by side."""
    acc = encoder_scores(task.id)
    fig = scores_figure(
        acc, chance=1.0 / task.output_dim, baseline=baseline_score(task.id), baseline_name="baseline", big=big
    )
    show(fig, key)
    pairs = [(labels.ARCH_SHORT[k], acc[k], acc[cnn_kind(k)]) for k in KINDS if k in acc and cnn_kind(k) in acc]
    better = [n for n, flat, cnn in pairs if cnn > flat + 0.02]
    worse = [n for n, flat, cnn in pairs if cnn < flat - 0.02]
    st.markdown(
        "With the CNN: "
        + "; ".join(f"{n} {flat:.0%} flat -> {cnn:.0%} with the CNN" for n, flat, cnn in pairs)
        + ". "
        + (f"The CNN helps the {', '.join(better)}. " if better else "")
        + (f"It does worse for the {', '.join(worse)}. " if worse else "")
    )
    st.caption(
        f"Stored models, {task.default_units} units, seed 0, trained the same way on the same examples. Flat: the "
        "cell reads the pixels as one vector. CNN: two Conv2d layers (3 x 3, ReLU, 2 x 2 max pooling) turn each "
        "image into x_t first, trained with the cell."
    )
