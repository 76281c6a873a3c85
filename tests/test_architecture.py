"""House rules that keep the layers apart: the model side never touches the UI; figures never call st.*."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def py_files(folder):
    return sorted((ROOT / folder).rglob("*.py"))


def test_rnn_core_never_imports_streamlit():
    bad = [p.name for p in py_files("rnn_core") if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(), re.M)]
    assert not bad, f"rnn_core modules import streamlit: {bad}"


def test_numpy_math_never_imports_torch():
    for name in ("params.py", "cells.py", "unroll.py", "readout.py", "bridge.py"):
        src = (ROOT / "rnn_core" / name).read_text()
        assert not re.search(r"^(import|from)\s+torch", src, re.M), f"rnn_core/{name} imports torch at module level"


def test_core_imports_without_torch():
    code = "import sys; sys.modules['torch'] = None; import rnn_core; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_viz_never_calls_streamlit():
    bad = [p.name for p in py_files("viz") if re.search(r"(^\s*(import|from)\s+streamlit)|\bst\.", p.read_text(), re.M)]
    assert not bad, f"viz modules touch streamlit: {bad}"


def test_ruff_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
