"""What every part of the document shares: its connection and state, the small SQL helpers, and the
reading of one snapshot (:func:`_snapshot`). The parts build on each other in this order: reading,
search, commands (undo and redo), editing, restructuring, and the :class:`~xindex.store.document.Document`
that opens files."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import apsw

from xindex.core import markup
from xindex.core.model import Entry
from xindex.core.sorting import SortKeys
from xindex.store import history, schema
from xindex.store.connection import entry_key
from xindex.store.errors import (
    CorruptFileError,
    DocumentError,
    EditError,
    LockedError,
    ReadOnlyError,
)
from xindex.store.lock import WriterLock

SQLITE_HEADER = b"SQLite format 3\x00"
MainKey = tuple[bytes, int]
SORT_SIGNATURE = schema.SORT_SIGNATURE
HISTORY_LIMIT = 10_000
QUICK_CHECK_LIMIT = 32 * 1024 * 1024
_ENTRY_COLUMNS = "id, parent_id, term, plain, sort_as, sort_key, notes, created, updated"
_PRINTED_COLUMNS = "id, parent_id, term, plain, sort_as, sort_key"
_UNSET: Any = object()


P = ParamSpec("P")
R = TypeVar("R")

S = TypeVar("S", bound="DocumentBase")


def _snapshot(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a read that takes several statements in one read transaction: one snapshot of the file,
    never half of a writer's commit (another process may be writing the document meanwhile)."""

    def read(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.connection.in_transaction:
            return method(self, *args, **kwargs)
        try:
            with self.connection:
                result = method(self, *args, **kwargs)
        except UnicodeDecodeError:  # (a damaged cell: SQLite hands back text that is no UTF-8)
            name = self.path.name
            raise CorruptFileError(
                f"{name} is damaged: some of its text is not valid UTF-8; xindex salvage {name} copies what can be"
                " read into a new document"
            ) from None
        return result

    read.__name__, read.__qualname__, read.__doc__ = method.__name__, method.__qualname__, method.__doc__
    return read


def stored_identity(term: str) -> str:
    """A stored heading's :func:`~xindex.core.markup.identity` (a damaged one, whose tags do not nest, is
    named by its markup as it is)."""
    try:
        return markup.identity(term)
    except markup.MarkupError:
        return term


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), row[6], row[7], row[8])


def storage_error(name: str, error: apsw.Error) -> DocumentError:
    """An SQLite error met while reading or writing a document, as one sentence (nothing was changed: every
    command is one transaction)."""
    cause: BaseException | None = error
    while cause is not None:  # a failed rollback reports itself, with the real cause as its context
        if isinstance(cause, apsw.FullError):
            return DocumentError(f"the disk holding {name} is full; nothing was changed: free some space and try again")
        if isinstance(cause, apsw.IOError):
            return DocumentError(
                f"{name} could not be read or written (is its disk full, or failing?); nothing was changed"
            )
        if isinstance(cause, apsw.CorruptError | apsw.NotADBError):
            return CorruptFileError(
                f"{name} is damaged and cannot be read; xindex salvage {name} copies what can be"
                " read into a new document"
            )
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
    return sorted(seen[seen.index(current) :]) if current in seen else []


class DocumentBase:
    """The state and helpers every part of a document uses."""

    path: Path
    connection: apsw.Connection
    readonly: bool
    warning: str
    keys: SortKeys
    _lock: WriterLock | None
    _command_depth: int
    _recorder: history.Recorder | None

    def _paused(self) -> contextlib.AbstractContextManager[None]:
        return self._recorder.paused() if self._recorder is not None else contextlib.nullcontext()

    def _entry_key(self, plain: str, sort_as: str | None, *, main: bool, term: str) -> bytes:
        """The key an entry stores, by the document's rules (:func:`~xindex.store.connection.entry_key`)."""
        return entry_key(self.keys, plain, sort_as, main=main, term=term)

    @staticmethod
    def _clean_term(term: str) -> tuple[str, str]:
        try:
            return markup.clean_heading(term)
        except markup.MarkupError as error:
            raise EditError(str(error)) from None

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
            for entry_id in self._scalars(f"SELECT DISTINCT entry_id FROM xref WHERE target_id IN ({marks})", chunk):
                if entry_id not in inside and entry_id not in found:
                    found.append(entry_id)
        return found
