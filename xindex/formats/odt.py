"""ODT export (OpenDocument text, for LibreOffice and other ODF editors), written directly with zipfile.

Paragraphs use LibreOffice's own index paragraph styles, under their ODF
names: ``Index_20_Heading`` ("Index Heading"), ``Index_20_1`` ("Index 1"),
``Index_20_2``… of class ``index``, so restyling one style in LibreOffice
restyles the index; the title and note have ``Index Title`` and ``Index Note``.
Each level has a hanging indent like the RTF and DOCX exports. Span styles
become automatic text styles (italic, bold, small caps, superscript,
subscript); spaces that XML would collapse are written ``<text:s/>``, tabs
``<text:tab/>``.

The body is a ``text:section`` set in ``columns`` columns (default 2); the
title and note precede it across the page.

The package follows ODF 1.3 part 2 (packages): ``mimetype`` first, stored
uncompressed, then ``content.xml``, ``styles.xml``, ``meta.xml`` and
``META-INF/manifest.xml``. Every member has the same fixed timestamp, so the
same index always gives the same bytes. No ODF library is used: odfpy's last
release was in 2020, and these four small XML files are simpler to write
than to build through it.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from xindex.core.formatter import FormattedIndex, Group, Span
from xindex.formats.breaks import unbreakable
from xindex.formats.parts import Parts, heading_and_entry_lines, paragraph_levels
from xindex.formats.rtf import COLUMN_GAP, INDENT_STEP, MAX_LEVEL_STYLES, RUNOVER, TWIPS_PER_POINT
from xindex.formats.xmltext import NOT_XML

MIMETYPE = "application/vnd.oasis.opendocument.text"
ODF_VERSION = "1.3"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
MANIFEST_NAMESPACE = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

HEADING_STYLE = "Index_20_Heading"
TITLE_STYLE = "Index_20_Title"
NOTE_STYLE = "Index_20_Note"

# Outer to inner; the properties each markup style adds to an automatic text style.
_TEXT_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("b", 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'),
    ("i", 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"'),
    ("sc", 'fo:font-variant="small-caps"'),
    (
        "u",
        'style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"',
    ),
    ("tt", 'fo:font-family="\'Courier New\'" style:font-family-generic="modern" style:font-pitch="fixed"'),
    ("sup", 'style:text-position="super 58%"'),
    ("sub", 'style:text-position="sub 58%"'),
)
_LINE_BREAKS = re.compile("\r\n?|\n")


def _pt(twips: int) -> str:
    return f"{twips / TWIPS_PER_POINT:g}pt"


def spacing(before: float, after: float) -> str:
    """Paragraph space before and after, in points, as ODF attributes."""
    return f'fo:margin-top="{before:g}pt" fo:margin-bottom="{after:g}pt"'


def _namespaces(*prefixes: str) -> str:
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


def level_style_name(level: int) -> str:
    """The ODF style name of a paragraph level (0 → ``Index_20_1``; LibreOffice has 1-3 built in)."""
    return f"Index_20_{min(max(level, 0), MAX_LEVEL_STYLES - 1) + 1}"


_ODD = re.compile(f"{NOT_XML.pattern}|{_LINE_BREAKS.pattern}")


@functools.lru_cache(maxsize=16384)  # punctuation, labels and many locators repeat
def text_xml(text: str, *, after_space: bool) -> tuple[str, bool]:
    """Text as ODF character data with ``<text:s/>`` for spaces XML would collapse and ``<text:tab/>`` for tabs.

    ``after_space`` says whether the text follows a space or starts the paragraph; the second value returned
    says the same for whatever follows this text.
    """
    if "  " not in text and "\t" not in text and not (after_space and text[:1] == " ") and not _ODD.search(text):
        # No space XML would collapse, no tab, nothing to drop or replace: the text as it is.
        return xml_escape(text), text[-1:] == " " if text else after_space
    out: list[str] = []
    for char in NOT_XML.sub("", _LINE_BREAKS.sub(" ", text)):
        if char == " ":
            out.append("<text:s/>" if after_space else " ")
            after_space = True
        elif char == "\t":
            out.append("<text:tab/>")
            after_space = True
        else:
            out.append(xml_escape(char))
            after_space = False
    return "".join(out), after_space


_TEXT_STYLE_ORDER = tuple(style for style, _ in _TEXT_PROPERTIES)


@functools.lru_cache(maxsize=256)
def text_style_name(styles: frozenset[str]) -> str | None:
    """The automatic text style of a combination of markup styles, named after it (``T_b_i``); None
    when it has none of them. Named so, a part of the body can be written without knowing the rest."""
    used = [style for style in _TEXT_STYLE_ORDER if style in styles]
    return "T_" + "_".join(used) if used else None


def _text_style_definitions(combinations: Iterable[frozenset[str]]) -> list[str]:
    """The ``style:style`` elements of the combinations used, in a fixed order."""
    used = {combination & frozenset(_TEXT_STYLE_ORDER) for combination in combinations} - {frozenset()}
    ranked = sorted(used, key=lambda combination: sorted(_TEXT_STYLE_ORDER.index(style) for style in combination))
    definitions = []
    for combination in ranked:
        wanted = combination - {"sub"} if "sup" in combination else combination
        properties = " ".join(properties for style, properties in _TEXT_PROPERTIES if style in wanted)
        definitions.append(
            f'<style:style style:name="{text_style_name(combination)}" style:family="text">'
            f"<style:text-properties {properties}/></style:style>"
        )
    return definitions


def paragraph_xml(style: str, spans: Iterable[Span]) -> str:
    """One ``text:p`` in paragraph style ``style``."""
    parts: list[str] = []
    after_space = True
    for span in spans:
        body, after_space = text_xml(unbreakable(span), after_space=after_space)
        if not body:
            continue
        name = text_style_name(span.styles)
        parts.append(f'<text:span text:style-name="{name}">{body}</text:span>' if name else body)
    return f'<text:p text:style-name="{style}">{"".join(parts)}</text:p>'


def _content_xml(title: str, note: str, combinations: Iterable[frozenset[str]], body: str, columns: int) -> str:
    """The document body: title, note, and a section holding the groups' paragraphs (``body``)."""
    front: list[str] = []
    if title:
        front.append(paragraph_xml(TITLE_STYLE, [Span(title)]))
    if note:
        front.append(paragraph_xml(NOTE_STYLE, [Span(note)]))
    if not body:
        body = f'<text:p text:style-name="{level_style_name(0)}"/>\n'  # an empty index: one empty paragraph
    section = (
        '<style:style style:name="Sect1" style:family="section"><style:section-properties>'
        f'<style:columns fo:column-count="{max(columns, 1)}" fo:column-gap="{_pt(COLUMN_GAP)}"/>'
        "</style:section-properties></style:style>"
    )
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<office:document-content {_namespaces("office", "style", "text", "fo")} office:version="{ODF_VERSION}">',
        "<office:automatic-styles>",
        section,
        *_text_style_definitions(combinations),
        "</office:automatic-styles>",
        "<office:body>",
        "<office:text>",
        *front,
        '<text:section text:style-name="Sect1" text:name="Index">',
    ]
    tail = ["</text:section>", "</office:text>", "</office:body>", "</office:document-content>"]
    return "\n".join(head) + "\n" + body + "\n".join(tail) + "\n"


