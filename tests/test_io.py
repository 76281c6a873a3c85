"""rnn_core.io: the model file round-trips bit for bit; a PyTorch state_dict (safetensors or torch.save) replays in
the glass box exactly as torch runs it; a pickle that would run code is refused before anything runs; every bad
file is a ValueError that says what was expected, whatever the bytes."""

import io
import json
import os
import pathlib
import pickle
import re
import struct
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.numpy import save as np_save
from safetensors.torch import save as torch_save
from torch import nn

from rnn_core import io as mio
from rnn_core.engine import zoo
from rnn_core.engine.bridge import from_torch
from rnn_core.io import budget
from rnn_core.net import NumpyNet
from rnn_core.params import KINDS, from_torch_layout, init_params
from rnn_core.readout import Readout
from rnn_core.tasks import TASK_IDS, get_task
from rnn_core.unroll import unroll

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
TORCH_ORDER = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---- helpers -------------------------------------------------------------------------------------------------


def fresh_net(kind, D, H, O, encoding="dense", V=None, seed=0) -> NumpyNet:
    """A NumpyNet with random float64 weights from its own generator."""
    rng = np.random.default_rng(seed)
    E = rng.normal(size=(V, D)) if encoding == "embed" else None
    readout = Readout(rng.normal(size=(O, H)), rng.normal(size=O))
    return NumpyNet(encoding, init_params(kind, D, H, rng), readout, E)


def unfilled(cls, *args, **kwargs) -> nn.Module:
    """A torch module built on the meta device and moved to CPU uninitialised: no draw from torch's global RNG."""
    with torch.device("meta"):
        m = cls(*args, **kwargs)
    return m.to_empty(device="cpu")


class TorchModel(nn.Module):
    """[nn.Embedding] -> one nn.RNN/LSTM/GRU (batch_first) -> [nn.Linear], the layer under the attribute ``name``."""

    def __init__(self, kind, D, H, O=None, V=None, name="rnn", bias=True):
        super().__init__()
        self.name = name
        self.emb = unfilled(nn.Embedding, V, D) if V else None
        setattr(self, name, unfilled(CELLS[kind], D, H, batch_first=True, bias=bias))
        self.fc = unfilled(nn.Linear, H, O) if O else None

    def forward(self, x):
        x = self.emb(x) if self.emb is not None else x
        hs, _ = getattr(self, self.name)(x)
        return hs, (self.fc(hs) if self.fc is not None else None)


def torch_model(kind, D, H, O=None, V=None, name="rnn", bias=True, seed=0) -> TorchModel:
    """Built without touching torch's global RNG (skip_init), its weights drawn from a private generator."""
    m = TorchModel(kind, D, H, O, V, name, bias)
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.empty(p.shape).uniform_(-0.8, 0.8, generator=g))
    return m


def as_safetensors(sd: dict) -> bytes:
    return torch_save({k: v.contiguous() for k, v in sd.items()})


def as_torch_save(obj, **kw) -> bytes:
    f = io.BytesIO()
    torch.save(obj, f, **kw)
    return f.getvalue()


SAVERS = {"safetensors": as_safetensors, "torch.save": as_torch_save}


def assert_bit_exact(a: NumpyNet, b: NumpyNet):
    arrays_a, arrays_b = mio.net_arrays(a), mio.net_arrays(b)
    assert arrays_a.keys() == arrays_b.keys()
    for k in arrays_a:
        assert arrays_b[k].dtype == np.float64, f"{k} came back as {arrays_b[k].dtype}"
        assert arrays_a[k].shape == arrays_b[k].shape, k
        assert arrays_a[k].tobytes() == arrays_b[k].tobytes(), f"{k} is not bit-exact"
    assert (a.encoding, a.params.kind) == (b.encoding, b.params.kind)


def refused(data, *phrases):
    """load_model refuses ``data`` with a ValueError whose message holds every phrase; returns the message."""
    with pytest.raises(ValueError) as e:
        mio.load_model(data)
    msg = str(e.value)
    for p in phrases:
        assert p in msg, f"{p!r} not in: {msg}"
    return msg


def zip_like_torch(members: dict[str, bytes], root="archive") -> bytes:
    """A zip laid out like torch.save's (stored, under one root folder)."""
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
        for name, b in members.items():
            z.writestr(f"{root}/{name}", b)
    return f.getvalue()


