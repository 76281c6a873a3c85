"""AppTest of /models and of every page's downloads: a saved model reloads bit for bit and shows the explorer's very
numbers; a torch state_dict unrolls as torch runs it; hostile files get their message and nothing runs; an upload
never reaches the caches every session shares.

Download buttons build their bytes only when clicked (a callable): AppTest does not click through to the file, so
``deferred`` records each callable Streamlit registers, and tests call it as a click would.
"""

from __future__ import annotations

import io
import os
import pickle
import tomllib
import zipfile

import numpy as np
import pytest
import torch
from safetensors.numpy import save as np_save
from streamlit.runtime.media_file_manager import MediaFileManager
from torch import nn

from rnn_core import io as mio
from rnn_core.engine.bridge import to_numpy
from rnn_core.io.export import trace_csv
from rnn_core.tasks import get_task
from tests import hostile_util as hu
from tests.apptest_util import ROOT, app, bar_values, given, md_text
from tests.apptest_util import drawn as drawn_at
from ui import models
from ui.charts import png_name
from viz.base import PLOTLY_CONFIG

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """file_id -> the callable a download button registered (its data, made when clicked)."""
    seen: dict = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        seen[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def download(at, deferred: dict, label_start: str):
    """Click the download button whose label starts so: its data and file name."""
    buttons = [b for b in at.get("download_button") if b.proto.label.startswith(label_start)]
    assert len(buttons) == 1, [b.proto.label for b in at.get("download_button")]
    proto = buttons[0].proto
    assert proto.deferred_file_id and not proto.url, "the bytes should be made on click, not on every run"
    assert proto.ignore_rerun, "a download should not rerun the page"
    make, name = deferred[proto.deferred_file_id]
    return make(), name


class Model(nn.Module):
    """[nn.Embedding] -> one nn.RNN/LSTM/GRU -> [nn.Linear], weights from a private generator."""

    def __init__(self, kind="lstm", D=5, H=6, O=4, V=4, seed=0):
        super().__init__()
        self.emb = nn.Embedding(V, D) if V else None
        self.rnn = CELLS[kind](D, H, batch_first=True)
        self.fc = nn.Linear(H, O) if O else None
        g = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.empty(p.shape).uniform_(-0.9, 0.9, generator=g))

    def forward(self, x):
        h, _ = self.rnn(self.emb(x) if self.emb is not None else x)
        return h, (self.fc(h) if self.fc is not None else None)


def torch_save(obj) -> bytes:
    f = io.BytesIO()
    torch.save(obj, f)
    return f.getvalue()


def upload(at, name: str, data: bytes):
    at.file_uploader(key="md_file").set_value((name, data, "application/octet-stream"))
    return at.run()


def errors(at) -> list[str]:
    return [md_text(e.value) for e in at.error]


def warnings(at) -> str:
    return " ".join(md_text(w.value) for w in at.warning)


def panels(at, prefix: str) -> dict:
    """What the explorer-style panels were given (the math's parts, every diagram, output and history frame)."""
    out = {k: given(at, f"{prefix}_{k}") for k in ("diagram", "output", "history", "math")}
    out["math"] = out["math"]["parts"]
    for k in ("diagram", "output", "history"):
        out[k] = (out[k].get("frames"), out[k].get("at"), out[k].get("parts"))
    return out


# ---- the page on its own ----------------------------------------------------------------------------------------


def test_opens_with_the_uploader_its_limit_and_the_format():
    at = app("models").run()
    assert not at.exception, [e.message for e in at.exception]
    up = at.file_uploader(key="md_file")
    assert {t.lstrip(".") for t in up.allowed_type} == set(models.UPLOAD_TYPES)
    assert "up to 20 MB" in up.label
    code = [c.value for c in at.code]
    assert models.PYTORCH_SNIPPET.strip() in code
    assert not at.get("download_button")


