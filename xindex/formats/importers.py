"""Importing index files into a document: one entry point, one report, nothing half-imported.

:func:`import_file` reads a file, picks its importer by the name's suffix (or
``format=``), and the importer merges what it read into the document as ONE
undoable command: a heading that already exists (same plain text under the
same parent) keeps its id and receives the new locators, cross-references
and, when it had none, Sort As and notes; everything else is added. A file
that cannot be read is refused before anything is written, with the line and
the reason (:class:`ImportFileError`); a failure while writing rolls the
whole command back.

Each format module parses its text into the small tree of
:class:`ImportEntry` objects below and hands it to :func:`write_import`, so
merging, cross-reference resolution and the report are the same for every
format. Importers are registered in :data:`IMPORTERS` by name, suffixes and
``"module:function"``, imported only when used, like the exporters in
:mod:`xindex.formats`. An importer function takes the document and the
file's bytes (or text) and returns an :class:`ImportReport`::

    def import_idx(document: Document, data: str | bytes) -> ImportReport: ...

XML is read by :func:`parse_xml`: expat with every entity declaration
refused (so no "billion laughs" expansion and no external entity or DTD is
ever fetched), keeping each element's line for error messages.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast
from xml.parsers import expat

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.errors import UserError
from xindex.core.model import MAX_DEPTH, XRefKind
from xindex.formats import Format, choose, describe
from xindex.store.errors import EditError

MAX_INPUT_BYTES = 1 << 30  # 1,024 MB: a million-entry index is about 40 MB as CSV, 150 MB as XIML
MAX_XML_DEPTH = 256  # elements inside elements; IXML and XIML need about five

if TYPE_CHECKING:
    from xindex.store.document import Document


class ImportFileError(UserError, ValueError):
    """A file that cannot be imported; the message says where (``line N``) and why. Nothing was written."""

    def __init__(self, reason: str, line: int | None = None, source: str = "") -> None:
        where = ", ".join(part for part in (source, f"line {line}" if line else "") if part)
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason = reason
        self.line = line
        self.source = source


@dataclass
class ImportReport:
    """What an import did; ``str(report)`` says it in one or two lines."""

    format: str
    source: str = ""
    added: int = 0
    merged: int = 0
    locators: int = 0
    xrefs: int = 0
    generic_xrefs: int = 0
    settings: int = 0
    settings_kept: int = 0
    groups: int = 0
    warnings: list[str] = field(default_factory=list)
    ids: dict[object, int] = field(default_factory=dict, repr=False)  # the file's ids (XindeX eids) → our ids

    def __str__(self) -> str:
        name = f"{self.source} ({self.format})" if self.source else self.format
        parts = [f"{self.added} {_plural(self.added, 'entry', 'entries')} added",
                 f"{self.merged} merged into existing ones",
                 f"{self.locators} {_plural(self.locators, 'locator', 'locators')}",
                 f"{self.xrefs + self.generic_xrefs} cross-references ({self.generic_xrefs} generic)"]  # fmt: skip
        if self.settings or self.settings_kept:
            kept = f" ({self.settings_kept} kept as they were)" if self.settings_kept else ""
            parts.append(f"{self.settings} {_plural(self.settings, 'setting', 'settings')}{kept}")
        if self.groups:
            parts.append(f"{self.groups} {_plural(self.groups, 'group', 'groups')}")
        text = f"Imported {name}: " + ", ".join(parts) + "."
        if self.warnings:
            more = f" (and {len(self.warnings) - 1} more)" if len(self.warnings) > 1 else ""
            count = len(self.warnings)
            text += f"\n{count} {_plural(count, 'warning', 'warnings')}: {self.warnings[0]}{more}"
        return text


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


# ---------------------------------------------------------------------- the imported tree


@dataclass
class ImportXRef:
    """A cross-reference read from a file: to an entry of the file (``target_key``), to a heading
    path to look up (``target_path``), or generic (``text``, markup)."""

    kind: XRefKind
    target_key: object | None = None
    target_path: list[str] | None = None
    text: str = ""
    line: int = 0


@dataclass(slots=True)
class ImportEntry:
    """One heading read from a file, with its subheadings."""

    term: str
    plain: str
    sort_as: str | None = None
    notes: str = ""
    locators: list[loc.Locator] = field(default_factory=list)
    xrefs: list[ImportXRef] = field(default_factory=list)
    children: list[ImportEntry] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    key: object | None = None  # the file's own id (a XindeX eid), for references by id
    aliases: list[object] = field(default_factory=list)  # ids of same-named siblings merged into this one
    line: int = 0


@dataclass
class ImportedIndex:
    """Everything a file holds, ready to be written: settings and main headings."""

    format: str
    settings: dict[str, str] = field(default_factory=dict)
    entries: list[ImportEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[ImportEntry, ImportEntry | None]]:
        """Every entry with its parent, parents first, in file order."""
        stack: list[tuple[ImportEntry, ImportEntry | None]] = [(entry, None) for entry in reversed(self.entries)]
        while stack:
            entry, parent = stack.pop()
            yield entry, parent
            stack.extend((child, entry) for child in reversed(entry.children))


def clean_term(term: str, line: int = 0, what: str = "heading") -> tuple[str, str]:
    """Markup as the store keeps it and its plain text; ImportFileError for an empty or badly tagged one."""
    text = " ".join(term.split())
    try:
        normalized = markup.normalize(text)
        plain = " ".join(markup.plain_text(normalized).split())
    except markup.MarkupError as error:
        raise ImportFileError(f"{what} {text!r}: {error}", line) from None
    if not plain:
        raise ImportFileError(f"{what} is empty", line)
    bad = markup.control_character(plain)
    if bad:
        raise ImportFileError(f"the {what} holds a control character ({bad})", line)
    return normalized, plain


class EntryTree:
    """Builds an imported tree where the same heading path always lands on one entry (records merge)."""

    def __init__(self) -> None:
        self.roots: list[ImportEntry] = []
        self._children: dict[int, dict[str, ImportEntry]] = {}
        self._top: dict[str, ImportEntry] = {}
        self._depth: dict[int, int] = {}

    def child(self, parent: ImportEntry | None, term: str, plain: str, line: int) -> ImportEntry:
        """The entry ``plain`` under ``parent`` (None: a main heading), created on first use."""
        siblings = self._top if parent is None else self._children.setdefault(id(parent), {})
        entry = siblings.get(plain)
        if entry is None:
            depth = 1 if parent is None else self._depth[id(parent)] + 1
            if depth > MAX_DEPTH:
                raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep", line)
            entry = siblings[plain] = ImportEntry(term, plain, line=line)
            self._depth[id(entry)] = depth
            (self.roots if parent is None else parent.children).append(entry)
        return entry


def text_locator(text: str, order: int | None = None) -> loc.Locator:
    """A locator that is not a page number (``A``, ``2.3.2.2``), kept as text ordered by its leading number."""
    text = " ".join(text.split())
    if order is None:
        number = re.match(r"\d+", text)
        order = int(number.group()) if number else 0
    return loc.parse_locator(f"{order}@{markup.escape(text)}")


def parse_locator_list(text: str, line: int, warnings: list[str] | None = None) -> list[loc.Locator]:
    """Locators typed by another program: what parses is kept as is, anything else becomes a text locator."""
    try:
        return loc.parse_locators(text)
    except loc.LocatorError:
        pass
    items: list[str] = []
    for piece in re.split(r"[,;]", text):
        if items and re.fullmatch(r"\s*\d+\s*", piece) and re.search(r"nn\d+(?:,\d+)*\s*$", items[-1]):
            items[-1] += "," + piece  # a note list such as 98nn2,5 holds commas
        else:
            items.append(piece)
    found: list[loc.Locator] = []
    for item in items:
        try:
            runs = markup.parse_runs(item)
        except markup.MarkupError:
            runs = [markup.Run(item)]
        plain = " ".join("".join(run.text for run in runs).split())
        if not plain:
            continue
        try:
            found.append(loc.parse_locator(item))
            continue
        except loc.LocatorError:
            pass
        styles = next((run.styles for run in runs if run.text.strip()), frozenset())
        emphasis = loc.Emphasis.BOLD if "b" in styles else loc.Emphasis.ITALIC if "i" in styles else loc.Emphasis.NONE
        found.append(replace(text_locator(plain), emphasis=emphasis))
        if warnings is not None:
            warnings.append(f"line {line}: '{plain}' is not a page number; it was kept as a text locator")
    return found


# ---------------------------------------------------------------------- writing


def write_import(document: Document, imported: ImportedIndex, *, label: str = "", source: str = "") -> ImportReport:
    """Merge an imported tree into the document as one undoable command; return the report.

    Settings fill in what the document does not have yet (a setting it already has is kept);
    entries merge by plain heading under the same parent; references to entries of the file are
    linked, references to heading paths are linked when the heading exists (in the document or
    the file) and become generic otherwise.
    """
    report = ImportReport(imported.format, source, warnings=list(imported.warnings))
    ids: dict[int, int] = {}
    keys = report.ids
    try:
        with document.command(label or f"Import {source or imported.format}"):
            existing = document.settings()
            for key, value in imported.settings.items():
                if key in existing and existing[key] != "":
                    if existing[key] != value:
                        report.settings_kept += 1
                    continue
                try:
                    document.set_setting(key, value)
                except EditError as error:
                    report.warnings.append(f"setting {key} not imported: {error}")
                    continue
                report.settings += 1
            depths: dict[int, int] = {}
            for entry, parent in imported.walk():
                depth = depths[id(entry)] = 1 if parent is None else depths[id(parent)] + 1
                if depth > MAX_DEPTH:
                    raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep (“{entry.plain}”)",
                                          entry.line)  # fmt: skip
                entry_id = _write_entry(document, entry, None if parent is None else ids[id(parent)], report)
                ids[id(entry)] = entry_id
                for source_key in (entry.key, *entry.aliases):
                    if source_key is not None:
                        keys[source_key] = entry_id
            for entry, _parent in imported.walk():
                for xref in entry.xrefs:
                    _write_xref(document, ids[id(entry)], xref, keys, report)
            groups: dict[str, list[int]] = {}
            for entry, _parent in imported.walk():
                for name in entry.groups:
                    groups.setdefault(name, []).append(ids[id(entry)])
            for name, members in groups.items():
                document.add_to_group(name, members)
                report.groups += 1
    except EditError as error:
        raise ImportFileError(str(error), source=source) from None
    return report


Row = tuple[list[tuple[str, str]], ImportEntry]  # the headings above (term, plain), then the row's own entry
PATH_CACHE = 100_000  # heading paths remembered while rows stream in (past this, looked up again)


def write_rows(document: Document, format: str, rows: Iterator[Row], *, label: str, source: str = "") -> ImportReport:
    """Merge rows, each a heading path with its entry, into the document as one undoable command, as they are
    read: memory grows with the references waiting for their targets, not with the file."""
    report = ImportReport(format, source)
    pending: list[tuple[int, ImportXRef]] = []
    known: dict[tuple[int | None, str], int] = {}
    try:
        with document.command(label):
            newest = document.newest_entry_id()
            for above, entry in rows:
                parent_id: int | None = None
                for term, plain in above:
                    found = known.get((parent_id, plain))
                    if found is None:
                        found = _write_entry(document, ImportEntry(term, plain, line=entry.line), parent_id, report,
                                             newest)  # fmt: skip
                    known[(parent_id, plain)] = found
                    parent_id = found
                entry_id = _write_entry(document, entry, parent_id, report, newest)
                pending.extend((entry_id, xref) for xref in entry.xrefs)
                if len(known) > PATH_CACHE:
                    known.clear()
            for entry_id, xref in pending:
                _write_xref(document, entry_id, xref, report.ids, report)
    except EditError as error:
        raise ImportFileError(str(error), source=source) from None
    return report


def _write_entry(document: Document, entry: ImportEntry, parent_id: int | None, report: ImportReport,
                 newest: int = 2**63 - 1) -> int:  # fmt: skip
    """Add the entry, or merge it into the existing heading of the same plain text; return its id. Headings
    with an id above ``newest`` were added by this import: merging into them is not counted as a merge."""
    found = document.child_named(parent_id, entry.plain)  # one lookup: deep trees import in linear time
    try:
        if found is None:
            entry_id = document.add_entry(entry.term, parent_id, sort_as=entry.sort_as, notes=entry.notes,
                                          locators=entry.locators, absent=True)  # fmt: skip
            report.added += 1
            report.locators += len(loc.merge(entry.locators))
            return entry_id
        before = document.locators(found.id)
        if entry.locators:
            document.add_locators(found.id, entry.locators)
        after = document.locators(found.id)
        new_sort_as = entry.sort_as if entry.sort_as and not found.sort_as else None
        new_notes = entry.notes if entry.notes and not found.notes else None
        changes = bool(new_sort_as or new_notes)
        if new_sort_as:
            document.edit_entry(found.id, sort_as=new_sort_as)
        if new_notes:
            document.edit_entry(found.id, notes=new_notes)
        report.locators += max(0, len(after) - len(before))
        if (after != before or changes or entry.xrefs) and found.id <= newest:
            report.merged += 1
        return found.id
    except (EditError, loc.LocatorError) as error:
        raise ImportFileError(f"“{entry.plain}”: {error}", entry.line) from None
    except OverflowError:
        raise ImportFileError(f"“{entry.plain}”: a page number is too large", entry.line) from None


def _write_xref(document: Document, entry_id: int, xref: ImportXRef, keys: dict[object, int],
                report: ImportReport) -> None:  # fmt: skip
    """Link, make generic, or skip (with a warning) one imported reference."""
    target_id: int | None = None
    if xref.target_key is not None:
        target_id = keys.get(xref.target_key)
        if target_id is None:
            report.warnings.append(f"line {xref.line}: the reference points at entry {xref.target_key}, which the "
                                   "file does not hold; it was left out")  # fmt: skip
            return
    elif xref.target_path is not None:
        target_id = find_target(document, xref.target_path)
    text = xref.text
    if target_id is None and not text and xref.target_path is not None:
        text = " ".join(xref.target_path) if len(xref.target_path) == 1 else ": ".join(xref.target_path)
    present = document.xrefs(entry_id)
    if target_id is not None:
        if any(old.kind is xref.kind and old.target_id == target_id for old in present):
            return
        if target_id == entry_id:
            report.warnings.append(f"line {xref.line}: a heading refers to itself; the reference was left out")
            return
        try:
            document.add_xref(entry_id, xref.kind, target_id=target_id)
        except EditError as error:
            report.warnings.append(f"line {xref.line}: {error}; the reference was left out")
            return
        report.xrefs += 1
        return
    try:
        normalized, plain = clean_term(text, xref.line, "cross-reference")
    except ImportFileError as error:
        report.warnings.append(f"line {xref.line}: {error.reason}; the reference was left out")
        return
    if any(old.kind is xref.kind and old.generic and markup.plain_text(old.text) == plain for old in present):
        return
    document.add_xref(entry_id, xref.kind, text=normalized)
    report.generic_xrefs += 1


def find_target(document: Document, path: Sequence[str]) -> int | None:
    """The entry a reference names: one text (the document's rule, :meth:`Document.find_target`) or the
    headings of its levels."""
    if len(path) == 1:
        found = document.find_target(path[0])
    else:
        found = document.find_path([markup.escape(part) for part in path])
    return found.id if found is not None else None


# ---------------------------------------------------------------------- safe XML


@dataclass
class XmlElement:
    """An XML element with its line, attributes and mixed content (text and child elements in order)."""

    tag: str
    attributes: dict[str, str]
    line: int
    content: list[str | XmlElement] = field(default_factory=list)

    @property
    def children(self) -> list[XmlElement]:
        """The child elements."""
        return [item for item in self.content if isinstance(item, XmlElement)]

    def find(self, tag: str) -> XmlElement | None:
        """The first child element called ``tag``."""
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[XmlElement]:
        """The child elements called ``tag``."""
        return [child for child in self.children if child.tag == tag]

    @property
    def text(self) -> str:
        """All the text inside, child elements' included."""
        return "".join(item if isinstance(item, str) else item.text for item in self.content)


class _RefusedError(Exception):
    """Raised from an expat handler to stop at a construct we do not accept."""


def parse_xml(data: str | bytes, source: str = "") -> XmlElement:
    """Parse XML safely into :class:`XmlElement`; ImportFileError with the line for bad or unsafe input.

    Entity declarations (internal or external) and external DTDs are refused; a DTD of element
    and attribute declarations only (as IXML files carry) is fine.
    """
    parser = expat.ParserCreate("UTF-8" if isinstance(data, str) else None)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[XmlElement] = []
    stack: list[XmlElement] = []
    refusal: list[str] = []

    def refuse(reason: str) -> None:
        refusal.append(reason)
        raise _RefusedError(reason)

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_XML_DEPTH:
            refuse(f"elements are nested more than {MAX_XML_DEPTH} deep; no index file needs that")
        element = XmlElement(tag, attributes, parser.CurrentLineNumber)
        if stack:
            stack[-1].content.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            content = stack[-1].content
            if content and isinstance(content[-1], str):
                content[-1] += text
            else:
                content.append(text)

    def entity_declaration(name: str, *args: object) -> None:
        refuse(f"the file declares the entity '{name}'; entity declarations are refused (they can expand "
               "without limit or read other files)")  # fmt: skip

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal: bool) -> None:
        if system_id or public_id:
            refuse(f"the file refers to an external DTD ({system_id or public_id}); external files are not read")

    def external(*args: object) -> int:
        refuse("the file refers to an external entity; external files are not read")
        return 0

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.EntityDeclHandler = entity_declaration
    parser.UnparsedEntityDeclHandler = entity_declaration
    parser.StartDoctypeDeclHandler = doctype
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _RefusedError:
        raise ImportFileError(refusal[0], parser.CurrentLineNumber, source) from None
    except expat.ExpatError as error:
        raise ImportFileError(f"not well-formed XML ({expat.ErrorString(error.code)}, column {error.offset + 1})",
                              error.lineno, source) from None  # fmt: skip
    except (ValueError, UnicodeError) as error:
        raise ImportFileError(f"the file cannot be read as XML ({error})", None, source) from None
    if not root:
        raise ImportFileError("the file holds no XML element", None, source)
    return root[0]


