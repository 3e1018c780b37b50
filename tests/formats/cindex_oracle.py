"""CINDEX 4's reading of an IXML file, as a test oracle: what CINDEX would make of what we write.

Written from CINDEX's published source (``scribendi/cindex-win``: ``xmlparser.c`` reads the file,
``refs.c``/``formstuff.c`` split a locator field, ``strings.c`` recognises a cross-reference, ``search.c``
and ``collate.c`` verify one); the rules, not the code:

- ``<fonts>`` comes before ``<records>`` and declares font 0 (its ``fname`` not empty); a ``font`` attribute
  names a declared font, else the import stops.
- ``<records>`` may set ``loc-separator``, ``xref-separator`` and ``loc-connector``: one byte each, else the
  import stops (defaults ``,`` ``;`` ``-``).
- A record has at most 16 fields (main heading, subheadings, the locator field last); ``time`` is six
  numbers ``Y-M-DTh:m:s``, else the import stops; ``label`` 0 to 7; ``user`` at most 4 bytes is kept.
- Inside a field, ``<hide>`` is printed but not sorted, ``<sort>`` sorted but not printed, ``<literal/>``
  makes the next character text (never a separator), ``<text/>`` switches styles (ignored here).
- The locator field is cross-references when it begins with "see" and a space (any case), its first letter
  not after ``<literal/>``; the targets are
  split at every unprotected xref-separator. Otherwise it is page references split at every unprotected
  loc-separator; a reference with a loc-connector is a range from the text before it to the text after.
- A target names a main heading whose sort text (hidden text left out) equals it, case, accents and styles
  ignored; else, split at its last comma, a main heading and its first subheading.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

FIELD_LIMIT = 16
_TIME = re.compile(r"-?\d+-\d+-\d+T\d+:\d+:\d+")


class CindexRefusalError(ValueError):
    """The file is one CINDEX stops reading."""


@dataclass
class Field:
    shown: str  # the printed text
    sorted: str  # what sorts: shown text without hidden text, with sort-only text
    protected: set[int] = field(default_factory=set)  # offsets in ``shown`` of characters after <literal/>


@dataclass
class Record:
    headings: list[Field]
    locator: Field
    time: str
    label: int
    user: str


@dataclass
class Reference:
    text: str
    first: str
    last: str | None  # the end of a range


@dataclass
class Reading:
    loc_separator: str
    xref_separator: str
    loc_connector: str
    fonts: dict[int, str]
    records: list[Record]

    def references(self, record: Record) -> list[Reference] | list[str]:
        """A record's page references, or (when it is a cross-reference) its targets."""
        text = record.locator.shown
        start = len(text) - len(text.lstrip("([{ "))
        if is_cross_reference(text) and start not in record.locator.protected:  # (~see is text)
            body_at = len(text) - len(text.lstrip()) + len(text.lstrip().split(" ", 1)[0]) + 1
            words = text[body_at:]
            skip = 0
            while words[skip:].lower().startswith(("also ", "under ")):
                skip += len(words[skip:].split(" ", 1)[0]) + 1
            start = body_at + skip
            return [item.strip() for item in _split(record.locator, self.xref_separator, start) if item.strip()]
        found: list[Reference] = []
        for item in _split(record.locator, self.loc_separator, 0):
            item = item.strip()
            if not item:
                continue
            if self.loc_connector in item:
                first, _, last = item.partition(self.loc_connector)
                found.append(Reference(item, first, last))
            else:
                found.append(Reference(item, item, None))
        return found

    def target(self, name: str) -> tuple[str, ...] | None:
        """The heading path a cross-reference names, as CINDEX's verification finds it; None: missing."""
        key = compare_key(name)
        for record in self.records:
            if compare_key(record.headings[0].sorted) == key:
                return (record.headings[0].shown,)
        if "," in name:
            main, _, sub = name.rpartition(",")
            for record in self.records:
                if (
                    len(record.headings) > 1
                    and compare_key(record.headings[0].sorted) == compare_key(main)
                    and compare_key(record.headings[1].sorted) == compare_key(sub)
                ):
                    return (record.headings[0].shown, record.headings[1].shown)
        return None


