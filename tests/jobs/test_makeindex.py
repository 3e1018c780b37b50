"""``xindex makeindex`` in two processes: who did the work, and failures in either half reported, never
replaced by a quiet second run in one process."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support import IDX_KEYS, needs_fork
from xindex import makeindex_cli
from xindex.formats.makeindex.writer import Conversion
from xindex.jobs import fork
from xindex.jobs import makeindex as jobs_makeindex
from xindex.jobs.makeindex import SecondProcessError, convert, convert_job

WORDS = [
    *IDX_KEYS,
    "mango",
    "x@\\textit{X}",
    "kiwi",
    "olive",
    "pear",
    "quince",
    "tomato",
    "yam",
]


def idx_text(lines: int) -> str:
    """An .idx of ``lines`` entries under many first letters, with cross-references in both halves."""
    out = []
    for n in range(lines):
        word = WORDS[n % len(WORDS)]
        encap = "|textbf" if n % 11 == 0 else ""
        if n % 13 == 0:
            encap = f"|see{{{WORDS[(n + 5) % len(WORDS)]}{n % 7}!sub{n % 5}}}"
        elif n % 17 == 0:
            encap = f"|seealso{{{WORDS[(n + 3) % len(WORDS)]}{n % 7}}}"
        out.append(f"\\indexentry{{{word}{n % 7}!sub{n % 5}{encap}}}{{{n % 300 + 1}}}")
    return "\n".join(out) + "\n"


@pytest.fixture
def free_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other work on the machine must not decide how many processes run."""
    monkeypatch.setattr(fork, "others_running", lambda: 0)


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[Conversion]:
    """Every conversion the command makes, as its parent process returns it."""
    made: list[Conversion] = []
    original = jobs_makeindex.convert_job

    def spy(*args: Any, **kwargs: Any) -> Conversion:
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(jobs_makeindex, "convert_job", spy)
    return made


# -- how many processes worked ---------------------------------------------------------------------------


@needs_fork
@pytest.mark.usefixtures("free_cores")
def test_two_processes_each_read_a_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conversions: list[Conversion]
) -> None:
    forks: list[fork.Pair | None] = []
    fork_pair = makeindex_cli.fork_pair
    monkeypatch.setattr(makeindex_cli, "fork_pair", lambda: forks.append(fork_pair()) or forks[-1])
    source = tmp_path / "book.idx"
    source.write_text(idx_text(3000), encoding="utf-8")
    assert makeindex_cli.run([str(source), "-q", "--processes", "2", "-o", str(tmp_path / "two.ind")]) == 0
    assert makeindex_cli.run([str(source), "-q", "--processes", "1", "-o", str(tmp_path / "one.ind")]) == 0
    assert (tmp_path / "two.ind").read_text(encoding="utf-8") == (tmp_path / "one.ind").read_text(encoding="utf-8")
    two, one = conversions
    pair = forks[0]
    assert pair is not None and len(forks) == 1
    # The parent read part 0 and the forked child part 1: two processes, the child the one forked.
    assert two.workers == [(0, os.getpid()), (1, pair.pid)] and pair.pid != os.getpid()
    assert one.workers == [(0, os.getpid())]


@needs_fork
@pytest.mark.usefixtures("free_cores")
def test_a_big_index_is_shared_by_default(tmp_path: Path, conversions: list[Conversion]) -> None:
    source = tmp_path / "big.idx"
    text = idx_text(32_000)
    assert len(text.encode("utf-8")) >= fork.MAKEINDEX_SPLIT_SIZE
    source.write_text(text, encoding="utf-8")
    assert makeindex_cli.run([str(source), "-q"]) == 0
    (conversion,) = conversions
    assert [part for part, _pid in conversion.workers] == [0, 1]
    assert len({pid for _part, pid in conversion.workers}) == 2


@needs_fork
@pytest.mark.usefixtures("free_cores")
def test_convert_in_two_reports_its_two_processes() -> None:
    from xindex.core.formatter import FormatOptions
    from xindex.formats.makeindex.style import IstStyle
    from xindex.formats.makeindex.writer import sort_keys

    text = idx_text(2000)
    two = convert_job(text, IstStyle(), sort_keys(), FormatOptions(), parallel=True)
    one = convert_job(text, IstStyle(), sort_keys(), FormatOptions(), parallel=False)
    assert (two.ind, two.problems) == (one.ind, one.problems)
    assert two.workers[0] == (0, os.getpid()) and two.workers[1][0] == 1 and two.workers[1][1] != os.getpid()
    assert one.workers == [(0, os.getpid())]


# -- failures in either half are reported ------------------------------------------------------------------


def planted(monkeypatch: pytest.MonkeyPatch, name: str, where: str) -> None:
    """Make ``xindex.jobs.makeindex.<name>`` raise in the child (``where`` "child") or in the parent."""
    original: Callable[..., Any] = getattr(jobs_makeindex, name)
    parent = os.getpid()

    def broken(*args: Any, **kwargs: Any) -> Any:
        if (os.getpid() != parent) == (where == "child"):
            raise TypeError(f"planted in the {where}")
        return original(*args, **kwargs)

    monkeypatch.setattr(jobs_makeindex, name, broken)


