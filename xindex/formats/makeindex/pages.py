"""makeindex's page numbers for ``xindex makeindex`` (compatible mode): its five page types, composite pages,
``page_precedence``, and its words for a page that is no page.

makeindex reads a page as fields joined by the style's ``page_compositor`` (``3-12``, ``A-3-ii``), each field
of one type: lower roman ``r``, arabic ``n``, lower alpha ``a`` (one letter), upper roman ``R``, upper alpha
``A``. A field starting with a digit is arabic; one starting with a roman letter is roman unless the style's
precedence has the alpha type too and the compositor follows the first letter (``c`` and ``iv`` are roman,
``c-3`` alpha); other letters are alpha, and an alpha field is its first letter only (``bc`` is ``b``). Each
field's value is its number plus its type's offset (:func:`page_offsets`); pages compare field by field, a
page that is the start of another first; the page prints exactly as written (``IV``, ``007``). These are the
rules of makeindex 2.16 as TeX Live builds it, measured against it: without a style file its built-in offsets
order the types r, R, n, a, A (``a`` is the value of arabic 26); after reading one, the style's precedence
(``rnaRA`` when it sets none) computes others, and a type the precedence leaves out is no page at all.

Codes (the ints the reader stores, so that a big index of plain pages stays fast): an arabic page written
as its number is that number, a lower roman page written as :func:`roman.toRoman` writes it is its value
minus :data:`~xindex.core.ranges.ROMAN_OFFSET`, as elsewhere in xindex; any other page is :data:`BAND`
plus its text's bytes as a number, so that its text comes back from the code alone (two processes reading
halves of one file agree on it). The writer orders an entry's pages by :func:`page_key` and gives each a
local code where ``code + 1`` is makeindex's next page of the same type (:func:`local_codes`).
"""

from __future__ import annotations

import roman

from xindex.core.ranges import ROMAN_OFFSET
from xindex.formats.makeindex.style import IstStyle

ROML, ROMU, ARAB, ALPL, ALPU = range(5)  # makeindex's page types (mkind.h)
_LETTERS = {"r": ROML, "R": ROMU, "n": ARAB, "a": ALPL, "A": ALPU}
_WIDTHS = (10000, 10000, 10000, 26, 26)  # each type's span of values (ROMAN_LOWER_OFFSET ...)
# makeindex's built-in offsets (no page_precedence key): r 0, R 10000, n 20000, a 20026, A 30026.
DEFAULT_OFFSETS = (0, 10000, 20000, 20026, 30026)
FIELDS_MAX = 10  # makeindex's PAGEFIELD_MAX
TOO_MANY_FIELDS_END = f"has too many fields (max. {FIELDS_MAX})."
BAND = 1 << 41  # codes from here up carry a page's text
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_CANONICAL_LIMIT = 5000  # roman.toRoman's range: canonical roman codes stay below every arabic page

# A page as makeindex compares it: its fields' values, and the type of its first field.
PageKey = tuple[tuple[int, ...], int]


def page_offsets(style: IstStyle) -> tuple[int, ...]:
    """Each type's offset under a style's ``page_precedence`` (makeindex's ``process_precedence``, which runs
    after reading a style file); its built-in offsets without a style file, and for a precedence it refuses
    (unknown letter, repeats, too long)."""
    precedence = style.page_precedence
    if not style.from_file or not precedence or len(precedence) > len(_LETTERS):
        return DEFAULT_OFFSETS
    types = [_LETTERS.get(letter, -1) for letter in precedence]
    if -1 in types or len(set(types)) != len(types):
        return DEFAULT_OFFSETS
    # makeindex's running sums: a listed type starts where the ones before it end; each type left out starts
    # one width (of the type before it) further on, in makeindex's order of types.
    offsets = [-1] * len(_LETTERS)
    offsets[types[0]] = 0
    order = [_WIDTHS[types[0]]]
    for kind in types[1:]:
        offsets[kind] = order[-1]
        order.append(order[-1] + _WIDTHS[kind])
    for kind in range(len(_LETTERS)):
        if offsets[kind] == -1:
            order.append(order[-1] + _WIDTHS[types[-1]])
            types.append(kind)
            offsets[kind] = order[-1]
    return tuple(offsets)


def scan_page(text: str, style: IstStyle, offsets: tuple[int, ...] | None = None) -> PageKey | str:
    """makeindex's reading of a page (``scan_no``): its key, or its words for why it is no page."""
    precedence = style.page_precedence
    offsets = offsets or page_offsets(style)
    compositor = style.page_compositor
    values: list[int] = []
    first_type = -1
    rest = text
    while True:
        head = rest[:1]
        after_first = bool(compositor) and rest.startswith(compositor, 1)
        if "0" <= head <= "9":
            kind = ARAB
        elif head in "ivxlcdm" and head and "r" in precedence and ("a" not in precedence or not after_first):
            kind = ROML
        elif head in "IVXLCDM" and head and "R" in precedence and ("A" not in precedence or not after_first):
            kind = ROMU
        elif "a" <= head <= "z" and "a" in precedence:
            kind = ALPL
        elif "A" <= head <= "Z" and "A" in precedence:
            kind = ALPU
        else:
            return f"Illegal page number {rest} or page_precedence {precedence}."
        if first_type == -1:
            first_type = kind
        if kind in (ALPL, ALPU):
            value, end = ord(head.lower()) - ord("a"), 1
        else:
            end = rest.find(compositor) if compositor else -1
            field = rest if end == -1 else rest[:end]
            end = len(rest) if end == -1 else end
            number = _field_value(field, rest, kind)
            if isinstance(number, str):
                return number
            value = number
        if len(values) >= FIELDS_MAX:
            return f"Page number {rest} {TOO_MANY_FIELDS_END}"
        values.append(value + offsets[kind])
        if not (compositor and rest.startswith(compositor, end)):
            return tuple(values), first_type
        rest = rest[end + len(compositor) :]


