"""The plain indented listing that ``xindex list`` prints.

Main headings follow CMS punctuation: ``term, 12, 14–16. See also X; Y``;
subheadings put their references in parentheses: ``term, 5 (see also X)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xindex.core import markup, ranges
from xindex.core.locators import Locator
from xindex.core.model import IndexNode, XRefKind
from xindex.core.ranges import RangeRule

INDENT = "    "


def locator_text(locators: Iterable[Locator], *, range_rule: RangeRule = RangeRule.CMS, adjacent: bool = True) -> str:
    """Locators as printed (conflated, ranges abbreviated by ``range_rule``), plain text, comma-separated."""
    return ranges.locators_text(list(locators), rule=range_rule, adjacent=adjacent)


def entry_line(node: IndexNode, *, range_rule: RangeRule = RangeRule.CMS, adjacent: bool = True) -> str:
    """One entry's line without indentation."""
    line = node.entry.plain
    pages = locator_text(node.locators, range_rule=range_rule, adjacent=adjacent)
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


def lines(nodes: Iterable[IndexNode], *, range_rule: RangeRule = RangeRule.CMS, adjacent: bool = True) -> Iterator[str]:
    """The indented listing of a tree, depth first, in sorted order."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield INDENT * node.depth + entry_line(node, range_rule=range_rule, adjacent=adjacent)
        stack.extend(reversed(node.children))
