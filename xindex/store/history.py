"""The persistent undo history, kept as data, never as code.

Each command is recorded with SQLite's session extension (through APSW): a session attached to
the document's own tables (:data:`xindex.store.schema.RECORDED_TABLES`) collects, while the
command runs, a *changeset*: every row inserted, updated or deleted, with its values before and
after. The changeset is stored in the ``history`` table with the command's label, in the same
transaction. Undo applies the inverted changeset; redo applies the changeset again. Because the
history lives in the document, undo and redo work after the file is closed and opened again.

A changeset is data: SQLite applies it as inserts, updates and deletes of rows of named tables
of this database, and xindex applies one only after checking that every change names one of its
own tables with the columns that table has (:func:`validate`), with a filter that skips any other
table. A document someone sends you cannot run SQL, attach another file or touch anything but
itself through its history. Changes SQLite cannot apply as recorded (the file was edited by
another program since) stop the undo with one sentence, the document unchanged; a derived
column that differs (a sort key made under other rules) is simply recomputed.

Version 2 documents kept SQL text; :func:`convert_legacy` turns such a history into changesets
when every statement has the exact form xindex's own triggers wrote, and otherwise sets it aside.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

import apsw

from xindex.store.schema import DERIVED_COLUMNS, RECORDED_TABLES


class HistoryError(Exception):
    """A recorded step cannot be used: say so in one sentence."""


class HistoryDamagedError(HistoryError):
    """A recorded step is not a changeset of xindex's tables: the history cannot be trusted."""


def table_columns(connection: apsw.Connection, table: str) -> list[str]:
    """The columns of one of the document's tables, in order."""
    return [str(row[1]) for row in connection.execute(f"PRAGMA main.table_info({table})")]


Source = Callable[[int], bytes]  # a stream of a changeset: called with a size, returns up to that many bytes
CHUNK = 1 << 20


class Recorder:
    """Records the changes of one command at a time on a connection (a session of SQLite's).

    A big command (an import of a million entries) makes a changeset of hundreds of megabytes: it is
    streamed from the session into the history row (:meth:`store`), never held whole in memory.
    """

    def __init__(self, connection: apsw.Connection) -> None:
        self.connection = connection
        self._session: apsw.Session | None = None
        self._pauses = 0

    def start(self) -> None:
        """Begin recording a command."""
        self.discard()
        session = apsw.Session(self.connection, "main")
        for table in RECORDED_TABLES:
            session.attach(table)
        session.enabled = self._pauses == 0
        self._session = session

    def store(self, label: str, created: str) -> int | None:
        """Write the command's changeset into a new history row and stop recording; the row's id, or None
        when the command changed nothing."""
        session, self._session = self._session, None
        if session is None:
            return None
        try:
            if session.is_empty:
                return None
            with tempfile.TemporaryFile() as spool:  # (SQLite cannot write a blob while it makes the changeset)
                session.changeset_stream(_writer(spool))
                size = spool.tell()
                spool.seek(0)
                self.connection.execute(
                    "INSERT INTO history(label, changes, created) VALUES (?, zeroblob(?), ?)", (label, size, created)
                )
                row = self.connection.last_insert_rowid()
                with self.connection.blob_open("main", "history", "changes", row, True) as blob:
                    while chunk := spool.read(CHUNK):
                        blob.write(chunk)
            return row
        finally:
            session.close()

    def take(self) -> bytes:
        """The command's changeset as bytes (empty when it changed nothing); recording stops."""
        session, self._session = self._session, None
        if session is None:
            return b""
        try:
            return b"" if session.is_empty else bytes(session.changeset())
        finally:
            session.close()

    def discard(self) -> None:
        """Stop recording without keeping anything (a command that failed)."""
        session, self._session = self._session, None
        if session is not None:
            session.close()

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Make changes that are not recorded: derived data (sort keys) that undo recomputes instead."""
        self._pauses += 1
        if self._session is not None:
            self._session.enabled = False
        try:
            yield
        finally:
            self._pauses -= 1
            if self._session is not None and self._pauses == 0:
                self._session.enabled = True


def _writer(file: IO[bytes]) -> Callable[[memoryview], None]:
    """A stream output that appends to a file."""

    def write(chunk: memoryview) -> None:
        file.write(chunk)

    return write


@contextlib.contextmanager
def stored(connection: apsw.Connection, row: int) -> Iterator[Source]:
    """A history row's changeset as a stream."""
    if connection.execute("SELECT typeof(changes) FROM history WHERE id = ?", (row,)).fetchall() != [("blob",)]:
        raise HistoryDamagedError("a recorded step is not a changeset")
    with connection.blob_open("main", "history", "changes", row, False) as blob:
        yield lambda size: bytes(blob.read(min(size, CHUNK)))


