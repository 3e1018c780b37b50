"""The formatter against expected indexes written by hand from the Chicago Manual of Style (17th ed.).

The sample index (tests/sample_index.py) is built through a real Document and
formatted in each layout; export_text's output is compared with the files in
tests/expected/. Those files were written from the CMS rules, not from the
formatter's output:

* 16.19–20 cross-reference placement and punctuation: after a main heading
  ``. See X`` / ``. See also X`` (italic label, roman target); after a
  subentry in parentheses and lower case, ``(see also X)``; in an indented
  index an entry with subentries may instead carry its *See also* on a line of
  its own, first or last among the subentries, capitalised and unpunctuated;
  in a run-in entry the *See also* ends the entry, after the last subentry,
  preceded by a period (it cannot follow the heading there: its targets,
  separated by semicolons, would run into the subentries, also separated by
  semicolons).
* 16.20–22 several targets alphabetically, separated by semicolons; a target
  that is a subentry as ``heading: subentry``; generic references (italic) last.
* 16.24–28 run-in style: subentries run on, separated by semicolons; a
  colon follows a heading with no locators, a semicolon follows locators.
  CMS 16.27 runs in only the sub-subentries (under indented subentries) when
  there are more levels; running in deeper levels (run_in_level=0 with
  sub-subentries, run_in_level=1 with sub-sub-subentries) has no CMS form, and
  the expected files show the formatter's flattened, depth-first order there.
* 9.61 inclusive numbers (3–10, 71–72, 96–117, 100–104, 1100–1113, 101–8,
  808–33, 1103–4, 321–28, 498–532, 1087–89, 1496–500, 11564–615, 12991–3001).
"""

from __future__ import annotations

import difflib

import pytest

from tests.sample_index import EXPECTED, NOTE, TITLE, format_sample
from xindex.core import ranges
from xindex.core.formatter import (
    FormatOptions,
    FormattedIndex,
    Formatter,
    Paragraph,
    Role,
    SeeAlsoPosition,
    Span,
    parse_style,
)
from xindex.core.locators import parse_locators
from xindex.core.settings import format_options
from xindex.formats.text import export_text
from xindex.store import Document

LAYOUTS: dict[str, FormatOptions] = {
    "indented-see-also-after": FormatOptions(),
    "indented-see-also-first": FormatOptions(see_also_position=SeeAlsoPosition.FIRST),
    "indented-see-also-last": FormatOptions(see_also_position=SeeAlsoPosition.LAST),
    "run-in-main": FormatOptions(run_in_level=0),
    "run-in-1": FormatOptions(run_in_level=1),
    "run-in-2": FormatOptions(run_in_level=2),
}

GROUP_TITLES = [
    "Symbols & Numbers",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "K",
    "M",
    "N",
    "O",
    "P",
    "R",
    "S",
    "T",
    "U",
    "W",
    "X",
    "Y",
]


def paragraph_of(index: FormattedIndex, start: str, level: int | None = None) -> Paragraph:
    """The first paragraph whose text starts with ``start`` (at ``level``, when given)."""
    for paragraph in index.paragraphs():
        if paragraph.text.startswith(start) and (level is None or paragraph.level == level):
            return paragraph
    raise AssertionError(f"no paragraph starts with {start!r}")


def spans_with(paragraph: Paragraph, role: Role) -> list[Span]:
    """The spans of one role in a paragraph."""
    return [span for span in paragraph.spans if span.role is role]


# ---------------------------------------------------------------- the expected indexes


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_sample_matches_cms_expected(sample: Document, layout: str) -> None:
    expected = (EXPECTED / f"sample-{layout}.txt").read_text(encoding="utf-8")
    actual = export_text(format_sample(sample, LAYOUTS[layout]))
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"expected/sample-{layout}.txt (CMS)", "formatter", lineterm="", n=0
    )
    assert actual == expected, "\n".join(diff)


# ---------------------------------------------------------------- groups and structure


def test_groups_symbols_first_then_letters(sample: Document) -> None:
    index = format_sample(sample)
    assert (index.title, index.note) == (TITLE, NOTE)
    assert [group.title for group in index.groups] == GROUP_TITLES
    symbols = index.groups[0]
    assert symbols.key == ""
    assert [paragraph.text.split(",")[0] for paragraph in symbols.paragraphs] == [
        "@ at symbol",
        "♞ black chess knight character",
    ]


