"""AppTest of /quiz: every mode answered by clicking its buttons and typing in its boxes, the score, the review and
the try-again round, the seed in the link, and progress kept while the student visits another page."""

import pytest

from rnn_core import mappings
from rnn_core.lessons import bank, by_hand, diagrams, scenarios, weight_shapes
from tests.apptest_util import app, figure, md_text, no_exception, texts, titles
from tests.lessons_util import BANK, BY_ID
from tests.viz_helpers import figure_names, plain
from ui.safe import md


def quiz_page(**query):
    return app("quiz", timeout=120, **query)


def current(at) -> bank.Scenario:
    return BY_ID[at.session_state["qz_progress"].current]


def shown_question(at) -> str:
    """The scenario the page shows: the one markdown heading in the question box."""
    heads = [md_text(m.value)[6:] for m in at.markdown if m.value.startswith("##### ")]
    assert len(heads) == 1, heads
    return heads[0]


def click(at, key: str):
    at.button(key=key).click().run()
    no_exception(at)
    return at


def answer(at, network: str, mapping: str | None = None, sure: str | None = None):
    click(at, f"qz_net_{network}")
    if mapping is not None:
        click(at, f"qz_map_{mapping}")
    if sure is not None:
        click(at, f"qz_sure_{sure}")
    return click(at, "qz_check")


def wrong_answer(s: bank.Scenario) -> tuple[str, str | None]:
    """Neither the network nor the mapping of ``s``."""
    if s.network in ("dense", "cnn"):
        return "rnn", "many-to-many"
    return ("dense", None) if s.network != "dense" else ("cnn", None)


# ------------------------------------------------------------------------------------------------ scenarios


def test_opens_on_the_first_question_of_the_seeds_order_with_the_link_written():
    at = quiz_page().run()
    no_exception(at)
    first = BY_ID[bank.order(BANK, 0)[0]]
    assert current(at) == first and shown_question(at) == first.scenario
    assert dict(at.query_params) == {"seed": "0", "mode": "scenarios"}
    page = texts(at)
    assert "1–4 pick the network, 5–8 the mapping, L / M / H how sure; Enter checks, → goes on" in page
    assert at.button(key="qz_check").disabled and at.button(key="qz_next").disabled
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.proto.shortcut}
    assert shortcuts["qz_net_dense"] == "1" and shortcuts["qz_net_combination"] == "4"
    assert shortcuts["qz_map_one-to-one"] == "5" and shortcuts["qz_map_many-to-many"] == "8"
    assert shortcuts["qz_check"] == "enter" and shortcuts["qz_next"] == "right"
    assert {shortcuts[f"qz_sure_{v}"] for v in scenarios.SURE} == {"l", "m", "h"}


def test_a_right_answer_then_a_wrong_one():
    at = quiz_page(seed=0).run()
    s = current(at)
    answer(at, s.network, s.mapping if s.mapping != "one-to-one" else None, "high")
    assert at.success and "**Right**" in at.success[0].value and "Certainty mark: +3" in at.success[0].value
    assert md(s.explanation) in texts(at)
    fig = figure(at, "qz_fig")
    lay = diagrams.layout(s.mapping, 4 if diagrams.synced(s) else 6, diagrams.synced(s))
    names = figure_names(fig)
    assert {n for n in names if n.startswith("y-box-")} == {f"y-box-{t}" for t, o in enumerate(lay.outputs) if o}
    assert any(n.startswith("feedback-") for n in names) == lay.fed_back
    p = at.session_state["qz_progress"]
    assert (p.right, p.marks, len(p.answers)) == (1, 3, 1)
    assert "1 right" in at.get("progress")[0].proto.text and "+3" in at.get("progress")[0].proto.text

    click(at, "qz_next")
    s2 = current(at)
    assert s2.id == bank.order(BANK, 0)[1] and shown_question(at) == s2.scenario
    net, mapping = wrong_answer(s2)
    answer(at, net, mapping if net in bank.RECURRENT else None, "medium")
    assert (
        at.error and "Not this time" in at.error[0].value and "neither the network nor the mapping" in at.error[0].value
    )
    assert md(s2.explanation) in texts(at)
    assert figure(at, "qz_fig")
    p = at.session_state["qz_progress"]
    assert (p.right, p.marks, len(p.answers), len(p.missed)) == (1, 1, 2, 1)
    assert at.button(key="qz_review").label == "Review (1 missed)"


