"""Plain-text export: one line per paragraph, four spaces per level, a blank line around group headings.

Options (:class:`TextOptions`, also read from document settings with
:meth:`TextOptions.from_settings`): the indentation per level
(``text-indent``: a number of spaces or ``tab``) and the header
(``text-header``): ``plain`` prints the title and the note each followed by
a blank line; ``labelled`` prints them as XindeX did, ``Title: …`` and
``Note: …`` on consecutive lines, then one blank line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xindex.core.formatter import FormattedIndex, Group
from xindex.core.settings import TEXT_HEADER, TEXT_INDENT
from xindex.formats.parts import Parts

INDENT = "    "


@dataclass(frozen=True)
class TextOptions:
    """How the plain text is laid out."""

    indent: str = INDENT
    header: str = "plain"

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> TextOptions:
        """Options from document settings (``text-indent``, ``text-header``); missing keys take the defaults."""
        indent = TEXT_INDENT.value(settings)
        text_indent = "\t" if indent == "tab" else " " * int(indent) if indent else INDENT
        return cls(text_indent, TEXT_HEADER.value(settings))


def export_text(
    index: FormattedIndex,
    *,
    indent: str | None = None,
    options: TextOptions | None = None,
    settings: dict[str, str] | None = None,
) -> str:
    """The index as plain text (UTF-8 when written; no markup); options from ``settings`` when given."""
    options = options or (TextOptions.from_settings(settings) if settings is not None else TextOptions())
    if indent is not None:
        options = TextOptions(indent, options.header)
    parts = TextParts(options)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class TextParts(Parts):
    """The text export made in parts (see :mod:`xindex.formats.parts`): runs of groups, each a string
    that ends with a newline, then the title and note before them."""

    def __init__(self, options: TextOptions) -> None:
        self.options = options

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> TextParts:
        """The parts for a document's settings."""
        return cls(TextOptions.from_settings(settings))

    def head(self, title: str, note: str) -> str:
        """The title and the note, as the header option lays them out."""
        lines: list[str] = []
        if self.options.header == "labelled":
            if title:
                lines.append(f"Title: {title}")
            if note:
                lines.append(f"Note: {note}")
            if lines:
                lines.append("")
        else:
            if title:
                lines += [title, ""]
            if note:
                lines += [note, ""]
        return "".join(line + "\n" for line in lines)

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups; ``opening``: the first is the index's first (no blank line before it); ``continued``:
        the first continues the last group of the part before (no blank line, no title). (``continues``,
        the last goes on in the part after, changes nothing in text.)"""
        indent = self.options.indent
        lines: list[str] = []
        for number, group in enumerate(groups):
            if not number and continued:
                pass
            else:
                if number or not opening:
                    lines.append("")
                if group.title:
                    lines += [group.title, ""]
            lines.extend(indent * paragraph.level + paragraph.text for paragraph in group.paragraphs)
        return "\n".join(lines) + "\n" if lines else ""

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """The whole export around the groups' text (``levels``: the paragraph levels in the index)."""
        return self.head(title, note) + body or "\n"
