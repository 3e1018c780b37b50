"""Completion as you type, the same in every field where a heading is typed.

The document's one matcher (:meth:`Document.complete`) finds the headings; here they are shown
(the heading's own markup and its pages, so “cubism” and “Cubism” can be told apart) and taken.
A :class:`Completer` attaches to any line edit: the first suggestion that begins with what is typed
is filled in, its rest selected (typing on replaces it); Tab takes the suggestion and goes to the
next field; Up and Down choose another; Enter takes it and commits; the first Escape closes the list
and drops the suggestion. A provider may complete only the end of the field (a reference's target
after “see also”): it says where the part being completed starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QWidget

from xindex.core.sorting import fold
from xindex.gui.delegate import MUTED, RichTextDelegate
from xindex.gui.fields import ACCEPT, CLOSE_LIST, NEXT_SUGGESTION, PREVIOUS_SUGGESTION, MarkupLineEdit
from xindex.gui.model import HTML_ROLE
from xindex.gui.preview import markup_html
from xindex.store import Completion

VISIBLE_ROWS = 8


class Suggestion(NamedTuple):
    """What a field offers: the text it puts in, the plain text it fills in as you type, and how it shows."""

    text: str
    plain: str
    html: str


def completion_html(found: Completion, *, whole_path: bool = False) -> str:
    """A heading as the lists show it: its markup (or its whole path), then its pages, muted."""
    heading = ": ".join(markup_html(term) for term in (found.terms if whole_path else found.terms[-1:]))
    pages = f'&nbsp;&nbsp;<span class="{MUTED}">{markup_html(found.pages)}</span>' if found.pages else ""
    return heading + pages


def heading_suggestion(found: Completion) -> Suggestion:
    """A heading for a heading field: it puts in the heading with its markup."""
    return Suggestion(found.entry.term, found.entry.plain, completion_html(found))


def path_suggestion(found: Completion) -> Suggestion:
    """A heading for a reference's target: it puts in the path as a reference names it, ``heading:
    subheading`` (an italic heading in its markup, ``<i>Nature</i>``: the roman one is another heading)."""
    return Suggestion(found.named, found.path, completion_html(found, whole_path=True))


def fill_list(widget: QListWidget, suggestions: list[Suggestion], data: list[object] | None = None) -> None:
    """Show suggestions in a list (the text for tests and screen readers, the HTML painted)."""
    widget.clear()
    for number, suggestion in enumerate(suggestions):
        item = QListWidgetItem(suggestion.text, widget)
        item.setData(HTML_ROLE, suggestion.html)
        item.setToolTip(suggestion.plain)
        if data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data[number])


class CompletionList(QListWidget):
    """The suggestions under a field: a frame inside the window, so it never takes the keyboard."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setItemDelegate(RichTextDelegate(self))
        self.setAccessibleName("Completions")
        self.hide()


Provider = Callable[[str, int], tuple[int, list[Suggestion]]]


