"""The live preview: the formatted index around the current entry, as HTML for a QTextBrowser."""

from __future__ import annotations

import html

from xindex.core.formatter import Formatter, Span
from xindex.core.markup import MarkupError, parse_runs
from xindex.core.settings import format_options
from xindex.store import Document

_TAGS = {"i": "i", "b": "b", "u": "u", "tt": "code", "sup": "sup", "sub": "sub"}


def span_html(span: Span) -> str:
    """A span as HTML (escaped text in i/b/u/code/sup/sub tags, small caps as a styled span)."""
    text = html.escape(span.text)
    for style in sorted(span.styles):
        if style == "sc":
            text = f'<span style="font-variant: small-caps">{text}</span>'
        elif style in _TAGS:
            text = f"<{_TAGS[style]}>{text}</{_TAGS[style]}>"
    return text


def markup_html(text: str) -> str:
    """Heading or locator markup (``<i>Alnus</i>``, ``<b>112</b>``) as HTML; text whose tags do not nest, escaped."""
    try:
        runs = parse_runs(text)
    except MarkupError:
        return html.escape(text)
    return "".join(span_html(Span(run.text, run.styles)) for run in runs)


def preview_html(document: Document, entry_id: int, *, around: int = 3) -> str:
    """The current entry's main heading with ``around`` main headings either side, formatted by the document's style."""
    first, last = document.main_neighbours(entry_id, around, around)
    roots = document.tree(first=first, last=last)
    options = format_options(document.settings(), lenient=True)
    groups = Formatter(options, document.keys).groups(roots)
    parts = ['<html><body style="font-family: serif">']
    for group in groups:
        if group.title:
            parts.append(f"<h3>{html.escape(group.title)}</h3>")
        for paragraph in group.paragraphs:
            indent = 1.5 * paragraph.level
            style = f"margin: 0 0 0 {indent + 1.5}em; text-indent: -1.5em"
            if paragraph.entry_id == entry_id:
                style += "; background-color: palette(highlight); color: palette(highlighted-text)"
            body = "".join(span_html(span) for span in paragraph.spans)
            parts.append(f'<p style="{style}"><a name="e{paragraph.entry_id}"></a>{body}</p>')
    parts.append("</body></html>")
    return "".join(parts)
