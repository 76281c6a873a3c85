"""ui.safe.md: whatever a visitor types shows as typed, and nothing in it is markup."""

import string

from hypothesis import given
from hypothesis import strategies as st

from ui.safe import JOINER, md, quoted

HOSTILE = [
    "[Log in](https://evil.example)",
    "![x](http://HOST/a.png)",
    "`code` and ``more``",
    "$\\color{red}{x}$",
    "$$\\def\\a{b}$$",
    "**bold** _it_ ~~s~~",
    "<script>alert(1)</script>",
    "https://evil.example/www.x.com",
    ":red[alarm] :material/home: :smile:",
    "&lt;b&gt;",
    "# heading\n- item\n> quote",
    "a\\",
    "\u202eevil",
]


def unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in string.punctuation:
            out.append(s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def test_every_markup_character_is_escaped():
    for text in HOSTILE:
        out = md(text)
        bare = [
            c for i, c in enumerate(out) if c in string.punctuation and (i == 0 or out[i - 1] != "\\") and c != "\\"
        ]
        assert not bare, (text, out)
        assert "\n" not in out


@given(st.text())
def test_the_text_reads_back_exactly(text):
    flat = "".join(
        " " if c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" or ord(c) < 32 or 127 <= ord(c) < 160 else c
        for c in text
    )
    assert unescape(md(text)).replace(JOINER, "") == flat.replace(JOINER, "")


def test_bare_urls_and_addresses_are_broken_up():
    for text in ("https://evil.example/x", "www.evil.example", "PWNED@evil.example"):
        out = unescape(md(text))
        assert JOINER in out and out.replace(JOINER, "") == text


def test_long_text_is_cut_with_an_ellipsis():
    assert unescape(md("x" * 100, limit=10)) == "x" * 9 + "…"
    assert quoted("[a](b)") == "“\\[a\\]\\(b\\)”"
