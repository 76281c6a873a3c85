"""Shared by the hostile-input, fuzz, isolation and injection suites: which pages and URL parameters the app has
(read from its source, never a hand-kept list), the hostile values, an AppTest driver that can send any widget value
a browser (or a forged client) could, and the checks that no input reaches the page as markup.

"No markup from input":

* every string Streamlit renders as markdown (bodies, labels, help, options, table cells, LaTeX) must not hold a
  piece of a hostile payload *unescaped*. ``ui.safe.md`` escapes every ASCII punctuation mark with a backslash, so
  an escaped payload never holds a marker such as ``](https://`` contiguously, and a marker that starts with
  punctuation (``$\\``) counts only when no odd run of backslashes precedes it. URLs and e-mail addresses are
  the exception: the browser's markdown makes links of them after reading the escapes (:func:`autolinks`);
* plotly renders a subset of HTML in its text, so no figure string may hold an ``<a``, ``<img`` (or other) tag;
* a custom component's data may be put in the page as HTML (the explorer's stepper does), so every string in it is
  parsed as HTML: no tag that runs, loads or navigates, no handler, no attribute pointing outside.

Problems the app has today are listed in :data:`KNOWN`, each with the strict xfail test that reproduces it.
"""

from __future__ import annotations

import ast
import functools
import json
import math
import pathlib
import random
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from html.parser import HTMLParser

import numpy as np
from google.protobuf.descriptor import FieldDescriptor
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget
from streamlit.testing.v1.util import patch_config_options

from tests.apptest_util import ROOT, app

APP = ROOT / "app.py"
SHARED_PARAMS = {"seq", "arch", "units", "seed", "t", "present"}  # DESIGN.md: every page shares these
NOT_READ = ("zzz_unread", "embed", "embed_options")  # params no page reads (the last two are Streamlit's own)
FULL_ERRORS = {"client.showErrorDetails": "full"}  # .streamlit/config.toml redacts them; tests want the traceback


# --- the app's pages and URL parameters, from its source -------------------------------------------------------


@dataclass(frozen=True)
class Page:
    script: str  # "app_pages/unroll.py", relative to the repository
    url_path: str  # "" for the default page (served at /), else "window"
    title: str

    @property
    def name(self) -> str:
        return pathlib.PurePosixPath(self.script).stem

    @property
    def url(self) -> str:
        return "/" + self.url_path


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _const(node):
    return node.value if isinstance(node, ast.Constant) else None


