"""Find and Replace (Ctrl+H): what to find and what to put instead, where and how, a preview of every
change, and Replace All as one undoable command.

The preview is :func:`xindex.app.replace.changes`, as ``xindex replace`` prints it: it follows the
typing after a short pause (one pass over the whole index: well under a second at 100,000 entries).
A search that cannot run (a regular expression that does not compile) is said under the fields and
Replace All stays off; so it does while any change cannot be made (shown in the preview, with why).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xindex.app import replace
from xindex.core import markup
from xindex.core.errors import UserError
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document

PAUSE_MS = 250  # the preview follows the typing after this pause
SHOWN = 2000  # preview rows listed (the summary counts them all)
FIELD_NAMES = {replace.HEADING: "Heading", replace.NOTES: "Notes", replace.SORT_AS: "Sort As"}


class ReplaceDialog(QDialog):
    """Find and replace across the index, previewed; ``run`` makes the changes (the main window passes
    its command runner, so the replace lands on its undo stack)."""

    def __init__(self, document: Document, run: Callable[[Callable[[], object]], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find and Replace")
        self.document = document
        self.run = run
        self.found: list[replace.Change] = []
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("text to find")
        self.replace_field = QLineEdit()
        self.replace_field.setPlaceholderText("text to put instead (may be empty)")
        self.regex = QCheckBox("Regular e&xpression")
        self.whole_word = QCheckBox("&Whole words")
        self.case_sensitive = QCheckBox("Match &case")
        self.scope = {
            replace.HEADING: QCheckBox("&Headings"),
            replace.NOTES: QCheckBox("&Notes"),
            replace.SORT_AS: QCheckBox("&Sort As"),
        }
        for box in self.scope.values():
            box.setChecked(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.problem.hide()
        self.summary = QLabel("Type the text to find.")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Entry", "Field", "Now", "After"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 70, 200)):
            self.table.setColumnWidth(column, width)

        form = QFormLayout()
        form.addRow("&Find:", self.find_field)
        form.addRow("&Replace with:", self.replace_field)
        how = QHBoxLayout()
        for box in (self.regex, self.whole_word, self.case_sensitive):
            how.addWidget(box)
        how.addStretch()
        form.addRow("How:", how)
        where = QHBoxLayout()
        for box in self.scope.values():
            where.addWidget(box)
        where.addStretch()
        form.addRow("In:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.replace_all = QPushButton("Replace &All")
        self.replace_all.setEnabled(False)
        buttons.addButton(self.replace_all, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.replace_all.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 520)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.preview)
        for field in (self.find_field, self.replace_field):
            field.textChanged.connect(lambda _text: self.timer.start())
        for button in buttons.buttons():  # (Enter previews: it must never close the dialog or replace)
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        for box in (self.regex, self.whole_word, self.case_sensitive, *self.scope.values()):
            box.toggled.connect(lambda _on: self.timer.start())

    def search(self) -> replace.Find:
        """The search as the fields say now."""
        return replace.Find(
            self.find_field.text(),
            self.replace_field.text(),
            regex=self.regex.isChecked(),
            whole_word=self.whole_word.isChecked(),
            case_sensitive=self.case_sensitive.isChecked(),
            fields=frozenset(field for field, box in self.scope.items() if box.isChecked()),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter shows the preview at once; Escape closes, as in any dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.preview_now()
            event.accept()
            return
        super().keyPressEvent(event)

    def preview_now(self) -> None:
        """Enter: the preview at once, without waiting for the pause."""
        self.timer.stop()
        self.preview()

    def preview(self) -> None:
        """List every change the fields ask for, or say why there can be none."""
        self.timer.stop()
        self.found = []
        self.table.setRowCount(0)
        self.replace_all.setEnabled(False)
        if not self.find_field.text():
            self.problem.hide()
            self.summary.setText("Type the text to find.")
            return
        try:
            self.found = replace.changes(self.document, self.search())
        except UserError as error:
            self.problem.setText(str(error)[:1].upper() + str(error)[1:] + ".")
            self.problem.show()
            self.summary.setText("Nothing to preview.")
            return
        self.problem.hide()
        self._fill(self.found)
        blocked = any(change.problem for change in self.found)
        if not self.found:
            self.summary.setText("Nothing matches.")
        else:
            more = f" (the first {SHOWN:,} listed)" if len(self.found) > SHOWN else ""
            stop = ": change the search so that every change can be made" if blocked else ""
            self.summary.setText(f"{replace.summary(self.found)}{more}{stop}.")
        self.replace_all.setEnabled(bool(self.found) and not blocked)

    def _fill(self, found: list[replace.Change]) -> None:
        shown = found[:SHOWN]
        self.table.setUpdatesEnabled(False)
        try:
            self.table.setRowCount(len(shown))
            warning = QBrush(Qt.GlobalColor.darkRed)
            for row, change in enumerate(shown):
                before, after = change.before, change.after
                if change.field == replace.HEADING:
                    before = markup.plain_text(before)
                    after = markup.plain_text(after) if after else ""
                cells = (change.path, FIELD_NAMES[change.field], before, change.problem or after)
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    if change.problem and column == 3:
                        item.setForeground(warning)
                    self.table.setItem(row, column, item)
        finally:
            self.table.setUpdatesEnabled(True)

    def apply(self) -> None:
        """Replace All: every change as one undoable command, then the preview again (now empty)."""
        find = self.search()
        try:
            self.run(lambda: replace.apply(self.document, find))
        except UserError as error:
            self.problem.setText(str(error)[:1].upper() + str(error)[1:] + ".")
            self.problem.show()
            return
        done = replace.summary(self.found)
        self.preview()
        self.summary.setText(f"Replaced: {done}. Undo (Ctrl+Z) puts them all back.")
