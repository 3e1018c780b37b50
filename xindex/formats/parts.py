"""Exports written in parts, so that a big index can be written in two processes.

A format that can be written in parts has a parts maker (``Exporter.parts`` in
the registry): a :class:`Parts` subclass. :func:`xindex.jobs.generate.export`
formats the first half of the main headings in this process and the second
in a forked child; each half writes its run of groups with :meth:`Parts.groups`
and collects :meth:`Parts.facts` (what the file around the groups needs to
know of them, such as the paragraph levels present); the parent joins the
texts and the facts and writes the file with :meth:`Parts.document`. The
format's own export function is the same calls on the whole index, so both
ways give the same bytes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, Self

from xindex.core.formatter import Group, Paragraph


class Parts(ABC):
    """A format's parts maker; subclasses write ``groups`` and ``document``."""

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> Self:
        """The parts the registry's export writes for a document's settings (here its defaults)."""
        return cls()

    @abstractmethod
    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """A run of groups as text. ``opening``: the first is the index's first; ``continued``: the first
        goes on from the part before (a group cut between two main headings); ``continues``: the last
        goes on in the part after."""

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """What the file around the groups needs to know of them (nothing, unless a format says)."""
        return frozenset()

    @abstractmethod
    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str | bytes:
        """The file around the runs' text joined (``body``), given the runs' facts joined."""


def heading_and_entry_lines(
    groups: Sequence[Group], *, continued: bool, heading: Callable[[str], str], entry: Callable[[Paragraph], str]
) -> list[str]:
    """Each group's heading (unless it is untitled, or the first and ``continued``) and its entries."""
    lines: list[str] = []
    for number, group in enumerate(groups):
        if group.title and not (number == 0 and continued):
            lines.append(heading(group.title))
        lines.extend(entry(paragraph) for paragraph in group.paragraphs)
    return lines


def paragraph_levels(groups: Sequence[Group]) -> frozenset[int]:
    """The paragraph levels present in the groups."""
    return frozenset(paragraph.level for group in groups for paragraph in group.paragraphs)