def test_partly_right_says_which_part():
    at = quiz_page(seed=0).run()
    s = current(at)
    other = next(m for m in mappings.MAPPINGS if m not in (s.mapping, "one-to-one"))
    if s.network in bank.RECURRENT:
        answer(at, s.network, other)
        assert "the network is right, the mapping is not" in at.warning[0].value
    else:
        answer(at, "dense" if s.network == "cnn" else "cnn")
        assert "the mapping is right, the network is not" in at.warning[0].value
    assert "Partly right" in at.warning[0].value


def test_the_mapping_waits_for_a_recurrent_network_and_check_for_an_answer():
    at = quiz_page(seed=0).run()
    click(at, "qz_net_dense")
    assert at.button(key="qz_map_many-to-one").disabled and not at.button(key="qz_check").disabled
    click(at, "qz_net_rnn")
    assert not at.button(key="qz_map_many-to-one").disabled and at.button(key="qz_check").disabled
    click(at, "qz_map_many-to-one")
    assert not at.button(key="qz_check").disabled
    click(at, "qz_sure_low")
    click(at, "qz_sure_low")  # a second press takes the certainty back
    assert at.session_state["qz_sure"] is None


def test_review_and_the_try_again_round():
    at = quiz_page(seed=2).run()
    missed = []
    for k in range(3):
        s = current(at)
        if k == 1:
            answer(at, s.network, s.mapping if s.network in bank.RECURRENT else None)
        else:
            net, mapping = wrong_answer(s)
            answer(at, net, mapping if net in bank.RECURRENT else None)
            missed.append(s)
        click(at, "qz_next")
    click(at, "qz_review")
    page = md_text(texts(at)) + "\n".join(h.value for h in at.subheader)
    assert "Review so far" in page and "2 missed" in page
    for s in missed:
        assert s.scenario in page and s.explanation in page
    click(at, "qz_retry")
    p = at.session_state["qz_progress"]
    assert p.round == 2 and list(p.ids) == [s.id for s in missed]
    assert shown_question(at) == missed[0].scenario
    assert "Round 2" in at.get("progress")[0].proto.text and "of 2" in at.get("progress")[0].proto.text
    for s in missed:  # right this time
        answer(at, s.network, s.mapping if s.network in bank.RECURRENT else None)
        click(at, "qz_next")
    assert at.subheader[0].value == "Round 2 done" and "Nothing missed" in at.success[0].value
    assert at.button(key="qz_retry").disabled
    click(at, "qz_restart")
    assert at.session_state["qz_progress"] == scenarios.Progress.start(BANK, 2)


def test_the_same_seed_gives_the_same_first_question_another_seed_another():
    a, b = quiz_page(seed=11).run(), quiz_page(seed=11).run()
    c = quiz_page(seed=12).run()
    assert shown_question(a) == shown_question(b) == BY_ID[bank.order(BANK, 11)[0]].scenario
    assert shown_question(c) != shown_question(a)
    assert c.query_params["seed"] == "12"


def test_a_new_seed_in_the_box_starts_again():
    at = quiz_page(seed=0).run()
    s = current(at)
    answer(at, s.network, s.mapping if s.network in bank.RECURRENT else None)
    at.number_input(key="qz_seed").set_value(5).run()
    no_exception(at)
    assert at.session_state["qz_progress"] == scenarios.Progress.start(BANK, 5)
    assert at.query_params["seed"] == "5" and shown_question(at) == BY_ID[bank.order(BANK, 5)[0]].scenario


def test_progress_survives_a_visit_to_another_page():
    at = quiz_page(seed=4).run()
    s = current(at)
    answer(at, s.network, s.mapping if s.network in bank.RECURRENT else None)
    click(at, "qz_next")
    click(at, "qz_net_cnn")
    at.segmented_control(key="qz_mode").set_value("shapes").run()
    at.text_input(key="qz_shape_w_xh").input("3 x 8").run()
    at.segmented_control(key="qz_mode").set_value("scenarios").run()
    before = at.session_state["qz_progress"]
    at.switch_page("app_pages/unroll.py").run()
    assert titles(at) == ["Unroll an RNN"]
    at.switch_page("app_pages/quiz.py").run()
    no_exception(at)
    assert at.session_state["qz_progress"] == before and before.pos == 1 and before.right == 1
    assert at.session_state["qz_net"] == "cnn" and at.button(key="qz_net_cnn").proto.type == "primary"
    assert shown_question(at) == BY_ID[before.current].scenario
    at.segmented_control(key="qz_mode").set_value("shapes").run()
    assert at.text_input(key="qz_shape_w_xh").value == "3 x 8"


