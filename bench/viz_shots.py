"""Render every viz figure to PNG in headless Chromium, for looking at them (not a test).

    python bench/viz_shots.py [out_dir] [name-filter]

Writes ``<name>.html`` (plotly.js inlined, no network) and ``<name>_<width>.png`` for viewports
1280x800 (laptop) and 1920x1080 (projector) into ``out_dir`` (default /tmp/viz_shots). Needs
Playwright and Debian's Chromium at /usr/bin/chromium; kaleido is not needed.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import rnn_core as rc  # noqa: E402
from viz.bars import prob_bars  # noqa: E402
from viz.base import PLOTLY_CONFIG  # noqa: E402
from viz.heatmaps import history_heatmap, matrix_heatmap  # noqa: E402
from viz.rolled import rolled_figure  # noqa: E402
from viz.unrolled import unrolled_figure  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = [(1280, 800), (1920, 1080)]
SENTENCE = ("Toulouse , France is where I did my post doctoral studies . I speak fluent French").split()


def run(kind, tokens, H, seed=0):
    """Real hidden states from a random cell over one-hot tokens."""
    vocab = sorted(set(tokens))
    xs = np.eye(len(vocab))[[vocab.index(w) for w in tokens]]
    p = rc.init_params(kind, len(vocab), H, np.random.default_rng(seed), scale=0.9)
    trace = rc.unroll(p, xs)
    dh = rc.bptt(p, trace, np.r_[np.zeros((len(tokens) - 1, H)), np.ones((1, H))][: len(tokens)]).dh
    return p, trace.h, np.linalg.norm(dh, axis=1)


def figures():
    """(name, figure, big) for every view worth eyeballing."""
    p5, h5, _ = run("rnn", list("hello"), 6)
    _, h4, g4 = run("rnn", list("hell"), 4)
    _, h16, _ = run("gru", SENTENCE[:16], 16)
    _, h40, g40 = run("rnn", (SENTENCE * 3)[:40], 16, seed=1)
    _, h40l, _ = run("lstm", (SENTENCE * 3)[:40], 16, seed=1)
    rng = np.random.default_rng(0)
    probs4 = rng.uniform(0.3, 0.9, 4)
    fig = {}
    fig["hello_t1"] = (unrolled_figure(h4, 1, list("hell"), list("ello"), y_probs=probs4, title="Character model"),)
    fig["hello_feedback"] = (
        unrolled_figure(h5, 2, list("hello"), list("ellol"), y_probs=rng.uniform(0.3, 0.9, 5), feedback=True),
    )
    fig["hello_grad"] = (unrolled_figure(h4, None, list("hell"), list("ello"), grad=g4),)
    fig["hello_big"] = (unrolled_figure(h4, 2, list("hell"), list("ello"), y_probs=probs4, big=True), True)
    fig["words16"] = (unrolled_figure(h16, 9, SENTENCE[:16], SENTENCE[1:16] + ["."], cell="gru"),)
    fig["words16_m2o"] = (
        unrolled_figure(h16, 15, SENTENCE[:16], [None] * 15 + ["French"], y_probs=[None] * 15 + [0.8], cell="gru"),
    )
    fig["words16_big"] = (unrolled_figure(h16, 5, SENTENCE[:16], SENTENCE[1:16] + ["."], big=True), True)
    fig["words40"] = (unrolled_figure(h40, 20, (SENTENCE * 3)[:40], (SENTENCE * 3)[1:41]),)
    fig["words40_grad"] = (unrolled_figure(h40, None, (SENTENCE * 3)[:40], [None] * 39 + ["French"], grad=g40),)
    fig["lstm40_big"] = (unrolled_figure(h40l, 30, (SENTENCE * 3)[:40], None, cell="lstm", big=True), True)
    x60 = [f"{v:.2f}" for v in np.sin(np.arange(60) / 5)]
    h60 = np.tanh(rng.normal(size=(60, 64)))
    fig["scalar60_h64"] = (unrolled_figure(h60, 44, x60, [None] * 59 + ["up"], y_probs=[None] * 59 + [0.7]),)
    fig["scalar1_h1"] = (unrolled_figure(h60[:1, :1], 0, x60[:1], ["0.41"]),)
    for c in ("rnn", "lstm"):
        fig[f"rolled_{c}"] = (rolled_figure(c),)
    fig["rolled_gru_big"] = (rolled_figure("gru", big=True), True)
    fig["matrix_whh"] = (matrix_heatmap(p5.W_hh, "W_hh (6 x 6)", colorbar_title="weight"),)
    fig["matrix_wxh"] = (matrix_heatmap(p5.W_xh, "W_xh (6 x 4)", col_labels=sorted(set("hello")), big=True), True)
    fig["matrix_64"] = (matrix_heatmap(rng.normal(size=(64, 64)), "W_hh (64 x 64)"),)
    fig["history16"] = (history_heatmap(h16, 9, SENTENCE[:16]),)
    fig["history40_big"] = (history_heatmap(h40, 30, (SENTENCE * 3)[:40], big=True), True)
    vocab = ["French", "English", "Spanish", "German", "Italian", "Dutch", "Greek", "Polish"]
    pr = rng.dirichlet(np.ones(8))
    fig["prob_bars"] = (prob_bars(pr, vocab, highlight="French", title="P(next word)", highlight_note="target"),)
    fig["prob_bars_big"] = (prob_bars(pr, vocab, top_k=3, highlight="French", big=True), True)
    return [(k, v[0], len(v) > 1) for k, v in fig.items()]


PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0;padding:24px 48px;background:#fff;font-family:sans-serif">{div}</body></html>"""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/viz_shots"
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    os.makedirs(out, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"])
        for name, fig, big in figures():
            if only not in name:
                continue
            path = os.path.join(out, f"{name}.html")
            div = fig.to_html(full_html=False, include_plotlyjs=True, config=PLOTLY_CONFIG, default_width="100%")
            with open(path, "w") as fh:
                fh.write(PAGE.format(div=div))
            for w, hgt in VIEWPORTS if not big else VIEWPORTS[1:]:
                page = browser.new_page(viewport={"width": w, "height": hgt})
                page.goto(f"file://{path}")
                page.wait_for_selector(".main-svg")
                page.wait_for_timeout(300)
                page.screenshot(path=os.path.join(out, f"{name}_{w}.png"), full_page=True)
                page.close()
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
