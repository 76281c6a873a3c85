"""viz.svg and viz.scene: plotly figures as SVG the stepper shows, a figure per step, each step exactly as drawn."""

import re

import numpy as np
import pytest

from viz import colors, scene, svg
from viz.backprop import backward_figure
from viz.bars import prob_bars
from viz.base import figure
from viz.curves import gradient_norms
from viz.heatmaps import history_heatmap
from viz.unrolled import unrolled_figure


def shown_at(sc: dict, k: int) -> list[str]:
    """What the browser draws at step k (0-based): its frame's plain items and the items whose ranges hold k."""
    frame = sc["frames"][sc["at"][k]]
    return [
        it if isinstance(it, str) else it[0]
        for it in frame["items"]
        if isinstance(it, str) or any(a <= k <= b for a, b in it[1])
    ]


def own_items(fig, uid: str, frame: int) -> list[str]:
    return [s.replace(svg.ID, f"{uid}-{frame}") for s in svg.figure_frame(fig)["items"]]


H = np.tanh(np.random.default_rng(3).normal(size=(5, 3)))
LABELS = ["h", "e", "l", "l", "o"]
DH = np.array([2e-4, 1e-3, 0.0, 0.05, 0.8])  # ||dL/dh_t||, one of them 0 (a log axis leaves it out)
GATES = {g: (H + 1) / 2 for g in "ifo"} | {"g": H}  # (T, H) each, as an LSTM's gates


@pytest.mark.parametrize(
    "build",
    [
        lambda t: unrolled_figure(H, t, LABELS, ["e", "l", "l", "o", "!"], y_probs=[0.9, 0.8, 0.5, 0.7, 0.2]),
        lambda t: unrolled_figure(H, t, LABELS, ["e", "l", "l", "o", "!"], feedback=True, big=True, cell="lstm"),
        lambda t: unrolled_figure(H, t, LABELS, [None] * 4 + ["French"], cell="gru", width=620),
        lambda t: unrolled_figure(
            H, t, LABELS, ["e", "l", "l", "o", "!"], cell="lstm", c=3 * H[::-1], c0=H[0], gates=GATES, feedback=t > 2
        ),
        lambda t: unrolled_figure(H, t, LABELS, [None] * 4 + ["!"], cell="lstm", c=H, gates=GATES, big=True),
        lambda t: history_heatmap(H, t, LABELS, c=2 * H),
        lambda t: history_heatmap(H, t, LABELS),
        lambda t: prob_bars(np.roll([0.5, 0.2, 0.1, 0.1, 0.05, 0.05], t), list("abcdef"), top_k=3, highlight="f"),
        lambda t: backward_figure(H, LABELS, [None] * 4 + ["!"], DH, t + 1, cell="gru"),
        lambda t: gradient_norms(DH, reached=t + 1, big=t % 2 == 1),
    ],
    ids=[
        "diagram",
        "sampling-big-lstm",
        "many-to-one",
        "lstm-c-gates",
        "lstm-c-big",
        "history-c",
        "history",
        "bars",
        "backward",
        "gradient-norms",
    ],
)
def test_every_step_is_drawn_exactly_as_its_own_figure(build):
    figs = [build(t) for t in range(5)]
    sc = scene.scene(figs, "x")
    for k, fig in enumerate(figs):
        assert shown_at(sc, k) == own_items(fig, "x", sc["at"][k])
    n_items = sum(len(f["items"]) for f in sc["frames"])
    assert n_items < sum(len(svg.figure_frame(f)["items"]) for f in figs)  # shared pieces are stored once


def test_the_diagram_highlights_one_column_per_step():
    sc = scene.scene([unrolled_figure(H, t, LABELS) for t in range(5)], "d")
    assert len(sc["frames"]) == 1
    for k in range(5):
        items = shown_at(sc, k)
        bold = [re.search(r">t=(\d+)<", s).group(1) for s in items if 'data-name="header-' in s and "bold" in s]
        assert bold == [str(k + 1)]
        assert sum('data-name="highlight"' in s for s in items) == 1
        faded = [s for s in items if 'data-name="x-box-' in s and 'opacity="0.25"' in s]
        assert len(faded) == 4 - k  # the future is faded