def pages() -> list[Page]:
    """Every ``st.Page("file.py", ..., url_path=...)`` in app.py's navigation, in source order. A page this cannot
    read (a callable page, a computed path) fails loudly rather than being left out."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _dotted(n.func).split(".")[-1] == "Page"]
    found = []
    for call in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        kw = {k.arg: k.value for k in call.keywords}
        script = _const(call.args[0]) if call.args else _const(kw.get("page"))
        assert isinstance(script, str), f"app.py line {call.lineno}: a page that is not a file path; teach pages()"
        default = _const(kw.get("default")) is True
        url_path = _const(kw.get("url_path")) if "url_path" in kw else pathlib.PurePosixPath(script).stem
        assert isinstance(url_path, str), f"app.py line {call.lineno}: url_path is not a string literal"
        title = _const(kw.get("title")) or pathlib.PurePosixPath(script).stem
        found.append(Page(script, "" if default else url_path.strip("/"), str(title)))
    assert found, "no st.Page(...) found in app.py"
    return found


def url_params() -> list[str]:
    """Every query parameter the app reads: the link parameters of every page's view (``ui.schema`` fields), the
    stripped link's ``hide``, and any other ``query_params.get("name")`` or ``query_params["name"]`` in app.py,
    app_pages/ and ui/."""
    from ui.explorer.state import VIEW as explorer
    from ui.fluent.state import VIEW as window
    from ui.present import APP
    from ui.quiz.state import VIEW as quiz
    from ui.share import PARAM
    from ui.tour.state import VIEW as tour
    from ui.training.state import VIEW as training

    names = {f.url for v in (explorer, window, quiz, tour, training, APP) for f in v.fields if f.url} | {PARAM}
    files = [ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    for path in files:
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Call):
                fn = _dotted(n.func)
                first = _const(n.args[0]) if n.args else None
                if fn.endswith("query_params.get") and isinstance(first, str):
                    names.add(first)
            elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load):
                if _dotted(n.value).endswith("query_params") and isinstance(_const(n.slice), str):
                    names.add(_const(n.slice))
    missing = SHARED_PARAMS - names
    assert not missing, f"url_params() no longer finds {missing}: teach it how the app reads its URL now"
    return sorted(names)


def task_ids() -> tuple[str, ...]:
    """The values ``seq`` can take (the task catalogue)."""
    from rnn_core.tasks import TASK_IDS

    return tuple(TASK_IDS)


# --- hostile values -----------------------------------------------------------------------------------------------

EVIL = "https://evil.example"
HOSTILE_TEXT: dict[str, str] = {
    "empty": "",
    "blank": "  \t   ",
    "huge": "x" * 100_000,
    "huge_links": (f"[PWNED]({EVIL}/a) 0.5 h " * 4000)[:100_000],
    "emoji": "🙂👩‍👩‍👧‍👦🇫🇷 ✨ e\u0301",
    "rtl": "\u202eelpmaxe.live\u202c שלום مرحبا \u200f!",
    "zero_width": "h\u200be\u200cl\u200dl\ufeffo\u2060",
    "control": "h\x00e\x07l\x1bl\x08o\r\n\t\x7f\x85\u2028\u2029.",
    "html": f"<b>PWNED</b><script>window.__pwned=1</script><img src={EVIL}/h.png onerror=alert(1)>"
    f"<iframe src={EVIL}/f></iframe><a href={EVIL}/t>PWNED</a>",
    "md_link": f"[PWNED]({EVIL}/link)",
    "md_image": f"![PWNED]({EVIL}/img.png)",
    "md_ref": f"[PWNED][r]\n\n[r]: {EVIL}/ref",
    "autolink": f"<{EVIL}/auto> www.evil.example {EVIL}/bare PWNED@evil.example",
    "backticks": "`PWNED` ```\nPWNED\n``` ``x``",
    "latex": f"$\\color{{red}}{{PWNED}}$ $$\\href{{{EVIL}}}{{PWNED}}$$ \\(PWNED\\)",
    "emphasis": "**PWNED** __PWNED__ *i* ~~s~~\n# PWNED\n> q\n- l",
    "directives": ":red[PWNED] :material/warning: :smile: :rainbow-background[PWNED]",
    "entities": "&lt;b&gt;PWNED&lt;/b&gt; &#x3C;img&#x3E; &amp;",
    "javascript": "javascript:alert(1)",
    "format": "{0} %s %(x)s {{}} {t} %n",
    "numbers_as_text": "nan inf -inf -0 1e999 0x1F 1_000",
    "mixed": f"hello [PWNED]({EVIL}) ![x]({EVIL}/x.png) <script>x</script> `PWNED` $\\color{{red}}{{x}}$ 0.5 "
    "Toulouse , France . I speak fluent",
}
HOSTILE_NUMBERS: dict[str, str] = {
    "neg": "-1",
    "zero": "0",
    "neg_zero": "-0",
    "nan": "nan",
    "NaN": "NaN",
    "inf": "inf",
    "neg_inf": "-inf",
    "overflow": "1e999",
    "big": "9" * 40,
    "fraction": "3.5",
    "padded": " 7 ",
    "plus": "+3",
    "arabic_digit": "\u0663",
    "hex": "0x10",
    "underscore": "1_0",
}
NONSENSE: dict[str, str] = {
    "word": "klingon",
    "upper": "RNN",
    "list": "rnn,lstm",
    "path": "../../etc/passwd",
    "nul": "\x00",
    "none": "None",
    "json": '{"a": [1, 2]}',
    "true": "true",
}
URL_VALUES: dict[str, str] = {**HOSTILE_TEXT, **HOSTILE_NUMBERS, **NONSENSE}

# Typed numbers no browser sends but a forged client can; whole-number boxes get NaN and inf too while
# INT_TAKES_NONFINITE holds.
EXTREME_NUMBERS = (-0.0, -1.0, 0.5, 1e308, -1e308, 2.0**63, -(2.0**63), 1e-320)
NONFINITE = (math.nan, math.inf, -math.inf)
# A Streamlit int st.number_input sent NaN or inf raises inside Streamlit (int(nan) in NumberInputSerde.deserialize)
# before the page runs, so the app draws every whole-number box as a float box (ui/numbers.py), which takes them;
# tests/test_hostile.py::test_nonfinite_number_in_an_int_input checks it. Set this False only if a page goes back to
# an int box.
INT_TAKES_NONFINITE = True

# Pieces of the payloads above that must never reach markdown unescaped.
MARKERS = (
    "evil.example",  # a link or image target, unescaped
    "![",
    "](",
    "<b>",
    "<script",
    "<img",
    "<iframe",
    "<a ",
    "$\\",
    "\\color",
    "\\href",
    "`PWNED`",
    "``",
    "**PWNED**",
    "__PWNED__",
    "# PWNED",
    ":red[",
    ":rainbow-background[",
    ":smile:",
    ":material/warning:",
    "&lt;",
    "&#x3C;",
    "\x00",
    "\x1b",
    "\x07",
)
# Plotly draws <a href>, <b>, <i>, <br>, <span style> ... in any text: none of these may come from input.
FIGURE_TAGS = re.compile(r"<\s*(a|img|script|iframe|svg|object|embed|image)[\s>/]|href\s*=", re.I)
# Strings in a figure that are data, not text.
FIGURE_SKIP_KEYS = {"bdata", "dtype", "shape", "uid", "type", "mode", "xref", "yref", "layer"}


# --- what is on the page ------------------------------------------------------------------------------------------

# Proto fields that are never rendered as text (ids, formats, the widget's own value, plotly specs, CSS).
SKIP_FIELDS = {"id", "form_id", "format", "shortcut", "type", "icon", "config", "spec", "tag", "divider", "uuid"}
SKIP_FIELDS |= {"styles", "columns", "raw_value", "raw_values", "selection_mode", "theme", "width_config"}
# A custom component's code is the app's; its data (json) is checked as HTML by component_findings instead.
SKIP_FIELDS |= {"json", "component_name", "js_content", "css_content", "html_content", "js_source_path"}
SKIP_FIELDS |= {"css_source_path"}
INPUT_VALUE_FIELDS = {"default", "value", "placeholder"}  # a text box shows what was typed, as plain text
INPUT_TYPES = {"text_input", "text_area", "number_input", "chat_input"}


def _strings(msg, path: str = "") -> Iterator[tuple[str, str]]:
    for fd, val in msg.ListFields():
        if fd.name in SKIP_FIELDS:
            continue
        p = f"{path}.{fd.name}" if path else fd.name
        items = val if fd.is_repeated else [val]
        if fd.type == FieldDescriptor.TYPE_STRING:
            for v in items:
                yield p, v
        elif fd.type == FieldDescriptor.TYPE_MESSAGE:
            for v in items:
                if hasattr(v, "ListFields"):
                    yield from _strings(v, p)


def nodes(at: AppTest) -> Iterator:
    """Every element and block on the page (main, sidebar, events)."""
    yield from at._tree


def rendered(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every string the page renders as markdown or text: bodies, labels, help, options, alert
    and exception messages, metric values, expander and tab labels, table and dataframe cells. Plotly figures are
    checked by :func:`figure_findings`; what a person typed into a text box is left out (it is shown as typed)."""
    out = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields") or node.type == "exception":
            continue  # an exception is a failure of its own (and shows no details in production)
        where = node.type + (f"[{node.key}]" if getattr(node, "key", None) else "")
        for p, s in _strings(proto):
            if node.type in INPUT_TYPES and p in INPUT_VALUE_FIELDS:
                continue
            out.append((f"{where}.{p}", s))
        if node.type in ("table", "dataframe"):
            try:
                frame = node.value
                frame = getattr(frame, "data", frame)  # a Styler's frame
                cells = [str(c) for c in frame.to_numpy().ravel().tolist()]
                cells += [str(c) for c in frame.columns] + [str(c) for c in frame.index]
            except Exception as e:  # a table the test cannot read is a finding, not a pass
                cells = [f"<unreadable table: {e!r}>"]
            out += [(f"{where}.cell", c) for c in cells]
    return out


