"""Small editing widgets shared by the fast-entry bar and the entry panel.

Every key a field handles itself is listed in a :class:`KeyBinding` table here: the fields
read their keys from it, the keyboard reference lists it, and a test holds it clear of the
window's shortcuts (a window shortcut would take the key before the field sees it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from xindex.core.abbreviations import ENDINGS, expansion_before
from xindex.core.locators import LocatorError, as_range, next_page, parse_and_merge
from xindex.core.pages_field import read_pages_field
from xindex.core.spelling import Speller
from xindex.gui.style import ERROR_COLOUR, underline

PENDING_STYLE = "background-color: #fff4d6;"  # an edit typed but not yet saved
INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR};"


@dataclass(frozen=True)
class KeyBinding:
    """A key a field handles itself."""

    keys: str
    where: str
    what: str

    def matches(self, event: QKeyEvent) -> bool:
        """True when the key event is this binding."""
        return QKeySequence(event.keyCombination()) == QKeySequence(self.keys)


ITALIC = KeyBinding("Ctrl+I", "Heading fields", "Italic")
BOLD = KeyBinding("Ctrl+B", "Heading fields", "Bold")
SMALL_CAPS = KeyBinding("Ctrl+Shift+K", "Heading fields", "Small caps")
UNDERLINE = KeyBinding("Ctrl+U", "Heading fields", "Underline")
MONOSPACE = KeyBinding("Ctrl+Shift+T", "Heading fields", "Monospace (code)")
ACCEPT = KeyBinding("Tab", "Fast entry", "Accept the completion and go to the next field")
CLOSE_LIST = KeyBinding("Esc", "Fast entry", "Close the completion list; a second Escape clears the bar")
NEXT_SUGGESTION = KeyBinding("Down", "Fast entry", "Next completion")
PREVIOUS_SUGGESTION = KeyBinding("Up", "Fast entry", "Previous completion")
REPEAT = KeyBinding("Ctrl+R", "Pages", "Repeat the previous entry's locator")
NEXT_PAGE = KeyBinding("Alt+Up", "Pages", "Step to the next page (after a range: the page after it)")
PREVIOUS_PAGE = KeyBinding("Alt+Down", "Pages", "Step to the previous page")
MAKE_RANGE = KeyBinding("Ctrl+T", "Pages", "Make the last page a range (a range: one page longer)")
TO_PAGES = KeyBinding("Ctrl+L", "Fast entry", "Go straight to Pages (its text selected: typing replaces it)")
TO_SORT_AS = KeyBinding("Ctrl+K", "Fast entry", "Go to Sort As for the last heading typed")
COMMIT = KeyBinding("Return", "Fields", "Save the field (fast entry: add the entry, from any field)")
REVERT = KeyBinding("Esc", "Entry panel", "Put back what is saved")
CLEAR_SEARCH = KeyBinding("Esc", "Search", "Clear the search: the whole index again")
TO_RESULTS = KeyBinding("Down", "Search", "Go to the results (Enter too)")
LEAVE_FILTER = KeyBinding("Esc", "Index", "Leave the search results, staying on the entry")

MARKUP_KEYS = (ITALIC, BOLD, SMALL_CAPS, UNDERLINE, MONOSPACE)
COMPLETION_KEYS = (ACCEPT, CLOSE_LIST, NEXT_SUGGESTION, PREVIOUS_SUGGESTION)
BAR_KEYS = (TO_PAGES, TO_SORT_AS)
LOCATOR_KEYS = (REPEAT, NEXT_PAGE, PREVIOUS_PAGE, MAKE_RANGE)
FIELD_KEYS = (
    *MARKUP_KEYS,
    *COMPLETION_KEYS,
    *BAR_KEYS,
    *LOCATOR_KEYS,
    COMMIT,
    REVERT,
    CLEAR_SEARCH,
    TO_RESULTS,
    LEAVE_FILTER,
)


def wrap_selection(field: QLineEdit, tag: str) -> None:
    """Wrap the selected text (or insert an empty pair at the cursor) in ``<tag>…</tag>``."""
    text = field.text()
    start = field.selectionStart()
    if start < 0:
        position = field.cursorPosition()
        field.setText(f"{text[:position]}<{tag}></{tag}>{text[position:]}")
        field.setCursorPosition(position + len(tag) + 2)
        return
    end = start + len(field.selectedText())
    field.setText(f"{text[:start]}<{tag}>{text[start:end]}</{tag}>{text[end:]}")
    field.setCursorPosition(end + 2 * len(tag) + 5)


def _undo_or_redo_key(event: QKeyEvent) -> str:
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo) or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Y"):
        return "redo"
    return ""


class EditField(QLineEdit):
    """A line edit whose Ctrl+Z undoes its own typing only while it has some; otherwise the key goes
    to the window, which undoes the last command (the entry just added, the term just saved).

    ``pending`` is True from the first key typed until the value is saved or put back; the field
    then shows a tint, so an unsaved edit is never invisible.
    """

    cancelled = Signal()
    pending_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending = False
        self._invalid = False
        self.show_pending = True
        self.textEdited.connect(lambda _text: self.set_pending(True))

    def event(self, event: QEvent) -> bool:
        """Let the window's Undo and Redo have the key when this field has nothing of its own to undo."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            which = _undo_or_redo_key(event)
            if (which == "undo" and not self.isUndoAvailable()) or (which == "redo" and not self.isRedoAvailable()):
                event.ignore()
                return False
        return super().event(event)

    @property
    def pending(self) -> bool:
        """True while the field holds typing that is not saved."""
        return self._pending

    def set_pending(self, pending: bool) -> None:
        """Mark the field as holding an unsaved edit (or not)."""
        if pending != self._pending:
            self._pending = pending
            self._restyle()
            self.pending_changed.emit(pending)

    def set_invalid(self, invalid: bool) -> None:
        """Mark the field's text as refused."""
        if invalid != self._invalid:
            self._invalid = invalid
            self._restyle()

    def _restyle(self) -> None:
        pending = PENDING_STYLE if self._pending and self.show_pending else ""
        style = pending + (INVALID_STYLE if self._invalid else "")
        self.setStyleSheet(f"QLineEdit {{ {style} }}" if style else "")

    def set_saved_text(self, text: str) -> None:
        """Show a saved value: not pending, and nothing for Ctrl+Z to undo in the field."""
        self.setText(text)
        self.set_pending(False)