class Completer(QObject):
    """Completion for one line edit. ``provider(text, cursor)`` says where the part being completed
    starts and what it could be."""

    taken = Signal()

    def __init__(self, field: QLineEdit, provider: Provider | None = None, *, tab_moves_on: bool = True) -> None:
        super().__init__(field)
        self.field = field
        self.tab_moves_on = tab_moves_on  # False: Tab takes the suggestion and stays (more may follow it)
        self.provider: Provider = provider or (lambda text, cursor: (0, []))
        self.typed = ""
        self.start = 0
        self.suggestions: list[Suggestion] = []
        self.popup: CompletionList | None = None
        field.installEventFilter(self)
        field.textEdited.connect(self._edited)

    def _list(self) -> CompletionList:
        if self.popup is None:
            self.popup = CompletionList(self.field.window())
            self.popup.itemClicked.connect(lambda item: self.take(self.popup.row(item) if self.popup else 0))
        return self.popup

    @property
    def listing(self) -> bool:
        """True while the completion list is open."""
        return self.popup is not None and self.popup.isVisible()

    def _edited(self, text: str) -> None:
        grew = text.startswith(self.typed) and len(text) > len(self.typed)
        self.suggest(text, inline=grew and self.field.cursorPosition() == len(text))

    def suggest(self, text: str | None = None, *, inline: bool = True) -> None:
        """Show the suggestions for the field's text; with ``inline``, fill in the first one that begins
        with what is typed, its rest selected."""
        field = self.field
        text = field.text() if text is None else text
        self.typed = text
        start, offered = self.provider(text, len(text)) if text.strip() else (0, [])
        typed = text[start:]
        exact = any(fold(suggestion.plain) == fold(typed) and suggestion.text == typed for suggestion in offered)
        self.start = start
        self.suggestions = [suggestion for suggestion in offered if suggestion.text != typed]
        if not self.suggestions:
            self.close_list(keep_suggestion=True)
            return
        popup = self._list()
        fill_list(popup, self.suggestions)
        rows = min(len(self.suggestions), VISIBLE_ROWS)
        height = popup.sizeHintForRow(0) * rows + 2 * popup.frameWidth() + 2
        corner = field.mapTo(field.window(), QPoint(0, field.height()))
        popup.setGeometry(corner.x(), corner.y(), max(field.width(), 320), height)
        popup.show()
        popup.raise_()
        first = self.suggestions[0].plain
        if inline and not exact and len(first) >= len(typed) and fold(first[: len(typed)]) == fold(typed):
            popup.setCurrentRow(0)  # Tab or Enter takes it, in its own spelling (“Lodz” → Łódź)
            if len(first) > len(typed):
                field.setText(text + first[len(typed) :])  # what was typed stays as typed
                field.setSelection(len(text) + len(first) - len(typed), len(typed) - len(first))
        else:
            popup.setCurrentRow(-1)  # what is typed is a heading already, or no suggestion begins with it

    def close_list(self, *, keep_suggestion: bool = False) -> None:
        """Close the list; without ``keep_suggestion`` the field goes back to what was typed."""
        if self.popup is not None:
            self.popup.hide()
        if not keep_suggestion and self.typed != self.field.text() and self.typed:
            self.field.setText(self.typed)
        self.typed = self.field.text()

    def take(self, row: int) -> None:
        """Put the suggestion in that row into the field and close the list."""
        if 0 <= row < len(self.suggestions):
            self.field.setText(self.typed[: self.start] + self.suggestions[row].text)
        self.close_list(keep_suggestion=True)
        self.taken.emit()

    def _current_row(self) -> int:
        return self.popup.currentRow() if self.popup is not None else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Tab, Up, Down, Escape and Enter work the suggestions while the list is open; leaving closes it."""
        if watched is not self.field:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.close_list(keep_suggestion=True)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or not self.listing:
            return False
        popup = self.popup
        assert popup is not None
        if ACCEPT.matches(event) or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self._current_row()
            if row >= 0:
                self.take(row)
            else:
                self.close_list(keep_suggestion=True)
            return ACCEPT.matches(event) and not self.tab_moves_on  # else the field goes on: Tab on, Enter commits
        if CLOSE_LIST.matches(event):
            self.close_list()
            return True
        if NEXT_SUGGESTION.matches(event) or PREVIOUS_SUGGESTION.matches(event):
            step = 1 if NEXT_SUGGESTION.matches(event) else -1
            row = max(0, min(popup.count() - 1, popup.currentRow() + step))
            popup.setCurrentRow(row)
            self.field.setText(self.typed[: self.start] + self.suggestions[row].text)
            return True
        return False


class CompletingLineEdit(MarkupLineEdit):
    """A heading field that completes from the headings the provider offers (``provider(typed)``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offer: Callable[[str], list[Suggestion]] = lambda typed: []
        self.completion = Completer(self, lambda text, _cursor: (0, self.offer(text.strip())))
        self.completion.taken.connect(lambda: self.set_pending(True))

    @property
    def popup(self) -> CompletionList | None:
        """The list of suggestions (None until first shown)."""
        return self.completion.popup

    @property
    def listing(self) -> bool:
        """True while the completion list is open."""
        return self.completion.listing

    def close_list(self, *, keep_suggestion: bool = False) -> None:
        """Close the list; without ``keep_suggestion`` the field goes back to what was typed."""
        self.completion.close_list(keep_suggestion=keep_suggestion)
