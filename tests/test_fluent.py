"""The fixed-window vs RNN demo: its data carry the cue only far back, and its models behave as the lecture says."""

import threading

import numpy as np
import pytest
import torch

from rnn_core.engine.sentences import RNN_KINDS, Settings, fit, predict_torch, to_tensors
from rnn_core.experiments.verdict import verdict
from rnn_core.experiments.window_vs_rnn import train_demo
from rnn_core.tasks.fluent_data import (
    CLOSE_FRACTION,
    CLOSE_MAX_FILLER,
    CLOSE_OPENINGS,
    COUNTRIES,
    FILLER,
    LANGUAGES,
    LEAD_INS,
    LECTURE_SENTENCE,
    MAX_DISTANCE,
    MAX_FILLER,
    MIN_CLOSE_DISTANCE,
    MIN_DISTANCE,
    MIN_TAIL,
    OPENINGS,
    PROMPT,
    VOCAB,
    clues,
    detokenize,
    expected_language,
    make_data,
    strip_blank,
    tokenize,
)
from rnn_core.tasks.words import MAX_TOKENS
from rnn_core.window import NumpyWindow, window_ids

CUES = {w.lower() for c, (lang, cities) in COUNTRIES.items() for w in (c, lang, *cities)}
HOSTILE = [
    "",
    "   ",
    "\n\t",
    "🙂🙂",
    "I speak fluent",
    "<unk> <pad>",
    "?!.,;:",
    "... ,,, !!!",
    "Ça va? 東京, 日本",
    "\x00\u200b\ud800",
    "fluent " * 10_000,
    "x" * 100_000,
    "___",
    "I speak fluent ______.",
    "Toulouse",
]


@pytest.fixture(scope="module")
def built():
    threads, rng_state = torch.get_num_threads(), torch.random.get_rng_state()
    calls = []
    demo = train_demo(0, progress=lambda f, msg: calls.append((f, msg)))
    after = torch.get_num_threads(), torch.random.get_rng_state()
    return demo, calls, (threads, rng_state), after


@pytest.fixture(scope="module")
def demo(built):
    return built[0]


# data ----------------------------------------------------------------------------------------------------------------


def test_same_seed_same_data_and_other_seed_other_data():
    a, b, c = make_data(3, 200, 100), make_data(3, 200, 100), make_data(4, 200, 100)
    assert [ex.tokens for ex in a.train + a.heldout] == [ex.tokens for ex in b.train + b.heldout]
    assert [ex.label for ex in a.train] == [ex.label for ex in b.train]
    assert [ex.tokens for ex in a.train] != [ex.tokens for ex in c.train]


def test_train_and_heldout_are_disjoint_and_lecture_sentence_is_in_neither():
    data = make_data(0)
    sets = [{ex.tokens for ex in part} for part in (data.train, data.heldout, data.by_distance)]
    assert [len(s) for s in sets] == [len(data.train), len(data.heldout), len(data.by_distance)]
    assert not sets[0] & sets[1] and not sets[0] & sets[2] and not sets[1] & sets[2]
    assert tuple(tokenize(LECTURE_SENTENCE)) not in set.union(*sets)


def test_labels_balanced_and_filler_covers_its_range():
    data = make_data(0)
    counts = np.bincount([ex.label for ex in data.train], minlength=len(LANGUAGES))
    assert counts.min() == counts.max()
    assert {ex.filler for ex in data.heldout} == set(range(MAX_FILLER + 1))
    assert MAX_FILLER >= 12


def test_country_is_the_only_cue_and_never_in_the_last_eight_words_of_a_far_sentence():
    assert MIN_DISTANCE >= 8 and MIN_CLOSE_DISTANCE == 1 + len(PROMPT)
    for text in (
        FILLER + LEAD_INS + tuple(o.replace("{city}", "").replace("{country}", "") for o in OPENINGS + CLOSE_OPENINGS)
    ):
        assert not {w.lower() for w in tokenize(text)} & CUES, text
    for o in OPENINGS:
        assert len(tokenize(o.split("{country}")[1])) >= MIN_TAIL, o
    data = make_data(0)
    for ex in data.train + data.heldout:
        assert ex.tokens[-3:] == PROMPT
        assert ex.tokens[ex.country_index] == ex.country and COUNTRIES[ex.country][0] == ex.language
    for ex in data.heldout + tuple(ex for ex in data.train if ex.distance >= MIN_DISTANCE):
        assert not {w.lower() for w in ex.tokens[-8:]} & CUES
        assert ex.distance - ex.filler - len(PROMPT) >= MIN_TAIL
    close = [ex for ex in data.train if ex.distance < MIN_DISTANCE]
    assert len(close) == round(CLOSE_FRACTION * len(data.train))
    assert {ex.distance for ex in close} == set(range(MIN_CLOSE_DISTANCE, MIN_DISTANCE))
    assert all(ex.filler <= CLOSE_MAX_FILLER for ex in close)
    assert all(ex.distance >= MIN_DISTANCE for ex in data.heldout)  # held-out: the lecture's situation only


