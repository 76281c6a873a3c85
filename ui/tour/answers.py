"""The tour's answers that say what a model does, written from the stored models' numbers (never typed), so a stop
cannot claim what its own view contradicts. ``ANSWERS[stop id](**stop settings)`` gives the answer shown once it is
revealed; the other stops' answers are about the lecture's ideas, not a model's behaviour, and stay data
(``ui.tour.stops``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rnn_core.experiments.verdict import verdict
from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.sampling import sample
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from rnn_core.window import window_kind
from ui.explorer.trained import task_of, trained_model
from ui.fluent.views import demo_for
from ui.tour.views import read_example
from ui.training.backward import initial_flow
from ui.training.vanishing import trend
from viz import labels

SEED = 0  # the stored models' seed, as every tour view's


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def fluent(k: int) -> str:
    """What the window of ``k`` words and the three cells answer after the lecture's sentence."""
    demo = demo_for(SEED)
    a = demo.analyse(LECTURE_SENTENCE)
    seen = " ".join(a.tokens[-k:])
    w = verdict(a.predictions[window_kind(k)], a.expected, demo.chance)
    out = [
        f"The window shrugs: “{seen}” fits every language alike, so no language gets more than {w.p:.0%} "
        f"(chance: 1 in {round(1 / demo.chance)})."
        if w.kind == "shrug"
        else f"The window says {w.language} ({w.p:.0%}) from “{seen}” alone."
    ]
    cells = {m: verdict(a.predictions[m], a.expected, demo.chance) for m in RNN_KINDS}
    right = [f"the {labels.ARCH[m]}" for m, v in cells.items() if v.kind == "right"]
    if right:
        who = _and(right)
        out.append(
            f"{who[0].upper()}{who[1:]} carried the clue across the {a.distance} words to the blank in the hidden "
            f"state and say{'s' if len(right) == 1 else ''} {a.expected}."
        )
    out += [f"The {labels.ARCH[m]} {v.text}" for m, v in cells.items() if v.kind != "right"]
    out.append("We need information from the past to predict the next word.")
    return " ".join(out)


def memory(arch: str, k: int, reveal: bool = False) -> str:
    """Held-out accuracy against the distance from the country to the blank: the gated cells, the vanilla RNN and
    the window of ``k`` words, as the curve under the stop shows it."""
    demo = demo_for(SEED)
    by = demo.by_distance
    d = by["rnn"].distances
    near, far = int(d.min()), int(d.max())
    gated = [m for m in ("lstm", "gru") if by[m].accuracy.min() >= 0.9]
    out = [f"On {len(demo.data.by_distance):,} sentences none of them saw in training"]
    if gated:
        worst = min(by[m].accuracy.min() for m in gated)
        names = _and([f"the {labels.ARCH[m]}" for m in gated])
        how = "every time" if worst == 1.0 else f"{worst:.0%} of the time or more"
        out.append(f", {names} keep the country at every distance we tested (up to {far} words, {how})")
    rnn = by["rnn"].accuracy
    out.append(
        f"; the vanilla RNN gets {rnn[0]:.0%} when the country is {near} words back and {rnn[-1]:.0%} at {far}"
        f" ({'worse as the distance grows' if rnn[-1] < rnn[0] else 'no worse far back'})"
    )
    window = by[window_kind(k)].accuracy
    out.append(
        f"; the window of {k} words never holds the country in these sentences ({near} or more words back), so it "
        f"stays near chance ({window.mean():.0%}; chance {demo.chance:.1%})."
        if near >= k
        else f"; the window of {k} words knows it only when the country falls inside it."
    )
    return "".join(out)


def video(seq: str = "video", arch: str = "rnn", **_) -> str:
    """What the stop's model says after each frame of its clip, and when it settles on the answer."""
    task = task_of(seq)
    net = trained_model(task, arch, task.default_units, SEED).net
    ex = read_example(task, net)
    probs = net.replay(ex.inputs).probs  # (T, classes)
    said = [(task.classes[int(p.argmax())], float(p.max())) for p in probs]
    truth = ex.y_labels[-1]
    T = len(said)
    settled = next(t for t in range(T, 0, -1) if t == 1 or said[t - 2][0] != truth) if said[-1][0] == truth else None
    wrong_sure = [(t, c, p) for t, (c, p) in enumerate(said[:-1], start=1) if c != truth and p >= 0.5]
    out = ["Only the output after the last frame is the answer (many-to-one), and only it was scored in training."]
    if wrong_sure:
        listed = "; ".join(f"after frame {t}, {c} ({p:.0%})" for t, c, p in wrong_sure)
        out.append(
            f"The earlier outputs, what it would say if the clip stopped there, can be confidently wrong, and here "
            f"they are: {listed}."
        )
    else:
        out.append("The earlier outputs, what it would say if the clip stopped there, are never sure and wrong here.")
    if settled is not None:
        out.append(
            f"From frame {settled} on it says {truth}, {said[-1][1]:.0%} sure at the end."
            if settled < T
            else f"Only after the last frame does it say {truth} ({said[-1][1]:.0%})."
        )
    else:
        out.append(f"Even after the last frame it says {said[-1][0]}, not {truth}.")
    out.append("Labelling every frame would be many-to-many.")
    return " ".join(out)


def training(seq: str, arch: str) -> str:
    """How much of the last step's gradient reaches the first step at the initial weights, and whether it shrinks
    at every step back."""
    task = task_of(seq)
    norm = initial_flow(task.id, arch, task.default_units, SEED).dh_norm
    T, ratio = len(norm), float(norm[0] / norm[-1])
    every = bool(np.all(np.diff(norm) > 0))
    how = trend(ratio)
    lead = "Very little" if ratio < 1e-2 else "A good part of it" if ratio < 10 else "More than started"
    return (
        f"{lead}: ‖dL/dh_1‖ / ‖dL/dh_{T}‖ = {ratio:.1e}. Each step back multiplies it by W_hh^T diag(1 - h^2), and "
        f"here that {'shrinks it at every step' if every else 'changes it step by step'}: the gradient {how}."
        + (
            " The first frames barely learn, which is why vanilla RNNs forget long gaps and why the gated LSTM and "
            "GRU help."
            if ratio < 1e-2
            else ""
        )
    )


def sampling(seq: str, start: str, n: int, temperature: float, sample_seed: int) -> str:
    """What the model writes when it samples ``n`` letters after ``start``, each fed back as the next input."""
    task = task_of(seq)
    net = trained_model(task, "rnn", task.default_units, SEED).net
    text = "".join(task.vocab[i] for i in sample(net, task.vocab.index(start), n, temperature, sample_seed))
    if text.startswith("hello"):
        what = (
            f"It writes “hello”, then keeps going (“{text}”): it only ever saw “hello”, so after “o” it has learnt no "
        )
        what += "next letter"
    else:
        what = f"It writes “{text}”: not “hello”, though “hello” is all it ever saw"
    return what + (
        f", and each letter is a draw from p_t (at temperature {temperature:g}), not a certainty. The lecture: sample "
        "one at a time and feed back into the model."
    )


ANSWERS: dict[str, Callable[..., str]] = {
    "fluent": fluent,
    "sampling": sampling,
    "video": video,
    "memory": memory,
    "training": training,
}