def unescaped(text: str, marker: str) -> bool:
    """``marker`` occurs in ``text`` with an even number of backslashes (none) right before it."""
    start = 0
    while (i := text.find(marker, start)) >= 0:
        j = i
        while j > 0 and text[j - 1] == "\\":
            j -= 1
        if (i - j) % 2 == 0:
            return True
        start = i + 1
    return False


# Streamlit's markdown (remark-gfm) turns URLs and e-mail addresses in *text* into links after escapes are read, so
# a backslash does not stop them: "https\\:\\/\\/x\\.y" is still a live link to https://x.y in the browser.
AUTOLINK = re.compile(r"(?i)(?:https?://|www\.)[\w-]|[\w.+-]+@[\w-]+\.\w")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def autolinks(text: str) -> bool:
    """Whether ``text``, read as markdown, holds a URL or an e-mail address the browser will make a link of."""
    return bool(AUTOLINK.search(_MD_ESCAPE.sub(r"\1", text)))


def markup_findings(at: AppTest, ignore: Callable[[str, str, str], bool] | None = None) -> list[str]:
    """Every rendered string holding a hostile marker unescaped (or a URL that will be autolinked), as
    ``where: [markers] in 'text'``; ``ignore(where, text, marker)`` leaves a finding out."""
    found = []
    for where, text in rendered(at):
        hits = [m for m in MARKERS if unescaped(text, m)] + (["autolink"] if autolinks(text) else [])
        hits = [h for h in hits if not (ignore and ignore(where, text, h))]
        if hits:
            found.append(f"{where}: {hits} in {text[:300]!r}")
    return found


def _figure_strings(obj, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in FIGURE_SKIP_KEYS:
                yield from _figure_strings(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _figure_strings(v, f"{path}[{i}]")


def figure_findings(at: AppTest) -> list[str]:
    """Every plotly text (titles, annotations, ticks, hover text, trace names) holding a link or an HTML tag that
    can load or navigate."""
    found = []
    for node in nodes(at):
        if node.type != "plotly_chart":
            continue
        fig = json.loads(node.proto.spec)
        for path, s in _figure_strings(fig):
            if FIGURE_TAGS.search(s):
                found.append(f"plotly_chart[{node.key}]{path}: {s[:200]!r}")
    return found


# HTML a component puts into the page with innerHTML: tags that run, load or navigate, and handlers, never from input.
DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "img", "image", "a", "object", "embed", "link", "meta"}
DANGEROUS_TAGS |= {"base", "form", "video", "audio", "source", "foreignobject", "use", "style", "svg:a"}
REMOTE_URL = re.compile(r"url\(\s*['\"]?\s*(https?:|//)")  # a style that loads from elsewhere (url(#id) is fine)
TEX_MACROS = re.compile(r"\\(href|url|includegraphics|htmlClass|htmlId|htmlStyle|htmlData)\b|evil\.example")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}> tag")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            elif "evil.example" in v or v.startswith(("javascript:", "data:text/html")) or REMOTE_URL.search(v):
                self.found.append(f"{name}={value[:80]!r} on <{tag}>")


