"""House rules that keep the layers apart, checked by folder so a new module is covered the day it lands.

    rnn_core/*.py          the glass box: numpy only (imports without torch), imports no other layer
    rnn_core/tasks/        data only: numpy, the glass box and other tasks; never the engine or experiments
    rnn_core/engine/       torch: the glass box, tasks and engine; never experiments
    rnn_core/experiments/  may use every layer of rnn_core
    viz/                   figures: never streamlit or torch; of the model side, only the glass box's tables
Nothing in rnn_core imports streamlit. Imports are read from the whole syntax tree, so one made inside a
function counts as much as one at the top of a file.
"""

import ast
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAYERS = {  # folder under rnn_core ("" is the root) -> the rnn_core layers it may import
    "": {""},
    "tasks": {"", "tasks"},
    "engine": {"", "tasks", "engine"},
    "experiments": {"", "tasks", "engine", "experiments"},
}
NO_TORCH = ("", "tasks")  # layers that must import with torch absent


def py_files(folder):
    return sorted((ROOT / folder).rglob("*.py"))


def layer_of(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT / "rnn_core").parts
    return parts[0] if len(parts) > 1 else ""


def imported(path: pathlib.Path) -> set[str]:
    """Every module name an ``import`` or ``from ... import`` anywhere in the file names."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}  # from rnn_core import tasks
    return out


def rnn_core_layer(module: str) -> str | None:
    """The layer a module name belongs to ('' for the glass box), None outside rnn_core."""
    parts = module.split(".")
    if parts[0] != "rnn_core":
        return None
    if len(parts) > 1 and (ROOT / "rnn_core" / parts[1]).is_dir():
        return parts[1]
    return ""


def test_every_rnn_core_folder_has_a_layer():
    folders = {p.name for p in (ROOT / "rnn_core").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(LAYERS), f"new folders need a place in LAYERS: {folders - set(LAYERS)}"


@pytest.mark.parametrize("path", py_files("rnn_core"), ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_only_below_them(path):
    layer = layer_of(path)
    names = imported(path)
    up = {m for m in names if (lay := rnn_core_layer(m)) is not None and lay not in LAYERS[layer]}
    assert not up, f"{path.relative_to(ROOT)} ({layer or 'glass box'}) imports {sorted(up)}"
    assert not any(m.split(".")[0] == "streamlit" for m in names), "rnn_core never imports streamlit"
    if layer in NO_TORCH:
        assert not any(m.split(".")[0] == "torch" for m in names), f"{path.relative_to(ROOT)} imports torch"


def test_glass_box_and_tasks_import_with_torch_absent():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in py_files("rnn_core")
        if layer_of(p) in NO_TORCH
    ]
    code = (
        "import importlib, sys; sys.modules['torch'] = None\n"
        f"for m in {modules!r}: importlib.import_module(m)\nprint('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("path", py_files("viz"), ids=lambda p: str(p.relative_to(ROOT)))
def test_viz_draws_only(path):
    src = path.read_text()
    assert not re.search(r"\bst\.", src), f"{path.name} calls st."
    names = imported(path)
    bad = {m for m in names if m.split(".")[0] in ("streamlit", "torch") or rnn_core_layer(m) not in (None, "")}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_layer_check_catches_a_torch_import(tmp_path):
    fake = tmp_path / "glass.py"
    fake.write_text("def f():\n    import torch\n    from rnn_core.engine.zoo import train\n")
    names = imported(fake)
    assert "torch" in names and rnn_core_layer("rnn_core.engine.zoo") == "engine"
    assert rnn_core_layer("rnn_core.params") == "" and rnn_core_layer("numpy") is None


def test_ruff_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_formatted():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, "run `ruff format .`:\n" + out.stdout + out.stderr
