"""XindeX's own documents (.xix, SQLite): recognised, never opened as ours, converted into a new document.

The XindeX documents here are built by the tests from XindeX's published schema (the columns of its
``entries``, ``xrefs``, ``generic_xrefs``, ``groups``/``grouped``, ``ignored_firsts`` and ``config`` tables,
``user_version`` 100), filled with XindeX's own test index (``TestXiml.ximl``: the same index as XindeX
exported it). Converting the database must give what importing the export gives: every entry, its Sort As
(custom kept, computed dropped), pages, notes, references by id and generic ones, groups and settings.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import apsw
import pytest

from tests.formats.test_ximl import TEST_XIML, snapshot
from tests.support import needs_peers
from xindex.cli import main as cli_main
from xindex.formats.importers import ImportFileError, import_file
from xindex.formats.xindexdb import is_xindex_document, read_xindex_document
from xindex.store import Document
from xindex.store.errors import ForeignFileError, XindexDocumentError

# XindeX's tables as its schema (version 100) declares them: the columns a conversion reads.
XINDEX_SCHEMA = """
CREATE TABLE entries (
    eid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, peid INTEGER, saf TEXT DEFAULT 'A' NOT NULL,
    sortas TEXT NOT NULL, term TEXT NOT NULL, pages TEXT, notes TEXT,
    created REAL DEFAULT (JULIANDAY('NOW')) NOT NULL, updated REAL DEFAULT (JULIANDAY('NOW')) NOT NULL);
CREATE TABLE xrefs (from_eid INTEGER NOT NULL, to_eid INTEGER NOT NULL, kind INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY(from_eid, to_eid));
CREATE TABLE generic_xrefs (from_eid INTEGER NOT NULL, term TEXT NOT NULL, kind INTEGER NOT NULL DEFAULT 3,
    PRIMARY KEY(from_eid, term));
