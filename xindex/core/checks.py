"""The verification report an indexer runs before delivering an index.

:func:`run_checks` walks the index tree (as :meth:`Document.tree` returns it)
and reports each problem as a :class:`Finding` with a stable code:

=========================  ========  ==========================================
code                       severity  what it means
=========================  ========  ==========================================
``blind-xref``             error     a cross-reference to a heading that does not exist
                                     (deleted, or pending: still to be added)
``circular-see``           error     *See* references that lead round in a circle
``see-with-content``       warning   a *See* heading that has locators or subentries
``dead-end``               warning   no locators, subentries or cross-references
``too-many-locators``      warning   more undifferentiated page locators than allowed
``lone-subheading``        warning   a heading with exactly one subheading
``near-duplicate``         warning   sibling headings differing only in case, accents,
                                     plural, leading article or punctuation
``page-out-of-span``       error     a locator before the book's first page or after
                                     its last
``overlapping-ranges``     warning   ranges of one entry that overlap (their emphasis
                                     differs, so they were not merged)
``inconsistent-capitals``  warning   one word capitalised differently in two headings
``self-reference``         error     a heading that refers to itself
``see-chain``              warning   a *See* to a heading that only says *See* again
``see-also-loop``          warning   a *See also* whose target says *See* back to it
``see-also-alone``         warning   *See also* on a heading with no locators or subentries
``wide-range``             warning   a range over more of the book than allowed
``italic-and-roman``       warning   one heading text set in italics in one place and
                                     roman in another
=========================  ========  ==========================================

The checks are pure functions of the tree: no store, no Qt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.language import ARTICLES
from xindex.core.locators import Locator
from xindex.core.model import IndexNode, XRefKind
from xindex.core.sorting import fold

Severity = Literal["error", "warning"]

BLIND_XREF = "blind-xref"
CIRCULAR_SEE = "circular-see"
SEE_WITH_CONTENT = "see-with-content"
DEAD_END = "dead-end"
TOO_MANY_LOCATORS = "too-many-locators"
LONE_SUBHEADING = "lone-subheading"
NEAR_DUPLICATE = "near-duplicate"
PAGE_OUT_OF_SPAN = "page-out-of-span"
OVERLAPPING_RANGES = "overlapping-ranges"
INCONSISTENT_CAPITALS = "inconsistent-capitals"
SELF_REFERENCE = "self-reference"
SEE_CHAIN = "see-chain"
SEE_ALSO_LOOP = "see-also-loop"
SEE_ALSO_ALONE = "see-also-alone"
WIDE_RANGE = "wide-range"
ITALIC_AND_ROMAN = "italic-and-roman"

#: Every check: code, severity and the title the report groups it under, in report order.
CHECKS: dict[str, tuple[Severity, str]] = {
    BLIND_XREF: ("error", "Blind cross-references"),
    CIRCULAR_SEE: ("error", "Circular See references"),
    SELF_REFERENCE: ("error", "Headings that refer to themselves"),
    PAGE_OUT_OF_SPAN: ("error", "Locators outside the book's pages"),
    SEE_WITH_CONTENT: ("warning", "See headings with locators or subentries"),
    SEE_CHAIN: ("warning", "See references that lead to another See"),
    SEE_ALSO_LOOP: ("warning", "See also references that a See sends back"),
    SEE_ALSO_ALONE: ("warning", "See also on headings with nothing of their own"),
    DEAD_END: ("warning", "Dead ends"),
    TOO_MANY_LOCATORS: ("warning", "Too many undifferentiated locators"),
    LONE_SUBHEADING: ("warning", "Lone subheadings"),
    NEAR_DUPLICATE: ("warning", "Near-duplicate headings"),
    OVERLAPPING_RANGES: ("warning", "Overlapping ranges"),
    WIDE_RANGE: ("warning", "Ranges over much of the book"),
    INCONSISTENT_CAPITALS: ("warning", "Inconsistent capitalisation"),
    ITALIC_AND_ROMAN: ("warning", "Italic in one place, roman in another"),
}
_CODE_ORDER = {code: index for index, code in enumerate(CHECKS)}

#: Most cycles reported for one tangle of See references (the rest add nothing for the indexer),
#: and the most steps spent looking for them.
MAX_CYCLES_PER_TANGLE = 20
MAX_CYCLE_SEARCH_STEPS = 100_000


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (plain headings, main heading first) and one sentence saying what is wrong."""

    code: str
    severity: Severity
    path: list[str]
    entry_id: int | None
    message: str


