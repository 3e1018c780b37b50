"""The compiled copies of the hot modules: used only while they match the sources, and they write the same."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import needs_fork
from xindex import compiled


@pytest.fixture
def fresh_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A compiled folder of our own (empty), with the cached answer forgotten before and after."""
    monkeypatch.setattr(compiled, "folder", lambda: str(tmp_path))
    monkeypatch.setattr(compiled, "_usable", None)
    monkeypatch.delenv(compiled.SWITCH, raising=False)
    return tmp_path


def test_no_compiled_folder_runs_the_sources(fresh_check: Path) -> None:
    assert not compiled.usable()
    assert compiled.package_path(["/src/xindex/core"], "xindex.core") == ["/src/xindex/core"]


def test_a_stamp_of_the_current_sources_puts_the_compiled_folder_first(fresh_check: Path) -> None:
    (fresh_check / compiled.STAMP).write_text(compiled.stamp_text(), encoding="ascii")
    assert compiled.usable()
    assert compiled.package_path(["/src/xindex/core"], "xindex.core") == [
        str(fresh_check / "xindex" / "core"),
        "/src/xindex/core",
    ]
    # Packages with nothing compiled keep their path.
    assert compiled.package_path(["/src/xindex/store"], "xindex.store") == ["/src/xindex/store"]


def test_copies_built_from_other_sources_are_never_used(
    fresh_check: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = compiled.stamp_text().splitlines()
    module, _digest = lines[0].split()
    lines[0] = f"{module} 123-0badc0de"  # as if the source was edited after compiling
    (fresh_check / compiled.STAMP).write_text("\n".join(lines) + "\n", encoding="ascii")
    assert not compiled.usable()
    assert compiled.package_path(["/src/xindex/core"], "xindex.core") == ["/src/xindex/core"]
    assert "built from other sources" in capsys.readouterr().err


def test_the_switch_turns_them_off(fresh_check: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fresh_check / compiled.STAMP).write_text(compiled.stamp_text(), encoding="ascii")
    monkeypatch.setenv(compiled.SWITCH, "0")
    assert not compiled.usable()


def test_the_stamp_names_every_compiled_module_with_its_source_checksum() -> None:
    for line, module in zip(compiled.stamp_text().splitlines(), compiled.MODULES, strict=True):
        name, digest = line.split()
        size = os.path.getsize(compiled.source_path(module))
        assert name == module and digest.startswith(f"{size}-")


def _can_compile() -> bool:
    return importlib.util.find_spec("mypyc") is not None and shutil.which(os.environ.get("CC", "cc")) is not None


def test_make_test_runs_the_compiled_modules() -> None:
    """Where mypyc and a C compiler exist, `make test` compiles first: the suite runs the compiled copies."""
    if not _can_compile():
        pytest.skip("no mypyc or no C compiler here: xindex runs from its sources")
    code = ("import xindex.core.sorting as s, xindex.formats.makeindex.reader as r,"
            " xindex.formats.makeindex.writer as w; print(s.__file__, r.__file__, w.__file__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert all(not name.endswith(".py") for name in done.stdout.split()), (
        f"the sources ran ({done.stdout.strip()}; {done.stderr.strip()}): run `python setup_compiled.py`"
    )


@pytest.mark.parametrize("processes", ["1", pytest.param("2", marks=needs_fork)])
def test_compiled_and_source_makeindex_write_the_same(tmp_path: Path, processes: str) -> None:
    words = ["apple", "Apple", "élan", "\\'etude", "zebra", "roses", "of roses", "Bach, Johann", "§", "@home",
             "\"!quoted", "x@\\textit{X}", "Zoë|textbf", "Smith, John|hyperpage"]  # fmt: skip
    lines = [f"\\indexentry{{{words[n % len(words)]}{n % 7}!sub{n % 5}}}{{{n % 300 + 1}}}" for n in range(4000)]
    lines += ["\\indexentry{a|(}{3}", "\\indexentry{a|)}{9}", "\\indexentry{x|see{roses3!sub1}}{5}",
              "\\indexentry{ok}{zz}", "\\indexentry{bad@@key}{4}", "\\indexentry{ix}{xiv}"]  # fmt: skip
    source = tmp_path / "book.idx"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for switch in ("1", "0"):
        out = tmp_path / f"book-{switch}.ind"
        subprocess.run(
            [sys.executable, "-m", "xindex", "makeindex", "-q", "--processes", processes, "-o", str(out),
             "-t", str(out.with_suffix(".ilg")), str(source)],
            env={**os.environ, compiled.SWITCH: switch}, check=True,
        )  # fmt: skip
        outputs.append((out.read_text(encoding="utf-8"), out.with_suffix(".ilg").read_text(encoding="utf-8")))
    assert outputs[0][0] == outputs[1][0]
    assert "\\item" in outputs[0][0] and "Input index error" in outputs[0][1]
    assert outputs[0][1].replace("book-1", "book-0") == outputs[1][1]
