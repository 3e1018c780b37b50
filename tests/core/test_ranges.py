"""Page-range rules on output: abbreviation, conflation, printing (GUIDE section 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core import listing
from xindex.core.errors import SettingError
from xindex.core.locators import (
    Emphasis,
    Kind,
    Locator,
    LocatorError,
    Series,
    merge,
    parse_locator,
    parse_locators,
)
from xindex.core.ranges import (
    RANGE_RULES,
    LocatorForms,
    PrintedLocator,
    RangeRule,
    abbreviate,
    conflate,
    form_style,
    format_locator,
    locator_form,
    locators_text,
    print_locators,
    range_rule,
)

CMS, ISO, FULL = RangeRule.CMS, RangeRule.ISO, RangeRule.FULL


def printed(typed: str, rule: RangeRule = CMS, *, adjacent: bool = True, markup: bool = False) -> str:
    return locators_text(parse_locators(typed), rule=rule, adjacent=adjacent, markup=markup)


def split(example: str) -> tuple[int, int, str]:
    """``"1496–500"`` → (1496, 1500, "500"), expanding the end as the locator parser does."""
    locator = parse_locator(example)
    return locator.first, locator.last, example.split("–")[1]


# --- abbreviation ----------------------------------------------------------------------------------

# The published examples of the Chicago Manual of Style, 17th ed., 9.61 (inclusive numbers).
CMS_EXAMPLES = [
    "3–10",
    "71–72",
    "96–117",
    "100–104",
    "1100–1113",
    "101–8",
    "808–33",
    "1103–4",
    "321–28",
    "498–532",
    "1087–89",
    "1496–500",
    "11564–615",
    "12991–3001",
]

# New Hart's Rules (Oxford): fewest figures, but 10-19 in each hundred keep both digits.
ISO_EXAMPLES = [
    "21–2",
    "131–4",
    "42–3",
    "10–12",
    "11–15",
    "112–18",
    "1496–500",
    "96–117",
    "100–4",
    "1100–13",
    "30–1",
    "132–6",
    "1841–5",
    "15–19",
    "114–18",
    "214–15",
    "310–11",
    "101–8",
    "808–33",
    "321–8",
    "1087–9",
    "11564–615",
    "12991–3001",
    "3–10",
    "498–532",
]


@pytest.mark.parametrize("example", CMS_EXAMPLES)
def test_cms_published_examples(example: str) -> None:
    first, last, end = split(example)
    assert abbreviate(first, last, CMS) == end


@pytest.mark.parametrize("example", ISO_EXAMPLES)
def test_iso_oxford_examples(example: str) -> None:
    first, last, end = split(example)
    assert abbreviate(first, last, ISO) == end


@pytest.mark.parametrize(("first", "last"), [(3, 10), (71, 72), (101, 108), (1496, 1500), (12991, 13001)])
def test_full_prints_both_numbers_whole(first: int, last: int) -> None:
    assert abbreviate(first, last, FULL) == str(last)


def test_a_single_page_is_its_number_and_a_backwards_range_is_refused() -> None:
    assert abbreviate(131, 131, ISO) == "131"
    with pytest.raises(ValueError, match="ends before it starts"):
        abbreviate(20, 10, CMS)


@pytest.mark.parametrize("rule", list(RangeRule))
def test_roman_ranges_are_always_printed_in_full(rule: RangeRule) -> None:
    assert printed("xiv-xvi, cxi-cxiv", rule) == "xiv–xvi, cxi–cxiv"


def test_prefix_is_printed_once_and_the_end_abbreviated() -> None:
    assert printed("3.131-134", ISO) == "3.131–4"
    assert printed("3.131-134", CMS) == "3.131–34"


@given(st.integers(1, 20000), st.integers(1, 300), st.sampled_from([CMS, ISO]))
def test_abbreviated_ends_expand_back_to_the_true_end(first: int, span: int, rule: RangeRule) -> None:
    last = first + span
    end = abbreviate(first, last, rule)
    assert str(last).endswith(end)
    assert not end.startswith("0")
    assert parse_locator(f"{first}-{end}").last == last


@given(st.integers(1, 20000), st.integers(0, 300))
def test_iso_is_never_longer_than_cms_which_is_never_longer_than_full(first: int, span: int) -> None:
    last = first + span
    assert len(abbreviate(first, last, ISO)) <= len(abbreviate(first, last, CMS)) <= len(str(last))


def test_rules_are_listed_with_labels_for_a_gui() -> None:
    assert list(RANGE_RULES) == ["cms", "iso", "full"]
    assert all(rule.label for rule in RangeRule)
    assert "321–28" in CMS.example and "321–8" in ISO.example and "321–328" in FULL.example
    assert range_rule(" ISO ") is ISO
    with pytest.raises(ValueError, match="choose one of cms, iso, full"):
        range_rule("oxford")


# --- conflation ------------------------------------------------------------------------------------


def test_conflation_example_from_the_guide() -> None:
    assert printed("34, 33, 35, 37, 39, 40-42, 41-43") == "33–35, 37, 39–43"


def test_without_adjacent_joining_pages_stay_separate_but_overlaps_merge() -> None:
    assert printed("34, 33, 35, 37, 39, 40-42, 41-43", adjacent=False) == "33, 34, 35, 37, 39, 40–43"


def test_conflated_ranges_are_then_abbreviated() -> None:
    assert printed("131, 132, 133-134", ISO) == "131–4"
    assert printed("1496, 1497-1499, 1500") == "1496–500"


def test_roman_pages_conflate_separately_from_arabic() -> None:
    assert printed("xii, xiii, 1, 2") == "xii–xiii, 1–2"


def test_bold_page_inside_a_plain_run_stays_separate() -> None:
    assert printed("33, <b>34</b>, 35", markup=True) == "33, <b>34</b>, 35"
    assert printed("33-36, <b>34</b>", markup=True) == "33–36, <b>34</b>"


def test_same_page_bold_and_plain_prints_only_bold() -> None:
    assert printed("12, <b>12</b>", markup=True) == "<b>12</b>"
    assert printed("33, 34, 35, <b>34</b>", markup=True) == "33, <b>34</b>, 35"


def test_conflation_never_creates_a_plain_twin_of_an_emphasised_range() -> None:
    # 13, 14 conflate to 13–14, which the bold range already cites more strongly.
    assert printed("13, 14, <b>13-14</b>", markup=True) == "<b>13–14</b>"
    assert printed("34, <b>33-36</b>", markup=True) == "<b>33–36</b>"
    assert printed("33, 34, <i>33</i>, <b>34</b>", markup=True, adjacent=False) == "<i>33</i>, <b>34</b>"


def test_italic_range_adjacent_to_plain_range_stays_separate() -> None:
    assert printed("10-12, <i>13-15</i>, 16", markup=True) == "10–12, <i>13–15</i>, 16"
    assert printed("<i>10-12</i>, <i>13-15</i>, 16", markup=True) == "<i>10–15</i>, 16"


def test_prefixes_join_only_with_the_same_prefix() -> None:
    assert printed("II:24, II:25") == "II:24–25"
    assert printed("II:24, III:25, 26, 3.27, 3:28") == "26, 3.27, 3:28, II:24, III:25"


def test_notes_figures_tables_plates_and_text_are_never_joined() -> None:
    assert printed("45n3, 46n, 47nn1,2, 77f, 78f, 102t, 103t, 9pl, 10pl") == (
        "9pl, 10pl, 45n3, 46n, 47nn1,2, 77f, 78f, 102t, 103t"
    )
    assert printed("44, 45n3, 46") == "44, 45n3, 46"
    assert printed("77f, 77, 78") == "77–78, 77f"


def test_text_locators_print_their_text_only() -> None:
    assert printed("0@frontispiece, 1, 2") == "frontispiece, 1–2"
    assert printed("<i>0@cover & jacket</i>", markup=True) == "<i>cover &amp; jacket</i>"


def test_print_locators_returns_text_and_emphasis() -> None:
    assert print_locators(parse_locators("<b>12</b>, 13, 14, 45n3"), rule=FULL) == [
        PrintedLocator("12", Emphasis.BOLD),
        PrintedLocator("13–14", Emphasis.NONE),
        PrintedLocator("45n3", Emphasis.NONE),
    ]


def test_listing_prints_locators_through_the_range_rules() -> None:
    locators = parse_locators("xii, 12, 13, 14-18, 131-134")
    assert listing.locator_text(locators) == "xii, 12–18, 131–34"
    assert listing.locator_text(locators, range_rule=ISO) == "xii, 12–18, 131–4"
    assert listing.locator_text(locators, range_rule=FULL, adjacent=False) == "xii, 12, 13, 14–18, 131–134"


# --- note ranges and passim in print ------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(RangeRule))
def test_note_numbers_print_in_full_with_an_en_dash(rule: RangeRule) -> None:
    # CMS 16.111: nn for several notes; a page range rule abbreviates pages, never note numbers. Notes of one
    # page (345n7 and 345nn8-9) print as one list, as stored.
    assert printed("345n7, 345nn8-9, 85nn1-4, 45nn101-108, 98nn2,5-7", rule) == (
        "45nn101–108, 85nn1–4, 98nn2,5–7, 345nn7,8–9"
    )


def test_adjacent_notes_are_not_joined_even_when_adjacent_pages_are() -> None:
    assert printed("45n3, 45n4, 45n5", adjacent=True) == "45nn3,4,5"
    assert printed("45n3-5", adjacent=False) == "45nn3–5"


@pytest.mark.parametrize(
    ("typed", "rule", "expected"),
    [
        # CMS 16.13: passim follows the inclusive numbers, which are abbreviated by the page range rule
        ("12-30 passim", CMS, "12–30 passim"),
        ("1496-1500 passim", CMS, "1496–500 passim"),
        ("321-328 passim", CMS, "321–28 passim"),
        ("321-328 passim", ISO, "321–8 passim"),
        ("321-328 passim", FULL, "321–328 passim"),
        ("xiv-xvi passim", ISO, "xiv–xvi passim"),
        ("II:3-9 passim", CMS, "II:3–9 passim"),
    ],
)
def test_passim_prints_after_the_abbreviated_range(typed: str, rule: RangeRule, expected: str) -> None:
    assert printed(typed, rule) == expected


def test_passim_ranges_are_never_joined_with_pages_on_output() -> None:
    assert printed("11, 12-30 passim, 31", adjacent=True) == "11, 12–30 passim, 31"
    assert printed("10-12, 12-30 passim", adjacent=True) == "10–12, 12–30 passim"
    assert printed("12-20 passim, 21-30 passim", adjacent=True) == "12–20 passim, 21–30 passim"
    # a stronger emphasis over the same pages does not drop a passim range (it is not the same claim)
    assert printed("12-30 passim, <b>10-40</b>", markup=True) == "<b>10–40</b>, 12–30 passim"


# --- figure, table and plate forms -----------------------------------------------------------------------

ITALIC_FIGURES = LocatorForms(figure=locator_form(Kind.FIGURE, "italic"))


def test_default_forms_are_the_letters_cms_and_ama_print() -> None:
    # AMA Manual of Style, "Medical Indexes" (locators): "eczema, 24, 275f, 290-295, 294t" (AMA prints full ranges)
    assert printed("24, 275f, 290-295, 294t", FULL) == "24, 275f, 290–295, 294t"
    assert printed("77f, 78t, 9pl, II:4f") == "9pl, 77f, 78t, II:4f"


@pytest.mark.parametrize(
    ("kind", "spec", "typed", "expected", "style"),
    [
        # Hart's Rules 19.6: references to illustrations may be marked by italic or bold page numbers
        (Kind.FIGURE, "italic", "77f", "77", "i"),
        (Kind.FIGURE, "bold", "77fig", "77", "b"),
        (Kind.TABLE, "Italic", "12t", "12", "i"),
        (Kind.PLATE, "plain", "9pl", "9", ""),
        (Kind.FIGURE, "fig. {page}", "77f", "fig. 77", ""),
        (Kind.FIGURE, "{page}fig.", "II:77f", "II:77fig.", ""),
        (Kind.TABLE, "{page} (table)", "12t", "12 (table)", ""),
        (Kind.PLATE, "pl. {page}", "xii pl", None, ""),
        (Kind.PLATE, "pl. {page}", "xiipl", "pl. xii", ""),
    ],
)
def test_forms_print_figures_tables_and_plates(
    kind: Kind, spec: str, typed: str, expected: str | None, style: str
) -> None:
    form = locator_form(kind, spec)
    forms = LocatorForms(**{kind.name.lower(): form})
    if expected is None:
        with pytest.raises(LocatorError):
            parse_locator(typed)
        return
    locator = parse_locator(typed)
    assert format_locator(locator, CMS, forms) == expected
    assert form_style(locator, forms) == style
    assert format_locator(parse_locator("45n3"), CMS, forms) == "45n3"  # other kinds keep their form


def test_an_italic_form_adds_italics_to_the_emphasis() -> None:
    locators = parse_locators("<b>77f</b>, 78f, 79")
    assert locators_text(locators, forms=ITALIC_FIGURES, markup=True) == "<i><b>77</b></i>, <i>78</i>, 79"
    assert print_locators(locators, forms=ITALIC_FIGURES)[1] == PrintedLocator("78", Emphasis.NONE, "i")


@pytest.mark.parametrize(
    ("kind", "spec", "words"),
    [
        (Kind.FIGURE, "fig.", "is not a figure form; use f, italic, bold, plain, or a form with {page}"),
        (Kind.FIGURE, "t", "is not a figure form"),  # t names the table form
        (Kind.TABLE, "", "is not a table form"),
        (Kind.FIGURE, "{page} {page}", "holds {page} once and no other braces"),
        (Kind.FIGURE, "{page} {n}", "holds {page} once and no other braces"),
        (Kind.FIGURE, "{Page}", "is not a figure form"),
        (Kind.PLATE, "{page} " + "x" * 30, "up to 20 printable characters"),
        (Kind.PLATE, "{page}\tpl", "up to 20 printable characters"),
    ],
)
def test_bad_forms_are_refused_saying_why(kind: Kind, spec: str, words: str) -> None:
    with pytest.raises(SettingError) as caught:
        locator_form(kind, spec)
    assert words in str(caught.value)


# --- properties ------------------------------------------------------------------------------------

# Small pages and spans so that locators often touch, overlap and repeat.
small_pages = st.integers(min_value=1, max_value=60)


@st.composite
def locators(draw: st.DrawFn) -> Locator:
    kind = draw(st.sampled_from([Kind.PAGE, Kind.PAGE, Kind.PAGE, Kind.NOTE, Kind.FIGURE, Kind.TEXT]))
    first = draw(small_pages)
    emphasis = draw(st.sampled_from(list(Emphasis)))
    if kind is Kind.TEXT:
        return Locator(Series.ARABIC, first, first, kind, emphasis=emphasis, text=draw(st.sampled_from("ab")))
    series = draw(st.sampled_from(list(Series)))
    prefix = draw(st.sampled_from(["", "", "II:"]))
    last = first + draw(st.integers(0, 4)) if kind is Kind.PAGE else first
    note = draw(st.integers(1, 3))
    notes = ((note, note + draw(st.integers(0, 1))),) if kind is Kind.NOTE else ()
    passim = last > first and draw(st.integers(0, 3)) == 0
    apart = kind is Kind.PAGE and not passim and draw(st.integers(0, 3)) == 0
    return Locator(series, first, last, kind, prefix, notes, emphasis, passim=passim, apart=apart)


Cited = set[tuple[Series, str, int, Emphasis]]


def cited_pages(items: list[Locator]) -> Cited:
    return {
        (loc.series, loc.prefix, page, loc.emphasis)
        for loc in items
        if loc.kind is Kind.PAGE
        for page in range(loc.first, loc.last + 1)
    }


@given(st.lists(locators(), max_size=15), st.booleans())
def test_conflate_never_loses_or_invents_a_page(items: list[Locator], adjacent: bool) -> None:
    before = cited_pages(items)
    after = cited_pages(conflate(items, adjacent=adjacent))
    assert after <= before
    for series, prefix, page, emphasis in before - after:
        # Only a page also cited with stronger emphasis may lose its weaker citation.
        assert any((series, prefix, page, stronger) in after for stronger in Emphasis if stronger > emphasis)


@given(st.lists(locators(), max_size=15), st.booleans())
def test_conflate_leaves_other_kinds_alone_and_joins_what_it_should(items: list[Locator], adjacent: bool) -> None:
    out = conflate(items, adjacent=adjacent)
    assert [loc for loc in out if loc.kind is not Kind.PAGE] == [
        loc for loc in merge(items) if loc.kind is not Kind.PAGE
    ]
    keys = [loc.order_key() for loc in out]
    assert keys == sorted(keys)
    assert conflate(out, adjacent=adjacent) == out
    pages = [loc for loc in out if loc.kind is Kind.PAGE]
    reach = 1 if adjacent else 0
    for one in pages:
        for other in pages:
            style = (one.series, one.prefix, one.emphasis, one.passim)
            same_style = style == (other.series, other.prefix, other.emphasis, other.passim)
            if one is not other and same_style:
                # passim ranges and pages marked apart are never joined on output, only merged where they overlap
                joins = 0 if one.passim or one.apart or other.apart else reach
                assert one.last + joins < other.first or other.last + joins < one.first
            if one is not other and (one.series, one.prefix) == (other.series, other.prefix):
                assert (one.first, one.last) != (other.first, other.last)


@given(st.lists(locators(), max_size=15), st.booleans())
def test_conflate_never_extends_a_page_marked_apart(items: list[Locator], adjacent: bool) -> None:
    out = conflate(items, adjacent=adjacent)
    for marked in merge(items):
        if marked.apart:
            # printed as merged, unless stronger emphasis cites all its pages (as for any page: bold 46 and
            # bold 47 drop a plain [46-47])
            assert marked in out or all(
                any(
                    other.emphasis > marked.emphasis
                    and other.encap == marked.encap
                    and other.covers(marked.series, page, marked.prefix)
                    for other in out
                )
                for page in range(marked.first, marked.last + 1)
            )


# --- [46]: one locator kept apart when adjacent pages are joined ----------------------------------------
# Hart's Rules 19.6: "123–5, for example, denotes one continuous discussion spanning three pages, whereas
# 123, 124, 125 denotes three separate short references"; CMS 16.13-14 (inclusive numbers for a continuous
# discussion; paragraphs cited, wording not at hand).


def test_harts_rules_example_three_separate_references_stay_three() -> None:
    assert printed("[123], [124], [125]", ISO) == "123, 124, 125"
    assert printed("123-5", ISO) == "123–5"  # one continuous discussion, typed as a range
    assert printed("123, 124, 125", ISO) == "123–5"  # unmarked, joining adjacent pages makes them one


@pytest.mark.parametrize(
    ("typed", "joined", "apart"),
    [
        # (typed, printed with conflate-adjacent on, printed with it off)
        ("45, [46], 47", "45, 46, 47", "45, 46, 47"),
        ("45, 46, [47]", "45–46, 47", "45, 46, 47"),
        ("[45], 46, 47", "45, 46–47", "45, 46, 47"),
        ("44, 45, [46], 47, 48", "44–45, 46, 47–48", "44, 45, 46, 47, 48"),
        ("[45-46], 47", "45–46, 47", "45–46, 47"),
        ("44, [45-46]", "44, 45–46", "44, 45–46"),
        ("44, 45-46, [46]", "44, 45–46", "44, 45–46"),  # the marked 46 marks the range: 44 stays apart too
        ("xii, [xiii], xiv", "xii, xiii, xiv", "xii, xiii, xiv"),
        ("II:24, [II:25], II:26", "II:24, II:25, II:26", "II:24, II:25, II:26"),
        ("120, [121], 122-129", "120, 121, 122–29", "120, 121, 122–29"),
    ],
)
def test_a_page_marked_apart_is_never_joined_with_its_neighbours(typed: str, joined: str, apart: str) -> None:
    assert printed(typed, adjacent=True) == joined
    assert printed(typed, adjacent=False) == apart


def test_with_joining_off_a_continuous_discussion_is_typed_as_a_range() -> None:
    # The override in the other direction: separate mentions stay apart, a typed range prints as one.
    assert printed("45, 46", adjacent=False) == "45, 46"
    assert printed("45-46", adjacent=False) == "45–46"
    assert printed("45-46, 47", adjacent=False) == "45–46, 47"


def test_the_mark_is_never_printed_in_any_emphasis() -> None:
    assert printed("<b>[46]</b>, 47", markup=True) == "<b>46</b>, 47"
    assert printed("<b>[46]</b>, <b>47</b>", markup=True) == "<b>46</b>, <b>47</b>"
    assert printed("<i>45</i>, <i>[46]</i>, 47", markup=True) == "<i>45</i>, <i>46</i>, 47"
    assert format_locator(parse_locator("[1496-1500]")) == "1496–500"
    assert [item.text for item in print_locators(parse_locators("[46], 47"))] == ["46", "47"]


def test_a_marked_page_cited_more_strongly_elsewhere_prints_once() -> None:
    # the ordinary rule (a weaker citation of pages cited in stronger emphasis is dropped) holds
    assert printed("[46], <b>45-47</b>", markup=True) == "<b>45–47</b>"
    assert printed("45, <b>[46]</b>, 46, 47", markup=True) == "45, <b>46</b>, 47"


def test_mixed_emphasis_and_encapsulators_keep_the_mark() -> None:
    # The general path (several emphases) and the one-emphasis sweep give the same joins.
    assert printed("45, [46], 47, <b>60</b>") == "45, 46, 47, 60"
    assert printed("\\hyperpage{45}, \\hyperpage{[46]}, \\hyperpage{47}") == "45, 46, 47"
