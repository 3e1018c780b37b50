"""makeindex's options in ``xindex makeindex`` (issue 17, item 1): -c -g -i -l -p -r -L -T, standard input
and several input files, each compared with real makeindex where it is installed (ASCII input, whose
order the two agree on)."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

import pytest

from tests.support import needs_makeindex, program
from xindex import makeindex_cli
from xindex.makeindex_cli import run

BOOK = "\\indexentry{alpha}{1}\n\\indexentry{beta}{3}\n\\indexentry{beta}{7}\n\\indexentry{gamma}{9}\n"
MORE = "\\indexentry{zeta}{11}\n\\indexentry{alpha}{20}\n"
LOG = "This is pdfTeX\n[1] [2{/usr/map}] [3]\n[4\n\n] (./book.aux)\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "book.idx").write_text(BOOK, encoding="utf-8")
    (tmp_path / "more.idx").write_text(MORE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def makeindex(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Real makeindex in the current folder."""
    return subprocess.run(["makeindex", *arguments], input=stdin, capture_output=True, text=True, check=False)


def same_as_makeindex(work: Path, *options: str, files: tuple[str, ...] = ("book.idx",)) -> str:
    """Run both with ``options``; the .ind, asserted equal to makeindex's when it is installed."""
    assert run(["-q", *options, "-o", "ours.ind", "-t", "ours.ilg", *files]) == 0
    ours = (work / "ours.ind").read_text(encoding="utf-8")
    if program("makeindex"):
        makeindex("-q", *options, "-o", "peer.ind", "-t", "peer.ilg", *files)
        assert ours == (work / "peer.ind").read_text(encoding="utf-8")
    return ours


def test_standard_input_to_standard_output(
    work: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BOOK.encode("utf-8"))))
    assert run(["-i"]) == 0
    out, err = capfd.readouterr()
    assert out.startswith("\\begin{theindex}\n\n  \\item alpha, 1\n")
    assert "Scanning input file stdin....done (4 entries accepted, 0 rejected)." in err
    assert "Output written in stdout." in err and "Transcript written" not in err
    assert not list(work.glob("*.ilg")) and not list(work.glob("*.ind"))
    if program("makeindex"):
        assert out == makeindex("-i", stdin=BOOK).stdout


def test_several_files_make_one_index_named_after_the_first(work: Path) -> None:
    ind = same_as_makeindex(work, files=("book.idx", "more.idx"))
    assert "\\item alpha, 1, 20" in ind and "\\item zeta, 11" in ind
    assert run(["-q", "book.idx", "more.idx"]) == 0
    assert (work / "book.ind").exists() and (work / "book.ilg").exists() and not (work / "more.ind").exists()


def test_a_problem_is_reported_at_its_own_files_line(work: Path) -> None:
    (work / "bad.idx").write_text("\\indexentry{ok}{1}\n\\indexentry{broken}{x y z}\n", encoding="utf-8")
    assert run(["-q", "book.idx", "bad.idx"]) == 0
    assert "(file = bad.idx, line = 2)" in (work / "book.ilg").read_text(encoding="utf-8")


@pytest.mark.parametrize(("asked", "page"), [("5", "5"), ("any", "5"), ("odd", "5"), ("even", "6")])
def test_p_sets_the_first_page(work: Path, asked: str, page: str) -> None:
    (work / "book.log").write_text(LOG, encoding="latin-1")
    ind = same_as_makeindex(work, "-p", asked)
    assert ind.startswith(f"\\begin{{theindex}}\n\n  \\setcounter{{page}}{{{page}}}\n")


