"""The command line's exit codes: 2 with one sentence for what a person can fix, 3 for a bug (never passed off
as bad input), 0 when the reader of its output has gone (a closed pipe)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from xindex.cli import main as cli_main
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(8000):  # a listing far bigger than a pipe's buffer
            document.add_entry(f"heading {number:04d}", locators=str(number + 1))
    return path


@pytest.mark.parametrize("failure", [ValueError("boom"), KeyError("missing"), TypeError("odd")])
def test_a_bug_is_exit_3_with_where_the_details_are(
    book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failure: Exception
) -> None:
    def broken(self: Document, **_options: object) -> None:
        raise failure

    monkeypatch.setattr(Document, "tree", broken)
    assert cli_main(["list", str(book)]) == 3
    said = capsys.readouterr().err
    assert said.startswith("xindex: internal error (a bug in xindex, not a problem with your input)")
    assert type(failure).__name__ in said and said.count("\n") == 1
    details = Path(re.search(r"the details are in (\S+);", said).group(1))  # type: ignore[union-attr]
    assert "Traceback" in details.read_text(encoding="utf-8") and "broken" in details.read_text(encoding="utf-8")
    details.unlink()


def test_bad_input_is_exit_2(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["export", str(book), "-o", str(book.with_suffix(".nothing"))]) == 2
    assert "cannot tell the export format" in capsys.readouterr().err
    assert cli_main(["set", str(book), "rules", "alphabetical"]) == 2
    assert "not a rule set" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(book: Path) -> None:
    env = {**os.environ, "XINDEX_COMPILED": "0"}
    done = subprocess.run(
        f"{sys.executable} -m xindex list '{book}' | head -n 1",
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() and "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
