"""Page locators: parse what indexers type, normalise, order and merge.

Accepted forms of one locator (a list is separated by ``,`` or ``;``):

=====================  ==============================================
``12``, ``xii``         arabic page, roman front-matter page
``12-16``, ``131–4``    range (``-``, ``–`` or ``—``; an abbreviated end
                        such as ``131-4`` is expanded to 131–134)
``45n``, ``45n3``       note on page 45 (note 3)
``45n3-5``              notes 3 to 5 on page 45, stored ``45nn3–5``
``98nn2,5``             notes 2 and 5 on page 98 (no space after the comma)
``98nn2,5-7``           note 2 and notes 5 to 7 on page 98
``12-30 passim``        mentions here and there within pages 12 to 30 (a range only)
``[46]``, ``[45-46]``   a separate mention, never joined with the pages next to it
``77f``, ``77fig``      figure; ``77t``/``77tbl`` table; ``77pl`` plate
``II:24``, ``3.12``     volume or chapter prefix
``<b>12</b>``           emphasis: ``<b>`` bold, ``<i>`` italic
``0@frontispiece``      a locator that is not a number, with its ordering value
``\\hyperpage{12}``     a locator kept inside a LaTeX encapsulator (from a
                        makeindex ``.idx``: ``|hyperpage``), written back on output
=====================  ==============================================

Roman front matter always orders before arabic pages; within a series,
locators order by prefix, page, kind (page, note, figure, table, plate),
notes and range end; a passim range after the plain range of the same pages.
Ranges are stored whole (131–134); abbreviating them for print is a
page-range rule applied on output. Note numbers are never abbreviated
(``345nn18–19``).

Notes (CMS 17th ed. 16.111): ``n`` for one note, ``nn`` for several, the note
numbers after it; a span of notes takes an en dash. Notes on one page keep
what was typed: ``45n3, 45n4`` stays ``45nn3,4`` and is not made a range, as
separate pages are not (a range of notes is typed as one); a note inside a
typed range of notes, or a note typed twice, is merged.

``passim`` (CMS 16.13; Hart's Rules 19.6 advises against it) follows a range
of pages whose subject is mentioned here and there within it, never one
page. A passim range is not joined with plain pages; where the same pages
are cited as a plain (continuous) range too, the plain range wins.

``[46]`` marks a locator *apart*: a separate mention that is never joined
with its neighbours when the document joins adjacent pages
(``conflate-adjacent``): ``45, [46], 47`` prints ``45, 46, 47`` where
``45, 46, 47`` would print ``45–47``. CMS 16.13-14 and Hart's Rules 19.6:
inclusive numbers are for a continuous discussion ("123–5 ... denotes one
continuous discussion spanning three pages, whereas 123, 124, 125 denotes
three separate short references"). The mark is never printed. Square
brackets were chosen because no other locator form uses them (unlike
``. : - @ \\ { } < > &`` and the letters of suffixes and roman numerals),
they are typed with one key on most keyboards, need no escaping in
markup, XML, CSV or inside the quotes of a command line (``!`` would
trigger a shell's history inside double quotes), and a spreadsheet keeps
``[46]`` as text where it reads ``(46)`` as the number -46; ``*`` and daggers
already mark illustrations in some indexes (Hart's Rules 19.6); a bracketed
page reads as one set off on its own. The mark goes around the whole locator,
inside any emphasis (``<b>[46]</b>``; ``[<b>46</b>]`` is read the same), and
only around a page or a range of pages: notes, figures, tables, plates, text
locators and passim ranges are never joined anyway, so ``[45n3]`` is refused
saying so. A locator merged with a marked one is marked: a page cited
twice, once marked, is one marked page; a marked page inside a range marks
the range (the indexer said its pages are not to run on into the next).
With ``conflate-adjacent`` off, pages stay apart anyway; a continuous
discussion is typed as a range (``45-46``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import IntEnum
from typing import Final

import roman

from xindex.core import markup
from xindex.core.errors import UserError

EN_DASH = "\u2013"
PASSIM = " passim"  # after a range, in roman: CMS sets passim, as ibid., in roman
APART_OPEN, APART_CLOSE = "[", "]"  # around a locator kept apart from adjacent pages; never printed

NoteSpan = tuple[int, int]  # notes first to last on one page (one note: first == last)


class Series(IntEnum):
    """Numbering series: roman front matter sorts before the arabic body."""

    ROMAN = 0
    ARABIC = 1


class Kind(IntEnum):
    """What the locator points at; the value is its order among same-page locators."""

    PAGE = 0
    NOTE = 1
    FIGURE = 2
    TABLE = 3
    PLATE = 4
    TEXT = 5


class Emphasis(IntEnum):
    """Typographic emphasis of a locator; the value ranks which wins on merging."""

    NONE = 0
    ITALIC = 1
    BOLD = 2


SUFFIX = {Kind.FIGURE: "f", Kind.TABLE: "t", Kind.PLATE: "pl"}
_SUFFIX_KIND = {
    "f": Kind.FIGURE,
    "fig": Kind.FIGURE,
    "fig.": Kind.FIGURE,
    "t": Kind.TABLE,
    "tbl": Kind.TABLE,
    "tab": Kind.TABLE,
    "pl": Kind.PLATE,
    "plate": Kind.PLATE,
}
_EMPHASIS_TAG = {Emphasis.BOLD: "b", Emphasis.ITALIC: "i"}


class LocatorError(UserError, ValueError):
    """Input that is not a valid locator list; the message names the bad part."""

    def __init__(self, message: str, part: str = "", position: int = 0) -> None:
        super().__init__(message)
        self.part = part
        self.position = position


class Locator:
    """One normalised locator: a page, a range, a note, figure, table, plate or text locator; a value (equal
    when every field is, never changed: :meth:`replace` makes another).

    ``notes``: note numbers as (first, last) spans, ordered, overlaps merged. ``encap``: a makeindex
    encapsulator other than bold/italic (``hyperpage``, ``hyperindexformat{\\textbf}``, a user macro): LaTeX
    output writes ``\\encap{page}``; locators with different encaps are never merged. ``passim``: a page range
    whose subject is mentioned here and there within it (CMS 16.13). ``apart``: ``[46]``, a separate
    mention, never joined with adjacent pages (CMS 16.13-14).
    """

    # (Written out, not a dataclass: xindex makeindex imports this on every LaTeX pass; see
    # formats/makeindex/style.py.)
    def __init__(
        self,
        series: Series,
        first: int,
        last: int,
        kind: Kind = Kind.PAGE,
        prefix: str = "",
        notes: tuple[NoteSpan, ...] = (),
        emphasis: Emphasis = Emphasis.NONE,
        text: str = "",
        encap: str = "",
        passim: bool = False,
        apart: bool = False,
    ) -> None:
        self.series: Final = series
        self.first: Final = first
        self.last: Final = last
        self.kind: Final = kind
        self.prefix: Final = prefix
        self.notes: Final = notes
        self.emphasis: Final = emphasis
        self.text: Final = text
        self.encap: Final = encap
        self.passim: Final = passim
        self.apart: Final = apart

    def replace(
        self,
        *,
        first: int | None = None,
        last: int | None = None,
        notes: tuple[NoteSpan, ...] | None = None,
        emphasis: Emphasis | None = None,
        encap: str | None = None,
        passim: bool | None = None,
        apart: bool | None = None,
    ) -> Locator:
        """This locator with the fields given changed."""
        return Locator(
            self.series,
            self.first if first is None else first,
            self.last if last is None else last,
            self.kind,
            self.prefix,
            self.notes if notes is None else notes,
            self.emphasis if emphasis is None else emphasis,
            self.text,
            self.encap if encap is None else encap,
            self.passim if passim is None else passim,
            self.apart if apart is None else apart,
        )

    def _fields(self) -> tuple[Series, int, int, Kind, str, tuple[NoteSpan, ...], Emphasis, str, str, bool, bool]:
        return (
            self.series,
            self.first,
            self.last,
            self.kind,
            self.prefix,
            self.notes,
            self.emphasis,
            self.text,
            self.encap,
            self.passim,
            self.apart,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locator) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[Locator], tuple[object, ...]]:
        return (Locator, self._fields())

    def __repr__(self) -> str:
        names = ("series", "first", "last", "kind", "prefix", "notes", "emphasis", "text", "encap", "passim", "apart")
        return (
            "Locator(" + ", ".join(f"{name}={value!r}" for name, value in zip(names, self._fields(), strict=True)) + ")"
        )

    @property
    def is_range(self) -> bool:
        """True when the locator spans more than one page."""
        return self.last != self.first

    def page_text(self, value: int) -> str:
        """A page number in this locator's series."""
        return page_text(self.series, value)

    @property
    def several_notes(self) -> bool:
        """True when a note locator cites more than one note (``nn``)."""
        notes = self.notes
        return len(notes) > 1 or (len(notes) == 1 and notes[0][0] != notes[0][1])

    def note_text(self) -> str:
        """The note part of a note locator, ``n3``, ``nn2,5–7`` (note numbers in full); "" for other kinds."""
        if self.kind is not Kind.NOTE:
            return ""
        spans = ",".join(str(first) if first == last else f"{first}{EN_DASH}{last}" for first, last in self.notes)
        return ("nn" if self.several_notes else "n") + spans

    def plain(self) -> str:
        """The canonical typed form without emphasis, e.g. ``II:24–26``, ``98nn2,5``, ``12–30 passim``, ``[46]``."""
        if self.kind is Kind.TEXT:
            return f"{self.first}@{self.text}"
        out = self.prefix + self.page_text(self.first)
        if self.kind is Kind.NOTE:
            out += self.note_text()
        elif self.kind in SUFFIX:
            out += SUFFIX[self.kind]
        if self.is_range:
            out += EN_DASH + self.page_text(self.last)
        if self.apart:
            return APART_OPEN + out + APART_CLOSE
        return out + PASSIM if self.passim else out

    def canonical(self) -> str:
        """The canonical form with emphasis markup: what is stored and re-parses to this locator."""
        tag = _EMPHASIS_TAG.get(self.emphasis)
        plain = self.plain()
        body = markup.escape(f"\\{self.encap}{{{plain}}}" if self.encap else plain)
        return f"<{tag}>{body}</{tag}>" if tag else body

    def order_key(
        self,
    ) -> tuple[int, tuple[int, int, str], int, int, tuple[NoteSpan, ...], int, bool, str, str, bool]:
        """Key that orders locators the way an index prints them."""
        return (
            self.series,
            prefix_order(self.prefix),
            self.first,
            self.kind,
            self.notes,
            self.last,
            self.passim,
            self.text,
            self.encap,
            self.apart,
        )

    def with_pages(self, first: int, last: int) -> Locator:
        """This locator moved to ``first``–``last`` (repagination); passim stays only while it is a range."""
        return self.replace(first=first, last=last, passim=self.passim and last > first)

    def covers(self, series: Series, page: int, prefix: str = "") -> bool:
        """True when this locator cites ``page`` directly or inside its range."""
        return (
            self.kind is not Kind.TEXT
            and self.series is series
            and self.prefix == prefix
            and self.first <= page <= self.last
        )