def html_findings(markup: str) -> list[str]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.found


def _json_strings(obj, path: str = "", tex: bool = False) -> Iterator[tuple[str, str, bool]]:
    if isinstance(obj, str):
        yield path, obj, tex
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _json_strings(v, f"{path}.{k}", tex or k == "tex")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _json_strings(v, f"{path}[{i}]", tex)


def component_findings(at: AppTest) -> list[str]:
    """Custom components (``st.components.v2``) get JSON data that their JS may put in the page as HTML (and
    LaTeX, rendered by KaTeX): every string in it is checked as HTML, and LaTeX for macros that link or embed."""
    found = []
    for node in nodes(at):
        if node.type != "bidi_component":
            continue
        data = [json.loads(raw) for raw in (node.proto.json, node.proto.mixed.json) if raw]
        for path, s, is_tex in _json_strings(data):
            where = f"{node.type}[{node.key}]{path}"
            found += [f"{where}: {f} in {s[:160]!r}" for f in html_findings(s)]
            if is_tex and TEX_MACROS.search(s):
                found.append(f"{where}: TeX macro from input in {s[:160]!r}")
    return found


def shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every string the page shows: rendered markdown and labels, plotly texts and components'
    data (what a person typed into a text box is left out: it is shown as typed)."""
    yield from rendered(at)
    for node in nodes(at):
        if node.type == "plotly_chart":
            for path, s in _figure_strings(json.loads(node.proto.spec)):
                yield f"plotly_chart[{node.key}]{path}", s
        elif node.type == "bidi_component":
            data = [json.loads(raw) for raw in (node.proto.json, node.proto.mixed.json) if raw]
            for path, s, _ in _json_strings(data):
                yield f"{node.type}[{node.key}]{path}", s


def invisible_findings(at: AppTest) -> list[str]:
    """Every shown string holding a format character (Unicode Cf: a bidirectional control such as U+202E, a
    zero-width space, ...) but those ui.safe keeps on purpose: the joiners in ``KEPT_FORMAT`` and its own word
    joiner in a link."""
    import unicodedata

    from ui.safe import JOINER, KEPT_FORMAT

    allowed = KEPT_FORMAT | {JOINER}
    found = []
    for where, text in shown(at):
        bad = {c for c in text if unicodedata.category(c) == "Cf" and c not in allowed}
        if bad:
            found.append(f"{where}: {sorted(f'U+{ord(c):04X}' for c in bad)} in {text[:120]!r}")
    return found


def exceptions(at: AppTest) -> list[str]:
    return [f"{e.message}\n" + "\n".join(e.stack_trace[-4:]) for e in at.exception]


# --- known problems in the app (each has a strict xfail test that reproduces it) ---------------------------------


@dataclass(frozen=True)
class Known:
    """A problem the app has today; ``markup(where, text, marker)`` / ``crash(message)`` say which findings are it,
    so the suites keep checking everything else. The xfail test named in ``test`` reproduces it; when that test
    passes, delete the entry."""

    test: str
    markup: Callable[[str, str, str], bool] = field(default=lambda where, text, hit: False)
    crash: Callable[[str], bool] = field(default=lambda message: False)


KNOWN = ()


def known_markup(where: str, text: str, hit: str = "") -> bool:
    return any(k.markup(where, text, hit) for k in KNOWN)


def known_crash(message: str) -> bool:
    return any(k.crash(message) for k in KNOWN)


def problems(at: AppTest, *, markup: bool = True) -> list[str]:
    """Exceptions, markup from input and figure tags on the page now, known problems left out."""
    out = [f"exception: {m}" for m in exceptions(at) if not known_crash(m)]
    if markup:
        out += markup_findings(at, ignore=known_markup) + figure_findings(at) + component_findings(at)
    return out


# --- what the suites try and how they report it -------------------------------------------------------------------


def report(found: list[str], limit: int = 12) -> str:
    """The first ``limit`` findings, one a line, and how many more there are."""
    more = f"\n... and {len(found) - limit} more" if len(found) > limit else ""
    return "\n".join(found[:limit]) + more


def extremes(w) -> list[float]:
    """The numbers a forged client may type into number box ``w``: extremes, one past each end, NaN and inf."""
    vals = list(EXTREME_NUMBERS)
    lo = w.proto.min if w.proto.has_min else None
    hi = w.proto.max if w.proto.has_max else None
    vals += [v for v in (lo is not None and lo - 1, hi is not None and hi + 1) if v is not False]
    if not is_int(w) or INT_TAKES_NONFINITE:
        vals += list(NONFINITE)
    return vals


FORGED_TEXT = ("klingon", HOSTILE_TEXT["md_link"], HOSTILE_TEXT["html"], "")


def forged_values(w) -> list:
    """What no browser sends for ``w`` but a forged client can: options it does not offer, an empty or double
    selection, a slider off its range, a click on a disabled button."""
    if w.type in ("selectbox", "radio"):
        return list(FORGED_TEXT)
    if w.type in ("button_group", "select_slider"):
        return [[t] for t in FORGED_TEXT] + [[], options(w)[:1] * 2]
    if w.type == "slider":
        lo, hi = w.proto.min, w.proto.max
        return [[lo - 1], [hi + 1], [-0.0], [math.nan], [math.inf], [lo + 0.5], [lo, hi]]
    if w.type == "button":  # a click on a disabled button
        return [True] if w.disabled else []
    return []


def forged(at: AppTest, w: Widget, value) -> list[str]:
    """Send a forged ``value`` to ``w``, and rerun once more if the page took it: the problems after each."""
    name = name_of(w)
    send(at, w, value)
    found = [f"{name} <- {value!r}: {p}" for p in problems(at)]
    if not at.exception:
        at.run()
        found += [f"{name} <- {value!r}, then a rerun: {p}" for p in problems(at, markup=False)]
    return found


# --- driving pages ------------------------------------------------------------------------------------------------


def open_page(page: Page, timeout: float = 120, **query) -> AppTest:
    """The whole app (app.py and its navigation) at ``page`` with ``query`` in the URL (not run yet)."""
    at = app("", timeout=timeout, **query)
    at.switch_page(page.script)
    return at


@contextmanager
def full_errors():
    """Exceptions with their message and traceback (the app's config redacts them)."""
    with patch_config_options(FULL_ERRORS):
        yield


def widgets(at: AppTest, types: tuple[str, ...] | None = None) -> list[Widget]:
    return [n for n in nodes(at) if isinstance(n, Widget) and (types is None or n.type in types)]


def name_of(w: Widget) -> str:
    """How a widget is named in logs and replays: its key, else its type and label."""
    return w.key or f"{w.type}:{getattr(w, 'label', '')}"


def find(at: AppTest, name: str) -> Widget | None:
    for w in widgets(at):
        if name_of(w) == name:
            return w
    return None


def options(w: Widget) -> list[str]:
    """The formatted options a selection widget shows (what a browser sends back)."""
    if w.type == "button_group":
        return [o.content for o in w.proto.options]
    return list(w.proto.options)


def send(at: AppTest, w: Widget, value) -> AppTest:
    """Run the page as after a browser sent ``value`` for ``w`` (any value: a forged client's too).

    selectbox / radio: a formatted option (str); button_group / select_slider: a list of formatted options;
    slider: a list of numbers; number_input: a number; toggle / checkbox: a bool; text_input: a str; button: True;
    a custom component (``bidi_component``): the JSON text its JS would report with ``setStateValue``.
    """
    states = at._tree.get_widget_states()
    if getattr(w, "type", None) == "bidi_component":  # a custom component reports a JSON string
        state = states.widgets.add()
        state.id, state.json_value = w.proto.id, value
        return at._run(states)
    for s in states.widgets:
        if s.id != w.id:
            continue
        if w.type in ("selectbox", "radio", "text_input", "text_area"):
            s.string_value = value
        elif w.type in ("button_group", "select_slider"):
            del s.string_array_value.data[:]
            s.string_array_value.data.extend(value)
        elif w.type == "slider":
            del s.double_array_value.data[:]
            s.double_array_value.data.extend(float(v) for v in value)
        elif w.type == "number_input":
            s.double_value = float(value)
        elif w.type in ("toggle", "checkbox"):
            s.bool_value = bool(value)
        elif w.type == "button":
            s.trigger_value = True
        else:
            raise TypeError(f"send() does not drive {w.type}")
        break
    else:
        raise KeyError(f"{name_of(w)} is not on the page")
    return at._run(states)


def components(at: AppTest) -> list:
    """The custom components (``st.components.v2``) on the page that report state back (have an id)."""
    return [n for n in nodes(at) if n.type == "bidi_component" and n.proto.id]


def component_events(at: AppTest, node) -> list[str]:
    """The events a component reports (the ``on_<event>_change`` callbacks the page gave it)."""
    meta = at.session_state._state._state._new_widget_state.widget_metadata.get(node.proto.id)
    callbacks = getattr(meta, "callbacks", None) or {}
    return sorted(callbacks)


def all_toggles_on(at: AppTest) -> AppTest:
    """Switch on every toggle and checkbox (one at a time, as a person would), revealing what they hide."""
    seen = set()
    while True:
        off = [w for w in widgets(at, ("toggle", "checkbox")) if not w.value and not w.disabled and w.id not in seen]
        if not off:
            return at
        seen.add(off[0].id)
        send(at, off[0], True)
        if at.exception:
            return at


@functools.cache
def reads(page: Page, param: str) -> bool:
    """Whether ``page`` reads ``param`` from its link: it rewrites a value it cannot use (every page writes its
    view back into the URL)."""
    probe = "zzz-not-a-value"
    at = open_page(page, **{param: probe}).run()
    return at.query_params.get(param) != probe


def views(page: Page) -> list[dict[str, str]]:
    """The links that show a page's different widget sets: one per sequence on a page that reads ``seq`` (callers
    skip the widgets seen on an earlier one), the plain link on a page that does not (it would show the same widgets
    for every sequence)."""
    return [{"seq": s} for s in task_ids()] if reads(page, "seq") else [{}]


# --- random values (the fuzzer's) ---------------------------------------------------------------------------------

HOSTILE_EVERY = 8  # about one text in this many is hostile, one number or slider value in this many extreme
DRIVEN = ("selectbox", "radio", "button_group", "select_slider", "slider", "number_input", "toggle", "checkbox")
DRIVEN += ("text_input", "text_area", "button")
WORDS = "I speak fluent French Toulouse , France is where did my post doctoral studies . Rome Italy Japan ___".split()


def plausible_text(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "".join(rng.choice("helo") for _ in range(rng.randint(1, 12)))
    if kind == 1:
        return " ".join(f"{rng.uniform(-1.5, 1.5):.2f}" for _ in range(rng.randint(1, 8)))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14)))


