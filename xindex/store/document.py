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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import apsw

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core import settings as known_settings
from xindex.core.model import MAX_DEPTH, Entry, IndexNode, XRef, XRefKind
from xindex.core.sorting import SortKeys, SortOptions, fold
from xindex.store import history, schema, verify
from xindex.store.connection import APPLICATION_ID, connect, register_functions
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
)
from xindex.store.lock import WriterLock
from xindex.store.query import Leaf, Query, QuerySyntaxError
from xindex.store.query import parse as parse_query

SQLITE_HEADER = b"SQLite format 3\x00"
MainKey = tuple[bytes, int]
SORT_SIGNATURE = "sort-signature"
HISTORY_LIMIT = 10_000
QUICK_CHECK_LIMIT = 32 * 1024 * 1024
_ENTRY_COLUMNS = "id, parent_id, term, plain, sort_as, sort_key, notes, created, updated"
_PRINTED_COLUMNS = "id, parent_id, term, plain, sort_as, sort_key"
_UNSET: Any = object()


P = ParamSpec("P")
R = TypeVar("R")


def _snapshot(method: Callable[Concatenate[Document, P], R]) -> Callable[Concatenate[Document, P], R]:
    """Run a read that takes several statements in one read transaction: one snapshot of the file,
    never half of a writer's commit (another process may be writing the document meanwhile)."""

    def read(self: Document, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.connection.in_transaction:
            return method(self, *args, **kwargs)
        with self.connection:
            result = method(self, *args, **kwargs)
        return result

    read.__name__, read.__qualname__, read.__doc__ = method.__name__, method.__qualname__, method.__doc__
    return read


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), row[6], row[7], row[8])


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


def storage_error(name: str, error: apsw.Error) -> DocumentError:
    """An SQLite error met while reading or writing a document, as one sentence (nothing was changed: every
    command is one transaction)."""
    cause: BaseException | None = error
    while cause is not None:  # a failed rollback reports itself, with the real cause as its context
        if isinstance(cause, apsw.FullError):
            return DocumentError(f"the disk holding {name} is full; nothing was changed: free some space and try again")
        if isinstance(cause, apsw.IOError):
            return DocumentError(f"{name} could not be read or written (is its disk full, or failing?); nothing was"
                                 " changed")  # fmt: skip
        if isinstance(cause, apsw.CorruptError | apsw.NotADBError):
            return CorruptFileError(f"{name} is damaged and cannot be read; xindex salvage {name} copies what can be"
                                    " read into a new document")  # fmt: skip
        if isinstance(cause, apsw.ReadOnlyError):
            return ReadOnlyError(f"{name} cannot be written here; nothing was changed")
        if isinstance(cause, apsw.BusyError | apsw.LockedError):
            return LockedError(f"{name} is busy in another program; nothing was changed: try again")
        if isinstance(cause, apsw.CantOpenError):
            return ReadOnlyError(f"{name} cannot be opened from this location")
        cause = cause.__context__
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    return CorruptFileError(f"{name} cannot be used: SQLite says {first!r}")


def _refuse_control(sort_as: str, notes: str) -> None:
    """A Sort As or notes holding a control character is refused (notes may hold tabs and line breaks)."""
    for what, text, lines in (("Sort As", sort_as, False), ("notes", notes, True)):
        bad = markup.control_character(text, lines=lines)
        if bad:
            raise EditError(f"the {what} holds a control character ({bad})")


def _loop_from(parents: dict[int, int | None], start: int) -> list[int]:
    """The entries of the loop reached by following parents from ``start`` (empty when there is none)."""
    seen: list[int] = []
    current: int | None = start
    while current is not None and current in parents and current not in seen:
        seen.append(current)
        current = parents[current]
    return sorted(seen[seen.index(current):]) if current in seen else []


def _check_header(path: Path) -> None:
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        if not header:
            raise ForeignFileError(f"{path.name} is empty: it is not an xindex document.")
        raise NotSQLiteError(f"{path.name} is not an xindex document (it is not an SQLite database).")


