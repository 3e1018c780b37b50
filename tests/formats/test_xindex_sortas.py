"""The sort strings XindeX computed: every one in its TestXiml, hand-made cases for each rule set, and CMS's order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NamedTuple

import pytest

from tests.support import PEERS, needs_peers
from xindex.formats.ximl import html_to_plain
from xindex.formats.xindex_sortas import (
    RULES,
    XINDEX_IGNORED_FIRST_WORDS,
    spell_number,
    xindex_sort_as,
)

TEST_XIML = PEERS / "data" / "TestXiml.ximl"

CMS_WORD = "wordByWordCMS16"
CMS_LETTER = "letterByLetterCMS16"
ISO_WORD = "wordByWordISO999en"
ISO_LETTER = "letterByLetterISO999en"
NISO_WORD = "wordByWordNISO3"
NISO_LETTER = "letterByLetterNISO3"


class XimlEntry(NamedTuple):
    eid: int
    main: bool
    plain: str
    saf: str
    sortas: str


def read_test_ximl() -> tuple[list[XimlEntry], dict[str, str], frozenset[str]]:
    """TestXiml's entries, configs and ignored first words."""
    root = ET.parse(TEST_XIML).getroot()
    entries = []
    for entry in root.iter("entry"):
        sortas = entry.find("sortas")
        assert sortas is not None
        entries.append(
            XimlEntry(
                int(entry.get("eid", "")),
                entry.get("peid") == "0",
                html_to_plain(entry.findtext("term", "")),
                sortas.get("saf", ""),
                sortas.text or "",
            )
        )
    configs = {config.get("key", ""): config.text or "" for config in root.iter("config")}
    ignored = frozenset(ignore.get("word", "") for ignore in root.iter("ignore"))
    return entries, configs, ignored


# TestXiml's sort strings that XindeX as released (2020) computes otherwise, by eid, with what it computes.
# The file is XindeX's format 71 (2015), written before XindeX read "word's" as "words" (its CMS rules'
# extension X1): "Bresenham’s" was stored as "bresenham" and a word "s".
BEFORE_APOSTROPHE_S = {7: "bresenhams L line algorithm", 108: "line L algorithm bresenhams"}
# "and classes" (a subentry) was stored as "and L classes": computed without the ignored words, as
# XindeX's Change Sort As Rules does whenever IgnoreSubFirsts is on (Xix/_XixSetRules.py tests the flag
# the wrong way round); editing the entry (Model.sortBy) drops the "and", as we do.
WITHOUT_IGNORED = {42: "classes"}


@needs_peers
def test_testximl_is_what_these_cases_assume() -> None:
    entries, configs, ignored = read_test_ximl()
    assert len(entries) == 123
    assert configs["SortAsRules"] == CMS_WORD
    assert configs["PadDigits"] == "4" and configs["IgnoreSubFirsts"] == "1"
    assert ignored == XINDEX_IGNORED_FIRST_WORDS  # XindeX's default list, untouched


