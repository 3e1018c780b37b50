"""DOCX export (Word 2007+): named paragraph styles per level, markup as run formatting.

python-docx (a maintained library) supplies the package: its default template,
the style definitions, section properties, core properties and the saving; the
entry paragraphs themselves are written as WordprocessingML and parsed in one
go, because building 100,000 of them through python-docx's paragraph and run
objects takes close to a minute (this takes a few seconds).

Paragraphs use Word's built-in index styles, "Index Heading" and "Index 1" …
"Index 9", with Word's style ids (``IndexHeading``, ``Index1`` …), so a
publisher's template or a change to one style restyles the whole index;
LibreOffice maps them to its own index styles. python-docx's default template
does not define them, so they are added, with hanging indents like the RTF
export's. The title and note get styles of their own ("Index Title", "Index
Note"). Span styles become run properties (``w:b``, ``w:i``, ``w:smallCaps``,
``w:vertAlign`` superscript or subscript).

The body is set in ``columns`` columns (default 2, as indexes usually are)
through the section properties; the title and note, when present, end a
single-column section of their own so they span the page.

The package is rewritten with fixed zip timestamps and fixed core-properties
dates, so exporting the same index twice gives byte-identical files.
"""

from __future__ import annotations

import copy
import datetime
import functools
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.section import CT_SectPr
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt, Twips
from docx.styles.style import ParagraphStyle

from xindex.core.formatter import FormattedIndex, Group, Span
from xindex.formats.breaks import unbreakable
from xindex.formats.odt import normalise_zip
from xindex.formats.parts import Parts, heading_and_entry_lines, paragraph_levels
from xindex.formats.rtf import COLUMN_GAP, INDENT_STEP, MAX_LEVEL_STYLES, RUNOVER
from xindex.formats.xmltext import NOT_XML

FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
HEADING_STYLE = "Index Heading"
TITLE_STYLE = "Index Title"
NOTE_STYLE = "Index Note"
HEADING_ID, TITLE_ID, NOTE_ID = "IndexHeading", "IndexTitle", "IndexNote"
_LINE_BREAKS = re.compile("\r\n?|\n")


def level_style_name(level: int) -> str:
    """The Word style name of a paragraph level (0 → "Index 1"; levels deeper than 9 share "Index 9")."""
    return f"Index {min(max(level, 0), MAX_LEVEL_STYLES - 1) + 1}"


def level_style_id(level: int) -> str:
    """The Word style id of a paragraph level (0 → ``Index1``)."""
    return f"Index{min(max(level, 0), MAX_LEVEL_STYLES - 1) + 1}"


def _clean(text: str) -> str:
    if text.isprintable():  # (no line break, tab or character XML refuses: most text)
        return text
    return NOT_XML.sub("", _LINE_BREAKS.sub(" ", text))


def _add_style(document: WordDocument, name: str, style_id: str, *, builtin: bool) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    assert isinstance(style, ParagraphStyle)
    style.style_id = style_id
    style.base_style = document.styles["Normal"]
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    return style


def _define_styles(document: WordDocument, levels: Iterable[int]) -> None:
    """Add the index styles (Word's built-in definitions, here with hanging indents) and the title and note styles."""
    entries: list[ParagraphStyle] = []
    for level in sorted(set(levels)):
        style = _add_style(document, level_style_name(level), level_style_id(level), builtin=True)
        style.paragraph_format.left_indent = Twips(level * INDENT_STEP + RUNOVER)
        style.paragraph_format.first_line_indent = Twips(-RUNOVER)
        style.next_paragraph_style = style
        entries.append(style)
    heading = _add_style(document, HEADING_STYLE, HEADING_ID, builtin=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.font.bold = True
    if entries:
        heading.next_paragraph_style = entries[0]
    title = _add_style(document, TITLE_STYLE, TITLE_ID, builtin=False)
    title.font.size = Pt(16)
    title.font.bold = True
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_with_next = True
    note = _add_style(document, NOTE_STYLE, NOTE_ID, builtin=False)
    note.font.italic = True
    note.font.size = Pt(10)
    note.paragraph_format.space_after = Pt(12)


# Run properties in the order the schema's CT_RPr sequence requires (rFonts, b, i, smallCaps, u, vertAlign).
_RUN_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("tt", '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'),
    ("b", "<w:b/>"),
    ("i", "<w:i/>"),
    ("sc", "<w:smallCaps/>"),
    ("u", '<w:u w:val="single"/>'),
    ("sup", '<w:vertAlign w:val="superscript"/>'),
    ("sub", '<w:vertAlign w:val="subscript"/>'),
)


@functools.lru_cache(maxsize=64)
def _run_properties(styles: frozenset[str]) -> str:
    """The ``w:rPr`` of a span's styles ("" for none)."""
    properties = [markup for style, markup in _RUN_PROPERTIES if style in styles]
    if "sup" in styles and "sub" in styles:
        properties.pop()  # one vertical alignment only: superscript wins
    return f"<w:rPr>{''.join(properties)}</w:rPr>" if properties else ""