def number_choices(w) -> list[float]:
    p = w.proto
    lo = p.min if p.has_min else -3.0
    hi = p.max if p.has_max else 3.0
    now = w.value if w.value is not None else lo
    return sorted({lo, min(lo + 1, hi), hi, now})


def choose(rng: random.Random, w):
    """A value for ``w`` as :func:`hostile_util.send` takes it."""
    t = w.type
    wild = rng.randrange(HOSTILE_EVERY) == 0
    if t in ("selectbox", "radio"):
        return rng.choice(options(w))
    if t in ("button_group", "select_slider"):
        return [rng.choice(options(w))]
    if t == "slider":
        p = w.proto
        if wild:
            return [rng.choice([p.min - 1, p.max + 1, -0.0, math.nan, math.inf])]
        steps = max(int(round((p.max - p.min) / p.step)), 0)
        return [p.min + p.step * rng.randint(0, steps)]
    if t == "number_input":
        if wild:
            extreme = list(EXTREME_NUMBERS)
            if not is_int(w) or INT_TAKES_NONFINITE:
                extreme += list(NONFINITE)
            return rng.choice(extreme)
        return rng.choice(number_choices(w))
    if t in ("toggle", "checkbox"):
        return not w.value
    if t in ("text_input", "text_area"):
        return rng.choice(list(HOSTILE_TEXT.values())) if wild else plausible_text(rng)
    if t == "button":
        return True
    raise TypeError(t)