ROMAN_LIMIT = 5000  # roman numerals are written up to 4999 (MMMMCMXCIX)


def page_text(series: Series, value: int) -> str:
    """A page number as printed: roman front matter in lower case (``xii``), arabic as digits."""
    if series is Series.ROMAN and 0 < value < ROMAN_LIMIT:
        return str(roman.toRoman(value)).lower()
    return str(value)  # (a roman page past what numerals write can only come from a damaged file)


def prefix_order(prefix: str) -> tuple[int, int, str]:
    """Order volume/chapter prefixes by value: none, then numbers, roman volumes, letters."""
    if not prefix:
        return (0, 0, "")
    label = prefix[:-1]
    if label.isdigit():
        return (1, int(label), prefix)
    try:
        return (2, roman.fromRoman(label.upper()), prefix)
    except roman.InvalidRomanNumeralError:
        return (3, 0, prefix)


_PREFIX = r"(?P<prefix>(?:[0-9]+|[A-Za-z]{1,4})[:.])?"
_NUMBER = r"(?P<number>[0-9]+|[ivxlcdmIVXLCDM]+)"
_NOTE_SPAN = r"[0-9]+(?:[-\u2013\u2014][0-9]+)?"
_SUFFIX = rf"(?P<suffix>nn{_NOTE_SPAN}(?:,{_NOTE_SPAN})*|n(?:{_NOTE_SPAN})?|fig\.?|f|tbl|tab|t|plate|pl)?"
_PART = re.compile(_PREFIX + _NUMBER + _SUFFIX)
_END = re.compile(r"(?P<prefix>(?:[0-9]+|[A-Za-z]{1,4})[:.])?" + r"(?P<number>[0-9]+|[ivxlcdmIVXLCDM]+)")
_DASHES = "-\u2013\u2014"
MAX_PAGE = 999_999_999  # no book has more pages; bigger numbers would not fit the document's integers
_EXPLICIT = re.compile(r"(?P<order>-?[0-9]+)@(?P<text>\S.*)")
_NOTE_SPAN_SPACED = r"[0-9]+(?:\s*[-\u2013\u2014]\s*[0-9]+)?"
_NOTE_LIST_OPEN = re.compile(rf"nn{_NOTE_SPAN_SPACED}(?:,{_NOTE_SPAN_SPACED})*$")
_NOTE_LIST_MORE = re.compile(rf"\s*{_NOTE_SPAN_SPACED}\s*")
_PASSIM = re.compile(r"(?P<body>.*?)\s*passim\.?", re.IGNORECASE)


