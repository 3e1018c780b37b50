"""Importing index files: one entry point, one report, nothing half-imported.

Each format's reader is a pure function of the file's bytes: it parses them
into the neutral :class:`~xindex.core.imported.ImportedIndex` (entries with
locators, references and groups, settings, warnings; or rows read lazily, for
CSV) and writes nothing. :func:`import_file` reads a file, picks its reader by
the name's suffix (or ``format=``), and the document applies the result as ONE
undoable command (:meth:`xindex.store.document.Document.apply_import`, the
same merge rules for every format): a heading that already exists (same plain
text under the same parent) keeps its id and receives the new locators,
cross-references and, when it had none, Sort As and notes; everything else is
added. A file that cannot be read is refused before anything is written, with
the line and the reason (:class:`ImportFileError`); a failure while applying
rolls the whole command back.

Readers are registered in :data:`IMPORTERS` by name, suffixes and
``"module:function"``, imported only when used, like the exporters in
:mod:`xindex.formats`::

    def read_idx_import(data: str | bytes) -> ImportedIndex: ...

XML is read by :func:`parse_xml`: expat with every entity declaration
refused (so no "billion laughs" expansion and no external entity or DTD is
ever fetched), keeping each element's line for error messages.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast
from xml.parsers import expat

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.imported import ImportedIndex, ImportEntry, ImportFileError, ImportReport, ImportXRef, Row
from xindex.core.model import MAX_DEPTH
from xindex.formats.registry import Format, choose, describe

# The neutral structures live in the core (the store applies them); importers take them from here too.
__all__ = ["ImportEntry", "ImportFileError", "ImportReport", "ImportXRef", "ImportedIndex", "Row"]

MAX_INPUT_BYTES = 1 << 30  # 1,024 MB: a million-entry index is about 40 MB as CSV, 150 MB as XIML
MAX_XML_DEPTH = 256  # elements inside elements; IXML and XIML need about five

if TYPE_CHECKING:
    from xindex.store.document import Document


# ---------------------------------------------------------------------- the imported tree (xindex.core.imported)


def clean_term(term: str, line: int = 0, what: str = "heading") -> tuple[str, str]:
    """Markup as the store keeps it and its plain text (:func:`markup.clean_heading`, the one rule);
    ImportFileError with the line for an empty or badly tagged one."""
    try:
        return markup.clean_heading(term, what)
    except markup.MarkupError as error:
        raise ImportFileError(str(error), line) from None


class EntryTree:
    """Builds an imported tree where the same heading path always lands on one entry (records merge)."""

    def __init__(self) -> None:
        self.roots: list[ImportEntry] = []
        self._children: dict[int, dict[str, ImportEntry]] = {}
        self._top: dict[str, ImportEntry] = {}
        self._depth: dict[int, int] = {}

    def child(self, parent: ImportEntry | None, term: str, plain: str, line: int) -> ImportEntry:
        """The heading ``term`` under ``parent`` (None: a main heading), created on first use; one heading
        as the store has it: the same text in the same italics (:func:`markup.identity`)."""
        siblings = self._top if parent is None else self._children.setdefault(id(parent), {})
        name = markup.identity(term)
        entry = siblings.get(name)
        if entry is None:
            depth = 1 if parent is None else self._depth[id(parent)] + 1
            if depth > MAX_DEPTH:
                raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep", line)
            entry = siblings[name] = ImportEntry(term, plain, line=line)
            self._depth[id(entry)] = depth
            (self.roots if parent is None else parent.children).append(entry)
        return entry


def text_locator(text: str, order: int | None = None) -> loc.Locator:
    """A locator that is not a page number (``A``, ``2.3.2.2``), kept as text ordered by its leading number."""
    text = " ".join(text.split())
    if order is None:
        number = re.match(r"\d+", text)
        # (clamped: the order only sorts it, and a run of digits longer than any page would be refused)
        order = min(int(number.group()[: len(str(loc.MAX_PAGE))]), loc.MAX_PAGE) if number else 0
    return loc.parse_locator(f"{order}@{markup.escape(text)}")


def parse_locator_list(text: str, line: int, warnings: list[str] | None = None) -> list[loc.Locator]:
    """Locators typed by another program: what parses is kept as is, anything else becomes a text locator."""
    try:
        return loc.parse_locators(text)
    except loc.LocatorError:
        pass
    items: list[str] = []
    for piece in re.split(r"[,;]", text):
        if items and loc.continues_note_list(piece) and loc.ends_note_list(items[-1]):
            items[-1] += "," + piece  # a note list such as 98nn2,5-7 holds commas
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
        found.append(text_locator(plain).replace(emphasis=emphasis))
        if warnings is not None:
            warnings.append(f"line {line}: '{plain}' is not a page number; it was kept as a text locator")
    return found


# ---------------------------------------------------------------------- safe XML


@dataclass
class XmlElement:
    """An XML element with its line, attributes and mixed content (text and child elements in order)."""

    tag: str
    attributes: dict[str, str]
    line: int
    content: list[str | XmlElement] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # (the root's: every comment inside it, in order)

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
        refuse(
            f"the file declares the entity '{name}'; entity declarations are refused (they can expand "
            "without limit or read other files)"
        )

    def doctype(name: str, system_id: str | None, public_id: str | None, has_internal: bool) -> None:
        if system_id or public_id:
            refuse(f"the file refers to an external DTD ({system_id or public_id}); external files are not read")

    def external(*args: object) -> int:
        refuse("the file refers to an external entity; external files are not read")
        return 0

    def comment(text: str) -> None:
        if root:
            root[0].comments.append(text)

    parser.StartElementHandler = start
    parser.CommentHandler = comment
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
        raise ImportFileError(
            f"not well-formed XML ({expat.ErrorString(error.code)}, column {error.offset + 1})", error.lineno, source
        ) from None
    except (ValueError, UnicodeError) as error:
        raise ImportFileError(f"the file cannot be read as XML ({error})", None, source) from None
    if not root:
        raise ImportFileError("the file holds no XML element", None, source)
    return root[0]


def folded(text: str) -> str:
    """Text as the peers compare it: case and accents ignored (``Café`` is ``cafe``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Words in a font's name that say it is monospace: such runs are our <tt> (code, commands).
_MONOSPACE_NAMES = ("courier", "mono", "consolas", "menlo", "monaco", "typewriter", "fixed")


def monospace_font(name: str) -> bool:
    """Whether a font (its name, or a CSS font-family list) is a monospace one."""
    lowered = name.lower()
    return any(word in lowered for word in _MONOSPACE_NAMES)


def decode_text(data: str | bytes, source: str = "") -> str:
    """Text from a file's bytes: UTF-8 (a byte-order mark is dropped) or UTF-16 with its mark."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                f"the file is not valid UTF-16 ({error.reason} at byte {error.start})", source=source
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"the file is not UTF-8 text (byte {error.start + 1} cannot be read)", line, source
        ) from None


# ---------------------------------------------------------------------- dispatch

ReadFunction = Callable[[str | bytes], ImportedIndex]


@dataclass(frozen=True)
class Importer(Format):
    """One import format: its name, suffixes, a description, and where its reader lives: a pure function
    of the file's bytes (or text) that returns an :class:`ImportedIndex` (nothing written); ``source``, where
    a format that is more than one file finds its bytes (a database with its log)."""

    source: str = ""

    @property
    def read(self) -> ReadFunction:
        """The reader, imported on first use."""
        return cast(ReadFunction, self.load("import"))

    def read_source(self, path: Path) -> bytes:
        """The file's bytes as the reader takes them: :func:`read_input`, or the format's own ``source``."""
        if not self.source:
            return read_input(path)
        return cast(Callable[[Path], bytes], self.load("import", self.source))(path)


# Adding a format is one line here.
_REGISTERED = (
    Importer("ixml", (".ixml",), "Index Data Exchange (CINDEX, SKY Index)", "xindex.formats.ixml:read_ixml"),
    Importer("ximl", (".ximl",), "XindeX XML export", "xindex.formats.ximl:read_ximl"),
    Importer(
        "xix",
        (".xix",),
        "XindeX document",
        "xindex.formats.xindexdb:read_xindex_document",
        source="xindex.formats.xindexdb:document_bytes",
    ),
    Importer("csv", (".csv",), "Comma-separated rows with a header", "xindex.formats.csvfile:read_csv"),
    Importer("tsv", (".tsv", ".tab"), "Tab-separated rows with a header", "xindex.formats.csvfile:read_tsv"),
    Importer("txt", (".txt",), "xindex outline text", "xindex.formats.outline:read_outline"),
    Importer("idx", (".idx",), "makeindex / LaTeX index entries", "xindex.formats.makeindex.importer:read_idx_import"),
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
        raise ImportFileError(
            "it is not a regular file (a device, a pipe or a folder): give a file to import", source=target.name
        )
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


def import_into(target: Path, path: str | os.PathLike[str], *, format: str | None = None) -> tuple[ImportReport, bool]:
    """Import a file into the document at ``target``, created when there is none (and removed again, with its
    -wal and -shm, when the import fails); the report and whether the document was created."""
    from xindex.store import Document

    created = not target.exists()
    document = Document.create(target) if created else Document.open(target)
    try:
        report = import_file(document, path, format=format)
    except BaseException:
        document.close()
        if created:
            for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    document.close()
    return report, created


def import_file(document: Document, path: str | os.PathLike[str], *, format: str | None = None) -> ImportReport:
    """Import a file into the document (merging with what it holds) as one undoable command.

    Raises ImportFileError (with the line and reason) for a file that cannot be imported, and
    ValueError for an unknown format; in both cases the document is unchanged.
    """
    importer = importer_for(path, format)
    target = Path(path)
    data = importer.read_source(target)
    try:
        report = document.apply_import(importer.read(data), source=target.name)
    except ImportFileError as error:
        if error.source:
            raise
        raise ImportFileError(error.reason, error.line, target.name) from None
    report.source = target.name
    return report
