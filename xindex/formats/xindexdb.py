"""XindeX's own documents (``.xix``, an SQLite database of ``user_version`` 100): read, never written.

XindeX (Qtrac, 2014–2020) and xindex both name their documents ``.xix``. A XindeX
document holds one row per heading in ``entries`` (``eid``, its parent ``peid``,
0 for the root; ``term``, ``pages`` and ``notes`` as HTML; ``sortas`` with its
flag ``saf``: ``C`` when the user typed it), cross-references by id in ``xrefs``
(kind 1 *see*, 2 *see also*) and by text in ``generic_xrefs`` (3 and 4),
``groups`` and ``grouped``, the ignored first words in ``ignored_firsts`` and
its settings in ``config``. The same as a ``.ximl`` export, so each row is
read by :mod:`xindex.formats.ximl`'s rules (one rule for both: terms, Sort
As, pages, settings).

The file is read from its bytes (``Connection.deserialize``): the original is
never opened for writing, so a XindeX user's index is left exactly as it was.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import apsw

from xindex.core.imported import ImportedIndex, ImportEntry, ImportXRef
from xindex.core.model import XRefKind
from xindex.formats.importers import ImportFileError, ImportReport, import_into, read_input
from xindex.formats.ximl import build_tree, html_to_markup, map_configs, report_lost, utc_stamp, xindex_entry
from xindex.store.connection import APPLICATION_ID, XINDEX_USER_VERSION, is_xindex_schema

SQLITE_MAGIC = b"SQLite format 3\x00"
_KINDS = {1: XRefKind.SEE, 2: XRefKind.SEE_ALSO, 3: XRefKind.SEE, 4: XRefKind.SEE_ALSO}


def _open(data: bytes) -> apsw.Connection:
    if data[18:20] == b"\x02\x02":
        # A database in write-ahead-log mode cannot be read from memory; its bytes hold every checkpointed
        # page, read as a database with a rollback journal (the original file is not touched).
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = apsw.Connection(":memory:")
    connection.deserialize("main", data)
    return connection


def document_bytes(path: Path) -> bytes:
    """A XindeX document's bytes with what its write-ahead log holds (XindeX stopped before it checkpointed):
    the two files are copied and the copy replays the log, so the original stays exactly as it was."""
    log = path.with_name(path.name + "-wal")
    if not (log.is_file() and log.stat().st_size > 0):
        return read_input(path)
    with tempfile.TemporaryDirectory(prefix="xindex-xix-") as folder:
        copy = Path(folder) / "document.xix"
        copy.write_bytes(read_input(path))
        copy.with_name(copy.name + "-wal").write_bytes(read_input(log))
        try:
            connection = apsw.Connection(str(copy))
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
        except apsw.Error as error:
            raise ImportFileError(f"the XindeX document's log cannot be read ({error})", source=path.name) from None
        return copy.read_bytes()


def is_xindex_document(data: bytes) -> bool:
    """Whether ``data`` is a XindeX document: SQLite, ``user_version`` 100, XindeX's tables."""
    if not data.startswith(SQLITE_MAGIC):
        return False
    try:
        connection = _open(data)
        try:
            return connection.execute("PRAGMA application_id").fetchall()[0][0] != APPLICATION_ID and (
                is_xindex_schema(connection)
            )
        finally:
            connection.close()
    except apsw.Error:
        return False


def read_xindex_document(data: str | bytes) -> ImportedIndex:
    """A XindeX ``.xix`` as an imported index (entries, references, groups, settings); ImportFileError
    for a file that is not one or cannot be read."""
    if isinstance(data, str) or not data.startswith(SQLITE_MAGIC):
        raise ImportFileError("this is not a XindeX document (it is not an SQLite database)")
    try:
        connection = _open(data)
    except apsw.Error as error:
        raise ImportFileError(f"the XindeX document cannot be read ({error})") from None
    try:
        return _read(connection)
    except apsw.Error as error:
        raise ImportFileError(f"the XindeX document cannot be read ({error})") from None
    finally:
        connection.close()