def torch_save_members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n.split("/", 1)[1]: z.read(n) for n in z.namelist()}


# ---- the module itself -----------------------------------------------------------------------------------------


def test_imports_neither_torch_nor_streamlit():
    code = "import sys, rnn_core.io; print(sorted(m for m in ('torch', 'streamlit') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=os.getcwd())
    assert out.stdout.strip() == "[]", f"rnn_core.io imported {out.stdout.strip()}"


@pytest.mark.parametrize("kind", KINDS)
def test_from_torch_layout_is_what_the_bridge_uses(kind):
    m = torch_model(kind, 3, 4, seed=1).rnn
    p, q = from_torch(m), from_torch_layout(kind, *(m.get_parameter(n).detach().numpy() for n in TORCH_ORDER))
    for k, v in p.arrays().items():
        np.testing.assert_array_equal(v, q.arrays()[k], err_msg=k)


# ---- the app's own files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("encoding", ["onehot", "embed", "dense"])
def test_round_trip_every_kind_and_encoding(kind, encoding):
    V = 6 if encoding != "dense" else None
    D = 6 if encoding == "onehot" else 3
    net = fresh_net(kind, D, 5, 4, encoding, V=V, seed=7)
    vocab = tuple("abcdef") if V else None
    meta = mio.ModelMeta(task="chars", vocab=vocab, classes=("w", "x", "y", "z"), seed=7, steps=12)
    back = mio.load_model(mio.save_model(net, meta))
    assert_bit_exact(net, back.net)
    assert back.params is back.net.params and back.E is back.net.E and back.source == "unrolled"
    expected = mio.ModelMeta(
        kind, 5, D, 4, encoding, "chars", vocab, ("w", "x", "y", "z"), 7, 12, None, mio.APP_VERSION, 1
    )
    assert back.meta == expected


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    D=st.integers(1, 6),
    H=st.integers(1, 9),
    O=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1e-300, 1e-3, 1.0, 1e300]),
    vocab=st.lists(st.text(max_size=8), min_size=1, max_size=6),
    acc=st.floats(0, 1),
)
def test_round_trip_is_bit_exact_for_any_weights_and_metadata(kind, D, H, O, seed, scale, vocab, acc):
    rng = np.random.default_rng(seed)
    net = fresh_net(kind, D, H, O, "embed", V=len(vocab), seed=seed)
    net = NumpyNet("embed", net.params.map(lambda a: a * scale * rng.normal()), net.readout, net.E)
    meta = mio.ModelMeta(vocab=tuple(vocab), heldout_accuracy=acc, seed=seed)
    back = mio.load_model(mio.save_model(net, meta))
    assert_bit_exact(net, back.net)
    assert back.meta.vocab == tuple(vocab) and back.meta.heldout_accuracy == acc and back.meta.seed == seed


def stored_or_fresh(task, kind):
    """The stored default model of (task, kind); all are in models/. A stale file would train on demand, so a tiny
    fresh net of the task's shape stands in for it instead (never trains here)."""
    m = zoo.load_trained(task, kind, task.default_units, 0)
    if m is not None:
        return m.net, m.accuracy
    O = task.output_dim
    return fresh_net(kind, task.input_dim, 2, O, task.encoding, V=task.vocab_size, seed=0), None


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_of_every_stored_model(task_id, kind):
    task = get_task(task_id)
    net, acc = stored_or_fresh(task, kind)
    meta = mio.ModelMeta.for_task(task, seed=0, heldout_accuracy=acc)
    data = mio.save_model(net, meta)
    back = mio.load_model(data)
    assert_bit_exact(net, back.net)
    assert back.meta.task == task_id and back.meta.vocab == task.vocab and back.meta.classes == task.classes
    assert back.meta.kind == kind and back.meta.units == net.params.units and back.meta.heldout_accuracy == acc
    a, b = net.replay(task.default.inputs), back.net.replay(task.default.inputs)
    assert a.logits.tobytes() == b.logits.tobytes(), "the loaded model should replay to the very same numbers"
    assert mio.file_name(back.meta) == f"unrolled-{task_id}-{kind}-{net.params.units}.safetensors"


