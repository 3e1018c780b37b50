"""Entries: find them by name, add, edit, delete, restructure, renumber, group and refer.

Entries are named as people write them: a main heading with its subheadings
(``entry_at``), or a reference's text, ``heading: subheading`` (``target_at``,
the store's one rule for naming a target). Every operation is one command, so
one undo step, and a refused one leaves the document as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core.model import Entry, XRefKind
from xindex.store import Document, EditError
from xindex.store.reading import target_levels

Missing = Literal["refuse", "create", "generic", "pending"]  # what to do with a reference whose target does not exist
UNCHANGED = object()  # an argument left out (None has a meaning: "clear the Sort As")


def entry_at(document: Document, path: Sequence[str]) -> Entry:
    """The entry at a path of headings (main heading first); EditError when there is none."""
    found = document.find_path(path)
    if found is None:
        raise EditError(f"there is no heading “{': '.join(path)}”{_near(document, path)}")
    return found


def _near(document: Document, path: Sequence[str]) -> str:
    """A hint naming the heading that differs from the path's only by case, accents or italics, or ""."""
    try:
        similar = document.similar_headings(path)
    except EditError:
        return ""
    return f" (there is “{similar[0][2]}”: italics are part of a heading)" if similar else ""


def target_at(document: Document, text: str, *, what: str = "heading") -> Entry:
    """The entry a text names as a reference does (``heading: subheading``); EditError when none."""
    found = document.find_target(text)
    if found is None:
        hint = _near(document, target_levels(text)) or " (write heading: subheading for a subentry)"
        raise EditError(f"there is no {what} “{text}”{hint}")
    return found


def kind_of(name: str) -> XRefKind:
    """A kind of cross-reference from its name (``see``, ``see also``, ``see-also``, ``see under``)."""
    try:
        return XRefKind(" ".join(name.replace("-", " ").split()).lower())
    except ValueError:
        raise EditError(f"'{name}' is not a kind of cross-reference (see, see also, see under)") from None


def add(
    document: Document,
    path: Sequence[str],
    pages: str = "",
    references: Sequence[tuple[XRefKind, str]] = (),
    *,
    generic: bool = False,
    missing: Mapping[str, Missing] | None = None,
    sort_as: str | None = None,
) -> int:
    """Add a heading path (missing levels created) with pages, references and the Sort As of its last
    heading, as one command; return its id. A reference's text names its target; one that names no
    entry is refused, unless ``missing`` says to create that target as a heading or to make the
    reference generic (*See also* specific plants), or ``generic`` makes every such one generic."""
    missing = missing or {}
    with document.command(f"Add “{': '.join(path)}”"):
        entry_id = document.add_path(path, pages)
        if sort_as is not None:
            document.edit_entry(entry_id, sort_as=sort_as)
        for kind, text in references:
            how = missing.get(text, "generic" if generic else "refuse")
            if how == "create" and document.find_target(text) is None:
                document.add_path(target_levels(text))
            add_reference(document, entry_id, kind, text, generic=how == "generic", pending=how == "pending")
    return entry_id


def add_reference(
    document: Document, entry_id: int, kind: XRefKind, text: str, *, generic: bool = False, pending: bool = False
) -> int:
    """Add a reference to the entry the text names; one that names none is refused, unless it is generic
    (``generic``) or waits for its heading (``pending``: blind until a heading of that name is added)."""
    target = document.find_target(text)
    if target is None and not (generic or pending):
        near = _near(document, target_levels(text))
        raise EditError(
            f"there is no heading “{text}” to refer to{near} (write heading: subheading for a subentry, make it"
            " a generic reference, or add it as pending until the heading is there)"
        )
    if target is None:
        return document.add_xref(entry_id, kind, text=text, pending=pending)
    return document.add_xref(entry_id, kind, target_id=target.id)


def remove_reference(document: Document, entry_id: int, kind: XRefKind, text: str) -> None:
    """Remove the entry's reference of this kind whose target (or generic text) the text names."""
    target = document.find_target(text)
    try:
        wanted = " ".join(markup.plain_text(text).split()).casefold()
    except markup.MarkupError:
        wanted = " ".join(text.split()).casefold()
    for xref in document.xrefs(entry_id):
        if xref.kind is not kind:
            continue
        if (target is not None and xref.target_id == target.id) or (
            xref.target_id is None and document.xref_text(xref).casefold() == wanted
        ):
            document.remove_xref(xref.id)
            return
    raise EditError(f"“{document.path_text(entry_id)}” has no “{kind} {text}”")


