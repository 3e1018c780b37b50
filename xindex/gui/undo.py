"""Qt's undo stack, mirroring the document's persistent history.

Every document command is one QUndoCommand. Pushing one after the document
already did the work must not do it twice, so a command's first redo is
skipped; and when a document is opened its stored history is loaded into the
stack without touching the document. Ctrl+Z therefore works across closing
and reopening the file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from xindex.store import Document, DocumentError, EditError


class _HistoryCommand(QUndoCommand):
    def __init__(self, bridge: UndoBridge, label: str) -> None:
        super().__init__(label)
        self.bridge = bridge
        self.skip_redo = True

    def redo(self) -> None:
        if self.skip_redo or self.bridge.syncing:
            self.skip_redo = False
            return
        self.bridge.apply(redo=True)

    def undo(self) -> None:
        if self.bridge.syncing:
            return
        self.bridge.apply(redo=False)


class UndoBridge:
    """Keeps a QUndoStack in step with a Document's history."""

    def __init__(
        self, stack: QUndoStack, changed: Callable[[], None], failed: Callable[[str], None] | None = None
    ) -> None:
        self.stack = stack
        self.changed = changed
        self.failed = failed
        self.document: Document | None = None
        self.syncing = False

    def load(self, document: Document | None) -> None:
        """Mirror a document's stored history (done and undone commands)."""
        self.document = document
        self.syncing = True
        try:
            self.stack.clear()
            if document is None:
                return
            history = document.history()
            for _, label, _ in history:
                self.stack.push(_HistoryCommand(self, label))
            self.stack.setIndex(sum(1 for _, _, undone in history if not undone))
        finally:
            self.syncing = False

    def record(self, label: str) -> None:
        """Note a command the document has just done."""
        self.stack.push(_HistoryCommand(self, label))

    def apply(self, *, redo: bool) -> None:
        """Undo or redo in the document, then let the window refresh."""
        if self.document is None or self.document.readonly:
            return
        try:
            if redo:
                self.document.redo()
            else:
                self.document.undo()
        except (DocumentError, EditError) as error:  # nothing was changed: say why, and resync the stack
            if self.failed is not None:
                self.failed(str(error))
            QTimer.singleShot(0, lambda: self.load(self.document))
        self.changed()