def _page_value(number: str, part: str, position: int) -> tuple[Series, int]:
    if number.isdigit():
        if len(number) > len(str(MAX_PAGE)) or int(number) > MAX_PAGE:
            raise LocatorError(f"'{part[:20]}': page numbers go up to {MAX_PAGE:,}", part, position)
        value = int(number)
        if value == 0:
            raise LocatorError(f"'{part}': there is no page 0", part, position)
        return Series.ARABIC, value
    try:
        return Series.ROMAN, roman.fromRoman(number.upper())
    except roman.InvalidRomanNumeralError:
        raise LocatorError(f"'{part}': '{number}' is not a valid roman numeral", part, position) from None


def _normal_prefix(prefix: str) -> str:
    label, separator = prefix[:-1], prefix[-1]
    return (label.upper() if not label.isdigit() else str(int(label))) + separator


def _split_items(text: str) -> list[tuple[str, int]]:
    """Split on ``,``/``;`` keeping note lists such as ``98nn2,5`` whole; each item with its offset."""
    items: list[tuple[str, int]] = []
    start = 0
    depth, scanned = 0, 0
    for match in re.finditer(r"[,;]", text):
        if "{" in text:
            # An encapsulator such as \\foo{a,b}{12} may hold separators inside its braces.
            depth += text.count("{", scanned, match.start()) - text.count("}", scanned, match.start())
            scanned = match.start()
            if depth > 0:
                continue
        piece = text[start : match.start()]
        if match.group() == "," and re.match(r"[0-9]", text[match.end() : match.end() + 1]) and ends_note_list(piece):
            continue
        items.append((piece, start))
        start = match.end()
    items.append((text[start:], start))
    return items


