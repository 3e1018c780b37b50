"""Undo is data, never code: a history cannot run SQL, touch another file, or be anything but changes of
this document's own rows; older histories are converted when they are what xindex wrote, set aside
otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import apsw
import pytest

from xindex.core import listing
from xindex.store import Document, EditError

DATA = Path(__file__).parent / "data"


def lines(document: Document) -> list[str]:
    return list(listing.lines(document.tree()))


def test_a_version_2_history_is_converted_and_replays_what_the_old_version_did(tmp_path: Path) -> None:
    path = tmp_path / "old.xix"
    shutil.copy2(DATA / "version-2.xix", path)
    expected = json.loads((DATA / "version-2.json").read_text(encoding="utf-8"))
    with Document.open(path) as document:
        assert lines(document) == expected["now"]
        assert [label for _, label, _ in document.history()] == expected["labels"]
        assert document.connection.execute("SELECT typeof(changes) FROM history LIMIT 1").fetchall() == [("blob",)]
        for number, (label, state) in enumerate(expected["steps"]):
            done = document.undo() if number < 3 else document.redo()
            assert done == label, number
            assert lines(document) == state, label
    assert (tmp_path / "old.xix.v2.bak").exists()


def make_victim(path: Path) -> bytes:
    with Document.create(path) as victim:
        for number in range(5):
            victim.add_entry(f"chapter {number}", locators=str(number + 1))
    return path.read_bytes()


def test_a_history_that_attaches_another_file_is_set_aside_and_never_run(tmp_path: Path) -> None:
    victim_path = tmp_path / "my other book.xix"
    victim_bytes = make_victim(victim_path)
    path = tmp_path / "sent to me.xix"
    shutil.copy2(DATA / "version-2.xix", path)
    raw = apsw.Connection(str(path))
    attack = [
        f"ATTACH DATABASE '{victim_path}' AS victim",
        "DELETE FROM victim.entry",
        "DELETE FROM entry WHERE id = 1",
    ]
    raw.execute(
        "UPDATE history SET undo_sql = ? WHERE id = (SELECT max(id) FROM history WHERE undone = 0)",
        (json.dumps(attack),),
    )
    raw.close()
    with Document.open(path) as document:
        assert document.history() == []
        assert document.undo() is None
        aside = document.connection.execute("SELECT count(*), min(reason) FROM history_set_aside").fetchall()[0]
        assert aside[0] == 12 and "not in the form xindex writes" in aside[1]
    assert victim_path.read_bytes() == victim_bytes
    with Document.open(victim_path) as victim:
        assert victim.entry_count() == 5


def changeset_of(schema: str, statements: list[str], table: str) -> bytes:
    """A real changeset made on a scratch database of another shape."""
    scratch = apsw.Connection(":memory:")
    scratch.execute(schema)
    session = apsw.Session(scratch, "main")
    session.attach(table)
    for statement in statements:
        scratch.execute(statement)
    return bytes(session.changeset())


@pytest.mark.parametrize(
    "changes",
    [
        changeset_of(
            "CREATE TABLE secrets(id INTEGER PRIMARY KEY, text)", ["INSERT INTO secrets VALUES (1, 'x')"], "secrets"
        ),
        changeset_of(
            "CREATE TABLE entry(id INTEGER PRIMARY KEY, term)", ["INSERT INTO entry VALUES (99, 'x')"], "entry"
        ),
        b"T\x02\x00not a changeset at all",
    ],
)
def test_a_step_that_is_not_a_change_of_this_documents_rows_is_refused(tmp_path: Path, changes: bytes) -> None:
    path = tmp_path / "crafted.xix"
    with Document.create(path) as document:
        document.add_entry("roses", locators="12")
        document.connection.execute(
            "INSERT INTO history(label, changes, created) VALUES ('Add “thorns”', ?, '')", (changes,)
        )
        before = lines(document)
        with pytest.raises(EditError, match=r"damaged .* set aside, and the index itself is unchanged"):
            document.undo()
        assert lines(document) == before and document.history() == []
        assert document.connection.execute("SELECT count(*) FROM history_set_aside").fetchall() == [(2,)]


def test_a_history_of_text_is_set_aside_when_the_document_opens(tmp_path: Path) -> None:
    path = tmp_path / "text.xix"
    with Document.create(path) as document:
        document.add_entry("roses")
    raw = apsw.Connection(str(path))
    raw.execute("INSERT INTO history(label, changes, created) VALUES ('x', 'ATTACH DATABASE ''/tmp/x'' AS y', '')")
    raw.close()
    with Document.open(path) as document:
        assert "set aside" in document.warning and document.history() == []
        assert document.undo() is None
        assert [e.plain for e in document.children(None)] == ["roses"]


def test_undo_after_another_program_changed_the_row_says_so_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.xix"
    with Document.create(path) as document:
        roses = document.add_entry("roses", locators="12")
        document.edit_entry(roses, term="roses (genus Rosa)")
        other = apsw.Connection(str(path))  # another SQLite tool edits the same row
        other.execute("UPDATE entry SET term = 'wild roses', plain = 'wild roses' WHERE id = ?", (roses,))
        other.close()
        with pytest.raises(EditError, match="changed outside xindex since"):
            document.undo()
        assert document.entry(roses).plain == "wild roses"
        assert document.can_undo()  # the step stays; the document goes on working
        document.add_entry("tulips")
        assert document.undo() == "Add “tulips”"


def test_undo_across_a_change_of_rules_sorts_by_the_rules_in_force(tmp_path: Path) -> None:
    path = tmp_path / "rules.xix"
    with Document.create(path) as document:
        document.add_entry("New York")
        newborn = document.add_entry("newborn")
        document.set_setting("rules", "cms-letter")
        assert [e.plain for e in document.children(None)] == ["newborn", "New York"]
        document.edit_entry(newborn, term="newborns")
        document.undo()
        document.undo()  # back to word by word
        assert [e.plain for e in document.children(None)] == ["New York", "newborn"]
        document.redo()
        document.redo()
        assert [e.plain for e in document.children(None)] == ["newborns", "New York"]
        fresh = sorted(document.children(None), key=lambda e: document.keys.key(e.plain, e.sort_as))
        assert [e.id for e in fresh] == [e.id for e in document.children(None)]
