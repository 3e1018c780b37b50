"""Editing: entries, pages, cross-references, groups and settings, each change one command."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core import settings as known_settings
from xindex.core.model import MAX_DEPTH, XRefKind
from xindex.core.sorting import fold
from xindex.store import schema
from xindex.store._base import (
    _UNSET,
    _refuse_control,
    stored_identity,
)
from xindex.store.commands import Commands
from xindex.store.errors import (
    EditError,
)


class Editing(Commands):
    """Editing."""

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
            self._refuse_sibling(parent_id, markup.identity(term), None)
        with self.command(f"Add “{plain}”"):
            stamp = schema.now()
            sort_as = sort_as.strip() if sort_as and sort_as.strip() else None
            self.connection.execute(
                "INSERT INTO entry(parent_id, term, plain, sort_as, sort_key, notes, created, updated, folded)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    parent_id,
                    term,
                    plain,
                    sort_as,
                    self._entry_key(plain, sort_as, main=parent_id is None, term=term),
                    notes,
                    stamp,
                    stamp,
                    fold(plain),
                ),
            )
            entry_id = self.connection.last_insert_rowid()
            self._write_locators(entry_id, parsed, fresh=True)
            if not absent:
                self._link_pending(entry_id)
        return entry_id

    def _link_pending(self, entry_id: int) -> None:
        """References that name this heading but lead nowhere (typed before it existed, with ``pending``, or
        left blind when a heading of that name was deleted) now lead to it."""
        name = self.path_name(entry_id)
        for xref_id, owner, kind in self.connection.execute(
            "SELECT id, entry_id, kind FROM xref WHERE target_id IS NULL AND generic = 0 AND text = ?", (name,)
        ).fetchall():
            taken = self._one(
                "SELECT 1 FROM xref WHERE entry_id = ? AND kind = ? AND target_id = ?", (owner, kind, entry_id)
            )
            circle = kind == str(XRefKind.SEE) and owner in self._see_chain(entry_id)
            if owner != entry_id and not taken and not circle:
                self.connection.execute("UPDATE xref SET target_id = ?, text = '' WHERE id = ?", (entry_id, xref_id))

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
            for term, _plain in cleaned:
                existing = self._child_named(parent_id, markup.identity(term))
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
        if new_term != entry.term:
            self._refuse_sibling(entry.parent_id, markup.identity(new_term), entry_id)
        if (new_term, new_sort_as, new_notes) == (entry.term, entry.sort_as, entry.notes):
            return
        with self.command(f"Edit “{plain}”"):
            self.connection.execute(
                "UPDATE entry SET term = ?, plain = ?, sort_as = ?, sort_key = ?, notes = ?, updated = ?, folded = ?"
                " WHERE id = ?",
                (
                    new_term,
                    plain,
                    new_sort_as,
                    self._entry_key(plain, new_sort_as, main=entry.parent_id is None, term=new_term),
                    new_notes,
                    schema.now(),
                    fold(plain),
                    entry_id,
                ),
            )

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
                    "SELECT DISTINCT target_id FROM xref WHERE target_id IN temp.ids AND entry_id NOT IN temp.ids"
                ):
                    self.connection.execute(
                        "UPDATE xref SET target_id = NULL, text = ? WHERE target_id = ? AND entry_id NOT IN temp.ids",
                        (self.path_name(target_id), target_id),
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
        self._refuse_sibling(new_parent_id, stored_identity(entry.term), entry_id)
        with self.command(f"Move “{entry.plain}”"):
            self.connection.execute(
                "UPDATE entry SET parent_id = ?, sort_key = ?, updated = ? WHERE id = ?",
                (
                    new_parent_id,
                    self._entry_key(entry.plain, entry.sort_as, main=new_parent_id is None, term=entry.term),
                    schema.now(),
                    entry_id,
                ),
            )

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

    def add_xref(
        self,
        entry_id: int,
        kind: XRefKind | str,
        *,
        target_id: int | None = None,
        text: str = "",
        pending: bool = False,
    ) -> int:
        """Add a cross-reference to an entry (``target_id``) or a generic one (``text``); return its id.
        ``pending``: the text names a heading still to be added (heading: subheading); the reference is
        blind until it is, then leads to it (headings may be entered in any order, as in CINDEX)."""
        entry = self.entry(entry_id)
        try:
            kind = XRefKind(kind)
        except ValueError:
            raise EditError(f"'{kind}' is not a kind of cross-reference (see, see also, see under)") from None
        if target_id is None:
            text = " ".join(text.split())
            if not text:
                raise EditError("a generic cross-reference needs its text")
            try:  # (a pending one keeps the path as headings are named, to find its heading when it comes)
                text = markup.identity(text) if pending else markup.normalize(text)
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
                (
                    entry_id,
                    str(kind),
                    target_id,
                    text,
                    int(target_id is None and not pending),
                    position[0] if position else 0,
                ),
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

    def _refuse_sibling(self, parent_id: int | None, name: str, allowed_id: int | None) -> None:
        """Refuse a second heading of this :func:`markup.identity` under ``parent_id``."""
        existing = self._child_named(parent_id, name)
        if existing is not None and existing.id != allowed_id:
            where = f"under “{self.path_text(parent_id)}”" if parent_id is not None else "as a main heading"
            raise EditError(f"“{markup.shown_name(name)}” already exists {where}")

    @staticmethod
    def _parse_locators(locators: str | Iterable[loc.Locator]) -> list[loc.Locator]:
        if isinstance(locators, str):
            return loc.parse_and_merge(locators)
        return loc.merge(locators)