def test_the_servers_upload_limit_is_the_loaders():
    """One limit said one way: 20 MB of 1,000,000 bytes in the label, the uploader and the loader. The server's wall
    is the same number, which Streamlit reads in MiB: above the loader's, so every file the browser lets through
    gets the loader's own message."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == mio.MAX_BYTES // mio.MB == models.LIMIT_MB == 20
    assert config["server"]["maxUploadSize"] * 2**20 > mio.MAX_BYTES


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_a_torch_state_dict_unrolls_as_torch_runs_it(kind):
    m = Model(kind, V=4, O=4, seed=3)
    at = upload(app("models").run(), "mine.pt", torch_save(m.state_dict()))
    assert not at.exception and not errors(at)
    found = md_text(at.success[0].value)
    assert "mine" in found and "torch.save" in found and "embedding table E of 4 tokens" in found
    at.text_input(key="md_vocab").set_value("hel").run()
    assert "has 3 tokens; this model reads 4 (the embedding E has 4 rows)" in warnings(at)
    assert not at.get("bidi_component") or "md_stepper" not in str([c.proto.id for c in at.get("bidi_component")])
    at.text_input(key="md_vocab").set_value("h, e, l, o").run()
    at.text_input(key="md_classes").set_value("H E L O").run()
    at.text_input(key="md_text").set_value("hello").run()
    assert not at.exception
    assert given(at, "md_stepper")["T"] == 5
    with torch.no_grad():
        _, y = m.double()(torch.tensor([[0, 1, 2, 2, 3]]))
    p = torch.softmax(y[0], -1).numpy()
    for t in range(1, 6):
        bars = bar_values(drawn_at(at, "md_output", "md_stepper", t))
        assert set(bars) <= {"H", "E", "L", "O"} and bars
        for label, v in bars.items():
            assert abs(v - p[t - 1, "HELO".index(label)]) < 5e-5


def test_numbers_in_a_bare_rnn_with_no_output_layer():
    m = Model("gru", D=2, H=3, O=None, V=None, seed=1)
    at = upload(app("models").run(), "bare.safetensors", np_save({k: v.numpy() for k, v in m.state_dict().items()}))
    assert not at.exception and not errors(at)
    assert "No output layer" in at.success[0].value
    at.radio(key="md_input").set_value("numbers").run()
    at.text_input(key="md_text").set_value("1 2; 3 x").run()
    assert "Not numbers: x" in warnings(at)
    at.text_input(key="md_text").set_value("0.5 -1; 0.25 0; 1 1").run()
    assert not at.exception and given(at, "md_stepper")["T"] == 3
    assert [b.proto.label for b in at.get("download_button")] == ["Download the trace (CSV)"]


# ---- hostile files -----------------------------------------------------------------------------------------------


class RunsCode:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",)


def code_in_a_torch_zip(marker) -> bytes:
    """A torch.save zip whose data.pkl would run code when unpickled."""
    good = torch_save(Model("rnn", 2, 2, None, None).state_dict())
    z = zipfile.ZipFile(io.BytesIO(good))
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as out:
        for n in z.namelist():
            out.writestr(n, pickle.dumps({"x": RunsCode(marker)}) if n.endswith("data.pkl") else z.read(n))
    return f.getvalue()


@pytest.mark.parametrize(
    "name, make, phrase",
    [
        ("evil.pt", code_in_a_torch_zip, "would run code"),
        ("evil.pth", lambda m: pickle.dumps(RunsCode(m)), "bare pickle"),
        ("notes.bin", lambda m: b"I am not a model, just some text.", "not a model file"),
        ("empty.safetensors", lambda m: b"", "empty"),
        ("huge.bin", lambda m: b"\0" * (mio.MAX_BYTES + 1), "at most 20 MB (the file)"),
        ("net.pt", lambda m: torch_save(nn.Linear(3, 2).state_dict()), "no recurrent layer"),
    ],
)
def test_hostile_files_get_their_message_and_nothing_runs(tmp_path, name, make, phrase):
    marker = tmp_path / "pwned"
    at = upload(app("models").run(), name, make(marker))
    assert not at.exception, [e.message for e in at.exception]
    assert len(errors(at)) == 1 and phrase in errors(at)[0] and name.split(".")[0] in errors(at)[0]
    assert "Traceback" not in errors(at)[0]
    assert not marker.exists(), "the file's code ran"
    assert not at.get("download_button")


def test_markup_in_a_file_is_shown_as_text():
    """Names from the file and the file's own name are escaped: no link, no emphasis."""
    sd = {"[x](http://evil.test).weight": np.zeros((2, 3)), "rnn.weight_ih_l0": np.zeros((4, 2))}
    at = upload(app("models").run(), "**bold**.safetensors", np_save(sd))
    assert not at.exception
    (text,) = errors(at)
    assert "missing the tensor rnn.weight_hh_l0" in text
    at = upload(
        app("models").run(), "**bold**.safetensors", np_save({"[x](http://evil.test).weight": np.zeros((2, 3))})
    )
    (text,) = errors(at)
    raw = at.error[0].value
    assert "**bold**" in text and "\\*\\*bold\\*\\*" in raw and "\\[x\\]\\(http" in raw and "](http" not in raw


