"""What a network looks at: the frames of a clip in a row, each numbered as the input x_t it is, and a small
picture made big enough to see.

:func:`frames_figure` draws one grayscale heatmap per frame (black 0, white 1; hover gives each pixel's exact
value, the number that goes into x_t). :func:`upscale` turns a tiny RGB picture into a big one by repeating
each pixel (nearest neighbour: the pixels stay sharp squares), for a page to show as an image.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import base, colors

GRAY = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
FRAME_PX = {False: 84, True: 120}  # one frame's side, px
GAP_PX = {False: 14, True: 20}


def frames_figure(frames, labels=None, *, big: bool = False, title: str | None = None) -> go.Figure:
    """Frames (T, H, W) in [0, 1] side by side, left to right, each headed x_t and its label ("x_1 · f1").

    labels: T names (default f1..fT), as under the diagram's x_t boxes.
    """
    a = np.asarray(frames, dtype=float)
    if a.ndim != 3 or 0 in a.shape:
        raise ValueError(f"frames should be a non-empty (T, H, W) array, got shape {a.shape}")
    n, rows, cols = a.shape
    labels = [f"f{t}" for t in range(1, n + 1)] if labels is None else [str(s) for s in labels]
    if len(labels) != n:
        raise ValueError(f"{n} frames need {n} labels, got {len(labels)}")
    f = colors.fonts(big)
    side, gap = FRAME_PX[big], GAP_PX[big]
    top = base.title_space(title, big) + int(1.8 * f["label"])
    width, height = n * side + (n - 1) * gap + 16, side + top + 8
    left = 8
    data, axes, annotations = [], {}, []
    for t in range(n):
        sx = "" if t == 0 else str(t + 1)
        x0 = (left + t * (side + gap)) / width
        x1 = (left + t * (side + gap) + side) / width
        data.append(
            {
                "type": "heatmap",
                "z": a[t],
                "xaxis": f"x{sx}",
                "yaxis": f"y{sx}",
                "zmin": 0.0,
                "zmax": 1.0,
                "colorscale": GRAY,
                "showscale": False,
                "xgap": 0,
                "ygap": 0,
                "name": f"x_{t + 1}",
                "hovertemplate": f"x_{t + 1} ({labels[t]}) · row %{{y}}, column %{{x}}: %{{z:.2f}}<extra></extra>",
            }
        )
        axes[f"xaxis{sx}"] = base.hidden_axis(-0.5, cols - 0.5, domain=[x0, x1])
        axes[f"yaxis{sx}"] = base.hidden_axis(rows - 0.5, -0.5, domain=[0.0, 1.0], anchor=f"x{sx}")
        annotations.append(
            {
                "name": f"frame-label-{t + 1}",
                "text": f"x_{t + 1} · {labels[t]}",
                "x": (x0 + x1) / 2,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": f["label"], "color": colors.TEXT},
            }
        )
    return base.figure(
        data,
        {
            **axes,
            "annotations": annotations,
            "title": base.title(title, big),
            "width": width,
            "height": height,
            "margin": {"l": 0, "r": 0, "t": top, "b": 8},
        },
        big,
    )


def upscale(image, pixel_px: int) -> np.ndarray:
    """A picture (H, W, 3) or (H, W) in [0, 1] as uint8 with every pixel repeated into a pixel_px x pixel_px
    square: (H * pixel_px, W * pixel_px[, 3]), ready for a page to show as an image."""
    a = np.asarray(image, dtype=float)
    if a.ndim not in (2, 3) or 0 in a.shape[:2] or pixel_px < 1:
        raise ValueError(f"expected an (H, W) or (H, W, 3) picture and pixel_px >= 1, got {a.shape}, {pixel_px}")
    big = np.repeat(np.repeat(a, pixel_px, axis=0), pixel_px, axis=1)
    return np.round(np.clip(np.nan_to_num(big), 0.0, 1.0) * 255).astype(np.uint8)