def _run(properties: str, text: str) -> str:
    """One ``w:r`` of cleaned text (a tab as ``w:tab``)."""
    body = "<w:tab/>".join(
        f'<w:t xml:space="preserve">{xml_escape(part)}</w:t>' if part else "" for part in text.split("\t")
    )
    return f"<w:r>{properties}{body}</w:r>"


def paragraph_xml(style_id: str, spans: Iterable[Span]) -> str:
    """One ``w:p`` in the paragraph style ``style_id``; neighbouring spans with the same run properties
    share one ``w:r`` (a third of the XML, where a run per span repeated ``<w:r><w:t ...>`` for
    every comma)."""
    runs: list[str] = []
    properties: str | None = None
    texts: list[str] = []
    for span in spans:
        text = _clean(unbreakable(span))
        if not text:
            continue
        these = _run_properties(span.styles)
        if these != properties:
            if texts:
                runs.append(_run(properties or "", "".join(texts)))
            properties, texts = these, [text]
        else:
            texts.append(text)
    if texts:
        runs.append(_run(properties or "", "".join(texts)))
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{"".join(runs)}</w:p>'


def _set_columns(sect_pr: CT_SectPr, columns: int) -> None:
    """Set ``w:cols`` on a section: ``columns`` equal columns with :data:`COLUMN_GAP` between them."""
    for old in sect_pr.findall(qn("w:cols")):
        sect_pr.remove(old)
    cols = OxmlElement("w:cols", {qn("w:space"): str(COLUMN_GAP)})
    if columns > 1:
        cols.set(qn("w:num"), str(columns))
    # w:cols comes after w:pgMar (and the other page settings) in the schema's sequence.
    anchor = sect_pr.find(qn("w:pgMar"))
    if anchor is not None:
        anchor.addnext(cols)
    else:
        sect_pr.append(cols)


def export_docx(index: FormattedIndex, *, columns: int = 2) -> bytes:
    """The index as a .docx file (bytes): Word's index styles, letter headings, the body in ``columns`` columns."""
    parts = DocxParts(columns=columns)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class DocxParts(Parts):
    """The DOCX export made in parts (see :mod:`xindex.formats.parts`): the groups as
    WordprocessingML paragraphs, then the package around them."""

    def __init__(self, *, columns: int = 2) -> None:
        self.columns = max(columns, 1)

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups: each one's heading (unless it goes on from the part before) and its paragraphs."""
        return "".join(
            heading_and_entry_lines(
                groups,
                continued=continued,
                heading=lambda title: paragraph_xml(HEADING_ID, [Span(title)]),
                entry=lambda paragraph: paragraph_xml(level_style_id(paragraph.level), paragraph.spans),
            )
        )

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The paragraph levels present (each gets its style)."""
        return paragraph_levels(groups)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> bytes:
        """The .docx package with ``body`` (the groups' paragraphs) for its entries."""
        return _package(title, note, set(facts), body, self.columns)


def _package(title: str, note: str, levels: set[int], body: str, columns: int) -> bytes:
    document = docx.Document()
    _define_styles(document, {min(max(level, 0), MAX_LEVEL_STYLES - 1) for level in levels} or {0})

    # The title and note are parsed into the document; the entries, written as WordprocessingML, take
    # the place of a marker paragraph in the saved package (see the module docstring).
    front = [paragraph_xml(TITLE_ID, [Span(title)])] if title else []
    front += [paragraph_xml(NOTE_ID, [Span(note)])] if note else []
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(front)}{_MARKER_PARAGRAPH}</w:body>")
    paragraphs = list(fragment)
    sect_pr = document.element.body.sectPr
    assert sect_pr is not None  # python-docx's template has one
    for paragraph in paragraphs:
        sect_pr.addprevious(paragraph)

    section = document.sections[-1]
    if front:
        # End a one-column section at the note (or title): a copy of the body's section properties in its pPr.
        first = copy.deepcopy(sect_pr)
        _set_columns(first, 1)
        cast(CT_P, paragraphs[len(front) - 1]).get_or_add_pPr().append(first)
        section.start_type = WD_SECTION_START.CONTINUOUS
    _set_columns(sect_pr, columns)

    properties = document.core_properties
    properties.title = _clean(title)
    properties.author = ""
    properties.comments = ""
    properties.last_modified_by = ""
    properties.revision = 1
    properties.created = FIXED_DATE
    properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), {"word/document.xml": lambda xml: _put_entries(xml, body)})


# Stands for the entries in the saved document.xml until they replace it as text: parsing 100,000
# paragraphs into the document only to write them out again took a second and 600 MB.
_MARKER = "xindex-entries-go-here"
_MARKER_PARAGRAPH = f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>"


def _put_entries(xml: bytes, body: str) -> bytes:
    """document.xml with the marker paragraph replaced by the entries' paragraphs."""
    marker = _MARKER_PARAGRAPH.encode("utf-8")
    assert xml.count(marker) == 1, "python-docx wrote the marker paragraph differently"
    return xml.replace(marker, body.encode("utf-8"))
