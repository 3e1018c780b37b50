"""What is typed in the fast-entry bar's Pages field: locators, then cross-references, as CINDEX allows.

``45–7, 112; see also roses: pruning; shrubs`` is the locators ``45–7, 112`` and two *See also*
references, to “roses: pruning” and to “shrubs”. A reference begins with its kind's words (``see``,
``see also``, ``see under``, in any case) at the start of the field or after ``;``, ``,`` or ``.``; a
part after ``;`` without them is one more reference of the kind before it (``see also X; Y``). A
target names a heading as references are written everywhere: ``heading: subheading``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from xindex.core.locators import LocatorError
from xindex.core.model import XRefKind

_KIND_WORDS = r"see\s+also|see\s+under|see"
_FIRST_REFERENCE = re.compile(rf"(?:^|[;,.])\s*(?P<kind>{_KIND_WORDS})(?=\s|$)", re.IGNORECASE)
_KIND_AT_START = re.compile(rf"\s*(?P<kind>{_KIND_WORDS})(?=\s|$)", re.IGNORECASE)


class TypedReference(NamedTuple):
    """One reference typed in the field: its kind, its target's text and where that text starts."""

    kind: XRefKind
    target: str
    start: int


class PagesField(NamedTuple):
    """The field read: the locators' text and the references after it."""

    pages: str
    references: list[TypedReference]


def _kind(words: str) -> XRefKind:
    return XRefKind(" ".join(words.lower().split()))


def read_pages_field(text: str) -> PagesField:
    """Split what is typed into locators and references; LocatorError names a reference without a target."""
    first = _FIRST_REFERENCE.search(text)
    if first is None:
        return PagesField(text, [])
    pages = text[: first.start()]
    references: list[TypedReference] = []
    kind = _kind(first.group("kind"))
    position = first.start("kind")
    for piece in text[position:].split(";"):
        start = position
        position += len(piece) + 1
        named = _KIND_AT_START.match(piece)
        if named is not None:
            kind = _kind(named.group("kind"))
            start += named.end()
            piece = piece[named.end() :]
        target = " ".join(piece.split())
        if not target:
            where = text[start - (named.end() if named else 0) : position - 1].strip() or ";"
            raise LocatorError(f"'{where}': type the heading it refers to (heading: subheading)", where, start)
        references.append(TypedReference(kind, target, start + len(piece) - len(piece.lstrip())))
    return PagesField(pages.rstrip(), references)


def target_being_typed(text: str, cursor: int) -> tuple[int, str] | None:
    """Where the reference target under the cursor starts and what of it is typed, or None when the
    cursor is among the locators (or on a kind's words still being typed)."""
    before = text[:cursor]
    first = _FIRST_REFERENCE.search(before)
    if first is None:
        return None
    last_part = before.rfind(";", first.start("kind"))
    start = max(first.end(), last_part + 1)
    piece = before[start:]
    named = _KIND_AT_START.match(piece)
    if named is not None:
        start += named.end()
        piece = piece[named.end() :]
    if not piece.strip() and named is None and start == first.end() and not before[first.end() :]:
        return None  # "see" just typed: it may still become "see also"
    lead = len(piece) - len(piece.lstrip())
    return start + lead, piece.lstrip()
