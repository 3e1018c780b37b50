"""The outline format: a small, readable text form of a whole index.

Outlines build documents from source files (the bundled sample, test
fixtures). One entry per line; indentation gives the level::

    # The Cold-Climate Garden: the index, as typed
    % title: The Cold-Climate Garden
    % note: 320 pages plus front matter i–xvi

    <i>Rosa rugosa</i> | 146-8, 147f
        see also: roses > shrub
    roses | 141–70
        pruning | 160-4, <b>162</b>
            climbers | 163
        shrub | 145–52
        see also: <i>Rosa rugosa</i>
    St. Fiacre | xiii, 2 | sort: Saint Fiacre
    hybrid tea roses
        see under: roses
    shrubs | 127–40
        see also (generic): names of individual shrubs
    soil | 33–64
        pH | 38–43, 45n3
    pH, soil
        see: soil > pH

Lines
    Blank lines, and lines whose first non-blank character is ``#``, are
    ignored.

Settings
    ``% key: value`` sets a document setting (``title``, ``note`` ...). Settings
    come before the first entry, unindented; a key may be given once. A key
    is a letter followed by letters, digits, ``_``, ``-`` or ``.``.

Entries
    ``HEADING``, ``HEADING | LOCATORS`` or ``HEADING | LOCATORS | sort: SORT AS``
    (the locator field may be empty: ``HEADING | | sort: SORT AS``). A main
    heading starts in the first column; each level below is indented by
    exactly four more spaces. Tabs, an indentation that is not a multiple of
    four and an indentation that skips a level are errors. HEADING may carry
    the light markup tags ``<i> <b> <sc> <sup> <sub>`` (:mod:`xindex.core.markup`);
    LOCATORS use the typed locator syntax (:mod:`xindex.core.locators`: ``12,
    14-16, xii, 131-4, 45n3, 77f, 102t, <b>112</b>``). Two headings under the
    same parent may not have the same text in the same italics
    (:func:`markup.identity`: ``<i>Nature</i>``, the journal, and ``Nature``
    are two headings; bold and small caps do not count). A heading that must begin
    with ``#`` or ``%`` is written with the entity ``&#35;`` or ``&#37;``.

Cross-references
    A line indented one level deeper than its entry, starting with ``see:``,
    ``see also:`` or ``see under:`` followed by the target's path, its levels
    separated by `` > `` (``see also: roses > pruning``), each written as the
    heading is, italics included (``see: <i>Nature</i>``). The target must be
    an entry of the same outline; it may come later in the file. A generic
    reference, which points at no entry, is written ``see also (generic):
    TEXT`` (``see (generic):`` and ``see under (generic):`` likewise). An entry
    may have several references, one per line, among or after its
    subentries. The keywords are read without regard to case.

Errors raise :class:`OutlineError` whose message begins ``line N:`` and says
what is wrong. :func:`parse_outline` checks everything it can without a
document (syntax, locators, markup, duplicate headings, targets);
:func:`read_outline` turns it into an imported index, which a document applies
as any import (merging with what it holds, keeping the settings it has) in
one undoable command, so a failure leaves the document untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from xindex.core import markup
from xindex.core.errors import UserError
from xindex.core.imported import ImportedIndex, ImportEntry, ImportFileError, ImportXRef
from xindex.core.locators import LocatorError, parse_locators
from xindex.core.model import XRefKind
from xindex.formats.importers import clean_term, decode_text
from xindex.store.document import Document

INDENT = 4
PATH_SEPARATOR = " > "

_SETTING = re.compile(r"%\s*(?P<key>[A-Za-z][A-Za-z0-9_.-]*)\s*:\s*(?P<value>.*)")
_XREF = re.compile(
    r"(?P<kind>see\s+also|see\s+under|see)\s*(?P<generic>\(\s*generic\s*\))?\s*:(?P<rest>.*)", re.IGNORECASE
)
_PATH_SPLIT = re.compile(r"\s>\s")
_SORT = re.compile(r"sort\s*:(?P<value>.*)", re.IGNORECASE | re.DOTALL)


class OutlineError(UserError, ValueError):
    """Bad outline input; the message starts ``line N:`` and ``line`` holds N (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


@dataclass
class OutlineXRef:
    """A cross-reference line: its kind, the target path (None for a generic one) or generic text."""

    kind: XRefKind
    target: list[str] | None
    text: str
    line: int

    @property
    def generic(self) -> bool:
        """True for a reference that names no entry."""
        return self.target is None


@dataclass
class OutlineNode:
    """One heading of the outline with its locator text, Sort As, references and subheadings."""

    term: str
    plain: str
    locators: str
    sort_as: str | None
    line: int
    xrefs: list[OutlineXRef] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The heading's :func:`markup.identity`: its text with its italics."""
        return markup.identity(self.term)


@dataclass
class Outline:
    """A parsed outline: document settings and the main headings (each with its subtree)."""

    settings: dict[str, str] = field(default_factory=dict)
    entries: list[OutlineNode] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[OutlineNode, tuple[str, ...]]]:
        """Every node with its path of headings by name (:attr:`OutlineNode.name`), parents before children,
        in file order."""
        stack: list[tuple[OutlineNode, tuple[str, ...]]] = [(node, (node.name,)) for node in reversed(self.entries)]
        while stack:
            node, path = stack.pop()
            yield node, path
            stack.extend((child, (*path, child.name)) for child in reversed(node.children))

    def entry_count(self) -> int:
        """How many headings the outline holds, at every level."""
        return sum(1 for _ in self.walk())


