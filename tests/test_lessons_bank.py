"""rnn_core/lessons/bank.py: the self-quiz's question bank (rnn_core/lessons/quiz_bank.json), its loader and checks, and
the seeded order of a round; the quiz's logic imports only the standard library."""

import json
import re
from collections import Counter

import pytest

from rnn_core.lessons import bank
from rnn_core.lessons.bank import NETWORKS, BankError, Scenario, load_bank, order
from rnn_core.mappings import MAPPINGS
from tests.lessons_util import BANK

# Every example the lecture gives, as (topic, network, mapping) with a word its scenario must contain: each must
# be in the bank with source "lecture".
LECTURE_EXAMPLES = {
    "audio, a sequence of sound waves": ("audio", "rnn", "many-to-one", "sound"),
    "I speak fluent ___ (text, the fixed window)": ("text", "rnn", "many-to-one", "fluent"),
    "word completion on a phone": ("language model", "rnn", "many-to-many", "phone"),
    "character-level language model on hello": ("language model", "rnn", "many-to-many", '"hello"'),
    "sampling characters one at a time at test time": ("language model", "rnn", "one-to-many", "letter"),
    "medical signals: heartbeats, ECG": ("medical", "rnn", "many-to-one", "ECG"),
    "amino-acid sequences": ("protein", "rnn", "many-to-many", "amino acid"),
    "stock market predictions": ("finance", "rnn", "many-to-many", "price"),
    "video frames -> action class": ("video", "combination", "many-to-one", "clip"),
    "video classification frame by frame": ("video", "combination", "many-to-many", "every frame"),
    "image captioning": ("image", "combination", "one-to-many", "sentence"),
    "ImageNet classification (VGG)": ("image", "cnn", "one-to-one", "ImageNet"),
    "handwritten digits (the CNN assignment)": ("image", "cnn", "one-to-one", "digit"),
}
LECTURE_TOPICS = {"audio", "text", "language model", "medical", "protein", "finance", "video", "image"}
BEYOND_TOPICS = {
    "translation",
    "speech",
    "tabular",
    "housing",
    "music",
    "handwriting",
    "sensor",
    "weather",
    "question answering",
    "genomics",
    "keystroke",
    "traffic",
    "chatbot",
    "autocomplete",
    "recommendation",
    "sign language",
    "satellite",
    "medical image",
}
# words that would give the answer away in a scenario's wording
HINTS = re.compile(
    r"\b(rnns?|cnns?|dense|recurrent|convolution\w*|feed-?forward|lstm|gru|many-to|one-to|synced|encoder|decoder"
    r"|hidden state|sequences?|one at a time|step by step|in order)\b",
    re.IGNORECASE,
)
GOOD = {
    "id": "x-ray",
    "scenario": "Look at one chest X-ray and say whether it shows pneumonia.",
    "network": "cnn",
    "mapping": "one-to-one",
    "explanation": "One image in, one label out. Nothing happens in time.",
    "tempting": "rnn",
    "source": "beyond",
    "topic": "medical image",
}


def sentences(text):
    return len(re.findall(r"[.!?](?=\s|$)", text))


def write(tmp_path, items, name="bank.json"):
    path = tmp_path / name
    path.write_text(json.dumps(items))
    return path


def refused(tmp_path, items) -> str:
    with pytest.raises(BankError) as err:
        load_bank(write(tmp_path, items))
    return str(err.value)


# ------------------------------------------------------------------------------------------------ the bank


def test_the_bank_loads_as_scenarios():
    assert len(BANK) >= 64
    assert all(isinstance(s, Scenario) for s in BANK)
    assert load_bank(bank.BANK_PATH) == BANK


def test_mappings_are_the_tasks_own():
    from rnn_core.tasks.base import MAPPINGS as TASK_MAPPINGS

    assert MAPPINGS is TASK_MAPPINGS  # one tuple, rnn_core.mappings


def test_counts_per_network_and_mapping():
    networks = Counter(s.network for s in BANK)
    mappings = Counter(s.mapping for s in BANK)
    assert set(networks) == set(NETWORKS)
    assert networks["dense"] >= 6 and networks["cnn"] >= 6 and networks["combination"] >= 12
    assert networks["rnn"] >= 12
    assert mappings["one-to-one"] >= 4 and mappings["one-to-many"] >= 6
    assert mappings["many-to-one"] >= 12 and mappings["many-to-many"] >= 12
    combos = Counter(s.mapping for s in BANK if s.network == "combination")
    assert all(combos[m] >= 2 for m in ("one-to-many", "many-to-one", "many-to-many")), combos
    rnns = Counter(s.mapping for s in BANK if s.network == "rnn")
    assert all(rnns[m] >= 3 for m in ("one-to-many", "many-to-one", "many-to-many")), rnns


