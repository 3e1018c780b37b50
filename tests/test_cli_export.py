"""`xindex export`: format from the suffix, styles, serial and pool, errors."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.support import needs_fork
from xindex.cli import main
from xindex.formats.outline import load_outline
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "sample.xix"
    with Document.create(path) as document:
        load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
    return path


@needs_fork
def test_text_export_in_one_process_and_in_parts_agree(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from xindex.jobs import fork

    monkeypatch.setattr(fork, "others_running", lambda: 0)  # (other work on the machine must not decide)
    serial, pooled = tmp_path / "serial.txt", tmp_path / "pool.txt"
    assert main(["export", str(book), "-o", str(serial), "--serial"]) == 0
    assert main(["export", str(book), "-o", str(pooled), "--jobs", "2"]) == 0
    assert serial.read_bytes() == pooled.read_bytes()
    out = capsys.readouterr().out
    assert "one process)" in out and "2 processes)" in out
    text = serial.read_text(encoding="utf-8")
    assert text.startswith("The Cold-Climate Garden\n")
    assert "\nacid soils, 38–41, 47. See also soil: pH\n    correcting with lime, 42–43, 44t\n" in text


def test_styles(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "runin.txt"
    assert main(["export", str(book), "-o", str(out), "--style", "run-in"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "apples, 226–35; chilling requirement, 227, 228t; cultivars, hardy" in text
    assert "\n    " not in text  # run in from the main heading: no indented lines


def test_html_export_parses(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "index.html"
    assert main(["export", str(book), "-o", str(out)]) == 0
    tree = ElementTree.parse(out)
    namespace = "{http://www.w3.org/1999/xhtml}"
    assert tree.getroot().find(f"{namespace}body/{namespace}h1").text == "The Cold-Climate Garden"  # type: ignore[union-attr]


def test_export_errors(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(book), "-o", str(tmp_path / "x.unknown")]) == 2
    assert "cannot tell the export format" in capsys.readouterr().err
    assert main(["export", str(book), "-o", str(tmp_path / "x.txt"), "--style", "diagonal"]) == 2
    assert "not a style" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()
    assert main(["export", str(tmp_path / "missing.xix"), "-o", str(tmp_path / "y.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
