"""Outputs never replace a document (by any name) and are never left half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from xindex.cli import main as cli_main
from xindex.formats import makeindex_cli
from xindex.formats.output import OutputRefusedError, check_target, write_output
from xindex.store import Document


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
