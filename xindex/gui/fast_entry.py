"""The fast-entry bar: type a heading path and its pages, press Enter, go on typing.

Every level completes from the headings already in the document as you type (case and
accents ignored, heading starts first, the level below from the children of what is typed
above): the first suggestion is filled in with its rest selected, Tab takes it and goes on,
the first Escape closes the list, a second clears the bar. Typing a new heading clears the
levels below it (they belonged to the old one). Enter adds the path (creating missing
levels, asking first when a new heading differs from an existing one only by case or
accents) and merges the pages into an existing heading. The pages field remembers the last
locator (Ctrl+R), steps it (Alt+Up/Down) and makes it a range (Ctrl+T). Right after an
entry is added, Ctrl+Z undoes the entry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from xindex.core.locators import LocatorError
from xindex.gui.fields import CompletingLineEdit, LocatorLineEdit
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document, DocumentError, EditError

LEVELS = ("Heading", "Subheading", "Sub-subheading")
SimilarAnswer = str  # "existing", "new" or "cancel"


class FastEntry(QWidget):
    """Heading / subheading / sub-subheading / pages fields with completion as you type."""

    committed = Signal(int, str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.ask_similar: Callable[[list[tuple[int, str, str]]], SimilarAnswer] = lambda similar: "new"
        self._pages_refused = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        self.levels: list[CompletingLineEdit] = []
        for number, name in enumerate(LEVELS):
            field = CompletingLineEdit(self)
            field.show_pending = False
            field.setPlaceholderText(name)
            field.setAccessibleName(name)
            field.provider = functools.partial(self._complete, number)
            field.textEdited.connect(lambda _text, number=number: self._level_edited(number))
            field.returnPressed.connect(self.commit)
            field.cancelled.connect(self.clear)
            self.levels.append(field)
            layout.addWidget(field, 3)
        self.pages = LocatorLineEdit(self)
        self.pages.show_pending = False
        self.pages.setPlaceholderText("Pages: 12, 14-16, xii, 45n3")
        self.pages.setAccessibleName("Pages")
        self.pages.returnPressed.connect(self.commit)
        self.pages.cancelled.connect(self.clear)
        self.pages.error_changed.connect(self._pages_error)
        layout.addWidget(QLabel("Pages", self))
        layout.addWidget(self.pages, 2)
        for first, second in zip([*self.levels, self.pages], [*self.levels[1:], self.pages], strict=False):
            QWidget.setTabOrder(first, second)

    def set_document(self, document: Document | None) -> None:
        """Enter into another document."""
        self.document = document
        self.setEnabled(document is not None and not document.readonly)
        self.clear()

    def _complete(self, level: int, typed: str) -> list[str]:
        if self.document is None:
            return []
        parent_id: int | None = None
        if level:
            parent = self.document.find_path([field.text().strip() for field in self.levels[:level]])
            if parent is None:
                return []
            parent_id = parent.id
        return self.document.complete(parent_id, typed.strip())

    def _level_edited(self, level: int) -> None:
        """A heading typed anew: the levels below belonged to the old one."""
        for field in self.levels[level + 1 :]:
            field.set_saved_text("")

    def _pages_error(self, error: str) -> None:
        if self._pages_refused:
            self.show_message(error)
            self._pages_refused = bool(error)

    def start(self, path: list[str], level: int) -> None:
        """Prefill the levels above ``level`` and put the cursor there (new main heading, subentry, sibling)."""
        for index, field in enumerate(self.levels):
            field.close_list()
            field.set_saved_text(path[index] if index < len(path) and index < level else "")
        self.pages.set_saved_text("")
        target = self.levels[min(level, len(self.levels) - 1)]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_message(self, text: str) -> None:
        """Say under the fields why an entry was not saved (empty hides it)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        """Empty every field and go back to the heading."""
        for field in self.levels:
            field.close_list()
            field.set_saved_text("")
        self.pages.set_saved_text("")
        self._pages_refused = False
        self.show_message("")
        self.levels[0].setFocus()

    def path(self) -> list[str]:
        """The typed heading path (empty levels at the end dropped)."""
        texts = [field.text().strip() for field in self.levels]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    def _refuse(self, message: str) -> None:
        self.show_message(message)
        self.failed.emit(message)

    def commit(self) -> None:
        """Add the typed path with its pages as one command; report problems without losing the typing."""
        if self.document is None:
            return
        for field in self.levels:
            field.close_list(keep_suggestion=True)
        path = self.path()
        if not path:
            return
        if "" in path:
            self._refuse("fill in every level above the last one")
            return
        if not self.pages.valid:
            self._pages_refused = True
            self._refuse(self.pages.error)
            self.pages.setFocus()
            return
        try:
            similar = self.document.similar_headings(path)
        except EditError as error:
            self._refuse(str(error))
            return
        if similar:
            answer = self.ask_similar(similar)
            if answer == "cancel":
                return
            if answer == "existing":
                level, _, existing = similar[0]
                self.levels[level].setText(existing)
                path = self.path()
        before = self.document.last_command()
        try:
            entry_id = self.document.add_path(path, self.pages.text())
        except (DocumentError, EditError, LocatorError) as error:
            self._refuse(str(error))
            return
        after = self.document.last_command()
        if self.pages.text().strip():
            self.pages.last_locator = self.pages.text().strip()
        self._pages_refused = False
        self.show_message("")
        for field in self.levels:
            field.set_saved_text(field.text())  # nothing left for Ctrl+Z in the fields: it undoes the entry
        self.pages.set_saved_text("")
        self.committed.emit(entry_id, after[1] if after and after != before else "")
        focus = self.levels[len(path) - 1] if len(path) > 1 else self.levels[0]
        focus.selectAll()
        focus.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape anywhere in the bar clears it."""
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)