def validate(connection: apsw.Connection, changes: bytes | Source) -> list[int]:
    """Check that a changeset (bytes, or a stream) only changes xindex's tables, with their columns; return
    the entry ids it touches. Raise HistoryDamagedError otherwise."""
    if isinstance(changes, bytes | bytearray | memoryview):
        if not changes:
            raise HistoryDamagedError("a recorded step is not a changeset")
        changes = bytes(changes)
    elif not callable(changes):
        raise HistoryDamagedError("a recorded step is not a changeset")
    shapes = {table: len(table_columns(connection, table)) for table in RECORDED_TABLES}
    entries: list[int] = []
    try:
        for change in apsw.Changeset.iter(changes):
            if change.name not in shapes:
                raise HistoryDamagedError(f"a recorded step changes the table {change.name!r}, which is not xindex's")
            if change.column_count != shapes[change.name]:
                raise HistoryDamagedError(f"a recorded step does not fit the table {change.name!r}")
            if change.op not in ("INSERT", "UPDATE", "DELETE"):
                raise HistoryDamagedError("a recorded step holds a change of an unknown kind")
            if change.name == "entry":
                values = change.new if change.op == "INSERT" else change.old
                if values is None or not isinstance(values[0], int):
                    raise HistoryDamagedError("a recorded step names an entry without its id")
                entries.append(int(values[0]))
    except apsw.Error as error:
        raise HistoryDamagedError(f"a recorded step is damaged ({str(error).splitlines()[0]})") from None
    return entries


def _conflict(derived: dict[str, set[int]]) -> Any:
    """A conflict handler: a derived column that differs is replaced (and recomputed after); anything
    else means the file was changed by something else since, and the undo stops."""

    def handle(reason: int, change: apsw.TableChange) -> int:
        if reason == apsw.SQLITE_CHANGESET_DATA and change.old is not None and change.conflict is not None:
            columns = derived.get(change.name, set())
            differing = {
                index
                for index, (expected, found) in enumerate(zip(change.old, change.conflict, strict=True))
                if expected is not apsw.no_change and expected != found
            }
            if differing and differing <= columns:
                return apsw.SQLITE_CHANGESET_REPLACE
        return apsw.SQLITE_CHANGESET_ABORT

    return handle


def apply_stored(connection: apsw.Connection, row: int, *, invert: bool) -> list[int]:
    """Apply a history row's changeset (inverted for undo) inside the caller's transaction, streamed from
    the row (a big step is never held whole in memory); return the entry ids it touched. HistoryError
    when it cannot be applied as recorded (then nothing is changed)."""
    with stored(connection, row) as source:
        touched = validate(connection, source)
    derived = {
        table: {index for index, column in enumerate(table_columns(connection, table)) if column in names}
        for table, names in DERIVED_COLUMNS.items()
    }
    with tempfile.TemporaryFile() as inverted:
        if invert:
            with stored(connection, row) as source:
                apsw.Changeset.invert_stream(source, _writer(inverted))
            inverted.seek(0)
        try:
            with stored(connection, row) as source:
                apsw.Changeset.apply(
                    inverted.read if invert else source,
                    connection,
                    filter=lambda table: table in RECORDED_TABLES,
                    conflict=_conflict(derived),
                )
        except apsw.AbortError:
            raise HistoryError(
                "this step cannot be undone or redone as recorded: the document was changed outside xindex since"
            ) from None
    return touched


# -- the version 2 history: SQL text written by xindex's own triggers --------------------------------

_LITERAL = r"(?:NULL|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|'(?:[^']|'')*'|X'(?:[0-9A-Fa-f]{2})*')"
_LITERAL_RE = re.compile(_LITERAL)


def _literal(text: str) -> Any:
    if text == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text[:2] in ("X'", "x'"):
        return bytes.fromhex(text[2:-1])
    return float(text) if any(char in text for char in ".eE") else int(text)


def _literals(text: str) -> list[Any] | None:
    """A comma-separated list of SQL literals, or None when it is anything else."""
    values: list[Any] = []
    position = 0
    while True:
        match = _LITERAL_RE.match(text, position)
        if match is None:
            return None
        values.append(_literal(match.group()))
        position = match.end()
        if position == len(text):
            return values
        if text[position] != ",":
            return None
        position += 1


