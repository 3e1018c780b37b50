"""The index's print order as entry ids, kept up to date edit by edit, for a view of any size.

A view that shows the index as it prints (one row per heading, subentries under their
heading) needs the entry at any row at once: the scroll bar, End and the letter bar go
anywhere in 100,000 entries. :class:`Outline` reads the document's structure once (ids
and parents in sorted order; about 70 ms for 100,000 entries) and then follows the
document's change feed (:meth:`Document.take_entry_changes`): an edit inserts, removes or
moves only the rows it touched and tells a :class:`OutlineListener` which rows, before and
after, so that a Qt model can tell its view exactly that.

A filter (search results, a group, the check's findings) shows the chosen entries and,
for context, the headings above them, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from xindex.store.document import Document
from xindex.store.errors import StructureError

RELOAD_ABOVE = 2_000  # more changed entries than this (an import, a re-sort): read everything again


class OutlineListener(Protocol):
    """Told about every change to :attr:`Outline.rows` just before and just after it happens."""

    def rows_removing(self, first: int, last: int) -> None:
        """Rows ``first`` to ``last`` are about to go."""

    def rows_removed(self) -> None:
        """They went."""

    def rows_inserting(self, first: int, last: int) -> None:
        """Rows are about to be inserted at ``first`` to ``last``."""

    def rows_inserted(self) -> None:
        """They were."""

    def resetting(self) -> None:
        """Every row is about to change."""

    def reset_done(self) -> None:
        """They did."""


class _Silent:
    def rows_removing(self, first: int, last: int) -> None:
        pass

    def rows_removed(self) -> None:
        pass

    def rows_inserting(self, first: int, last: int) -> None:
        pass

    def rows_inserted(self) -> None:
        pass

    def resetting(self) -> None:
        pass

    def reset_done(self) -> None:
        pass


SILENT: OutlineListener = _Silent()


class Outline:
    """Every entry of a document in print order (``order``) and the rows a view shows (``rows``)."""

    def __init__(self, document: Document | None = None) -> None:
        self.document = document
        self.order: list[int] = []
        self.rows: list[int] = self.order
        self.matches: set[int] | None = None
        self._shown: set[int] = set()  # with a filter: the matches and the headings above them
        self._children: dict[int | None, list[int]] = {}
        self._parent: dict[int, int | None] = {}
        self.load()

    # -- reading -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the whole structure again (the filter stays)."""
        children: dict[int | None, list[int]] = {}
        parent_of: dict[int, int | None] = {}
        if self.document is not None:
            for parent_id, entry_id in self.document.structure():
                siblings = children.get(parent_id)
                if siblings is None:
                    siblings = children[parent_id] = []
                siblings.append(entry_id)
                parent_of[entry_id] = parent_id
        self._children, self._parent = children, parent_of
        self.order = []
        self._walk(children.get(None, []), self.order)
        if self.document is not None and len(self.order) != len(parent_of):  # some headings loop
            raise StructureError(self.document.structure_problem() or "the document's headings loop")
        self._refilter()

    def _walk(self, ids: list[int], into: list[int]) -> None:
        stack = list(reversed(ids))
        children = self._children
        while stack:
            entry_id = stack.pop()
            into.append(entry_id)
            below = children.get(entry_id)
            if below:
                stack.extend(reversed(below))

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._parent

    def parent(self, entry_id: int) -> int | None:
        """The heading above an entry (None for a main heading)."""
        return self._parent[entry_id]

    def chain(self, entry_id: int) -> list[int]:
        """The entry and the headings above it, nearest first (its main heading last)."""
        found = [entry_id]
        parent = self._parent[entry_id]
        while parent is not None:
            found.append(parent)
            parent = self._parent[parent]
        return found

    def depth(self, entry_id: int) -> int:
        """0 for a main heading, 1 for a subheading, …"""
        return len(self.chain(entry_id)) - 1

    def children(self, entry_id: int | None) -> list[int]:
        """The headings directly under an entry (None: the main headings), in order."""
        return list(self._children.get(entry_id, ()))

    def subtree(self, entry_id: int) -> list[int]:
        """An entry and every entry below it, in print order."""
        return self._subtree(entry_id)

    def has_children(self, entry_id: int) -> bool:
        """True when the entry has subentries."""
        return bool(self._children.get(entry_id))

    def row_of(self, entry_id: int) -> int:
        """The row showing an entry, or -1 when it is not shown."""
        if self.matches is not None and entry_id not in self._shown:
            return -1
        try:
            return self.rows.index(entry_id)
        except ValueError:
            return -1

    def is_context(self, entry_id: int) -> bool:
        """True for a row shown only because an entry below it matches the filter."""
        return self.matches is not None and entry_id not in self.matches

    # -- the filter ----------------------------------------------------------------------------

    def set_filter(self, ids: Iterable[int] | None, listener: OutlineListener = SILENT) -> None:
        """Show only ``ids`` and the headings above them (None: show everything)."""
        listener.resetting()
        self.matches = None if ids is None else {entry_id for entry_id in ids if entry_id in self._parent}
        self._refilter()
        listener.reset_done()

    def reveal(self, entry_id: int, listener: OutlineListener = SILENT) -> None:
        """Make sure a filtered view shows this entry too (one just added or chosen)."""
        if self.matches is not None and entry_id in self._parent and entry_id not in self.matches:
            self.set_filter({*self.matches, entry_id}, listener)

    def main_headings_only(self, listener: OutlineListener = SILENT) -> None:
        """Show the main headings and nothing under them (a collapsed index): the filter, made at once."""
        listener.resetting()
        mains = self._children.get(None, [])
        self.matches = set(mains)
        self._shown = set(mains)
        self.rows = list(mains)
        listener.reset_done()

    def show_below(self, entry_id: int, listener: OutlineListener = SILENT) -> None:
        """In a filtered view that shows a heading but nothing under it, show every entry below it too: their
        rows go in right after its row, nothing else moves."""
        if self.matches is None or entry_id not in self._shown:
            return
        below = self._subtree(entry_id)[1:]
        if not below:
            return
        if any(entry in self._shown for entry in below):
            self.set_filter({*self.matches, *below}, listener)  # (some shown already: the whole filter again)
            return
        row = self.rows.index(entry_id) + 1
        listener.rows_inserting(row, row + len(below) - 1)
        self.rows[row:row] = below
        self.matches.update(below)
        self._shown.update(below)
        listener.rows_inserted()

    def hide_below(self, entry_id: int, listener: OutlineListener = SILENT) -> None:
        """In a filtered view, stop showing the entries below a heading (their rows follow its row)."""
        if self.matches is None or entry_id not in self._shown:
            return
        shown = [entry for entry in self._subtree(entry_id)[1:] if entry in self._shown]
        if not shown:
            return
        row = self.rows.index(entry_id) + 1
        listener.rows_removing(row, row + len(shown) - 1)
        del self.rows[row : row + len(shown)]
        self.matches.difference_update(shown)
        self._shown.difference_update(shown)
        listener.rows_removed()

    def _refilter(self) -> None:
        if self.matches is None:
            self._shown = set()
            self.rows = self.order
            return
        shown = set()
        for entry_id in self.matches:
            current: int | None = entry_id
            while current is not None and current not in shown:
                shown.add(current)
                current = self._parent[current]
        self._shown = shown
        self.rows = [entry_id for entry_id in self.order if entry_id in shown]

    # -- following edits -----------------------------------------------------------------------

    def apply(self, changed: Iterable[int], listener: OutlineListener = SILENT) -> None:
        """Follow the document after the entries ``changed`` were inserted, edited, moved or deleted."""
        wanted = set(changed)
        if not wanted or self.document is None:
            return
        if len(wanted) > RELOAD_ABOVE:
            self._reload(listener)
            return
        filtered = self.matches is not None
        quiet = SILENT if filtered else listener
        try:
            self._apply(wanted, quiet)
        except (KeyError, ValueError):  # the feed and the view disagree: read the truth again
            self._reload(listener)
            return
        if filtered:
            assert self.matches is not None
            listener.resetting()
            self.matches &= self._parent.keys()
            self._refilter()
            listener.reset_done()

    def _reload(self, listener: OutlineListener) -> None:
        listener.resetting()
        self.load()
        if self.matches is not None:
            self.matches &= self._parent.keys()
            self._refilter()
        listener.reset_done()

    def _apply(self, changed: set[int], listener: OutlineListener) -> None:
        assert self.document is not None
        now = self.document.parents(changed)
        leaving = {
            entry_id
            for entry_id in changed
            if entry_id in self._parent
            and (entry_id not in now or now[entry_id] != self._parent[entry_id] or not self._in_place(entry_id))
        }
        # An entry between neighbours that leave is in place only in appearance: renamed together, "winter
        # burn", "winter mulching" and "winter protection" keep their order, and the middle one would stay
        # behind under W while the others go to E. It leaves with them.
        self._join_leaving_neighbours(
            [entry_id for entry_id in changed if entry_id in self._parent and entry_id not in leaving], leaving
        )
        for entry_id in self._outermost(list(leaving)):
            self._remove(entry_id, listener)
        # In sorted order, so that each entry's sibling before it is in place when the entry comes in.
        arriving = self.document.in_sort_order(
            [entry_id for entry_id in changed if entry_id in now and entry_id not in self._parent]
        )
        while arriving:
            ready = [entry_id for entry_id in arriving if now[entry_id] is None or now[entry_id] in self._parent]
            if not ready:
                raise KeyError("entries whose headings are not in the view")
            for entry_id in ready:
                if entry_id not in self._parent:  # not brought in already with a heading above it
                    self._insert(entry_id, now[entry_id], listener)
            arriving = [entry_id for entry_id in arriving if entry_id not in self._parent]

    def _join_leaving_neighbours(self, staying: list[int], leaving: set[int]) -> None:
        """Add to ``leaving`` every changed entry of ``staying`` next to one that leaves, through runs of
        them (one sweep each way along each sibling list: a big rename stays linear)."""
        by_parent: dict[int | None, set[int]] = {}
        for entry_id in staying:
            by_parent.setdefault(self._parent[entry_id], set()).add(entry_id)
        for parent, candidates in by_parent.items():
            siblings = self._children[parent]
            for order in (siblings, reversed(siblings)):
                after_leaving = False
                for sibling in order:
                    if sibling in leaving:
                        after_leaving = True
                    elif sibling in candidates and after_leaving:
                        leaving.add(sibling)
                    else:
                        after_leaving = False

    def _in_place(self, entry_id: int) -> bool:
        assert self.document is not None
        siblings = self._children[self._parent[entry_id]]
        index = siblings.index(entry_id)
        before = siblings[index - 1] if index else None
        after = siblings[index + 1] if index + 1 < len(siblings) else None
        return self.document.sibling_before(entry_id) == before and self.document.sibling_after(entry_id) == after

    def _outermost(self, ids: list[int]) -> list[int]:
        """Those of ``ids`` with no ancestor among them (removing a heading removes what is below it)."""
        chosen = set(ids)
        outer = []
        for entry_id in ids:
            parent = self._parent[entry_id]
            while parent is not None and parent not in chosen:
                parent = self._parent[parent]
            if parent is None:
                outer.append(entry_id)
        return outer

    def _subtree(self, entry_id: int) -> list[int]:
        block: list[int] = []
        self._walk([entry_id], block)
        return block

    def _remove(self, entry_id: int, listener: OutlineListener) -> None:
        block = self._subtree(entry_id)
        first = self.order.index(entry_id)
        listener.rows_removing(first, first + len(block) - 1)
        del self.order[first : first + len(block)]
        self._children[self._parent[entry_id]].remove(entry_id)
        for gone in block:
            del self._parent[gone]
            self._children.pop(gone, None)
        listener.rows_removed()

    def _insert(self, entry_id: int, parent_id: int | None, listener: OutlineListener) -> None:
        assert self.document is not None
        before = self.document.sibling_before(entry_id)
        siblings = self._children.setdefault(parent_id, [])
        if before is None:
            index = 0
            first = 0 if parent_id is None else self.order.index(parent_id) + 1
        else:
            index = siblings.index(before) + 1
            last = before
            while self._children.get(last):
                last = self._children[last][-1]
            first = self.order.index(last) + 1
        self._parent[entry_id] = parent_id
        for below_parent, below_id in self.document.descendants(entry_id):
            self._parent[below_id] = below_parent
            self._children.setdefault(below_parent, []).append(below_id)
        block = self._subtree(entry_id)
        listener.rows_inserting(first, first + len(block) - 1)
        siblings.insert(index, entry_id)
        self.order[first:first] = block
        listener.rows_inserted()
