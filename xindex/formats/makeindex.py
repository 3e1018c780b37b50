r"""makeindex input and the in-memory converter: ``xindex makeindex`` as a drop-in for makeindex.

Reading
    :func:`read_style` reads a makeindex style file (``.ist``); :func:`read_idx`
    reads the ``\indexentry{key@display!sub|encap}{page}`` lines LaTeX writes
    to an ``.idx`` file, with makeindex's rules: the *quote* character (``"``)
    makes the next character literal and is dropped; the *escape* character
    (``\``) protects a following quote and is kept; braces must balance; ``|(``
    and ``|)`` open and close a page range (``|(textbf`` keeps its encap);
    ``|see{...}`` and ``|seealso{...}`` are cross-references. A bad line is
    reported with its number (:class:`IdxProblem`) and skipped; the good lines
    still import.

Encapsulators
    ``textbf`` is bold emphasis and ``textit``/``emph`` italic, as xindex's
    own locators have them; any other encap (``hyperpage``,
    ``hyperindexformat{\textbf}``, a user macro) is kept on the locator
    (:attr:`xindex.core.locators.Locator.encap`) and written back as
    ``\encap{page}``. Locators with different encaps are never merged.

Text
    Headings stay LaTeX source (they are written back to the ``.ind`` as
    they came); a plain text for sorting is derived from them
    (:func:`latex_to_plain`: macros dropped, accent macros composed into
    Unicode letters). ``key@display`` sorts by the plain text of ``key``, as
    a Sort As.

Cross-references
    A ``|see{X}`` is linked to the entry X names (``X``, or a path written
    ``a!b`` or ``a, b``) and printed as the Formatter prints references
    (``. \emph{See} a: b``, after a subheading ``(\emph{see also} X)``), once,
    whatever the number of pages it was indexed on. One that names no entry
    is printed as written (as makeindex does) and noted in the transcript.

Converting
    :func:`convert` is the whole makeindex run in memory: parse, group, sort
    with :class:`~xindex.core.sorting.SortKeys`, conflate locators and write
    the ``.ind``. It does not go through SQLite nor build
    :class:`~xindex.core.formatter.Span` objects: it writes exactly what
    ``export_ind(Formatter(...).format(result.tree()))`` would (the tests hold
    the two paths to that), with the default layout (indented, *See also*
    after the locators). On a big file it splits the work with a forked child
    (see "two processes" below); the output is the same.

Differences from makeindex, on purpose: headings sort as words in Unicode
(ICU, the document's rules), not by bytes; adjacent pages conflate (``1, 2``
→ ``1--2``) and ranges are abbreviated by the range rule; a page cited bold
and plain prints once, bold; roman pages print in lower case; subentries may
go deeper than three levels. Not supported (reported or ignored, never a
crash): composite page numbers (``2-14`` with ``page_compositor``),
alphabetic page numbers (``a``, ``B``), page 0, several entries on one line,
and the ``.ist`` keys listed in :data:`IGNORED_STYLE_KEYS`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import operator
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, BinaryIO

import roman

from xindex import __version__
from xindex.core import markup
from xindex.core.formatter import FormatOptions
from xindex.core.language import normalize_language
from xindex.core.locators import MAX_PAGE, Emphasis, Kind, Locator, Series, merge
from xindex.core.model import Entry, IndexNode, XRef, XRefKind
from xindex.core.ranges import DEFAULT_RANGE_RULE, RangeRule, abbreviate, range_rule
from xindex.core.rules import DEFAULT_RULES, rule_set
from xindex.core.sorting import SortKeys, SortOptions
from xindex.formats import makeindex_cli
from xindex.formats.makeindex_cli import PARALLEL_MIN_CHARS
from xindex.formats.output import OutputRefusedError, check_target, write_output
from xindex.jobs.fork import Pair, can_fork, fork_pair, run_child
from xindex.jobs.fork import receive as _receive
from xindex.jobs.fork import send as _send

if TYPE_CHECKING:
    from xindex.core.imported import ImportedIndex

OK, BAD_INPUT = 0, 2

# -- problems ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdxProblem:
    """Something wrong at a line of an .idx or .ist file; ``rejected`` lines were skipped."""

    line: int
    message: str
    rejected: bool = True

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# -- the style file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IstStyle:
    """A makeindex style: the input syntax and the .ind output strings (makeindex's defaults)."""

    keyword: str = "\\indexentry"
    arg_open: str = "{"
    arg_close: str = "}"
    range_open: str = "("
    range_close: str = ")"
    level: str = "!"
    actual: str = "@"
    encap: str = "|"
    quote: str = '"'
    escape: str = "\\"
    page_compositor: str = "-"
    preamble: str = "\\begin{theindex}\n"
    postamble: str = "\n\n\\end{theindex}\n"
    group_skip: str = "\n\n  \\indexspace\n"
    headings_flag: int = 0
    heading_prefix: str = ""
    heading_suffix: str = ""
    item_0: str = "\n  \\item "
    item_1: str = "\n    \\subitem "
    item_2: str = "\n      \\subsubitem "
    delim_0: str = ", "
    delim_1: str = ", "
    delim_2: str = ", "
    delim_n: str = ", "
    delim_r: str = "--"
    delim_t: str = ""
    encap_prefix: str = "\\"
    encap_infix: str = "{"
    encap_suffix: str = "}"
    problems: tuple[IdxProblem, ...] = field(default=(), compare=False)

    def item(self, level: int) -> str:
        """What starts an entry at ``level``; below the third level ``\\subsubitem`` indented further."""
        if level <= 0:
            return self.item_0
        if level == 1:
            return self.item_1
        if level == 2:
            return self.item_2
        # theindex has three levels; deeper ones (xindex has no limit) indent 10pt more each.
        return f"{self.item_2}\\hspace*{{{10 * (level - 2)}pt}}"

    def delim(self, level: int) -> str:
        """The delimiter between a heading at ``level`` and its first locator."""
        return self.delim_0 if level <= 0 else self.delim_1 if level == 1 else self.delim_2

    def wrap(self, encap: str, text: str) -> str:
        """``text`` inside an encapsulator: ``\\encap{text}`` with the default style."""
        return f"{self.encap_prefix}{encap}{self.encap_infix}{text}{self.encap_suffix}"


_CHAR_KEYS = frozenset({"arg_open", "arg_close", "range_open", "range_close", "level", "actual", "encap", "quote",
                        "escape"})  # fmt: skip
_NUMBER_KEYS = frozenset({"headings_flag"})
_STRING_KEYS = frozenset(f.name for f in fields(IstStyle)) - _CHAR_KEYS - _NUMBER_KEYS - {"problems"}
IGNORED_STYLE_KEYS = frozenset({
    "item_01", "item_x1", "item_12", "item_x2",  # we use item_1 / item_2 whatever precedes
    "line_max", "indent_space", "indent_length",  # no line wrapping: LaTeX does not need it
    "setpage_prefix", "setpage_suffix",  # no page-counter settings in the .ind
    "suffix_2p", "suffix_3p", "suffix_mp",  # ranges are conflated and abbreviated by xindex's rule
    "page_precedence",  # roman before arabic, always
    "symhead_positive", "symhead_negative", "numhead_positive", "numhead_negative",  # one "Symbols & Numbers" group
})  # fmt: skip
_STYLE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def read_style(text: str) -> IstStyle:
    """Read a makeindex style file; malformed entries are in ``style.problems`` with their line numbers."""
    values: dict[str, object] = {}
    problems: list[IdxProblem] = []
    tokens = _style_tokens(text, problems)
    index = 0
    while index < len(tokens):
        line, kind, word = tokens[index]
        index += 1
        if kind != "name":
            problems.append(IdxProblem(line, f"expected a key, found {_describe(kind, word)}"))
            continue
        if index >= len(tokens) or tokens[index][1] == "name":
            problems.append(IdxProblem(line, f"'{word}' has no value"))
            continue
        value_line, value_kind, value = tokens[index]
        index += 1
        if word in _CHAR_KEYS:
            if value_kind not in ("char", "string") or len(value) != 1:
                problems.append(IdxProblem(value_line, f"'{word}' needs one character, such as '{value[:1] or '@'}'"))
                continue
            values[word] = value
        elif word in _NUMBER_KEYS:
            if value_kind != "number":
                problems.append(IdxProblem(value_line, f"'{word}' needs a number"))
                continue
            values[word] = int(value)
        elif word in _STRING_KEYS:
            if value_kind not in ("string", "char"):
                problems.append(IdxProblem(value_line, f"'{word}' needs a string in double quotes"))
                continue
            if word in ("keyword", "page_compositor") and not value:
                problems.append(IdxProblem(value_line, f"'{word}' cannot be empty"))
                continue
            values[word] = value
        # Any other key (IGNORED_STYLE_KEYS, typos) is ignored, as the brief for this reader asks.
    style = replace(IstStyle(), **values)  # type: ignore[arg-type]
    special = [style.level, style.actual, style.encap, style.quote, style.escape, style.arg_open, style.arg_close]
    if len(set(special)) != len(special):
        problems.append(IdxProblem(0, "the characters for level, actual, encap, quote, escape, arg_open and "
                                      "arg_close must all differ; using makeindex's defaults"))  # fmt: skip
        style = replace(style, **{name: getattr(IstStyle(), name) for name in _CHAR_KEYS})
    return replace(style, problems=tuple(problems))


def _describe(kind: str, word: str) -> str:
    return {"string": f'the string "{word}"', "char": f"the character '{word}'", "number": f"the number {word}"}.get(
        kind, repr(word)
    )


def _style_tokens(text: str, problems: list[IdxProblem]) -> list[tuple[int, str, str]]:
    """Tokens of a style file: (line, kind, text) with kind name/string/char/number."""
    tokens: list[tuple[int, str, str]] = []
    line = 1
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line += 1
            index += 1
        elif char.isspace():
            index += 1
        elif char == "%":
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif char.isalpha() or char == "_":
            start = index
            while index < length and (text[index].isalnum() or text[index] == "_"):
                index += 1
            tokens.append((line, "name", text[start:index]))
        elif char.isdigit() or (char == "-" and text[index + 1 : index + 2].isdigit()):
            start = index
            index += 1
            while index < length and text[index].isdigit():
                index += 1
            tokens.append((line, "number", text[start:index]))
        elif char in "\"'":
            start_line = line
            value, index, line, closed = _style_string(text, index + 1, char, line)
            if not closed:
                problems.append(IdxProblem(start_line, f"no closing {char} for the value starting here"))
                continue
            tokens.append((start_line, "string" if char == '"' else "char", value))
        else:
            problems.append(IdxProblem(line, f"unexpected character {char!r}"))
            index += 1
    return tokens


def _style_string(text: str, index: int, closing: str, line: int) -> tuple[str, int, int, bool]:
    out: list[str] = []
    while index < len(text):
        char = text[index]
        if char == closing:
            return "".join(out), index + 1, line, True
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append(_STYLE_ESCAPES.get(following, "\\" + following))
            line += following == "\n"
            index += 2
            continue
        if char == "\n":
            if closing == "'":
                return "".join(out), index, line, False
            line += 1
        out.append(char)
        index += 1
    return "".join(out), index, line, False


# -- LaTeX source to plain text ---------------------------------------------------------------------

_ACCENT_MARKS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
    "b": "\u0331", "t": "\u0361",
}  # fmt: skip
# Letters and symbols that are macros of their own (not accents, so no composition applies).
_LETTER_MACROS = {
    "ss": "ß", "SS": "SS", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
    "dj": "đ", "DJ": "Đ", "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "S": "§", "P": "¶",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textendash": "–", "textemdash": "—",
    "ldots": "…", "dots": "…", "textellipsis": "…", "copyright": "©", "pounds": "£", "textdollar": "$",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">", "dag": "†", "ddag": "‡",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
}  # fmt: skip
_SPACE_SYMBOLS = frozenset(" ,;:>~")