def test_distance_is_words_between_country_and_blank():
    ex = next(e for e in make_data(0).train if e.filler == 0 and "doctoral" in e.tokens)
    assert ex.distance == 12  # is where I did my post doctoral studies . I speak fluent


def test_tokens_keep_case_lookup_does_not():
    assert tokenize("Toulouse, France.") == ["Toulouse", ",", "France", "."]
    assert VOCAB.encode(["France"])[0] == VOCAB.encode(["FRANCE"])[0] == VOCAB.encode(["france"])[0] != VOCAB.unk_id
    assert list(VOCAB.encode(["Zanzibar", "🙂", "<unk>"])) == [VOCAB.unk_id, VOCAB.unk_id, VOCAB.unk_id]
    assert VOCAB.words[:2] == ("<pad>", "<unk>")
    assert strip_blank("I speak fluent ______.") == ("I speak fluent", True)
    assert detokenize(["i", "grew", "up", ".", "so", "it", "goes", "."]) == "I grew up. So it goes."


# models --------------------------------------------------------------------------------------------------------------


def test_window_models_are_near_chance(demo):
    assert demo.chance == pytest.approx(1 / 8)
    assert abs(demo.accuracy["window-3"] - demo.chance) <= 0.10
    for k in demo.window_sizes:
        assert abs(demo.accuracy[f"window-{k}"] - demo.chance) <= 0.10, k


def test_best_gated_rnn_remembers_the_country(demo):
    assert demo.accuracy[demo.best_gated] >= 0.95


def test_lecture_sentence_gets_french(demo):
    p = demo.predict(LECTURE_SENTENCE)[demo.best_gated]
    assert p["French"] > 0.5 and max(p, key=p.get) == "French"
    assert demo.predict(LECTURE_SENTENCE + " ______.") == demo.predict(LECTURE_SENTENCE)


def test_window_parameters_grow_with_k(demo):
    sizes = [demo.n_params[f"window-{k}"] for k in demo.window_sizes]
    assert demo.window_sizes == tuple(range(1, 9)) and sizes == sorted(set(sizes))


def test_accuracy_against_distance(demo):
    for m in demo.models:
        c = demo.by_distance[m]
        assert c.distances.shape == c.accuracy.shape == c.counts.shape
        assert c.counts.sum() == len(demo.data.by_distance) and c.counts.min() >= 30
        assert c.distances.tolist() == list(range(MIN_CLOSE_DISTANCE, MAX_DISTANCE + 1))
        assert MAX_DISTANCE >= MIN_DISTANCE + 12
        assert np.all((0 <= c.accuracy) & (c.accuracy <= 1))
    assert demo.by_distance[demo.best_gated].accuracy.min() >= 0.9
    assert demo.by_distance["window-3"].accuracy.max() <= 0.4
    for k in demo.window_sizes:  # a window reads the country only when it is among its last k words
        c = demo.by_distance[f"window-{k}"]
        assert np.all(c.accuracy[c.distances < k] >= 0.9), k
        assert np.all(c.accuracy[c.distances >= k] <= 0.4), k


def test_vanilla_rnn_does_better_on_short_gaps(demo):
    c = demo.by_distance["rnn"]
    near = c.accuracy[c.distances < MIN_DISTANCE].mean()
    far = c.accuracy[c.distances >= MAX_DISTANCE - 4].mean()
    assert near >= demo.chance + 0.3 and near >= far + 0.05
    assert demo.accuracy["rnn"] < demo.accuracy[demo.best_gated] - 0.2


