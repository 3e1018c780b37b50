"""LaTeX export (.ind and a standalone .tex), and real LaTeX: pdflatex and makeindex on a small book."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import needs_makeindex, needs_pdflatex, one_entry
from xindex.core.formatter import FormatOptions, FormattedIndex, Formatter, Role, Span
from xindex.core.locators import parse_locators
from xindex.core.model import Entry, IndexNode, XRef, XRefKind
from xindex.core.sorting import SortKeys
from xindex.formats.latex import (
    LATEX_SOURCE,
    TEX_STYLE,
    encap_style,
    escape,
    export_book_ind,
    export_ind,
    export_tex,
)
from xindex.formats.makeindex.style import IstStyle, read_style
from xindex.jobs.makeindex import convert

FIXTURES = Path(__file__).parent / "latex"
KEYS = SortKeys()


class Tree:
    """Builds index nodes the way Document.tree hands them out."""

    def __init__(self) -> None:
        self.next_id = 0
        self.next_xref = 0

    def node(self, term: str, locators: str = "", *children: IndexNode, depth: int = 0) -> IndexNode:
        self.next_id += 1
        from xindex.core import markup

        plain = markup.plain_text(term)
        entry = Entry(self.next_id, None, term, plain, None, KEYS.key(plain, main=depth == 0))
        item = IndexNode(entry, depth, parse_locators(locators))
        item.children = list(children)
        self._deepen(item, depth)
        return item

    def _deepen(self, item: IndexNode, depth: int) -> None:
        item.depth = depth
        for child in item.children:
            self._deepen(child, depth + 1)

    def xref(self, item: IndexNode, kind: XRefKind, label: str, *, generic: bool = False) -> None:
        self.next_xref += 1
        target = None if generic else 999
        item.xrefs.append((XRef(self.next_xref, item.entry.id, kind, target, label, generic), label))


def formatted(roots: list[IndexNode], **options: object) -> FormattedIndex:
    return Formatter(FormatOptions(**options), KEYS).format(roots, title="The Garden", note="Pages in bold: figures.")  # type: ignore[arg-type]


def items(ind: str) -> list[str]:
    return [line.strip() for line in ind.splitlines() if "item " in line]


# -- escaping and markup ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("plain words", "plain words"),
        ("AT&T 50% #1 $5 a_b", r"AT\&T 50\% \#1 \$5 a\_b"),
        ("{x} ~ ^ \\", r"\{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"),
        ("x < y > z | w", r"x \textless{} y \textgreater{} z \textbar{} w"),
        ("pages 3--5 and a---b", "pages 3-{}-5 and a-{}-{}-b"),
        ("élan Straße – dash", "élan Straße – dash"),
    ],
)
def test_escape(text: str, tex: str) -> None:
    assert escape(text) == tex


def test_terms_markup_and_escaping() -> None:
    tree = Tree()
    roots = [
        tree.node("<i>Rosa</i> rugosa", "12"),
        tree.node("AT&amp;T_2 {50%}", "3"),
        tree.node("<b><i>both</i></b> H<sub>2</sub>O x<sup>2</sup> <sc>nasa</sc>", "4"),
    ]
    roots.sort(key=lambda node: node.entry.sort_key)
    ind = export_ind(formatted(roots))
    assert items(ind) == [
        r"\item AT\&T\_2 \{50\%\}, 3",
        r"\item \textit{\textbf{both}} H\textsubscript{2}O x\textsuperscript{2} \textsc{nasa}, 4",
        r"\item \textit{Rosa} rugosa, 12",
    ]
    assert ind.startswith("\\begin{theindex}\n") and ind.endswith("\n\\end{theindex}\n")


def test_locators_levels_and_cross_references() -> None:
    tree = Tree()
    climbers = tree.node("climbers", "<b>163</b>, 164", depth=2)
    pruning = tree.node("pruning", "160-4, xii-xiv, <i>170</i>", climbers, depth=1)
    roses = tree.node("roses", "141-70", pruning)
    tree.xref(roses, XRefKind.SEE_ALSO, "shrubs")
    tree.xref(roses, XRefKind.SEE_ALSO, "names of roses", generic=True)
    tree.xref(pruning, XRefKind.SEE_ALSO, "hedges: cutting")
    assert items(export_ind(formatted([roses]))) == [
        r"\item roses, 141--70. \emph{See also} shrubs; \textit{names of roses}",
        r"\subitem pruning, xii--xiv, 160--64, \textit{170} (\emph{see also} hedges: cutting)",
        r"\subsubitem climbers, \textbf{163}, 164",
    ]


def test_deeper_levels_and_run_in() -> None:
    tree = Tree()
    fourth = tree.node("fourth", "9", depth=3)
    third = tree.node("third", "8", fourth, depth=2)
    second = tree.node("second", "7", third, depth=1)
    first = tree.node("first", "6", second)
    assert items(export_ind(formatted([first])))[-1] == r"\subsubitem \hspace*{10pt}fourth, 9"
    run_in = items(export_ind(formatted([first], run_in_level=0)))
    assert run_in == [r"\item first, 6; second, 7 (third, 8 (fourth, 9))"]  # each level in parentheses


def test_style_strings_and_group_headings() -> None:
    tree = Tree()
    roots = [tree.node("1984", "1"), tree.node("apple", "2"), tree.node("§", "3"), tree.node("banana", "4")]
    roots.sort(key=lambda node: node.entry.sort_key)
    style = read_style(
        'headings_flag 1\nheading_prefix "\\\\textbf{"\nheading_suffix "}\\n"\ndelim_0 "~~"\ndelim_t "."\n'
        'group_skip "\\n\\\\bigskip\\n"\n'
    )
    ind = export_ind(formatted(roots, numbers_group=True), style)
    assert "\\textbf{Symbols \\& Numbers}" in ind and "\\textbf{A}" in ind and "\\textbf{B}" in ind
    assert "\\item apple~~2." in ind and "\\item §~~3." in ind
    assert ind.count("\\bigskip") == 3  # N (1984 → nineteen), A and B follow the symbols group
    lower = export_ind(formatted(roots), IstStyle(headings_flag=-1, heading_prefix="[", heading_suffix="]"))
    assert "[a]" in lower and "[Symbols \\& Numbers]" in lower


def test_latex_source_spans_are_not_escaped_and_encaps_are_written() -> None:
    index = one_entry(
        Span("\\textit{Rosa} 50\\%", frozenset({LATEX_SOURCE}), Role.TERM),
        Span(", ", frozenset(), Role.PUNCTUATION),
        Span("3–5", frozenset({encap_style("hyperpage")}), Role.LOCATOR),
        Span(", ", frozenset(), Role.PUNCTUATION),
        Span("7", frozenset({"b", encap_style("hyperindexformat{\\textbf}")}), Role.LOCATOR),
    )
    assert items(export_ind(index)) == [
        r"\item \textit{Rosa} 50\%, \hyperpage{3--5}, \hyperindexformat{\textbf}{\textbf{7}}"
    ]


# -- real LaTeX ------------------------------------------------------------------------------------------


def pdflatex(folder: Path, name: str) -> str:
    """Compile ``name``.tex in ``folder``; the log. Fails the test on a LaTeX error."""
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, log[-3000:]
    assert (folder / f"{name}.pdf").stat().st_size > 0
    return log


@needs_pdflatex
def test_export_tex_compiles(tmp_path: Path) -> None:
    tree = Tree()
    climbers = tree.node("climbers_2 ~ ^ \\", "163", depth=2)
    roses = tree.node("roses & <i>Rosa</i>", "141-70, <b>xii</b>", tree.node("pruning {50%} #1", "160-4", climbers))
    tree.xref(roses, XRefKind.SEE_ALSO, "names of roses", generic=True)
    roots = sorted(
        [roses, tree.node("élan – Straße", "3"), tree.node("1984", "5"), tree.node("x<sup>2</sup>", "7")],
        key=lambda node: node.entry.sort_key,
    )
    text = export_tex(formatted(roots))
    assert "\\usepackage[T1]{fontenc}" in text and "\\usepackage{makeidx}" in text
    assert "\\renewcommand{\\indexname}{The Garden}" in text
    (tmp_path / "index.tex").write_text(text, encoding="utf-8")
    log = pdflatex(tmp_path, "index")
    assert "Output written on index.pdf" in log


@needs_pdflatex
def test_greek_letters_compile_with_pdflatex_and_none_is_dropped(tmp_path: Path) -> None:
    # A bare α stopped pdflatex ("Unicode character α not set up"), or, in a lenient run, was dropped.
    tree = Tree()
    roots = [tree.node(text, "3") for text in ("α particles", "β-carotene", "Ω (ohm)", "ΑΒΓ, τς, ϑϕϵ", "Ο and ο")]
    text = export_tex(formatted(roots))
    assert "\\ensuremath{\\alpha} particles" in text and "\\ensuremath{\\mathrm{A}}" in text
    (tmp_path / "greek.tex").write_text(text, encoding="utf-8")
    log = pdflatex(tmp_path, "greek")
    assert "Missing character" not in log and "not set up" not in log


@needs_pdflatex
def test_export_tex_of_an_empty_index_compiles(tmp_path: Path) -> None:
    (tmp_path / "empty.tex").write_text(export_tex(FormattedIndex("", "", [])), encoding="utf-8")
    pdflatex(tmp_path, "empty")


@needs_pdflatex
@needs_makeindex
def test_book_through_pdflatex_makeindex_and_xindex(tmp_path: Path) -> None:
    """book.tex → pdflatex → .idx → makeindex and xindex → the same entries; our .ind compiles."""
    shutil.copy(FIXTURES / "book.tex", tmp_path / "book.tex")
    pdflatex(tmp_path, "book")
    idx_text = (tmp_path / "book.idx").read_text(encoding="utf-8")
    assert idx_text == (FIXTURES / "book.idx").read_text(encoding="utf-8"), "LaTeX wrote another .idx than stored"
    assert "\\indexentry{élan}{i}" in idx_text and "\\indexentry{\\'etude}{ii}" in idx_text

    subprocess.run(["makeindex", "-q", "book.idx"], cwd=tmp_path, check=True)
    theirs = (tmp_path / "book.ind").read_text(encoding="utf-8")
    ours, problems = convert(idx_text)
    assert problems == []

    # Entries and locators (not layout) agree wherever makeindex is right.
    from tests.formats.test_makeindex import ind_entries

    assert ind_entries(ours) == ind_entries(theirs)
    # The documented differences: makeindex sorts bytes, so accented and backslashed headings go
    # first (\"Ol, \'etude) or last (Öl, élan); we sort them as words.
    their_order = [line.split(",")[0] for line in items(theirs) if line.startswith("\\item")]
    our_order = [line.split(",")[0].split(".")[0] for line in items(ours) if line.startswith("\\item")]
    assert their_order[:2] == ['\\item \\"Ol', "\\item \\'etude"]
    assert their_order[-2:] == ["\\item Öl", "\\item élan"]
    assert our_order.index("\\item élan") < our_order.index("\\item etude") < our_order.index("\\item \\'etude")
    assert our_order.index("\\item \\'etude") < our_order.index("\\item flowers")
    assert our_order.index('\\item \\"Ol') < our_order.index("\\item Öl") < our_order.index("\\item preface")
    assert our_order[-1] == "\\item zebra"
    # Two successive pages stay apart in both (makeindex joins three or more); see references as makeidx's
    # \see prints them.
    assert "\\subitem pruning, 1, 2" in theirs and "\\subitem pruning, 1, 2" in ours
    assert "\\item flowers, \\see{roses}{1}" in theirs and "\\item flowers, \\see{roses}{1}" in ours
    worded = convert(idx_text, cms=True)[0]  # --cms: references worded and placed by the rule set
    assert "\\item flowers. \\emph{See} roses" in worded
    assert "\\subitem shrub, 3 (\\emph{see also} roses: pruning)" in worded  # makeindex rejects the "!" in it
    assert "\\subsubitem climbers, \\textbf{1}, 2" in ours and "\\subitem pH, \\textbf{2--4}" in ours
    # makeindex's page list: two successive pages in one \\hyperpage (hyperref links each at the comma)
    ideas = "\\item ideas, \\hyperpage{1, 2}, \\hyperpage{4}"
    assert ideas in theirs and ideas in ours

    (tmp_path / "book.ind").write_text(ours, encoding="utf-8")
    log = pdflatex(tmp_path, "book")
    assert "book.ind" in log


@needs_pdflatex
def test_lean_ind_with_a_headings_style_compiles(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "book.tex", tmp_path / "book.tex")
    ours, _ = convert((FIXTURES / "book.idx").read_text(encoding="utf-8"), TEX_STYLE)
    assert re.search(r"\\bfseries\\large E\}", ours)
    (tmp_path / "book.ind").write_text(ours, encoding="utf-8")
    pdflatex(tmp_path, "book")


def test_a_documents_own_latex_hyphenates_nothing_and_spaces_see_also_as_words() -> None:
    # "Man-hattan" in a heading reads as another word; "3. See also" after a numeral would take TeX's wider
    # sentence space. A document's exports set both right; makeindex's output (export_ind) stays makeindex's.
    tree = Tree()
    bomb = tree.node("atomic bomb", "3")
    tree.xref(bomb, XRefKind.SEE_ALSO, "Manhattan Project", generic=True)
    index = formatted([bomb])
    for text in (export_book_ind(index), export_tex(index)):
        opening = text.index("\\begin{theindex}")
        assert text.index("\\hyphenpenalty=10000 \\exhyphenpenalty=10000\n") > opening  # (for the index alone)
        assert "atomic bomb, 3.\\ \\emph{See also}" in text
    makeindex_like = export_ind(index)
    assert "hyphenpenalty" not in makeindex_like and "3. \\emph{See also}" in makeindex_like
