"""The step-by-step trainer: exact resets, steps equal to the optimiser's rule, a verified gradient view, divergence."""

import math
import pickle

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_core.experiments.stepper as stepper_mod
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.modules import SeqNet
from rnn_core.engine.threads import one_thread
from rnn_core.engine.training import batches, loss_and_hits, make_net
from rnn_core.experiments.gradflow import gradient_flow
from rnn_core.experiments.stepper import TORCH_TO_LECTURE, Stepper
from rnn_core.params import KINDS
from rnn_core.tasks import Example, chars_task, get_task, scalar_task

CHARS, SCALAR = chars_task(), scalar_task()
TASKS = {"chars": CHARS, "scalar": SCALAR}


def same_records(a, b):
    """Records equal field by field, NaN equal to NaN."""
    assert len(a) == len(b)
    for ra, rb in zip(a, b, strict=True):
        for x, y in zip(vars(ra).values(), vars(rb).values(), strict=True):
            assert x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)), (ra, rb)


def lecture_state(net):
    return {TORCH_TO_LECTURE[n]: p.detach().numpy().astype(np.float64) for n, p in net.named_parameters()}


def torch_full_batch_grads(task, net):
    """The stepper's loss: the mean over length groups of each group's mean loss."""
    net.zero_grad()
    train = batches(task, task.train)
    for b in train:
        loss, _, _ = loss_and_hits(task, net, b)
        (loss / len(train)).backward()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("task_id", ["chars", "scalar"])
def test_reset_restores_bitwise(task_id, kind):
    task = TASKS[task_id]
    s = Stepper(task, kind, 3, seed=7, lr=0.05, optimizer="adam", clip=1.0)
    w0, h0 = s.weights(), list(s.history)
    for k, v in lecture_state(make_net(task, kind, 3, 7)).items():
        assert np.array_equal(w0[k], v), f"initial {k} is not make_net's for the seed"
    s.run(5)
    first_run = list(s.history)
    assert s.n_steps == 5 and any(not np.array_equal(w0[k], v) for k, v in s.weights().items())
    s.reset()
    assert s.n_steps == 0 and s.delta() is None and s.grads() is None
    for k, v in s.weights().items():
        assert np.array_equal(w0[k], v), f"{k} differs after reset"
    same_records(s.history, h0)
    s.run(5)  # a fresh optimiser: the same five steps again, bit for bit
    same_records(s.history, first_run)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("task_id", ["chars", "scalar"])
def test_sgd_step_equals_torch_sgd(task_id, kind):
    task, lr = TASKS[task_id], 0.3
    s = Stepper(task, kind, 2, seed=3, lr=lr, optimizer="sgd")
    s.step()
    with one_thread():  # as the stepper steps: float32 sums split over two threads differ in the last bit
        ref = make_net(task, kind, 2, 3)
        opt = torch.optim.SGD(ref.parameters(), lr=lr)
        torch_full_batch_grads(task, ref)
        g_ref = {TORCH_TO_LECTURE[n]: p.grad.numpy().astype(np.float64) for n, p in ref.named_parameters()}
        opt.step()
    after, g = lecture_state(ref), s.grads()
    for k, v in s.weights().items():
        assert np.array_equal(v, after[k]), f"{k}: the stepper's SGD step differs from torch.optim.SGD"
        assert np.array_equal(g[k], g_ref[k]), f"{k}: dW differs"
        np.testing.assert_allclose(s.delta()[k], -lr * g[k], rtol=0, atol=1e-7, err_msg=f"ΔW_{k} != -lr dW")
    rec = s.history[-1]
    assert rec.step == 1 and not rec.clipped
    np.testing.assert_allclose(rec.grad_norm, np.sqrt(sum((v**2).sum() for v in g.values())), rtol=1e-6)
    np.testing.assert_allclose(rec.update_norm, np.sqrt(sum((v**2).sum() for v in s.delta().values())), rtol=1e-6)


