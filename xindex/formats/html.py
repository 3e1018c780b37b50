"""HTML export: one complete, semantic HTML5 document that is also well-formed XML (polyglot markup).

The index title is the ``<h1>``, the note a ``<p class="note">``, each letter
group a ``<section>`` with an ``<h2>`` (an untitled group has none), and the
entries nested lists: a ``<ul class="index">`` per group, an ``<li>`` per
paragraph, and a nested ``<ul>`` inside the ``<li>`` of the paragraph above
for each deeper level. A run-in paragraph is a single ``<li>``. Span styles
map to ``<i>``, ``<b>``, ``<span class="sc">``, ``<u>``, ``<code>``, ``<sup>`` and ``<sub>``;
locators and cross-reference labels and targets carry their role as a class
(``locator``, ``xref-label``, ``xref-target``) so a stylesheet can restyle them.

Every element is closed and every attribute quoted, so the output parses
both as HTML5 and as XML (XHTML namespace on ``<html>``); text is escaped,
and characters XML cannot carry (C0 controls, lone surrogates) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from xindex.core.formatter import FormattedIndex, Group, Paragraph, Role, Span
from xindex.formats.parts import Parts
from xindex.formats.xmltext import NOT_XML

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# Outer to inner, so that the same styles always nest the same way.
_STYLE_TAGS: tuple[tuple[str, str, str], ...] = (
    ("b", "<b>", "</b>"),
    ("i", "<i>", "</i>"),
    ("sc", '<span class="sc">', "</span>"),
    ("u", "<u>", "</u>"),
    ("tt", "<code>", "</code>"),
    ("sup", "<sup>", "</sup>"),
    ("sub", "<sub>", "</sub>"),
)
_GROUP_HEADING = re.compile(r'<section class="group" id="([^"]+)">\n<h2>(.*?)</h2>')
_ROLE_CLASSES = {Role.LOCATOR: "locator", Role.XREF_LABEL: "xref-label", Role.XREF_TARGET: "xref-target"}

# Hanging indents: each level starts 1em deeper; a paragraph's runover lines sit 3em deeper than its start.
STYLESHEET = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.35; margin: 2em auto; max-width: 40em; }
h1 { font-size: 1.6em; }
p.note { font-style: italic; }
section.group h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
ul.index, ul.index ul { list-style: none; margin: 0; padding: 0; }
ul.index li { padding-left: 3em; text-indent: -3em; }
ul.index ul { margin-left: -2em; }
.sc { font-variant: small-caps; }
.locator, .xref-label { white-space: nowrap; }
nav.letters { position: sticky; top: 0; background: white; padding: 0.4em 0; line-height: 1.8; }
nav.letters a { display: inline-block; min-width: 1.6em; text-align: center; text-decoration: none; }
a.xref-target { color: inherit; }
"""


def _text(text: str) -> str:
    """Escaped character data."""
    return escape(NOT_XML.sub("", text), quote=False)


def _attribute(text: str) -> str:
    """Escaped attribute value (to go between double quotes)."""
    return escape(NOT_XML.sub("", text), quote=True)


def entry_anchor(entry_id: int) -> str:
    """An entry's anchor: the same in every export of the document (its id), so links into it last."""
    return f"e{entry_id}"


def group_anchor(title: str) -> str:
    """A letter group's anchor, from its title (``A``, ``Symbols & Numbers`` → ``symbols-numbers``)."""
    return "group-" + (re.sub(r"\W+", "-", title).strip("-").lower() or "untitled")


def span_html(span: Span) -> str:
    """One span as HTML: its styles as nested elements, its role (when useful) as a class; a reference's
    target is a link to the entry it names, a run-in subentry carries its own anchor."""
    body = _text(span.text)
    if span.styles:
        opened = [(start, end) for style, start, end in _STYLE_TAGS if style in span.styles]
        body = "".join(start for start, _ in opened) + body + "".join(end for _, end in reversed(opened))
    role = _ROLE_CLASSES.get(span.role)
    if span.ref is not None and span.role is Role.XREF_TARGET:
        return f'<a class="{role}" href="#{entry_anchor(span.ref)}">{body}</a>'
    if span.ref is not None and span.role is Role.TERM:
        return f'<span id="{entry_anchor(span.ref)}">{body}</span>'
    return f'<span class="{role}">{body}</span>' if role else body


def paragraph_html(paragraph: Paragraph, made: dict[int, str] | None = None) -> str:
    """The inline content of one paragraph (what goes inside its ``<li>``).

    ``made``: spans already written, by ``id`` (the formatter shares one span object between every
    entry citing the same locator, and the commas): valid while the spans are alive.
    """
    if made is None:
        return "".join(span_html(span) for span in paragraph.spans)
    parts = []
    for span in paragraph.spans:
        html = made.get(id(span))
        if html is None:
            html = made[id(span)] = span_html(span)
        parts.append(html)
    return "".join(parts)