def ends_note_list(text: str) -> bool:
    """True when ``text`` ends in a list of several notes (``98nn2``, ``98nn2,5-7``) that a comma may continue."""
    return _NOTE_LIST_OPEN.search(markup_free(text).rstrip()) is not None


def continues_note_list(text: str) -> bool:
    """True when ``text`` (what follows a comma) is only a note number or range, ``5`` or ``5-7``."""
    return _NOTE_LIST_MORE.fullmatch(text) is not None


def markup_free(text: str) -> str:
    """Text with emphasis tags removed (lenient: no nesting check)."""
    return re.sub(r"</?(?:b|i)>", "", text, flags=re.IGNORECASE)


def _emphasis_of(item: str, part: str, position: int) -> Emphasis:
    try:
        runs = markup.parse_runs(item)
    except markup.MarkupError as error:
        raise LocatorError(f"'{part}': {error}", part, position) from None
    for run in runs:
        if run.text.strip().strip(APART_OPEN + APART_CLOSE):  # ([<b>46</b>] is bold, as <b>[46]</b> is)
            if "b" in run.styles:
                return Emphasis.BOLD
            if "i" in run.styles:
                return Emphasis.ITALIC
            return Emphasis.NONE
    return Emphasis.NONE


def parse_locator(item: str, position: int = 0) -> Locator:
    """Parse one locator (no list separators); raise LocatorError naming the bad part."""
    if item.isascii() and item.isdigit() and item[0] != "0" and len(item) < 10:  # commonest: a page, as stored
        return Locator(Series.ARABIC, int(item), int(item))
    first_text, dash, last_text = item.partition(EN_DASH)
    if (
        dash
        and first_text.isdigit()
        and last_text.isdigit()
        and first_text.isascii()
        and last_text.isascii()
        and len(first_text) < 10
        and len(last_text) < 10
    ):
        first, last = int(first_text), int(last_text)
        if 0 < first <= last and first_text[0] != "0" and last_text[0] != "0":  # a range in full, as stored
            return Locator(Series.ARABIC, first, last)
    return _parse_locator(item, position)


