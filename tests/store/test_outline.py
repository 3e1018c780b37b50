"""The outline follows every kind of edit row by row and always equals a fresh reading of the document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xindex.app import replace
from xindex.store import Document, EditError
from xindex.store.outline import Outline

WORDS = ["apple", "Apple", "bean", "café", "date", "elder", "fig", "the grape", "10 Downing Street", "Łódź"]


class Mirror:
    """A listener that replays the announced row changes on its own copy of the rows."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.rows = list(outline.rows)
        self.pending: tuple[str, int, int] | None = None
        self.resets = 0

    def rows_removing(self, first: int, last: int) -> None:
        assert self.rows[first : last + 1] == self.outline.rows[first : last + 1]
        self.pending = ("remove", first, last)

    def rows_removed(self) -> None:
        assert self.pending and self.pending[0] == "remove"
        del self.rows[self.pending[1] : self.pending[2] + 1]
        self.pending = None

    def rows_inserting(self, first: int, last: int) -> None:
        self.pending = ("insert", first, last)

    def rows_inserted(self) -> None:
        assert self.pending and self.pending[0] == "insert"
        self.rows[self.pending[1] : self.pending[1]] = self.outline.rows[self.pending[1] : self.pending[2] + 1]
        self.pending = None

    def resetting(self) -> None:
        self.pending = ("reset", 0, 0)

    def reset_done(self) -> None:
        self.rows = list(self.outline.rows)
        self.resets += 1
        self.pending = None


def printed_order(document: Document) -> list[int]:
    order: list[int] = []

    def walk(parent: int | None) -> None:
        for child in document.children(parent):
            order.append(child.id)
            walk(child.id)

    walk(None)
    return order


operation = st.tuples(
    st.sampled_from(
        ["add", "rename", "sort_as", "delete", "move", "merge", "flip", "copy", "undo", "redo", "rules", "replace"]
    ),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(WORDS),
)


def perform(document: Document, kind: str, first: int, second: int, word: str) -> None:
    ids = [entry_id for _, entry_id in document.structure()]
    pick = ids[first % len(ids)] if ids else None
    other = ids[second % len(ids)] if ids else None
    try:
        if kind == "add" or pick is None:
            path = [word] if first % 3 == 0 or pick is None else [*document.path_text(pick).split(": "), word]
            document.add_path(path, str(first % 300 + 1))
        elif kind == "rename":
            document.edit_entry(pick, term=f"{word} {second % 5}")
        elif kind == "sort_as":
            document.edit_entry(pick, sort_as=word if second % 2 else None)
        elif kind == "delete":
            document.delete_entry(pick, force=True)
        elif kind == "move":
            document.move_entry(pick, None if second % 4 == 0 else other)
        elif kind == "merge" and other is not None:
            document.merge_entries(pick, other)
        elif kind == "flip":
            document.flip_entry(pick)
        elif kind == "copy":
            document.copy_entry(pick, None if second % 3 == 0 else other)
        elif kind == "undo":
            document.undo()
        elif kind == "redo":
            document.redo()
        elif kind == "rules":
            document.set_setting("rules", ["cms-word", "cms-letter", "iso-word", "niso-letter"][second % 4])
        elif kind == "replace":  # (renames many headings in one command, as Find and Replace does)
            replace.apply(document, replace.Find(WORDS[first % len(WORDS)], word))
    except (EditError, replace.FindError):
        pass  # refused edits change nothing


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=25))
def test_outline_follows_edits_row_by_row(
    tmp_path_factory: object, operations: list[tuple[str, int, int, str]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("outline")  # type: ignore[attr-defined]
    with Document.create(folder / "o.xix") as document:
        outline = Outline(document)
        mirror = Mirror(outline)
        for kind, first, second, word in operations:
            perform(document, kind, first, second, word)
            outline.apply(document.take_entry_changes(), mirror)
            assert outline.order == printed_order(document), kind
            assert mirror.rows == outline.rows
            assert outline.order == Outline(document).order
        assert mirror.resets == 0  # every change was told row by row


def test_headings_renamed_together_all_move(tmp_path: Path) -> None:
    """Found by the GUI soak: renamed at once, "winter burn", "winter mulching" and "winter protection" keep
    their order among themselves; the middle one, between two that moved, looked in place and stayed
    behind under W in the view while the document filed it under E."""
    with Document.create(tmp_path / "w.xix") as document:
        for heading in ["drainage", "fava beans", "windbreaks", "winter burn", "winter mulching", "winter protection"]:
            document.add_entry(heading, locators="1")
        document.add_entry("zone pushing", locators="2")
        outline = Outline(document)
        mirror = Mirror(outline)
        document.take_entry_changes()
        replace.apply(document, replace.Find("winter", "earth"))
        outline.apply(document.take_entry_changes(), mirror)
        assert outline.order == printed_order(document) and mirror.rows == outline.rows
        assert [document.entry(entry_id).term for entry_id in outline.order][:5] == [
            "drainage",
            "earth burn",
            "earth mulching",
            "earth protection",
            "fava beans",
        ]


def test_a_filter_shows_matches_with_their_headings_and_follows_edits(tmp_path: Path) -> None:
    with Document.create(tmp_path / "f.xix") as document:
        roses = document.add_path(["roses"], "1")
        climbing = document.add_path(["roses", "climbing"], "2")
        tulips = document.add_path(["tulips"], "3")
        outline = Outline(document)
        mirror = Mirror(outline)
        outline.set_filter({climbing}, mirror)
        assert outline.rows == [roses, climbing]
        assert outline.is_context(roses) and not outline.is_context(climbing)
        assert outline.row_of(tulips) == -1
        rambling = document.add_path(["roses", "rambling"], "4")
        outline.apply(document.take_entry_changes(), mirror)
        assert outline.rows == [roses, climbing]  # a new entry is not a match …
        outline.reveal(rambling, mirror)
        assert outline.rows == [roses, climbing, rambling]  # … until it is revealed
        document.delete_entry(climbing)
        outline.apply(document.take_entry_changes(), mirror)
        assert outline.rows == [roses, rambling] and mirror.rows == outline.rows
        outline.set_filter(None, mirror)
        assert outline.rows == [roses, rambling, tulips]


def test_big_changes_read_everything_again(tmp_path: Path) -> None:
    with Document.create(tmp_path / "b.xix") as document:
        with document.command("many"):
            for number in range(2_100):
                document.add_entry(f"entry {number}")
        outline = Outline(document)
        mirror = Mirror(outline)
        document.set_setting("rules", "cms-letter")
        outline.apply(document.take_entry_changes(), mirror)
        assert mirror.resets == 1 and outline.order == printed_order(document)


def test_collapsing_and_opening_headings_equals_the_filter_they_stand_for(sample: Document) -> None:
    outline = Outline(sample)
    outline.load()
    mains = outline.children(None)
    outline.main_headings_only()
    assert outline.rows == mains and not any(outline.is_context(entry) for entry in outline.rows)
    expected = Outline(sample)
    expected.load()
    opened: set[int] = set()
    for heading in [main for main in mains if outline.has_children(main)][:3]:
        outline.show_below(heading)
        opened.update(outline.subtree(heading))
        expected.set_filter({*mains, *opened})
        assert outline.rows == expected.rows
    outline.hide_below(heading)
    opened.difference_update(outline.subtree(heading)[1:])
    expected.set_filter({*mains, *opened})
    assert outline.rows == expected.rows
    assert all(outline.row_of(entry) == outline.rows.index(entry) for entry in outline.rows)
