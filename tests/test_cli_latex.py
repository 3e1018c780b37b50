"""The LaTeX path from the command line: xindex makeindex, importing an .idx, exporting .tex that compiles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import require
from xindex.cli import main

BOOK_IDX = Path(__file__).resolve().parent / "formats" / "latex" / "book.idx"


def test_makeindex_verb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    idx = tmp_path / "book.idx"
    shutil.copy(BOOK_IDX, idx)
    assert main(["makeindex", str(idx), "-q"]) == 0
    ind = (tmp_path / "book.ind").read_text(encoding="utf-8")
    assert ind.startswith("\\begin{theindex}") and ind.rstrip().endswith("\\end{theindex}")
    assert ind.index("aardvark") < ind.index("élan") < ind.index("roses")  # Unicode order, not bytes
    assert (tmp_path / "book.ilg").exists()


def test_import_idx_then_export_tex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xix"
    assert main(["import", str(book), str(BOOK_IDX)]) == 0
    assert "entries added" in capsys.readouterr().out
    tex = tmp_path / "index.tex"
    assert main(["export", str(book), "-o", str(tex)]) == 0
    require(shutil.which("pdflatex") is not None, "pdflatex is not installed (Debian: texlive-latex-base)")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "index.pdf").stat().st_size > 1000
