r"""LaTeX export: the ``theindex`` environment (``.ind``, as makeindex writes it) and a standalone document.

The layout follows a makeindex style (:class:`~xindex.formats.makeindex.IstStyle`,
makeindex's defaults when none is given): ``\item``, ``\subitem``,
``\subsubitem`` per level (deeper levels, which makeindex cannot make,
indent 10pt more each), ``\indexspace`` between letter groups, group
headings when the style's ``headings_flag`` asks for them, locators joined
by ``delim_n`` with ranges by ``delim_r`` (``--``). A run-in paragraph is
one ``\item`` line.

Escaping: a span's text is either text, as everything typed in xindex is,
or LaTeX source, as headings read from an ``.idx`` are. Text is escaped
(``# $ % & _ { } ~ ^ \`` and a few characters OT1 fonts lack) and its
markup runs written as ``\textit``, ``\textbf``, ``\textsc``,
``\textsuperscript`` and ``\textsubscript``; LaTeX source, marked by the
:data:`LATEX_SOURCE` span style, is written as it is, never escaped twice.
A locator span may carry an encapsulator as the style ``encap:NAME``
(:func:`encap_style`); it is written ``\NAME{page}``, bold and italic
locators as ``\textbf{page}`` and ``\textit{page}``. (The Formatter does not
put that style on its spans yet, so an index formatted from an ``.idx`` tree
loses kept encaps; :func:`xindex.formats.makeindex.convert` writes them.)

Cross-references: makeidx's ``\see{X}{page}`` prints ``\emph{\seename} X``
and drops the page. We write that expansion ourselves, with the
Formatter's label and punctuation (``roses. \emph{See} flowers``; after a
subheading ``(\emph{see also} X)``), so the ``.ind`` needs no package and
reads as CMS asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xindex.core.formatter import FormattedIndex, Group, Paragraph, Role, Span
from xindex.formats.makeindex import IstStyle
from xindex.formats.parts import Parts

LATEX_SOURCE = "latex"
_ENCAP_PREFIX = "encap:"
_TAG_MACROS = {"i": "textit", "b": "textbf", "sc": "textsc", "sup": "textsuperscript", "sub": "textsubscript"}
_TAG_ORDER = ("i", "b", "sc", "sup", "sub")  # outermost first, as xindex.core.markup nests them
_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}",
}  # fmt: skip
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_SPECIALS = frozenset(_ESCAPES) | {"-"}
EN_DASH = "\u2013"

# For export_tex: letter headings in bold, kept with the first entry under them.
TEX_STYLE = IstStyle(
    headings_flag=1, heading_prefix="{\\bfseries\\large ", heading_suffix="}\\par\\nopagebreak\n"
)


def encap_style(encap: str) -> str:
    """The span style that carries a locator's encapsulator (``hyperpage`` → ``encap:hyperpage``)."""
    return _ENCAP_PREFIX + encap


def escape(text: str) -> str:
    """Text as LaTeX source that prints exactly that text."""
    if _SPECIALS.isdisjoint(text):
        return text
    escaped = text.translate(_ESCAPE_TABLE)
    # "--" would print as a dash: keep the hyphens apart.
    while "--" in escaped:
        escaped = escaped.replace("--", "-{}-")
    return escaped


def xref_label(label: str) -> str:
    """A cross-reference label as makeidx's ``\\see`` prints it: ``\\emph{See}``."""
    return f"\\emph{{{escape(label)}}}"


def group_heading(style: IstStyle, title: str) -> str:
    """A letter group's heading (title is text), or "" when the style prints none.

    A positive ``headings_flag`` prints letters in upper case, a negative one
    in lower case; longer titles ("Symbols & Numbers") print as they are.
    """
    if not style.headings_flag or not title:
        return ""
    if len(title) == 1:
        title = title.upper() if style.headings_flag > 0 else title.lower()
    return f"{style.heading_prefix}{escape(title)}{style.heading_suffix}"


def span_tex(span: Span) -> str:
    """One text, term or target span: escaped unless it is LaTeX source, wrapped in its markup macros."""
    styles = span.styles
    text = span.text if LATEX_SOURCE in styles else escape(span.text)
    for tag in reversed(_TAG_ORDER):
        if tag in styles:
            text = f"\\{_TAG_MACROS[tag]}{{{text}}}"
    return text


