r"""makeindex input (.idx, .ist), the in-memory converter and the ``xindex makeindex`` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import IDX_KEYS, needs_fork, needs_makeindex
from xindex.core.formatter import FormatOptions, Formatter
from xindex.core.locators import (
    EN_DASH,
    Emphasis,
    Kind,
    Locator,
    Series,
    format_locators,
    merge,
    parse_locator,
    parse_locators,
)
from xindex.core.ranges import ROMAN_OFFSET, RangeRule, conflate, format_locator
from xindex.core.sorting import SortKeys
from xindex.formats.latex import export_ind, mark_latex_source
from xindex.formats.makeindex.entries import IdxEntry, IdxResult
from xindex.formats.makeindex.latex_text import is_plain, latex_to_plain
from xindex.formats.makeindex.reader import read_idx
from xindex.formats.makeindex.style import IstStyle, read_style
from xindex.formats.makeindex.writer import Writer
from xindex.jobs.makeindex import convert
from xindex.makeindex_cli import run

FIXTURES = Path(__file__).parent / "latex"


def idx(*keys_and_pages: tuple[str, str]) -> str:
    return "".join(f"\\indexentry{{{key}}}{{{page}}}\n" for key, page in keys_and_pages)


def find(result: IdxResult, *path: str) -> IdxEntry:
    siblings = result.roots
    entry = None
    for display in path:
        entry = next(e for e in siblings if e.display == display)
        siblings = entry.subentries()
    assert entry is not None
    return entry


def items(ind: str) -> list[str]:
    """The \\item lines of an .ind, stripped."""
    return [line.strip() for line in ind.splitlines() if "item " in line]


# -- the style file -----------------------------------------------------------------------------------


def test_default_style_is_makeindexs() -> None:
    style = IstStyle()
    assert (style.actual, style.level, style.encap, style.quote, style.escape) == ("@", "!", "|", '"', "\\")
    assert (style.keyword, style.arg_open, style.arg_close, style.page_compositor) == ("\\indexentry", "{", "}", "-")
    assert style.preamble == "\\begin{theindex}\n"
    assert style.item(0) == "\n  \\item " and style.item(2) == "\n      \\subsubitem "


def test_read_style_values_comments_and_escapes() -> None:
    style = read_style(
        "% a comment\n"
        "actual '='  level '>'\n"
        "encap '/'\n"
        "quote '~'\n"
        'preamble "\\\\begin{theindex}\\n\\\\small\\n"  % trailing comment\n'
        "headings_flag 1\n"
        'heading_prefix "{\\\\bfseries "\n'
        'delim_0 "\\t"\n'
        'delim_1 "\\{\\q"\n'
        'unknown_key "ignored"\n'
        "line_max 100\n"
    )
    assert [(problem.line, problem.message) for problem in style.problems] == [(10, "Unknown specifier unknown_key.")]
    assert (style.actual, style.level, style.encap, style.quote) == ("=", ">", "/", "~")
    assert style.preamble == "\\begin{theindex}\n\\small\n"
    assert style.headings_flag == 1 and style.line_max == 100
    assert style.heading_prefix == "{\\bfseries "
    assert style.delim_0 == "\t" and style.delim_1 == "{q"  # (\X is X, as makeindex reads it)
    assert (style.redefined, style.ignored) == (10, 1)


def test_malformed_style_lines_are_reported_with_makeindexs_numbers() -> None:
    # makeindex numbers an error by the newlines it has read so far (what the real makeindex reports for
    # this file): a value found wrong mid-line is on the line before; one whose line it skipped, on its own.
    style = read_style(
        "actual '@'\n"
        "level 'ab'\n"  # 2: two characters (reported as line 1)
        'headings_flag "x"\n'  # 3: skipped: the ' left over from line 2 is read as a key, unknown
        "preamble\n"  # 4: no value: 'postamble' is not one (line 5, skipped)
        'postamble "never closed\n'
    )
    found = [(problem.line, problem.message) for problem in style.problems]
    assert found == [
        (1, "No closing delimiter or too many letters."),
        (3, "Unknown specifier '."),
        (5, "No opening delimiter."),
    ]
    assert style.level == "!"  # the bad value was not taken


def test_style_with_clashing_characters_falls_back_to_defaults() -> None:
    style = read_style("actual '!'\n")
    assert style.problems and style.actual == "@" and style.level == "!"


def test_changed_style_characters_are_used_when_reading() -> None:
    style = read_style("actual '='\nlevel '>'\nencap '/'\nquote '~'\n")
    result = read_idx(idx(("b=\\textbf{B}>sub/textbf", "3"), ("x~>y", "4")), style)
    assert result.problems == []
    sub = find(result, "\\textbf{B}", "sub")
    assert sub.styled == [(3, Emphasis.BOLD, "")]
    assert find(result, "x>y").pages == [4]


# -- keys: levels, actual, quoting ---------------------------------------------------------------------


def test_levels_actual_and_plain_text() -> None:
    result = read_idx(idx(("roses!pruning!climbers", "12"), ("x@\\textit{Xylella}", "4")))
    climbers = find(result, "roses", "pruning", "climbers")
    assert climbers.depth == 2 and climbers.pages == [12]
    xylella = find(result, "\\textit{Xylella}")
    assert (xylella.display, xylella.plain, xylella.sort_as) == ("\\textit{Xylella}", "Xylella", "x")


def test_same_key_different_actual_are_different_entries() -> None:
    result = read_idx(idx(("a@A", "1"), ("a@\\textbf{A}", "2"), ("a", "3"), ("a@a", "4")))
    assert sorted(entry.display for entry in result.roots) == ["A", "\\textbf{A}", "a"]
    assert find(result, "a").pages == [3, 4]  # "a" and "a@a" are one entry, as in makeindex


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ('a"!b', ["a!b"]),  # the quote makes the level character literal
        ('a"@b', ["a@b"]),
        ('a"|b', ["a|b"]),
        ('a""b', ['a"b']),
        ('\\"ober', ['\\"ober']),  # the escape protects the quote: both kept
        ('ab\\"!c', ['ab\\"', "c"]),  # ... and a level character after it still splits
        ('a\\\\"!b', ["a\\\\!b"]),  # two escapes: the quote is a quote again
    ],
)
def test_quoting_rules(key: str, path: list[str]) -> None:
    result = read_idx(idx((key, "1")))
    assert result.problems == []
    assert find(result, *path).pages == [1]


def test_braces_protected_by_escape_or_quote_do_not_count() -> None:
    result = read_idx(idx(("a\\}b", "1"), ('c"{d', "2")))
    assert result.problems == []
    assert find(result, "a\\}b").pages == [1]
    assert find(result, "c{d").pages == [2]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("\\'etude", "étude"),
        ('\\"{o}ber', "öber"),
        ("Stra{\\ss}e", "Straße"),
        ("\\c{c}a", "ça"),
        ("\\v s", "š"),
        ("\\'\\i", "í"),
        ("\\textit{Rosa} \\emph{rugosa}", "Rosa rugosa"),
        ("\\LaTeX", "LaTeX"),
        ("AT\\&T", "AT&T"),
        ("a~b", "a b"),
        ("\\relax", "relax"),
        ("$x^2$", "x^2"),
        ("Ünïcödé", "Ünïcödé"),
    ],
)
def test_latex_to_plain(text: str, plain: str) -> None:
    assert latex_to_plain(text) == plain


# -- encaps and locators -------------------------------------------------------------------------------


def test_encaps_emphasis_and_kept() -> None:
    result = read_idx(
        idx(
            ("a|textbf", "1"),
            ("a|textit", "2"),
            ("a|emph", "3"),
            ("a|hyperpage", "4"),
            ("a|hyperindexformat{\\textbf}", "5"),
        )
    )
    entry = find(result, "a")
    assert entry.styled == [
        (1, 2, ""),
        (2, 1, ""),
        (3, 1, ""),
        (4, 0, "hyperpage"),
        (5, 0, "hyperindexformat{\\textbf}"),
    ]
    ind, problems = convert(
        idx(
            ("a|textbf", "1"),
            ("a|textit", "2"),
            ("a|emph", "3"),
            ("a|hyperpage", "4"),
            ("a|hyperpage", "5"),
            ("a|hyperindexformat{\\textbf}", "7"),
        )
    )
    assert problems == []
    # makeindex's page list (real makeindex writes the same, wrapped at line_max): every encapsulator as
    # written, two successive pages in one \hyperpage, which hyperref splits at the comma.
    assert items(ind.replace("\n\t\t", "")) == [
        "\\item a, \\textbf{1}, \\textit{2}, \\emph{3}, \\hyperpage{4, 5}, \\hyperindexformat{\\textbf}{7}"
    ]
    keys = (("a|textbf", "1"), ("a|textit", "2"), ("a|emph", "3"), ("a|hyperpage", "4"), ("a|hyperpage", "5"))
    ind = convert(idx(*keys), cms=True)[0]
    # --cms: textbf and textit/emph are emphasis, conflated by the core's rule
    assert items(ind) == ["\\item a, \\textbf{1}, \\textit{2--3}, \\hyperpage{4--5}"]


def test_ranges_open_and_close() -> None:
    ind, problems = convert(
        idx(("soil|(", "3"), ("soil", "5"), ("soil|)", "7"), ("soil", "9"), ("pH|(textbf", "10"), ("pH|)", "12"))
    )
    assert problems == []
    assert items(ind) == ["\\item pH, \\textbf{10--12}", "\\item soil, 3--7, 9"]


def test_several_ranges_of_one_heading_pair_in_line_order() -> None:
    text = idx(
        ("soil|(", "3"),
        ("soil|)", "7"),
        ("soil|(", "20"),
        ("soil!pH|(", "21"),
        ("soil|)", "24"),
        ("soil!pH|)", "30"),
        ("soil|(textbf", "40"),
        ("soil|)textbf", "44"),
    )
    ind, problems = convert(text)
    assert problems == []
    assert items(ind) == ["\\item soil, 3--7, 20--24, \\textbf{40--44}", "\\subitem pH, 21--30"]


def test_unmatched_ranges_are_reported_and_counted_as_pages() -> None:
    text = idx(("a|)", "2"), ("b|(", "3"), ("c|(", "4"), ("c|(", "5"), ("c|)", "8"), ("d|(", "9"), ("d|)", "ii"))
    result = read_idx(text)
    by_line = {problem.line: problem for problem in result.problems}
    assert set(by_line) == {1, 2, 4, 7}
    assert not any(problem.rejected for problem in result.problems)
    ind, _ = convert(text)
    assert items(ind) == ["\\item a, 2", "\\item b, 3", "\\item c, 4--8", "\\item d, ii, 9"]


def test_roman_pages_sort_before_arabic_and_upper_case_is_read() -> None:
    # makeindex's built-in order of page types: lower roman, upper roman (printed as written), arabic.
    ind, problems = convert(idx(("a", "3"), ("a", "xii"), ("a", "ii"), ("a", "XIII"), ("a", "iii"), ("a", "iv")))
    assert problems == []
    assert items(ind) == ["\\item a, ii--iv, xii, XIII, 3"]  # (two successive pages stay apart, as makeindex)


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("a", "not an arabic or roman"),
        ("12a", "not an arabic or roman"),
        ("0", "page 0"),
        ("2-14", "composite"),
        ("", "empty page"),
        ("[46]", "not an arabic or roman"),  # xindex's mark for a page kept apart: an .idx has none
    ],
)
def test_pages_makeindex_styles_cannot_use_are_reported(page: str, words: str) -> None:
    result = read_idx(idx(("ok", "1"), ("bad", page)))
    assert [problem.line for problem in result.problems] == [2]
    assert words in result.problems[0].message and result.problems[0].rejected
    assert find(result, "ok").pages == [1]


def test_bad_lines_are_reported_with_numbers_and_good_lines_import() -> None:
    text = (
        "\\indexentry{good}{1}\n"  # 1
        "\\indexentry{a@b@c}{1}\n"  # 2 extra @
        "\\indexentry{a!!b}{1}\n"  # 3 empty level
        "\\indexentry{unbalanced{}{1}\n"  # 4
        "hello\n"  # 5 not an entry
        "\n"  # 6 blank: fine
        "\\indexentry{@x}{1}\n"  # 7 empty key
        "\\indexentry{a|b|c}{1}\n"  # 8 extra |
        "\\indexentry{q}\n"  # 9 no page
        "\\indexentry{ok}{2} junk\n"  # 10 accepted, with a warning
        "\\indexentry{also good}{3}\n"  # 11
    )
    result = read_idx(text)
    rejected = [problem.line for problem in result.problems if problem.rejected]
    warned = [problem.line for problem in result.problems if not problem.rejected]
    assert rejected == [2, 3, 4, 5, 7, 8, 9]
    assert warned == [10]
    assert (result.accepted, result.rejected) == (3, 7)
    assert sorted(entry.display for entry in result.roots if entry.pages) == ["also good", "good", "ok"]


def test_windows_line_ends_and_no_final_newline() -> None:
    result = read_idx("\\indexentry{a}{1}\r\n\\indexentry{b}{2}\r\n\\indexentry{c}{3}")
    assert result.problems == []
    assert [entry.display for entry in result.roots] == ["a", "b", "c"]


def test_more_than_three_levels_are_kept_with_cms_only() -> None:
    ind, problems = convert(idx(("a!b!c!d", "1")), cms=True)
    assert problems == []
    assert items(ind)[-1] == "\\subsubitem \\hspace*{10pt}d, 1"
    # makeindex's three levels, its words (tests/formats/test_makeindex_keys.py compares with makeindex)
    ind, problems = convert(idx(("a!b!c!d", "1"), ("e", "2")))
    assert [str(problem) for problem in problems] == ["line 1: Extra `!' at position 6 of first argument."]


# -- cross-references ----------------------------------------------------------------------------------


def test_see_and_see_also_link_to_existing_headings() -> None:
    text = idx(
        ("roses!pruning", "5"),
        ("roses", "4"),
        ("flowers|see{roses}", "1"),
        ("flowers|see{roses}", "2"),  # makeindex prints it twice; once is enough
        ("hedges|seealso{roses!pruning}", "3"),
        ("hedges|seealso{roses, pruning}", "6"),  # the same target written with ", "
        ("hedges", "7"),
        ("roses!shrub|seealso{gardens}", "8"),
    )
    result = read_idx(text)
    flowers = find(result, "flowers")
    assert [(x.kind.value, x.label, x.target is not None) for x in flowers.xrefs] == [("see", "roses", True)]
    hedges = find(result, "hedges")
    assert [x.label for x in hedges.xrefs] == ["roses: pruning"]
    shrub = find(result, "roses", "shrub")
    assert shrub.xrefs[0].target is None and shrub.xrefs[0].label == "gardens"
    assert [problem.line for problem in result.problems] == [8]  # "gardens" names no entry
    ind, _ = convert(text, cms=True)  # (--cms words references by the rule set; makeindex keeps \see{X}{1})
    assert items(ind) == [
        "\\item flowers. \\emph{See} roses",
        "\\item hedges, 7. \\emph{See also} roses: pruning",
        "\\item roses, 4",
        "\\subitem pruning, 5",
        "\\subitem shrub (\\emph{see also} gardens)",
    ]


def test_see_target_matched_by_plain_text() -> None:
    result = read_idx(idx(('\\"Ol', "1"), ("oil|see{Öl}", "2")))
    assert find(result, "oil").xrefs[0].target is find(result, '\\"Ol')


# -- sorting -------------------------------------------------------------------------------------------


def test_unicode_order_not_bytes() -> None:
    ind, _ = convert(
        idx(
            ("zebra", "1"),
            ("élan", "2"),
            ("\\'etude", "3"),
            ("Öl", "4"),
            ("apple", "5"),
            ("Straße", "6"),
            ("soil", "7"),
        )
    )
    assert [line.split(",")[0] for line in items(ind)] == [
        "\\item apple",
        "\\item élan",
        "\\item \\'etude",
        "\\item Öl",
        "\\item soil",
        "\\item Straße",
        "\\item zebra",
    ]
    assert ind.count("\\indexspace") == 4  # A, E, O, S, Z


def test_sort_as_and_rules() -> None:
    ind, _ = convert(idx(("Xylella", "1"), ("b@\\textit{Zea}", "2"), ("New York", "3"), ("newborn", "4")))
    assert [line.split(",")[0] for line in items(ind)] == [
        "\\item \\textit{Zea}",
        "\\item New York",
        "\\item newborn",
        "\\item Xylella",
    ]
    letter, _ = convert(idx(("New York", "3"), ("newborn", "4")), rules="cms-letter")
    assert [line.split(",")[0] for line in items(letter)] == ["\\item newborn", "\\item New York"]


def test_headings_flag_writes_group_headings() -> None:
    style = read_style('headings_flag 1\nheading_prefix "{\\\\bfseries "\nheading_suffix "}\\n"\n')
    ind, _ = convert(idx(("apple", "1"), ("1984", "2"), ("\\S", "3"), ("berry", "4")), style)
    assert "{\\bfseries A}" in ind and "{\\bfseries B}" in ind
    assert "{\\bfseries N}" in ind  # CMS spells a leading number: 1984 files under N(ineteen)
    assert "{\\bfseries Symbols}\n" in ind  # (makeindex's group of keys with no letter first, not all digits)
    ind, _ = convert(idx(("apple", "1"), ("1984", "2"), ("\\S", "3"), ("berry", "4")), style, cms=True)
    assert "{\\bfseries Symbols \\& Numbers}" in ind  # (--cms: one group, both words)


def test_range_rule_option() -> None:
    text = idx(("a|(", "101"), ("a|)", "108"))
    assert "101--108" in convert(text)[0]  # (makeindex writes ranges whole)
    assert "101--8" in convert(text, range_rule=RangeRule.CMS)[0]
    assert "101--8" in convert(text, cms=True)[0]
    kept = idx(("a|(hyperpage", "101"), ("a|)hyperpage", "108"))
    assert "\\hyperpage{101--108}" in convert(kept, cms=True)[0]  # (hyperref links the range's text)


# -- the encap on core locators ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "encap"),
    [
        ("\\hyperpage{12}", "hyperpage"),
        ("\\hyperindexformat{\\textbf}{12–14}", "hyperindexformat{\\textbf}"),
        ("<b>\\foo{a,b}{xii}</b>", "foo{a,b}"),
    ],
)
def test_locator_encap_round_trips(typed: str, encap: str) -> None:
    locator = parse_locator(typed)
    assert locator.encap == encap
    assert parse_locator(locator.canonical()) == locator
    assert parse_locators(f"{typed}, 3") == [locator, parse_locator("3")]


def test_merge_keeps_different_encaps_apart() -> None:
    merged = merge(parse_locators("12, \\hyperpage{12}, \\hyperpage{12-13}, <b>12</b>"))
    assert format_locators(merged) == "<b>12</b>, \\hyperpage{12–13}"
    assert merge([Locator(Series.ARABIC, 5, 5, encap="x"), Locator(Series.ARABIC, 5, 5)]) == [
        Locator(Series.ARABIC, 5, 5),
        Locator(Series.ARABIC, 5, 5, encap="x"),
    ]


@st.composite
def encapped_locators(draw: st.DrawFn) -> Locator:
    series = draw(st.sampled_from(list(Series)))
    first = draw(st.integers(1, 3999))
    last = min(3999, first + draw(st.integers(0, 30)))
    encap = draw(st.sampled_from(["", "hyperpage", "foo{a,b}", "x{\\textbf}"]))
    return Locator(series, first, last, Kind.PAGE, emphasis=draw(st.sampled_from(list(Emphasis))), encap=encap)


@given(encapped_locators())
def test_encapped_locator_canonical_form_parses_back(locator: Locator) -> None:
    assert parse_locator(locator.canonical()) == locator


@given(st.lists(encapped_locators(), max_size=10))
def test_merge_never_mixes_encaps(locators: list[Locator]) -> None:
    for loc in merge(locators):
        assert any(item.encap == loc.encap and item.first == loc.first for item in locators)
    assert parse_locators(format_locators(merge(locators))) == merge(locators) if locators else True


# -- the lean path holds to the core's rules and the Formatter ---------------------------------------------
# (conflate_codes, the core's fast path that the writer uses, is held equal to conflate in
# tests/core/test_ranges_codes.py.)

_page_codes = st.one_of(st.integers(1, 40), st.integers(1, 8).map(lambda value: value - ROMAN_OFFSET))
_styles = st.sampled_from([(0, ""), (0, ""), (1, ""), (2, ""), (0, "hyperpage"), (2, "hyperpage")])


@given(
    st.lists(_page_codes, max_size=12),
    st.lists(st.tuples(_page_codes, _styles), max_size=4),
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 6), _styles), max_size=3),
    st.booleans(),
)
def test_an_entrys_locator_texts_are_its_locators_conflated(
    pages: list[int],
    styled: list[tuple[int, tuple[int, str]]],
    ranges: list[tuple[int, int, tuple[int, str]]],
    adjacent: bool,
) -> None:
    entry = IdxEntry("a", "a", 0)
    entry.pages = pages
    entry.styled = [(code, emphasis, encap) for code, (emphasis, encap) in styled]
    entry.ranges = [(first, first + length, emphasis, encap) for first, length, (emphasis, encap) in ranges]
    if not (pages or styled or ranges):
        return
    writer = Writer(IstStyle(), SortKeys(), FormatOptions(conflate_adjacent=adjacent))
    expected = [
        writer.ind.locator(format_locator(loc).replace(EN_DASH, "--"), loc.emphasis, *filter(None, [loc.encap]))
        for loc in conflate(entry.locator_objects(), adjacent=adjacent)
    ]
    assert writer.locator_texts(entry) == expected


def formatter_path(text: str, style: IstStyle | None = None, **options: object) -> str:
    """The .ind made the general way: read, core tree, Formatter, LaTeX writer (joining runs of pages, as
    makeindex does)."""
    keys = SortKeys()
    result = read_idx(text, style)
    options.setdefault("conflate_adjacent", True)
    options.setdefault("curly_quotes", False)
    formatted = Formatter(FormatOptions(**options), keys).format(result.tree(keys))  # type: ignore[arg-type]
    return export_ind(mark_latex_source(formatted), style)


def test_lean_path_writes_what_the_formatter_path_writes_for_the_fixture(tmp_path: Path) -> None:
    text = (FIXTURES / "book.idx").read_text(encoding="utf-8")
    assert "|hyperpage" in text  # kept encaps travel on both paths
    assert convert(text, cms=True)[0] == formatter_path(text)  # (the Formatter joins two pages, as --cms)
    style = read_style('headings_flag 1\nheading_prefix "\\\\textbf{"\nheading_suffix "}"\ndelim_t "."\n')
    assert convert(text, style, cms=True)[0] == formatter_path(text, style)


def test_letter_groups_of_numbers_and_accents_match_the_formatter() -> None:
    text = idx(*((key, "1") for key in ["19", "190", "1984", "a", "é", "Ä", "ab", "e\u0301t", "Öl", "10 Downing"]))
    assert convert(text)[0] == formatter_path(text)


idx_keys = st.lists(
    st.sampled_from(
        [
            "apple",
            "Apple",
            "élan",
            "\\'etude",
            "x@\\textit{X}",
            "the end",
            "1984",
            "$5",
            "zebra",
            "roses",
            "of roses",
            "roses!pruning",
            "roses!of pruning!climbers",
            "roses!shrub",
            'a"!b',
            "Bach, Johann",
            "Bach",
            "§",
            "@home",
            "\\S 5",
        ]
    ),
    min_size=1,
    max_size=4,
).map(lambda parts: "!".join(parts))
idx_encaps = st.sampled_from(
    [
        "",
        "",
        "",
        "|textbf",
        "|textit",
        "|hyperpage",
        "|(",
        "|)",
        "|see{roses}",
        "|seealso{roses!pruning}",
        "|see{nothing}",
        "|seealso{Bach, Johann}",
        "|seealso{Bach}",
        "|seealso{zebra}",
    ]
)
idx_pages = st.sampled_from(["1", "2", "3", "4", "7", "101", "108", "i", "ii", "iv", "x"])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(idx_keys, idx_encaps, idx_pages), max_size=25))
def test_lean_path_matches_the_formatter_path(lines: list[tuple[str, str, str]]) -> None:
    text = idx(*((key + encap, page) for key, encap, page in lines))
    assert convert(text, cms=True)[0] == formatter_path(text)  # (the Formatter joins two pages, as --cms)


# -- never a crash -------------------------------------------------------------------------------------

idx_noise = st.text(alphabet=st.sampled_from(list('\\indexentry{}@!|"()ab 12xiv\n\t\r\\é')), max_size=200)


@settings(max_examples=300)
@given(idx_noise)
def test_random_text_never_raises(text: str) -> None:
    result = read_idx(text)
    for problem in result.problems:
        assert problem.line >= 0 and problem.message
    ind, problems = convert(text)
    assert ind.startswith("\\begin{theindex}") and isinstance(problems, list)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.text(alphabet='ab!@|"\\{}() ', max_size=12), st.text(alphabet="12xiv-a ", max_size=4)), max_size=10
    )
)
def test_random_entries_never_raise(entries: list[tuple[str, str]]) -> None:
    text = idx(*entries)
    result = read_idx(text)
    assert result.accepted + result.rejected <= len(entries)
    convert(text)


@settings(max_examples=100)
@given(st.text(alphabet=st.sampled_from(list("abcdefghl_ '\"\\%\n0123-=@{}")), max_size=120))
def test_random_style_never_raises(text: str) -> None:
    style = read_style(text)
    convert(idx(("a!b|textbf", "1")), style)


style_chars = st.sampled_from(list("[]^-\\.*+?(){}|@!\"'~$#%&=<>/:;,"))


@settings(max_examples=150)
@given(
    st.lists(style_chars, min_size=9, max_size=9),
    st.sampled_from(["\\indexentry", "[", "^idx"]),
    st.text(alphabet=st.sampled_from(list("[]^-\\.*+?(){}|@!\"'~ab12 \n")), max_size=80),
)
def test_any_style_characters_never_raise(picks: list[str], keyword: str, text: str) -> None:
    level, actual, encap, quote, escape, opening, closing, range_open, range_close = picks
    style = IstStyle(
        level=level,
        actual=actual,
        encap=encap,
        quote=quote,
        escape=escape,
        arg_open=opening,
        arg_close=closing,
        range_open=range_open,
        range_close=range_close,
        keyword=keyword,
    )
    convert(text + f"{keyword}{opening}a{level}b{encap}c{closing}{opening}3{closing}\n", style, parallel=False)


# -- the command ---------------------------------------------------------------------------------------


def test_run_writes_ind_and_ilg_next_to_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "book.idx"
    source.write_text(idx(("b", "2"), ("a", "1")) + "garbage\n", encoding="utf-8")
    assert run([str(tmp_path / "book")]) == 0  # the .idx suffix may be left out, as with makeindex
    assert items((tmp_path / "book.ind").read_text(encoding="utf-8")) == ["\\item a, 1", "\\item b, 2"]
    log = (tmp_path / "book.ilg").read_text(encoding="utf-8")
    assert "2 entries accepted, 1 rejected" in log and "line = 3" in log
    assert "line = 3" in capsys.readouterr().err


def test_run_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.idx"
    source.write_text(idx(("b=B", "2"), ("a", "1")), encoding="utf-8")
    (tmp_path / "s.ist").write_text("actual '='\n", encoding="utf-8")
    code = run(
        [
            str(source),
            "-s",
            str(tmp_path / "s.ist"),
            "-o",
            str(tmp_path / "out.ind"),
            "-t",
            str(tmp_path / "out.ilg"),
            "--rules",
            "cms-letter",
            "--lang",
            "de",
            "-q",
        ]
    )
    assert code == 0
    assert items((tmp_path / "out.ind").read_text(encoding="utf-8")) == ["\\item a, 1", "\\item B, 2"]
    assert (tmp_path / "out.ilg").exists()
    assert capsys.readouterr().err == ""


def test_run_bad_usage_and_unreadable_input(tmp_path: Path) -> None:
    assert run([str(tmp_path / "missing.idx"), "-q"]) == 1  # (makeindex's code for a missing input)
    assert run(["--no-such-option"]) == 2
    assert run([]) == 2
    (tmp_path / "a.idx").write_text("", encoding="utf-8")
    assert run([str(tmp_path / "a.idx"), "-s", str(tmp_path / "missing.ist"), "-q"]) == 1  # (makeindex's code)
    assert run([str(tmp_path / "a.idx"), "--lang", "xx-not-a-language", "-q"]) == 2
    assert run([str(tmp_path / "a.idx"), "-q"]) == 0


@needs_fork
def test_run_in_one_or_two_processes(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "book.idx", tmp_path / "book.idx")
    assert run([str(tmp_path / "book.idx"), "-q", "--processes", "1", "-o", str(tmp_path / "one.ind")]) == 0
    assert run([str(tmp_path / "book.idx"), "-q", "--processes", "2", "-o", str(tmp_path / "two.ind")]) == 0
    assert (tmp_path / "one.ind").read_bytes() == (tmp_path / "two.ind").read_bytes()
    assert run([str(tmp_path / "book.idx"), "-q", "--processes", "3"]) == 2


def test_latin1_input_is_read_and_written_back_in_latin1(tmp_path: Path) -> None:
    source = tmp_path / "old.idx"
    source.write_bytes("\\indexentry{élan}{1}\n\\indexentry{apple}{2}\n".encode("latin-1"))
    assert run([str(source), "-q"]) == 0
    assert items((tmp_path / "old.ind").read_bytes().decode("latin-1")) == ["\\item apple, 2", "\\item élan, 1"]


@pytest.mark.parametrize("command", [["xindex", "makeindex"], ["xindex.makeindex_cli"]])
def test_python_dash_m_runs_the_command(tmp_path: Path, command: list[str]) -> None:
    source = tmp_path / "m.idx"
    source.write_text(idx(("a", "1"), ("b", "*")), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", *command, str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert items((tmp_path / "m.ind").read_text(encoding="utf-8")) == ["\\item a, 1"]
    assert "1 entries accepted, 1 rejected" in done.stderr and "line = 2" in done.stderr


# -- makeindex itself as the oracle ----------------------------------------------------------------------


@needs_makeindex
def test_a_bracketed_page_is_refused_and_adjacent_pages_join_as_makeindex_does(tmp_path: Path) -> None:
    # xindex's [46] (a page kept apart, Hart's Rules 19.6) is no makeindex page: both refuse the line and
    # join the rest, as makeindex always joins adjacent pages.
    text = idx(("cats", "45"), ("cats", "[46]"), ("cats", "47"), ("dogs", "3"), ("dogs", "4"), ("dogs", "5"))
    (tmp_path / "a.idx").write_text(text, encoding="utf-8")
    subprocess.run(["makeindex", "-q", "a.idx"], cwd=tmp_path, check=True)
    ind, problems = convert(text)
    assert ind == (tmp_path / "a.ind").read_text(encoding="utf-8")
    assert items(ind) == ["\\item cats, 45, 47", "\\item dogs, 3--5"]
    assert [(problem.line, problem.rejected) for problem in problems] == [(2, True)]


@needs_makeindex
def test_same_entries_and_pages_as_makeindex_on_the_fixture(tmp_path: Path) -> None:
    """On the stored .idx of book.tex: makeindex and we list the same pages under the same headings."""
    shutil.copy(FIXTURES / "book.idx", tmp_path / "book.idx")
    subprocess.run(["makeindex", "-q", "book.idx"], cwd=tmp_path, check=True)
    theirs = ind_entries((tmp_path / "book.ind").read_text(encoding="utf-8"))
    ours = ind_entries(convert((FIXTURES / "book.idx").read_text(encoding="utf-8"))[0])
    assert ours == theirs


def ind_entries(ind: str) -> dict[tuple[str, ...], set[tuple[str, int]]]:
    """Heading path → set of (style, page) cited, from an .ind; layout and order ignored."""
    import roman

    entries: dict[tuple[str, ...], set[tuple[str, int]]] = {}
    path: list[str] = []
    for line in ind.splitlines():
        match = re.match(r"\s*\\(item|subitem|subsubitem) (.*)$", line)
        if not match:
            continue
        level = {"item": 0, "subitem": 1, "subsubitem": 2}[match.group(1)]
        text = re.sub(r"\\see(also)?\{[^}]*\}\{[^}]*\}|[.( ]*\\emph\{[^}]*\}.*$", "", match.group(2))
        heading, *pages = [part.strip() for part in split_top(text)]
        path[level:] = [heading]
        cited = entries.setdefault(tuple(path), set())
        for page in filter(None, pages):
            style = ""
            encap = re.fullmatch(r"\\(\w+)\{(.*)\}", page)
            if encap:
                style, page = encap.groups()
            for item in page.split(", "):
                first, _, last = item.partition("--")
                ends = (first, last or first)
                numbers = [int(n) if n.isdigit() else roman.fromRoman(n.upper()) - 10_000 for n in ends]
                cited.update((style, n) for n in range(numbers[0], numbers[1] + 1))
    return entries


def split_top(text: str) -> list[str]:
    """Split on ", " outside braces."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and text.startswith(", ", index):
            parts.append(text[start:index])
            start = index + 2
    parts.append(text[start:])
    return [part for part in parts if part or parts[0] is part]