def _paragraph_style(
    name: str, display: str, paragraph: str, text: str = "", *, index_class: bool = True, next_style: str | None = None
) -> str:
    attributes = f'style:name="{name}" style:display-name="{display}" style:family="paragraph"'
    attributes += ' style:parent-style-name="Index"' if index_class else ' style:parent-style-name="Standard"'
    if index_class:
        attributes += ' style:class="index"'
    if next_style:
        attributes += f' style:next-style-name="{next_style}"'
    inner = f"<style:paragraph-properties {paragraph}/>"
    if text:
        inner += f"<style:text-properties {text}/>"
    return f"<style:style {attributes}>{inner}</style:style>"


def _styles_xml(levels: list[int]) -> str:
    """The named styles: LibreOffice's index styles (one per level used), Index Title and Index Note."""
    bold = 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'
    italic = 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"'
    keep = 'fo:keep-with-next="always"'
    styles = [
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>',
        '<style:style style:name="Index" style:family="paragraph" style:parent-style-name="Standard"'
        ' style:class="index"/>',
        _paragraph_style(
            TITLE_STYLE, "Index Title", f"{spacing(0, 12)} {keep}", f'fo:font-size="16pt" {bold}', index_class=False
        ),
        _paragraph_style(NOTE_STYLE, "Index Note", spacing(0, 12), f'fo:font-size="10pt" {italic}', index_class=False),
        _paragraph_style(
            HEADING_STYLE, "Index Heading", f"{spacing(12, 6)} {keep}", bold, next_style=level_style_name(levels[0])
        ),
    ]
    for level in levels:
        name = level_style_name(level)
        left = level * INDENT_STEP + RUNOVER
        properties = f'fo:margin-left="{_pt(left)}" fo:text-indent="-{_pt(RUNOVER)}" {spacing(0, 0)}'
        styles.append(_paragraph_style(name, f"Index {level + 1}", properties, next_style=name))
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f"<office:document-styles {_namespaces('office', 'style', 'text', 'fo')}"
                f' office:version="{ODF_VERSION}">',
                "<office:styles>",
                *styles,
                "</office:styles>",
                "</office:document-styles>",
            ]
        )
        + "\n"
    )