def _statement(text: str, columns: dict[str, list[str]]) -> tuple[str, list[Any]] | None:
    """One statement of a version 2 log as a fixed, parameterised statement, or None when its form
    is not exactly what xindex's triggers wrote (then the log is not trusted)."""
    for table, names in columns.items():
        key = RECORDED_TABLES[table]
        if text.startswith(f"DELETE FROM {table} WHERE {key} = "):
            values = _literals(text[len(f"DELETE FROM {table} WHERE {key} = ") :])
            if values is not None and len(values) == 1:
                return f"DELETE FROM main.{table} WHERE {key} = ?", values
            return None
        prefix = f"INSERT INTO {table} ("
        if text.startswith(prefix) and ") VALUES (" in text and text.endswith(")"):
            listed, _, rest = text[len(prefix) : -1].partition(") VALUES (")
            names_given = [name.strip() for name in listed.split(",")]
            values = _literals(rest)
            if values is None or len(values) != len(names_given) or not set(names_given) <= set(names):
                return None
            marks = ", ".join("?" * len(values))
            return f"INSERT INTO main.{table} ({', '.join(names_given)}) VALUES ({marks})", values
        prefix = f"UPDATE {table} SET "
        if text.startswith(prefix) and f" WHERE {key} = " in text:
            assignments, _, where = text[len(prefix) :].rpartition(f" WHERE {key} = ")
            key_value = _literals(where)
            if key_value is None or len(key_value) != 1:
                return None
            sets: list[str] = []
            values = []
            for part in re.finditer(rf"(\w+) = ({_LITERAL})(?:, |$)", assignments):
                if part.group(1) not in names:
                    return None
                sets.append(f"{part.group(1)} = ?")
                values.append(_literal(part.group(2)))
            rebuilt = ", ".join(
                f"{name} = {literal}" for name, literal in re.findall(rf"(\w+) = ({_LITERAL})", assignments)
            )
            if not sets or rebuilt != assignments:
                return None
            return f"UPDATE main.{table} SET {', '.join(sets)} WHERE {key} = ?", [*values, key_value[0]]
    return None


def _script(text: Any, columns: dict[str, list[str]]) -> list[tuple[str, list[Any]]] | None:
    try:
        statements = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(statements, list) or not all(isinstance(item, str) for item in statements):
        return None
    parsed = [_statement(item, columns) for item in statements]
    return None if any(item is None for item in parsed) else [item for item in parsed if item is not None]


def convert_legacy(
    connection: apsw.Connection, rows: list[tuple[int, str, Any, Any, int, str]]
) -> list[tuple[int, str, bytes, int, str]] | None:
    """Turn a version 2 history (SQL scripts) into changesets, or None when any script is not in the
    exact form xindex wrote. Each script is replayed as parameterised statements inside a savepoint
    that is rolled back: undo scripts newest first (the states before each command), redo scripts
    oldest first (the states after each undone one); nothing of the replay stays.

    ``rows`` are ``(id, label, undo_sql, redo_sql, undone, created)`` in id order.
    """
    columns = {table: table_columns(connection, table) for table in RECORDED_TABLES}
    done = [row for row in rows if not row[4]]
    undone = [row for row in rows if row[4]]
    scripts: dict[int, list[tuple[str, list[Any]]]] = {}
    for row in done:
        script = _script(row[2], columns)
        if script is None:
            return None
        scripts[row[0]] = script
    for row in undone:
        script = _script(row[3], columns)
        if script is None:
            return None
        scripts[row[0]] = script
    changes: dict[int, bytes] = {}
    recorder = Recorder(connection)
    connection.execute("SAVEPOINT legacy_history")
    try:
        connection.execute("PRAGMA defer_foreign_keys = ON")
        for row in reversed(done):  # undo the done commands, newest first: each undo inverts one command
            recorder.start()
            for statement, values in reversed(scripts[row[0]]):
                connection.execute(statement, values)
            undo = recorder.take()
            changes[row[0]] = apsw.Changeset.invert(undo) if undo else b""
        for row in done:  # back to the state after the done commands
            if changes[row[0]]:
                apsw.Changeset.apply(changes[row[0]], connection)
        for row in undone:  # redo the undone commands, oldest first
            recorder.start()
            for statement, values in reversed(scripts[row[0]]):
                connection.execute(statement, values)
            changes[row[0]] = recorder.take()
    except apsw.Error:
        return None
    finally:
        recorder.discard()
        connection.execute("ROLLBACK TO legacy_history")
        connection.execute("RELEASE legacy_history")
    return [(row[0], row[1], changes[row[0]], row[4], row[5]) for row in rows if changes[row[0]]]
