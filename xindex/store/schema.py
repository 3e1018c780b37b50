"""The .xix schema and its migrations.

Schema version 4 (``PRAGMA user_version = 4``):

``entry``
    One row per heading at any depth. ``parent_id`` is NULL for a main
    heading, otherwise the heading above it, so the tree has no depth limit.
    ``term`` is the heading with light inline markup (:mod:`xindex.core.markup`),
    ``plain`` the same without markup, ``sort_as`` an optional override,
    ``sort_key`` the stored key SQL orders by, ``notes`` the
    indexer's private notes, ``created``/``updated`` ISO-8601 UTC times,
    ``folded`` the plain heading without case or accents
    (:func:`xindex.core.sorting.fold`, version 2), indexed with the parent for
    autocompletion as you type and for spotting near-duplicate headings.
    Siblings differ in their :func:`xindex.core.markup.identity`, the text with
    its italics (``<i>Nature</i>`` the journal and ``Nature`` are two headings,
    version 4; before, the plain text was unique among siblings): the store
    keeps that rule, and the index ``entry_sibling`` on ``(parent, plain,
    term)`` finds a heading's forms and refuses two rows of the same markup.
``locator``
    One row per normalised locator of an entry, in print order (``position``).
    ``text`` is its canonical form (re-parsed by :mod:`xindex.core.locators`);
    ``series`` (0 roman, 1 arabic), ``prefix`` (volume/chapter, e.g. ``II:``),
    ``first``/``last`` (page numbers; equal unless a range), ``kind`` and
    ``emphasis`` are typed copies with an index on
    ``(series, prefix, first, last)``, so "which entries cite page 45,
    including ranges that cover it" is one indexed query.
``xref``
    Cross-references of an entry: ``kind`` is ``see``, ``see also`` or
    ``see under``. A real reference links ``target_id``; a generic one
    (``generic = 1``) has only ``text`` ("specific diseases"). A real
    reference whose target was deleted keeps the target's last path in
    ``text`` with ``target_id`` NULL: a *blind* reference, reported by checks.
``grp``, ``grp_member``
    Named groups of entries.
``setting``
    Key/value document settings (title, rule set, style options).
``history``
    The persistent undo log: per command its label and its changes as
    data, a changeset of SQLite's session extension (version 3; version 2
    kept SQL text). See :mod:`xindex.store.history`.
``history_set_aside``
    A history that could not be trusted (not in the form xindex writes) is
    moved here with the reason, instead of ever being run.
``entry_fts``
    FTS5 index over ``folded`` and ``notes`` (external content = ``entry``,
    kept in sync by triggers), with diacritics removed and prefix indexes.

Migrations are ordered steps kept forever: ``MIGRATIONS[n]`` upgrades a file
from version ``n`` to ``n + 1``. Version 0 is the pre-release layout whose
entries kept their pages in one text column (as XindeX did). A new document is
made the same way: the version 1 tables, then every later step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import apsw

from xindex.core import locators as loc
from xindex.core import markup, sorting
from xindex.store.connection import APPLICATION_ID

SCHEMA_VERSION = 4
SORT_SIGNATURE = "sort-signature"  # the setting that says under which rules the stored keys were made

SCHEMA_V1 = """
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES entry(id),
    term TEXT NOT NULL CHECK (term != ''),
    plain TEXT NOT NULL CHECK (plain != ''),
    sort_as TEXT,
    sort_key BLOB NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id != id)
);
CREATE UNIQUE INDEX entry_sibling ON entry(ifnull(parent_id, 0), plain);
CREATE INDEX entry_children ON entry(parent_id, sort_key);

CREATE TABLE locator (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entry(id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    series INTEGER NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    emphasis INTEGER NOT NULL DEFAULT 0,
    CHECK (last >= first)
);
CREATE INDEX locator_entry ON locator(entry_id, position);
CREATE INDEX locator_page ON locator(series, prefix, first, last);
CREATE INDEX locator_span ON locator(series, prefix, last - first);

CREATE TABLE xref (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entry(id),
    kind TEXT NOT NULL CHECK (kind IN ('see', 'see also', 'see under')),
    target_id INTEGER REFERENCES entry(id),
    text TEXT NOT NULL DEFAULT '',
    generic INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    CHECK (generic = 0 OR target_id IS NULL),
    CHECK (target_id IS NOT NULL OR text != '')
);
CREATE INDEX xref_entry ON xref(entry_id, position);
CREATE INDEX xref_target ON xref(target_id);

CREATE TABLE grp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE grp_member (
    id INTEGER PRIMARY KEY,
    grp_id INTEGER NOT NULL REFERENCES grp(id),
    entry_id INTEGER NOT NULL REFERENCES entry(id),
    UNIQUE (grp_id, entry_id)
);
CREATE INDEX grp_member_entry ON grp_member(entry_id);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    undo_sql TEXT NOT NULL,
    redo_sql TEXT,
    undone INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);
