"""AppTest of /window: the lecture's sentence defeats the window and not the gated RNN; every input is handled."""

import re

import numpy as np
import pytest

from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from tests.apptest_util import app, columns, drawn, figure, given, no_exception, texts, titles
from tests.viz_helpers import plain

HEADER = re.compile(r"^(<b>)?t=(\d+)(</b>)?$")
NAMES = {"rnn": "Vanilla RNN", "lstm": "LSTM", "gru": "GRU"}


def window(**query):
    return app("window", timeout=120, **query)


def answers(at) -> dict[str, dict[str, float]]:
    """model column -> {language: probability}, read off the answers figure."""
    return {
        tr["name"]: dict(zip(tr["customdata"], tr["x"], strict=True))
        for tr in figure(at, "answers")["data"]
        if tr["type"] == "bar"
    }


def verdict_tags(at) -> list[str]:
    return [
        plain(a["text"])
        for a in figure(at, "answers")["layout"]["annotations"]
        if a.get("name", "").startswith("verdict-")
    ]


def words(at) -> list[str]:
    return [
        plain(a["text"])
        for a in figure(at, "sentence")["layout"]["annotations"]
        if re.fullmatch(r"word-\d+", a.get("name", ""))
    ]


def framed(at) -> list[int]:
    """Indices of the words inside the window frames of the sentence drawing."""
    shapes = figure(at, "sentence")["layout"]["shapes"]
    frames = [s for s in shapes if s.get("name", "").startswith("window-")]
    boxes = {int(s["name"].rsplit("-", 1)[1]): s for s in shapes if s.get("name", "").startswith("word-box-")}
    return sorted(
        i
        for i, b in boxes.items()
        if any(f["x0"] <= b["x0"] and b["x1"] <= f["x1"] and f["y0"] <= b["y0"] and b["y1"] <= f["y1"] for f in frames)
    )


def highlighted(at) -> int | None:
    """The step the unrolled diagram highlights, as the browser shows it (the stepper's views, at its t)."""
    return columns(drawn(at, "w_diagram", "w_stepper"))[1]


def test_default_view_window_shrugs_and_the_best_gated_rnn_says_french():
    at = window().run()
    no_exception(at)
    assert at.session_state["w_text"] == LECTURE_SENTENCE and at.session_state["w_k"] == 3
    assert words(at) == "Toulouse , France is where I did my post doctoral studies . I speak fluent".split()
    assert framed(at) == [12, 13, 14]  # "I speak fluent"; "France" (word 2) is outside
    best = at.session_state["w_arch"]
    assert best in ("lstm", "gru")
    p = answers(at)
    assert list(p) == ["Window of 3 words", "Vanilla RNN", "LSTM", "GRU"]
    assert max(p["Window of 3 words"].values()) < 0.25  # near uniform over 8 languages
    assert max(p[NAMES[best]], key=p[NAMES[best]].get) == "French" and p[NAMES[best]]["French"] > 0.5
    tags = verdict_tags(at)
    assert tags[0] == "? shrugs" and tags[list(NAMES).index(best) + 1] == "✓ French"
    page = texts(at)
    assert "**Window of 3 words** shrugs" in page and f"**{NAMES[best]}** says French" in page
    table = at.table[0].value
    assert list(table["Model"])[-1] == "Guessing (chance)" and "12.5%" in list(table["Held-out accuracy"])
    acc = dict(zip(table["Model"], table["Held-out accuracy"], strict=True))
    assert abs(float(acc["Window of 3"].rstrip("%")) - 12.5) <= 10
    assert float(acc[NAMES[best]].rstrip("%")) >= 95
    dist = figure(at, "distance")
    assert [tr["name"] for tr in dist["data"]] == ["Window of 3", "Vanilla RNN", "LSTM", "GRU"]
    assert any(s.get("name") == "chance" for s in dist["layout"]["shapes"])
    assert highlighted(at) == 1 and at.query_params["t"] == "1"
    assert "text" not in at.query_params and at.query_params["k"] == "3" and at.query_params["arch"] == best
    for key in ("saliency_rnn", "saliency_window"):
        assert figure(at, key)["layout"]["shapes"]
    titles = [plain(figure(at, key)["layout"]["title"]["text"]) for key in ("saliency_rnn", "saliency_window")]
    assert "→ French" in titles[0] and "→ shrugs" in titles[1]  # the titles say what the summary says


