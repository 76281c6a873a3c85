"""The unrolled diagram and the rolled cell: structure, labels, highlight, fading, options, sizes."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.viz_helpers import by_name, named, plain, same_under_any_template, validated
from viz import colors
from viz.rolled import rolled_figure
from viz.unrolled import grad_norm, unrolled_figure
from viz.unrolled_geometry import FUTURE_OPACITY

WORDS = "Toulouse , France is where I did my post doctoral studies . I speak fluent French".split()


def hidden(T, H, seed=0):
    return np.tanh(np.random.default_rng(seed).normal(size=(T, H)))


def tokens(T):
    return (WORDS * (T // len(WORDS) + 1))[:T]


def hello(t=1, **kw):
    return unrolled_figure(hidden(4, 5), t, list("hell"), list("ello"), **kw)


def column_of(shape):
    return (shape.x0 + shape.x1) / 2


def strip_columns(fig):
    """The columns (x centres) where the heatmaps draw a state, over both traces."""
    cols = set()
    for tr in fig.data:
        if tr.type != "heatmap":
            continue
        z = np.asarray(tr.z, dtype=float)
        x = np.asarray(tr.x, dtype=float)
        for j in range(z.shape[1]):
            if np.isfinite(z[:, j]).any():
                cols.add(round((x[j] + x[j + 1]) / 2, 6))
    return sorted(cols)


# --- builds for every size ---------------------------------------------------------------------------


@pytest.mark.parametrize("T", [1, 5, 60])
@pytest.mark.parametrize("H", [1, 64])
def test_builds_validates_and_serialises(T, H):
    fig = unrolled_figure(
        hidden(T, H), T // 2, tokens(T), tokens(T), y_probs=np.full(T, 0.5), grad=np.linspace(1e-6, 1, T), feedback=True
    )
    validated(fig)
    spec = json.loads(fig.to_json())
    assert spec["layout"]["height"] >= 300
    assert len(named(fig.layout.annotations, "header-")) == T
    assert strip_columns(fig) == list(range(-1, T))  # h_0 and one strip per step


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_rolled_builds(cell, big):
    fig = rolled_figure(cell, big=big)
    validated(fig)
    json.loads(fig.to_json())
    texts = [plain(a.text) for a in fig.layout.annotations]
    assert cell.upper() in texts
    assert any(s.startswith("W_hh") for s in texts)
    assert any("f_W(h_{t-1}" in s for s in texts)
    assert {"x_t", "y_t"} <= set(texts)


def test_one_column_per_step_with_headers_for_people():
    fig = unrolled_figure(hidden(7, 3), 2, tokens(7))
    headers = named(fig.layout.annotations, "header-")
    assert [plain(a.text) for a in headers] == [f"t={i}" for i in range(1, 8)]
    assert [a.x for a in headers] == list(range(7))
    assert len(named(fig.layout.shapes, "x-box-")) == 7
    assert len(named(fig.layout.shapes, "strip-")) == 8  # with h_0


# --- highlight and fading ------------------------------------------------------------------------------


@pytest.mark.parametrize("t", [0, 3, 9])
def test_highlight_follows_t(t):
    fig = unrolled_figure(hidden(10, 4), t, tokens(10))
    hl = by_name(fig.layout.shapes, "highlight")
    assert column_of(hl) == pytest.approx(t)
    assert "<b>" in by_name(fig.layout.annotations, f"header-{t}").text


def test_t_none_shows_everything_solid_and_t_is_clamped():
    fig = unrolled_figure(hidden(6, 4), None, tokens(6))
    assert not named(fig.layout.shapes, "highlight")
    assert all(s.opacity in (None, 1) for s in fig.layout.shapes)
    assert [tr.name for tr in fig.data if tr.type == "heatmap"] == ["h_t"]
    assert column_of(by_name(unrolled_figure(hidden(6, 4), 99, tokens(6)).layout.shapes, "highlight")) == 5
    assert column_of(by_name(unrolled_figure(hidden(6, 4), -3, tokens(6)).layout.shapes, "highlight")) == 0


def test_future_steps_are_faded_past_steps_solid():
    T, t = 8, 3
    fig = unrolled_figure(hidden(T, 4), t, tokens(T), tokens(T))
    for i in range(T):
        want = FUTURE_OPACITY if i > t else 1.0
        for item in (
            by_name(fig.layout.shapes, f"x-box-{i}"),
            by_name(fig.layout.shapes, f"y-box-{i}"),
            by_name(fig.layout.annotations, f"x-label-{i}"),
            by_name(fig.layout.annotations, f"W_xh-{i}"),
            by_name(fig.layout.annotations, f"W_hh-{i}"),
            by_name(fig.layout.annotations, f"header-{i}"),
        ):
            assert item.opacity == pytest.approx(want), (item.name, i)
    past, future = (tr for tr in fig.data if tr.type == "heatmap")
    assert past.opacity in (None, 1) and future.opacity == pytest.approx(FUTURE_OPACITY)
    h = hidden(T, 4)
    centres = lambda tr: ((np.asarray(tr.x)[0::2] + np.asarray(tr.x)[1::2]) / 2).round(6).tolist()  # noqa: E731
    assert centres(past) == list(range(-1, t + 1))  # h_0 and the steps up to t
    assert centres(future) == list(range(t + 1, T))
    faded = np.asarray(future.z, dtype=float)[:, 0::2]  # without the gap columns
    assert np.isfinite(faded).all() and np.isnan(np.asarray(future.z, dtype=float)[:, 1::2]).all()
    assert np.allclose(faded[::-1, 0], h[t + 1])  # unit 1 on top


# --- labels, values, hover -----------------------------------------------------------------------------


def test_tokens_are_shown_as_given_not_as_indices():
    fig = unrolled_figure(
        hidden(4, 3),
        0,
        ["Toulouse", "doctoral", "0.50", "h"],
        [None, None, None, "French"],
        y_probs=[None, None, None, 0.834],
    )
    xs = [plain(a.text) for a in named(fig.layout.annotations, "x-label-")]
    assert xs == ["Toulouse", "doctoral", "0.50", "h"]
    assert [plain(a.text) for a in named(fig.layout.annotations, "y-label-")] == ["French"]
    assert [a.name for a in named(fig.layout.shapes, "y-box-")] == ["y-box-3"]  # many-to-one: last step only
    assert [a.name for a in named(fig.layout.annotations, "W_hy-") if a.showarrow] == ["W_hy-3"]
    assert [plain(a.text) for a in named(fig.layout.annotations, "y-prob-")] == ["83%"]


def test_numbers_as_tokens_and_long_tokens_shortened_with_full_hover():
    fig = unrolled_figure(hidden(3, 2), 0, [0.5, "internationalisation", "a"])
    a0, a1 = named(fig.layout.annotations, "x-label-")[:2]
    assert plain(a0.text) == "0.5"
    assert plain(a1.text).endswith("\u2026") and len(plain(a1.text)) <= 10
    assert "internationalisation" in a1.hovertext
    hover = next(tr for tr in fig.data if tr.name == "x_t")
    assert "x_2 = internationalisation" in hover.hovertext


def test_hidden_cells_hover_exact_values_and_carry_the_step():
    h = hidden(5, 3, seed=4)
    h0 = np.array([0.1, -0.2, 0.3])
    fig = unrolled_figure(h, 4, tokens(5), h0=h0)
    tr = next(tr for tr in fig.data if tr.type == "heatmap")
    assert "%{z:.6f}" in tr.hovertemplate and "%{text}" in tr.hovertemplate
    z = np.asarray(tr.z, dtype=float)
    text = np.asarray(tr.text, dtype=object)
    step = np.asarray(tr.customdata, dtype=float)
    H = 3
    for j in range(6):  # column j holds h_j: j = 0 is h_0
        for u in range(1, H + 1):
            r = H - u  # unit 1 on top, rows count from the bottom
            assert text[r, 2 * j] == f"h_{j}[unit {u}]"
            assert z[r, 2 * j] == pytest.approx(h0[u - 1] if j == 0 else h[j - 1, u - 1])
            assert step[r, 2 * j] == j - 1
    assert np.isnan(z[:, 1::2]).all() and tr.hoverongaps is False


def test_diverging_fixed_range_with_colour_bar():
    fig = hello()
    tr = fig.data[0]
    assert (tr.zmin, tr.zmax) == (-1, 1)
    assert tr.colorscale[0][1] != tr.colorscale[-1][1]
    assert tr.showscale and list(tr.colorbar.tickvals) == [-1, -0.5, 0, 0.5, 1]


# --- arrows and caption --------------------------------------------------------------------------------


def test_each_matrix_keeps_one_colour_at_every_step():
    fig = unrolled_figure(hidden(6, 3), 2, tokens(6), tokens(6))
    seen = {}
    for name in ("W_xh", "W_hh", "W_hy"):
        arrows = [a for a in named(fig.layout.annotations, f"{name}-") if a.showarrow]
        assert len(arrows) == 6
        assert {a.arrowcolor for a in arrows} == {colors.MATRIX[name]}
        seen[name] = colors.MATRIX[name]
    assert len(set(seen.values())) == 3
    hh = [a for a in named(fig.layout.annotations, "W_hh-") if a.showarrow]
    assert [(a.ax, a.x) for a in hh][0][0] < -0.5 < hh[0].x  # the first one starts at h_0
    assert all(a.axref == "x" and a.ayref == "y" for a in hh)


def test_caption_says_the_weights_are_shared():
    fig = hello()
    assert "The same W_xh, W_hh, W_hy at every step" in plain(by_name(fig.layout.annotations, "caption").text)
    lstm = unrolled_figure(hidden(3, 2), 0, tokens(3), cell="lstm")
    cap = plain(by_name(lstm.layout.annotations, "caption").text)
    assert "The same W_xh, W_hh at every step" in cap and "LSTM" in cap


def test_w_labels_everywhere_for_short_sequences_only_on_current_step_for_long_ones():
    short = hello(t=2)
    assert len(named(short.layout.annotations, "W_hh-label-")) == 4
    long = unrolled_figure(hidden(40, 16), 17, tokens(40), tokens(40))
    labels = named(long.layout.annotations, "W_hh-label-") + named(long.layout.annotations, "W_xh-label-")
    assert {a.name for a in labels} == {"W_hh-label-17", "W_xh-label-17"}


# --- gradients and the sampling loop -------------------------------------------------------------------


def test_grad_adds_bars_and_backward_arrows_scaled_by_log_magnitude():
    g = np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    fig = unrolled_figure(hidden(5, 3), None, tokens(5), grad=g)
    bars = named(fig.layout.shapes, "grad-bar-")
    arrows = named(fig.layout.annotations, "grad-arrow-")
    assert len(bars) == len(arrows) == 5
    heights = [b.y1 - b.y0 for b in bars]
    widths = [a.arrowwidth for a in arrows]
    assert heights == sorted(heights) and widths == sorted(widths) and widths[0] < widths[-1]
    assert all(a.x < a.ax for a in arrows)  # they point back in time
    assert np.allclose(np.diff(grad_norm(g)), np.diff(grad_norm(g))[0])  # equal steps per decade
    hover = next(tr for tr in fig.data if tr.name == "|dL/dh_t|")
    assert hover.hovertext[0] == "|dL/dh_1| = 1.000e-04"
    assert named(hello().layout.shapes, "grad-") == []


def test_grad_norm_edge_cases():
    assert grad_norm([0.0, 0.0]).tolist() == [0.0, 0.0]
    n = grad_norm([0.0, 1e-30, 1.0])
    assert n[0] == 0 and 0 < n[1] < 0.1 and n[2] == 1
    assert grad_norm([2.0, 2.0]).tolist() == [1.0, 1.0]


def test_feedback_draws_a_loop_from_each_output_to_the_next_input():
    fig = unrolled_figure(hidden(5, 3), 4, list("hello"), list("ello!"), feedback=True)
    heads = named(fig.layout.annotations, "feedback-")
    paths = named(fig.layout.shapes, "feedback-path-")
    assert len(heads) == len(paths) == 4
    for i, a in enumerate(heads):
        assert a.y == pytest.approx(
            by_name(fig.layout.shapes, f"x-box-{i + 1}").y0
            + (by_name(fig.layout.shapes, f"x-box-{i + 1}").y1 - by_name(fig.layout.shapes, f"x-box-{i + 1}").y0) / 2
        )
        assert i < a.x < i + 1
    assert paths[0].line.dash == "dash"
    assert not named(hello().layout.shapes, "feedback")
    no_outputs = unrolled_figure(hidden(3, 2), 0, tokens(3), feedback=True)
    assert not named(no_outputs.layout.shapes, "feedback")


# --- sizes, fonts, template ----------------------------------------------------------------------------


def test_fixed_axes_and_explicit_fonts():
    fig = hello()
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert fig.layout.xaxis.visible is False and fig.layout.dragmode is False
    assert fig.layout.font.size and all(a.font.size for a in fig.layout.annotations if a.text)
    big = hello(big=True)
    size = lambda f, n: by_name(f.layout.annotations, n).font.size  # noqa: E731
    assert size(big, "x-label-0") > size(fig, "x-label-0")
    assert size(big, "caption") > size(fig, "caption")
    assert big.layout.height > fig.layout.height


def test_height_grows_modestly_with_units():
    heights = [unrolled_figure(hidden(5, H), 0, list("hello"), list("ello!")).layout.height for H in (1, 4, 8, 16, 64)]
    assert heights == sorted(heights)
    assert 340 <= heights[0] and heights[-1] <= 600


def test_independent_of_the_default_template():
    assert same_under_any_template(lambda: hello(grad=[1, 0.1, 0.01, 0.001], feedback=True, y_probs=[0.5] * 4))
    assert same_under_any_template(lambda: rolled_figure("lstm"))
    assert json.loads(hello().to_json())["layout"]["template"] == {"layout": {}}


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="x_labels"):
        unrolled_figure(hidden(3, 2), 0, ["a", "b"])
    with pytest.raises(ValueError, match="h0"):
        unrolled_figure(hidden(3, 2), 0, tokens(3), h0=np.zeros(3))
    with pytest.raises(ValueError, match="grad"):
        unrolled_figure(hidden(3, 2), 0, tokens(3), grad=[1, 2])
    with pytest.raises(ValueError, match="shape"):
        unrolled_figure(np.zeros((0, 2)), 0, [])


def test_scalar_hidden_state_as_a_1d_array():
    fig = unrolled_figure(np.array([0.1, 0.5, -0.3]), 1, [1.0, 0.0, -1.0])
    assert strip_columns(fig) == [-1, 0, 1, 2]


@settings(max_examples=25, deadline=None)
@given(T=st.integers(1, 60), H=st.integers(1, 64), data=st.data(), feedback=st.booleans(), big=st.booleans())
def test_structure_for_any_size(T, H, data, feedback, big):
    t = data.draw(st.integers(0, T - 1))
    ys = data.draw(st.sampled_from(["all", "last", "none"]))
    y = {"all": tokens(T), "last": [None] * (T - 1) + ["x"], "none": None}[ys]
    fig = unrolled_figure(hidden(T, H), t, tokens(T), y, feedback=feedback, big=big)
    ann, shapes = fig.layout.annotations, fig.layout.shapes
    assert len(named(ann, "header-")) == T
    assert len(named(ann, "x-label-")) == T
    assert column_of(by_name(shapes, "highlight")) == pytest.approx(t)
    assert strip_columns(fig) == list(range(-1, T))
    faded = [int(s.name.split("-")[-1]) for s in named(shapes, "x-box-") if s.opacity < 1]
    assert faded == list(range(t + 1, T))
    assert len([a for a in named(ann, "W_hy-") if a.showarrow]) == {"all": T, "last": 1, "none": 0}[ys]
    assert 300 <= fig.layout.height <= (760 if big else 620)
    lo, hi = fig.layout.xaxis.range
    assert lo < -1 and hi >= T - 0.5
