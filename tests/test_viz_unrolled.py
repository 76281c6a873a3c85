"""The unrolled diagram and the rolled cell: structure, labels, highlight, fading, options, sizes."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.viz_helpers import by_name, named, plain, same_under_any_template, validated
from viz import colors, svg
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
    assert any("f_W(h_(t-1)" in s for s in texts)
    assert {"x_t", "y_t"} <= set(texts)


def test_one_column_per_step_with_headers_for_people():
    fig = unrolled_figure(hidden(7, 3), 2, tokens(7))
    headers = named(fig.layout.annotations, "header-")
    assert [plain(a.text) for a in headers] == [f"t={i}" for i in range(1, 8)]
    assert [a.x for a in headers] == list(range(7))
    assert len(named(fig.layout.shapes, "x-box-")) == 7
    assert len(named(fig.layout.shapes, "strip-")) == 8  # with h_0


def test_projector_mode_thins_rotated_headers_rather_than_shrinking_them():
    T = 40  # a protein: at 1280 px a column is narrower than a 24 px rotated header needs
    for t in (0, 17, 39):
        fig = unrolled_figure(hidden(T, 8), t, tokens(T), big=True)
        headers = named(fig.layout.annotations, "header-")
        shown = [int(a.name.removeprefix("header-")) for a in headers]
        assert t in shown and len(shown) < T
        assert min(a.font.size for a in headers) >= colors.fonts(True)["small"]
        k = min(b - a for a, b in zip(shown, shown[1:], strict=False))  # no two closer than the stride
        assert all(i == t or i % k == 0 for i in shown)


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
    shown = sorted(int(a.name.removeprefix("header-")) for a in named(ann, "header-"))
    assert t in shown and (shown == list(range(T)) or big)  # projector mode thins rotated headers, never t's
    assert len(named(ann, "x-label-")) == T
    assert column_of(by_name(shapes, "highlight")) == pytest.approx(t)
    assert strip_columns(fig) == list(range(-1, T))
    faded = [int(s.name.split("-")[-1]) for s in named(shapes, "x-box-") if s.opacity < 1]
    assert faded == list(range(t + 1, T))
    assert len([a for a in named(ann, "W_hy-") if a.showarrow]) == {"all": T, "last": 1, "none": 0}[ys]
    assert 300 <= fig.layout.height <= (760 if big else 620)
    lo, hi = fig.layout.xaxis.range
    assert lo < -1 and hi >= T - 0.5


# --- the LSTM's cell state and the gates ---------------------------------------------------------------


def lstm_trace(T=5, H=3, seed=0, kind="lstm"):
    import rnn_core as rc

    rng = np.random.default_rng(seed)
    p = rc.init_params(kind, 4, H, rng, scale=1.5)
    return rc.unroll(p, rng.normal(size=(T, 4)))


def lstm_fig(t=2, **kw):
    tr = lstm_trace()
    ys = ["e", "l", "l", "o", "!"]
    return unrolled_figure(tr.h, t, list("hello"), ys, cell="lstm", c=tr.c, c0=tr.c0, gates=tr.gates(), **kw), tr


def test_lstm_draws_the_cell_state_above_h_with_its_conveyor_belt():
    fig, tr = lstm_fig(t=2)
    shapes, ann = fig.layout.shapes, fig.layout.annotations
    boxes = named(shapes, "c-box-")
    assert [s.name for s in boxes] == ["c-box-c0"] + [f"c-box-{i}" for i in range(5)]
    strip = by_name(shapes, "strip-2")
    assert all(b.y0 > strip.y1 for b in boxes)  # the c_t row sits above h_t
    assert [column_of(b) for b in boxes] == [column_of(s) for s in named(shapes, "strip-")]
    arrows = [a for a in named(ann, "c-arrow-")]
    assert [a.name for a in arrows] == [f"c-arrow-{i}" for i in range(5)]
    assert {a.arrowcolor for a in arrows} == {colors.CELL_STATE} and colors.CELL_STATE not in colors.MATRIX.values()
    assert all(a.ax < a.x and a.y == a.ay == pytest.approx((boxes[0].y0 + boxes[0].y1) / 2) for a in arrows)
    assert arrows[0].ax < -0.5 < arrows[0].x  # the first one starts at c_0
    assert {plain(a.text) for a in named(ann, "c-label-")} == {"c_t"}
    assert plain(by_name(ann, "row-c").text) == "c_t"
    cap = plain(by_name(ann, "caption").text)
    assert "only elementwise changes" in cap and "c_t = f_t * c_(t-1) + i_t * g_t" in cap
    # the same kind of unit column as h_t, on its own symmetric scale with its own colour bar
    past, future = (tr_ for tr_ in fig.data if tr_.name in ("c_t", "c_t (future)"))
    assert (past.name, future.name) == ("c_t", "c_t (future)")
    assert past.zmin == -past.zmax and past.zmax >= np.abs(tr.c).max() and past.zmax >= 1
    assert past.showscale and past.colorbar.title.text == "c_t"
    z = np.asarray(past.z, dtype=float)[:, 0::2]
    assert np.allclose(z[::-1, 0], tr.c0) and np.allclose(z[::-1, 3], tr.c[2])  # unit 1 on top
    assert "c_3[unit 1]" in np.asarray(past.text, dtype=object)[-1].tolist()
    # the future faded as h_t's, the highlight covering the c row too
    assert future.opacity == pytest.approx(FUTURE_OPACITY)
    assert [b.opacity for b in boxes[4:]] == [FUTURE_OPACITY] * 2 and boxes[3].opacity == 1
    assert [a.opacity for a in arrows] == [1, 1, 1, FUTURE_OPACITY, FUTURE_OPACITY]
    hl = by_name(shapes, "highlight")
    assert hl.y0 < strip.y0 and hl.y1 > boxes[3].y1 and column_of(hl) == 2


def test_lstm_w_hy_leaves_h_t_and_steps_past_c_t():
    fig, _ = lstm_fig(t=4)
    for i in range(5):
        path = by_name(fig.layout.shapes, f"W_hy-path-{i}")
        arrow = by_name(fig.layout.annotations, f"W_hy-{i}")
        c_box, y_box = by_name(fig.layout.shapes, f"c-box-{i}"), by_name(fig.layout.shapes, f"y-box-{i}")
        start = path.path.split(" L ")[0]
        assert start == f"M {i:.4f},{by_name(fig.layout.shapes, f'strip-{i}').y1:.2f}"  # out of the top of h_t
        assert c_box.x1 < arrow.x < y_box.x1 and arrow.y == pytest.approx(y_box.y0 - 3)  # beside c_t, into y_t
        assert arrow.ay < c_box.y0


@pytest.mark.parametrize("t", [0, 2, 4])
def test_gates_are_drawn_for_the_highlighted_step_only(t):
    fig, tr = lstm_fig(t=t)
    gates = tr.gates()
    ann, shapes = fig.layout.annotations, fig.layout.shapes
    letters = [a for a in named(ann, "gate-") if not a.name.endswith("-value")]
    assert [a.name for a in letters] == ["gate-i", "gate-f", "gate-g", "gate-o"]
    for g, values in gates.items():
        cells = named(shapes, f"gate-{g}-cell-")
        assert len(cells) == 3 and [c.x0 for c in cells] == sorted(c.x0 for c in cells)  # unit 1 on the left
        want = svg.scale_colours(values[t], -1, 1, colors.DIVERGING)
        assert [c.fillcolor for c in cells] == want  # this step's values, coloured as h_t is
        value = by_name(ann, f"gate-{g}-value")
        assert plain(value.text) == f"{values[t].mean():.2f}"
        assert f"{values[t][2]:.4f}" in value.hovertext  # every unit's value on hover
    frame = by_name(shapes, "gates-frame")
    assert frame.xsizemode == "pixel" and frame.x0 <= 0 <= frame.x1  # px around its anchor
    if t == 2:
        assert frame.xanchor == 2  # centred under the highlighted column
    assert frame.y1 <= by_name(shapes, "x-box-0").y0  # a band under the x_t boxes
    assert plain(by_name(ann, "gates-label").text) == "gates"
    none = unrolled_figure(tr.h, None, list("hello"), cell="lstm", c=tr.c, gates=gates)
    assert not named(none.layout.annotations, "gate") and not named(none.layout.shapes, "gate")


def test_rnn_and_gru_have_no_c_row_and_gru_shows_its_gates():
    h = hidden(5, 3)
    rnn = unrolled_figure(h, 2, list("hello"), cell="rnn")
    gru_tr = lstm_trace(kind="gru")
    gru = unrolled_figure(gru_tr.h, 2, list("hello"), cell="gru", gates=gru_tr.gates())
    for fig in (rnn, gru):
        assert not named(fig.layout.shapes, "c-") and not named(fig.layout.annotations, "c-")
        assert not named(fig.layout.annotations, "row-c") and not named(fig.layout.shapes, "W_hy-path")
        assert not [tr for tr in fig.data if tr.name and tr.name.startswith("c_t")]
    assert not named(rnn.layout.annotations, "gate-")
    assert [a.name for a in named(gru.layout.annotations, "gate-") if not a.name.endswith("-value")] == [
        "gate-r",
        "gate-z",
        "gate-n",
    ]
    assert "LSTM" not in plain(by_name(gru.layout.annotations, "caption").text)


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("T,H", [(4, 3), (16, 32), (40, 64)])
def test_lstm_builds_validates_and_keeps_a_sensible_height(T, H, big):
    tr = lstm_trace(T, H)
    fig = unrolled_figure(
        tr.h, T // 2, tokens(T), [None] * (T - 1) + ["French"], cell="lstm", c=tr.c, gates=tr.gates(), big=big
    )
    validated(fig)
    json.loads(fig.to_json())
    assert 380 <= fig.layout.height <= (860 if big else 680)  # projector mode: 24 px text and both colour bars
    frame = by_name(fig.layout.shapes, "gates-frame")
    lo, hi = fig.layout.xaxis.range
    assert -1.5 <= frame.xanchor <= hi and frame.x1 - frame.x0 <= 660  # fits a narrow plot, from within this one


def test_bad_cell_states_and_gates_raise():
    h = hidden(3, 2)
    with pytest.raises(ValueError, match="c should"):
        unrolled_figure(h, 0, tokens(3), c=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="c0"):
        unrolled_figure(h, 0, tokens(3), c=np.zeros((3, 2)), c0=np.zeros(3))
    with pytest.raises(ValueError, match="gate f"):
        unrolled_figure(h, 0, tokens(3), gates={"f": np.zeros((2, 2))})
