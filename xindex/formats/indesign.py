"""Adobe InDesign Tagged Text export: a text file that InDesign places (File > Place) with its styles applied.

Syntax from Adobe's "Using Adobe InDesign CS5 Tagged Text" (2010): a start tag
naming encoding and platform (``<UNICODE-WIN>``, ``<ANSI-WIN>``), then
definitions, then one paragraph per line, each starting with
``<ParaStyle:Name>``. Paragraph styles are defined with
``<DefineParaStyle:Name=<Nextstyle:Name><pLeftIndent:…><pFirstLineIndent:…>…>``
and character styles with ``<DefineCharStyle:Name=<Nextstyle:Name><cTypeface:…>>``;
a character style is applied by ``<CharStyle:Name>`` and ended by ``<CharStyle:>``.
Attribute tags used: ``cTypeface``, ``cCase:Small Caps``, ``cPosition:Superscript``
/ ``Subscript``, ``cSize``, ``pLeftIndent``, ``pFirstLineIndent``, ``pSpaceBefore``,
``pSpaceAfter`` (values in points). Characters are given as ``<0x####>`` (four
hex digits, a UTF-16 code unit) where the encoding cannot carry them, and the
tag characters ``<``, ``>`` and ``\\`` in text are escaped with a backslash,
as InDesign itself writes them.

Paragraph styles: "Index Title", "Index Note", "Index Heading" (letter
groups), "Index 1", "Index 2", … (one per level used), with hanging indents
like the RTF export's. InDesign applies one character style at a time, so
each combination of markup styles used gets one character style, named after
its parts ("Bold", "Italic", "Bold Italic", "Small Caps", "Superscript",
"Italic Superscript", …).

``encoding="unicode"`` (the default) writes ``<UNICODE-WIN>`` and returns
UTF-16 little-endian with a byte-order mark, which is what InDesign reads as
Unicode tagged text; ``encoding="ansi"`` writes ``<ANSI-WIN>`` in Windows-1252
with every other character as ``<0x####>`` (a character outside the BMP as its
two UTF-16 surrogates). Lines end in CR LF. :func:`tagged_text` gives the text
itself, before encoding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from xindex.core.errors import SettingError
from xindex.core.formatter import FormattedIndex, Group, Span
from xindex.formats.breaks import unbreakable
from xindex.formats.parts import Parts, heading_and_entry_lines, paragraph_levels
from xindex.formats.rtf import INDENT_STEP, MAX_LEVEL_STYLES, RUNOVER, TWIPS_PER_POINT

Encoding = Literal["unicode", "ansi"]

VERSION = "<Version:5><FeatureSet:InDesign-Roman>"

TITLE_STYLE = "Index Title"
NOTE_STYLE = "Index Note"
HEADING_STYLE = "Index Heading"

# The parts of a character style's name and its attribute tags, outer to inner.
_STYLE_PARTS: tuple[tuple[str, str], ...] = (
    ("b", "Bold"),
    ("i", "Italic"),
    ("sc", "Small Caps"),
    ("u", "Underline"),
    ("tt", "Monospace"),
    ("sup", "Superscript"),
    ("sub", "Subscript"),
)
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|\n")
_SPECIAL = re.compile(r"([<>\\])")


def _pt(twips: int) -> str:
    return f"{twips / TWIPS_PER_POINT:g}"


def level_style_name(level: int) -> str:
    """The paragraph style of a level (0 → "Index 1")."""
    return f"Index {min(max(level, 0), MAX_LEVEL_STYLES - 1) + 1}"


@functools.lru_cache(maxsize=256)  # a handful of combinations, asked for on every span
def char_style_name(styles: frozenset[str]) -> str:
    """The character style for a combination of markup styles ("" for none)."""
    parts = [name for style, name in _STYLE_PARTS if style in styles]
    if "Superscript" in parts and "Subscript" in parts:
        parts.remove("Subscript")
    return " ".join(parts)


def _char_style_definition(styles: frozenset[str]) -> str:
    name = char_style_name(styles)
    typeface = " ".join(part for style, part in (("b", "Bold"), ("i", "Italic")) if style in styles)
    attributes = f"<Nextstyle:{name}>"
    if typeface:
        attributes += f"<cTypeface:{typeface}>"
    if "sc" in styles:
        attributes += "<cCase:Small Caps>"
    if "u" in styles:
        attributes += "<cUnderline:1>"
    if "tt" in styles:
        attributes += "<cFont:Courier New>"
    if "sup" in styles:
        attributes += "<cPosition:Superscript>"
    elif "sub" in styles:
        attributes += "<cPosition:Subscript>"
    return f"<DefineCharStyle:{name}={attributes}>"


@functools.lru_cache(maxsize=16384)  # punctuation, labels and many locators repeat
def escape(text: str) -> str:
    """Text with ``<``, ``>`` and ``\\`` escaped by a backslash; line breaks become spaces, controls are dropped."""
    return _SPECIAL.sub(r"\\\1", _NOT_TEXT.sub("", _LINE_BREAKS.sub(" ", text)))


def spans_tagged(spans: Iterable[Span]) -> str:
    """The spans of one paragraph, each styled run inside ``<CharStyle:Name>`` … ``<CharStyle:>``."""
    out: list[str] = []
    for span in spans:
        text = escape(unbreakable(span))
        if not text:
            continue
        name = char_style_name(span.styles)
        out.append(f"<CharStyle:{name}>{text}<CharStyle:>" if name else text)
    return "".join(out)


def _para_style_definitions(levels: list[int]) -> list[str]:
    first = level_style_name(levels[0])
    definitions = [
        f"<DefineParaStyle:{TITLE_STYLE}=<Nextstyle:{NOTE_STYLE}><cTypeface:Bold><cSize:16><pSpaceAfter:12>>",
        f"<DefineParaStyle:{NOTE_STYLE}=<Nextstyle:{HEADING_STYLE}><cTypeface:Italic><cSize:10><pSpaceAfter:12>>",
        f"<DefineParaStyle:{HEADING_STYLE}=<Nextstyle:{first}><cTypeface:Bold><pSpaceBefore:12><pSpaceAfter:6>>",
    ]
    for level in levels:
        name = level_style_name(level)
        definitions.append(
            f"<DefineParaStyle:{name}=<Nextstyle:{name}><pLeftIndent:{_pt(level * INDENT_STEP + RUNOVER)}>"
            f"<pFirstLineIndent:-{_pt(RUNOVER)}><pSpaceBefore:0><pSpaceAfter:0>>"
        )
    return definitions


def tagged_text(index: FormattedIndex, *, encoding: Encoding = "unicode") -> str:
    """The index as InDesign tagged text (a str; :func:`export_indesign` encodes it)."""
    parts = IndesignParts(encoding=encoding)
    return parts.text(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class IndesignParts(Parts):
    """InDesign tagged text made in parts (see :mod:`xindex.formats.parts`)."""

    def __init__(self, *, encoding: Encoding = "unicode") -> None:
        if encoding not in ("unicode", "ansi"):
            raise SettingError(f"'{encoding}' is not a tagged-text encoding; use unicode or ansi")
        self.encoding = encoding

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups, each line after a line break: a heading (unless the group goes on from the part
        before) and its paragraphs."""
        lines = heading_and_entry_lines(
            groups,
            continued=continued,
            heading=lambda title: f"<ParaStyle:{HEADING_STYLE}>{escape(title)}",
            entry=lambda paragraph: f"<ParaStyle:{level_style_name(paragraph.level)}>{spans_tagged(paragraph.spans)}",
        )
        return "".join("\r\n" + line for line in lines)

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The levels and the character style combinations present (the definitions come first)."""
        facts: set[Any] = {("level", level) for level in paragraph_levels(groups)}
        facts.update(
            ("styles", span.styles)
            for group in groups
            for paragraph in group.paragraphs
            for span in paragraph.spans
            if char_style_name(span.styles)
        )
        return frozenset(facts)

    def text(self, title: str, note: str, facts: frozenset[Any], body: str) -> str:
        """The tagged text: the definitions, title and note, then the groups."""
        levels = sorted({min(max(value, 0), MAX_LEVEL_STYLES - 1) for kind, value in facts if kind == "level"}) or [0]
        combinations = sorted({char_style_name(value): value for kind, value in facts if kind == "styles"}.items())
        lines = [
            "<UNICODE-WIN>" if self.encoding == "unicode" else "<ANSI-WIN>",
            VERSION + "<ColorTable:=<Black:COLOR:CMYK:Process:0,0,0,1>>",
            *(_char_style_definition(styles) for _, styles in combinations),
            *_para_style_definitions(levels),
        ]
        if title:
            lines.append(f"<ParaStyle:{TITLE_STYLE}>{escape(title)}")
        if note:
            lines.append(f"<ParaStyle:{NOTE_STYLE}>{escape(note)}")
        text = "\r\n".join(lines) + body
        return text if self.encoding == "unicode" else _ansi(text)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> bytes:
        """The file: UTF-16LE with a BOM for ``unicode``, Windows-1252 for ``ansi``."""
        text = self.text(title, note, facts, body)
        if self.encoding == "unicode":
            return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
        return text.encode("cp1252")


def _ansi(text: str) -> str:
    """Characters that Windows-1252 lacks as ``<0x####>`` (UTF-16 code units)."""
    out: list[str] = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            units = char.encode("utf-16-be")
            out.extend(f"<0x{units[i : i + 2].hex().upper()}>" for i in range(0, len(units), 2))
    return "".join(out)


def export_indesign(index: FormattedIndex, *, encoding: Encoding = "unicode") -> bytes:
    """The index as an InDesign tagged-text file: UTF-16LE with a BOM for ``unicode``, Windows-1252 for ``ansi``."""
    parts = IndesignParts(encoding=encoding)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))
