"""The index domain objects the store hands out."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class XRef:
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


@dataclass(slots=True)
class IndexNode:
    """An entry with its locators, references and children, for listing and export."""

    entry: Entry
    depth: int
    locators: list[Locator] = field(default_factory=list)
    xrefs: list[tuple[XRef, str]] = field(default_factory=list)
    children: list[IndexNode] = field(default_factory=list)
