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
    for heading, pages in [
        ("New York", "101-108"),
        ("newborn", "33, 34, 35, 37"),
        ("10 Downing Street", "5"),
        ("tennis", "1496-1500"),
        ("Ödeshög", "12"),
    ]:
        assert run("add", path, heading, "--pages", pages) == 0
    capsys.readouterr()
    return path


def test_list_follows_rules_and_range_settings(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(book, capsys) == [
        "New York, 101–8",
        "newborn, 33, 34, 35, 37",  # separate mentions stay separate by default (CMS 16.13-14, inclusive numbers)
        "Ödeshög, 12",
        "10 Downing Street, 5",
        "tennis, 1496–500",
    ]
    assert run("set", book, "rules", "cms-letter") == 0
    assert listed(book, capsys)[:2] == ["newborn, 33, 34, 35, 37", "New York, 101–8"]
    assert run("set", book, "conflate-adjacent", "yes") == 0
    assert listed(book, capsys)[0] == "newborn, 33–35, 37"
    assert run("set", book, "rules", "iso-word") == 0
    assert run("set", book, "range-rules", "full") == 0
    assert run("set", book, "conflate-adjacent", "no") == 0
    assert listed(book, capsys) == [
        "10 Downing Street, 5",
        "New York, 101–108",
        "newborn, 33, 34, 35, 37",
        "Ödeshög, 12",
        "tennis, 1496–1500",
    ]
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
    assert "language = sv " in shown and "range-rules = iso " in shown and "title =  (default)" in shown


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


def test_set_lists_every_known_setting_with_its_help(book: str, capsys: pytest.CaptureFixture[str]) -> None:
    from xindex.core.settings import KNOWN

    assert run("set", book) == 0
    shown = capsys.readouterr().out.splitlines()
    for key, known in KNOWN.items():
        [line] = [line for line in shown if line.startswith(f"{key} = ")]
        assert line.endswith(known.help)
    assert "heading-locator-separator = ', ' (default)" in "\n".join(shown), "punctuation is quoted: its spaces show"


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("style", "run-in", "run-in"),
        ("style", "Run-In:2", "run-in:2"),
        ("see-also-position", "last", "last"),
        ("letter-groups", "no", "0"),
        ("xref-target", "under-main", "under-main"),
        ("text-indent", "tab", "tab"),
        ("sub-see-also-prefix", ", ", ", "),
        ("numbers-group-title", " Numerals ", "Numerals"),
    ],
)
def test_layout_settings_are_known(
    book: str, capsys: pytest.CaptureFixture[str], key: str, value: str, stored: str
) -> None:
    assert run("set", book, key, value) == 0
    capsys.readouterr()
    assert run("set", book, key) == 0
    assert capsys.readouterr().out == stored + "\n"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("page-span", "II:1-20", "a page span lists plain pages or ranges"),
        ("style", "sideways", "is not a style"),
        ("letter-groups", "perhaps", "'perhaps' is not yes or no"),
        ("max-undifferentiated", "0", "at least 1"),
        ("see-also-position", "middle", "is not a See also position"),
        ("text-indent", "wide", "not a text indent"),
        ("title", "a\x07b", "a character no printed index can hold"),
    ],
)
def test_a_value_set_refuses_is_one_the_checks_and_exports_would_refuse(
    book: str, capsys: pytest.CaptureFixture[str], key: str, value: str, message: str
) -> None:
    before = Path(book).read_bytes()
    assert run("set", book, key, value) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xindex: {key}: ") and message in err and err.count("\n") == 1
    assert Path(book).read_bytes() == before, "the document is unchanged"


def test_list_prints_note_ranges_passim_and_figure_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # CMS 16.111 (nn, a span of notes), 16.13 (passim after a range), 16.116 (f after a figure's page)
    path = str(tmp_path / "m.xix")
    assert run("new", path) == 0
    assert run("add", path, "mines", "--pages", "12-30 passim, 45n3-5, 77f, 79t") == 0
    assert listed(path, capsys) == ["mines, 12–30 passim, 45nn3–5, 77f, 79t"]
    assert run("set", path, "figure-form", "fig. {page}") == 0
    assert run("set", path, "table-form", "italic") == 0  # (italics do not show in a plain listing)
    assert listed(path, capsys) == ["mines, 12–30 passim, 45nn3–5, fig. 77, 79"]
    capsys.readouterr()
    assert run("set", path, "plate-form", "pl.") == 2
    assert "'pl.' is not a plate form; use pl, italic, bold, plain, or a form with {page}" in capsys.readouterr().err
    assert run("add", path, "coal", "--pages", "12 passim") == 2
    assert "a single page is cited alone" in capsys.readouterr().err


def test_a_page_typed_in_brackets_stays_apart_when_adjacent_pages_join(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hart's Rules 19.6: "123–5 ... denotes one continuous discussion spanning three pages, whereas 123, 124,
    # 125 denotes three separate short references"; CMS 16.13-14. [124] is a separate mention even when the
    # document joins adjacent pages; a typed range joins pages even when it does not.
    path = str(tmp_path / "h.xix")
    assert run("new", path, "--rules", "cms-word") == 0
    assert run("add", path, "mills", "--pages", "122, 123, [124], 125, 126, 130-131") == 0
    assert listed(path, capsys) == ["mills, 122, 123, 124, 125, 126, 130–31"]
    assert run("set", path, "conflate-adjacent", "yes") == 0
    assert listed(path, capsys) == ["mills, 122–23, 124, 125–26, 130–31"]
    assert run("renumber", path, "124", "+1") == 0
    assert listed(path, capsys) == ["mills, 122–23, 125, 126–27, 131–32"]
    before = Path(path).read_bytes()
    assert run("add", path, "mills", "--pages", "[77f]") == 2
    assert "'[77f]': only pages are joined with adjacent pages, never a figure" in capsys.readouterr().err
    assert Path(path).read_bytes() == before
