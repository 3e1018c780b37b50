"""Reading a document: entries, their paths, pages and references, the tree in index order, windows of
main headings, settings, groups and counts. Several statements read one snapshot (``@_snapshot``)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, cast

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.model import MAX_DEPTH, Entry, IndexNode, XRef, XRefKind
from xindex.core.sorting import fold
from xindex.store._base import (
    _ENTRY_COLUMNS,
    _PRINTED_COLUMNS,
    DocumentBase,
    MainKey,
    _entry,
    _loop_from,
    _snapshot,
    stored_identity,
)
from xindex.store.errors import (
    EditError,
    StructureError,
)

EntryTexts = tuple[int, int | None, str, str, str | None, str]


_REPAIR = "repair it with `xindex repair` (the original is kept as a backup)"


def target_levels(text: str) -> list[str]:
    """The headings a reference's text (heading markup, ``<i>Nature</i>``) names when no main heading is
    written so: its levels split at colons (``class: attributes``); the whole text when that leaves an empty
    level or splits a tag apart (``<i>Ontario: A History</i>``)."""
    whole = " ".join(text.split())
    levels = [part.strip() for part in whole.split(":")]
    try:
        for level in levels:
            markup.parse_runs(level)
    except markup.MarkupError:
        return [whole]
    return levels if all(levels) else [whole]


def _markup_label(text: str) -> str:
    """A blind or generic reference's text as markup (a blind one keeps its target's path as markup)."""
    try:
        markup.parse_runs(text)
    except markup.MarkupError:
        return markup.escape(text)
    return text


def named_path(terms: Iterable[str]) -> str:
    """A path of headings (their stored markup) as one writes it to name that entry again, on the command
    line or in a reference: ``heading: subheading``, each level's plain text, an italic one in its markup
    (``<i>Nature</i>: reviews``: the roman Nature is another heading)."""
    return ": ".join(markup.shown_name(stored_identity(term)) for term in terms)


@dataclass(frozen=True)
class DocumentInfo:
    """What a document holds, counted: entries in all and by level (0 = main headings), locators,
    cross-references by kind (with the generic and the blind ones), the pages cited by series (first,
    last), and the commands in its undo history."""

    title: str
    entries: int
    levels: dict[int, int]
    locators: int
    xrefs: dict[str, int]
    generic_xrefs: int
    blind_xrefs: int
    spans: dict[loc.Series, tuple[int, int]]
    history: int

    def as_json(self) -> dict[str, object]:
        """The counts as JSON-ready data (series by name)."""
        data = asdict(self)
        data["spans"] = {series.name.lower(): list(span) for series, span in self.spans.items()}
        return data


class Reading(DocumentBase):
    """Reading a document."""

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """Every read inside sees the document as it was when the first one ran, whatever another process
        commits meanwhile (one read transaction): what an export of the whole document reads."""
        if self.connection.in_transaction:
            yield self
            return
        with self.connection:
            yield self

    @_snapshot
    def xrefs(self, entry_id: int) -> list[XRef]:
        """An entry's cross-references in the order they were added."""
        return [
            XRef(row[0], row[1], XRefKind(row[2]), row[3], row[4], bool(row[5]))
            for row in self.connection.execute(
                "SELECT id, entry_id, kind, target_id, text, generic FROM xref"
                " WHERE entry_id = ? ORDER BY position, id",
                (entry_id,),
            )
        ]

    def xref_text(self, xref: XRef) -> str:
        """What a reference prints: the target's current path, or its generic/blind text."""
        if xref.target_id is not None:
            return self.path_text(xref.target_id)
        try:  # (a blind reference keeps its target's path as markup, a generic one its text)
            return markup.plain_text(xref.text)
        except markup.MarkupError:
            return xref.text

    def groups_of(self, entry_id: int) -> list[str]:
        """The names of the groups an entry belongs to, alphabetically."""
        return [
            str(row[0])
            for row in self.connection.execute(
                "SELECT grp.name FROM grp_member JOIN grp ON grp.id = grp_member.grp_id WHERE grp_member.entry_id = ?"
                " ORDER BY grp.name COLLATE NOCASE",
                (entry_id,),
            )
        ]

    def groups(self) -> dict[str, list[int]]:
        """Every group with its members' ids."""
        found: dict[str, list[int]] = {}
        for name, entry_id in self.connection.execute(
            "SELECT grp.name, grp_member.entry_id FROM grp LEFT JOIN grp_member ON grp_member.grp_id = grp.id"
            " ORDER BY grp.name COLLATE NOCASE, grp_member.entry_id"
        ):
            members = found.setdefault(str(name), [])
            if entry_id is not None:
                members.append(int(entry_id))
        return found

    def setting(self, key: str, default: str = "") -> str:
        """One document setting."""
        row = self._one("SELECT value FROM setting WHERE key = ?", (key,))
        return str(row[0]) if row else default

    def settings(self) -> dict[str, str]:
        """All document settings."""
        return {row[0]: row[1] for row in self.connection.execute("SELECT key, value FROM setting ORDER BY key")}

    @_snapshot
    def history(self) -> list[tuple[int, str, bool]]:
        """Every recorded command, oldest first: (id, label, undone)."""
        return [
            (row[0], row[1], bool(row[2]))
            for row in self.connection.execute("SELECT id, label, undone FROM history ORDER BY id")
        ]

    def entry(self, entry_id: int) -> Entry:
        """The entry with this id; EditError when there is none."""
        row = self._one(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id = ?", (entry_id,))
        if row is None:
            raise EditError(f"there is no entry {entry_id}")
        return _entry(row)

    def children(self, parent_id: int | None, *, limit: int | None = None, after: Entry | None = None) -> list[Entry]:
        """The headings directly under ``parent_id`` (None: main headings), in sorted order.

        ``limit`` and ``after`` (the last entry of the previous window) read one window at a time.
        """
        condition = "parent_id IS NULL" if parent_id is None else "parent_id = ?"
        args: list[Any] = [] if parent_id is None else [parent_id]
        if after is not None:
            condition += " AND (sort_key > ? OR (sort_key = ? AND id > ?))"
            args += [after.sort_key, after.sort_key, after.id]
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE {condition} ORDER BY sort_key, id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_entry(row) for row in self.connection.execute(sql, args)]

    @_snapshot
    def find_path(self, path: Sequence[str]) -> Entry | None:
        """The entry at a path of headings written as markup (``<i>Nature</i>`` is the journal, ``Nature``
        another heading: :func:`markup.identity`), or None."""
        parent_id: int | None = None
        entry: Entry | None = None
        for term in path:
            try:
                name = markup.identity(term)
            except markup.MarkupError:
                return None
            entry = self._child_named(parent_id, name)
            if entry is None:
                return None
            parent_id = entry.id
        return entry

    def find_target(self, text: str) -> Entry | None:
        """The entry a reference's text names (the one rule for both faces and every importer), the text
        being heading markup (``<i>Nature</i>`` names the journal, ``Nature`` the roman heading): the whole
        text as a main heading, else its levels split at colons, ``class: attributes``."""
        whole = " ".join(text.split())
        if not whole:
            return None
        found = self.find_path([whole])
        if found is not None:
            return found
        levels = target_levels(whole)
        return self.find_path(levels) if len(levels) > 1 else None

    @_snapshot
    def similar_headings(self, path: Sequence[str]) -> list[tuple[int, str, str]]:
        """Where adding ``path`` would create a heading beside one that differs from it only by case,
        accents or markup: ``(level, typed, existing)``, each as it names the heading
        (:func:`markup.shown_name`: the italic form as ``<i>Nature</i>``); empty when there is none."""
        similar: list[tuple[int, str, str]] = []
        parent_id: int | None = None
        for level, term in enumerate(path):
            cleaned, plain = self._clean_term(term)
            name = markup.identity(cleaned)
            existing = self._child_named(parent_id, name)
            if existing is None:
                row = self._one(
                    "SELECT term FROM entry WHERE ifnull(parent_id, 0) = ? AND folded = ? ORDER BY sort_key LIMIT 1",
                    (parent_id or 0, fold(plain)),
                )
                if row is not None:
                    similar.append((level, markup.shown_name(name), markup.shown_name(stored_identity(str(row[0])))))
                return similar
            parent_id = existing.id
        return similar

    def structure(self) -> list[tuple[int | None, int]]:
        """``(parent_id, id)`` of every entry, grouped by parent, each group in sorted order (main headings first)."""
        rows: list[tuple[int | None, int]] = self.connection.execute(
            "SELECT parent_id, id FROM entry ORDER BY parent_id, sort_key, id"
        ).fetchall()  # type: ignore[assignment]  # apsw's rows are these tuples already: no copy of 100,000
        return rows

    def parents(self, ids: Iterable[int]) -> dict[int, int | None]:
        """The parent of each of these entries that exists (None for a main heading)."""
        return {
            int(row[0]): row[1]
            for row in self.connection.execute(
                "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
            )
        }

    def in_sort_order(self, ids: Iterable[int]) -> list[int]:
        """These entries ordered by their sort keys (siblings in the order they print); unknown ids dropped."""
        return self._scalars(
            "SELECT id FROM entry WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_key, id",
            (json.dumps(list(ids)),),
        )

    def sibling_before(self, entry_id: int) -> int | None:
        """The heading filed just before this one under the same parent, or None when it is the first."""
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS (SELECT parent_id FROM entry WHERE id = ?)"
            " AND (sort_key, id) < (SELECT sort_key, id FROM entry WHERE id = ?)"
            " ORDER BY sort_key DESC, id DESC LIMIT 1",
            (entry_id, entry_id),
        )
        return None if row is None else int(row[0])

    def sibling_after(self, entry_id: int) -> int | None:
        """The heading filed just after this one under the same parent, or None when it is the last."""
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS (SELECT parent_id FROM entry WHERE id = ?)"
            " AND (sort_key, id) > (SELECT sort_key, id FROM entry WHERE id = ?) ORDER BY sort_key, id LIMIT 1",
            (entry_id, entry_id),
        )
        return None if row is None else int(row[0])

    @_snapshot
    def descendants(self, entry_id: int) -> list[tuple[int, int]]:
        """``(parent_id, id)`` of every entry below this one, each parent's children in sorted order."""
        return [
            (int(row[0]), int(row[1]))
            for row in self.connection.execute(
                "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION SELECT entry.id, sub.depth + 1"
                " FROM entry JOIN sub ON entry.parent_id = sub.id WHERE sub.depth < ?)"
                " SELECT DISTINCT entry.parent_id, entry.id FROM entry JOIN sub USING (id) WHERE entry.id != ?"
                " ORDER BY entry.parent_id, entry.sort_key, entry.id",
                (entry_id, MAX_DEPTH, entry_id),
            )
        ]

    def structure_problem(self) -> str | None:
        """One sentence when some headings loop (an entry above itself) or nest deeper than MAX_DEPTH levels."""
        stray = self._scalars(
            "WITH RECURSIVE reach(id, depth) AS (SELECT id, 1 FROM entry WHERE parent_id IS NULL UNION ALL"
            " SELECT entry.id, reach.depth + 1 FROM entry JOIN reach ON entry.parent_id = reach.id"
            " WHERE reach.depth < ?) SELECT id FROM entry WHERE id NOT IN (SELECT id FROM reach) ORDER BY id",
            (MAX_DEPTH,),
        )
        if not stray:
            return None
        parents: dict[int, int | None] = {
            int(row[0]): None if row[1] is None else int(row[1])
            for row in self.connection.execute(
                "SELECT id, parent_id FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(stray),)
            )
        }
        loop = _loop_from(parents, stray[0])
        how = _REPAIR
        if len(loop) == 2:
            return f"{self.path.name} is damaged: entries {loop[0]} and {loop[1]} are each other's parent; {how}"
        if loop:
            listed = ", ".join(map(str, loop[:-1])) + f" and {loop[-1]}"
            return f"{self.path.name} is damaged: entries {listed} are each other's ancestors (a loop); {how}"
        return f"{self.path.name} is damaged: {len(stray)} headings are nested deeper than {MAX_DEPTH} levels; {how}"

    def first_main_from(self, text: str) -> int | None:
        """The first main heading filed at or after ``text`` (the letter bar, typing in the index), else the last."""
        key = self.keys.key(text)
        row = self._one(
            "SELECT id FROM entry WHERE parent_id IS NULL AND sort_key >= ? ORDER BY sort_key, id LIMIT 1", (key,)
        ) or self._one("SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1")
        return None if row is None else int(row[0])

    @_snapshot
    def ancestry(self, entry_id: int) -> list[Entry]:
        """The entry and the headings above it, main heading first."""
        chain: list[Entry] = []
        current: int | None = entry_id
        while current is not None:
            if len(chain) > MAX_DEPTH:
                raise StructureError(self.structure_problem() or f"{self.path.name} is damaged: its headings loop")
            entry = self.entry(current)
            chain.append(entry)
            current = entry.parent_id
        return chain[::-1]

    @_snapshot
    def path_text(self, entry_id: int, separator: str = ": ") -> str:
        """An entry's path as printed in cross-references: ``function: reference``."""
        return separator.join(entry.plain for entry in self.ancestry(entry_id))

    @_snapshot
    def path_name(self, entry_id: int) -> str:
        """An entry's path as a reference names it, each heading by its :func:`markup.identity`
        (``<i>Nature</i>: reviews``): what a blind or pending reference keeps, to find the heading again."""
        return ": ".join(stored_identity(entry.term) for entry in self.ancestry(entry_id))

    @_snapshot
    def path_named(self, entry_id: int) -> str:
        """An entry's path as one writes it to name that entry again (:func:`named_path`)."""
        return named_path(entry.term for entry in self.ancestry(entry_id))

    def subtree_ids(self, entry_id: int) -> list[int]:
        """The entry and every entry below it, parents before children."""
        return self._scalars(
            "WITH RECURSIVE sub(id, depth) AS (SELECT ?, 0 UNION ALL"
            " SELECT entry.id, sub.depth + 1 FROM entry JOIN sub ON entry.parent_id = sub.id WHERE sub.depth < ?)"
            " SELECT DISTINCT id FROM sub ORDER BY depth, id",
            (entry_id, MAX_DEPTH),
        )

    def locators(self, entry_id: int) -> list[loc.Locator]:
        """An entry's locators in print order."""
        return [
            loc.parse_locator(row[0])
            for row in self.connection.execute(
                "SELECT text FROM locator WHERE entry_id = ? ORDER BY position", (entry_id,)
            )
        ]

    def referrers_of(self, entry_id: int) -> list[int]:
        """Entries outside this entry's subtree whose cross-references point into it."""
        return self._referrers(self.subtree_ids(entry_id))

    def entries_without_locators(self, limit: int | None = None) -> list[Entry]:
        """Headings with no locators, no subentries and no cross-references (dead ends), in index order."""
        return [
            _entry(row)
            for row in self.connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE NOT EXISTS (SELECT 1 FROM locator WHERE entry_id = entry.id)"
                " AND NOT EXISTS (SELECT 1 FROM entry AS child WHERE child.parent_id = entry.id)"
                " AND NOT EXISTS (SELECT 1 FROM xref WHERE xref.entry_id = entry.id)"
                " ORDER BY sort_key, id LIMIT ?",
                (-1 if limit is None else limit,),
            )
        ]

    def recently_edited(self, limit: int = 100) -> list[Entry]:
        """The entries changed most recently, newest first."""
        return [
            _entry(row)
            for row in self.connection.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entry ORDER BY updated DESC, id DESC LIMIT ?", (limit,)
            )
        ]

    def edited_since(self, moment: str) -> list[int]:
        """The entries changed at or after ``moment`` (ISO 8601 in UTC, as the document stores times)."""
        return [int(entry_id) for entry_id in self._scalars("SELECT id FROM entry WHERE updated >= ?", (moment,))]

    def entry_count(self) -> int:
        """How many headings (at every level) the document holds."""
        row = self._one("SELECT count(*) FROM entry")
        return int(row[0]) if row else 0

    @_snapshot
    def tree(self, *, first: MainKey | None = None, last: MainKey | None = None, notes: bool = True) -> list[IndexNode]:
        """Sorted nodes with locators and references (main headings at depth 0).

        ``first`` and ``last`` (inclusive ``(sort_key, id)`` bounds from :meth:`main_heading_ranges`)
        limit it to a run of main headings with their subtrees, for work split across processes.
        ``notes=False`` leaves out what printing never shows (notes, creation and change times).
        """
        whole = first is None and last is None
        columns = _ENTRY_COLUMNS if notes else _PRINTED_COLUMNS
        if whole:
            entry_sql = f"SELECT {columns} FROM entry ORDER BY sort_key, id"
            args: list[Any] = []
        else:
            low = first or (b"", 0)
            high = last or (b"\xff" * 8, 2**62)
            entry_sql = (
                "WITH RECURSIVE sub(id) AS (SELECT id FROM entry WHERE parent_id IS NULL"
                " AND (sort_key, id) >= (?, ?) AND (sort_key, id) <= (?, ?)"
                " UNION ALL SELECT entry.id FROM entry JOIN sub ON entry.parent_id = sub.id)"
                f" SELECT {columns} FROM entry JOIN sub USING (id) ORDER BY sort_key, id"
            )
            args = [low[0], low[1], high[0], high[1]]
        nodes: dict[int, IndexNode] = {}
        roots: list[IndexNode] = []
        # (apsw hands out the sort key as bytes already; without notes the last three fields stay empty)
        make: Callable[[Any], Entry] = Entry._make if notes else lambda row: Entry(*row)
        for row in self.connection.execute(entry_sql, args):
            nodes[row[0]] = IndexNode(make(row), 0)
        for node in nodes.values():
            parent_id = node.entry.parent_id
            if parent_id is None:
                roots.append(node)
            elif parent_id in nodes:
                nodes[parent_id].children.append(node)
            else:  # (a damaged file whose indexes disagree with its table: the open-time check reads the index)
                raise StructureError(
                    f"{self.path.name} is damaged: the heading above entry {node.entry.id} (entry {parent_id}) does"
                    f" not exist; {_REPAIR}"
                )
        self._attach(nodes, whole=whole)
        level, depth, reached = roots, 0, 0
        while level and depth <= MAX_DEPTH:
            for node in level:
                node.depth = depth
            reached += len(level)
            level = [child for node in level for child in node.children]
            depth += 1
        if whole and reached != len(nodes):  # entries no main heading leads to: their headings loop
            raise StructureError(self.structure_problem() or f"{self.path.name} is damaged: its headings loop")
        return roots

    @_snapshot
    def nodes(self, ids: Sequence[int]) -> dict[int, IndexNode]:
        """Entries by id as printed nodes, with their locators and cross-references (no children; depth 0)."""
        nodes: dict[int, IndexNode] = {}
        for row in self.connection.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)
        ):
            nodes[row[0]] = IndexNode(_entry(row), 0)
        self._attach(nodes, whole=False)
        return nodes

    def _attach(self, nodes: dict[int, IndexNode], *, whole: bool) -> None:
        """Read the locators and cross-references of ``nodes`` (every entry when ``whole``) into them."""
        if whole:
            scope, args = "", []
        else:
            scope, args = " WHERE entry_id IN (SELECT value FROM json_each(?))", [json.dumps(list(nodes))]
        known: dict[str, loc.Locator] = {}  # the same locator text recurs thousands of times in a book
        for row in self.connection.execute(
            f"SELECT entry_id, text FROM locator{scope} ORDER BY entry_id, position", args
        ):
            parsed = known.get(row[1])
            if parsed is None:
                parsed = known[row[1]] = loc.parse_locator(row[1])
            nodes[row[0]].locators.append(parsed)
        paths: dict[int, str] = {}
        for row in self.connection.execute(
            f"SELECT id, entry_id, kind, target_id, text, generic FROM xref{scope} ORDER BY entry_id, position, id",
            args,
        ):
            xref = XRef(row[0], row[1], XRefKind(row[2]), row[3], row[4], bool(row[5]))
            if xref.target_id is None:
                label = _markup_label(xref.text)
            elif xref.target_id in paths:
                label = paths[xref.target_id]
            else:
                label = paths[xref.target_id] = self._path_label(nodes, xref.target_id)
            nodes[xref.entry_id].xrefs.append((xref, label))

    def _path_label(self, nodes: dict[int, IndexNode], entry_id: int) -> str:
        """A target's path as markup, each heading with its italics (a title prints in italics in a
        reference too), from loaded nodes where possible, else from the database."""
        names: list[str] = []
        current: int | None = entry_id
        while current is not None:
            node = nodes.get(current)
            if node is None:
                ancestry = [stored_identity(entry.term) for entry in self.ancestry(current)]
                return ": ".join([*ancestry, *reversed(names)])
            names.append(stored_identity(node.entry.term))
            current = node.entry.parent_id
        return ": ".join(reversed(names))

    @_snapshot
    def main_neighbours(self, entry_id: int, before: int, after: int) -> tuple[MainKey, MainKey]:
        """Bounds for :meth:`tree` around an entry's main heading: ``before`` and ``after`` more of them."""
        main = self.ancestry(entry_id)[0]
        earlier = self.connection.execute(
            "SELECT sort_key, id FROM entry WHERE parent_id IS NULL AND (sort_key, id) < (?, ?)"
            " ORDER BY sort_key DESC, id DESC LIMIT ?",
            (main.sort_key, main.id, before),
        ).fetchall()
        later = self.connection.execute(
            "SELECT sort_key, id FROM entry WHERE parent_id IS NULL AND (sort_key, id) > (?, ?)"
            " ORDER BY sort_key, id LIMIT ?",
            (main.sort_key, main.id, after),
        ).fetchall()
        low: Any = earlier[-1] if earlier else (main.sort_key, main.id)
        high: Any = later[-1] if later else (main.sort_key, main.id)
        return (bytes(low[0]), int(low[1])), (bytes(high[0]), int(high[1]))

    @_snapshot
    def texts(self) -> list[EntryTexts]:
        """Every entry's texts, in no particular order: ``(id, parent_id, term, plain, sort_as, notes)``
        (one read, what a pass over the whole index such as find and replace starts from)."""
        rows: Any = self.connection.execute("SELECT id, parent_id, term, plain, sort_as, notes FROM entry").fetchall()
        return cast("list[EntryTexts]", rows)

    @_snapshot
    def main_heading_ranges(self, parts: int) -> list[tuple[MainKey, MainKey, int]]:
        """Split the main headings, in sorted order, into up to ``parts`` runs of similar size.

        Each run is ``(first, last, entries)``: inclusive ``(sort_key, id)`` bounds for :meth:`tree`
        and about how many entries (with subentries) it holds (the runs' add up to the document's). Runs are
        balanced by main headings with their subentries, not by headings alone.
        """
        if parts <= 1:  # the serial path: one run, no need to size every subtree
            bounds = self.connection.execute(
                "SELECT (SELECT sort_key FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id LIMIT 1),"
                " (SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id LIMIT 1),"
                " (SELECT sort_key FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1),"
                " (SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1)"
            ).fetchone()
            if bounds is None or bounds[1] is None:
                return []
            low: Any = bounds
            return [((bytes(low[0]), int(low[1])), (bytes(low[2]), int(low[3])), self.entry_count())]
        # Balanced by each main heading with its subentries one level down: deeper levels hold few of an
        # index's entries, and sizing every subtree (a recursive query) took 160 ms at 100,000 entries,
        # more than the second part saved. The entries of each run are that share of the whole.
        children = dict(
            self.connection.execute(
                "SELECT parent_id, count(*) FROM entry WHERE parent_id IS NOT NULL GROUP BY parent_id"
            )
        )
        mains = [
            (bytes(row[0]), int(row[1]))
            for row in self.connection.execute(
                "SELECT sort_key, id FROM entry WHERE parent_id IS NULL ORDER BY sort_key, id"
            )
        ]
        if not mains:
            return []
        weights = [1 + int(children.get(key[1], 0)) for key in mains]
        whole = sum(weights)
        target = max(1, -(-whole // max(1, parts)))
        shares: list[tuple[MainKey, MainKey, int]] = []
        start, weight = mains[0], 0
        for index, key in enumerate(mains):
            weight += weights[index]
            if weight >= target and len(shares) < parts - 1 and index + 1 < len(mains):
                shares.append((start, key, weight))
                start, weight = mains[index + 1], 0
        shares.append((start, mains[-1], weight))
        total = self.entry_count()
        runs = [(first, last, total * share // whole) for first, last, share in shares[:-1]]
        runs.append((shares[-1][0], shares[-1][1], total - sum(run[2] for run in runs)))
        return runs

    @_snapshot
    def info(self) -> DocumentInfo:
        """Counts for ``xindex info``: entries per level, locators, references, page span."""
        levels: dict[int, int] = {
            int(row[0]): int(row[1])
            for row in self.connection.execute(
                "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM entry WHERE parent_id IS NULL UNION ALL"
                " SELECT entry.id, t.depth + 1 FROM entry JOIN t ON entry.parent_id = t.id)"
                " SELECT depth, count(*) FROM t GROUP BY depth ORDER BY depth"
            )
        }
        xref_counts = {
            str(row[0]): int(row[1]) for row in self.connection.execute("SELECT kind, count(*) FROM xref GROUP BY kind")
        }
        spans = {
            loc.Series(row[0]): (int(row[1]), int(row[2]))
            for row in self.connection.execute(
                "SELECT series, min(first), max(last) FROM locator WHERE kind != ? GROUP BY series",
                (int(loc.Kind.TEXT),),
            )
        }
        return DocumentInfo(
            title=self.setting("title"),
            entries=sum(levels.values()),
            levels=levels,
            locators=int(self._one("SELECT count(*) FROM locator")[0]),
            xrefs=xref_counts,
            generic_xrefs=int(self._one("SELECT count(*) FROM xref WHERE generic = 1")[0]),
            blind_xrefs=int(self._one("SELECT count(*) FROM xref WHERE generic = 0 AND target_id IS NULL")[0]),
            spans=spans,
            history=len(self.history()),
        )
        xref_counts = {
            str(row[0]): int(row[1]) for row in self.connection.execute("SELECT kind, count(*) FROM xref GROUP BY kind")
        }
        generic = self._one("SELECT count(*) FROM xref WHERE generic = 1")
        blind = self._one("SELECT count(*) FROM xref WHERE generic = 0 AND target_id IS NULL")
        locator_count = self._one("SELECT count(*) FROM locator")
        spans = {
            loc.Series(row[0]): (row[1], row[2])
            for row in self.connection.execute(
                "SELECT series, min(first), max(last) FROM locator WHERE kind != ? GROUP BY series",
                (int(loc.Kind.TEXT),),
            )
        }
        return {
            "title": self.setting("title"),
            "entries": sum(levels.values()),
            "levels": levels,
            "locators": locator_count[0] if locator_count else 0,
            "xrefs": xref_counts,
            "generic_xrefs": generic[0] if generic else 0,
            "blind_xrefs": blind[0] if blind else 0,
            "spans": spans,
            "history": len(self.history()),
        }

    def newest_entry_id(self) -> int:
        """The highest entry id so far (0 in an empty document): entries added later have higher ones."""
        row = self._one("SELECT ifnull(max(id), 0) FROM entry")
        return int(row[0]) if row else 0

    def child_named(self, parent_id: int | None, name: str) -> Entry | None:
        """The heading directly under ``parent_id`` (None: a main heading) whose :func:`markup.identity` is
        ``name`` (its text with its italics: ``<i>Nature</i>`` and ``Nature`` are two headings)."""
        return self._child_named(parent_id, name)

    def _child_named(self, parent_id: int | None, name: str) -> Entry | None:
        # (the index on parent and plain text finds the heading's forms, seldom more than one)
        plain = markup.plain_text(name)
        for row in self.connection.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE ifnull(parent_id, 0) = ? AND plain = ?",
            (parent_id or 0, plain),
        ):
            if row[2] == name or stored_identity(row[2]) == name:
                return _entry(row)
        return None


#: A document to read, and only to read: what exporters of the document itself (IXML, XIML, CSV) receive,
#: inside :meth:`Reading.snapshot`.
Snapshot = Reading