@needs_peers
def test_every_computed_sort_string_of_testximl() -> None:
    entries, configs, ignored = read_test_ximl()
    computed = [entry for entry in entries if entry.saf == "A"]
    assert len(computed) == 121  # the other two were typed by the user (saf C)
    wrong = {}
    for entry in computed:
        expected = BEFORE_APOSTROPHE_S.get(entry.eid) or WITHOUT_IGNORED.get(entry.eid) or entry.sortas
        actual = xindex_sort_as(entry.plain, configs["SortAsRules"], ignored=None if entry.main else ignored)
        if actual != expected:
            wrong[entry.eid] = (entry.plain, entry.sortas, actual)
    assert not wrong
    stored = {entry.eid: entry for entry in computed}
    for eid in BEFORE_APOSTROPHE_S:  # the apostrophe is all that differs
        assert xindex_sort_as(stored[eid].plain.replace("’", " ")) == stored[eid].sortas
    for eid in WITHOUT_IGNORED:
        assert not stored[eid].main
        assert xindex_sort_as(stored[eid].plain) == stored[eid].sortas == "and L classes"


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("Henry VIII", "henry P 0008"),  # a roman numeral after the first word is a number
        ("Henry VIII, king of England", "henry P 0008 king of england"),
        ("Charles I (king of England)", "charles P 0001 king of england"),
        ("O'Brien, Pat", "obrien H pat"),  # a comma after the first word: H
        ("O’Neill", "oneill"),
        ("Mr O'Brien's car it's green", "mr L obriens car its green"),
        ("St. John", "st L john"),  # a word after the first: L
        ("St John, Ambrose", "st L john ambrose"),  # only the first word's comma counts
        ("10 Downing Street", "ten L downing street"),  # a first word that is a number is spelled out
        ("C language", "one hundred L language"),  # ... and so is a roman numeral
        ("1983, Annual festival", "one thousand nine hundred eighty three H annual festival"),
        ("New York (state)", "new L york state"),
        ("New York", "new L york"),
        ("New, Arthur", "new H arthur"),
        ("New (adj.)", "new D adj"),  # a parenthesis after the first word: D
        ("section 9", "section P 0009"),  # a number after the first word: P
        ("xref #2", "xref P 0002"),
        ("e = mc2", "e T mc0002"),  # anything else: T
        ("new-fangled notions", "newfangled L notions"),  # the first word's hyphens go
        ("B-52 bomber", "b52 L bomber"),
        ("state-sensitive methods", "statesensitive L methods"),
        ("inter-process communication (IPC)", "interprocess L communication ipc"),
        ("IPC (inter-process communication)", "ipc D inter process communication"),  # later words' split
        ("memory/loss", "memoryloss"),
        ("Zoë Æsop", "zoe L aesop"),
        ("Łódź", "lodz"),
        ("Москва", "moskva"),
        ("vitamin C", "vitamin P 0100"),
        ("MIX tapes", "one thousand nine L tapes"),
        ("Section N", "section L n"),  # no zero among the numerals
        ("New●York", "new L york"),  # XindeX's visual space
        ("", ""),
        ("@", ""),
    ],
)
def test_word_by_word_cms16(plain: str, expected: str) -> None:
    assert xindex_sort_as(plain, CMS_WORD) == expected


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("Henry VIII", "henryP0008"),
        ("O'Brien, Pat", "obrienHpat"),
        ("St. John", "stjohn"),  # no L or T letter by letter
        ("10 Downing Street", "tendowningstreet"),
        ("New York (state)", "newyorkstate"),
        ("New (adj.)", "newDadj"),
        ("New, Arthur", "newHarthur"),
        ("section 9", "sectionP0009"),
        ("new-fangled", "newfangled"),
        ("B-52 bomber", "bPfiftytwobomber"),  # a hyphen before a final number: P, the number a word of its own
        ("SHA-256", "shaPtwohundredfiftysix"),
        ("New – York", "newyork"),
    ],
)
def test_letter_by_letter_cms16(plain: str, expected: str) -> None:
    assert xindex_sort_as(plain, CMS_LETTER) == expected


@pytest.mark.parametrize(
    ("plain", "word", "letter"),
    [
        ("Henry VIII", "henry viii", "henryviii"),  # only the first word is read as a number
        ("O'Brien, Pat", "obrien pat", "obrienpat"),
        ("St. John", "st john", "stjohn"),
        ("10 Downing Street", "ten downing street", "tendowningstreet"),
        ("X Best", "ten best", "tenbest"),
        ("New York (state)", "new york (state)", "newyork(state)"),  # parentheses stay
        ("New, Arthur", "new arthur", "newarthur"),
        ("new-fangled", "new fangled", "newfangled"),
        ("memory/loss", "memoryloss", "memoryloss"),  # "/" goes with the symbols before it could be a space
        ("“New lamps for old”", "new lamps for old", "newlampsforold"),
        ("Słonimski, Jan", "slonimski jan", "slonimskijan"),
        ("$10 a day", "ten a day", "tenaday"),  # symbols go
    ],
)
def test_iso999(plain: str, word: str, letter: str) -> None:
    assert xindex_sort_as(plain, ISO_WORD) == word
    assert xindex_sort_as(plain, ISO_LETTER) == letter


@pytest.mark.parametrize(
    ("plain", "word", "letter"),
    [
        ("Henry VIII", "henry 0008.0000", "henry0008.0000"),  # every number, roman too, as 0000.0000
        ("O'Brien, Pat", "obrien pat", "obrienpat"),
        ("St. John", "st john", "stjohn"),
        ("10 Downing Street", "0010.0000 downing street", "0010.0000downingstreet"),  # never spelled
        ("New York (state)", "new york state", "newyorkstate"),
        ("New, Arthur", "new arthur", "newarthur"),
        ("new-fangled", "new fangled", "newfangled"),
        ("3.1416 and all that", "0003.1416 and all that", "0003.1416andallthat"),
        (".303-inch machine guns", "0000.0303 inch machine guns", "0000.0303inchmachineguns"),
        ("1,000 ships", "1000.0000 ships", "1000.0000ships"),
        ("$10 a day", "!$0010.0000 a day", "!$0010.0000aday"),  # a symbol sorts first, marked with !
        ("$$$ and sense", "!$ and sense", "!$andsense"),  # a run of symbols as its first
        ("e = mc2", "e != mc0002.0000", "e!=mc0002.0000"),
    ],
)
def test_niso3(plain: str, word: str, letter: str) -> None:
    assert xindex_sort_as(plain, NISO_WORD) == word
    assert xindex_sort_as(plain, NISO_LETTER) == letter