@dataclass(frozen=True)
class CheckOptions:
    """What the checks need to know about the book.

    ``max_locators``: most page locators a heading may carry without subheadings.
    ``page_span``: the book's pages (see :func:`parse_page_span`); None skips the span check.
    ``language``: decides the articles and plural rule used to spot near-duplicates.
    ``max_range_percent``: the largest share of the book's pages (the page span's series) one range may
    cover before it is reported; an entry that long is rarely one continuous discussion.
    """

    max_locators: int = 6
    page_span: list[Locator] | None = None
    language: str = "en"
    max_range_percent: int = 20


def parse_page_span(text: str) -> list[Locator]:
    """The book's pages from a list such as ``"i-xvi, 1-320"``; LocatorError when it is not one."""
    span = loc.parse_locators(text)
    if not span:
        raise loc.LocatorError("the page span is empty")
    for part in span:
        if part.kind is not loc.Kind.PAGE or part.prefix or part.emphasis is not loc.Emphasis.NONE or part.passim:
            raise loc.LocatorError(
                f"'{part.canonical()}': a page span lists plain pages or ranges such as i-xvi, 1-320",
                part.canonical(),
            )
    return loc.merge(span)


# ---------------------------------------------------------------------- walking the tree


@dataclass(frozen=True)
class _Place:
    """A node with its path and its position in tree order."""

    node: IndexNode
    path: list[str]
    order: int


def _walk(roots: Sequence[IndexNode]) -> list[_Place]:
    """Every node in tree order (depth first, children in their stored order)."""
    places: list[_Place] = []
    stack: list[tuple[IndexNode, list[str]]] = [(node, [node.entry.plain]) for node in reversed(roots)]
    while stack:
        node, path = stack.pop()
        places.append(_Place(node, path, len(places)))
        stack.extend((child, [*path, child.entry.plain]) for child in reversed(node.children))
    return places


def _quote(text: str) -> str:
    return f"“{text}”"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _finding(code: str, place: _Place, message: str) -> Finding:
    return Finding(code, CHECKS[code][0], list(place.path), place.node.entry.id, message)


# ---------------------------------------------------------------------- checks on one entry


def _blind_xrefs(place: _Place) -> Iterator[Finding]:
    for xref, label in place.node.xrefs:
        if xref.blind:
            yield _finding(
                BLIND_XREF,
                place,
                f"the {xref.kind.capitalize()} reference to {_quote(markup.plain_text(label))} leads to no heading:"
                " none of that name exists (it was deleted, or is still to be added).",
            )


def _see_with_content(place: _Place) -> Iterator[Finding]:
    node = place.node
    if not any(xref.kind is XRefKind.SEE for xref, _ in node.xrefs):
        return
    extras = []
    if node.locators:
        extras.append(_plural(len(node.locators), "locator"))
    if node.children:
        extras.append(_plural(len(node.children), "subentry", "subentries"))
    if extras:
        yield _finding(
            SEE_WITH_CONTENT,
            place,
            f"{_quote(node.entry.plain)} has a See reference but also {' and '.join(extras)};"
            " a See heading should have none of its own (make it See also, or move them to the target).",
        )


def _self_reference(place: _Place) -> Iterator[Finding]:
    for xref, _label in place.node.xrefs:
        if xref.target_id == place.node.entry.id:
            yield _finding(
                SELF_REFERENCE,
                place,
                f"{_quote(place.node.entry.plain)} has a {xref.kind.capitalize()} reference to itself; remove it.",
            )


def _see_also_alone(place: _Place) -> Iterator[Finding]:
    """CMS 16.15-18: *See also* adds to what a heading has; with nothing of its own it should be *See*."""
    node = place.node
    kinds = {xref.kind for xref, _ in node.xrefs}
    if XRefKind.SEE_ALSO in kinds and XRefKind.SEE not in kinds and not node.locators and not node.children:
        yield _finding(
            SEE_ALSO_ALONE,
            place,
            f"{_quote(node.entry.plain)} has See also references but no locators or subentries of its own;"
            " make them See.",
        )


