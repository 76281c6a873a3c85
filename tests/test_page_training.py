"""AppTest of /training: every task x architecture renders; a step moves the weights; reset restores step 0
exactly; divergence is a message, not a traceback; nonsense in the URL falls back with a note."""

import re

import numpy as np
import pytest

import rnn_core as rc
from rnn_core.experiments.stepper import Stepper
from rnn_core.tasks import TASK_IDS
from tests.apptest_util import app, arr, drawn, figure, given, md_text, texts


def weights_shown(at) -> list[np.ndarray]:
    """Every matrix in the weights grid's W column (W_xh, W_hh, W_hy), as drawn."""
    fig = figure(at, "tr_weights")
    return [arr(tr["z"]).astype(float) for tr in fig["data"] if tr["name"].startswith("W ")]


def step_counter(at) -> int:
    return int(next(m for m in at.metric if m.label == "Training step").value)


@pytest.mark.parametrize("seq", TASK_IDS)
@pytest.mark.parametrize("arch", rc.KINDS)
def test_every_task_and_architecture_renders(seq, arch):
    at = app("training", seq=seq, arch=arch).run()
    assert not at.exception, [e.message for e in at.exception]
    assert step_counter(at) == 0
    for key in ("tr_weights", "tr_curves", "tr_scores", "vx_plot", "hz_plot"):
        figure(at, key)
    T = given(at, "tr_bt_stepper")["T"]
    for key in ("tr_bt_diagram", "tr_bt_norms"):
        assert len(given(at, key)["at"]) == T and drawn(at, key, "tr_bt_stepper", 1)
    if seq == "words":
        assert "first 300" in texts(at)


def test_a_step_changes_the_weights_and_the_counter():
    at = app("training").run()
    before = weights_shown(at)
    assert len(before) == 3
    at.button(key="tr_step").click().run()
    assert not at.exception
    assert step_counter(at) == 1
    after = weights_shown(at)
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    grid = figure(at, "tr_weights")
    assert any(tr["name"].startswith("ΔW ") for tr in grid["data"])  # the change of the last step is drawn
    scores = figure(at, "tr_scores")
    assert any("▲" in str(a.get("text", "")) for a in scores["layout"]["annotations"])  # the wanted score rose