class MarkupLineEdit(EditField):
    """A heading field: Ctrl+I italic, Ctrl+B bold, Ctrl+Shift+K small caps, as light markup tags; an
    abbreviation followed by a space or punctuation is expanded (:mod:`xindex.core.abbreviations`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.abbreviations: Callable[[], Mapping[str, str]] = dict  # the window gives the table in use
        self.speller: Callable[[], Speller | None] = lambda: None  # and the speller, with what accepting does
        self.accept_word: Callable[[str, bool], None] = lambda word, index_only: None
        self.unknown: list[tuple[int, int, str]] = []
        self.textChanged.connect(lambda _text: self.check_spelling())

    def check_spelling(self) -> None:
        """Underline the unknown words of the heading as it stands."""
        from xindex.gui.spelling import unknown_in_markup

        found = unknown_in_markup(self.speller(), self.text())
        if found or self.unknown:
            self.unknown = found
            underline(self, [(start, end) for start, end, _word in found])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """On an unknown word: what might be meant and the ways to accept it, then the usual actions."""
        speller = self.speller()
        place = self.cursorPositionAt(event.pos())
        word = next(((start, end, text) for start, end, text in self.unknown if start <= place <= end), None)
        standard = self.createStandardContextMenu()
        if speller is None or word is None:
            standard.exec(event.globalPos())
            return
        from xindex.gui.spelling import word_menu

        start, end, text = word
        menu = QMenu(self)

        def replace(suggestion: str) -> None:
            self.setSelection(start, end - start)
            self.insert(suggestion)
            self.set_pending(True)

        word_menu(menu, speller, text, replace, self.accept_word)
        menu.addActions(standard.actions())
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Markup shortcuts, abbreviations and Escape."""
        for binding, tag in zip(MARKUP_KEYS, ("i", "b", "sc", "u", "tt"), strict=True):
            if binding.matches(event):
                wrap_selection(self, tag)
                self.set_pending(True)
                return
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        if event.text() and event.text() in ENDINGS:
            self.expand_abbreviation()
        super().keyPressEvent(event)

    def expand_abbreviation(self) -> bool:
        """Replace the abbreviation just typed (before the cursor, or before a suggested rest) with its
        expansion, as one step Ctrl+Z takes back; True when there was one."""
        end = self.selectionStart() if self.hasSelectedText() else self.cursorPosition()
        found = expansion_before(self.text(), end, self.abbreviations())
        if found is None:
            return False
        start, expansion = found
        stop = self.selectionEnd() if self.hasSelectedText() else end
        self.setSelection(start, stop - start)
        self.insert(expansion)  # (as typed: an expansion may hold light markup, <i>Alnus</i>)
        return True