def _dead_end(place: _Place) -> Iterator[Finding]:
    node = place.node
    if not node.locators and not node.children and not node.xrefs:
        yield _finding(
            DEAD_END,
            place,
            f"{_quote(node.entry.plain)} has no locators, subentries or cross-references, so it leads nowhere.",
        )


def _too_many_locators(place: _Place, options: CheckOptions) -> Iterator[Finding]:
    pages = sum(1 for locator in place.node.locators if locator.kind is loc.Kind.PAGE)
    if pages > options.max_locators:
        yield _finding(
            TOO_MANY_LOCATORS,
            place,
            f"{_quote(place.node.entry.plain)} has {pages} page locators with nothing to tell them apart"
            f" (more than {options.max_locators}); break them up with subheadings.",
        )


def _lone_subheading(place: _Place) -> Iterator[Finding]:
    node = place.node
    if len(node.children) == 1:
        yield _finding(
            LONE_SUBHEADING,
            place,
            f"{_quote(node.entry.plain)} has a single subheading, {_quote(node.children[0].entry.plain)};"
            " fold it into the heading or add another.",
        )


def _describe(locator: Locator) -> str:
    emphasis = {loc.Emphasis.BOLD: " (bold)", loc.Emphasis.ITALIC: " (italic)"}.get(locator.emphasis, "")
    return locator.plain() + emphasis


def _span_bounds(page_span: Sequence[Locator]) -> dict[loc.Series, tuple[int, int]]:
    """The first and last page of each numbering series in the book's page span."""
    bounds: dict[loc.Series, tuple[int, int]] = {}
    for part in page_span:
        if part.kind is loc.Kind.TEXT or part.prefix:
            continue
        low, high = bounds.get(part.series, (part.first, part.last))
        bounds[part.series] = (min(low, part.first), max(high, part.last))
    return bounds


def _span_words(series: loc.Series, bounds: tuple[int, int] | None, span_text: str) -> str:
    if bounds is None:
        numbering = "roman-numbered front matter" if series is loc.Series.ROMAN else "arabic-numbered pages"
        return f"the book's pages ({span_text}) include no {numbering}"
    sample = Locator(series, *bounds)
    where = "the front matter runs" if series is loc.Series.ROMAN else "the pages run"
    return f"{where} from {sample.page_text(bounds[0])} to {sample.page_text(bounds[1])}"


def _page_span_findings(place: _Place, bounds: dict[loc.Series, tuple[int, int]], span_text: str) -> Iterator[Finding]:
    for locator in place.node.locators:
        if locator.kind is loc.Kind.TEXT or locator.prefix:
            continue
        known = bounds.get(locator.series)
        if known is not None and known[0] <= locator.first and locator.last <= known[1]:
            continue
        yield _finding(
            PAGE_OUT_OF_SPAN,
            place,
            f"locator {_describe(locator)} is outside the book: {_span_words(locator.series, known, span_text)}.",
        )


def _overlapping_ranges(place: _Place) -> Iterator[Finding]:
    pages = [locator for locator in place.node.locators if locator.kind is loc.Kind.PAGE]
    pages.sort(key=lambda locator: (locator.series, loc.prefix_order(locator.prefix), locator.first, locator.last))
    for index, left in enumerate(pages):
        for right in pages[index + 1 :]:
            if (right.series, right.prefix) != (left.series, left.prefix) or right.first > left.last:
                break
            if left.is_range or right.is_range:
                yield _finding(
                    OVERLAPPING_RANGES,
                    place,
                    f"locators {_describe(left)} and {_describe(right)} overlap;"
                    " merge them into one range or make their emphasis agree.",
                )


# ---------------------------------------------------------------------- checks across entries


def _circular_see(places: list[_Place], by_id: dict[int, _Place]) -> Iterator[Finding]:
    """One finding per circle of See references, at the circle's first entry in tree order."""
    graph: dict[int, list[int]] = {}
    for place in places:
        targets = [
            xref.target_id
            for xref, _ in place.node.xrefs
            if xref.kind is XRefKind.SEE and xref.target_id is not None and xref.target_id in by_id
        ]
        if targets:
            graph[place.node.entry.id] = sorted(set(targets), key=lambda target: by_id[target].order)
    cycles: list[list[int]] = []
    for component in _strong_components(graph):
        if len(component) > 1 or component[0] in graph.get(component[0], []):
            cycles.extend(_cycles_in(component, graph, by_id))
    cycles.sort(key=lambda cycle: [by_id[entry_id].order for entry_id in cycle])
    for cycle in cycles:
        start = by_id[cycle[0]]
        chain = " → ".join(_quote(": ".join(by_id[entry_id].path)) for entry_id in [*cycle, cycle[0]])
        yield _finding(
            CIRCULAR_SEE,
            start,
            f"the See references go round in a circle, {chain}, so they never reach any locators.",
        )