def test_a_bad_link_falls_back_with_a_note():
    at = quiz_page(seed="x", mode="klingon").run()
    no_exception(at)
    notes = " ".join(w.value for w in at.warning)
    assert "seed" in notes and "quiz mode" in notes
    assert dict(at.query_params) == {"seed": "0", "mode": "scenarios"}


# ------------------------------------------------------------------------------------------------ diagram questions


def test_diagram_questions_name_then_pick():
    at = quiz_page(seed=0, mode="diagrams").run()
    no_exception(at)
    q = diagrams.picture_question(BANK, 0, 0)
    assert q.kind == "name"
    fig = figure(at, "qz_fig")
    lay = diagrams.layout(q.mapping, q.steps, q.synced)
    assert {n for n in figure_names(fig) if n.startswith("y-box-")} == {
        f"y-box-{t}" for t, o in enumerate(lay.outputs) if o
    }
    wrong = (q.answer + 1) % 4
    click(at, f"qz_pic_{wrong}")
    assert at.error and "Not this time" in at.error[0].value and q.mapping in at.error[0].value
    assert at.session_state["qz_pic_tally"] == scenarios.Tally(0, 1)
    click(at, "qz_pic_next")

    q = diagrams.picture_question(BANK, 0, 1)
    assert q.kind == "pick"
    assert md_text(texts(at)).count(BY_ID[q.scenario].scenario) == 1
    titles = [plain(figure(at, f"qz_fig_{k}")["layout"]["title"]["text"]) for k in range(4)]
    assert titles == ["Picture A", "Picture B", "Picture C", "Picture D"]
    assert [at.button(key=f"qz_pic_{k}").proto.shortcut for k in range(4)] == ["1", "2", "3", "4"]
    click(at, f"qz_pic_{q.answer}")
    assert at.success and "Right" in at.success[0].value
    assert md(BY_ID[q.scenario].explanation) in texts(at)
    titles = [plain(figure(at, f"qz_fig_{k}")["layout"]["title"]["text"]) for k in range(4)]
    assert titles == [f"Picture {letter}: {m}" for letter, m in zip("ABCD", q.options, strict=True)]
    assert at.session_state["qz_pic_tally"] == scenarios.Tally(1, 2)
    assert "1 right of 2" in texts(at)


# ------------------------------------------------------------------------------------------------ unroll by hand


def hand_boxes(at, p: by_hand.HandProblem) -> list[str]:
    return [f"qz_hand_h{t}" for t in range(1, p.T + 1)] + ["qz_hand_y"]


def type_answers(at, p, values) -> None:
    for key, v in zip(hand_boxes(at, p), values, strict=True):
        at.text_input(key=key).input(v)
    at.run()
    no_exception(at)


def result_lines(at) -> list[str]:
    for m in at.markdown:
        if m.value.startswith("- :"):
            return m.value.splitlines()
    return []


def test_unroll_by_hand_right_wrong_and_garbage():
    at = quiz_page(seed=2, mode="by-hand").run()  # seed 2's h_1 is 0.515, its a_1 0.570: a slip that shows
    no_exception(at)
    p = by_hand.hand_problem(2, 0)
    steps = by_hand.solve(p)
    right = [f"{s.h:.3f}" for s in steps] + [f"{steps[-1].y:.3f}"]
    type_answers(at, p, right)
    click(at, "qz_hand_check")
    assert at.success and f"{p.T + 1} of {p.T + 1} right" in at.success[0].value
    assert all(":blue[:material/check_circle:]" in line for line in result_lines(at))

    wrong = [f"{steps[0].a:.3f}"] + right[1:-1] + [f"{steps[-1].h:.3f}"]  # the sum before the tanh; h_T for y_T
    type_answers(at, p, wrong)
    lines = md_text("\n".join(result_lines(at)))
    assert "inside the tanh" in lines and "That is h_" in lines
    assert f"{p.T - 1} of {p.T + 1} right" in at.info[0].value

    for garbage in ("", "abc", "1e400", "nan"):
        type_answers(at, p, [garbage] * (p.T + 1))
        lines = md_text("\n".join(result_lines(at)))
        assert len(result_lines(at)) == p.T + 1
        assert ("Not answered yet" if garbage == "" else "What you typed") in lines
        assert f"0 of {p.T + 1} right" in at.info[0].value