def edit(
    document: Document,
    entry_id: int,
    *,
    term: str | None = None,
    sort_as: object = UNCHANGED,
    notes: str | None = None,
    pages: str | None = None,
    more_pages: str | None = None,
) -> None:
    """Change any of an entry's heading, Sort As (None clears it), notes and pages (``pages`` replaces
    them, ``more_pages`` merges into them) as one command."""
    entry = document.entry(entry_id)
    with document.command(f"Edit “{entry.plain}”"):
        if term is not None or sort_as is not UNCHANGED or notes is not None:
            if sort_as is UNCHANGED:
                document.edit_entry(entry_id, term=term, notes=notes)
            else:
                document.edit_entry(entry_id, term=term, notes=notes, sort_as=_text_or_none(sort_as))
        if pages is not None:
            document.set_locators(entry_id, pages)
        if more_pages is not None:
            document.add_locators(entry_id, more_pages)


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Consequences:
    """What deleting an entry takes with it: its subentries (the first few named) and the entries whose
    references to it would go blind."""

    name: str
    subentries: int
    first_subentries: list[str]
    referrers: list[str]
    references: int

    def lines(self) -> list[str]:
        """The consequences in sentences, for a question before deleting."""
        found = []
        if self.subentries:
            names = ", ".join(f"“{name}”" for name in self.first_subentries)
            more = ", …" if self.subentries > len(self.first_subentries) else ""
            one = self.subentries == 1
            found.append(
                f"Its {self.subentries} subentr{'y' if one else 'ies'} go{'es' if one else ''} with it ({names}{more})."
            )
        if self.referrers:
            names = "; ".join(f"“{name}”" for name in self.referrers[:4])
            more = " and more" if len(self.referrers) > 4 else ""
            found.append(f"Cross-references from {names}{more} become blind (the check reports them).")
        return found


def consequences(document: Document, entry_id: int) -> Consequences:
    """What :func:`delete` would take with it."""
    entry = document.entry(entry_id)
    subtree = set(document.subtree_ids(entry_id))
    referrers = document.referrers_of(entry_id)
    references = sum(1 for referrer in referrers for xref in document.xrefs(referrer) if xref.target_id in subtree)
    return Consequences(
        entry.plain,
        len(subtree) - 1,
        [child.plain for child in document.children(entry_id, limit=4)],
        [document.path_text(referrer) for referrer in referrers],
        references,
    )


@dataclass(frozen=True)
class Deleted:
    """What a deletion did."""

    name: str
    subentries: int
    blinded: int

    def __str__(self) -> str:
        below = self.subentries
        message = f"deleted “{self.name}”"
        if below:
            message += f" and {below} {'subentry' if below == 1 else 'subentries'}"
        if self.blinded:
            one = self.blinded == 1
            message += f"; {self.blinded} cross-reference{' is' if one else 's are'} now blind (the check lists them)"
        return message


def delete(document: Document, entry_id: int, *, force: bool = False) -> Deleted:
    """Delete an entry with its subentries. Refused when other entries refer to it, unless ``force``,
    which leaves those references blind (and says how many)."""
    name = document.path_text(entry_id)
    found = consequences(document, entry_id)
    document.delete_entry(entry_id, force=force)
    return Deleted(name, found.subentries, found.references)


def move(document: Document, entry_id: int, destination: int | None) -> None:
    """Move an entry with its subentries under another heading (None: make it a main heading)."""
    document.move_entry(entry_id, destination)


def merge(document: Document, entry_id: int, into: int) -> None:
    """Merge an entry into another: its pages, subentries, references and groups."""
    document.merge_entries(entry_id, into)


def flip(document: Document, entry_id: int) -> int:
    """Swap a subheading with its heading (“roses: pruning” → “pruning: roses”); return the new entry."""
    return document.flip_entry(entry_id)


def copy(document: Document, entry_id: int, destination: int | None, *, with_subentries: bool = True) -> int:
    """Double-post an entry under another heading (None: as a main heading); return the copy."""
    return document.copy_entry(entry_id, destination, with_subentries=with_subentries)


@dataclass(frozen=True)
class Renumbering:
    """Repagination: every page from ``first`` of its series on moves by ``shift``."""

    first: int
    shift: int
    series: loc.Series
    first_text: str


def parse_renumbering(first: str, shift: str | int) -> Renumbering:
    """A renumbering from its first page (``120``, ``xii``) and its shift (``+2``, ``-1``); EditError saying
    what is wrong."""
    try:
        page = loc.parse_locator(first.strip())
    except loc.LocatorError as error:
        raise EditError(f"the first page: {error}") from None
    if page.kind is not loc.Kind.PAGE or page.is_range or page.prefix or page.emphasis or page.apart:
        raise EditError(f"the first page is one page, such as 120 or xii, not “{first.strip()}”")
    try:
        amount = int(str(shift).strip())
    except ValueError:
        raise EditError(f"the shift is a whole number of pages, such as +2 or -1, not “{shift}”") from None
    if amount == 0:
        raise EditError("a shift of 0 pages changes nothing")
    return Renumbering(page.first, amount, page.series, page.plain())


def renumber(document: Document, renumbering: Renumbering) -> int:
    """Shift the pages; return how many locators changed."""
    return document.renumber_pages(renumbering.first, renumbering.shift, series=renumbering.series)


