"""Opening files: bad files, migrations, the one-writer lock, crash safety."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from xindex.cli import main as cli_main
from xindex.core import sorting
from xindex.store import Document, DocumentError, schema
from xindex.store.connection import APPLICATION_ID
from xindex.store.errors import (
    CorruptFileError,
    EditError,
    ForeignFileError,
    LockedError,
    NewerSchemaError,
    NotSQLiteError,
    ReadOnlyError,
)
from xindex.store.schema import SCHEMA_VERSION


def cli(*args: str) -> int:
    return cli_main(list(args))


def test_not_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.xix"
    path.write_text("These are my index notes, not a database.\n" * 20)
    with pytest.raises(NotSQLiteError, match="not an SQLite database"):
        Document.open(path)
    assert cli("list", str(path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "notes.xix" in err


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xix"
    path.touch()
    with pytest.raises(ForeignFileError, match="is empty"):
        Document.open(path)


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DocumentError, match="does not exist"):
        Document.open(tmp_path / "nothing.xix")
    with pytest.raises(DocumentError, match="is a folder"):
        Document.open(tmp_path)
    assert cli("info", str(tmp_path / "nothing.xix")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_sqlite_but_not_xindex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.xix"
    other = apsw.Connection(str(path))
    other.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    other.close()
    with pytest.raises(ForeignFileError, match="not an xindex document"):
        Document.open(path)
    assert cli("add", str(path), "x") == 2
    assert "SQLite database but not an xindex document" in capsys.readouterr().err


def test_newer_schema_is_refused(doc_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Document.create(doc_path).close()
    raw = apsw.Connection(str(doc_path))
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(NewerSchemaError, match="newer xindex"):
        Document.open(doc_path)
    assert cli("list", str(doc_path)) == 2
    assert "please upgrade xindex" in capsys.readouterr().err


def test_corrupt_file(doc_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Document.create(doc_path) as document, document.command("Fill"):
        for number in range(3000):
            document.add_entry(f"heading number {number}", locators=f"{number + 1}")
    data = bytearray(doc_path.read_bytes())
    page_size = 4096
    for page in range(3, len(data) // page_size, 3):
        start = page * page_size + 100
        data[start : start + 2000] = os.urandom(2000)
    doc_path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match="damaged"):
        Document.open(doc_path)
    assert cli("list", str(doc_path)) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that cannot be written: chmod for ordinary users, a read-only bind mount for root."""
    folder = tmp_path / "locked"
    folder.mkdir()
    Document.create(folder / "book.xix", title="Read only").close()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        (folder / "book.xix").chmod(0o444)
        yield folder
        folder.chmod(0o755)
        return
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(mount)], capture_output=True)
    if done.returncode != 0:
        done = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True)
        if done.returncode == 0:
            done = subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only location as root here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_read_only_location(read_only_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = read_only_folder / "book.xix"
    with pytest.raises(ReadOnlyError, match="read-only location"):
        Document.open(path)
    assert cli("add", str(path), "anything") == 2
    assert "read-only location" in capsys.readouterr().err
    with Document.open(path, fallback_readonly=True) as document:
        assert document.readonly and "read-only" in document.warning
        assert document.setting("title") == "Read only"
    assert cli("list", str(path)) == 0


def test_second_writer_is_refused_or_gets_read_only(doc_path: Path) -> None:
    first = Document.create(doc_path)
    first.add_entry("held")
    holder = subprocess.run(
        [sys.executable, "-c", f"from xindex.store import Document; Document.open({str(doc_path)!r})"],
        capture_output=True,
        text=True,
    )
    assert holder.returncode != 0 and "open for writing by process" in holder.stderr
    with pytest.raises(LockedError, match=f"process {os.getpid()}"):
        Document.open(doc_path)
    with Document.open(doc_path, fallback_readonly=True) as second:
        assert second.readonly and "open read-only" in second.warning
        assert [e.plain for e in second.children(None)] == ["held"]
    with Document.open(doc_path, readonly=True) as reader:
        assert reader.entry_count() == 1
    first.close()
    with Document.open(doc_path) as again:
        assert not again.readonly


def test_lock_is_released_when_the_holder_dies(doc_path: Path) -> None:
    Document.create(doc_path).close()
    script = (
        "from xindex.store import Document; import time\n"
        f"d = Document.open({str(doc_path)!r}); print('ok', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "ok"
    with pytest.raises(LockedError):
        Document.open(doc_path)
    process.kill()
    process.wait()
    with Document.open(doc_path) as document:
        assert not document.readonly


def write_version_0(path: Path) -> None:
    """A pre-release (version 0) file written by hand: pages as one text column, as XindeX kept them."""
    raw = apsw.Connection(str(path))
    raw.execute(
        textwrap.dedent(
            f"""
            PRAGMA application_id = {APPLICATION_ID};
            CREATE TABLE entry (
                id INTEGER PRIMARY KEY, parent_id INTEGER, term TEXT NOT NULL,
                sort_as TEXT, pages TEXT, notes TEXT
            );
            INSERT INTO entry VALUES (1, NULL, 'roses', NULL, '14-16, 12, xii', 'main topic');
            INSERT INTO entry VALUES (2, 1, '<i>Rosa rugosa</i>', 'rugosa', '45n3, 77f', NULL);
            INSERT INTO entry VALUES (3, NULL, 'café', NULL, '131-4', '');
            INSERT INTO entry VALUES (4, 2, 'hips', NULL, '', NULL);
            """
        )
    )
    raw.close()


def test_version_0_file_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.xix"
    write_version_0(path)
    original = path.read_bytes()
    with Document.open(path) as document:
        assert document.connection.execute("PRAGMA user_version").fetchall()[0][0] == SCHEMA_VERSION
        roses = document.find_path(["roses"])
        assert roses is not None and roses.notes == "main topic"
        assert [loc.plain() for loc in document.locators(roses.id)] == ["xii", "12", "14–16"]
        rugosa = document.find_path(["roses", "<i>Rosa rugosa</i>"])
        assert rugosa is not None and rugosa.term == "<i>Rosa rugosa</i>" and rugosa.sort_as == "rugosa"
        assert document.find_path(["roses", "<i>Rosa rugosa</i>", "hips"]) is not None
        assert [e.plain for e in document.search("cafe")] == ["café"]
        assert [e.plain for e in document.search("133")] == ["café"]
        document.add_entry("new after upgrade")
        assert document.undo() == "Add “new after upgrade”"
    backup = tmp_path / "old.xix.v0.bak"
    assert backup.read_bytes() == original


def write_version_1(path: Path) -> None:
    """A version 1 file as xindex 0.1 wrote it, with an edit in its history that undo must still reverse."""
    raw = apsw.Connection(str(path))
    with raw:
        raw.execute(schema.SCHEMA_V1)
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1")
        for entry_id, parent_id, term in ((1, None, "Łódź"), (2, 1, "Ørsted Street"), (3, None, "tulips")):
            raw.execute(
                "INSERT INTO entry(id, parent_id, term, plain, sort_key, created, updated)"
                " VALUES (?, ?, ?, ?, ?, '', '')",
                (entry_id, parent_id, term, term, sorting.sort_key(term, main=parent_id is None)),
            )
        # "roses" was renamed "tulips"; version 1 logged the reversing statement without the folded column
        raw.execute(
            "INSERT INTO history(label, undo_sql, created) VALUES ('Edit “tulips”', ?, '')",
            ("[\"UPDATE entry SET term = 'roses', plain = 'roses' WHERE id = 3\"]",),
        )
    raw.close()


def test_version_1_file_gets_folded_headings_that_search_and_undo_keep_right(tmp_path: Path) -> None:
    path = tmp_path / "v1.xix"
    write_version_1(path)
    with Document.open(path) as document:
        assert document.connection.execute("PRAGMA user_version").fetchall()[0][0] == SCHEMA_VERSION
        assert [e.plain for e in document.search("lodz")] == ["Łódź", "Ørsted Street"]
        assert [e.plain for e in document.search("orsted")] == ["Ørsted Street"]
        assert document.undo() == "Edit “tulips”"
        assert [e.plain for e in document.search("roses")] == ["roses"]
        assert document.search("tulips") == []
    assert (tmp_path / "v1.xix.v1.bak").exists()


def write_version_3(path: Path) -> None:
    """A version 3 file: plain text unique among siblings, the keys of italic headings as roman ones', an
    undo history, the keys made under the ISO letter-by-letter rules."""
    with Document.create(path) as document:
        document.set_setting("rules", "iso-letter")
        document.add_entry("<i>Nature</i>", locators="12")
        document.add_entry("nature reserves", locators="40")
        document.add_entry("Guernica", locators="7")
    raw = apsw.Connection(str(path))
    with raw:
        raw.execute("DROP INDEX entry_sibling")
        raw.execute("CREATE UNIQUE INDEX entry_sibling ON entry(ifnull(parent_id, 0), plain)")
        raw.execute("UPDATE entry SET sort_key = ? WHERE term = '<i>Nature</i>'", (sorting.sort_key("Nature"),))
        raw.execute("PRAGMA user_version = 3")
    raw.close()


def test_version_3_file_tells_italic_from_roman_after_the_upgrade(tmp_path: Path) -> None:
    # Issue 16: Nature (roman) and <i>Nature</i> (the journal, CMS 16.47-55) are two headings, roman first.
    path = tmp_path / "v3.xix"
    write_version_3(path)
    with Document.open(path) as document:
        assert document.connection.execute("PRAGMA user_version").fetchall()[0][0] == SCHEMA_VERSION
        assert document.setting("rules") == "iso-letter"
        roman = document.add_entry("Nature", locators="5")
        assert [entry.term for entry in document.children(None)] == [
            "Guernica",
            "Nature",
            "<i>Nature</i>",
            "nature reserves",
        ]
        assert document.keys.options.rules.name == "iso-letter"
        journal = document.find_path(["<i>Nature</i>"])
        assert journal is not None and journal.id != roman and document.find_path(["Nature"]) == document.entry(roman)
        with pytest.raises(EditError, match="“<i>Nature</i>” already exists as a main heading"):
            document.add_entry("<i>Nat</i><i>ure</i> ")
        assert document.undo() == "Add “Nature”"
        assert document.undo() == "Add “Guernica”", "the version 3 history undoes as it was recorded"
    assert (tmp_path / "v3.xix.v3.bak").exists()


def test_version_0_file_read_only_asks_for_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.xix"
    write_version_0(path)
    with pytest.raises(DocumentError, match="older format"):
        Document.open(path, readonly=True)


KILL_SCRIPT = """
import sys
from xindex.store import Document
document = Document.open(sys.argv[1])
for number in range(100000):
    document.add_entry(f"entry {number:06d}", locators=f"{number % 900 + 1}, {number % 50 + 1}-{number % 50 + 9}")
    print(number, flush=True)
"""


def test_killed_writer_leaves_every_committed_entry(doc_path: Path) -> None:
    Document.create(doc_path).close()
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(doc_path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    committed: list[int] = []
    for line in process.stdout:
        committed.append(int(line))
        if len(committed) >= 2500:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    committed.extend(int(line) for line in process.stdout.read().split())
    assert process.returncode == -signal.SIGKILL
    saved = doc_path.parent / "copy.xix"
    shutil.copy(doc_path, saved)  # also check the file as found, with its -wal beside it
    with Document.open(doc_path) as document:
        assert document.connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        present = {entry.plain for entry in document.children(None)}
        for number in committed:
            assert f"entry {number:06d}" in present
        assert len(present) >= len(committed)
        assert document.undo() is not None  # the history is intact too


def test_a_second_writer_is_refused_by_any_name(doc_path: Path, tmp_path: Path) -> None:
    Document.create(doc_path).close()
    soft = tmp_path / "shortcut.xix"
    soft.symlink_to(doc_path)
    with Document.open(doc_path) as writer:
        writer.add_entry("roses")
        with pytest.raises(LockedError, match="open for writing"):
            Document.open(soft)
        with Document.open(soft, fallback_readonly=True) as reader:
            assert reader.readonly and [e.plain for e in reader.children(None)] == ["roses"]
    hard = tmp_path / "second name.xix"
    os.link(doc_path, hard)
    for name in (doc_path, hard):
        with pytest.raises(ReadOnlyError, match="2 names"):
            Document.open(name)
        with Document.open(name, fallback_readonly=True) as reader:
            assert reader.readonly and "edit a copy" in reader.warning


WAL_WRITER = """
import sys, time
from xindex.store import Document
document = Document.open(sys.argv[1])
for number in range(40):
    document.add_entry(f"entry {number:02d}")
print("committed", flush=True)
time.sleep(60)
"""


def test_edits_left_in_the_log_are_read_in_a_read_only_place(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    Document.create(folder / "book.xix").close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WAL_WRITER, str(folder / "book.xix")], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "committed"
    writer.kill()  # the writer crashes: its commits are in book.xix-wal only
    writer.wait()
    assert (folder / "book.xix-wal").stat().st_size > 0
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root here")
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only location: {done.stderr.decode().strip()}")
    try:
        with Document.open(mount / "book.xix", fallback_readonly=True) as document:
            assert document.readonly and document.entry_count() == 40
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def leftovers(folder: Path, name: str) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name != name)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no tables", "could not be upgraded from format 0"),
        ("version 0 of another layout", "could not be upgraded from format 0"),
        ("format -1", "format -1, which no xindex ever wrote"),
        ("header bytes", "damaged"),
    ],
)
def test_odd_files_get_one_sentence_and_leave_nothing_behind(
    tmp_path: Path, case: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.xix"
    if case == "header bytes":
        Document.create(path).close()
        data = bytearray(path.read_bytes())
        data[16:18] = b"\x00\x07"  # a page size SQLite does not know
        path.write_bytes(bytes(data))
    else:
        raw = apsw.Connection(str(path))
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if case == "version 0 of another layout":
            raw.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, heading TEXT)")
            raw.execute("INSERT INTO entry VALUES (1, 'roses')")
        if case == "format -1":
            raw.execute("PRAGMA user_version = -1")
        raw.close()
    before = path.read_bytes()
    for _ in range(2):
        with pytest.raises(DocumentError, match=expected):
            Document.open(path)
        assert cli("list", str(path)) == 2
        said = capsys.readouterr().err
        assert said.count("\n") == 1 and "Traceback" not in said
    assert path.read_bytes() == before
    assert leftovers(tmp_path, "odd.xix") == []  # no -lock, no .v0.bak, no -wal


