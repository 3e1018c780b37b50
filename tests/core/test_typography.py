"""Curly quotes and apostrophes in what an index prints (CMS, chapter 6: typographers' marks, not typewriter
ones), an option that is on by default."""

from __future__ import annotations

import pytest

from xindex.core.formatter import Formatter
from xindex.core.settings import format_options
from xindex.core.typography import curly_quotes
from xindex.formats.text import export_text
from xindex.store import Document


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("d'Annunzio, Gabriele", "d’Annunzio, Gabriele"),
        ("O'Keeffe, Georgia", "O’Keeffe, Georgia"),
        ("children's books", "children’s books"),
        ("'Honeycrisp'", "‘Honeycrisp’"),
        ('"Guernica" (Picasso)', "“Guernica” (Picasso)"),
        ("the '90s", "the ’90s"),  # an elision before a numeral
        ('operators <, & and "', 'operators <, & and "'),  # a mark named, standing alone
        ("no quotes", "no quotes"),
    ],
)
def test_straight_marks_print_curly(typed: str, printed: str) -> None:
    assert curly_quotes(typed) == printed


def test_headings_print_curly_by_default_across_their_markup(doc: Document) -> None:
    doc.add_entry("d'Annunzio, Gabriele", locators="12")
    doc.add_entry("<i>Nature</i>'s editors", locators="14")  # the apostrophe follows an italic run
    doc.add_entry("'Antonovka'", locators="3")

    def lines(**settings: str) -> list[str]:
        options = format_options({"letter-groups": "0", **settings})
        return export_text(Formatter(options, doc.keys).format(doc.tree())).splitlines()

    assert lines() == ["‘Antonovka’, 3", "d’Annunzio, Gabriele, 12", "Nature’s editors, 14"]
    assert lines(**{"curly-quotes": "0"}) == ["'Antonovka', 3", "d'Annunzio, Gabriele, 12", "Nature's editors, 14"]