def _parse_locator(item: str, position: int) -> Locator:
    """:func:`parse_locator` for any locator (its quick cases must give what this gives)."""
    part = item.strip()
    emphasis = Emphasis.NONE
    if "<" in item or "&" in item:
        emphasis = _emphasis_of(item, part, position)
        part = markup.plain_text(item).strip()
    if not part:
        raise LocatorError(f"empty locator at character {position + 1}", part, position)
    explicit = _EXPLICIT.fullmatch(part)
    if explicit:
        if len(explicit.group("order").lstrip("-")) > len(str(MAX_PAGE)):
            raise LocatorError(f"'{part[:20]}': the order number goes up to {MAX_PAGE:,}", part, position)
        order = int(explicit.group("order"))
        return Locator(Series.ARABIC, order, order, Kind.TEXT, emphasis=emphasis, text=explicit.group("text").strip())
    if part[-1] in "mM.":
        passim = _PASSIM.fullmatch(part)
        if passim is not None:
            return _passim_range(passim.group("body"), part, position).replace(emphasis=emphasis, passim=True)
    if part[0] == APART_OPEN or part[-1] == APART_CLOSE:
        return _apart(part, position).replace(emphasis=emphasis)
    if part[0] == "\\":
        encap, inner = _split_encap(part, position)
        return parse_locator(inner, position).replace(emphasis=emphasis, encap=encap)
    compact = re.sub(r"\s*([" + _DASHES + r"])\s*", r"\1", part)
    start_text, dash, end_text = compact, "", ""
    match = _PART.fullmatch(compact)
    if match is None:  # (a note range such as 45n3-5 matches whole; a page range is split at its dash)
        for index, char in enumerate(compact):
            if char in _DASHES and index > 0:
                start_text, dash, end_text = compact[:index], char, compact[index + 1 :]
                break
        match = _PART.fullmatch(start_text)
    if not match:
        raise LocatorError(_why_not_a_locator(part), part, position)
    prefix = _normal_prefix(match.group("prefix")) if match.group("prefix") else ""
    series, first = _page_value(match.group("number"), part, position)
    suffix = match.group("suffix") or ""
    kind, notes = _kind_and_notes(suffix, part, position)
    last = first
    if dash:
        if kind is Kind.NOTE:
            raise LocatorError(_why_not_a_note_range(part, notes, end_text), part, position)
        if not end_text:
            raise LocatorError(f"'{part}': the range has no end page", part, position)
        if kind is not Kind.PAGE:
            raise LocatorError(f"'{part}': a figure, table or plate locator cannot be a range", part, position)
        end = _END.fullmatch(end_text)
        if not end:
            raise LocatorError(f"'{part}': '{end_text}' is not a page number to end the range", part, position)
        if end.group("prefix") and _normal_prefix(end.group("prefix")) != prefix:
            raise LocatorError(f"'{part}': a range cannot run from one volume or chapter into another", part, position)
        end_series, last = _page_value(end.group("number"), part, position)
        if end_series is not series:
            raise LocatorError(f"'{part}': a range cannot mix roman and arabic page numbers", part, position)
        start_number, end_number = match.group("number"), end.group("number")
        if series is Series.ARABIC and last < first and len(end_number) < len(start_number):
            last = int(start_number[: len(start_number) - len(end_number)] + end_number)
        if last < first:
            raise LocatorError(f"'{part}': the range ends before it starts", part, position)
    return Locator(series, first, last, kind, prefix, notes, emphasis)


