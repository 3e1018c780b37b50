r"""The ``.ind`` of what was read from an ``.idx``, and makeindex's whole run in memory (:func:`convert_text`).

This writes exactly what ``export_ind(Formatter(options).format(result.tree()))``
writes (the tests hold the two paths to that), with the default layout
(indented, *See also* after the locators), without going through SQLite or
building a span for every locator: a million-line ``.idx`` makes too many.
The rules are the core's all the same: locators are conflated by
:func:`xindex.core.ranges.conflate_codes` (the fast path of ``conflate`` for
page codes) and printed by its range rule, cross-references take the
Formatter's wording, punctuation and order
(:meth:`~xindex.core.formatter.Formatter.xref_spans`), letter groups its keys
and titles, and :class:`xindex.formats.ind.IndWriter` writes every string of
the ``.ind``.

Each main heading is written with its subentries as one :data:`Chunk` that
carries its sort key, so two processes may each write half the main headings
and one merge the two sorted lists (:mod:`xindex.jobs.makeindex`).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Iterator, Sequence

from xindex.core.formatter import FormatOptions, Formatter, group_key, group_title
from xindex.core.language import normalize_language
from xindex.core.ranges import RangeRule, code_text, conflate_codes, inside_rule
from xindex.core.rules import DEFAULT_RULES, rule_set
from xindex.core.sorting import PART_SEPARATOR, SortKeys, SortOptions
from xindex.formats.ind import IndWriter, text_width
from xindex.formats.makeindex.entries import IdxEntry, IdxResult, no_collection
from xindex.formats.makeindex.pagelist import PAGE, PageList, Record, plain_page_texts, sorted_records
from xindex.formats.makeindex.pages import BAND, PageKeys, code_page_text, plain_order
from xindex.formats.makeindex.reader import read_idx
from xindex.formats.makeindex.style import IdxProblem, IstStyle

# makeindex's warnings while writing a main heading: (input line, message, the lines it counts before them).
ChunkWarnings = tuple[tuple[int, str, int], ...]
# One main heading written out: (sort key, line it first appeared on, letter group, its \item lines, the
# lines makeindex counts in them, its warnings, and the lines and count when it is the first of its group if
# they differ: makeindex counts the delimiter before an entry in its line's length, and a group's first has
# none).
Chunk = tuple[bytes, int, str, str, int, ChunkWarnings, tuple[str, int] | None]


def _with_actual(key: bytes, entry: IdxEntry) -> bytes:
    """Entries of one key and text but another actual field (``Nature`` and ``Nature@\\emph{Nature}``, the
    journal) file as makeindex files them: the one without an actual first, then by the actual."""
    return key if entry.sort_as is None else key + PART_SEPARATOR + entry.display.encode()


class Writer:
    """Writes the entries read from an ``.idx``: main headings as sorted chunks, then the document."""

    def __init__(self, style: IstStyle, keys: SortKeys, options: FormatOptions) -> None:
        self.style = style
        self.keys = keys
        self.options = options
        self.ind = IndWriter(style)
        self.formatter = Formatter(options, keys)
        self.key_cache: dict[tuple[str, str | None, bool], bytes] = {}
        self.page_texts: dict[int, str] = {}
        self.prepared = False
        self.pending: list[tuple[int, str]] = []  # makeindex's warnings for the entry being written
        self.printed: list[int] = []  # and for each, how many of its page texts makeindex printed before it
        self.warnings: list[IdxProblem] = []  # and all of them, at their output lines, after document()
        self.page_keys = PageKeys(style)
        self.plain_order = plain_order(style)  # (else roman and arabic codes order by makeindex's keys too)

    def sort_key(self, entry: IdxEntry) -> bytes:
        """An entry's sort key, computed once per distinct (plain, sort as, level); kept on the entry."""
        identity = (entry.plain, entry.sort_as, entry.depth == 0)
        found = self.key_cache.get(identity)
        if found is None:
            found = self.key_cache[identity] = self.keys.key(entry.plain, entry.sort_as, main=entry.depth == 0)
        entry.sort_key = found = _with_actual(found, entry)
        return found

    def prepare(self, roots: Iterable[IdxEntry]) -> None:
        """Compute the sort keys that writing will need (main headings, subheadings with siblings)."""
        self.prepared = True
        keys = self.keys
        for root in roots:  # (main headings seldom share a text: no cache)
            root.sort_key = _with_actual(keys.key(root.plain, root.sort_as), root)
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
        with no_collection():
            if not self.prepared:
                self.prepare(roots)
            ind = self.ind
            page_texts = self.page_texts
            by_key = operator.attrgetter("sort_key")
            out: list[Chunk] = []
            pending = self.pending
            subitems = ind.subitems is not None
            line_max = ind.line_max
            after_pages = text_width(ind.delim_t)
            for root in sorted(roots, key=operator.attrgetter("sort_key", "line")):
                parts: list[str] = []
                counted = 0  # the newlines makeindex counts (those of its \item strings and line breaks) so far
                warnings: list[tuple[int, str, int]] = []
                previous = 0  # the level of the last entry written with pages (makeindex's item_01, item_12)
                implicit = False  # the entry is the first under a parent without pages (item_x1, item_x2)
                first: tuple[str, int] | None = None  # the root first in its group, when that breaks it otherwise
                stack = [root]
                while stack:
                    entry = stack.pop()
                    depth = entry.depth
                    pages = entry.pages
                    located: str | None
                    texts: list[str] | None = None
                    if entry.styled or entry.ranges or entry.refs or len(pages) > 1:
                        texts = self.locator_texts(entry)
                        located = ind.locators(texts)
                    elif pages:
                        located = page_texts.get(pages[0]) or self.page_text(pages[0])
                    else:
                        located = None
                    references = self.references(entry) if entry.xrefs else ""
                    item = ind.subitem(depth, previous, implicit) if subitems and depth else None
                    breaks: list[int] = []
                    if line_max and located is not None:
                        # makeindex's line: the delimiter that ends the entry before (but under a parent written
                        # just before it), the item, heading and delimiter, then the locators
                        start = text_width(ind.item(depth) if item is None else item) + text_width(entry.display)
                        start += text_width(ind.delim(depth))
                        before = 0 if implicit else after_pages
                        if not ind.fits(start + before, located):
                            texts = texts or [located]
                            breaks = ind.breaks(start + before, texts)
                            if depth == 0 and before and ind.breaks(start, texts) != breaks:
                                # (a group's first entry has no delimiter before it)
                                alone = ind.wrapped(start, texts)
                                first = (
                                    ind.entry(depth, entry.display, alone, references, item),
                                    len(ind.breaks(start, texts)) - len(breaks),
                                )
                            if breaks:
                                located = ind.wrapped(start + before, texts)
                    text = ind.entry(depth, entry.display, located, references, item)
                    counted += text[: max(text.find(entry.display), 0)].count("\n")
                    if pending:  # (on the entry's line, after the line breaks made before them, as makeindex)
                        for (number, message), printed in zip(pending, self.printed, strict=True):
                            warnings.append((number, message, counted + sum(at < printed for at in breaks)))
                        pending.clear()
                        self.printed.clear()
                    counted += len(breaks)
                    parts.append(text)
                    children = entry.children
                    if located is not None or references:
                        previous = depth
                        implicit = False
                    else:
                        implicit = bool(children)
                    if children:
                        if len(children) == 1:
                            stack.extend(children.values())
                        else:
                            ordered = sorted(children.values(), key=by_key)
                            ordered.reverse()  # popped first to last; equal keys stay in file order
                            stack.extend(ordered)
                if first is not None:
                    first = (first[0] + "".join(parts[1:]), counted + first[1])
                group = self.group_of(root)
                if not group and self.style.compatible:
                    group = _NUMBERS if _makeindex_number(root) else _SYMBOLS
                out.append((root.sort_key, root.line, group, "".join(parts), counted, tuple(warnings), first))
            return out

    def document(self, chunks: Iterable[Chunk]) -> str:
        """The whole .ind: preamble, groups of sorted chunks with their headings, postamble."""
        ind = self.ind
        out: list[str] = []
        group: str | None = None
        # The line a warning names is counted as makeindex counts: the newlines of the preamble, group
        # skips, group headings and \item strings (not those of delimiters or encapsulators).
        lines = ind.style.preamble.count("\n")
        for _key, _line, letter, text, counted, warnings, first in _symbols_first(chunks):
            if letter != group:
                if letter in _MAKEINDEX_GROUPS:
                    out.append(ind.group_with(self.makeindex_heading(letter), first=group is None))
                elif not letter and self.options.numbers_group:  # (--cms: one group, in the style's words)
                    both = f"{self.makeindex_heading(_SYMBOLS)} \\& {self.makeindex_heading(_NUMBERS)}"
                    out.append(ind.group_with(both, first=group is None))
                else:
                    out.append(ind.group(group_title(letter, self.options), first=group is None))
                group = letter
                lines += out[-1].count("\n")
                if first is not None:
                    text, counted = first
            if warnings:
                self.warnings += [IdxProblem(number, said, False, lines + at + 1) for number, said, at in warnings]
            out.append(text)
            lines += counted
        return ind.document(*out)

    def makeindex_heading(self, group: str) -> str:
        """makeindex's heading of its symbols or numbers group: the style's words, as written."""
        style = self.style
        if not style.headings_flag:
            return ""
        if group == _SYMBOLS:
            return style.symhead_positive if style.headings_flag > 0 else style.symhead_negative
        return style.numhead_positive if style.headings_flag > 0 else style.numhead_negative

    def group_of(self, root: IdxEntry) -> str:
        """The letter group of a main heading, as the Formatter gives it."""
        return group_key(root.plain, root.sort_as, self.options, self.keys)

    def locator_texts(self, entry: IdxEntry) -> list[str]:
        """An entry's locators as the .ind prints them: by makeindex's rules for a compatible style, else
        conflated by the core's rule."""
        if self.style.compatible:
            return self.makeindex_texts(entry)
        others = entry.coded_locators() if entry.styled or entry.ranges else ()
        ind = self.ind
        texts: list[str] = []
        options = self.options
        for first, last, emphasis, encap in conflate_codes(
            entry.pages, others, options.conflate_adjacent, options.adjacent_run
        ):
            if first == last:
                text = self.page_texts.get(first) or self.page_text(first)
            else:
                text = code_text(first, last, inside_rule(options.range_rule, encap), self.style.delim_r)
            if encap:
                text = ind.locator(text, emphasis, encap)
            elif emphasis:
                text = ind.locator(text, emphasis)
            texts.append(text)
        return texts

    def makeindex_texts(self, entry: IdxEntry) -> list[str]:
        """An entry's page list made by makeindex's rules (:mod:`xindex.formats.makeindex.pagelist`)."""
        implicit = self.options.conflate_adjacent
        pages = sorted(set(entry.pages))
        refs = entry.refs
        if (pages and (pages[-1] >= BAND or (pages[0] < 0 and not self.plain_order))) or (
            refs and any(ref[0] >= BAND or (ref[0] < 0 and not self.plain_order) for ref in refs)
        ):
            return self.keyed_texts(entry)
        if not refs:
            return plain_page_texts(pages, self.style, self.cached_page_text, self.range_text, implicit_ranges=implicit)
        records = _plain_records(entry, pages)
        records += [(code, encap, operation, line) for code, _emphasis, encap, operation, line in refs]
        pagelist = PageList(self.style, self.cached_page_text, self.range_text, implicit_ranges=implicit)
        for record in sorted_records(records):
            pagelist.add(record)
        texts = pagelist.finish()
        self.pending += pagelist.warnings
        self.printed += pagelist.printed
        return texts

    def keyed_texts(self, entry: IdxEntry) -> list[str]:
        """:meth:`makeindex_texts` for an entry with pages other than plain arabic and roman ones (letters,
        composite pages, pages written otherwise: ``IV``, ``007``), or whose roman and arabic pages another
        ``page_precedence`` orders: its pages get local codes in makeindex's order (``pages.local_codes``)."""
        refs = sorted(entry.refs, key=lambda ref: ref[4])
        local, texts, types, families = self.page_keys.local_codes([*entry.pages, *[ref[0] for ref in refs]])
        delim_r = self.style.delim_r

        def range_text(first: int, last: int, _encap: str) -> str:
            return texts[first] + delim_r + texts[last]

        implicit = self.options.conflate_adjacent
        pagelist = PageList(
            self.style, texts.__getitem__, range_text, implicit_ranges=implicit, types=types, families=families
        )
        records = _plain_records(entry, dict.fromkeys(entry.pages), local)
        records += [(local[code], encap, operation, line) for code, _emphasis, encap, operation, line in refs]
        for record in sorted_records(records):
            pagelist.add(record)
        out = pagelist.finish()
        self.pending += pagelist.warnings
        self.printed += pagelist.printed
        return out

    def range_text(self, first: int, last: int, encap: str) -> str:
        """A range's text: whole, as makeindex writes it, unless the options ask for another range rule
        (never inside an encapsulator)."""
        rule = inside_rule(self.options.range_rule, encap)
        if rule is RangeRule.FULL:
            return self.cached_page_text(first) + self.style.delim_r + self.cached_page_text(last)
        return code_text(first, last, rule, self.style.delim_r)

    def cached_page_text(self, code: int) -> str:
        """A page's text, from the cache when it is there."""
        return self.page_texts.get(code) or self.page_text(code)

    def page_text(self, code: int) -> str:
        """A page's text, kept for the next time (a book cites the same pages again and again)."""
        text = self.page_texts[code] = code_text(code, code) if code < BAND else code_page_text(code)
        return text

    def references(self, entry: IdxEntry) -> str:
        """An entry's cross-references as the Formatter words and orders them, written by the .ind writer."""
        xrefs = [(xref, xref.label) for xref in entry.xrefs]
        return self.ind.spans(self.formatter.xref_spans(xrefs, subentry=entry.depth > 0), source=True)


