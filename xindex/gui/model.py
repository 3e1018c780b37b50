"""The index as a lazily fetched Qt tree model over a Document.

Children are read in windows of :data:`WINDOW` rows (``Document.children`` with
a keyset ``after``), only when the view asks (``canFetchMore``/``fetchMore``),
so a 100,000-entry document shows its first screen after reading one window.
Each row shows the entry as it will print: heading, formatted locators,
cross-references.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from xindex.core.formatter import FormatOptions, Formatter, Span
from xindex.core.model import Entry, IndexNode
from xindex.core.ranges import DEFAULT_RANGE_RULE, range_rule
from xindex.gui.preview import span_html
from xindex.store import Document

WINDOW = 200
MIME_ENTRY = "application/x-xindex-entry"
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    entry: Entry | None
    parent: _Node | None
    row: int = 0
    children: list[_Node] = field(default_factory=list)
    complete: bool = False
    has_children: bool | None = None
    text: str | None = None
    html: str | None = None


class IndexModel(QAbstractItemModel):
    """A read model of the document's entries; edits go through the Document and then :meth:`refresh`.

    Dragging an entry onto another asks (``move_requested``) to move it there; dropping it
    between main headings makes it a main heading. The window does the move as a command.
    """

    move_requested = Signal(int, object)

    def __init__(self, document: Document | None = None) -> None:
        super().__init__()
        self.document = document
        self._root = _Node(None, None)
        self._by_id: dict[int, _Node] = {}
        self._formatter = Formatter(FormatOptions())
        self._read_settings()

    def _read_settings(self) -> None:
        settings = self.document.settings() if self.document else {}
        try:
            options = FormatOptions.from_settings(settings)
        except ValueError:
            options = FormatOptions(range_rule=range_rule(settings.get("range-rules", DEFAULT_RANGE_RULE.value)))
        self._formatter = Formatter(options, self.document.keys if self.document else None)

    # -- the document ------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show another document (or none)."""
        self.beginResetModel()
        self.document = document
        self._root = _Node(None, None)
        self._by_id.clear()
        self._read_settings()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read everything after an edit; views restore their expansion from entry ids."""
        self.set_document(self.document)

    # -- Qt model interface --------------------------------------------------------------------

    def _node(self, index: ModelIndex) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)
            return node
        return self._root

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a loaded row."""
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The parent row of an entry."""
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Rows loaded so far under ``parent``."""
        return len(self._node(parent).children) if parent.column() <= 0 else 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """One column: the entry as printed."""
        return 1

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        """Whether an entry has subentries, without loading them."""
        node = self._node(parent)
        if node is self._root:
            return True
        if node.children:
            return True
        if node.has_children is None:
            node.has_children = bool(self.document and node.entry and self.document.children(node.entry.id, limit=1))
        return node.has_children

    def canFetchMore(self, parent: ModelIndex) -> bool:  # noqa: N802
        """True while a parent has unread children."""
        node = self._node(parent)
        return self.document is not None and not node.complete and self.hasChildren(parent)

    def fetchMore(self, parent: ModelIndex) -> None:  # noqa: N802
        """Read the next window of children."""
        node = self._node(parent)
        if self.document is None or node.complete:
            return
        after = node.children[-1].entry if node.children else None
        parent_id = node.entry.id if node.entry else None
        entries = self.document.children(parent_id, limit=WINDOW, after=after)
        if len(entries) < WINDOW:
            node.complete = True
        if not entries:
            return
        start = len(node.children)
        self.beginInsertRows(parent, start, start + len(entries) - 1)
        for offset, entry in enumerate(entries):
            child = _Node(entry, node, start + offset)
            node.children.append(child)
            self._by_id[entry.id] = child
        self.endInsertRows()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry line, its id, and styling."""
        if not index.isValid():
            return None
        node = self._node(index)
        assert node.entry is not None
        if role in (Qt.ItemDataRole.DisplayRole, HTML_ROLE):
            if node.text is None:
                spans = self._spans(node.entry)
                node.text = "".join(span.text for span in spans)
                node.html = "".join(span_html(span) for span in spans)
            return node.text if role == Qt.ItemDataRole.DisplayRole else node.html
        if role == ENTRY_ID_ROLE:
            return node.entry.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.entry.notes or None
        return None

    def _spans(self, entry: Entry) -> list[Span]:
        assert self.document is not None
        node = IndexNode(entry, 0 if entry.parent_id is None else 1)
        node.locators = self.document.locators(entry.id)
        node.xrefs = [(xref, self.document.xref_text(xref)) for xref in self.document.xrefs(entry.id)]
        return self._formatter.line_spans(node)

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
        """Ask the window to move the entry under the drop target (or to the top level)."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_ENTRY):
            return False
        entry_id = int(bytes(data.data(MIME_ENTRY).data()).decode())
        target = int(parent.data(ENTRY_ID_ROLE)) if parent.isValid() else None
        if target == entry_id:
            return False
        self.move_requested.emit(entry_id, target)
        return False  # the window refreshes the model after the move; Qt must not remove the source row

    # -- finding rows --------------------------------------------------------------------------

    def index_of(self, entry_id: int) -> QModelIndex:
        """The index of an entry, loading the windows on its path as needed; invalid when it is gone."""
        if self.document is None:
            return QModelIndex()
        try:
            chain = self.document.ancestry(entry_id)
        except ValueError:
            return QModelIndex()
        parent = QModelIndex()
        for entry in chain:
            node = self._by_id.get(entry.id)
            while node is None and self.canFetchMore(parent):
                self.fetchMore(parent)
                node = self._by_id.get(entry.id)
            if node is None:
                return QModelIndex()
            parent = self.createIndex(node.row, 0, node)
        return parent

    def first_main_from(self, letter: str) -> QModelIndex:
        """The first main heading filed at or after ``letter`` (for the alphabet bar)."""
        if self.document is None:
            return QModelIndex()
        target = self.document.keys.key(letter)
        root = QModelIndex()
        row = 0
        while True:
            while row < len(self._root.children):
                node = self._root.children[row]
                assert node.entry is not None
                if node.entry.sort_key >= target:
                    return self.createIndex(row, 0, node)
                row += 1
            if not self.canFetchMore(root):
                return self.index(len(self._root.children) - 1, 0) if self._root.children else QModelIndex()
            self.fetchMore(root)
