"""IXML, the Index Data Exchange format (CINDEX writes it; SKY Index and XindeX read it).

An IXML file is a list of *records* (``<record>``), each a heading path and
one locator line: one ``<field>`` per heading level, main heading first,
then the locator field (``class="locator"``). The same heading recurs in
every record that cites it; a program reading the file merges records into
entries. Inside a field, ``<text style="b|i|bi…" smallcaps="y"
offset="u|d"/>`` switches the style of the text that follows until the next
``<text/>`` (which resets it), ``<hide>…</hide>`` holds text printed but
ignored in sorting, and ``<sort>…</sort>`` text sorted but not printed.

Import: styles map to our markup (``b``, ``i``, small caps → ``sc``, raised
→ ``sup``, lowered → ``sub``; underline, fonts and colours are dropped); a
heading with ``<hide>``/``<sort>`` gets the Sort As those controls spell
(the heading without its hidden text, with the sort text where it stands);
the locator field holds locators (emphasis from the style of their text; a
locator our parser cannot read, such as ``A`` or the section number
``2.3.2.2``, is kept as a text locator ordered by its leading number) and
cross-references written as text, ``see X``, ``see also X; Y``, ``see under
X`` or after the locators (``12. See also X``): a target naming a heading
of the document or of the file becomes a real cross-reference (``a: b``
names a subheading), any other a generic one keeping its styles. Deleted
records (``deleted="y"``) are skipped.

Export (:func:`export_ixml_document`) works from the document's entries,
not from the formatted index, because IXML is an interchange of records:
one record per locator, one per cross-reference (``see X``, with the
target's path ``a: b``), and one with an empty locator field for a heading
that has neither and no subheadings. A heading with a Sort As is written as
hidden text followed by ``<sort>``, so that it comes back with the same
Sort As. Locators are written in their typed form (``45n3``, ``II:24``,
``0@frontispiece``), ranges with an en dash. IXML has one offset per run of
text, so a run both raised and lowered (``<sup><sub>``) comes back raised.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xindex import __version__
from xindex.core import markup
from xindex.core.locators import Emphasis, Locator
from xindex.core.model import IndexNode, XRefKind
from xindex.formats.importers import (
    EntryTree,
    ImportedIndex,
    ImportEntry,
    ImportFileError,
    ImportXRef,
    XmlElement,
    clean_term,
    parse_locator_list,
    parse_xml,
)
from xindex.formats.xmltext import xml_attribute, xml_text
from xindex.store.reading import Snapshot

_STYLE_LETTERS = {"b": "b", "i": "i"}
_XREF = re.compile(r"(?i)(^|[.;,]\s*)(see\s+also|see\s+under|see)\s+(?=\S)")
_KINDS = {"see": XRefKind.SEE, "see also": XRefKind.SEE_ALSO, "see under": XRefKind.SEE_UNDER}


@dataclass(frozen=True)
class _Piece:
    """A run of field text with its styles and whether it prints and whether it sorts."""

    text: str
    styles: frozenset[str]
    shown: bool = True
    sorted: bool = True


def _text_styles(element: XmlElement) -> frozenset[str]:
    """The styles a ``<text …/>`` element switches to (an empty one resets them)."""
    styles: set[str] = set()
    style = element.attributes.get("style", "").strip().lower()
    if style and not re.fullmatch(r"[biu]{1,3}", style):
        raise ImportFileError(f"style='{style}' is not a text style (b, i, u, bi, bu, iu or biu)", element.line)
    styles.update(_STYLE_LETTERS[letter] for letter in style if letter in _STYLE_LETTERS)
    if element.attributes.get("smallcaps", "n").strip().lower() == "y":
        styles.add("sc")
    offset = element.attributes.get("offset", "").strip().lower()
    if offset == "u":
        styles.add("sup")
    elif offset == "d":
        styles.add("sub")
    elif offset:
        raise ImportFileError(f"offset='{offset}' is not u (raised) or d (lowered)", element.line)
    return frozenset(styles)


def _pieces(field: XmlElement) -> list[_Piece]:
    """A field's content as styled pieces, in order."""
    pieces: list[_Piece] = []
    styles: frozenset[str] = frozenset()
    for item in field.content:
        if isinstance(item, str):
            pieces.append(_Piece(item, styles))
        elif item.tag == "text":
            styles = _text_styles(item)
        elif item.tag == "hide":
            pieces.append(_Piece(item.text, styles, sorted=False))
        elif item.tag == "sort":
            pieces.append(_Piece(item.text, styles, shown=False))
        elif item.tag in {"literal", "esc"}:
            pieces.extend(_Piece(text, styles) for text in [item.text] if text)
        else:
            raise ImportFileError(f"<{item.tag}> cannot stand inside a field", item.line)
    return pieces


