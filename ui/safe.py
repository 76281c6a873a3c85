"""Text from a URL or a text box is data, never markup: the one helper every page uses to show it.

Streamlit renders ``st.markdown``, ``st.caption``, alerts and widget labels as GitHub-flavoured markdown with
KaTeX math, emoji shortcodes and its own ``:color[...]`` and ``:material/...:`` directives. :func:`md` escapes every
ASCII punctuation mark with a backslash (CommonMark's escape, which also stops ``$`` math, ``:`` directives, ``&``
entities and bare autolinks), turns control and line-break characters into spaces, drops invisible format
characters, and can shorten the text first, so what a person typed shows exactly as typed and nothing in it can
become a link, an image, emphasis, code or a TeX macro. An invisible word joiner inside ``://``, ``www.`` and after
``@`` stops GitHub-flavoured markdown from making links of bare URLs and e-mail addresses, which it finds after
reading the escapes.

Format characters (Unicode category Cf) are invisible and some reorder what follows them: U+202E (right-to-left
override) in a file's name turned the app's own sentence after it around ("...error : click to Download"). All of
them go: the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the marks U+200E and
U+200F, zero-width spaces and joiners U+200B, U+2060-U+2064, U+FEFF, the soft hyphen, and the rest. Two stay, as
:data:`KEPT_FORMAT`: the zero-width non-joiner and joiner (U+200C, U+200D) reorder nothing, and Persian, Indic
scripts and emoji sequences (a family, a flag with a skin tone) are written with them.
"""

from __future__ import annotations

import re
import string
import unicodedata

_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}
# GFM finds URLs and e-mail addresses in text *after* reading escapes; a word joiner (invisible, U+2060) after the
# scheme's colon, after "www" and after "@" keeps them from being recognised.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=/)|(?<=\bwww)(?=\.)|(?<=@)")
JOINER = "\u2060"
KEPT_FORMAT = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner: needed to write some scripts and emoji
_SPACE = frozenset(("Cc", "Zl", "Zp"))  # control characters and line or paragraph breaks: a space each


def _shown(c: str) -> str:
    cat = unicodedata.category(c)
    if cat in _SPACE:
        return " "
    return "" if cat == "Cf" and c not in KEPT_FORMAT else c


def unformatted(text: str) -> str:
    """``text`` without its format characters (but :data:`KEPT_FORMAT`), nothing else changed: what a typed token is
    read as, so that the charts and steps that show it show it as written too."""
    return "".join(c for c in text if c in KEPT_FORMAT or unicodedata.category(c) != "Cf")


def md(text, limit: int | None = None) -> str:
    """``text`` (any value) for markdown, shown literally; cut to ``limit`` characters with an ellipsis."""
    s = "".join(map(_shown, str(text)))
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    return _AUTOLINK.sub(JOINER, s).translate(_ESCAPE)


def quoted(text, limit: int | None = 60) -> str:
    """``text`` in typographic quotes for a sentence of the page, escaped and shortened."""
    return f"“{md(text, limit)}”"