def test_training_reports_progress_and_restores_torch_state(built):
    _, calls, before, after = built
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 <= fractions[0]
    assert all(isinstance(m, str) for _, m in calls)
    assert before[0] == after[0] and torch.equal(before[1], after[1])


def test_same_seed_same_weights():
    data = to_tensors(make_data(1, 96, 8).train)
    s = Settings(epochs=1, window_epochs=1)
    for name in ("gru", "window-3"):
        a, b = fit(name, data, s, seed=5).state_dict(), fit(name, data, s, seed=5).state_dict()
        assert all(torch.equal(a[k], b[k]) for k in a)


# the numbers on screen -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", HOSTILE)
def test_predict_never_raises(demo, sentence):
    a = demo.analyse(sentence)
    assert demo.predict(sentence) == a.predictions
    assert len(a.tokens) == len(a.ids) == len(a.unknown) <= MAX_TOKENS
    if not a.tokens:
        assert a.predictions == {} and a.message
    else:
        assert set(a.predictions) == set(demo.models)
        for p in a.predictions.values():
            assert set(p) == set(LANGUAGES) and abs(sum(p.values()) - 1) < 1e-9
            assert all(np.isfinite(v) for v in p.values())
    assert isinstance(a.message, str)


def test_analysis_explains_itself(demo):
    a = demo.analyse("Toulouse, Frankreich 🙂. I speak fluent")
    assert a.unknown_words == ("Frankreich", "🙂") and "Frankreich" in a.message
    assert demo.analyse("fluent " * 10_000).truncated
    assert not demo.analyse(LECTURE_SENTENCE).message


def test_numpy_replay_equals_torch(demo):
    held = demo.data.heldout[:40]
    sentences = [*held, *(e for e in demo.data.heldout if e.T <= 12)][:48]
    for m in demo.models:
        torch_p = predict_torch(m, demo.torch_net(m), sentences)  # right-padded batches of mixed lengths
        numpy_p = np.stack([demo.probs(m, ex.ids) for ex in sentences])
        np.testing.assert_allclose(numpy_p, torch_p, atol=1e-5)
    for m in RNN_KINDS:
        r = demo.numpy_net(m).replay(held[0].ids)
        np.testing.assert_allclose(r.probs[-1], predict_torch(m, demo.torch_net(m), held[:1])[0], atol=1e-5)


def test_window_pads_short_sentences(demo):
    assert list(window_ids([7, 8], 4, VOCAB.pad_id)) == [VOCAB.pad_id, VOCAB.pad_id, 7, 8]
    net = demo.torch_net("window-8")
    ids = demo.analyse("I speak fluent").ids
    with torch.no_grad():
        p = torch.softmax(net.last(torch.tensor(window_ids(ids, 8, VOCAB.pad_id))[None]), -1)[0].numpy()
    np.testing.assert_allclose(demo.probs("window-8", ids), p, atol=1e-5)


def torch_saliency(demo, name, ids, c):
    """Reference: ||d p_c / d x_t|| by torch autograd in float64, max-scaled."""
    net = demo.torch_net(name).double()
    if name in RNN_KINDS:
        x = net.embed(torch.tensor(ids)[None]).detach().requires_grad_()  # (1, T, D)
        hs, _ = net.cell(x)
        y = net.head(hs[0, -1])
    else:
        w = torch.tensor(window_ids(ids, net.k, VOCAB.pad_id))
        x = net.embed(w).detach().requires_grad_()  # (k, D)
        y = net.head(torch.tanh(net.hidden(x.reshape(-1))))
    torch.softmax(y, -1)[c].backward()
    g = x.grad.reshape(-1, x.shape[-1]).norm(dim=1).numpy()
    if name not in RNN_KINDS:  # window position j is word T - k + j
        g = np.array([g[t - len(ids) + net.k] if t >= len(ids) - net.k else 0.0 for t in range(len(ids))])
    return g / g.max()


@pytest.mark.parametrize("sentence", [LECTURE_SENTENCE, "I speak fluent", "Kyoto, Japan. Time flies. I speak fluent"])
def test_numpy_saliency_equals_torch_autograd(demo, sentence):
    ids = demo.analyse(sentence).ids
    for m in demo.models:
        for lang in ("French", "Japanese"):
            c = LANGUAGES.index(lang)
            np.testing.assert_allclose(demo.saliency(sentence, m, lang), torch_saliency(demo, m, ids, c), atol=1e-6)


