"""The fast path of conflation (page codes, for ``xindex makeindex``) held equal to the rule it stands for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xindex.core.locators import EN_DASH, Emphasis, Kind, Locator, Series
from xindex.core.ranges import (
    ROMAN_OFFSET,
    CodedLocator,
    RangeRule,
    code_page,
    code_text,
    conflate,
    conflate_codes,
    format_locator,
    page_code,
)

# Small pages, few styles: locators touch, overlap, repeat and cover each other often.
ENCAPS = ["", "", "", "hyperpage", "x{\\textbf}"]


@st.composite
def page_locators(draw: st.DrawFn) -> Locator:
    series = draw(st.sampled_from(list(Series)))
    first = draw(st.integers(1, 40))
    last = first + draw(st.sampled_from([0, 0, 0, 1, 2, 5]))
    return Locator(
        series,
        first,
        last,
        Kind.PAGE,
        emphasis=draw(st.sampled_from(list(Emphasis))),
        encap=draw(st.sampled_from(ENCAPS)),
    )


def as_codes(locators: list[Locator]) -> tuple[list[int], list[CodedLocator]]:
    """conflate_codes' arguments: the single plain pages apart, every other locator as codes."""
    pages: list[int] = []
    others: list[CodedLocator] = []
    for loc in locators:
        first, last = page_code(loc.series, loc.first), page_code(loc.series, loc.last)
        if first == last and not loc.emphasis and not loc.encap:
            pages.append(first)
        else:
            others.append((first, last, int(loc.emphasis), loc.encap))
    return pages, others


def as_locator(coded: CodedLocator) -> Locator:
    first, last, emphasis, encap = coded
    series, value = code_page(first)
    return Locator(series, value, code_page(last)[1], Kind.PAGE, emphasis=Emphasis(emphasis), encap=encap)


@given(st.lists(page_locators(), min_size=1, max_size=14), st.booleans())
def test_conflate_codes_is_conflate(locators: list[Locator], adjacent: bool) -> None:
    pages, others = as_codes(locators)
    assert [as_locator(loc) for loc in conflate_codes(pages, others, adjacent)] == conflate(locators, adjacent=adjacent)


@given(
    st.lists(
        st.integers(1, 30).map(lambda value: value if value > 8 else value - ROMAN_OFFSET), min_size=1, max_size=20
    ),
    st.booleans(),
)
def test_plain_pages_alone_conflate_as_locators(pages: list[int], adjacent: bool) -> None:
    expected = conflate([as_locator((code, code, 0, "")) for code in pages], adjacent=adjacent)
    assert [as_locator(loc) for loc in conflate_codes(pages, (), adjacent)] == expected


def test_encapsulators_are_never_merged_nor_covered() -> None:
    given_ = [(3, 3, 0, ""), (4, 4, 0, "hyperpage"), (5, 5, 0, "hyperpage"), (4, 4, 2, "x"), (12, 12, 0, "hyperpage")]
    assert conflate_codes([4, 12], given_) == [
        (3, 4, 0, ""),
        (4, 4, 2, "x"),
        (4, 5, 0, "hyperpage"),
        (12, 12, 0, ""),
        (12, 12, 0, "hyperpage"),
    ]
    bold = Locator(Series.ARABIC, 12, 12, emphasis=Emphasis.BOLD)
    linked = Locator(Series.ARABIC, 12, 12, encap="hyperpage")
    assert conflate([bold, linked, Locator(Series.ARABIC, 12, 12)]) == [bold, linked]


@given(
    st.sampled_from(list(Series)),
    st.integers(1, 3999),
    st.integers(0, 120),
    st.sampled_from(list(RangeRule)),
    st.sampled_from([EN_DASH, "--"]),
)
def test_code_text_is_format_locator(series: Series, first: int, span: int, rule: RangeRule, dash: str) -> None:
    last = min(first + span, 3999)
    locator = Locator(series, first, last)
    assert code_page(page_code(series, first)) == (series, first)
    expected = format_locator(locator, rule).replace(EN_DASH, dash)
    assert code_text(page_code(series, first), page_code(series, last), rule, dash) == expected