def _markup(pieces: list[_Piece]) -> str:
    return markup.normalize(markup.from_runs([markup.Run(piece.text, piece.styles) for piece in pieces if piece.shown]))


def _heading(field: XmlElement) -> tuple[str, str, str | None]:
    """A heading field: its markup, plain text and Sort As (None without hide/sort controls)."""
    pieces = _pieces(field)
    term, plain = clean_term(_markup(pieces), field.line)
    sort_as = None
    if any(not piece.shown or not piece.sorted for piece in pieces):
        sort_as = "".join(piece.text for piece in pieces if piece.sorted).strip() or None
    return term, plain, sort_as


def _slice(pieces: list[_Piece], start: int, end: int) -> str:
    """The markup of the printed text between two offsets of its plain text."""
    runs: list[markup.Run] = []
    position = 0
    for piece in pieces:
        if not piece.shown:
            continue
        low, high = max(start, position), min(end, position + len(piece.text))
        if low < high:
            runs.append(markup.Run(piece.text[low - position : high - position], piece.styles))
        position += len(piece.text)
    return markup.normalize(markup.from_runs(runs))


def _locator_field(field: XmlElement, entry: ImportEntry, warnings: list[str]) -> None:
    """Read a locator field into the entry's locators and cross-references."""
    pieces = _pieces(field)
    plain = "".join(piece.text for piece in pieces if piece.shown)
    matches = list(_XREF.finditer(plain))
    end = matches[0].start() if matches else len(plain)
    locators = _slice(pieces, 0, end).strip().rstrip(".;,").strip()
    if markup.plain_text(locators).strip():
        entry.locators.extend(parse_locator_list(locators, field.line, warnings))
    for index, match in enumerate(matches):
        kind = _KINDS[" ".join(match.group(2).lower().split())]
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(plain)
        body = plain[match.end() : stop]
        offset = match.end()
        for part in re.finditer(r"[^;]+", body):
            if not " ".join(part.group().split()).rstrip("."):
                continue
            # (the target as styled, so that a See to the italic Nature finds the journal, not nature)
            text = _slice(pieces, offset + part.start(), offset + part.end()).strip().rstrip(".").strip()
            entry.xrefs.append(ImportXRef(kind, target_path=[text], text=text, line=field.line))


def read_ixml(data: str | bytes) -> ImportedIndex:
    """Parse an IXML file into an imported tree; ImportFileError (with the line) for a bad file."""
    root = parse_xml(data)
    if root.tag != "indexdata":
        raise ImportFileError(
            f"this is not an IXML file (its root element is <{root.tag}>, not <indexdata>)", root.line
        )
    imported = ImportedIndex("IXML", label="Import IXML records")
    tree = EntryTree()
    deleted = 0
    for records in root.findall("records"):
        for record in records.children:
            if record.tag != "record":
                raise ImportFileError(f"<{record.tag}> inside <records> is not a record", record.line)
            if record.attributes.get("deleted", "n").strip().lower() == "y":
                deleted += 1
                continue
            _read_record(record, tree, imported.warnings)
    if deleted:
        imported.warnings.append(f"{deleted} deleted {'record was' if deleted == 1 else 'records were'} skipped")
    imported.entries = tree.roots
    return imported


def _read_record(record: XmlElement, tree: EntryTree, warnings: list[str]) -> None:
    fields = record.children
    for field in fields:
        if field.tag != "field":
            raise ImportFileError(f"<{field.tag}> inside a record is not a field", field.line)
    if not fields:
        raise ImportFileError("the record has no fields", record.line)
    marked = [index for index, field in enumerate(fields) if field.attributes.get("class", "") == "locator"]
    if marked:
        locator_index: int | None = marked[-1]
    else:
        locator_index = len(fields) - 1 if len(fields) > 1 else None
    headings = [field for index, field in enumerate(fields) if index != locator_index]
    while headings and not headings[-1].text.strip():
        headings.pop()
    if not headings:
        raise ImportFileError("the record has no heading", record.line)
    entry: ImportEntry | None = None
    for level, field in enumerate(headings):
        if not field.text.strip():
            raise ImportFileError(f"heading level {level + 1} of the record is empty", field.line)
        term, plain, sort_as = _heading(field)
        entry = tree.child(entry, term, plain, field.line)
        if sort_as and not entry.sort_as:
            entry.sort_as = sort_as
    assert entry is not None
    if locator_index is not None:
        _locator_field(fields[locator_index], entry, warnings)


# ---------------------------------------------------------------------- export

