"""TeX's write protection: ``xindex makeindex`` refuses the output names makeindex refuses under
``openout_any`` (issue 17, item 8), with makeindex's words and exit code, and writes nothing then.

A LaTeX document can run ``makeindex -o /some/path x.idx`` through pdflatex's restricted shell escape;
installed as ``makeindex``, xindex must not be the way round kpathsea's rule. Each case is run through
real makeindex as well, when it is installed, so the two are held equal.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import needs_makeindex, program
from xindex.formats.makeindex.texpaths import openout_refusal
from xindex.makeindex_cli import run

IDX = "\\indexentry{alpha}{1}\n\\indexentry{beta}{2}\n"

# (openout_any, TEXMFOUTPUT, the -o name, refused): kpathsea's rules as makeindex applies them.
CASES = [
    ("p", None, "out.ind", False),
    ("p", None, "./out.ind", False),
    ("p", None, "sub/./out.ind", False),
    ("p", None, "a..b.ind", False),
    ("p", None, ".tex", False),  # (kpathsea allows .tex, for LaTeX)
    ("p", None, "sub/.tex", False),
    ("p", None, "{abs}/out.ind", True),  # an absolute name, outside TEXMFOUTPUT
    ("p", "{abs}", "{abs}/out.ind", False),  # inside TEXMFOUTPUT
    ("p", "{abs}/sub", "{abs}/out.ind", True),
    ("p", None, "../out.ind", True),
    ("p", None, "sub/../out.ind", True),
    ("p", None, "out.ind/..", True),
    ("p", None, ".hidden.ind", True),  # a dot file
    ("p", None, ".hid/out.ind", True),  # in a dot folder (.ssh/authorized_keys)
    ("p", None, "sub/..out.ind", True),
    ("r", None, "{abs}/out.ind", False),  # restricted: absolute names and .. are allowed
    ("r", None, "../out.ind", False),
    ("r", None, ".hidden.ind", True),  # but never a dot file
    ("a", None, ".hidden.ind", False),
    ("a", None, "{abs}/out.ind", False),
]


def environment(mode: str, output: str | None, folder: Path) -> dict[str, str]:
    """The environment of one case: openout_any set, TEXMFOUTPUT set or not."""
    env = {key: value for key, value in os.environ.items() if key not in {"openout_any", "TEXMFOUTPUT"}}
    env["openout_any"] = mode
    if output is not None:
        env["TEXMFOUTPUT"] = output.format(abs=folder)
    return env


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "work" / "sub").mkdir(parents=True)
    (tmp_path / "work" / ".hid").mkdir()
    (tmp_path / "work" / "book.idx").write_text(IDX, encoding="utf-8")
    return tmp_path / "work"


@pytest.mark.parametrize(("mode", "output", "name", "refused"), CASES)
def test_the_rule(
    work: Path, monkeypatch: pytest.MonkeyPatch, mode: str, output: str | None, name: str, refused: bool
) -> None:
    for key, value in environment(mode, output, work.parent).items():
        monkeypatch.setenv(key, value)
    if output is None:
        monkeypatch.delenv("TEXMFOUTPUT", raising=False)
    target = name.format(abs=work.parent)
    said = openout_refusal(target)
    assert (said is not None) == refused
    if refused:
        assert said == f"Not writing to {target} (openout_any = {mode})."


@pytest.mark.parametrize(("mode", "output", "name", "refused"), CASES)
def test_the_command_refuses_as_makeindex_does(
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mode: str,
    output: str | None,
    name: str,
    refused: bool,
) -> None:
    env = environment(mode, output, work.parent)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    if output is None:
        monkeypatch.delenv("TEXMFOUTPUT", raising=False)
    monkeypatch.chdir(work)
    target = name.format(abs=work.parent)
    before = sorted(str(path) for path in work.parent.rglob("*"))
    code = run(["-q", "-o", target, "book.idx"])
    err = capsys.readouterr().err
    if refused:
        assert code == 1
        assert err == (
            f"xindex makeindex: Not writing to {target} (openout_any = {mode}).\n"
            f"Can't create output index file {target}.\n"
        ), "said even with -q, as makeindex says a fatal error"
        assert sorted(str(path) for path in work.parent.rglob("*")) == before, "nothing is written"
    else:
        assert code == 0, err
    if program("makeindex"):
        peer = subprocess.run(["makeindex", "-q", "-o", target, "book.idx"], cwd=work, env=env, capture_output=True)
        assert (peer.returncode == 1) == refused, peer.stderr
        assert (b"Not writing to" in peer.stderr) == refused


def test_the_transcript_is_checked_too(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("openout_any", "p")
    monkeypatch.chdir(work)
    assert run(["-t", "/tmp/book.ilg", "book.idx"]) == 1
    assert "Can't create transcript file /tmp/book.ilg." in capsys.readouterr().err
    assert not (work / "book.ind").exists()


def test_an_idx_named_by_its_absolute_path_is_refused_under_paranoid_rules(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # makeindex /abs/book.idx would write /abs/book.ind: refused unless TEXMFOUTPUT holds it (as makeindex).
    monkeypatch.setenv("openout_any", "p")
    monkeypatch.delenv("TEXMFOUTPUT", raising=False)
    assert run(["-q", str(work / "book.idx")]) == 1
    assert f"Not writing to {work / 'book.ind'}" in capsys.readouterr().err
    monkeypatch.setenv("TEXMFOUTPUT", str(work))
    assert run(["-q", str(work / "book.idx")]) == 0


@needs_makeindex
def test_kpathsea_decides_when_the_environment_does_not(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No openout_any in the environment: kpsewhich reads texmf.cnf (TeX Live's default is p), as makeindex.
    monkeypatch.delenv("openout_any", raising=False)
    monkeypatch.delenv("TEXMFOUTPUT", raising=False)
    configured = subprocess.run(["kpsewhich", "-var-value=openout_any"], capture_output=True, text=True).stdout.strip()
    said = openout_refusal("/tmp/book.ind")
    assert (said is not None) == (configured[:1] not in {"a", "y", "1"})
    if said:
        assert said == f"Not writing to /tmp/book.ind (openout_any = {configured or 'p'})."


def test_without_tex_every_name_may_be_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No kpsewhich on the PATH: no TeX installation whose shell escape could run this; nothing to protect.
    monkeypatch.delenv("openout_any", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert openout_refusal("/tmp/book.ind") is None
    assert openout_refusal(".hidden.ind") is None
