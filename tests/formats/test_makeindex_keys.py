"""makeindex's keys, page lists and transcript in ``xindex makeindex`` (issue 17, item 7): blanks kept,
three levels, ``a!`` as ``a``, every encapsulator as written, ``|(``/``|)`` and encapsulators on one page
as makeindex orders and prints them, its warnings at their input and output lines, and its .ilg, each
compared with real makeindex where it is installed (ASCII input, whose order the two agree on)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.support import program
from xindex.formats.makeindex.pagelist import CLOSE, OPEN, PAGE, sorted_records
from xindex.makeindex_cli import run


def idx(*keys: tuple[str, str]) -> str:
    return "".join(f"\\indexentry{{{key}}}{{{page}}}\n" for key, page in keys)


def both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *options: str) -> tuple[str, str]:
    """Our .ind and .ilg for ``text``, asserted equal to real makeindex's where it is installed (apart from
    the program's name and version, its count of comparisons, and the transcript's own name)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "book.idx").write_text(text, encoding="utf-8")
    assert run(["-q", *options, "-t", "ours.ilg", "-o", "ours.ind", "book.idx"]) == 0
    ours = (tmp_path / "ours.ind").read_text(encoding="utf-8")
    log = (tmp_path / "ours.ilg").read_text(encoding="utf-8")
    if program("makeindex"):
        subprocess.run(["makeindex", "-q", *options, "-t", "peer.ilg", "-o", "ours.ind", "book.idx"], check=True)
        assert (tmp_path / "ours.ind").read_text(encoding="utf-8") == ours
        peer = (tmp_path / "peer.ilg").read_text(encoding="utf-8")
        assert comparable(log) == comparable(peer)
    return ours, log


def comparable(log: str) -> list[str]:
    """A transcript without what cannot agree: the first line, the sort's line (makeindex counts its
    comparisons), the transcript's name."""
    lines = log.splitlines()[1:]
    kept = [line for line in lines if not line.startswith("Transcript")]
    return [re.sub(r"^Sorting entries\.+done.*", "Sorting", line) for line in kept]


def test_blanks_are_kept_and_make_other_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ind, _ = both(tmp_path, monkeypatch, idx(("trail ", "6"), ("two  blanks", "4"), ("two blanks", "5"), ("x! y", "1")))
    assert "\\item trail , 6" in ind and "\\item two  blanks, 4\n  \\item two blanks, 5" in ind
    assert "\\subitem  y, 1" in ind


def test_three_levels_and_null_fields_as_makeindex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = idx(("a!b!c!d", "1"), ("x!", "2"), ("y!z!", "3"), ("!y", "7"), ("w@", "9"), ("@w", "9"), ("v!!u", "4"))
    ind, log = both(tmp_path, monkeypatch, text)
    assert "\\item x, 2" in ind and "\\item y\n    \\subitem z, 3" in ind and "\\item w, 9" in ind
    assert "-- Extra `!' at position 6 of first argument." in log
    assert log.count("-- Illegal null field.") == 3
    assert "done (3 entries accepted, 4 rejected)." in log


def test_encapsulators_on_one_page_print_apart_with_makeindexs_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = idx(("z|textit", "8"), ("z|textbf", "8"), ("y", "8"), ("y|textbf", "8"), ("u|textbf", "7"), ("u", "8"))
    ind, log = both(tmp_path, monkeypatch, text + idx(("u|textbf", "9"), ("e|emph", "3"), ("e|emph", "4")))
    assert "\\item z, \\textbf{8}, \\textit{8}" in ind and "\\item y, 8, \\textbf{8}" in ind
    assert "\\item u, \\textbf{7}, 8, \\textbf{9}" in ind
    assert "\\item e, \\emph{3, 4}" in ind  # (|emph as written; two pages in one encapsulator, as makeindex)
    assert "## Warning (input = book.idx, line = 1; output = ours.ind, line = " in log
    assert log.count("-- Conflicting entries: multiple encaps for the same page under same key.") == 2


def test_ranges_and_encapsulators_inside_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = idx(
        ("t|(", "3"),
        ("t|textbf", "5"),
        ("t|)", "7"),
        ("s|(", "3"),
        ("s", "5"),
        ("s|)", "7"),
        ("s", "8"),
        ("r|(textbf", "3"),
        ("r|)textbf", "7"),
        ("r|textbf", "5"),
        ("q|(", "3"),
        ("q|)", "7"),
        ("q|(", "5"),
        ("q|)", "9"),
        ("p|(", "1"),
        ("p|)", "1"),
        ("o|(", "2"),
    )
    ind, log = both(tmp_path, monkeypatch, text + idx(("n|(", "4"), ("n|)hyperpage", "6")))
    assert "\\item t, \\textbf{5}, 3--7" in ind and "\\item s, 3--8" in ind and "\\item r, \\textbf{3--7}" in ind
    assert "\\item q, 3--7, 9" in ind and "\\item p, 1" in ind and "\\item o, 2" in ind
    for warning in (
        "Extra range opening operator (.",
        "Unmatched range closing operator ).",
        "Inconsistent page encapsulator textbf within range.",
        "Unmatched range opening operator (.",
        "Range closing operator has an inconsistent encapsulator hyperpage.",
    ):
        assert f"-- {warning}" in log


def test_implicit_ranges_need_three_pages_and_r_makes_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = idx(*[("a", page) for page in ("1", "2", "4", "5", "6", "ii", "iii", "iv", "10")])
    ind, _ = both(tmp_path, monkeypatch, text)
    assert "\\item a, ii--iv, 1, 2, 4--6, 10" in ind
    ind, _ = both(tmp_path, monkeypatch, text, "-r")
    assert "\\item a, ii, iii, iv, 1, 2, 4, 5, 6, 10" in ind


def test_the_transcript_marks_each_thousandth_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = [f"k{a}{b}{c}" for a in "abcdefghij" for b in "abcdefghijklmnopqrstuvwxy" for c in "abcdefghij"]
    text = idx(*[(word, "1") for word in words]) + idx(("!bad", "1")) + idx(("k", "2"))
    _, log = both(tmp_path, monkeypatch, text)
    assert "Scanning input file book.idx......\n!! Input index error (file = book.idx, line = 2501):" in log


def test_records_sort_as_makeindexs_compare_page() -> None:
    # (sortid.c's compare_page: pages first; on one page other encapsulators by name without case; a
    # repeat of page and encapsulator dropped, the first kept; a range operator by line)
    records = [(5, "textit", PAGE, 1), (5, "", PAGE, 9), (5, "Textbf", PAGE, 2), (3, "", OPEN, 8)]
    assert sorted_records([*records, (5, "textit", PAGE, 7), (5, "", PAGE, 10)]) == [
        (3, "", OPEN, 8),
        (5, "", PAGE, 9),
        (5, "Textbf", PAGE, 2),
        (5, "textit", PAGE, 1),
    ]
    assert sorted_records([(5, "", PAGE, 9), (5, "", CLOSE, 3)]) == [(5, "", CLOSE, 3), (5, "", PAGE, 9)]