def _plain(text: str, line: int, what: str) -> tuple[str, str]:
    """Markup as the store keeps it and its plain text (:func:`markup.clean_heading`, the one rule)."""
    try:
        return markup.clean_heading(text, what)
    except markup.EmptyHeadingError:
        return "", ""  # the caller says what an empty one means where it is
    except markup.MarkupError as error:
        raise OutlineError(line, str(error)) from None


def _indent_level(raw: str, number: int) -> tuple[int, str]:
    """The level of an indented line and its text; errors for tabs and odd indentation."""
    text = raw.lstrip()
    indent = raw[: len(raw) - len(text)]
    if "\t" in indent:
        raise OutlineError(number, f"indentation contains a tab; indent with {INDENT} spaces per level")
    if indent.strip(" "):
        raise OutlineError(number, "indentation contains a character other than a space")
    if len(indent) % INDENT:
        raise OutlineError(
            number, f"indentation of {len(indent)} spaces is not a multiple of {INDENT} (use {INDENT} per level)"
        )
    return len(indent) // INDENT, text


def _parse_entry(text: str, number: int) -> OutlineNode:
    """An entry line's heading, locators and Sort As, each checked."""
    fields = text.split("|")
    if len(fields) > 3:
        raise OutlineError(number, "too many '|' fields (write HEADING | LOCATORS | sort: SORT AS)")
    term, plain = _plain(fields[0], number, "heading")
    if not plain:
        raise OutlineError(number, "the heading is empty")
    locators = fields[1].strip() if len(fields) > 1 else ""
    if _SORT.match(locators):
        raise OutlineError(number, "the sort field comes third: write HEADING | LOCATORS | sort: SORT AS")
    try:
        parse_locators(locators)
    except LocatorError as error:
        raise OutlineError(number, f"bad locator in “{plain}”: {error}") from None
    sort_as: str | None = None
    if len(fields) == 3:
        sort_field = fields[2].strip()
        match = _SORT.fullmatch(sort_field)
        if not match:
            raise OutlineError(number, f"the third field must be 'sort: SORT AS', not {sort_field!r}")
        sort_as = " ".join(match.group("value").split())
        if not sort_as:
            raise OutlineError(number, f"the sort field of “{plain}” is empty")
    return OutlineNode(term, plain, locators, sort_as, number)


def _parse_xref(match: re.Match[str], number: int) -> OutlineXRef:
    """A cross-reference line: kind, and target path or generic text."""
    kind = XRefKind(" ".join(match.group("kind").lower().split()))
    rest = match.group("rest").strip()
    if not rest:
        raise OutlineError(number, f"'{kind}:' needs a target")
    if match.group("generic"):
        text, plain = _plain(rest, number, "generic reference")
        if not plain:
            raise OutlineError(number, f"'{kind} (generic):' needs its text")
        return OutlineXRef(kind, None, text, number)
    target: list[str] = []
    for part in _PATH_SPLIT.split(rest):
        term, plain = _plain(part, number, "target")
        if not plain:
            raise OutlineError(number, f"the target {rest!r} has an empty level (levels are separated by ' > ')")
        target.append(markup.identity(term))
    return OutlineXRef(kind, target, "", number)


def _missing_target(known: dict[tuple[str, ...], OutlineNode], target: list[str]) -> str:
    """Say which level of a target path does not exist, suggesting a near heading."""
    for depth in range(1, len(target) + 1):
        above, wanted = tuple(target[: depth - 1]), target[depth - 1]
        if (*above, wanted) in known:
            continue
        if above:
            message = f"there is no subheading “{_shown(wanted)}” under “{_shown(*above)}”"
        else:
            message = f"there is no main heading “{_shown(wanted)}”"
        folded = markup.plain_text(wanted).casefold()
        near = sorted(
            path[-1]
            for path in known
            if path[:-1] == above
            and ((text := markup.plain_text(path[-1]).casefold()) == folded or text.startswith(folded + " "))
        )
        return message + (f" (did you mean “{_shown(near[0])}”?)" if near else "")
    return f"there is no entry “{_shown(*target)}”"  # pragma: no cover - some level always misses