# -- two processes ---------------------------------------------------------------------------------------


@needs_fork
def test_two_processes_write_what_one_writes() -> None:
    text = (
        (FIXTURES / "book.idx").read_text(encoding="utf-8")
        + idx(
            ("bad@@key", "1"),
            ("ok", "zz"),
            ("a|(", "3"),
            ("orphan|)", "4"),
            ("x|see{roses!pruning!climbers}", "5"),
            ("y|seealso{soil, pH}", "6"),
            ("z|see{nowhere}", "7"),
        )
        + "not an entry\n"
    )
    one = convert(text, parallel=False, cms=True)  # (--cms: the references linked across the two processes)
    two = convert(text, parallel=True, cms=True)
    assert two == one
    assert len(one[1]) == 6


@needs_fork
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(idx_keys, idx_encaps, idx_pages), max_size=40))
def test_two_processes_match_one_on_random_indexes(lines: list[tuple[str, str, str]]) -> None:
    text = idx(*((key + encap, page) for key, encap, page in lines))
    assert convert(text, parallel=True) == convert(text, parallel=False)


def test_two_processes_only_when_cores_are_free(monkeypatch: pytest.MonkeyPatch) -> None:
    from xindex.jobs import fork

    assert fork.others_running() >= 0
    monkeypatch.setattr(fork, "others_running", lambda: 64)
    assert not fork.can_fork()


