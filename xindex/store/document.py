"""The .xix document: all SQL lives here.

A :class:`Document` wraps one connection made by
:func:`xindex.store.connection.connect`. Reads are plain methods. Every write
is a *command*: it runs in one transaction, and the SQL that reverses it is
stored in the document's history (:mod:`xindex.store.history`), so undo and
redo survive closing the file. A command that raises leaves the document
exactly as it was.

Opening checks the file and says in one sentence what is wrong with it: not
SQLite, SQLite but not xindex, written by a newer xindex, corrupt, or in a
place that cannot be written. A file of an older schema is upgraded after a
backup copy (``BOOK.xix.v0.bak``) is written next to it. Only one process
may write a document at a time (:mod:`xindex.store.lock`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

import apsw

from xindex.core import settings as known_settings
from xindex.core.model import MAX_DEPTH
from xindex.core.sorting import SortKeys
from xindex.store import history, schema, verify
from xindex.store._base import (
    QUICK_CHECK_LIMIT,
    SQLITE_HEADER,
    MainKey,
    _loop_from,
    storage_error,
    stored_identity,
)
from xindex.store.connection import APPLICATION_ID, connect, is_xindex_schema
from xindex.store.errors import (
    CorruptFileError,
    DocumentError,
    EditError,
    ForeignFileError,
    LockedError,
    NewerSchemaError,
    NotSQLiteError,
    ReadOnlyError,
    StructureError,
    XindexDocumentError,
)
from xindex.store.importing import Importing
from xindex.store.lock import WriterLock

__all__ = ["Document", "MainKey", "storage_error"]


def _writable_location(path: Path) -> bool:
    """True when the file and its folder can be written (WAL and the lock file live beside it)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return False
    if path.exists() and not os.access(path, os.W_OK):
        return False
    # Root passes os.access everywhere; a read-only mount is what stops it. statvfs says so without
    # writing a probe file on every open (generation workers open the document once per run).
    statvfs = getattr(os, "statvfs", None)
    if statvfs is not None:
        try:
            return not statvfs(folder).f_flag & os.ST_RDONLY
        except OSError:
            return False
    return True


def _install_watchers(connection: apsw.Connection) -> None:
    """TEMP triggers on a writing connection: which entries changed (for views that update only those rows).
    (The folded form of each heading is written with it; an undo or redo recomputes it for the rows it
    touched, and opening folds what another program wrote without it.)"""
    for statement in (
        "CREATE TEMP TABLE IF NOT EXISTS entry_changes (id INTEGER PRIMARY KEY)",
        "CREATE TEMP TRIGGER IF NOT EXISTS watch_entry_insert AFTER INSERT ON main.entry BEGIN"
        " INSERT OR IGNORE INTO temp.entry_changes(id) VALUES (new.id); END",
        "CREATE TEMP TRIGGER IF NOT EXISTS watch_entry_update AFTER UPDATE ON main.entry BEGIN"
        " INSERT OR IGNORE INTO temp.entry_changes(id) VALUES (old.id), (new.id); END",
        "CREATE TEMP TRIGGER IF NOT EXISTS watch_entry_delete AFTER DELETE ON main.entry BEGIN"
        " INSERT OR IGNORE INTO temp.entry_changes(id) VALUES (old.id); END",
    ):
        connection.execute(statement)


def _check_header(path: Path) -> None:
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        if not header:
            raise ForeignFileError(f"{path.name} is empty: it is not an xindex document.")
        raise NotSQLiteError(f"{path.name} is not an xindex document (it is not an SQLite database).")


