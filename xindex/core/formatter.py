"""The formatter: sorted entries in, a format-independent index out.

The result (:class:`FormattedIndex`) is what every exporter writes: letter
groups, each a list of paragraphs; a paragraph has an indentation level and
a list of styled spans (heading text with its markup, separators, locators
with their emphasis, cross-reference labels and targets). Exporters only map
span styles and paragraph levels to their own markup, so every format says
exactly the same thing.

Style options (:class:`FormatOptions`, read from the document settings):

* ``run_in_level``: ``None`` for an indented index; otherwise entries deeper
  than this level run into the paragraph of their ancestor at this level
  (0: each main heading is one paragraph; 1: each subheading is, ...).
  CMS 16.24–28: in run-in style subentries follow the main heading,
  separated by semicolons; a colon follows a heading that has no locators.
* ``see_also_position``: a *See also* goes after the locators (``after``),
  or, for a heading with subheadings, on a line of its own as the first or
  last subentry (``first``/``last``), as CMS 16.18 allows.
* page range rule and conflation, letter groups, a "Symbols & Numbers"
  group for headings that begin with a symbol or numeral, labels.

Cross-references (CMS 16.15–23): after a main heading, ``. See X`` and
``. See also X; Y``, in italics with the target in roman; after a
subheading, in parentheses, lower case: ``(see also X)``. Several targets
are listed alphabetically, generic references (in italics) last.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from xindex.core import markup
from xindex.core.locators import Emphasis
from xindex.core.model import IndexNode, XRef, XRefKind
from xindex.core.ranges import DEFAULT_RANGE_RULE, RangeRule, conflate, format_locator, range_rule
from xindex.core.sorting import SortKeys


class SeeAlsoPosition(StrEnum):
    """Where a See also goes for a heading that has subheadings."""

    AFTER = "after"
    FIRST = "first"
    LAST = "last"


class Role(StrEnum):
    """What a span is, so that exporters can style or tag it."""

    TERM = "term"
    LOCATOR = "locator"
    PUNCTUATION = "punctuation"
    XREF_LABEL = "xref-label"
    XREF_TARGET = "xref-target"
    GROUP = "group"
    TITLE = "title"
    NOTE = "note"


class Span(NamedTuple):
    """A run of text with markup styles (``i``, ``b``, ``sc``, ``sup``, ``sub``) and a role."""

    text: str
    styles: frozenset[str] = frozenset()
    role: Role = Role.TERM


@dataclass
class Paragraph:
    """One printed paragraph: an entry (with anything run into it) or a See also line."""

    level: int
    spans: list[Span]
    entry_id: int | None = None

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return "".join(span.text for span in self.spans)


@dataclass
class Group:
    """A letter group ("A", "Symbols & Numbers"); an empty title prints no heading."""

    title: str
    key: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class FormattedIndex:
    """The whole formatted index."""

    title: str
    note: str
    groups: list[Group]

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every entry paragraph in order."""
        for group in self.groups:
            yield from group.paragraphs


@dataclass(frozen=True)
class FormatOptions:
    """How the index is laid out and punctuated."""

    run_in_level: int | None = None
    see_also_position: SeeAlsoPosition = SeeAlsoPosition.AFTER
    range_rule: RangeRule = DEFAULT_RANGE_RULE
    conflate_adjacent: bool = True
    letter_groups: bool = True
    numbers_group: bool = True
    numbers_group_title: str = "Symbols & Numbers"
    see_label: str = "See"
    see_also_label: str = "See also"
    see_under_label: str = "See under"

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> FormatOptions:
        """Options from document settings (unknown or missing keys take the defaults)."""
        style = settings.get("style", "indented")
        return cls(
            run_in_level=parse_style(style),
            see_also_position=SeeAlsoPosition(settings.get("see-also-position", "after")),
            range_rule=range_rule(settings.get("range-rules", DEFAULT_RANGE_RULE.value)),
            conflate_adjacent=settings.get("conflate-adjacent", "1") == "1",
            letter_groups=settings.get("letter-groups", "1") == "1",
            numbers_group=settings.get("numbers-group", "1") == "1",
        )


