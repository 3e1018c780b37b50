"""`xindex new --rules/--lang` and `xindex set`: the listing follows the document's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from xindex.cli import main


def run(*args: str) -> int:
    return main(list(args))


def listed(book: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert run("list", book, "--no-title") == 0
    return capsys.readouterr().out.splitlines()


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "b.xix")
    assert run("new", path, "--rules", "cms-word") == 0
    for heading, pages in [("New York", "101-108"), ("newborn", "33, 34, 35, 37"), ("10 Downing Street", "5"),
                           ("tennis", "1496-1500"), ("Ödeshög", "12")]:  # fmt: skip
        assert run("add", path, heading, "--pages", pages) == 0
    capsys.readouterr()
    return path


def test_list_follows_rules_and_range_settings(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(book, capsys) == [
        "New York, 101–8", "newborn, 33–35, 37", "Ödeshög, 12", "10 Downing Street, 5", "tennis, 1496–500"
    ]  # fmt: skip
    assert run("set", book, "rules", "cms-letter") == 0
    assert listed(book, capsys)[:2] == ["newborn, 33–35, 37", "New York, 101–8"]
    assert run("set", book, "rules", "iso-word") == 0
    assert run("set", book, "range-rules", "full") == 0
    assert run("set", book, "conflate-adjacent", "no") == 0
    assert listed(book, capsys) == [
        "10 Downing Street, 5", "New York, 101–108", "newborn, 33, 34, 35, 37", "Ödeshög, 12", "tennis, 1496–1500"
    ]  # fmt: skip
    assert run("set", book, "language", "sv") == 0
    assert listed(book, capsys)[-1] == "Ödeshög, 12"
    assert run("undo", book) == 0  # language back to English
    assert listed(book, capsys)[-2:] == ["Ödeshög, 12", "tennis, 1496–1500"]


def test_new_with_rules_and_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "sv.xix")
    assert run("new", path, "--rules", "niso-letter", "--lang", "sv", "--range-rules", "iso") == 0
    capsys.readouterr()
    assert run("set", path, "rules") == 0
    assert capsys.readouterr().out.strip() == "niso-letter"
    assert run("set", path) == 0
    shown = capsys.readouterr().out
    assert "language = sv" in shown and "range-rules = iso" in shown and "title =   (default)" in shown


def test_bad_settings_are_refused(book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("set", book, "rules", "chicago") == 2
    assert "not a rule set; choose one of cms-word" in capsys.readouterr().err
    assert run("set", book, "range-rules", "short") == 2
    assert run("set", book, "page-span", "i-xvi, 1-") == 2
    assert run("set", book, "frobnication", "1") == 2
    assert "unknown setting" in capsys.readouterr().err
    assert run("new", str(tmp_path / "x.xix"), "--lang", "tlh") == 2
    assert "not a supported language" in capsys.readouterr().err
    assert not (tmp_path / "x.xix").exists()
