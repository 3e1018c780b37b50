"""Salvage: copy what can still be read from a damaged document into a new one beside it.

The original is never changed. Rows are read one at a time, so a damaged page costs the rows on it,
not the table; every value is checked as :mod:`xindex.store.verify` would, and a row that fails is
left out and counted. Entries keep their ids (so references still point right); an entry whose
heading above is lost, or which sits in a loop of headings, becomes a main heading (renamed when its
name is taken). Locators are read back through the locator rules, references to lost entries become
blind, settings are checked by the settings registry. The undo history is not carried over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apsw

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core import settings as known_settings
from xindex.core.model import MAX_DEPTH, XRefKind
from xindex.core.sorting import fold
from xindex.store.connection import entry_key
from xindex.store.errors import DocumentError

MISSES_BEFORE_GIVING_UP = 100_000  # consecutive row ids not found before a damaged table is taken as ended


@dataclass
class SalvageReport:
    """What was copied and what was lost, per kind of row."""

    path: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per kind of row, then the notes."""
        out = [f"salvaged into {self.path}"]
        for kind in ("entries", "locators", "cross-references", "settings", "groups"):
            lost = self.lost.get(kind, 0)
            out.append(f"{kind}: {self.copied.get(kind, 0):,} copied" + (f", {lost:,} lost" if lost else ""))
        return out + self.notes


def _rows(connection: apsw.Connection, table: str, columns: str) -> Iterator[tuple[Any, ...] | None]:
    """Every row of a table by id, one at a time: None for a row that cannot be read."""
    top: int | None
    try:
        found_top = connection.execute(f"SELECT max(rowid) FROM {table}").fetchall()[0][0]
        top = found_top if isinstance(found_top, int) else 0
    except apsw.Error:
        top = None
    rowid, misses = 0, 0
    while True:
        rowid += 1
        if top is not None and rowid > top:
            return
        try:
            found = connection.execute(f"SELECT {columns} FROM {table} WHERE rowid = ?", (rowid,)).fetchall()
        except (apsw.Error, UnicodeDecodeError):  # (a damaged cell may hold text that is no UTF-8)
            yield None
            continue
        if found:
            misses = 0
            yield found[0]
        else:
            misses += 1
            if top is None and misses > MISSES_BEFORE_GIVING_UP:
                return


def salvage(path: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> SalvageReport:
    """Copy what can be read of a damaged document into a new one (default ``BOOK.salvaged.xix``)."""
    from xindex.store.document import Document

    source = Path(path)
    target = Path(out) if out is not None else source.with_name(f"{source.stem}.salvaged.xix")
    if target.exists():
        raise DocumentError(f"{target.name} already exists; move it away or name another file")
    try:
        damaged = apsw.Connection(
            f"{source.absolute().as_uri()}?mode=ro", flags=apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI
        )
    except apsw.Error as error:
        raise DocumentError(f"{source.name} cannot be opened at all ({str(error).splitlines()[0]})") from None
    report = SalvageReport(target)
    try:
        settings = _settings(damaged, report)
        entries = _entries(damaged, report)
        with Document.create(target, settings=settings) as document:
            keys = document.keys
            connection = document.connection
            with connection:
                placed = _place(entries, report)
                for entry_id, (parent_id, term, plain, sort_as, notes, created, updated) in placed.items():
                    connection.execute(
                        "INSERT INTO entry(id, parent_id, term, plain, sort_as, sort_key, notes, created, updated,"
                        " folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            entry_id,
                            parent_id,
                            term,
                            plain,
                            sort_as,
                            entry_key(keys, plain, sort_as, main=parent_id is None, term=term),
                            notes,
                            created,
                            updated,
                            fold(plain),
                        ),
                    )
                report.copied["entries"] = len(placed)
                _locators(damaged, connection, set(placed), report)
                _xrefs(damaged, connection, placed, report)
                _groups(damaged, connection, set(placed), report)
    finally:
        damaged.close()
    return report


def _settings(damaged: apsw.Connection, report: SalvageReport) -> dict[str, str]:
    settings: dict[str, str] = {}
    for row in _rows(damaged, "setting", "key, value"):
        if row is None or not isinstance(row[0], str) or not isinstance(row[1], str) or row[0] == "sort-signature":
            report.lost["settings"] = report.lost.get("settings", 0) + (0 if row and row[0] == "sort-signature" else 1)
            continue
        try:
            settings[row[0]] = known_settings.normalize(row[0], row[1])
        except ValueError:
            report.lost["settings"] = report.lost.get("settings", 0) + 1
    report.copied["settings"] = len(settings)
    return settings


Row = tuple[int | None, str, str, str | None, str, str, str]  # parent, term, plain, sort_as, notes, created, updated