# makeindex's two groups before the letters, where the rule set files a heading under no letter: symbols (a
# key that is not all digits, such as "1990s" or "*star" when the rule set keeps the star), then numbers.
_SYMBOLS, _NUMBERS = "\x00symbols", "\x00numbers"
_MAKEINDEX_GROUPS = (_SYMBOLS, _NUMBERS)


def _plain_records(entry: IdxEntry, codes: Iterable[int], local: dict[int, int] | None = None) -> list[Record]:
    """An entry's plain pages as page-list records (``local``: the codes they are ordered by), each at its line
    where the reader gave it one (:attr:`IdxEntry.page_lines`), else at the entry's first line."""
    lines = entry.page_lines or {}
    line = entry.line
    return [(code if local is None else local[code], "", PAGE, lines.get(code, line)) for code in codes]


def _makeindex_number(root: IdxEntry) -> bool:
    """Whether makeindex files a main heading in its numbers group: a sort key of ASCII digits alone."""
    key = root.display if root.sort_as is None else root.sort_as
    return key.isascii() and key.isdigit()


def _symbols_first(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
    """The chunks in order, but for each run of makeindex's symbols and numbers its symbols first (both
    in the rule set's order), as makeindex heads its symbols group before its numbers group."""
    numbers: list[Chunk] = []
    for chunk in chunks:
        group = chunk[2]
        if group == _NUMBERS:
            numbers.append(chunk)
            continue
        if numbers and group != _SYMBOLS:
            yield from numbers
            numbers.clear()
        yield chunk
    yield from numbers


def write_ind(result: IdxResult, style: IstStyle, keys: SortKeys, options: FormatOptions) -> str:
    """The .ind of a read .idx: what ``export_ind(Formatter(options).format(...))`` writes, made directly.

    Only the indented layout with *See also* after the locators (makeindex's
    own) is made here; the Formatter path does every other layout.
    """
    writer = Writer(style, keys, options)
    ind = writer.document(writer.chunks(result.roots))
    result.problems += writer.warnings  # (in makeindex's order: the transcript prints them so)
    return ind


class Conversion:
    """What a makeindex run made: the .ind, the problems, the lines accepted and rejected, and which process
    read which part of the file (``workers``: (part, process id); part 0 is the whole file in one process)."""

    def __init__(
        self,
        ind: str,
        problems: list[IdxProblem],
        accepted: int,
        rejected: int,
        workers: list[tuple[int, int]] | None = None,
    ) -> None:
        self.ind = ind
        self.problems = problems
        self.accepted = accepted
        self.rejected = rejected
        self.workers: list[tuple[int, int]] = workers if workers is not None else []


def sort_keys(rules: str = DEFAULT_RULES.name, language: str = "en") -> SortKeys:
    """The sort keys of a run: the rule set and the language of the headings."""
    return SortKeys(SortOptions(rule_set(rules), normalize_language(language)))


def convert_text(
    text: str, style: IstStyle, keys: SortKeys, options: FormatOptions, keep: list[object] | None = None
) -> Conversion:
    """makeindex's run in memory, in this process (:func:`xindex.jobs.makeindex.convert` may share a big text
    with a second). ``keep``: where to put what the run made, for a caller about to leave without freeing
    it (freeing a hundred thousand entries one by one takes 30 ms)."""
    with no_collection():
        result = read_idx(text, style)
        if keep is not None:
            keep.append(result)
        ind = write_ind(result, style, keys, options)
        return Conversion(ind, result.problems, result.accepted, result.rejected, [(0, os.getpid())])