def test_a_heading_beginning_with_a_numeral_files_as_spelled_out(sample: Document) -> None:
    index = format_sample(sample)
    group_t = next(group for group in index.groups if group.title == "T")
    assert group_t.paragraphs[0].text == "10 Downing Street, 10"


def test_without_letter_groups_one_untitled_group(sample: Document) -> None:
    index = format_sample(sample, FormatOptions(letter_groups=False))
    assert len(index.groups) == 1
    assert index.groups[0].title == ""
    assert len(index.groups[0].paragraphs) == len(list(format_sample(sample).paragraphs()))


def test_numbers_group_without_title(sample: Document) -> None:
    index = format_sample(sample, FormatOptions(numbers_group=False))
    assert index.groups[0].title == ""
    assert index.groups[1].title == "A"


def test_indented_levels_follow_entry_depth(sample: Document) -> None:
    index = format_sample(sample)
    levels = {paragraph.text.split(",")[0].split(" (")[0]: paragraph.level for paragraph in index.paragraphs()}
    assert levels["class"] == 0
    assert levels["attributes"] == 1
    assert levels["decorator"] == 2
    assert levels["Class"] == 3
    assert max(paragraph.level for paragraph in index.paragraphs()) == 3


@pytest.mark.parametrize("level", [0, 1, 2])
def test_run_in_paragraphs_stop_at_their_level(sample: Document, level: int) -> None:
    index = format_sample(sample, FormatOptions(run_in_level=level))
    assert max(paragraph.level for paragraph in index.paragraphs()) == level


def test_every_paragraph_names_its_entry(sample: Document) -> None:
    for layout, options in LAYOUTS.items():
        index = format_sample(sample, options)
        for paragraph in index.paragraphs():
            assert paragraph.entry_id is not None, layout
            entry = sample.entry(paragraph.entry_id)
            if paragraph.text.startswith("See also "):
                assert paragraph.level == len(sample.ancestry(entry.id)), layout
            else:
                assert paragraph.text.startswith(entry.plain), (layout, paragraph.text)


def test_see_also_line_belongs_to_its_entry(sample: Document) -> None:
    first = format_sample(sample, FormatOptions(see_also_position=SeeAlsoPosition.FIRST))
    paragraphs = list(first.paragraphs())
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text.startswith("See also "):
            owner = paragraphs[index - 1]
            assert owner.entry_id == paragraph.entry_id
            assert paragraph.level == owner.level + 1


# ---------------------------------------------------------------- spans: styles and roles


def test_cross_reference_labels_italic_targets_roman(sample: Document) -> None:
    index = format_sample(sample)
    callback = paragraph_of(index, "callback")
    assert [(span.text, span.styles) for span in spans_with(callback, Role.XREF_LABEL)] == [("See", {"i"})]
    assert [(span.text, span.styles) for span in spans_with(callback, Role.XREF_TARGET)] == [
        ("function: reference", frozenset()),
        ("references: function", frozenset()),
    ]
    assert spans_with(paragraph_of(index, "tuples.", level=0), Role.XREF_LABEL)[0].text == "See under"


def test_subentry_cross_reference_lower_case_in_parentheses(sample: Document) -> None:
    index = format_sample(sample)
    docstring = paragraph_of(index, "docstring (", level=1)
    assert docstring.text == "docstring (see docstrings)"
    assert spans_with(docstring, Role.XREF_LABEL) == [Span("see", frozenset({"i"}), Role.XREF_LABEL)]
    assert docstring.spans[-1].role is Role.PUNCTUATION


def test_generic_references_italic_and_last(sample: Document) -> None:
    index = format_sample(sample)
    function = paragraph_of(index, "function. See also")
    targets = spans_with(function, Role.XREF_TARGET)
    assert [span.text for span in targets] == [
        "class: attributes: decorator",
        "unbound method",
        "names of individual functions",
    ]
    assert [span.styles for span in targets] == [frozenset(), frozenset(), frozenset({"i"})]


def test_locator_emphasis(sample: Document) -> None:
    index = format_sample(sample)
    decorator = spans_with(paragraph_of(index, "decorator"), Role.LOCATOR)
    assert [(span.text, span.styles) for span in decorator] == [
        ("36", frozenset()),
        ("48", frozenset({"b"})),
        ("54–59", frozenset()),
    ]
    docstrings = spans_with(paragraph_of(index, "docstrings"), Role.LOCATOR)
    assert [(span.text, span.styles) for span in docstrings] == [("12", frozenset()), ("40", frozenset({"i"}))]


