r"""Cross-references of an ``.idx`` linked to the entries they name.

A ``|see{X}`` names an entry by its heading (``X``) or a path written
``a!b`` or ``a, b``; a heading matches by its display, else by its plain
text. The first main heading in the file wins, as makeindex would. A
reference that names no entry is printed as written and noted in the
transcript. Two processes that read half the main headings each link them
through the same directory (:class:`RootDirectory`): each half tells the
other its main headings and answers questions about deeper paths
(:func:`walk`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xindex.core.model import XRefKind
from xindex.formats.makeindex.entries import IdxEntry, IdxResult, IdxXRef
from xindex.formats.makeindex.latex_text import latex_to_plain
from xindex.formats.makeindex.style import IdxProblem, IstStyle


def child_named(siblings: Sequence[IdxEntry], text: str) -> IdxEntry | None:
    """The entry among ``siblings`` whose display (or, failing that, plain text) is ``text``."""
    for entry in siblings:
        if entry.display == text:
            return entry
    plain = latex_to_plain(text).casefold()
    for entry in siblings:
        if entry.plain.casefold() == plain:
            return entry
    return None


def candidates(text: str, style: IstStyle) -> list[tuple[str, ...]]:
    """The heading paths a cross-reference text may name: itself, split at ``!``, split at ``, ``."""
    candidates: list[tuple[str, ...]] = [(text,)]
    if style.level in text:
        candidates.append(tuple(part.strip() for part in text.split(style.level)))
    if ", " in text:
        candidates.append(tuple(part.strip() for part in text.split(", ")))
        head, _, rest = text.partition(", ")
        candidates.append((head.strip(), rest.strip()))
    return [candidate for candidate in candidates if all(candidate)]


# An entry found by a cross-reference: the displays of its path below the main heading, and its id
# (line it was first seen on, depth), which names one entry even across two processes.
Found = tuple[tuple[str, ...], tuple[int, int]]


def walk(entry: IdxEntry, below: Sequence[str]) -> Found | None:
    """Follow subheading texts down from ``entry``."""
    displays: list[str] = []
    for part in below:
        found = child_named(entry.subentries(), part)
        if found is None:
            return None
        entry = found
        displays.append(entry.display)
    return tuple(displays), (entry.line, entry.depth)


class RootDirectory:
    """The main headings that cross-references may name, by display and by plain text, the first one
    in the file winning (as makeindex would). Only headings one of ``names`` may match are kept."""

    def __init__(self, names: Iterable[str]) -> None:
        self.displays = set(names)
        self.plains = {latex_to_plain(name).casefold() for name in self.displays}
        self.by_display: dict[str, tuple[int, str, IdxEntry | None]] = {}
        self.by_plain: dict[str, tuple[int, str, IdxEntry | None]] = {}

    def add(self, line: int, display: str, plain: str, entry: IdxEntry | None) -> None:
        """Add a main heading (``entry`` None when it lives in the other process)."""
        if display in self.displays:
            known = self.by_display.get(display)
            if known is None or line < known[0]:
                self.by_display[display] = (line, display, entry)
        folded = plain.casefold()
        if folded in self.plains:
            known = self.by_plain.get(folded)
            if known is None or line < known[0]:
                self.by_plain[folded] = (line, display, entry)

    def find(self, text: str) -> tuple[int, str, IdxEntry | None] | None:
        """The main heading named ``text`` (one of the names): by display, else by plain text."""
        return self.by_display.get(text) or self.by_plain.get(latex_to_plain(text).casefold())


def reference_names(texts: Iterable[str], style: IstStyle) -> set[str]:
    """The main headings that cross-reference texts may name: the first part of each candidate path."""
    return {candidate[0] for text in texts for candidate in candidates(text, style)}


def dedupe_xrefs(entry: IdxEntry) -> None:
    """ "roses!pruning" and "roses, pruning" name one target: print it once."""
    unique: list[IdxXRef] = []
    seen: set[tuple[XRefKind, str]] = set()
    for xref in entry.xrefs:
        if (xref.kind, xref.label) not in seen:
            seen.add((xref.kind, xref.label))
            unique.append(xref)
    entry.xrefs = unique


def unresolved(xref: IdxXRef) -> IdxProblem:
    """The transcript's note on a reference that names no entry."""
    return IdxProblem(xref.line, f"{xref.kind.value} {xref.text!r}: no entry of that name, printed as written", False)


def resolve_xrefs(result: IdxResult, with_xrefs: list[IdxEntry], style: IstStyle) -> None:
    """Link each reference to the entry its text names (a path with ``!`` or ``, ``), if there is one."""
    directory = RootDirectory(reference_names([xref.text for entry in with_xrefs for xref in entry.xrefs], style))
    for root in result.roots:
        directory.add(root.line, root.display, root.plain, root)
    targets: dict[int, IdxEntry] = {}
    for entry in with_xrefs:
        for xref in entry.xrefs:
            for candidate in candidates(xref.text, style):
                named = directory.find(candidate[0])
                if named is None or named[2] is None:
                    continue
                found = walk(named[2], candidate[1:])
                if found is not None and found[1] != (entry.line, entry.depth):
                    xref.path = (named[1], *found[0])
                    targets[id(xref)] = entry_at(named[2], candidate[1:])
                    break
            else:
                result.problems.append(unresolved(xref))
            xref.target = targets.get(id(xref))
        dedupe_xrefs(entry)


def entry_at(entry: IdxEntry, below: Sequence[str]) -> IdxEntry:
    """The entry below ``entry`` that subheading texts lead to (found already by :func:`walk`)."""
    for part in below:
        found = child_named(entry.subentries(), part)
        assert found is not None
        entry = found
    return entry