def test_coordinates_x_in_percent_of_the_plot_y_in_px():
    layout = {
        "height": 120,
        "margin": {"l": 30, "r": 20, "t": 10, "b": 10},
        "xaxis": {"range": [0, 4], "visible": False},
        "yaxis": {"range": [0, 100], "visible": False},
        "shapes": [{"type": "rect", "x0": 1, "x1": 3, "y0": 0, "y1": 50, "fillcolor": "#FF0000", "line": {"width": 0}}],
    }
    frame = svg.figure_frame(figure([], layout))
    assert (frame["h"], frame["l"], frame["r"]) == (120, 30, 20)
    [rect] = frame["items"]
    assert 'x="25%" width="50%" y="60" height="50" fill="#FF0000" stroke="none"' in rect


def test_arrows_reach_the_head_with_their_tip():
    layout = {
        "height": 100,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"range": [0, 10]},
        "yaxis": {"range": [0, 100]},
    }
    along = {
        "x": 5,
        "y": 50,
        "ax": 1,
        "ay": 50,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
    }
    up = {**along, "ax": 5, "ay": 10}
    a = {"arrowhead": 2, "arrowsize": 1, "arrowwidth": 2, "arrowcolor": "#0072B2", "text": ""}
    frame = svg.figure_frame(figure([], {**layout, "annotations": [{**along, **a}, {**up, **a}]}))
    flat, tall = frame["items"]
    # horizontal: the shaft stops 1.3 x 2 px short of the head (CSS calc, as the width in px is the browser's)
    assert 'style="x: 10%; width: max(0px, calc(40% - 2.6px))"' in flat and "rotate(0)" in flat
    # vertical: in px; pointing up, so the head is turned -90 degrees
    assert 'y="52.6" height="37.4"' in tall and "rotate(-90)" in tall
    assert flat.count('fill="#0072B2"') == 2


def test_text_markup_becomes_tspans_and_nothing_else():
    lines = svg.runs("The same <span style='color:#0072B2'><b>W_xh</b></span> at<br>every &lt;b&gt; <script>x</script>")
    assert len(lines) == 2
    assert ("W_xh", {"color": "#0072B2", "bold": True}) in lines[0]
    text = svg.text_el("50%", 10, "<b>t=3</b> <img src=x onerror=alert(1)>", size=12, fill="#111", hover="a<b>")
    assert '<tspan font-weight="bold">t=3</tspan>' in text
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<title>a</title>" in text  # hover text is plain text
    assert svg.colour('red" onload="alert(1)') == colors.TEXT


def test_heatmap_colours_follow_plotlys_scale():
    got = svg.scale_colours(np.array([[-1.0, 0.0, 1.0, 0.1, 0.05, np.nan]]), -1, 1, colors.DIVERGING)
    # 0.1 is half way between the stops at 0.5 (#F7F7F7) and 0.6 (#FDDBC7), 0.05 a quarter: interpolated in RGB,
    # rounded half up as JavaScript's Math.round does (248.5 -> 249)
    assert got == [["#053061", "#f7f7f7", "#67001f", "#fae9df", "#f9f0eb", None]]


def test_heatmap_columns_gaps_and_hover():
    fig = history_heatmap(H, 1, LABELS)
    frame = svg.figure_frame(fig)
    columns = [s for s in frame["items"] if s.startswith("<g><rect")]
    assert len(columns) == 2  # steps 1 and 2 are drawn; the future is left blank
    assert columns[0].count("<rect") == 3 and 'stroke="#FFFFFF" stroke-width="1"' in columns[0]
    assert "<title>h_1[unit 1] (after x_1 = h)\n= " in columns[0]
    assert any('data-name="colorbar"' in s and "url(#@ID@-cs0)" in s for s in frame["items"])


def test_bars_carry_their_numbers_and_the_target_hatch():
    fig = prob_bars([0.7, 0.2, 0.1], ["a", "b", "c"], highlight="c", title="After “a”: p_1")
    sc = scene.scene([fig], "p")
    frame = sc["frames"][0]
    assert 'id="p-0-hatch0"' in frame["defs"]
    bars = [s for s in frame["items"] if s.startswith("<g data-bar=")]
    assert len(bars) == 3 and "url(#p-0-hatch0)" in bars[2] and "hatch" not in bars[0]
    assert "<title>a: 70.0000%</title>" in bars[0] and ">70.0%<" in bars[0]
    assert any('data-name="title"' in s and "After “a”: p_1" in s for s in frame["items"])


def test_steps_with_another_layout_get_their_own_frame():
    figs = [prob_bars([0.6, 0.3, 0.1], ["a", "b", "c"], top_k=2, highlight=h) for h in ("a", "c", "b")]
    sc = scene.scene(figs, "q")
    assert sc["at"] == [0, 1, 0]  # "c" is not in the top 2: a third bar, a taller figure
    assert sc["frames"][1]["h"] > sc["frames"][0]["h"]


