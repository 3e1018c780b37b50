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
* page range rule and conflation, how figure, table and plate locators
  print (``77f``, an italic ``77``, a form such as ``fig. 77``), letter groups,
  a "Symbols & Numbers" group for headings that begin with a symbol or
  numeral, labels.

Cross-references (CMS 16.15–23): after a main heading, ``. See X`` and
``. See also X; Y``, in italics with the target in roman; after a
subheading, in parentheses, lower case: ``(see also X)``. Several targets
are listed alphabetically, generic references (in italics) last.

Everything printed around entries is data, so other houses' styles (and
imported XindeX settings) need no code: each kind of reference after a main
heading or a subheading has an :class:`XRefStyle` (label, prefix, separator
between targets, suffix); a generic reference may be joined by a conjunction
(`` and ``) instead of the separator; a target that is a subentry prints as
its whole path (``a: b: c``, the default) or as XindeX printed it, the main
heading and the target only (``a: c``, ``a, c`` or ``under a``); the
separators between a heading and its locators and between run-in subentries
are options; and a *See also* may take a line of its own even where the
heading has no subentries. The defaults are the CMS forms above.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Final, NamedTuple, Protocol

from xindex.core import markup
from xindex.core.errors import SettingError
from xindex.core.locators import Emphasis, Locator
from xindex.core.model import IndexNode, XRefKind
from xindex.core.ranges import (
    DEFAULT_FORMS,
    DEFAULT_RANGE_RULE,
    LocatorForms,
    RangeRule,
    conflate,
    form_style,
    format_locator,
)
from xindex.core.sorting import SortKeys
from xindex.core.typography import curly_quotes


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

    # Hashed as the string it equals (Enum's own hash is a Python call): spans, which hold a role,
    # key the exporters' caches, hundreds of thousands of times in a big index.
    __hash__ = str.__hash__


class Span(NamedTuple):
    """A run of text with markup styles (``i``, ``b``, ``sc``, ``sup``, ``sub``) and a role; ``ref`` is the
    entry a cross-reference's target names, or a run-in subentry's own (for links and anchors)."""

    text: str
    styles: frozenset[str] = frozenset()
    role: Role = Role.TERM
    ref: int | None = None


# The classes below are written out, not dataclasses: xindex makeindex imports this module on every LaTeX
# pass (see formats/makeindex/style.py).


class Paragraph:
    """One printed paragraph: an entry (with anything run into it) or a See also line."""

    def __init__(self, level: int, spans: list[Span], entry_id: int | None = None) -> None:
        self.level = level
        self.spans = spans
        self.entry_id = entry_id

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return "".join(span.text for span in self.spans)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Paragraph) and (self.level, self.spans, self.entry_id) == (
            other.level,
            other.spans,
            other.entry_id,
        )

    __hash__ = None  # type: ignore[assignment]  # (mutable)

    def __repr__(self) -> str:
        return f"Paragraph(level={self.level!r}, spans={self.spans!r}, entry_id={self.entry_id!r})"


class Group:
    """A letter group ("A", "Symbols & Numbers"); an empty title prints no heading."""

    def __init__(self, title: str, key: str, paragraphs: list[Paragraph] | None = None) -> None:
        self.title = title
        self.key = key
        self.paragraphs: list[Paragraph] = [] if paragraphs is None else paragraphs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Group) and (self.title, self.key, self.paragraphs) == (
            other.title,
            other.key,
            other.paragraphs,
        )

    __hash__ = None  # type: ignore[assignment]  # (mutable)

    def __repr__(self) -> str:
        return f"Group(title={self.title!r}, key={self.key!r}, paragraphs={self.paragraphs!r})"


