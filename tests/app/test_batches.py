"""Operations on several entries at once (the editor's multi-selection): each is one undo step."""

from __future__ import annotations

import pytest

from xindex.app import entries
from xindex.core.locators import Emphasis
from xindex.store import Document, EditError


@pytest.fixture
def book(doc: Document) -> Document:
    with doc.command("build"):
        doc.add_path(["roses", "climbing"], "12")
        doc.add_path(["roses", "pruning"], "14")
        doc.add_path(["lilies"], "20, 22")
        doc.add_path(["tulips"], "30")
        doc.add_path(["bulbs"], "40")
    tulips = doc.find_path(["tulips"])
    roses = doc.find_path(["roses", "pruning"])
    assert tulips is not None and roses is not None
    entries.add_reference(doc, tulips.id, entries.kind_of("see also"), "roses: pruning")
    return doc


def ids(doc: Document, *paths: str) -> list[int]:
    found = [doc.find_path(path.split(": ")) for path in paths]
    assert all(found)
    return [entry.id for entry in found if entry is not None]


def test_a_heading_and_its_subentry_chosen_together_count_once(book: Document) -> None:
    chosen = ids(book, "roses: pruning", "roses", "lilies", "roses")
    assert entries.topmost(book, chosen) == ids(book, "roses", "lilies")


def test_delete_many_is_one_undo_step_and_says_what_goes(book: Document) -> None:
    chosen = ids(book, "roses", "lilies", "roses: climbing")
    found = entries.batch_consequences(book, chosen)
    assert found.names == ["roses", "lilies"]
    assert found.subentries == 2
    assert found.referrers == ["tulips"] and found.references == 1
    assert found.lines()[-1] == "1 cross-reference from other entries would go blind: tulips."
    before = book.history()
    entries.delete_many(book, chosen)
    assert [entry.plain for entry in book.children(None)] == ["bulbs", "tulips"]
    assert len(book.history()) == len(before) + 1 and book.history()[-1][1] == "Delete 2 entries"
    book.undo()
    assert [entry.plain for entry in book.children(None)] == ["bulbs", "lilies", "roses", "tulips"]


def test_move_merge_copy_many_are_one_step_each(book: Document) -> None:
    (bulbs,) = ids(book, "bulbs")
    entries.move_many(book, ids(book, "lilies", "tulips"), bulbs)
    assert [entry.plain for entry in book.children(bulbs)] == ["lilies", "tulips"]
    book.undo()
    assert book.find_path(["lilies"]) is not None
    entries.copy_many(book, ids(book, "lilies", "tulips"), bulbs)
    assert book.find_path(["lilies"]) is not None and book.find_path(["bulbs", "lilies"]) is not None
    book.undo()
    entries.merge_many(book, ids(book, "lilies", "tulips", "bulbs"), bulbs)
    assert [entry.plain for entry in book.children(None)] == ["bulbs", "roses"]
    assert [loc.plain() for loc in book.locators(bulbs)] == ["20", "22", "30", "40"]
    book.undo()
    assert len(book.children(None)) == 4


def test_emphasis_on_many_and_a_bad_emphasis_changes_nothing(book: Document) -> None:
    chosen = ids(book, "lilies", "bulbs")
    entries.emphasise_many(book, chosen, "bold")
    assert {loc.emphasis for entry_id in chosen for loc in book.locators(entry_id)} == {Emphasis.BOLD}
    before = book.history()
    with pytest.raises(EditError, match="is not an emphasis"):
        entries.emphasise_many(book, chosen, "shouting")
    assert book.history() == before
    entries.emphasise_many(book, chosen, "none")
    assert {loc.emphasis for entry_id in chosen for loc in book.locators(entry_id)} == {Emphasis.NONE}
