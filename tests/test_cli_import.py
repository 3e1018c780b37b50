"""`xindex import` and the interchange exports (IXML, XIML, CSV) from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import PEERS, needs_peers
from xindex.cli import main
from xindex.store import Document


@needs_peers
def test_import_creates_then_merges_and_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xix"
    assert main(["import", str(book), str(PEERS / "data" / "TestXiml.ximl")]) == 0
    assert capsys.readouterr().out.startswith("created Imported TestXiml.ximl (XindeX): 123 entries added")
    assert main(["import", str(book), str(PEERS / "data" / "TestXiml.ximl")]) == 0
    assert ": 0 entries added" in capsys.readouterr().out  # the second time everything merges
    with Document.open(book) as document:
        assert document.entry_count() == 123
        assert document.undo() is not None  # the import was one undoable command (the second changed nothing)
        assert document.entry_count() == 0
        assert document.redo() is not None
        assert document.entry_count() == 123
    for suffix in ("ixml", "ximl", "csv", "tsv"):
        out = tmp_path / f"out.{suffix}"
        assert main(["export", str(book), "-o", str(out)]) == 0
        again = tmp_path / f"again-{suffix}.xix"
        assert main(["import", str(again), str(out)]) == 0
        with Document.open(again) as document:
            assert document.entry_count() == 123, suffix


def test_bad_import_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ximl"
    broken.write_text("<XindeX><entries><entry eid='1'><term>x</term></entries>", encoding="utf-8")
    book = tmp_path / "new.xix"
    assert main(["import", str(book), str(broken)]) == 2
    assert "broken.ximl" in capsys.readouterr().err
    assert not book.exists()