def _shown(*path: str) -> str:
    """A path of heading names as messages show it (``roses > pruning``, ``<i>Nature</i>``)."""
    return PATH_SEPARATOR.join(markup.shown_name(name) for name in path)


def _check_references(outline: Outline) -> None:
    """Every real reference points at an entry of the outline, not at itself, and is not repeated."""
    known = {path: node for node, path in outline.walk()}
    for node, path in outline.walk():
        seen: dict[tuple[XRefKind, tuple[str, ...] | str], int] = {}
        for xref in node.xrefs:
            if xref.target is None:
                key: tuple[XRefKind, tuple[str, ...] | str] = (xref.kind, markup.plain_text(xref.text).casefold())
            else:
                target = tuple(xref.target)
                if target not in known:
                    raise OutlineError(xref.line, _missing_target(known, xref.target))
                if target == path:
                    raise OutlineError(xref.line, f"“{_shown(*path)}” refers to itself")
                key = (xref.kind, target)
            if key in seen:
                raise OutlineError(xref.line, f"the same reference is already given on line {seen[key]}")
            seen[key] = xref.line


def parse_outline(text: str) -> Outline:
    """Read outline text into settings and a tree of entries, checking everything; raise OutlineError."""
    outline = Outline()
    setting_lines: dict[str, int] = {}
    stack: list[OutlineNode] = []
    sibling_lines: dict[tuple[str, ...], dict[str, int]] = {}
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("%"):
            if outline.entries:
                raise OutlineError(number, "settings ('% key: value') must come before the first entry")
            if line != stripped:
                raise OutlineError(number, "a setting line must not be indented")
            setting = _SETTING.fullmatch(stripped)
            if not setting:
                raise OutlineError(number, "a setting is written '% key: value'")
            key = setting.group("key")
            if key in setting_lines:
                raise OutlineError(number, f"setting '{key}' is already given on line {setting_lines[key]}")
            setting_lines[key] = number
            outline.settings[key] = setting.group("value").strip()
            continue
        level, body = _indent_level(line, number)
        xref = _XREF.fullmatch(body)
        if xref:
            if level == 0:
                raise OutlineError(number, "a cross-reference must be indented under the entry it belongs to")
            if level > len(stack):
                raise OutlineError(number, f"indentation skips a level (at most {len(stack) * INDENT} spaces here)")
            del stack[level:]
            stack[-1].xrefs.append(_parse_xref(xref, number))
            continue
        if level > len(stack):
            raise OutlineError(number, f"indentation skips a level (at most {len(stack) * INDENT} spaces here)")
        del stack[level:]
        node = _parse_entry(body, number)
        parent = stack[-1] if stack else None
        siblings = sibling_lines.setdefault(tuple(above.name for above in stack), {})
        if node.name in siblings:
            what = f"a subheading of “{parent.plain}”" if parent else "a main heading"
            raise OutlineError(
                number,
                f"“{markup.shown_name(node.name)}” is already {what}, on line {siblings[node.name]} (headings that"
                " differ only in bold, small caps, superscripts or subscripts are one heading; italics make another)",
            )
        siblings[node.name] = number
        (parent.children if parent else outline.entries).append(node)
        stack.append(node)
    _check_references(outline)
    return outline


def read_outline(data: str | bytes, label: str = "Import outline") -> ImportedIndex:
    """An outline as an imported index (nothing written); ImportFileError with the line for a bad one."""
    try:
        outline = parse_outline(decode_text(data))
    except OutlineError as error:
        raise ImportFileError(error.reason, error.line) from None
    imported = ImportedIndex("outline", settings=dict(outline.settings), label=label)
    pending = [(node, _imported_entry(node)) for node in outline.entries]
    imported.entries = [entry for _, entry in pending]
    while pending:
        node, entry = pending.pop()
        for child in node.children:
            child_entry = _imported_entry(child)
            entry.children.append(child_entry)
            pending.append((child, child_entry))
    return imported


def _imported_entry(node: OutlineNode) -> ImportEntry:
    term, plain = clean_term(node.term, node.line)
    entry = ImportEntry(term, plain, node.sort_as, locators=parse_locators(node.locators), line=node.line)
    for xref in node.xrefs:
        entry.xrefs.append(ImportXRef(xref.kind, target_path=xref.target, text=xref.text, line=xref.line))
    return entry


def load_outline(document: Document, text: str, label: str = "Import outline") -> int:
    """Merge an outline into a document as one undoable command, as any import is merged
    (:meth:`Document.apply_import`); return the entries added."""
    return document.apply_import(read_outline(text, label)).added
