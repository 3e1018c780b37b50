"""Commands: every write runs in one transaction and is recorded as a session changeset
(:mod:`xindex.store.history`), so undo and redo work across sessions; a command that raises leaves the
document exactly as it was."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import apsw

from xindex.core import settings as known_settings
from xindex.core.sorting import SortKeys, SortOptions
from xindex.store import history, schema
from xindex.store._base import (
    HISTORY_LIMIT,
    SORT_SIGNATURE,
    storage_error,
)
from xindex.store.connection import register_functions
from xindex.store.errors import (
    EditError,
    ReadOnlyError,
)
from xindex.store.search import Searching


class Commands(Searching):
    """Commands."""

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
                "UPDATE entry SET sort_key = xindex_sortkey(plain, sort_as, parent_id IS NULL, term),"
                " folded = xindex_fold(plain) WHERE id IN (SELECT value FROM json_each(?))"
                " AND (sort_key IS NOT xindex_sortkey(plain, sort_as, parent_id IS NULL, term)"
                " OR folded IS NOT xindex_fold(plain))",
                (json.dumps(sorted(set(entry_ids))),),
            )

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
            self.connection.execute(
                "UPDATE entry SET sort_key = xindex_sortkey(plain, sort_as, parent_id IS NULL, term)"
            )
            self.connection.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SORT_SIGNATURE, options.signature()),
            )
