"""AppTest of the explorer page: every task x architecture renders, steps, and restores from the URL.

AppTest cannot run the stepper's JS, so these tests read what its elements were given: the views of every step
(``viz.scene`` frames, per-step HTML) and the controls' t. Stepping is what the browser reports back, which
lands in ``st.session_state["ex_t"]``; the browser side itself is tested in tests/e2e.
"""

import json
import re

import numpy as np
import pytest

import rnn_core as rc
from rnn_core.engine.zoo import trained
from rnn_core.tasks import TASK_IDS, get_task, video
from rnn_core.tasks.caption import decode
from tests.apptest_util import app, bar_values, columns, ex_drawn, figure, given, no_exception, texts


def step(at, t: int):
    """What the browser does when the stepper reports t."""
    at.session_state["ex_t"] = t
    return at.run()


@pytest.mark.parametrize("seq", TASK_IDS)
@pytest.mark.parametrize("arch", rc.KINDS)
def test_every_task_and_architecture(seq, arch):
    at = app(seq=seq, arch=arch).run()
    assert not at.exception, [e.message for e in at.exception]
    T = given(at, "ex_stepper")["T"]
    assert T == len(given(at, "ex_diagram")["at"]) and T >= 1
    n, current = columns(ex_drawn(at, "ex_diagram"))
    assert n == T and current == 1
    key = f"ex_text_{seq}"
    if key in at.session_state:  # a typed sequence: one step per character or word
        text = at.session_state[key]
        assert T == (len(text) if get_task(seq).tokens_are_chars else len(text.split()))
    step(at, 2)
    assert not at.exception
    assert at.query_params["t"] == ("2" if T > 1 else "1")
    assert columns(ex_drawn(at, "ex_diagram"))[1] == min(2, T)


@pytest.mark.parametrize("arch", rc.KINDS)
def test_the_caption_shown_is_the_one_the_model_generates(arch):
    """The page replays the greedy decode (x_1 "image", then the words fed back), not the teacher-forced caption."""
    at = app(seq="caption", arch=arch).run()
    no_exception(at)
    task = get_task("caption")
    m = trained(task, arch, task.default_units, 0)  # the model the page shows: stored, or trained with the same seed
    out = decode(m.net, task.default)
    items = "".join(ex_drawn(at, "ex_diagram"))
    assert columns(ex_drawn(at, "ex_diagram"))[0] == out.T
    assert ">image<" in items and "feedback-" in items  # x_1 is the image; the dashed loop feeds words back
    shown = texts(at)
    assert "The model's caption:** " + " ".join(out.y_labels).replace("<", "\\<").replace(">", "\\>") in shown
    assert "The caption it was drawn with:** a red circle on the left" in shown


@pytest.mark.parametrize("arch", rc.KINDS)
def test_a_clip_shows_its_frames(arch):
    at = app(seq="video", arch=arch).run()
    no_exception(at)
    T = video.T
    assert columns(ex_drawn(at, "ex_diagram"))[0] == T
    fig = figure(at, "media_frames")
    assert [a["text"] for a in fig["layout"]["annotations"]] == [f"x_{t} · f{t}" for t in range(1, T + 1)]


def test_hello_predicts_e_l_l_o_stepping_right():
    at = app().run()
    tops = []
    for t in range(1, 5):
        if t > 1:
            step(at, t)
        bars = bar_values(ex_drawn(at, "ex_output"))
        tops.append(max(bars, key=bars.get))
    assert tops == ["e", "l", "l", "o"]
    assert at.query_params["t"] == "4"


@pytest.mark.parametrize(("seq", "arch"), [("chars", "rnn"), ("chars", "lstm"), ("words", "gru"), ("chars", "window")])
def test_the_diagram_says_each_step_in_words_with_the_models_numbers(seq, arch):
    """A screen reader hears the view and, at each step, what it read, h_t (c_t) with signs, and what y_t says:
    the numbers the page's model computes."""
    at = app(seq=seq, arch=arch).run()
    no_exception(at)
    said = given(at, "ex_diagram")["describe"]
    task = get_task(seq)
    T = task.default.T
    assert task.title in said["label"] and f"over {T} steps" in said["label"]
    assert len(said["steps"]) == T
    if arch == "window":
        assert "no recurrence" in said["label"] and "a_1 = [" in said["steps"][0]
        return
    assert "W_xh, W_hh, W_hy" in said["label"]
    h = trained(task, arch, task.default_units, 0).net.replay(task.default.inputs).trace.h  # the page's model
    for k, words in enumerate(said["steps"]):
        t = k + 1
        assert words.startswith(f"t = {t} of {T}: reads “{task.default.x_labels[k]}”")
        assert f"h_{t} = [" + ", ".join(f"{v:+.2f}" for v in h[k][:8]) in words
        assert ("c_" in words) == (arch == "lstm")
    if seq == "chars":
        assert [w.split("predicts ")[1][1] for w in said["steps"]] == list("ello")
    else:
        assert all("no output at step" in w for w in said["steps"][:-1]) and "predicts “" in said["steps"][-1]