class Document(Importing):
    """An open .xix index document."""

    def __init__(self, path: Path, connection: apsw.Connection, lock: WriterLock | None, readonly: bool) -> None:
        self.path = path
        self.connection = connection
        self.readonly = readonly
        self._lock = lock
        self._command_depth = 0
        self.warning = ""
        self.keys = SortKeys()
        self._recorder: history.Recorder | None = None
        if not readonly:
            self._recorder = history.Recorder(connection)
            _install_watchers(connection)
            self._heal_folded()
            self._check_history()
        self._load_sort_options()

    @classmethod
    def create(
        cls, path: str | os.PathLike[str], *, title: str | None = None, settings: dict[str, str] | None = None
    ) -> Document:
        """Create a new, empty document with optional settings; refuse to overwrite an existing file."""
        target = Path(path)
        initial = dict(settings or {})
        if title:
            initial["title"] = title
        try:
            initial = {key: known_settings.normalize(key, value) for key, value in initial.items()}
        except ValueError as error:
            raise EditError(str(error)) from None
        if target.exists():
            raise DocumentError(f"{target} already exists; choose another name.")
        if not target.parent.is_dir():
            raise DocumentError(f"cannot create {target}: folder {target.parent} does not exist.")
        if not _writable_location(target):
            raise ReadOnlyError(f"cannot create {target}: its folder cannot be written.")
        lock = WriterLock(target)
        holder = lock.acquire()
        if holder is not None:
            raise LockedError(f"{target.name} is being created by {holder}.")
        try:
            connection = connect(target, create=True)
            connection.execute("PRAGMA journal_mode = WAL")
            schema.create(connection)
            for key, value in initial.items():
                connection.execute("INSERT INTO setting(key, value) VALUES (?, ?)", (key, value))
        except BaseException:
            lock.release()
            raise
        return cls(target, connection, lock, readonly=False)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        fallback_readonly: bool = False,
        check: bool = True,
    ) -> Document:
        """Open an existing document, upgrading an older schema; raise DocumentError with one sentence.

        With ``fallback_readonly`` a document that another process is writing
        (or that sits in a read-only place) opens read-only, with ``warning`` set.
        Its tables, the kinds of its values and its references are checked first
        (:mod:`xindex.store.verify`); ``check=False`` is for a worker opening a file
        its parent has just opened (and checked).
        """
        target = Path(path)
        if not target.exists():
            raise DocumentError(f"{target} does not exist.")
        if target.is_dir():
            raise DocumentError(f"{target} is a folder, not an xindex document.")
        _check_header(target)
        warning = ""
        lock: WriterLock | None = None
        writable_place = _writable_location(target)
        if not readonly:
            if not writable_place:
                if not fallback_readonly:
                    raise ReadOnlyError(f"{target.name} is in a read-only location, so it cannot be changed.")
                readonly, warning = True, f"{target.name} is in a read-only location; it is open read-only."
            else:
                lock = WriterLock(target)
                holder = lock.acquire()
                if holder is not None:
                    lock = None
                    if not fallback_readonly:
                        raise LockedError(f"{target.name} is open for writing by {holder}; close it there first.")
                    readonly, warning = True, f"{target.name} is open for writing by {holder}; it is open read-only."
        links = target.stat().st_nlink
        if links > 1 and not readonly:
            # SQLite names a document's write-ahead log after the name it was opened by: two names of one file
            # would keep two logs, and edits made through one could be lost through the other.
            reason = f"{target.name} has {links} names (hard links), so edits through another name could be lost"
            if not fallback_readonly:
                raise ReadOnlyError(f"{reason}; edit a copy of it instead.")
            if lock:
                lock.release()
                lock = None
            readonly, warning = True, f"{reason}: it is open read-only; edit a copy of it instead."
        # In a place that cannot be written SQLite cannot keep its shared memory beside the file; an unfinished
        # write-ahead log (a writer that crashed) must still be read, or the index shown would miss edits.
        wal = Path(os.path.realpath(target) + "-wal")
        pending_log = not writable_place and wal.exists() and wal.stat().st_size > 0
        connection: apsw.Connection | None = None
        try:
            # A reader in a writable place uses a query-only read-write connection, so that when it is the
            # last to close it can checkpoint and remove the -wal and -shm files: a closed document stays one file.
            connection = connect(
                target, readonly=readonly and not writable_place, immutable=not writable_place and not pending_log
            )
            if readonly and writable_place:
                connection.execute("PRAGMA query_only = ON")
            cls._check_and_upgrade(target, connection, readonly)
            if check:
                problem = verify.problem(connection)
                if problem:
                    raise CorruptFileError(
                        f"{target.name} is damaged: {problem}; xindex salvage {target.name} copies what can be read"
                        " into a new document"
                    )
            document = cls(target, connection, lock, readonly)
            document.warning = "; ".join(text for text in (warning, document.warning) if text)
            if not readonly:  # a writer walks the headings; loops are refused before any walk can run away
                problem = document.structure_problem()
                if problem:
                    raise StructureError(problem)
            return document
        except BaseException as error:
            if connection is not None:
                with contextlib.suppress(apsw.Error):
                    connection.close()
            if lock:
                lock.release()
            if isinstance(error, apsw.Error):
                if isinstance(error, apsw.CantOpenError) and pending_log:
                    raise ReadOnlyError(
                        f"{target.name} has edits in {wal.name} that can only be read in a place that can be"
                        f" written: copy {target.name} and {wal.name} to a writable folder and open it there."
                    ) from None
                raise storage_error(target.name, error) from None
            raise

    @classmethod
    def repair(cls, path: str | os.PathLike[str]) -> list[str]:
        """Mend headings that loop or nest too deep (each loop is broken where its lowest-numbered entry
        becomes a main heading; an entry nested too deep becomes a main heading), after a backup copy
        ``BOOK.xix.before-repair.bak``; return what was done, a sentence each."""
        target = Path(path)
        lock = WriterLock(target)
        holder = lock.acquire()
        if holder is not None:
            raise LockedError(f"{target.name} is open for writing by {holder}; close it there first.")
        try:
            connection = connect(target)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                shutil.copy2(target, target.with_name(f"{target.name}.before-repair.bak"))
                done: list[str] = []
                with connection:
                    while True:
                        stray = [
                            int(row[0])
                            for row in connection.execute(
                                "WITH RECURSIVE reach(id, depth) AS (SELECT id, 1 FROM entry WHERE parent_id IS NULL"
                                " UNION ALL SELECT entry.id, reach.depth + 1 FROM entry JOIN reach"
                                " ON entry.parent_id = reach.id WHERE reach.depth < ?)"
                                " SELECT id FROM entry WHERE id NOT IN (SELECT id FROM reach) ORDER BY id",
                                (MAX_DEPTH,),
                            )
                        ]
                        if not stray:
                            break
                        parents = {
                            int(row[0]): row[1]
                            for row in connection.execute(
                                "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(stray),),
                            )
                        }
                        loop = _loop_from(parents, stray[0])
                        mended = loop[0] if loop else stray[0]
                        term, plain = connection.execute(
                            "SELECT term, plain FROM entry WHERE id = ?", (mended,)
                        ).fetchall()[0]
                        taken = any(
                            stored_identity(str(row[0])) == stored_identity(str(term))
                            for row in connection.execute(
                                "SELECT term FROM entry WHERE parent_id IS NULL AND plain = ?", (plain,)
                            )
                        )
                        if taken:  # main headings are unique: the mended one says where it came from
                            term, plain = f"{term} (entry {mended})", f"{plain} (entry {mended})"
                        connection.execute(
                            "UPDATE entry SET parent_id = NULL, term = ?, plain = ?, folded = xindex_fold(?),"
                            " sort_key = xindex_sortkey(?, sort_as, 1, ?) WHERE id = ?",
                            (term, plain, plain, plain, term, mended),
                        )
                        why = "it was in a loop of headings" if loop else f"it was nested deeper than {MAX_DEPTH}"
                        done.append(f"entry {mended} (“{plain}”) is now a main heading: {why}")
                return done
            finally:
                connection.close()
        finally:
            lock.release()

    @staticmethod
    def _check_and_upgrade(path: Path, connection: apsw.Connection, readonly: bool) -> None:
        application_id = int(connection.execute("PRAGMA application_id").fetchall()[0][0] or 0)
        version = int(connection.execute("PRAGMA user_version").fetchall()[0][0] or 0)
        if application_id != APPLICATION_ID:
            if is_xindex_schema(connection):
                raise XindexDocumentError(
                    f"{path.name} is a XindeX document (xindex's predecessor); xindex converts it into a new"
                    f" document and leaves it as it is: xindex import NEW.xix {path.name}"
                )
            raise ForeignFileError(f"{path.name} is an SQLite database but not an xindex document.")
        if version < 0:
            raise ForeignFileError(f"{path.name} says it is of format {version}, which no xindex ever wrote.")
        if version > schema.SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path.name} was written by a newer xindex (format {version}; this version reads up to "
                f"{schema.SCHEMA_VERSION}); please upgrade xindex."
            )
        # A full check reads the whole file; past QUICK_CHECK_LIMIT it would slow every open, so bigger
        # files rely on SQLite reporting damaged pages as they are read (turned into CorruptFileError).
        if version < schema.SCHEMA_VERSION or path.stat().st_size <= QUICK_CHECK_LIMIT:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        else:
            problems = ["ok"]
        if problems != ["ok"]:
            first = " ".join(str(problems[0]).replace("***", " ").split())
            more = f" ({len(problems)} problems; the first: {first})" if len(problems) > 1 else f" ({first})"
            raise CorruptFileError(
                f"{path.name} is damaged{more}; xindex salvage {path.name} copies what can be read into a new document."
            )
        if version < schema.SCHEMA_VERSION:
            if readonly:
                raise DocumentError(
                    f"{path.name} uses an older format (version {version}); open it for editing once to upgrade it."
                )
            backup = path.with_name(f"{path.name}.v{version}.bak")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            made_backup = not backup.exists()
            if made_backup:
                shutil.copy2(path, backup)
            connection.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection:
                    for step in schema.MIGRATIONS[version:]:
                        step(connection)
                    connection.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                    problems = [row[0] for row in connection.execute("PRAGMA foreign_key_check")]
                    if problems:
                        raise CorruptFileError(f"{path.name} could not be upgraded: its entries refer to missing ones.")
            except (apsw.Error, ValueError, KeyError, TypeError) as error:
                if made_backup:  # nothing was changed: no copy of it is needed
                    backup.unlink(missing_ok=True)
                if isinstance(error, DocumentError):
                    raise
                raise CorruptFileError(
                    f"{path.name} could not be upgraded from format {version}: its tables are not as that format"
                    " had them (nothing was changed)."
                ) from None
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")

    def close(self) -> None:
        """Close the document; every edit was already committed."""
        if self.connection is not None:
            self.connection.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _heal_folded(self) -> None:
        """Fold the headings another SQLite tool wrote without their folded form (search and completion need it)."""
        if self._one("SELECT 1 FROM entry WHERE folded = '' LIMIT 1") is not None:
            with self.connection, self._paused():
                self.connection.execute("UPDATE entry SET folded = xindex_fold(plain) WHERE folded = ''")

    def _check_history(self) -> None:
        """A history that is not in the form xindex writes is set aside, never used."""
        odd = self._one(
            "SELECT count(*) FROM history WHERE typeof(changes) != 'blob' OR length(changes) = 0"
            " OR typeof(label) != 'text' OR undone NOT IN (0, 1)"
        )
        if odd and int(odd[0]):
            with self.connection:
                steps = schema.set_aside_history(self.connection, "steps not in the form xindex writes")
            self.warning = f"the undo history of {self.path.name} was damaged: its {steps} steps were set aside"