_PASSIM_USE = "passim goes after a range of pages whose subject is mentioned here and there within it (12-30 passim"


def _passim_range(body: str, part: str, position: int) -> Locator:
    """The range before ``passim``; LocatorError unless it is a range of pages (CMS 16.13)."""
    if not body:
        raise LocatorError(f"'{part}': {_PASSIM_USE}, CMS 16.13)", part, position)
    located = _parse_inner(body, part, position)
    if located.apart:
        raise LocatorError(f"'{part}': {_NEVER_JOINED} a passim range{_NEEDS_NO_MARK}", part, position)
    if located.kind is not Kind.PAGE:
        raise LocatorError(f"'{part}': {_PASSIM_USE}), not after a note, figure, table or plate", part, position)
    if not located.is_range:
        raise LocatorError(f"'{part}': {_PASSIM_USE}, CMS 16.13); a single page is cited alone", part, position)
    return located


def _parse_inner(body: str, part: str, position: int) -> Locator:
    """The locator ``body`` inside ``part`` (``12-30`` of ``12-30 passim``); an error names the whole part."""
    try:
        return _parse_locator(body, position)
    except LocatorError as error:
        message, quoted = str(error), f"'{body}'"  # name the whole locator, passim or brackets and all
        if message.startswith(quoted):
            message = f"'{part}'" + message[len(quoted) :]
        raise LocatorError(message, part, position) from None


_APART_USE = "type [ ] around one page or range of pages to keep it apart from adjacent pages ([46], [45-46])"
_NEVER_JOINED = "only pages are joined with adjacent pages, never"
_NEEDS_NO_MARK = ", so it needs no [ ] to keep it apart"
_KIND_NAMES = {Kind.NOTE: "a note", Kind.FIGURE: "a figure", Kind.TABLE: "a table", Kind.PLATE: "a plate"}


def _apart(part: str, position: int) -> Locator:
    """The page or range in ``[46]`` marked apart; LocatorError unless the brackets hold one page locator."""
    inner = part[1:-1].strip()
    if len(part) < 2 or part[0] != APART_OPEN or part[-1] != APART_CLOSE:
        raise LocatorError(f"'{part}': {_APART_USE}", part, position)
    if not inner:
        raise LocatorError(f"'{part}': the brackets hold no page; {_APART_USE}", part, position)
    if APART_OPEN in inner or APART_CLOSE in inner:
        raise LocatorError(f"'{part}': one pair of brackets keeps a locator apart ([46])", part, position)
    located = _parse_inner(inner, part, position)
    if located.kind is Kind.TEXT:
        raise LocatorError(f"'{part}': {_NEVER_JOINED} a locator that is not a number{_NEEDS_NO_MARK}", part, position)
    if located.kind is not Kind.PAGE:
        raise LocatorError(f"'{part}': {_NEVER_JOINED} {_KIND_NAMES[located.kind]}{_NEEDS_NO_MARK}", part, position)
    if located.passim:
        raise LocatorError(f"'{part}': {_NEVER_JOINED} a passim range{_NEEDS_NO_MARK}", part, position)
    return located.replace(apart=True)


def _why_not_a_note_range(part: str, notes: tuple[NoteSpan, ...], end_text: str) -> str:
    example = "45n3-5: notes 3 to 5 on page 45"
    if not notes:
        return f"'{part}': the range of notes has no first note ({example})"
    if not end_text:
        return f"'{part}': the range of notes has no last note ({example})"
    return f"'{part}': a range of notes stays on one page ({example}); a note cannot begin a range of pages"


def _split_encap(part: str, position: int) -> tuple[str, str]:
    """``\\encap{page}`` → (``encap``, ``page``); the page is the last balanced brace group."""
    if not part.endswith("}"):
        raise LocatorError(f"'{part}': write an encapsulated locator as \\macro{{page}}", part, position)
    depth = 0
    for index in range(len(part) - 1, 0, -1):
        char = part[index]
        if char == "}":
            depth += 1
        elif char == "{":
            depth -= 1
            if depth == 0:
                encap, inner = part[1:index], part[index + 1 : -1]
                if not encap or encap.count("{") != encap.count("}") or not inner.strip():
                    break
                if inner.lstrip().startswith("\\"):
                    raise LocatorError(f"'{part}': a locator has at most one encapsulator", part, position)
                return encap, inner
    raise LocatorError(f"'{part}': write an encapsulated locator as \\macro{{page}}", part, position)