HOSTILE_UPLOADS = {  # a model that reads tokens, and one that reads numbers
    "tokens": (lambda: torch_save(Model("lstm", V=4, O=3).state_dict()), None),
    "numbers": (lambda: torch_save(Model("rnn", D=2, H=3, O=2, V=None).state_dict()), "numbers"),
}


@pytest.mark.parametrize("reads", HOSTILE_UPLOADS)
def test_hostile_typing_after_an_upload(reads):
    """Every hostile text in every box the page asks with (vocabulary, output names, the sequence): no exception,
    no markup. One session types them all into a box, one after another, as a person would; a text that takes the
    box away or raises starts the session again."""
    make, radio = HOSTILE_UPLOADS[reads]
    name, data = f"{reads}.pt", make()

    def opened():
        at = upload(app("models").run(), name, data)
        if radio:
            at.radio(key="md_input").set_value(radio).run()
        return at

    found = []
    for box in ("md_vocab", "md_classes", "md_text"):
        at = opened()
        if hu.find(at, box) is None:
            continue
        for tid, text in hu.HOSTILE_TEXT.items():
            if at.exception or hu.find(at, box) is None:
                at = opened()
            hu.send(at, hu.find(at, box), text)
            found += [f"{name} {box} <- {tid}: {p}" for p in hu.problems(at)]
    assert not found, "\n".join(found[:20])


NAMES = ["md_link", "md_image", "html", "latex", "huge_links", "control", "autolink", "directives"]


@pytest.mark.parametrize("tid", NAMES)
def test_hostile_names_in_a_file(tid):
    """Tensor names and a file name anyone can write: shown as text, in what was found and in refusals."""
    text = hu.HOSTILE_TEXT[tid][:500]
    m = Model("gru", D=3, H=4, O=2, V=None)
    sd = {k: v.numpy() for k, v in m.state_dict().items()} | {f"{text}.weight": np.zeros((1, 1))}
    name = text[:100].replace("\0", "") + ".safetensors"  # a browser never sends a NUL (see the test below)
    for data in (np_save(sd), np_save({f"{text}.weight_hh_l0": np.zeros((6, 2))})):
        at = upload(app("models").run(), name, data)
        assert not hu.problems(at), hu.problems(at)


@pytest.mark.parametrize("name", ["evil\0.safetensors", "evil.exe"])
def test_forged_file_names_are_refused_by_streamlit_before_the_page_sees_them(tmp_path, name):
    """A NUL in the name, or a type the uploader does not accept, can only come from a forged client: Streamlit
    refuses it while reading the widget, before the page's callback runs, and shows its own error in place of the
    page for that one run; the file is never read. The session recovers: the next run draws the page, and a real
    file then loads."""
    marker = tmp_path / "pwned"
    at = upload(app("models").run(), name, pickle.dumps(RunsCode(marker)))
    assert at.exception and not marker.exists() and "md_upload" not in at.session_state
    at.run()
    assert not at.exception and [t.value for t in at.title] == ["Your own model"] and not at.error
    at = upload(at, "mine.pt", torch_save(Model("gru", 3, 4, 2, None).state_dict()))
    assert not at.exception and len(at.success) == 1 and given(at, "md_stepper")["T"] >= 1