def test_p_without_the_log(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-q", "-p", "any", "book.idx"]) == 1
    assert capsys.readouterr().err == "Source log file book.log not found.\n"
    (work / "x.dat").write_text(BOOK, encoding="utf-8")  # (named as the .ind is: the last suffix dropped)
    assert run(["-q", "-p", "any", "x.dat"]) == 1
    assert capsys.readouterr().err == "Source log file x.log not found.\n"
    (work / "book.log").write_text("no pages were shipped\n", encoding="latin-1")
    assert "setcounter" not in same_as_makeindex(work, "-p", "odd")  # a log without pages: no setting


def test_c_compresses_blanks_in_keys(work: Path) -> None:
    (work / "blanks.idx").write_text("\\indexentry{a  b}{1}\n\\indexentry{ a\tb }{3}\n", encoding="utf-8")
    ind = same_as_makeindex(work, "-c", files=("blanks.idx",))
    assert "\\item a b, 1, 3" in ind
    assert run(["-q", "blanks.idx"]) == 0  # without -c intermediate blanks stay (makeindex also keeps the ends)
    assert "\\item a  b, 1" in (work / "blanks.ind").read_text(encoding="utf-8")


def test_r_makes_no_implicit_ranges(work: Path) -> None:
    (work / "run.idx").write_text("".join(f"\\indexentry{{p}}{{{page}}}\n" for page in (3, 4, 5)), encoding="utf-8")
    assert "\\item p, 3--5" in same_as_makeindex(work, files=("run.idx",))
    assert "\\item p, 3, 4, 5" in same_as_makeindex(work, "-r", files=("run.idx",))


def test_l_is_letter_ordering(work: Path) -> None:
    keys = ["sea lion", "seal", "sea", "seals"]
    (work / "sea.idx").write_text("".join(f"\\indexentry{{{key}}}{{1}}\n" for key in keys), encoding="utf-8")

    def order(ind: str) -> list[str]:
        return [line.split("\\item ")[1].split(",")[0] for line in ind.splitlines() if "\\item " in line]

    assert order(same_as_makeindex(work, files=("sea.idx",))) == ["sea", "sea lion", "seal", "seals"]
    assert order(same_as_makeindex(work, "-l", files=("sea.idx",))) == ["sea", "seal", "sea lion", "seals"]


@needs_makeindex
@pytest.mark.parametrize("option", ["-L", "-T"])
def test_the_language_options_are_accepted(work: Path, option: str) -> None:
    same_as_makeindex(work, option)


def test_l_uppercase_sorts_for_the_locales_language(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Swedish files Ö after Z; English with O.
    (work / "sv.idx").write_text(
        "\\indexentry{Öl}{1}\n\\indexentry{Zebra}{2}\n\\indexentry{Ost}{3}\n", encoding="utf-8"
    )
    monkeypatch.setenv("LC_ALL", "sv_SE.UTF-8")
    assert run(["-q", "-L", "sv.idx"]) == 0
    swedish = (work / "sv.ind").read_text(encoding="utf-8")
    assert swedish.index("Zebra") < swedish.index("Öl")
    assert run(["-q", "sv.idx"]) == 0
    english = (work / "sv.ind").read_text(encoding="utf-8")
    assert english.index("Öl") < english.index("Zebra")


def test_g_sorts_as_german_with_another_quote_character(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # makeindex -g: German ordering, where "a is an umlaut, so the style must give another quote character.
    (work / "de.idx").write_text("\\indexentry{Öl}{1}\n\\indexentry{Ozean}{2}\n", encoding="utf-8")
    assert run(["-q", "-g", "de.idx"]) == 1
    assert capsys.readouterr().err == "Option -g invalid, quote character must be different from '\"'.\n"
    if program("makeindex"):
        assert makeindex("-q", "-g", "de.idx").returncode == 1
    (work / "german.ist").write_text("quote '+'\n", encoding="utf-8")
    assert run(["-q", "-g", "-s", "german", "de.idx"]) == 0
    german = (work / "de.ind").read_text(encoding="utf-8")
    assert german.index("Öl") < german.index("Ozean")
    assert run(["-q", "-g", "-s", "german", "--lang", "sv", "de.idx"]) == 0  # --lang wins
    swedish = (work / "de.ind").read_text(encoding="utf-8")
    assert swedish.index("Ozean") < swedish.index("Öl")


def test_no_file_without_i_is_a_usage_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-q"]) == 2
    assert "give the .idx file to read (or -i to read standard input)" in capsys.readouterr().err


# -- names, an empty index, a missing file (issue 17, item 7) ---------------------------------------------


@pytest.mark.parametrize(("name", "ind"), [("my.book.idx", "my.book.ind"), ("x.dat", "x.ind"), ("a.b.c", "a.b.ind")])
def test_the_output_is_named_as_makeindex_names_it(work: Path, name: str, ind: str) -> None:
    # makeindex drops the last suffix, whatever it is.
    (work / name).write_text(BOOK, encoding="utf-8")
    assert run(["-q", name]) == 0
    assert (work / ind).exists() and (work / ind.replace(".ind", ".ilg")).exists()
    if program("makeindex"):
        (work / ind).unlink()
        makeindex("-q", name)
        assert (work / ind).exists()


def test_an_empty_idx_writes_an_empty_ind_and_says_so(work: Path) -> None:
    (work / "empty.idx").write_text("", encoding="utf-8")
    assert run(["-q", "empty.idx"]) == 0
    assert (work / "empty.ind").read_bytes() == b""
    transcript = (work / "empty.ilg").read_text(encoding="utf-8")
    assert "Nothing written in empty.ind." in transcript and "Sorting entries" not in transcript
    if program("makeindex"):
        (work / "empty.ind").unlink()
        makeindex("-q", "empty.idx")
        assert (work / "empty.ind").read_bytes() == b""


def test_a_missing_input_is_makeindexs_fatal_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-q", "nothere.idx"]) == 1
    assert capsys.readouterr().err == "Input index file nothere.idx not found.\n"
    if program("makeindex"):
        peer = makeindex("-q", "nothere.idx")
        assert peer.returncode == 1 and "Input index file nothere.idx not found." in peer.stderr + peer.stdout


# -- ranges as makeindex writes them (issue 17, items 5 and 7) ---------------------------------------------

RANGES = (
    "\\indexentry{x|hyperpage}{101}\n\\indexentry{x|hyperpage}{102}\n\\indexentry{x|hyperpage}{103}\n"
    "\\indexentry{y|(hyperpage}{101}\n\\indexentry{y|)hyperpage}{108}\n"
    "\\indexentry{z}{101}\n\\indexentry{z}{102}\n\\indexentry{z}{103}\n"
    "\\indexentry{w}{101}\n\\indexentry{w}{102}\n"
)


def test_ranges_are_whole_and_two_pages_stay_apart_as_makeindex_writes_them(work: Path) -> None:
    (work / "ranges.idx").write_text(RANGES, encoding="utf-8")
    ind = same_as_makeindex(work, files=("ranges.idx",))
    assert "\\item w, 101, 102" in ind  # (makeindex joins three successive pages or more)
    assert "\\item x, \\hyperpage{101--103}" in ind and "\\item y, \\hyperpage{101--108}" in ind
    assert "\\item z, 101--103" in ind


def test_cms_joins_two_pages_and_abbreviates_outside_hyperref_only(work: Path) -> None:
    (work / "ranges.idx").write_text(RANGES, encoding="utf-8")
    assert run(["-q", "--cms", "ranges.idx"]) == 0
    ind = (work / "ranges.ind").read_text(encoding="utf-8")
    assert "\\item w, 101--2" in ind and "\\item z, 101--3" in ind
    # hyperref links a range's text: 101--8 would send the reader to page 8 (memoir's manual had 593 such)
    assert "\\item y, \\hyperpage{101--108}" in ind and "\\item x, \\hyperpage{101--103}" in ind


def test_a_documents_latex_keeps_ranges_inside_encapsulators_whole() -> None:
    from xindex.core.formatter import FormatOptions, Formatter
    from xindex.core.locators import parse_locators
    from xindex.core.model import Entry, IndexNode
    from xindex.core.ranges import RangeRule
    from xindex.core.sorting import SortKeys
    from xindex.formats.latex import export_book_ind

    node = IndexNode(Entry(1, None, "memoir", "memoir", None, b""), 0, parse_locators("\\hyperpage{101-108}, 120-128"))
    index = Formatter(FormatOptions(range_rule=RangeRule.CMS), SortKeys()).format([node])
    assert "\\hyperpage{101--108}, 120--28" in export_book_ind(index)


def test_see_and_seealso_call_the_documents_macros_as_makeindex_writes_them(work: Path) -> None:
    # Issue 17, item 4: \see{roses}{1} uses babel's \seename and the document's own \see; --cms words them.
    (work / "see.idx").write_text(
        "\\indexentry{flowers|see{roses}}{1}\n\\indexentry{roses}{2}\n"
        "\\indexentry{shrub|seealso{roses}}{3}\n\\indexentry{shrub}{4}\n",
        encoding="utf-8",
    )
    ind = same_as_makeindex(work, files=("see.idx",))
    assert "\\item flowers, \\see{roses}{1}" in ind and "\\item shrub, \\seealso{roses}{3}, 4" in ind
    assert run(["-q", "--cms", "see.idx"]) == 0
    worded = (work / "see.ind").read_text(encoding="utf-8")
    assert "\\item flowers. \\emph{See} roses" in worded and "\\emph{See also} roses" in worded


@pytest.mark.parametrize(
    "argv",
    [
        ["x.idx"],
        ["-q", "-s", "gind.ist", "x"],
        ["-ql", "-sgind", "a", "b"],
        ["-i"],
        ["-p", "any", "-o", "o.ind", "-t", "l.ilg", "-crgLT", "x"],
        ["-"],
    ],
)
def test_the_quick_parse_of_a_build_command_line_is_argparses(argv: list[str]) -> None:
    # A LaTeX build's command line is read without importing argparse (4 ms of every pass); what it reads
    # must be what argparse reads from the one option table.
    parser = argparse.ArgumentParser()
    makeindex_cli.add_arguments(parser)
    quick = makeindex_cli.quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(parser.parse_args(argv))


@pytest.mark.parametrize("argv", [["--cms", "x"], ["-h"], ["-s"], ["-z", "x"], ["--", "x"]])
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert makeindex_cli.quick_args(argv) is None