def parse_style(style: str) -> int | None:
    """``indented`` → None; ``run-in`` → 0; ``run-in:2`` → 2 (run in below the second level)."""
    text = style.strip().lower()
    if text == "indented":
        return None
    if text == "run-in":
        return 0
    if text.startswith("run-in:") and text[7:].isdigit():
        return int(text[7:])
    raise ValueError(f"'{style}' is not a style; use indented, run-in or run-in:LEVEL (0 = main heading)")


def _term_spans(term: str) -> list[Span]:
    if "<" not in term and "&" not in term:
        return [Span(term)]
    return [Span(run.text, run.styles, Role.TERM) for run in markup.parse_runs(term)]


@functools.lru_cache(maxsize=64)
def _punct(text: str) -> Span:
    return Span(text, _NO_STYLE, Role.PUNCTUATION)


_NO_STYLE: frozenset[str] = frozenset()
_ITALIC = frozenset({"i"})
_COMMA = Span(", ", _NO_STYLE, Role.PUNCTUATION)


_EMPHASIS_STYLE = {Emphasis.BOLD: frozenset({"b"}), Emphasis.ITALIC: frozenset({"i"}), Emphasis.NONE: frozenset()}


class Formatter:
    """Turns sorted index nodes into a :class:`FormattedIndex`."""

    def __init__(self, options: FormatOptions, keys: SortKeys | None = None) -> None:
        self.options = options
        self.keys = keys or SortKeys()

    def format(self, roots: Sequence[IndexNode], *, title: str = "", note: str = "") -> FormattedIndex:
        """Format a whole index (roots sorted, as :meth:`Document.tree` returns them)."""
        return FormattedIndex(title, note, self.groups(roots))

    def groups(self, roots: Iterable[IndexNode]) -> list[Group]:
        """The letter groups of some main headings, with their paragraphs."""
        groups: list[Group] = []
        for node in roots:
            key = self.group_key(node)
            if not groups or groups[-1].key != key:
                groups.append(Group(self._group_title(key), key))
            groups[-1].paragraphs.extend(self.entry_paragraphs(node))
        return groups

    def group_key(self, node: IndexNode) -> str:
        """The letter group of a main heading ("" for symbols and numbers)."""
        if not self.options.letter_groups:
            return "*"
        return self.keys.group_letter(node.entry.plain, node.entry.sort_as)

    def _group_title(self, key: str) -> str:
        if key == "*":
            return ""
        if key == "":
            return self.options.numbers_group_title if self.options.numbers_group else ""
        return key

    # -- entries ------------------------------------------------------------------------------

    def entry_paragraphs(self, node: IndexNode) -> list[Paragraph]:
        """The paragraphs of one entry and its subtree."""
        level = self.options.run_in_level
        if level is not None and node.depth >= level:
            return [self._run_in_paragraph(node)]
        paragraph = Paragraph(node.depth, self._entry_spans(node, with_see_also=not self._see_also_apart(node)),
                              node.entry.id)  # fmt: skip
        paragraphs = [paragraph]
        see_also_line = self._see_also_line(node) if self._see_also_apart(node) else None
        if see_also_line and self.options.see_also_position is SeeAlsoPosition.FIRST:
            paragraphs.append(see_also_line)
        for child in node.children:
            paragraphs.extend(self.entry_paragraphs(child))
        if see_also_line and self.options.see_also_position is SeeAlsoPosition.LAST:
            paragraphs.append(see_also_line)
        return paragraphs

    def line_spans(self, node: IndexNode) -> list[Span]:
        """One entry alone as it prints (heading, locators, references), for an editor's list."""
        return self._entry_spans(node, with_see_also=True)

    def _see_also_apart(self, node: IndexNode) -> bool:
        return (
            self.options.see_also_position is not SeeAlsoPosition.AFTER
            and bool(node.children)
            and any(xref.kind is XRefKind.SEE_ALSO for xref, _ in node.xrefs)
        )

    def _run_in_paragraph(self, node: IndexNode) -> Paragraph:
        descendants = list(_depth_first(node.children))
        # CMS 16.20: with subentries run in, a main heading's See also closes the whole entry
        # (a subheading's parenthetical see also stays with it).
        see_also_last = bool(descendants) and node.depth == 0
        spans = self._entry_spans(node, with_see_also=not see_also_last)
        if descendants:
            # CMS 16.25-26: a semicolon after the heading's locators, a colon when it has none.
            spans.append(_punct("; " if node.locators else ": "))
        for index, child in enumerate(descendants):
            if index:
                spans.append(_punct("; "))
            spans.extend(self._entry_spans(child, with_see_also=True, run_in=True))
        see_also = [(xref, label) for xref, label in node.xrefs if xref.kind is XRefKind.SEE_ALSO]
        if see_also_last and see_also:
            spans.extend(self._xref_spans(XRefKind.SEE_ALSO, see_also, subentry=False))
        return Paragraph(node.depth, spans, node.entry.id)

    def _entry_spans(self, node: IndexNode, *, with_see_also: bool, run_in: bool = False) -> list[Span]:
        spans = _term_spans(node.entry.term)
        if node.locators:
            rule = self.options.range_rule
            for locator in conflate(node.locators, adjacent=self.options.conflate_adjacent, merged=True):
                spans.append(_COMMA)
                spans.append(Span(format_locator(locator, rule), _EMPHASIS_STYLE[locator.emphasis], Role.LOCATOR))
        kinds = [XRefKind.SEE, XRefKind.SEE_UNDER] + ([XRefKind.SEE_ALSO] if with_see_also else [])
        subentry = node.depth > 0 or run_in
        for kind in kinds:
            targets = [(xref, label) for xref, label in node.xrefs if xref.kind is kind]
            if targets:
                spans.extend(self._xref_spans(kind, targets, subentry=subentry))
        return spans

    def _label(self, kind: XRefKind, *, lower: bool) -> str:
        label = {
            XRefKind.SEE: self.options.see_label,
            XRefKind.SEE_ALSO: self.options.see_also_label,
            XRefKind.SEE_UNDER: self.options.see_under_label,
        }[kind]
        return label[:1].lower() + label[1:] if lower else label

    def _xref_spans(self, kind: XRefKind, targets: list[tuple[XRef, str]], *, subentry: bool) -> list[Span]:
        spans = [_punct(" (")] if subentry else [_punct(". ")]
        spans.append(Span(self._label(kind, lower=subentry), frozenset({"i"}), Role.XREF_LABEL))
        spans.append(_punct(" "))
        spans.extend(self._target_spans(targets))
        if subentry:
            spans.append(_punct(")"))
        return spans

    def _target_spans(self, targets: list[tuple[XRef, str]]) -> list[Span]:
        specific = sorted(
            (label for xref, label in targets if not xref.generic),
            key=lambda label: self.keys.key(label.split(": ")[0]) + label.encode("utf-8"),
        )
        spans: list[Span] = []
        for index, label in enumerate(specific):
            if index:
                spans.append(_punct("; "))
            spans.append(Span(label, frozenset(), Role.XREF_TARGET))
        for xref, _label in targets:
            if not xref.generic:
                continue
            if spans:
                spans.append(_punct("; "))
            generic = _term_spans(xref.text)
            spans.extend(span._replace(styles=span.styles | _ITALIC, role=Role.XREF_TARGET) for span in generic)
        return spans

    def _see_also_line(self, node: IndexNode) -> Paragraph:
        targets = [(xref, label) for xref, label in node.xrefs if xref.kind is XRefKind.SEE_ALSO]
        spans = [Span(self._label(XRefKind.SEE_ALSO, lower=False), frozenset({"i"}), Role.XREF_LABEL), _punct(" ")]
        spans.extend(self._target_spans(targets))
        return Paragraph(node.depth + 1, spans, node.entry.id)


def _depth_first(nodes: Iterable[IndexNode]) -> Iterator[IndexNode]:
    for node in nodes:
        yield node
        yield from _depth_first(node.children)


def format_index(
    roots: Sequence[IndexNode], options: FormatOptions, keys: SortKeys | None = None, *, title: str = "", note: str = ""
) -> FormattedIndex:
    """Format a sorted tree in one call."""
    return Formatter(options, keys).format(roots, title=title, note=note)