def _entries(damaged: apsw.Connection, report: SalvageReport) -> dict[int, Row]:
    entries: dict[int, Row] = {}
    lost = 0
    for row in _rows(damaged, "entry", "id, parent_id, term, sort_as, notes, created, updated"):
        if row is None or not isinstance(row[0], int) or not isinstance(row[2], str):
            lost += 1
            continue
        entry_id, parent_id, term, sort_as, notes, created, updated = row
        try:
            term = markup.normalize(" ".join(term.split()))
            plain = " ".join(markup.plain_text(term).split())
        except markup.MarkupError:
            term = markup.escape(" ".join(row[2].split()))
            plain = " ".join(row[2].split())
        if not plain:
            lost += 1
            continue
        entries[entry_id] = (
            parent_id if isinstance(parent_id, int) else None,
            term,
            plain,
            sort_as if isinstance(sort_as, str) and sort_as.strip() else None,
            notes if isinstance(notes, str) else "",
            created if isinstance(created, str) else "",
            updated if isinstance(updated, str) else "",
        )
    report.lost["entries"] = lost
    return entries


def _place(entries: dict[int, Row], report: SalvageReport) -> dict[int, Row]:
    """Entries in an order that puts every heading before its subentries. Level by level: an entry is
    placed once the heading above it is; when nothing more can be, the lowest-numbered entry left (its
    heading above lost, or in a loop) becomes a main heading. Names are made unique among siblings."""
    placed: dict[int, Row] = {}
    depth: dict[int | None, int] = {None: 0}
    names: set[tuple[int | None, str]] = set()
    waiting = sorted(entries)

    def place(entry_id: int, parent_id: int | None) -> None:
        _, term, plain, sort_as, notes, created, updated = entries[entry_id]
        if (parent_id, markup.identity(term)) in names:
            term, plain = f"{term} (entry {entry_id})", f"{plain} (entry {entry_id})"
        names.add((parent_id, markup.identity(term)))
        placed[entry_id] = (parent_id, term, plain, sort_as, notes, created, updated)
        depth[entry_id] = depth[parent_id] + 1

    while waiting:
        left: list[int] = []
        for entry_id in waiting:
            parent_id = entries[entry_id][0]
            if parent_id in depth and depth[parent_id] < MAX_DEPTH:
                place(entry_id, parent_id)
            else:
                left.append(entry_id)
        if len(left) == len(waiting):
            stray = left.pop(0)
            report.notes.append(
                f"entry {stray} (“{entries[stray][2]}”) became a main heading: the heading above it was lost or looped"
            )
            place(stray, None)
        waiting = left
    return dict(sorted(placed.items(), key=lambda item: depth[item[0]]))


def _locators(damaged: apsw.Connection, connection: apsw.Connection, known: set[int], report: SalvageReport) -> None:
    by_entry: dict[int, list[loc.Locator]] = {}
    lost = 0
    for row in _rows(damaged, "locator", "entry_id, text"):
        try:
            assert row is not None and row[0] in known and isinstance(row[1], str)
            by_entry.setdefault(int(row[0]), []).append(loc.parse_locator(row[1]))
        except (AssertionError, loc.LocatorError):
            lost += 1
    from xindex.store import schema

    for entry_id, items in by_entry.items():
        schema.insert_locators(connection, entry_id, loc.merge(items))
    report.copied["locators"] = sum(len(items) for items in by_entry.values())
    report.lost["locators"] = lost


def _xrefs(
    damaged: apsw.Connection, connection: apsw.Connection, placed: dict[int, Row], report: SalvageReport
) -> None:
    copied, lost = 0, 0
    kinds = {str(kind) for kind in XRefKind}
    for row in _rows(damaged, "xref", "entry_id, kind, target_id, text, generic"):
        if row is None or row[0] not in placed or row[1] not in kinds:
            lost += 1
            continue
        entry_id, kind, target_id, text, generic = row
        text = text if isinstance(text, str) else ""
        if target_id is not None and target_id not in placed:
            target_id, generic, text = None, 0, text or "a heading that was lost"
        if target_id is None and not text.strip():
            lost += 1
            continue
        connection.execute(
            "INSERT INTO xref(entry_id, kind, target_id, text, generic, position) VALUES (?, ?, ?, ?, ?, ?)",
            (entry_id, kind, target_id, text, int(bool(generic) and target_id is None), copied),
        )
        copied += 1
    report.copied["cross-references"] = copied
    report.lost["cross-references"] = lost


def _groups(damaged: apsw.Connection, connection: apsw.Connection, known: set[int], report: SalvageReport) -> None:
    names: dict[int, str] = {}
    for row in _rows(damaged, "grp", "id, name"):
        if row is not None and isinstance(row[1], str) and row[1].strip():
            names[int(row[0])] = " ".join(row[1].split())
    made: dict[str, int] = {}
    for row in _rows(damaged, "grp_member", "grp_id, entry_id"):
        if row is None or row[0] not in names or row[1] not in known:
            continue
        name = names[row[0]]
        if name not in made:
            connection.execute("INSERT INTO grp(name) VALUES (?)", (name,))
            made[name] = connection.last_insert_rowid()
        connection.execute("INSERT OR IGNORE INTO grp_member(grp_id, entry_id) VALUES (?, ?)", (made[name], row[1]))
    report.copied["groups"] = len(made)
