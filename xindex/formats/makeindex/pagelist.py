"""makeindex's page lists: an entry's pages, encapsulators and ``|(`` ``|)`` ranges made into the texts
makeindex prints, with the warnings it gives, for ``xindex makeindex`` without ``--cms``.

makeindex sorts an entry's records by page, then (on one page) range operators and pages with another
encapsulator by their line, other encapsulators by name, dropping exact repeats; then walks them once:
a page joins the run before it when it is the same page or (implicit ranges on) the next, with the same
encapsulator, or when a ``|(`` range is open; a run of three or more pages prints as a range
(``3--7``, or ``suffix_2p``/``suffix_3p``/``suffix_mp`` after the first page when the style sets them),
of two as two pages, and a page with another encapsulator inside an open range prints on its own before
it. The texts are joined and wrapped by :class:`xindex.formats.ind.IndWriter`. With ``--cms`` locators
are conflated by the core's rule instead (:func:`xindex.core.ranges.conflate_codes`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from xindex.formats.makeindex.style import IstStyle

PAGE, OPEN, CLOSE = 0, 1, 2
# An entry's page as read: (page code, encapsulator as written after the range operator, operation, line).
Record = tuple[int, str, int, int]
_TYPE_SHIFT = 40  # a page code's group is its value above this bit: roman, arabic (see pages.local_codes)
_LAST_FIELD = (1 << _TYPE_SHIFT) - 1


def _page_type(code: int) -> int:
    return code >> _TYPE_SHIFT


def _encap_order(encap: str) -> tuple[str, bytes]:
    """makeindex's order of encapsulators on one page: letters without case, then as bytes."""
    return "".join(char.lower() if "A" <= char <= "Z" else char for char in encap), encap.encode()


def _compare(first: Record, second: Record) -> int:
    """makeindex's order of two records of one entry (``compare_page``; repeats are gone already)."""
    if first[0] != second[0]:
        return -1 if first[0] < second[0] else 1
    first_range, second_range = first[2] != PAGE, second[2] != PAGE
    if first_range and second_range:
        return first[3] - second[3]
    if first_range or second_range:
        return first[3] - second[3]
    first_key, second_key = _encap_order(first[1]), _encap_order(second[1])
    return -1 if first_key < second_key else 1 if first_key > second_key else first[3] - second[3]


_ORDER = functools.cmp_to_key(_compare)


def sorted_records(records: Sequence[Record]) -> list[Record]:
    """An entry's records in makeindex's order, repeats (one page, one encapsulator) dropped."""
    seen: set[tuple[int, str]] = set()
    unique: list[Record] = []
    for record in sorted(records, key=lambda record: record[3]):
        if record[2] == PAGE:
            if (record[0], record[1]) in seen:
                continue
            seen.add((record[0], record[1]))
        unique.append(record)
    return sorted(unique, key=_ORDER)