def _see_targets(place: _Place, by_id: dict[int, _Place], kind: XRefKind) -> list[_Place]:
    return [
        by_id[xref.target_id]
        for xref, _ in place.node.xrefs
        if xref.kind is kind and xref.target_id is not None and xref.target_id in by_id
    ]


def _see_chains_and_loops(places: list[_Place], by_id: dict[int, _Place]) -> Iterator[Finding]:
    """CMS 16.15-16: a See sends the reader to the heading where the locators are, never to another See;
    and a See also is not sent straight back by a See from its target."""
    for place in places:
        own = place.node.entry.id
        for target in _see_targets(place, by_id, XRefKind.SEE):
            onward = [
                further
                for further in _see_targets(target, by_id, XRefKind.SEE)
                if further.node.entry.id not in (own, target.node.entry.id)  # (a circle is circular-see's)
            ]
            if onward and not target.node.locators and not target.node.children:
                ends = _and_list([_quote(": ".join(further.path)) for further in onward])
                yield _finding(
                    SEE_CHAIN,
                    place,
                    f"See {_quote(': '.join(target.path))} only says See {ends} in its turn;"
                    f" point {_quote(place.node.entry.plain)} straight at {ends}.",
                )
        for target in _see_targets(place, by_id, XRefKind.SEE_ALSO):
            if any(back.node.entry.id == own for back in _see_targets(target, by_id, XRefKind.SEE)):
                yield _finding(
                    SEE_ALSO_LOOP,
                    place,
                    f"{_quote(place.node.entry.plain)} says See also {_quote(': '.join(target.path))}, which says"
                    f" See {_quote(place.node.entry.plain)}: the reader is sent back; remove one of the two.",
                )


def _wide_ranges(place: _Place, bounds: dict[loc.Series, tuple[int, int]], options: CheckOptions) -> Iterator[Finding]:
    for locator in place.node.locators:
        bound = bounds.get(locator.series)
        if not locator.is_range or locator.kind is loc.Kind.TEXT or locator.prefix or bound is None:
            continue
        pages = locator.last - locator.first + 1
        book = bound[1] - bound[0] + 1
        if pages * 100 > book * options.max_range_percent:
            yield _finding(
                WIDE_RANGE,
                place,
                f"the range {locator.plain()} covers {pages} of the book's {book} pages"
                f" (more than {options.max_range_percent}%); a discussion that long is rarely continuous:"
                " cite its main passages or add subentries.",
            )


