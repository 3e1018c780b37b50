"""The keyboard reference: every shortcut of the window and every key a field handles, searchable, in a dock.

It is made from the window's actions and the fields' key tables (:mod:`xindex.gui.fields`), so
it can never list a key that does something else.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xindex.gui.fields import FIELD_KEYS

Row = tuple[str, str, str]  # where, what, keys


def action_rows(menu_bar: QMenuBar) -> list[Row]:
    """(menu, action, keys) for every menu action that has a shortcut."""
    rows: list[Row] = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if action.text() and not action.isSeparator() and action.shortcuts():
                keys = "\n".join(
                    shortcut.toString(QKeySequence.SequenceFormat.NativeText) for shortcut in action.shortcuts()
                )
                rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
    return rows


def field_rows() -> list[Row]:
    """(where, what, keys) for every key a field handles itself."""
    return [
        (binding.where, binding.what, QKeySequence(binding.keys).toString(QKeySequence.SequenceFormat.NativeText))
        for binding in FIELD_KEYS
    ]


class KeyboardReference(QWidget):
    """A filter box over a table of every key: type part of a name or a key to narrow it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find a command or a key, e.g. “range” or “Ctrl+T”")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._narrow)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Keyboard reference")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Show these rows."""
        items = list(rows)
        self.table.setRowCount(len(items))
        for number, (where, what, keys) in enumerate(items):
            for column, text in enumerate((keys, f"{what} ({where})")):
                item = QTableWidgetItem(text)
                if column == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(number, column, item)
        bold = self.font()
        bold.setBold(True)
        widest_keys = max(
            (QFontMetrics(bold).horizontalAdvance(line) for _, _, keys in items for line in keys.splitlines()),
            default=60,
        )
        self.table.horizontalHeader().resizeSection(0, widest_keys + 16)
        self._narrow(self.filter.text())

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _narrow(self, text: str) -> None:
        wanted = text.casefold().split()
        for row in range(self.table.rowCount()):
            words = " ".join(self._cell(row, column) for column in range(2)).casefold()
            self.table.setRowHidden(row, not all(word in words for word in wanted))

    def visible_rows(self) -> list[tuple[str, str]]:
        """The rows the filter leaves, as (keys, what it does (where))."""
        return [
            (self._cell(row, 0), self._cell(row, 1))
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]


def shortcuts_of(action: QAction) -> list[QKeySequence]:
    """An action's key sequences."""
    return [shortcut for shortcut in action.shortcuts() if not shortcut.isEmpty()]