def test_merge_keeps_each_steps_order_and_ranges():
    items = scene.merge([["a", "b", "d"], ["a", "c", "d"], ["a", "c", "d", "d"]], [0, 1, 2])
    assert items == ["a", ["b", [[0, 0]]], ["c", [[1, 2]]], "d", ["d", [[2, 2]]]]
    assert scene.ranges([5, 0, 1, 2, 7, 6]) == [[0, 2], [5, 7]]


def test_uid_must_be_safe():
    with pytest.raises(ValueError):
        scene.scene([], 'x" onload="')


def test_a_figure_reads_the_same_as_its_dict():
    fig = unrolled_figure(H, 2, LABELS, ["e", "l", "l", "o", "!"], y_probs=[0.9, 0.8, 0.5, 0.7, 0.2], feedback=True)
    assert svg.figure_frame(fig) == svg.figure_frame(fig.to_dict())  # numpy arrays as they are, or plotly's base64
    hist = history_heatmap(H, 1, LABELS)
    assert svg.figure_frame(hist) == svg.figure_frame(hist.to_dict())


def test_a_log_axis_line_and_its_markers():
    layout = {
        "height": 140,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "xaxis": {"range": [0.5, 4.5], "tickvals": [1, 2, 3, 4], "showline": True, "showgrid": True},
        "yaxis": {"type": "log", "range": [-3, 1], "tickvals": [0.001, 0.1, 10], "ticktext": ["a", "b", "c"]},
    }
    line = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [1, 2, 3, 4],
        "y": [0.01, float("nan"), 0.1, 1.0],
        "line": {"color": "#222222", "width": 2},
        "marker": {"size": 6, "color": "#222222"},
        "hovertemplate": "t=%{x}: %{y:.1e}<extra></extra>",
    }
    ring = {"type": "scatter", "mode": "markers", "x": [4], "y": [1.0], "hoverinfo": "skip"}
    ring["marker"] = {"size": 12, "symbol": "circle-open", "line": {"width": 2, "color": "#000000"}}
    items = svg.figure_frame(figure([line, ring], layout))["items"]
    path = next(s for s in items if "<path" in s)
    assert 'd="M 0.5 85 M 2.5 60 L 3.5 35"' in path  # 25 px a decade: 0.01 -> 85, 0.1 -> 60, 1 -> 35; NaN breaks
    dots = [s for s in items if "<circle" in s]
    assert len(dots) == 4 and "<title>t=1: 1.0e-02</title>" in dots[0] and 'fill="none"' in dots[-1]
    assert 'x="87.5%" y="35"' in dots[-1] and "<title>" not in dots[-1]
    labels = [s for s in items if "<tspan" in s]
    assert any(">a<" in s and 'y="110"' in s for s in labels)  # 0.001 sits at the bottom of the plot
    assert sum('y1="110" y2="110"' in s for s in items) == 1  # the x axis line


def test_a_rect_sized_in_px_keeps_its_width_wherever_its_anchor_goes():
    layout = {
        "height": 100,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"range": [0, 4], "visible": False},
        "yaxis": {"range": [0, 100], "visible": False},
        "shapes": [{"type": "rect", "xsizemode": "pixel", "xanchor": 2, "x0": 30, "x1": -10, "y0": 0, "y1": 50}],
    }
    [rect] = svg.figure_frame(figure([], layout))["items"]
    assert 'style="x: calc(50% + -10px); width: 40px" y="50" height="50" fill="none"' in rect


@pytest.mark.parametrize("length", [20.0, 40.0, 200.0])
def test_colour_bar_labels_never_overlap_on_a_short_bar(length):
    """A one-unit strip's colour bar is short: its tick labels thin out (the ends first) so no two lie on each
    other; on a long bar every tick is labelled."""
    marks = [(length * i / 4, f"{v:g}") for i, v in enumerate([1, 0.5, 0, -0.5, -1])]
    gap = svg.LINE * 12
    kept = svg._spaced(marks, gap)
    ys = [y for y, _ in kept]
    assert all(b - a >= gap for a, b in zip(ys, ys[1:], strict=False))
    assert kept[0] == marks[0]
    assert (marks[-1] in kept) == (length >= gap)
    if length >= 4 * gap:
        assert kept == marks
