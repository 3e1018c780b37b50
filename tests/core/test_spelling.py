"""Spelling: what a word is, what the dictionary knows, what might be meant, and a language without one."""

from __future__ import annotations

from xindex.core import spelling


def english(*accepted: str) -> spelling.Speller:
    found = spelling.speller("en-GB", accepted)
    assert isinstance(found, spelling.Speller)
    return found


def test_words_are_letters_with_inner_apostrophes() -> None:
    text = "o’clock, Saint-Denis 1816 l'été x2"
    assert [word for _start, _end, word in spelling.words(text)] == ["o’clock", "Saint", "Denis", "l'été", "x"]


def test_unknown_words_with_their_places_and_what_is_accepted() -> None:
    speller = english("Łódź")
    text = "rhododenrons in Łódź, UNESCO and NATO: hardiness"
    assert speller.unknown(text) == [(0, 12, "rhododenrons")]
    assert speller.suggestions("rhododenrons") == ["rhododendrons"]
    assert speller.suggestions("Rhododenrons")[0] == "Rhododendrons"


def test_a_language_without_a_dictionary_says_so() -> None:
    found = spelling.speller("ja")
    assert found == "there is no spelling dictionary for the language “ja”, so spell checking is off"