def test_changing_k_changes_the_window_and_the_parameter_count():
    at = window().run()
    before = texts(at)
    at.slider(key="w_k").set_value(6).run()
    no_exception(at)
    assert framed(at) == [9, 10, 11, 12, 13, 14]
    assert "Window of 6 words" in answers(at) and at.query_params["k"] == "6"
    after = texts(at)
    n3, n6 = (re.search(r"\*\*([\d,]+)\*\* for k = (\d)", s).group(1) for s in (before, after))
    assert int(n6.replace(",", "")) > int(n3.replace(",", ""))
    assert "for k = 6" in after
    band = [s for s in figure(at, "distance")["layout"]["shapes"] if s.get("name") == "window-band"]
    assert band and band[0]["x1"] == 5.5
    frames = [s for s in figure(at, "saliency_window")["layout"]["shapes"] if s.get("name", "").startswith("window-")]
    assert frames


def test_a_wide_window_that_sees_the_country_answers_it():
    at = window(text="I love Japan. I speak fluent", k=8).run()
    no_exception(at)
    p = answers(at)["Window of 8 words"]
    assert max(p, key=p.get) == "Japanese"
    assert "✓ Japanese" in verdict_tags(at)[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "🙂🙂",
        "?!.,;:",
        "x" * 100_000,
        "fluent " * 5_000,
        "<script>alert(1)</script>",
        "Toulouse, Frankreich. I speak fluent ______.",
    ],
    ids=["empty", "blank", "emoji", "punctuation", "huge-word", "huge-sentence", "html", "unknown-word"],
)
def test_any_text_is_handled(text):
    at = window().run()
    at.text_input(key="w_text").input(text).run()
    no_exception(at)
    page = texts(at)
    if not text.strip():
        assert "Type a sentence" in page
        assert at.table and figure(at, "distance")  # the held-out evidence still shows
        return
    assert figure(at, "sentence") and drawn(at, "w_diagram", "w_stepper")
    if text in ("🙂🙂", "x" * 100_000) or "Frankreich" in text:
        assert "Not in the vocabulary" in page
    if text.startswith("fluent"):
        assert "last 60 words" in page
    if "Frankreich" in text:
        assert "Frankreich" in words(at) and "&lt;unk&gt;" in "".join(drawn(at, "w_diagram", "w_stepper"))
        assert "not in the vocabulary" in str(figure(at, "sentence"))
    if len(text) > 2000:
        assert "text" not in at.query_params and "link does not keep it" in page
    else:
        assert at.query_params["text"] == text


@pytest.mark.parametrize(
    "query",
    [
        {"k": "99"},
        {"k": "banana"},
        {"arch": "transformer"},
        {"seed": "-1"},
        {"t": "banana"},
        {"present": "maybe"},
        {"t": "999"},
    ],
)
def test_nonsense_url_falls_back_with_a_note(query):
    at = window(**query).run()
    no_exception(at)
    if query != {"t": "999"}:
        assert any(k in w.value for w in at.warning for k in query), [w.value for w in at.warning]
    assert framed(at) == [12, 13, 14]  # k falls back to 3
    assert highlighted(at) is not None


def test_url_restores_the_view():
    text = "Kyoto, Japan is where I grew up. I speak fluent"
    at = window(k=5, arch="rnn", t=3, text=text).run()
    no_exception(at)
    assert at.session_state["w_k"] == 5 and at.session_state["w_arch"] == "rnn" and at.session_state["w_t"] == 3
    assert words(at)[:3] == ["Kyoto", ",", "Japan"] and highlighted(at) == 3
    assert "Vanilla RNN" in plain(figure(at, "saliency_rnn")["layout"]["title"]["text"])
    assert at.query_params["text"] == text


def test_the_stepper_has_every_word_and_a_jump_to_the_clue():
    at = window().run()
    no_exception(at)
    c = given(at, "w_stepper")
    assert (c["T"], c["t"], c["group"], c["url"], c["keys"]) == (15, 1, "w", "t", True)
    assert c["jumps"] == [["Go to “France” (t = 3)", 3, "Jump to the step where the network reads the clue"]]
    assert [columns(drawn(at, "w_diagram", "w_stepper", t))[1] for t in range(1, 16)] == list(range(1, 16))
    words = given(at, "w_words")["parts"][0]["html"]
    assert len(words) == 15 and "“France”" in words[2] and "This is the clue" in words[2]
    assert "French" in words[14] and "No output yet" in words[0]
    at.session_state["w_t"] = 3  # what the browser reports after a step
    at.run()
    assert at.query_params["t"] == "3" and highlighted(at) == 3
    ys = [s for s in drawn(at, "w_diagram", "w_stepper") if 'data-name="y-label-' in s]
    assert len(ys) == 1 and 'data-name="y-label-14"' in ys[0] and "French" in ys[0]


