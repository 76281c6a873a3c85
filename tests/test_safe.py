"""ui.safe.md: whatever a visitor types shows as typed, and nothing in it is markup."""

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ui.safe import JOINER, KEPT_FORMAT, md, quoted

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\U000e0001"

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


def format_chars(text: str) -> set[str]:
    """The invisible format characters (Unicode Cf) in ``text``, but for the word joiner md puts in links."""
    return {c for c in text.replace(JOINER, "") if unicodedata.category(c) == "Cf"}


@given(st.text())
def test_the_text_reads_back_exactly(text):
    flat = "".join(
        " " if c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" or ord(c) < 32 or 127 <= ord(c) < 160 else c
        for c in text
        if unicodedata.category(c) != "Cf" or c in KEPT_FORMAT
    )
    assert unescape(md(text)).replace(JOINER, "") == flat


@given(st.text(alphabet=st.sampled_from(list(BIDI + INVISIBLE + "ab.:/@w \u200c\u200d\u05d0"))))
def test_no_bidirectional_control_or_invisible_character_survives(text):
    out = md(text)
    assert not set(BIDI + INVISIBLE) - {JOINER} & set(out), repr(out)
    assert format_chars(out) <= KEPT_FORMAT


def test_a_right_to_left_override_no_longer_turns_the_sentence_around():
    """The issue's case: a file named so that the app's own words after it were shown reversed."""
    name = "\u202eevil.pt"
    assert md(f"{name}: error") == "evil\\.pt\\: error"
    assert md("\u2067\u05e9\u05dc\u05d5\u05dd\u2069 \ufeffh\u200bi") == "\u05e9\u05dc\u05d5\u05dd hi"
    assert md("\U0001f469\u200d\U0001f467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\U0001f469\u200d\U0001f467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )  # the joiners an emoji sequence and Persian are written with stay


def test_bare_urls_and_addresses_are_broken_up():
    for text in ("https://evil.example/x", "www.evil.example", "PWNED@evil.example"):
        out = unescape(md(text))
        assert JOINER in out and out.replace(JOINER, "") == text


def test_long_text_is_cut_with_an_ellipsis():
    assert unescape(md("x" * 100, limit=10)) == "x" * 9 + "…"
    assert quoted("[a](b)") == "“\\[a\\]\\(b\\)”"
