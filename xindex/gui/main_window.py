"""The main window: the index as it will print, the fast-entry bar, the entry panel and the docks."""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QFont, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QTreeView,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from xindex import __version__
from xindex.core.locators import LocatorError, Series
from xindex.core.model import XRefKind
from xindex.gui.delegate import RichTextDelegate
from xindex.gui.entry_panel import EntryPanel
from xindex.gui.fast_entry import FastEntry
from xindex.gui.model import ENTRY_ID_ROLE, IndexModel
from xindex.gui.pickers import EntryPicker
from xindex.gui.undo import UndoBridge
from xindex.store import Document, DocumentError, EditError

ICONS = Path(__file__).resolve().parents[2] / "icons"
MAX_RECENT = 8
OPENABLE = "xindex documents (*.xix);;All files (*)"


def icon(name: str) -> QIcon:
    """An icon from the icons folder (SVG, crisp at any scale); empty when missing."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


class MainWindow(QMainWindow):
    """One window per open document."""

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.document: Document | None = None
        self.settings = QSettings()
        self.history_back: list[int] = []
        self.history_forward: list[int] = []
        self.setWindowIcon(icon("xindex"))
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.undo = UndoBridge(self.undo_stack, self.after_edit)

        self.model = IndexModel()
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RichTextDelegate(self.view))
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.model.move_requested.connect(self._dropped, Qt.ConnectionType.QueuedConnection)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.setAccessibleName("Index")

        self.results = QListWidget(self)
        self.results.itemActivated.connect(lambda item: self.go_to(int(item.data(ENTRY_ID_ROLE))))
        self.results.currentItemChanged.connect(self._result_changed)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.results)

        self.fast_entry = FastEntry(self)
        self.fast_entry.committed.connect(self._entry_added)
        self.fast_entry.failed.connect(self.show_problem)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.run_search)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText('Search: words, prefix*, "a phrase", a page (45, xii) — Ctrl+F')
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.filter = QComboBox(self)
        self.filter.setToolTip("Show only some entries")
        self.filter.currentIndexChanged.connect(lambda _index: self.run_search())
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.filter)

        alphabet = QHBoxLayout()
        alphabet.setSpacing(0)
        for letter in string.ascii_uppercase:
            button = QToolButton(self)
            button.setText(letter)
            button.setAutoRaise(True)
            button.setToolTip(f"Jump to {letter}")
            button.clicked.connect(lambda _=False, letter=letter: self.jump_to_letter(letter))
            alphabet.addWidget(button)
        alphabet.addStretch(1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.fast_entry)
        layout.addLayout(search_row)
        layout.addLayout(alphabet)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.entry_panel = EntryPanel(self)
        self.entry_panel.run_command = self.run_command
        self.entry_panel.edited.connect(self.after_edit)
        self.entry_panel.failed.connect(self.show_problem)
        self.entry_panel.navigate.connect(self.go_to)
        self.entry_panel.add_reference.connect(self.add_reference)
        self.entry_dock = self._dock("Entry", self.entry_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._preview_link)
        self.preview_dock = self._dock("Preview", self.preview, Qt.DockWidgetArea.RightDockWidgetArea)
        self.undo_view = QUndoView(self.undo_stack, self)
        self.undo_view.setEmptyLabel("(document opened)")
        self.undo_dock = self._dock("Undo History", self.undo_view, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.undo_dock.hide()
        self.extra_docks: dict[str, QDockWidget] = {}

        self.status_rules = QLabel(self)
        self.status_counts = QLabel(self)
        self.status_saved = QLabel("✓ saved", self)
        self.status_saved.setToolTip("Every change is saved as you make it; there is no Save command.")
        for label in (self.status_counts, self.status_rules, self.status_saved):
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Chicago (CMS), letter by letter · en") // 2)
            self.statusBar().addPermanentWidget(label)

        self._make_actions()
        self.resize(1200, 780)
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.apply_preferences()
        self.set_document(None)
        if path:
            self.open_path(path)

    # -- layout helpers -------------------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", ""))
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """Add a dock once (the check panel and others use this) and return it."""
        if key not in self.extra_docks:
            self.extra_docks[key] = self._dock(title, widget, area)
            self.view_menu.addAction(self.extra_docks[key].toggleViewAction())
        return self.extra_docks[key]

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        tip: str = "",
        icon_name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        a = self._action
        self.new_action = a(
            file_menu, "&New…", self.new_document, QKeySequence.StandardKey.New, "Create a new index", "new"
        )
        self.open_action = a(
            file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "Open an index", "open"
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        a(file_menu, "&Import…", self.import_dialog, "Ctrl+Shift+I", "Add entries from IXML, XIML, .idx, CSV")
        self.export_action = a(
            file_menu,
            "&Export…",
            self.export_dialog,
            "Ctrl+Shift+E",
            "Write the finished index (DOCX, RTF, HTML, LaTeX…)",
            "export",
        )
        a(
            file_menu,
            "Save a &Copy…",
            self.save_copy,
            QKeySequence.StandardKey.SaveAs,
            "Every edit is already saved; this writes a copy elsewhere",
        )
        file_menu.addSeparator()
        a(file_menu, "&Close", self.close_document, QKeySequence.StandardKey.Close)
        a(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        undo_action.setIcon(icon("undo"))
        redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        redo_action.setShortcuts(redo_keys)
        redo_action.setIcon(icon("redo"))
        edit.addAction(undo_action)
        edit.addAction(redo_action)
        self.addAction(undo_action)
        self.addAction(redo_action)
        edit.addSeparator()
        self.new_main_action = a(
            edit,
            "New &Main Heading",
            lambda: self.start_entry("main"),
            "Ctrl+Return",
            "Type a new main heading in the fast-entry bar",
            "new-entry",
        )
        a(
            edit,
            "New &Subentry",
            lambda: self.start_entry("sub"),
            "Ctrl+Shift+Return",
            "Type a subentry of the current entry",
        )
        a(
            edit,
            "New S&ibling",
            lambda: self.start_entry("sibling"),
            "Ctrl+Alt+Return",
            "Type an entry at the current entry's level",
        )
        edit.addSeparator()
        a(
            edit,
            "&Delete Entry",
            self.delete_entry,
            QKeySequence.StandardKey.Delete,
            "Delete the entry and its subentries",
            "delete",
        )
        a(edit, "&Flip Heading and Subheading", self.flip_entry, "Ctrl+Shift+F")
        a(edit, "&Merge Into…", self.merge_entry, "Ctrl+Shift+M")
        a(edit, "Mo&ve Under…", self.move_entry, "Ctrl+Shift+V")
        a(edit, "&Copy To (double-post)…", self.copy_entry, "Ctrl+Shift+D")
        a(edit, "&Renumber Pages…", self.renumber_pages, "Ctrl+Shift+R")
        edit.addSeparator()
        a(edit, "Add &See…", lambda: self.add_reference(str(XRefKind.SEE)), "Ctrl+Shift+S")
        a(edit, "Add See &Also…", lambda: self.add_reference(str(XRefKind.SEE_ALSO)), "Ctrl+Shift+A")
        a(edit, "&Find", self._focus_search, QKeySequence.StandardKey.Find)

        self.view_menu = bar.addMenu("&View")
        a(self.view_menu, "&Back", self.go_back, QKeySequence.StandardKey.Back, "Back to the previous entry", "back")
        a(self.view_menu, "&Forward", self.go_forward, QKeySequence.StandardKey.Forward, "", "forward")
        self.view_menu.addSeparator()
        for dock in (self.entry_dock, self.preview_dock, self.undo_dock):
            self.view_menu.addAction(dock.toggleViewAction())

        index_menu = bar.addMenu("&Index")
        self.check_action = a(index_menu, "&Check", self.run_check, "F7", "Check the index before delivery", "check")
        a(index_menu, "Document &Settings…", self.document_settings, "Ctrl+,")

        help_menu = bar.addMenu("&Help")
        a(help_menu, "&Keyboard Reference", self.keyboard_reference, QKeySequence.StandardKey.HelpContents)
        a(help_menu, "&About xindex", self.about)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action in (
            self.new_action,
            self.open_action,
            undo_action,
            redo_action,
            self.new_main_action,
            self.export_action,
            self.check_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    # -- documents -----------------------------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show a document (closing the previous one)."""
        if self.document is not None and self.document is not document:
            self.document.close()
        self.document = document
        self.model.set_document(document)
        self.fast_entry.set_document(document)
        self.entry_panel.set_document(document)
        self.undo.load(document)
        self.history_back.clear()
        self.history_forward.clear()
        self.search.clear()
        self._fill_filters()
        title = "xindex"
        if document is not None:
            name = document.setting("title") or document.path.name
            title = f"{name} — {document.path.name}{' [read-only]' if document.readonly else ''} — xindex"
            if document.warning:
                self.statusBar().showMessage(document.warning, 10000)
        self.setWindowTitle(title)
        self.update_status()
        if document is not None and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if document is not None and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def open_path(self, path: str) -> bool:
        """Open a document (read-only when another process is writing it); say why when it cannot be opened."""
        try:
            document = Document.open(path, fallback_readonly=True)
        except DocumentError as error:
            QMessageBox.warning(self, "Cannot open", str(error))
            return False
        self.set_document(document)
        self._remember(path)
        return True

    def _remember(self, path: str) -> None:
        recent = [str(Path(path).absolute())]
        stored = self.settings.value("recent", [])
        recent += [item for item in (stored if isinstance(stored, list) else []) if item not in recent]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        stored = self.settings.value("recent", [])
        for item in stored if isinstance(stored, list) else []:
            action = QAction(str(item), self.recent_menu)
            action.triggered.connect(lambda _=False, item=item: self.open_path(item))
            self.recent_menu.addAction(action)

    def new_document(self) -> None:
        """Create a document and open it."""
        path, _ = QFileDialog.getSaveFileName(self, "New index", str(Path.home() / "index.xix"), OPENABLE)
        if not path:
            return
        if not path.endswith(".xix"):
            path += ".xix"
        try:
            document = Document.create(path, settings={"rules": str(self.settings.value("default/rules", "cms-word"))})
        except (DocumentError, EditError) as error:
            QMessageBox.warning(self, "Cannot create", str(error))
            return
        self.set_document(document)
        self._remember(path)

    def open_dialog(self) -> None:
        """Choose a document to open."""
        path, _ = QFileDialog.getOpenFileName(self, "Open index", str(Path.home()), OPENABLE)
        if path:
            self.open_path(path)

    def close_document(self) -> None:
        """Close the document (everything is already saved)."""
        self.set_document(None)

    def save_copy(self) -> None:
        """Write a copy of the document (SQLite's backup) under another name."""
        if self.document is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy", str(self.document.path.with_name("copy.xix")), OPENABLE
        )
        if path:
            try:
                self.document.save_copy(path)
                self.statusBar().showMessage(f"Saved a copy as {path}", 5000)
            except DocumentError as error:
                QMessageBox.warning(self, "Cannot save a copy", str(error))

    def import_dialog(self) -> None:
        """Import entries from another program's file."""
        if self.document is None or self.document.readonly:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Import", str(Path.home()), "Index files (*.ixml *.ximl *.idx *.csv *.tsv *.txt);;All files (*)"
        )
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        """Import a file into the open document as one undoable command."""
        if self.document is None:
            return
        try:
            from xindex.formats.importers import import_file

            document = self.document
            self.run_command(lambda: import_file(document, Path(path)))
        except (ImportError, ValueError, OSError) as error:
            QMessageBox.warning(self, "Cannot import", str(error))
            return
        self.after_edit()

    def export_dialog(self) -> None:
        """Open the export dialog (format, style, preview, progress, cancel)."""
        if self.document is None:
            return
        from xindex.gui.export_dialog import ExportDialog

        ExportDialog(self.document, self).exec()

    def run_check(self) -> None:
        """Run the check report in the background and show it in its panel."""
        if self.document is None:
            return
        from xindex.gui.check_panel import CheckPanel

        if "check" in self.extra_docks:
            dock = self.extra_docks["check"]
        else:
            dock = self.add_dock("check", "Check", CheckPanel(self), Qt.DockWidgetArea.BottomDockWidgetArea)
        panel = dock.widget()
        assert isinstance(panel, CheckPanel)
        dock.show()
        panel.run(self.document)

    def document_settings(self) -> None:
        """Edit the document's settings (title, rules, range rules, style, page span …)."""
        if self.document is None:
            return
        from xindex.gui.settings_dialog import SettingsDialog

        changed = SettingsDialog(self.document, self).exec()
        self.apply_preferences()
        if changed:
            self.record_if_new(None)
            self.after_edit()

    # -- editing -------------------------------------------------------------------------------

    def run_command(self, action: Callable[[], object]) -> bool:
        """Run a document edit; when it recorded a command, mirror it on the undo stack. True if it did."""
        if self.document is None:
            return False
        before = self.document.last_command()
        action()
        return self.record_if_new(before)

    def record_if_new(self, before: tuple[int, str] | None) -> bool:
        """Push the document's newest command on the undo stack if it is newer than ``before``."""
        if self.document is None:
            return False
        after = self.document.last_command()
        if after is None or after == before:
            if before is None:  # called without a baseline: resync from the document
                self.undo.load(self.document)
            return False
        self.undo.record(after[1])
        return True

    def _entry_added(self, entry_id: int, label: str) -> None:
        if label:
            self.undo.record(label)
        self.after_edit(select=entry_id)

    def after_edit(self, select: int | None = None) -> None:
        """Refresh the views after any change, keeping expansion and the current entry."""
        current = select if select is not None else self.current_entry_id()
        expanded = self._expanded_ids()
        self.model.refresh()
        for entry_id in expanded:
            index = self.model.index_of(entry_id)
            if index.isValid():
                self.view.expand(index)
        if current is not None:
            self._select(current, remember=False)
        else:
            self.entry_panel.show_entry(None)
        if self.search.text().strip() or self.filter.currentIndex() > 0:
            self.run_search()
        self.update_status()
        self.update_preview()

    def _expanded_ids(self) -> list[int]:
        found: list[int] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                if self.view.isExpanded(index):
                    found.append(int(index.data(ENTRY_ID_ROLE)))
                    stack.append(index)
        return found

    def current_entry_id(self) -> int | None:
        """The entry the user is on."""
        if self.stack.currentWidget() is self.results:
            item = self.results.currentItem()
            return int(item.data(ENTRY_ID_ROLE)) if item else None
        index = self.view.currentIndex()
        return int(index.data(ENTRY_ID_ROLE)) if index.isValid() else None

    def show_problem(self, message: str) -> None:
        """A refused edit: say why in the status bar; nothing was changed."""
        self.statusBar().showMessage(f"Not saved: {message}", 8000)
        QApplication.beep()

    def start_entry(self, kind: str) -> None:
        """Start typing a new main heading, a subentry of the current entry, or a sibling."""
        path: list[str] = []
        if self.document is not None and (current := self.current_entry_id()) is not None:
            path = [entry.plain for entry in self.document.ancestry(current)]
        if kind == "main":
            self.fast_entry.start([], 0)
        elif kind == "sub":
            self.fast_entry.start(path, min(len(path), 2))
        else:
            self.fast_entry.start(path, max(0, len(path) - 1))

    def _attempt(self, action: Callable[[], object], select: int | None = None) -> None:
        try:
            self.run_command(action)
        except (EditError, LocatorError) as error:
            self.show_problem(str(error))
            return
        self.after_edit(select=select)

    def delete_entry(self) -> None:
        """Delete the current entry; ask first when other entries refer to it."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None or document.readonly:
            return
        try:
            self.run_command(lambda: document.delete_entry(entry_id))
        except EditError as error:
            answer = QMessageBox.question(
                self,
                "Delete entry",
                f"{error}.\n\nDelete it anyway? Those references become blind (the check reports them).",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.run_command(lambda: document.delete_entry(entry_id, force=True))
        self.after_edit(select=None)

    def _pick(self, title: str, *, allow_generic: bool = False, allow_top: bool = False) -> EntryPicker | None:
        if self.document is None or self.document.readonly:
            return None
        picker = EntryPicker(self.document, title, allow_generic=allow_generic, allow_top=allow_top, parent=self)
        return picker if picker.exec() else None

    def add_reference(self, kind: str) -> None:
        """Add a See / See also to the current entry through the target picker."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        picker = self._pick(f"{kind.capitalize()}: choose the target", allow_generic=True)
        if picker is None:
            return
        target, text = picker.chosen(), picker.generic_text()
        self._attempt(
            lambda: document.add_xref(entry_id, kind, target_id=target, text=text if target is None else ""),
            select=entry_id,
        )

    def merge_entry(self) -> None:
        """Merge the current entry into another."""
        document, entry_id = self.document, self.current_entry_id()
        picker = self._pick("Merge into…")
        if document and entry_id is not None and picker and (target := picker.chosen()) is not None:
            self._attempt(lambda: document.merge_entries(entry_id, target), select=target)

    def move_entry(self, destination: int | None = None, *, ask: bool = True) -> None:
        """Move the current entry under another (or make it a main heading)."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        if ask:
            picker = self._pick("Move under…", allow_top=True)
            if picker is None:
                return
            destination = picker.chosen()
        self._attempt(lambda: document.move_entry(entry_id, destination), select=entry_id)

    def _dropped(self, entry_id: int, target: int | None) -> None:
        document = self.document
        if document is not None:
            self._attempt(lambda: document.move_entry(entry_id, target), select=entry_id)

    def copy_entry(self) -> None:
        """Double-post the current entry under another heading."""
        document, entry_id = self.document, self.current_entry_id()
        picker = self._pick("Copy (double-post) under…", allow_top=True)
        if document and entry_id is not None and picker:
            destination = picker.chosen()
            self._attempt(lambda: document.copy_entry(entry_id, destination), select=entry_id)

    def flip_entry(self) -> None:
        """Swap the current subheading with its heading."""
        document, entry_id = self.document, self.current_entry_id()
        if document and entry_id is not None:
            self._attempt(lambda: document.flip_entry(entry_id))

    def renumber_pages(self) -> None:
        """Shift every locator from a page on by some pages (repagination)."""
        document = self.document
        if document is None or document.readonly:
            return
        text, ok = QInputDialog.getText(self, "Renumber pages", "From page, shift (e.g. “120 +2” or “45 -1”):")
        if not ok or not text.strip():
            return
        try:
            first_text, shift_text = text.split()
            first, shift = int(first_text), int(shift_text)
        except ValueError:
            self.show_problem("write the first page and the shift, e.g. “120 +2”")
            return
        self._attempt(lambda: document.renumber_pages(first, shift, series=Series.ARABIC))

    # -- navigation ------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        entry_id = int(current.data(ENTRY_ID_ROLE)) if current.isValid() else None
        if previous.isValid() and entry_id is not None:
            previous_id = int(previous.data(ENTRY_ID_ROLE))
            if not self.history_back or self.history_back[-1] != previous_id:
                self.history_back.append(previous_id)
                self.history_forward.clear()
        self.entry_panel.show_entry(entry_id)
        self.update_preview()

    def _select(self, entry_id: int, *, remember: bool = True) -> bool:
        index = self.model.index_of(entry_id)
        if not index.isValid():
            return False
        if self.stack.currentWidget() is not self.view and remember:
            self.search.clear()
            self.stack.setCurrentWidget(self.view)
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.entry_panel.show_entry(entry_id)
        return True

    def go_to(self, entry_id: int) -> None:
        """Show an entry (following a cross-reference, a search result, a finding)."""
        if self._select(entry_id):
            self.view.setFocus()

    def go_back(self) -> None:
        """Back to the entry shown before."""
        current = self.current_entry_id()
        while self.history_back:
            target = self.history_back.pop()
            if target != current and self._select_without_history(target):
                if current is not None:
                    self.history_forward.append(current)
                return

    def go_forward(self) -> None:
        """Forward again after Back."""
        current = self.current_entry_id()
        while self.history_forward:
            target = self.history_forward.pop()
            if self._select_without_history(target):
                if current is not None:
                    self.history_back.append(current)
                return

    def _select_without_history(self, entry_id: int) -> bool:
        self.view.selectionModel().blockSignals(True)
        try:
            found = self._select(entry_id)
        finally:
            self.view.selectionModel().blockSignals(False)
        self.update_preview()
        return found

    def jump_to_letter(self, letter: str) -> None:
        """Scroll to the first main heading filed under a letter."""
        index = self.model.first_main_from(letter)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _fill_filters(self) -> None:
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("All entries", "all")
        self.filter.addItem("No locators (dead ends)", "empty")
        self.filter.addItem("Recently edited", "recent")
        self.filter.addItem("Check findings", "findings")
        if self.document is not None:
            for name in self.document.groups():
                self.filter.addItem(f"Group: {name}", f"group:{name}")
        self.filter.blockSignals(False)

    def _filtered(self) -> list[int] | None:
        """Entry ids the filter allows, or None when it allows everything."""
        document, kind = self.document, str(self.filter.currentData() or "all")
        if document is None or kind == "all":
            return None
        if kind == "empty":
            return [entry.id for entry in document.entries_without_locators()]
        if kind == "recent":
            return [entry.id for entry in document.recently_edited()]
        if kind == "findings":
            panel = self.extra_docks["check"].widget() if "check" in self.extra_docks else None
            ids: list[int | None] = list(getattr(panel, "finding_entry_ids", lambda: [])())
            return [entry_id for entry_id in ids if entry_id is not None]
        return document.groups().get(kind.removeprefix("group:"), [])

    def run_search(self) -> None:
        """Narrow the view to the entries matching the search text (FTS5 and page queries) and the filter."""
        query = self.search.text().strip()
        allowed = self._filtered()
        if self.document is None or (not query and allowed is None):
            self.stack.setCurrentWidget(self.view)
            return
        try:
            if query:
                found = self.document.search(query, limit=500)
                if allowed is not None:
                    keep = set(allowed)
                    found = [entry for entry in found if entry.id in keep]
            else:
                found = [self.document.entry(entry_id) for entry_id in (allowed or [])[:500]]
        except EditError as error:
            self.statusBar().showMessage(str(error), 4000)
            return
        self.results.clear()
        for entry in found:
            item = QListWidgetItem(self.document.path_text(entry.id), self.results)
            item.setData(ENTRY_ID_ROLE, entry.id)
        self.stack.setCurrentWidget(self.results)
        self.statusBar().showMessage(f"{len(found)} entries match", 3000)

    def _result_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.entry_panel.show_entry(int(item.data(ENTRY_ID_ROLE)))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _preview_link(self, url: QUrl) -> None:
        if url.scheme() == "entry":
            self.go_to(int(url.path().strip("/") or url.host()))

    # -- status and preview ----------------------------------------------------------------------

    def apply_preferences(self) -> None:
        """The application preferences that change this window: the editor font."""
        stored = str(self.settings.value("view/font", "") or "")
        font = QFont()
        if stored and font.fromString(stored):
            for widget in (self.view, self.results, self.preview):
                widget.setFont(font)

    def update_status(self) -> None:
        """Rule set and counts in the status bar."""
        document = self.document
        if document is None:
            self.status_rules.setText("")
            self.status_counts.setText("No document")
            return
        self.status_rules.setText(f"{document.keys.options.rules.label} · {document.keys.options.language}")
        self.status_counts.setText(f"{document.entry_count():,} entries")
        self.status_counts.setToolTip("Every change is saved as you make it; there is no Save.")

    def update_preview(self) -> None:
        """The formatted index around the current entry, in the document's style."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None or not self.preview_dock.isVisible():
            self.preview.clear()
            return
        from xindex.gui.preview import preview_html

        self.preview.setHtml(preview_html(document, entry_id))

    # -- help ------------------------------------------------------------------------------------

    def keyboard_reference(self) -> None:
        """Every action with its shortcut."""
        rows = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                if action.text() and not action.isSeparator() and action.shortcut().toString():
                    name = action.text().replace("&", "")
                    rows.append(
                        f"<tr><td>{menu_action.text().replace('&', '')}</td><td>{name}</td>"
                        f"<td><b>{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>"
                    )
        extra = [
            ("Fast entry", "Commit the entry", "Enter"),
            ("Fast entry", "Clear", "Escape"),
            ("Pages", "Repeat the last locator", "Ctrl+R"),
            ("Pages", "Next / previous page", "Alt+Up / Alt+Down"),
            ("Pages", "Make the last page a range", "Ctrl+T"),
            ("Heading fields", "Italic / bold / small caps", "Ctrl+I / Ctrl+B / Ctrl+Shift+K"),
        ]
        rows += [f"<tr><td>{a}</td><td>{b}</td><td><b>{c}</b></td></tr>" for a, b, c in extra]
        QMessageBox.information(self, "Keyboard reference", "<table cellpadding=3>" + "".join(rows) + "</table>")

    def about(self) -> None:
        """Version and purpose."""
        QMessageBox.about(
            self,
            "About xindex",
            f"<h3>xindex {__version__}</h3><p>Back-of-book indexes, "
            "sorted by publishers' rules; one SQLite file per index; every edit saved.</p>",
        )

    # -- window events -----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept .xix (open) and interchange files (import)."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open a dropped .xix; import anything else into the open document."""
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.endswith(".xix"):
                self.open_path(path)
            elif self.document is not None:
                self.import_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the layout; close the document (nothing to save: it already is)."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.set_document(None)
        event.accept()
