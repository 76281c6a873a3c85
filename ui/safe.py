"""Text from a URL or a text box is data, never markup: the one helper every page uses to show it.

Streamlit renders ``st.markdown``, ``st.caption``, alerts and widget labels as GitHub-flavoured markdown with
KaTeX math, emoji shortcodes and its own ``:color[...]`` and ``:material/...:`` directives. :func:`md` escapes every
ASCII punctuation mark with a backslash (CommonMark's escape, which also stops ``$`` math, ``:`` directives, ``&``
entities and bare autolinks), turns control and line-break characters into spaces, and can shorten the text
first, so what a person typed shows exactly as typed and nothing in it can become a link, an image, emphasis,
code or a TeX macro.
"""

from __future__ import annotations

import string
import unicodedata

_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}


def md(text, limit: int | None = None) -> str:
    """``text`` (any value) for markdown, shown literally; cut to ``limit`` characters with an ellipsis."""
    s = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text))
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    return s.translate(_ESCAPE)


def quoted(text, limit: int | None = 60) -> str:
    """``text`` in typographic quotes for a sentence of the page, escaped and shortened."""
    return f"“{md(text, limit)}”"
