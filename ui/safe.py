"""Text from a URL or a text box is data, never markup: the one helper every page uses to show it.

Streamlit renders ``st.markdown``, ``st.caption``, alerts and widget labels as GitHub-flavoured markdown with
KaTeX math, emoji shortcodes and its own ``:color[...]`` and ``:material/...:`` directives. :func:`md` escapes every
ASCII punctuation mark with a backslash (CommonMark's escape, which also stops ``$`` math, ``:`` directives, ``&``
entities and bare autolinks), turns control and line-break characters into spaces, and can shorten the text
first, so what a person typed shows exactly as typed and nothing in it can become a link, an image, emphasis,
code or a TeX macro. An invisible word joiner inside ``://``, ``www.`` and after ``@`` stops GitHub-flavoured
markdown from making links of bare URLs and e-mail addresses, which it finds after reading the escapes.
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


def md(text, limit: int | None = None) -> str:
    """``text`` (any value) for markdown, shown literally; cut to ``limit`` characters with an ellipsis."""
    s = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text))
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    return _AUTOLINK.sub(JOINER, s).translate(_ESCAPE)


def quoted(text, limit: int | None = 60) -> str:
    """``text`` in typographic quotes for a sentence of the page, escaped and shortened."""
    return f"“{md(text, limit)}”"