# Functions each half calls: while reading (before the halves talk), and while linking references (the
# child answering the parent's questions, the parent waiting for them).
PLANTS = ["read_part", "dedupe_xrefs"]


@needs_fork
@pytest.mark.usefixtures("free_cores")
@pytest.mark.parametrize("where", ["child", "parent"])
@pytest.mark.parametrize("name", PLANTS)
def test_a_failure_in_either_process_of_the_command_is_a_reported_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, where: str
) -> None:
    source = tmp_path / "book.idx"
    source.write_text(idx_text(3000), encoding="utf-8")
    planted(monkeypatch, name, where)
    assert makeindex_cli.run([str(source), "--processes", "2", "--cms"]) == 3  # (--cms: references linked too)
    said = capsys.readouterr().err
    assert said.startswith("xindex makeindex: internal error (a bug in xindex, not a problem with your input)")
    assert f"planted in the {where}" in said and said.count("\n") == 1
    if where == "child":
        assert "SecondProcessError: the second process failed: TypeError" in said
    details = Path(re.search(r"the details are in (\S+);", said).group(1))  # type: ignore[union-attr]
    text = details.read_text(encoding="utf-8")
    details.unlink()
    assert "Traceback" in text and "broken" in text  # (the child's traceback too, as a note)
    assert not (tmp_path / "book.ind").exists()


@needs_fork
@pytest.mark.usefixtures("free_cores")
@pytest.mark.parametrize("where", ["child", "parent"])
@pytest.mark.parametrize("name", PLANTS)
def test_a_failure_in_either_process_of_convert_is_raised(
    monkeypatch: pytest.MonkeyPatch, name: str, where: str
) -> None:
    planted(monkeypatch, name, where)
    expected = SecondProcessError if where == "child" else TypeError
    with pytest.raises(expected, match=f"planted in the {where}"):
        convert(idx_text(2000), parallel=True, cms=True)


@needs_fork
@pytest.mark.usefixtures("free_cores")
def test_a_child_that_ends_without_answering_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    original = jobs_makeindex.read_part

    def vanishing(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            os._exit(7)
        return original(*args, **kwargs)

    monkeypatch.setattr(jobs_makeindex, "read_part", vanishing)
    with pytest.raises(SecondProcessError, match="ended without answering"):
        convert(idx_text(2000), parallel=True)


# -- one process, for a reason that is logged -------------------------------------------------------------


def test_a_failing_fork_is_logged_and_one_process_works(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", refuse)
    text = idx_text(500)
    with caplog.at_level(logging.INFO, logger=fork.LOGGER):
        assert convert(text, parallel=True) == convert(text, parallel=False)
    assert "one process does the work: the second process could not be started (no more processes)" in caplog.text


@needs_fork
@pytest.mark.usefixtures("free_cores")
def test_headings_with_no_half_to_split_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    text = "".join(f"\\indexentry{{§{n}}}{{{n + 1}}}\n" for n in range(200))
    with caplog.at_level(logging.INFO, logger=fork.LOGGER):
        assert convert(text, parallel=True) == convert(text, parallel=False)
    assert "the main headings give no half to split" in caplog.text


def test_two_processes_asked_for_where_none_can_be_had_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(fork, "others_running", lambda: 64)
    source = tmp_path / "book.idx"
    source.write_text(idx_text(100), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger=fork.LOGGER):
        assert makeindex_cli.run([str(source), "-q", "--processes", "2"]) == 0
    assert "one process does the work" in caplog.text


def _proc(tmp_path: Path, running: int, processes: list[tuple[str, str, int]]) -> str:
    """A /proc of our own: the kernel's count of runnable tasks, and each process's state and flags."""
    (tmp_path / "loadavg").write_text(f"0.50 0.40 0.30 {running}/90 12345\n", encoding="ascii")
    for pid, state, flags in processes:
        (tmp_path / pid).mkdir()
        fields = [state, "1", "1", "1", "0", "-1", str(flags), *["0"] * 40]
        (tmp_path / pid / "stat").write_text(f"{pid} (a name (with) spaces) {' '.join(fields)}\n", encoding="ascii")
    return str(tmp_path)


def test_the_kernels_own_threads_do_not_count_as_busy_cores(tmp_path: Path) -> None:
    proc = _proc(tmp_path, 3, [("11", "R", 0x00200040), ("12", "R", 0x00200040), ("13", "S", 0x400000)])
    assert fork.others_running(2, proc) == 0


def test_other_programs_running_count(tmp_path: Path) -> None:
    proc = _proc(tmp_path, 4, [("21", "R", 0x400100), ("22", "R", 0x400100), ("23", "R", 0x00200040)])
    assert fork.others_running(2, proc) == 2


def test_a_quiet_count_is_taken_as_it_is(tmp_path: Path) -> None:
    assert fork.others_running(2, _proc(tmp_path, 2, [])) == 1
    assert fork.others_running(2, str(tmp_path / "nowhere")) == 0