WHOLE_FORMATS = ("%d", "%i", "%u", "%.0f")


def is_int(w) -> bool:
    """A box for whole numbers: a Streamlit int number_input, or a float one drawn as one (step 1, no decimals
    shown), as ui/numbers.py's whole_number_input draws the seeds."""
    from streamlit.proto.NumberInput_pb2 import NumberInput

    p = w.proto
    return p.data_type == NumberInput.INT or (p.step == 1 and p.format in WHOLE_FORMATS)


# --- the models sessions share -----------------------------------------------------------------------------------


def arrays(obj, path="") -> dict[str, np.ndarray]:
    """Every numpy array inside a stored value (dataclasses, mappings and tuples followed)."""
    if isinstance(obj, np.ndarray):
        return {path: obj}
    out = {}
    if is_dataclass(obj) and not isinstance(obj, type):
        items = [(f.name, getattr(obj, f.name)) for f in fields(obj)]
    elif hasattr(obj, "items"):
        items = list(obj.items())
    elif isinstance(obj, tuple):
        items = list(enumerate(obj))
    else:
        return out
    for k, v in items:
        out |= arrays(v, f"{path}/{k}")
    return out


def shared_arrays() -> dict[str, np.ndarray]:
    """Every array of every model the store (``ui.store``) shares between sessions, by key and path."""
    from ui import store

    s = store._store()
    return {f"{key}{p}": a for key, value in list(s.values.items()) for p, a in arrays(value).items()}


# --- AppTest in threads -------------------------------------------------------------------------------------------


@contextmanager
def threadable_apptest():
    """Let AppTests run in several threads at once. AppTest itself is not made for it, in two ways that are the
    harness's, not the app's: each run sets the process-global ``Runtime._instance`` to its own mock and back to
    None (another thread's run then finds no runtime), and each run compiles the page scripts with ``ast.parse``,
    which is not safe to call from two threads at once in CPython 3.11 ("AST constructor recursion depth
    mismatch"). Here the last runtime stays visible (a real server has one runtime for every session too) and
    compiling is serialised; the scripts themselves run concurrently."""
    from streamlit.runtime import runtime as rt
    from streamlit.runtime.scriptrunner import script_cache as sc

    lock, last = threading.Lock(), []
    orig_instance, orig_exists, orig_bytecode = rt.Runtime.__dict__["instance"], rt.Runtime.__dict__["exists"], None
    orig_bytecode = sc.ScriptCache.get_bytecode

    def instance(cls):
        inst = cls._instance
        if inst is not None:
            last[:] = [inst]
            return inst
        if last:
            return last[0]
        raise RuntimeError("Runtime hasn't been created!")

    def exists(cls):
        return cls._instance is not None or bool(last)

    def get_bytecode(self, script_path):
        with lock:
            return orig_bytecode(self, script_path)

    rt.Runtime.instance, rt.Runtime.exists = classmethod(instance), classmethod(exists)
    sc.ScriptCache.get_bytecode = get_bytecode
    try:
        yield
    finally:
        rt.Runtime.instance, rt.Runtime.exists = orig_instance, orig_exists
        sc.ScriptCache.get_bytecode = orig_bytecode


