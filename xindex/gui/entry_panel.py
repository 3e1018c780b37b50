"""The entry panel: everything about the selected entry, edited in place.

Enter in a field saves that field as one undoable command; Escape puts back
what is stored. The locators field is validated as you type and a bad list
is never saved. Sort As shows, greyed, how the rules file the heading when
it has no override of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xindex.core.locators import LocatorError, format_locators
from xindex.core.model import Entry, XRefKind
from xindex.gui.fields import LocatorLineEdit, MarkupLineEdit
from xindex.store import Document, EditError

XREF_ROLE = Qt.ItemDataRole.UserRole + 2


class EntryPanel(QWidget):
    """Edit the current entry: term, Sort As, locators, notes, cross-references, groups."""

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
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("Notes for yourself (not printed); Ctrl+Return saves")
        self.notes.setMaximumHeight(80)
        self.groups = MarkupLineEdit(self)
        self.groups.setPlaceholderText("groups, comma-separated")
        form.addRow("&Term", self.term)
        form.addRow("Sort &As", self.sort_as)
        form.addRow("&Pages", self.locators)
        form.addRow("&Notes", self.notes)
        form.addRow("&Groups", self.groups)
        self.xrefs = QListWidget(self)
        self.xrefs.setMaximumHeight(110)
        self.xrefs.itemActivated.connect(self._follow)
        form.addRow("Cross-refs", self.xrefs)
        buttons = QHBoxLayout()
        for label, kind in (("See…", XRefKind.SEE), ("See also…", XRefKind.SEE_ALSO)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, kind=kind: self.add_reference.emit(str(kind)))
            buttons.addWidget(button)
        self.remove_xref = QPushButton("Remove", self)
        self.remove_xref.clicked.connect(self._remove_xref)
        buttons.addWidget(self.remove_xref)
        outer.addLayout(buttons)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        outer.addWidget(self.error_label)
        outer.addStretch(1)
        for field, save in (
            (self.term, self._save_term),
            (self.sort_as, self._save_sort_as),
            (self.locators, self._save_locators),
            (self.groups, self._save_groups),
        ):
            field.returnPressed.connect(save)
            field.cancelled.connect(self.reload)
        save_notes = QShortcut(QKeySequence("Ctrl+Return"), self.notes)
        save_notes.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_notes.activated.connect(self._save_notes)
        self.locators.validity_changed.connect(
            lambda valid: self.error_label.setText("" if valid else self.locators.error)
        )
        self.show_entry(None)

    def set_document(self, document: Document | None) -> None:
        """Edit another document."""
        self.document = document
        self.show_entry(None)

    def show_entry(self, entry_id: int | None) -> None:
        """Show an entry (None: nothing selected)."""
        document = self.document
        self.entry = document.entry(entry_id) if document is not None and entry_id is not None else None
        editable = self.entry is not None and document is not None and not document.readonly
        for widget in (self.term, self.sort_as, self.locators, self.notes, self.groups, self.xrefs):
            widget.setEnabled(editable)
        self.reload()

    def reload(self) -> None:
        """Put the stored values back in the fields."""
        self.error_label.clear()
        entry, document = self.entry, self.document
        if entry is None or document is None:
            self.path_label.setText("<i>No entry selected</i>")
            for field in (self.term, self.sort_as, self.locators, self.groups):
                field.clear()
            self.notes.clear()
            self.xrefs.clear()
            return
        entry = self.entry = document.entry(entry.id)
        self.path_label.setText(" : ".join(e.plain for e in document.ancestry(entry.id)))
        self.term.setText(entry.term)
        self.sort_as.setText(entry.sort_as or "")
        self.sort_as.setPlaceholderText(document.keys.sort_text(entry.plain, main=entry.parent_id is None))
        self.locators.setText(format_locators(document.locators(entry.id)))
        self.notes.setPlainText(entry.notes)
        self.groups.setText(", ".join(sorted(name for name, ids in document.groups().items() if entry.id in ids)))
        self.xrefs.clear()
        for xref in document.xrefs(entry.id):
            label = f"{xref.kind.capitalize()} {document.xref_text(xref)}"
            if xref.blind:
                label += "  (blind: the target was deleted)"
            item = QListWidgetItem(label, self.xrefs)
            item.setData(XREF_ROLE, xref.id)
            item.setData(Qt.ItemDataRole.UserRole, xref.target_id)

    # -- saving --------------------------------------------------------------------------------

    def _apply(self, action: Callable[[], object]) -> None:
        if self.entry is None or self.document is None:
            return
        try:
            if self.run_command(action):
                self.edited.emit()
        except (EditError, LocatorError) as error:
            self.error_label.setText(str(error))
            self.failed.emit(str(error))

    def _save_term(self) -> None:
        document, entry = self.document, self.entry
        if document and entry:
            self._apply(lambda: document.edit_entry(entry.id, term=self.term.text()))

    def _save_sort_as(self) -> None:
        document, entry = self.document, self.entry
        if document and entry:
            self._apply(lambda: document.edit_entry(entry.id, sort_as=self.sort_as.text() or None))

    def _save_locators(self) -> None:
        document, entry = self.document, self.entry
        if not (document and entry):
            return
        if not self.locators.valid:
            self.error_label.setText(self.locators.error)
            return
        self._apply(lambda: document.set_locators(entry.id, self.locators.text()))

    def _save_notes(self) -> None:
        document, entry = self.document, self.entry
        if document and entry:
            self._apply(lambda: document.edit_entry(entry.id, notes=self.notes.toPlainText()))

    def _save_groups(self) -> None:
        document, entry = self.document, self.entry
        if not (document and entry):
            return
        wanted = {name.strip() for name in self.groups.text().split(",") if name.strip()}
        current = {name for name, ids in document.groups().items() if entry.id in ids}

        def change() -> None:
            with document.command(f"Groups of “{entry.plain}”"):
                for name in sorted(wanted - current):
                    document.add_to_group(name, [entry.id])
                for name in sorted(current - wanted):
                    document.remove_from_group(name, [entry.id])

        self._apply(change)

    def _remove_xref(self) -> None:
        document, item = self.document, self.xrefs.currentItem()
        if document is None or item is None:
            return
        xref_id = int(item.data(XREF_ROLE))
        self._apply(lambda: document.remove_xref(xref_id))

    def _follow(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target is not None:
            self.navigate.emit(int(target))
