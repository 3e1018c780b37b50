"""The fast-entry bar: type a heading path and its pages, press Enter, go on typing.

Every level completes from the headings already in the document (the level
below from the children of what is typed above). Enter adds the path
(creating missing levels) and merges the pages into an existing heading;
Escape clears. The pages field remembers the last locator (Ctrl+R), steps it
(Alt+Up/Down) and makes it a range (Ctrl+T).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from xindex.core.locators import LocatorError
from xindex.gui.fields import CompletingLineEdit, LocatorLineEdit
from xindex.store import Document, EditError

LEVELS = ("Heading", "Subheading", "Sub-subheading")


class FastEntry(QWidget):
    """Heading / subheading / sub-subheading / pages fields with autocompletion."""

    committed = Signal(int, str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        self.levels: list[CompletingLineEdit] = []
        for name in LEVELS:
            field = CompletingLineEdit(self)
            field.setPlaceholderText(name)
            field.setAccessibleName(name)
            field.textEdited.connect(lambda text, field=field: self._suggest(field))
            field.returnPressed.connect(self.commit)
            field.cancelled.connect(self.clear)
            self.levels.append(field)
            layout.addWidget(field, 3)
        self.pages = LocatorLineEdit(self)
        self.pages.setPlaceholderText("Pages: 12, 14-16, xii, 45n3")
        self.pages.setAccessibleName("Pages")
        self.pages.returnPressed.connect(self.commit)
        self.pages.cancelled.connect(self.clear)
        layout.addWidget(QLabel("Pages", self))
        layout.addWidget(self.pages, 2)
        self.pages.validity_changed.connect(lambda valid: self.show_message("" if valid else self.pages.error))
        self.failed.connect(self.show_message)
        for first, second in zip([*self.levels, self.pages], [*self.levels[1:], self.pages], strict=False):
            QWidget.setTabOrder(first, second)

    def set_document(self, document: Document | None) -> None:
        """Enter into another document."""
        self.document = document
        self.setEnabled(document is not None and not document.readonly)
        self.clear()

    def start(self, path: list[str], level: int) -> None:
        """Prefill the levels above ``level`` and put the cursor there (new main heading, subentry, sibling)."""
        for index, field in enumerate(self.levels):
            field.setText(path[index] if index < len(path) and index < level else "")
        self.pages.clear()
        target = self.levels[min(level, len(self.levels) - 1)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._suggest(target)

    def show_message(self, text: str) -> None:
        """Say under the fields why an entry was not saved (empty hides it)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        """Empty every field and go back to the heading."""
        for field in self.levels:
            field.clear()
        self.pages.clear()
        self.levels[0].setFocus()

    def path(self) -> list[str]:
        """The typed heading path (empty levels at the end dropped)."""
        texts = [field.text().strip() for field in self.levels]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    def _suggest(self, field: CompletingLineEdit) -> None:
        if self.document is None:
            return
        level = self.levels.index(field)
        parent_id: int | None = None
        if level:
            parent = self.document.find_path([f.text().strip() for f in self.levels[:level]])
            if parent is None:
                field.offer([])
                return
            parent_id = parent.id
        field.offer(self.document.complete(parent_id, field.text().strip()))

    def commit(self) -> None:
        """Add the typed path with its pages as one command; report problems without losing the typing."""
        if self.document is None:
            return
        path = self.path()
        if not path:
            return
        if "" in path:
            self.failed.emit("fill in every level above the last one")
            return
        if not self.pages.valid:
            self.failed.emit(self.pages.error)
            self.pages.setFocus()
            return
        before = self.document.last_command()
        try:
            entry_id = self.document.add_path(path, self.pages.text())
        except (EditError, LocatorError) as error:
            self.failed.emit(str(error))
            return
        after = self.document.last_command()
        if self.pages.text().strip():
            self.pages.last_locator = self.pages.text().strip()
        self.show_message("")
        self.committed.emit(entry_id, after[1] if after and after != before else "")
        self.pages.clear()
        focus = self.levels[len(path) - 1] if len(path) > 1 else self.levels[0]
        focus.selectAll()
        focus.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape anywhere in the bar clears it."""
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)
