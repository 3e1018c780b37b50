"""The entry panel: everything about the selected entry, edited in place.

A field is saved when it is left (Enter, Tab, a click elsewhere, another entry chosen), each
save one undoable command, as CINDEX and SKY Index save a record when it is left. From the
first key typed until then the field is tinted and the panel says an edit is pending; Escape
puts back what is stored. A value the document refuses (pages that do not parse, a heading
its siblings already have) is never saved and never dropped: it stays in its field, marked,
with the reason, until it is fixed or put back; leaving the entry then asks what to do
(:meth:`EntryPanel.settle`). Sort As shows, greyed, how the rules file the heading when it
has no override of its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xindex.core.locators import LocatorError, format_locators
from xindex.core.model import Entry, XRefKind
from xindex.gui.fields import EditField, LocatorLineEdit, MarkupLineEdit, NotesEdit
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document, DocumentError, EditError

XREF_ROLE = Qt.ItemDataRole.UserRole + 2
PENDING_NOTE = "Unsaved edit: leaving the field (Enter, Tab, another entry) saves it; Esc puts back what is saved."


class EntryPanel(QWidget):
    """Edit the current entry: term, Sort As, locators, notes, groups, cross-references."""

    edited = Signal()
    failed = Signal(str)
    navigate = Signal(int)
    add_reference = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.entry: Entry | None = None
        self.run_command: Callable[[Callable[[], object]], bool] = lambda action: bool(action() or True)
        outer = QVBoxLayout(self)
        self.path_label = QLabel(self)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        outer.addWidget(self.path_label)
        form = QFormLayout()
        outer.addLayout(form)
        self.term = MarkupLineEdit(self)
        self.term.setToolTip("The heading; Ctrl+I italic, Ctrl+B bold, Ctrl+Shift+K small caps")
        self.sort_as = MarkupLineEdit(self)
        self.locators = LocatorLineEdit(self)
        self.notes = NotesEdit(self)
        self.notes.setPlaceholderText("Notes for yourself (not printed); saved when you leave them")
        self.notes.setMaximumHeight(80)
        self.groups = EditField(self)
        self.groups.setPlaceholderText("groups, comma-separated")
        form.addRow("&Term", self.term)
        form.addRow("Sort &As", self.sort_as)
        form.addRow("&Pages", self.locators)
        form.addRow("&Notes", self.notes)
        form.addRow("&Groups", self.groups)
        self.xrefs = QListWidget(self)
        self.xrefs.setMaximumHeight(110)
        self.xrefs.setAccessibleName("Cross-references")
        self.xrefs.itemActivated.connect(self._follow)
        form.addRow("Cross-&refs", self.xrefs)
        buttons = QHBoxLayout()
        self.reference_buttons: list[QPushButton] = []
        for label, kind in (("See…", XRefKind.SEE), ("See also…", XRefKind.SEE_ALSO)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, kind=kind: self.add_reference.emit(str(kind)))
            buttons.addWidget(button)
            self.reference_buttons.append(button)
        self.remove_xref = QPushButton("Remove", self)
        self.remove_xref.clicked.connect(self._remove_xref)
        buttons.addWidget(self.remove_xref)
        outer.addLayout(buttons)
        self.pending_label = QLabel(PENDING_NOTE, self)
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet("color: #8a5a00")
        self.pending_label.hide()
        outer.addWidget(self.pending_label)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.error_label.setWordWrap(True)
        outer.addWidget(self.error_label)
        outer.addStretch(1)
        self.line_fields: list[EditField] = [self.term, self.sort_as, self.locators, self.groups]
        self._savers: dict[EditField, Callable[[], bool]] = {
            self.term: self._save_term,
            self.sort_as: self._save_sort_as,
            self.locators: self._save_locators,
            self.groups: self._save_groups,
        }
        for field in self.line_fields:
            field.editingFinished.connect(lambda field=field: self.save(field))
            field.cancelled.connect(lambda field=field: self.revert(field))
            field.pending_changed.connect(lambda _pending: self._show_pending())
        self.notes.left.connect(self._save_notes)
        self.notes.pending_changed.connect(lambda _pending: self._show_pending())
        self.locators.error_changed.connect(self._locator_error)
        # Every field and button of the panel, in Tab order.
        self.tab_order: list[QWidget] = [
            self.term,
            self.sort_as,
            self.locators,
            self.notes,
            self.groups,
            self.xrefs,
            *self.reference_buttons,
            self.remove_xref,
        ]
        for first, second in itertools.pairwise(self.tab_order):
            QWidget.setTabOrder(first, second)
        self.show_entry(None)

    def set_document(self, document: Document | None) -> None:
        """Edit another document."""
        self.document = document
        self.show_entry(None)

    # -- which entry -----------------------------------------------------------------------------

    def show_entry(self, entry_id: int | None) -> None:
        """Show an entry (None: nothing selected); unsaved edits of the entry shown before are dropped,
        so the window calls :meth:`settle` first."""
        document = self.document
        try:
            self.entry = document.entry(entry_id) if document is not None and entry_id is not None else None
        except EditError:
            self.entry = None
        editable = self.entry is not None and document is not None and not document.readonly
        for widget in self.tab_order:
            widget.setEnabled(editable)
        self.reload(keep_pending=False)

    def refresh(self, changed: list[int] | None = None) -> None:
        """Show the stored values again after an edit elsewhere (undo, a rename of a target); fields
        holding unsaved typing keep it."""
        if self.entry is None or self.document is None:
            return
        try:
            self.document.entry(self.entry.id)
        except EditError:
            self.show_entry(None)
            return
        self.reload(keep_pending=True)

    def reload(self, *, keep_pending: bool = False) -> None:
        """Put the stored values in the fields (with ``keep_pending``, only in fields without unsaved typing)."""
        entry, document = self.entry, self.document
        if not keep_pending:
            self.error_label.clear()
        if entry is None or document is None:
            self.path_label.setText("<i>No entry selected</i>")
            for field in self.line_fields:
                field.set_saved_text("")
                field.set_invalid(False)
            self.notes.set_saved_text("")
            self.xrefs.clear()
            self._show_pending()
            return
        entry = self.entry = document.entry(entry.id)
        self.path_label.setText(" : ".join(e.plain for e in document.ancestry(entry.id)))
        stored = {
            self.term: entry.term,
            self.sort_as: entry.sort_as or "",
            self.locators: format_locators(document.locators(entry.id)),
            self.groups: ", ".join(document.groups_of(entry.id)),
        }
        for field, value in stored.items():
            if not (keep_pending and field.pending):
                field.set_saved_text(value)
        if not (keep_pending and self.notes.pending):
            self.notes.set_saved_text(entry.notes)
        self.sort_as.setPlaceholderText(document.keys.sort_text(entry.plain, main=entry.parent_id is None))
        self.xrefs.clear()
        for xref in document.xrefs(entry.id):
            label = f"{xref.kind.capitalize()} {document.xref_text(xref)}"
            if xref.blind:
                label += "  (blind: no heading of that name, deleted or still to be added)"
            item = QListWidgetItem(label, self.xrefs)
            item.setData(XREF_ROLE, xref.id)
            item.setData(Qt.ItemDataRole.UserRole, xref.target_id)
        self._show_pending()

    # -- pending edits ---------------------------------------------------------------------------

    def pending_fields(self) -> list[QWidget]:
        """The fields holding typing that is not saved."""
        fields: list[QWidget] = [field for field in self.line_fields if field.pending]
        return [*fields, self.notes] if self.notes.pending else fields

    def _show_pending(self) -> None:
        self.pending_label.setVisible(bool(self.pending_fields()))

    def settle(self) -> str:
        """Save every pending field; return why one could not be saved ("" when all is saved)."""
        for field in self.line_fields:
            if field.pending and not self.save(field):
                return self.error_label.text() or "the edit could not be saved"
        if self.notes.pending and not self._save_notes():
            return self.error_label.text() or "the notes could not be saved"
        return ""

    def discard(self) -> None:
        """Drop every unsaved edit: the fields show what is stored."""
        for field in self.line_fields:
            field.set_pending(False)
            field.set_invalid(False)
        self.notes.set_pending(False)
        self.reload(keep_pending=False)

    def revert(self, field: EditField) -> None:
        """Escape: put the stored value back in one field."""
        field.set_pending(False)
        field.set_invalid(False)
        self.error_label.clear()
        self.reload(keep_pending=True)

    def _locator_error(self, error: str) -> None:
        if self.locators.pending:
            self.error_label.setText(error)

    # -- saving --------------------------------------------------------------------------------

    def save(self, field: EditField) -> bool:
        """Save one field if it holds an edit; True when nothing is left unsaved in it."""
        if not field.pending or self.entry is None or self.document is None:
            return True
        return self._savers[field]()

    def _apply(self, field: EditField | NotesEdit, action: Callable[[], object]) -> bool:
        try:
            if self.run_command(action):
                self.edited.emit()
        except (DocumentError, EditError, LocatorError) as error:
            self.error_label.setText(str(error))
            if isinstance(field, EditField):
                field.set_invalid(True)
            self.failed.emit(str(error))
            return False
        field.set_pending(False)
        if isinstance(field, EditField):
            field.set_invalid(False)
        self.error_label.clear()
        self._show_pending()
        return True

    def _save_term(self) -> bool:
        document, entry = self.document, self.entry
        assert document is not None and entry is not None
        return self._apply(self.term, lambda: document.edit_entry(entry.id, term=self.term.text()))

    def _save_sort_as(self) -> bool:
        document, entry = self.document, self.entry
        assert document is not None and entry is not None
        return self._apply(self.sort_as, lambda: document.edit_entry(entry.id, sort_as=self.sort_as.text() or None))

    def _save_locators(self) -> bool:
        document, entry = self.document, self.entry
        assert document is not None and entry is not None
        if not self.locators.valid:
            self.error_label.setText(self.locators.error)
            self.failed.emit(self.locators.error)
            return False
        return self._apply(self.locators, lambda: document.set_locators(entry.id, self.locators.text()))

    def _save_notes(self) -> bool:
        document, entry = self.document, self.entry
        if document is None or entry is None or not self.notes.pending:
            return True
        return self._apply(self.notes, lambda: document.edit_entry(entry.id, notes=self.notes.toPlainText()))

    def _save_groups(self) -> bool:
        document, entry = self.document, self.entry
        assert document is not None and entry is not None
        wanted = {name.strip() for name in self.groups.text().split(",") if name.strip()}
        current = set(document.groups_of(entry.id))

        def change() -> None:
            with document.command(f"Groups of “{entry.plain}”"):
                for name in sorted(wanted - current):
                    document.add_to_group(name, [entry.id])
                for name in sorted(current - wanted):
                    document.remove_from_group(name, [entry.id])

        return self._apply(self.groups, change)

    def _remove_xref(self) -> None:
        document, item = self.document, self.xrefs.currentItem()
        if document is None or item is None:
            return
        xref_id = int(item.data(XREF_ROLE))
        try:
            if self.run_command(lambda: document.remove_xref(xref_id)):
                self.edited.emit()
        except (DocumentError, EditError) as error:
            self.error_label.setText(str(error))

    def _follow(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target is not None:
            self.navigate.emit(int(target))
