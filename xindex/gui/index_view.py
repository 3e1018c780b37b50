"""The view of the index: one row per heading, as printed, at any size.

A one-column table, because a table view lays out only the rows on screen (a tree view
asks the model about every row on each insertion: 80 ms for 30,000 headings). Home and
End go to the first and last entry, typing letters jumps to the heading filed there, Tab
leaves the view, and an empty document or an empty search says what to do.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from xindex.gui.delegate import RichTextDelegate
from xindex.gui.model import IndexModel

TYPING_PAUSE_MS = 900  # letters typed closer together than this make one jump target


class IndexView(QTableView):
    """The index as it prints; ``activated_entry`` when Enter or a double-click opens a row."""

    escape_pressed = Signal()
    expand_pressed = Signal(bool)  # Right (True) or Left (False): show or hide the current heading's subentries

    def __init__(self, model: IndexModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.index_model = model
        self.empty_text = ""
        self._typed = ""
        self._typing = QElapsedTimer()
        self.setItemDelegate(RichTextDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        # Several entries at once (Shift+arrows, Shift/Ctrl+click) for the batch operations of the Edit menu.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setAccessibleName("Index")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A new font keeps rows one line high."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

    def moveCursor(  # noqa: N802
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and the last entry of the index (one column: no cells to walk)."""
        rows = self.index_model.rowCount()
        if rows and cursor_action == QAbstractItemView.CursorAction.MoveHome:
            return self.index_model.index(0, 0)
        if rows and cursor_action == QAbstractItemView.CursorAction.MoveEnd:
            return self.index_model.index(rows - 1, 0)
        return super().moveCursor(cursor_action, modifiers)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Typed letters jump to the first heading filed at them (by the sort rules, not the row text)."""
        if not self._typing.isValid() or self._typing.elapsed() > TYPING_PAUSE_MS:
            self._typed = ""
        self._typing.start()
        self._typed += search
        if not self._typed.strip():
            return
        row = self.index_model.first_row_from(self._typed)
        if row >= 0:
            self.go_to_row(row, top=True)

    def go_to_row(self, row: int, *, top: bool = False) -> None:
        """Make a row current and show it (at the top, or in the middle)."""
        index = self.index_model.index(row, 0)
        if not index.isValid():
            return
        selection = self.selectionModel()
        if index != self.currentIndex() or selection.selectedRows() != [index]:  # (else nothing to tell anyone)
            self.setCurrentIndex(index)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.select(index, flags)  # (only this row: a jump ends a multi-selection)
        hint = QAbstractItemView.ScrollHint.PositionAtTop if top else QAbstractItemView.ScrollHint.PositionAtCenter
        self.scrollTo(index, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape leaves a filtered view (the window decides); other keys as a table view takes them."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.escape_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Left) and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.expand_pressed.emit(event.key() == Qt.Key.Key_Right)  # (one column: nothing else to move to)
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Rows, or, when there are none, a sentence saying what to do."""
        super().paintEvent(event)
        if self.index_model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            painter.drawText(QRect(area), flags, self.empty_text)
            painter.end()

    def selected_entry_ids(self) -> list[int]:
        """The entries of the selected rows, top to bottom (the current one when none is selected)."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        if not rows:
            current = self.current_entry_id()
            return [] if current is None else [current]
        return [self.index_model.entry_id(row) for row in rows]

    def current_entry_id(self) -> int | None:
        """The entry of the current row."""
        index: QModelIndex | QPersistentModelIndex = self.currentIndex()
        return self.index_model.entry_id(index.row()) if index.isValid() else None
