"""What reading an ``.idx`` makes: headings (:class:`IdxEntry`) with their locators as page codes, their
cross-references (:class:`IdxXRef`), and the whole result (:class:`IdxResult`).

Locators stay compact while converting (a million-line ``.idx`` makes a million of them): a page is an
int, its code (:func:`xindex.core.ranges.page_code`), and only entries that have them hold the rarer
emphasised pages and ranges.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from xindex.core import markup
from xindex.core.locators import Emphasis, Kind, Locator, merge
from xindex.core.model import Entry, IndexNode, XRef, XRefKind
from xindex.core.ranges import CodedLocator, code_page
from xindex.core.sorting import SortKeys
from xindex.formats.makeindex.latex_text import is_plain, latex_to_plain
from xindex.formats.makeindex.style import IdxProblem


class IdxEntry:
    """A heading read from an .idx: LaTeX source, its plain text, locators and references."""

    __slots__ = (
        "children",
        "depth",
        "display",
        "keys",
        "line",
        "page_lines",
        "pages",
        "plain",
        "ranges",
        "refs",
        "sort_as",
        "sort_key",
        "styled",
        "xrefs",
    )

    def __init__(self, key: str, display: str, depth: int, line: int = 0, plain: str | None = None) -> None:
        self.display = display
        self.depth = depth
        self.line = line  # where it first appeared: ties in sorting keep file order
        if plain is None:
            plain = display if is_plain(display) else latex_to_plain(display)
        self.plain = plain
        self.sort_as: str | None = latex_to_plain(key) if key != display else None
        self.sort_key = b""
        self.pages: list[int] = []  # single pages without emphasis or encap, as page codes
        # The keys that gave those pages (one, or several), and the line of each page where makeindex's order
        # or warnings need it (the reader's page_lines: entries with ranges or encapsulators)
        self.keys: str | list[str] | None = None
        self.page_lines: dict[int, int] | None = None
        # The rest are made when first added to (most entries never have any; making them all took a
        # third of the time of making an entry): children by identity, then the rarer locators.
        self.children: dict[str | tuple[str, str], IdxEntry] | None = None
        self.styled: list[tuple[int, int, str]] | tuple[()] = ()  # single pages with one: (code, emphasis, encap)
        self.ranges: list[tuple[int, int, int, str]] | tuple[()] = ()  # (first code, last code, emphasis, encap)
        self.refs: list[tuple[int, int, str, int, int]] | tuple[()] = ()  # |( and |) until paired: (..., op, line)
        self.xrefs: list[IdxXRef] | tuple[()] = ()

    def __repr__(self) -> str:
        return f"IdxEntry({self.display!r}, depth={self.depth})"

    def child_map(self) -> dict[str | tuple[str, str], IdxEntry]:
        """The children by identity, for adding to."""
        children = self.children
        if children is None:
            children = self.children = {}
        return children

    def subentries(self) -> list[IdxEntry]:
        """The children in file order."""
        return list(self.children.values()) if self.children else []

    def coded_locators(self) -> list[CodedLocator]:
        """The locators other than the plain single pages (:attr:`pages`), as codes, before conflation."""
        return [(code, code, emphasis, encap) for code, emphasis, encap in self.styled] + list(self.ranges)

    def locator_objects(self) -> list[Locator]:
        """The locators as core :class:`Locator` objects."""
        out: list[Locator] = []
        for code in self.pages:
            series, value = code_page(code)
            out.append(Locator(series, value, value))
        for first, last, emphasis, encap in self.coded_locators():
            series, value = code_page(first)
            out.append(Locator(series, value, code_page(last)[1], Kind.PAGE, emphasis=Emphasis(emphasis), encap=encap))
        return out


class IdxXRef:
    """A ``|see{...}`` or ``|seealso{...}``.

    ``path`` holds the displays of the entry it names (empty when it names
    none); ``target`` is that entry when :func:`read_idx` read it.
    """

    def __init__(self, kind: XRefKind, text: str, line: int) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.target: IdxEntry | None = None
        self.path: tuple[str, ...] = ()
        self.generic = False  # (an .idx names entries; for the Formatter, which prints generic ones apart)
        self.target_id: int | None = None  # (an .idx has no entry ids to link to)

    def __repr__(self) -> str:
        return f"IdxXRef({self.kind!r}, {self.text!r}, line {self.line}, path={self.path!r})"

    @property
    def label(self) -> str:
        """What is printed: the target's headings joined by ": ", or the text as written."""
        return ": ".join(self.path) if self.path else self.text


class IdxResult:
    """What :func:`read_idx` found: the entries (file order, unsorted), the problems, and the numbers of lines
    accepted and rejected."""

    def __init__(self, roots: list[IdxEntry], problems: list[IdxProblem], accepted: int = 0, rejected: int = 0) -> None:
        self.roots = roots
        self.problems = problems
        self.accepted = accepted
        self.rejected = rejected

    def entries(self) -> Iterator[IdxEntry]:
        """Every entry, depth first, in file order."""
        stack = list(reversed(self.roots))
        while stack:
            entry = stack.pop()
            yield entry
            if entry.children:
                stack.extend(reversed(entry.children.values()))

    def tree(self, keys: SortKeys | None = None) -> list[IndexNode]:
        """The entries as sorted core index nodes (ids in file order), for the Formatter and exporters.

        Terms are the LaTeX source escaped as xindex markup, so a Formatter span's text is that
        source again; :func:`xindex.formats.latex.mark_latex_source` tells the LaTeX writer so.
        """
        keys = keys or SortKeys()
        ids: dict[int, int] = {}
        for number, entry in enumerate(self.entries(), start=1):
            ids[id(entry)] = number
        xref_ids = iter(range(1, 1 << 62))

        def node(entry: IdxEntry, parent: int | None) -> IndexNode:
            own = ids[id(entry)]
            sort_key = keys.key(entry.plain, entry.sort_as, main=entry.depth == 0)
            item = IndexNode(
                Entry(own, parent, markup.escape(entry.display), entry.plain, entry.sort_as, sort_key),
                entry.depth,
                merge(entry.locator_objects()),  # as a document stores them: ordered, duplicates merged
            )
            for xref in entry.xrefs:
                target = ids[id(xref.target)] if xref.target is not None else None
                item.xrefs.append(
                    (XRef(next(xref_ids), own, xref.kind, target, xref.text, False), markup.escape(xref.label))
                )
            item.children = sorted(
                (node(child, own) for child in entry.subentries()),
                key=lambda child: (child.entry.sort_key, child.entry.id),
            )
            return item

        return sorted((node(root, None) for root in self.roots), key=lambda item: (item.entry.sort_key, item.entry.id))


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    Converting makes a few objects per line and frees almost none, so each
    collection would only rescan a growing heap: with it, reading 100,000
    lines took three times as long.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
