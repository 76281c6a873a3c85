"""What every test shares: the repository on ``sys.path``, the two suites, and fixtures.

Two suites, one option:

    python -m pytest          the fast suite: unit, property (hypothesis) and torch-parity tests, and one AppTest
                              smoke run per page (tests/test_smoke.py): about a minute on two cores
    python -m pytest --full   everything: also every AppTest of every page (each task x architecture), the hostile,
                              fuzz and isolation suites, the fresh-server runs and e2e in Chromium; what CI runs

Without ``--full``, tests marked ``full``, ``slow`` or ``e2e`` are deselected. A module that drives pages (it imports
``tests.apptest_util.app``, ``tests.hostile_util`` or streamlit's ``AppTest``) is marked ``full`` as a whole, so a
new page test never slows the fast suite; a test in it marked ``smoke`` stays fast. An explicit ``-m`` expression
replaces this selection (``-m e2e`` runs the browser tests), and a test, a file or a folder below tests/ named on the
command line always runs (``python -m pytest tests/test_page_quiz.py``, ``python -m pytest tests/e2e``).
"""

import functools
import os
import pathlib
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

FULL_ONLY = ("full", "slow", "e2e")  # markers of the tests only --full runs


def pytest_addoption(parser):
    parser.addoption(
        "--full",
        action="store_true",
        default=False,
        help="run the full suite (what CI runs): every page test, hostile, fuzz, isolation and e2e in Chromium",
    )


def pytest_xdist_auto_num_workers(config) -> int:
    """Workers for ``-n auto``: one per core, and one more for the full suite, whose browser tests mostly wait (on
    Chromium and their server); a fourth bought nothing (the two cores were then busy throughout)."""
    cores = os.cpu_count() or 1
    return cores + 1 if config.getoption("full") else cores


def pytest_configure(config):
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers:  # a pytest-xdist worker: the cores shared out, so workers never wait on each other's torch threads
        import torch

        torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(workers)))
    # Every new AppTest scans all installed distributions for component manifests (~0.25 s, most of opening a small
    # page); a server scans once when it starts, and nothing is installed while the tests run: scan once here too.
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


def drives_pages(module) -> bool:
    """Whether a test module opens pages with AppTest: it holds ``apptest_util.app``, ``hostile_util`` (or one of its
    functions) or ``AppTest`` itself."""
    from streamlit.testing.v1 import AppTest

    from tests import apptest_util, hostile_util

    for value in vars(module).values():
        if value is apptest_util.app or value is hostile_util or value is AppTest:
            return True
        if callable(value) and getattr(value, "__module__", None) == hostile_util.__name__:
            return True
    return False


def named_on_the_command_line(config, item) -> bool:
    """Whether ``item``, its file or a folder below tests/ holding it was named on the command line (``tests`` itself,
    the default, selects the fast suite)."""
    here = pathlib.Path(config.invocation_params.dir)
    suite = {config.rootpath, *(config.rootpath / p for p in config.getini("testpaths"))}
    for arg in config.args:
        path, _, rest = arg.partition("::")
        target = (here / path).resolve()
        if target.is_dir():
            if target not in suite and item.path.is_relative_to(target):
                return True
        elif item.path == target and (not rest or item.nodeid.split("::", 1)[1].startswith(rest)):
            return True
    return False


@pytest.hookimpl(trylast=True)  # after tests/e2e/conftest.py has marked its tests e2e
def pytest_collection_modifyitems(config, items):
    modules: dict = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is None or item.get_closest_marker("smoke"):
            continue
        if module not in modules:
            modules[module] = drives_pages(module)
        if modules[module]:
            item.add_marker(pytest.mark.full)
    if config.getoption("full") or config.option.markexpr:
        items.sort(
            key=lambda item: 0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("e2e") else 2
        )
        return
    keep, left = [], []
    for item in items:
        only_full = any(item.get_closest_marker(m) for m in FULL_ONLY)
        (left if only_full and not named_on_the_command_line(config, item) else keep).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = keep


def pytest_report_header(config):
    if config.getoption("full") or config.option.markexpr:
        return None
    return "the fast suite: tests marked full, slow or e2e are left out (python -m pytest --full runs everything)"


@pytest.fixture(scope="session")
def opened():
    """``opened(page, **query)``: the page opened on that link and run once per worker, for every test that reads the
    same view (``opened("tour", stop=3)``). Read it only: a test that clicks, types or steps opens its own with
    ``tests.apptest_util.app``, so no test sees another's actions."""
    from tests.apptest_util import app

    runs: dict = {}

    def open_(page: str = "unroll", timeout: float = 120, **query):
        key = (page, tuple(sorted((k, str(v)) for k, v in query.items())))
        if key not in runs:
            if len(runs) >= 64:  # a few dozen pages' element trees at most
                runs.pop(next(iter(runs)))
            runs[key] = app(page, timeout=timeout, **query).run()
        return runs[key]

    return open_


@pytest.fixture
def full_error_details():
    """Exceptions with their message and traceback while the test runs (the app's config redacts them)."""
    from tests import hostile_util

    with hostile_util.full_errors():
        yield
