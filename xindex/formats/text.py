"""Plain-text export: one line per paragraph, four spaces per level, a blank line around group headings."""

from __future__ import annotations

from xindex.core.formatter import FormattedIndex

INDENT = "    "


def export_text(index: FormattedIndex, *, indent: str = INDENT) -> str:
    """The index as plain text (UTF-8 when written; no markup)."""
    lines: list[str] = []
    if index.title:
        lines += [index.title, ""]
    if index.note:
        lines += [index.note, ""]
    for number, group in enumerate(index.groups):
        if number:
            lines.append("")
        if group.title:
            lines += [group.title, ""]
        lines.extend(indent * paragraph.level + paragraph.text for paragraph in group.paragraphs)
    return "\n".join(lines) + "\n"