def test_saliency_sees_france_only_through_the_rnn(demo):
    tokens = demo.analyse(LECTURE_SENTENCE).tokens
    france = tokens.index("France")
    for m in demo.models:
        s = demo.saliency(LECTURE_SENTENCE, m)
        assert s.shape == (len(tokens),) and s.max() == pytest.approx(1.0) and np.all(s >= 0)
    for k in demo.window_sizes:
        s = demo.saliency(LECTURE_SENTENCE, f"window-{k}", "French")
        assert np.all(s[: len(tokens) - k] == 0)
    gated = demo.saliency(LECTURE_SENTENCE, demo.best_gated, "French")
    assert gated[france] > demo.saliency(LECTURE_SENTENCE, "window-3", "French")[france] == 0
    assert gated[france] > 0.3
    assert demo.saliency("", "gru").shape == (0,)
    with pytest.raises(ValueError):
        demo.saliency(LECTURE_SENTENCE, "cnn")
    with pytest.raises(ValueError):
        demo.saliency(LECTURE_SENTENCE, "gru", "Klingon")


def test_clues_point_to_a_language():
    tokens = tokenize(LECTURE_SENTENCE)
    assert clues(tokens) == (0, 2) and expected_language(tokens) == "French"
    assert expected_language(tokenize("Lisbon, PORTUGAL. I speak fluent")) == "Portuguese"
    assert expected_language(tokenize("Paris or Berlin? I speak fluent")) is None  # two clues that disagree
    assert clues(tokenize("I speak fluent")) == () and expected_language([]) is None


def test_analysis_knows_the_clue_and_its_distance(demo):
    a = demo.analyse(LECTURE_SENTENCE)
    assert a.clues == (0, 2) and a.expected == "French" and a.distance == 12
    b = demo.analyse("I speak fluent")
    assert b.clues == () and b.expected is None and b.distance is None


def test_verdict_in_plain_words():
    chance = 1 / 8
    flat = dict.fromkeys(LANGUAGES, chance)
    v = verdict(flat, "French", chance)
    assert v.kind == "shrug" and v.tag == "shrugs" and "guessing" in v.text
    sure = {**dict.fromkeys(LANGUAGES, 0.01), "French": 0.93}
    assert verdict(sure, "French", chance).kind == "right" and "French" in verdict(sure, "French", chance).text
    wrong = verdict(sure, "German", chance)
    assert wrong.kind == "wrong" and wrong.tag == "French" and "German" in wrong.text
    assert verdict(sure, None, chance).kind == "answer"
    assert "unsure" in verdict({**dict.fromkeys(LANGUAGES, 0.05), "Spanish": 0.4}, "Spanish", chance).text


def test_distance_curve_between_and_parameter_growth(demo):
    c = demo.by_distance["gru"]
    assert c.between(MIN_CLOSE_DISTANCE, MAX_DISTANCE) == pytest.approx(float(np.average(c.accuracy, weights=c.counts)))
    assert np.isnan(c.between(100, 200))
    steps = np.diff([demo.n_params[f"window-{k}"] for k in demo.window_sizes])
    assert np.all(steps == demo.params_per_window_word)


# sharing -------------------------------------------------------------------------------------------------------------


def test_demo_is_read_only_and_thread_safe(demo):
    assert not demo.numpy_net("gru").params.W_hh.flags.writeable
    assert not demo.numpy_net("window-3").W_1.flags.writeable
    with pytest.raises(TypeError):
        demo.accuracy["gru"] = 0.0
    copy = demo.torch_net("gru")
    with torch.no_grad():
        copy.head.bias += 1
    assert not torch.equal(copy.head.bias, demo.torch_net("gru").head.bias)
    assert isinstance(demo.numpy_net("window-2"), NumpyWindow)
    sentences = [ex.text + "" for ex in demo.data.heldout[:12]] + [LECTURE_SENTENCE]
    expected = [demo.predict(s) for s in sentences]
    results, errors = {}, []

    def work(i):
        try:
            results[i] = [demo.predict(s) for s in sentences], demo.saliency(sentences[i], "lstm")
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(results[i][0] == expected for i in range(6))