# --- hostile model files ------------------------------------------------------------------------------------------
# The upload corpus of issue 23, generated here (no binary file is checked in): files that cost a server minutes of
# CPU or gigabytes of memory before rnn_core.io bounded every upload (rnn_core/io/budget.py), and their variants at
# and over each budget. tests/test_hostile_uploads.py opens each within a CPU and memory budget.

MB = 1_000_000


@dataclass(frozen=True)
class Member:
    """One zip member: its bytes as stored (``method`` 0 stored, 8 deflated), their CRC-32 and uncompressed size."""

    stored: bytes
    size: int
    crc: int
    method: int = 0


def stored(data: bytes) -> Member:
    import zlib

    return Member(data, len(data), zlib.crc32(data))


def deflated(data: bytes) -> Member:
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Member(c.compress(data) + c.flush(), len(data), zlib.crc32(data), 8)


def deflated_zeros(n: int) -> Member:
    """``n`` zero bytes (a multiple of 1 MiB), deflated without compressing them all: one MiB's blocks, ended by a
    full flush so they do not depend on what came before, repeated, then an empty final block."""
    import zlib

    mib = bytes(1 << 20)
    assert n % len(mib) == 0, n
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block, crc = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH), 0
    for _ in range(n // len(mib)):
        crc = zlib.crc32(mib, crc)
    return Member(block * (n // len(mib)) + b"\x03\x00", n, crc, 8)


def zip_bytes(members: dict[str, Member]) -> bytes:
    """A zip file holding ``members`` as given (zipfile cannot store a deflate stream made elsewhere)."""
    import struct

    out, central = bytearray(), bytearray()
    for name, m in members.items():
        raw = name.encode()
        head = struct.pack("<HHHHHIIIHH", 20, 0, m.method, 0, 0x21, m.crc, len(m.stored), m.size, len(raw), 0)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + head + struct.pack("<HHHII", 0, 0, 0, 0, len(out)) + raw
        out += b"PK\x03\x04" + head + raw + m.stored
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


@dataclass(frozen=True)
class TensorRecord:
    """A tensor as a torch.save pickle records it: its storage's key and element count, shape and strides."""

    key: str
    numel: int
    shape: tuple[int, ...]
    stride: tuple[int, ...] | None = None  # None: contiguous

    def __reduce__(self):
        import collections

        import torch

        stride = self.stride or tuple(int(np.prod(self.shape[i + 1 :])) for i in range(len(self.shape)))
        storage = ("storage", torch.FloatStorage, self.key, "cpu", self.numel)
        return torch._utils._rebuild_tensor_v2, (
            _Persistent(storage),
            0,
            self.shape,
            stride,
            False,
            collections.OrderedDict(),
        )


@dataclass(frozen=True)
class _Persistent:
    pid: tuple


def torch_pickle(obj) -> bytes:
    """``obj`` (a dict of :class:`TensorRecord`) pickled as torch.save writes data.pkl (protocol 2, storages as
    persistent ids), without the storages' bytes."""
    import io
    import pickle

    class Pickler(pickle.Pickler):
        def persistent_id(self, o):
            return o.pid if isinstance(o, _Persistent) else None

    f = io.BytesIO()
    Pickler(f, protocol=2).dump(obj)
    return f.getvalue()


def torch_zip(pkl: bytes, storages: dict[str, Member]) -> bytes:
    """A torch.save zip: ``archive/data.pkl`` and the storages under ``archive/data/``."""
    members = {"archive/data.pkl": deflated(pkl) if len(pkl) > 1 << 20 else stored(pkl)}
    members |= {f"archive/data/{k}": m for k, m in storages.items()}
    return zip_bytes(members | {"archive/version": stored(b"3\n"), "archive/byteorder": stored(b"little")})


def float32_zeros(*shape: int) -> Member:
    n = int(np.prod(shape)) * 4
    return deflated_zeros(n) if n % (1 << 20) == 0 else deflated(bytes(n))


def rnn_records(D: int, H: int, prefix: str = "rnn.") -> tuple[dict, dict[str, Member]]:
    """The records and storages of an nn.RNN(D, H) state_dict of zeros (storages deflated)."""
    shapes = {"weight_ih_l0": (H, D), "weight_hh_l0": (H, H), "bias_ih_l0": (H,), "bias_hh_l0": (H,)}
    records = {f"{prefix}{k}": TensorRecord(str(i), int(np.prod(s)), s) for i, (k, s) in enumerate(shapes.items())}
    return records, {str(i): float32_zeros(*s) for i, s in enumerate(shapes.values())}


def zeros_unpacking_to(D: int, H: int = 128) -> bytes:
    """A valid torch.save of an nn.RNN(D, H) of zeros whose members are deflated: weight_ih_l0 (H, D) unpacks to
    H * D * 4 bytes from about a thousandth of that."""
    records, storages = rnn_records(D, H)
    return torch_zip(torch_pickle(records), storages)


def declares_one_gib() -> bytes:
    """A 1 MB zip whose tensor record and storage member declare 1 GiB (deflated zeros)."""
    records, storages = rnn_records(1, 4)
    records["rnn.weight_ih_l0"] = TensorRecord("0", 1 << 28, (4, 1 << 26))
    return torch_zip(torch_pickle(records), storages | {"0": deflated_zeros(1 << 30)})


def stride_zero(D: int, H: int = 128) -> bytes:
    """weight_ih_l0 declared (H, D) over a storage of one float (strides 0): tiny to unpack, huge to copy."""
    records, storages = rnn_records(1, H)
    records["rnn.weight_ih_l0"] = TensorRecord("0", 1, (H, D), (0, 0))
    return torch_zip(torch_pickle(records), storages | {"0": stored(bytes(4))})


def shared_dicts(width: int, depth: int, tensors: bool = True) -> bytes:
    """A checkpoint whose dicts hold the same dict ``width`` times, ``depth`` deep (the pickle's memo makes it
    small): width ** depth paths to one RNN's tensors (or, with ``tensors=False``, to a dict of a number)."""
    records, storages = rnn_records(1, 4)
    level: dict = records if tensors else {"epoch": 3}
    for _ in range(depth):
        level = {f"k{i}": level for i in range(width)}
    return torch_zip(torch_pickle(level if tensors else {"model": records, "log": level}), storages)


def many_torch_tensors(n: int) -> bytes:
    """A torch.save of an nn.RNN(1, 4) and ``n`` more (1, 4) '*.weight' tensors, a zip member each."""
    records, storages = rnn_records(1, 4)
    extra = {f"m{i}.weight": TensorRecord(f"x{i}", 4, (1, 4)) for i in range(n)}
    return torch_zip(torch_pickle(records | extra), storages | {f"x{i}": stored(bytes(16)) for i in range(n)})


def opcodes_zip(n: int, op: bytes = b"N") -> bytes:
    """A zip whose data.pkl is ``n`` bytes of one opcode (NONE by default) and a STOP, deflated."""
    return zip_bytes({"archive/data.pkl": deflated(b"\x80\x02" + op * n + b"."), "archive/version": stored(b"3\n")})


def bare_pickle(n: int, op: bytes = b")") -> bytes:
    """A bare pickle of ``n`` bytes of one opcode (EMPTY_TUPLE by default), as pickle.dump would never write."""
    return b"\x80\x02" + op * (n - 3) + b"."


def safetensors_file(arrays_: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> bytes:
    from safetensors.numpy import save

    return save(arrays_, metadata=metadata)


def rnn_arrays(kind: str, D: int, H: int, *, V: int | None = None, O: int | None = None, dtype="float32") -> dict:
    """A state_dict of an [nn.Embedding(V, D)] -> nn.RNN/LSTM/GRU(D, H) -> [nn.Linear(H, O)], small random numbers
    (every weight finite, distinct enough to replay)."""
    G = {"rnn": 1, "gru": 3, "lstm": 4}[kind]
    rng = np.random.default_rng(0)
    shapes = {"rnn.weight_ih_l0": (G * H, D), "rnn.weight_hh_l0": (G * H, H), "rnn.bias_ih_l0": (G * H,)}
    shapes |= {"rnn.bias_hh_l0": (G * H,)}
    shapes |= {"emb.weight": (V, D)} if V else {}
    shapes |= {"fc.weight": (O, H), "fc.bias": (O,)} if O else {}
    return {k: (rng.standard_normal(s) * 0.1).astype(dtype) for k, s in shapes.items()}


def unrolled_file(vocab: int) -> bytes:
    """An Unrolled model file (one-hot over ``vocab`` tokens, an RNN of 2 units) whose metadata lists the tokens."""
    import json

    sd = {"W_xh": np.zeros((2, vocab)), "W_hh": np.zeros((2, 2)), "b_xh": np.zeros(2), "b_hh": np.zeros(2)}
    sd |= {"W_hy": np.zeros((2, 2)), "b_y": np.zeros(2)}
    meta = {"format": "unrolled-model", "format_version": "1", "arch": "rnn", "encoding": "onehot"}
    return safetensors_file(sd, meta | {"vocab": json.dumps([f"t{i}" for i in range(vocab)])})


def extra_weights(n: int) -> bytes:
    """An nn.RNN(1, 4) and ``n`` more (1, 4) '*.weight' tensors: each a candidate output layer to match."""
    sd = rnn_arrays("rnn", 1, 4) | {f"m{i}.weight": np.zeros((1, 4), np.float32) for i in range(n)}
    return safetensors_file(sd)


@contextmanager
def cost() -> Iterator[dict]:
    """What the code inside costs this process: ``cpu`` seconds (``time.process_time``, every thread) and
    ``peak_mb``, how far its resident memory rose above where it started, in MB. The kernel's high-water mark is
    reset first (``/proc/self/clear_refs``), so an earlier test's peak does not hide this one's; then
    ``resource.getrusage`` reads it."""
    import resource
    import time

    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    with open("/proc/self/statm") as f:
        start = int(f.read().split()[1]) * resource.getpagesize()
    out: dict = {}
    t = time.process_time()
    try:
        yield out
    finally:
        out["cpu"] = time.process_time() - t
        out["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start) / MB


def float16_lstm(params: int) -> bytes:
    """A float16 nn.LSTM(D, 64) with ``params`` parameters or up to 255 more, nearly all of them in W_xh."""
    D = max(1, -(-(params - 4 * 64 * 66) // 256))
    return safetensors_file(rnn_arrays("lstm", D, 64, dtype="float16"))
