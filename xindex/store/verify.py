"""What a document must be before xindex works on it: the tables xindex writes, values of the right kinds,
and references that lead somewhere.

SQLite keeps any value in any column and a file can be written by any program, so a document sent to
you may hold a heading that is a blob, a page that is text, a locator of a heading that does not
exist, or tables without the constraints xindex relies on. :func:`problem` finds the first such thing
and says it in one sentence; :class:`xindex.store.document.Document` refuses to open the file with
it (``xindex salvage`` copies what can be read into a new document). Every check is one indexed or
scanning query: about 0.1 s for 100,000 entries.
"""

from __future__ import annotations

import functools

import apsw

# Per table: (condition that is true for a bad row, what is wrong) — each checked with one query.
_KINDS: list[tuple[str, str, str]] = [
    (
        "entry",
        "typeof(id) != 'integer' OR (parent_id IS NOT NULL AND typeof(parent_id) != 'integer')"
        " OR typeof(term) != 'text' OR typeof(plain) != 'text' OR typeof(folded) != 'text'"
        " OR (sort_as IS NOT NULL AND typeof(sort_as) != 'text') OR typeof(sort_key) != 'blob'"
        " OR typeof(notes) != 'text' OR typeof(created) != 'text' OR typeof(updated) != 'text'",
        "a heading whose values are not of the kinds xindex writes",
    ),
    (
        "locator",
        "typeof(entry_id) != 'integer' OR typeof(position) != 'integer' OR typeof(text) != 'text'"
        " OR series NOT IN (0, 1) OR typeof(prefix) != 'text' OR typeof(first) != 'integer'"
        " OR typeof(last) != 'integer' OR typeof(kind) != 'integer' OR typeof(emphasis) != 'integer'",
        "a locator whose values are not of the kinds xindex writes",
    ),
    (
        "xref",
        "typeof(entry_id) != 'integer' OR (target_id IS NOT NULL AND typeof(target_id) != 'integer')"
        " OR typeof(text) != 'text' OR generic NOT IN (0, 1) OR typeof(position) != 'integer'",
        "a cross-reference whose values are not of the kinds xindex writes",
    ),
    ("grp", "typeof(name) != 'text'", "a group whose name is not text"),
    ("grp_member", "typeof(grp_id) != 'integer' OR typeof(entry_id) != 'integer'", "a group member that is no entry"),
    ("setting", "typeof(key) != 'text' OR typeof(value) != 'text'", "a setting that is not text"),
]
_REFERENCES: list[tuple[str, str]] = [
    (
        "SELECT id FROM entry WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM entry)",
        "the heading above entry {} does not exist",
    ),
    (
        "SELECT entry_id FROM locator WHERE entry_id NOT IN (SELECT id FROM entry)",
        "a locator belongs to entry {}, which does not exist",
    ),
    (
        "SELECT entry_id FROM xref WHERE entry_id NOT IN (SELECT id FROM entry)"
        " OR (target_id IS NOT NULL AND target_id NOT IN (SELECT id FROM entry))",
        "a cross-reference of entry {} leads from or to an entry that does not exist",
    ),
    (
        "SELECT entry_id FROM grp_member WHERE entry_id NOT IN (SELECT id FROM entry)"
        " OR grp_id NOT IN (SELECT id FROM grp)",
        "a group holds entry {}, which does not exist",
    ),
]


@functools.cache
def expected_schema() -> frozenset[tuple[str, str, str]]:
    """(type, name, SQL) of every table, index and trigger a new document has."""
    from xindex.store import schema
    from xindex.store.connection import register_functions

    scratch = apsw.Connection(":memory:")
    register_functions(scratch)
    schema.create(scratch)
    return _schema_of(scratch)


def _schema_of(connection: apsw.Connection) -> frozenset[tuple[str, str, str]]:
    return frozenset(
        (str(row[0]), str(row[1]), " ".join(str(row[2] or "").split()))
        for row in connection.execute("SELECT type, name, sql FROM main.sqlite_master")
        if row[1] != "history_set_aside"
    )


def problem(connection: apsw.Connection) -> str | None:
    """The first thing that makes this document unsafe to work on, in words ("" parts joined), or None."""
    found = _schema_of(connection)
    wanted = expected_schema()
    if found != wanted:
        missing = sorted(name for _, name, _ in wanted - found)
        extra = sorted(name for _, name, _ in found - wanted)
        if missing:
            return f"its tables are not the ones xindex writes ({', '.join(missing[:3])} missing or changed)"
        return f"it holds tables or triggers xindex does not write ({', '.join(extra[:3])})"
    for table, condition, what in _KINDS:
        row = connection.execute(f"SELECT rowid FROM {table} WHERE {condition} LIMIT 1").fetchall()
        if row:
            return f"it holds {what} (row {row[0][0]} of {table})"
    for query, what in _REFERENCES:
        row = connection.execute(query + " LIMIT 1").fetchall()
        if row:
            return what.format(row[0][0])
    return None