def test_url_restores_the_view():
    at = app(seq="chars", arch="gru", units=4, t=3).run()
    assert not at.exception
    assert at.session_state["ex_arch"] == "gru" and at.session_state["ex_units"] == 4 and at.session_state["ex_t"] == 3
    assert columns(ex_drawn(at, "ex_diagram"))[1] == 3


@pytest.mark.parametrize(
    "query",
    [
        {"seq": "klingon"},
        {"arch": "transformer"},
        {"units": "-3"},
        {"units": "7"},
        {"t": "banana"},
        {"seed": "1e99"},
        {"present": "maybe"},
        {"t": "999"},
    ],
)
def test_nonsense_url_falls_back_with_a_note(query):
    at = app(**query).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(k in w.value for w in at.warning for k in query), [w.value for w in at.warning]
    assert columns(ex_drawn(at, "ex_diagram"))[0] >= 1


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂🙂", "hé llo", "x" * 5000, "<script>"],
    ids=["empty", "blank", "emoji", "accents", "huge", "html"],
)
def test_any_text_is_handled(text):
    at = app().run()
    at.text_input(key="ex_text_chars").input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    if text.strip() == "":
        assert "at least one character" in texts(at)
    elif set(text) - set("hello"):
        assert "Not in the vocabulary" in texts(at)
    if len(text) > 40:
        assert "Only the first 40 characters" in texts(at)


def test_scalar_custom_weights_are_used():
    at = app(seq="scalar", arch="rnn", units=1).run()
    at.toggle(key="ex_use_custom").set_value(True).run()
    at.number_input(key="ex_w_xh").set_value(0.0).run()
    at.number_input(key="ex_b_h").set_value(0.0).run()
    at.number_input(key="ex_w_hh").set_value(0.0).run()
    assert not at.exception
    for t in range(1, given(at, "ex_stepper")["T"] + 1):  # every state the history shows, at every step
        cells = re.findall(r"<title>h_\d+\[unit \d+\][^<]*= (-?[\d.]+)</title>", "".join(ex_drawn(at, "ex_history", t)))
        shown = np.array([float(v) for v in cells])
        assert shown.size == t and np.all(np.abs(shown) < 1e-12)
    assert "Your weights" in texts(at) and "held-out accuracy" not in texts(at)


def test_sampling_mode_draws_the_feedback_loop():
    at = app().run()
    at.radio(key="ex_mode").set_value("Sample at test time").run()
    assert not at.exception
    assert "Sampled:" in texts(at)
    n, _ = columns(ex_drawn(at, "ex_diagram"))
    assert n == at.slider(key="ex_sample_len").value
    assert any('data-name="feedback-path-0"' in s for s in ex_drawn(at, "ex_diagram"))


def test_each_step_has_its_arithmetic_and_every_number():
    at = app(arch="gru").run()
    math = given(at, "ex_math")
    heads, tex, more = math["parts"]
    assert [re.sub("<[^>]+>", "", h) for h in heads["html"]] == [
        f"Step t = {t}: input x_{t} = {c}" for t, c in enumerate("hell", 1)
    ]
    assert all(len(lines) == 3 + 1 + 1 for lines in tex["tex"])  # r, z, n, then h and y
    assert tex["tex"][2][0].startswith(r"\begin{aligned} r_{3} &= \sigma")
    assert more["details"] == "Full precision" and all("h_t" in table for table in more["parts"][0]["html"])


def test_the_controls_know_the_sequence_and_the_step():
    at = app(seq="words", t=5).run()
    c = given(at, "ex_stepper")
    assert (c["T"], c["t"], c["group"]) == (15, 5, "ex") and given(at, "ex_diagram")["group"] == "ex"
    assert len(given(at, "ex_diagram")["at"]) == len(given(at, "ex_output")["at"]) == 15
    scene = c["scene"]
    step(at, 7)
    assert given(at, "ex_stepper")["scene"] == scene and given(at, "ex_stepper")["t"] == 7  # the same views
    at.text_input(key="ex_text_words").input("I speak fluent").run()
    assert given(at, "ex_stepper")["scene"] != scene and given(at, "ex_stepper")["t"] == 3  # new views, t clamped