class LocatorLineEdit(EditField):
    """Locators validated as you type: a bad part is underlined in red and the parser's message is the tooltip.

    Ctrl+R repeats the last locator committed, Alt+Up / Alt+Down step to the next or previous page,
    Ctrl+T makes the last page a range (a range one page longer).
    """

    validity_changed = Signal(bool)
    error_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_locator = ""
        self.error = ""
        self.accepts_references = False  # the fast-entry bar's: "45; see also X" (xindex.core.pages_field)
        self.textChanged.connect(self._validate)

    def _validate(self, text: str) -> None:
        was_valid, old_error = not self.error, self.error
        try:
            parse_and_merge(read_pages_field(text).pages if self.accepts_references else text)
            self.error = ""
            underline(self, [])
        except LocatorError as error:
            self.error = str(error)
            start = max(0, text.find(error.part)) if error.part else error.position
            length = max(1, len(error.part)) if error.part else max(1, len(text) - start)
            underline(self, [(start, start + length)])
        self.setToolTip(
            self.error or "Locators, e.g. 12, 14-16, xii, 45n3, 77f, <b>112</b>, [46] (never joined with 45 or 47)"
        )
        self.set_invalid(bool(self.error))
        if was_valid != (not self.error):
            self.validity_changed.emit(not self.error)
        if old_error != self.error:
            self.error_changed.emit(self.error)

    @property
    def valid(self) -> bool:
        """True when the text parses."""
        return not self.error

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Locator shortcuts and Escape."""
        if event.matches(QKeySequence.StandardKey.Cancel) or event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif REPEAT.matches(event):
            self.repeat_last()
        elif NEXT_PAGE.matches(event) or PREVIOUS_PAGE.matches(event):
            self.step(1 if NEXT_PAGE.matches(event) else -1)
        elif MAKE_RANGE.matches(event):
            self.make_range()
        else:
            super().keyPressEvent(event)

    def _replace(self, text: str | None) -> None:
        if text is not None:
            self.setText(text)
            self.end(False)
            self.set_pending(True)

    def repeat_last(self) -> None:
        """Put the last committed locator back."""
        if self.last_locator:
            self._replace(self.last_locator)

    def step(self, delta: int) -> None:
        """Replace the last locator by the next page (``delta`` 1) or the previous one (-1)."""
        self._replace(next_page(self.text() or self.last_locator, delta))

    def make_range(self) -> None:
        """Turn the last page into a range ending on the following page; lengthen a range by one page."""
        self._replace(as_range(self.text() or self.last_locator))


class NotesEdit(QPlainTextEdit):
    """The notes field: Tab goes to the next field (no tab characters in notes); leaving it saves it."""

    left = Signal()
    pending_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._pending = False
        self.textChanged.connect(self._changed)
        self._loading = False
        self._saved = ""

    def _changed(self) -> None:
        # (the spelling underline changes formats, which Qt reports as a change too: only new text counts)
        if not self._loading and self.toPlainText() != self._saved:
            self.set_pending(True)

    @property
    def pending(self) -> bool:
        """True while the notes hold typing that is not saved."""
        return self._pending

    def set_pending(self, pending: bool) -> None:
        """Mark the notes as holding an unsaved edit (or not: what they show is then what is saved)."""
        if not pending:
            self._saved = self.toPlainText()
        if pending != self._pending:
            self._pending = pending
            self.setStyleSheet(f"QPlainTextEdit {{ {PENDING_STYLE} }}" if pending else "")
            self.pending_changed.emit(pending)

    def set_saved_text(self, text: str) -> None:
        """Show the saved notes."""
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self.set_pending(False)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Leaving the notes saves them."""
        super().focusOutEvent(event)
        self.left.emit()


class SearchField(QLineEdit):
    """The search box: Escape clears it, Down or Enter goes to the results."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape and Down (Enter is ``returnPressed``)."""
        if CLEAR_SEARCH.matches(event) and self.text():
            self.clear()
            return
        if TO_RESULTS.matches(event) or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leave.emit()
            return
        super().keyPressEvent(event)
