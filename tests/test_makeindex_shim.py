"""``xindex makeindex --install-shim DIR`` (issue 17, "installable as makeindex"): a ``makeindex`` program in a
folder the user puts first on PATH, so that tools calling makeindex by name (latexmk, imakeidx,
makeglossaries, ltxdoc builds) run xindex, while TeX's own makeindex stays installed and untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xindex.makeindex_cli import SHIM_MARK, run, shim_text

IDX = "\\indexentry{beta}{2}\n\\indexentry{alpha}{1}\n\\indexentry{alpha}{2}\n\\indexentry{alpha}{3}\n"
posix_only = pytest.mark.skipif(os.name == "nt", reason="the shell script shim is for POSIX systems")


def environment(folder: Path) -> dict[str, str]:
    """PATH with ``folder`` first; this checkout importable (as the installed package is)."""
    root = str(Path(__file__).resolve().parents[1])
    python_path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": python_path}


@posix_only
def test_the_shim_runs_xindex_makeindex_by_the_name_makeindex(tmp_path: Path) -> None:
    shims = tmp_path / "bin"
    assert run(["--install-shim", str(shims)]) == 0
    shim = shims / "makeindex"
    assert os.access(shim, os.X_OK) and SHIM_MARK in shim.read_text(encoding="utf-8")
    (tmp_path / "book.idx").write_text(IDX, encoding="utf-8")
    done = subprocess.run(
        ["makeindex", "book.idx"], cwd=tmp_path, env=environment(shims), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "This is xindex makeindex" in (tmp_path / "book.ilg").read_text(encoding="utf-8")
    assert (tmp_path / "book.ind").read_text(encoding="utf-8") == (
        "\\begin{theindex}\n\n  \\item alpha, 1--3\n\n  \\indexspace\n\n  \\item beta, 2\n\n\\end{theindex}\n"
    )
    # makeindex's own exit code and words for a missing input, through the shim
    missing = subprocess.run(
        ["makeindex", "nothing.idx"], cwd=tmp_path, env=environment(shims), capture_output=True, text=True, check=False
    )
    assert (missing.returncode, missing.stderr) == (1, "Input index file nothing.idx not found.\n")


def test_a_makeindex_that_is_not_a_shim_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / ("makeindex.cmd" if os.name == "nt" else "makeindex")
    real.write_bytes(b"\x7fELF TeX's makeindex")
    assert run(["--install-shim", str(tmp_path)]) == 2
    assert "is not an xindex shim; not replaced" in capsys.readouterr().err
    assert real.read_bytes() == b"\x7fELF TeX's makeindex"


def test_installing_again_replaces_the_shim(tmp_path: Path) -> None:
    assert run(["--install-shim", str(tmp_path)]) == 0
    shim = next(tmp_path.iterdir())
    shim.write_text(shim.read_text(encoding="utf-8").replace("exec", "exec  "), encoding="utf-8")
    assert run(["--install-shim", str(tmp_path)]) == 0
    assert shim.read_text(encoding="utf-8") == shim_text()
    assert [path.name for path in tmp_path.iterdir()] == [shim.name]  # (no temporary file left behind)


def test_the_windows_shim_is_a_cmd_file_passing_every_argument() -> None:
    text = shim_text(windows=True)
    assert text.startswith("@echo off\r\n") and SHIM_MARK in text
    assert text.endswith(f'"{sys.executable}" "-m" "xindex.makeindex_cli" %*\r\n')


def test_the_posix_shim_quotes_the_python_path() -> None:
    text = shim_text(windows=False)
    assert text.startswith("#!/bin/sh\n") and text.endswith(
        f"exec '{sys.executable}' '-m' 'xindex.makeindex_cli' \"$@\"\n"
    )