def _kind_and_notes(suffix: str, part: str, position: int) -> tuple[Kind, tuple[NoteSpan, ...]]:
    if suffix.startswith("n"):
        numbers = suffix[2:] if suffix.startswith("nn") else suffix[1:]
        if numbers.isdigit() and len(numbers) <= len(str(MAX_PAGE)):  # the commonest: one note, 45n3
            return Kind.NOTE, ((int(numbers), int(numbers)),)
        return Kind.NOTE, note_spans(_note_span(text, part, position) for text in numbers.split(",") if text)
    if suffix:
        return _SUFFIX_KIND[suffix], ()
    return Kind.PAGE, ()


def _note_span(text: str, part: str, position: int) -> NoteSpan:
    """``5`` → (5, 5); ``3-5`` → (3, 5); a range of notes that ends before it starts is refused."""
    first_text, last_text = text, text
    for dash in _DASHES:
        head, found, tail = text.partition(dash)
        if found:
            first_text, last_text = head, tail
            break
    if max(len(first_text), len(last_text)) > len(str(MAX_PAGE)):
        raise LocatorError(f"'{part[:20]}': note numbers go up to {MAX_PAGE:,}", part, position)
    first, last = int(first_text), int(last_text)
    if last < first:
        raise LocatorError(
            f"'{part}': the range of notes {first}{EN_DASH}{last} ends before it starts"
            " (note numbers are written in full: 45nn13-15)",
            part,
            position,
        )
    return first, last


def note_spans(spans: Iterable[NoteSpan]) -> tuple[NoteSpan, ...]:
    """Note spans ordered, with repeats and overlaps merged (``3-5`` and ``4``: ``3-5``); spans that only
    touch (``3``, ``4``) stay apart: a range of notes is typed as one."""
    merged: list[NoteSpan] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return tuple(merged)


def _why_not_a_locator(part: str) -> str:
    if part[0] in _DASHES:
        return f"'{part}': the range has no start page"
    if re.fullmatch(r"[A-Za-z]+", part):
        return f"'{part}': not a page number (write ORDER@{part} for a locator that is not a number)"
    if APART_OPEN in part or APART_CLOSE in part:
        return f"'{part}': {_APART_USE}"
    if re.match(r"[0-9]+ff?\.?$", part):
        return (
            f"'{part}': write the range of pages (45-48) instead of 'f.'/'ff.': CMS (16.13, inclusive numbers)"
            " advises against them in an index, where the reader needs to know where a discussion ends (figures"
            " are written 77f)"
        )
    return f"'{part}': not a page number, range, note, figure or table locator"


def parse_locators(text: str) -> list[Locator]:
    """Parse a typed locator list such as ``"12, 14-16, xii, 45n3"``; raise LocatorError on any bad part."""
    if not text.strip():
        return []
    items = _split_items(text)
    locators: list[Locator] = []
    for index, (item, offset) in enumerate(items):
        if not item.strip():
            where = "at the end" if index == len(items) - 1 else f"at character {offset + 1}"
            raise LocatorError(f"empty locator {where} of '{text.strip()}'", "", offset)
        locators.append(parse_locator(item, offset))
    return locators