def test_the_command_line_names_what_the_modules_define() -> None:
    from xindex import makeindex_cli
    from xindex.core import errors
    from xindex.core.rules import DEFAULT_RULES, RULE_SETS

    assert tuple(sorted(RULE_SETS)) == makeindex_cli.RULE_NAMES
    assert DEFAULT_RULES.name == makeindex_cli.DEFAULT_RULES
    assert (makeindex_cli.OK, makeindex_cli.BAD_INPUT, makeindex_cli.INTERNAL_ERROR) == (
        errors.OK,
        errors.BAD_INPUT,
        errors.INTERNAL_ERROR,
    )


def test_the_command_starts_without_the_sorting_machinery() -> None:
    code = "import sys, xindex.makeindex_cli; print(sorted(n for n in sys.modules if n[:3] in ('icu', 'xin')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(["xindex", "xindex.jobs", "xindex.jobs.fork", "xindex.makeindex_cli"])


@needs_fork
def test_the_command_in_two_processes_writes_what_one_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xindex import makeindex_cli
    from xindex.jobs import fork

    monkeypatch.setattr(fork, "others_running", lambda: 0)  # (other work on the machine must not decide)
    forks: list[object] = []
    fork_pair = makeindex_cli.fork_pair
    monkeypatch.setattr(makeindex_cli, "fork_pair", lambda: forks.append(fork_pair()) or forks[-1])
    words = [*IDX_KEYS, '"!quoted', "x@\\textit{X}"]
    lines = [
        (f"{words[n % len(words)]}{n % 7}!sub{n % 5}" + ("|textbf" if n % 11 == 0 else ""), str(n % 300 + 1))
        for n in range(3000)
    ]
    lines += [
        ("  leading space!a", "3"),
        ("bad@@key", "4"),
        ("ok", "zz"),
        ("a|(", "3"),
        ("orphan|)", "4"),
        ("x|see{roses3!sub1}", "5"),
        ("zebra1|seealso{apple2}", "6"),
    ]
    source = tmp_path / "big.idx"
    source.write_text(idx(*lines) + "not an entry\n  \\indexentry{zz}{1} trailing\n", encoding="utf-8")
    outputs = []
    for processes in ("1", "2"):
        ind, log = tmp_path / f"p{processes}.ind", tmp_path / f"p{processes}.ilg"
        assert run([str(source), "-q", "--processes", processes, "-o", str(ind), "-t", str(log)]) == 0
        outputs.append((ind.read_text(encoding="utf-8"), log.read_text(encoding="utf-8").replace(f"p{processes}.", "")))
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1]
    assert "line = 3002" in outputs[0][1] and "entries accepted" in outputs[0][1]
    assert len(forks) == 1 and forks[0] is not None  # --processes 2 forked (and 1 did not)


