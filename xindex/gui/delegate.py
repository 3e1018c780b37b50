"""Paints index rows as rich text, so italics, bold locators and small caps show as they will print.

Subentries are indented by level; in a filtered view the headings shown only for context are
drawn in the muted text colour.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from xindex.gui.model import CONTEXT_ROLE, DEPTH_ROLE, HTML_ROLE

INDENT_EM = 1.5
MUTED = "muted"  # the class of text drawn muted (a suggestion's pages): <span class="muted">


class RichTextDelegate(QStyledItemDelegate):
    """Draw the HTML_ROLE text of a row with the view's font and palette, indented by its level."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            muted = palette.color(QPalette.ColorRole.HighlightedText)  # readable on the selection
        else:  # half-way from the text to the background (Qt's PlaceholderText role is the text colour with alpha)
            text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
            muted = QColor(
                (2 * text.red() + 3 * base.red()) // 5,
                (2 * text.green() + 3 * base.green()) // 5,
                (2 * text.blue() + 3 * base.blue()) // 5,
            )
        document.setDefaultStyleSheet(f".{MUTED} {{ color: {muted.name()} }}")
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Background and focus as the style draws them, then the rich text."""
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_document = self._document(option, index)
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            role = QPalette.ColorRole.HighlightedText
        elif index.data(CONTEXT_ROLE):
            role = QPalette.ColorRole.PlaceholderText
        else:
            role = QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        indent = int(INDENT_EM * option.fontMetrics.height() * int(index.data(DEPTH_ROLE) or 0))
        painter.save()
        painter.translate(rect.left() + indent, rect.top())
        painter.setClipRect(QRectF(0, 0, max(0, rect.width() - indent), rect.height()))
        text_document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        """One line of rich text."""
        self.initStyleOption(option, index)
        text_document = self._document(option, index)
        return QSize(int(text_document.idealWidth()) + 8, int(text_document.size().height()))