def test_reset_restores_the_step_0_weights_exactly():
    at = app("training", arch="gru").run()
    start = weights_shown(at)
    for _ in range(3):
        at.button(key="tr_step").click().run()
    assert step_counter(at) == 3
    at.button(key="tr_reset").click().run()
    assert not at.exception
    assert step_counter(at) == 0
    for a, b in zip(start, weights_shown(at), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_learning_rate_that_blows_up_stops_with_a_message():
    at = app("training", seq="scalar", opt="sgd", lr=10).run()
    assert at.select_slider(key="tr_lr").value == 10.0
    for _ in range(4):
        if at.error:
            break
        at.button(key="tr_step").click().run()
        assert not at.exception, [e.message for e in at.exception]
    assert at.error and "too large" in at.error[0].value
    assert at.button(key="tr_step").proto.disabled
    curves = figure(at, "tr_curves")
    assert any(s.get("name", "").startswith("diverged") for s in curves["layout"]["shapes"])
    at.button(key="tr_reset").click().run()
    assert not at.exception and not at.error and step_counter(at) == 0


def test_changing_the_learning_rate_keeps_the_model():
    at = app("training").run()
    at.button(key="tr_step").click().run()
    at.select_slider(key="tr_lr").set_value(0.2).run()
    assert not at.exception
    assert step_counter(at) == 1 and at.query_params["lr"] == "0.2"
    at.segmented_control(key="tr_arch").set_value("lstm").run()
    assert step_counter(at) == 0 and at.query_params["arch"] == "lstm"


def test_playing_reaches_the_stop_condition():
    at = app("training").run()
    at.selectbox(key="tr_stop").set_value("acc").run()
    at.select_slider(key="tr_stop_acc").set_value(0.5).run()
    at.select_slider(key="tr_speed").set_value(50).run()
    at.button(key="tr_play").click().run()
    for _ in range(10):
        if "Stopped playing" in texts(at) + "".join(s.value for s in at.success):
            break
        at.run()
    assert not at.exception
    assert any("Held-out accuracy" in s.value for s in at.success)
    assert not at.session_state["tr_playing"]


def test_play_and_pause_are_two_buttons_so_a_late_pause_cannot_restart_playing():
    at = app("training").run()
    at.button(key="tr_play").click().run()
    assert at.session_state["tr_playing"]
    assert [b.label for b in at.button if b.key in ("tr_play", "tr_pause")] == ["Pause"]
    at.button(key="tr_pause").click().run()
    assert not at.session_state["tr_playing"]
    assert [b.label for b in at.button if b.key in ("tr_play", "tr_pause")] == ["Play"]


def grad_bars(at, k: int) -> list[str]:
    """The gradient bars the backward diagram shows after k backward steps (what the browser shows)."""
    items = "".join(drawn(at, "tr_bt_diagram", "tr_bt_stepper", k))
    return sorted(set(re.findall(r'data-name="(grad-bar-\d+)"', items)))


def test_backward_steps_reveal_the_gradient_from_the_last_step():
    at = app("training").run()
    assert not at.exception
    c = given(at, "tr_bt_stepper")
    assert (c["T"], c["t"], c["keys"], c["url"]) == (4, 4, "shift", "bt")  # plain arrows and Space: the training
    assert grad_bars(at, 1) == ["grad-bar-3"]  # "hell": only dL/dh_4 is known after the first backward step
    assert grad_bars(at, 2) == ["grad-bar-2", "grad-bar-3"]
    assert grad_bars(at, 4) == [f"grad-bar-{i}" for i in range(4)]
    words = given(at, "tr_bt_words")["parts"][0]["html"]
    assert "Reached h_4" in words[0] and "from the output y_4 through W_hy" in words[0] and "h_5" not in words[0]
    assert "Reached h_1" in words[3] and "from h_2 through W_hh" in words[3]
    rings = [drawn(at, "tr_bt_norms", "tr_bt_stepper", k) for k in (1, 4)]
    assert [sum("<circle" in s for s in r) for r in rings] == [2, 5]  # the points reached, and the ring
    scene = c["scene"]
    at.button(key="tr_step").click().run()  # new weights: new views, the browser is sent the server's step
    assert given(at, "tr_bt_stepper")["scene"] != scene and given(at, "tr_bt_stepper")["t"] == 4


@pytest.mark.parametrize(
    "query",
    [
        {"seq": "klingon"},
        {"arch": "transformer"},
        {"units": "7"},
        {"seed": "-1"},
        {"lr": "banana"},
        {"lr": "0.03"},
        {"opt": "rmsprop"},
    ],
)
def test_nonsense_url_falls_back_with_a_note(query):
    at = app("training", **query).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(k in w.value for w in at.warning for k in query), [w.value for w in at.warning]
    assert step_counter(at) == 0


def test_url_restores_the_settings():
    at = app("training", seq="words", arch="gru", units=8, seed=3, lr=0.05, opt="sgd").run()
    assert not at.exception
    ss = at.session_state
    assert (ss["tr_seq"], ss["tr_arch"], ss["tr_units"], ss["tr_seed"], ss["tr_lr"], ss["tr_opt"]) == (
        "words",
        "gru",
        8,
        3,
        0.05,
        "sgd",
    )


def test_the_horizon_experiment_fills_the_plot_and_is_kept(monkeypatch):
    """The grid runs on a button press with progress, and later runs show the stored cells (training faked here:
    the real grid takes 15-25 s and is covered by tests/test_horizon.py)."""
    import rnn_core.experiments.horizon as hz

    calls = []

    def fake_train_cell(kind, lag, seed=0, config=hz.DEFAULT_CONFIG, progress=None):
        calls.append((kind, lag))
        if progress:
            progress(1.0, "done")
        acc = 1.0 if kind != "rnn" or lag <= 20 else 0.25
        return hz.HorizonCell(kind, lag, acc, 0.1, 10, ((10, acc),), 0.25)

    monkeypatch.setattr(hz, "train_cell", fake_train_cell)
    at = app("training", seed=4321).run()
    hz_fig = figure(at, "hz_plot")
    assert all(np.isnan(arr(tr["y"]).astype(float)).all() for tr in hz_fig["data"])
    at.button(key="tr_run_horizon").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(calls) == 15
    rnn = arr(figure(at, "hz_plot")["data"][0]["y"]).astype(float)
    np.testing.assert_array_equal(rnn, [1, 1, 1, 0.25, 0.25])
    assert at.button(key="tr_run_horizon").proto.disabled
    assert "Vanilla RNN to lag 20" in texts(at)
    again = app("training", seed=4321).run()
    assert len(calls) == 15 and again.button(key="tr_run_horizon").proto.disabled  # shown at once, not retrained


def test_the_horizon_finding_follows_the_numbers(monkeypatch):
    """The page's sentence on who forgets first is read off the grid, not printed whatever it shows."""
    import rnn_core.experiments.horizon as hz

    def fake_train_cell(kind, lag, seed=0, config=hz.DEFAULT_CONFIG, progress=None):
        acc = 1.0 if kind != "gru" or lag <= 10 else 0.25  # here the GRU is the one that forgets
        return hz.HorizonCell(kind, lag, acc, 0.1, 10, ((10, acc),), 0.25)

    monkeypatch.setattr(hz, "train_cell", fake_train_cell)
    at = app("training", seed=4322).run()
    at.button(key="tr_run_horizon").click().run()
    shown = texts(at)
    assert "GRU dropped below 90% first" in shown
    assert "Vanilla RNN is the first" not in shown


def test_a_link_reopens_the_training_run_with_its_settings():
    """Settings, the steps taken (two runs at different rates, the second clipped) and the backward step come back
    from the link, and the weights are those of the same run taken by hand."""
    query = dict(seq="chars", arch="gru", units="3", seed="2", opt="sgd", lr="0.5", scale="0.5", clip="2")
    link = app("training", **query, every="5", stop="acc", target="0.9", run="3:0.2:-_2:0.5:2", bt="2").run()
    assert not link.exception, [e.message for e in link.exception]
    assert not [w.value for w in link.warning]
    ss = link.session_state
    assert (ss["tr_speed"], ss["tr_stop"], ss["tr_stop_acc"], ss["tr_clip_on"], ss["tr_clip"]) == (
        5,
        "acc",
        0.9,
        True,
        2.0,
    )
    assert given(link, "tr_bt_stepper")["t"] == 2
    for name, value in {**query, "every": "5", "stop": "acc", "target": "0.9", "run": "3:0.2:-_2:0.5:2"}.items():
        assert link.query_params[name] == value, name

    by_hand = app("training", **{**query, "lr": "0.2"}).run()
    by_hand.toggle(key="tr_clip_on").set_value(False).run()
    for _ in range(3):
        by_hand.button(key="tr_step").click().run()
    by_hand.select_slider(key="tr_lr").set_value(0.5).run()
    by_hand.toggle(key="tr_clip_on").set_value(True).run()
    by_hand.select_slider(key="tr_clip").set_value(2.0).run()
    for _ in range(2):
        by_hand.button(key="tr_step").click().run()
    assert by_hand.query_params["run"] == "3:0.2:-_2:0.5:2"
    a, b = link.session_state["_tr_stepper"], by_hand.session_state["_tr_stepper"]
    assert a.n_steps == b.n_steps == 5
    for name, w in a.weights().items():
        np.testing.assert_array_equal(w, b.weights()[name])


@pytest.mark.parametrize("run", ["0:0.1:-", "5:0.3:-", "5:0.1:7", "5:0.1", "2000:0.1:-_2000:0.1:-", "x", "5:0.1:-_"])
def test_a_nonsense_training_record_gets_a_note(run):
    at = app("training", run=run).run()
    assert not at.exception
    assert any("run=" in w.value for w in at.warning)
    assert at.session_state["_tr_stepper"].n_steps == 0


def test_a_links_training_record_is_taken_once_and_shared(monkeypatch):
    """The second session opening a link with a record of training steps takes none of them again: it copies the
    first one's result from the shared store, bit for bit, and both pages say the same step and accuracy."""
    query = dict(seq="chars", arch="lstm", units="4", seed="7", run="6:0.1:-_4:0.05:1")
    taken = []
    real = Stepper.replay
    monkeypatch.setattr(Stepper, "replay", lambda self, *a, **k: taken.append(1) or real(self, *a, **k))
    first, second = app("training", **query).run(), app("training", **query).run()
    assert len(taken) == 1
    a, b = (at.session_state["_tr_stepper"] for at in (first, second))
    assert a is not b and a.n_steps == b.n_steps == 10
    for name, w in a.weights().items():
        np.testing.assert_array_equal(w, b.weights()[name])
    a.run(1)  # one session training on never moves the other's weights
    assert (a.n_steps, b.n_steps) == (11, 10)
    assert [m.value for m in first.metric] == [m.value for m in second.metric]


def test_a_record_costing_more_than_the_replay_budget_is_refused_with_a_note():
    at = app("training", seq="words", arch="lstm", units="32", run="3000:0.05:-").run()
    assert not at.exception
    note = md_text(" ".join(w.value for w in at.warning))
    assert "3,000 training steps" in note and "opens at step 0" in note
    assert at.session_state["_tr_stepper"].n_steps == 0


def test_the_teacher_is_told_when_a_link_would_reopen_at_step_0(monkeypatch):
    """Past the most steps a link may replay, the page says the link reopens at step 0 (before, it says nothing)."""
    from ui.training import steps

    monkeypatch.setattr(steps, "REPLAY_WORK", 1)  # one step's work is more: a link replays at most one step
    at = app("training", seq="chars").run()
    at.button(key="tr_step").click().run()
    assert not any("reopens it at step 0" in c.value for c in at.caption)
    at.button(key="tr_step").click().run()
    assert any("reopens it at step 0: its 2 training steps" in c.value for c in at.caption)


def test_the_backward_diagram_reads_each_backward_step_out():
    at = app("training").run()
    said = given(at, "tr_bt_diagram")["describe"]
    assert said["label"].startswith("The backward pass through time on ")
    assert len(said["steps"]) == 4 and all("<" not in s for s in said["steps"])
    assert said["steps"][0].startswith("Reached h_4")