class FormattedIndex:
    """The whole formatted index."""

    def __init__(self, title: str, note: str, groups: list[Group]) -> None:
        self.title = title
        self.note = note
        self.groups = groups

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every entry paragraph in order."""
        for group in self.groups:
            yield from group.paragraphs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormattedIndex) and (self.title, self.note, self.groups) == (
            other.title,
            other.note,
            other.groups,
        )

    __hash__ = None  # type: ignore[assignment]  # (mutable)

    def __repr__(self) -> str:
        return f"FormattedIndex(title={self.title!r}, note={self.note!r}, groups={self.groups!r})"


class Reference(Protocol):
    """What the Formatter reads of a cross-reference (a :class:`~xindex.core.model.XRef`, or one read from
    an .idx): its kind, whether it is generic, and its text (a generic one's words)."""

    @property
    def kind(self) -> XRefKind: ...

    @property
    def generic(self) -> bool: ...

    @property
    def text(self) -> str: ...

    @property
    def target_id(self) -> int | None: ...


class XRefStyle(NamedTuple):
    """How one kind of cross-reference prints after a main heading or a subheading."""

    label: str
    prefix: str
    separator: str = "; "
    suffix: str = ""


class TargetPath(StrEnum):
    """How a reference to a subentry names it (XindeX's "XRefToSubentry" choices besides the full path)."""

    PATH = "path"  # every level: ``class: attributes: decorator``
    MAIN_COLON = "main-colon"  # the main heading and the target: ``class: decorator``
    MAIN_COMMA = "main-comma"  # ``class, decorator``
    UNDER_MAIN = "under-main"  # ``under class``


class FormatOptions:
    """How the index is laid out and punctuated; a value (equal when every field is).

    ``conflate_adjacent``: separate mentions on consecutive pages stay apart when off (CMS 16.13-14,
    inclusive numbers). ``curly_quotes``: straight quotes typed in headings print curly (d'Annunzio →
    d’Annunzio). ``adjacent_run``: the fewest successive single pages joined into a range (with
    conflate_adjacent): makeindex joins three or more (1, 2 stay apart), as ``xindex makeindex`` does by
    default; its writer reads this. ``xref_styles``: overrides of the CMS cross-reference forms, by (kind,
    after a subheading); missing pairs keep the CMS form. ``generic_conjunction``: joins a generic
    reference to the ones before it (None: the separator). ``see_also_apart_always``: a first/last See also
    line even for a heading without subentries. ``locator_forms``: how figure, table and plate locators
    print (77f, italic 77).
    """

    def __init__(
        self,
        run_in_level: int | None = None,
        see_also_position: SeeAlsoPosition = SeeAlsoPosition.AFTER,
        range_rule: RangeRule = DEFAULT_RANGE_RULE,
        conflate_adjacent: bool = False,
        curly_quotes: bool = True,
        adjacent_run: int = 2,
        letter_groups: bool = True,
        numbers_group: bool = True,
        numbers_group_title: str = "Symbols & Numbers",
        see_label: str = "See",
        see_also_label: str = "See also",
        see_under_label: str = "See under",
        xref_styles: Mapping[tuple[XRefKind, bool], XRefStyle] | None = None,
        generic_conjunction: str | None = None,
        target_path: TargetPath = TargetPath.PATH,
        see_also_apart_always: bool = False,
        heading_locator_separator: str = ", ",
        run_in_separator: str = "; ",
        locator_forms: LocatorForms = DEFAULT_FORMS,
    ) -> None:
        self.run_in_level: Final = run_in_level
        self.see_also_position: Final = see_also_position
        self.range_rule: Final = range_rule
        self.conflate_adjacent: Final = conflate_adjacent
        self.curly_quotes: Final = curly_quotes
        self.adjacent_run: Final = adjacent_run
        self.letter_groups: Final = letter_groups
        self.numbers_group: Final = numbers_group
        self.numbers_group_title: Final = numbers_group_title
        self.see_label: Final = see_label
        self.see_also_label: Final = see_also_label
        self.see_under_label: Final = see_under_label
        self.xref_styles: Final[Mapping[tuple[XRefKind, bool], XRefStyle]] = {} if xref_styles is None else xref_styles
        self.generic_conjunction: Final = generic_conjunction
        self.target_path: Final = target_path
        self.see_also_apart_always: Final = see_also_apart_always
        self.heading_locator_separator: Final = heading_locator_separator
        self.run_in_separator: Final = run_in_separator
        self.locator_forms: Final = locator_forms

    def _hashed(self) -> tuple[object, ...]:
        return (
            self.run_in_level,
            self.see_also_position,
            self.range_rule,
            self.conflate_adjacent,
            self.curly_quotes,
            self.adjacent_run,
            self.letter_groups,
            self.numbers_group,
            self.numbers_group_title,
            self.see_label,
            self.see_also_label,
            self.see_under_label,
            self.generic_conjunction,
            self.target_path,
            self.see_also_apart_always,
            self.heading_locator_separator,
            self.run_in_separator,
            self.locator_forms,
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FormatOptions)
            and self._hashed() == other._hashed()
            and dict(self.xref_styles) == dict(other.xref_styles)
        )

    def __hash__(self) -> int:
        return hash(self._hashed())

    def __reduce__(self) -> tuple[type[FormatOptions], tuple[object, ...]]:
        fields = self._hashed()
        return (FormatOptions, (*fields[:12], dict(self.xref_styles), *fields[12:]))

    def __repr__(self) -> str:
        return f"FormatOptions{self.__reduce__()[1]!r}"

    def xref_style(self, kind: XRefKind, *, subentry: bool) -> XRefStyle:
        """The label and punctuation of ``kind`` after a main heading or (``subentry``) a subheading."""
        style = self.xref_styles.get((kind, subentry))
        if style is not None:
            return style
        label = {
            XRefKind.SEE: self.see_label,
            XRefKind.SEE_ALSO: self.see_also_label,
            XRefKind.SEE_UNDER: self.see_under_label,
        }[kind]
        if subentry:
            return XRefStyle(label[:1].lower() + label[1:], " (", "; ", ")")
        return XRefStyle(label, ". ", "; ", "")


