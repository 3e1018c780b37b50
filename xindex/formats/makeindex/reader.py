r"""The ``.idx`` reader: ``\indexentry{key@display!sub|encap}{page}`` lines to entries, with makeindex's rules.

The *quote* character (``"``) makes the next character literal and is
dropped; the *escape* character (``\``) protects a following quote and is
kept; braces must balance; ``|(`` and ``|)`` open and close a page range
(``|(textbf`` keeps its encap), paired here in file order; ``|see{...}`` and
``|seealso{...}`` are cross-references (linked by
:mod:`xindex.formats.makeindex.links`). A bad line is reported with its
number (:class:`~xindex.formats.makeindex.style.IdxProblem`) and skipped;
the good lines still import.

Encapsulators: ``textbf`` is bold emphasis and ``textit``/``emph`` italic,
as xindex's own locators have them; any other encap (``hyperpage``,
``hyperindexformat{\textbf}``, a user macro) is kept on the locator and
written back as ``\encap{page}``.

Two readers may share a big file (:func:`choose_split`): each keeps only the
main headings of its part, its regular expression passing over the other
part's lines unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import roman

from xindex.core.locators import MAX_PAGE, Emphasis
from xindex.core.model import XRefKind
from xindex.core.ranges import ROMAN_OFFSET
from xindex.formats.makeindex.entries import IdxEntry, IdxResult, IdxXRef, no_collection
from xindex.formats.makeindex.latex_text import is_plain
from xindex.formats.makeindex.links import resolve_xrefs
from xindex.formats.makeindex.pages import BAND
from xindex.formats.makeindex.pages import page_code as makeindex_page_code
from xindex.formats.makeindex.style import IdxProblem, IstStyle

PAGE, OPEN, CLOSE = 0, 1, 2
_EMPHASIS_ENCAPS = {"textbf": Emphasis.BOLD, "textit": Emphasis.ITALIC, "emph": Emphasis.ITALIC}
_XREF_ENCAPS = {"see": XRefKind.SEE, "seealso": XRefKind.SEE_ALSO}
MAX_PAGE_DIGITS = len(str(MAX_PAGE))
_MAKEINDEX_LEVELS = 3  # makeindex's \item, \subitem, \subsubitem (xindex has no limit)
_EMPTY_FIELD = "empty field in the key (an empty heading, or nothing before @)"
_NULL_FIELD = "Illegal null field."  # (makeindex's words)

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
    specials = {
        style.level,
        style.actual,
        style.encap,
        style.quote,
        style.escape,
        style.arg_open,
        style.arg_close,
        style.range_open,
        style.range_close,
    }
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


def _add_key(entry: IdxEntry, key: str) -> None:
    """Note a key that gave an entry plain pages (most entries have one: kept as the string alone)."""
    known = entry.keys
    if known is None:
        entry.keys = key
    elif isinstance(known, str):
        entry.keys = [known, key]
    else:
        known.append(key)


def _page_codes(pages: Iterable[str], style: IstStyle) -> tuple[dict[str, int | str], set[str]]:
    """Each distinct page text's code (or why it is no page), and the texts that are no page."""
    codes: dict[str, int | str] = {}
    bad: set[str] = set()
    read = makeindex_page_code if style.compatible else _page_code
    for page in pages:
        code = codes[page] = read(page, style)
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
        self.numbered: dict[str, list[int]] = {}  # each key -> the numbers of its lines
        self.special: set[str] = set()  # the keys with an encap, a quote or an actual (read by parse_key)
        self.groups: dict[str, list[str]] = {}  # each key -> its pages as written (the numbers' lines)
        self.codes: dict[str, int | str] = {}  # each page as written -> its code (or why it is no page)
        self.with_refs: list[IdxEntry] = []  # entries with |( or |), in the order they were first met
        self.with_xrefs: list[IdxEntry] = []  # entries with cross-references, likewise
        self.linked_roots: set[str | tuple[str, str]] = set()  # main headings with references below them
        self.accepted = 0
        self.rejected = 0
        self.simple_specials = (style.quote, style.actual, style.encap)  # a key without them is headings and "!"
        self.argument_specials = re.compile(
            "|".join(re.escape(char) for char in {style.quote, style.escape, style.arg_open, style.arg_close})
        )
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
        """Report a line as bad and skipped."""
        self.rejected += 1
        self.problems.append(IdxProblem(line, message))

    def read(self, text: str) -> None:
        """Read every line: first group the lines by key text (a book indexes one key on many
        pages), then make each distinct key's entry once and give it all its pages."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.endswith("\n"):
            text += "\n"
        groups = self.groups  # key -> its pages as written, in file order
        scanned_lines: list[tuple[str, int, str]] = []  # lines read the slow way: (key, number, text after)
        quote, actual, encap = self.simple_specials
        numbered, special = self.numbered, self.special
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
                if after and self.style.compatible:  # (makeindex rejects the line; xindex's import warns)
                    if self.owns_line(other):
                        message = f"No closing delimiter for second argument (illegal character `{after[0]}')."
                        self.reject(number, message)
                    continue
                scanned_lines.append((key, number, after))
            found = groups.get(key)
            if found is None:
                found = groups[key] = []
                numbered[key] = [number]
                if quote in key or actual in key or encap in key:
                    special.add(key)
            else:
                numbered[key].append(number)
            found.append(page)
        trailing = [line for line in scanned_lines if line[2]]
        scanned_keys = {key for key, _number, _after in scanned_lines} if self.split is not None else None
        owned: set[str] | None = set() if trailing else None  # keys this reader keeps
        entries = bad = 0
        skip = _SKIP
        level, roots, split, part = self.style.level, self.roots, self.split, self.part
        codes, bad_pages = _page_codes(set().union(*groups.values()), self.style)
        self.codes = codes
        for key, pages in groups.items():
            clean = not bad_pages or bad_pages.isdisjoint(pages)  # every page is a page
            if clean and key not in special:
                # parse_key's first case inlined: a key of headings separated by "!" and nothing else.
                heads = key.split(level)
                if scanned_keys and key in scanned_keys and _part_of(heads[0], split) != part:  # type: ignore[arg-type]
                    continue  # (the regular expression gave this reader only keys of its part)
                texts = self.headings(heads)
                if texts is not None:  # else parse_key reports it
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
                                plain = is_plain(key)
                            line = numbered[key][0]
                            entry = siblings[text] = IdxEntry(text, text, depth, line, text if plain else None)
                        if depth < deepest:
                            siblings = entry.child_map()
                    assert entry is not None
                    entry.pages.extend([codes[page] for page in pages])  # type: ignore[misc]
                    _add_key(entry, key)
                    continue
            page_codes = [codes[page] for page in pages]
            kind, payload, emphasis, encap, operation = self.parse_key(key)
            if kind == skip:
                continue
            if owned is not None:
                owned.add(key)
            entries += len(pages)
            line = numbered[key][0]
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
            numbers = numbered[key]
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
                _add_key(entry, key)
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
                refs.extend(
                    [
                        (code, emphasis, encap, operation, number)  # type: ignore[misc]
                        for code, number in zip(page_codes, numbers or (), strict=True)
                    ]
                )
        if owned:
            for key, number, after in trailing:
                if key in owned:
                    self.problems.append(IdxProblem(number, f"text after the entry ignored: {after!r}", False))
        self.accepted = entries - bad

    def headings(self, fields: list[str]) -> list[str] | None:
        """The headings a key's fields name, or None when parse_key must say what is wrong with them.

        Compatible (makeindex's rules): blanks are kept, an empty last field is dropped (``a!`` is ``a``),
        and there are at most three levels; else blanks around a heading are trimmed."""
        if self.style.compatible:
            if len(fields) > 1 and not fields[-1]:
                fields = fields[:-1]
            return fields if "" not in fields and len(fields) <= _MAKEINDEX_LEVELS else None
        texts = [field.strip() for field in fields]
        return None if "" in texts else texts

    def numbers_of(self, key: str) -> list[int]:
        """The numbers of the lines of a key, in file order."""
        return self.numbered[key]

    def page_lines(self) -> None:
        """Give the plain pages of entries with ranges or encapsulators their lines where makeindex needs them:
        it orders a page and a range operator or encapsulator on it by line, and its range warnings name a
        page of another type by its line (an entry keeps only its first line for its plain pages, which is
        enough for any other)."""
        groups, numbered, codes = self.groups, self.numbered, self.codes
        for entry in self.with_refs:
            keys, pages = entry.keys, entry.pages
            if keys is None or not pages:
                continue
            ref_codes = {ref[0] for ref in entry.refs}
            if ref_codes.isdisjoint(pages):  # (no page both plain and with an operator or encapsulator)
                if not any(ref[3] == OPEN for ref in entry.refs):
                    continue
                ends = (min(pages), max(pages), min(ref_codes), max(ref_codes))
                kinds = {0 if code < 0 else 1 if code < BAND else 2 for code in ends}
                if kinds == {0} or kinds == {1}:  # (a range's warnings can name no plain page)
                    continue
            lines: dict[int, int] = {}
            for key in [keys] if isinstance(keys, str) else keys:
                for page, number in zip(groups[key], numbered[key], strict=True):
                    code = codes[page]
                    if isinstance(code, int) and code not in lines:  # (a repeat: makeindex keeps the first)
                        lines[code] = number
            entry.page_lines = lines

    def add_xref(self, target: tuple[IdxEntry, XRefKind, str], number: int) -> None:
        """Give an entry a cross-reference (entry, kind, text), once however many pages repeat it."""
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
            texts = self.headings(parts)
            if texts is None:
                return self.bad(key, self.fields_problem(key, parts))
            return (_PLAIN, [(text, text) for text in texts], 0, "", 0)
        style = self.style
        # (Without a quote, escapes change nothing in a key.)
        split = _split_plain_key(key, style) if style.quote not in key else _split_quoted_key(key, style)
        if isinstance(split, str):
            return self.bad(key, split)
        fields_, encap_text = split
        compatible = style.compatible
        if compatible and len(fields_) > 1 and fields_[-1] == ("", None):
            fields_ = fields_[:-1]  # (makeindex reads a! as a)
        if compatible and len(fields_) > _MAKEINDEX_LEVELS:
            return self.bad(key, _too_deep(key, style))
        levels: list[tuple[str, str]] = []
        for sort_text, display in fields_:
            if not compatible:
                sort_text = sort_text.strip()
                display = display.strip() if display is not None else sort_text
            elif display is None:
                display = sort_text
            if not sort_text:
                return self.bad(key, _NULL_FIELD if compatible else _EMPTY_FIELD)
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
            if encap_text in _EMPHASIS_ENCAPS and not compatible:
                emphasis = int(_EMPHASIS_ENCAPS[encap_text])
            elif encap_text:
                if encap_text.count(style.arg_open) != encap_text.count(style.arg_close):
                    return self.bad(key, f"unbalanced braces in the encapsulator {encap_text!r}")
                encap = encap_text
        if operation != PAGE:
            return (_RANGE, levels, emphasis, encap, operation)
        if compatible and encap:
            return (_RANGE, levels, 0, encap, PAGE)  # (makeindex orders such pages by line: keep them)
        if emphasis or encap:
            return (_STYLED, levels, emphasis, encap, 0)
        return (_PLAIN, levels, 0, "", 0)

    def fields_problem(self, key: str, fields: list[str]) -> str:
        """Why a key of headings alone names no entry."""
        if not self.style.compatible:
            return _EMPTY_FIELD
        if len([field for field in fields if field]) > _MAKEINDEX_LEVELS or len(fields) > _MAKEINDEX_LEVELS + 1:
            return _too_deep(key, self.style)
        return _NULL_FIELD

    def bad(self, key: str, message: str) -> Action:
        """The action of a bad key: reported by the reader that owns it."""
        return (_BAD, None, 0, message, 0) if self.owns(key) else _SKIPPED

    def entry_for(self, levels: list[tuple[str, str]], line: int) -> IdxEntry:
        """The entry a key's (sort text, display) levels name, made (with its parents) when new."""
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


def _too_deep(key: str, style: IstStyle) -> str:
    """makeindex's words for a fourth level: where its level character is, counted from 1."""
    position = -1
    for _ in range(_MAKEINDEX_LEVELS):
        position = key.find(style.level, position + 1)
    return f"Extra `{style.level}' at position {position + 1} of first argument."


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
    """``see{X}`` → (SEE, X); ``seealso{X}`` → (SEE_ALSO, X); anything else None (and everything when the
    style keeps them as encapsulators, as makeindex does)."""
    if style.compatible or not encap.endswith(style.arg_close):
        return None
    name, brace, rest = encap.partition(style.arg_open)
    kind = _XREF_ENCAPS.get(name)
    if kind is None or not brace:
        return None
    return kind, rest[: -len(style.arg_close)].strip()


def _page_code(page: str, style: IstStyle) -> int | str:
    """The page code of a page argument, or why xindex's pages cannot use it (``--cms``, the importer: arabic
    and roman pages; ``xindex makeindex`` reads every page makeindex reads, :mod:`.pages`)."""
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


# -- after reading: page ranges -----------------------------------------------------------------------


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
                message = (
                    f"the range opened at line {start_line} ends before it starts or mixes roman and "
                    "arabic pages: counted as two pages"
                )
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


def read_idx(text: str, style: IstStyle | None = None) -> IdxResult:
    """Parse an .idx text, link its cross-references; bad lines are reported (with their numbers) and
    skipped, never raised."""
    style = style or IstStyle()
    with no_collection():
        result, with_xrefs, _free, _linked = read_part(text, style)
        if with_xrefs:
            resolve_xrefs(result, with_xrefs, style)
        result.problems.sort(key=lambda problem: (problem.line, problem.message))
    return result


def read_part(
    text: str, style: IstStyle, part: int = 0, split: frozenset[str] | None = None
) -> tuple[IdxResult, list[IdxEntry], list[IdxEntry], list[IdxEntry]]:
    """Read the main headings of one part (all of them without a split) and pair their ranges: the result,
    the entries with cross-references, and the main headings without and with cross-references below."""
    with no_collection():
        reader = _Reader(style, part, split)
        reader.read(text)
        result = IdxResult(list(reader.roots.values()), reader.problems, reader.accepted, reader.rejected)
        if not style.compatible:  # (else makeindex's page lists take ranges as they come: pagelist)
            for entry in reader.with_refs:
                _pair_ranges(entry, result.problems)
        elif reader.with_refs:
            reader.page_lines()
        linked = [reader.roots[identity] for identity in reader.linked_roots]
        free = [root for identity, root in reader.roots.items() if identity not in reader.linked_roots]
        return result, reader.with_xrefs, free, linked