def _meta_xml(title: str) -> str:
    """Document metadata: the generator and the title (no dates, so that output is reproducible)."""
    title = f"<dc:title>{xml_escape(NOT_XML.sub('', title))}</dc:title>" if title else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-meta {_namespaces("office", "meta", "dc")} office:version="{ODF_VERSION}">'
        f"<office:meta><meta:generator>XindeX</meta:generator>{title}</office:meta></office:document-meta>\n"
    )


def manifest_xml() -> str:
    """The package manifest."""
    entries = [
        f'<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}"'
        f' manifest:media-type="{MIMETYPE}"/>',
        *(
            f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
            for name in ("content.xml", "styles.xml", "meta.xml")
        ),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest:manifest xmlns:manifest="{MANIFEST_NAMESPACE}" manifest:version="{ODF_VERSION}">\n'
        + "\n".join(entries)
        + "\n</manifest:manifest>\n"
    )


# Deflate's fastest level: on a 100,000-entry index it compresses the body (8 MB of ODT content, 39 MB
# of DOCX document.xml) 2.3 to 5 times faster than zlib's default level 6, for a file a quarter larger.
COMPRESS_LEVEL = 1


def zip_package(members: Iterable[tuple[str, bytes]], *, stored: Iterable[str] = ()) -> bytes:
    """A zip archive of ``members`` in order, with fixed timestamps and permissions (reproducible bytes)."""
    keep_stored = set(stored)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in keep_stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def normalise_zip(data: bytes, changes: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same archive rewritten by :func:`zip_package`: same members in the same order, fixed
    timestamps; ``changes`` rewrites the named members on the way."""
    changes = changes or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return zip_package([(name, changes[name](content) if name in changes else content) for name, content in members])


def export_odt(index: FormattedIndex, *, columns: int = 2) -> bytes:
    """The index as an OpenDocument text file (bytes), the body in ``columns`` columns."""
    parts = OdtParts(columns=columns)
    return parts.document(index.title, index.note, parts.facts(index.groups), parts.groups(index.groups, opening=True))


class OdtParts(Parts):
    """The ODT export made in parts (see :mod:`xindex.formats.parts`): the groups' paragraphs,
    then the package around them."""

    def __init__(self, *, columns: int = 2) -> None:
        self.columns = max(columns, 1)

    def groups(
        self, groups: Sequence[Group], *, opening: bool, continued: bool = False, continues: bool = False
    ) -> str:
        """Groups, a line each paragraph: a heading (unless the group goes on from the part before), entries."""
        lines = heading_and_entry_lines(
            groups,
            continued=continued,
            heading=lambda title: paragraph_xml(HEADING_STYLE, [Span(title)]),
            entry=lambda paragraph: paragraph_xml(level_style_name(paragraph.level), paragraph.spans),
        )
        return "".join(line + "\n" for line in lines)

    def facts(self, groups: Sequence[Group]) -> frozenset[Any]:
        """The levels and the text style combinations present (the styles are defined first)."""
        facts: set[Any] = {("level", level) for level in paragraph_levels(groups)}
        facts.update(
            ("styles", span.styles & frozenset(_TEXT_STYLE_ORDER))
            for group in groups
            for paragraph in group.paragraphs
            for span in paragraph.spans
        )
        return frozenset(facts)

    def document(self, title: str, note: str, facts: frozenset[Any], body: str) -> bytes:
        """The package: content (``body`` inside), styles, metadata, manifest."""
        levels = sorted({min(max(value, 0), MAX_LEVEL_STYLES - 1) for kind, value in facts if kind == "level"}) or [0]
        combinations = [value for kind, value in facts if kind == "styles"]
        return zip_package(
            [
                ("mimetype", MIMETYPE.encode("ascii")),
                ("content.xml", _content_xml(title, note, combinations, body, self.columns).encode("utf-8")),
                ("styles.xml", _styles_xml(levels).encode("utf-8")),
                ("meta.xml", _meta_xml(title).encode("utf-8")),
                ("META-INF/manifest.xml", manifest_xml().encode("utf-8")),
            ],
            stored=["mimetype"],
        )