CREATE INDEX history_state ON history(undone, id);

CREATE VIRTUAL TABLE entry_fts USING fts5(
    plain, notes,
    content='entry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    prefix='2 3'
);
CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
    INSERT INTO entry_fts(rowid, plain, notes) VALUES (new.id, new.plain, new.notes);
END;
CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, plain, notes) VALUES ('delete', old.id, old.plain, old.notes);
END;
CREATE TRIGGER entry_fts_update AFTER UPDATE OF plain, notes ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, plain, notes) VALUES ('delete', old.id, old.plain, old.notes);
    INSERT INTO entry_fts(rowid, plain, notes) VALUES (new.id, new.plain, new.notes);
END;
"""

# Columns computed from others, which undo recomputes rather than trusts (the rules may have changed since).
DERIVED_COLUMNS: dict[str, set[str]] = {"entry": {"sort_key", "folded"}}

# Tables whose changes the undo log records, with their primary key column.
RECORDED_TABLES: dict[str, str] = {
    "entry": "id",
    "locator": "id",
    "xref": "id",
    "grp": "id",
    "grp_member": "id",
    "setting": "key",
}


def now() -> str:
    """The current UTC time as stored in the document."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def create(connection: apsw.Connection) -> None:
    """Create the current schema in an empty database."""
    with connection:
        connection.execute(SCHEMA_V1)
        for step in MIGRATIONS[1:]:
            step(connection)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate_0_to_1(connection: apsw.Connection) -> None:
    """Version 0 kept pages as one text column per entry; split them into typed locators."""
    connection.execute("ALTER TABLE entry RENAME TO entry_v0")
    connection.execute(SCHEMA_V1)
    stamp = now()
    rows: list[Any] = connection.execute(
        "SELECT id, parent_id, term, sort_as, pages, notes FROM entry_v0 ORDER BY parent_id IS NOT NULL, id"
    ).fetchall()
    by_parent_pending = {row[0]: row for row in rows}
    inserted: set[int] = set()
    while by_parent_pending:
        progressed = False
        for entry_id, row in list(by_parent_pending.items()):
            _, parent_id, term, sort_as, pages, notes = row
            if parent_id is not None and parent_id not in inserted:
                continue
            term = markup.normalize(term)
            plain = markup.plain_text(term)
            connection.execute(
                "INSERT INTO entry(id, parent_id, term, plain, sort_as, sort_key, notes, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry_id,
                    parent_id,
                    term,
                    plain,
                    sort_as or None,
                    sorting.sort_key(plain, sort_as, main=parent_id is None),
                    notes or "",
                    stamp,
                    stamp,
                ),
            )
            for position, locator in enumerate(loc.parse_and_merge(pages or "")):
                insert_locator(connection, entry_id, position, locator)
            inserted.add(entry_id)
            del by_parent_pending[entry_id]
            progressed = True
        if not progressed:
            raise apsw.ConstraintError("version 0 entries refer to missing parents")
    connection.execute("DROP TABLE entry_v0")


def insert_locator(connection: apsw.Connection, entry_id: int, position: int, locator: loc.Locator) -> None:
    """Insert one locator row (typed columns derived from the locator)."""
    insert_locators(connection, entry_id, [locator], position)


def insert_locators(connection: apsw.Connection, entry_id: int, locators: list[loc.Locator], first: int = 0) -> None:
    """Insert an entry's locator rows, numbered from ``first`` (typed columns derived from each locator)."""
    connection.executemany(
        "INSERT INTO locator(entry_id, position, text, series, prefix, first, last, kind, emphasis)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                entry_id,
                position,
                locator.canonical(),
                int(locator.series),
                locator.prefix,
                locator.first,
                locator.last,
                int(locator.kind),
                int(locator.emphasis),
            )
            for position, locator in enumerate(locators, start=first)
        ],
    )