BIDI_NAME = "\u202eevil\u2066\u200b.safetensors"  # U+202E turned the app's sentence after the name around


@pytest.mark.parametrize("readable", [True, False], ids=["read", "refused"])
def test_bidi_controls_never_reach_the_page(readable):
    """A file name, a vocabulary, output names and a sequence holding bidirectional controls and invisible
    characters: none of them reaches the page, in its text, its charts or its steppers (ui.safe)."""
    data = torch_save(Model("rnn", 4, 3, 4, None).state_dict()) if readable else b"not a model"
    at = upload(app("models").run(), BIDI_NAME, data)
    assert not at.exception and (at.success if readable else at.error)
    shown = " ".join(md_text(a.value) for a in (*at.success, *at.error))
    assert shown.startswith("**evil.safetensors**: "), shown
    if readable:
        at.text_input(key="md_vocab").input("\u202ea, b\u2067, c\u200f, d\ufeff").run()
        at.text_input(key="md_classes").input("\u202ew, x, y\u2069, z").run()
        at.text_input(key="md_text").input("\u202ea b\u2067 c d").run()
        assert not at.exception and given(at, "md_stepper")["T"] == 4
    assert not hu.invisible_findings(at), hu.report(hu.invisible_findings(at))


# ---- a file saved by the app -----------------------------------------------------------------------------------


def test_the_explorers_download_reloads_bit_exact_and_shows_the_same_numbers(deferred):
    ex = app("unroll", seq="chars", arch="lstm").run()
    assert not ex.exception
    data, name = download(ex, deferred, "Download this model")
    assert name == "unrolled-chars-lstm-3.safetensors"
    task = get_task("chars")
    from ui.explorer.trained import trained_model

    net = trained_model(task, "lstm", 3, 0).net
    back = mio.load_model(data)
    for k, a in mio.net_arrays(net).items():
        assert mio.net_arrays(back.net)[k].tobytes() == a.tobytes(), k
    assert back.meta.task == "chars" and back.meta.seed == 0 and back.meta.steps == task.steps
    assert back.meta.heldout_accuracy == trained_model(task, "lstm", 3, 0).accuracy

    csv_text, name = download(ex, deferred, "Download the trace")
    replay = net.replay(task.parse("hell").example.inputs)
    assert csv_text == trace_csv(replay, list("hell"), task.classes) and name.endswith(".csv")

    md = upload(app("models").run(), "saved.safetensors", data)
    assert not md.exception and "An Unrolled model file" in md.success[0].value
    assert "md_vocab" not in [w.key for w in md.text_input], "the file says its vocabulary"
    assert md.session_state["md_text"] == ex.session_state["ex_text_chars"]
    assert panels(md, "md") == panels(ex, "ex")
    for t in (2, 4):
        ex.session_state["ex_t"] = t
        md.session_state["md_t"] = t
        assert drawn_at(ex.run(), "ex_diagram", "ex_stepper", t) == drawn_at(md.run(), "md_diagram", "md_stepper", t)


def test_the_sample_button_loads_the_hello_lstm():
    at = app("models").run()
    at.button(key="md_sample").click().run()
    assert not at.exception and "An Unrolled model file" in at.success[0].value
    assert given(at, "md_stepper")["T"] == 4


def test_typed_weights_save_without_a_seed_or_score(deferred):
    at = app("unroll", seq="scalar", arch="rnn", units=1, w="0.5,0.25,0,1,0").run()
    data, _ = download(at, deferred, "Download this model")
    back = mio.load_model(data)
    assert back.meta.seed is None and back.meta.heldout_accuracy is None and back.meta.steps is None
    assert back.params.W_xh[0, 0] == 0.5 and back.readout.W_hy[0, 0] == 1.0