def test_no_recurrent_part_is_written_one_to_one_throughout():
    assert {s.mapping for s in BANK if s.network in ("dense", "cnn")} == {"one-to-one"}
    assert all(s.mapping not in (None, "one-to-one") for s in BANK if s.network in ("rnn", "combination"))


def test_many_to_many_says_synced_or_not():
    many = [s for s in BANK if s.mapping == "many-to-many"]
    not_synced = [s.id for s in many if "not synced" in s.explanation]
    synced = [s.id for s in many if "synced" in s.explanation.replace("not synced", "")]
    assert len(not_synced) >= 4 and len(synced) >= 4, (synced, not_synced)
    assert sorted(not_synced + synced) == sorted(s.id for s in many), "each many-to-many says which kind it is"


@pytest.mark.parametrize("example", LECTURE_EXAMPLES)
def test_every_lecture_example_is_in_the_bank(example):
    topic, network, mapping, word = LECTURE_EXAMPLES[example]
    found = [
        s.id
        for s in BANK
        if (s.source, s.topic, s.network, s.mapping) == ("lecture", topic, network, mapping) and word in s.scenario
    ]
    assert found, f"no lecture scenario for {example}"


def test_lecture_and_beyond_topics():
    lecture = {s.topic for s in BANK if s.source == "lecture"}
    assert lecture == LECTURE_TOPICS
    assert BEYOND_TOPICS <= {s.topic for s in BANK if s.source == "beyond"}
    assert sum(s.source == "beyond" for s in BANK) >= 40


def test_the_fixed_window_is_the_tempting_answer_on_the_fluent_sentence():
    fluent = [s for s in BANK if "I speak fluent ___" in s.scenario]
    assert len(fluent) == 1
    s = fluent[0]
    assert s.tempting == "dense" and "fixed window" in s.explanation and "12 words" in s.explanation


def test_no_duplicate_ids_or_scenarios():
    assert len({s.id for s in BANK}) == len(BANK)
    assert len({" ".join(s.scenario.lower().split()) for s in BANK}) == len(BANK)


@pytest.mark.parametrize("s", BANK, ids=lambda s: s.id)
def test_each_scenario_reads_right(s):
    assert not HINTS.search(s.scenario), f"{s.id}: the wording hints at the answer: {HINTS.search(s.scenario)[0]!r}"
    assert len(s.scenario) <= 300 and sentences(s.scenario) <= 3
    assert 2 <= sentences(s.explanation) <= 4, f"{s.id}: explanation has {sentences(s.explanation)} sentences"
    text = s.explanation.lower()
    if s.mapping != "one-to-one":
        assert s.mapping in text, f"{s.id}: the explanation should name the mapping {s.mapping}"
    if s.network == "combination":
        assert "combination" in text and "cnn" in text and "rnn" in text
    wrong = {"combination": ("combination", "cnn")}.get(s.tempting, (s.tempting,))
    assert any(w in text for w in wrong), f"{s.id}: the explanation should say why {s.tempting} is wrong"


# ------------------------------------------------------------------------------------------------ refusing a bad bank


def test_a_good_one_item_bank_loads(tmp_path):
    assert load_bank(write(tmp_path, [GOOD])) == (Scenario(**GOOD),)


def test_missing_field(tmp_path):
    item = {k: v for k, v in GOOD.items() if k != "topic"}
    msg = refused(tmp_path, [item])
    assert "item 0 (id 'x-ray')" in msg and "missing field 'topic'" in msg


def test_unknown_network(tmp_path):
    msg = refused(tmp_path, [GOOD | {"network": "transformer"}])
    assert "unknown network 'transformer'" in msg and "dense, cnn, rnn, combination" in msg


def test_duplicate_id(tmp_path):
    msg = refused(tmp_path, [GOOD, GOOD | {"scenario": "Another problem."}])
    assert "item 1 (id 'x-ray'): duplicate id 'x-ray' (first used by item 0)" in msg


