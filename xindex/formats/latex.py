r"""LaTeX export: the ``theindex`` environment (``.ind``, as makeindex writes it) and a standalone document.

The layout follows a makeindex style (:class:`~xindex.formats.makeindex.style.IstStyle`,
makeindex's defaults when none is given), and :class:`~xindex.formats.ind.IndWriter`
writes it, as it writes ``xindex makeindex``'s ``.ind``: ``\item``, ``\subitem``,
``\subsubitem`` per level, ``\indexspace`` between letter groups, group
headings when the style's ``headings_flag`` asks for them, locators joined
by ``delim_n`` with ranges by ``delim_r`` (``--``), bold and italic locators
as ``\textbf{page}`` and ``\textit{page}``, a kept encapsulator as
``\NAME{page}``. A run-in paragraph is one ``\item`` line. Escaping is
:mod:`xindex.formats.ind`'s: text is escaped, spans marked as LaTeX source
(:data:`LATEX_SOURCE`, an index read from an ``.idx``) are written as they are.

Cross-references: makeidx's ``\see{X}{page}`` prints ``\emph{\seename} X``
and drops the page. We write that expansion ourselves, with the
Formatter's label and punctuation (``roses. \emph{See} flowers``; after a
subheading ``(\emph{see also} X)``), so the ``.ind`` needs no package and
reads as CMS asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xindex.core.formatter import FormattedIndex, Group
from xindex.formats.ind import LATEX_SOURCE, IndWriter, encap_style, encaps_of, escape, latex_source
from xindex.formats.makeindex.style import IstStyle
from xindex.formats.parts import Parts

__all__ = [
    "LATEX_SOURCE",
    "TEX_STYLE",
    "IndParts",
    "TexParts",
    "encap_style",
    "escape",
    "export_book_ind",
    "export_ind",
    "export_tex",
    "mark_latex_source",
]

# A document's own LaTeX exports set, at the top of the theindex environment (so for the index alone), that
# no word is hyphenated: a heading broken as “Man-hattan” reads as another word. (xindex makeindex writes
# what its .ist says, as makeindex does.)
BOOK_PREAMBLE = "\\begin{theindex}\n\\hyphenpenalty=10000 \\exhyphenpenalty=10000\n"
BOOK_STYLE = IstStyle(preamble=BOOK_PREAMBLE)

# For export_tex: letter headings in bold, kept with the first entry under them.
TEX_STYLE = IstStyle(
    preamble=BOOK_PREAMBLE,
    headings_flag=1,
    heading_prefix="{\\bfseries\\large ",
    heading_suffix="}\\par\\nopagebreak\n",
)


def export_ind(index: FormattedIndex, style: IstStyle | None = None, *, book: bool = False) -> str:
    """The index as a makeindex ``.ind`` file: a ``theindex`` environment laid out by ``style`` (``book``: a
    document's own export, TeX's spacing set right, as :func:`export_book_ind`)."""
    parts = IndParts(style or IstStyle(), book=book)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


def export_book_ind(index: FormattedIndex) -> str:
    """A document's index as an ``.ind`` to ``\\input`` in its book: makeindex's layout, no hyphenation
    inside the index, a word space (not a sentence's) after “3.” before *See also*."""
    return export_ind(index, BOOK_STYLE, book=True)


class IndParts(Parts):
    """The ``.ind`` made in parts (see :mod:`xindex.formats.parts`), written by an
    :class:`~xindex.formats.ind.IndWriter`."""

    def __init__(self, style: IstStyle, *, book: bool = False) -> None:
        self.style = style
        self.writer = IndWriter(style, book=book)

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> IndParts:
        """The parts the registry's export writes (makeindex's default style, as a document's own export)."""
        return cls(BOOK_STYLE, book=True)

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups; ``opening``: the first is the index's first; ``continued``: it goes on from the part
        before (no skip, no heading). (``continues`` changes nothing here.)"""
        writer = self.writer
        out: list[str] = []
        for number, group in enumerate(groups):
            if not (number == 0 and continued):
                out.append(writer.group(group.title, first=number == 0 and opening))
            for paragraph in group.paragraphs:
                out.append(writer.item(paragraph.level))
                out.append(writer.paragraph(paragraph))
        return "".join(out)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """Preamble, the groups, postamble (an .ind has no title: the document around it gives one)."""
        return self.writer.document(body)


def export_tex(index: FormattedIndex, style: IstStyle = TEX_STYLE) -> str:
    """A standalone LaTeX document (UTF-8, T1 fonts, makeidx) holding the index; compiles with pdflatex."""
    parts = TexParts(style, book=True)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class TexParts(IndParts):
    """The standalone ``.tex`` made in parts: the ``.ind``'s groups inside a document."""

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> TexParts:
        """The parts the registry's export writes (letter headings in bold)."""
        return cls(TEX_STYLE, book=True)

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The kept encapsulators used (each needs a definition when LaTeX lacks one)."""
        return frozenset(
            encap.split("{")[0]
            for group in groups
            for paragraph in group.paragraphs
            for span in paragraph.spans
            for encap in encaps_of(span.styles)
        )

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """The document: packages, definitions, title, then the ``theindex`` environment."""
        lines = [
            "% Written by xindex.",
            "\\documentclass{article}",
            "\\usepackage[utf8]{inputenc}",
            "\\usepackage[T1]{fontenc}",
            "\\IfFileExists{lmodern.sty}{\\usepackage{lmodern}}{}",
            "\\usepackage{makeidx}",
        ]
        for name in sorted(facts):
            if name.isalpha():
                # Kept encapsulators (hyperref's \hyperpage, a user's macro) print the page when not defined.
                lines.append(f"\\providecommand{{\\{name}}}[1]{{#1}}")
        if title:
            lines.append(f"\\renewcommand{{\\indexname}}{{{escape(title)}}}")
        lines.append("\\begin{document}")
        index = super().document(title, note, facts, body)
        if note:
            # The note goes first inside theindex, under the heading, before the first entry.
            head, sep, rest = index.partition("\\begin{theindex}\n")
            index = f"{head}{sep}{{\\small\\itshape {escape(note)}\\par}}\\medskip\n{rest}"
        lines.append(index.rstrip("\n"))
        lines.append("\\end{document}")
        return "\n".join(lines) + "\n"


def mark_latex_source(index: FormattedIndex) -> FormattedIndex:
    """The same index with its term and target spans marked as LaTeX source (an index read from an .idx)."""
    for group in index.groups:
        for paragraph in group.paragraphs:
            paragraph.spans = latex_source(paragraph.spans)
    return index
