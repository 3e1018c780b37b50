"""The index as it prints, one row per heading, over a Document of any size.

The rows are an :class:`xindex.store.outline.Outline`: every entry's id in print order,
read once and then kept up to date from the document's change feed, so the model tells
its view exactly which rows an edit inserted or removed (an add at Z in 100,000 entries
moves no other row) and the scroll bar, End and the letter bar reach any row at once.
What a row shows (the heading with its locators and cross-references, formatted by the
document's style) is read lazily, a window of rows at a time, when the view paints it.

A filter (search results, a group, the check's findings) shows the chosen entries under
their headings; the headings shown only for context are marked (``CONTEXT_ROLE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from xindex.core.formatter import FormatOptions, Formatter
from xindex.core.settings import format_options
from xindex.gui.preview import span_html
from xindex.store import Document
from xindex.store.outline import Outline

WINDOW = 120  # rows formatted together when the view asks for one that is not ready
CACHE_LIMIT = 20_000  # formatted rows kept; past this the cache starts again
MIME_ENTRY = "application/x-xindex-entry"
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 3
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 4
ModelIndex = QModelIndex | QPersistentModelIndex


class IndexModel(QAbstractTableModel):
    """Rows of the index as printed; edits go through the Document, then :meth:`apply_changes`.

    Dragging an entry onto another asks (``move_requested``) to move it under that entry;
    dropping it between rows makes it a main heading. The window does the move as a command.
    """

    move_requested = Signal(int, object)

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.document = document
        self.outline = Outline(document)
        self._lines: dict[int, tuple[str, str]] = {}
        self._formatter = Formatter(FormatOptions())
        self._read_settings()

    def _read_settings(self) -> None:
        settings = self.document.settings() if self.document else {}
        keys = self.document.keys if self.document else None
        self._formatter = Formatter(format_options(settings, lenient=True), keys)

    # -- the document ------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show another document (or none)."""
        self.beginResetModel()
        self.document = document
        self.outline = Outline(document)
        self._lines.clear()
        self._read_settings()
        self.endResetModel()

    def apply_changes(self, changed: Iterable[int]) -> None:
        """Follow an edit: insert, remove or move the rows of the entries it changed, then let every
        row be formatted again (a rename changes the cross-references that print its name)."""
        self.outline.apply(changed, self)
        self.restyle()

    def restyle(self) -> None:
        """Format every row again when it is next painted (after an edit or a change of style)."""
        self._lines.clear()
        self._read_settings()
        if self.outline.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.outline.rows) - 1, 0))

    def set_filter(self, ids: Iterable[int] | None) -> None:
        """Show only these entries (with their headings), or everything (None)."""
        self.outline.set_filter(ids, self)

    def reveal(self, entry_id: int) -> None:
        """Make sure a filtered view shows this entry."""
        self.outline.reveal(entry_id, self)

    @property
    def filtered(self) -> bool:
        """True while a filter narrows the rows."""
        return self.outline.matches is not None

    # -- the outline's announcements, passed on to the view ------------------------------------

    def rows_removing(self, first: int, last: int) -> None:
        """Rows are about to go."""
        self.beginRemoveRows(QModelIndex(), first, last)

    def rows_removed(self) -> None:
        """They went."""
        self.endRemoveRows()

    def rows_inserting(self, first: int, last: int) -> None:
        """Rows are about to come."""
        self.beginInsertRows(QModelIndex(), first, last)

    def rows_inserted(self) -> None:
        """They came."""
        self.endInsertRows()

    def resetting(self) -> None:
        """Every row is about to change (a new filter, a re-sort)."""
        self.beginResetModel()

    def reset_done(self) -> None:
        """They did."""
        self._lines.clear()
        self.endResetModel()

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Every row of the index (or of the filtered view)."""
        return 0 if parent.isValid() else len(self.outline.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """One column: the entry as printed."""
        return 0 if parent.isValid() else 1

    def entry_id(self, row: int) -> int:
        """The entry shown in a row."""
        return self.outline.rows[row]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry line (text or HTML), its id, its depth, and whether it is shown for context only."""
        if not index.isValid() or not 0 <= index.row() < len(self.outline.rows):
            return None
        entry_id = self.outline.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, HTML_ROLE):
            line = self._lines.get(entry_id)
            if line is None:
                line = self._format_around(index.row())
            return line[0] if role == Qt.ItemDataRole.DisplayRole else line[1]
        if role == ENTRY_ID_ROLE:
            return entry_id
        if role == DEPTH_ROLE:
            return self.outline.depth(entry_id)
        if role == CONTEXT_ROLE:
            return self.outline.is_context(entry_id)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None

    def _format_around(self, row: int) -> tuple[str, str]:
        """Format a window of rows from ``row`` on (the view paints downwards), return ``row``'s line."""
        assert self.document is not None
        if len(self._lines) > CACHE_LIMIT:
            self._lines.clear()
        rows = self.outline.rows
        wanted = [entry_id for entry_id in rows[max(0, row - 10) : row + WINDOW] if entry_id not in self._lines]
        nodes = self.document.nodes(wanted)
        for entry_id, node in nodes.items():
            node.depth = min(1, self.outline.depth(entry_id))  # main heading or subentry punctuation
            spans = self._formatter.line_spans(node)
            self._lines[entry_id] = ("".join(span.text for span in spans), "".join(span_html(span) for span in spans))
        return self._lines.get(rows[row], ("", ""))

    # -- finding rows --------------------------------------------------------------------------

    def row_of(self, entry_id: int) -> int:
        """The row showing an entry, or -1."""
        return self.outline.row_of(entry_id)

    def index_of(self, entry_id: int) -> QModelIndex:
        """The index of an entry's row; invalid when it is not shown."""
        row = self.outline.row_of(entry_id)
        return self.index(row, 0) if row >= 0 else QModelIndex()

    def first_row_from(self, text: str) -> int:
        """The first row at or after the main heading filed at ``text`` (the letter bar), or -1."""
        if self.document is None or not self.outline.rows:
            return -1
        target = self.document.first_main_from(text)
        if target is None:
            return -1
        row = self.outline.row_of(target)
        if row >= 0 or not self.filtered:
            return row
        position = {entry_id: number for number, entry_id in enumerate(self.outline.order)}
        wanted = position[target]
        for number, entry_id in enumerate(self.outline.rows):
            if position[entry_id] >= wanted:
                return number
        return len(self.outline.rows) - 1

    # -- drag and drop ------------------------------------------------------------------------

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Entries can be dragged, and dropped on."""
        base = super().flags(index)
        editable = self.document is not None and not self.document.readonly
        if not editable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        """Moves only."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        """Our own type: an entry id."""
        return [MIME_ENTRY]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        """The dragged entry's id."""
        data = QMimeData()
        valid = [index for index in indexes if index.isValid()]
        if valid:
            data.setData(MIME_ENTRY, QByteArray(str(valid[0].data(ENTRY_ID_ROLE)).encode()))
        return data

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        """Ask the window to move the entry under the row dropped on (between rows: to the top level)."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_ENTRY):
            return False
        entry_id = int(bytes(data.data(MIME_ENTRY).data()).decode())
        target = int(parent.data(ENTRY_ID_ROLE)) if parent.isValid() else None
        if target == entry_id:
            return False
        self.move_requested.emit(entry_id, target)
        return False  # the window applies the move's changes; Qt must not remove the source row
