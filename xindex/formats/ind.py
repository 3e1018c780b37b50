r"""The one writer of ``.ind`` text: a ``theindex`` environment laid out by a makeindex style.

Both ways of making an ``.ind`` write through :class:`IndWriter`: the LaTeX
export (:func:`xindex.formats.latex.export_ind`, from the Formatter's
paragraphs of styled spans) and ``xindex makeindex``
(:mod:`xindex.formats.makeindex.writer`, which writes each entry's line
straight from what it read, a million lines being too many for spans). The
writer owns every string of the layout: ``\item``, ``\subitem``,
``\subsubitem`` per level (deeper levels, which makeindex cannot make,
indent 10pt more each), the delimiters around locators, a locator's
emphasis and encapsulator (``\textbf{12}``, ``\hyperpage{12}``), a
cross-reference label (``\emph{See}``), ``\indexspace`` between letter
groups, group headings when the style's ``headings_flag`` asks for them,
and the preamble and postamble.

Escaping: a span's text is either text, as everything typed in xindex is,
or LaTeX source, as headings read from an ``.idx`` are. Text is escaped
(``# $ % & _ { } ~ ^ \`` and a few characters OT1 fonts lack) and its
markup runs written as ``\textit``, ``\textbf``, ``\textsc``,
``\textsuperscript`` and ``\textsubscript``; LaTeX source, marked by the
:data:`LATEX_SOURCE` span style, is written as it is, never escaped twice.
A locator span may carry an encapsulator as the style ``encap:NAME``
(:func:`encap_style`); it is written ``\NAME{page}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from xindex.core.formatter import Paragraph, Role, Span
from xindex.core.language import GREEK_LETTER_NAMES
from xindex.core.locators import EN_DASH, Emphasis
from xindex.formats.makeindex.style import IstStyle

LATEX_SOURCE = "latex"
_ENCAP_PREFIX = "encap:"
_TAG_MACROS = {
    "i": "textit",
    "b": "textbf",
    "sc": "textsc",
    "u": "underline",
    "tt": "texttt",
    "sup": "textsuperscript",
    "sub": "textsubscript",
}
_TAG_ORDER = ("i", "b", "sc", "u", "tt", "sup", "sub")  # outermost first, as xindex.core.markup nests them
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Greek letters through math mode, which pdflatex has without any package (a bare α stops it: "Unicode
# character α not set up"). Capitals that look like Latin letters have no macro of their own.
_LATIN_LOOKALIKES = {"Alpha": "A", "Beta": "B", "Epsilon": "E", "Zeta": "Z", "Eta": "H", "Iota": "I", "Kappa": "K"}
_LATIN_LOOKALIKES |= {"Mu": "M", "Nu": "N", "Omicron": "O", "Rho": "P", "Tau": "T", "Chi": "X", "omicron": "o"}
_GREEK_MACROS = {"ς": "varsigma", "ϑ": "vartheta", "ϕ": "varphi", "ϵ": "epsilon"}


def _greek_source(char: str, name: str) -> str:
    if name in _LATIN_LOOKALIKES:
        return f"\\ensuremath{{\\mathrm{{{_LATIN_LOOKALIKES[name]}}}}}"
    return f"\\ensuremath{{\\{_GREEK_MACROS.get(char, name)}}}"


_ESCAPES |= {char: _greek_source(char, name) for char, name in GREEK_LETTER_NAMES.items()}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_SPECIALS = frozenset(_ESCAPES) | {"-"}
_EMPHASIS_MACROS = {int(Emphasis.BOLD): "textbf", int(Emphasis.ITALIC): "textit"}


def text_width(text: str) -> int:
    """How long makeindex counts a text: its bytes (in UTF-8)."""
    return len(text) if text.isascii() else len(text.encode())


def encap_style(encap: str) -> str:
    """The span style that carries a locator's encapsulator (``hyperpage`` → ``encap:hyperpage``)."""
    return _ENCAP_PREFIX + encap


def encaps_of(styles: Iterable[str]) -> list[str]:
    """The encapsulators a span's styles carry."""
    return [style[len(_ENCAP_PREFIX) :] for style in styles if style.startswith(_ENCAP_PREFIX)]


def escape(text: str) -> str:
    """Text as LaTeX source that prints exactly that text."""
    if _SPECIALS.isdisjoint(text):
        return text
    escaped = text.translate(_ESCAPE_TABLE)
    # "--" would print as a dash: keep the hyphens apart.
    while "--" in escaped:
        escaped = escaped.replace("--", "-{}-")
    return escaped


