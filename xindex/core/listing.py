"""The plain indented listing that ``xindex list`` prints.

Main headings follow CMS punctuation: ``term, 12, 14–16. See also X; Y``;
subheadings put their references in parentheses: ``term, 5 (see also X)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xindex.core import markup
from xindex.core.locators import Locator
from xindex.core.model import IndexNode, XRefKind

INDENT = "    "


def locator_text(locators: Iterable[Locator]) -> str:
    """Locators as plain text, in order, separated by commas."""
    return ", ".join(locator.plain() for locator in locators)


def entry_line(node: IndexNode) -> str:
    """One entry's line without indentation."""
    line = node.entry.plain
    pages = locator_text(node.locators)
    if pages:
        line += ", " + pages
    specific: dict[XRefKind, list[str]] = {}
    generic: dict[XRefKind, list[str]] = {}
    for xref, label in node.xrefs:
        if xref.generic:
            generic.setdefault(xref.kind, []).append(markup.plain_text(label))
        else:
            specific.setdefault(xref.kind, []).append(label)
    for kind in (XRefKind.SEE, XRefKind.SEE_UNDER, XRefKind.SEE_ALSO):
        # CMS: specific references in alphabetical order, generic ones after them.
        targets = sorted(specific.get(kind, []), key=str.casefold) + generic.get(kind, [])
        if not targets:
            continue
        joined = "; ".join(targets)
        if node.depth == 0:
            line += f". {kind.capitalize()} {joined}"
        else:
            line += f" ({kind} {joined})"
    return line


def lines(nodes: Iterable[IndexNode]) -> Iterator[str]:
    """The indented listing of a tree, depth first, in sorted order."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield INDENT * node.depth + entry_line(node)
        stack.extend(reversed(node.children))