def locator_tex(span: Span, style: IstStyle) -> str:
    """A locator span: range dash by the style, emphasis and encapsulator as ``\\encap{page}``."""
    styles = span.styles
    text = span.text if LATEX_SOURCE in styles else escape(span.text)
    text = text.replace(EN_DASH, style.delim_r)
    if "b" in styles:
        text = style.wrap("textbf", text)
    elif "i" in styles:
        text = style.wrap("textit", text)
    for name in styles:
        if name.startswith(_ENCAP_PREFIX):
            text = style.wrap(name[len(_ENCAP_PREFIX) :], text)
    return text


def _is_delimiter(spans: list[Span], index: int) -> bool:
    """A ", " that introduces a locator."""
    return (
        index + 1 < len(spans)
        and spans[index].role is Role.PUNCTUATION
        and spans[index].text == ", "
        and spans[index + 1].role is Role.LOCATOR
    )


def paragraph_tex(paragraph: Paragraph, style: IstStyle) -> str:
    """The text of one ``\\item`` line (after the ``\\item`` itself)."""
    spans = paragraph.spans
    out: list[str] = []
    first_locator = True
    for index, span in enumerate(spans):
        role = span.role
        if _is_delimiter(spans, index):
            out.append(style.delim(paragraph.level) if first_locator else style.delim_n)
            first_locator = False
        elif role is Role.LOCATOR:
            out.append(locator_tex(span, style))
            if not _is_delimiter(spans, index + 1):
                out.append(style.delim_t)
        elif role is Role.XREF_LABEL:
            out.append(xref_label(span.text))
        else:
            if role is Role.TERM:
                first_locator = True  # a run-in subentry starts its own locator list
            out.append(span_tex(span))
    return "".join(out)


def export_ind(index: FormattedIndex, style: IstStyle | None = None) -> str:
    """The index as a makeindex ``.ind`` file: a ``theindex`` environment laid out by ``style``."""
    parts = IndParts(style or IstStyle())
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class IndParts(Parts):
    """The ``.ind`` made in parts (see :mod:`xindex.formats.parts`)."""

    def __init__(self, style: IstStyle) -> None:
        self.style = style

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> IndParts:
        """The parts the registry's export writes (makeindex's default style)."""
        return cls(IstStyle())


    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups; ``opening``: the first is the index's first; ``continued``: it goes on from the part
        before (no skip, no heading). (``continues`` changes nothing here.)"""
        style = self.style
        out: list[str] = []
        for number, group in enumerate(groups):
            if not (number == 0 and continued):
                if number or not opening:
                    out.append(style.group_skip)
                out.append(group_heading(style, group.title))
            for paragraph in group.paragraphs:
                out.append(style.item(paragraph.level))
                out.append(paragraph_tex(paragraph, style))
        return "".join(out)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """Preamble, the groups, postamble (an .ind has no title: the document around it gives one)."""
        return self.style.preamble + body + self.style.postamble


def export_tex(index: FormattedIndex, style: IstStyle = TEX_STYLE) -> str:
    """A standalone LaTeX document (UTF-8, T1 fonts, makeidx) holding the index; compiles with pdflatex."""
    parts = TexParts(style)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class TexParts(IndParts):
    """The standalone ``.tex`` made in parts: the ``.ind``'s groups inside a document."""

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> TexParts:
        """The parts the registry's export writes (letter headings in bold)."""
        return cls(TEX_STYLE)

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The kept encapsulators used (each needs a definition when LaTeX lacks one)."""
        return frozenset(
            style[len(_ENCAP_PREFIX) :].split("{")[0]
            for group in groups for paragraph in group.paragraphs for span in paragraph.spans for style in span.styles
            if style.startswith(_ENCAP_PREFIX)
        )  # fmt: skip

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
            paragraph.spans = [
                Span(span.text, span.styles | {LATEX_SOURCE}, span.role)
                if span.role in (Role.TERM, Role.XREF_TARGET)
                else span
                for span in paragraph.spans
            ]
    return index
