"""What the editor's widgets share in how they look: the colour of what cannot be saved or is not known,
and the wavy underline under it (a bad locator, an unknown word)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QLineEdit

ERROR_COLOUR = "#c62828"  # messages, borders and underlines of what cannot be saved or is not known


def wavy_underline() -> QTextCharFormat:
    """The text format of a wavy red underline."""
    style = QTextCharFormat()
    style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    style.setUnderlineColor(QColor(ERROR_COLOUR))
    return style


def underline(field: QLineEdit, places: Sequence[tuple[int, int]]) -> None:
    """Underline these ``(start, end)`` places of a line field in wavy red, and nothing else."""
    # QLineEdit has no per-range formatting API; a preedit-free input method event carries text formats.
    style = wavy_underline()
    cursor = field.cursorPosition()
    attributes = [
        QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat, start - cursor, end - start, style)
        for start, end in places
    ]
    field.inputMethodEvent(QInputMethodEvent("", attributes))
