"""Every child-process path reports a failure planted in it: the editor's export and check processes
(spawned), the parts of an export (forked), and the command line that runs them. A spawned child gets
its failure from a ``sitecustomize`` planted on its ``PYTHONPATH`` (a monkeypatch in this process would
not reach it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.jobs.test_generate import build
from tests.support import fail_in_children, needs_fork, raise_
from xindex.cli import main
from xindex.core.errors import UserError
from xindex.jobs import fork
from xindex.jobs import generate as gen
from xindex.jobs.check import check_in_process
from xindex.jobs.process import ChildFailedError

PLANTS = """
import os

_PLANT = os.environ.get("XINDEX_TEST_PLANT", "")
if _PLANT:
    def _planted(*args, **kwargs):
        if _PLANT.endswith("user"):
            from xindex.core.errors import UserError
            raise UserError("a planted person's error")
        if _PLANT.endswith("exit"):
            os._exit(7)
        raise TypeError("planted in the child")

    if _PLANT.startswith("check"):
        import xindex.core.checks
        xindex.core.checks.run_checks = _planted
    if _PLANT.startswith("export"):
        import xindex.jobs.generate
        xindex.jobs.generate.format_run = _planted
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("children") / "small.xix", 300)


@pytest.fixture
def plant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """Set which failure spawned children plant: ``plant("check")``, ``plant("export user")`` ..."""
    folder = tmp_path / "plants"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(PLANTS, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]))

    def choose(which: str) -> None:
        monkeypatch.setenv("XINDEX_TEST_PLANT", which)

    return choose


def test_a_bug_in_the_check_process_is_reported_as_a_bug(small: Path, plant: object) -> None:
    plant("check")  # type: ignore[operator]
    with pytest.raises(ChildFailedError, match="the check process failed: TypeError: planted in the child"):
        check_in_process(small)


def test_a_persons_error_in_the_check_process_is_one_sentence(small: Path, plant: object) -> None:
    plant("check user")  # type: ignore[operator]
    with pytest.raises(UserError, match="a planted person's error"):
        check_in_process(small)


def test_a_check_process_that_dies_is_reported(small: Path, plant: object) -> None:
    plant("check exit")  # type: ignore[operator]
    with pytest.raises(ChildFailedError, match=r"the check process ended without finishing \(exit code 7\)"):
        check_in_process(small)


def test_a_bug_in_the_export_process_is_reported_as_a_bug(small: Path, tmp_path: Path, plant: object) -> None:
    plant("export")  # type: ignore[operator]
    with pytest.raises(ChildFailedError, match="the export process failed: TypeError: planted in the child"):
        gen.export_in_process(small, tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists()


def test_an_export_process_that_dies_is_reported(small: Path, tmp_path: Path, plant: object) -> None:
    plant("export exit")  # type: ignore[operator]
    with pytest.raises(ChildFailedError, match=r"the export process ended without finishing \(exit code 7\)"):
        gen.export_in_process(small, tmp_path / "x.txt")


def test_without_a_plant_both_work(small: Path, tmp_path: Path, plant: object) -> None:
    plant("")  # type: ignore[operator]
    assert gen.export_in_process(small, tmp_path / "x.txt").entries >= 300
    assert check_in_process(small).entries == 300


@needs_fork
def test_the_command_line_reports_a_bug_in_an_export_part_with_exit_3(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fork, "others_running", lambda: 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    fail_in_children(monkeypatch, gen, "format_run", lambda: raise_(TypeError("planted in the child")))
    assert main(["export", str(small), "-o", str(tmp_path / "x.txt"), "--jobs", "2"]) == 3
    err = capsys.readouterr().err
    assert "internal error (a bug in xindex, not a problem with your input): PartFailedError" in err
    assert "TypeError: planted in the child" in err
    assert not (tmp_path / "x.txt").exists()
