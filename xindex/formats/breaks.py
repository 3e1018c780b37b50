"""Where a printed line must not break: after a range's en dash (“45–” at a line's end, “46” on the next),
inside a locator (“12–30” and “passim” on two lines) and inside a cross-reference's label (“See” and
“also”). The word processors' formats (DOCX, ODT, RTF, InDesign) get a word joiner after the dash and a
no-break space in a locator or label; HTML gets the same from its stylesheet and LaTeX from its penalties
and ties, so their text stays as it is."""

from __future__ import annotations

from xindex.core.formatter import Role, Span
from xindex.core.locators import EN_DASH

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"


def unbreakable(span: Span) -> str:
    """A span's text with the places a line must not break joined."""
    if span.role is Role.LOCATOR:
        text = span.text
        if EN_DASH in text:
            text = text.replace(EN_DASH, EN_DASH + WORD_JOINER)
        if " " in text:  # “12–30 passim”, a form such as “fig. 77”: one locator, never split
            text = text.replace(" ", NO_BREAK_SPACE)
        return text
    if span.role is Role.XREF_LABEL and " " in span.text:
        return span.text.replace(" ", NO_BREAK_SPACE)
    return span.text


def as_read(text: str) -> str:
    """Text as a reader sees it: the joiners gone, no-break spaces as spaces (to compare with plain text)."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")
