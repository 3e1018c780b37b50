"""IXML, the Index Data Exchange format (CINDEX writes it; SKY Index and XindeX read it).

An IXML file is a list of *records* (``<record>``), each a heading path and
one locator line: one ``<field>`` per heading level, main heading first,
then the locator field (``class="locator"``). The same heading recurs in
every record that cites it; a program reading the file merges records into
entries. Both directions follow CINDEX 4's reader and writer (its published
source; ``tests/formats/cindex_oracle.py`` holds its rules as a test oracle).

Mapping (IXML ⇄ xindex):

=============================  ==============================================================
``<text style="b|i|u">``       bold, italic, underlined markup (CINDEX reads the letters anywhere:
                               ``s`` too, small caps, as ``smallcaps="y"``)
``<text font="1">``            monospace ``<tt>`` when the font's name says so (Courier …); our export
                               declares Courier New as font 1 when a heading has code
``offset="u|d"``               ``<sup>``, ``<sub>`` (one offset per run: ``<sup><sub>`` comes back raised)
``<hide>`` / ``<sort>``        a heading's Sort As: written as the heading hidden, then its Sort As
``<literal/>``                 the next character is text: a separator inside a locator
                               (``98nn2<literal/>,5``, one note list) or a text locator
``<records loc-separator,      read (one character each, as CINDEX insists) and written (``,`` ``;``
xref-separator, loc-connector>`` ``-``); a range is written ``12-15`` with the connector (CINDEX takes an
                               en dash for a mere delimiter inside one locator)
locator field                  locators split at the unprotected loc-separators; one CINDEX reads as
                               no page (``2.3.2.2``, ``A``) is a text locator filed by its leading
                               number, and ours are written as their text alone (``frontispiece``)
``see``/``see also``/``see      cross-references, targets split at the xref-separator; a target names
under`` field                  a main heading, or ``roses, climbing`` a subheading (the last comma
                               parts them, as CINDEX names two levels), matched as CINDEX matches:
                               case, accents, styles and hidden text ignored (the heading as styled
                               first: See <i>Nature</i> is the journal); one naming no heading is blind
                               (``check`` reports it; adding the heading links it), one with CINDEX's
                               general words (``specific``, ``individual``) generic
``time``                       the entry's created and changed times
``label="1…7"``                groups: our export gives the first seven groups (by name) labels and
                               names them in comments CINDEX skips; the import names them again
                               (``label 3`` for CINDEX's own)
16 fields                      15 heading levels: deeper headings are folded into the 15th field
=============================  ==============================================================

Not held by IXML, and said in the import's or export's summary (``losses``), never dropped silently:
other fonts and colours (kept as plain text); a record's user name and CINDEX's
"generated" mark; entry notes, document settings and a second group of one heading; cross-references
to a heading below the first subheading (CINDEX cannot name them; our own import finds them) and to a
subheading whose name is also a main heading's (CINDEX finds the main heading). Deleted records are
skipped, with their number in the warnings.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import re
from dataclasses import dataclass

from xindex import __version__
from xindex.core import markup
from xindex.core.locators import EN_DASH, Emphasis, Kind, Locator, LocatorError, parse_locator, parse_locators
from xindex.core.model import IndexNode, XRefKind
from xindex.core.settings import KNOWN
from xindex.formats.importers import (
    EntryTree,
    ImportedIndex,
    ImportEntry,
    ImportFileError,
    ImportXRef,
    XmlElement,
    clean_term,
    folded,
    monospace_font,
    parse_xml,
    text_locator,
)
from xindex.formats.ximl import utc_stamp
from xindex.formats.xmltext import xml_attribute, xml_text
from xindex.store.reading import Snapshot

# CINDEX's record: a main heading, up to 14 subheadings and the locator field (FIELDLIM 16).
RECORD_FIELDS = 16
HEADING_FIELDS = RECORD_FIELDS - 1
# The separators CINDEX writes on <records> and a file may change (one character each): between locators,
# between cross-reference targets, and the connector of a range.
LOC_SEPARATOR, XREF_SEPARATOR, LOC_CONNECTOR = ",", ";", "-"
_SEPARATORS = frozenset({LOC_SEPARATOR, XREF_SEPARATOR})
_LABELS = range(1, 8)  # CINDEX's record labels (0 is none)
# CINDEX's default words that make a reference general (not to a heading): "see also specific names"; CINDEX
# looks for them first, we anywhere in a name that is no heading ("see names of specific values").
_GENERAL_WORDS = frozenset({"individual", "specific"})
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")

_STYLE_LETTERS = {"b": "b", "i": "i", "u": "u"}
MONOSPACE_FONT = "Courier New"  # (font 1 of our export, when a heading has code)
_XREF = re.compile(r"(?i)(^|[.;,]\s*)(see\s+also|see\s+under|see)\s+(?=\S)")
_KINDS = {"see": XRefKind.SEE, "see also": XRefKind.SEE_ALSO, "see under": XRefKind.SEE_UNDER}


@dataclass(frozen=True)
class _Piece:
    """A run of field text with its styles and whether it prints and whether it sorts; ``literal``: its first
    character follows ``<literal/>`` (CINDEX's ``~``), never a separator."""

    text: str
    styles: frozenset[str]
    shown: bool = True
    sorted: bool = True
    literal: bool = False


class _Reading:
    """What reading one file keeps beside the entries: its separators and what our markup cannot hold."""

    def __init__(self) -> None:
        self.loc_separator, self.xref_separator, self.loc_connector = LOC_SEPARATOR, XREF_SEPARATOR, LOC_CONNECTOR
        self.dropped: dict[str, int] = {}
        self.fonts: dict[str, str] = {}  # <fonts>: id → the font's name
        self.text_locators: list[str] = []
        self.users: list[str] = []
        self.generated = 0

    def drop(self, kind: str) -> None:
        self.dropped[kind] = self.dropped.get(kind, 0) + 1

    def losses(self) -> list[str]:
        out = [f"{_count(count, kind)} kept as plain text" for kind, count in sorted(self.dropped.items())]
        if self.users:
            names = sorted(set(self.users))
            out.append(f"the user names of {_count(len(self.users), 'record')} ({_examples(names)})")
        if self.generated:
            out.append(f"CINDEX's mark on {_count(self.generated, 'generated record')}")
        return out


def _matching(text: str) -> str:
    """A heading as CINDEX compares cross-reference targets with headings: case, accents and styles ignored."""
    return " ".join(folded(text).split())


def _text_styles(element: XmlElement, reading: _Reading) -> frozenset[str]:
    """The styles a ``<text …/>`` element switches to (an empty one resets them), read as CINDEX reads them:
    the letters b, i, u and s (small caps) anywhere in ``style``, a monospace font (by its name in
    ``<fonts>``) as ``<tt>``; other fonts than the base font, and colours, which our markup does not hold,
    counted in ``reading``."""
    styles: set[str] = set()
    style = element.attributes.get("style", "").strip().lower()
    styles.update(_STYLE_LETTERS[letter] for letter in style if letter in _STYLE_LETTERS)
    if element.attributes.get("smallcaps", "n").strip().lower() == "y" or "s" in style:
        styles.add("sc")
    font = element.attributes.get("font", "0").strip()
    if font not in {"", "0"}:
        if monospace_font(reading.fonts.get(font, "")):
            styles.add("tt")
        else:
            reading.drop("run in another font")
    if element.attributes.get("color", "0").strip() not in {"", "0"}:
        reading.drop("coloured run")
    offset = element.attributes.get("offset", "").strip().lower()
    if offset == "u":
        styles.add("sup")
    elif offset == "d":
        styles.add("sub")
    elif offset:
        raise ImportFileError(f"offset='{offset}' is not u (raised) or d (lowered)", element.line)
    return frozenset(styles)


def _pieces(field: XmlElement, reading: _Reading) -> list[_Piece]:
    """A field's content as styled pieces, in order."""
    pieces: list[_Piece] = []
    styles: frozenset[str] = frozenset()
    literal = False
    for item in field.content:
        if isinstance(item, str):
            pieces.append(_Piece(item, styles, literal=literal))
            literal = False
            continue
        literal = False
        if item.tag == "text":
            styles = _text_styles(item, reading)
        elif item.tag == "hide":
            pieces.append(_Piece(item.text, styles, sorted=False))
        elif item.tag == "sort":
            pieces.append(_Piece(item.text, styles, shown=False))
        elif item.tag in {"literal", "esc"}:
            literal = True  # (the character after it is text, even a separator)
        else:
            raise ImportFileError(f"<{item.tag}> cannot stand inside a field", item.line)
    return pieces


def _markup(pieces: list[_Piece]) -> str:
    return markup.normalize(markup.from_runs([markup.Run(piece.text, piece.styles) for piece in pieces if piece.shown]))


def _heading(field: XmlElement, reading: _Reading) -> tuple[str, str, str | None]:
    """A heading field: its markup, plain text and Sort As (None without hide/sort controls)."""
    pieces = _pieces(field, reading)
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


def _separators(pieces: list[_Piece], separator: str) -> list[int]:
    """The offsets (in the printed text) of the separators CINDEX splits at: not after ``<literal/>``."""
    found: list[int] = []
    position = 0
    for piece in pieces:
        if not piece.shown:
            continue
        for index, char in enumerate(piece.text):
            if char == separator and not (index == 0 and piece.literal):
                found.append(position + index)
        position += len(piece.text)
    return found


def _split(pieces: list[_Piece], start: int, end: int, separator: str) -> list[str]:
    """The markup of the items between ``start`` and ``end``, split at the unprotected separators."""
    cuts = [cut for cut in _separators(pieces, separator) if start <= cut < end]
    bounds = [start - 1, *cuts, end]
    return [_slice(pieces, low + 1, high) for low, high in itertools.pairwise(bounds)]


def _protected_offsets(pieces: list[_Piece]) -> set[int]:
    """The offsets (in the printed text) of the characters after ``<literal/>``."""
    found: set[int] = set()
    position = 0
    for piece in pieces:
        if not piece.shown:
            continue
        if piece.literal:
            found.add(position)
        position += len(piece.text)
    return found


def _item_locators(item: str, line: int, reading: _Reading) -> list[Locator]:
    """One CINDEX locator (its own commas protected already): a page, range, note list, or a text locator
    (a section number, a letter) filed by its leading number."""
    if reading.loc_connector != "-":
        item = item.replace(reading.loc_connector, "-", 1)
    try:
        return [parse_locator(item)]
    except LocatorError:
        pass
    try:
        return parse_locators(item)  # (a note list, 98nn2,5, holds a comma)
    except LocatorError:
        pass
    # One locator, whatever separators it holds after <literal/> ("Table 2, col 3"): a text locator.
    runs = markup.parse_runs(item)
    plain = " ".join("".join(run.text for run in runs).split())
    styles = next((run.styles for run in runs if run.text.strip()), frozenset())
    emphasis = Emphasis.BOLD if "b" in styles else Emphasis.ITALIC if "i" in styles else Emphasis.NONE
    reading.text_locators.append(plain)
    return [text_locator(plain).replace(emphasis=emphasis)]


def _locator_field(field: XmlElement, entry: ImportEntry, reading: _Reading) -> None:
    """Read a locator field into the entry's locators and cross-references."""
    pieces = _pieces(field, reading)
    plain = "".join(piece.text for piece in pieces if piece.shown)
    protected = _protected_offsets(pieces)
    matches = [match for match in _XREF.finditer(plain) if match.start(2) not in protected]
    end = matches[0].start() if matches else len(plain)
    for item in _split(pieces, 0, end, reading.loc_separator):
        text = item.strip().rstrip(".;,").strip()
        if markup.plain_text(text).strip():
            entry.locators.extend(_item_locators(text, field.line, reading))
    for index, match in enumerate(matches):
        kind = _KINDS[" ".join(match.group(2).lower().split())]
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(plain)
        for part in _split(pieces, match.end(), stop, reading.xref_separator):
            # (the target as styled, so that a See to the italic Nature finds the journal, not nature; a last
            # full stop kept for now: it may be the heading's own, "Inc.")
            text = part.strip()
            if markup.plain_text(text).strip(" ."):
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
    reading = _Reading()
    deleted = 0
    for fonts in root.findall("fonts"):
        for font in fonts.findall("font"):
            name = (font.find("fname") or font.find("aname") or font).text.strip()
            reading.fonts[font.attributes.get("id", "").strip()] = name
    for records in root.findall("records"):
        _read_separators(records, reading)
        for record in records.children:
            if record.tag != "record":
                raise ImportFileError(f"<{record.tag}> inside <records> is not a record", record.line)
            if record.attributes.get("deleted", "n").strip().lower() == "y":
                deleted += 1
                continue
            _read_record(record, tree, reading)
    if deleted:
        imported.warnings.append(f"{deleted} deleted {'record was' if deleted == 1 else 'records were'} skipped")
    if reading.text_locators:
        texts = reading.text_locators
        imported.warnings.append(
            f"{_count(len(texts), 'locator')} that {'is' if len(texts) == 1 else 'are'} no page number kept as"
            f" text, filed by {'its' if len(texts) == 1 else 'their'} leading number ({_examples(texts)})"
        )
    imported.entries = tree.roots
    _name_groups(imported, root.comments)
    _link_references(tree.roots)
    imported.losses = reading.losses()
    return imported


_LABEL_COMMENT = re.compile(r'\s*label ([1-7]): the group "(.*)"\s*', re.DOTALL)


def _name_groups(imported: ImportedIndex, comments: list[str]) -> None:
    """Labels our export wrote for groups (``<!-- label 1: the group "to check" -->``) take their names."""
    names: dict[str, str] = {}
    for comment in comments:
        found = _LABEL_COMMENT.fullmatch(comment)
        if found:
            names[f"label {found.group(1)}"] = html.unescape(found.group(2))
    if names:
        for entry, _parent in imported.walk():
            entry.groups = [names.get(group, group) for group in entry.groups]


def _read_separators(records: XmlElement, reading: _Reading) -> None:
    """The file's separators (``<records loc-separator="," …>``): one character each, as CINDEX insists."""
    for attribute, name in (
        ("loc-separator", "loc_separator"),
        ("xref-separator", "xref_separator"),
        ("loc-connector", "loc_connector"),
    ):
        value = records.attributes.get(attribute)
        if value is None:
            continue
        if len(value) != 1 or value.isspace() or value.isalnum():
            raise ImportFileError(f"{attribute}='{value}' is not one separating character", records.line)
        setattr(reading, name, value)


def _read_record(record: XmlElement, tree: EntryTree, reading: _Reading) -> None:
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
        term, plain, sort_as = _heading(field, reading)
        entry = tree.child(entry, term, plain, field.line)
        if sort_as and not entry.sort_as:
            entry.sort_as = sort_as
    assert entry is not None
    _record_attributes(record, entry, reading)
    if locator_index is not None:
        _locator_field(fields[locator_index], entry, reading)


def _record_attributes(record: XmlElement, entry: ImportEntry, reading: _Reading) -> None:
    """The record's time (the entry's, when the file says it), its label (a group, ``label 3``); its user and
    whether CINDEX generated it are counted as not kept."""
    attributes = record.attributes
    stamp = attributes.get("time", "").strip()
    moment = utc_stamp(stamp) if _STAMP.fullmatch(stamp) else None
    if moment is not None:
        if entry.created is None or moment < entry.created:
            entry.created = moment
        if entry.updated is None or moment > entry.updated:
            entry.updated = moment
    label = attributes.get("label", "0").strip()
    if label.isdigit() and 0 < int(label) < 8:
        name = f"label {label}"
        if name not in entry.groups:
            entry.groups.append(name)
    user = attributes.get("user", "").strip()
    if user:
        reading.users.append(user)
    if attributes.get("type", "").strip() == "generated":
        reading.generated += 1


def _link_references(roots: list[ImportEntry]) -> None:
    """Find each reference's heading in the file as CINDEX does (case, accents and styles ignored; hidden
    text not read; ``roses, climbing``: the last comma before the first subheading), the heading as styled
    first (See <i>Nature</i> is the journal), else leave it to be looked up in the document and, not found
    there either, blind. A general reference (``see also specific names``) is generic."""
    mains: dict[str, list[ImportEntry]] = {}
    for entry in roots:
        mains.setdefault(_cindex_name(entry), []).append(entry)
    serial = itertools.count()
    stack = list(roots)
    while stack:
        entry = stack.pop()
        stack.extend(entry.children)
        for xref in entry.xrefs:
            text = xref.text
            target = _find(mains, _comma_parts(text))
            if target is None and text.endswith("."):  # (a full stop that ends the reference, not the name)
                text = text.rstrip(". ")
                xref.text, xref.target_path = text, [text]
                target = _find(mains, _comma_parts(text))
            plain = markup.plain_text(text)
            if target is not None:
                if target.key is None:
                    target.key = ("ixml", next(serial))
                xref.target_key, xref.target_path = target.key, None
                continue
            if _GENERAL_WORDS.intersection(plain.lower().split()):
                xref.target_path = None  # (looked up in the document still: left generic if not there)
                continue
            xref.blind_if_missing = True
            xref.other_paths = [path for path in _comma_paths(text) if len(path) > 1]


def _identity(text: str) -> str:
    try:
        return markup.identity(text)
    except markup.MarkupError:
        return text


def _cindex_name(entry: ImportEntry) -> str:
    """What CINDEX compares of a heading: its sorted text (hidden text left out), case, accents and styles
    ignored."""
    return _matching(entry.sort_as or entry.plain)


def _comma_parts(text: str) -> list[str]:
    """Reference markup cut at its commas (each part keeps its styles: ``<i>a, b</i>`` → ``<i>a</i>``,
    ``<i> b</i>``)."""
    parts: list[list[markup.Run]] = [[]]
    for run in markup.parse_runs(text) if "<" in text or "&" in text else [markup.Run(text)]:
        pieces = run.text.split(",")
        for index, piece in enumerate(pieces):
            if index:
                parts.append([])
            parts[-1].append(markup.Run(piece, run.styles))
    return [markup.from_runs(runs) for runs in parts]


def _best(candidates: list[ImportEntry], styled: str) -> list[ImportEntry]:
    """The candidates, the one styled as the reference names it first."""
    wanted = _identity(styled.strip())
    return sorted(candidates, key=lambda entry: _identity(entry.term) != wanted)


def _find(mains: dict[str, list[ImportEntry]], parts: list[str]) -> ImportEntry | None:
    """The heading a reference (cut at its commas) names: a main heading, else (split at the last comma, then
    at earlier ones, for our own deeper names) a main heading and the subheadings under it."""
    for cut in range(len(parts), 0, -1):
        head = ",".join(parts[:cut])
        for entry in _best(mains.get(_matching(markup.plain_text(head)), []), head):
            found = _below(entry, parts[cut:])
            if found is not None:
                return found
    return None


_MOST_COMMAS = 8  # (the ways to read a name's commas as levels double with each)


def _below(entry: ImportEntry, parts: list[str]) -> ImportEntry | None:
    """The heading under ``entry`` that the comma parts name, each level one part or several joined by
    their commas (``roses, McCartney, Paul``: roses › McCartney, Paul)."""
    if not parts:
        return entry
    if len(parts) > _MOST_COMMAS:
        return None
    for take in range(len(parts), 0, -1):
        name = ",".join(parts[:take])
        wanted = _matching(markup.plain_text(name))
        for child in _best([child for child in entry.children if _cindex_name(child) == wanted], name):
            found = _below(child, parts[take:])
            if found is not None:
                return found
    return None


def _comma_paths(text: str) -> list[list[str]]:
    """The heading paths a CINDEX name may mean, the last comma first: ``a, b, c`` → [a, b: c], [a: b: c]."""
    parts = [part.strip() for part in _comma_parts(text)]
    return [[", ".join(parts[:cut]), *parts[cut:]] for cut in range(len(parts) - 1, 0, -1)]


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
    letters = "".join(letter for letter in "biu" if letter in styles)
    if letters:
        attributes.append(f'style="{letters}"')
    if "sc" in styles:
        attributes.append('smallcaps="y"')
    if "sup" in styles or "sub" in styles:
        attributes.append(f'offset="{"u" if "sup" in styles else "d"}"')
    if "tt" in styles:
        attributes.append('font="1"')
    return f"<text {' '.join(attributes)}/>" if attributes else "<text/>"


def field_content(text: str, *, hide: bool = False, protect: frozenset[str] = frozenset()) -> str:
    """Markup as IXML field content: style switches and escaped text (each run hidden when ``hide``; the
    characters in ``protect`` after ``<literal/>``, so that CINDEX does not take them for separators)."""
    out: list[str] = []
    current: frozenset[str] = frozenset()
    for run in markup.parse_runs(text):
        if run.styles != current:
            out.append(_text_element(run.styles))
            current = run.styles
        body = _protected(run.text, protect) if protect else xml_text(run.text)
        out.append(f"<hide>{body}</hide>" if hide else body)
    if current:
        out.append("<text/>")
    return "".join(out)


def _heading_field(term: str, sort_as: str | None) -> str:
    if not sort_as:
        return f"<field>{field_content(term)}</field>"
    return f"<field>{field_content(term, hide=True)}<sort>{xml_text(sort_as)}</sort></field>"


def _protected(text: str, protect: frozenset[str] = _SEPARATORS) -> str:
    """Text for CINDEX: XML-escaped, each separator that is part of it (a note list's comma, a text locator's
    or a heading's semicolon) after ``<literal/>``, which CINDEX does not split at; a leading "see" too, which
    would make the field a cross-reference."""
    body = "".join(f"<literal/>{char}" if char in protect else xml_text(char) for char in text)
    return "<literal/>" + body if _XREF.match(text) else body


def locator_text(locator: Locator) -> str:
    """A locator as CINDEX reads one: a range joined by the loc-connector (``12-15``; CINDEX takes an en dash
    for a mere delimiter inside one page), a text locator by its text alone (CINDEX orders locators by their
    own numbers and letters: ``2.3.2.2``, ``frontispiece``), anything else in its typed form."""
    if locator.kind is Kind.TEXT:
        plain = locator.text
    else:
        plain = locator.plain()
        if locator.is_range:
            end = EN_DASH + locator.page_text(locator.last)
            at = plain.rfind(end)
            plain = plain[:at] + LOC_CONNECTOR + plain[at + 1 :]
    return f"\\{locator.encap}{{{plain}}}" if locator.encap else plain


def _locator_content(locator: Locator) -> str:
    text = _protected(locator_text(locator))
    if locator.emphasis is Emphasis.NONE:
        return text
    return f"{_text_element(frozenset({'b' if locator.emphasis is Emphasis.BOLD else 'i'}))}{text}<text/>"


def _record_time(stamp: str) -> str:
    return stamp[:19] if len(stamp) >= 19 else dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


_FONT_NAMES = {"serif": ("DejaVu Serif", "Times New Roman"), "sans": ("DejaVu Sans", "Arial")}


def _font_names(document: Snapshot) -> tuple[str, str]:
    """Font 0, the index's base font in CINDEX: the document's own (its PDF font), with a common substitute."""
    chosen = document.setting("pdf-font", "serif")
    if chosen in _FONT_NAMES:
        return _FONT_NAMES[chosen]
    stem = os.path.splitext(os.path.basename(chosen))[0]
    return stem, _FONT_NAMES["serif"][1]


class _Losses:
    """What the export could not write as the document has it, counted by kind, for the summary."""

    def __init__(self) -> None:
        self.folded: list[str] = []
        self.deep_targets: list[str] = []
        self.ambiguous_targets: list[str] = []
        self.comma_targets: list[str] = []
        self.text_places: list[str] = []
        self.notes = 0
        self.labels: list[str] = []
        self.second_groups = 0
        self.unlabelled_groups: list[str] = []

    def lines(self, settings: int) -> list[str]:
        out: list[str] = []
        if self.folded:
            out.append(
                f"{_count(len(self.folded), 'heading')} deeper than CINDEX's {HEADING_FIELDS} levels folded into"
                f" the {HEADING_FIELDS}th field: {_examples(self.folded)}"
            )
        if self.deep_targets:
            out.append(
                f"{_count(len(self.deep_targets), 'cross-reference')} to a heading below the first subheading"
                f" (CINDEX names two levels, so it will call these missing): {_examples(self.deep_targets)}"
            )
        if self.ambiguous_targets:
            out.append(
                f"{_count(len(self.ambiguous_targets), 'cross-reference')} to a subheading whose name is also a"
                f" main heading (CINDEX finds the main heading): {_examples(self.ambiguous_targets)}"
            )
        if self.comma_targets:
            out.append(
                f"{_count(len(self.comma_targets), 'cross-reference')} to a subheading with a comma in its name"
                " (CINDEX parts a name at its last comma, so it will call these missing):"
                f" {_examples(self.comma_targets)}"
            )
        if self.text_places:
            out.append(
                f"the filing places of {_count(len(self.text_places), 'text locator')} (IXML writes the text alone,"
                f" filed by its own number): {_examples(self.text_places)}"
            )
        if self.notes:
            out.append(f"{_count(self.notes, 'entry note')} not written (IXML has no notes)")
        if self.labels:
            out.append(f"group names (the groups are CINDEX's labels: {'; '.join(self.labels)})")
        if self.second_groups:
            out.append(
                f"{_count(self.second_groups, 'membership')} of a heading in a second group (a CINDEX record has"
                " one label)"
            )
        if self.unlabelled_groups:
            out.append(
                f"{_count(len(self.unlabelled_groups), 'group')} not written (CINDEX has {len(_LABELS)} labels, given"
                f" to the first groups by name): {_examples(self.unlabelled_groups)}"
            )
        if settings:
            out.append(f"{_count(settings, 'document setting')} not written (IXML carries records, not settings)")
        return out


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _examples(items: list[str], most: int = 3) -> str:
    shown = "; ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _target_name(document: Snapshot, target_id: int, mains: set[str], losses: _Losses) -> str:
    """A linked target as CINDEX names it: a main heading's text, a subheading as ``main, sub`` (the last
    comma parts them), styled as the headings are (an italic title names that heading)."""
    chain = [entry.term for entry in document.ancestry(target_id)]
    name = ", ".join(chain)
    if len(chain) > 2:
        losses.deep_targets.append(markup.plain_text(name))
    elif len(chain) == 2 and _matching(markup.plain_text(name)) in mains:
        losses.ambiguous_targets.append(markup.plain_text(name))
    elif any("," in markup.plain_text(term) for term in chain[1:]):
        losses.comma_targets.append(markup.plain_text(name))
    return field_content(name, protect=frozenset({XREF_SEPARATOR}))


def export_ixml_document(document: Snapshot, *, time: str | None = None, losses: list[str] | None = None) -> str:
    """The document's entries as IXML records (one per locator and per cross-reference), as CINDEX reads
    them; what IXML cannot hold is said in ``losses``."""
    stamp = time or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    preferred, alternate = _font_names(document)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        _DTD,
        "<indexdata>",
        f'<source creator="xindex" version={xml_attribute(__version__)} time={xml_attribute(stamp)}/>',
        "<fonts>",
        '<font id="0">',
        f"    <fname>{xml_text(preferred)}</fname>",
        f"    <aname>{xml_text(alternate)}</aname>",
        "</font>",
        "</fonts>",
        f'<records loc-separator="{LOC_SEPARATOR}" xref-separator="{XREF_SEPARATOR}" loc-connector="{LOC_CONNECTOR}">',
    ]
    lost = _Losses()
    groups = document.groups()
    labels: dict[int, int] = {}
    for number, name in enumerate(groups, 1):
        if number <= len(_LABELS):
            # (CINDEX reads no comments; our import names the label's group again from it)
            named = html.escape(name).replace("-", "&#45;")  # (a comment holds no "--")
            out.append(f'<!-- label {number}: the group "{named}" -->')
            lost.labels.append(f"label {number}, {name}")
            for member in groups[name]:
                if labels.setdefault(member, number) != number:
                    lost.second_groups += 1
        else:
            lost.unlabelled_groups.append(name)
    roots = document.tree()
    mains = {_matching(markup.plain_text(node.entry.term)) for node in roots}
    record_id = 0
    stack: list[tuple[IndexNode, list[str]]] = [(node, []) for node in reversed(roots)]
    while stack:
        node, above = stack.pop()
        entry = node.entry
        if entry.notes:
            lost.notes += 1
        own = _heading_field(entry.term, entry.sort_as)
        if len(above) >= HEADING_FIELDS:
            fields = [*above[: HEADING_FIELDS - 1], _folded(above[HEADING_FIELDS - 1], entry.term)]
            lost.folded.append(markup.plain_text(entry.term))
        else:
            fields = [*above, own]
        attributes = f"time={xml_attribute(_record_time(entry.updated))}"
        label = labels.get(entry.id)
        heads = "".join(f"\n    {field}" for field in fields)
        lines: list[str] = [_locator_content(locator) for locator in node.locators]
        lost.text_places.extend(
            locator.canonical()
            for locator in node.locators
            if locator.kind is Kind.TEXT and text_locator(locator.text).first != locator.first
        )
        for xref, _label in node.xrefs:
            if xref.target_id is None:
                target = field_content(xref.text)
            else:
                target = _target_name(document, xref.target_id, mains, lost)
            lines.append(f"{xref.kind} {target}")
        if not lines and not node.children:
            lines.append("")
        for line in lines:
            record_id += 1
            labelled = f' label="{label}"' if label else ""
            out.append(
                f'<record {attributes} id="{record_id}"{labelled}>{heads}\n'
                f'    <field class="locator">{line}</field>\n</record>'
            )
        stack.extend((child, fields) for child in reversed(node.children))
    out.append("</records>")
    out.append("</indexdata>")
    if any('font="1"' in line for line in out):  # (monospace runs: CINDEX reads only fonts declared)
        at = out.index("</fonts>")
        out[at:at] = [
            '<font id="1">',
            f"    <fname>{MONOSPACE_FONT}</fname>",
            f"    <aname>{MONOSPACE_FONT}</aname>",
            "</font>",
        ]
    if losses is not None:
        chosen = [key for key in document.settings() if key in KNOWN]  # (not the sort signature and such)
        losses.extend(lost.lines(len(chosen)))
    return "\n".join(out) + "\n"


def _folded(field: str, term: str) -> str:
    """A heading past CINDEX's last field added to that field's text: ``…, climbing, pruning``."""
    return field.removesuffix("</field>") + ", " + field_content(term) + "</field>"