@pytest.mark.parametrize("kind", KINDS)
def test_the_repositorys_stored_files_load_by_their_lecture_names(kind):
    """models/*.safetensors (no metadata): the kind is read from the shapes, 'losses' is ignored."""
    task = get_task("words")
    path = zoo.stored.MODELS / f"{zoo.stored_name('words', kind, task.default_units, 0)}.safetensors"
    back = mio.load_model(path.read_bytes())
    net = zoo.load_trained(task, kind, task.default_units, 0).net
    assert back.meta.kind == kind and back.meta.encoding == "embed" and back.source == "safetensors"
    assert_bit_exact(net, back.net)
    assert "lecture's tensor names" in back.found and "Ignored: losses" in back.found


def test_found_says_what_an_app_file_holds():
    task = get_task("chars")
    net, acc = stored_or_fresh(task, "lstm")
    found = mio.load_model(mio.save_model(net, mio.ModelMeta.for_task(task, seed=0, heldout_accuracy=acc))).found
    for phrase in ("An Unrolled model file (format 1", "LSTM layer", "4 gate blocks (i, f, g, o) of 3 units",
                   "W_xh 12 x 4", "one-hot vector over 4 tokens", '"h", "e", "l", "o"', "W_hy 4 x 3",
                   'on the task "chars"', "from seed 0", "Held-out accuracy"):  # fmt: skip
        assert phrase in found, f"{phrase!r} not in: {found}"


def test_save_refuses_metadata_that_contradicts_the_net():
    net = fresh_net("gru", 3, 4, 2)
    with pytest.raises(ValueError, match="units"):
        mio.save_model(net, mio.ModelMeta(units=5))
    with pytest.raises(ValueError, match="2 classes|classes"):
        mio.save_model(net, mio.ModelMeta(classes=("a", "b", "c")))
    with pytest.raises(ValueError, match="from 0 to 1"):
        mio.save_model(net, mio.ModelMeta(heldout_accuracy=1.5))


# ---- PyTorch state_dicts -----------------------------------------------------------------------------------------


def check_torch_parity(m: TorchModel, data: bytes, inputs):
    """load ``data``, replay ``inputs`` in numpy; torch's forward in float64 on the same weights must agree."""
    back = mio.load_model(data)
    ref = m.double()  # the same weights, widened exactly: torch's float64 forward is the referee
    with torch.no_grad():
        hs, y = ref(torch.as_tensor(inputs)[None])
    if back.net is not None:
        r = back.net.replay(inputs)
        h, logits = r.trace.h, r.logits
    else:
        xs = back.E[inputs] if back.E is not None else inputs
        h, logits = unroll(back.params, xs).h, None
    np.testing.assert_allclose(h, hs[0].numpy(), rtol=0, atol=1e-6, err_msg="h_t differs from torch")
    if y is not None:
        np.testing.assert_allclose(logits, y[0].numpy(), rtol=0, atol=1e-6, err_msg="y_t differs from torch")
    return back


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    D=st.integers(1, 6),
    H=st.integers(1, 10),
    O=st.one_of(st.none(), st.integers(1, 5)),
    V=st.one_of(st.none(), st.integers(2, 12)),
    T=st.integers(1, 12),
    name=st.sampled_from(["rnn", "lstm", "cell", "gru_layer"]),
    saver=st.sampled_from(list(SAVERS)),
    seed=st.integers(0, 2**16),
)
def test_a_torch_state_dict_replays_as_torch_runs_it(kind, D, H, O, V, T, name, saver, seed):
    m = torch_model(kind, D, H, O, V, name, seed=seed)
    data = SAVERS[saver](m.state_dict())  # float32, as people save them
    rng = np.random.default_rng(seed)
    inputs = rng.integers(0, V, size=T) if V else rng.normal(size=(T, D))
    back = check_torch_parity(m, data, inputs)
    assert back.source == saver and back.meta.kind == kind and back.meta.units == H and back.meta.input_dim == D
    assert back.meta.encoding == ("embed" if V else "dense") and back.meta.output_dim == O
    assert (back.net is None) == (O is None) and (back.E is None) == (V is None)


@pytest.mark.parametrize("saver", list(SAVERS))
@pytest.mark.parametrize("kind", KINDS)
def test_torch_sizes_and_what_was_found(kind, saver):
    m = torch_model(kind, 5, 7, O=3, V=11, name="lstm", seed=3)
    back = check_torch_parity(m, SAVERS[saver](m.state_dict()), np.array([0, 4, 10, 2, 2, 7]))
    label = {"rnn": "nn.RNN", "lstm": "nn.LSTM", "gru": "nn.GRU"}[kind]  # the torch module the state_dict holds
    for phrase in (f"one {label} layer named lstm", "embedding table E of 11 tokens x 5 (emb.weight)",
                   "W_hy 3 x 7 and b_y (fc.weight, fc.bias)", "3 outputs y_t", saver):  # fmt: skip
        assert phrase in back.found, f"{phrase!r} not in: {back.found}"