def test_the_worked_solution_has_the_explorers_numbers():
    at = quiz_page(seed=3, mode="by-hand").run()
    at.toggle(key="qz_hand_solution").set_value(True).run()
    no_exception(at)
    p = by_hand.hand_problem(3, 0)
    shown = [el.value.strip("$\n") for el in at.get("latex")]
    for s in by_hand.solve(p):
        assert any(f"\\mathbf{{{s.h:.3f}}}" in tex for tex in shown)
    from viz import steps as step_math

    explorer = step_math.arithmetic("rnn", *by_hand.explorer_math(p))[1]["tex"]
    for lines in explorer:
        assert all(line in shown for line in lines)


def test_a_new_problem_clears_the_answers():
    at = quiz_page(seed=0, mode="by-hand").run()
    at.text_input(key="qz_hand_h1").input("0.1").run()
    click(at, "qz_hand_check")
    click(at, "qz_hand_new")
    assert at.session_state["qz_hand_i"] == 1 and at.text_input(key="qz_hand_h1").value == ""
    assert not at.session_state["qz_hand_checked"]
    p = by_hand.hand_problem(0, 1)
    assert any(f"x_{{1}} = {p.xs[0]:g}" in el.value for el in at.get("latex"))


def test_check_my_own_arithmetic():
    at = quiz_page(mode="by-hand").run()
    at.segmented_control(key="qz_hand_src").set_value("own").run()
    no_exception(at)
    assert [w.key for w in at.number_input if w.key.startswith("qz_hand_")] == [
        f"qz_hand_{n}" for n in by_hand.WEIGHT_NAMES
    ]
    at.number_input(key="qz_hand_W_xh").set_value(0.5)
    at.number_input(key="qz_hand_W_hh").set_value(-1.0)
    at.number_input(key="qz_hand_b_h").set_value(0.25)
    at.number_input(key="qz_hand_W_hy").set_value(2.0)
    at.number_input(key="qz_hand_b_y").set_value(0.0)
    at.text_input(key="qz_hand_inputs").input("1 -1").run()
    no_exception(at)
    boxes = [w.key for w in at.text_input if w.key.startswith("qz_hand_") and w.key != "qz_hand_inputs"]
    assert boxes == ["qz_hand_h1", "qz_hand_h2", "qz_hand_y"]  # two inputs typed: h_1, h_2 and y_2 to work out
    p = by_hand.HandProblem(0.5, -1.0, 0.25, 2.0, 0.0, (1.0, -1.0))
    steps = by_hand.solve(p)
    at.text_input(key="qz_hand_h1").input(f"{steps[0].h:.3f}")
    at.text_input(key="qz_hand_h2").input(f"{steps[1].h:.3f}")
    at.text_input(key="qz_hand_y").input(f"{steps[1].y:.3f}").run()
    click(at, "qz_hand_check")
    assert at.success and "3 of 3 right" in at.success[0].value
    for text, words in [("", "at least one"), ("0.5 abc", "Input 2"), ("20", "-10 to 10"), ("nan", "Input 1")]:
        at.text_input(key="qz_hand_inputs").input(text).run()
        no_exception(at)
        assert words in md_text(at.warning[0].value)


def test_open_in_the_explorer_reads_the_inputs_even_after_a_visit():
    at = quiz_page(seed=0, mode="by-hand").run()
    at.switch_page("app_pages/unroll.py").run()  # the explorer has read its own link already
    assert titles(at) == ["Unroll an RNN"] and at.session_state["ex_seq"] == "chars"
    at.switch_page("app_pages/quiz.py").run()
    p = by_hand.hand_problem(0, 0)
    click(at, "qz_hand_open")
    assert at.session_state["ex_seq"] == "scalar" and at.session_state["ex_arch"] == "rnn"
    assert at.session_state["ex_text_scalar"] == by_hand.explorer_text(p)
    assert at.query_params["text"] == by_hand.explorer_text(p)


# ------------------------------------------------------------------------------------------------ shapes


def shape_answer(at, gates, w_xh, w_hh, w_hy, count):
    at.segmented_control(key="qz_shape_gates").set_value(gates)
    for key, v in zip(("w_xh", "w_hh", "w_hy", "count"), (w_xh, w_hh, w_hy, count), strict=True):
        at.text_input(key=f"qz_shape_{key}").input(v)
    at.run()
    no_exception(at)
    return click(at, "qz_shape_check")