def latex_source(spans: Iterable[Span]) -> list[Span]:
    """The spans with their term and target texts marked as LaTeX source (an index read from an .idx)."""
    return [
        Span(span.text, span.styles | {LATEX_SOURCE}, span.role) if span.role in (Role.TERM, Role.XREF_TARGET) else span
        for span in spans
    ]


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
    return _tagged(span.text if LATEX_SOURCE in styles else escape(span.text), styles)


def _tagged(text: str, styles: frozenset[str]) -> str:
    """LaTeX source in the markup macros of ``styles``."""
    if not styles:
        return text
    for tag in reversed(_TAG_ORDER):
        if tag in styles:
            text = f"\\{_TAG_MACROS[tag]}{{{text}}}"
    return text


def _is_delimiter(spans: list[Span], index: int) -> bool:
    """A ", " that introduces a locator."""
    return (
        index + 1 < len(spans)
        and spans[index].role is Role.PUNCTUATION
        and spans[index].text == ", "
        and spans[index + 1].role is Role.LOCATOR
    )


class IndWriter:
    """Writes the parts of an ``.ind`` by a makeindex style (see the module's docstring)."""

    def __init__(self, style: IstStyle, *, book: bool = False) -> None:
        self.style = style
        self.book = book  # a document's own export, not makeindex's output: TeX's spacing set right
        self.items = [style.item(level) for level in range(3)]
        self.delims = [style.delim(level) for level in range(3)]
        self.delim_n = style.delim_n
        self.delim_t = style.delim_t
        # makeindex's subitems by what comes before (None when they are all item_1 and item_2): after an
        # entry with pages one level up (item_01, item_12); under a parent without pages (item_x1, item_x2).
        ascending = ("", style.item_01, style.item_12)
        implicit = ("", style.item_x1, style.item_x2)
        plain = ascending[1:] == implicit[1:] == tuple(self.items[1:])
        self.subitems: tuple[tuple[str, ...], tuple[str, ...]] | None = None if plain else (ascending, implicit)
        # Lines longer than line_max broken as makeindex breaks them (only for makeindex's own output).
        self.line_max = style.line_max if style.compatible else 0

    def item(self, level: int) -> str:
        """What starts an entry at ``level`` (``\\item``, ``\\subitem``, ...)."""
        return self.items[level] if level < 3 else self.style.item(level)

    def subitem(self, level: int, previous: int, implicit: bool) -> str:
        """What starts an entry at ``level`` as makeindex chooses it: ``item_x1``/``item_x2`` when its parent,
        which has no pages, is written just before it (``implicit``); ``item_01``/``item_12`` when the entry
        with pages before it (at level ``previous``) is higher up; else ``item_1``/``item_2``."""
        subitems = self.subitems
        if subitems is None or not 0 < level < 3:
            return self.item(level)
        if implicit:
            return subitems[1][level]
        return subitems[0][level] if level > previous else self.items[level]

    def wrapped(self, start: int, texts: list[str]) -> str:
        """An entry's locators joined, with lines longer than the style's ``line_max`` broken before a locator
        and the next line begun with ``indent_space``, as makeindex breaks them (see :meth:`breaks`)."""
        out: list[str] = []
        breaks = set(self.breaks(start, texts))
        delim, broken = self.delim_n, "\n" + self.style.indent_space
        for index, text in enumerate(texts):
            if index:
                out.append(delim)
            if index in breaks:
                out.append(broken)
            out.append(text)
        return "".join(out)

    def breaks(self, start: int, texts: list[str]) -> list[int]:
        """Which locators makeindex writes on a new line: those that would take the line beyond ``line_max``.
        ``start`` is how long makeindex counts the line before them (the delimiter that ends the entry
        before, the item string with its newlines, heading and delimiter); a line begun after a break counts
        ``indent_space`` and ``indent_length`` more."""
        style = self.style
        line_max = style.line_max
        restart = text_width(style.indent_space) + style.indent_length
        step = text_width(self.delim_n)
        out: list[int] = []
        length = start
        for index, text in enumerate(texts):
            width = text_width(text)
            if length + width > line_max:
                out.append(index)
                length = restart
            length += width + step
        return out

    def fits(self, start: int, located: str) -> bool:
        """Whether makeindex would write the locators on the entry's line unbroken (always, but for
        makeindex's own output: see :meth:`wrapped`)."""
        return not self.line_max or start + text_width(located) <= self.line_max

    def delim(self, level: int) -> str:
        """The delimiter between a heading at ``level`` and its first locator."""
        return self.delims[level] if level < 3 else self.style.delim(level)

    def entry(
        self, level: int, heading: str, located: str | None = None, references: str = "", item: str | None = None
    ) -> str:
        """One entry of an indented index: its item (``item``, else the level's), heading (LaTeX source),
        locators (joined already by :meth:`locators`) and cross-references (written already): what
        :meth:`paragraph` writes for the Formatter's paragraph of that entry."""
        delim = self.delims[level] if level < 3 else self.style.delim(level)
        if item is None:
            item = self.items[level] if level < 3 else self.style.item(level)
        if located is None:
            return item + heading + references
        return f"{item}{heading}{delim}{located}{self.delim_t}{references}"

    def locators(self, texts: list[str]) -> str:
        """An entry's locators (written already, in order) joined as the style joins them."""
        return self.delim_n.join(texts)

    def locator(self, text: str, emphasis: int = 0, *encaps: str) -> str:
        """A locator's text (LaTeX source) in its emphasis and encapsulators: ``\\textbf{12}``,
        ``\\hyperpage{12}``."""
        style = self.style
        macro = _EMPHASIS_MACROS.get(emphasis)
        if macro is not None:
            text = style.wrap(macro, text)
        for encap in encaps:
            text = style.wrap(encap, text)
        return text

    def locator_span(self, span: Span) -> str:
        """A locator span: range dash by the style, emphasis and encapsulator as ``\\encap{page}``."""
        styles = span.styles
        text = span.text if LATEX_SOURCE in styles else escape(span.text)
        text = text.replace(EN_DASH, self.style.delim_r)
        if self.book and " " in text:  # “12–30 passim” kept on one line, as HTML's nowrap keeps it
            text = text.replace(" ", "~")
        emphasis = Emphasis.BOLD if "b" in styles else Emphasis.ITALIC if "i" in styles else Emphasis.NONE
        return self.locator(text, emphasis, *encaps_of(styles))

    def span(self, span: Span, source: bool = False) -> str:
        """A span other than a locator: a cross-reference label as ``\\emph``, any other text by :func:`span_tex`
        (``source``: a term or target is LaTeX source, as if marked by :func:`latex_source`)."""
        role = span.role
        if role is Role.XREF_LABEL:
            return xref_label(span.text)
        if source and role in (Role.TERM, Role.XREF_TARGET):
            return _tagged(span.text, span.styles)
        if self.book and role is Role.PUNCTUATION and ". " in span.text:
            # "3. See also": after a numeral TeX would set a wider space, as after a sentence.
            return span_tex(span).replace(". ", ".\\ ")
        return span_tex(span)

    def spans(self, spans: Iterable[Span], *, source: bool = False) -> str:
        """Spans other than locators (cross-references, say) one after the other; ``source``: as :meth:`span`."""
        return "".join([self.span(span, source) for span in spans])

    def paragraph(self, paragraph: Paragraph) -> str:
        """The text of one paragraph's ``\\item`` line (after the ``\\item`` itself)."""
        spans = paragraph.spans
        out: list[str] = []
        first_locator = True
        for index, span in enumerate(spans):
            role = span.role
            if _is_delimiter(spans, index):
                out.append(self.delim(paragraph.level) if first_locator else self.delim_n)
                first_locator = False
            elif role is Role.LOCATOR:
                out.append(self.locator_span(span))
                if not _is_delimiter(spans, index + 1):
                    out.append(self.delim_t)
            else:
                if role is Role.TERM:
                    first_locator = True  # a run-in subentry starts its own locator list
                out.append(self.span(span))
        return "".join(out)

    def group(self, title: str, *, first: bool) -> str:
        """What opens a letter group: the skip after the group before (unless ``first``) and its heading."""
        heading = group_heading(self.style, title)
        return heading if first else self.style.group_skip + heading

    def group_with(self, heading: str, *, first: bool) -> str:
        """:meth:`group` with a heading text as the style writes it (makeindex's symbols and numbers)."""
        style = self.style
        heading = f"{style.heading_prefix}{heading}{style.heading_suffix}" if style.headings_flag else ""
        return heading if first else style.group_skip + heading

    def document(self, *body: str) -> str:
        """The whole ``.ind``: preamble, the groups (in one text or many), postamble."""
        return "".join([self.style.preamble, *body, self.style.postamble])
