"""The persistent undo log.

Each connection that writes gets TEMP triggers on the recorded tables (see
:data:`xindex.store.schema.RECORDED_TABLES`). Every row a command inserts,
updates or deletes makes the trigger write the SQL statement that reverses
it into ``temp.undo_log``. When the command ends, that list is stored in the
``history`` table with the command's label, inside the same transaction.

Undo runs a command's statements in reverse order; while it runs, the same
triggers record the statements that reverse the undo, which become the
redo script. Because both scripts live in the document, undo and redo work
after the file is closed and opened again. A new command discards commands
that were undone (the redo branch), as every editor does.

The triggers are TEMP so that other SQLite tools writing to the file need
no xindex functions; their edits simply are not undoable.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import apsw

from xindex.store.schema import RECORDED_TABLES


def _columns(connection: apsw.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA main.table_info({table})")]


def install_recorder(connection: apsw.Connection) -> None:
    """Create the temp undo log and its recording triggers on this connection."""
    statements = [
        "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, statement TEXT NOT NULL)",
        "CREATE TEMP TABLE IF NOT EXISTS undo_pause (paused INTEGER NOT NULL)",
        "INSERT INTO undo_pause SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM undo_pause)",
    ]
    active = "WHEN (SELECT paused FROM temp.undo_pause) = 0"
    for table, key in RECORDED_TABLES.items():
        columns = _columns(connection, table)
        column_list = ", ".join(columns)
        old_values = " || ',' || ".join(f"quote(old.{column})" for column in columns)
        assignments = " || ', ' || ".join(f"'{column} = ' || quote(old.{column})" for column in columns)
        statements += [
            f"""CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} {active} BEGIN
                INSERT INTO undo_log(statement)
                VALUES ('DELETE FROM {table} WHERE {key} = ' || quote(new.{key}));
            END""",
            f"""CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete AFTER DELETE ON main.{table} {active} BEGIN
                INSERT INTO undo_log(statement)
                VALUES ('INSERT INTO {table} ({column_list}) VALUES (' || {old_values} || ')');
            END""",
            f"""CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{table} {active} BEGIN
                INSERT INTO undo_log(statement)
                VALUES ('UPDATE {table} SET ' || {assignments} || ' WHERE {key} = ' || quote(new.{key}));
            END""",
        ]
    for statement in statements:
        connection.execute(statement)


@contextlib.contextmanager
def paused(connection: apsw.Connection) -> Iterator[None]:
    """Make changes that are not recorded: derived data (sort keys) that undo recomputes instead."""
    connection.execute("UPDATE temp.undo_pause SET paused = paused + 1")
    try:
        yield
    finally:
        connection.execute("UPDATE temp.undo_pause SET paused = paused - 1")


def start_recording(connection: apsw.Connection) -> None:
    """Forget anything logged so far: a command starts with an empty log."""
    connection.execute("DELETE FROM temp.undo_log")


def take_log(connection: apsw.Connection) -> list[str]:
    """The statements logged since recording started, in execution order."""
    return [row[0] for row in connection.execute("SELECT statement FROM temp.undo_log ORDER BY seq")]


def run_reversed(connection: apsw.Connection, statements: list[str]) -> list[str]:
    """Execute statements last to first, returning the log that reverses this run."""
    start_recording(connection)
    connection.execute("PRAGMA defer_foreign_keys = ON")
    for statement in reversed(statements):
        connection.execute(statement)
    return take_log(connection)


def dumps(statements: list[str]) -> str:
    """Serialise a script for the history table."""
    return json.dumps(statements, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> list[str]:
    """Read a script stored in the history table."""
    statements = json.loads(text)
    assert isinstance(statements, list)
    return [str(statement) for statement in statements]
