"""The ``check`` and ``delete`` verbs: output, options, settings and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xindex.cli import main
from xindex.store import Document, EditError


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A clean little index: nothing for the checks to report."""
    path = str(tmp_path / "garden.xix")
    assert run("new", path, "--title", "The Garden") == 0
    assert run("add", path, "roses", "--sub", "climbing", "--pages", "12, 14-16, xii") == 0
    assert run("add", path, "roses", "--sub", "pruning", "--pages", "20") == 0
    assert run("add", path, "briar", "--see", "roses: climbing") == 0
    assert run("add", path, "shrubs", "--pages", "3", "--see-also", "roses") == 0
    capsys.readouterr()
    return path


def codes_of(output: str) -> list[str]:
    return [finding["code"] for finding in json.loads(output)["findings"]]


def test_check_clean_index_exits_0(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", book) == 0
    assert capsys.readouterr().out == "No problems found.\n"
    assert run("check", book, "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"errors": 0, "warnings": 0, "findings": []}


def test_check_reports_problems_and_exits_1(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("add", book, "orphan") == 0
    assert run("add", book, "lilies", "--pages", "1, 3, 5, 7, 9, 11, 13") == 0
    capsys.readouterr()
    assert run("check", book) == 1
    out = capsys.readouterr().out.splitlines()
    assert "Dead ends [dead-end]: 1 warning" in out
    assert "  orphan: “orphan” has no locators, subentries or cross-references, so it leads nowhere." in out
    assert "Too many undifferentiated locators [too-many-locators]: 1 warning" in out
    assert out[-1] == "2 problems: 0 errors, 2 warnings."

    assert run("check", book, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["warnings"]) == (0, 2)
    assert [(item["code"], item["path"]) for item in data["findings"]] == [
        ("too-many-locators", ["lilies"]),
        ("dead-end", ["orphan"]),
    ]


def test_check_max_locators_from_option_then_setting(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", book, "--json", "--max-locators", "2") == 1
    assert codes_of(capsys.readouterr().out) == ["too-many-locators"]  # roses: climbing has xii, 12, 14–16
    with Document.open(book) as document:
        document.set_setting("max-undifferentiated", "2")
    assert run("check", book, "--json") == 1
    assert codes_of(capsys.readouterr().out) == ["too-many-locators"]
    assert run("check", book, "--max-locators", "3") == 0
    capsys.readouterr()


def test_check_page_span_from_option_then_setting(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", book, "--json", "--page-span", "1-15") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(item["code"], item["path"], item["severity"]) for item in data["findings"]] == [
        ("page-out-of-span", ["roses", "climbing"], "error"),  # xii: no front matter in 1–15
        ("page-out-of-span", ["roses", "climbing"], "error"),  # 14–16
        ("page-out-of-span", ["roses", "pruning"], "error"),  # 20
    ]
    with Document.open(book) as document:
        document.set_setting("page-span", "i-xvi, 1-20")
    assert run("check", book) == 0
    assert run("check", book, "--page-span", "i-xvi, 1-19") == 1
    assert "locator 20 is outside the book: the pages run from 1 to 19." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--page-span", "1-"], "xindex: --page-span: '1-': the range has no end page"),
        (["--page-span", "II:1-20"], "xindex: --page-span: 'II:1–20': a page span lists plain pages"),
        (["--max-locators", "0"], "xindex: --max-locators: it must be at least 1"),
        (["--max-locators", "many"], "xindex: --max-locators: 'many' is not a whole number"),
    ],
)
def test_check_bad_options_exit_2(book: str, capsys: pytest.CaptureFixture[str], args: list[str], error: str) -> None:
    assert run("check", book, *args) == 2
    assert capsys.readouterr().err.startswith(error)


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("page-span", "twenty", "xindex: note: the document's page-span setting: 'twenty'"),
        (
            "max-undifferentiated",
            "many",
            "xindex: note: the document's max-undifferentiated setting: 'many' is not a whole number; using 6",
        ),
    ],
)
def test_check_with_bad_settings_says_so_and_checks_without_them(
    book: str, capsys: pytest.CaptureFixture[str], key: str, value: str, error: str
) -> None:
    with Document.open(book) as document:
        with pytest.raises(EditError):
            document.set_setting(key, value)  # xindex itself refuses such values...
        document.connection.execute(  # ...but another tool may have written them
            "INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (key, value)
        )
    assert run("check", book) in (0, 1), "the editor's check panel runs the same check the same way"
    assert error in capsys.readouterr().err


def test_check_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", str(tmp_path / "none.xix")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_delete_refuses_when_referred_to(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("list", book, "--no-title") == 0
    before = capsys.readouterr().out
    assert run("delete", book, "roses") == 2
    err = capsys.readouterr().err
    assert err.startswith("xindex: “roses” is the target of cross-references from ")
    assert "briar" in err and "shrubs" in err
    assert err.endswith("(add --force to delete it anyway, leaving those references blind)\n")
    assert run("delete", book, "roses", "--sub", "climbing") == 2
    assert "from briar" in capsys.readouterr().err
    assert run("list", book, "--no-title") == 0
    assert capsys.readouterr().out == before


def test_delete_with_force_leaves_blind_references(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("delete", book, "roses", "--force") == 0
    assert capsys.readouterr().out == (
        "deleted “roses” and 2 subentries; 2 cross-references are now blind (the check lists them)\n"
    )
    assert run("check", book, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(item["code"], item["path"]) for item in data["findings"]] == [
        ("blind-xref", ["briar"]),
        ("blind-xref", ["shrubs"]),
    ]
    assert data["errors"] == 2
    assert run("undo", book) == 0
    capsys.readouterr()
    assert run("check", book) == 0


def test_delete_subentry_and_entry_without_referrers(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("delete", book, "roses", "--sub", "pruning") == 0
    assert capsys.readouterr().out == "deleted “roses: pruning”\n"
    assert run("delete", book, "roses", "--sub", "climbing", "--force") == 0
    assert (
        capsys.readouterr().out == "deleted “roses: climbing”; 1 cross-reference is now blind (the check lists them)\n"
    )
    assert run("delete", book, "shrubs") == 0
    assert capsys.readouterr().out == "deleted “shrubs”\n"
    assert run("list", book, "--no-title") == 0
    assert capsys.readouterr().out.splitlines() == ["briar. See roses: climbing", "roses"]


def test_delete_missing_heading_exits_2(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("delete", book, "roses", "--sub", "wild") == 2
    assert capsys.readouterr().err == "xindex: there is no heading “roses: wild”\n"
