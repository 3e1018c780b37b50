"""The abbreviations manager (Edit > Abbreviations…): this index's table and the one this computer keeps for
every index, one ``abbreviation = expansion`` per line (:mod:`xindex.core.abbreviations`). OK checks both
and says which line is wrong; the index's table is a document setting (one undo step)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from xindex.core.abbreviations import normalize_abbreviations, parse_abbreviations
from xindex.core.errors import SettingError, UserError
from xindex.core.settings import ABBREVIATIONS
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document

USER_KEY = "abbreviations"  # QSettings: the table kept for every index on this computer


def user_abbreviations(settings: QSettings | None = None) -> dict[str, str]:
    """This computer's table (empty when none, or when what is stored no longer reads)."""
    try:
        return parse_abbreviations(str((settings or QSettings()).value(USER_KEY, "") or ""))
    except SettingError:
        return {}


def abbreviations_in_use(document: Document | None, settings: QSettings | None = None) -> dict[str, str]:
    """The table the heading fields expand from: this computer's, with the document's winning."""
    table = user_abbreviations(settings)
    if document is not None:
        with contextlib.suppress(SettingError):  # (Document Settings says what is wrong with it)
            table.update(ABBREVIATIONS.value(document.settings()))
    return table


class AbbreviationsDialog(QDialog):
    """Edit both tables; ``save`` runs the document's change through the window's command runner."""

    def __init__(
        self, document: Document | None, save: Callable[[Callable[[], object]], object], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Abbreviations")
        self.document = document
        self.save = save
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.for_index = QPlainTextEdit(self)
        self.for_computer = QPlainTextEdit(self)
        for field in (self.for_index, self.for_computer):
            field.setFont(fixed)
            field.setPlaceholderText("wwii = World War II")
        if document is not None:
            self.for_index.setPlainText(document.setting(ABBREVIATIONS.key))
        self.for_index.setEnabled(document is not None and not document.readonly)
        self.for_computer.setPlainText(str(QSettings().value(USER_KEY, "") or ""))
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Typed in a heading and followed by a space or punctuation, an abbreviation becomes its expansion. "
            "One “abbreviation = expansion” per line; this index's win over this computer's.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for title, field in (("This &index:", self.for_index), ("Every index on this &computer:", self.for_computer)):
            label = QLabel(title, self)
            label.setBuddy(field)
            layout.addWidget(label)
            layout.addWidget(field)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(560, 460)

    def accept(self) -> None:
        """Check both tables (saying which line is wrong), then store them."""
        try:
            computer = normalize_abbreviations(self.for_computer.toPlainText())
        except SettingError as error:
            self._refuse(f"Every index on this computer, {error}", self.for_computer)
            return
        document = self.document
        if document is not None and not document.readonly:
            text = self.for_index.toPlainText()
            try:
                normalize_abbreviations(text)
                if ABBREVIATIONS.text(document.settings()) != normalize_abbreviations(text):
                    self.save(lambda: document.set_setting(ABBREVIATIONS.key, text))
            except UserError as error:
                self._refuse(f"This index, {error}", self.for_index)
                return
        QSettings().setValue(USER_KEY, computer)
        super().accept()

    def _refuse(self, message: str, field: QPlainTextEdit) -> None:
        self.problem.setText(message)
        self.problem.show()
        field.setFocus()