def test_a_damaged_page_is_reported_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "book.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(2000):
            document.add_entry(f"heading {number:04d}", locators=str(number + 1))
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError) as refused:
        Document.open(path)
    message = str(refused.value)
    assert "\n" not in message and "***" not in message and "xindex salvage book.xix" in message


def test_a_reference_to_an_italic_heading_prints_it_in_italics(tmp_path: Path) -> None:
    # A title is set in italics wherever it appears, a cross-reference included (CMS 16.47-55; issue 16):
    # See also Nature pointing at the journal reads "See also <i>Nature</i>", and links to the journal.
    from xindex.core.formatter import FormatOptions, Role, format_index
    from xindex.core.model import XRefKind
    from xindex.formats.html import export_html
    from xindex.formats.text import export_text

    with Document.create(tmp_path / "nature.xix") as document:
        roman = document.add_entry("Nature", locators="5")
        journal = document.add_entry("<i>Nature</i>", locators="12")
        journals = document.add_entry("journals", locators="30")
        document.add_xref(journals, XRefKind.SEE_ALSO, target_id=journal)
        document.add_xref(document.add_entry("wilderness"), XRefKind.SEE, target_id=roman)
        document.add_xref(
            document.add_entry("AT&amp;T journal"), XRefKind.SEE, text="<i>Bell Labs</i>: journal", pending=True
        )
        index = format_index(document.tree(), FormatOptions(), document.keys)
    spans = {
        paragraph.spans[0].text: [span for span in paragraph.spans if span.role is Role.XREF_TARGET]
        for paragraph in index.paragraphs()
    }
    assert [(span.text, span.styles, span.ref) for span in spans["journals"]] == [("Nature", frozenset({"i"}), journal)]
    assert [(span.text, span.styles, span.ref) for span in spans["wilderness"]] == [("Nature", frozenset(), roman)]
    blind = spans["AT&T journal"]
    assert [(span.text, span.styles) for span in blind] == [("Bell Labs", frozenset({"i"})), (": journal", frozenset())]
    assert "journals, 30. See also Nature" in export_text(index)
    assert f'<a class="xref-target" href="#e{journal}"><i>Nature</i></a>' in export_html(index)