def _is_plain(text: str) -> bool:
    """Whether LaTeX source is its own plain text (no macro, brace, tie, math, odd space): ASCII with
    none of \\ { } ~ $, no tab, line break or form feed, and no double space."""
    # (One "in" test per character: a C search each, where a frozenset's isdisjoint looked every
    # character up and took twice as long.)
    return (
        text.isascii()
        and "\\" not in text
        and "{" not in text
        and "}" not in text
        and "~" not in text
        and "$" not in text
        and "  " not in text
        and (text.isprintable() or not any(space in text for space in "\t\n\r\x0b\x0c"))
    )


def latex_to_plain(text: str) -> str:
    r"""The text a reader sees in LaTeX source: ``\textit{Rosa}`` → Rosa, ``\"o`` → ö, ``{\ss}`` → ß.

    Formatting macros are dropped and their arguments kept; accent macros
    put a combining mark on their letter and are composed (NFC); a few
    letter macros (``\ss``, ``\o``, ``\ae`` ...) become their letters.
    """
    if "\\" not in text and "{" not in text and "~" not in text and "$" not in text:
        plain = text
    else:
        plain, _ = _plain_run(text, 0, False)
        plain = unicodedata.normalize("NFC", plain)
    plain = " ".join(plain.split())
    if not plain and text.strip():
        # Only macros (\foo): their names are all there is to sort by.
        plain = " ".join(text.replace("\\", " ").replace("{", " ").replace("}", " ").split())
    return plain


def _plain_run(text: str, index: int, in_group: bool) -> tuple[str, int]:
    """Plain text from ``index`` to the end (or the closing brace of the group we are in)."""
    out: list[str] = []
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            piece, index = _control_sequence(text, index)
            out.append(piece)
        elif char == "{":
            inner, index = _plain_run(text, index + 1, True)
            out.append(inner)
        elif char == "}":
            if in_group:
                return "".join(out), index + 1
            index += 1
        elif char == "~":
            out.append(" ")
            index += 1
        elif char == "$":
            index += 1
        else:
            out.append(char)
            index += 1
    return "".join(out), index


def _control_sequence(text: str, index: int) -> tuple[str, int]:
    """Plain text of the control sequence at ``index`` (and of an accent's argument)."""
    length = len(text)
    if index + 1 >= length:
        return "", length
    following = text[index + 1]
    if following.isalpha():
        end = index + 1
        while end < length and text[end].isalpha():
            end += 1
        name = text[index + 1 : end]
        while end < length and text[end] in " \t":
            end += 1
        if name in _ACCENT_MARKS and len(name) == 1:
            return _accent(text, end, _ACCENT_MARKS[name])
        return _LETTER_MACROS.get(name, ""), end
    if following in _ACCENT_MARKS:
        return _accent(text, index + 2, _ACCENT_MARKS[following])
    if following in _SPACE_SYMBOLS:
        return " ", index + 2
    if following in "/-!":
        return "", index + 2
    return following, index + 2  # \& \% \$ \# \_ \{ \}


def _accent(text: str, index: int, mark: str) -> tuple[str, int]:
    """The accented letter whose argument starts at ``index``: a group, a control sequence or one character."""
    if index >= len(text):
        return "", index
    char = text[index]
    if char == "{":
        base, index = _plain_run(text, index + 1, True)
    elif char == "\\":
        base, index = _control_sequence(text, index)
    else:
        base, index = char, index + 1
    if not base:
        return "", index
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])  # \'\i is í
    return unicodedata.normalize("NFC", first + mark) + base[1:], index


# -- reading an .idx --------------------------------------------------------------------------------

PAGE, OPEN, CLOSE = 0, 1, 2
_EMPHASIS_ENCAPS = {"textbf": Emphasis.BOLD, "textit": Emphasis.ITALIC, "emph": Emphasis.ITALIC}
_XREF_ENCAPS = {"see": XRefKind.SEE, "seealso": XRefKind.SEE_ALSO}

# Pages are ints while converting, so that sorting and joining them is cheap: arabic n is n, roman n is
# n - ROMAN_OFFSET, which puts front matter first and never next to an arabic page.
ROMAN_OFFSET = 1 << 40
MAX_PAGE_DIGITS = len(str(MAX_PAGE))

# A locator while converting: (series, first, last, emphasis, encap). Tuples, not Locator objects:
# a million-line .idx makes a million of them.
LocatorTuple = tuple[int, int, int, int, str]


def _series_value(code: int) -> tuple[int, int]:
    return (int(Series.ARABIC), code) if code > 0 else (int(Series.ROMAN), code + ROMAN_OFFSET)


class IdxEntry:
    """A heading read from an .idx: LaTeX source, its plain text, locators and references."""

    __slots__ = ("children", "depth", "display", "line", "pages", "plain", "ranges", "refs", "sort_as", "sort_key",
                 "styled", "xrefs")  # fmt: skip

    def __init__(self, key: str, display: str, depth: int, line: int = 0, plain: str | None = None) -> None:
        self.display = display
        self.depth = depth
        self.line = line  # where it first appeared: ties in sorting keep file order
        if plain is None:
            plain = display if _is_plain(display) else latex_to_plain(display)
        self.plain = plain
        self.sort_as: str | None = latex_to_plain(key) if key != display else None
        self.sort_key = b""
        self.pages: list[int] = []  # single pages without emphasis or encap, as page codes
        # The rest are made when first added to (most entries never have any; making them all took a
        # third of the time of making an entry): children by identity, then the rarer locators.
        self.children: dict[str | tuple[str, str], IdxEntry] | None = None
        self.styled: list[tuple[int, int, str]] | tuple[()] = ()  # single pages with one: (code, emphasis, encap)
        self.ranges: list[tuple[int, int, int, str]] | tuple[()] = ()  # (first code, last code, emphasis, encap)
        self.refs: list[tuple[int, int, str, int, int]] | tuple[()] = ()  # |( and |) until paired: (..., op, line)
        self.xrefs: list[IdxXRef] | tuple[()] = ()

    def __repr__(self) -> str:
        return f"IdxEntry({self.display!r}, depth={self.depth})"

    def child_map(self) -> dict[str | tuple[str, str], IdxEntry]:
        """The children by identity, for adding to."""
        children = self.children
        if children is None:
            children = self.children = {}
        return children

    def subentries(self) -> list[IdxEntry]:
        """The children in file order."""
        return list(self.children.values()) if self.children else []

    def locators(self) -> list[LocatorTuple]:
        """Every locator as a tuple (series, first, last, emphasis, encap), before conflation."""
        out: list[LocatorTuple] = []
        for code in self.pages:
            series, value = _series_value(code)
            out.append((series, value, value, 0, ""))
        for code, emphasis, encap in self.styled:
            series, value = _series_value(code)
            out.append((series, value, value, emphasis, encap))
        for first, last, emphasis, encap in self.ranges:
            series, value = _series_value(first)
            out.append((series, value, _series_value(last)[1], emphasis, encap))
        return out

    def locator_objects(self) -> list[Locator]:
        """The locators as core :class:`Locator` objects."""
        return [
            Locator(Series(series), first, last, Kind.PAGE, emphasis=Emphasis(emphasis), encap=encap)
            for series, first, last, emphasis, encap in self.locators()
        ]


@dataclass
class IdxXRef:
    """A ``|see{...}`` or ``|seealso{...}``.

    ``path`` holds the displays of the entry it names (empty when it names
    none); ``target`` is that entry when :func:`read_idx` read it.
    """

    kind: XRefKind
    text: str
    line: int
    target: IdxEntry | None = None
    path: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What is printed: the target's headings joined by ": ", or the text as written."""
        return ": ".join(self.path) if self.path else self.text


@dataclass
class IdxResult:
    """What :func:`read_idx` found: the entries (file order, unsorted) and the problems."""

    roots: list[IdxEntry]
    problems: list[IdxProblem]
    accepted: int = 0
    rejected: int = 0

    def entries(self) -> Iterator[IdxEntry]:
        """Every entry, depth first, in file order."""
        stack = list(reversed(self.roots))
        while stack:
            entry = stack.pop()
            yield entry
            if entry.children:
                stack.extend(reversed(entry.children.values()))

    def tree(self, keys: SortKeys | None = None) -> list[IndexNode]:
        """The entries as sorted core index nodes (ids in file order), for the Formatter and exporters.

        Terms are the LaTeX source escaped as xindex markup, so a Formatter span's text is that
        source again; :func:`xindex.formats.latex.mark_latex_source` tells the LaTeX writer so.
        """
        keys = keys or SortKeys()
        ids: dict[int, int] = {}
        for number, entry in enumerate(self.entries(), start=1):
            ids[id(entry)] = number
        xref_ids = iter(range(1, 1 << 62))

        def node(entry: IdxEntry, parent: int | None) -> IndexNode:
            own = ids[id(entry)]
            sort_key = keys.key(entry.plain, entry.sort_as, main=entry.depth == 0)
            item = IndexNode(
                Entry(own, parent, markup.escape(entry.display), entry.plain, entry.sort_as, sort_key),
                entry.depth,
                merge(entry.locator_objects()),  # as a document stores them: ordered, duplicates merged
            )
            for xref in entry.xrefs:
                target = ids[id(xref.target)] if xref.target is not None else None
                item.xrefs.append((XRef(next(xref_ids), own, xref.kind, target, xref.text, False), xref.label))
            item.children = sorted((node(child, own) for child in entry.subentries()),
                                   key=lambda child: (child.entry.sort_key, child.entry.id))  # fmt: skip
            return item

        return sorted((node(root, None) for root in self.roots), key=lambda item: (item.entry.sort_key, item.entry.id))