_DTD = """<!DOCTYPE indexdata [
<!ELEMENT indexdata (source, fonts, records) >
<!ELEMENT source EMPTY >
<!ATTLIST source
    creator CDATA #REQUIRED
    version CDATA #REQUIRED
    time CDATA #REQUIRED >
<!ELEMENT fonts (font+) >
<!ELEMENT font (fname, aname) >
<!ATTLIST font
    id CDATA #REQUIRED >
<!ELEMENT fname (#PCDATA) >
<!ELEMENT aname (#PCDATA) >
<!ELEMENT records (record)* >
<!ATTLIST records
    type CDATA #IMPLIED >
<!ELEMENT record (field+) >
<!ATTLIST record
    time CDATA #REQUIRED
    user CDATA #IMPLIED
    label CDATA #IMPLIED
    deleted (y | n) #IMPLIED
    type CDATA #IMPLIED >
<!ELEMENT field (#PCDATA | text | literal | hide | sort)* >
<!ATTLIST field
    class CDATA #IMPLIED >
<!ELEMENT text EMPTY >
<!ATTLIST text
    font CDATA #IMPLIED
    color CDATA #IMPLIED
    smallcaps ( y | n ) #IMPLIED
    style ( b | i | u | bi | bu | iu | biu ) #IMPLIED
    offset ( u | d ) #IMPLIED
>
<!ELEMENT literal EMPTY >
<!ELEMENT hide (#PCDATA) >
<!ELEMENT sort (#PCDATA) >
]>"""


def _text_element(styles: frozenset[str]) -> str:
    """The ``<text …/>`` element that switches to ``styles``."""
    attributes = []
    letters = "".join(letter for letter in "bi" if letter in styles)
    if letters:
        attributes.append(f'style="{letters}"')
    if "sc" in styles:
        attributes.append('smallcaps="y"')
    if "sup" in styles or "sub" in styles:
        attributes.append(f'offset="{"u" if "sup" in styles else "d"}"')
    return f"<text {' '.join(attributes)}/>" if attributes else "<text/>"


def field_content(text: str, *, hide: bool = False) -> str:
    """Markup as IXML field content: style switches and escaped text (each run hidden when ``hide``)."""
    out: list[str] = []
    current: frozenset[str] = frozenset()
    for run in markup.parse_runs(text):
        if run.styles != current:
            out.append(_text_element(run.styles))
            current = run.styles
        body = xml_text(run.text)
        out.append(f"<hide>{body}</hide>" if hide else body)
    if current:
        out.append("<text/>")
    return "".join(out)


def _heading_field(term: str, sort_as: str | None) -> str:
    if not sort_as:
        return f"<field>{field_content(term)}</field>"
    return f"<field>{field_content(term, hide=True)}<sort>{xml_text(sort_as)}</sort></field>"


def _locator_content(locator: Locator) -> str:
    text = xml_text(locator.plain() if not locator.encap else f"\\{locator.encap}{{{locator.plain()}}}")
    if locator.emphasis is Emphasis.NONE:
        return text
    return f"{_text_element(frozenset({'b' if locator.emphasis is Emphasis.BOLD else 'i'}))}{text}<text/>"


def _record_time(stamp: str) -> str:
    return stamp[:19] if len(stamp) >= 19 else dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def export_ixml_document(document: Snapshot, *, time: str | None = None) -> str:
    """The document's entries as IXML records (one per locator and per cross-reference)."""
    stamp = time or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        _DTD,
        "<indexdata>",
        f'<source creator="xindex" version={xml_attribute(__version__)} time={xml_attribute(stamp)}/>',
        "<fonts>",
        '<font id="0">',
        "    <fname>Times New Roman</fname>",
        "    <aname>Times New Roman</aname>",
        "</font>",
        "</fonts>",
        "<records>",
    ]
    stack: list[tuple[IndexNode, list[str]]] = [(node, []) for node in reversed(document.tree())]
    while stack:
        node, above = stack.pop()
        entry = node.entry
        fields = [*above, _heading_field(entry.term, entry.sort_as)]
        time_attribute = xml_attribute(_record_time(entry.updated))
        heads = "".join(f"\n    {field}" for field in fields)
        lines: list[str] = [_locator_content(locator) for locator in node.locators]
        for xref, _label in node.xrefs:
            # The target's path from its terms, styled as they are (an italic title stays italic: it names
            # that heading, not the roman one of the same letters).
            if xref.target_id is None:
                target = field_content(xref.text)
            else:
                target = field_content(": ".join(entry.term for entry in document.ancestry(xref.target_id)))
            lines.append(f"{xref.kind} {target}")
        if not lines and not node.children:
            lines.append("")
        for line in lines:
            out.append(f'<record time={time_attribute}>{heads}\n    <field class="locator">{line}</field>\n</record>')
        stack.extend((child, fields) for child in reversed(node.children))
    out.append("</records>")
    out.append("</indexdata>")
    return "\n".join(out) + "\n"