def parse_style(style: str) -> int | None:
    """``indented`` → None; ``run-in`` → 0; ``run-in:2`` → 2 (run in below the second level)."""
    text = style.strip().lower()
    if text == "indented":
        return None
    if text == "run-in":
        return 0
    if text.startswith("run-in:") and text[7:].isascii() and text[7:].isdigit():
        return int(text[7:])
    raise SettingError(f"'{style}' is not a style; use indented, run-in or run-in:LEVEL (0 = main heading)")


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
        self._xref_styles = {
            (kind, subentry): options.xref_style(kind, subentry=subentry)
            for kind in XRefKind
            for subentry in (False, True)
        }
        self._separator = _punct(options.heading_locator_separator)
        # The same locators recur on thousands of entries (page 12, the range 34-36): one span each.
        self._locator_spans: dict[Locator, Span] = {}

    def format(self, roots: Sequence[IndexNode], *, title: str = "", note: str = "") -> FormattedIndex:
        """Format a whole index (roots sorted, as :meth:`Document.tree` returns them)."""
        return FormattedIndex(title, note, self.groups(roots))

    def groups(self, roots: Iterable[IndexNode]) -> list[Group]:
        """The letter groups of some main headings, with their paragraphs."""
        groups: list[Group] = []
        for node in roots:
            key = self.group_key(node)
            if not groups or groups[-1].key != key:
                groups.append(Group(group_title(key, self.options), key))
            groups[-1].paragraphs.extend(self.entry_paragraphs(node))
        return groups

    def group_key(self, node: IndexNode) -> str:
        """The letter group of a main heading ("" for symbols and numbers)."""
        return group_key(node.entry.plain, node.entry.sort_as, self.options, self.keys)

    # -- entries ------------------------------------------------------------------------------

    def entry_paragraphs(self, node: IndexNode) -> list[Paragraph]:
        """The paragraphs of one entry and its subtree."""
        level = self.options.run_in_level
        if level is not None and node.depth >= level:
            return [self._run_in_paragraph(node)]
        paragraph = Paragraph(
            node.depth, self._entry_spans(node, with_see_also=not self._see_also_apart(node)), node.entry.id
        )
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
            and (bool(node.children) or self.options.see_also_apart_always)
            and any(xref.kind is XRefKind.SEE_ALSO for xref, _ in node.xrefs)
        )

    def _run_in_paragraph(self, node: IndexNode) -> Paragraph:
        # CMS 16.20: with subentries run in, a main heading's See also closes the whole entry
        # (a subheading's parenthetical see also stays with it).
        see_also_last = bool(node.children) and node.depth == 0
        spans = self._entry_spans(node, with_see_also=not see_also_last)
        if node.children:
            # CMS 16.25-26: a semicolon after the heading's locators, a colon when it has none.
            spans.append(_punct(self.options.run_in_separator if node.locators else ": "))
            spans.extend(self._run_in_children(node))
        see_also = [(xref, label) for xref, label in node.xrefs if xref.kind is XRefKind.SEE_ALSO]
        if see_also_last and see_also:
            spans.extend(self._xref_spans(XRefKind.SEE_ALSO, see_also, subentry=False))
        return Paragraph(node.depth, spans, node.entry.id)

    def _run_in_children(self, node: IndexNode) -> list[Span]:
        """A heading's subentries run in, separated by semicolons; the hierarchy kept (CMS 16.24-28 run in
        only one level): each subentry's own subentries follow it in parentheses, at any depth, so that
        ``Paris; expositions, 8 (1889, 8–9; 1900, 26–28); Left Bank, 40`` never reads 1889 as Paris's."""
        spans: list[Span] = []
        for index, child in enumerate(node.children):
            if index:
                spans.append(_punct(self.options.run_in_separator))
            term = self._entry_spans(child, with_see_also=True, run_in=True)
            term[0] = term[0]._replace(ref=child.entry.id)  # (where a link to this subentry lands)
            spans.extend(term)
            if child.children:
                spans.append(_punct(" ("))
                spans.extend(self._run_in_children(child))
                spans.append(_punct(")"))
        return spans

    def _heading_spans(self, term: str) -> list[Span]:
        spans = _term_spans(term)
        if not self.options.curly_quotes or ("'" not in term and '"' not in term):
            return spans
        curled = curly_quotes("".join(span.text for span in spans))  # (a quote's side depends on its neighbours)
        out, start = [], 0
        for span in spans:
            out.append(span._replace(text=curled[start : start + len(span.text)]))
            start += len(span.text)
        return out

    def _entry_spans(self, node: IndexNode, *, with_see_also: bool, run_in: bool = False) -> list[Span]:
        spans = self._heading_spans(node.entry.term)
        if node.locators:
            spans.append(self._separator)
            located = self._locator_spans
            for index, locator in enumerate(
                conflate(node.locators, adjacent=self.options.conflate_adjacent, merged=True)
            ):
                if index:
                    spans.append(_COMMA)
                span = located.get(locator)
                if span is None:
                    span = located[locator] = self._locator_span(locator)
                spans.append(span)
        if node.xrefs:
            spans.extend(self.xref_spans(node.xrefs, subentry=node.depth > 0 or run_in, with_see_also=with_see_also))
        return spans

    def xref_spans(
        self, xrefs: Sequence[tuple[Reference, str]], *, subentry: bool, with_see_also: bool = True
    ) -> list[Span]:
        """An entry's cross-references (each with its target's label) as they print after its locators:
        See, See under, then See also, each with its label and punctuation, targets in order."""
        spans: list[Span] = []
        for kind in (XRefKind.SEE, XRefKind.SEE_UNDER, XRefKind.SEE_ALSO):
            if kind is XRefKind.SEE_ALSO and not with_see_also:
                break
            targets = [(xref, label) for xref, label in xrefs if xref.kind is kind]
            if targets:
                spans.extend(self._xref_spans(kind, targets, subentry=subentry))
        return spans

    def _locator_span(self, locator: Locator) -> Span:
        styles = _EMPHASIS_STYLE[locator.emphasis]
        forms = self.options.locator_forms
        added = form_style(locator, forms)  # a figure, table or plate whose form sets the page in italic or bold
        if added:
            styles = styles | {added}
        if locator.encap:  # kept for LaTeX output (\hyperpage{12}); other formats ignore it
            styles = styles | {f"encap:{locator.encap}"}
        return Span(format_locator(locator, self.options.range_rule, forms), styles, Role.LOCATOR)

    def _xref_spans(self, kind: XRefKind, targets: Sequence[tuple[Reference, str]], *, subentry: bool) -> list[Span]:
        style = self._xref_styles[kind, subentry]
        spans = [_punct(style.prefix)] if style.prefix else []
        spans.extend(self._label_spans(style.label))
        spans.extend(self._target_spans(targets, style.separator))
        if style.suffix:
            spans.append(_punct(style.suffix))
        return spans

    @staticmethod
    def _label_spans(label: str) -> list[Span]:
        """An italic label and the space after it (kept roman, as CMS sets it)."""
        text = label.rstrip()
        spans = [Span(text, _ITALIC, Role.XREF_LABEL)] if text else []
        if text:
            spans.append(_punct(label[len(text) :] or " "))
        return spans

    def _target_label(self, label: str) -> str:
        """A target's path as the options print it (``a: b: c``, ``a: c``, ``a, c`` or ``under a``)."""
        how = self.options.target_path
        if how is TargetPath.PATH or ": " not in label:
            return label
        levels = label.split(": ")
        if how is TargetPath.MAIN_COLON:
            return f"{levels[0]}: {levels[-1]}"
        if how is TargetPath.MAIN_COMMA:
            return f"{levels[0]}, {levels[-1]}"
        return f"under {levels[0]}"

    def _target_spans(self, targets: Sequence[tuple[Reference, str]], separator: str = "; ") -> list[Span]:
        # A label is the target's path as markup: a title keeps its italics (See <i>Nature</i>).
        specific = sorted(
            ((label, xref.target_id) for xref, label in targets if not xref.generic),
            key=lambda item: self.keys.key(markup.plain_text(item[0].split(": ")[0])) + item[0].encode("utf-8"),
        )
        spans: list[Span] = []
        for index, (label, target_id) in enumerate(specific):
            if index:
                spans.append(_punct(separator))
            spans.extend(
                span._replace(role=Role.XREF_TARGET, ref=target_id)
                for span in self._heading_spans(self._target_label(label))
            )
        conjunction = separator if self.options.generic_conjunction is None else self.options.generic_conjunction
        for xref, _label in targets:
            if not xref.generic:
                continue
            if spans:
                spans.append(_punct(conjunction))
            generic = self._heading_spans(xref.text)
            spans.extend(span._replace(styles=span.styles | _ITALIC, role=Role.XREF_TARGET) for span in generic)
        return spans

    def _see_also_line(self, node: IndexNode) -> Paragraph:
        targets = [(xref, label) for xref, label in node.xrefs if xref.kind is XRefKind.SEE_ALSO]
        # A line of its own takes the label capitalised and no punctuation around it (CMS 16.20).
        style = self._xref_styles[XRefKind.SEE_ALSO, node.depth > 0]
        label = style.label[:1].upper() + style.label[1:]
        spans = self._label_spans(label)
        spans.extend(self._target_spans(targets, style.separator))
        return Paragraph(node.depth + 1, spans, node.entry.id)


def group_key(plain: str, sort_as: str | None, options: FormatOptions, keys: SortKeys) -> str:
    """The letter group of a main heading: its letter, "" for symbols and numbers, "*" without letter groups."""
    if not options.letter_groups:
        return "*"
    return keys.group_letter(plain, sort_as)


def group_title(key: str, options: FormatOptions) -> str:
    """A letter group's title: the letter, the numbers group's title (or none), none without letter groups."""
    if key == "*":
        return ""
    if key == "":
        return options.numbers_group_title if options.numbers_group else ""
    return key


def format_index(
    roots: Sequence[IndexNode], options: FormatOptions, keys: SortKeys | None = None, *, title: str = "", note: str = ""
) -> FormattedIndex:
    """Format a sorted tree in one call."""
    return Formatter(options, keys).format(roots, title=title, note=note)