# What a key asks for, cached per distinct key text (a book indexes the same key on many pages):
_PLAIN, _STYLED, _RANGE, _XREF, _BAD, _SKIP = range(6)
Action = tuple[int, Any, int, str, int]  # (kind, headings or reference, emphasis, encap or why bad, operation)
_SKIPPED: Action = (_SKIP, None, 0, "", 0)


def _part_of(text: str, split: frozenset[str]) -> int:
    """Which process reads the entries under a main heading: 1 (the child) when the heading's sort
    text starts with one of the ``split`` characters, else 0."""
    return 1 if text.lstrip()[:1] in split else 0


def choose_split(text: str, style: IstStyle) -> frozenset[str] | None:
    """The first characters of the main headings a second process should read: about half of the
    lines, judged from a sample; None when no such half exists (or the text is small).

    Only letters and digits that are none of the style's special characters qualify: a key that
    starts with one has a sort text that starts with it too, so the regular expressions of the two
    readers can route each line by its first character without parsing it.
    """
    specials = {style.level, style.actual, style.encap, style.quote, style.escape, style.arg_open,
                style.arg_close, style.range_open, style.range_close}  # fmt: skip
    prefix = re.compile(f"^{re.escape(style.keyword)}{re.escape(style.arg_open)}[^\\S\n]*+([^\n])", re.MULTILINE)
    counts: dict[str, int] = {}
    total = 0
    step = max(len(text) // 40, 1)
    for start in range(0, len(text), step):
        for first in prefix.findall(text, start, start + 8192):
            total += 1
            if first.isalnum() and first not in specials:
                counts[first] = counts.get(first, 0) + 1
    chosen: set[str] = set()
    share = 0
    for char, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if share + count <= total * 0.51:
            chosen.add(char)
            share += count
    if total == 0 or share < total * 0.3:
        return None
    return frozenset(chosen)


def _identity(sort_text: str, display: str) -> str | tuple[str, str]:
    """What names a heading among its siblings: its text alone when it sorts as it prints (the fast
    path's keys), else both."""
    return sort_text if sort_text == display else (sort_text, display)


def _page_codes(pages: Iterable[str], style: IstStyle) -> tuple[dict[str, int | str], set[str]]:
    """Each distinct page text's code (or why it is no page), and the texts that are no page."""
    codes: dict[str, int | str] = {}
    bad: set[str] = set()
    for page in pages:
        code = codes[page] = _page_code(page, style)
        if code.__class__ is str:
            bad.add(page)
    return codes, bad


class _Reader:
    """One pass over an .idx: lines to entries, with caches keyed by the texts that repeat."""

    def __init__(self, style: IstStyle, part: int = 0, split: frozenset[str] | None = None) -> None:
        self.style = style
        # With a split this reader keeps only the main headings of its part (see choose_split): its
        # regular expression skips the lines of the other part unread, and it reports the bad lines
        # of its part; part 0 those of no part.
        self.part = part
        self.split = split
        self.roots: dict[str | tuple[str, str], IdxEntry] = {}
        self.problems: list[IdxProblem] = []
        self.numbered: dict[str, list[int]] = {}  # keys with an encap or a quote -> the numbers of their lines
        self.with_refs: list[IdxEntry] = []  # entries with |( or |), in the order they were first met
        self.with_xrefs: list[IdxEntry] = []  # entries with cross-references, likewise
        self.linked_roots: set[str | tuple[str, str]] = set()  # main headings with references below them
        self.text = ""
        self.scanned: list[tuple[str, int, str]] = []
        self.accepted = 0
        self.rejected = 0
        self.simple_specials = (style.quote, style.actual, style.encap)  # a key without them is headings and "!"
        self.argument_specials = re.compile("|".join(re.escape(char) for char in {style.quote, style.escape,
                                                                                   style.arg_open, style.arg_close}))
        # One match per line, each starting where the last ended: an \indexentry{key}{page} whose key
        # nests braces at most one deep (\textit{x}, |see{x}) in groups 1 and 2; any other line in group 3.
        opening, closing = re.escape(style.arg_open), re.escape(style.arg_close)
        protectors = re.escape(style.quote) + re.escape(style.escape)
        plain = f"[^{opening}{closing}{protectors}\\n]"
        protected = f"[{protectors}][^\\n]"
        key = f"(?:{plain}++|{protected}|{opening}(?:{plain}++|{protected})*+{closing})++"
        entry_start = re.escape(style.keyword) + opening
        mine = ""
        skipped = "()"  # group 1: the run of the other part's lines before a line of this part
        if split:
            chars = "".join(sorted(split))  # letters and digits: nothing to escape in a class
            quote = re.escape(style.quote)
            # After the leading spaces a key starts with a character of the child's part or the
            # parent's; a quote makes the next character the first of the sort text: both read it.
            ahead = f"[{chars}{quote}]" if part else f"[^{chars}]"
            mine = f"(?=[^\\S\\n]*+{ahead})"
            other_first = f"[^{chars}{quote}\\n]" if part else f"[{chars}]"
            skipped = f"((?:{entry_start}[^\\S\\n]*+{other_first}[^\\n]*+\\n)*+)"
        # Each match: the other part's lines passed over (group 1), then one line of this part, or any
        # other line (group 4); at the end of the text, only the lines passed over.
        self.lines = re.compile(
            f"{skipped}(?:{entry_start}{mine}({key}){closing}{opening}([^{opening}{closing}\\n]*){closing}"
            f"[ \\t]*|([^\\n]*))(?:\\n|\\Z)"
        )
        self.entry_start = style.keyword + style.arg_open

    def owns(self, key: str) -> bool:
        """Whether this reader reports what is wrong with a key (the one whose part its first character names)."""
        return self.split is None or _part_of(key, self.split) == self.part

    def owns_line(self, line: str) -> bool:
        """Whether this reader reports a line that is no entry."""
        if self.split is None:
            return True
        stripped = line.lstrip()
        if not stripped.startswith(self.entry_start):
            return self.part == 0
        return self.owns(stripped[len(self.entry_start) :])

    def reject(self, line: int, message: str) -> None:
        self.rejected += 1
        self.problems.append(IdxProblem(line, message))

    def read(self, text: str) -> None:
        """Read every line: first group the lines by key text (a book indexes one key on many
        pages), then make each distinct key's entry once and give it all its pages."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.endswith("\n"):
            text += "\n"
        groups: dict[str, list[str]] = {}  # key -> its pages as written, in file order
        firsts: dict[str, int] = {}  # key -> the line it first appears on
        scanned_lines: list[tuple[str, int, str]] = []  # lines read the slow way: (key, number, text after)
        self.text, self.scanned = text, scanned_lines
        quote, actual, encap = self.simple_specials
        numbered = self.numbered
        # (Plain calls, no bound methods kept in locals: compiled, each is a direct C call.)
        matches: list[tuple[str, str, str, str]] = self.lines.findall(text)
        number = 0
        for passed, key, page, other in matches:
            number += 1
            if passed:
                number += passed.count("\n")
            if not key:
                if not other or other.isspace():
                    continue
                scanned = self.scan_line(other)
                if isinstance(scanned, str):
                    if self.owns_line(other):
                        self.reject(number, scanned)
                    continue
                key, page, after = scanned
                scanned_lines.append((key, number, after))
            found = groups.get(key)
            if found is None:
                found = groups[key] = []
                firsts[key] = number
                if quote in key or actual in key or encap in key:
                    # Keys with an encap or a quote keep the numbers of their lines (ranges pair in
                    # file order and report lines); plain keys only need the first.
                    numbered[key] = []
            found.append(page)
            if numbered:
                lines_of_key = numbered.get(key)
                if lines_of_key is not None:
                    lines_of_key.append(number)
        trailing = [line for line in scanned_lines if line[2]]
        scanned_keys = {key for key, _number, _after in scanned_lines} if self.split is not None else None
        owned: set[str] | None = set() if trailing else None  # keys this reader keeps
        entries = bad = 0
        skip = _SKIP
        level, roots, split, part = self.style.level, self.roots, self.split, self.part
        codes, bad_pages = _page_codes(set().union(*groups.values()), self.style)
        for key, pages in groups.items():
            clean = not bad_pages or bad_pages.isdisjoint(pages)  # every page is a page
            if clean and key not in numbered:
                # parse_key's first case inlined: a key of headings separated by "!" and nothing else.
                heads = key.split(level)
                if scanned_keys and key in scanned_keys and _part_of(heads[0], split) != part:  # type: ignore[arg-type]
                    continue  # (the regular expression gave this reader only keys of its part)
                texts = [head.strip() for head in heads]
                if "" not in texts:  # else parse_key reports it
                    if owned is not None:
                        owned.add(key)
                    entries += len(pages)
                    siblings: dict[str | tuple[str, str], IdxEntry] = roots
                    plain: bool | None = None
                    deepest = len(texts) - 1
                    for depth, text in enumerate(texts):
                        entry = siblings.get(text)
                        if entry is None:
                            if plain is None:
                                plain = _is_plain(key)
                            entry = siblings[text] = IdxEntry(text, text, depth, firsts[key], text if plain else None)
                        if depth < deepest:
                            siblings = entry.child_map()
                    entry.pages.extend([codes[page] for page in pages])  # type: ignore[misc, union-attr]
                    continue
            page_codes = [codes[page] for page in pages]
            kind, payload, emphasis, encap, operation = self.parse_key(key)
            if kind == skip:
                continue
            if owned is not None:
                owned.add(key)
            entries += len(pages)
            line = firsts[key]
            if kind == _XREF:
                levels, xref_kind, xref_text = payload
                self.add_xref((self.entry_for(levels, line), xref_kind, xref_text), line)
                self.linked_roots.add(_identity(*levels[0]))
                continue
            if kind == _BAD:
                for number in self.numbers_of(key):
                    self.reject(number, encap)
                bad += len(pages)
                continue
            numbers = numbered.get(key)
            if not clean:
                # Lines whose page is no page are rejected; an entry only some good line names is not made.
                numbers = []
                good_codes = []
                for code, number in zip(page_codes, self.numbers_of(key), strict=True):
                    if code.__class__ is str:
                        self.reject(number, code)
                        bad += 1
                    else:
                        good_codes.append(code)
                        numbers.append(number)
                if not numbers:
                    continue
                page_codes, line = good_codes, numbers[0]
            entry = self.entry_for(payload, line)
            if kind == _PLAIN:
                entry.pages.extend(page_codes)  # type: ignore[arg-type]
            elif kind == _STYLED:
                styled = entry.styled
                if not isinstance(styled, list):
                    styled = entry.styled = []
                styled.extend([(code, emphasis, encap) for code in page_codes])  # type: ignore[misc]
            else:
                refs = entry.refs
                if not isinstance(refs, list):
                    self.with_refs.append(entry)
                    refs = entry.refs = []
                refs.extend([(code, emphasis, encap, operation, number)  # type: ignore[misc]
                                   for code, number in zip(page_codes, numbers or (), strict=True)])  # fmt: skip
        if owned:
            for key, number, after in trailing:
                if key in owned:
                    self.problems.append(IdxProblem(number, f"text after the entry ignored: {after!r}", False))
        self.accepted = entries - bad

    def numbers_of(self, key: str) -> list[int]:
        """The numbers of the lines of a key (read again for plain keys: only bad ones ask)."""
        recorded = self.numbered.get(key)
        if recorded is not None:
            return recorded
        numbers: list[int] = []
        number = 0
        for passed, line_key, _page, _other in self.lines.findall(self.text):
            number += 1 + passed.count("\n")
            if line_key == key and key:
                numbers.append(number)
        numbers += [number for line_key, number, _after in self.scanned if line_key == key]
        return sorted(numbers)

    def add_xref(self, target: tuple[IdxEntry, XRefKind, str], number: int) -> None:
        entry, kind, text = target
        xrefs = entry.xrefs
        if not isinstance(xrefs, list):
            self.with_xrefs.append(entry)
            xrefs = entry.xrefs = []
        # makeindex prints a |see on every page it was indexed at; one reference is enough.
        if not any(xref.kind is kind and xref.text == text for xref in xrefs):
            xrefs.append(IdxXRef(kind, text, number))

    def scan_line(self, line: str) -> tuple[str, str, str] | str:
        """(key, page, trailing text) of a line, or why it is not an entry; makeindex's argument rules."""
        style = self.style
        start = len(line) - len(line.lstrip())
        if not line.startswith(style.keyword, start):
            return f"not an index entry (expected {style.keyword}{style.arg_open}...)"
        index = start + len(style.keyword)
        first = self.scan_argument(line, index, "first")
        if isinstance(first, str):
            return first
        key, index = first
        second = self.scan_argument(line, index, "second")
        if isinstance(second, str):
            return second
        page, index = second
        return key, page, line[index:].strip()

    def scan_argument(self, line: str, index: int, which: str) -> tuple[str, int] | str:
        """One ``{...}`` argument from ``index``: (text, index after it), or why there is none.

        Braces nest; a quote or escape character protects the character after it.
        """
        style = self.style
        while index < len(line) and line[index] in " \t":
            index += 1
        if not line.startswith(style.arg_open, index):
            return f"missing {which} argument (expected {style.arg_open})"
        start = index + 1
        depth = 0
        protected = -1
        for match in self.argument_specials.finditer(line, start):
            position = match.start()
            if position == protected:
                continue
            char = match.group()
            if char == style.arg_open:
                depth += 1
            elif char == style.arg_close:
                if depth == 0:
                    return line[start:position], position + 1
                depth -= 1
            else:
                protected = position + 1
        return f"incomplete {which} argument (unbalanced braces or premature end of line)"

    def parse_key(self, key: str) -> Action:
        """What a key asks for: the headings it names and what its encap says; or why the key is bad."""
        quote_char, actual_char, encap_char = self.simple_specials
        if quote_char not in key and actual_char not in key and encap_char not in key:
            # Most keys are only headings separated by "!": no quoting, no @, no encap.
            parts = key.split(self.style.level)
            if self.split is not None and _part_of(parts[0], self.split) != self.part:
                return _SKIPPED
            texts = [part.strip() for part in parts]
            if "" in texts:
                return self.bad(key, "empty field in the key (an empty heading, or nothing before @)")
            return (_PLAIN, [(text, text) for text in texts], 0, "", 0)
        style = self.style
        # (Without a quote, escapes change nothing in a key.)
        split = _split_plain_key(key, style) if style.quote not in key else _split_quoted_key(key, style)
        if isinstance(split, str):
            return self.bad(key, split)
        fields_, encap_text = split
        levels: list[tuple[str, str]] = []
        for sort_text, display in fields_:
            sort_text = sort_text.strip()
            display = display.strip() if display is not None else sort_text
            if not sort_text:
                return self.bad(key, "empty field in the key (an empty heading, or nothing before @)")
            levels.append((sort_text, display or sort_text))  # makeindex accepts key@ and prints the key
        if self.split is not None and _part_of(levels[0][0], self.split) != self.part:
            return _SKIPPED
        operation, emphasis, encap = PAGE, 0, ""
        if encap_text is not None:
            if style.encap in encap_text and style.quote not in key:
                return self.bad(key, f"extra {style.encap} in the encapsulator {encap_text!r}")
            if encap_text.startswith(style.range_open):
                operation, encap_text = OPEN, encap_text[len(style.range_open) :]
            elif encap_text.startswith(style.range_close):
                operation, encap_text = CLOSE, encap_text[len(style.range_close) :]
            xref = _xref_of(encap_text, style)
            if xref is not None:
                if operation != PAGE:
                    return self.bad(key, "a cross-reference cannot open or close a page range")
                if not xref[1]:
                    return self.bad(key, f"{xref[0].value} reference with no target")
                return (_XREF, (levels, *xref), 0, "", 0)
            if encap_text in _EMPHASIS_ENCAPS:
                emphasis = int(_EMPHASIS_ENCAPS[encap_text])
            elif encap_text:
                if encap_text.count(style.arg_open) != encap_text.count(style.arg_close):
                    return self.bad(key, f"unbalanced braces in the encapsulator {encap_text!r}")
                encap = encap_text
        if operation != PAGE:
            return (_RANGE, levels, emphasis, encap, operation)
        if emphasis or encap:
            return (_STYLED, levels, emphasis, encap, 0)
        return (_PLAIN, levels, 0, "", 0)

    def bad(self, key: str, message: str) -> Action:
        """The action of a bad key: reported by the reader that owns it."""
        return (_BAD, None, 0, message, 0) if self.owns(key) else _SKIPPED

    def entry_for(self, levels: list[tuple[str, str]], line: int) -> IdxEntry:
        siblings = self.roots
        entry: IdxEntry | None = None
        for depth, (sort_text, display) in enumerate(levels):
            identity = _identity(sort_text, display)
            entry = siblings.get(identity)
            if entry is None:
                entry = siblings[identity] = IdxEntry(sort_text, display, depth, line)
            siblings = entry.child_map()
        assert entry is not None
        return entry


def _split_plain_key(key: str, style: IstStyle) -> tuple[list[tuple[str, str | None]], str | None] | str:
    """Levels and encap of a key without quote or escape characters (the fast, common case)."""
    encap: str | None = None
    if style.encap in key:
        key, _, encap = key.partition(style.encap)
    levels: list[tuple[str, str | None]] = []
    for part in key.split(style.level):
        if style.actual in part:
            sort_text, _, display = part.partition(style.actual)
            if style.actual in display:
                return f"extra {style.actual} in {part!r}"
            levels.append((sort_text, display))
        else:
            levels.append((part, None))
    return levels, encap


def _split_quoted_key(key: str, style: IstStyle) -> tuple[list[tuple[str, str | None]], str | None] | str:
    """Levels and encap of a key the character way, makeindex's ``scan_field`` rules.

    A quote not preceded by an odd number of escapes is dropped and the next
    character taken literally; escapes are kept (``\\"o`` stays as it is).
    """
    levels: list[tuple[str, str | None]] = []
    current: list[str] = []
    sort_text: str | None = None
    encap: str | None = None
    index = 0
    length = len(key)
    escapes = 0
    while index < length:
        char = key[index]
        if char == style.escape:
            escapes += 1
            current.append(char)
            index += 1
            continue
        odd = escapes % 2 == 1
        escapes = 0
        if char == style.quote and not odd:
            if index + 1 >= length:
                return f"quote character {style.quote} at the end of the key"
            current.append(key[index + 1])
            index += 2
            continue
        if char == style.level:
            levels.append((sort_text, "".join(current)) if sort_text is not None else ("".join(current), None))
            current, sort_text = [], None
        elif char == style.actual:
            if sort_text is not None:
                return f"extra {style.actual} at position {index + 1} of the key"
            sort_text = "".join(current)
            current = []
        elif char == style.encap:
            rest = key[index + 1 :]
            if style.encap in _without_quotes(rest, style, keep_quoted=False):
                return f"extra {style.encap} in the encapsulator {rest!r}"
            encap = _without_quotes(rest, style, keep_quoted=True) if style.quote in rest else rest
            break
        else:
            current.append(char)
        index += 1
    levels.append((sort_text, "".join(current)) if sort_text is not None else ("".join(current), None))
    return levels, encap


def _without_quotes(text: str, style: IstStyle, *, keep_quoted: bool) -> str:
    """``text`` with makeindex's quote characters taken out. ``keep_quoted``: the characters they
    quote stay, and so do escapes (an encap with its quoting undone); else those go too (what is
    left shows the specials that are not quoted)."""
    out: list[str] = []
    index = 0
    escapes = 0
    while index < len(text):
        char = text[index]
        if char == style.escape:
            escapes += 1
            if keep_quoted:
                out.append(char)
        elif char == style.quote and escapes % 2 == 0:
            if keep_quoted and index + 1 < len(text):
                out.append(text[index + 1])
            index += 2
            escapes = 0
            continue
        else:
            escapes = 0
            out.append(char)
        index += 1
    return "".join(out)


def _xref_of(encap: str, style: IstStyle) -> tuple[XRefKind, str] | None:
    """``see{X}`` → (SEE, X); ``seealso{X}`` → (SEE_ALSO, X); anything else None."""
    if not encap.endswith(style.arg_close):
        return None
    name, brace, rest = encap.partition(style.arg_open)
    kind = _XREF_ENCAPS.get(name)
    if kind is None or not brace:
        return None
    return kind, rest[: -len(style.arg_close)].strip()


def _page_code(page: str, style: IstStyle) -> int | str:
    """The page code of a page argument, or why makeindex-style pages cannot use it."""
    text = page.strip()
    if text.isdigit() and text.isascii():
        if len(text) > MAX_PAGE_DIGITS:  # (before int(): Python refuses to read numbers of 4,300 digits)
            return f"page {text[:12]}… ({len(text):,} digits) is too large"
        value = int(text)
        if value == 0:
            return "page 0 cannot be a locator"
        if value >= ROMAN_OFFSET:
            return f"page {text} is too large"
        return value
    if not text:
        return "empty page number"
    if text.isascii() and text.isalpha():
        try:
            return int(roman.fromRoman(text.upper())) - ROMAN_OFFSET
        except roman.InvalidRomanNumeralError:
            pass
    if style.page_compositor in text and all(part.strip() for part in text.split(style.page_compositor)):
        return f"composite page number {text!r} (page_compositor {style.page_compositor!r}) is not supported"
    return f"page {text!r} is not an arabic or roman page number"


# -- after reading: ranges and cross-references ----------------------------------------------------


def _pair_ranges(entry: IdxEntry, problems: list[IdxProblem]) -> None:
    """Pair an entry's |( and |) in file order (LaTeX writes them in page order) into ranges."""
    opened: tuple[int, int, str, int, int] | None = None
    singles = entry.styled = list(entry.styled)
    ranges = entry.ranges = list(entry.ranges)
    # Read key by key ("a|(" lines, then "a|)"): back to line order.
    for ref in sorted(entry.refs, key=lambda ref: ref[4]):
        code, emphasis, encap, operation, line = ref
        if operation == OPEN:
            if opened is not None:
                message = f"a range is already open (line {opened[4]}) for {entry.display!r}: this one is one page"
                problems.append(IdxProblem(line, message, False))
                singles.append((code, emphasis, encap))
            else:
                opened = ref
        elif opened is None:
            message = f"range closed but never opened for {entry.display!r}: counted as one page"
            problems.append(IdxProblem(line, message, False))
            singles.append((code, emphasis, encap))
        else:
            start, start_emphasis, start_encap, _, start_line = opened
            if code < start or (start < 0) != (code < 0):
                message = (f"the range opened at line {start_line} ends before it starts or mixes roman and "
                           "arabic pages: counted as two pages")  # fmt: skip
                problems.append(IdxProblem(line, message, False))
                singles.append((start, start_emphasis, start_encap))
                singles.append((code, emphasis, encap))
            else:
                ranges.append((start, code, start_emphasis, start_encap))
            opened = None
    if opened is not None:
        message = f"the range opened here for {entry.display!r} is never closed: counted as one page"
        problems.append(IdxProblem(opened[4], message, False))
        singles.append((opened[0], opened[1], opened[2]))
    entry.refs = ()


def _child_named(siblings: Sequence[IdxEntry], text: str) -> IdxEntry | None:
    """The entry among ``siblings`` whose display (or, failing that, plain text) is ``text``."""
    for entry in siblings:
        if entry.display == text:
            return entry
    plain = latex_to_plain(text).casefold()
    for entry in siblings:
        if entry.plain.casefold() == plain:
            return entry
    return None


def _candidates(text: str, style: IstStyle) -> list[tuple[str, ...]]:
    """The heading paths a cross-reference text may name: itself, split at ``!``, split at ``, ``."""
    candidates: list[tuple[str, ...]] = [(text,)]
    if style.level in text:
        candidates.append(tuple(part.strip() for part in text.split(style.level)))
    if ", " in text:
        candidates.append(tuple(part.strip() for part in text.split(", ")))
        head, _, rest = text.partition(", ")
        candidates.append((head.strip(), rest.strip()))
    return [candidate for candidate in candidates if all(candidate)]


# An entry found by a cross-reference: the displays of its path below the main heading, and its id
# (line it was first seen on, depth), which names one entry even across two processes.
Found = tuple[tuple[str, ...], tuple[int, int]]


def _walk(entry: IdxEntry, below: Sequence[str]) -> Found | None:
    """Follow subheading texts down from ``entry``."""
    displays: list[str] = []
    for part in below:
        found = _child_named(entry.subentries(), part)
        if found is None:
            return None
        entry = found
        displays.append(entry.display)
    return tuple(displays), (entry.line, entry.depth)


class _RootDirectory:
    """The main headings that cross-references may name, by display and by plain text, the first one
    in the file winning (as makeindex would). Only headings one of ``names`` may match are kept."""

    def __init__(self, names: Iterable[str]) -> None:
        self.displays = set(names)
        self.plains = {latex_to_plain(name).casefold() for name in self.displays}
        self.by_display: dict[str, tuple[int, str, IdxEntry | None]] = {}
        self.by_plain: dict[str, tuple[int, str, IdxEntry | None]] = {}

    def add(self, line: int, display: str, plain: str, entry: IdxEntry | None) -> None:
        """Add a main heading (``entry`` None when it lives in the other process)."""
        if display in self.displays:
            known = self.by_display.get(display)
            if known is None or line < known[0]:
                self.by_display[display] = (line, display, entry)
        folded = plain.casefold()
        if folded in self.plains:
            known = self.by_plain.get(folded)
            if known is None or line < known[0]:
                self.by_plain[folded] = (line, display, entry)

    def find(self, text: str) -> tuple[int, str, IdxEntry | None] | None:
        """The main heading named ``text`` (one of the names): by display, else by plain text."""
        return self.by_display.get(text) or self.by_plain.get(latex_to_plain(text).casefold())


def _names(texts: Iterable[str], style: IstStyle) -> set[str]:
    """The main headings that cross-reference texts may name: the first part of each candidate path."""
    return {candidate[0] for text in texts for candidate in _candidates(text, style)}


def _dedupe_xrefs(entry: IdxEntry) -> None:
    """"roses!pruning" and "roses, pruning" name one target: print it once."""
    unique: list[IdxXRef] = []
    seen: set[tuple[XRefKind, str]] = set()
    for xref in entry.xrefs:
        if (xref.kind, xref.label) not in seen:
            seen.add((xref.kind, xref.label))
            unique.append(xref)
    entry.xrefs = unique


def _unresolved(xref: IdxXRef) -> IdxProblem:
    return IdxProblem(xref.line, f"{xref.kind.value} {xref.text!r}: no entry of that name, printed as written", False)


def _resolve_xrefs(result: IdxResult, with_xrefs: list[IdxEntry], style: IstStyle) -> None:
    """Link each reference to the entry its text names (a path with ``!`` or ``, ``), if there is one."""
    directory = _RootDirectory(_names([xref.text for entry in with_xrefs for xref in entry.xrefs], style))
    for root in result.roots:
        directory.add(root.line, root.display, root.plain, root)
    targets: dict[int, IdxEntry] = {}
    for entry in with_xrefs:
        for xref in entry.xrefs:
            for candidate in _candidates(xref.text, style):
                named = directory.find(candidate[0])
                if named is None or named[2] is None:
                    continue
                found = _walk(named[2], candidate[1:])
                if found is not None and found[1] != (entry.line, entry.depth):
                    xref.path = (named[1], *found[0])
                    targets[id(xref)] = _entry_at(named[2], candidate[1:])
                    break
            else:
                result.problems.append(_unresolved(xref))
            xref.target = targets.get(id(xref))
        _dedupe_xrefs(entry)


def _entry_at(entry: IdxEntry, below: Sequence[str]) -> IdxEntry:
    for part in below:
        found = _child_named(entry.subentries(), part)
        assert found is not None
        entry = found
    return entry


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    Converting makes a few objects per line and frees almost none, so each
    collection would only rescan a growing heap: with it, reading 100,000
    lines took three times as long.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_idx(text: str, style: IstStyle | None = None) -> IdxResult:
    """Parse an .idx text; bad lines are reported (with their numbers) and skipped, never raised."""
    style = style or IstStyle()
    with _no_collection():
        result, with_xrefs = _read_part(text, style)
        if with_xrefs:
            _resolve_xrefs(result, with_xrefs, style)
        result.problems.sort(key=lambda problem: (problem.line, problem.message))
    return result


def _read_part(
    text: str, style: IstStyle, part: int = 0, split: frozenset[str] | None = None
) -> tuple[IdxResult, list[IdxEntry]]:
    """Read the main headings of one part (all of them without a split); pair ranges; entries with xrefs."""
    return _read_with_links(text, style, part, split)[:2]


def _read_with_links(
    text: str, style: IstStyle, part: int = 0, split: frozenset[str] | None = None
) -> tuple[IdxResult, list[IdxEntry], list[IdxEntry], list[IdxEntry]]:
    """:func:`_read_part`, and the main headings split in two: without and with cross-references below."""
    with _no_collection():
        reader = _Reader(style, part, split)
        reader.read(text)
        result = IdxResult(list(reader.roots.values()), reader.problems, reader.accepted, reader.rejected)
        for entry in reader.with_refs:
            _pair_ranges(entry, result.problems)
        linked = [reader.roots[identity] for identity in reader.linked_roots]
        free = [root for identity, root in reader.roots.items() if identity not in reader.linked_roots]
        return result, reader.with_xrefs, free, linked


# -- locators for print: the lean twin of ranges.conflate -----------------------------------------


def conflate_tuples(locators: Sequence[LocatorTuple], adjacent: bool = True) -> list[LocatorTuple]:
    """Conflate locator tuples as :func:`xindex.core.ranges.conflate` does Locators.

    Joined only within one series, emphasis and encap; a locator whose pages
    are all cited with stronger emphasis (same encap) is dropped; exact
    duplicates keep the strongest emphasis.
    """
    reach = 1 if adjacent else 0
    if len(locators) < 2:
        return list(locators)
    first_style = locators[0][3:]
    if all(loc[3:] == first_style for loc in locators):
        return _join(sorted(locators), reach)
    groups: dict[tuple[int, int, str], list[LocatorTuple]] = {}
    for loc in locators:
        groups.setdefault((loc[0], loc[3], loc[4]), []).append(loc)
    if len({(series, encap) for series, _emphasis, encap in groups}) == len(groups):
        # One emphasis per series and encap (plain and \hyperpage pages, say): nothing is covered by
        # a stronger emphasis, so each style's runs are joined on their own.
        runs = [run for members in groups.values() for run in _join(sorted(members), reach)]
        runs.sort(key=lambda loc: (loc[0], loc[1], loc[2], loc[4]))
        return runs
    # The general case, in ranges.conflate's steps: merge (overlaps within a style; the strongest of
    # exact duplicates), join adjacent runs within a style, drop what stronger emphasis covers.
    strongest: dict[tuple[int, int, int, str], LocatorTuple] = {}
    for members in groups.values():
        for loc in _join(sorted(members), 0):
            identity = (loc[0], loc[1], loc[2], loc[4])
            known = strongest.get(identity)
            if known is None or loc[3] > known[3]:
                strongest[identity] = loc
    groups = {}
    for loc in strongest.values():
        groups.setdefault((loc[0], loc[3], loc[4]), []).append(loc)
    joined = {group: _join(sorted(members), reach) for group, members in groups.items()}
    kept: list[LocatorTuple] = []
    for (series, emphasis, encap), runs in joined.items():
        stronger = _union([
            loc for (other_series, other_emphasis, other_encap), other_runs in joined.items()
            if other_series == series and other_encap == encap and other_emphasis > emphasis for loc in other_runs
        ])  # fmt: skip
        kept.extend(loc for loc in runs if not any(start <= loc[1] and loc[2] <= end for start, end in stronger))
    kept.sort(key=lambda loc: (loc[0], loc[1], loc[2], loc[4]))
    return kept


def _join(ordered: list[LocatorTuple], reach: int) -> list[LocatorTuple]:
    """Join sorted locators of one series and style that overlap (or touch, with reach 1)."""
    out: list[LocatorTuple] = []
    series = last = -2
    for loc in ordered:
        if out and loc[0] == series and loc[1] <= last + reach and loc[3:] == out[-1][3:]:
            if loc[2] > last:
                previous = out[-1]
                out[-1] = (previous[0], previous[1], loc[2], previous[3], previous[4])
                last = loc[2]
            continue
        out.append(loc)
        series, last = loc[0], loc[2]
    return out


def _emphasised_spans(locators: list[LocatorTuple]) -> set[tuple[int, int]]:
    """The page-code spans of the emphasised locators without an encap, overlaps merged per emphasis."""
    groups: dict[tuple[int, int], list[LocatorTuple]] = {}
    for loc in locators:
        if loc[3] and not loc[4]:
            groups.setdefault((loc[0], loc[3]), []).append(loc)
    offset = {int(Series.ARABIC): 0, int(Series.ROMAN): -ROMAN_OFFSET}
    return {(loc[1] + offset[loc[0]], loc[2] + offset[loc[0]]) for members in groups.values()
            for loc in _join(sorted(members), 0)}  # fmt: skip


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted (first, last) spans with the overlapping ones merged."""
    merged = [spans[0]]
    for first, last in spans[1:]:
        start, end = merged[-1]
        if first <= end:
            if last > end:
                merged[-1] = (start, last)
        else:
            merged.append((first, last))
    return merged


def _union_by_series(locators: list[LocatorTuple]) -> dict[int, list[tuple[int, int]]]:
    """The pages the locators cover, as joined spans per series."""
    return {series: _union([loc for loc in locators if loc[0] == series]) for series in {loc[0] for loc in locators}}


def _union(locators: Iterable[LocatorTuple]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for loc in sorted(locators, key=lambda item: (item[1], item[2])):
        if spans and loc[1] <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], loc[2]))
        else:
            spans.append((loc[1], loc[2]))
    return spans


# -- the converter ------------------------------------------------------------------------------------


def convert(
    idx_text: str,
    style: IstStyle | None = None,
    *,
    rules: str = DEFAULT_RULES.name,
    language: str = "en",
    range_rule: RangeRule = DEFAULT_RANGE_RULE,
    parallel: bool | None = None,
) -> tuple[str, list[IdxProblem]]:
    """An .idx text in, the .ind text and the problems out: makeindex in memory.

    ``parallel``: split the work with a forked child process (by default when
    the text is big and forking is safe and useful: Linux, no threads, fewer
    busy processes than cores). The output is the same either way.
    """
    keys = SortKeys(SortOptions(rule_set(rules), normalize_language(language)))
    ind, problems, _, _ = _convert(idx_text, style or IstStyle(), keys, FormatOptions(range_rule=range_rule),
                                   parallel)  # fmt: skip
    return ind, problems


def _convert(
    text: str, style: IstStyle, keys: SortKeys, options: FormatOptions, parallel: bool | None,
    pair: Pair | None = None,
) -> tuple[str, list[IdxProblem], int, int]:
    """(.ind text, problems, lines accepted, lines rejected); ``pair``: a child forked already."""
    if pair is None and parallel is None:
        parallel = len(text) >= PARALLEL_MIN_CHARS and can_fork()
    with _no_collection():
        if pair is not None:
            done = _parent_part(pair, text, style, keys, options)
            if done is not None:
                return done
        elif parallel:
            done = _convert_in_two(text, style, keys, options)
            if done is not None:
                return done
        result = read_idx(text, style)
        _keep_until_exit(result)
        return write_ind(result, style, keys, options), result.problems, result.accepted, result.rejected


def _keep_until_exit(*objects: object) -> None:
    """Spare the freeing of what a run made when the process is about to leave without it."""
    if makeindex_cli.KEPT_UNTIL_EXIT is not None:
        makeindex_cli.KEPT_UNTIL_EXIT.extend(objects)


def write_ind(result: IdxResult, style: IstStyle, keys: SortKeys, options: FormatOptions) -> str:
    """The .ind of a read .idx: what ``export_ind(Formatter(options).format(...))`` writes, made directly.

    Only the indented layout with *See also* after the locators (makeindex's
    own) is made here; the Formatter path does every other layout.
    """
    writer = _IndWriter(style, keys, options)
    return writer.document(writer.chunks(result.roots))


# -- two processes ----------------------------------------------------------------------------------
#
# A forked child reads the main headings of about half the lines: those whose sort text starts with
# one of the letters choose_split picks (each reader's regular expression passes over the other half's
# lines without a capture). The parent reads the others. Each parses, pairs ranges, computes sort keys
# and writes its own main headings, and the parent merges the two sorted lists. Cross-references may
# point across the halves, so the parent resolves them all, from the child's list of main headings
# and its answers for deeper paths. The command forks before it imports this module or reads the
# file (see makeindex_cli); convert(parallel=True) forks here, with the text read already, which
# gives the same output but runs slower.


def _convert_in_two(
    text: str, style: IstStyle, keys: SortKeys, options: FormatOptions
) -> tuple[str, list[IdxProblem], int, int] | None:
    """:func:`_convert` in two processes, forked now; None if forking or the child failed (then do it in one).

    The command forks earlier, before importing this module (see :mod:`xindex.formats.makeindex_cli`).
    """
    split = choose_split(text, style)
    if split is None:
        return None
    pair = fork_pair()
    if pair is None:
        return None
    if pair.child:
        run_child(lambda: _child_part(pair, text, style, keys, options, split))
    try:
        return _parent_part(pair, text, style, keys, options, split)
    finally:
        pair.wait()


def _child_part(
    pair: Pair, text: str, style: IstStyle, keys: SortKeys, options: FormatOptions,
    split: frozenset[str] | None = None,
) -> None:
    """The child's half of the work; nothing when the text has no split (the parent does it all).
    ``split``: :func:`choose_split`'s answer when known already (else it is asked here)."""
    split = split or choose_split(text, style)
    if split is not None:
        with pair.outgoing, pair.incoming:
            _child_half(text, style, split, keys, options, pair.outgoing, pair.incoming)


def _parent_part(
    pair: Pair, text: str, style: IstStyle, keys: SortKeys, options: FormatOptions,
    split: frozenset[str] | None = None,
) -> tuple[str, list[IdxProblem], int, int] | None:
    """The parent's half and the merge; None when the child failed or there is no split."""
    try:
        split = split or choose_split(text, style)
        if split is None:
            return None
        return _parent_half(text, style, split, keys, options, pair.outgoing, pair.incoming)
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return None
    finally:
        pair.close()


def _child_half(
    text: str, style: IstStyle, split: frozenset[str], keys: SortKeys, options: FormatOptions,
    outgoing: BinaryIO, incoming: BinaryIO,
) -> None:
    result, with_xrefs, free, linked = _read_with_links(text, style, 1, split)
    xrefs = [(entry, xref) for entry in with_xrefs for xref in entry.xrefs]
    _send(outgoing, (
        [(root.line, root.display, root.plain) for root in result.roots],
        [((entry.line, entry.depth), xref.text) for entry, xref in xrefs],
    ))  # fmt: skip
    writer = _IndWriter(style, keys, options)
    writer.prepare(result.roots)
    chunks = writer.chunks(free)  # while the parent resolves the references
    roots = {root.line: root for root in result.roots}
    queries = _receive(incoming)
    _send(outgoing, [_walk(roots[line], below) for line, below in queries])
    paths = _receive(incoming)
    for (_entry, xref), path in zip(xrefs, paths, strict=True):
        xref.path = tuple(path) if path is not None else ()
        if path is None:
            result.problems.append(_unresolved(xref))
    for entry in with_xrefs:
        _dedupe_xrefs(entry)
    chunks += writer.chunks(linked)
    problems = [(problem.line, problem.message, problem.rejected) for problem in result.problems]
    _send(outgoing, (chunks, problems, result.accepted, result.rejected))
    _keep_until_exit(result, writer, chunks, roots)


def _parent_half(
    text: str, style: IstStyle, split: frozenset[str], keys: SortKeys, options: FormatOptions,
    outgoing: BinaryIO, incoming: BinaryIO,
) -> tuple[str, list[IdxProblem], int, int]:
    result, with_xrefs, free, linked = _read_with_links(text, style, 0, split)
    writer = _IndWriter(style, keys, options)
    writer.prepare(result.roots)
    chunks = writer.chunks(free)  # while the child finishes reading
    their_roots, their_xrefs = _receive(incoming)
    # Every reference of both halves: (owner id, text); what each candidate path finds, or which
    # query to the child will tell.
    ours = [(entry, xref) for entry in with_xrefs for xref in entry.xrefs]
    references = [((entry.line, entry.depth), xref.text) for entry, xref in ours] + [
        (tuple(owner), text) for owner, text in their_xrefs
    ]
    directory = _RootDirectory(_names([text for _owner, text in references], style))
    for root in result.roots:
        directory.add(root.line, root.display, root.plain, root)
    for line, display, plain in their_roots:
        directory.add(line, display, plain, None)
    queries: list[tuple[int, tuple[str, ...]]] = []
    options_found: list[list[tuple[str, Found | int | None]]] = []
    for _owner, reference in references:
        found: list[tuple[str, Found | int | None]] = []
        for candidate in _candidates(reference, style):
            named = directory.find(candidate[0])
            if named is None:
                continue
            line, display, local = named
            if local is not None:
                found.append((display, _walk(local, candidate[1:])))
            elif len(candidate) == 1:
                found.append((display, ((), (line, 0))))
            else:
                found.append((display, len(queries)))
                queries.append((line, candidate[1:]))
        options_found.append(found)
    _send(outgoing, queries)
    answers = _receive(incoming)
    paths: list[tuple[str, ...] | None] = []
    for (owner, _reference), found in zip(references, options_found, strict=True):
        path = None
        for display, outcome in found:
            answer = answers[outcome] if isinstance(outcome, int) else outcome
            if answer is not None and tuple(answer[1]) != owner:
                path = (display, *answer[0])
                break
        paths.append(path)
    _send(outgoing, paths[len(ours) :])
    problems = list(result.problems)
    for (_entry, xref), path in zip(ours, paths[: len(ours)], strict=True):
        xref.path = path or ()
        if path is None:
            problems.append(_unresolved(xref))
    for entry in with_xrefs:
        _dedupe_xrefs(entry)
    chunks += writer.chunks(linked)
    their_chunks, their_problems, accepted, rejected = _receive(incoming)
    problems.extend(IdxProblem(line, message, rejected_) for line, message, rejected_ in their_problems)
    problems.sort(key=lambda problem: (problem.line, problem.message))
    # Two sorted runs: the sort merges them (no two main headings share a first line, so the text
    # and group are never compared).
    ind = writer.document(sorted(chunks + their_chunks))
    _keep_until_exit(result, writer, chunks, their_chunks, directory, references, options_found)
    return ind, problems, result.accepted + accepted, result.rejected + rejected


# One main heading written out: (sort key, line it first appeared on, letter group, its \item lines).
Chunk = tuple[bytes, int, str, str]


def group_title(letter: str, options: FormatOptions) -> str:
    """A group's title as the Formatter gives it: the letter, the numbers group's title, or none."""
    if letter == "*":
        return ""
    if letter == "":
        return options.numbers_group_title if options.numbers_group else ""
    return letter





# Targets sort by their main heading, as the Formatter sorts them: before ": ", or before the last ", ".
_MAIN_PART = re.compile(r": |, (?=[^,]*$)|^under ")


class _IndWriter:
    def __init__(self, style: IstStyle, keys: SortKeys, options: FormatOptions) -> None:
        from xindex.formats.latex import group_heading, xref_label  # latex imports this module's IstStyle

        self.style = style
        self.keys = keys
        self.options = options
        self.group_heading = group_heading
        self.xref_label = xref_label
        self.key_cache: dict[tuple[str, str | None, bool], bytes] = {}
        self.page_texts: dict[int, str] = {}
        self.items = [style.item(level) for level in range(3)]
        self.delims = [style.delim(level) for level in range(3)]
        self.prepared = False

    def sort_key(self, entry: IdxEntry) -> bytes:
        """An entry's sort key, computed once per distinct (plain, sort as, level); kept on the entry."""
        identity = (entry.plain, entry.sort_as, entry.depth == 0)
        found = self.key_cache.get(identity)
        if found is None:
            found = self.key_cache[identity] = self.keys.key(entry.plain, entry.sort_as, main=entry.depth == 0)
        entry.sort_key = found
        return found

    def prepare(self, roots: Iterable[IdxEntry]) -> None:
        """Compute the sort keys that writing will need (main headings, subheadings with siblings)."""
        self.prepared = True
        keys = self.keys
        for root in roots:  # (main headings seldom share a text: no cache)
            root.sort_key = keys.key(root.plain, root.sort_as)
        stack = [root for root in roots if root.children]
        while stack:
            entry = stack.pop()
            if entry.children:
                children = entry.children.values()
                if len(children) > 1:
                    for child in children:
                        self.sort_key(child)
                stack.extend(children)

    def chunks(self, roots: Sequence[IdxEntry]) -> list[Chunk]:
        """Each main heading with its subentries written out, in sorted order."""
        with _no_collection():
            if not self.prepared:
                self.prepare(roots)
            style = self.style
            items, delims, delim_n, delim_t = self.items, self.delims, style.delim_n, style.delim_t
            page_texts = self.page_texts
            by_key = operator.attrgetter("sort_key")
            out: list[Chunk] = []
            for root in sorted(roots, key=operator.attrgetter("sort_key", "line")):
                parts: list[str] = []
                stack = [root]
                while stack:
                    entry = stack.pop()
                    depth = entry.depth
                    pages = entry.pages
                    if entry.styled or entry.ranges or len(pages) > 1:
                        located = delim_n.join(self.locator_texts(entry))
                    elif pages:
                        located = page_texts.get(pages[0]) or self.page_text(pages[0])
                    else:
                        located = None
                    if depth < 3:
                        item, delim = items[depth], delims[depth]
                    else:
                        item, delim = style.item(depth), style.delim(depth)
                    if located is None:
                        parts.append(item + entry.display)
                    else:
                        parts.append(f"{item}{entry.display}{delim}{located}{delim_t}")
                    if entry.xrefs:
                        parts.append(self.xrefs(entry))
                    children = entry.children
                    if children:
                        if len(children) == 1:
                            stack.extend(children.values())
                        else:
                            ordered = sorted(children.values(), key=by_key)
                            ordered.reverse()  # popped first to last; equal keys stay in file order
                            stack.extend(ordered)
                out.append((root.sort_key, root.line, self.group_of(root), "".join(parts)))
            return out

    def document(self, chunks: Iterable[Chunk]) -> str:
        """The whole .ind: preamble, groups of sorted chunks with their headings, postamble."""
        style = self.style
        out = [style.preamble]
        group: str | None = None
        for _key, _line, letter, text in chunks:
            if letter != group:
                if group is not None:
                    out.append(style.group_skip)
                out.append(self.group_heading(style, group_title(letter, self.options)))
                group = letter
            out.append(text)
        out.append(style.postamble)
        return "".join(out)

    def group_of(self, root: IdxEntry) -> str:
        """The group key of a main heading ("*" when there are no letter groups), as the Formatter's."""
        return self.keys.group_letter(root.plain, root.sort_as) if self.options.letter_groups else "*"

    def locator_texts(self, entry: IdxEntry) -> list[str]:
        """The texts of an entry's locators, conflated as ``conflate_tuples(entry.locators())`` does.

        Plain pages (often hundreds) are joined as page codes; only the few emphasised or
        encapsulated locators go through :func:`conflate_tuples`.
        """
        if not (entry.styled or entry.ranges):
            pages = entry.pages
            if len(pages) == 1:
                return [self.page_text(pages[0])]
            return [self.run_text(start, last) for start, last in self.code_runs(sorted(set(pages)))]
        special: list[LocatorTuple] = []
        singles = set(entry.pages)
        plain_ranges: list[tuple[int, int]] = []
        for code, emphasis, encap in entry.styled:
            if emphasis or encap:
                series, value = _series_value(code)
                special.append((series, value, value, emphasis, encap))
            else:
                singles.add(code)  # a range that was never closed, counted as a page
        for first, last, emphasis, encap in entry.ranges:
            if emphasis or encap:
                series, value = _series_value(first)
                special.append((series, value, _series_value(last)[1], emphasis, encap))
            else:
                plain_ranges.append((first, last))
        # conflate_tuples' steps for the plain locators: merge overlaps, drop the exact duplicates of
        # an emphasised locator (page 5 cited plain and bold prints once, bold), join runs.
        exact = _emphasised_spans(special)
        spans: list[tuple[int, int]]
        if plain_ranges:
            spans = _merge_spans(sorted([(code, code) for code in singles] + plain_ranges))
            if exact:
                spans = [span for span in spans if span not in exact]
            spans = self.span_runs(spans) if spans else []
        else:
            if exact:
                singles.difference_update([first for first, last in exact if first == last])
            spans = self.code_runs(sorted(singles)) if singles else []
        kept = conflate_tuples(special, self.options.conflate_adjacent) if special else []
        # A plain run drops out when emphasised locators (without an encap) cover all of it.
        stronger = _union_by_series([loc for loc in kept if loc[3] and not loc[4]])
        located: list[tuple[tuple[int, int, int, str], str]] = []
        arabic, roman_ = int(Series.ARABIC), int(Series.ROMAN)
        for start, last in spans:
            order = (arabic, start, last, "") if start > 0 else (roman_, start + ROMAN_OFFSET, last + ROMAN_OFFSET, "")
            if stronger and any(low <= order[1] and order[2] <= high for low, high in stronger.get(order[0], ())):
                continue
            located.append((order, self.run_text(start, last)))
        located.extend(((loc[0], loc[1], loc[2], loc[4]), self.styled_text(loc)) for loc in kept)
        located.sort(key=lambda item: item[0])
        return [text for _order, text in located]

    def code_runs(self, codes: list[int]) -> list[tuple[int, int]]:
        """Sorted distinct page codes joined into runs (adjacent pages too, unless the options say not)."""
        reach = 1 if self.options.conflate_adjacent else 0
        runs: list[tuple[int, int]] = []
        start = last = codes[0]
        for code in codes[1:]:
            if code <= last + reach:
                last = code
                continue
            runs.append((start, last))
            start = last = code
        runs.append((start, last))
        return runs

    def span_runs(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sorted (first, last) code spans joined where they overlap or touch."""
        reach = 1 if self.options.conflate_adjacent else 0
        runs: list[tuple[int, int]] = []
        start, last = spans[0]
        for first, end in spans[1:]:
            if first <= last + reach:
                if end > last:
                    last = end
                continue
            runs.append((start, last))
            start, last = first, end
        runs.append((start, last))
        return runs

    def run_text(self, start: int, last: int) -> str:
        return self.page_text(start) if start == last else self.range_text(start, last)

    def page_text(self, code: int) -> str:
        text = self.page_texts.get(code)
        if text is None:
            text = self.page_texts[code] = str(code) if code > 0 else roman.toRoman(code + ROMAN_OFFSET).lower()
        return text

    def range_text(self, first: int, last: int) -> str:
        if first > 0:
            return f"{first}{self.style.delim_r}{abbreviate(first, last, self.options.range_rule)}"
        return f"{self.page_text(first)}{self.style.delim_r}{self.page_text(last)}"

    def styled_text(self, locator: LocatorTuple) -> str:
        series, first, last, emphasis, encap = locator
        offset = 0 if series == Series.ARABIC else -ROMAN_OFFSET
        text = self.page_text(first + offset) if first == last else self.range_text(first + offset, last + offset)
        style = self.style
        if emphasis:
            text = style.wrap("textbf" if emphasis == Emphasis.BOLD else "textit", text)
        if encap:
            text = style.wrap(encap, text)
        return text

    def xrefs(self, entry: IdxEntry) -> str:
        """An entry's cross-references as the .ind prints them after its locators."""
        # The Formatter's order and punctuation (CMS 16.15-23): See, then See also; after a main
        # heading ". See X; Y", after a subheading " (see also X)"; targets in key order.
        subentry = entry.depth > 0
        options = self.options
        out: list[str] = []
        for kind in (XRefKind.SEE, XRefKind.SEE_UNDER, XRefKind.SEE_ALSO):
            labels = [xref.label for xref in entry.xrefs if xref.kind is kind]
            if not labels:
                continue
            labels.sort(key=lambda label: self.keys.key(_MAIN_PART.split(label, maxsplit=1)[0]) + label.encode("utf-8"))
            label = {XRefKind.SEE: options.see_label, XRefKind.SEE_ALSO: options.see_also_label,
                     XRefKind.SEE_UNDER: options.see_under_label}[kind]  # fmt: skip
            if subentry:
                label = label[:1].lower() + label[1:]
            out.append(" (" if subentry else ". ")
            out.append(self.xref_label(label))
            out.append(" ")
            out.append("; ".join(labels))
            if subentry:
                out.append(")")
        return "".join(out)


# -- the command ----------------------------------------------------------------------------------------


def _job(args: argparse.Namespace, source: str, say: Callable[[str], None]) -> _Job | int:
    """What a run needs, read from the arguments and files; or the exit code of what went wrong."""
    try:
        language = normalize_language(args.lang)
        rule = range_rule(args.range_rules)
        rules = rule_set(args.rules)
    except ValueError as error:
        say(f"xindex makeindex: {error}")
        return BAD_INPUT
    transcript = [f"This is xindex makeindex, version {__version__}."]
    style = IstStyle()
    if args.style:
        try:
            style_text = _read_text(args.style)[0]
        except OSError as error:
            say(f"xindex makeindex: cannot read the style file {args.style}: {error.strerror or error}")
            return BAD_INPUT
        style = read_style(style_text)
        transcript.append(f"Scanning style file {args.style}...done ({len(style.problems)} problems).")
        transcript.extend(_problem_lines(args.style, style.problems, "Input style error"))
    try:
        text, encoding = _read_text(source)
    except OSError as error:
        say(f"xindex makeindex: cannot read {source}: {error.strerror or error}")
        return BAD_INPUT
    keys = SortKeys(SortOptions(rules, language))
    return _Job(text, encoding, style, keys, FormatOptions(range_rule=rule), transcript)


@dataclass
class _Job:
    text: str
    encoding: str
    style: IstStyle
    keys: SortKeys
    options: FormatOptions
    transcript: list[str]


def child_main(args: argparse.Namespace, source: str, pair: Pair) -> None:
    """The forked child's run (see :mod:`xindex.formats.makeindex_cli`): its half of the work, or
    nothing when the run cannot go on (the parent reports why)."""
    job = _job(args, source, lambda _text: None)
    if isinstance(job, _Job):
        with _no_collection():
            _child_part(pair, job.text, job.style, job.keys, job.options)


def run_args(args: argparse.Namespace, source: str, pair: Pair | None = None) -> int:
    """Run makeindex's job (``pair``: the parent's end when a child was forked to share it)."""
    say: Callable[[str], None] = (lambda _text: None) if args.quiet else (lambda text: print(text, file=sys.stderr))
    job = _job(args, source, say)
    if not isinstance(job, _Job):
        if pair is not None:
            pair.wait()
        return job
    try:
        return _run_job(args, source, job, say, pair)
    finally:
        if pair is not None:
            pair.wait()


def _run_job(args: argparse.Namespace, source: str, job: _Job, say: Callable[[str], None], pair: Pair | None) -> int:
    stem, suffix = os.path.splitext(source)
    base = os.path.splitext(stem)[0] if suffix == ".idx" else stem  # (as pathlib's with_suffix would)
    output: str = args.output or base + ".ind"
    log_path: str = args.log or base + ".ilg"
    for target in (output, log_path):
        try:
            check_target(target, sources=[source])
        except OutputRefusedError as error:
            say(f"xindex makeindex: {error}")
            return BAD_INPUT
    parallel = None if args.processes is None else args.processes == 2
    ind, problems, accepted, rejected_count = _convert(job.text, job.style, job.keys, job.options, parallel, pair)
    transcript = job.transcript
    transcript.append(f"Scanning input file {source}....done ({accepted} entries accepted, "
                      f"{rejected_count} rejected).")  # fmt: skip
    rejected = [problem for problem in problems if problem.rejected]
    warnings = [problem for problem in problems if not problem.rejected]
    transcript.extend(_problem_lines(str(source), rejected, "Input index error"))
    transcript.append("Sorting entries....done.")
    try:
        write_output(output, ind, encoding=job.encoding, errors="replace", newline=None, sources=[source])
    except OutputRefusedError as error:
        say(f"xindex makeindex: {error}")
        return BAD_INPUT
    except OSError as error:
        say(f"xindex makeindex: cannot write {output}: {error.strerror or error}")
        return BAD_INPUT
    transcript.append(f"Generating output file {output}....done ({ind.count(chr(10))} lines written, "
                      f"{len(warnings)} warnings).")  # fmt: skip
    transcript.extend(_problem_lines(str(source), warnings, "Warning"))
    transcript.append(f"Output written in {output}.")
    transcript.append(f"Transcript written in {log_path}.")
    try:
        write_output(log_path, "\n".join(transcript) + "\n", newline=None, sources=[source])
    except (OSError, OutputRefusedError) as error:
        reason = error if isinstance(error, OutputRefusedError) else error.strerror or error
        say(f"xindex makeindex: cannot write the transcript {log_path}: {reason}")
    say("\n".join(transcript))
    return OK


def _read_text(path: str) -> tuple[str, str]:
    """A file's text and the encoding to write its output in: UTF-8, else Latin-1 (older LaTeX setups)."""
    with open(path, "rb") as file:
        data = file.read()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _problem_lines(file: str, problems: Sequence[IdxProblem], title: str) -> list[str]:
    lines: list[str] = []
    for problem in problems:
        where = f"line = {problem.line}" if problem.line else "whole file"
        marker = "##" if title == "Warning" else "!!"
        lines.append(f"{marker} {title} (file = {file}, {where}):")
        lines.append(f"   -- {problem.message}")
    return lines


def run(argv: Sequence[str]) -> int:
    """``xindex makeindex`` with command-line arguments (see :func:`xindex.formats.makeindex_cli.run`)."""
    return makeindex_cli.run(argv)


_LATEX_MARKUP = re.compile(r"\\(textit|emph|textbf|textsc|textsuperscript|textsubscript)\{([^{}\\]*)\}")
_MARKUP_TAG = {"textit": "i", "emph": "i", "textbf": "b", "textsc": "sc", "textsuperscript": "sup",
               "textsubscript": "sub"}  # fmt: skip


def _display_markup(display: str, plain: str) -> str:
    """A heading's LaTeX display as xindex markup: simple style commands become tags, the rest plain text."""
    parts: list[str] = []
    position = 0
    for match in _LATEX_MARKUP.finditer(display):
        parts.append(markup.escape(latex_to_plain(display[position : match.start()])))
        tag = _MARKUP_TAG[match.group(1)]
        parts.append(f"<{tag}>{markup.escape(latex_to_plain(match.group(2)))}</{tag}>")
        position = match.end()
    parts.append(markup.escape(latex_to_plain(display[position:])))
    converted = "".join(parts)
    return converted if markup.plain_text(converted).strip() else markup.escape(plain)


def read_idx_import(data: str | bytes) -> ImportedIndex:
    """A makeindex ``.idx`` as an imported index (nothing written); bad lines become warnings with their
    numbers."""
    from xindex.core.imported import ImportedIndex, ImportEntry, ImportFileError, ImportXRef
    from xindex.core.model import MAX_DEPTH
    from xindex.formats.importers import decode_text

    result = read_idx(decode_text(data, ".idx"))
    made: dict[int, ImportEntry] = {}

    def convert(entry: IdxEntry) -> ImportEntry:
        term = _display_markup(entry.display, entry.plain)
        item = ImportEntry(term, markup.plain_text(term), entry.sort_as, locators=merge(entry.locator_objects()),
                           line=entry.line, key=id(entry))  # fmt: skip
        made[id(entry)] = item
        return item

    imported = ImportedIndex("makeindex", label="Import .idx")
    imported.entries = [convert(root) for root in result.roots]
    pending = [(root, made[id(root)], 1) for root in result.roots]
    while pending:  # level by level, without recursion: a line may hold thousands of levels
        entry, item, depth = pending.pop()
        children = entry.subentries()
        if children and depth >= MAX_DEPTH:
            raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep", children[0].line)
        item.children = [convert(child) for child in children]
        pending.extend((child, made[id(child)], depth + 1) for child in children)
    for entry in result.entries():
        for xref in entry.xrefs:
            target = made.get(id(xref.target)) if xref.target is not None else None
            made[id(entry)].xrefs.append(
                ImportXRef(xref.kind, target_key=target.key if target else None,
                           text="" if target else markup.escape(latex_to_plain(xref.text)), line=xref.line)
            )  # fmt: skip
    imported.warnings = [f"line {problem.line}: {problem.message}" for problem in result.problems]
    return imported
