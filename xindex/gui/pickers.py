"""Dialogs that pick an entry: the cross-reference target picker and the move/merge/copy destination."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xindex.store import Document, EditError


class EntryPicker(QDialog):
    """Search as you type (words, prefixes, pages) and pick an entry; optionally a generic reference."""

    def __init__(
        self,
        document: Document,
        title: str,
        *,
        allow_generic: bool = False,
        allow_top: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(title)
        self.resize(460, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Type words of the heading (prefix*), a phrase in quotes, or a page:", self))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText('e.g. prun*  or  "hybrid tea"  or  45')
        layout.addWidget(self.query)
        self.results = QListWidget(self)
        layout.addWidget(self.results, 1)
        self.generic = QCheckBox("Generic reference: print the typed words, point at no entry", self)
        self.generic.setVisible(allow_generic)
        layout.addWidget(self.generic)
        self.top = QCheckBox("As a main heading (no parent)", self)
        self.top.setVisible(allow_top)
        layout.addWidget(self.top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._accept_first)
        self.results.itemActivated.connect(lambda _item: self.accept())

    def _search(self, text: str) -> None:
        self.results.clear()
        query = text.strip()
        if not query:
            return
        if not any(ch in query for ch in '"*') and " " not in query and not query.isdigit():
            query += "*"
        try:
            found = self.document.search(query, limit=100)
        except EditError:
            return
        for entry in found:
            item = QListWidgetItem(self.document.path_text(entry.id), self.results)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _accept_first(self) -> None:
        if self.results.count() or self.generic.isChecked():
            self.accept()

    def chosen(self) -> int | None:
        """The picked entry's id (None for a generic reference or a main-heading destination)."""
        if self.generic.isChecked() or self.top.isChecked():
            return None
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def generic_text(self) -> str:
        """The typed words, for a generic reference."""
        return self.query.text().strip()
