"""``-s NAME`` finds the style as makeindex does (issue 17, item 2): ``.ist`` appended, the current folder
first, then the TeX tree through kpathsea; ``-s gind`` is what every ``.dtx`` build runs. Each case is
compared with real makeindex when it is installed."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support import needs_makeindex, program
from xindex.formats.makeindex.texpaths import find_style
from xindex.makeindex_cli import run

IDX = "\\indexentry{alpha}{1}\n\\indexentry{beta}{2}\n"


def style(preamble: str) -> str:
    """A style whose preamble names it, so the .ind shows which style was read."""
    return f'preamble "\\\\begin{{theindex}}{preamble}\\n"\n'


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "book.idx").write_text(IDX, encoding="utf-8")
    (tmp_path / "local.ist").write_text(style("LOCAL-IST"), encoding="utf-8")
    (tmp_path / "local").write_text(style("LOCAL-BARE"), encoding="utf-8")
    (tmp_path / "local.foo").write_text(style("LOCAL-FOO"), encoding="utf-8")
    (tmp_path / "loc.al.ist").write_text(style("LOC-AL"), encoding="utf-8")
    (tmp_path / "sd").mkdir()
    (tmp_path / "sd" / "x.ist").write_text(style("SD-X"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def scanned(transcript: str) -> str:
    """The style file a transcript says it scanned."""
    found = re.search(r"^Scanning style file (.+?)\.+(?:done.*)?$", transcript, flags=re.MULTILINE)
    assert found, transcript
    return found.group(1)


@pytest.mark.parametrize(
    ("name", "read", "preamble"),
    [
        ("local", "./local.ist", "LOCAL-IST"),  # .ist first, even where a file "local" exists
        ("local.ist", "./local.ist", "LOCAL-IST"),
        ("local.foo", "./local.foo", "LOCAL-FOO"),  # no local.foo.ist: the name as it is
        ("loc.al", "./loc.al.ist", "LOC-AL"),  # a dot in the name is not a suffix
        ("sd/x", "./sd/x.ist", "SD-X"),
    ],
)
def test_a_local_style_is_found_as_makeindex_finds_it(work: Path, name: str, read: str, preamble: str) -> None:
    assert find_style(name) == read
    assert run(["-q", "-s", name, "book.idx"]) == 0
    assert (work / "book.ind").read_text(encoding="utf-8").startswith(f"\\begin{{theindex}}{preamble}\n")
    assert scanned((work / "book.ilg").read_text(encoding="utf-8")) == read
    if program("makeindex"):
        subprocess.run(["makeindex", "-q", "-s", name, "-o", "peer.ind", "-t", "peer.ilg", "book.idx"], check=True)
        assert (work / "peer.ind").read_text(encoding="utf-8").startswith(f"\\begin{{theindex}}{preamble}\n")
        assert scanned((work / "peer.ilg").read_text(encoding="utf-8")) == read


def test_an_absolute_style_name(work: Path) -> None:
    assert find_style(str(work / "local")) == str(work / "local.ist")
    assert find_style(str(work / "nowhere")) is None


@needs_makeindex
@pytest.mark.parametrize("name", ["gind", "gind.ist", "gglo"])
def test_a_style_of_the_tex_tree_is_found_through_kpathsea(work: Path, name: str) -> None:
    installed = subprocess.run(["kpsewhich", f"{name.removesuffix('.ist')}.ist"], capture_output=True, text=True)
    path = installed.stdout.strip()
    assert path and os.path.isabs(path)
    assert find_style(name) == path
    assert run(["-q", "-s", name, "book.idx"]) == 0
    assert scanned((work / "book.ilg").read_text(encoding="utf-8")) == path
    subprocess.run(["makeindex", "-q", "-s", name, "-o", "peer.ind", "-t", "peer.ilg", "book.idx"], check=False)
    assert scanned((work / "peer.ilg").read_text(encoding="utf-8")) == path


def test_a_style_that_is_nowhere_is_makeindexs_fatal_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-q", "-s", "missing", "book.idx"]) == 1
    assert capsys.readouterr().err == "Index style file missing not found.\n"
    assert not (work / "book.ind").exists()
    if program("makeindex"):
        peer = subprocess.run(["makeindex", "-q", "-s", "missing", "book.idx"], capture_output=True, text=True)
        assert peer.returncode == 1 and "Index style file missing not found." in peer.stderr + peer.stdout


def test_without_tex_only_the_current_folder_is_searched(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(work / "sd"))  # (no kpsewhich)
    assert find_style("gind") is None
    assert find_style("local") == "./local.ist"
