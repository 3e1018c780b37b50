"""Outputs never replace a document (by any name) and are never left half-written."""

from __future__ import annotations

import csv
import errno
import os
from pathlib import Path

import apsw
import pytest

from xindex import makeindex_cli
from xindex.cli import main as cli_main
from xindex.formats.importers import ImportFileError, import_file
from xindex.formats.output import OutputRefusedError, check_target, write_output
from xindex.jobs.generate import export
from xindex.store import Document, EditError


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "own.xix"
    with Document.create(path, title="Own") as document:
        document.add_entry("roses", locators="12")
    return path


def test_the_document_itself_is_refused_by_any_name(book: Path, tmp_path: Path) -> None:
    hard = tmp_path / "hard.txt"
    os.link(book, hard)
    soft = tmp_path / "soft.txt"
    soft.symlink_to(book)
    for target in (book, hard, soft, tmp_path / "." / "own.xix"):
        with pytest.raises(OutputRefusedError, match="being read"):
            check_target(target, sources=[book])


def test_document_names_and_databases_are_refused(book: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputRefusedError, match="name for an xindex document"):
        check_target(tmp_path / "new.XIX")
    disguised = tmp_path / "index.txt"
    disguised.write_bytes(book.read_bytes())
    with pytest.raises(OutputRefusedError, match="is a database"):
        check_target(disguised)
    with pytest.raises(OutputRefusedError, match="is a folder"):
        check_target(tmp_path)
    check_target(tmp_path / "index.html")  # a new ordinary name is fine


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "index.txt"
    target.write_text("the previous export", encoding="utf-8")

    def full_disk(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_output(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.txt"]


def test_export_refuses_to_write_over_its_document(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = book.read_bytes()
    assert cli_main(["export", str(book), "-o", str(book), "--format", "txt"]) == 2
    message = capsys.readouterr().err
    assert "own.xix is the file being read" in message and "--format" not in message
    assert book.read_bytes() == before
    assert cli_main(["export", str(book), "-o", str(book.with_name("other.xix")), "--format", "txt"]) == 2
    assert not book.with_name("other.xix").exists()


def test_makeindex_refuses_to_write_a_document(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "s.idx"
    source.write_text("\\indexentry{roses}{12}\n", encoding="utf-8")
    before = book.read_bytes()
    for options in (["-o", str(book)], ["-t", str(book)], ["-o", str(source)]):
        assert makeindex_cli.run([*options, str(source)]) == 2, options
    assert book.read_bytes() == before
    assert source.read_text(encoding="utf-8") == "\\indexentry{roses}{12}\n"


def crafted(tmp_path: Path) -> Path:
    """A document another program wrote, with control characters in a heading (xindex refuses them as input)."""
    path = tmp_path / "crafted.xix"
    with Document.create(path) as document:
        document.add_entry("roses", locators="12")
        document.add_entry('=HYPERLINK("http://evil.example","click")', locators="3")
        document.add_entry("-ism", locators="4")
    raw = apsw.Connection(str(path))
    raw.execute("UPDATE entry SET term = 'ro\x07s\x1bes', plain = 'ro\x07s\x1bes' WHERE term = 'roses'")
    raw.close()
    return path


@pytest.mark.parametrize("suffix", [".ixml", ".ximl", ".docx", ".odt", ".html"])
def test_xml_exports_leave_out_what_xml_cannot_hold(tmp_path: Path, suffix: str) -> None:
    path = crafted(tmp_path)
    out = tmp_path / f"index{suffix}"
    assert cli_main(["export", str(path), "-o", str(out)]) == 0
    if suffix in (".ixml", ".ximl"):
        with Document.create(tmp_path / "back.xix") as back:
            import_file(back, out)  # xindex reads its own file back
            assert "roses" in [entry.plain for entry in back.children(None)]


def test_csv_cells_that_look_like_formulas_are_made_inert_and_come_back(tmp_path: Path) -> None:
    path = crafted(tmp_path)
    out = tmp_path / "index.csv"
    assert cli_main(["export", str(path), "-o", str(out)]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    firsts = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","click")' in firsts and "'-ism" in firsts
    with Document.create(tmp_path / "back.xix") as back:
        import_file(back, out)
        assert {entry.plain for entry in back.children(None)} >= {'=HYPERLINK("http://evil.example","click")', "-ism"}
    with Document.open(path) as document:
        document.set_setting("csv-formulas", "yes")
    assert cli_main(["export", str(path), "-o", str(out)]) == 0
    firsts = [row[0] for row in csv.reader(out.read_text(encoding="utf-8").splitlines())]
    assert any(first.startswith("=HYPERLINK") for first in firsts) and "-ism" in firsts


def test_control_characters_are_refused_as_input(tmp_path: Path) -> None:
    with Document.create(tmp_path / "book.xix") as document:
        with pytest.raises(EditError, match="control character \\(U\\+0007"):
            document.add_entry("bell\x07")
        with pytest.raises(EditError, match="control character"):
            document.add_entry("tulips", notes="ok\nbut \x1b[31m red")
        document.add_entry("tulips", notes="two\nlines\tand a tab")
        source = tmp_path / "bad.csv"
        source.write_text("level1,locator\nfine,1\nbad\x1bheading,2\n", encoding="utf-8")
        with pytest.raises(ImportFileError, match="line 3: the heading holds a control character"):
            import_file(document, source)


def test_worker_processes_never_outnumber_the_cores(tmp_path: Path) -> None:
    path = tmp_path / "many.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(300):
            document.add_entry(f"heading {number}", locators=str(number + 1))
    result = export(path, tmp_path / "out.txt", jobs=500)
    assert result.processes <= (os.cpu_count() or 1)
