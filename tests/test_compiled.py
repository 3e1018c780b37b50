"""The compiled build (``make compiled``: setup.py with ``XINDEX_MYPYC=1``): one list of modules, the suite
runs what it says it runs, and compiled and source ``xindex makeindex`` write the same."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import IDX_KEYS, needs_fork, require

ROOT = Path(__file__).resolve().parent.parent
BUILD = os.environ.get("XINDEX_TEST_BUILD", "")
DEFAULT_BUILD = ROOT / "build" / "compiled"


def compiled_modules() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        modules: list[str] = tomllib.load(file)["tool"]["xindex"]["compiled"]
    return modules


def is_compiled(path: str | None) -> bool:
    return path is not None and not path.endswith(".py")


def test_the_compiled_modules_are_listed_once_and_exist_as_sources() -> None:
    modules = compiled_modules()
    assert len(set(modules)) == len(modules) and modules == sorted(modules)
    for module in modules:
        assert (ROOT / Path(*module.split("."))).with_suffix(".py").is_file(), module
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert "tomllib" in setup and not any(module in setup for module in modules)  # read there, not copied


def test_the_suite_runs_what_it_was_asked_to() -> None:
    """Against a build (XINDEX_TEST_BUILD) every listed module is compiled, here and in a child process;
    against the sources none is."""
    modules = compiled_modules()
    here = [importlib.import_module(module).__file__ for module in modules]
    code = f"import importlib; print('\\n'.join(importlib.import_module(m).__file__ for m in {modules!r}))"
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    for where in (here, child):
        if BUILD:
            assert all(is_compiled(path) and path.startswith(os.path.abspath(BUILD)) for path in where), where
        else:
            assert not any(is_compiled(path) for path in where), where
    import xindex

    assert xindex.__file__ is not None
    assert Path(xindex.__file__).parent == (Path(BUILD).resolve() / "xindex" if BUILD else ROOT / "xindex")


def _build() -> Path:
    build = Path(BUILD).resolve() if BUILD else DEFAULT_BUILD
    compiled = any((build / "xindex" / "core").glob("sorting.*.so"))
    require(compiled, f"no compiled build in {build}: make compiled builds it (with a C compiler)")
    return build


def _makeindex(source: Path, out: Path, processes: str, python_path: str) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": python_path, "PYTHONSAFEPATH": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "xindex",
            "makeindex",
            "-q",
            "--processes",
            processes,
            "-o",
            str(out),
            "-t",
            str(out.with_suffix(".ilg")),
            str(source),
        ],
        env=env,
        check=True,
        cwd=out.parent,
    )
    log = out.with_suffix(".ilg").read_text(encoding="utf-8").replace(f"/{out.stem}.", "/book.")
    return out.read_text(encoding="utf-8"), log


@pytest.mark.parametrize("processes", ["1", pytest.param("2", marks=needs_fork)])
def test_compiled_and_source_makeindex_write_the_same(tmp_path: Path, processes: str) -> None:
    build = _build()
    words = [
        *IDX_KEYS,
        '"!quoted',
        "x@\\textit{X}",
        "Zoë|textbf",
        "Smith, John|hyperpage",
    ]
    lines = [f"\\indexentry{{{words[n % len(words)]}{n % 7}!sub{n % 5}}}{{{n % 300 + 1}}}" for n in range(4000)]
    lines += [
        "\\indexentry{a|(}{3}",
        "\\indexentry{a|)}{9}",
        "\\indexentry{x|see{roses3!sub1}}{5}",
        "\\indexentry{ok}{zz}",
        "\\indexentry{bad@@key}{4}",
        "\\indexentry{ix}{xiv}",
    ]
    source = tmp_path / "book.idx"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    compiled = _makeindex(source, tmp_path / "compiled.ind", processes, str(build))
    sources = _makeindex(source, tmp_path / "sources.ind", processes, str(ROOT))
    assert compiled == sources
    assert "\\item" in compiled[0] and "Input index error" in compiled[1]