def test_clipped_sgd_step_scales_the_gradient():
    """Global-norm clipping: ΔW = -lr * dW * clip / (||dW|| + 1e-6); the history keeps the norm before clipping."""
    lr, clip = 0.5, 0.01
    s = Stepper(CHARS, "gru", 4, seed=0, lr=lr, optimizer="sgd", clip=clip)
    rec = s.step()
    g, seen = s.grads(), s.grads(clipped=True)
    norm = np.sqrt(sum((v**2).sum() for v in g.values()))
    assert rec.clipped and norm > clip
    np.testing.assert_allclose(rec.grad_norm, norm, rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(sum((v**2).sum() for v in seen.values())), clip, rtol=1e-4)
    for k in g:
        np.testing.assert_allclose(seen[k], g[k] * clip / (norm + 1e-6), rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(s.delta()[k], -lr * seen[k], rtol=0, atol=1e-7)


@pytest.mark.parametrize("kind", KINDS)
def test_adam_steps_by_hand(kind):
    """Two Adam steps: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, W -= lr m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps)."""
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    s = Stepper(SCALAR, kind, 2, seed=5, lr=lr, optimizer="adam")
    W = s.weights()
    m = {k: np.zeros_like(v) for k, v in W.items()}
    v2 = {k: np.zeros_like(v) for k, v in W.items()}
    for t in (1, 2):
        s.step()
        g = s.grads()
        for k in W:
            m[k] = b1 * m[k] + (1 - b1) * g[k]
            v2[k] = b2 * v2[k] + (1 - b2) * g[k] ** 2
            W[k] = W[k] - lr * (m[k] / (1 - b1**t)) / (np.sqrt(v2[k] / (1 - b2**t)) + eps)
        for k, w in s.weights().items():
            np.testing.assert_allclose(w, W[k], rtol=0, atol=2e-6, err_msg=f"{kind} {k} after Adam step {t}")


def autograd_flow(stepper, ex):
    """float64 torch on a copy of the stepper's net, one step at a time so every h_t keeps its total dL/dh_t."""
    net = stepper.net
    ref = SeqNet(net.kind, net.input_dim, net.units, net.output_dim, net.encoding, net.vocab_size).double()
    ref.load_state_dict({k: v.double() for k, v in net.state_dict().items()})
    x = ref.encode(torch.tensor(ex.inputs)[None])[0]  # (T, D)
    state, hs = None, []
    for t in range(len(x)):
        _, state = ref.cell(x[t].view(1, 1, -1), state)
        h = state[0] if isinstance(state, tuple) else state
        h.retain_grad()
        hs.append(h)
    H = torch.cat([h.view(1, -1) for h in hs])  # (T, H)
    H.retain_grad()
    y = ref.head(H)  # (T, O)
    if stepper.task.loss == "ce":
        loss = torch.nn.functional.cross_entropy(y, torch.tensor(ex.targets), ignore_index=-1)
    else:
        tgt = torch.tensor(ex.targets, dtype=torch.float64)
        mask = ~torch.isnan(tgt)
        loss = torch.nn.functional.mse_loss(y[:, 0][mask], tgt[mask])
    loss.backward()
    grads = {TORCH_TO_LECTURE[n]: p.grad.numpy() for n, p in ref.named_parameters()}
    dh = np.stack([h.grad.view(-1).numpy() for h in hs])
    return loss.item(), grads, dh, H.grad.numpy(), torch.softmax(y, -1).detach().numpy()


def check_flow(s, ex):
    view = s.bptt_view(ex)
    loss, grads, dh, dh_out, probs = autograd_flow(s, ex)
    np.testing.assert_allclose(view.loss, loss, rtol=0, atol=1e-10)
    np.testing.assert_allclose(view.step_loss.sum(), loss, rtol=0, atol=1e-10)
    np.testing.assert_allclose(view.dh, dh, rtol=0, atol=1e-10, err_msg="total dL/dh_t differs from autograd")
    np.testing.assert_allclose(view.dh_out, dh_out, rtol=0, atol=1e-10)
    np.testing.assert_allclose(view.dh_norm, np.linalg.norm(dh, axis=1), rtol=1e-9, atol=1e-12)
    assert set(view.grads) == set(grads)
    for k, g in grads.items():
        np.testing.assert_allclose(view.grads[k], g, rtol=0, atol=1e-10, err_msg=f"d{k} differs from autograd")
    if s.task.loss == "ce":
        t = np.asarray(ex.targets)
        rows = np.flatnonzero(t >= 0)
        np.testing.assert_allclose(view.p_correct[rows], probs[rows, t[rows]], atol=1e-10)
        assert np.all(-view.dy[rows, t[rows]] > 0), "the wanted score must be pushed up"
    return view


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("task_id", ["chars", "scalar"])
def test_bptt_view_equals_autograd(task_id, kind):
    s = Stepper(TASKS[task_id], kind, 3, seed=2, lr=0.05)
    s.run(3)
    check_flow(s, s.task.default)


@settings(deadline=None, max_examples=12)
@given(
    kind=st.sampled_from(KINDS),
    units=st.integers(1, 6),
    seed=st.integers(0, 2**16),
    steps=st.integers(0, 4),
    text=st.text(alphabet="helo?", min_size=1, max_size=12),
)
def test_bptt_view_equals_autograd_on_any_text(kind, units, seed, steps, text):
    """Typed text, unknown characters (all-zero inputs) included, after a few steps of training."""
    s = Stepper(CHARS, kind, units, seed=seed, lr=0.1)
    s.run(steps)
    ex = CHARS.parse(text).example
    if (ex.targets >= 0).any():
        check_flow(s, ex)


def test_chars_step_gradient_is_the_verified_one():
    """On chars the training set is the hello example, so the step's dW (float32 torch) is the view's dW."""
    s = Stepper(CHARS, "lstm", 3, seed=0, lr=0.05)
    s.run(4)
    view = s.bptt_view()
    s.step()
    for k, g in s.grads().items():
        np.testing.assert_allclose(g, view.grads[k], rtol=1e-4, atol=1e-6, err_msg=k)
    assert view.dh_norm.shape == (4,) and view.logits.shape == (4, 4) and view.p_correct.shape == (4,)


def test_embedding_gradient_flow():
    torch.manual_seed(0)
    net = SeqNet("gru", 3, 4, 5, encoding="embed", vocab_size=6).double()
    ex = Example(np.array([0, 5, 2, 2, 1]), np.array([4, 2, -1, 1, 3]), tuple("abccb"), tuple("ec?bd"))
    flow = gradient_flow(to_numpy(net), "ce", ex)
    logits, _ = net(torch.tensor(ex.inputs)[None])
    torch.nn.functional.cross_entropy(logits[0], torch.tensor(ex.targets), ignore_index=-1).backward()
    np.testing.assert_allclose(flow.grads["E"], net.embed.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(flow.grads["W_hh"], net.cell.weight_hh_l0.grad.numpy(), atol=1e-12)


def test_run_stops_at_a_target():
    s = Stepper(CHARS, "gru", 3, seed=0, lr=0.05)
    r = s.run(500, stop_acc=1.0)
    assert r.reason == "acc" and r.steps == s.n_steps < 500 and s.history[-1].heldout_acc == 1.0
    r = s.run(500, stop_loss=0.2)
    assert r.reason == "loss" and s.history[-1].train_loss <= 0.2
    assert s.run(10, stop_loss=0.2).steps == 0, "already there: no step"
    assert s.run(3).reason == "steps" and [h.step for h in s.history] == list(range(s.n_steps + 1))


def test_divergence_is_a_state_not_an_exception():
    s = Stepper(CHARS, "rnn", 3, seed=0, lr=1e6, optimizer="sgd")
    w0 = s.weights()
    r = s.run(20)
    assert r.reason == "diverged" and s.diverged and s.diverged_at == 1
    assert "learning rate 1e+06 is too large" in s.message and "Reset" in s.message
    assert s.step() is None and s.run(5).steps == 0, "a diverged stepper refuses further steps"
    for k, v in s.weights().items():
        assert np.array_equal(v, w0[k]), "the weights shown are the last good ones"
    assert len(s.history) == 1
    s.reset()
    assert not s.diverged and s.message == "" and s.diverged_at is None
    assert all(np.array_equal(v, w0[k]) for k, v in s.weights().items())
    assert s.step() is None and s.diverged_at == 1, "the same seed and rate diverge the same way again"
    s.reset()
    assert s.run(1, stop_loss=10.0).reason == "loss", "a reset stepper runs again"


def test_nan_loss_message(monkeypatch):
    """With the blow-up guard off, a huge SGD step on the regression task overflows to inf/NaN."""
    monkeypatch.setattr(stepper_mod, "BLOWUP", math.inf)
    s = Stepper(SCALAR, "rnn", 1, seed=0, lr=1e6, optimizer="sgd")
    r = s.run(50)
    assert r.reason == "diverged" and s.diverged_at == r.steps + 1
    assert "became" in s.message and f"at step {s.diverged_at}" in s.message
    assert all(np.isfinite(v).all() for v in s.weights().values())


def test_pickle_round_trip_continues_identically():
    s = Stepper(SCALAR, "lstm", 2, seed=1, lr=0.02, clip=0.5)
    s.run(3)
    s2 = pickle.loads(pickle.dumps(s))
    s.run(2)
    s2.run(2)
    same_records(s.history, s2.history)
    for k, v in s.weights().items():
        assert np.array_equal(v, s2.weights()[k])


def test_bad_settings_raise_clear_errors():
    with pytest.raises(ValueError, match="kind"):
        Stepper(CHARS, "transformer", 3)
    with pytest.raises(ValueError, match="optimizer"):
        Stepper(CHARS, "rnn", 3, optimizer="rmsprop")
    with pytest.raises(ValueError, match="learning rate"):
        Stepper(CHARS, "rnn", 3, lr=float("nan"))
    with pytest.raises(ValueError, match="clip"):
        Stepper(CHARS, "rnn", 3, clip=0)


@pytest.mark.parametrize("opt", ["sgd", "adam"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_checkpoint_restored_is_the_stepper_that_took_the_steps(kind, opt):
    """A fresh stepper given another's checkpoint has its weights, history, last ΔW and dW to the bit, and the steps
    after it are the same too (the optimiser's state came with it); the checkpoint itself stays as it was."""
    took = Stepper(CHARS, kind, 3, seed=4, lr=0.1, optimizer=opt, clip=1.0)
    took.replay([(3, 0.1, 1.0), (2, 0.3, None)])
    cp = took.checkpoint()
    assert not any(a.flags.writeable for g in (cp.grads, cp.clipped_grads) for a in g.values())  # shareable
    kept = {k: v.clone() for k, v in cp.weights.items()}
    other = Stepper(CHARS, kind, 3, seed=4, lr=0.1, optimizer=opt, clip=1.0)
    other.restore(cp)
    assert (other.n_steps, other.lr, other.clip) == (5, 0.3, None)
    same_records(other.history, took.history)
    for got, want in [(other.weights(), took.weights()), (other.delta(), took.delta()), (other.grads(), took.grads())]:
        assert got.keys() == want.keys()
        for name in want:
            np.testing.assert_array_equal(got[name], want[name])
    other.run(3)
    took.run(3)
    same_records(other.history, took.history)
    for name, w in took.weights().items():
        np.testing.assert_array_equal(other.weights()[name], w)
    for name, w in kept.items():
        assert torch.equal(cp.weights[name], w)


def test_step_work_grows_with_the_task_the_cell_and_the_units():
    work, w = stepper_mod.step_work, get_task("words")
    assert work(CHARS, "rnn", 3) < work(w, "rnn", 8) < work(w, "rnn", 32) < work(w, "gru", 32) < work(w, "lstm", 32)
