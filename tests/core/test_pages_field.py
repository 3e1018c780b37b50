"""The fast-entry Pages field: locators, then cross-references typed as CINDEX allows."""

from __future__ import annotations

import pytest

from xindex.core.locators import LocatorError
from xindex.core.model import XRefKind
from xindex.core.pages_field import read_pages_field, target_being_typed

SEE, ALSO, UNDER = XRefKind.SEE, XRefKind.SEE_ALSO, XRefKind.SEE_UNDER


def kinds_and_targets(text: str) -> tuple[str, list[tuple[XRefKind, str]]]:
    field = read_pages_field(text)
    return field.pages, [(reference.kind, reference.target) for reference in field.references]


@pytest.mark.parametrize(
    ("typed", "pages", "references"),
    [
        ("12, 14-16; xii", "12, 14-16; xii", []),
        ("see roses", "", [(SEE, "roses")]),
        ("See Also roses: pruning", "", [(ALSO, "roses: pruning")]),
        ("45-7; see also roses; shrubs", "45-7", [(ALSO, "roses"), (ALSO, "shrubs")]),
        ("45. See under  Gogh, Vincent van", "45", [(UNDER, "Gogh, Vincent van")]),
        ("45, see also roses; see frost", "45", [(ALSO, "roses"), (SEE, "frost")]),
        ("see also seeds; seedlings", "", [(ALSO, "seeds"), (ALSO, "seedlings")]),
        ("12, seeds", "12, seeds", []),  # a word that begins with "see" is no reference (the locator is bad)
        # a page kept apart from adjacent pages (Hart's Rules 19.6, CMS 16.13-14): brackets, then references
        ("45, [46], 47; see also roses", "45, [46], 47", [(ALSO, "roses")]),
        ("[46]. See roses", "[46]", [(SEE, "roses")]),
        ("<b>[45-46]</b>, see also frost", "<b>[45-46]</b>", [(ALSO, "frost")]),
    ],
)
def test_locators_then_references(typed: str, pages: str, references: list[tuple[XRefKind, str]]) -> None:
    assert kinds_and_targets(typed) == (pages, references)


@pytest.mark.parametrize("typed", ["see", "12; see also", "see also roses; ", "see roses;; frost"])
def test_a_reference_without_its_target_is_refused(typed: str) -> None:
    with pytest.raises(LocatorError, match="type the heading it refers to"):
        read_pages_field(typed)


def test_where_each_target_starts() -> None:
    text = "45; see also roses; shrubs"
    assert [text[reference.start :] for reference in read_pages_field(text).references] == ["roses; shrubs", "shrubs"]


@pytest.mark.parametrize(
    ("before_cursor", "expected"),
    [
        ("12, 14", None),
        ("12; see", None),  # may still become "see also"
        ("12; see ", (8, "")),
        ("12; see ro", (8, "ro")),
        ("see also roses: pr", (9, "roses: pr")),
        ("see also roses; sh", (16, "sh")),
        ("see also roses; see under fr", (26, "fr")),
    ],
)
def test_the_target_being_typed(before_cursor: str, expected: tuple[int, str] | None) -> None:
    assert target_being_typed(before_cursor + " trailing", len(before_cursor)) == expected
