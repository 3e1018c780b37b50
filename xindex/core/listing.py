"""The plain indented listing that ``xindex list`` prints: the formatter's indented paragraphs
without letter groups (CMS punctuation: ``term, 12, 14–16. See also X; Y``; a subheading's
references in parentheses: ``term, 5 (see also X)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xindex.core import ranges
from xindex.core.formatter import FormatOptions, Formatter
from xindex.core.locators import Locator
from xindex.core.model import IndexNode
from xindex.core.ranges import DEFAULT_FORMS, LocatorForms, RangeRule

INDENT = "    "


def locator_text(locators: Iterable[Locator], *, range_rule: RangeRule = RangeRule.CMS, adjacent: bool = True) -> str:
    """Locators as printed (conflated, ranges abbreviated by ``range_rule``), plain text, comma-separated."""
    return ranges.locators_text(list(locators), rule=range_rule, adjacent=adjacent)


def entry_line(node: IndexNode, *, range_rule: RangeRule = RangeRule.CMS, adjacent: bool = True) -> str:
    """One entry's line without indentation, punctuated as the formatter prints it."""
    formatter = Formatter(FormatOptions(range_rule=range_rule, conflate_adjacent=adjacent))
    return "".join(span.text for span in formatter.line_spans(node))


def lines(
    nodes: Iterable[IndexNode],
    *,
    range_rule: RangeRule = RangeRule.CMS,
    adjacent: bool = True,
    forms: LocatorForms = DEFAULT_FORMS,
) -> Iterator[str]:
    """The indented listing of a tree, depth first, in sorted order (no letter groups); figure, table and
    plate locators in ``forms``."""
    options = FormatOptions(range_rule=range_rule, conflate_adjacent=adjacent, letter_groups=False, locator_forms=forms)
    for group in Formatter(options).groups(nodes):
        for paragraph in group.paragraphs:
            yield INDENT * paragraph.level + paragraph.text
