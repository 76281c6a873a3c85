"""In a real browser: a student trains nn.LSTM with the README's lines, uploads its torch.save file on /models, types
the vocabulary and a sequence, and steps through it with the Right key; every chart and the trace download."""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET

import pytest
import torch

from rnn_core.io import load_model, net_arrays
from tests.e2e.conftest import shown_step, visible_texts, wait_idle
from ui.models import PYTORCH_SNIPPET


@pytest.fixture(scope="module")
def char_lstm(tmp_path_factory):
    """The README's snippet run as a student would: char_lstm.pt and char_lstm.safetensors, trained on "hello"."""
    folder = tmp_path_factory.mktemp("notebook")
    torch.manual_seed(0)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        exec(compile(PYTORCH_SNIPPET, "notebook", "exec"), {"__name__": "notebook"})  # noqa: S102
    finally:
        os.chdir(cwd)
    return folder


def open_models(page, app_url, width=1280, height=800):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/models")
    page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
    wait_idle(page)


def type_into(page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def downloaded(page, click) -> tuple[str, bytes]:
    with page.expect_download() as d:
        click()
    dl = d.value
    return dl.suggested_filename, open(dl.path(), "rb").read()


def test_upload_a_torch_lstm_type_and_step(page, app_url, char_lstm, tmp_path):
    open_models(page, app_url)
    page.locator("input[type=file]").set_input_files(str(char_lstm / "char_lstm.pt"))
    page.wait_for_selector(".st-key-md_vocab input", timeout=30_000)
    wait_idle(page)
    found = page.locator("[data-testid='stAlertContentSuccess']").inner_text()
    assert "char_lstm.pt" in found and "LSTM layer named rnn" in found and "embedding table E of 4 tokens" in found
    type_into(page, "md_vocab", "helo")
    type_into(page, "md_classes", "h e l o")
    type_into(page, "md_text", "hello")
    page.wait_for_selector(".st-key-md_diagram svg", timeout=30_000)
    assert shown_step(page, "md_diagram") == 1
    page.locator("h1").first.click()  # focus off the text box: the keys step
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.st-key-md_diagram [data-name^="header-"]')]
            .some(e => e.getBoundingClientRect().width > 0 && e.querySelector('tspan[font-weight="bold"]')
                  && e.textContent.trim() === 't=2')""",
        timeout=10_000,
    )
    titles = visible_texts(page, ".st-key-md_output [data-name=title]")
    assert any("p_2" in t and "e" in t for t in titles), titles
    assert any(t.strip().startswith("Step t = 2") for t in visible_texts(page, ".st-key-md_math .unr-html > div"))
    assert page.locator("[data-testid='stException']").count() == 0
    for w, h in ((1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(500)
        shot = tmp_path / f"models-{w}x{h}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000


def test_every_chart_and_the_trace_download(page, app_url, char_lstm):
    open_models(page, app_url)
    page.locator("input[type=file]").set_input_files(str(char_lstm / "char_lstm.safetensors"))
    page.wait_for_selector(".st-key-md_vocab input", timeout=30_000)
    wait_idle(page)
    type_into(page, "md_vocab", "helo")
    page.wait_for_selector(".st-key-md_diagram svg", timeout=30_000)

    page.locator(".st-key-md_diagram").hover()
    name, png = downloaded(page, lambda: page.locator(".st-key-md_diagram .unr-save button[data-as=png]").click())
    assert name == "unrolled-md_diagram-t1.png" and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    name, svg = downloaded(page, lambda: page.locator(".st-key-md_diagram .unr-save button[data-as=svg]").click())
    root = ET.fromstring(svg)  # a standalone, well-formed SVG
    assert name.endswith(".svg") and root.tag == "{http://www.w3.org/2000/svg}svg" and b"t=1" in svg

    name, data = downloaded(page, lambda: page.get_by_role("button", name="Download the trace (CSV)").click())
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert name.endswith(".csv") and rows[0][:3] == ["t", "x_t", "x_t[1]"] and "c_t[16]" in rows[0]
    assert [r[1] for r in rows[1:]] == ["h", "e", "l", "o"]

    name, data = downloaded(page, lambda: page.get_by_role("button", name="Download as an Unrolled file").click())
    back, mine = load_model(data), load_model((char_lstm / "char_lstm.safetensors").read_bytes())
    assert name == "unrolled-lstm-16.safetensors" and back.meta.vocab == tuple("helo")
    for k, a in net_arrays(mine.net).items():
        assert (net_arrays(back.net)[k] == a).all(), k

    page.get_by_text("Weights and their shapes").click()
    chart = page.locator(".st-key-md_why .main-svg").first
    chart.wait_for(timeout=20_000)
    chart.hover()
    buttons = page.locator(".st-key-md_why .modebar-btn")
    assert buttons.count() == 1 and buttons.first.get_attribute("data-title") == "Download plot as a PNG"
    name, png = downloaded(page, lambda: buttons.first.click())
    assert name == "unrolled-md_why.png" and png.startswith(b"\x89PNG")
