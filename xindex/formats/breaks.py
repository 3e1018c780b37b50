"""Where a printed line must not break: after a range's en dash (“45–” at a line's end, “46” on the next)
and inside a cross-reference's label (“See” and “also” on two lines). The word processors' formats
(DOCX, ODT, RTF, InDesign) get a word joiner after the dash and a no-break space in the label; HTML
gets the same from its stylesheet and LaTeX from its penalties, so their text stays as it is."""

from __future__ import annotations

from xindex.core.formatter import Role, Span
from xindex.core.locators import EN_DASH

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"


def unbreakable(span: Span) -> str:
    """A span's text with the places a line must not break joined."""
    if span.role is Role.LOCATOR and EN_DASH in span.text:
        return span.text.replace(EN_DASH, EN_DASH + WORD_JOINER)
    if span.role is Role.XREF_LABEL and " " in span.text:
        return span.text.replace(" ", NO_BREAK_SPACE)
    return span.text


def as_read(text: str) -> str:
    """Text as a reader sees it: the joiners gone, no-break spaces as spaces (to compare with plain text)."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")