def _field_value(field: str, rest: str, kind: int) -> int | str:
    """An arabic or roman field's number, or makeindex's words for its first bad character."""
    if kind == ARAB:
        for position, char in enumerate(field):
            if not "0" <= char <= "9":
                return f"Illegal Arabic digit: position {position + 1} in {rest}."
        return int(field)
    total = previous = 0
    for position, char in enumerate(field):
        value = _ROMAN_VALUES.get(char if kind == ROML else char.lower() if char.isupper() else "", 0)
        if not value:
            return f"Illegal Roman number: position {position + 1} in {rest}."
        if previous == 0:
            previous = value
            continue
        if previous < value:  # (makeindex's sum: iv is 5 - 1; ivx would be 4 + 10)
            previous, value = value - previous, 0
        total += previous
        previous = value
    return total + previous


def page_code(text: str, style: IstStyle) -> int | str:
    """The code of a page argument as ``xindex makeindex`` reads it, or makeindex's words for why it is no
    page. Blanks around the page are dropped; a blank inside is makeindex's error."""
    page = text.strip(" \t")
    if " " in page or "\t" in page:
        return "Illegal space within numerals in second argument."
    if page.isdigit() and page.isascii() and page[0] != "0" and len(page) < 13:
        value = int(page)
        if value < ROMAN_OFFSET:
            return value  # (every precedence reads digits as arabic)
    scanned = scan_page(page, style)
    if isinstance(scanned, str):
        return scanned
    values, kind = scanned
    if kind == ROML and len(values) == 1:
        number = values[0] - page_offsets(style)[ROML]
        if 0 < number < _CANONICAL_LIMIT and roman.toRoman(number).lower() == page:
            return number - ROMAN_OFFSET
    return BAND + int.from_bytes(page.encode("utf-8", "surrogatepass"), "big")


def code_page_text(code: int) -> str:
    """The text of a page code (as written in the .idx)."""
    if code >= BAND:
        number = code - BAND
        return number.to_bytes((number.bit_length() + 7) // 8, "big").decode("utf-8", "surrogatepass")
    if code > 0:
        return str(code)
    return roman.toRoman(code + ROMAN_OFFSET).lower()


def plain_order(style: IstStyle) -> bool:
    """Whether the codes of plain arabic and roman pages order as makeindex orders them under the style's
    precedence (roman before arabic, never equal), so that entries with such pages alone need no keys."""
    offsets = page_offsets(style)
    return offsets[ROML] + _CANONICAL_LIMIT <= offsets[ARAB]


class PageKeys:
    """The makeindex keys of page codes under one style, each computed once."""

    def __init__(self, style: IstStyle) -> None:
        self.style = style
        self.offsets = page_offsets(style)
        self.keys: dict[int, PageKey] = {}

    def key(self, code: int) -> PageKey:
        """A code's page as makeindex compares it."""
        found = self.keys.get(code)
        if found is None:
            if 0 < code < BAND:
                found = ((code + self.offsets[ARAB],), ARAB)
            elif code <= 0:
                found = ((code + ROMAN_OFFSET + self.offsets[ROML],), ROML)
            else:
                scanned = scan_page(code_page_text(code), self.style, self.offsets)
                assert not isinstance(scanned, str)  # (the reader kept only pages)
                found = scanned
            self.keys[code] = found
        return found

    def local_codes(self, codes: list[int]) -> tuple[dict[int, int], dict[int, str], dict[int, int], dict[int, int]]:
        """Codes for one entry's pages (``codes`` in the order met) that order as makeindex orders them,
        with ``code + 1`` its next page of the same type and one code for pages it takes as the same (the
        first one met prints). Returns: each code's local code, each local code's text, each group's
        first type (a group is the local codes ``>> 40`` alike: pages of one type and count, same
        fields but the last, next to each other in the order) and each group's family (groups whose pages
        have the same count and fields but the last: makeindex's ``page_diff`` compares their last fields,
        as two groups of single pages apart from each other by a composite page between them)."""
        keys = self.key
        distinct: dict[tuple[int, ...], int] = {}  # (pages of one value are one page, as in makeindex)
        for code in codes:
            distinct.setdefault(keys(code)[0], code)
        local: dict[int, int] = {}
        texts: dict[int, str] = {}
        groups: dict[int, int] = {}
        families: dict[int, int] = {}
        family_of: dict[tuple[int, tuple[int, ...]], int] = {}
        group = -1
        previous: PageKey | None = None
        for values in sorted(distinct):
            kind = keys(distinct[values])[1]
            page_key = (values, kind)
            last = values[-1]
            if (
                previous is None
                or previous[1] != kind
                or len(previous[0]) != len(values)
                or previous[0][:-1] != values[:-1]
                or not 0 <= last < 1 << 39
                or last < previous[0][-1]
            ):
                group += 1
                groups[group] = kind
                families[group] = family_of.setdefault((len(values), values[:-1]), len(family_of))
            number = (group << 40) + (last if 0 <= last < 1 << 39 else 0)
            texts[number] = code_page_text(distinct[values])
            previous = page_key
            distinct[values] = number
        for code in codes:
            local[code] = distinct[keys(code)[0]]
        return local, texts, groups, families
