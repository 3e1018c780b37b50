"""RTF export: a Word-compatible document whose paragraphs carry real, named paragraph styles.

The style sheet uses Word's built-in index style names, "Index Heading" and
"Index 1" … "Index 9" (Word matches them to its own built-ins, stored as
``index 1``…; LibreOffice maps them to its "Index Heading", "Index 1"… of
class *index*), so attaching a template or restyling one style in Word or
LibreOffice restyles the whole index. The title and note get styles of their
own ("Index Title", "Index Note"). Each level has a hanging indent: level *n*
starts *n* indent steps in and its runover lines sit :data:`RUNOVER` deeper.

Span styles become RTF character formatting in a group: ``\\i``, ``\\b``,
``\\scaps``, ``\\super`` and ``\\sub``. Text is 7-bit clean: ``\\``, ``{`` and
``}`` are escaped, every other non-ASCII character is written ``\\uN`` (a
signed 16-bit number, so code points above 32767 are negative; characters
outside the Basic Multilingual Plane as their two UTF-16 surrogates) followed
by one fallback character for readers that do not know ``\\u`` (its cp1252
byte ``\\'xx`` when there is one, else ``?``), as ``\\uc1`` announces. Tabs are
``\\tab``, line breaks spaces; other control characters and lone surrogates are dropped.

The index body is set in ``columns`` columns (default 2) in a continuous
section after the title and note, which span the page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xindex.core.formatter import FormattedIndex, Group, Paragraph, Span
from xindex.formats.breaks import unbreakable
from xindex.formats.parts import Parts, heading_and_entry_lines, paragraph_levels

TWIPS_PER_POINT = 20
INDENT_STEP = 240  # twips (12 pt): how much deeper each level starts
RUNOVER = 720  # twips (36 pt): how much deeper than its first line a paragraph's runover lines sit
COLUMN_GAP = 360  # twips (18 pt) between columns
MAX_LEVEL_STYLES = 9  # Word has Index 1 … Index 9; deeper levels share the last one

# Outer to inner, so the same styles always come out in the same order.
_STYLE_CONTROLS: tuple[tuple[str, str], ...] = (
    ("b", "\\b"),
    ("i", "\\i"),
    ("sc", "\\scaps"),
    ("u", "\\ul"),
    ("tt", "\\f1"),  # (font 1 of the table: Courier New)
    ("sup", "\\super"),
    ("sub", "\\sub"),
)
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|\n")


@dataclass(frozen=True)
class RtfStyle:
    """One paragraph style: its number in the style sheet, its name and its formatting control words."""

    number: int
    name: str
    formatting: str
    next_number: int

    def definition(self) -> str:
        """The style-sheet entry."""
        based_on = "\\sbasedon0" if self.number else ""  # every style but Normal is based on Normal
        return f"{{\\s{self.number}{self.formatting}{based_on}\\snext{self.next_number} {self.name};}}"

    def opening(self) -> str:
        """What starts a paragraph in this style (RTF repeats the style's formatting on every paragraph)."""
        return f"\\pard\\plain\\s{self.number}{self.formatting} "


NORMAL = RtfStyle(0, "Normal", "\\ql\\sa0\\f0\\fs22", 0)
TITLE = RtfStyle(1, "Index Title", "\\ql\\sb0\\sa240\\keepn\\f0\\b\\fs32", 3)
NOTE = RtfStyle(2, "Index Note", "\\ql\\sb0\\sa240\\f0\\i\\fs20", 3)
HEADING = RtfStyle(3, "Index Heading", "\\ql\\sb240\\sa120\\keepn\\f0\\b\\fs22", 4)


@functools.lru_cache(maxsize=64)
def level_style(level: int) -> RtfStyle:
    """The "Index N" style of a paragraph level (0 → "Index 1"; levels deeper than 9 share "Index 9")."""
    number = min(max(level, 0), MAX_LEVEL_STYLES - 1) + 1
    left = (number - 1) * INDENT_STEP + RUNOVER
    return RtfStyle(3 + number, f"Index {number}", f"\\ql\\li{left}\\fi-{RUNOVER}\\sa0\\f0\\fs22", 3 + number)


def escape(text: str) -> str:
    """Text as RTF: specials escaped, non-ASCII as ``\\uN`` plus a fallback, control characters dropped."""
    out: list[str] = []
    for char in _DROPPED.sub("", _LINE_BREAKS.sub(" ", text)):
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\t":
            out.append("\\tab ")
        elif code < 0x80:
            out.append(char)
        else:
            out.append(_unicode(char))
    return "".join(out)


def _unicode(char: str) -> str:
    try:
        fallback = f"\\'{char.encode('cp1252')[0]:02x}"
    except UnicodeEncodeError:
        fallback = "?"
    units = char.encode("utf-16-be")
    words = [int.from_bytes(units[i : i + 2], "big") for i in range(0, len(units), 2)]
    if len(words) == 1:
        return f"\\u{_signed(words[0])}{fallback}"
    # Outside the BMP: a surrogate pair, each half a \u with its own fallback character (\uc1 skips one after each).
    return "".join(f"\\u{_signed(word)}?" for word in words)


def _signed(word: int) -> int:
    return word - 0x10000 if word > 0x7FFF else word


@functools.lru_cache(maxsize=16384)  # punctuation, labels and many locators repeat
def span_rtf(span: Span) -> str:
    """One span: plain text, or a group with its character formatting."""
    controls = "".join(control for style, control in _STYLE_CONTROLS if style in span.styles)
    text = escape(unbreakable(span))
    return f"{{{controls} {text}}}" if controls else text


def paragraph_rtf(style: RtfStyle, spans: Iterable[Span]) -> str:
    """One paragraph in ``style``."""
    return style.opening() + "".join(span_rtf(span) for span in spans) + "\\par"


def export_rtf(index: FormattedIndex, *, columns: int = 2) -> str:
    """The index as an RTF document with Word's index paragraph styles, the body in ``columns`` columns."""
    parts = RtfParts(columns=columns)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class RtfParts(Parts):
    """The RTF export made in parts (see :mod:`xindex.formats.parts`)."""

    def __init__(self, *, columns: int = 2) -> None:
        self.columns = max(columns, 1)

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups: each one's heading (unless it goes on from the part before) and its paragraphs."""
        lines = heading_and_entry_lines(
            groups, continued=continued, entry=_entry, heading=lambda title: paragraph_rtf(HEADING, [Span(title)])
        )
        return "\n".join(lines) + "\n" if lines else ""

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The paragraph levels present (each gets its style in the style sheet)."""
        return paragraph_levels(groups)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """The RTF document: the style sheet (the levels present), title and note, the groups."""
        used = sorted({min(max(level, 0), MAX_LEVEL_STYLES - 1) for level in facts}) or [0]
        styles = [NORMAL, TITLE, NOTE, HEADING, *(level_style(level) for level in used)]
        lines = [
            "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1",
            "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}{\\f1\\fmodern\\fcharset0 Courier New;}}",
            "{\\stylesheet",
            *(style.definition() for style in styles),
            "}",
            f"{{\\info{{\\title {escape(title)}}}}}" if title else "{\\info}",
        ]
        columns = self.columns
        body_section = f"\\sectd\\sbknone\\cols{columns}\\colsx{COLUMN_GAP}" if columns > 1 else "\\sectd\\sbknone"
        if title or note:
            # The title and note span the page in a section of their own; the body follows without a page break.
            lines.append("\\sectd\\sbknone")
            if title:
                lines.append(paragraph_rtf(TITLE, [Span(title)]))
            if note:
                lines.append(paragraph_rtf(NOTE, [Span(note)]))
            lines.append("\\sect" + body_section)
        else:
            lines.append(body_section)
        return "\n".join(lines) + "\n" + body + "}\n"


def _entry(paragraph: Paragraph) -> str:
    return paragraph_rtf(level_style(paragraph.level), paragraph.spans)