def decode_text(data: str | bytes, source: str = "") -> str:
    """Text from a file's bytes: UTF-8 (a byte-order mark is dropped) or UTF-16 with its mark."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(f"the file is not valid UTF-16 ({error.reason} at byte {error.start})",
                                  source=source) from None  # fmt: skip
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(f"the file is not UTF-8 text (byte {error.start + 1} cannot be read)", line,
                              source) from None  # fmt: skip


# ---------------------------------------------------------------------- dispatch

ImportFunction = Callable[["Document", str | bytes], ImportReport]


@dataclass(frozen=True)
class Importer(Format):
    """One import format: its name, suffixes, a description, and where its function lives."""

    @property
    def function(self) -> ImportFunction:
        """The import function, imported on first use."""
        return cast(ImportFunction, self.load("import"))


# Adding a format is one line here.
_REGISTERED = (
    Importer("ixml", (".ixml",), "Index Data Exchange (CINDEX, SKY Index)", "xindex.formats.ixml:import_ixml"),
    Importer("ximl", (".ximl",), "XindeX XML export", "xindex.formats.ximl:import_ximl"),
    Importer("csv", (".csv",), "Comma-separated rows with a header", "xindex.formats.csvfile:import_csv"),
    Importer("tsv", (".tsv", ".tab"), "Tab-separated rows with a header", "xindex.formats.csvfile:import_tsv"),
    Importer("txt", (".txt",), "xindex outline text", "xindex.formats.importers:import_outline"),
    Importer("idx", (".idx",), "makeindex / LaTeX index entries", "xindex.formats.makeindex.importer:import_idx"),
)

IMPORTERS: dict[str, Importer] = {importer.name: importer for importer in _REGISTERED}


def register_importer(importer: Importer) -> None:
    """Add (or replace) an import format at run time."""
    IMPORTERS[importer.name] = importer


def known_import_formats() -> str:
    """The import formats for a message: ``ixml (.ixml), ximl (.ximl), ...``."""
    return describe(IMPORTERS)


def importer_for(path: str | os.PathLike[str], format: str | None = None) -> Importer:
    """The importer named ``format`` (a name or a suffix), else the one whose suffix ends ``path``."""
    return choose(IMPORTERS, str(path), format, "import")


def read_input(target: Path) -> bytes:
    """A file's bytes, refusing what is not a regular file (a device such as /dev/zero, a pipe, a folder) and
    files past MAX_INPUT_BYTES, before reading more than that."""
    try:
        status = os.stat(target)
    except OSError as error:
        raise ImportFileError(f"cannot read the file ({error.strerror or error})", source=target.name) from None
    if not stat.S_ISREG(status.st_mode):
        raise ImportFileError("it is not a regular file (a device, a pipe or a folder): give a file to import",
                              source=target.name)  # fmt: skip
    limit = f"xindex imports files of up to {MAX_INPUT_BYTES >> 20:,} MB (a million-entry index is about 40 MB)"
    if status.st_size > MAX_INPUT_BYTES:
        raise ImportFileError(f"the file holds {status.st_size >> 20:,} MB; {limit}", source=target.name)
    try:
        with open(target, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"cannot read the file ({error.strerror or error})", source=target.name) from None
    if len(data) > MAX_INPUT_BYTES:  # it grew while it was read
        raise ImportFileError(f"the file holds more than {MAX_INPUT_BYTES >> 20:,} MB; {limit}", source=target.name)
    return data


def import_file(document: Document, path: str | os.PathLike[str], *, format: str | None = None) -> ImportReport:
    """Import a file into the document (merging with what it holds) as one undoable command.

    Raises ImportFileError (with the line and reason) for a file that cannot be imported, and
    ValueError for an unknown format; in both cases the document is unchanged.
    """
    importer = importer_for(path, format)
    target = Path(path)
    data = read_input(target)
    try:
        report = importer.function(document, data)
    except ImportFileError as error:
        if error.source:
            raise
        raise ImportFileError(error.reason, error.line, target.name) from None
    report.source = target.name
    return report


def import_outline(document: Document, data: str | bytes) -> ImportReport:
    """Merge an xindex outline (:mod:`xindex.formats.outline`) into the document."""
    from xindex.formats.outline import OutlineError, parse_outline

    try:
        outline = parse_outline(decode_text(data))
    except OutlineError as error:
        raise ImportFileError(error.reason, error.line) from None
    imported = ImportedIndex("outline", settings=dict(outline.settings))
    pending: list[tuple[object, ImportEntry]] = [(node, _outline_entry(node)) for node in outline.entries]
    imported.entries = [entry for _, entry in pending]
    while pending:
        node, entry = pending.pop()
        for child in node.children:  # type: ignore[attr-defined]
            child_entry = _outline_entry(child)
            entry.children.append(child_entry)
            pending.append((child, child_entry))
    return write_import(document, imported, label="Import outline")


def _outline_entry(node: object) -> ImportEntry:
    from xindex.formats.outline import OutlineNode

    assert isinstance(node, OutlineNode)
    term, plain = clean_term(node.term, node.line)
    entry = ImportEntry(term, plain, node.sort_as, locators=loc.parse_locators(node.locators), line=node.line)
    for xref in node.xrefs:
        entry.xrefs.append(ImportXRef(xref.kind, target_path=xref.target, text=xref.text, line=xref.line))
    return entry