def test_duplicate_scenario_text(tmp_path):
    other = GOOD | {"id": "x-ray-2", "scenario": "  look at ONE chest X-ray and say whether it shows pneumonia. "}
    assert "duplicate scenario text (the same as item 0)" in refused(tmp_path, [GOOD, other])


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("explanation", 3, "field 'explanation' must be a string, got a number"),
        ("topic", None, "field 'topic' must be a string, got null"),
        ("mapping", ["one-to-one"], "field 'mapping' must be a string or null, got a list"),
        ("id", True, "field 'id' must be a string, got a boolean"),
        ("explanation", "  ", "field 'explanation' is empty"),
        ("mapping", "two-to-one", "unknown mapping 'two-to-one'"),
        ("source", "textbook", "unknown source 'textbook'"),
        ("id", "X Ray!", "must be a slug"),
        ("tempting", "cnn", "tempting 'cnn' is the right answer"),
        ("tempting", "svm", "tempting 'svm' must be one of the networks or mappings"),
    ],
)
def test_wrong_type_or_value(tmp_path, field, value, words):
    assert words in refused(tmp_path, [GOOD | {field: value}])


@pytest.mark.parametrize(
    "network, mapping, words",
    [
        ("rnn", None, "network 'rnn' needs a mapping"),
        ("rnn", "one-to-one", "network 'rnn' needs a mapping"),
        ("dense", "many-to-one", "network 'dense' has no recurrent part"),
        ("cnn", "one-to-many", "network 'cnn' has no recurrent part"),
    ],
)
def test_mapping_must_fit_the_network(tmp_path, network, mapping, words):
    assert words in refused(tmp_path, [GOOD | {"network": network, "mapping": mapping, "tempting": "combination"}])


@pytest.mark.parametrize("network", ["dense", "cnn", "combination"])
def test_null_mapping_is_allowed_without_recurrence(tmp_path, network):
    (s,) = load_bank(write(tmp_path, [GOOD | {"network": network, "mapping": None}]))
    assert s.mapping is None


def test_every_problem_is_listed_with_the_file(tmp_path):
    bad = {k: v for k, v in GOOD.items() if k != "source"} | {"network": "svm", "extra": 1}
    path = write(tmp_path, [bad, "not an object", GOOD | {"id": "other", "scenario": "Another problem."}])
    with pytest.raises(BankError) as err:
        load_bank(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: 4 problems in the quiz bank:")
    assert "item 0 (id 'x-ray'): missing field 'source'" in msg and "unknown field 'extra'" in msg
    assert "item 0 (id 'x-ray'): unknown network 'svm'" in msg and "item 1: must be an object" in msg


@pytest.mark.parametrize(
    "text, words",
    [("[", "not valid JSON"), ("{}", "must be a list of scenarios, got an object"), ("[]", "the bank is empty")],
)
def test_not_a_bank_at_all(tmp_path, text, words):
    path = tmp_path / "bank.json"
    path.write_text(text)
    with pytest.raises(BankError, match=re.escape(words)):
        load_bank(path)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_bank(tmp_path / "nowhere.json")


# ------------------------------------------------------------------------------------------------ order


def test_order_is_a_permutation_of_the_ids():
    for seed in (0, 1, 7, 2**40, -3):
        ids = order(BANK, seed)
        assert sorted(ids) == sorted(s.id for s in BANK)


def test_order_is_the_same_for_a_seed_and_differs_between_seeds():
    assert order(BANK, 5) == order(BANK, 5)
    assert order(BANK, 0) != order(BANK, 1)
    assert len({tuple(order(BANK, seed)) for seed in range(20)}) == 20
    assert order(BANK, 0) != sorted(s.id for s in BANK)


def test_order_does_not_depend_on_the_file_order():
    assert order(tuple(reversed(BANK)), 3) == order(BANK, 3)


def test_order_is_the_same_on_every_machine():
    """Pinned: random.Random(seed).random() is the stream Python promises to keep."""
    tiny = [Scenario(**GOOD | {"id": c, "scenario": c}) for c in "abcdefgh"]
    assert order(tiny, 0) == ["a", "d", "e", "h", "b", "c", "f", "g"]
    assert order(tiny, 1) == ["a", "c", "d", "g", "h", "e", "f", "b"]


@pytest.mark.parametrize("seed", [1.5, "1", None, True])
def test_order_wants_an_int_seed(seed):
    with pytest.raises(TypeError):
        order(BANK, seed)


@pytest.mark.parametrize("module", ["bank", "scenarios", "diagrams"])
def test_quiz_imports_only_the_standard_library_and_the_mappings(module):
    import ast
    import importlib
    import sys

    tree = ast.parse(open(importlib.import_module(f"rnn_core.lessons.{module}").__file__).read())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names -= {"rnn_core.mappings", "rnn_core.lessons.bank"}  # the mapping names, shared with the tasks; the bank
    assert {m.split(".")[0] for m in names} <= set(sys.stdlib_module_names) | {"__future__"}, names