def is_cross_reference(text: str) -> bool:
    """CINDEX's test: the field begins (after opening brackets) with its first lead word and a space."""
    stripped = text.lstrip("([{ ")
    return stripped[:4].lower() == "see "


def compare_key(text: str) -> str:
    """Case, accents, styles and spacing ignored, as CINDEX's lookup compares at primary strength."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def _split(item: Field, separator: str, start: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    for offset in range(start, len(item.shown)):
        char = item.shown[offset]
        if char == separator and offset not in item.protected:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def _field(element: ET.Element, fonts: dict[int, str]) -> Field:
    shown: list[str] = []
    sort: list[str] = []
    protected: set[int] = set()
    literal = False

    def text(value: str | None, *, printed: bool = True, sorted_too: bool = True) -> None:
        nonlocal literal
        if not value:
            return
        if literal and printed:
            protected.add(len("".join(shown)))
        literal = False
        if printed:
            shown.append(value)
        if sorted_too:
            sort.append(value)

    text(element.text)
    for child in element:
        if child.tag == "text":
            font = child.get("font")
            if font is not None and int(font) not in fonts:
                raise CindexRefusalError(f"record uses an unknown font ({font})")
        elif child.tag == "hide":
            text(child.text, sorted_too=False)
        elif child.tag == "sort":
            text(child.text, printed=False)
        elif child.tag in {"literal", "esc"}:
            literal = True
        else:
            raise CindexRefusalError(f"unknown element <{child.tag}>")
        text(child.tail)
    return Field(" ".join("".join(shown).split()), " ".join("".join(sort).split()), protected)


def read(text: str) -> Reading:
    """An IXML file as CINDEX reads it; CindexRefusalError where CINDEX stops."""
    root = ET.fromstring(text)
    if root.tag != "indexdata":
        raise CindexRefusalError("not an IXML file")
    fonts: dict[int, str] = {}
    seen_records = False
    reading = Reading(",", ";", "-", fonts, [])
    for element in root:
        if element.tag == "fonts":
            for font in element.findall("font"):
                name = (font.findtext("fname") or "").strip()
                if name:
                    fonts[int(font.get("id", "-1"))] = name
        elif element.tag == "records":
            seen_records = True
            if 0 not in fonts:
                raise CindexRefusalError("invalid or missing fonts specification")
            for attribute, name in (
                ("loc-separator", "loc_separator"),
                ("xref-separator", "xref_separator"),
                ("loc-connector", "loc_connector"),
            ):
                value = element.get(attribute)
                if value is not None:
                    if len(value.encode("utf-8")) != 1:
                        raise CindexRefusalError("page or cross-reference separator is invalid")
                    setattr(reading, name, value)
            for record in element.findall("record"):
                stamp = record.get("time", "")
                if stamp and not _TIME.match(stamp):
                    raise CindexRefusalError(f"invalid time stamp {stamp!r}")
                fields = [_field(item, fonts) for item in record.findall("field")]
                if len(fields) > FIELD_LIMIT:
                    raise CindexRefusalError(f"a record of {len(fields)} fields (CINDEX holds {FIELD_LIMIT})")
                label = int(record.get("label", "0"))
                user = record.get("user", "")
                reading.records.append(
                    Record(
                        [item for item in fields[:-1] if item.shown or item.sorted],
                        fields[-1],
                        stamp,
                        label if 0 <= label <= 7 else 0,
                        user.encode("utf-8")[:4].decode("utf-8", "ignore"),
                    )
                )
        elif element.tag != "source":
            raise CindexRefusalError(f"unknown element <{element.tag}>")
    if not seen_records:
        raise CindexRefusalError("no records")
    return reading