@pytest.mark.parametrize("one_bias", [False, True])
def test_a_shape_question(one_bias):
    at = quiz_page(seed=0, mode="shapes").run()
    no_exception(at)
    p = weight_shapes.shape_problem(0, 0)
    key = weight_shapes.shape_key(p)
    assert f"input_dim = {p.input_dim}" in texts(at) and f"units = {p.units}" in texts(at)
    count = key.one_bias_count if one_bias else key.torch_count
    x = "{} x {}".format
    shape_answer(at, key.gates, x(*key.W_xh), x(*key.W_hh), x(*key.W_hy), f"{count:,}")
    assert at.success and "5 of 5 right" in at.success[0].value
    lines = md_text("\n".join(result_lines(at)))
    if one_bias:
        assert "Right with one bias per weight block" in lines and "two biases" in lines and "bias_ih" in lines
    else:
        assert f"Right: {key.torch_count:,} as torch counts them" in lines
    table = at.table[0].value
    assert list(table["Weight"]) == ["W_xh", "W_hh", "b_h", "W_hy", "b_y"]
    assert at.session_state["qz_shape_tally"] == scenarios.Tally(1, 1)
    click(at, "qz_shape_new")
    assert at.session_state["qz_shape_i"] == 1 and at.text_input(key="qz_shape_w_xh").value == ""


def test_a_wrong_shape_answer():
    at = quiz_page(seed=0, mode="shapes").run()
    shape_answer(at, 1, "abc", "1e400", "", "nan")
    assert at.info and "of 5 right" in at.info[0].value
    assert at.session_state["qz_shape_tally"] == scenarios.Tally(0, 1)


# ---------------------------------------------------------------------------------------------- hostile, every mode
# tests/test_hostile.py opens each page on its default view (here: the scenarios); these go through the other modes.

VIEWS = [("diagrams", "seed"), ("by-hand", "seed"), ("by-hand", "own"), ("shapes", "seed")]
CHECKS = ("qz_hand_check", "qz_shape_check")  # pressed first, so every note on what was typed shows


def open_view(mode: str, src: str):
    from tests import hostile_util as hu

    page = next(p for p in hu.pages() if p.name == "quiz")
    at = hu.open_page(page, mode=mode).run()
    if src == "own":
        at.segmented_control(key="qz_hand_src").set_value("own").run()
    for key in CHECKS:
        if any(b.key == key for b in at.button):
            at.button(key=key).click().run()
    return hu.all_toggles_on(at)


@pytest.mark.slow
@pytest.mark.parametrize("mode, src", VIEWS, ids=[f"{m}-{s}" for m, s in VIEWS])
def test_hostile_typing_numbers_and_forged_values_in_every_mode(mode, src):
    from tests import hostile_util as hu

    found = []
    with hu.full_errors():
        at = open_view(mode, src)
        assert not hu.problems(at), hu.problems(at)
        for name in [hu.name_of(w) for w in hu.widgets(at, ("text_input",))]:
            for tid, text in hu.HOSTILE_TEXT.items():
                w = hu.find(at, name)
                if w is None or at.exception:
                    at = open_view(mode, src)
                    w = hu.find(at, name)
                hu.send(at, w, text)
                found += [f"{name} <- {tid}: {p}" for p in hu.problems(at)]
        at = open_view(mode, src)
        for name in [hu.name_of(w) for w in hu.widgets(at, ("number_input",))]:
            for v in hu.extremes(hu.find(at, name)):
                hu.send(at, hu.find(at, name), v)
                found += [f"{name} <- {v!r}: {p}" for p in hu.problems(at)]
        fresh = open_view(mode, src)
        targets = [(hu.name_of(w), hu.forged_values(w) if w.type != "button" else [True]) for w in hu.widgets(fresh)]
        for name, values in targets:
            for v in values:  # every button pressed too, enabled or not
                at = open_view(mode, src)
                w = hu.find(at, name)
                if w is None:
                    continue
                found += hu.forged(at, w, v)
    assert not found, hu.report(found)


def test_a_stripped_link_keeps_the_class_on_one_mode():
    at = app("quiz", mode="shapes", seed="7", hide="modes,seed").run()
    assert not at.exception
    assert not [w for w in at.number_input if w.label == "Quiz seed"]
    assert at.session_state["qz_mode"] == "shapes" and at.query_params["mode"] == "shapes"
    assert at.multiselect(key="qz_share_hide").value == ["modes", "seed"]
