"""Spell checking the whole index ("check all"): every unknown word with the entries that use it, as
``xindex spell`` prints it and the editor lists it; and accepting words into the index's dictionary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xindex.core import spelling
from xindex.core.settings import DICTIONARY, LANGUAGE
from xindex.store import Document


@dataclass(frozen=True)
class Unknown:
    """A word the dictionary does not know, and where it is: the entries (heading or notes) using it."""

    word: str
    entry_ids: list[int]


def speller_for(document: Document, also: Sequence[str] = ()) -> spelling.Speller | str:
    """The document's speller (its language, its accepted words and ``also``), or why there is none."""
    stored = document.settings()
    return spelling.speller(LANGUAGE.value(stored), [*DICTIONARY.value(stored), *also])


def check_all(document: Document, speller: spelling.Speller) -> list[Unknown]:
    """Every unknown word of the headings and notes, alphabetically, each with its entries in index order."""
    found: dict[str, set[int]] = {}
    for entry_id, _parent, _term, plain, _sort_as, notes in document.texts():
        for text in (plain, notes):
            for _start, _end, word in speller.unknown(text) if text else ():
                found.setdefault(word, set()).add(entry_id)
    return [
        Unknown(word, document.in_index_order(ids))
        for word, ids in sorted(found.items(), key=lambda item: (item[0].casefold(), item[0]))
    ]


def accept(document: Document, words: Sequence[str]) -> list[str]:
    """Add words to the index's dictionary (one undo step); the words that were new."""
    stored = list(DICTIONARY.value(document.settings()))
    new = [word.strip().lower() for word in words if word.strip() and word.strip().lower() not in stored]
    new = list(dict.fromkeys(new))
    if new:
        document.set_setting(DICTIONARY.key, ", ".join([*stored, *new]))
    return new
