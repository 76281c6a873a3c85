"""House rules that keep the layers apart, checked by folder so a new module is covered the day it lands.

    rnn_core/*.py          the glass box: numpy only (imports without torch), imports no other layer
    rnn_core/tasks/        data only: numpy, the glass box and other tasks; never the engine or experiments
    rnn_core/engine/       torch: the glass box, tasks and engine; never experiments
    rnn_core/experiments/  may use every layer of rnn_core
    rnn_core/io/           saving and loading model files: the glass box and io; imports without torch. Only
                           io/torchfile.py imports torch, lazily, inside one function (for torch.save uploads)
    rnn_core/lessons/      the quiz's questions and checkers: the glass box and lessons; no torch
    viz/                   figures: never streamlit, torch or ui; of the model side, only the glass box
    ui/                    Streamlit glue: rnn_core, viz and ui; never a page
    app_pages/             one thin file per page: ui, viz and rnn_core; never another page
Nothing in rnn_core imports streamlit, ui or viz. Imports are read from the whole syntax tree, so one made inside a
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
    "io": {"", "io"},
    "lessons": {"", "lessons"},
}
NO_TORCH = ("", "tasks", "lessons")  # layers with no torch import anywhere
LAZY_TORCH = {"io": "rnn_core/io/torchfile.py"}  # a layer -> its one file that imports torch, inside one function
IMPORT_WITHOUT_TORCH = (*NO_TORCH, *LAZY_TORCH)  # layers that must import with torch absent


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
    assert not any(m.split(".")[0] in ("streamlit", "ui", "viz", "app_pages") for m in names), (
        f"{path.relative_to(ROOT)}: rnn_core never imports streamlit, ui, viz or a page"
    )
    if layer in NO_TORCH:
        assert not any(m.split(".")[0] == "torch" for m in names), f"{path.relative_to(ROOT)} imports torch"


def test_glass_box_and_tasks_import_with_torch_absent():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in py_files("rnn_core")
        if layer_of(p) in IMPORT_WITHOUT_TORCH
    ]
    code = (
        "import importlib, sys; sys.modules['torch'] = None\n"
        f"for m in {modules!r}: importlib.import_module(m)\nprint('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def torch_imports(path: pathlib.Path) -> list[tuple[ast.AST, list[ast.AST]]]:
    """Every import of torch in the file, with the chain of function and class definitions around it."""
    found = []

    def walk(node, around):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                names = [child.module or ""] if not child.level else []
            else:
                names = []
            if any(n.split(".")[0] == "torch" for n in names):
                found.append((child, around))
            defines = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            walk(child, [*around, child] if defines else around)

    walk(ast.parse(path.read_text()), [])
    return found


@pytest.mark.parametrize("layer", sorted(LAZY_TORCH))
def test_torch_only_in_one_function_of_one_file(layer):
    """rnn_core.io imports without torch: only torchfile.py imports it, and only inside one function."""
    allowed = ROOT / LAZY_TORCH[layer]
    for path in py_files(f"rnn_core/{layer}"):
        imports = torch_imports(path)
        if path != allowed:
            assert not imports, f"{path.relative_to(ROOT)} imports torch; only {LAZY_TORCH[layer]} may"
            continue
        assert imports, f"{LAZY_TORCH[layer]} no longer imports torch: drop it from LAZY_TORCH"
        owners = {id(around[-1]) if around else None for _, around in imports}
        assert None not in owners, f"{LAZY_TORCH[layer]} imports torch at module level"
        assert all(isinstance(around[-1], ast.FunctionDef) for _, around in imports)
        assert len(owners) == 1, f"{LAZY_TORCH[layer]} imports torch in {len(owners)} functions; keep it to one"


def test_torch_import_check_sees_a_lazy_import(tmp_path):
    fake = tmp_path / "lazy.py"
    fake.write_text("def f():\n    import torch\n\nclass C:\n    def g(self):\n        from torch import nn\n")
    (_, f_around), (_, g_around) = torch_imports(fake)
    assert [a.name for a in f_around] == ["f"] and [a.name for a in g_around] == ["C", "g"]


@pytest.mark.parametrize("path", py_files("viz"), ids=lambda p: str(p.relative_to(ROOT)))
def test_viz_draws_only(path):
    src = path.read_text()
    assert not re.search(r"\bst\.", src), f"{path.name} calls st."
    names = imported(path)
    bad = {
        m
        for m in names
        if m.split(".")[0] in ("streamlit", "torch", "ui", "app_pages") or rnn_core_layer(m) not in (None, "")
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", py_files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_ui_never_imports_a_page(path):
    assert not any(m.split(".")[0] == "app_pages" for m in imported(path)), f"{path.name} imports a page"


@pytest.mark.parametrize("path", py_files("app_pages"), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_import_no_other_page(path):
    """A page hands a view to another only through a link, never by importing it."""
    assert not any(m.split(".")[0] == "app_pages" for m in imported(path)), f"{path.name} imports a page"


def test_every_top_folder_has_a_layer():
    """A new folder of code needs a rule above."""
    folders = {p.parent.relative_to(ROOT).parts[0] for p in ROOT.rglob("*.py") if p.parent != ROOT}
    known = {"rnn_core", "viz", "ui", "app_pages", "tests", "bench"}
    assert folders <= known, f"new folders need a rule in this file: {folders - known}"


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