def test_typed_words_are_text_in_the_step_views():
    at = window(text="<b>Lyon</b>, [France](http://x.example) is home. I speak fluent").run()
    no_exception(at)
    words = "".join(given(at, "w_words")["parts"][0]["html"])
    assert "<b>" not in words and "“&lt;”" in words and "<a" not in words  # the tokens, escaped one by one
    assert not any("<b>Lyon" in s for s in drawn(at, "w_diagram", "w_stepper"))


def test_architecture_choice_and_reset():
    at = window(text="Madrid, Spain. I speak fluent").run()
    at.segmented_control(key="w_arch").set_value("lstm").run()
    no_exception(at)
    assert at.query_params["arch"] == "lstm"
    assert "LSTM" in plain(figure(at, "saliency_rnn")["layout"]["title"]["text"])
    at.button(key="w_reset").click().run()
    assert at.session_state["w_text"] == LECTURE_SENTENCE and "text" not in at.query_params


def test_saliency_of_the_window_is_zero_outside_it():
    at = window().run()
    fills = {
        s["name"]: s["fillcolor"]
        for s in figure(at, "saliency_window")["layout"]["shapes"]
        if s.get("name", "").startswith("word-box-")
    }
    outside = {fills[f"word-box-{i}"] for i in range(12)}
    assert len(outside) == 1  # every word before the window: the colour of 0
    gru = {
        s["name"]: s["fillcolor"]
        for s in figure(at, "saliency_rnn")["layout"]["shapes"]
        if s.get("name", "").startswith("word-box-")
    }
    lightness = {k: sum(int(v[j : j + 2], 16) for j in (1, 3, 5)) for k, v in gru.items()}
    assert lightness["word-box-2"] < np.median(list(lightness.values()))  # "France" is among the darker words


def test_view_survives_a_visit_to_another_page_and_notes_show_once():
    at = window(k="banana").run()
    assert any("banana" in w.value for w in at.warning)
    at.slider(key="w_k").set_value(6).run()
    at.text_input(key="w_text").input("Rome, Italy. I speak fluent").run()
    assert not any("banana" in w.value for w in at.warning)
    at.switch_page("app_pages/unroll.py").run()
    assert titles(at) == ["Unroll an RNN"]
    at.switch_page("app_pages/window.py").run()
    no_exception(at)
    assert at.session_state["w_k"] == 6 and at.session_state["w_text"] == "Rome, Italy. I speak fluent"
    assert framed(at) == [1, 2, 3, 4, 5, 6] and words(at)[:3] == ["Rome", ",", "Italy"]


def test_predict_then_reveal_reopens_from_the_link_and_hides_the_answer_until_the_end():
    at = window(t="3", reveal="1").run()
    no_exception(at)
    assert at.session_state["w_reveal"] is True and at.query_params["reveal"] == "1"
    T = given(at, "w_stepper")["T"]
    early = "".join(drawn(at, "w_diagram", "w_stepper", 3))
    last = "".join(drawn(at, "w_diagram", "w_stepper", T))
    assert "French" not in early and "French" in last  # the answer box says "?" until the last word
    at.toggle(key="w_reveal").set_value(False).run()
    assert "reveal" not in at.query_params
    assert "French" in "".join(drawn(at, "w_diagram", "w_stepper", 3))  # faded, but there


def test_a_stripped_link_hides_the_controls_and_the_evidence():
    at = window(hide="controls,evidence,saliency", k="4").run()
    no_exception(at)
    assert not at.text_input and not at.slider
    assert at.session_state["w_k"] == 4 and given(at, "w_stepper")["T"] > 1
    assert at.multiselect(key="w_share_hide").value == ["controls", "evidence", "saliency"]


def test_the_diagram_reads_each_word_out_with_its_numbers():
    at = app("window").run()
    said = given(at, "w_diagram")["describe"]
    assert "the fluent sentence" in said["label"]
    assert said["steps"][0].startswith("t = 1 of ") and "h_1 = [" in said["steps"][0]
    assert "predicts “" in said["steps"][-1] and "no output at step 1" in said["steps"][0]