def _read(connection: apsw.Connection) -> ImportedIndex:
    version = connection.execute("PRAGMA user_version").fetchall()[0][0]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if connection.execute("PRAGMA application_id").fetchall()[0][0] == APPLICATION_ID:
        raise ImportFileError("this is an xindex document, not a XindeX one: open it instead")
    if not is_xindex_schema(connection):
        raise ImportFileError(
            f"this SQLite database is not a XindeX document (its format is {version}, XindeX's {XINDEX_USER_VERSION},"
            " with XindeX's tables entries, xrefs, generic_xrefs and config)"
        )
    imported = ImportedIndex("XindeX", label="Convert XindeX document")
    group_names: dict[int, str] = {}
    members: dict[int, list[str]] = {}
    if {"groups", "grouped"} <= tables:
        for gid, name, linked in connection.execute("SELECT gid, name, linked FROM groups ORDER BY gid"):
            name = " ".join(str(name).split())
            group_names[gid] = name
            if linked:
                imported.warnings.append(f"linked group “{name}” imported as an ordinary group")
        for gid, eid in connection.execute("SELECT gid, eid FROM grouped ORDER BY gid, eid"):
            if gid in group_names:
                members.setdefault(eid, []).append(group_names[gid])
    configs = {
        str(key): "" if value is None else str(value).replace("\u25cf", " ")
        for key, value in connection.execute("SELECT key, value FROM config")
    }
    ignored = (
        [str(row[0]) for row in connection.execute("SELECT word FROM ignored_firsts")]
        if "ignored_firsts" in tables
        else []
    )
    spelled = [str(row[0]) for row in connection.execute("SELECT word FROM spelling")] if "spelling" in tables else []
    imported.settings = map_configs(configs, ignored, imported.warnings, spelled)
    entries: dict[int, tuple[ImportEntry, int, int]] = {}
    order: list[int] = []
    rows = connection.execute(
        "SELECT eid, peid, saf, sortas, term, pages, notes, created, updated FROM entries WHERE eid != 0 ORDER BY eid"
    )
    lost: dict[str, list[str]] = {}
    for eid, peid, saf, sortas, term, pages, notes, created, updated in rows:
        entry = xindex_entry(
            eid,
            term or "",
            (saf or "A", sortas or ""),
            pages or "",
            notes or "",
            imported.warnings,
            times=(utc_stamp(created), utc_stamp(updated)),
            lost=lost,
        )
        entry.groups.extend(members.get(eid, ()))
        entries[eid] = (entry, peid or 0, 0)
        order.append(eid)
    for from_eid, to_eid, kind in connection.execute("SELECT from_eid, to_eid, kind FROM xrefs ORDER BY rowid"):
        if from_eid in entries and kind in _KINDS:
            entries[from_eid][0].xrefs.append(ImportXRef(_KINDS[kind], target_key=to_eid))
    for from_eid, text, kind in connection.execute("SELECT from_eid, term, kind FROM generic_xrefs ORDER BY rowid"):
        if from_eid in entries and kind in _KINDS and text:
            entries[from_eid][0].xrefs.append(ImportXRef(_KINDS[kind], text=html_to_markup(str(text))))
    report_lost(lost, imported.losses)
    build_tree(imported, entries, order)
    return imported


def converted_name(source: Path) -> Path:
    """Where a XindeX document's conversion goes: beside it, ``NAME (xindex).xix``, numbered when taken."""
    candidate = source.with_name(f"{source.stem} (xindex).xix")
    number = 2
    while candidate.exists():
        candidate = source.with_name(f"{source.stem} (xindex {number}).xix")
        number += 1
    return candidate


def convert_xindex_document(source: Path, target: Path | None = None) -> tuple[Path, ImportReport]:
    """Convert a XindeX document into a new xindex document (beside it unless ``target`` is given); the
    original is left as it is, and a failed conversion leaves no new file."""
    target = target or converted_name(source)
    if target.exists():
        raise ImportFileError(f"{target.name} exists already: choose another name for the conversion")
    report, _created = import_into(target, source, format="xix")
    return target, report
