"""Abbreviations typed in headings and expanded as you go (``wwii`` → World War II), as SKY Index and
Macrex offer: one rule for what a table may hold and for when a typed word is expanded.

A table is written one ``abbreviation = expansion`` per line (blank lines and lines starting
with ``#`` are skipped); an abbreviation is one word of letters and digits, matched as typed
(``WW`` and ``ww`` may mean different things); an expansion may hold light markup
(``<i>Alnus</i>``). A document keeps its own table (the ``abbreviations`` setting); each person
keeps one for every index (the editor's preferences); the document's wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from xindex.core.errors import SettingError

# Typing one of these right after an abbreviation expands it (the character is kept after it).
ENDINGS = frozenset(" ,;:.!?)]}/")
_WORD = re.compile(r"\w+")


def parse_abbreviations(text: str) -> dict[str, str]:
    """A table from its text; SettingError naming the line that is not ``abbreviation = expansion``."""
    table: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        short, equals, expansion = line.partition("=")
        short, expansion = short.strip(), " ".join(expansion.split())
        if not equals or not short or not expansion:
            raise SettingError(f"line {number}: write “abbreviation = expansion”, not “{line}”")
        if not _WORD.fullmatch(short):
            raise SettingError(f"line {number}: an abbreviation is one word of letters and digits, not “{short}”")
        if short in table:
            raise SettingError(f"line {number}: “{short}” is already defined above")
        table[short] = expansion
    return table


def format_abbreviations(table: Mapping[str, str]) -> str:
    """A table as its text, in the order given."""
    return "\n".join(f"{short} = {expansion}" for short, expansion in table.items())


def normalize_abbreviations(text: str) -> str:
    """A table's text in its one written form (what a document stores)."""
    return format_abbreviations(parse_abbreviations(text))


def expansion_before(text: str, cursor: int, table: Mapping[str, str]) -> tuple[int, str] | None:
    """Where the word that ends at ``cursor`` starts and what it expands to, when it is an abbreviation
    standing alone (not the end of a longer word), else None."""
    if not table or cursor <= 0:
        return None
    start = cursor
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    expansion = table.get(text[start:cursor]) if start < cursor else None
    return (start, expansion) if expansion is not None else None
