"""Check Spelling: every word of the index the dictionary does not know, with the entries that use it.

The check reads the whole index (seconds on 100,000 entries), so it runs in a process of its own
(:func:`xindex.app.spelling.check_in_process`) while a thread of the editor only waits; the window
shows a busy bar meanwhile and the editor goes on. Choosing a word lists its entries with the
dictionary's suggestions; Enter or a double-click on an entry shows it in the index. A word can be
added to the index's dictionary (one undo step) or to this computer's, or replaced through Find
and Replace (whole words, previewed).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xindex.app.spelling import SpellingCancelled, Unknown, check_in_process
from xindex.core.spelling import Speller
from xindex.gui.manager import ProcessWaiter, keep_alive
from xindex.store import Document

ENTRY_ROLE = 0x0100  # Qt.ItemDataRole.UserRole


class Editor(Protocol):
    """What the window needs from the editor."""

    document: Document | None

    def go_to(self, entry_id: int) -> None:
        """Show the entry."""

    def accept_word(self, word: str, index_only: bool) -> None:
        """Accept a word in the index's dictionary or this computer's."""

    def replace_word(self, word: str) -> None:
        """Open Find and Replace on the word."""

    def speller(self) -> Speller | None:
        """The index's speller, for suggestions."""


class SpellingWindow(QDialog):
    """Unknown words on the left, the entries using the chosen one on the right."""

    def __init__(self, editor: Editor, also: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.also = also
        self.found: list[Unknown] = []
        self.worker: ProcessWaiter | None = None
        self.setWindowTitle("Check Spelling")
        self.resize(720, 440)
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        layout.addWidget(self.busy)
        splitter = QSplitter(self)
        self.words = QListWidget(splitter)
        self.words.setAccessibleName("Unknown words")
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestions = QLabel(right)
        self.suggestions.setWordWrap(True)
        right_layout.addWidget(self.suggestions)
        self.entries = QListWidget(right)
        self.entries.setAccessibleName("Entries using the word")
        right_layout.addWidget(self.entries, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.add_index = QPushButton("Add to &Index Dictionary", self)
        self.add_mine = QPushButton("Add to &My Dictionary", self)
        self.replace = QPushButton("&Replace…", self)
        self.again = QPushButton("Check &Again", self)
        close = QPushButton("Close", self)
        for button in (self.add_index, self.add_mine, self.replace, self.again, close):
            button.setAutoDefault(False)  # Enter in the entries shows an entry; it never presses a button
        for button in (self.add_index, self.add_mine, self.replace):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.again)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.add_index.clicked.connect(lambda: self._accept(index_only=True))
        self.add_mine.clicked.connect(lambda: self._accept(index_only=False))
        self.replace.clicked.connect(self._replace)
        self.again.clicked.connect(self.run)
        close.clicked.connect(self.close)
        self.words.currentRowChanged.connect(self._show_word)
        self.entries.itemActivated.connect(self._show_entry)
        self._enable()

    def run(self) -> None:
        """Check the whole index again, in the background."""
        document = self.editor.document
        if document is None or (self.worker is not None and self.worker.isRunning()):
            return
        self.status.setText("Checking every heading and note…")
        self.busy.setVisible(True)
        self.words.clear()
        self.entries.clear()
        self.found = []
        path, also = document.path, list(self.also)
        thread = ProcessWaiter(
            "xindex-spelling", lambda stop: check_in_process(path, also, cancel=stop), SpellingCancelled
        )
        thread.succeeded.connect(self._show)
        thread.failed.connect(self._failed)
        thread.finished.connect(lambda: self.busy.setVisible(False))
        keep_alive(thread, thread.stop_flag.set)
        self.worker = thread
        thread.start()
        self._enable()

    def _failed(self, message: str) -> None:
        self.status.setText(f"The spelling check failed: {message}")
        self._enable()

    def _show(self, found: list[Unknown] | str) -> None:
        if isinstance(found, str):
            self.status.setText(found[:1].upper() + found[1:] + ".")
            self._enable()
            return
        self.found = found
        self.status.setText(
            f"{len(found)} unknown word{'' if len(found) == 1 else 's'}" if found else "No unknown words."
        )
        for unknown in found:
            count = len(unknown.entry_ids)
            QListWidgetItem(f"{unknown.word}  ({count} entr{'y' if count == 1 else 'ies'})", self.words)
        if found:
            self.words.setCurrentRow(0)
            self.words.setFocus()
        self._enable()

    def _show_word(self, row: int) -> None:
        self.entries.clear()
        self.suggestions.clear()
        if not 0 <= row < len(self.found):
            self._enable()
            return
        unknown = self.found[row]
        document = self.editor.document
        if document is not None:
            for entry_id in unknown.entry_ids[:500]:
                item = QListWidgetItem(document.path_text(entry_id), self.entries)
                item.setData(ENTRY_ROLE, entry_id)
            if len(unknown.entry_ids) > 500:
                QListWidgetItem(f"… and {len(unknown.entry_ids) - 500} more", self.entries)
        speller = self.editor.speller()
        offered = speller.suggestions(unknown.word) if speller is not None else []
        self.suggestions.setText(
            f"“{unknown.word}”: perhaps {', '.join(offered)}" if offered else f"“{unknown.word}”: no suggestion"
        )
        self._enable()

    def _show_entry(self, item: QListWidgetItem) -> None:
        """Show the entry in the index, staying here for the next one."""
        entry_id = item.data(ENTRY_ROLE)
        if entry_id is not None:
            self.editor.go_to(int(entry_id))
            self.activateWindow()
            self.entries.setFocus()

    def current_word(self) -> str | None:
        """The word chosen in the list, or None."""
        row = self.words.currentRow()
        return self.found[row].word if 0 <= row < len(self.found) else None

    def _accept(self, *, index_only: bool) -> None:
        word = self.current_word()
        if word is None:
            return
        self.editor.accept_word(word, index_only)
        row = self.words.currentRow()
        del self.found[row]
        self.words.takeItem(row)
        self.status.setText(f"“{word}” added; {len(self.found)} unknown word{'' if len(self.found) == 1 else 's'} left")

    def _replace(self) -> None:
        word = self.current_word()
        if word is not None:
            self.editor.replace_word(word)

    def _enable(self) -> None:
        chosen = self.current_word() is not None
        document = self.editor.document
        writable = document is not None and not document.readonly
        self.add_index.setEnabled(chosen and writable)
        self.add_mine.setEnabled(chosen)
        self.replace.setEnabled(chosen and writable)
        self.again.setEnabled(self.worker is None or not self.worker.isRunning())

    def closeEvent(self, event: object) -> None:  # noqa: N802
        """Closing stops a check still running."""
        if self.worker is not None:
            self.worker.stop_flag.set()
        super().closeEvent(event)  # type: ignore[arg-type]