def _entry_list(paragraphs: Iterable[Paragraph], *, opened: bool = True, closed: bool = True) -> list[str]:
    """Nested lists rebuilt from paragraph levels with a stack of open lists.

    A paragraph one level deeper than the one before opens a ``<ul>`` inside that paragraph's
    ``<li>``; a shallower one closes lists down to its level. A level skipped (never produced
    by the formatter) gets an empty ``<li class="gap">`` so that every ``<ul>`` holds only ``<li>``.
    Without ``opened`` or ``closed`` the list's own ``<ul>`` or ``</ul>`` is left to the part of the
    index before or after (a list cut between two main headings).
    """
    lines = ['<ul class="index">'] if opened else []
    depth = 0
    item_open = False
    made: dict[int, str] = {}
    anchored: set[int] = set()  # (an entry's See also on a line of its own is a second paragraph of it)
    for paragraph in paragraphs:
        level = max(paragraph.level, 0)
        if level > depth:
            while depth < level:
                if not item_open:
                    lines.append('<li class="gap">')
                lines[-1] += "<ul>"
                depth += 1
                item_open = False
        else:
            if item_open:
                lines[-1] += "</li>"
            while depth > level:
                lines.append("</ul></li>")
                depth -= 1
        anchor = ""
        if paragraph.entry_id is not None and paragraph.entry_id not in anchored:
            anchored.add(paragraph.entry_id)
            anchor = f' id="{entry_anchor(paragraph.entry_id)}"'
        lines.append(f'<li class="level-{level}"{anchor}>{paragraph_html(paragraph, made)}')
        item_open = True
    if item_open:
        lines[-1] += "</li>"
    while depth > 0:
        lines.append("</ul></li>")
        depth -= 1
    if closed:
        lines.append("</ul>")
    return lines


def _group_html(group: Group, *, opened: bool = True, closed: bool = True) -> list[str]:
    lines = []
    if opened:
        lines.append(f'<section class="group" id="{_attribute(group_anchor(group.title))}">')
        if group.title:
            lines.append(f"<h2>{_text(group.title)}</h2>")
    if group.paragraphs:
        lines.extend(_entry_list(group.paragraphs, opened=opened, closed=closed))
    if closed:
        lines.append("</section>")
    return lines


def export_html(index: FormattedIndex, *, css: bool = True, lang: str = "en") -> str:
    """The index as a complete HTML5 document (polyglot: also well-formed XML), with an embedded stylesheet."""
    parts = HtmlParts(css=css, lang=lang)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class HtmlParts(Parts):
    """The HTML export made in parts (see :mod:`xindex.formats.parts`): runs of groups (a
    group may be cut between two main headings), then the page around them."""

    def __init__(self, *, css: bool = True, lang: str = "en") -> None:
        self.css = css
        self.lang = lang

    def head(self, title: str, note: str) -> str:
        """Everything before the first group."""
        language = _attribute(self.lang.strip() or "en")
        lines = [
            "<!DOCTYPE html>",
            f'<html xmlns="{XHTML_NAMESPACE}" lang="{language}" xml:lang="{language}">',
            "<head>",
            '<meta charset="utf-8"/>',
            '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
            f"<title>{_text(title or 'Index')}</title>",
        ]
        if self.css:
            lines += ["<style>", STYLESHEET.rstrip("\n"), "</style>"]
        lines += ["</head>", "<body>"]
        if title:
            lines.append(f"<h1>{_text(title)}</h1>")
        if note:
            lines.append(f'<p class="note">{_text(note)}</p>')
        return "\n".join(lines) + "\n"

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups; ``continued``: the first goes on from the part before; ``continues``: the last goes
        on in the part after. (``opening`` matters to the text export only.)"""
        lines: list[str] = []
        last = len(groups) - 1
        for number, group in enumerate(groups):
            lines.extend(
                _group_html(group, opened=not (number == 0 and continued), closed=not (number == last and continues))
            )
        return "\n".join(lines) + "\n" if lines else ""

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """The whole page around the groups' HTML, with a bar of links to its letter groups on top (read
        from the groups in their order, whichever part wrote them)."""
        links = [f'<a href="#{anchor}">{heading}</a>' for anchor, heading in _GROUP_HEADING.findall(body)]
        bar = f'<nav class="letters">{" ".join(links)}</nav>\n' if len(links) > 1 else ""
        return self.head(title, note) + bar + body + "</body>\n</html>\n"
