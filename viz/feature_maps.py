"""What the CNN encoder sees of one frame or image: the input, then each layer's pooled feature maps, the last of
which, flattened, is x_t. Numbers come in computed (``rnn_core.cnn.CNNPass``); this module only lays them out.

One heatmap per map on shared axes in abstract units (the input 2 x 2 units, each map 1 x 1), groups left to right:
the input (colour channels shown as their brightest), layer 1's maps in two rows, layer 2's in two rows. The input
runs black 0 .. white 1; feature maps run white 0 .. blue (their largest value in that layer): after ReLU they are
never negative. Trace names: ``input``, ``map-{layer}-{f}`` (layer 1-based, map 0-based); titles ``title-input``,
``title-{layer}``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz import base, colors

GREY = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
BLUES = [[0.0, "#FFFFFF"], [1.0, colors.OKABE_ITO["blue"]]]
GAP, GROUP_GAP, INPUT = 0.15, 0.6, 2.0  # units


def feature_maps_figure(
    image: np.ndarray | None, maps: Sequence[np.ndarray], *, t: int, big: bool = False, width: int | None = None
) -> go.Figure:
    """The CNN at step ``t`` (1-based): ``image`` (C, H, W) and ``maps`` per layer (F, h, w); ``image`` None: this
    step has no image (its x_t is its word alone), said in words."""
    f = colors.fonts(big)
    title_px = 2.6 * f["small"]
    if image is None:
        layout = {
            "height": int(2 * title_px + 20),
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "xaxis": base.hidden_axis(0, 1),
            "yaxis": base.hidden_axis(0, 1),
            "annotations": [
                {
                    "name": "no-image",
                    "x": 0.5,
                    "y": 0.5,
                    "text": f"Step {t} has no image: the CNN's part of x_{t} is 0, and the cell reads the word alone.",
                    "showarrow": False,
                    "font": {"size": f["base"], "color": colors.TEXT},
                }
            ],
        }
        return base.figure([], layout, big)
    rows = 2
    cols = [max(1, -(-len(m) // rows)) for m in maps]
    total = INPUT + sum(GROUP_GAP + c * (1 + GAP) for c in cols)
    unit_px = ((width or colors.MAIN_COLUMN[big]) - 16) / total
    data, ann, frames = [], [], []
    img = np.asarray(image, dtype=float).max(axis=0)  # (H, W): the brightest channel
    data.append(_map("input", img, 0.0, 0.0, INPUT, GREY, 0.0, 1.0, f"frame at step {t}, pixel"))
    frames.append(_frame("frame-input", 0.0, 0.0, INPUT))
    ann.append(_title("title-input", INPUT / 2, f"input {image.shape[1]} x {image.shape[2]}", f))
    x = INPUT
    for layer, (m, c) in enumerate(zip(maps, cols, strict=True), start=1):
        x += GROUP_GAP
        top = float(np.max(m)) if np.max(m) > 0 else 1.0
        for k, fm in enumerate(m):
            r, col = divmod(k, c)
            x0 = x + col * (1 + GAP)
            y0 = (rows - 1 - r) * (1 + GAP) + (INPUT - (rows * (1 + GAP) - GAP)) / 2
            data.append(_map(f"map-{layer}-{k}", fm, x0, y0, 1.0, BLUES, 0.0, top, f"layer {layer} map {k + 1}"))
            frames.append(_frame(f"frame-{layer}-{k}", x0, y0, 1.0))  # a map that is all 0 still shows its place
        F, h, w = np.shape(m)
        last = layer == len(maps)
        text = f"layer {layer}: {F} maps {h} x {w}" + (f" = x_{t} ({F * h * w} numbers)" if last else "")
        ann.append(_title(f"title-{layer}", x + c * (1 + GAP) / 2, text, f))
        x += c * (1 + GAP)
    layout = {
        "height": int(INPUT * unit_px + title_px + 16),
        "margin": {"l": 8, "r": 8, "t": int(title_px), "b": 8},
        "xaxis": base.hidden_axis(-0.05, total),
        "yaxis": base.hidden_axis(-0.05, INPUT + 0.05),
        "annotations": ann,
        "shapes": frames,
    }
    if width:
        layout["width"] = int(width)
    return base.figure(data, layout, big)


def _map(name: str, z: np.ndarray, x0: float, y0: float, size: float, scale, zmin: float, zmax: float, what: str):
    z = np.asarray(z, dtype=float)
    h, w = z.shape
    text = [[f"{what} [{r + 1}, {c + 1}]" for c in range(w)] for r in range(h)]
    return {
        "type": "heatmap",
        "name": name,
        "x": np.linspace(x0, x0 + size, w + 1),
        "y": np.linspace(y0 + size, y0, h + 1),  # row 1 on top
        "z": z,
        "text": text,
        "colorscale": scale,
        "zmin": zmin,
        "zmax": zmax,
        "showscale": False,
        "hovertemplate": "%{text} = %{z:.4f}<extra></extra>",
    }


def _frame(name: str, x0: float, y0: float, size: float) -> dict:
    line = {"color": colors.MUTED, "width": 1}
    return {"type": "rect", "name": name, "x0": x0, "x1": x0 + size, "y0": y0, "y1": y0 + size, "line": line}


def _title(name: str, x: float, text: str, f: dict) -> dict:
    return {
        "name": name,
        "x": x,
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "yshift": 4,
        "text": text,
        "showarrow": False,
        "font": {"size": f["small"], "color": colors.TEXT},
    }