def merge(locators: Iterable[Locator]) -> list[Locator]:
    """Order locators and merge duplicates and overlaps.

    Overlapping ranges of the same emphasis (and encapsulator) become one range.
    Two locators for exactly the same pages that differ only in emphasis keep the
    stronger one; locators with different encapsulators are never merged.
    Notes on the same page join one note list (:func:`note_spans`). Adjacent pages
    stay separate; joining them is a page-range rule applied on output. Passim
    ranges join only each other; a plain range of the same pages makes the
    passim one plain (the subject is discussed throughout, not only here and there).
    A locator merged with one marked apart (``[46]``) is marked apart.
    """
    groups: dict[tuple[Series, str, Kind, Emphasis, str, bool], list[Locator]] = {}
    for loc in locators:
        groups.setdefault((loc.series, loc.prefix, loc.kind, loc.emphasis, loc.encap, loc.passim), []).append(loc)
    joined: list[Locator] = []
    for (_, _, kind, _, _, _), members in groups.items():
        joined.extend(_join_same_style(kind, members))
    strongest: dict[tuple[object, ...], Locator] = {}
    regrouped = False
    for loc in joined:
        identity = (loc.series, loc.prefix, loc.kind, loc.first, loc.last, loc.notes, loc.text, loc.encap)
        known = strongest.get(identity)
        if known is None:
            strongest[identity] = loc
            continue
        best = loc if loc.emphasis > known.emphasis else known
        if best.passim and not (loc.passim and known.passim):
            best = best.replace(passim=False)
            regrouped = True  # no longer passim, it may now overlap plain ranges of its emphasis
        if not best.apart and (loc.apart or known.apart):
            best = best.replace(apart=True)
        strongest[identity] = best
    if regrouped:
        return merge(strongest.values())
    return sorted(strongest.values(), key=Locator.order_key)


def _join_same_style(kind: Kind, members: list[Locator]) -> list[Locator]:
    """Merge locators that share series, prefix, kind, emphasis, encapsulator and passim."""
    if kind is Kind.NOTE:
        by_page: dict[int, Locator] = {}
        for loc in members:
            known = by_page.get(loc.first)
            by_page[loc.first] = loc if known is None else loc.replace(notes=note_spans(known.notes + loc.notes))
        return list(by_page.values())
    if kind is not Kind.PAGE:
        return list({(loc.first, loc.text): loc for loc in members}.values())
    merged: list[Locator] = []
    for loc in sorted(members, key=lambda item: (item.first, item.last)):
        if merged and loc.first <= merged[-1].last:
            known = merged[-1]
            if loc.last > known.last or (loc.apart and not known.apart):
                merged[-1] = known.replace(last=max(loc.last, known.last), apart=known.apart or loc.apart)
        else:
            merged.append(loc)
    return merged


def parse_and_merge(text: str) -> list[Locator]:
    """Parse a typed list and return it normalised (ordered, merged)."""
    return merge(parse_locators(text))


def _last_item(text: str) -> tuple[str, str]:
    """A typed list split before its last locator: ``"12, 14-16"`` → ``("12, ", "14-16")``."""
    piece, start = _split_items(text)[-1]
    lead = len(piece) - len(piece.lstrip())
    return text[: start + lead], piece.strip()


def next_page(text: str, step: int = 1) -> str | None:
    """The typed list with its last locator replaced by the next page (a range: the page after its end,
    ``305-6`` → ``307``) or, with ``step`` -1, the page before it; None when there is no such page."""
    head, last = _last_item(text)
    try:
        locator = parse_locator(last)
    except LocatorError:
        return None
    if not last or locator.kind is Kind.TEXT:
        return None
    page = locator.last + 1 if step > 0 else locator.first - 1
    if page < 1:
        return None
    return head + locator.prefix + locator.page_text(page)


def as_range(text: str) -> str | None:
    """The typed list with its last page made a range ending on the next page (``45`` → ``45-46``), or a
    range made one page longer (``184-7`` → ``184-188``); None when the last locator cannot be a range."""
    head, last = _last_item(text)
    try:
        locator = parse_locator(last)
    except LocatorError:
        return None
    if not last or locator.kind is not Kind.PAGE or locator.encap:
        return None
    body = f"{locator.prefix}{locator.page_text(locator.first)}-{locator.page_text(locator.last + 1)}"
    body += PASSIM if locator.passim else ""
    if locator.apart:
        body = APART_OPEN + body + APART_CLOSE
    tag = _EMPHASIS_TAG.get(locator.emphasis)
    return head + (f"<{tag}>{body}</{tag}>" if tag else body)


def format_locators(locators: Iterable[Locator]) -> str:
    """The canonical list, e.g. ``"xii, 12, 14–16, 45n3"`` (with emphasis markup)."""
    return ", ".join(loc.canonical() for loc in locators)
