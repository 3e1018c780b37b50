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
    QVBoxLayout,
    QWidget,
)

from xindex.gui.completion import fill_list, path_suggestion
from xindex.gui.delegate import RichTextDelegate
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document

LIMIT = 100  # suggestions listed: a word start narrows fast, and each costs a few queries (p95 41 ms at 200 on 100,000)


class EntryPicker(QDialog):
    """Type the start of a heading (or of any word in it) and pick the entry; optionally a generic reference."""

    def __init__(
        self,
        document: Document,
        title: str,
        *,
        allow_generic: bool = False,
        allow_top: bool = False,
        exclude: set[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.exclude = exclude or set()
        self.setWindowTitle(title)
        self.resize(460, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Type the start of the heading or of any word in it (heading: subheading):", self))
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("e.g. prun  or  roses: pr")
        layout.addWidget(self.query)
        self.results = QListWidget(self)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        layout.addWidget(self.results, 1)
        self.generic = QCheckBox("Generic reference: print the typed words, point at no entry", self)
        self.generic.setVisible(allow_generic)
        layout.addWidget(self.generic)
        self.top = QCheckBox("As a main heading (no parent)", self)
        self.top.setVisible(allow_top)
        layout.addWidget(self.top)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR}")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_chosen)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._accept_if_chosen)
        self.results.itemActivated.connect(lambda _item: self._accept_if_chosen())
        self.results.currentItemChanged.connect(lambda *_: self._update_ok())
        self.generic.toggled.connect(lambda _checked: self._update_ok())
        self.top.toggled.connect(lambda _checked: self._update_ok())
        self._update_ok()

    def _search(self, text: str) -> None:
        """The document's one matcher, as in the fast-entry bar: every level, each with its pages."""
        self.problem.clear()
        found = [item for item in self.document.complete_target(text, LIMIT) if item.entry.id not in self.exclude]
        fill_list(self.results, [path_suggestion(item) for item in found], [item.entry.id for item in found])
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_ok()

    def _problem(self) -> str:
        """Why OK would not choose anything ("" when it would)."""
        if self.top.isChecked():
            return ""
        if self.generic.isChecked():
            return "" if self.query.text().strip() else "type the words the generic reference prints"
        if self.results.currentItem() is None:
            return (
                "type words of the heading and choose it in the list"
                if not self.query.text().strip()
                else ("no heading matches what is typed")
            )
        return ""

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(not self._problem())

    def _accept_if_chosen(self) -> None:
        problem = self._problem()
        if problem:
            self.problem.setText(f"Nothing chosen: {problem}.")
            return
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