@pytest.mark.parametrize("rules", sorted(RULES))
@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("the house", "house"),
        ("in the house", "house"),  # any run of them
        ("and classes", "classes"),
        ("as well as sugar", "sugar"),  # a phrase whole, not "as" alone
        ("The Hague", "hague"),  # in any case
        ("theory", "theory"),  # whole words only
        ("the", "the"),  # never all of it
        ("of 1066", "1066"),  # what remains is read as a first word
    ],
)
def test_a_subentry_loses_its_first_function_words(rules: str, plain: str, expected: str) -> None:
    sort_as = xindex_sort_as(plain, rules, ignored=XINDEX_IGNORED_FIRST_WORDS)
    assert sort_as == xindex_sort_as(expected, rules)
    if plain != expected:
        assert sort_as != xindex_sort_as(plain, rules)  # a main heading keeps them


@pytest.mark.parametrize(
    ("plain", "saf", "expected"),
    [
        ("Henry VIII", "S", "henry L viii"),  # numbers, no roman numerals
        ("X Best", "S", "x L best"),
        ("X Best", "R", "0010 L best"),  # roman numerals, no spelling
        ("100000 limit", "R", "100000 L limit"),
        ("10 Downing Street", "N", "0010 L downing street"),
        ("Henry VIII", "B", "henry L viii"),
    ],
)
def test_the_other_automatic_flags(plain: str, saf: str, expected: str) -> None:
    assert xindex_sort_as(plain, saf=saf) == expected


def test_pad_digits() -> None:
    assert xindex_sort_as("section 9", pad_digits=2) == "section P 09"
    assert xindex_sort_as("section 9", pad_digits=0) == "section P 9"
    assert xindex_sort_as("section 0009", pad_digits=2) == "section P 09"


@pytest.mark.parametrize(
    ("n", "spelled"),
    [
        (0, "zero"),
        (15, "fifteen"),
        (40, "forty"),
        (99, "ninety nine"),
        (100, "one hundred"),
        (101, "one hundred one"),
        (1009, "one thousand nine"),
        (1984, "one thousand nine hundred eighty four"),
        (2_000_000, "two million"),
        (7_000_000_000_017, "seven trillion seventeen"),
        (10**15, "1,000,000,000,000,000"),
    ],
)
def test_spell_number(n: int, spelled: str) -> None:
    assert spell_number(n) == spelled


def test_a_long_number_is_grouped_not_spelled() -> None:
    assert xindex_sort_as("10000000000000000000 nights") == "10,000,000,000,000,000,000 L nights"
    assert xindex_sort_as("9" * 5000, CMS_WORD).count(",") == 1666  # (more digits than int() reads)


def test_unknown_rules_and_flags_are_refused() -> None:
    with pytest.raises(ValueError, match="wordByWordCMS16"):
        xindex_sort_as("x", "cms-word")
    with pytest.raises(ValueError, match="saf"):
        xindex_sort_as("x", saf="C")


# Chicago Manual of Style 16.61's example, in its two orders
CMS_16_61_WORDS = """
NEW (Neighbors Ever Watchful)
NEW (Now End War)
New, Arthur
New, Zoë
New Deal
new economics
New England
new math
New Thorndale
new town
New Year's Day
new-12 compound
newborn
newcomer
newel
“new-fangled notions”
Newfoundland
newlyweds
new/old continuum
news, lamentable
News, Networks, and the Arts
news conference
News of the World (Queen)
news release
newsboy
newsletter
newt
NEWT (Northern Estuary Wind Tunnel)
""".strip().splitlines()

CMS_16_61_LETTERS = """
NEW (Neighbors Ever Watchful)
NEW (Now End War)
New, Arthur
New, Zoë
new-12 compound
newborn
newcomer
New Deal
new economics
newel
New England
“new-fangled notions”
Newfoundland
newlyweds
new math
new/old continuum
news, lamentable
News, Networks, and the Arts
newsboy
news conference
newsletter
News of the World (Queen)
news release
newt
NEWT (Northern Estuary Wind Tunnel)
New Thorndale
new town
New Year's Day
""".strip().splitlines()


@pytest.mark.parametrize(("rules", "ordered"), [(CMS_WORD, CMS_16_61_WORDS), (CMS_LETTER, CMS_16_61_LETTERS)])
def test_the_strings_sort_in_chicagos_order(rules: str, ordered: list[str]) -> None:
    assert sorted(reversed(ordered), key=lambda heading: xindex_sort_as(heading, rules)) == ordered
