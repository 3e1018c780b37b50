"""Applying an import: one store operation for every format, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.imported import ImportedIndex, ImportEntry, ImportFileError, ImportReport, ImportXRef, Row
from xindex.core.model import MAX_DEPTH
from xindex.store.errors import EditError
from xindex.store.restructuring import Restructuring

PATH_CACHE = 100_000  # heading paths remembered while rows stream in (past this, looked up again)


class Importing(Restructuring):
    """Merging an imported index into the document."""

    def apply_import(self, imported: ImportedIndex, *, source: str = "") -> ImportReport:
        """Merge an imported index into the document as one undoable command; return the report.

        Settings fill in what the document does not have yet (a setting it already has is kept);
        entries merge by heading (its text with its italics, :func:`markup.identity`) under the same
        parent (a heading that exists keeps its id and
        receives the new locators, references and, when it had none, Sort As and notes); references
        to entries of the file are linked, references to heading paths are linked when the heading
        exists (in the document or the file) and become generic otherwise. Rows
        (:attr:`ImportedIndex.rows`) are applied as they are read. Anything refused undoes the whole
        import: ImportFileError with the line and the reason.
        """
        report = ImportReport(imported.format, source, warnings=list(imported.warnings), losses=list(imported.losses))
        try:
            with self.command(imported.label or f"Import {source or imported.format}"):
                self._apply_tree(imported, report)
                if imported.rows is not None:
                    self._apply_rows(imported.rows, report)
        except EditError as error:
            raise ImportFileError(str(error), source=source) from None
        return report

    def _apply_tree(self, imported: ImportedIndex, report: ImportReport) -> None:
        """Settings first, then the entries (merging by heading), then references and groups."""
        ids: dict[int, int] = {}
        keys = report.ids
        existing = self.settings()
        for key, value in imported.settings.items():
            if key in existing and existing[key] != "":
                if existing[key] != value:
                    report.settings_kept += 1
                continue
            try:
                self.set_setting(key, value)
            except EditError as error:
                report.warnings.append(f"setting {key} not imported: {error}")
                continue
            report.settings += 1
        depths: dict[int, int] = {}
        stamped: list[tuple[str | None, str | None, int]] = []
        for entry, parent in imported.walk():
            depth = depths[id(entry)] = 1 if parent is None else depths[id(parent)] + 1
            if depth > MAX_DEPTH:
                raise ImportFileError(
                    f"headings nested more than {MAX_DEPTH} levels deep (“{entry.plain}”)", entry.line
                )
            added = report.added
            entry_id = self._write_entry(entry, None if parent is None else ids[id(parent)], report)
            ids[id(entry)] = entry_id
            if report.added > added and (entry.created or entry.updated):
                stamped.append((entry.created, entry.updated, entry_id))
            for source_key in (entry.key, *entry.aliases):
                if source_key is not None:
                    keys[source_key] = entry_id
        for entry, _parent in imported.walk():
            for xref in entry.xrefs:
                self._write_xref(ids[id(entry)], xref, keys, report)
        # A new heading keeps the times its file gives it (set last: its references touched it just now).
        self.connection.executemany(
            "UPDATE entry SET created = coalesce(?, created), updated = coalesce(?, updated) WHERE id = ?", stamped
        )
        groups: dict[str, list[int]] = {}
        for entry, _parent in imported.walk():
            for name in entry.groups:
                groups.setdefault(name, []).append(ids[id(entry)])
        for name, members in groups.items():
            self.add_to_group(name, members)
            report.groups += 1

    def _apply_rows(self, rows: Iterable[Row], report: ImportReport) -> None:
        """Merge rows, each a heading path with its entry, as they are read: memory grows with the references
        waiting for their targets, not with the file."""
        pending: list[tuple[int, ImportXRef]] = []
        known: dict[tuple[int | None, str], int] = {}
        newest = self.newest_entry_id()
        for above, entry in rows:
            parent_id: int | None = None
            for term, plain in above:
                name = markup.identity(term)
                found = known.get((parent_id, name))
                if found is None:
                    found = self._write_entry(ImportEntry(term, plain, line=entry.line), parent_id, report, newest)
                known[(parent_id, name)] = found
                parent_id = found
            entry_id = self._write_entry(entry, parent_id, report, newest)
            pending.extend((entry_id, xref) for xref in entry.xrefs)
            if len(known) > PATH_CACHE:
                known.clear()
        for entry_id, xref in pending:
            self._write_xref(entry_id, xref, report.ids, report)

    def _write_entry(
        self, entry: ImportEntry, parent_id: int | None, report: ImportReport, newest: int = 2**63 - 1
    ) -> int:
        """Add the entry, or merge it into the existing heading of the same name (text and italics:
        :func:`markup.identity`); return its id. Headings with an id above ``newest`` were added by this
        import: merging into them is not counted as a merge."""
        try:
            name = markup.identity(entry.term)
        except markup.MarkupError as error:
            raise ImportFileError(f"“{entry.plain}”: {error}", entry.line) from None
        found = self.child_named(parent_id, name)  # one lookup: deep trees import in linear time
        try:
            if found is None:
                entry_id = self.add_entry(
                    entry.term,
                    parent_id,
                    sort_as=entry.sort_as,
                    notes=entry.notes,
                    locators=entry.locators,
                    absent=True,
                )
                report.added += 1
                report.locators += len(loc.merge(entry.locators))
                return entry_id
            before = self.locators(found.id)
            if entry.locators:
                self.add_locators(found.id, entry.locators)
            after = self.locators(found.id)
            new_sort_as = entry.sort_as if entry.sort_as and not found.sort_as else None
            new_notes = entry.notes if entry.notes and not found.notes else None
            changes = bool(new_sort_as or new_notes)
            if new_sort_as:
                self.edit_entry(found.id, sort_as=new_sort_as)
            if new_notes:
                self.edit_entry(found.id, notes=new_notes)
            report.locators += max(0, len(after) - len(before))
            if (after != before or changes or entry.xrefs) and found.id <= newest:
                report.merged += 1
            return found.id
        except (EditError, loc.LocatorError) as error:
            raise ImportFileError(f"“{entry.plain}”: {error}", entry.line) from None
        except OverflowError:
            raise ImportFileError(f"“{entry.plain}”: a page number is too large", entry.line) from None

    def _write_xref(self, entry_id: int, xref: ImportXRef, keys: dict[object, int], report: ImportReport) -> None:
        """Link, make generic, or skip (with a warning) one imported reference."""
        target_id: int | None = None
        if xref.target_key is not None:
            target_id = keys.get(xref.target_key)
            if target_id is None:
                report.warnings.append(
                    f"line {xref.line}: the reference points at entry {xref.target_key}, which the "
                    "file does not hold; it was left out"
                )
                return
        elif xref.target_path is not None:
            target_id = self._target_of(xref.target_path)
            for path in xref.other_paths:
                if target_id is None:
                    target_id = self._target_of(path)
        if target_id is None and xref.blind_if_missing and xref.target_path:
            name = ": ".join(xref.target_path)
            try:
                self.add_xref(entry_id, xref.kind, text=name, pending=True)
            except EditError:
                return  # (the same blind reference twice)
            report.blind_xrefs += 1
            return
        text = xref.text
        if target_id is None and not text and xref.target_path is not None:
            text = " ".join(xref.target_path) if len(xref.target_path) == 1 else ": ".join(xref.target_path)
        present = self.xrefs(entry_id)
        if target_id is not None:
            if any(old.kind is xref.kind and old.target_id == target_id for old in present):
                return
            if target_id == entry_id:
                report.warnings.append(f"line {xref.line}: a heading refers to itself; the reference was left out")
                return
            try:
                self.add_xref(entry_id, xref.kind, target_id=target_id)
            except EditError as error:
                report.warnings.append(f"line {xref.line}: {error}; the reference was left out")
                return
            report.xrefs += 1
            return
        try:
            normalized, plain = markup.clean_heading(text, "cross-reference")
        except markup.MarkupError as error:
            report.warnings.append(f"line {xref.line}: {error}; the reference was left out")
            return
        if any(old.kind is xref.kind and old.generic and markup.plain_text(old.text) == plain for old in present):
            return
        self.add_xref(entry_id, xref.kind, text=normalized)
        report.generic_xrefs += 1

    def _target_of(self, path: Sequence[str]) -> int | None:
        """The entry a reference names: one text (the document's rule, :meth:`find_target`) or the headings
        of its levels."""
        found = self.find_target(path[0]) if len(path) == 1 else self.find_path(path)
        return found.id if found is not None else None