class Document:
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

    # ------------------------------------------------------------------ opening

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
            connection = connect(target, readonly=readonly and not writable_place,
                                 immutable=not writable_place and not pending_log)  # fmt: skip
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
                        stray = [int(row[0]) for row in connection.execute(
                            "WITH RECURSIVE reach(id, depth) AS (SELECT id, 1 FROM entry WHERE parent_id IS NULL"
                            " UNION ALL SELECT entry.id, reach.depth + 1 FROM entry JOIN reach"
                            " ON entry.parent_id = reach.id WHERE reach.depth < ?)"
                            " SELECT id FROM entry WHERE id NOT IN (SELECT id FROM reach) ORDER BY id",
                            (MAX_DEPTH,),
                        )]  # fmt: skip
                        if not stray:
                            break
                        parents = {int(row[0]): row[1] for row in connection.execute(
                            "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))",
                            (json.dumps(stray),),
                        )}  # fmt: skip
                        loop = _loop_from(parents, stray[0])
                        mended = loop[0] if loop else stray[0]
                        term, plain = connection.execute("SELECT term, plain FROM entry WHERE id = ?",
                                                         (mended,)).fetchall()[0]  # fmt: skip
                        taken = connection.execute(
                            "SELECT 1 FROM entry WHERE parent_id IS NULL AND plain = ?", (plain,)
                        ).fetchall()
                        if taken:  # main headings are unique: the mended one says where it came from
                            term, plain = f"{term} (entry {mended})", f"{plain} (entry {mended})"
                        connection.execute(
                            "UPDATE entry SET parent_id = NULL, term = ?, plain = ?, folded = xindex_fold(?),"
                            " sort_key = xindex_sortkey(?, sort_as, 1) WHERE id = ?",
                            (term, plain, plain, plain, mended),
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
                        raise CorruptFileError(
                            f"{path.name} could not be upgraded: its entries refer to missing ones."
                        )
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

    # ------------------------------------------------------------------ commands

    @contextlib.contextmanager
    def command(self, label: str) -> Iterator[None]:
        """Run the enclosed edits as one undoable command in one transaction."""
        if self.readonly:
            raise ReadOnlyError(f"{self.path.name} is open read-only.")
        if self._command_depth:
            self._command_depth += 1
            try:
                yield
            finally:
                self._command_depth -= 1
            return
        self._command_depth = 1
        assert self._recorder is not None
        try:
            with self.connection:
                self._recorder.start()
                try:
                    yield
                    self._record(label)
                finally:
                    self._recorder.discard()
        except apsw.Error as error:  # the disk is full, the file is damaged …: the transaction was undone
            raise storage_error(self.path.name, error) from None
        finally:
            self._command_depth = 0

    def _record(self, label: str) -> None:
        assert self._recorder is not None
        with self._recorder.paused():
            undone = self._one("SELECT 1 FROM history WHERE undone = 1 LIMIT 1")
            if undone:  # a new command discards the redo branch, as every editor does
                self.connection.execute("DELETE FROM history WHERE undone = 1")
            if self._recorder.store(label, schema.now()) is not None:
                self.connection.execute(
                    "DELETE FROM history WHERE id <= (SELECT max(id) FROM history) - ?", (HISTORY_LIMIT,)
                )

    def undo(self) -> str | None:
        """Undo the last command; return its label, or None when there is nothing to undo."""
        return self._step("SELECT id, label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1", undo=True)

    def redo(self) -> str | None:
        """Redo the last undone command; return its label, or None when there is nothing to redo."""
        return self._step("SELECT id, label FROM history WHERE undone = 1 ORDER BY id LIMIT 1", undo=False)

    def _step(self, query: str, *, undo: bool) -> str | None:
        """Apply one recorded step backwards (undo) or forwards (redo), all or nothing."""
        if self.readonly:
            raise ReadOnlyError(f"{self.path.name} is open read-only.")
        try:
            with self.connection:
                row = self._one(query)
                if row is None:
                    return None
                touched = history.apply_stored(self.connection, int(row[0]), invert=undo)
                self.connection.execute("UPDATE history SET undone = ? WHERE id = ?", (int(undo), row[0]))
                self._rekey(touched)
                self._load_sort_options()
        except history.HistoryDamagedError as error:
            with self.connection:
                schema.set_aside_history(self.connection, str(error))
            raise EditError(
                f"the undo history of {self.path.name} is damaged ({error}); it was set aside, and the index"
                " itself is unchanged"
            ) from None
        except history.HistoryError as error:
            raise EditError(str(error)) from None
        except apsw.Error as error:
            raise storage_error(self.path.name, error) from None
        return str(row[1])

    def _rekey(self, entry_ids: list[int]) -> None:
        """Recompute derived columns of entries an undo or redo touched (they were made under the rules
        of their time)."""
        if not entry_ids:
            return
        with self._paused():
            self.connection.execute(
                "UPDATE entry SET sort_key = xindex_sortkey(plain, sort_as, parent_id IS NULL),"
                " folded = xindex_fold(plain) WHERE id IN (SELECT value FROM json_each(?))"
                " AND (sort_key IS NOT xindex_sortkey(plain, sort_as, parent_id IS NULL)"
                " OR folded IS NOT xindex_fold(plain))",
                (json.dumps(sorted(set(entry_ids))),),
            )

    def _paused(self) -> contextlib.AbstractContextManager[None]:
        return self._recorder.paused() if self._recorder is not None else contextlib.nullcontext()

    @_snapshot
    def history(self) -> list[tuple[int, str, bool]]:
        """Every recorded command, oldest first: (id, label, undone)."""
        return [
            (row[0], row[1], bool(row[2]))
            for row in self.connection.execute("SELECT id, label, undone FROM history ORDER BY id")
        ]

    def last_command(self) -> tuple[int, str] | None:
        """The id and label of the most recent command still done, or None: a window compares
        ids before and after an edit to know whether the edit recorded anything."""
        row = self._one("SELECT id, label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1")
        return (int(row[0]), str(row[1])) if row else None

    def can_undo(self) -> bool:
        """True when there is a command to undo."""
        return self._one("SELECT 1 FROM history WHERE undone = 0 LIMIT 1") is not None

    def can_redo(self) -> bool:
        """True when there is an undone command to redo."""
        return self._one("SELECT 1 FROM history WHERE undone = 1 LIMIT 1") is not None

    def data_version(self) -> int:
        """A number that changes whenever another connection commits a change to the document."""
        row = self._one("PRAGMA data_version")
        return int(row[0]) if row else 0

    def snapshot_to(self, path: str | os.PathLike[str]) -> None:
        """Write the document as it is now, in one read transaction, to a new file (SQLite's VACUUM INTO)."""
        query_only = bool(self._one("PRAGMA query_only")[0])
        if query_only:  # a reader's guard against writing this file; VACUUM INTO writes another one
            self.connection.execute("PRAGMA query_only = OFF")
        try:
            self.connection.execute("VACUUM INTO ?", (str(path),))
        finally:
            if query_only:
                self.connection.execute("PRAGMA query_only = ON")

    def take_entry_changes(self) -> list[int]:
        """Ids of the entries inserted, changed or deleted through this document since the last call."""
        if self.readonly:
            return []
        changed = self._scalars("SELECT id FROM temp.entry_changes")
        if changed:
            self.connection.execute("DELETE FROM temp.entry_changes")
        return changed

    # ------------------------------------------------------------------ entries

    def add_entry(
        self,
        term: str,
        parent_id: int | None = None,
        *,
        sort_as: str | None = None,
        notes: str = "",
        locators: str | Iterable[loc.Locator] = "",
        absent: bool = False,
    ) -> int:
        """Add a heading under ``parent_id`` (None for a main heading); return its id. ``absent``: the caller
        has just looked the heading up under that parent and not found it (an import), so it is not again."""
        term, plain = self._clean_term(term)
        parsed = self._parse_locators(locators)
        _refuse_control(sort_as or "", notes)
        if parent_id is not None and self.entry(parent_id).parent_id is not None:  # a main heading's child: level 2
            self._refuse_depth(parent_id, 1)
        if not absent:
            self._refuse_sibling(parent_id, plain, None)
        with self.command(f"Add “{plain}”"):
            stamp = schema.now()
            sort_as = sort_as.strip() if sort_as and sort_as.strip() else None
            self.connection.execute(
                "INSERT INTO entry(parent_id, term, plain, sort_as, sort_key, notes, created, updated, folded)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (parent_id, term, plain, sort_as, self.keys.key(plain, sort_as, main=parent_id is None), notes,
                 stamp, stamp, fold(plain)),
            )  # fmt: skip
            entry_id = self.connection.last_insert_rowid()
            self._write_locators(entry_id, parsed, fresh=True)
        return entry_id

    def add_path(self, path: Sequence[str], locators: str | Iterable[loc.Locator] = "") -> int:
        """Add a heading path (main heading, subheading, ...), creating missing levels; merge locators."""
        if not path:
            raise EditError("a heading cannot be empty")
        if len(path) > MAX_DEPTH:
            raise EditError(f"headings can be nested {MAX_DEPTH} levels deep at most, not {len(path)}")
        cleaned = [self._clean_term(term) for term in path]
        parsed = self._parse_locators(locators)
        with self.command(f"Add “{': '.join(plain for _, plain in cleaned)}”"):
            parent_id: int | None = None
            for term, plain in cleaned:
                existing = self._child_by_plain(parent_id, plain)
                parent_id = existing.id if existing else self.add_entry(term, parent_id)
            assert parent_id is not None
            if parsed:
                self._write_locators(parent_id, loc.merge([*self.locators(parent_id), *parsed]))
        return parent_id

    def edit_entry(
        self,
        entry_id: int,
        *,
        term: str | None = None,
        sort_as: str | None = _UNSET,
        notes: str | None = None,
    ) -> None:
        """Change a heading's term, Sort As (None clears it) or notes."""
        entry = self.entry(entry_id)
        new_term, plain = self._clean_term(term) if term is not None else (entry.term, entry.plain)
        new_sort_as = entry.sort_as if sort_as is _UNSET else (sort_as.strip() if sort_as and sort_as.strip() else None)
        new_notes = entry.notes if notes is None else notes
        _refuse_control(new_sort_as or "", new_notes)
        if plain != entry.plain:
            self._refuse_sibling(entry.parent_id, plain, entry_id)
        if (new_term, new_sort_as, new_notes) == (entry.term, entry.sort_as, entry.notes):
            return
        with self.command(f"Edit “{plain}”"):
            self.connection.execute(
                "UPDATE entry SET term = ?, plain = ?, sort_as = ?, sort_key = ?, notes = ?, updated = ?, folded = ?"
                " WHERE id = ?",
                (new_term, plain, new_sort_as, self.keys.key(plain, new_sort_as, main=entry.parent_id is None),
                 new_notes, schema.now(), fold(plain), entry_id),
            )  # fmt: skip

    def delete_entry(self, entry_id: int, *, force: bool = False) -> int:
        """Delete an entry with its subtree; return how many entries went.

        Refuses when entries outside the subtree refer to it, unless ``force``,
        which leaves those references blind (reported by checks).
        """
        entry = self.entry(entry_id)
        subtree = self.subtree_ids(entry_id)
        referrers = self._referrers(subtree)
        if referrers and not force:
            names = "; ".join(self.path_text(referrer) for referrer in referrers[:5])
            more = f" and {len(referrers) - 5} more" if len(referrers) > 5 else ""
            raise EditError(f"“{entry.plain}” is the target of cross-references from {names}{more}")
        with self.command(f"Delete “{entry.plain}”"):
            self._temp_ids(subtree)
            if referrers:
                for target_id in self._scalars(
                    "SELECT DISTINCT target_id FROM xref WHERE target_id IN temp.ids"
                    " AND entry_id NOT IN temp.ids"
                ):
                    self.connection.execute(
                        "UPDATE xref SET target_id = NULL, text = ? WHERE target_id = ? AND entry_id NOT IN temp.ids",
                        (self.path_text(target_id), target_id),
                    )
            for table in ("xref", "locator", "grp_member"):
                self.connection.execute(f"DELETE FROM {table} WHERE entry_id IN temp.ids")
            for child_id in reversed(subtree):
                self.connection.execute("DELETE FROM entry WHERE id = ?", (child_id,))
        return len(subtree)

    def move_entry(self, entry_id: int, new_parent_id: int | None) -> None:
        """Re-parent an entry (with its subtree); None makes it a main heading."""
        entry = self.entry(entry_id)
        if new_parent_id == entry.parent_id:
            return
        if new_parent_id is not None:
            self.entry(new_parent_id)
            if new_parent_id in self.subtree_ids(entry_id):
                raise EditError(f"cannot move “{entry.plain}” under itself or one of its own subentries")
            self._refuse_depth(new_parent_id, self._height(entry_id))
        self._refuse_sibling(new_parent_id, entry.plain, entry_id)
        with self.command(f"Move “{entry.plain}”"):
            self.connection.execute(
                "UPDATE entry SET parent_id = ?, sort_key = ?, updated = ? WHERE id = ?",
                (new_parent_id, self.keys.key(entry.plain, entry.sort_as, main=new_parent_id is None),
                 schema.now(), entry_id),
            )  # fmt: skip

    def set_locators(self, entry_id: int, locators: str | Iterable[loc.Locator]) -> None:
        """Replace an entry's locators with a normalised list."""
        entry = self.entry(entry_id)
        parsed = loc.merge(self._parse_locators(locators))
        if parsed == self.locators(entry_id):
            return
        with self.command(f"Set pages of “{entry.plain}”"):
            self._write_locators(entry_id, parsed)
            self.connection.execute("UPDATE entry SET updated = ? WHERE id = ?", (schema.now(), entry_id))

    def add_locators(self, entry_id: int, locators: str | Iterable[loc.Locator]) -> None:
        """Merge more locators into an entry's list."""
        self.set_locators(entry_id, [*self.locators(entry_id), *self._parse_locators(locators)])

    def _write_locators(self, entry_id: int, merged: list[loc.Locator], *, fresh: bool = False) -> None:
        """Replace an entry's locator rows (``fresh``: a new entry, which has none yet)."""
        if not fresh:
            self.connection.execute("DELETE FROM locator WHERE entry_id = ?", (entry_id,))
        if merged:
            schema.insert_locators(self.connection, entry_id, merged)

    # ------------------------------------------------------------------ restructuring

    def merge_entries(self, source_id: int, target_id: int) -> None:
        """Merge one entry into another: locators, subentries (same names merged), references, groups."""
        source, target = self.entry(source_id), self.entry(target_id)
        if source_id == target_id:
            raise EditError("an entry cannot be merged into itself")
        if target_id in self.subtree_ids(source_id):
            raise EditError(f"cannot merge “{source.plain}” into one of its own subentries")
        with self.command(f"Merge “{source.plain}” into “{target.plain}”"):
            self._merge_into(source_id, target_id)

    def _merge_into(self, source_id: int, target_id: int) -> None:
        source = self.entry(source_id)
        self._write_locators(target_id, loc.merge([*self.locators(target_id), *self.locators(source_id)]))
        for child in self.children(source_id):
            twin = self._child_by_plain(target_id, child.plain)
            if twin is None:
                self.connection.execute(
                    "UPDATE entry SET parent_id = ?, updated = ? WHERE id = ?", (target_id, schema.now(), child.id)
                )
            else:
                self._merge_into(child.id, twin.id)
        for xref in self.xrefs(source_id):
            duplicate = self._one(
                "SELECT 1 FROM xref WHERE entry_id = ? AND kind = ? AND ifnull(target_id, -1) = ifnull(?, -1)"
                " AND text = ?",
                (target_id, str(xref.kind), xref.target_id, xref.text),
            )
            if duplicate or xref.target_id == target_id:
                self.connection.execute("DELETE FROM xref WHERE id = ?", (xref.id,))
            else:
                self.connection.execute("UPDATE xref SET entry_id = ? WHERE id = ?", (target_id, xref.id))
        self.connection.execute("DELETE FROM xref WHERE target_id = ? AND entry_id = ?", (source_id, target_id))
        self.connection.execute("UPDATE xref SET target_id = ? WHERE target_id = ?", (target_id, source_id))
        self._drop_self_references(target_id)
        self.connection.execute(
            "UPDATE OR IGNORE grp_member SET entry_id = ? WHERE entry_id = ?", (target_id, source_id)
        )
        self.connection.execute("DELETE FROM grp_member WHERE entry_id = ?", (source_id,))
        self.connection.execute("DELETE FROM locator WHERE entry_id = ?", (source_id,))
        self.connection.execute("DELETE FROM entry WHERE id = ?", (source_id,))
        if not source.notes:
            return
        target_notes = self.entry(target_id).notes
        notes = f"{target_notes}\n{source.notes}" if target_notes else source.notes
        self.connection.execute("UPDATE entry SET notes = ? WHERE id = ?", (notes, target_id))

    def _drop_self_references(self, entry_id: int) -> None:
        """Remove references between this entry and itself, a heading above it or a subentry below it: a
        merge or a flip must never leave “Montmartre. See also Montmartre: Paris”."""
        above = {entry.id for entry in self.ancestry(entry_id)}
        below = set(self.subtree_ids(entry_id))
        for xref_id, referrer, target in self.connection.execute(
            "SELECT id, entry_id, target_id FROM xref WHERE (entry_id = ? OR target_id = ?) AND target_id IS NOT NULL",
            (entry_id, entry_id),
        ).fetchall():
            other = target if referrer == entry_id else referrer
            if other in above or other in below:
                self.connection.execute("DELETE FROM xref WHERE id = ?", (xref_id,))

    def copy_entry(self, entry_id: int, new_parent_id: int | None, *, with_subentries: bool = True) -> int:
        """Double-post: copy an entry and its locators (and subentries) under another heading; return the copy.

        Where a heading of the same name already exists there, the locators merge into it.
        """
        entry = self.entry(entry_id)
        if new_parent_id is not None:
            self.entry(new_parent_id)
            if new_parent_id in self.subtree_ids(entry_id):
                raise EditError(f"cannot copy “{entry.plain}” into itself")
            self._refuse_depth(new_parent_id, self._height(entry_id) if with_subentries else 1)
        with self.command(f"Copy “{entry.plain}”"):
            return self._copy_into(entry_id, new_parent_id, with_subentries)

    def _copy_into(self, entry_id: int, parent_id: int | None, with_subentries: bool) -> int:
        entry = self.entry(entry_id)
        twin = self._child_by_plain(parent_id, entry.plain)
        if twin is None:
            copy_id = self.add_entry(entry.term, parent_id, sort_as=entry.sort_as, locators=self.locators(entry_id))
        else:
            copy_id = twin.id
            self._write_locators(copy_id, loc.merge([*self.locators(copy_id), *self.locators(entry_id)]))
        if with_subentries:
            for child in self.children(entry_id):
                self._copy_into(child.id, copy_id, True)
        return copy_id

    def flip_entry(self, entry_id: int) -> int:
        """Swap a subheading with its heading: “roses: pruning” becomes “pruning: roses”; return the new entry.

        The locators move to the flipped entry; the old subheading goes, and its heading too when
        nothing is left in it. Only a subheading without subheadings of its own can be flipped.
        """
        entry = self.entry(entry_id)
        if entry.parent_id is None:
            raise EditError(f"“{entry.plain}” is a main heading: only a subheading can be flipped")
        if self.children(entry_id, limit=1):
            raise EditError(f"“{entry.plain}” has subheadings of its own: flip them first")
        parent = self.entry(entry.parent_id)
        with self.command(f"Flip “{parent.plain}: {entry.plain}”"):
            new_main = self._child_by_plain(parent.parent_id, entry.plain)
            main_id = new_main.id if new_main else self.add_entry(entry.term, parent.parent_id)
            flipped = self._child_by_plain(main_id, parent.plain)
            flipped_id = flipped.id if flipped else self.add_entry(parent.term, main_id)
            self._merge_into(entry_id, flipped_id)
            if (
                not self.children(parent.id, limit=1)
                and not self.locators(parent.id)
                and not self.xrefs(parent.id)
                and not self._referrers([parent.id])
            ):
                self.connection.execute("DELETE FROM grp_member WHERE entry_id = ?", (parent.id,))
                self.connection.execute("DELETE FROM entry WHERE id = ?", (parent.id,))
        return flipped_id

    def renumber_pages(self, first_page: int, shift: int, *, series: loc.Series = loc.Series.ARABIC,
                       prefix: str = "") -> int:  # fmt: skip
        """Repagination: move every locator from ``first_page`` on by ``shift`` pages; return how many changed.

        A range that starts before ``first_page`` and runs into it grows or shrinks at its end.
        Refused when a page would fall below 1 or a range would end before it starts.
        """
        rows: list[Any] = self.connection.execute(
            "SELECT id, entry_id, text FROM locator WHERE series = ? AND prefix = ? AND last >= ? AND kind != ?",
            (int(series), prefix, first_page, int(loc.Kind.TEXT)),
        ).fetchall()
        changed: dict[int, list[tuple[int, loc.Locator]]] = {}
        for row_id, entry_id, text in rows:
            old = loc.parse_locator(str(text))
            first = old.first + shift if old.first >= first_page else old.first
            last = old.last + shift
            if first < 1 or last < first:
                where = self.path_text(int(entry_id))
                raise EditError(f"renumbering would turn {old.plain()} of “{where}” into an impossible page")
            changed.setdefault(int(entry_id), []).append((int(row_id), replace(old, first=first, last=last)))
        if not changed:
            return 0
        with self.command(f"Renumber pages from {first_page} by {shift:+d}"):
            for entry_id in changed:
                self._write_locators(entry_id, loc.merge(self._shifted(entry_id, changed[entry_id])))
        return sum(len(items) for items in changed.values())

    def _shifted(self, entry_id: int, moved: list[tuple[int, loc.Locator]]) -> list[loc.Locator]:
        moved_ids = {row_id for row_id, _ in moved}
        kept = [
            loc.parse_locator(str(row[1]))
            for row in self.connection.execute("SELECT id, text FROM locator WHERE entry_id = ?", (entry_id,))
            if int(row[0]) not in moved_ids
        ]
        return kept + [locator for _, locator in moved]

    def save_copy(self, path: str | os.PathLike[str]) -> None:
        """Write a consistent copy of the document to another file (SQLite's online backup)."""
        target = Path(path)
        if target.exists():
            raise DocumentError(f"{target} already exists; choose another name.")
        copy = apsw.Connection(str(target))
        try:
            with copy.backup("main", self.connection, "main") as backup:
                backup.step()
        finally:
            copy.close()

    # ------------------------------------------------------------------ cross-references

    def add_xref(
        self, entry_id: int, kind: XRefKind | str, *, target_id: int | None = None, text: str = ""
    ) -> int:
        """Add a cross-reference to an entry (``target_id``) or a generic one (``text``); return its id."""
        entry = self.entry(entry_id)
        try:
            kind = XRefKind(kind)
        except ValueError:
            raise EditError(f"'{kind}' is not a kind of cross-reference (see, see also, see under)") from None
        if target_id is None:
            text = " ".join(text.split())
            if not text:
                raise EditError("a generic cross-reference needs its text")
            try:
                text = markup.normalize(text)
            except markup.MarkupError as error:
                raise EditError(f"cross-reference text: {error}") from None
            if self._one(
                "SELECT 1 FROM xref WHERE entry_id = ? AND kind = ? AND target_id IS NULL AND text = ?",
                (entry_id, kind, text),
            ):
                raise EditError(f"“{entry.plain}” already has “{kind} {markup.plain_text(text)}”")
        else:
            target = self.entry(target_id)
            if target_id == entry_id:
                raise EditError(f"“{entry.plain}” cannot refer to itself")
            if self._one(
                "SELECT 1 FROM xref WHERE entry_id = ? AND kind = ? AND target_id = ?", (entry_id, kind, target_id)
            ):
                raise EditError(f"“{entry.plain}” already has “{kind} {target.plain}”")
            if kind is XRefKind.SEE and entry_id in self._see_chain(target_id):
                raise EditError(
                    f"“{entry.plain}” → “{target.plain}” would make a circle of See references"
                    f" ({' → '.join(self.path_text(step) for step in [entry_id, *self._see_chain(target_id)])})"
                )
            text = ""
        position = self._one("SELECT count(*) FROM xref WHERE entry_id = ?", (entry_id,))
        with self.command(f"Add {kind} to “{entry.plain}”"):
            self.connection.execute(
                "INSERT INTO xref(entry_id, kind, target_id, text, generic, position) VALUES (?, ?, ?, ?, ?, ?)",
                (entry_id, str(kind), target_id, text, int(target_id is None), position[0] if position else 0),
            )
            return self.connection.last_insert_rowid()

    def _see_chain(self, start_id: int) -> list[int]:
        """Entries reached from ``start_id`` by following See references (itself first)."""
        seen = [start_id]
        frontier = [start_id]
        while frontier:
            current = frontier.pop()
            for target_id in self._scalars(
                "SELECT target_id FROM xref WHERE entry_id = ? AND kind = 'see' AND target_id IS NOT NULL", (current,)
            ):
                if target_id not in seen:
                    seen.append(target_id)
                    frontier.append(target_id)
        return seen

    def remove_xref(self, xref_id: int) -> None:
        """Remove one cross-reference."""
        row = self._one("SELECT entry_id, kind FROM xref WHERE id = ?", (xref_id,))
        if row is None:
            raise EditError(f"there is no cross-reference {xref_id}")
        with self.command(f"Remove {row[1]} from “{self.entry(row[0]).plain}”"):
            self.connection.execute("DELETE FROM xref WHERE id = ?", (xref_id,))

    @_snapshot
    def xrefs(self, entry_id: int) -> list[XRef]:
        """An entry's cross-references in the order they were added."""
        return [
            XRef(row[0], row[1], XRefKind(row[2]), row[3], row[4], bool(row[5]))
            for row in self.connection.execute(
                "SELECT id, entry_id, kind, target_id, text, generic FROM xref"
                " WHERE entry_id = ? ORDER BY position, id",
                (entry_id,),
            )
        ]

    def xref_text(self, xref: XRef) -> str:
        """What a reference prints: the target's current path, or its generic/blind text."""
        if xref.target_id is not None:
            return self.path_text(xref.target_id)
        return markup.plain_text(xref.text) if xref.generic else xref.text

    # ------------------------------------------------------------------ groups

    def add_to_group(self, name: str, entry_ids: Iterable[int]) -> int:
        """Put entries in a named group (created when new); return the group's id."""
        name = " ".join(name.split())
        if not name:
            raise EditError("a group needs a name")
        wanted = list(dict.fromkeys(entry_ids))
        for entry_id in wanted:
            self.entry(entry_id)
        with self.command(f"Add to group “{name}”"):
            row = self._one("SELECT id FROM grp WHERE name = ?", (name,))
            if row is None:
                self.connection.execute("INSERT INTO grp(name) VALUES (?)", (name,))
                group_id = self.connection.last_insert_rowid()
            else:
                group_id = int(row[0])
            for entry_id in wanted:
                self.connection.execute(
                    "INSERT OR IGNORE INTO grp_member(grp_id, entry_id) VALUES (?, ?)", (group_id, entry_id)
                )
        return group_id

    def remove_from_group(self, name: str, entry_ids: Iterable[int]) -> None:
        """Take entries out of a group; the group goes when it is empty."""
        row = self._one("SELECT id, name FROM grp WHERE name = ?", (" ".join(name.split()),))
        if row is None:
            raise EditError(f"there is no group “{name}”")
        with self.command(f"Remove from group “{row[1]}”"):
            for entry_id in entry_ids:
                self.connection.execute("DELETE FROM grp_member WHERE grp_id = ? AND entry_id = ?", (row[0], entry_id))
            if self._one("SELECT 1 FROM grp_member WHERE grp_id = ?", (row[0],)) is None:
                self.connection.execute("DELETE FROM grp WHERE id = ?", (row[0],))

    def groups_of(self, entry_id: int) -> list[str]:
        """The names of the groups an entry belongs to, alphabetically."""
        return [
            str(row[0])
            for row in self.connection.execute(
                "SELECT grp.name FROM grp_member JOIN grp ON grp.id = grp_member.grp_id WHERE grp_member.entry_id = ?"
                " ORDER BY grp.name COLLATE NOCASE",
                (entry_id,),
            )
        ]

    def groups(self) -> dict[str, list[int]]:
        """Every group with its members' ids."""
        found: dict[str, list[int]] = {}
        for name, entry_id in self.connection.execute(
            "SELECT grp.name, grp_member.entry_id FROM grp LEFT JOIN grp_member ON grp_member.grp_id = grp.id"
            " ORDER BY grp.name COLLATE NOCASE, grp_member.entry_id"
        ):
            members = found.setdefault(str(name), [])
            if entry_id is not None:
                members.append(int(entry_id))
        return found

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: str = "") -> str:
        """One document setting."""
        row = self._one("SELECT value FROM setting WHERE key = ?", (key,))
        return str(row[0]) if row else default

    def settings(self) -> dict[str, str]:
        """All document settings."""
        return {row[0]: row[1] for row in self.connection.execute("SELECT key, value FROM setting ORDER BY key")}

    def set_setting(self, key: str, value: str, *, label: str | None = None) -> None:
        """Change one document setting (undoable); a sorting setting re-sorts the whole document."""
        try:
            value = known_settings.normalize(key, value)
        except ValueError as error:
            raise EditError(f"{key}: {error}") from None
        if self.setting(key, default="\x00") == value:
            return
        if key in known_settings.SORT_KEYS:
            try:
                known_settings.sort_options({**self.settings(), key: value})
            except ValueError as error:
                raise EditError(f"{key}: {error}") from None
        with self.command(label or f"Change {key}"):
            self.connection.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            if key in known_settings.SORT_KEYS:
                self._load_sort_options()

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

    def _load_sort_options(self) -> None:
        """Sort by the document's settings; recompute stored keys when they were made otherwise."""
        settings = self.settings()
        try:
            options = known_settings.sort_options(settings)
        except ValueError as error:
            options = SortOptions()
            self.warning = f"sorting by the default rules: the document's sort settings are not usable ({error})"
        self.keys = SortKeys(options)
        register_functions(self.connection, self.keys)
        if self.readonly or settings.get(SORT_SIGNATURE) == options.signature():
            return
        with self.connection, self._paused():
            self.connection.execute("UPDATE entry SET sort_key = xindex_sortkey(plain, sort_as, parent_id IS NULL)")
            self.connection.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SORT_SIGNATURE, options.signature()),
            )

    # ------------------------------------------------------------------ reading

    def entry(self, entry_id: int) -> Entry:
        """The entry with this id; EditError when there is none."""
        row = self._one(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id = ?", (entry_id,))
        if row is None:
            raise EditError(f"there is no entry {entry_id}")
        return _entry(row)

    def children(
        self, parent_id: int | None, *, limit: int | None = None, after: Entry | None = None
    ) -> list[Entry]:
        """The headings directly under ``parent_id`` (None: main headings), in sorted order.

        ``limit`` and ``after`` (the last entry of the previous window) read one window at a time.
        """
        condition = "parent_id IS NULL" if parent_id is None else "parent_id = ?"
        args: list[Any] = [] if parent_id is None else [parent_id]
        if after is not None:
            condition += " AND (sort_key > ? OR (sort_key = ? AND id > ?))"
            args += [after.sort_key, after.sort_key, after.id]
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE {condition} ORDER BY sort_key, id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_entry(row) for row in self.connection.execute(sql, args)]

    @_snapshot
    def find_path(self, path: Sequence[str]) -> Entry | None:
        """The entry at a path of plain headings, or None."""
        parent_id: int | None = None
        entry: Entry | None = None
        for term in path:
            try:
                plain = " ".join(markup.plain_text(term).split())
            except markup.MarkupError:
                return None
            entry = self._child_by_plain(parent_id, plain)
            if entry is None:
                return None
            parent_id = entry.id
        return entry

    def find_target(self, text: str) -> Entry | None:
        """The entry a reference written as plain text names (the one rule for both faces and every
        importer): the whole text as a main heading, else its levels split at colons, ``class: attributes``."""
        whole = " ".join(text.split())
        if not whole:
            return None
        found = self.find_path([markup.escape(whole)])
        if found is not None:
            return found
        levels = [part.strip() for part in whole.split(":")]
        if len(levels) > 1 and all(levels):
            return self.find_path([markup.escape(level) for level in levels])
        return None

    @_snapshot
    def complete(self, parent_id: int | None, typed: str, limit: int = 20) -> list[str]:
        """Headings under ``parent_id`` for what is typed, case and accents ignored: first those that begin
        with it (“lodz” → Łódź), then those with a word that begins with it (“gogh” → van Gogh), each in
        index order."""
        folded = fold(typed)
        if not folded:
            return []
        parent = parent_id or 0
        found: list[tuple[int, str]] = [
            (int(row[0]), str(row[1]))
            for row in self.connection.execute(
                "SELECT id, plain FROM entry WHERE ifnull(parent_id, 0) = ? AND folded >= ? AND folded < ?"
                " ORDER BY sort_key, id LIMIT ?",
                (parent, folded, folded + "\U0010ffff", limit),
            )
        ]
        if len(found) < limit and any(char.isalnum() for char in folded):
            phrase = folded.replace('"', '""')
            seen = {entry_id for entry_id, _ in found}
            for row in self.connection.execute(
                "SELECT entry.id, entry.plain FROM entry_fts JOIN entry ON entry.id = entry_fts.rowid"
                " WHERE entry_fts MATCH ? AND ifnull(entry.parent_id, 0) = ? ORDER BY entry.sort_key, entry.id LIMIT ?",
                (f'folded : "{phrase}"*', parent, limit + len(found)),
            ):
                if int(row[0]) not in seen and len(found) < limit:
                    found.append((int(row[0]), str(row[1])))
        return [plain for _, plain in found]

    @_snapshot
    def similar_headings(self, path: Sequence[str]) -> list[tuple[int, str, str]]:
        """Where adding ``path`` would create a heading beside one that differs from it only by case,
        accents or markup: ``(level, typed, existing)`` (empty when there is none)."""
        similar: list[tuple[int, str, str]] = []
        parent_id: int | None = None
        for level, term in enumerate(path):
            _, plain = self._clean_term(term)
            existing = self._child_by_plain(parent_id, plain)
            if existing is None:
                row = self._one(
                    "SELECT plain FROM entry WHERE ifnull(parent_id, 0) = ? AND folded = ? ORDER BY sort_key LIMIT 1",
                    (parent_id or 0, fold(plain)),
                )
                if row is not None:
                    similar.append((level, plain, str(row[0])))
                return similar
            parent_id = existing.id
        return similar

    def structure(self) -> list[tuple[int | None, int]]:
        """``(parent_id, id)`` of every entry, grouped by parent, each group in sorted order (main headings first)."""
        rows: list[tuple[int | None, int]] = self.connection.execute(
            "SELECT parent_id, id FROM entry ORDER BY parent_id, sort_key, id"
        ).fetchall()  # type: ignore[assignment]  # apsw's rows are these tuples already: no copy of 100,000
        return rows

    def parents(self, ids: Iterable[int]) -> dict[int, int | None]:
        """The parent of each of these entries that exists (None for a main heading)."""
        return {
            int(row[0]): row[1]
            for row in self.connection.execute(
                "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
            )
        }

    def in_sort_order(self, ids: Iterable[int]) -> list[int]:
        """These entries ordered by their sort keys (siblings in the order they print); unknown ids dropped."""
        return self._scalars(
            "SELECT id FROM entry WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_key, id",
            (json.dumps(list(ids)),),
        )

    def sibling_before(self, entry_id: int) -> int | None:
        """The heading filed just before this one under the same parent, or None when it is the first."""
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS (SELECT parent_id FROM entry WHERE id = ?)"
            " AND (sort_key, id) < (SELECT sort_key, id FROM entry WHERE id = ?)"
            " ORDER BY sort_key DESC, id DESC LIMIT 1",
            (entry_id, entry_id),
        )
        return None if row is None else int(row[0])

    def sibling_after(self, entry_id: int) -> int | None:
        """The heading filed just after this one under the same parent, or None when it is the last."""
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS (SELECT parent_id FROM entry WHERE id = ?)"
            " AND (sort_key, id) > (SELECT sort_key, id FROM entry WHERE id = ?) ORDER BY sort_key, id LIMIT 1",
            (entry_id, entry_id),
        )
        return None if row is None else int(row[0])

    @_snapshot
    def descendants(self, entry_id: int) -> list[tuple[int, int]]:
        """``(parent_id, id)`` of every entry below this one, each parent's children in sorted order."""
        return [
            (int(row[0]), int(row[1]))
            for row in self.connection.execute(
                "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION SELECT entry.id, sub.depth + 1"
                " FROM entry JOIN sub ON entry.parent_id = sub.id WHERE sub.depth < ?)"
                " SELECT DISTINCT entry.parent_id, entry.id FROM entry JOIN sub USING (id) WHERE entry.id != ?"
                " ORDER BY entry.parent_id, entry.sort_key, entry.id",
                (entry_id, MAX_DEPTH, entry_id),
            )
        ]

    def structure_problem(self) -> str | None:
        """One sentence when some headings loop (an entry above itself) or nest deeper than MAX_DEPTH levels."""
        stray = self._scalars(
            "WITH RECURSIVE reach(id, depth) AS (SELECT id, 1 FROM entry WHERE parent_id IS NULL UNION ALL"
            " SELECT entry.id, reach.depth + 1 FROM entry JOIN reach ON entry.parent_id = reach.id"
            " WHERE reach.depth < ?) SELECT id FROM entry WHERE id NOT IN (SELECT id FROM reach) ORDER BY id",
            (MAX_DEPTH,),
        )
        if not stray:
            return None
        parents: dict[int, int | None] = {
            int(row[0]): None if row[1] is None else int(row[1])
            for row in self.connection.execute(
                "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(stray),)
            )
        }
        loop = _loop_from(parents, stray[0])
        how = "repair it with `xindex repair` (the original is kept as a backup)"
        if len(loop) == 2:
            return f"{self.path.name} is damaged: entries {loop[0]} and {loop[1]} are each other's parent; {how}"
        if loop:
            listed = ", ".join(map(str, loop[:-1])) + f" and {loop[-1]}"
            return f"{self.path.name} is damaged: entries {listed} are each other's ancestors (a loop); {how}"
        return f"{self.path.name} is damaged: {len(stray)} headings are nested deeper than {MAX_DEPTH} levels; {how}"

    def first_main_from(self, text: str) -> int | None:
        """The first main heading filed at or after ``text`` (the letter bar, typing in the index), else the last."""
        key = self.keys.key(text)
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS NULL AND sort_key >= ? ORDER BY sort_key, id LIMIT 1", (key,)
        ) or self._one("SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1")
        return None if row is None else int(row[0])

    @_snapshot
    def ancestry(self, entry_id: int) -> list[Entry]:
        """The entry and the headings above it, main heading first."""
        chain: list[Entry] = []
        current: int | None = entry_id
        while current is not None:
            if len(chain) > MAX_DEPTH:
                raise StructureError(self.structure_problem() or f"{self.path.name} is damaged: its headings loop")
            entry = self.entry(current)
            chain.append(entry)
            current = entry.parent_id
        return chain[::-1]

    @_snapshot
    def path_text(self, entry_id: int, separator: str = ": ") -> str:
        """An entry's path as printed in cross-references: ``function: reference``."""
        return separator.join(entry.plain for entry in self.ancestry(entry_id))

    def subtree_ids(self, entry_id: int) -> list[int]:
        """The entry and every entry below it, parents before children."""
        return self._scalars(
            "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL"
            " SELECT entry.id, sub.depth + 1 FROM entry JOIN sub ON entry.parent_id = sub.id WHERE sub.depth < ?)"
            " SELECT DISTINCT id FROM sub ORDER BY depth, id",
            (entry_id, MAX_DEPTH),
        )

    def locators(self, entry_id: int) -> list[loc.Locator]:
        """An entry's locators in print order."""
        return [
            loc.parse_locator(row[0])
            for row in self.connection.execute(
                "SELECT text FROM locator WHERE entry_id = ? ORDER BY position", (entry_id,)
            )
        ]

    def referrers_of(self, entry_id: int) -> list[int]:
        """Entries outside this entry's subtree whose cross-references point into it."""
        return self._referrers(self.subtree_ids(entry_id))

    def entries_without_locators(self, limit: int | None = None) -> list[Entry]:
        """Headings with no locators, no subentries and no cross-references (dead ends), in index order."""
        return [
            _entry(row)
            for row in self.connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE NOT EXISTS (SELECT 1 FROM locator WHERE entry_id = entry.id)"
                " AND NOT EXISTS (SELECT 1 FROM entry AS child WHERE child.parent_id = entry.id)"
                " AND NOT EXISTS (SELECT 1 FROM xref WHERE xref.entry_id = entry.id)"
                " ORDER BY sort_key, id LIMIT ?",
                (-1 if limit is None else limit,),
            )
        ]

    def recently_edited(self, limit: int = 100) -> list[Entry]:
        """The entries changed most recently, newest first."""
        return [
            _entry(row)
            for row in self.connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entry ORDER BY updated DESC, id DESC LIMIT ?", (limit,)
            )
        ]

    def entry_count(self) -> int:
        """How many headings (at every level) the document holds."""
        row = self._one("SELECT count(*) FROM entry")
        return int(row[0]) if row else 0

    @_snapshot
    def tree(
        self, *, first: MainKey | None = None, last: MainKey | None = None, notes: bool = True
    ) -> list[IndexNode]:
        """Sorted nodes with locators and references (main headings at depth 0).

        ``first`` and ``last`` (inclusive ``(sort_key, id)`` bounds from :meth:`main_heading_ranges`)
        limit it to a run of main headings with their subtrees, for work split across processes.
        ``notes=False`` leaves out what printing never shows (notes, creation and change times).
        """
        whole = first is None and last is None
        columns = _ENTRY_COLUMNS if notes else _PRINTED_COLUMNS
        if whole:
            entry_sql = f"SELECT {columns} FROM entry ORDER BY sort_key, id"
            args: list[Any] = []
        else:
            low = first or (b"", 0)
            high = last or (b"\xff" * 8, 2**62)
            entry_sql = (
                "WITH RECURSIVE sub(id) AS (SELECT id FROM entry WHERE parent_id IS NULL"
                " AND (sort_key, id) >= (?, ?) AND (sort_key, id) <= (?, ?)"
                " UNION ALL SELECT entry.id FROM entry JOIN sub ON entry.parent_id = sub.id)"
                f" SELECT {columns} FROM entry JOIN sub USING (id) ORDER BY sort_key, id"
            )
            args = [low[0], low[1], high[0], high[1]]
        nodes: dict[int, IndexNode] = {}
        roots: list[IndexNode] = []
        # (apsw hands out the sort key as bytes already; without notes the last three fields stay empty)
        make: Callable[[Any], Entry] = Entry._make if notes else lambda row: Entry(*row)
        for row in self.connection.execute(entry_sql, args):
            nodes[row[0]] = IndexNode(make(row), 0)
        for node in nodes.values():
            parent_id = node.entry.parent_id
            if parent_id is None:
                roots.append(node)
            else:
                nodes[parent_id].children.append(node)
        self._attach(nodes, whole=whole)
        level, depth, reached = roots, 0, 0
        while level and depth <= MAX_DEPTH:
            for node in level:
                node.depth = depth
            reached += len(level)
            level = [child for node in level for child in node.children]
            depth += 1
        if whole and reached != len(nodes):  # entries no main heading leads to: their headings loop
            raise StructureError(self.structure_problem() or f"{self.path.name} is damaged: its headings loop")
        return roots

    @_snapshot
    def nodes(self, ids: Sequence[int]) -> dict[int, IndexNode]:
        """Entries by id as printed nodes, with their locators and cross-references (no children; depth 0)."""
        nodes: dict[int, IndexNode] = {}
        for row in self.connection.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
        ):
            nodes[row[0]] = IndexNode(_entry(row), 0)
        self._attach(nodes, whole=False)
        return nodes

    def _attach(self, nodes: dict[int, IndexNode], *, whole: bool) -> None:
        """Read the locators and cross-references of ``nodes`` (every entry when ``whole``) into them."""
        if whole:
            scope, args = "", []
        else:
            scope, args = " WHERE entry_id IN (SELECT value FROM json_each(?))", [json.dumps(list(nodes))]
        known: dict[str, loc.Locator] = {}  # the same locator text recurs thousands of times in a book
        for row in self.connection.execute(
            f"SELECT entry_id, text FROM locator{scope} ORDER BY entry_id, position", args
        ):
            parsed = known.get(row[1])
            if parsed is None:
                parsed = known[row[1]] = loc.parse_locator(row[1])
            nodes[row[0]].locators.append(parsed)
        paths: dict[int, str] = {}
        for row in self.connection.execute(
            f"SELECT id, entry_id, kind, target_id, text, generic FROM xref{scope} ORDER BY entry_id, position, id",
            args,
        ):
            xref = XRef(row[0], row[1], XRefKind(row[2]), row[3], row[4], bool(row[5]))
            if xref.target_id is None:
                label = self.xref_text(xref)
            elif xref.target_id in paths:
                label = paths[xref.target_id]
            else:
                label = paths[xref.target_id] = self._path_label(nodes, xref.target_id)
            nodes[xref.entry_id].xrefs.append((xref, label))

    def _path_label(self, nodes: dict[int, IndexNode], entry_id: int) -> str:
        """A target's path, from loaded nodes where possible, else from the database."""
        names: list[str] = []
        current: int | None = entry_id
        while current is not None:
            node = nodes.get(current)
            if node is None:
                return ": ".join([*(entry.plain for entry in self.ancestry(current)), *reversed(names)])
            names.append(node.entry.plain)
            current = node.entry.parent_id
        return ": ".join(reversed(names))

    @_snapshot
    def main_neighbours(self, entry_id: int, before: int, after: int) -> tuple[MainKey, MainKey]:
        """Bounds for :meth:`tree` around an entry's main heading: ``before`` and ``after`` more of them."""
        main = self.ancestry(entry_id)[0]
        earlier = self.connection.execute(
            "SELECT sort_key, id FROM entry WHERE parent_id IS NULL AND (sort_key, id) < (?, ?)"
            " ORDER BY sort_key DESC, id DESC LIMIT ?",
            (main.sort_key, main.id, before),
        ).fetchall()
        later = self.connection.execute(
            "SELECT sort_key, id FROM entry WHERE parent_id IS NULL AND (sort_key, id) > (?, ?)"
            " ORDER BY sort_key, id LIMIT ?",
            (main.sort_key, main.id, after),
        ).fetchall()
        low: Any = earlier[-1] if earlier else (main.sort_key, main.id)
        high: Any = later[-1] if later else (main.sort_key, main.id)
        return (bytes(low[0]), int(low[1])), (bytes(high[0]), int(high[1]))

    @_snapshot
    def middle_main_headings(self) -> tuple[Entry, Entry] | None:
        """The main heading that ends the first half of them (in sorted order) and the one that starts
        the second; None with fewer than two."""
        row = self._one("SELECT count(*) FROM entry WHERE parent_id IS NULL")
        count = int(row[0]) if row else 0
        if count < 2:
            return None
        rows = self.connection.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id LIMIT 2 OFFSET ?",
            (count // 2 - 1,),
        ).fetchall()
        return _entry(rows[0]), _entry(rows[1])

    @_snapshot
    def main_heading_ranges(self, parts: int) -> list[tuple[MainKey, MainKey, int]]:
        """Split the main headings, in sorted order, into up to ``parts`` runs of similar size.

        Each run is ``(first, last, entries)``: inclusive ``(sort_key, id)`` bounds for :meth:`tree`
        and how many entries (with subentries) it holds. Runs are balanced by entries, not headings.
        """
        if parts <= 1:  # the serial path: one run, no need to size every subtree
            bounds = self.connection.execute(
                "SELECT (SELECT sort_key FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id LIMIT 1),"
                " (SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id LIMIT 1),"
                " (SELECT sort_key FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1),"
                " (SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1)"
            ).fetchone()
            if bounds is None or bounds[1] is None:
                return []
            low: Any = bounds
            return [((bytes(low[0]), int(low[1])), (bytes(low[2]), int(low[3])), self.entry_count())]
        sizes = self.connection.execute(
            "WITH RECURSIVE sub(id, root) AS (SELECT id, id FROM entry WHERE parent_id IS NULL"
            " UNION ALL SELECT entry.id, sub.root FROM entry JOIN sub ON entry.parent_id = sub.id)"
            " SELECT root, count(*) FROM sub GROUP BY root"
        ).fetchall()
        size_of: dict[int, int] = {int(row[0] or 0): int(row[1] or 0) for row in sizes}
        mains = [
            (bytes(row[0]), int(row[1]))
            for row in self.connection.execute(
                "SELECT sort_key, id FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id"
            )
        ]
        total = sum(size_of.values())
        if not mains:
            return []
        target = max(1, -(-total // max(1, parts)))
        runs: list[tuple[MainKey, MainKey, int]] = []
        start, count = mains[0], 0
        for index, key in enumerate(mains):
            count += size_of.get(key[1], 1)
            if count >= target and len(runs) < parts - 1 and index + 1 < len(mains):
                runs.append((start, key, count))
                start, count = mains[index + 1], 0
        runs.append((start, mains[-1], count))
        return runs

    # ------------------------------------------------------------------ search

    @_snapshot
    def search(self, query: str, limit: int | None = 200, *, as_you_type: bool = False) -> list[Entry]:
        """The entries :meth:`match_ids` finds, in index order (the first ``limit`` of them)."""
        ids = self.in_index_order(self.match_ids(query, as_you_type=as_you_type))
        return self._entries(ids if limit is None else ids[:limit])

    @_snapshot
    def match_ids(self, query: str, *, as_you_type: bool = False) -> set[int]:
        """Entries whose heading path or notes match a query, or that cite a page query (``45``, ``xii``).

        Words (accents ignored), ``prefix*``, ``"a phrase"``, ``AND``/``OR``/``NOT`` and parentheses
        are matched against the whole heading path (:mod:`xindex.store.query`): ``roses AND winter``
        finds “roses › hybrid tea › winter protection”, and a heading's subentries match its words.
        Notes count for their own entry. ``as_you_type`` reads the last word as a prefix (``rose``
        finds “roses”). A query that is a page or a range also finds every entry citing a page in
        it, directly or inside a range. Other FTS5 syntax is handed to FTS5 as it is.
        """
        if not query.strip():
            return set()
        found = set(self._page_hits(query.strip(), None))
        try:
            tree = parse_query(query, as_you_type=as_you_type)
        except QuerySyntaxError:
            return found | self._raw_fts_hits(query.strip(), bool(found))
        return found | self._evaluate(tree)

    def _evaluate(self, tree: Query) -> set[int]:
        if isinstance(tree, Leaf):
            headings = self._scalars(
                "WITH RECURSIVE hit(id) AS (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?"
                " UNION SELECT entry.id FROM entry JOIN hit ON entry.parent_id = hit.id) SELECT id FROM hit",
                (f"folded : {tree.fts(fold)}",),
            )
            notes = self._scalars("SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?", (f"notes : {tree.fts()}",))
            return {*headings, *notes}
        left = self._evaluate(tree.left)
        if tree.op == "AND":
            return left & self._evaluate(tree.right) if left else set()
        if tree.op == "OR":
            return left | self._evaluate(tree.right)
        return left - self._evaluate(tree.right) if left else set()

    def _raw_fts_hits(self, query: str, have_pages: bool) -> set[int]:
        try:
            return set(self._scalars("SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?", (query,)))
        except apsw.SQLError as error:
            if have_pages:
                return set()
            try:
                return set(self._scalars("SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?", (_quote_terms(query),)))
            except apsw.SQLError:
                raise EditError(f"cannot search for {query!r}: {error}") from None

    @_snapshot
    def in_index_order(self, ids: Iterable[int]) -> list[int]:
        """Entry ids in the order the index prints them (a heading before its subentries); unknown ids dropped."""
        wanted = list(ids)
        if not wanted:
            return []
        chains: dict[int, list[tuple[bytes, int]]] = {}
        for start, _depth, sort_key, entry_id in self.connection.execute(
            "WITH RECURSIVE up(start, depth, id) AS (SELECT value, 0, value FROM json_each(?)"
            " UNION ALL SELECT up.start, up.depth + 1, entry.parent_id FROM up JOIN entry ON entry.id = up.id"
            f" WHERE entry.parent_id IS NOT NULL AND up.depth < {MAX_DEPTH})"
            " SELECT up.start, up.depth, entry.sort_key, entry.id FROM up JOIN entry ON entry.id = up.id"
            " ORDER BY up.start, up.depth DESC",
            (json.dumps(wanted),),
        ):
            chains.setdefault(start, []).append((bytes(sort_key), entry_id))
        return sorted(chains, key=chains.__getitem__)

    def _page_hits(self, query: str, limit: int | None) -> list[int]:
        if "," in query or ";" in query:
            return []
        try:
            wanted = loc.parse_locator(query)
        except loc.LocatorError:
            return []
        if wanted.kind is loc.Kind.TEXT:
            return []
        return self.entries_citing(wanted.series, wanted.first, wanted.last, wanted.prefix, limit)

    @_snapshot
    def entries_citing(
        self, series: loc.Series, first: int, last: int | None = None, prefix: str = "", limit: int | None = 1000
    ) -> list[int]:
        """Ids of entries citing any page from ``first`` to ``last``, directly or inside a range."""
        # The page index only bounds `first` from above; the longest range in the series bounds it from
        # below, so the scan covers a window of pages instead of every locator up to the page.
        widest = self._one(
            "SELECT max(last - first) FROM locator WHERE series = ? AND prefix = ?", (int(series), prefix)
        )
        span = int(widest[0]) if widest and widest[0] is not None else 0
        end = first if last is None else last
        return self._scalars(
            "SELECT DISTINCT entry_id FROM locator WHERE series = ? AND prefix = ? AND first BETWEEN ? AND ?"
            " AND last >= ? LIMIT ?",
            (int(series), prefix, first - span, end, first, -1 if limit is None else limit),
        )

    # ------------------------------------------------------------------ statistics

    @_snapshot
    def info(self) -> dict[str, Any]:
        """Counts for ``xindex info``: entries per level, locators, references, page span."""
        levels: dict[int, int] = {
            int(row[0]): int(row[1])
            for row in self.connection.execute(
                "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM entry WHERE parent_id IS NULL UNION ALL"
                " SELECT entry.id, t.depth + 1 FROM entry JOIN t ON entry.parent_id = t.id)"
                " SELECT depth, count(*) FROM t GROUP BY depth ORDER BY depth"
            )
        }
        xref_counts = {
            str(row[0]): int(row[1])
            for row in self.connection.execute("SELECT kind, count(*) FROM xref GROUP BY kind")
        }
        generic = self._one("SELECT count(*) FROM xref WHERE generic = 1")
        blind = self._one("SELECT count(*) FROM xref WHERE generic = 0 AND target_id IS NULL")
        locator_count = self._one("SELECT count(*) FROM locator")
        spans = {
            loc.Series(row[0]): (row[1], row[2])
            for row in self.connection.execute(
                "SELECT series, min(first), max(last) FROM locator WHERE kind != ? GROUP BY series",
                (int(loc.Kind.TEXT),),
            )
        }
        return {
            "title": self.setting("title"),
            "entries": sum(levels.values()),
            "levels": levels,
            "locators": locator_count[0] if locator_count else 0,
            "xrefs": xref_counts,
            "generic_xrefs": generic[0] if generic else 0,
            "blind_xrefs": blind[0] if blind else 0,
            "spans": spans,
            "history": len(self.history()),
        }

    # ------------------------------------------------------------------ helpers

    def _entries(self, ids: list[int]) -> list[Entry]:
        """Entries by id, in the order given."""
        found: dict[int, Entry] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.connection.execute(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id IN ({marks})", chunk):
                found[row[0]] = _entry(row)
        return [found[entry_id] for entry_id in ids if entry_id in found]

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self.connection.execute(sql, args).fetchone()

    def _scalars(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        return [row[0] for row in self.connection.execute(sql, args)]

    def _temp_ids(self, ids: Iterable[int]) -> None:
        self.connection.execute("CREATE TEMP TABLE IF NOT EXISTS ids (id INTEGER PRIMARY KEY)")
        self.connection.execute("DELETE FROM temp.ids")
        self.connection.executemany("INSERT INTO temp.ids(id) VALUES (?)", [(i,) for i in ids])

    def _referrers(self, subtree: list[int]) -> list[int]:
        inside = set(subtree)
        found: list[int] = []
        for chunk_start in range(0, len(subtree), 500):
            chunk = subtree[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for entry_id in self._scalars(
                f"SELECT DISTINCT entry_id FROM xref WHERE target_id IN ({marks})", chunk
            ):
                if entry_id not in inside and entry_id not in found:
                    found.append(entry_id)
        return found

    def newest_entry_id(self) -> int:
        """The highest entry id so far (0 in an empty document): entries added later have higher ones."""
        row = self._one("SELECT ifnull(max(id), 0) FROM entry")
        return int(row[0]) if row else 0

    def child_named(self, parent_id: int | None, plain: str) -> Entry | None:
        """The heading whose plain text is ``plain`` directly under ``parent_id`` (None: a main heading)."""
        return self._child_by_plain(parent_id, plain)

    def _child_by_plain(self, parent_id: int | None, plain: str) -> Entry | None:
        row = self._one(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE ifnull(parent_id, 0) = ? AND plain = ?",
            (parent_id or 0, plain),
        )
        return _entry(row) if row else None

    def _refuse_depth(self, parent_id: int, height: int) -> None:
        """Refuse to put ``height`` levels of headings under ``parent_id`` past the deepest nesting allowed."""
        row = self._one(
            "WITH RECURSIVE up(id, depth) AS (SELECT ?, 1 UNION ALL SELECT entry.parent_id, up.depth + 1"
            " FROM entry JOIN up ON entry.id = up.id WHERE entry.parent_id IS NOT NULL AND up.depth <= ?)"
            " SELECT max(depth) FROM up",
            (parent_id, MAX_DEPTH),
        )
        depth = int(row[0]) if row and row[0] is not None else 1
        if depth + height > MAX_DEPTH:
            raise EditError(f"headings can be nested {MAX_DEPTH} levels deep at most; this would make {depth + height}")

    def _height(self, entry_id: int) -> int:
        """How many levels an entry and its subentries take (1 for an entry without any)."""
        row = self._one(
            "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 1 UNION ALL SELECT entry.id, sub.depth + 1 FROM entry"
            " JOIN sub ON entry.parent_id = sub.id WHERE sub.depth <= ?) SELECT max(depth) FROM sub",
            (entry_id, MAX_DEPTH),
        )
        return int(row[0]) if row and row[0] is not None else 1

    def _refuse_sibling(self, parent_id: int | None, plain: str, allowed_id: int | None) -> None:
        existing = self._child_by_plain(parent_id, plain)
        if existing is not None and existing.id != allowed_id:
            where = f"under “{self.path_text(parent_id)}”" if parent_id is not None else "as a main heading"
            raise EditError(f"“{plain}” already exists {where}")

    @staticmethod
    def _clean_term(term: str) -> tuple[str, str]:
        text = " ".join(term.split())
        try:
            normalized = markup.normalize(text)
            plain = " ".join(markup.plain_text(normalized).split())
        except markup.MarkupError as error:
            raise EditError(f"heading {text!r}: {error}") from None
        if not plain:
            raise EditError("a heading cannot be empty")
        bad = markup.control_character(plain)
        if bad:
            raise EditError(f"the heading holds a control character ({bad}), which no index can print")
        return normalized, plain

    @staticmethod
    def _parse_locators(locators: str | Iterable[loc.Locator]) -> list[loc.Locator]:
        if isinstance(locators, str):
            return loc.parse_and_merge(locators)
        return loc.merge(locators)


def _quote_terms(query: str) -> str:
    """Make free text safe for FTS5: each word a quoted phrase, keeping a trailing ``*``."""
    parts = []
    for word in query.split():
        star = "*" if word.endswith("*") else ""
        word = word.rstrip("*").replace('"', '""')
        if word not in {"AND", "OR", "NOT", "NEAR"} and any(char.isalnum() for char in word):
            parts.append(f'"{word}"{star}')
    return " ".join(parts)
