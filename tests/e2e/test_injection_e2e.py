"""In Chromium, on every page the navigation serves: links, images and HTML put in the URL or typed into a text box
never become links, images or elements in the DOM.

Each page is first opened clean, to learn the links Streamlit itself draws that leave the app (the only ones
allowed); then with a hostile payload in every URL parameter (and, on pages that read ``seq``, with each sequence),
and the payload typed into every text box. After each, the whole DOM (open shadow roots too) must have no ``a[href]``
or ``img[src]`` (or any other loading attribute) leaving the app that the clean page did not have, no element made
from the payload (``script``, ``iframe``, a bold or code "PWNED" in markdown, KaTeX in markdown from input) and no
script the payload ran.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests import hostile_util as hu
from tests.e2e.conftest import wait_idle

PAGES = hu.pages()
PAYLOAD = (
    "[PWNED](https://evil.example/l) ![PWNED](https://evil.example/i.png) [PWNED](javascript:window.__pwned=1) "
    '<b>PWNED</b><img src=https://evil.example/h.png onerror="window.__pwned=1"><script>window.__pwned=1</script>'
    "<iframe src=https://evil.example/f></iframe> `PWNED` $\\color{red}{PWNED}$ <https://evil.example/auto> "
    "**PWNED** www.evil.example"
)

# Everything in the DOM that links, loads or runs, and every markdown element the payload could have made.
SCAN = r"""() => {
  const els = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) { els.push(el); if (el.shadowRoot) walk(el.shadowRoot); }
  };
  walk(document);
  const inner = (el, sel) => { const c = el.closest(sel); return c ? c.innerText.trim().slice(0, 300) : null; };
  const about = (el) => ({
    tag: el.tagName.toLowerCase(),
    html: el.outerHTML.slice(0, 200),
    label: el.textContent.trim().slice(0, 200),
    alert: inner(el, '[data-testid=stAlert], [data-testid=stAlertContainer]'),
    text: inner(el, '[data-testid=stMarkdownContainer]'),
  });
  const loads = [], made = [];
  const ATTRS = ['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data', 'background'];
  const REMOTE = /url\(\s*['"]?\s*(https?:|\/\/)/i;
  const RUNS = ['script', 'iframe', 'object', 'embed', 'frame'];
  const MEDIA = ['img', 'image', 'picture', 'video', 'audio'];
  for (const el of els) {
    const tag = el.tagName.toLowerCase();
    for (const attr of ATTRS) {
      const v = el.getAttribute(attr);
      if (v === null || v === '' || v.startsWith('#')) continue;
      let url = null;
      try { url = new URL(v, location.href); } catch (e) {}
      const where = url ? (url.protocol.startsWith('http') ? url.origin : url.protocol) : v.slice(0, 60);
      loads.push({ ...about(el), attr, value: v.slice(0, 200), where });
    }
    const style = el.getAttribute('style') || '';
    if (REMOTE.test(style)) loads.push({ ...about(el), attr: 'style', value: style.slice(0, 200), where: 'style' });
    if (RUNS.includes(tag) && /PWNED|evil|__pwned/.test(el.outerHTML)) made.push(about(el));
    if ([...el.attributes].some(a => a.name.startsWith('on') && /pwned/i.test(a.value))) made.push(about(el));
    const md = el.closest('[data-testid=stMarkdownContainer]');
    if (!md || md === el) continue;
    if (el.children.length === 0 && el.textContent.trim() === 'PWNED' && tag !== 'p') made.push(about(el));
    if (MEDIA.includes(tag)) made.push(about(el));
    if (el.classList.contains('katex') && /PWNED/.test(el.textContent)) made.push(about(el));
  }
  return { loads, made, ran: window.__pwned !== undefined };
}"""


def scan(page) -> dict:
    return page.evaluate(SCAN)


def settle(page) -> None:
    wait_idle(page)
    page.wait_for_timeout(400)  # custom components draw after the run ends
    wait_idle(page)


INSIDE = ("data:", "blob:")  # drawn by the page itself (plotly's heatmap images), nothing leaves the app


def leaves(x: dict, origin: str) -> bool:
    return x["where"] != origin and x["where"] not in INSIDE


def outside(found: dict, origin: str) -> set[tuple[str, str, str]]:
    """(tag, attribute, value) of everything that links or loads from outside the app."""
    return {(x["tag"], x["attr"], x["value"]) for x in found["loads"] if leaves(x, origin)}


def autolink(x: dict) -> bool:
    """A link markdown made of a URL or address written out in text (its text is its target)."""
    text, href = x.get("label", ""), x["value"]
    return x["tag"] == "a" and href.rstrip("/") in {text.rstrip("/"), f"http://{text}".rstrip("/"), f"mailto:{text}"}


def known(x: dict) -> bool:
    """A finding that is one of the app's known problems (hostile_util.KNOWN): a URL in text made a link, or
    anything in the explorer's reading note."""
    in_note = x.get("alert") is not None and hu.known_markup("warning.body", x["alert"])
    return in_note or (x["tag"] == "a" and autolink(x))


def problems(found: dict, origin: str, allowed: set, *, skip_known: bool = True) -> list[str]:
    out = []
    for x in found["loads"]:
        key = (x["tag"], x["attr"], x["value"])
        if leaves(x, origin) and key not in allowed and not (skip_known and known(x)):
            out.append(f"<{x['tag']} {x['attr']}={x['value']!r}> leaves the app (in {x['text'] or x['alert']!r})")
    for x in found["made"]:
        if not (skip_known and known(x)):
            out.append(f"an element from input: {x['html']!r} (in {x['text'] or x['alert']!r})")
    if found["ran"]:
        out.append("the payload's script ran (window.__pwned is set)")
    return out


def open_at(page, app_url: str, p: hu.Page, query: dict) -> None:
    page.goto(f"{app_url}{p.url}" + (f"?{urlencode(query)}" if query else ""))
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    settle(page)


def type_everywhere(page, text: str) -> int:
    boxes = page.locator("[data-testid=stTextInput] input, [data-testid=stTextArea] textarea")
    n = boxes.count()
    for i in range(n):
        box = boxes.nth(i)
        box.fill(text)
        box.press("Enter" if box.evaluate("e => e.tagName") == "INPUT" else "Control+Enter")
        settle(page)
    return n


# On the pages that read seq, the payload also goes in with these sequences, one test each (so the workers share
# them): words, numbers, a sound and a picture; letters ("chars") are what the payload as seq falls back to.
# tests/test_hostile.py puts hostile values in with every sequence through AppTest.
SEQS = ("words", "scalar", "audio", "caption")
CASES = [(p, seq) for p in PAGES for seq in ((None, *SEQS) if hu.reads(p, "seq") else (None,))]


@pytest.mark.parametrize("p, seq", CASES, ids=[p.name + (f"-{seq}" if seq else "") for p, seq in CASES])
def test_injected_links_and_images_stay_text(page, app_url, p, seq):
    page.set_viewport_size({"width": 1280, "height": 900})
    origin = app_url.rstrip("/")
    open_at(page, app_url, p, {})
    clean = scan(page)
    allowed = outside(clean, origin)
    assert not problems(clean, origin, allowed), "a clean page already has findings"
    assert page.locator("[data-testid=stException]").count() == 0

    every = {name: PAYLOAD for name in (*hu.url_params(), *hu.NOT_READ)}
    links = [every if seq is None else every | {"seq": seq}]
    found, typed = [], 0
    for query in links:
        open_at(page, app_url, p, query)
        found += [f"{p.url}?seq={query['seq'][:12]!r}...: {x}" for x in problems(scan(page), origin, allowed)]
        typed += type_everywhere(page, PAYLOAD)
        found += [f"{p.url}?seq={query['seq'][:12]!r}, typed: {x}" for x in problems(scan(page), origin, allowed)]
    assert not found, "\n".join(found[:15])
    print(f"{p.url}: allowed outside links {sorted(allowed)}; {len(links)} links, {typed} text boxes typed into")


def test_explorer_reading_note_draws_no_link(page, app_url):
    origin = app_url.rstrip("/")
    found = []
    for p in PAGES:
        if not hu.reads(p, "seq"):
            continue
        open_at(page, app_url, p, {})
        allowed = outside(scan(page), origin)
        open_at(page, app_url, p, {"seq": "scalar", "text": f"0.5 {PAYLOAD}"})  # a number, so the note quotes the rest
        found += [f"{p.url}: {x}" for x in problems(scan(page), origin, allowed, skip_known=False)]
    assert not found, "\n".join(found[:15])


def test_url_in_a_link_note_is_not_a_live_link(page, app_url):
    origin = app_url.rstrip("/")
    found = []
    for p in PAGES:
        open_at(page, app_url, p, {})
        allowed = outside(scan(page), origin)
        open_at(page, app_url, p, {"seed": "https://evil.example/x", "t": "www.evil.example"})
        found += [f"{p.url}: {x}" for x in problems(scan(page), origin, allowed, skip_known=False)]
    assert not found, "\n".join(found[:15])
