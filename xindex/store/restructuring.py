"""Restructuring: merge, copy (double-post), flip, renumber pages, save a copy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import apsw

from xindex.core import locators as loc
from xindex.store import schema
from xindex.store._base import stored_identity
from xindex.store.editing import Editing
from xindex.store.errors import (
    DocumentError,
    EditError,
)


class Restructuring(Editing):
    """Restructuring."""

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
            twin = self._child_named(target_id, stored_identity(child.term))
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
        twin = self._child_named(parent_id, stored_identity(entry.term))
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
            new_main = self._child_named(parent.parent_id, stored_identity(entry.term))
            main_id = new_main.id if new_main else self.add_entry(entry.term, parent.parent_id)
            flipped = self._child_named(main_id, stored_identity(parent.term))
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

    def renumber_pages(
        self, first_page: int, shift: int, *, series: loc.Series = loc.Series.ARABIC, prefix: str = ""
    ) -> int:
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
            changed.setdefault(int(entry_id), []).append((int(row_id), old.with_pages(first, last)))
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