FTS_V2 = """
CREATE VIRTUAL TABLE entry_fts USING fts5(
    folded, notes,
    content='entry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    prefix='2 3'
);
CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
    INSERT INTO entry_fts(rowid, folded, notes) VALUES (new.id, new.folded, new.notes);
END;
CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, folded, notes) VALUES ('delete', old.id, old.folded, old.notes);
END;
CREATE TRIGGER entry_fts_update AFTER UPDATE OF folded, notes ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, folded, notes) VALUES ('delete', old.id, old.folded, old.notes);
    INSERT INTO entry_fts(rowid, folded, notes) VALUES (new.id, new.folded, new.notes);
END;
INSERT INTO entry_fts(entry_fts) VALUES ('rebuild');
"""


def _migrate_1_to_2(connection: apsw.Connection) -> None:
    """Version 2 keeps each heading folded (no case, no accents: Łódź as lodz) beside its parent, indexed,
    and the full-text index reads headings in that form, so that “lodz” finds Łódź too."""
    connection.execute("ALTER TABLE entry ADD COLUMN folded TEXT NOT NULL DEFAULT ''")
    connection.execute("UPDATE entry SET folded = xindex_fold(plain)")
    connection.execute("CREATE INDEX entry_folded ON entry(ifnull(parent_id, 0), folded)")
    connection.execute(
        "DROP TRIGGER entry_fts_insert; DROP TRIGGER entry_fts_delete; DROP TRIGGER entry_fts_update;"
        " DROP TABLE entry_fts;"
    )
    connection.execute(FTS_V2)


HISTORY_V3 = """
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    changes BLOB NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created TEXT NOT NULL
);
CREATE INDEX history_state ON history(undone, id);
"""

SET_ASIDE = """
CREATE TABLE IF NOT EXISTS history_set_aside (
    id INTEGER PRIMARY KEY,
    label, changes, undone, created, reason TEXT NOT NULL, set_aside TEXT NOT NULL
)
"""


def set_aside_history(
    connection: apsw.Connection, reason: str, columns: str = "label, changes, undone, created"
) -> int:
    """Move the whole undo history out of use (kept in ``history_set_aside`` with the reason); return how
    many steps went."""
    connection.execute(SET_ASIDE)
    row: Any = connection.execute("SELECT count(*) FROM history").fetchall()[0]
    count = int(row[0])
    connection.execute(
        f"INSERT INTO history_set_aside(label, changes, undone, created, reason, set_aside)"
        f" SELECT {columns}, ?, ? FROM history ORDER BY id",
        (reason, now()),
    )
    connection.execute("DELETE FROM history")
    return count


def _migrate_2_to_3(connection: apsw.Connection) -> None:
    """Version 3 keeps undo as data (changesets) instead of SQL text; a version 2 log in the exact form
    xindex's triggers wrote is converted, any other is set aside, never run."""
    from xindex.store import history

    rows: list[Any] = connection.execute(
        "SELECT id, label, undo_sql, redo_sql, undone, created FROM history ORDER BY id"
    ).fetchall()
    converted = history.convert_legacy(connection, rows) if rows else []
    if converted is None:
        set_aside_history(
            connection,
            "the version 2 undo history was not in the form xindex writes",
            "label, undo_sql, undone, created",
        )
        converted = []
    connection.execute("DROP TABLE history")
    connection.execute(HISTORY_V3)
    connection.executemany("INSERT INTO history(id, label, changes, undone, created) VALUES (?, ?, ?, ?, ?)", converted)


def _migrate_3_to_4(connection: apsw.Connection) -> None:
    """Version 4 tells apart headings that differ in italics (``<i>Nature</i>`` the journal, ``Nature``):
    siblings may share their plain text, and the italic form's key files after the roman one, so the keys
    are made again (by the document's rules, when it is opened next)."""
    connection.execute("DROP INDEX entry_sibling")
    connection.execute("CREATE UNIQUE INDEX entry_sibling ON entry(ifnull(parent_id, 0), plain, term)")
    connection.execute("DELETE FROM setting WHERE key = ?", (SORT_SIGNATURE,))


MIGRATIONS: list[Callable[[apsw.Connection], None]] = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
]
assert len(MIGRATIONS) == SCHEMA_VERSION
