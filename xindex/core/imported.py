"""An imported index, neutral: what every importer reads a file into, and what the store applies.

An importer is a pure function of a file's bytes: it returns an
:class:`ImportedIndex` (settings, a tree of :class:`ImportEntry` with locators,
references and groups, warnings), or, for a format read row by row (CSV), the
same with :attr:`ImportedIndex.rows`, an iterator of heading paths read as the
store applies them. :meth:`xindex.store.document.Document.apply_import` then
merges it into a document as one command, all or nothing, and returns an
:class:`ImportReport`. A file that cannot be read is refused with its line and
the reason (:class:`ImportFileError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from xindex.core import locators as loc
from xindex.core.errors import UserError
from xindex.core.model import XRefKind


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
    blind_xrefs: int = 0  # naming a heading neither the file nor the document has (check reports them)
    settings: int = 0
    settings_kept: int = 0
    groups: int = 0
    warnings: list[str] = field(default_factory=list)
    # What the file held that the document cannot, one line per kind ("3 underlined runs kept as plain text").
    losses: list[str] = field(default_factory=list)
    ids: dict[object, int] = field(default_factory=dict, repr=False)  # the file's ids (XindeX eids) → our ids

    def __str__(self) -> str:
        name = f"{self.source} ({self.format})" if self.source else self.format
        parts = [
            f"{self.added} {_plural(self.added, 'entry', 'entries')} added",
            f"{self.merged} merged into existing ones",
            f"{self.locators} {_plural(self.locators, 'locator', 'locators')}",
            f"{self.xrefs + self.generic_xrefs + self.blind_xrefs} cross-references ({self.generic_xrefs} generic"
            + (f", {self.blind_xrefs} blind" if self.blind_xrefs else "")
            + ")",
        ]
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
        if self.losses:
            text += "\nNot kept: " + "; ".join(self.losses) + "."
        return text


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


@dataclass
class ImportXRef:
    """A cross-reference read from a file: to an entry of the file (``target_key``), to a heading
    path to look up (``target_path``, each level heading markup: ``<i>Nature</i>`` names the italic heading),
    or generic (``text``, markup)."""

    kind: XRefKind
    target_key: object | None = None
    target_path: list[str] | None = None
    text: str = ""
    line: int = 0
    # CINDEX's references: one naming no heading stays blind (``check`` reports it; adding the heading links
    # it) instead of becoming generic; ``other_paths``: further readings of the name to look up in turn.
    blind_if_missing: bool = False
    other_paths: list[list[str]] = field(default_factory=list)


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
    created: str | None = None  # when the file's program made and last changed it (ISO 8601, UTC), if it says
    updated: str | None = None


@dataclass
class ImportedIndex:
    """Everything a file holds, ready to be applied: settings, main headings (or rows), warnings."""

    format: str
    settings: dict[str, str] = field(default_factory=dict)
    entries: list[ImportEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)  # see ImportReport.losses
    label: str = ""  # the undo step's name ("Import IXML records")
    # A format read row by row: each row a heading path (term, plain) above its own entry, read lazily
    # while the store applies them (memory grows with pending references, not with the file).
    rows: Iterable[Row] | None = None

    def walk(self) -> Iterator[tuple[ImportEntry, ImportEntry | None]]:
        """Every entry with its parent, parents first, in file order."""
        stack: list[tuple[ImportEntry, ImportEntry | None]] = [(entry, None) for entry in reversed(self.entries)]
        while stack:
            entry, parent = stack.pop()
            yield entry, parent
            stack.extend((child, entry) for child in reversed(entry.children))


Row = tuple[list[tuple[str, str]], ImportEntry]  # the headings above (term, plain), then the row's own entry
