"""The one connection factory: every .xix connection is made here.

Choices made here, deliberately:

* **WAL journal** with ``synchronous=FULL``: readers (the CLI, generation
  workers, a second window) never block the editor and vice versa, and a
  committed edit survives a crash or power cut. On close the last connection
  checkpoints and removes the ``-wal`` file, so a closed document is one file.
* **Foreign keys on**, so an entry's locators and references can never point
  at a missing entry; commands delete subtrees explicitly, children first,
  so that every removed row is recorded for undo.
* ``busy_timeout`` of five seconds, for the moment a reader checkpoints.
* ``application_id`` marks the file as xindex's; ``user_version`` is the
  schema version (see :mod:`xindex.store.schema`).
* Python SQL functions ``xindex_sortkey(plain, sort_as, is_main, term)`` (by the
  document's rules: :class:`xindex.core.sorting.SortKeys`, the form of the heading
  after the letters: :func:`entry_key`),
  ``xindex_plain(markup)``, ``xindex_fold(text)`` (case and accents removed:
  :func:`xindex.core.sorting.fold`) and ``xindex_page_value(text)`` (roman or arabic
  page number to an integer, NULL when not a page), and the collation
  ``xindex`` for ad-hoc ``ORDER BY term COLLATE xindex``. Hot paths order by
  the stored ``sort_key`` column instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import apsw
import roman

from xindex.core import markup, sorting

APPLICATION_ID = 0x58696458  # "XidX"
# XindeX (xindex's predecessor) also named its SQLite documents .xix: its user_version and its own tables.
XINDEX_USER_VERSION = 100
_XINDEX_TABLES = frozenset({"entries", "xrefs", "generic_xrefs", "config"})


def is_xindex_schema(connection: apsw.Connection) -> bool:
    """Whether an open SQLite database (not one of ours) is a XindeX document."""
    version = connection.execute("PRAGMA user_version").fetchall()[0][0]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    return bool(version == XINDEX_USER_VERSION and tables >= _XINDEX_TABLES)


BUSY_TIMEOUT_MS = 5000


def _plain(*args: Any) -> str | None:
    text = args[0]
    if text is None:
        return None
    try:
        return markup.plain_text(str(text))
    except markup.MarkupError:
        return str(text)


def _fold(*args: Any) -> str | None:
    return None if args[0] is None else sorting.fold(str(args[0]))


def page_value(*args: Any) -> int | None:
    """A page number's value: ``'45'`` → 45, ``'xii'`` → 12; None when not a page number."""
    text = args[0]
    if text is None:
        return None
    text = str(text).strip()
    if text.isdigit():
        return int(text)
    try:
        return roman.fromRoman(text.upper())
    except roman.InvalidRomanNumeralError:
        return None


def entry_key(keys: sorting.SortKeys, plain: str, sort_as: str | None, *, main: bool, term: str) -> bytes:
    """The key an entry stores (the one rule, for Python and SQL alike): its letters by the document's rules,
    then its form, the roman before the italic (:func:`xindex.core.sorting.with_form`)."""
    key = keys.key(plain, sort_as, main=main)
    if "<" not in term:  # no tag: no italics (most headings)
        return key
    try:
        return sorting.with_form(key, markup.identity(term))
    except markup.MarkupError:
        return key


def register_functions(connection: apsw.Connection, keys: sorting.SortKeys | None = None) -> None:
    """Register xindex's SQL functions and collation on a connection, sorting by ``keys``."""
    keys = keys or sorting.SortKeys()

    def sortkey(*args: Any) -> bytes:
        plain = str(args[0] or "") if args else ""
        sort_as = str(args[1]) if len(args) > 1 and args[1] else None
        main = bool(args[2]) if len(args) > 2 and args[2] is not None else True
        term = str(args[3] or "") if len(args) > 3 else ""
        return entry_key(keys, plain, sort_as, main=main, term=term)

    connection.create_scalar_function("xindex_sortkey", sortkey, -1, deterministic=True)
    connection.create_scalar_function("xindex_plain", _plain, 1, deterministic=True)
    connection.create_scalar_function("xindex_fold", _fold, 1, deterministic=True)
    connection.create_scalar_function("xindex_page_value", page_value, 1, deterministic=True)
    connection.create_collation("xindex", keys.compare)


def connect(
    path: str | os.PathLike[str], *, readonly: bool = False, create: bool = False, immutable: bool = False
) -> apsw.Connection:
    """Open an SQLite connection to a document file with xindex's pragmas and functions.

    ``immutable`` is for a file in a read-only place, where nobody can change it and
    SQLite cannot create the WAL index beside it. This neither checks nor migrates
    the schema: :class:`xindex.store.document.Document` does.
    """
    flags = apsw.SQLITE_OPEN_URI
    if readonly:
        flags |= apsw.SQLITE_OPEN_READONLY
    else:
        flags |= apsw.SQLITE_OPEN_READWRITE
        if create:
            flags |= apsw.SQLITE_OPEN_CREATE
    uri = Path(path).absolute().as_uri()
    if immutable:
        uri += "?immutable=1"
    connection = apsw.Connection(uri, flags=flags)
    connection.set_busy_timeout(BUSY_TIMEOUT_MS)
    register_functions(connection)
    connection.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        connection.execute("PRAGMA synchronous = FULL")
    return connection