class PageList:
    """One entry's page list as makeindex makes it: :meth:`add` each record in order, then :meth:`finish`."""

    def __init__(
        self,
        style: IstStyle,
        page_text: Callable[[int], str],
        range_text: Callable[[int, int, str], str],
        *,
        implicit_ranges: bool = True,
        types: dict[int, int] | None = None,
        families: dict[int, int] | None = None,
    ) -> None:
        self.style = style
        # Local codes (pages.local_codes): each group's page type, for makeindex's two range warnings.
        self.types = types
        self.families = families  # and each group's family: groups of one family differ in their last field only
        self.page_text = page_text
        self.range_text = range_text  # (first, last, encapsulator): makeindex's is first + delim_r + last
        self.implicit_ranges = implicit_ranges
        self.texts: list[str] = []
        self.warnings: list[tuple[int, str]] = []
        self.printed: list[int] = []  # for each warning, how many texts were printed before it
        self.begin = self.end = self.prev = (0, "", PAGE, 0)
        self.encap = ""  # the encapsulator of the run being made
        self.in_range = False
        self.encap_range = False
        self.range_start = self.begin
        self.started = False

    def add(self, record: Record) -> None:
        """The next record of the entry, in :func:`sorted_records` order."""
        if not self.started:
            self.started = True
            self.begin = self.end = record
            self.encap = record[1]
        elif not (record[2] == OPEN and self.in_range):
            # (makeindex 2.16 leaves an extra opening operator out of the run: it would print as "\\(")
            self.continue_with(record)
        self.operate(record)
        self.prev = record

    def continue_with(self, record: Record) -> None:
        """makeindex's ``old_entry``: extend the run or print it and start another."""
        group = _page_type(record[0])
        prev_group = _page_type(self.prev[0])
        same_type = prev_group == group
        types = self.types
        if types is not None and not same_type:
            same_type = types[prev_group] == types[group]
        step = self.diff(self.end[0], record[0])
        joins = record[1] == self.encap and (step == 0 or (self.implicit_ranges and step == 1))
        if same_type and step != -1 and (joins or self.in_range):
            self.end = record
            if self.in_range and record[2] == PAGE and record[1] and record[1] != self.encap:
                self.texts.append(self.wrapped(record[1], self.page_text(record[0])))
            if self.in_range:
                self.encap_range = True
            return
        self.flush()
        if step == 0 and same_type:
            self.warn(record, "Conflicting entries: multiple encaps for the same page under same key.")
        elif self.in_range and not same_type:
            self.warn(record, "Illegal range formation: starting & ending pages are of different types.")
        elif self.in_range and step == -1:
            self.warn(record, "Illegal range formation: starting & ending pages cross chap/sec breaks.")
        self.begin = self.end = record
        self.encap = record[1]

    def diff(self, first: int, last: int) -> int:
        """makeindex's ``page_diff``: how far the last fields of two pages are apart, -1 for pages of another
        count of fields or other fields before the last (local codes: their groups' families differ)."""
        families = self.families
        if families is None:
            return last - first
        first_group, last_group = _page_type(first), _page_type(last)
        if first_group != last_group and families[first_group] != families[last_group]:
            return -1
        return (last & _LAST_FIELD) - (first & _LAST_FIELD)

    def operate(self, record: Record) -> None:
        """What a range operator (or an encapsulator inside a range) does, and its warnings."""
        operation = record[2]
        if operation == OPEN:
            if self.in_range:
                self.warn(record, f"Extra range opening operator {self.style.range_open}.")
            else:
                self.in_range = True
                self.range_start = record
        elif operation == CLOSE:
            if not self.in_range:
                self.warn(record, f"Unmatched range closing operator {self.style.range_close}.")
                return
            self.in_range = False
            if record[1] and record[1] != self.encap:
                self.warn(record, f"Range closing operator has an inconsistent encapsulator {record[1]}.")
        elif record[1] and record[1] != self.encap and self.in_range:
            self.warn(record, f"Inconsistent page encapsulator {record[1]} within range.")

    def flush(self) -> None:
        """Print the run from ``begin`` to ``end`` (makeindex's ``flush_line``)."""
        style, text = self.style, self.page_text
        span = self.diff(self.begin[0], self.end[0])
        first = text(self.begin[0])
        if span == 0:
            self.encap_range = False
            out = first
        elif self.encap_range or self.diff(self.begin[0], self.prev[0]) > (0 if style.suffix_2p else 1):
            if span == 1 and style.suffix_2p:
                out = first + style.suffix_2p
            elif span == 2 and style.suffix_3p:
                out = first + style.suffix_3p
            elif span >= 2 and style.suffix_mp:
                out = first + style.suffix_mp
            else:
                out = self.range_text(self.begin[0], self.end[0], self.encap)
            self.encap_range = False
        else:
            out = first + style.delim_n + text(self.end[0])
        self.texts.append(self.wrapped(self.encap, out) if self.encap else out)

    def wrapped(self, encap: str, text: str) -> str:
        style = self.style
        return f"{style.encap_prefix}{encap}{style.encap_infix}{text}{style.encap_suffix}"

    def warn(self, record: Record, message: str) -> None:
        self.warnings.append((record[3], message))
        self.printed.append(len(self.texts))

    def finish(self) -> list[str]:
        """The entry's texts in print order (after :meth:`add` of every record)."""
        if self.in_range:
            self.warn(self.range_start, f"Unmatched range opening operator {self.style.range_open}.")
            self.in_range = False
        self.flush()
        return self.texts


def plain_page_texts(
    codes: list[int],
    style: IstStyle,
    page_text: Callable[[int], str],
    range_text: Callable[[int, int, str], str],
    *,
    implicit_ranges: bool = True,
) -> list[str]:
    """:class:`PageList` for sorted distinct pages without encapsulators or ranges (most entries), faster."""
    if not implicit_ranges:
        return [page_text(code) for code in codes]
    texts: list[str] = []
    suffix_2p = style.suffix_2p
    start = last = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == last + 1 and _page_type(code) == _page_type(last):
            last = code
            continue
        span = last - start
        if span == 0:
            texts.append(page_text(start))
        elif span == 1 and not suffix_2p:
            texts.append(page_text(start) + style.delim_n + page_text(last))
        elif span == 1:
            texts.append(page_text(start) + suffix_2p)
        elif span == 2 and style.suffix_3p:
            texts.append(page_text(start) + style.suffix_3p)
        elif style.suffix_mp:
            texts.append(page_text(start) + style.suffix_mp)
        else:
            texts.append(range_text(start, last, ""))
        if code is not None:
            start = last = code
    return texts