def _strong_components(graph: dict[int, list[int]]) -> list[list[int]]:
    """Tarjan's strongly connected components, iteratively (See chains can be long)."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    for root in graph:
        if root in index_of:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            vertex, next_edge = work.pop()
            if next_edge == 0:
                index_of[vertex] = low[vertex] = len(index_of)
                stack.append(vertex)
                on_stack.add(vertex)
            edges = graph.get(vertex, [])
            descended = False
            for position in range(next_edge, len(edges)):
                target = edges[position]
                if target not in index_of:
                    work.append((vertex, position + 1))
                    work.append((target, 0))
                    descended = True
                    break
                if target in on_stack:
                    low[vertex] = min(low[vertex], index_of[target])
            if descended:
                continue
            if low[vertex] == index_of[vertex]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == vertex:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[vertex])
    return components


def _cycles_in(component: list[int], graph: dict[int, list[int]], by_id: dict[int, _Place]) -> list[list[int]]:
    """The simple cycles of one component, each starting at its first entry in tree order."""
    members = sorted(component, key=lambda entry_id: by_id[entry_id].order)
    rank = {entry_id: position for position, entry_id in enumerate(members)}
    cycles: list[list[int]] = []
    steps = 0
    for start in members:
        # Cycles through `start` that use only members ranked after it: each cycle is found once.
        path = [start]
        on_path = {start}
        iterators = [iter(graph.get(start, []))]
        while iterators and len(cycles) < MAX_CYCLES_PER_TANGLE and steps < MAX_CYCLE_SEARCH_STEPS:
            steps += 1
            target = next(iterators[-1], None)
            if target is None:
                iterators.pop()
                on_path.discard(path.pop())
                continue
            if target == start:
                cycles.append(list(path))
            elif target in rank and rank[target] > rank[start] and target not in on_path:
                path.append(target)
                on_path.add(target)
                iterators.append(iter(graph.get(target, [])))
    return cycles


def _fold_heading(plain: str, language: str) -> tuple[str, list[str]]:
    """A heading reduced for comparison, and the same with a plural ending of its last word dropped."""
    text = fold(plain)  # case and accents (Éluard, Eluard; Łódź, Lodz)
    articles = sorted(ARTICLES.get(language, ()), key=len, reverse=True)
    if articles:
        pattern = "|".join(re.escape(article) for article in articles)
        text = re.sub(rf"^(?:{pattern})\s+(?=\w)", "", text)
        text = re.sub(rf",\s*(?:{pattern})$", "", text)  # inverted article: "Beatles, The"
    words = re.findall(r"\w+", text)
    base = "".join(words)
    stems: list[str] = []
    if language == "en" and words:
        last = words[-1]
        for ending in ("es", "s"):
            if last.endswith(ending) and len(last) - len(ending) >= 2:
                stems.append("".join([*words[:-1], last[: -len(ending)]]))
    return base, stems


def _near_duplicates(siblings: list[_Place], language: str) -> Iterator[Finding]:
    """Groups of sibling headings that differ only in case, plural, leading article or punctuation."""
    if len(siblings) < 2:
        return
    parent = list(range(len(siblings)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(left: int, right: int) -> None:
        left, right = find(left), find(right)
        if left != right:
            parent[max(left, right)] = min(left, right)

    folded = [_fold_heading(place.node.entry.plain, language) for place in siblings]
    by_base: dict[str, int] = {}
    for position, (base, _) in enumerate(folded):
        if base in by_base:
            join(by_base[base], position)
        elif base:
            by_base[base] = position
    for position, (_, stems) in enumerate(folded):
        for stem in stems:
            if stem in by_base:
                join(by_base[stem], position)
    groups: dict[int, list[int]] = {}
    for position in range(len(siblings)):
        groups.setdefault(find(position), []).append(position)
    for members in groups.values():
        # (one text in italics and in roman is two headings, which the italic-and-roman check reports)
        texts = list(dict.fromkeys(siblings[position].node.entry.plain for position in members))
        if len(texts) < 2:
            continue
        names = [_quote(text) for text in texts]
        yield _finding(
            NEAR_DUPLICATE,
            siblings[members[0]],
            f"the headings {_and_list(names)} differ only in capitals, accents, plural, a leading article or"
            " punctuation;"
            " merge them or make the difference clear.",
        )


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _checked_words(node: IndexNode, language: str) -> list[str]:
    """The words of a heading whose capitals should agree with other headings.

    Left out: the first word (capitalised by convention), all-capital words
    (acronyms), words in italics (titles of works, Latin names keep their own
    capitals) and an inverted article at the end (``Beatles, The``).
    """
    try:
        runs = markup.parse_runs(node.entry.term)
    except markup.MarkupError:
        runs = [markup.Run(node.entry.plain)]
    words = [(word, "i" in run.styles) for run in runs for word in _WORD.findall(run.text)]
    articles = sorted(ARTICLES.get(language, ()), key=len, reverse=True)
    if len(words) > 1 and words[-1][0].casefold() in articles and re.search(r",\s*\S+\s*$", node.entry.plain):
        words.pop()
    return [word for word, italic in words[1:] if not italic and not word.isupper()]


def _inconsistent_capitals(places: list[_Place], language: str) -> Iterator[Finding]:
    """One finding per word spelt with different capitals in different headings."""
    spellings: dict[str, dict[str, _Place]] = {}
    for place in places:
        for word in _checked_words(place.node, language):
            spellings.setdefault(word.casefold(), {}).setdefault(word, place)
    for forms in spellings.values():
        if len(forms) < 2:
            continue
        examples = sorted(forms.items(), key=lambda item: (item[1].order, item[0]))
        described = _and_list([f"{_quote(word)} in {_quote(': '.join(where.path))}" for word, where in examples])
        yield _finding(
            INCONSISTENT_CAPITALS,
            examples[0][1],
            f"one word is capitalised in different ways: {described}.",
        )


def _italic(term: str) -> bool:
    """True when the whole heading is set in italics (a title, a Latin name)."""
    try:
        runs = markup.parse_runs(term)
    except markup.MarkupError:
        return False
    return bool(runs) and all("i" in run.styles for run in runs if run.text.strip())


def _italic_and_roman(places: list[_Place]) -> Iterator[Finding]:
    """One finding per heading text set in italics in one place and roman in another (Guernica the painting
    and Guernica the town are two things: say which is which; one thing set two ways is a slip)."""
    forms: dict[str, dict[bool, _Place]] = {}
    for place in places:
        forms.setdefault(fold(place.node.entry.plain), {}).setdefault(_italic(place.node.entry.term), place)
    for both in forms.values():
        if len(both) == 2:
            italic, roman = both[True], both[False]
            yield _finding(
                ITALIC_AND_ROMAN,
                min(italic, roman, key=lambda place: place.order),
                f"{_quote(': '.join(italic.path))} is in italics and {_quote(': '.join(roman.path))} in roman;"
                " if they are one thing, set them alike; if two (a work and a place), add a qualifier.",
            )


# ---------------------------------------------------------------------- running and reporting


def run_checks(roots: list[IndexNode], options: CheckOptions | None = None) -> list[Finding]:
    """Every finding for the index tree, in tree order (then in check order), deterministic."""
    options = options or CheckOptions()
    places = _walk(roots)
    bounds = _span_bounds(options.page_span or [])
    span_text = ", ".join(part.plain() for part in options.page_span or [])
    findings: list[Finding] = []
    for place in places:
        findings.extend(_blind_xrefs(place))
        findings.extend(_self_reference(place))
        findings.extend(_see_with_content(place))
        findings.extend(_see_also_alone(place))
        findings.extend(_dead_end(place))
        findings.extend(_too_many_locators(place, options))
        findings.extend(_lone_subheading(place))
        if options.page_span is not None:
            findings.extend(_page_span_findings(place, bounds, span_text))
            findings.extend(_wide_ranges(place, bounds, options))
        findings.extend(_overlapping_ranges(place))
    by_id = {place.node.entry.id: place for place in places}
    findings.extend(_circular_see(places, by_id))
    findings.extend(_see_chains_and_loops(places, by_id))
    siblings: dict[int | None, list[_Place]] = {}
    for place in places:
        parent_id = place.node.entry.parent_id if len(place.path) > 1 else None
        siblings.setdefault(parent_id, []).append(place)
    for group in siblings.values():
        findings.extend(_near_duplicates(group, options.language))
    findings.extend(_inconsistent_capitals(places, options.language))
    findings.extend(_italic_and_roman(places))
    order = {place.node.entry.id: place.order for place in places}
    ranked = sorted(
        enumerate(findings),
        key=lambda item: (
            order.get(item[1].entry_id, len(order)) if item[1].entry_id is not None else len(order),
            _CODE_ORDER.get(item[1].code, len(_CODE_ORDER)),
            item[0],
        ),
    )
    return [finding for _, finding in ranked]


def summary(findings: Sequence[Finding]) -> str:
    """One line: how many errors and warnings, or that there are none."""
    if not findings:
        return "No problems found."
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = len(findings) - errors
    return f"{_plural(len(findings), 'problem')}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}."


def format_report(findings: Sequence[Finding]) -> str:
    """The plain-text report: findings grouped by check with counts, ``path: message`` lines, a summary."""
    if not findings:
        return "No problems found.\n"
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.code, []).append(finding)
    lines: list[str] = []
    for code in sorted(groups, key=lambda code: (_CODE_ORDER.get(code, len(_CODE_ORDER)), code)):
        members = groups[code]
        severity, title = CHECKS.get(code, (members[0].severity, code))
        lines.append(f"{title} [{code}]: {_plural(len(members), severity)}")
        for finding in members:
            lines.append(f"  {': '.join(finding.path)}: {finding.message}")
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def report_json(findings: Sequence[Finding]) -> str:
    """The findings as JSON: counts of errors and warnings, then each finding as an object."""
    errors = sum(1 for finding in findings if finding.severity == "error")
    document = {
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [asdict(finding) for finding in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