def test_markup_in_terms(sample: Document) -> None:
    index = format_sample(sample)
    formula = spans_with(paragraph_of(index, "e = mc"), Role.TERM)
    assert [(span.text, span.styles) for span in formula] == [
        ("e", {"i"}),
        (" = ", frozenset()),
        ("mc", {"i"}),
        ("2", {"sup"}),
    ]
    sgml = spans_with(paragraph_of(index, "sgml"), Role.TERM)
    assert (sgml[0].text, sgml[0].styles) == ("sgml", {"sc"})
    bold = spans_with(paragraph_of(index, "bold,"), Role.TERM)
    assert [span.styles for span in bold if span.text.strip(", ")] == [{"b"}, {"i"}, {"b", "i"}]


def test_run_in_separators(sample: Document) -> None:
    index = format_sample(sample, FormatOptions(run_in_level=0))
    painting = paragraph_of(index, "painting")
    punctuation = [span.text for span in spans_with(painting, Role.PUNCTUATION)]
    assert punctuation == [": ", ", ", "; ", ", ", ", ", "; ", ", ", ", "]


# ---------------------------------------------------------------- options


@pytest.mark.parametrize(("style", "level"), [("indented", None), ("run-in", 0), ("Run-In:1", 1), (" run-in:2 ", 2)])
def test_parse_style(style: str, level: int | None) -> None:
    assert parse_style(style) == level


@pytest.mark.parametrize("style", ["", "runin", "run-in:", "run-in:-1", "run-in:x"])
def test_parse_style_refuses(style: str) -> None:
    with pytest.raises(ValueError, match="is not a style"):
        parse_style(style)


def test_options_from_settings() -> None:
    options = format_options({"style": "run-in:1", "see-also-position": "last", "letter-groups": "0"})
    assert options.run_in_level == 1
    assert options.see_also_position is SeeAlsoPosition.LAST
    assert not options.letter_groups
    assert format_options({}) == FormatOptions()


def test_separate_mentions_on_consecutive_pages_stay_apart_unless_the_document_joins_them() -> None:
    # CMS 16.13-14, inclusive numbers: mark a continuous discussion; "34, 35, 36" are separate
    # mentions, so they are not joined unless the document asks for it (conflate-adjacent).
    pages = parse_locators("33, 34, 35, 37, 40-42")
    assert ranges.locators_text(pages, adjacent=format_options({}).conflate_adjacent) == "33, 34, 35, 37, 40–42"
    joined = format_options({"conflate-adjacent": "1"}).conflate_adjacent
    assert ranges.locators_text(pages, adjacent=joined) == "33–35, 37, 40–42"


def test_run_in_keeps_the_hierarchy_at_every_depth(doc: Document) -> None:
    # The issue's case: run in, Paris's sub-subentries read as Paris's own ("Paris, 8–30; expositions;
    # 1889, 8–9; …"). CMS 16.24-28 runs in one level; below it each subentry's subentries follow it in
    # parentheses, at any depth, and run-in:1 keeps a fourth level in its own parentheses too.
    paris = doc.add_entry("Paris", locators="8-30")
    expositions = doc.add_entry("expositions", paris, locators="8")
    doc.add_entry("1889", expositions, locators="8-9")
    nineteen_hundred = doc.add_entry("1900", expositions, locators="26-28")
    doc.add_entry("Grand Palais", nineteen_hundred, locators="27")
    doc.add_entry("Left Bank", paris, locators="40")
    sieges = doc.add_entry("sieges", paris)
    doc.add_entry("1870", sieges, locators="12")

    def text(style: str) -> list[str]:
        options = format_options({"style": style, "letter-groups": "0"})
        return export_text(Formatter(options, doc.keys).format(doc.tree())).splitlines()

    assert text("run-in") == [
        "Paris, 8–30; expositions, 8 (1889, 8–9; 1900, 26–28 (Grand Palais, 27)); Left Bank, 40; sieges (1870, 12)"
    ]
    assert text("run-in:1") == [
        "Paris, 8–30",
        "    expositions, 8; 1889, 8–9; 1900, 26–28 (Grand Palais, 27)",
        "    Left Bank, 40",
        "    sieges: 1870, 12",
    ]