def test_window_and_training_download_the_model_shown(deferred):
    w = app("window").run()
    assert not w.exception
    data, name = download(w, deferred, "Download this model")
    back = mio.load_model(data)
    assert back.meta.task == "words" and back.meta.encoding == "embed" and back.meta.kind in ("lstm", "gru")
    assert back.meta.units == 32 and len(back.meta.vocab) == len(back.E)

    tr = app("training", seq="chars", arch="gru").run()
    tr.button(key="tr_step").click().run()
    tr.button(key="tr_step").click().run()
    assert not tr.exception
    data, name = download(tr, deferred, "Download the model at step 2")
    back = mio.load_model(data)
    s = tr.session_state["_tr_stepper"]
    for k, a in mio.net_arrays(to_numpy(s.net)).items():
        assert mio.net_arrays(back.net)[k].tobytes() == a.tobytes(), k
    assert back.meta.steps == 2 and back.meta.heldout_accuracy == s.history[-1].heldout_acc
    csv_text, name = download(tr, deferred, "Download the loss history")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("step,train_loss") and len(lines) == 4 and name.endswith(".csv")


# ---- sessions never share an upload -------------------------------------------------------------------------------


def test_an_upload_stays_in_its_session(monkeypatch):
    import ui.cache
    import ui.store

    def shared(*a, **k):
        raise AssertionError("an upload's views went to the cache every session shares")

    monkeypatch.setattr(ui.cache, "_cached", shared)
    before = dict(ui.store._store().values)
    m = Model("lstm", V=4, O=4, seed=5)
    a = upload(app("models").run(), "a.pt", torch_save(m.state_dict()))
    assert not a.exception, [e.message for e in a.exception]
    assert given(a, "md_stepper")["T"] >= 1
    assert dict(ui.store._store().values) == before
    b = app("models").run()
    assert not b.exception and not b.success and "md_stepper" not in str([c.proto.id for c in b.get("bidi_component")])


def test_plotly_charts_download_as_png():
    assert PLOTLY_CONFIG["modeBarButtons"] == [["toImage"]] and PLOTLY_CONFIG["displayModeBar"] == "hover"
    assert (
        PLOTLY_CONFIG["toImageButtonOptions"]["format"] == "png" and png_name("tr curves/../x") == "unrolled-trcurvesx"
    )
    at = app("unroll", rolled="1").run()
    chart = at.get("plotly_chart")[0]
    assert '"toImage"' in chart.proto.config and "unrolled-" in chart.proto.config


def test_the_readme_shows_the_snippet_and_the_snippet_makes_a_file_the_page_reads(tmp_path):
    readme = (ROOT / "README.md").read_text()
    assert models.PYTORCH_SNIPPET in readme
    torch.manual_seed(0)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(models.PYTORCH_SNIPPET, "snippet", "exec"), {"__name__": "snippet"})  # noqa: S102
    finally:
        os.chdir(cwd)
    for name in ("char_lstm.safetensors", "char_lstm.pt"):
        back = mio.load_model((tmp_path / name).read_bytes())
        assert back.meta.kind == "lstm" and back.E.shape == (4, 8) and back.readout.W_hy.shape == (4, 16)
        probs = back.net.replay(np.array([0, 1, 2, 2])).probs
        assert "".join("helo"[i] for i in probs.argmax(1)) == "ello"


def test_a_new_upload_first_frees_what_ended_sessions_hold():
    """An ended session is held by reference cycles until a full collection, which the server no longer runs after
    every script: the uploader's callback runs one (and hands freed heap pages back) before reading a file."""
    import gc
    import weakref

    class Ended:  # a session: in a cycle, holding an upload's weights
        def __init__(self):
            self.me, self.weights = self, np.zeros(100_000)

    gc.disable()
    try:
        ended = weakref.ref(Ended())
        assert ended() is not None
        models.release_ended_sessions()
        assert ended() is None
    finally:
        gc.enable()
