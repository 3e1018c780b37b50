"""The command line: verbs, output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from xindex import __version__
from xindex.cli import main


def run(*args: str) -> int:
    return main(list(args))


def test_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = str(tmp_path / "garden.xix")
    assert run("new", book, "--title", "The Garden") == 0
    assert run("add", book, "roses", "--sub", "climbing", "--pages", "12, 14-16, xii") == 0
    assert run("add", book, "roses", "--sub", "climbing", "--pages", "13, 16-18") == 0
    assert run("add", book, "roses", "--sub", "pruning", "--sub", "tools", "--pages", "<b>112</b>") == 0
    assert run("add", book, "briar", "--see", "roses: climbing") == 0
    assert run("add", book, "shrubs", "--pages", "3", "--see-also", "specific shrubs", "--generic") == 0
    assert run("add", book, "roses", "--see-also", "shrubs") == 0
    capsys.readouterr()

    assert run("list", book) == 0
    assert capsys.readouterr().out.splitlines() == [
        "The Garden",
        "",
        "briar. See roses: climbing",
        "roses. See also shrubs",
        "    climbing, xii, 12, 13, 14–18",  # (overlapping ranges merge; 12, 13 are separate mentions)
        "    pruning",
        "        tools, 112",
        "shrubs, 3. See also specific shrubs",
    ]

    assert run("search", book, "17") == 0
    assert capsys.readouterr().out.splitlines() == ["roses: climbing"]
    assert run("search", book, "pru*") == 0
    assert capsys.readouterr().out.splitlines() == ["roses: pruning", "roses: pruning: tools"]  # the whole path matches
    assert run("search", book, "nothing") == 1

    assert run("info", book) == 0
    info = capsys.readouterr().out
    assert "entries: 6" in info and "main headings: 3" in info and "sub-subheadings: 1" in info
    assert "page span: xii, 3–112" in info

    assert run("undo", book) == 0
    assert "undid: Add “roses”" in capsys.readouterr().out
    assert run("undo", book) == 0
    capsys.readouterr()
    assert run("list", book, "--no-title") == 0
    assert "shrubs" not in capsys.readouterr().out
    assert run("redo", book) == 0
    assert run("redo", book) == 0
    assert run("redo", book) == 1
    assert "nothing to redo" in capsys.readouterr().out


def test_bad_input_exits_2_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = str(tmp_path / "b.xix")
    run("new", book)
    run("add", book, "roses", "--pages", "5")
    capsys.readouterr()
    assert run("add", book, "roses", "--sub", "new", "--pages", "12, 20-10") == 2
    assert capsys.readouterr().err.strip() == "xindex: '20-10': the range ends before it starts"
    assert run("add", book, "lilies", "--see", "nowhere") == 2
    assert "no heading “nowhere”" in capsys.readouterr().err
    assert run("add", book, "bad <i>markup") == 2
    assert "never closed" in capsys.readouterr().err
    assert run("new", book) == 2
    assert "already exists" in capsys.readouterr().err
    run("list", book, "--no-title")
    assert capsys.readouterr().out.splitlines() == ["roses, 5"]


def test_python_dash_m_help_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "xindex", "--version"], capture_output=True, text=True)
    assert done.stdout.strip() == f"xindex {__version__}"
    for verb in ("new", "add", "list", "search", "undo", "redo", "info"):
        shown = subprocess.run([sys.executable, "-m", "xindex", verb, "--help"], capture_output=True, text=True)
        assert shown.returncode == 0 and "BOOK.xix" in shown.stdout
    usage = subprocess.run([sys.executable, "-m", "xindex", "frobnicate"], capture_output=True, text=True)
    assert usage.returncode == 2
