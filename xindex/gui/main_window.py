"""The main window: the index as it will print, the fast-entry bar, the entry panel and the docks.

Every edit is a document command; afterwards the window takes the document's feed of changed
entries and the index model updates those rows only (:meth:`MainWindow.after_edit`), so every
action stays fast on 100,000 entries. Search and the filters narrow the same view: the matches
under their headings, in index order, with their locators.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QFont, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from xindex import __version__
from xindex.app import entries
from xindex.core.errors import UserError
from xindex.core.imported import ImportReport
from xindex.core.locators import LocatorError
from xindex.core.model import XRefKind
from xindex.core.spelling import Speller
from xindex.gui.entry_panel import EntryPanel
from xindex.gui.fast_entry import FastEntry
from xindex.gui.fields import MarkupLineEdit, SearchField
from xindex.gui.index_view import IndexView
from xindex.gui.keyboard import KeyboardReference, action_rows, field_rows
from xindex.gui.model import ENTRY_ID_ROLE, IndexModel
from xindex.gui.pickers import EntryPicker
from xindex.gui.replace_dialog import ReplaceDialog
from xindex.gui.spelling import USER_WORDS, NotesSpelling, user_words
from xindex.gui.spelling_window import SpellingWindow
from xindex.gui.undo import UndoBridge
from xindex.store import Document, DocumentError, EditError
from xindex.store.errors import CorruptFileError, StructureError, XindexDocumentError

ICONS = Path(__file__).resolve().parents[2] / "icons"
MAX_RECENT = 8
OPENABLE = "xindex documents (*.xix);;All files (*)"
IMPORTABLE = (".ixml", ".ximl", ".idx", ".csv", ".tsv", ".txt")
NO_DOCUMENT = "No index is open.\n\nFile ▸ New (Ctrl+N) starts one; File ▸ Open (Ctrl+O) opens one."
EMPTY_DOCUMENT = (
    "This index is empty.\n\nType a heading in the bar above (a subheading and pages if you like) "
    "and press Enter. File ▸ Import reads entries from IXML, XIML, makeindex .idx or CSV."
)
UNDO_START = "(before the first change)"

__all__ = ["ENTRY_ID_ROLE", "MainWindow", "icon"]  # ENTRY_ID_ROLE: the role of an entry's id in the view


class _AfterPaint(QObject):
    """Calls back once, after the next time a widget is painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The first paint: call back once the loop is free again, and go."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` just after ``widget`` is next painted (work that must not delay what is shown)."""
    _AfterPaint(widget, callback)


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
        self._settling = False
        self._export_dialog: QWidget | None = None
        self.setWindowIcon(icon("xindex"))
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.undo = UndoBridge(self.undo_stack, self.after_edit, lambda message: self.show_problem(message))

        self.model = IndexModel()
        self.view = IndexView(self.model, self)
        self.model.move_requested.connect(self._dropped, Qt.ConnectionType.QueuedConnection)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(lambda _index: self._open_current())
        self.view.escape_pressed.connect(self.leave_filter)
        self.view.expand_pressed.connect(self.expand_current)
        self.collapsed = False  # Collapse All: main headings only, but for those in self.expanded
        self.expanded: set[int] = set()

        self.fast_entry = FastEntry(self)
        self.fast_entry.committed.connect(self._entry_added)
        self.fast_entry.failed.connect(lambda _message: QApplication.beep())
        self.fast_entry.ask_similar = self._ask_similar
        self.fast_entry.ask_missing = self._ask_missing

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.run_search)
        self.search = SearchField(self)
        self.search.setPlaceholderText('Search: words, prefix*, "a phrase", AND/OR/NOT, a page (45, xii) — Ctrl+F')
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.leave.connect(self._to_results)

        self.filter = QComboBox(self)
        self.filter.setToolTip("Show only some entries")
        self.filter.setAccessibleName("Filter")
        self.filter.currentIndexChanged.connect(self._filter_chosen)
        self.edited_since: str = ""  # the moment the "Edited since…" filter shows changes from (UTC, ISO)
        self.opened_at: str = ""  # when the document was opened (UTC, ISO): "this session" starts there
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.filter)

        alphabet = QHBoxLayout()
        alphabet.setSpacing(0)
        self.letter_buttons: list[QToolButton] = []
        for letter in string.ascii_uppercase:
            button = QToolButton(self)
            button.setText(letter)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard types the letter in the index instead
            button.setToolTip(f"Jump to {letter} (or type {letter} in the index)")
            button.clicked.connect(lambda _=False, letter=letter: self.jump_to_letter(letter))
            alphabet.addWidget(button)
            self.letter_buttons.append(button)
        alphabet.addStretch(1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.fast_entry)
        layout.addLayout(search_row)
        layout.addLayout(alphabet)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.entry_panel = EntryPanel(self)
        self._spelling_off = ""  # why spell checking is off, once said
        self._speller_now: tuple[Speller | None] | None = None  # the open index's, until the next edit
        self._speller_due = False  # True from opening an index until its dictionary is read (after the first paint)
        self.fast_entry.prepare_levels(self._prepare_heading_field)
        self._prepare_heading_field(self.entry_panel.term)
        self.notes_spelling = NotesSpelling(self.entry_panel.notes.document(), self.speller, self)
        self.entry_panel.run_command = self.run_command
        self.entry_panel.edited.connect(self.after_edit, Qt.ConnectionType.QueuedConnection)
        self.entry_panel.failed.connect(lambda _message: QApplication.beep())
        self.entry_panel.navigate.connect(self.go_to)
        self.entry_panel.add_reference.connect(self.add_reference)
        self.entry_dock = self._dock("Entry", self.entry_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._preview_link)
        self.preview_dock = self._dock("Preview", self.preview, Qt.DockWidgetArea.RightDockWidgetArea)
        self.preview_dock.visibilityChanged.connect(lambda _visible: self.update_preview())
        self.undo_view = QUndoView(self.undo_stack, self)
        self.undo_view.setEmptyLabel(UNDO_START)
        self.undo_dock = self._dock("Undo History", self.undo_view, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.undo_dock.hide()
        self.keyboard = KeyboardReference(self)
        self.keyboard_dock = self._dock("Keyboard Reference", self.keyboard, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.keyboard_dock.hide()
        self.keyboard.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        self.extra_docks: dict[str, QDockWidget] = {}
        self.replace_dialog: ReplaceDialog | None = None
        self.spelling_window: SpellingWindow | None = None

        self.status_rules = QLabel(self)
        self.status_counts = QLabel(self)
        self.status_saved = QLabel(self)
        for label in (self.status_counts, self.status_rules, self.status_saved):
            self.statusBar().addPermanentWidget(label)

        self._make_actions()
        for first, second in (
            (self.fast_entry.pages, self.search),
            (self.search, self.filter),
            (self.filter, self.view),
            (self.view, self.entry_panel.term),
        ):
            QWidget.setTabOrder(first, second)
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
        needs: str = "",
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
        if needs == "document":
            self.document_actions.append(action)
        elif needs == "edit":
            self.edit_actions.append(action)
        elif needs == "entry":
            self.entry_actions.append(action)
        return action

    def _make_actions(self) -> None:
        self.document_actions: list[QAction] = []
        self.edit_actions: list[QAction] = []
        self.entry_actions: list[QAction] = []
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
        a(
            file_menu,
            "&Import…",
            self.import_dialog,
            "Ctrl+Shift+I",
            "Add entries from IXML, XIML, .idx, CSV",
            "",
            "edit",
        )
        self.export_action = a(
            file_menu,
            "&Export…",
            self.export_dialog,
            "Ctrl+Shift+E",
            "Write the finished index (DOCX, RTF, HTML, LaTeX…)",
            "export",
            "document",
        )
        # No shortcut: Ctrl+Shift+S (the platform's Save As) adds a See reference here.
        a(
            file_menu,
            "Save a &Copy…",
            self.save_copy,
            None,
            "Every edit is already saved; this writes a copy elsewhere",
            "",
            "document",
        )
        file_menu.addSeparator()
        a(
            file_menu,
            "&Preferences…",
            self.preferences,
            "Ctrl+Alt+,",
            "This computer's preferences: the editor font, the rule set for new indexes, export processes",
        )
        file_menu.addSeparator()
        a(file_menu, "&Close", self.close_document, QKeySequence.StandardKey.Close, "", "", "document")
        a(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setIcon(icon("redo"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        edit.addSeparator()
        self.new_main_action = a(
            edit,
            "New &Main Heading",
            lambda: self.start_entry("main"),
            "Ctrl+Return",
            "Type a new main heading in the fast-entry bar",
            "new-entry",
            "edit",
        )
        a(
            edit,
            "New &Subentry",
            lambda: self.start_entry("sub"),
            "Ctrl+Shift+Return",
            "Type a subentry of the current entry",
            "",
            "entry",
        )
        a(
            edit,
            "New S&ibling",
            lambda: self.start_entry("sibling"),
            "Ctrl+Alt+Return",
            "Type an entry at the current entry's level",
            "",
            "entry",
        )
        edit.addSeparator()
        delete = a(
            edit,
            "&Delete Entry",
            self.delete_entry,
            QKeySequence.StandardKey.Delete,
            "Delete the entry and its subentries",
            "delete",
            "entry",
        )
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(delete)  # Delete in a text field deletes text; in the index, the entry
        self.removeAction(delete)
        a(edit, "&Flip Heading and Subheading", self.flip_entry, "Ctrl+Shift+F", "", "", "entry")
        a(edit, "&Merge Into…", self.merge_entry, "Ctrl+Shift+M", "", "", "entry")
        a(edit, "Mo&ve Under…", self.move_entry, "Ctrl+Shift+V", "", "", "entry")
        a(edit, "&Copy To (double-post)…", self.copy_entry, "Ctrl+Shift+D", "", "", "entry")
        a(edit, "Add to &Group…", lambda: self.group_entries(remove=False), "Ctrl+Alt+G", "", "", "entry")
        a(edit, "Remove from Gro&up…", lambda: self.group_entries(remove=True), "Ctrl+Alt+Shift+G", "", "", "entry")
        a(edit, "Pages in &Bold", lambda: self.emphasise("bold"), "Ctrl+Alt+B", "", "", "entry")
        a(edit, "Pages in &Italic", lambda: self.emphasise("italic"), "Ctrl+Alt+I", "", "", "entry")
        a(edit, "Pages &Plain", lambda: self.emphasise("none"), "Ctrl+Alt+N", "", "", "entry")
        a(edit, "&Renumber Pages…", self.renumber_pages, "Ctrl+Shift+R", "", "", "edit")
        a(edit, "A&bbreviations…", self.edit_abbreviations, None, "Expansions typed in headings (wwii → World War II)")
        a(
            edit,
            "Find and Re&place…",
            self.find_and_replace,
            "Ctrl+H",
            "Replace text in headings, notes and Sort As across the index",
            "",
            "edit",
        )
        edit.addSeparator()
        a(edit, "Add &See…", lambda: self.add_reference(str(XRefKind.SEE)), "Ctrl+Shift+S", "", "", "entry")
        a(edit, "Add See &Also…", lambda: self.add_reference(str(XRefKind.SEE_ALSO)), "Ctrl+Shift+A", "", "", "entry")
        a(edit, "&Find", self._focus_search, QKeySequence.StandardKey.Find, "", "", "document")

        self.view_menu = bar.addMenu("&View")
        a(
            self.view_menu,
            "&Back",
            self.go_back,
            QKeySequence.StandardKey.Back,
            "Back to the previous entry",
            "back",
            "document",
        )
        a(self.view_menu, "&Forward", self.go_forward, QKeySequence.StandardKey.Forward, "", "forward", "document")
        self.view_menu.addSeparator()
        a(self.view_menu, "&Collapse All", self.collapse_all, "Ctrl+-", "Main headings only", "", "document")
        a(self.view_menu, "&Expand All", self.expand_all, "Ctrl+=", "Every entry", "", "document")
        self.view_menu.addSeparator()
        for dock in (self.entry_dock, self.preview_dock, self.undo_dock):
            self.view_menu.addAction(dock.toggleViewAction())

        index_menu = bar.addMenu("&Index")
        self.check_action = a(
            index_menu, "&Check", self.run_check, "F7", "Check the index before delivery", "check", "document"
        )
        a(
            index_menu,
            "Check S&pelling…",
            self.check_spelling,
            "Shift+F7",
            "Every word the dictionary does not know, with the entries that use it",
            "",
            "document",
        )
        a(index_menu, "Document &Settings…", self.document_settings, "Ctrl+,", "", "", "document")

        help_menu = bar.addMenu("&Help")
        a(help_menu, "&Keyboard Reference", self.keyboard_reference, QKeySequence.StandardKey.HelpContents)
        a(help_menu, "&About xindex", self.about)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("MainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action in (
            self.new_action,
            self.open_action,
            self.undo_action,
            self.redo_action,
            self.new_main_action,
            self.export_action,
            self.check_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _update_actions(self) -> None:
        document = self.document
        writable = document is not None and not document.readonly
        entry = writable and self.current_entry_id() is not None
        for action in self.document_actions:
            action.setEnabled(document is not None)
        for action in self.edit_actions:
            action.setEnabled(writable)
        for action in self.entry_actions:
            action.setEnabled(entry)
        for button in self.letter_buttons:
            button.setEnabled(document is not None)
        self.search.setEnabled(document is not None)
        self.filter.setEnabled(document is not None)

    # -- documents -----------------------------------------------------------------------------

    def settle_edits(self, doing: str) -> bool:
        """Save the entry panel's pending edits; when one cannot be saved, ask. False: stay as you are."""
        problem = self.entry_panel.settle()
        if not problem:
            return True
        entry = self.entry_panel.entry
        name = f"“{entry.plain}”" if entry else "the entry"
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Unsaved edit", f"An edit of {name} cannot be saved: {problem}.", parent=self
        )
        box.setInformativeText(f"Go back and fix it, or discard it and {doing}?")
        fix = box.addButton("Go Back and Fix", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Discard the Edit", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(fix)
        box.exec()
        if box.clickedButton() is fix:
            fields = self.entry_panel.pending_fields()
            if fields:
                fields[0].setFocus()
            return False
        self.entry_panel.discard()
        return True

    def set_document(self, document: Document | None) -> None:
        """Show a document (closing the previous one)."""
        if "check" in self.extra_docks:
            panel = self.extra_docks["check"].widget()
            stop = getattr(panel, "stop", None)
            if callable(stop):
                stop()
        if self.spelling_window is not None:  # (its words were the other document's)
            self.spelling_window.close()
            self.spelling_window = None
        if self.document is not None and self.document is not document:
            self.document.close()
        self.document = document
        self.opened_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        self._speller_now = None
        self._speller_due = True  # (its dictionary is read once the index shows, not before its first paint)
        after_next_paint(self.view.viewport(), self.load_speller)
        self.model.set_document(document)
        self.fast_entry.set_document(document)
        self.entry_panel.set_document(document)
        self.undo.load(document)
        self.history_back.clear()
        self.history_forward.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._fill_filters()
        title = "xindex"
        if document is not None:
            name = document.path.name
            heading = document.setting("title")
            readonly = " [read-only]" if document.readonly else ""
            title = f"{heading} — {name}{readonly} — xindex" if heading else f"{name}{readonly} — xindex"
            if document.warning:
                self.statusBar().showMessage(document.warning, 10000)
        self.setWindowTitle(title)
        self.view.empty_text = EMPTY_DOCUMENT if document is not None else NO_DOCUMENT
        if document is not None and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.update_status()
        self.update_preview()
        self._update_actions()

    def open_path(self, path: str) -> bool:
        """Open a document (read-only when another process is writing it); say why when it cannot be opened."""
        if not self.settle_edits("open another index"):
            return False
        try:
            document = Document.open(path, fallback_readonly=True)
        except StructureError as error:
            if not self._offer_repair(path, str(error)):
                return False
            return self.open_path(path)
        except CorruptFileError as error:
            salvaged = self._offer_salvage(path, str(error))
            return salvaged is not None and self.open_path(str(salvaged))
        except XindexDocumentError:
            converted = self._offer_conversion(path)
            return converted is not None and self.open_path(str(converted))
        except DocumentError as error:
            QMessageBox.warning(self, "Cannot open", str(error))
            return False
        self.set_document(document)
        self._remember(path)
        return True

    def _ask(self, icon: QMessageBox.Icon, title: str, text: str, informative: str, action: str) -> bool:
        """One question with an action (the default) and Cancel: whether the action was chosen."""
        box = QMessageBox(icon, title, text, parent=self)
        box.setInformativeText(informative)
        chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(chosen)
        box.exec()
        return box.clickedButton() is chosen

    def _offer_salvage(self, path: str, problem: str) -> Path | None:
        """A damaged document: offer to copy what can be read into a new one beside it (the file stays as it is)."""
        if not self._ask(
            QMessageBox.Icon.Warning,
            "The document is damaged",
            problem.split("; xindex salvage")[0] + ".",
            "xindex can copy what can still be read into a new document beside it; the damaged"
            " file is left exactly as it is.",
            "Salvage into a New Document",
        ):
            return None
        from xindex.store.salvage import salvage

        try:
            report = salvage(path)
        except DocumentError as error:
            QMessageBox.warning(self, "Cannot salvage", str(error))
            return None
        QMessageBox.information(self, "Salvaged", "\n".join(report.lines()[:8]))
        return report.path

    def _offer_conversion(self, path: str) -> Path | None:
        """A XindeX document: offer to convert it into a new xindex document beside it (it stays as it is)."""
        from xindex.formats.importers import ImportFileError
        from xindex.formats.xindexdb import convert_xindex_document, converted_name

        source = Path(path)
        target = converted_name(source)
        if not self._ask(
            QMessageBox.Icon.Question,
            "A XindeX document",
            f"{source.name} was made by XindeX, xindex's predecessor.",
            f"xindex can convert it into a new document beside it, {target.name}, with every entry, Sort As,"
            " page, cross-reference, group, note and setting; the XindeX document is left exactly as it is.",
            "Convert into a New Document",
        ):
            return None
        try:
            made, report = convert_xindex_document(source, target)
        except (ImportFileError, DocumentError, EditError) as error:
            QMessageBox.warning(self, "Cannot convert", str(error))
            return None
        self.statusBar().showMessage(f"Converted into {made.name}: {report}", 15000)
        return made

    def _offer_repair(self, path: str, problem: str) -> bool:
        """A document whose headings loop: offer to mend it (a backup is kept); True when it was mended."""
        if not self._ask(
            QMessageBox.Icon.Warning,
            "The document is damaged",
            problem.split("; repair")[0] + ".",
            "xindex can mend it: each loop is broken where one heading becomes a main heading. The file as it is now"
            f" is kept beside it as {Path(path).name}.before-repair.bak.",
            "Repair",
        ):
            return False
        try:
            done = Document.repair(path)
        except DocumentError as error:
            QMessageBox.warning(self, "Cannot repair", str(error))
            return False
        self.statusBar().showMessage("Repaired: " + "; ".join(done), 15000)
        return True

    def _remember(self, path: str) -> None:
        recent = [str(Path(path).absolute())]
        stored = self.settings.value("recent", [])
        recent += [item for item in (stored if isinstance(stored, list) else []) if item not in recent]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        """The recently opened documents that still exist (the missing ones are forgotten)."""
        stored = self.settings.value("recent", [])
        known = [str(item) for item in (stored if isinstance(stored, list) else [stored] if stored else [])]
        existing = [item for item in known if Path(item).is_file()]
        if existing != known:
            self.settings.setValue("recent", existing)
        return existing

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for item in recent:
            action = QAction(item, self.recent_menu)
            action.triggered.connect(lambda _=False, item=item: self.open_path(item))
            self.recent_menu.addAction(action)
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def new_document(self) -> None:
        """Create a document and open it."""
        if not self.settle_edits("start a new index"):
            return
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
        self.fast_entry.levels[0].setFocus()

    def open_dialog(self) -> None:
        """Choose a document to open."""
        path, _ = QFileDialog.getOpenFileName(self, "Open index", str(Path.home()), OPENABLE)
        if path:
            self.open_path(path)

    def close_document(self) -> None:
        """Close the document (everything is already saved)."""
        if self.settle_edits("close the index"):
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
        patterns = " ".join(f"*{suffix}" for suffix in IMPORTABLE)
        path, _ = QFileDialog.getOpenFileName(
            self, "Import", str(Path.home()), f"Index files ({patterns});;All files (*)"
        )
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        """Import a file into the open document as one undoable command."""
        if self.document is None or self.document.readonly:
            return
        try:
            from xindex.formats.importers import import_file

            document = self.document
            reports: list[ImportReport] = []
            self.run_command(lambda: reports.append(import_file(document, Path(path))))
        except (UserError, OSError) as error:
            QMessageBox.warning(self, "Cannot import", str(error))
            return
        self.after_edit()
        if reports:
            self.show_import_report(reports[0])

    def show_import_report(self, report: ImportReport) -> None:
        """What an import did, on the status bar; with its warnings and what it could not keep, also in a
        box that does not stop the work (the summary a person needs to check the result)."""
        first = str(report).split("\n", 1)[0]
        self.statusBar().showMessage(first, 15000)
        if report.warnings or report.losses or report.blind_xrefs:
            box = QMessageBox(QMessageBox.Icon.Information, "Imported", first, parent=self)
            details = [*report.warnings[:20], *(f"Not kept: {loss}" for loss in report.losses)]
            if report.blind_xrefs:
                count = report.blind_xrefs
                names = "1 cross-reference names" if count == 1 else f"{count} cross-references name"
                details.append(f"{names} no heading: Check lists them")
            box.setInformativeText("\n".join(details))
            box.setObjectName("import-report")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def export_dialog(self) -> None:
        """Open the export dialog (format, style, preview, progress, cancel); the window stays usable."""
        if self.document is None:
            return
        from xindex.gui.export_dialog import ExportDialog

        if self._export_dialog is not None and self._export_dialog.isVisible():
            self._export_dialog.raise_()
            self._export_dialog.activateWindow()
            return
        dialog = ExportDialog(self.document, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _object=None: setattr(self, "_export_dialog", None))
        self._export_dialog = dialog
        dialog.open()

    def run_check(self) -> None:
        """Run the check report in the background and show it in its panel."""
        if self.document is None:
            return
        from xindex.gui.check_panel import CheckPanel

        if "check" in self.extra_docks:
            dock = self.extra_docks["check"]
        else:
            panel = CheckPanel(self)
            panel.finished.connect(lambda _count: self._findings_changed())
            dock = self.add_dock("check", "Check", panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        check_panel = dock.widget()
        assert isinstance(check_panel, CheckPanel)
        dock.show()
        check_panel.run(self.document)

    def _findings_changed(self) -> None:
        if str(self.filter.currentData() or "") == "findings":
            self.run_search()

    def preferences(self) -> None:
        """The application's preferences (no document needed); applied at once when stored."""
        from xindex.gui.settings_dialog import PreferencesDialog

        if PreferencesDialog(self).exec():
            self.apply_preferences()

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

    def run_and_follow(self, action: Callable[[], object]) -> bool:
        """:meth:`run_command`, then the window follows the change (a dialog's edit; its errors are the
        dialog's to show)."""
        recorded = self.run_command(action)
        self.after_edit()
        return recorded

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
        self.after_edit(select=entry_id, focus_view=False)

    def after_edit(self, select: int | None = None, *, focus_view: bool = False, row: int | None = None) -> None:
        """Follow any change: the index model updates the rows of the entries that changed, the entry
        panel and the preview show what is stored, the status counts. ``select``: the entry to go to;
        ``row``: the row to go to (after a deletion, what came after the entries that went)."""
        document = self.document
        if document is None:
            return
        self._speller_now = None  # (the index's language or dictionary may have changed)
        changed = document.take_entry_changes()
        settling, self._settling = self._settling, True  # (rows going may move the current row for a moment:
        try:  # the entry to show is chosen below, once)
            self.model.apply_changes(changed)
        finally:
            self._settling = settling
        if select is None and row is not None and self.model.rowCount():
            select = self.model.entry_id(max(0, min(row, self.model.rowCount() - 1)))
        target = select if select is not None else self.current_entry_id()
        self._settling = True  # (the panel and the preview follow below, once)
        try:
            if target is not None and target in self.model.outline:
                self._select(target, remember=False)
            elif self.current_entry_id() is None and self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(min(self.model.rowCount() - 1, 0), 0))
        finally:
            self._settling = settling
        self.entry_panel.refresh(changed)
        if self.entry_panel.entry is None or self.entry_panel.entry.id != self.current_entry_id():
            self.entry_panel.show_entry(self.current_entry_id())
        if focus_view:
            self.view.setFocus()
        self.update_status()
        self.update_preview()
        self._update_actions()

    def current_entry_id(self) -> int | None:
        """The entry the user is on."""
        return self.view.current_entry_id()

    def show_problem(self, message: str) -> None:
        """A refused edit: say why in the status bar; nothing was changed."""
        self.statusBar().showMessage(f"Not saved: {message}", 8000)
        QApplication.beep()

    def _ask_missing(self, kind: XRefKind, target: str) -> str:
        """A reference typed to a heading that does not exist: create the heading, make the reference
        generic (it prints the words and points at no entry), or go back to the typing."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "No such heading",
            f"There is no heading “{target}” for “{kind} {target}” to refer to.",
            parent=self,
        )
        box.setInformativeText(
            "Create it as a heading (write heading: subheading for a subentry), make the reference generic"
            " (it prints these words and points at no entry), or go back and change it?"
        )
        create = box.addButton(f"Create “{target}”", QMessageBox.ButtonRole.AcceptRole)
        generic = box.addButton("Generic reference", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(create)
        box.exec()
        clicked = box.clickedButton()
        return "create" if clicked is create else "generic" if clicked is generic else "cancel"

    def _ask_similar(self, similar: list[tuple[int, str, str]]) -> str:
        """Adding a heading that differs from an existing one only by case or accents: which is meant?"""
        _, typed, existing = similar[0]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "A heading like this exists",
            f"“{typed}” differs from the existing heading “{existing}” only by case or accents.",
            parent=self,
        )
        box.setInformativeText(f"Use “{existing}”, or add “{typed}” as a heading of its own?")
        use = box.addButton(f"Use “{existing}”", QMessageBox.ButtonRole.AcceptRole)
        add = box.addButton(f"Add “{typed}”", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(use)
        box.exec()
        clicked = box.clickedButton()
        return "existing" if clicked is use else "new" if clicked is add else "cancel"

    def start_entry(self, kind: str) -> None:
        """Start typing a new main heading, a subentry of the current entry, or a sibling."""
        path: list[str] = []
        if self.document is not None and (current := self.current_entry_id()) is not None:
            path = [entry.term for entry in self.document.ancestry(current)]
        if kind == "main":
            self.fast_entry.start([], 0)
        elif kind == "sub":
            self.fast_entry.start(path, len(path))  # (at any depth: the bar grows a level for it)
        else:
            self.fast_entry.start(path, max(0, len(path) - 1))

    def _attempt(self, action: Callable[[], object], select: int | None = None) -> None:
        try:
            self.run_command(action)
        except (DocumentError, EditError, LocatorError) as error:
            self.show_problem(str(error))
            return
        self.after_edit(select=select)

    def chosen_entries(self) -> list[int]:
        """The selected entries (several for a batch), else the current one."""
        return self.view.selected_entry_ids()

    def delete_entries(self, chosen: list[int]) -> None:
        """Delete several entries as one undo step, after one question listing what goes (default No)."""
        document = self.document
        if document is None or document.readonly:
            return
        found = entries.batch_consequences(document, chosen)
        count = len(found.names)
        question = f"Delete “{found.names[0]}”?" if count == 1 else f"Delete these {count} entries?"
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete entries", question, parent=self)
        box.setInformativeText("\n".join(found.lines()) + "\nUndo (Ctrl+Z) brings everything back.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        row = min(self.model.row_of(entry_id) for entry_id in chosen)
        try:
            self.run_command(lambda: entries.delete_many(document, chosen))
        except UserError as error:
            self.show_problem(str(error))
            return
        self.after_edit(row=row)

    def delete_entry(self) -> None:
        """Delete the current entry (or the selected ones); ask first when subentries go with it or other
        entries refer to it."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None or document.readonly:
            return
        chosen = self.chosen_entries()
        if len(chosen) > 1:
            self.delete_entries(chosen)
            return
        found = entries.consequences(document, entry_id)
        lines = found.lines()
        if lines:
            box = QMessageBox(QMessageBox.Icon.Warning, "Delete entry", f"Delete “{found.name}”?", parent=self)
            box.setInformativeText("\n".join(lines) + "\nUndo (Ctrl+Z) brings everything back.")
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        row = self.view.currentIndex().row()
        try:
            self.run_command(lambda: entries.delete(document, entry_id, force=True))
        except (DocumentError, EditError) as error:
            self.show_problem(str(error))
            return
        self.after_edit(row=row)

    def _pick(
        self, title: str, *, allow_generic: bool = False, allow_top: bool = False, exclude: set[int] | None = None
    ) -> EntryPicker | None:
        if self.document is None or self.document.readonly:
            return None
        picker = EntryPicker(
            self.document, title, allow_generic=allow_generic, allow_top=allow_top, exclude=exclude, parent=self
        )
        return picker if picker.exec() else None

    def add_reference(self, kind: str) -> None:
        """Add a See / See also to the current entry through the target picker."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        picker = self._pick(f"{kind.capitalize()}: choose the target", allow_generic=True, exclude={entry_id})
        if picker is None:
            return
        target, text = picker.chosen(), picker.generic_text()
        self._attempt(
            lambda: document.add_xref(entry_id, kind, target_id=target, text=text if target is None else ""),
            select=entry_id,
        )

    def _below_any(self, chosen: list[int]) -> set[int]:
        """The chosen entries with every subentry of theirs (what a batch may not be moved under)."""
        document = self.document
        assert document is not None
        return {below for entry_id in chosen for below in document.subtree_ids(entry_id)}

    def merge_entry(self) -> None:
        """Merge the current entry (or the selected ones) into another (neither they nor their subentries
        are offered)."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        chosen = self.chosen_entries()
        if len(chosen) > 1:
            picker = self._pick(f"Merge {len(chosen)} entries into…", exclude=self._below_any(chosen))
            into = picker.chosen() if picker else None
            if into is not None:
                self._attempt(lambda: entries.merge_many(document, chosen, into), select=into)
            return
        picker = self._pick("Merge into…", exclude=set(document.subtree_ids(entry_id)))
        if picker and (target := picker.chosen()) is not None:
            self._attempt(lambda: entries.merge(document, entry_id, target), select=target)

    def move_entry(self, destination: int | None = None, *, ask: bool = True) -> None:
        """Move the current entry under another (or make it a main heading)."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        chosen = self.chosen_entries()
        if len(chosen) > 1:
            picker = self._pick(f"Move {len(chosen)} entries under…", allow_top=True, exclude=self._below_any(chosen))
            if picker is not None:
                where = picker.chosen()
                self._attempt(lambda: entries.move_many(document, chosen, where), select=chosen[0])
            return
        if ask:
            picker = self._pick("Move under…", allow_top=True, exclude=set(document.subtree_ids(entry_id)))
            if picker is None:
                return
            destination = picker.chosen()
        self._attempt(lambda: entries.move(document, entry_id, destination), select=entry_id)

    def _dropped(self, entry_id: int, target: int | None) -> None:
        document = self.document
        if document is not None:
            self._attempt(lambda: entries.move(document, entry_id, target), select=entry_id)

    def copy_entry(self) -> None:
        """Double-post the current entry under another heading."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        chosen = self.chosen_entries()
        if len(chosen) > 1:
            picker = self._pick(
                f"Copy (double-post) {len(chosen)} entries under…", allow_top=True, exclude=self._below_any(chosen)
            )
            if picker is not None:
                where = picker.chosen()
                self._attempt(lambda: entries.copy_many(document, chosen, where), select=entry_id)
            return
        picker = self._pick("Copy (double-post) under…", allow_top=True, exclude=set(document.subtree_ids(entry_id)))
        if picker:
            destination = picker.chosen()
            self._attempt(lambda: entries.copy(document, entry_id, destination), select=entry_id)

    def flip_entry(self) -> None:
        """Swap the current subheading with its heading, and go to the flipped entry."""
        document, entry_id = self.document, self.current_entry_id()
        if document is None or entry_id is None:
            return
        flipped: list[int] = []
        try:
            self.run_command(lambda: flipped.append(entries.flip(document, entry_id)))
        except (DocumentError, EditError) as error:
            self.show_problem(str(error))
            return
        self.after_edit(select=flipped[0] if flipped else None)

    def find_and_replace(self) -> None:
        """Find and Replace across the index, previewed; Replace All is one undo step."""
        if self.document is None or self.document.readonly:
            return

        dialog = ReplaceDialog(self.document, self.run_and_follow, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.search.text().strip():
            dialog.find_field.setText(self.search.text().strip())
        self.replace_dialog = dialog
        dialog.finished.connect(self._replace_closed)
        dialog.open()
        dialog.activateWindow()
        dialog.find_field.setFocus()

    def check_spelling(self) -> None:
        """The Check Spelling window, checking the whole index in the background."""
        if self.document is None:
            return
        if self.spelling_window is None:
            self.spelling_window = SpellingWindow(self, user_words(self.settings), self)
        self.spelling_window.also = user_words(self.settings)
        self.spelling_window.show()
        self.spelling_window.raise_()
        self.spelling_window.activateWindow()
        self.spelling_window.run()

    def replace_word(self, word: str) -> None:
        """Find and Replace on one word (whole words, as typed), to correct it everywhere."""
        self.find_and_replace()
        if self.replace_dialog is not None:
            self.replace_dialog.find_field.setText(word)
            self.replace_dialog.whole_word.setChecked(True)
            self.replace_dialog.replace_field.setFocus()

    def _prepare_heading_field(self, field: MarkupLineEdit) -> None:
        field.abbreviations = self.abbreviations
        field.speller = self.speller
        field.accept_word = self.accept_word

    def load_speller(self) -> None:
        """Read the index's dictionary (0.2 s, once per language) after the first paint, then check what shows."""
        self._speller_due = False
        self.speller()
        for heading_field in (*self.fast_entry.levels, self.entry_panel.term):
            heading_field.check_spelling()
        self.notes_spelling.rehighlight()

    def speller(self) -> Speller | None:
        """The open index's speller (its language, its dictionary and this computer's words), or None when
        there is no index, no dictionary for its language (the status bar says so, once) or it is not read
        yet (:meth:`load_speller`)."""
        document = self.document
        if document is None or self._speller_due:
            return None
        if self._speller_now is None:  # (read once after each edit, not at every keystroke)
            from xindex.app.spelling import speller_for

            found = speller_for(document, also=user_words(self.settings))
            if isinstance(found, str):
                if found != self._spelling_off:
                    self.statusBar().showMessage(found[:1].upper() + found[1:] + ".", 8000)
                self._spelling_off = found
            self._speller_now = (found if isinstance(found, Speller) else None,)
        return self._speller_now[0]

    def accept_word(self, word: str, index_only: bool) -> None:
        """Accept a word in this index's dictionary (one undo step) or in this computer's."""
        document = self.document
        if index_only and document is not None and not document.readonly:
            from xindex.app.spelling import accept

            self._attempt(lambda: accept(document, [word]))
        elif not index_only:
            self.settings.setValue(USER_WORDS, [*user_words(self.settings), word.lower()])
        self._speller_now = None
        for heading_field in (*self.fast_entry.levels, self.entry_panel.term):
            heading_field.check_spelling()
        self.notes_spelling.rehighlight()

    def abbreviations(self) -> dict[str, str]:
        """The table the heading fields expand from (this computer's, the document's winning)."""
        from xindex.gui.abbreviations_dialog import abbreviations_in_use

        return abbreviations_in_use(self.document, self.settings)

    def edit_abbreviations(self) -> None:
        """The abbreviations manager: this index's table (one undo step) and this computer's."""
        from xindex.gui.abbreviations_dialog import AbbreviationsDialog

        AbbreviationsDialog(self.document, self.run_and_follow, self).exec()

    def group_entries(self, *, remove: bool) -> None:
        """Put the selected entries (or the current one) in a group, or take them out, as one undo step."""
        document = self.document
        chosen = self.chosen_entries()
        if document is None or document.readonly or not chosen:
            return
        names = sorted(document.groups(), key=str.casefold)
        if remove and not names:
            self.show_problem("there are no groups")
            return
        what = "Remove from group" if remove else "Add to group"
        name, ok = QInputDialog.getItem(
            self, what, f"{what} ({len(chosen)} entr{'y' if len(chosen) == 1 else 'ies'}):", names, 0, not remove
        )
        if not ok or not name.strip():
            return
        self._attempt(lambda: entries.group(document, name.strip(), chosen, remove=remove))
        self._fill_filters()
        self._reselect(chosen)

    def emphasise(self, emphasis: str) -> None:
        """Set the pages of the selected entries (or the current one) in bold or italic, or plain."""
        document = self.document
        chosen = self.chosen_entries()
        if document is not None and not document.readonly and chosen:
            self._attempt(lambda: entries.emphasise_many(document, chosen, emphasis))
            self._reselect(chosen)

    def _reselect(self, chosen: list[int]) -> None:
        """Select these entries again after a batch that keeps them (the next batch may act on them too)."""
        selection = self.view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for entry_id in chosen:
            row = self.model.row_of(entry_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)

    def _replace_closed(self, _result: int) -> None:
        """Let a closed Find and Replace go with its preview (at 100,000 entries, tens of MB)."""
        if self.replace_dialog is not None:
            self.replace_dialog.found = []
        self.replace_dialog = None

    def renumber_pages(self) -> None:
        """Shift every locator from a page on by some pages (repagination)."""
        document = self.document
        if document is None or document.readonly:
            return
        text, ok = QInputDialog.getText(self, "Renumber pages", "From page, shift (e.g. “120 +2”, “xii -1”):")
        if not ok or not text.strip():
            return
        words = text.split()
        try:
            if len(words) != 2:
                raise EditError("write the first page and the shift, e.g. “120 +2”")
            renumbering = entries.parse_renumbering(words[0], words[1])
        except EditError as error:
            self.show_problem(str(error))
            return
        self._attempt(lambda: entries.renumber(document, renumbering))

    # -- navigation ------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._settling:
            return
        entry_id = self.current_entry_id()
        shown = self.entry_panel.entry.id if self.entry_panel.entry is not None else None
        if shown is not None and shown != entry_id and not self.settle_edits("go to another entry"):
            back = self.model.index_of(shown)
            if back.isValid():
                self._settling = True
                try:
                    self.view.selectionModel().setCurrentIndex(
                        back, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                    )
                finally:
                    self._settling = False
                fields = self.entry_panel.pending_fields()
                if fields:
                    QTimer.singleShot(0, fields[0].setFocus)
                return
        if (
            shown is not None
            and entry_id is not None
            and shown != entry_id
            and (not self.history_back or self.history_back[-1] != shown)
        ):
            self.history_back.append(shown)
            self.history_forward.clear()
        if shown != entry_id:
            self.entry_panel.show_entry(entry_id)
        self.update_preview()
        self._update_actions()

    def _select(self, entry_id: int, *, remember: bool = True) -> bool:
        if entry_id not in self.model.outline:
            return False
        if self.model.row_of(entry_id) < 0:
            self.model.reveal(entry_id)
        row = self.model.row_of(entry_id)
        if row < 0:
            return False
        if remember:
            self.view.go_to_row(row)
        else:
            index = self.model.index(row, 0)
            if self.view.currentIndex() != index:
                self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return True

    def go_to(self, entry_id: int) -> None:
        """Show an entry (following a cross-reference, a finding); a filtered view keeps its filter."""
        if self._select(entry_id):
            self.view.setFocus()

    def _open_current(self) -> None:
        """Enter or a double-click on a row: edit it in the entry panel (the view keeps its filter)."""
        if self.current_entry_id() is not None and self.entry_panel.term.isEnabled():
            self.entry_dock.show()
            self.entry_panel.term.setFocus()
            self.entry_panel.term.selectAll()

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
        if not self.settle_edits("go to another entry"):
            return False
        self._settling = True
        try:
            found = self._select(entry_id, remember=False)
        finally:
            self._settling = False
        self.entry_panel.show_entry(self.current_entry_id())
        self.update_preview()
        return found

    def jump_to_letter(self, letter: str) -> None:
        """Go to the first main heading filed under a letter."""
        row = self.model.first_row_from(letter)
        if row >= 0:
            self.view.go_to_row(row, top=True)

    def _fill_filters(self) -> None:
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("All entries", "all")
        self.filter.addItem("No locators (dead ends)", "empty")
        self.filter.addItem("Recently edited", "recent")
        self.filter.addItem("Edited since…", "since")
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
        if kind == "since":
            return document.edited_since(self.edited_since)
        if kind == "findings":
            panel = self.extra_docks["check"].widget() if "check" in self.extra_docks else None
            ids: list[int | None] = list(getattr(panel, "finding_entry_ids", lambda: [])())
            return [entry_id for entry_id in ids if entry_id is not None]
        return document.groups().get(kind.removeprefix("group:"), [])

    def run_search(self) -> None:
        """Narrow the view to the entries matching the search text (FTS5 and page queries) and the filter:
        every match, under its headings, in index order, with its locators."""
        self._search_timer.stop()
        document = self.document
        if document is None:
            return
        query = self.search.text()
        allowed = self._filtered()
        current = self.current_entry_id()
        if not query.strip() and allowed is None:
            if self.collapsed or self.model.filtered:
                self._settling = True
                try:
                    if not self.collapsed:
                        self.model.set_filter(None)
                    elif self.expanded:
                        self.model.set_filter(self._collapsed_ids())
                    else:
                        self.model.outline.main_headings_only(self.model)
                finally:
                    self._settling = False
                self.view.empty_text = EMPTY_DOCUMENT
                self._restore(self._shown_from(current))
            self.update_status()
            return
        try:
            found = document.match_ids(query, as_you_type=True) if query.strip() else None
        except EditError as error:
            self.statusBar().showMessage(str(error), 4000)
            return
        ids = set(allowed or ()) if found is None else found if allowed is None else found & set(allowed)
        self._settling = True
        try:
            self.model.set_filter(ids)
        finally:
            self._settling = False
        what = f"“{query.strip()}”" if query.strip() else f"the filter “{self.filter.currentText()}”"
        self.view.empty_text = f"No entries match {what}.\n\nEscape in the search box (or the index) clears the search."
        if current is not None and self.model.row_of(current) >= 0 and current in ids:
            self._restore(current)
        else:
            first = next((row for row, entry_id in enumerate(self.model.outline.rows) if entry_id in ids), -1)
            self._restore(self.model.entry_id(first) if first >= 0 else None)
        self.update_status()

    def _restore(self, entry_id: int | None) -> None:
        """After the rows were replaced: the current entry again (or none), without asking the panel."""
        self._settling = True
        try:
            if entry_id is not None and self._select(entry_id, remember=False):
                pass
            elif self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(0, 0))
        finally:
            self._settling = False
        shown = self.entry_panel.entry.id if self.entry_panel.entry is not None else None
        if shown != self.current_entry_id() and self.settle_edits("go to another entry"):
            self.entry_panel.show_entry(self.current_entry_id())
        self.update_preview()
        self._update_actions()

    def _filter_chosen(self, _index: int) -> None:
        """A filter was chosen; "Edited since…" first asks since when."""
        if str(self.filter.currentData() or "") == "since":
            asked = self.ask_edited_since()
            self.filter.blockSignals(True)
            if asked is None:
                self.filter.setCurrentIndex(0)
            else:
                label, self.edited_since = asked
                self.filter.setItemText(self.filter.currentIndex(), f"Edited in {label}")
            self.filter.blockSignals(False)
        self.run_search()

    def ask_edited_since(self) -> tuple[str, str] | None:
        """Since when the "Edited since…" filter shows changes (in words, and the moment in UTC, ISO), or None
        when the person cancels."""
        now = dt.datetime.now().astimezone()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        choices = {
            "this session": self.opened_at or now.isoformat(),
            "the last hour": (now - dt.timedelta(hours=1)).isoformat(),
            "today": midnight.isoformat(),
            "yesterday and today": (midnight - dt.timedelta(days=1)).isoformat(),
            "the last 7 days": (midnight - dt.timedelta(days=7)).isoformat(),
        }
        choice, ok = QInputDialog.getItem(self, "Edited since", "Show the entries edited in:", list(choices), 0, False)
        if not ok:
            return None
        moment = dt.datetime.fromisoformat(choices[choice]).astimezone(dt.UTC)
        return choice, moment.isoformat(timespec="microseconds")

    # -- collapse and expand ------------------------------------------------------------------

    def _collapsed_ids(self) -> set[int]:
        """What a collapsed index shows: the main headings, and everything under the expanded ones."""
        outline = self.model.outline
        shown = set(outline.children(None))
        for heading in self.expanded:
            if heading in outline:
                shown.update(outline.subtree(heading))
        return shown

    def _shown_from(self, entry_id: int | None) -> int | None:
        """The entry, or when a collapsed index hides it, the heading above it that is shown."""
        if entry_id is None or not self.collapsed:
            return entry_id
        shown = self._collapsed_ids()
        return next((heading for heading in self.model.outline.chain(entry_id) if heading in shown), None)

    def collapse_all(self) -> None:
        """Show the main headings only (Right shows one's subentries again); a search shows everything."""
        self._set_collapsed(True)

    def expand_all(self) -> None:
        """Show every entry again."""
        self._set_collapsed(False)

    def _set_collapsed(self, collapsed: bool) -> None:
        if self.document is None:
            return
        self.collapsed, self.expanded = collapsed, set()
        self._clear_search_and_filter()
        self.run_search()

    def expand_current(self, expand: bool) -> None:
        """Right: show the current heading's subentries in a collapsed index; Left: hide them again (from a
        subentry, its main heading's)."""
        entry_id = self.current_entry_id()
        if not self.collapsed or entry_id is None or self._narrowed():
            return
        outline = self.model.outline
        self._settling = True
        try:
            if expand:
                if not outline.has_children(entry_id) or entry_id in self.expanded:
                    return
                self.expanded.add(entry_id)
                outline.show_below(entry_id, self.model)
            else:
                chain = outline.chain(entry_id)  # the nearest expanded heading at or above it, else its main one
                heading = next((above for above in chain if above in self.expanded), chain[-1])
                self.expanded = {kept for kept in self.expanded if heading not in outline.chain(kept)}
                outline.hide_below(heading, self.model)
                entry_id = heading
        finally:
            self._settling = False
        self._restore(entry_id)
        self.update_status()

    def _narrowed(self) -> bool:
        """A search or a filter narrows the view (a collapsed index then shows what they find)."""
        return bool(self.search.text().strip()) or str(self.filter.currentData() or "all") != "all"

    def _clear_search_and_filter(self) -> None:
        for widget, clear in ((self.search, self.search.clear), (self.filter, lambda: self.filter.setCurrentIndex(0))):
            widget.blockSignals(True)
            clear()
            widget.blockSignals(False)

    def leave_filter(self) -> None:
        """Escape in a filtered index: the whole index again, on the same entry."""
        if self.model.filtered:
            self._clear_search_and_filter()
            self.run_search()
            self.view.setFocus()

    def _to_results(self) -> None:
        """Down or Enter in the search box: to the first result (or the current entry)."""
        self.run_search()
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus()

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
            for widget in (self.view, self.preview):
                widget.setFont(font)

    def update_status(self) -> None:
        """Rule set, counts and the saved state in the status bar."""
        document = self.document
        if document is None:
            self.status_rules.setText("")
            self.status_counts.setText("No document")
            self.status_saved.setText("")
            self.status_saved.setToolTip("")
            return
        self.status_rules.setText(f"{document.keys.options.rules.label} · {document.keys.options.language}")
        total = f"{document.entry_count():,} entries"
        matches = self.model.outline.matches
        if matches is not None and self.collapsed and not self._narrowed():
            self.status_counts.setText(f"{len(self.model.outline.rows):,} shown, collapsed · {total}")
        else:
            self.status_counts.setText(f"{len(matches):,} matching · {total}" if matches is not None else total)
        if document.readonly:
            self.status_saved.setText("read-only")
            self.status_saved.setToolTip("This document is open read-only; nothing can be changed.")
        else:
            self.status_saved.setText("✓ saved")
            self.status_saved.setToolTip("Every change is saved as you make it; there is no Save command.")

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
        """Every shortcut and field key, searchable, in a dock beside the index."""
        extra = [
            ("Fast entry", "Add the entry (from any field)", "Return"),
            ("Index", "Go to the first heading filed at the letters typed", "A–Z"),
            ("Index", "First / last entry", "Home / End"),
            ("Index", "Edit the entry in the entry panel", "Return"),
        ]
        self.keyboard.set_rows([*action_rows(self.menuBar()), *field_rows(), *extra])
        if not self.keyboard_dock.isVisible():
            self.keyboard_dock.show()
            self.resizeDocks(
                [self.keyboard_dock], [self.fontMetrics().horizontalAdvance("M") * 36], Qt.Orientation.Horizontal
            )
        self.keyboard_dock.raise_()
        self.keyboard.filter.setFocus()

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
        """Accept files (what they are is said on the drop)."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open a dropped .xix; import a file xindex can read; say so for anything else."""
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            suffix = Path(path).suffix.lower()
            if suffix == ".xix":
                self.open_path(path)
            elif suffix in IMPORTABLE and self.document is not None and not self.document.readonly:
                self.import_path(path)
            elif suffix in IMPORTABLE:
                QMessageBox.information(
                    self,
                    "Nothing to import into",
                    f"Open or create an index first, then drop {Path(path).name} on it to import its entries.",
                )
            else:
                kinds = ", ".join([".xix", *IMPORTABLE])
                QMessageBox.warning(
                    self,
                    "Not an index file",
                    f"{Path(path).name or path} is not a file xindex opens or imports ({kinds}).",
                )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Remember the layout; close the document (nothing to save: it already is)."""
        if not self.settle_edits("close the window"):
            event.ignore()
            return
        if self._export_dialog is not None and not self._export_dialog.close():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.set_document(None)
        event.accept()
