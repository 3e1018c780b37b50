"""Small editing widgets shared by the fast-entry bar and the entry panel."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QInputMethodEvent, QKeyEvent, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from xindex.core.locators import LocatorError, parse_and_merge

_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")


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


class MarkupLineEdit(QLineEdit):
    """A heading field: Ctrl+I italic, Ctrl+B bold, Ctrl+Shift+K small caps, as light markup tags."""

    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Markup shortcuts and Escape."""
        modifiers = event.modifiers()
        control = Qt.KeyboardModifier.ControlModifier
        if modifiers == control and event.key() == Qt.Key.Key_I:
            wrap_selection(self, "i")
        elif modifiers == control and event.key() == Qt.Key.Key_B:
            wrap_selection(self, "b")
        elif modifiers == control | Qt.KeyboardModifier.ShiftModifier and event.key() == Qt.Key.Key_K:
            wrap_selection(self, "sc")
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


class CompletingLineEdit(MarkupLineEdit):
    """A heading field that completes from the headings already in the document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestions = QStringListModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def offer(self, headings: list[str]) -> None:
        """Replace the completion list."""
        if headings != self.suggestions.stringList():
            self.suggestions.setStringList(headings)


class LocatorLineEdit(QLineEdit):
    """Locators validated as you type: a bad part is underlined in red and the parser's message is the tooltip.

    Ctrl+R repeats the last locator committed, Alt+Up / Alt+Down step the last page by one,
    Ctrl+T turns the last page into a range ending on the next page.
    """

    cancelled = Signal()
    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_locator = ""
        self.error = ""
        self.textChanged.connect(self._validate)

    def _validate(self, text: str) -> None:
        was_valid = not self.error
        try:
            parse_and_merge(text)
            self.error = ""
            self._underline(0, 0)
        except LocatorError as error:
            self.error = str(error)
            start = max(0, text.find(error.part)) if error.part else error.position
            self._underline(start, max(1, len(error.part)) if error.part else max(1, len(text) - start))
        self.setToolTip(self.error or "Locators, e.g. 12, 14-16, xii, 45n3, 77f, <b>112</b>")
        self.setProperty("invalid", bool(self.error))
        self.setStyleSheet("QLineEdit { border: 1px solid #c62828; }" if self.error else "")
        if was_valid != (not self.error):
            self.validity_changed.emit(not self.error)

    def _underline(self, start: int, length: int) -> None:
        # QLineEdit has no per-range formatting API; a preedit-free input method event carries text formats.
        attributes = []
        if length:
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            underline.setUnderlineColor(QColor("#c62828"))
            attributes.append(
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.AttributeType.TextFormat, start - self.cursorPosition(), length, underline
                )
            )
        self.inputMethodEvent(QInputMethodEvent("", attributes))

    @property
    def valid(self) -> bool:
        """True when the text parses."""
        return not self.error

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Locator shortcuts and Escape."""
        key, modifiers = event.key(), event.modifiers()
        control, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
        if event.matches(QKeySequence.StandardKey.Cancel) or key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif modifiers == control and key == Qt.Key.Key_R:
            self.repeat_last()
        elif modifiers == alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step(1 if key == Qt.Key.Key_Up else -1)
        elif modifiers == control and key == Qt.Key.Key_T:
            self.make_range()
        else:
            super().keyPressEvent(event)

    def repeat_last(self) -> None:
        """Put the last committed locator back."""
        if self.last_locator:
            self.setText(self.last_locator)
            self.end(False)

    def step(self, delta: int) -> None:
        """Move the last page number by ``delta`` (from the last locator when the field is empty)."""
        text = self.text() or self.last_locator
        match = _LAST_NUMBER.search(text)
        if not match:
            return
        page = max(1, int(match.group(1)) + delta)
        self.setText(text[: match.start()] + str(page) + text[match.end() :])
        self.end(False)

    def make_range(self) -> None:
        """Turn the last page into a range ending on the following page: ``45`` → ``45-46``."""
        text = self.text() or self.last_locator
        match = _LAST_NUMBER.search(text)
        if not match:
            return
        page = int(match.group(1))
        self.setText(f"{text[: match.end()]}-{page + 1}{text[match.end() :]}")
        self.end(False)