def test_failing_fork_falls_back_to_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", refuse)
    text = idx(("b", "2"), ("a", "1"))
    assert convert(text, parallel=True) == convert(text, parallel=False)


@given(st.text(alphabet=st.sampled_from(list("aZ ,\\{}~$\t\n\r\x0b\x0c\x01\x7fé")), max_size=10))
def test_plain_latex_is_ascii_without_macros_braces_ties_math_or_odd_spaces(text: str) -> None:
    expected = text.isascii() and not set(text) & set("\\{}~$\t\n\r\x0b\x0c") and "  " not in text
    assert is_plain(text) == expected


@needs_makeindex
def test_emph_and_roman_forms_are_two_entries_roman_first_as_makeindex_files_them(tmp_path: Path) -> None:
    # Issue 16: Nature and \emph{Nature} (the journal, a title in italics: CMS 16.47-55) are two makeindex
    # entries (same key, another actual); makeindex files the roman one first, and so do we, imported or
    # converted. \textbf{Nature} is a third makeindex entry but no other heading of ours (bold is how it is set).
    from xindex.formats.importers import import_file
    from xindex.store import Document

    text = idx(("Nature@\\emph{Nature}", "12"), ("Nature", "5"), ("natural selection", "30"), ("Nature, journal", "8"))
    (tmp_path / "book.idx").write_text(text, encoding="utf-8")
    subprocess.run(["makeindex", "-q", "book.idx"], cwd=tmp_path, check=True)
    theirs = items((tmp_path / "book.ind").read_text(encoding="utf-8"))
    ours = items(convert(text)[0])
    assert theirs == ours
    assert [item.split(",")[0] for item in ours] == [
        "\\item natural selection",
        "\\item Nature",
        "\\item \\emph{Nature}",
        "\\item Nature",
    ]
    with Document.create(tmp_path / "book.xix") as document:
        report = import_file(document, tmp_path / "book.idx")
        assert report.added == 4
        assert [entry.term for entry in document.children(None)] == [
            "natural selection",
            "Nature",
            "<i>Nature</i>",
            "Nature, journal",
        ]
        import_file(document, tmp_path / "book.idx")
        assert document.entry_count() == 4, "imported again, each merges into its own form"
