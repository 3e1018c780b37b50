"""Spelling: which words of a heading or a note are unknown in the index's language, and what might be
meant. One rule for what counts as a word, used by ``xindex spell`` and the editor.

The dictionaries are pyspellchecker's: pure Python, with word lists for English, Spanish, French,
Italian, Portuguese, German, Russian, Dutch, Arabic, Persian, Basque and Latvian inside the package,
so they work the same on Linux, Windows and macOS and in the frozen application (Hunspell bindings
need a C library and dictionaries installed apart; Enchant a system library). A language without a
dictionary turns spell checking off with a sentence saying so, never an error. Words the index
accepts are kept in its ``dictionary`` setting; a person's own in the editor's preferences.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

DICTIONARIES = ("en", "es", "fr", "it", "pt", "de", "ru", "nl", "ar", "fa", "eu", "lv")
# A word: letters, with apostrophes or hyphens inside (o'clock, Saint-Denis: each part is checked).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class Speller:
    """Checks words against one language's dictionary and the words an index or a person accepts."""

    def __init__(self, language: str, checker: Any, accepted: Iterable[str] = ()) -> None:
        self.language = language
        self._checker = checker
        self.accepted = {word.casefold() for word in accepted}

    def knows(self, word: str) -> bool:
        """True for a word of the dictionary or an accepted one (case ignored, curly apostrophes read as
        straight), and for words too short to judge or written in capitals (initials, acronyms)."""
        if len(word) < 3 or word.isupper():
            return True
        folded = word.casefold().replace("’", "'")
        return folded in self.accepted or bool(self._checker.known([folded]))

    def unknown(self, text: str) -> list[tuple[int, int, str]]:
        """The unknown words of a text with where they are: ``(start, end, word)``."""
        return [(start, end, word) for start, end, word in words(text) if not self.knows(word)]

    def suggestions(self, word: str, limit: int = 5) -> list[str]:
        """The likeliest words meant, most frequent first, in the word's case (Capitalised stays so)."""
        found = self._checker.candidates(word.casefold().replace("’", "'")) or set()
        ranked = sorted(found - {word.casefold()}, key=lambda candidate: -self._checker.word_usage_frequency(candidate))
        if word[:1].isupper():
            ranked = [candidate[:1].upper() + candidate[1:] for candidate in ranked]
        return ranked[:limit]


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """The words of a text (a heading's plain text or a note): ``(start, end, word)``."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def speller(language: str, accepted: Iterable[str] = ()) -> Speller | str:
    """A speller for a language code (``en``, ``en-GB``, ``fr`` …), or the sentence saying why spell
    checking is off."""
    base = language.replace("_", "-").split("-")[0].lower()
    if base not in DICTIONARIES:
        return f"there is no spelling dictionary for the language “{language}”, so spell checking is off"
    try:
        checker = _dictionary(base)
    except ImportError:
        return "the spelling dictionaries (pyspellchecker) are not installed, so spell checking is off"
    return Speller(base, checker, accepted)


@functools.lru_cache(maxsize=4)
def _dictionary(base: str) -> Any:
    """A language's dictionary, read once per process (0.2 s) and only read from afterwards."""
    from spellchecker import SpellChecker

    return SpellChecker(language=base, distance=2)
