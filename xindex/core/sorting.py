"""Sort keys for headings.

Every entry stores a sort key (bytes) computed once from its plain text or
its Sort As; SQL orders by that column. Keys compare bytewise, so the same
document sorts the same way everywhere.

This module holds the default rule: word-by-word (a space sorts before any
letter, so ``New York`` precedes ``newborn``), case and accents ignored at
the first level, numbers by value. The key ends with a tie-breaker (the
plain text itself) so that headings differing only in case or accents still
order deterministically.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
WORD_SEPARATOR = "\x01"
TIE_SEPARATOR = b"\x00"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text (Unicode decomposition, marks removed)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _word_key(word: str) -> str:
    if word.isdigit():
        digits = word.lstrip("0") or "0"
        return "\x02" + chr(0x30 + min(len(digits), 0x4F)) + digits
    return word


def sort_key(plain: str, sort_as: str | None = None) -> bytes:
    """The stored sort key for a heading: word-by-word, folded, numbers by value, tie-broken."""
    source = sort_as if sort_as else plain
    words = [_word_key(token) for token in _TOKEN.findall(fold(source))]
    primary = WORD_SEPARATOR.join(words).encode("utf-8")
    return primary + TIE_SEPARATOR + source.encode("utf-8")


def compare(left: str, right: str) -> int:
    """Collation for ad-hoc SQL (``COLLATE xindex``): compare two texts by their sort keys."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)