def test_projector_mode_draws_big():
    small = given(app().run(), "ex_diagram")["frames"][0]
    big = app(present=1).run()
    assert given(big, "ex_stepper")["big"] is True
    assert given(big, "ex_diagram")["frames"][0]["h"] > small["h"]


@pytest.mark.parametrize("bad", [1e308, -1e5, -11.0])
def test_typed_weights_stay_finite_and_the_others_are_kept(bad):
    at = app(seq="scalar").run()
    at.toggle(key="ex_use_custom").set_value(True).run()
    at.number_input(key="ex_w_xh").set_value(0.25).run()
    at.number_input(key="ex_w_hh").set_value(bad).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("W_hh" in w.value and "trained" in w.value for w in at.warning)
    assert at.number_input(key="ex_w_xh").value == 0.25
    drawn = "".join(c.proto.json for c in at.get("bidi_component")) + " ".join(m.value for m in at.markdown)
    assert not re.search(r"Infinity|NaN|\binf\b|\bnan\b", drawn), "a non-finite number reached the page"


def test_sampling_boxes_show_the_letter_sampled_and_fed_back():
    at = app().run()
    at.radio(key="ex_mode").set_value("Sample at test time").run()
    at.slider(key="ex_temperature").set_value(2.0).run()
    assert not at.exception
    sampled = re.search(r"Sampled: \*\*(.+?)\*\*", texts(at)).group(1).replace("\\", "")
    T = len(sampled) - 1
    items = "".join(ex_drawn(at, "ex_diagram", T))  # the last step shows every box
    boxes = dict(re.findall(r'data-name="y-label-(\d+)".*?>([^<>]+)</tspan>', items))
    shown_y = "".join(boxes[str(i)] for i in range(T))
    assert shown_y == sampled[1:]  # y_t says what was fed back as x_(t+1)
    fed = dict(re.findall(r'data-name="x-label-(\d+)".*?>([^<>]+)</tspan>', items))
    assert "".join(fed[str(i)] for i in range(T)) == sampled[:-1]
    bars = [bar_values(ex_drawn(at, "ex_output", t)) for t in range(1, T + 1)]
    assert all(sampled[t] in b for t, b in enumerate(bars, start=1))  # the sampled letter is always among the bars
    assert any("sampled" in s for s in ex_drawn(at, "ex_output", 1)) and "softmax(y_1 / 2)" in "".join(
        ex_drawn(at, "ex_output", 1)
    )


@pytest.mark.parametrize("arch", rc.KINDS)
def test_lstm_draws_its_cell_state_and_every_gated_cell_its_gates(arch):
    at = app(seq="chars", arch=arch, t=2).run()
    assert not at.exception, [e.message for e in at.exception]
    items = "".join(ex_drawn(at, "ex_diagram"))
    history = "".join(ex_drawn(at, "ex_history"))
    letters = set(re.findall(r'data-name="gate-(\w)"', items))
    if arch == "lstm":
        assert 'data-name="c-box-1"' in items and 'data-name="c-arrow-1"' in items
        assert letters == set("ifgo")
        assert re.search(r"<title>c_2\[unit 1\]", history)  # the history shows c_t under h_t
    else:
        assert "c-box-" not in items and "c-arrow-" not in items and "c_2[unit" not in history
        assert letters == (set("rzn") if arch == "gru" else set())


def test_two_cells_side_by_side_step_together():
    at = app(seq="words", arch="rnn", vs="lstm", t="3").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["vs"] == "lstm"
    first, second = given(at, "ex_diagram"), given(at, "ex_vs_diagram")
    assert first["group"] == second["group"] == "ex" and len(second["at"]) == len(first["at"])  # one stepper
    assert any('data-name="c-box-' in s for s in ex_drawn(at, "ex_vs_diagram", 3))  # the LSTM draws its c_t
    assert not any('data-name="c-box-' in s for s in ex_drawn(at, "ex_diagram", 3))
    assert columns(ex_drawn(at, "ex_vs_diagram", 5))[1] == 5
    notes = given(at, "ex_vs_notes")["parts"][0]["html"]
    assert len(notes) == 15 and "Vanilla RNN says" in notes[-1] and "LSTM says" in notes[-1]
    assert "if the sequence stopped here" in notes[0] and "stopped here" not in notes[-1]
    at.segmented_control(key="ex_arch").set_value("lstm").run()  # the same cell twice is no comparison
    assert not at.exception and at.session_state["ex_vs"] == "none" and "vs" not in at.query_params
    with pytest.raises(KeyError):
        given(at, "ex_vs_diagram")