def group(document: Document, name: str, entry_ids: Sequence[int], *, remove: bool = False) -> None:
    """Put entries in a named group (created when new), or take them out (``remove``; an emptied group goes)."""
    if remove:
        document.remove_from_group(name, entry_ids)
    else:
        document.add_to_group(name, entry_ids)


# -- several entries at once (the editor's multi-selection): each batch is one undo step ----------


def topmost(document: Document, entry_ids: Sequence[int]) -> list[int]:
    """The chosen entries that are not below another chosen one (acting on a heading acts on its
    subentries), in the order given, each once."""
    chosen = set(entry_ids)
    return [
        entry_id
        for entry_id in dict.fromkeys(entry_ids)
        if not any(above.id in chosen for above in document.ancestry(entry_id)[:-1])
    ]


@dataclass(frozen=True)
class BatchConsequences:
    """What deleting several entries takes with them: the entries (as heading paths), their subentries,
    and the entries outside the batch whose references would go blind."""

    names: list[str]
    subentries: int
    referrers: list[str]
    references: int

    def lines(self, shown: int = 8) -> list[str]:
        """The question's details: the entries (the first few named), then what goes with them."""
        lines = [f"• {name}" for name in self.names[:shown]]
        if len(self.names) > shown:
            lines.append(f"• … and {len(self.names) - shown} more")
        if self.subentries:
            lines.append(f"With them go {self.subentries} subentr{'y' if self.subentries == 1 else 'ies'}.")
        if self.referrers:
            few = "; ".join(self.referrers[:3]) + (" …" if len(self.referrers) > 3 else "")
            many = self.references != 1
            lines.append(
                f"{self.references} cross-reference{'s' if many else ''} from other entries would go blind: {few}."
            )
        return lines


def batch_consequences(document: Document, entry_ids: Sequence[int]) -> BatchConsequences:
    """What :func:`delete_many` would take with it."""
    tops = topmost(document, entry_ids)
    subtree: set[int] = set()
    for entry_id in tops:
        subtree.update(document.subtree_ids(entry_id))
    referrers: dict[int, int] = {}
    for entry_id in tops:
        for referrer in document.referrers_of(entry_id):
            if referrer not in subtree:
                count = sum(1 for xref in document.xrefs(referrer) if xref.target_id in subtree)
                referrers[referrer] = count
    return BatchConsequences(
        [document.path_text(entry_id) for entry_id in tops],
        len(subtree) - len(tops),
        [document.path_text(referrer) for referrer in referrers],
        sum(referrers.values()),
    )


def delete_many(document: Document, entry_ids: Sequence[int]) -> BatchConsequences:
    """Delete several entries with their subentries as one command (references to them from elsewhere
    go blind, as :func:`batch_consequences` says); what went."""
    found = batch_consequences(document, entry_ids)
    tops = topmost(document, entry_ids)
    with document.command(f"Delete {len(tops)} entries"):
        for entry_id in tops:
            document.delete_entry(entry_id, force=True)
    return found


def move_many(document: Document, entry_ids: Sequence[int], destination: int | None) -> None:
    """Move several entries under one heading (None: make them main headings) as one command."""
    tops = topmost(document, entry_ids)
    with document.command(f"Move {len(tops)} entries"):
        for entry_id in tops:
            document.move_entry(entry_id, destination)


def copy_many(document: Document, entry_ids: Sequence[int], destination: int | None) -> list[int]:
    """Double-post several entries (with their subentries) under one heading as one command; the copies."""
    tops = topmost(document, entry_ids)
    with document.command(f"Copy {len(tops)} entries"):
        return [document.copy_entry(entry_id, destination) for entry_id in tops]


def merge_many(document: Document, entry_ids: Sequence[int], into: int) -> None:
    """Merge several entries (pages, subentries, references, groups) into one as one command."""
    tops = [entry_id for entry_id in topmost(document, entry_ids) if entry_id != into]
    with document.command(f"Merge {len(tops)} entries into “{document.entry(into).plain}”"):
        for entry_id in tops:
            document.merge_entries(entry_id, into)


def emphasise_many(document: Document, entry_ids: Sequence[int], emphasis: str) -> None:
    """Set every locator of several entries in bold or italic, or clear it (``none``), as one command."""
    try:
        wanted = loc.Emphasis[emphasis.strip().upper()]
    except KeyError:
        raise EditError(f"“{emphasis}” is not an emphasis (bold, italic, none)") from None
    chosen = list(dict.fromkeys(entry_ids))
    what = f"Set the pages of {len(chosen)} entries in {wanted.name.lower()}" if wanted else "Clear the emphasis"
    with document.command(what if wanted else f"{what} of the pages of {len(chosen)} entries"):
        for entry_id in chosen:
            document.set_locators(entry_id, [found.replace(emphasis=wanted) for found in document.locators(entry_id)])