def test_a_layer_without_biases_and_a_linear_without_bias():
    m = torch_model("gru", 3, 4, seed=5, bias=False)
    m.fc = unfilled(nn.Linear, 4, 2, bias=False)
    with torch.no_grad():
        m.fc.weight.copy_(torch.empty(2, 4).uniform_(-1, 1, generator=torch.Generator().manual_seed(9)))
    back = check_torch_parity(m, as_safetensors(m.state_dict()), np.random.default_rng(0).normal(size=(6, 3)))
    assert not back.params.b_xh.any() and not back.params.b_hh.any() and not back.readout.b_y.any()
    assert "no biases" in back.found and "(no bias)" in back.found


@pytest.mark.parametrize("kind", KINDS)
def test_a_cell_module_state_dict_loads(kind):
    """nn.RNNCell/LSTMCell/GRUCell name their weights without _l0; the math is the same layer."""
    cell = unfilled({"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}[kind], 3, 4)
    with torch.no_grad():
        for p in cell.parameters():
            p.copy_(torch.empty(p.shape).uniform_(-1, 1, generator=torch.Generator().manual_seed(2)))
    back = mio.load_model(as_safetensors(cell.state_dict()))
    np.testing.assert_array_equal(back.params.W_hh, cell.weight_hh.detach().double().numpy())
    assert back.params.kind == kind


def test_a_checkpoint_holding_a_state_dict_and_half_precision():
    m = torch_model("lstm", 2, 3, O=2, seed=4)
    data = as_torch_save({"epoch": 3, "model_state_dict": m.state_dict()})
    back = mio.load_model(data)
    assert "model_state_dict.rnn" in back.found
    half = {k: v.to(torch.bfloat16) for k, v in m.state_dict().items()}
    for sd in (half, {k: v.half() for k, v in m.state_dict().items()}):
        for saver in SAVERS.values():
            b = mio.load_model(saver(sd))
            np.testing.assert_array_equal(b.params.W_xh, sd["rnn.weight_ih_l0"].double().numpy())


def test_an_app_seqnet_state_dict_loads():
    """The engine's own torch module, saved as a state_dict, is recognised: embed -> cell -> head."""
    from rnn_core.engine.modules import SeqNet

    with torch.device("meta"):  # built without drawing from torch's global RNG
        net = SeqNet("gru", 4, 6, 3, encoding="embed", vocab_size=9)
    net = net.to_empty(device="cpu")
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.empty(p.shape).uniform_(-1, 1, generator=g))
    back = mio.load_model(as_torch_save(net.state_dict()))
    ids = np.array([1, 5, 8, 0])
    with torch.no_grad():
        logits, hs = net.double()(torch.as_tensor(ids)[None])
    np.testing.assert_allclose(back.net.replay(ids).logits, logits[0].numpy(), rtol=0, atol=1e-6)


# ---- pickles that would run code ------------------------------------------------------------------------------


class RunsShell:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


class RunsPython:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",)


PAYLOADS = {"os.system": (RunsShell, "system"), "builtins.exec": (RunsPython, "exec")}


@pytest.mark.parametrize("protocol", [2, 4])
@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_a_torch_zip_whose_pickle_runs_code_is_refused(tmp_path, payload, protocol):
    cls, named = PAYLOADS[payload]
    marker = tmp_path / "pwned"
    members = torch_save_members(as_torch_save(torch_model("rnn", 2, 2).state_dict()))
    members["data.pkl"] = pickle.dumps({"rnn.weight_ih_l0": cls(marker)}, protocol=protocol)
    msg = refused(zip_like_torch(members), "would run code", named, "safetensors")
    assert "posix.system" in msg or payload != "os.system"
    assert not marker.exists(), "the payload ran"


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_a_bare_pickle_is_refused(tmp_path, payload):
    cls, named = PAYLOADS[payload]
    marker = tmp_path / "pwned"
    refused(pickle.dumps(cls(marker)), "bare pickle", named, "can run any code")
    refused(pickle.dumps(cls(marker), protocol=0), "bare pickle")
    assert not marker.exists(), "the payload ran"


def test_the_payload_is_real(tmp_path):
    """The exec payload does write its marker when unpickled, so the refusals above are meaningful."""
    marker = tmp_path / "proof"
    pickle.loads(pickle.dumps(RunsPython(marker)))
    assert marker.exists()


def test_an_untraceable_stack_global_is_refused():
    # PROTO 4, 'posix', 'system', None, POP, STACK_GLOBAL: the strings reach STACK_GLOBAL through a POP
    pkl = b"\x80\x04\x8c\x05posix\x94\x8c\x06system\x94N0\x93\x94\x8c\x04true\x85R."
    members = torch_save_members(as_torch_save(torch_model("rnn", 2, 2).state_dict()))
    members["data.pkl"] = pkl
    refused(zip_like_torch(members), "cannot identify")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_old_torch_save_and_whole_modules_and_torchscript_are_refused():
    m = torch_model("lstm", 2, 3)
    refused(as_torch_save(m.state_dict(), _use_new_zipfile_serialization=False), "bare pickle", "old torch.save")
    refused(as_torch_save(m.rnn), "holds Python objects", "torch.nn.modules.rnn.LSTM", "state_dict")
    f = io.BytesIO()
    torch.jit.save(torch.jit.script(nn.Linear(2, 3)), f)
    refused(f.getvalue(), "TorchScript")
    refused(as_torch_save(torch.zeros(3)), "holds a Tensor, not a state_dict")


# ---- every malformed file has its own message --------------------------------------------------------------------


def test_empty_and_too_big():
    refused(b"", "empty")
    big = np_save({"W_xh": np.zeros((mio.MAX_BYTES // 8 + 8,))})
    refused(big, "this app reads at most 20 MB (the file)")
    assert mio.MAX_BYTES == 20_000_000  # MB are 1,000,000 bytes everywhere (rnn_core/io/budget.py)
    refused(b"\0" * (mio.MAX_BYTES + 1), "The file is 20,000,001 bytes (20.0 MB); this app reads at most 20 MB")


def test_not_a_model_file():
    refused(b"hello, I am a text file", "not a model file", "safetensors", "torch.save")
    refused(b"PK\x03\x04" + b"\0" * 40, "zip file, but it is damaged")
    refused(zip_like_torch({"notes.txt": b"hi"}), "not one torch.save writes")


def test_damaged_safetensors():
    good = mio.save_model(fresh_net("lstm", 2, 3, 2))
    refused(good[: len(good) - 5], "safetensors file, but it is damaged")


def sd_with(kind="lstm", D=3, H=4, O=2, **change):
    """A float32 state_dict under 'rnn.', with entries replaced (a tensor) or removed (None)."""
    sd = dict(torch_model(kind, D, H, O).state_dict())
    for k, v in change.items():
        k = k.replace("__", ".")
        if v is None:
            del sd[k]
        else:
            sd[k] = v
    return as_safetensors(sd)


def test_wrong_shapes_say_which_tensor_and_what_was_expected():
    refused(sd_with(rnn__weight_hh_l0=torch.zeros(10, 4)), "rnn.weight_hh_l0 has shape (10, 4)", "4, 12 or 16 rows")
    refused(sd_with(rnn__weight_ih_l0=torch.zeros(12, 3)), "rnn.weight_ih_l0 has shape (12, 3)", "should be (16, D)")
    refused(sd_with(rnn__bias_hh_l0=torch.zeros(15)), "rnn.bias_hh_l0 has shape (15,)", "expected (16,)")
    refused(sd_with(rnn__weight_hh_l0=torch.zeros(16)), "rnn.weight_hh_l0 has shape (16,)", "a matrix")
    a = mio.net_arrays(fresh_net("gru", 3, 4, 2))
    refused(np_save({**a, "W_hy": np.zeros((2, 5))}), "W_hy has shape (2, 5)", "(O, 4)")
    refused(np_save({**a, "b_y": np.zeros(3)}), "b_y has shape (3,)", "should be (2,)")
    e = mio.net_arrays(fresh_net("gru", 3, 4, 2, "embed", V=5))
    refused(np_save({**e, "E": np.zeros((5, 4))}), "E has shape (5, 4)", "(V, 3)")


def test_missing_tensors():
    refused(sd_with(rnn__weight_hh_l0=None), "missing the tensor rnn.weight_hh_l0")
    refused(sd_with(rnn__bias_hh_l0=None), "missing the tensor rnn.bias_hh_l0", "both biases")
    a = mio.net_arrays(fresh_net("rnn", 2, 3, 2))
    header = mio.to_header(mio.ModelMeta(kind="rnn", format_version=1))
    refused(np_save({k: v for k, v in a.items() if k != "b_y"}, header), "missing the tensor b_y")
    refused(np_save({k: v for k, v in a.items() if k != "W_xh"}, header), "missing the tensor W_xh")
    embed = mio.to_header(mio.ModelMeta(encoding="embed", format_version=1))
    refused(np_save(a, embed), "missing the tensor E", "encoding = embed")


def test_layers_this_app_cannot_unroll():
    def saved(module):
        return as_torch_save(module.state_dict())

    refused(saved(unfilled(nn.LSTM, 3, 4, num_layers=2)), "stacks several", "weight_ih_l1", "num_layers=1")
    refused(saved(unfilled(nn.GRU, 3, 4, bidirectional=True)), "bidirectional", "_reverse")
    refused(saved(unfilled(nn.LSTM, 3, 4, proj_size=2)), "projection", "weight_hr_l0", "proj_size=0")
    two = {f"a.{k}": v for k, v in torch_model("rnn", 2, 3).rnn.state_dict().items()}
    two |= {f"b.{k}": v for k, v in torch_model("gru", 2, 3).rnn.state_dict().items()}
    refused(as_safetensors(two), "2 recurrent layers", "a., b.")


def test_nan_and_inf_weights_name_the_tensor():
    bad = torch.zeros(16, 4)
    bad[3, 1] = float("nan")
    refused(sd_with(rnn__weight_hh_l0=bad), "rnn.weight_hh_l0 holds 1 NaN value(s)")
    fc = torch.ones(2, 4)
    fc[0, 0] = float("inf")
    refused(sd_with(fc__weight=fc), "fc.weight holds 1 infinite value(s)")
    with pytest.raises(ValueError, match="W_hh holds 1 NaN"):
        net = fresh_net("rnn", 2, 3, 2)
        net.params.W_hh[0, 0] = np.nan
        mio.save_model(net)


def test_no_recognisable_rnn():
    refused(as_safetensors(dict(unfilled(nn.Linear, 3, 2).state_dict())), "no recurrent layer", "weight (2, 3)")
    refused(np_save({}), "holds no tensors")
    refused(sd_with(rnn__weight_ih_l0=torch.zeros(16, 3, dtype=torch.int64)), "int64", "floating point")


def test_bad_metadata():
    net = fresh_net("lstm", 4, 3, 2, "onehot")
    a = mio.net_arrays(net)
    ok = mio.to_header(mio.ModelMeta(kind="lstm", encoding="onehot", format_version=1))
    refused(np_save(a, {**ok, "units": "three"}), "units = 'three'", "whole number")
    refused(np_save(a, {**ok, "format_version": "2"}), "format version 2", "reads version 1")
    refused(np_save(a, {k: v for k, v in ok.items() if k != "format_version"}), "does not say its format version")
    refused(np_save(a, {**ok, "arch": "gru"}), "arch = gru", "the shapes make it a lstm")
    refused(np_save(a, {**ok, "units": "5"}), "units = 5", "W_hh says 3")
    refused(np_save(a, {**ok, "vocab": '["a", "b"]'}), "2 vocabulary tokens", "reads 4")
    refused(np_save(a, {**ok, "vocab": "[1, 2]"}), "JSON list of strings")
    refused(np_save(a, {**ok, "classes": '["x"]'}), "1 classes", "gives 2")
    refused(np_save(a, {**ok, "encoding": "words"}), "encoding = 'words'")


# ---- whatever the bytes: a ValueError or a model -----------------------------------------------------------------


def load_or_refuse(data: bytes):
    try:
        return mio.load_model(data)
    except ValueError as e:
        assert type(e) is mio.ModelFileError and str(e), f"{type(e).__name__}: {e}"
        return None


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    load_or_refuse(data)


@FUZZ
@given(st.sampled_from([b"PK\x03\x04", b"\x80\x04", b"\x80\x02", b"{", struct.pack("<Q", 20) + b"{"]), st.binary())
def test_random_bytes_after_a_magic_number(magic, rest):
    load_or_refuse(magic + rest)


VALID = {
    "unrolled": mio.save_model(fresh_net("gru", 3, 4, 2, "embed", V=5), mio.ModelMeta(vocab=tuple("abcde"))),
    "safetensors": as_safetensors(torch_model("lstm", 3, 4, 2, 6).state_dict()),
    "torch.save": as_torch_save(torch_model("rnn", 3, 4, 2, 6).state_dict()),
}


@FUZZ
@given(st.sampled_from(list(VALID)), st.data())
def test_truncated_valid_files(which, data):
    full = VALID[which]
    cut = data.draw(st.integers(0, len(full) - 1))
    assert load_or_refuse(full[:cut]) is None, f"a {which} file cut at {cut} of {len(full)} bytes loaded"


@FUZZ
@given(st.sampled_from(list(VALID)), st.data())
def test_valid_files_with_bytes_changed(which, data):
    b = bytearray(VALID[which])
    for _ in range(data.draw(st.integers(1, 4))):
        b[data.draw(st.integers(0, len(b) - 1))] = data.draw(st.integers(0, 255))
    load_or_refuse(bytes(b))


@FUZZ
@given(st.binary(max_size=400), st.booleans())
def test_a_valid_zip_with_junk_inside(junk, keep_storages):
    members = torch_save_members(VALID["torch.save"]) if keep_storages else {}
    members["data.pkl"] = junk
    load_or_refuse(zip_like_torch(members))


# ---- the budget: every file held to it before anything in it is unpacked ----------------------------------------
# Small files that declare too much, one per budget, each just over it. tests/test_hostile_uploads.py opens the
# issue's own files (and their variants) within a measured CPU and memory budget.

B = mio.BUDGET


def over_budget(data, field: str, *phrases):
    """Refused, the message naming the budget ``field`` as every refusal of it does."""
    return refused(data, f"this app reads at most {budget.amount(field)} ({budget.WHAT[field][0]})", *phrases)


def test_the_budget_is_stated_as_one_table_in_the_readme_and_the_format_doc():
    table = budget.table()
    for doc in ("README.md", "docs/model-format.md"):
        text = (pathlib.Path(__file__).parent.parent / doc).read_text(encoding="utf-8")
        assert table in text, f"{doc} should hold rnn_core.io.budget.table() as it is now:\n{table}"
    assert "20 MB" in table and mio.MAX_BYTES == B.file_bytes == 20 * mio.MB == 20_000_000


def test_amounts_are_written_one_way():
    assert budget.amount("file_bytes") == "20 MB" and budget.amount("parameters") == "4,000,000"
    assert budget.amount("unpacked_bytes", 536_937_888) == "536,937,888 bytes (536.9 MB)"


def patched_sizes(data: bytes, sizes: dict[str, int]) -> bytes:
    """A zip whose central directory declares other uncompressed sizes for the members named, nothing else
    changed: what the directory declares is all the check reads."""
    b = bytearray(data)
    for m in re.finditer(rb"PK\x01\x02", data):
        n = struct.unpack_from("<H", data, m.start() + 28)[0]
        name = data[m.start() + 46 : m.start() + 46 + n].decode()
        if name in sizes:
            struct.pack_into("<I", b, m.start() + 24, sizes[name])
    return bytes(b)


def small_rnn_save() -> bytes:
    return as_torch_save(torch_model("rnn", 2, 3, O=2).state_dict())


def test_a_zip_declaring_more_than_the_budget_unpacked_is_refused_before_unpacking():
    data = small_rnn_save()
    storage = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "/data/" in n)
    over_budget(patched_sizes(data, {storage: B.unpacked_bytes}), "unpacked_bytes", "unpacks to 40,000,")
    pkl = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith("data.pkl"))
    over_budget(patched_sizes(data, {pkl: B.header_bytes + 1}), "header_bytes", "(data.pkl) is 2,000,001 bytes")


def test_a_zip_of_more_members_than_tensors_is_refused_before_zipfile_lists_them():
    members = torch_save_members(small_rnn_save())
    members |= {f"data/x{i}": b"" for i in range(B.tensors + budget.ZIP_RECORDS + 1 - len(members))}
    over_budget(zip_like_torch(members), "tensors", f"holds {B.tensors + budget.ZIP_RECORDS + 1:,} members")


def test_pickles_are_vetted_as_they_stream_up_to_the_opcode_budget():
    n = B.pickle_opcodes
    over_budget(zip_like_torch({"data.pkl": b"\x80\x02" + b"N" * n + b"."}), "pickle_opcodes", "past 100,000 opcodes")
    refused(b"\x80\x02" + b")" * n + b".", "bare pickle")  # too long to vet whole, and a pickle all the same
    refused(b"\x80\x02" + b")" * (n // 2) + b".", "bare pickle")


def test_a_checkpoint_of_shared_dicts_is_walked_within_the_budget():
    """The pickle's memo lets one small dict be held a million ways: entries walked, and tensors found, are counted."""
    sd = torch_model("rnn", 2, 3).state_dict()
    shared: dict = {"epoch": 1}
    for _ in range(5):
        shared = {f"k{i}": shared for i in range(10)}  # 10 + 100 + ... + 100,000 entries along all paths
    over_budget(as_torch_save({"model": sd, "log": shared}), "pickle_opcodes", "entries along all their paths")
    tensors = sd
    for _ in range(3):
        tensors = {f"k{i}": tensors for i in range(11)}  # 11 ** 3 * 4 tensors along all paths
    over_budget(as_torch_save(tensors), "tensors", "more than 1,000 tensors")


def test_parameters_are_counted_from_the_shapes_before_anything_is_copied():
    wide = torch.zeros(1).expand(4, B.parameters // 4 + 1)  # strides of 0: one float stored, 4,000,004 declared
    over_budget(as_torch_save({"rnn.weight_ih_l0": wide}), "parameters", "tensors hold 4,000,004 numbers")
    header = json.dumps({"W_xh": {"dtype": "F32", "shape": [B.parameters + 1], "data_offsets": [0, 4]}}).encode()
    over_budget(struct.pack("<Q", len(header)) + header + bytes(4), "parameters", "tensors hold 4,000,001")


def test_a_safetensors_header_over_the_budget_is_refused_before_it_is_parsed():
    sd = {k: v.numpy() for k, v in torch_model("rnn", 2, 3).state_dict().items()}
    header = b"{" + b" " * B.header_bytes + b"}"
    over_budget(struct.pack("<Q", len(header)) + header, "header_bytes", "header is 2,000,002 bytes")
    many = sd | {f"x{i}.weight": np.zeros((1, 3), np.float32) for i in range(B.tensors + 1 - len(sd))}
    over_budget(np_save(many), "tensors", "holds 1,001 tensors")


def test_the_vocabulary_inputs_and_outputs_are_held_to_the_budget():
    V = B.vocabulary + 1
    f16 = lambda sd: np_save({k: v.numpy().astype(np.float16) for k, v in sd.items()})  # noqa: E731
    over_budget(f16(torch_model("rnn", V, 1).state_dict()), "vocabulary", "has 50,001 columns")
    over_budget(f16(torch_model("rnn", 1, 1, V=V).state_dict()), "vocabulary", "emb.weight has 50,001 rows")
    over_budget(f16(torch_model("rnn", 1, 1, O=V).state_dict()), "vocabulary", "gives 50,001 outputs")
    net = fresh_net("rnn", 2, 2, 2, encoding="onehot")
    data = mio.save_model(net, mio.ModelMeta(vocab=("a", "b")))
    meta = {"format": "unrolled-model", "format_version": "1", "vocab": json.dumps([str(i) for i in range(V)])}
    over_budget(np_save(mio.net_arrays(net), metadata=meta), "vocabulary", "lists 50,001 vocabulary tokens")
    assert mio.load_model(data).meta.vocab == ("a", "b")


def test_matching_the_output_layer_is_linear_in_the_tensors():
    """Every unused '<p>weight' is a candidate head: each is scored once, its bias found in constant time."""
    sd = {k: v.numpy() for k, v in torch_model("rnn", 2, 4).state_dict().items()}
    sd |= {f"fc{i}.weight": np.zeros((1, 4), np.float32) for i in range(B.tensors - len(sd))}  # 996 equal heads
    t = time.process_time()
    loaded = mio.load_model(np_save(sd))
    assert time.process_time() - t < 1.0 and loaded.readout is None
    assert "Several tensors could be the output layer" in loaded.found and f"and {B.tensors - 10} more)" in loaded.found