def test_a_full_link_reopens_sampling_with_its_settings_and_switches():
    """Mode, start letter, temperature, length, sampling seed, step and the switches all come from the link, and the
    page writes them back unchanged."""
    query = dict(seq="chars", arch="lstm", mode="sample", start="l", temp="0.7", n="6", sseed="42", t="4")
    at = app(**query, rolled="1", reveal="1").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not [w.value for w in at.warning]
    ss = at.session_state
    assert ss["ex_mode"] == "Sample at test time" and ss["ex_sample_start"] == "l"
    assert ss["ex_temperature"] == 0.7 and ss["ex_sample_len"] == 6 and ss["ex_sample_seed"] == 42
    assert ss["ex_rolled"] is True and ss["ex_reveal"] is True
    assert given(at, "ex_stepper")["t"] == 4 and given(at, "ex_stepper")["T"] == 6  # six letters sampled
    for name, value in {**query, "rolled": "1", "reveal": "1"}.items():
        assert at.query_params[name] == value, name
    again = app(**query).run()  # a fresh session: the same letters, drawn at the same temperature
    assert ex_drawn(again, "ex_output", 4) == ex_drawn(app(**query).run(), "ex_output", 4)


def test_reveal_hides_the_steps_after_t():
    at = app(seq="chars", text="hello", t="2", reveal="1").run()
    items = "".join(ex_drawn(at, "ex_diagram", 2))
    assert "?" in items
    plain = "".join(ex_drawn(app(seq="chars", text="hello", t="2").run(), "ex_diagram", 2))
    assert items.count("?") > plain.count("?")
    assert len(items) < len(plain)  # the future states, arrows and probabilities are not drawn at all


def test_typed_weights_reopen_from_the_link():
    w = "0.5,0.8,-0.1,1.5,0.25"
    at = app(seq="scalar", arch="rnn", units="1", w=w).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["ex_use_custom"] is True
    assert [at.session_state[k] for k in ("ex_w_xh", "ex_w_hh", "ex_b_h", "ex_w_hy", "ex_b_y")] == [
        0.5,
        0.8,
        -0.1,
        1.5,
        0.25,
    ]
    assert at.query_params["w"] == w
    assert "Your weights" in texts(at)


@pytest.mark.parametrize(
    "name, value",
    [
        ("temp", "0.75"),
        ("temp", "nan"),
        ("temp", "3"),
        ("n", "0"),
        ("sseed", "x"),
        ("mode", "dream"),
        ("start", "zz"),
        ("w", "1,2"),
        ("w", "1,2,3,4,99"),
        ("w", "1,2,3,4,1e1"),
        ("reveal", "maybe"),
    ],
)
def test_nonsense_in_the_new_link_parameters_gets_a_note(name, value):
    at = app(**({"seq": "chars", "mode": "sample"} | {name: value})).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(name in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_stripped_link_hides_the_chosen_controls():
    at = app(seq="words", arch="gru", hide="picker,seed,input,options,shapes").run()
    assert not at.exception
    labels = [w.label for w in (*at.selectbox, *at.text_input, *at.toggle, *at.number_input)]
    assert "Sequence" not in labels and "Seed" not in labels and "Your own sequence" not in labels
    assert "Show the rolled form" not in labels and not [e for e in at.expander if e.label.startswith("Weights")]
    assert given(at, "ex_stepper")["T"] > 1  # the view itself is all there
    assert at.session_state["ex_arch"] == "gru"
    assert at.multiselect(key="ex_share_hide").value == ["picker", "seed", "input", "options", "shapes"]


def test_format_characters_typed_never_reach_the_diagram():
    """A right-to-left override and an isolate typed in the text box are read as the text shows: no format character
    reaches the tokens, the stepper's diagram and arithmetic, or any chart."""
    at = app("unroll", seq="chars").run()
    at.text_input(key="ex_text_chars").set_value("he\u202ell\u2066o").run()
    no_exception(at)
    scenes = json.dumps([json.loads(el.proto.json) for el in at.get("bidi_component")], ensure_ascii=False)
    charts = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")], ensure_ascii=False)
    assert "x_5" in scenes or "x<sub>5" in scenes  # five letters read: h, e, l, l, o
    for c in ("\u202e", "\u2066"):
        assert c not in scenes and c not in charts