CREATE TABLE spelling (word TEXT PRIMARY KEY UNIQUE NOT NULL) WITHOUT ROWID;
CREATE TABLE ignored_firsts (word TEXT PRIMARY KEY UNIQUE NOT NULL) WITHOUT ROWID;
CREATE TABLE config (key TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID;
CREATE TABLE groups (gid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT UNIQUE NOT NULL,
    linked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE grouped (gid INTEGER NOT NULL, eid INTEGER NOT NULL, PRIMARY KEY(gid, eid));
INSERT INTO entries (eid, sortas, term) VALUES (0, '', '');
PRAGMA user_version = 100;
"""


def xindex_document(path: Path, ximl: str) -> Path:
    """A XindeX .xix holding what a XindeX .ximl export holds."""
    root = ET.fromstring(ximl)
    connection = apsw.Connection(str(path))
    connection.execute(XINDEX_SCHEMA)
    with connection:
        for group in root.iter("group"):
            connection.execute(
                "INSERT INTO groups (gid, name, linked) VALUES (?, ?, ?)",
                (int(group.get("gid", "0")), group.text or "", int(group.get("linked", "0"))),
            )
        for entry in root.iter("entry"):
            eid = int(entry.get("eid", "0"))
            sortas = entry.find("sortas")
            connection.execute(
                "INSERT INTO entries (eid, peid, saf, sortas, term, pages, notes, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, julianday(coalesce(?, 'now')), julianday(coalesce(?, 'now')))",
                (
                    eid,
                    int(entry.get("peid", "0")),
                    sortas.get("saf", "A") if sortas is not None else "A",
                    sortas.text or "" if sortas is not None else "",
                    entry.findtext("term", ""),
                    entry.findtext("pages"),
                    entry.findtext("notes"),
                    entry.get("created"),
                    entry.get("updated"),
                ),
            )
            for gid in filter(None, (entry.get("gids") or "").split(",")):
                connection.execute("INSERT INTO grouped (gid, eid) VALUES (?, ?)", (int(gid), eid))
            for xrefs in entry.findall("xrefs"):
                for xref in xrefs:
                    kind = 1 if xref.tag == "see" else 2
                    if xref.get("to_eid") is not None:
                        connection.execute(
                            "INSERT INTO xrefs (from_eid, to_eid, kind) VALUES (?, ?, ?)",
                            (eid, int(xref.get("to_eid", "0")), kind),
                        )
                    else:
                        connection.execute(
                            "INSERT INTO generic_xrefs (from_eid, term, kind) VALUES (?, ?, ?)",
                            (eid, xref.text or "", kind + 2),
                        )
        for config in root.iter("config"):
            connection.execute("INSERT INTO config (key, value) VALUES (?, ?)", (config.get("key"), config.text))
        for word in root.iter("spell"):
            connection.execute("INSERT OR IGNORE INTO spelling (word) VALUES (?)", (word.get("word"),))
        for word in root.iter("ignore"):
            connection.execute("INSERT OR IGNORE INTO ignored_firsts (word) VALUES (?)", (word.get("word"),))
    connection.close()
    return path


SMALL_XIML = """<XindeX version="100"><entries>
<entry eid="1" peid="0"><term>&lt;i&gt;Nature&lt;/i&gt;</term><sortas saf="A">nature</sortas>
  <pages>&lt;b&gt;20&lt;/b&gt;&lt;b&gt;–&lt;/b&gt;&lt;b&gt;21&lt;/b&gt;, xii</pages>
  <notes>check the proofs</notes></entry>
<entry eid="2" peid="0" gids="1" created="2015-11-16 09:07:40" updated="2016-02-01 18:30:00">
  <term>McAdam, John</term><sortas saf="C">macadam john</sortas><pages>7</pages>
  <xrefs><see to_eid="1"/><seealso>roads, &lt;i&gt;history of&lt;/i&gt;</seealso></xrefs></entry>
<entry eid="3" peid="2"><term>tarmac</term><sortas saf="A">tarmac</sortas><pages>8–9</pages></entry>
</entries><groups><group gid="1" linked="1">Engineers</group></groups>
<configs><config key="Title">Index</config><config key="SortAsRules">letterByLetterCMS16</config>
<config key="PageRangeRules">pageRangeFull</config><config key="SeeAlsoPosition">2</config></configs></XindeX>"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return xindex_document(tmp_path / "old.xix", SMALL_XIML)


def test_a_xindex_document_is_recognised_and_ours_is_not(small: Path, tmp_path: Path) -> None:
    assert is_xindex_document(small.read_bytes())
    ours = tmp_path / "ours.xix"
    Document.create(ours).close()
    assert not is_xindex_document(ours.read_bytes())
    assert not is_xindex_document(b"SQLite format 3\x00" + b"\x00" * 100)
    assert not is_xindex_document(b"<XindeX/>")
    with pytest.raises(ImportFileError, match="an xindex document, not a XindeX one"):
        read_xindex_document(ours.read_bytes())


def test_opening_one_says_how_to_convert_it_and_changes_nothing(small: Path) -> None:
    before = hashlib.sha256(small.read_bytes()).hexdigest()
    with pytest.raises(XindexDocumentError, match=r"is a XindeX document .* xindex import NEW\.xix old\.xix"):
        Document.open(small)
    assert isinstance(XindexDocumentError("x"), ForeignFileError)
    assert hashlib.sha256(small.read_bytes()).hexdigest() == before
    assert sorted(path.name for path in small.parent.iterdir()) == ["old.xix"]


def test_conversion_carries_entries_sort_as_pages_notes_references_groups_and_settings(
    small: Path, tmp_path: Path
) -> None:
    before = small.read_bytes()
    target = tmp_path / "new.xix"
    assert cli_main(["import", str(target), str(small)]) == 0
    assert small.read_bytes() == before  # (the original is read from its bytes, never opened for writing)
    document = Document.open(target)
    try:
        found = snapshot(document)
        assert found[("<i>Nature</i>",)] == ("<i>Nature</i>", None, "check the proofs", ["xii", "<b>20–21</b>"], [])
        assert found[("McAdam, John",)] == (
            "McAdam, John",
            "macadam john",
            "",
            ["7"],
            [("see", "<i>Nature</i>"), ("see also", "generic: roads, <i>history of</i>")],
        )
        assert found[("McAdam, John", "tarmac")][3] == ["8–9"]
        mcadam = document.find_path(["McAdam, John"])
        assert mcadam is not None
        assert (mcadam.created, mcadam.updated) == (
            "2015-11-16T09:07:40.000000+00:00",
            "2016-02-01T18:30:00.000000+00:00",
        )
        settings = document.settings()
        assert settings["rules"] == "cms-letter" and settings["range-rules"] == "full"
        assert settings["see-also-position"] == "first" and settings["title"] == "Index"
        (members,) = document.groups().values()
        assert list(document.groups()) == ["Engineers"] and [document.path_name(member) for member in members] == [
            "McAdam, John"
        ]
    finally:
        document.close()


@needs_peers
def test_xindexs_test_index_converts_as_its_export_imports(tmp_path: Path) -> None:
    ximl = TEST_XIML.read_text(encoding="utf-8")
    database = xindex_document(tmp_path / "TestIndex.xix", ximl)
    from_export, from_database = Document.create(tmp_path / "a.xix"), Document.create(tmp_path / "b.xix")
    try:
        exported = import_file(from_export, TEST_XIML)
        converted = import_file(from_database, database)
        assert snapshot(from_database) == snapshot(from_export)
        assert len(snapshot(from_database)) == 123
        assert from_database.settings() == from_export.settings()
        assert "bresenham" in from_database.settings()["dictionary"].split(", ")  # (XindeX's spelling list)
        assert converted.added == exported.added
        for document in (from_export, from_database):  # (both carry XindeX's times)
            atom = document.find_path(["Atom format"])
            assert atom is not None and atom.created == atom.updated == "2015-11-16T09:07:40.000000+00:00"
    finally:
        from_export.close()
        from_database.close()


def test_a_damaged_or_foreign_database_is_refused_in_one_sentence(tmp_path: Path) -> None:
    other = tmp_path / "other.xix"
    connection = apsw.Connection(str(other))
    connection.execute("CREATE TABLE notes (text TEXT); PRAGMA user_version = 100")
    connection.close()
    with pytest.raises(ImportFileError, match="not a XindeX document"):
        read_xindex_document(other.read_bytes())
    with pytest.raises(ImportFileError, match="not a XindeX document"):
        read_xindex_document(b"plain text")
    half = xindex_document(tmp_path / "half.xix", SMALL_XIML).read_bytes()[:3000]
    with pytest.raises(ImportFileError):
        read_xindex_document(half)


def test_a_document_in_wal_mode_is_read_with_its_unfinished_log(tmp_path: Path) -> None:
    source = xindex_document(tmp_path / "live.xix", SMALL_XIML)
    writer = apsw.Connection(str(source))
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO entries (eid, peid, sortas, term, pages) VALUES (4, 0, 'zinc', 'zinc', '99')")
    crashed = tmp_path / "crashed"  # (the files as XindeX left them when it stopped before a checkpoint)
    crashed.mkdir()
    for name in ("live.xix", "live.xix-wal"):
        (crashed / name).write_bytes((tmp_path / name).read_bytes())
    writer.close()
    (crashed / "live.xix").rename(crashed / "old.xix")
    (crashed / "live.xix-wal").rename(crashed / "old.xix-wal")
    before = {path.name: path.read_bytes() for path in crashed.iterdir()}
    document = Document.create(tmp_path / "new.xix")
    try:
        import_file(document, crashed / "old.xix")
        assert snapshot(document)[("zinc",)][3] == ["99"]  # (only in the log)
    finally:
        document.close()
    assert {path.name: path.read_bytes() for path in crashed.iterdir()} == before
    checkpointed = tmp_path / "live.xix"  # WAL mode, everything checkpointed: read from its bytes alone
    assert checkpointed.read_bytes()[18:20] == b"\x02\x02"
    assert "zinc" in [entry.plain for entry in read_xindex_document(checkpointed.read_bytes()).entries]
