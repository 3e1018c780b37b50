"""A document whose headings loop (one flipped bit in parent_id is enough, and integrity_check passes)
or nest deeper than any book: every walk stops and says so in one sentence, and it can be repaired."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import apsw
import pytest

from xindex.core import listing
from xindex.core.model import MAX_DEPTH
from xindex.store import Document, DocumentError, EditError
from xindex.store.errors import StructureError
from xindex.store.salvage import salvage

ROOT = Path(__file__).resolve().parents[2]


def looped(path: Path, size: int = 2) -> list[int]:
    """A document with a main heading and a chain below it whose last ``size`` entries are each other's parent."""
    with Document.create(path) as document:
        roses = document.add_entry("roses", locators="1")
        chain = [roses]
        for number in range(size + 1):
            chain.append(document.add_entry(f"level {number}", chain[-1], locators=str(number + 2)))
        document.add_entry("tulips", locators="9")
    raw = apsw.Connection(str(path))
    raw.execute("UPDATE entry SET parent_id = ? WHERE id = ?", (chain[-1], chain[-size]))
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    return sorted(chain[-size:])


@pytest.mark.parametrize("verb", [["list"], ["check"], ["export", "-o", "{out}"], ["search", "level"]])
def test_every_walk_stops_with_one_sentence(tmp_path: Path, verb: list[str]) -> None:
    path = tmp_path / "loop.xix"
    first, second = looped(path)
    command = [part.replace("{out}", str(tmp_path / "out.txt")) for part in verb]
    env = {**os.environ, "XINDEX_COMPILED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "xindex", command[0], str(path), *command[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"entries {first} and {second} are each other's parent" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_writer_is_refused_and_the_repair_mends_it(tmp_path: Path) -> None:
    path = tmp_path / "loop.xix"
    members = looped(path, size=3)
    with pytest.raises(StructureError, match=r"entries .* are each other's ancestors \(a loop\)"):
        Document.open(path)
    done = Document.repair(path)
    assert len(done) == 1 and f"entry {members[0]}" in done[0] and "loop" in done[0]
    assert (tmp_path / "loop.xix.before-repair.bak").exists()
    with Document.open(path) as document:
        assert document.structure_problem() is None
        assert len(document.tree()) == 3  # roses, tulips and the mended heading
        assert document.entry_count() == 6


def test_headings_nested_deeper_than_any_book_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "deep.xix"
    with Document.create(path) as document:
        parent = None
        with document.command("Deep"):
            for number in range(MAX_DEPTH):
                parent = document.add_entry(f"level {number}", parent)
        with pytest.raises(EditError, match=f"nested {MAX_DEPTH} levels deep at most"):
            document.add_entry("one too deep", parent)
        with pytest.raises(EditError, match=f"nested {MAX_DEPTH} levels deep at most"):
            document.add_path([f"level {number}" for number in range(MAX_DEPTH + 1)])
    raw = apsw.Connection(str(path))  # written by something else: two levels deeper than allowed
    raw.execute(
        "INSERT INTO entry(parent_id, term, plain, sort_key, created, updated, folded)"
        " VALUES (?, 'deeper', 'deeper', x'00', '', '', 'deeper')",
        (parent,),
    )
    raw.close()
    with pytest.raises(StructureError, match=f"nested deeper than {MAX_DEPTH} levels"):
        Document.open(path)
    assert Document.repair(path)
    with Document.open(path) as document:
        assert document.structure_problem() is None


def test_salvage_copies_what_can_be_read_into_a_new_document(tmp_path: Path) -> None:
    path = tmp_path / "book.xix"
    with Document.create(path, settings={"rules": "cms-letter"}) as document, document.command("Build"):
        for number in range(3000):
            main = document.add_entry(f"heading {number:04d}", locators=f"{number + 1}, xii")
            if number % 3 == 0:
                document.add_entry("detail", main, locators=str(number + 2))
        document.add_xref(main, "see also", target_id=1)
    raw = apsw.Connection(str(path))
    raw.execute("UPDATE entry SET term = x'00ff' WHERE id = 7")  # a heading that is not text
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with pytest.raises(DocumentError, match=r"xindex salvage book\.xix"):
        Document.open(path)
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xde\xad" * (page // 2)  # a whole page of the file destroyed
    path.write_bytes(bytes(data))
    original = path.read_bytes()
    report = salvage(path)
    assert path.read_bytes() == original  # the damaged file is never changed
    assert report.path == tmp_path / "book.salvaged.xix" and report.lost["entries"] >= 1
    with Document.open(report.path) as rescued:
        assert 3000 < rescued.entry_count() < 4000  # most of the 4,000 entries, not the damaged ones
        assert rescued.setting("rules") == "cms-letter" and rescued.structure_problem() is None
        assert rescued.history() == []
        assert len(list(listing.lines(rescued.tree()))) == rescued.entry_count()


def test_salvage_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "loop.xix"
    looped(path)
    env = {**os.environ, "XINDEX_COMPILED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "xindex", "salvage", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "entries: 5 copied" in done.stdout and "became a main heading" in done.stdout


def test_text_that_is_no_utf8_gets_one_sentence_and_salvage_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "book.xix"
    with Document.create(path) as document:
        for term in ("roses", "tulips", "apples"):
            document.add_entry(term, locators="12")
    raw = apsw.Connection(str(path))
    raw.execute("UPDATE entry SET notes = CAST(x'f428a1' AS TEXT) WHERE id = 2")  # text, but no UTF-8
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with Document.open(path, readonly=True) as document, pytest.raises(DocumentError) as refused:
        document.tree()
    assert str(refused.value) == (
        "book.xix is damaged: some of its text is not valid UTF-8; xindex salvage book.xix copies what can be read"
        " into a new document"
    )
    report = salvage(path)
    with Document.open(report.path) as rescued:
        assert [node.entry.plain for node in rescued.tree()] == ["apples", "roses"]
        assert report.lost["entries"] == 1


def test_a_heading_whose_parent_is_gone_from_the_table_gets_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "book.xix"
    with Document.create(path) as document:
        roses = document.add_entry("roses", locators="12")
        document.add_entry("pruning", roses, locators="14")
    raw = apsw.Connection(str(path))
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("DROP INDEX entry_children")  # (the open-time check reads what an index says; here, the table)
    raw.execute("UPDATE entry SET parent_id = 99 WHERE id = 2")
    raw.execute("CREATE INDEX entry_children ON entry(parent_id, sort_key)")
    raw.close()
    with Document.open(path, readonly=True, check=False) as document, pytest.raises(StructureError) as refused:
        document.tree()
    assert "the heading above entry 2 (entry 99) does not exist" in str(refused.value)
