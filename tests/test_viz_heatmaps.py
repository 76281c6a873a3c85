"""Weight-matrix and hidden-state-history heatmaps."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.viz_helpers import by_name, same_under_any_template, validated
from viz.heatmaps import history_heatmap, matrix_heatmap

WORDS = "Toulouse , France is where I did my post doctoral studies".split()


def rnd(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


# --- matrix_heatmap ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (4, 4), (16, 5), (64, 64), (3,)])
@pytest.mark.parametrize("big", [False, True])
def test_matrix_builds_for_any_shape(shape, big):
    fig = matrix_heatmap(rnd(*shape), f"W {shape}", big=big)
    validated(fig)
    json.loads(fig.to_json())
    z = np.asarray(fig.data[0].z)
    assert z.shape == (shape if len(shape) == 2 else (shape[0], 1))  # a vector is drawn as a column


def test_matrix_range_is_symmetric_and_hover_exact():
    M = np.array([[0.5, -2.0], [1.0, 0.25]])
    tr = matrix_heatmap(M, "W_hh (2 x 2)", row_labels=["unit 1", "unit 2"], col_labels=["a", "b"]).data[0]
    assert (tr.zmin, tr.zmax, tr.zmid) == (-2.0, 2.0, 0.0)
    assert "%{z:.6f}" in tr.hovertemplate
    assert tr.text[0][1] == "row unit 1, column b"
    assert tr.texttemplate == "%{z:.2f}"  # small matrices print their values
    tr = matrix_heatmap(M, "W", zmax=5).data[0]
    assert (tr.zmin, tr.zmax) == (-5, 5)
    assert matrix_heatmap(np.zeros((2, 2)), "zeros").data[0].zmax == 1.0


def test_matrix_labels_appear_as_ticks_and_rows_go_down():
    fig = matrix_heatmap(rnd(3, 4), "W_xh", row_labels=["u1", "u2", "u3"], col_labels=list("helo"))
    assert list(fig.layout.xaxis.ticktext) == list("helo")
    assert list(fig.layout.yaxis.ticktext) == ["u1", "u2", "u3"]
    lo, hi = fig.layout.yaxis.range
    assert lo > hi  # row 1 on top
    assert fig.layout.xaxis.side == "top"
    assert fig.layout.title.text == "W_xh"


def test_matrix_large_thins_ticks_and_hides_cell_values():
    fig = matrix_heatmap(rnd(64, 64), "big")
    assert len(fig.layout.yaxis.tickvals) < 64
    assert fig.data[0].texttemplate is None


def test_matrix_bad_labels_raise():
    with pytest.raises(ValueError, match="labels"):
        matrix_heatmap(rnd(2, 2), "W", row_labels=["a"])
    with pytest.raises(ValueError, match="2-D"):
        matrix_heatmap(np.zeros((0, 2)), "W")


def test_matrix_big_mode_has_larger_type():
    small, big = matrix_heatmap(rnd(4, 4), "W"), matrix_heatmap(rnd(4, 4), "W", big=True)
    assert big.layout.xaxis.tickfont.size > small.layout.xaxis.tickfont.size
    assert big.layout.title.font.size > small.layout.title.font.size
    assert small.layout.xaxis.fixedrange and small.layout.yaxis.fixedrange


# --- history_heatmap -----------------------------------------------------------------------------------


@pytest.mark.parametrize("T", [1, 5, 60])
@pytest.mark.parametrize("H", [1, 64])
def test_history_builds(T, H):
    labels = (WORDS * 6)[:T]
    fig = history_heatmap(np.tanh(rnd(T, H)), T // 2, labels)
    validated(fig)
    json.loads(fig.to_json())
    assert np.asarray(fig.data[0].z).shape == (H, T)


def test_history_blanks_the_future_but_keeps_every_column():
    h = np.tanh(rnd(6, 3))
    figs = [history_heatmap(h, t, WORDS[:6]) for t in range(6)]
    for t, fig in enumerate(figs):
        z = np.asarray(fig.data[0].z, dtype=float)
        assert np.isfinite(z[:, : t + 1]).all() and np.isnan(z[:, t + 1 :]).all()
        assert np.allclose(z[:, : t + 1], h[: t + 1].T)
        assert tuple(fig.layout.xaxis.range) == (-0.5, 5.5)  # the axis does not jump
        hl = by_name(fig.layout.shapes, "highlight")
        assert (hl.x0 + hl.x1) / 2 == t
    assert fig.data[0].hoverongaps is False


def test_history_ticks_are_tokens_and_hover_names_the_state():
    fig = history_heatmap(np.tanh(rnd(4, 2)), 3, ["h", "e", "l", "l"])
    assert list(fig.layout.xaxis.ticktext) == ["h", "e", "l", "l"]
    tr = fig.data[0]
    assert tr.text[1][2].startswith("h_3[unit 2]")
    assert "%{z:.6f}" in tr.hovertemplate
    assert (tr.zmin, tr.zmax) == (-1, 1)
    assert np.asarray(tr.customdata)[0].tolist() == [0, 1, 2, 3]


def test_history_long_tokens_shortened_and_rotated():
    fig = history_heatmap(np.tanh(rnd(16, 4)), 3, ["internationalisation"] * 16)
    assert all(len(s) <= 10 for s in fig.layout.xaxis.ticktext)
    assert fig.layout.xaxis.tickangle == -90


def test_history_t_none_shows_all():
    fig = history_heatmap(np.tanh(rnd(5, 2)), None, list("hello"))
    assert np.isfinite(np.asarray(fig.data[0].z, dtype=float)).all()
    assert not fig.layout.shapes


def test_heatmaps_independent_of_default_template():
    assert same_under_any_template(lambda: matrix_heatmap(rnd(3, 3), "W"))
    assert same_under_any_template(lambda: history_heatmap(np.tanh(rnd(4, 2)), 1, list("hell")))


@settings(max_examples=25, deadline=None)
@given(T=st.integers(1, 60), H=st.integers(1, 64), data=st.data())
def test_history_any_size(T, H, data):
    t = data.draw(st.integers(0, T - 1))
    fig = history_heatmap(np.tanh(rnd(T, H)), t, (WORDS * 6)[:T])
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (H, T)
    assert np.isnan(z[:, t + 1 :]).all() and np.isfinite(z[:, : t + 1]).all()
    assert 0 < len(fig.layout.xaxis.tickvals) <= T


def test_history_with_c_adds_a_cell_state_block_under_h():
    T, H = 6, 3
    h, c = np.tanh(rnd(T, H)), np.tanh(rnd(T, H, seed=1))
    c[4, 1] = -2.7  # past 1, as c_t can be
    fig = history_heatmap(h, 2, WORDS[:T], c=c)
    validated(fig)
    hz, cz = (next(tr for tr in fig.data if tr.name == n) for n in ("h_t", "c_t"))
    assert np.allclose(np.asarray(hz.z, dtype=float)[:, :3], h[:3].T)
    assert np.allclose(np.asarray(cz.z, dtype=float)[:, :3], c[:3].T)
    assert np.isnan(np.asarray(cz.z, dtype=float)[:, 3:]).all()  # the future blank, as h_t's
    assert min(cz.y) > max(hz.y) and fig.layout.yaxis.range[0] > max(cz.y)  # under h_t (the axis runs down)
    assert (hz.zmin, hz.zmax) == (-1, 1) and (cz.zmin, cz.zmax) == (-3, 3)  # c_t's own range: max |c| rounded up
    assert cz.colorbar.title.text == "c_t" and cz.colorbar.y < hz.colorbar.y
    assert cz.text[0][1].startswith("c_2[unit 1]")
    for name in ("highlight", "highlight-c"):
        hl = by_name(fig.layout.shapes, name)
        assert (hl.x0 + hl.x1) / 2 == 2
    assert by_name(fig.layout.shapes, "highlight-c").y0 > by_name(fig.layout.shapes, "highlight").y1
    assert "c_t: cell state" in by_name(fig.layout.annotations, "c-heading").text
    assert list(fig.layout.yaxis.ticktext) == ["1", "2", "3"] * 2
    assert len([tr for tr in history_heatmap(h, 2, WORDS[:T]).data]) == 1  # without c: as before
    with pytest.raises(ValueError, match="c should"):
        history_heatmap(h, 0, WORDS[:T], c=np.zeros((T, H + 1)))


@pytest.mark.parametrize("H", [1, 64])
@pytest.mark.parametrize("big", [False, True])
def test_history_with_c_builds_for_any_size(H, big):
    fig = history_heatmap(np.tanh(rnd(20, H)), None, (WORDS * 2)[:20], big=big, c=rnd(20, H))
    validated(fig)
    assert not fig.layout.shapes and 150 <= fig.layout.height <= (760 if big else 700)  # 24 px words, rotated
