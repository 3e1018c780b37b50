"""Abbreviations: what a table may hold, and when a typed word expands."""

from __future__ import annotations

import pytest

from xindex.core import settings
from xindex.core.abbreviations import expansion_before, normalize_abbreviations, parse_abbreviations
from xindex.core.errors import SettingError

TABLE = {"wwii": "World War II", "WW": "Woodrow Wilson", "aln": "<i>Alnus</i>"}


def test_a_table_reads_one_abbreviation_a_line() -> None:
    text = "# mine\nwwii =  World   War II\n\nWW=Woodrow Wilson\naln = <i>Alnus</i>\n"
    assert parse_abbreviations(text) == TABLE
    assert normalize_abbreviations(text) == "wwii = World War II\nWW = Woodrow Wilson\naln = <i>Alnus</i>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wwii World War II", "line 1: write “abbreviation = expansion”"),
        ("ok = fine\nww ii = x", "line 2: an abbreviation is one word of letters and digits, not “ww ii”"),
        ("a = b\n a = c", "line 2: “a” is already defined above"),
        ("a =   ", "line 1: write “abbreviation = expansion”"),
    ],
)
def test_a_bad_line_is_named(text: str, message: str) -> None:
    with pytest.raises(SettingError, match=message):
        parse_abbreviations(text)
    with pytest.raises(SettingError, match=message):
        settings.normalize("abbreviations", text)


def test_a_word_standing_alone_expands_as_typed() -> None:
    assert expansion_before("after wwii", 10, TABLE) == (6, "World War II")
    assert expansion_before("wwii", 4, TABLE) == (0, "World War II")
    assert expansion_before("WWII", 4, TABLE) is None  # matched as typed
    assert expansion_before("xwwii", 5, TABLE) is None  # the end of a longer word
    assert expansion_before("wwii later", 4, TABLE) == (0, "World War II")
    assert expansion_before("(WW", 3, TABLE) == (1, "Woodrow Wilson")
    assert expansion_before("wwii", 0, TABLE) is None
    assert expansion_before("wwii", 4, {}) is None
