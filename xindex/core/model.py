"""The index domain objects the store hands out."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from xindex.core.locators import Locator

# The deepest a heading may be nested (a main heading is level 1). Books use three or four levels; CINDEX
# allows 16 fields. Past this, input is refused with a message and a document is reported as damaged, so
# that no walk over a crafted or broken file can run away.
MAX_DEPTH = 64


class XRefKind(StrEnum):
    """Kinds of cross-reference, stored by value."""

    SEE = "see"
    SEE_ALSO = "see also"
    SEE_UNDER = "see under"


class Entry(NamedTuple):
    """A heading at any level: main heading, subheading, sub-subheading ... (a tuple: cheap to make by the 100,000)."""

    id: int
    parent_id: int | None
    term: str
    plain: str
    sort_as: str | None
    sort_key: bytes
    notes: str = ""
    created: str = ""
    updated: str = ""


class XRef(NamedTuple):
    """A cross-reference from an entry: linked to a target entry, generic, or blind."""

    id: int
    entry_id: int
    kind: XRefKind
    target_id: int | None
    text: str
    generic: bool

    @property
    def blind(self) -> bool:
        """A real reference whose target no longer exists."""
        return not self.generic and self.target_id is None


class IndexNode:
    """An entry with its locators, references and children, for listing and export."""

    # (Written out, not a dataclass: xindex makeindex imports this on every LaTeX pass; see
    # formats/makeindex/style.py.)
    __slots__ = ("children", "depth", "entry", "locators", "xrefs")

    def __init__(
        self,
        entry: Entry,
        depth: int,
        locators: list[Locator] | None = None,
        xrefs: list[tuple[XRef, str]] | None = None,
        children: list[IndexNode] | None = None,
    ) -> None:
        self.entry = entry
        self.depth = depth
        self.locators: list[Locator] = [] if locators is None else locators
        self.xrefs: list[tuple[XRef, str]] = [] if xrefs is None else xrefs
        self.children: list[IndexNode] = [] if children is None else children

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IndexNode) and (
            self.entry,
            self.depth,
            self.locators,
            self.xrefs,
            self.children,
        ) == (other.entry, other.depth, other.locators, other.xrefs, other.children)

    __hash__ = None  # type: ignore[assignment]  # (mutable)

    def __repr__(self) -> str:
        return (
            f"IndexNode(entry={self.entry!r}, depth={self.depth!r}, locators={self.locators!r}, "
            f"xrefs={self.xrefs!r}, children={self.children!r})"
        )
