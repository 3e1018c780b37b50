"""Spell checking the whole index ("check all"): every unknown word with the entries that use it, as
``xindex spell`` prints it and the editor lists it; and accepting words into the index's dictionary."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xindex.core import spelling
from xindex.core.settings import DICTIONARY, LANGUAGE
from xindex.jobs.process import Message, report_failure, run_in_process
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


class SpellingCancelled(Exception):  # noqa: N818 - reads as "except SpellingCancelled"
    """The check was stopped before it finished."""


def check_file(path: str | os.PathLike[str], also: Sequence[str] = ()) -> list[Unknown] | str:
    """:func:`check_all` on a document file, read-only: the unknown words, or why there is no speller."""
    with Document.open(path, readonly=True) as document:
        speller = speller_for(document, also)
        return speller if isinstance(speller, str) else check_all(document, speller)


def _check_child(path: str, also: list[str], messages: Any) -> None:
    try:
        found = check_file(path, also)
    except Exception as error:  # reported to the caller, a person's error apart from a bug
        report_failure(messages, error)
        return
    messages.put(("done", found))


def check_in_process(
    path: str | os.PathLike[str], also: Sequence[str] = (), *, cancel: threading.Event | None = None
) -> list[Unknown] | str:
    """:func:`check_file` in a spawned process (seconds of pure Python on 100,000 entries: never on the
    editor's own interpreter); ``cancel`` stops it."""

    def on_message(message: Message) -> list[Unknown] | str:
        found: list[Unknown] | str = message[1]
        return found

    result: list[Unknown] | str = run_in_process(
        _check_child, (str(path), list(also)), on_message, name="spelling", cancel=cancel, on_cancel=SpellingCancelled
    )
    return result


def accept(document: Document, words: Sequence[str]) -> list[str]:
    """Add words to the index's dictionary (one undo step); the words that were new."""
    stored = list(DICTIONARY.value(document.settings()))
    new = [word.strip().lower() for word in words if word.strip() and word.strip().lower() not in stored]
    new = list(dict.fromkeys(new))
    if new:
        document.set_setting(DICTIONARY.key, ", ".join([*stored, *new]))
    return new
