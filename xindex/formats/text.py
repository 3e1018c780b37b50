"""Plain-text export: one line per paragraph, four spaces per level, a blank line around group headings.

Options (:class:`TextOptions`, also read from document settings with
:meth:`TextOptions.from_settings`): the indentation per level
(``text-indent``: a number of spaces or ``tab``) and the header
(``text-header``): ``plain`` prints the title and the note each followed by
a blank line; ``labelled`` prints them as XindeX did, ``Title: …`` and
``Note: …`` on consecutive lines, then one blank line.
"""

from __future__ import annotations

from dataclasses import dataclass

from xindex.core.formatter import FormattedIndex

INDENT = "    "
HEADERS = ("plain", "labelled")


@dataclass(frozen=True)
class TextOptions:
    """How the plain text is laid out."""

    indent: str = INDENT
    header: str = "plain"

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> TextOptions:
        """Options from document settings (``text-indent``, ``text-header``); missing keys take the defaults."""
        indent = settings.get("text-indent", "").strip().lower()
        header = settings.get("text-header", "plain").strip().lower()
        if header not in HEADERS:
            raise ValueError(f"'{header}' is not a text header; use {' or '.join(HEADERS)}")
        if indent == "tab":
            text_indent = "\t"
        elif indent.isdigit():
            text_indent = " " * int(indent)
        elif not indent:
            text_indent = INDENT
        else:
            raise ValueError(f"'{indent}' is not a text indent; use a number of spaces or 'tab'")
        return cls(text_indent, header)


def export_text(
    index: FormattedIndex,
    *,
    indent: str | None = None,
    options: TextOptions | None = None,
    settings: dict[str, str] | None = None,
) -> str:
    """The index as plain text (UTF-8 when written; no markup); options from ``settings`` when given."""
    options = options or (TextOptions.from_settings(settings) if settings is not None else TextOptions())
    indent = options.indent if indent is None else indent
    lines: list[str] = []
    if options.header == "labelled":
        if index.title:
            lines.append(f"Title: {index.title}")
        if index.note:
            lines.append(f"Note: {index.note}")
        if lines:
            lines.append("")
    else:
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
