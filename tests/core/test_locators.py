"""Locator parsing, normalisation, ordering and merging (GUIDE section 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core.locators import (
    Emphasis,
    Kind,
    Locator,
    LocatorError,
    Series,
    as_range,
    format_locators,
    merge,
    next_page,
    note_spans,
    parse_and_merge,
    parse_locator,
    parse_locators,
)


def canon(text: str) -> str:
    return format_locators(parse_and_merge(text))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12", "12"),
        ("xii", "xii"),
        ("XII", "xii"),
        ("14-16", "14–16"),
        ("14–16", "14–16"),
        ("14 - 16", "14–16"),
        ("14—16", "14–16"),
        ("xiv-xvi", "xiv–xvi"),
        ("131-4", "131–134"),
        ("101-8", "101–108"),
        ("1496-500", "1496–1500"),
        ("12991-3001", "12991–13001"),
        ("808-33", "808–833"),
        ("12-12", "12"),
        ("45n", "45n"),
        ("45n3", "45n3"),
        ("98nn2,5", "98nn2,5"),
        ("98nn5,2,2", "98nn2,5"),
        ("77f", "77f"),
        ("77fig", "77f"),
        ("77fig.", "77f"),
        ("102t", "102t"),
        ("102tbl", "102t"),
        ("9pl", "9pl"),
        ("II:24", "II:24"),
        ("ii:24", "II:24"),
        ("3.12", "3.12"),
        ("3.12-15", "3.12–15"),
        ("3.12-3.15", "3.12–15"),
        ("<b>12</b>", "<b>12</b>"),
        ("<i>12-14</i>", "<i>12–14</i>"),
        ("<b>20</b><b>–</b><b>21</b>", "<b>20–21</b>"),
        ("257<i>f</i>", "257f"),
        ("0@frontispiece", "0@frontispiece"),
    ],
)
def test_one_locator_normalised(typed: str, stored: str) -> None:
    assert canon(typed) == stored


def test_conflation_example_from_the_guide_keeps_adjacent_pages_for_output_rules() -> None:
    # Storage merges duplicates and overlaps; joining adjacent pages (33, 34, 35 → 33–35) is an output rule.
    assert canon("34, 33, 35, 37, 39, 40-42, 41-43") == "33, 34, 35, 37, 39, 40–43"


def test_duplicates_and_overlaps_merge() -> None:
    assert canon("12, 12, 10-14, 11-13, 14-20") == "10–20"


def test_emphasised_duplicate_wins() -> None:
    assert canon("12, <b>12</b>") == "<b>12</b>"
    assert canon("<i>12</i>, 12") == "<i>12</i>"
    assert canon("<i>12</i>, <b>12</b>") == "<b>12</b>"


def test_emphasised_page_inside_plain_range_is_kept() -> None:
    assert canon("10-14, <b>12</b>") == "10–14, <b>12</b>"


def test_notes_on_one_page_join_a_list() -> None:
    assert canon("45n3, 45n5, 45n3") == "45nn3,5"


def test_note_list_is_not_split_at_its_commas() -> None:
    found = parse_locators("98nn2,5, 100")
    assert [loc.plain() for loc in found] == ["98nn2,5", "100"]


def test_order_roman_first_then_arabic_then_kind() -> None:
    assert canon("45f, 46, 45, xii, 45n3, 3, iv, 45t") == "iv, xii, 3, 45, 45n3, 45f, 45t, 46"


def test_prefixes_order_by_value() -> None:
    assert canon("10:5, 2:7, II:3, I:9") == "2:7, 10:5, I:9, II:3"


def test_explicit_ordering_value_places_text_locator() -> None:
    found = parse_and_merge("12, 5@plate A, 3")
    assert [loc.plain() for loc in found] == ["3", "5@plate A", "12"]
    assert found[1].kind is Kind.TEXT and found[1].text == "plate A"


def test_semicolons_separate_too() -> None:
    assert canon("12; 14") == "12, 14"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("12-", "no end page"),
        ("ab-cd", "not a page number"),
        ("20–10", "ends before it starts"),
        ("198-2", "ends before it starts"),
        ("xiv–3", "mix roman and arabic"),
        ("3-xiv", "mix roman and arabic"),
        ("abc", "not a page number"),
        ("12,,13", "empty locator"),
        ("12,", "empty locator at the end"),
        ("-5", "no start page"),
        ("xxxx", "not a valid roman numeral"),
        ("0", "no page 0"),
        ("77f-9", "figure, table or plate locator cannot be a range"),
        ("I:3-II:5", "one volume or chapter into another"),
        ("12ff", "range of pages"),
        ("45ff.", "CMS (16.13, inclusive numbers) advises against them"),  # f./ff. leave the end of a discussion unsaid
        ("<b>12", "never closed"),
    ],
)
def test_bad_input_is_refused_naming_the_part(typed: str, words: str) -> None:
    with pytest.raises(LocatorError) as caught:
        parse_locators(f"5, {typed}" if typed not in {"12,,13", "12,"} else typed)
    assert words in str(caught.value)


def test_error_names_bad_part_and_position() -> None:
    with pytest.raises(LocatorError) as caught:
        parse_locators("12, 14, 20-10, 30")
    assert caught.value.part == "20-10"
    assert "'20-10'" in str(caught.value)
    assert caught.value.position == 7


def test_empty_text_is_no_locators() -> None:
    assert parse_locators("   ") == []


def test_covers() -> None:
    rng = parse_locator("40-50")
    assert rng.covers(Series.ARABIC, 45)
    assert not rng.covers(Series.ROMAN, 45)
    assert not rng.covers(Series.ARABIC, 51)


# --- property-based round trips ------------------------------------------------------------------

pages = st.integers(min_value=1, max_value=3999)
emphases = st.sampled_from(list(Emphasis))
prefixes = st.sampled_from(["", "II:", "3.", "IV:", "12:", "A:"])


@st.composite
def locators(draw: st.DrawFn) -> Locator:
    series = draw(st.sampled_from(list(Series)))
    kind = draw(st.sampled_from([Kind.PAGE, Kind.PAGE, Kind.NOTE, Kind.FIGURE, Kind.TABLE, Kind.PLATE, Kind.TEXT]))
    first = draw(pages)
    emphasis = draw(emphases)
    if kind is Kind.TEXT:
        text = draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8))
        return Locator(Series.ARABIC, first, first, kind, emphasis=emphasis, text=text)
    prefix = draw(prefixes)
    last = first + draw(st.integers(min_value=0, max_value=300)) if kind is Kind.PAGE else first
    if series is Series.ROMAN:
        last = min(last, 3999)
    notes: tuple[tuple[int, int], ...] = ()
    if kind is Kind.NOTE:
        spans = draw(st.lists(st.tuples(st.integers(1, 99), st.integers(0, 3)), max_size=4))
        notes = note_spans((start, start + length) for start, length in spans)
    passim = kind is Kind.PAGE and last > first and draw(st.booleans())
    apart = kind is Kind.PAGE and not passim and draw(st.booleans())
    return Locator(series, first, last, kind, prefix, notes, emphasis, passim=passim, apart=apart)


@given(locators())
def test_format_then_parse_gives_the_same_locator(locator: Locator) -> None:
    assert parse_locator(locator.canonical()) == locator


@given(st.lists(locators(), max_size=12))
def test_list_round_trip_is_stable(items: list[Locator]) -> None:
    merged = merge(items)
    text = format_locators(merged)
    again = parse_and_merge(text)
    assert again == merged
    assert format_locators(again) == text


@given(st.lists(locators(), max_size=12))
def test_merge_is_idempotent_and_ordered(items: list[Locator]) -> None:
    merged = merge(items)
    assert merge(merged) == merged
    keys = [loc.order_key() for loc in merged]
    assert keys == sorted(keys)


@given(st.lists(locators(), max_size=12))
def test_merge_keeps_every_cited_page(items: list[Locator]) -> None:
    merged = merge(items)
    for item in items:
        if item.kind is Kind.PAGE:
            assert any(
                m.kind is Kind.PAGE
                and m.covers(item.series, item.first, item.prefix)
                and m.covers(item.series, item.last, item.prefix)
                for m in merged
            )


@given(st.text(max_size=30))
def test_parser_never_crashes(text: str) -> None:
    try:
        found = parse_locators(text)
    except LocatorError:
        return
    assert parse_and_merge(format_locators(merge(found))) == merge(found)


@given(
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.sampled_from(["", "\u2013", "-", " \u2013 "]),
    st.sampled_from(["", "0", " "]),
)
def test_quick_pages_and_ranges_parse_as_the_full_parser_does(first: int, last: int, dash: str, pad: str) -> None:
    from xindex.core.locators import _parse_locator

    text = f"{pad}{first}{dash}{last}" if dash else f"{pad}{first}"
    try:
        expected: Locator | str = _parse_locator(text, 0)
    except LocatorError as error:
        expected = str(error)
    try:
        got: Locator | str = parse_locator(text)
    except LocatorError as error:
        got = str(error)
    assert got == expected


@pytest.mark.parametrize(
    "typed",
    ["99999999999999999999", "9223372036854775808", "1000000000", "5-99999999999", "9" * 5000, f"{'9' * 4400}@front"],
)
def test_page_numbers_past_any_book_are_refused_in_one_sentence(typed: str) -> None:
    with pytest.raises(LocatorError, match=r"goe?s? up to 999,999,999"):
        parse_locator(typed)


def test_the_biggest_page_is_accepted() -> None:
    assert parse_locator("999999999").first == 999_999_999


@pytest.mark.parametrize(
    ("typed", "step", "expected"),
    [
        ("12", 1, "13"),
        ("184-7", 1, "188"),
        ("12, 305-6", 1, "12, 307"),
        ("12, 305-6", -1, "12, 304"),
        ("xii", 1, "xiii"),
        ("II:24", 1, "II:25"),
        ("<b>45</b>", 1, "46"),
        ("1", -1, None),
        ("0@front", 1, None),
    ],
)
def test_next_page_steps_past_a_range(typed: str, step: int, expected: str | None) -> None:
    assert next_page(typed, step) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("45", "45-46"),
        ("184-7", "184-188"),
        ("12, 14-16", "12, 14-17"),
        ("<b>45</b>", "<b>45-46</b>"),
        ("xii", "xii-xiii"),
        ("45n3", None),
        ("", None),
    ],
)
def test_as_range_makes_a_range_or_lengthens_one(typed: str, expected: str | None) -> None:
    assert as_range(typed) == expected


def test_a_roman_page_past_what_numerals_write_prints_as_a_number() -> None:
    from xindex.core.locators import Series, page_text

    assert page_text(Series.ROMAN, 12) == "xii"
    assert page_text(Series.ROMAN, 4999) == "mmmmcmxcix"
    assert page_text(Series.ROMAN, 5000) == "5000"  # (only a damaged file holds one)
    assert page_text(Series.ARABIC, 5000) == "5000"


# --- note ranges (CMS 17th ed. 16.111: "n" for one note, "nn" for several, note numbers after it) -------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # Forms of CMS 16.111 (one note, several notes, a span of notes); the exact CMS wording was not at hand.
        ("345n7", "345n7"),
        ("345nn8-9", "345nn8–9"),
        ("85nn1-4", "85nn1–4"),
        ("98nn2–5", "98nn2–5"),
        # Hart's Rules 19.6: '90 n. 17' for one note and '90 nn. 17, 19' for two or more, typed the CMS way.
        ("90n17", "90n17"),
        ("90nn17,19", "90nn17,19"),
        # our own hard cases: n before a range of notes becomes nn; dashes and spaces as typed; lists with ranges
        ("45n3-5", "45nn3–5"),
        ("45n3–5", "45nn3–5"),
        ("45n3—5", "45nn3–5"),
        ("45nn3 - 5", "45nn3–5"),
        ("98nn2,5-7", "98nn2,5–7"),
        ("98nn7-9,2", "98nn2,7–9"),
        ("98nn2,3-4,4", "98nn2,3–4"),
        ("45nn3-3", "45n3"),
        ("45nn101-108", "45nn101–108"),  # note numbers are never abbreviated, unlike pages (101–8)
        ("II:45n3-5", "II:45nn3–5"),
        ("xii n1-2", None),
        ("xiin1-2", "xiinn1–2"),
        ("<i>45n3-5</i>", "<i>45nn3–5</i>"),
        ("<b>98nn2,5-7</b>", "<b>98nn2,5–7</b>"),
    ],
)
def test_note_ranges_normalised(typed: str, stored: str | None) -> None:
    if stored is None:
        with pytest.raises(LocatorError):
            canon(typed)
        return
    assert canon(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # A note typed twice, or inside a typed range of notes, is merged; notes that only follow each other are
        # not made a range (as separate pages are not: Hart's Rules 19.6, "123, 124, 125 denotes three separate
        # references"), so 45n3 and 45n4 stay a list.
        ("45n3, 45n4", "45nn3,4"),
        ("45n4, 45n3, 45n4", "45nn3,4"),
        ("45nn3-5, 45n4", "45nn3–5"),
        ("45nn3-5, 45nn5-7", "45nn3–7"),
        ("45nn3-4, 45n5", "45nn3–4,5"),
        ("45nn3-5, 46n4", "45nn3–5, 46n4"),
        ("<b>45n2</b>, 45nn3-5", "<b>45n2</b>, 45nn3–5"),
        ("45nn3-5, <b>45nn3-5</b>", "<b>45nn3–5</b>"),
    ],
)
def test_notes_on_one_page_merge_without_conflating(typed: str, stored: str) -> None:
    assert canon(typed) == stored


def test_note_ranges_order_among_the_locators_of_their_page() -> None:
    # page, then its notes (by note number), then figure, table and plate (the Kind order)
    assert canon("46, 45pl, 45t, 45f, 45nn3-5, 45, <i>45n1</i>") == "45, <i>45n1</i>, 45nn3–5, 45f, 45t, 45pl, 46"


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("98nn2,5-7, 9", ["98nn2,5–7", "9"]),  # a comma then a digit continues the list; a space ends it
        ("98nn2, 5-7", ["98n2", "5–7"]),  # note 2, then pages 5 to 7
        ("98nn2-3,5; 7", ["98nn2–3,5", "7"]),
        ("45n3-5,7", ["45nn3–5", "7"]),  # only nn opens a list (45n3,5 is note 3 and page 5, as before)
    ],
)
def test_note_lists_with_ranges_split_where_they_end(typed: str, items: list[str]) -> None:
    assert [locator.plain() for locator in parse_locators(typed)] == items


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("45n5-3", "the range of notes 5–3 ends before it starts"),
        ("45nn13-5", "note numbers are written in full"),
        ("45n3-", "the range of notes has no last note"),
        ("45n-5", "the range of notes has no first note"),
        ("45n3-47n2", "a range of notes stays on one page"),
        ("45n3-47", None),  # notes 3 to 47 on page 45: a range of notes, not of pages
        ("45nn2,5-3", "ends before it starts"),
        ("45n1234567890", "note numbers go up to"),
        ("45nn2,99999999999999999999-3", "note numbers go up to"),
    ],
)
def test_bad_note_ranges_are_refused_saying_why(typed: str, words: str | None) -> None:
    if words is None:
        assert canon(typed) == "45nn3–47"
        return
    with pytest.raises(LocatorError) as caught:
        parse_locators(f"5, {typed}, 7")
    assert words in str(caught.value)
    assert caught.value.part == typed


# --- passim (CMS 16.13: after inclusive numbers, for a subject mentioned here and there within them) ----


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12-30 passim", "12–30 passim"),  # the form of CMS 16.13 (the brief's example; wording not at hand)
        ("12–30 passim", "12–30 passim"),
        ("12-30 Passim", "12–30 passim"),
        ("12-30passim", "12–30 passim"),
        ("12-30 passim.", "12–30 passim"),
        ("131-4 passim", "131–134 passim"),
        ("xii-xx passim", "xii–xx passim"),
        ("II:3-9 passim", "II:3–9 passim"),
        ("<b>12-30</b> passim", "<b>12–30 passim</b>"),
        ("<b>12-30 passim</b>", "<b>12–30 passim</b>"),
        ("12-30 <i>passim</i>", "12–30 passim"),  # passim's typeface is the printer's; the locator is roman
        ("\\hyperpage{12-30} passim", "\\hyperpage{12–30 passim}"),
        ("\\hyperpage{12-30 passim}", "\\hyperpage{12–30 passim}"),
        ("0@see passim", "0@see passim"),  # a text locator keeps its words
    ],
)
def test_passim_after_a_range(typed: str, stored: str) -> None:
    assert canon(typed) == stored


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("12 passim", "a single page is cited alone"),
        ("12-12 passim", "a single page is cited alone"),
        ("passim", "passim goes after a range of pages"),
        ("45n3 passim", "not after a note, figure, table or plate"),
        ("45nn3-5 passim", "not after a note, figure, table or plate"),
        ("77f passim", "not after a note, figure, table or plate"),
        ("12-10 passim", "ends before it starts"),
    ],
)
def test_passim_elsewhere_is_refused_saying_why(typed: str, words: str) -> None:
    with pytest.raises(LocatorError) as caught:
        parse_locators(f"5, {typed}")
    assert words in str(caught.value)
    assert caught.value.part == typed


def test_passim_on_one_page_cites_the_rule() -> None:
    with pytest.raises(LocatorError) as caught:
        parse_locator("12 passim")
    assert str(caught.value) == (
        "'12 passim': passim goes after a range of pages whose subject is mentioned here and there within it"
        " (12-30 passim, CMS 16.13); a single page is cited alone"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # Overlapping passim ranges join; a passim range never swallows or joins plain pages.
        ("12-20 passim, 18-30 passim", "12–30 passim"),
        ("12-30 passim, 15", "12–30 passim, 15"),
        ("12-30 passim, 10-14", "10–14, 12–30 passim"),
        ("12-30 passim, 12-20", "12–20, 12–30 passim"),
        # The same pages cited as a plain range too: the subject is discussed throughout, so the plain range wins,
        # in the stronger emphasis of the two; passim stays only when every citation says passim.
        ("12-30 passim, 12-30", "12–30"),
        ("12-30, 12-30 passim", "12–30"),
        ("12-30 passim, <b>12-30</b>", "<b>12–30</b>"),
        ("<b>12-30 passim</b>, 12-30", "<b>12–30</b>"),
        ("<b>12-30 passim</b>, 12-30 passim", "<b>12–30 passim</b>"),
        # the passim range made plain then joins what overlaps it in its emphasis (merging once is enough)
        ("12-14, <i>12</i>, <i>12-14 passim</i>", "<i>12–14</i>"),
        ("12-14, <i>15-16</i>, <i>12-14 passim</i>", "<i>12–14</i>, <i>15–16</i>"),
    ],
)
def test_passim_merging(typed: str, stored: str) -> None:
    assert canon(typed) == stored


def test_passim_survives_repagination_only_as_a_range() -> None:
    located = parse_locator("12-14 passim")
    assert located.with_pages(13, 16).plain() == "13–16 passim"
    assert located.with_pages(12, 12).plain() == "12"


def test_lengthening_a_passim_range_keeps_passim() -> None:
    assert as_range("5, 12-30 passim") == "5, 12-31 passim"


LOCATOR_ALPHABET = st.sampled_from(
    ["1", "2", "9", "x", "i", "n", "nn", "f", "-", "–", ",", " ", "passim", "<b>", "</b>", "[", "]"]
)


@given(st.lists(LOCATOR_ALPHABET, max_size=12).map("".join))
def test_locator_like_text_parses_or_is_refused_never_crashes(text: str) -> None:
    try:
        found = parse_locators(text)
    except LocatorError as error:
        assert str(error)
        return
    assert parse_and_merge(format_locators(merge(found))) == merge(found)


# --- [46]: a page kept apart from adjacent pages -----------------------------------------------------
# CMS 16.13-14 (inclusive numbers for a continuous discussion; paragraphs cited, wording not at hand) and
# Hart's Rules 19.6: "123–5 ... denotes one continuous discussion spanning three pages, whereas 123, 124,
# 125 denotes three separate short references". Joining adjacent pages is a per-document option; [46]
# keeps one locator apart when it is on.


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("[46]", "[46]"),
        ("[ 46 ]", "[46]"),
        ("[45-6]", "[45–46]"),  # an abbreviated end is expanded inside the brackets too
        ("[123-5]", "[123–125]"),
        ("[xii]", "[xii]"),
        ("[II:24]", "[II:24]"),
        ("[3.12-14]", "[3.12–14]"),
        ("<b>[46]</b>", "<b>[46]</b>"),
        ("[<b>46</b>]", "<b>[46]</b>"),  # emphasis inside or outside the brackets: the same locator
        ("<i>[45-46]</i>", "<i>[45–46]</i>"),
        ("[\\hyperpage{46}]", "\\hyperpage{[46]}"),
        ("\\hyperpage{[46]}", "\\hyperpage{[46]}"),
    ],
)
def test_a_page_marked_apart_parses_and_round_trips(typed: str, stored: str) -> None:
    located = parse_locator(typed)
    assert located.apart and located.canonical() == stored
    assert parse_locator(stored) == located


def test_the_mark_changes_no_page_and_stays_out_of_order() -> None:
    marked, plain = parse_locator("[45-46]"), parse_locator("45-46")
    assert marked == plain.replace(apart=True)
    assert not plain.apart and marked != plain
    assert marked.covers(Series.ARABIC, 46)
    assert canon("47, [46], 45, [44]") == "[44], 45, [46], 47"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("[45n3]", "never a note, so it needs no [ ]"),
        ("[98nn2,5]", "never a note"),
        ("[77f]", "never a figure"),
        ("[79t]", "never a table"),
        ("[9pl]", "never a plate"),
        ("[0@frontispiece]", "never a locator that is not a number"),
        ("[12-30 passim]", "never a passim range"),
        ("[12-30] passim", "never a passim range"),
        ("[46", "type [ ] around one page or range of pages"),
        ("46]", "type [ ] around one page or range of pages"),
        ("4[6]", "type [ ] around one page or range of pages"),
        ("[46]n3", "type [ ] around one page or range of pages"),
        ("4[6]x", "type [ ] around one page or range of pages"),
        ("[]", "the brackets hold no page"),
        ("[ ]", "the brackets hold no page"),
        ("[[46]]", "one pair of brackets"),
        ("[\\hyperpage{[46]}]", "one pair of brackets"),
        ("[12-]", "'[12-]': the range has no end page"),  # the inner error names the whole locator
        ("[20-10]", "'[20-10]': the range ends before it starts"),
        ("[xiv-3]", "'[xiv-3]': a range cannot mix roman and arabic"),
        ("[abc]", "'[abc]': not a page number"),
    ],
)
def test_bad_marks_are_refused_saying_why(typed: str, words: str) -> None:
    with pytest.raises(LocatorError) as caught:
        parse_locators(f"12, {typed}")
    assert words in str(caught.value)
    assert caught.value.part == typed and caught.value.position == 3


def test_a_bracket_around_a_list_names_its_first_part() -> None:
    with pytest.raises(LocatorError, match=r"^'\[45': type \[ \] around one page or range of pages"):
        parse_locators("[45, 46]")


def test_a_text_locator_may_hold_brackets_in_its_words() -> None:
    located = parse_locator("0@map [inset]")
    assert located.kind is Kind.TEXT and located.text == "map [inset]" and not located.apart


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # A page cited twice, once marked apart, is one page marked apart (the mark is never lost silently).
        ("46, [46]", "[46]"),
        ("[46], 46", "[46]"),
        ("[46], [46]", "[46]"),
        # A marked page inside a range marks the range; a range over a marked page is marked too.
        ("44-46, [46]", "[44–46]"),
        ("[46], 45-48", "[45–48]"),
        ("[45-46], 46-48", "[45–48]"),
        # The stronger emphasis wins as always; the mark stays.
        ("<b>46</b>, [46]", "<b>[46]</b>"),
        ("[46], <i>46</i>", "<i>[46]</i>"),
        # Adjacent pages stay separate in the store, marked or not.
        ("45, [46], 47", "45, [46], 47"),
        ("[45], [46]", "[45], [46]"),
        # Other kinds, passim and encapsulators keep their own merging.
        ("[46], 46n3", "[46], 46n3"),
        ("[12-14], 12-30 passim", "[12–14], 12–30 passim"),
        ("[12-30], 12-30 passim", "[12–30]"),
        ("[46], \\hyperpage{46}", "[46], \\hyperpage{46}"),
    ],
)
def test_merging_with_a_page_marked_apart(typed: str, stored: str) -> None:
    assert canon(typed) == stored


def test_repagination_keeps_the_mark() -> None:
    assert parse_locator("[45-46]").with_pages(48, 49).canonical() == "[48–49]"
    assert parse_locator("[45-46]").with_pages(48, 48).canonical() == "[48]"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5, [46]", "5, [46-47]"),  # Ctrl+T keeps the mark on the range it makes
        ("<b>[46-47]</b>", "<b>[46-48]</b>"),
    ],
)
def test_as_range_keeps_the_mark(typed: str, expected: str) -> None:
    assert as_range(typed) == expected
    assert parse_and_merge(expected)[-1].apart


def test_next_page_is_a_new_unmarked_page() -> None:
    assert next_page("5, [46]") == "5, 47" and next_page("[46]", -1) == "45"


@given(st.lists(locators(), max_size=12))
def test_merge_keeps_every_mark(items: list[Locator]) -> None:
    merged = merge(items)
    for item in items:
        if item.apart:
            assert any(
                m.apart and m.encap == item.encap and m.emphasis >= item.emphasis and not m.passim
                for m in merged
                if m.covers(item.series, item.first, item.prefix) and m.covers(item.series, item.last, item.prefix)
            )


@given(st.lists(locators(), max_size=12))
def test_merging_twice_changes_nothing(items: list[Locator]) -> None:
    # The store keeps merge's output and merges it again with every edit: it must be stable.
    once = merge(items)
    assert merge(once) == once and merge(list(reversed(once))) == once
