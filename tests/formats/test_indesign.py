"""InDesign tagged-text export, checked by a strict parser (no InDesign here): header, definitions before text,
every paragraph tagged with a defined paragraph style, character styles defined, never nested and always closed
in their paragraph, escapes and ``<0x####>`` characters well formed; and the visible text round-trips to the
plain-text export."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.sample_index import ESCAPED_TERM, format_sample
from xindex.core.formatter import FormatOptions, FormattedIndex, Group, Paragraph, Span
from xindex.formats.breaks import as_read
from xindex.formats.indesign import char_style_name, escape, export_indesign, tagged_text
from xindex.formats.registry import exporter_for
from xindex.formats.text import export_text
from xindex.jobs.generate import export
from xindex.store import Document

TRICKY = FormattedIndex(
    "Back\\slash <title>",
    "",
    [
        Group(
            "A",
            "A",
            [
                Paragraph(0, [Span("a < b > c \\ d"), Span(", "), Span("1", frozenset({"b"}))]),
                Paragraph(1, [Span("𝄞 clef, ♞ knight, € euro, “quotes”", frozenset({"i", "sup"}))]),
                Paragraph(1, [Span("H"), Span("2", frozenset({"sub"})), Span("O", frozenset({"sc", "b", "i"}))]),
            ],
        )
    ],
)


class TaggedTextError(AssertionError):
    """The file breaks a tagged-text rule."""


@dataclass
class Line:
    """One body paragraph: its paragraph style, visible text, and the text under each character style."""

    style: str
    text: str
    runs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Parsed:
    """A parsed tagged-text file."""

    header: str
    definitions: list[str]
    para_styles: set[str]
    char_styles: dict[str, str]
    lines: list[Line]


def _read_tag(text: str, start: int) -> int:
    """The index just past the tag that starts at ``text[start] == "<"`` (tags nest in definitions)."""
    depth, position = 0, start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise TaggedTextError(f"unclosed tag at {start}: {text[start : start + 40]!r}")


def tokens(line: str) -> Iterator[tuple[str, str]]:
    """("tag", "<…>") and ("text", decoded characters) tokens of one line; escapes and <0x####> decoded strictly."""
    position = 0
    pending_high: int | None = None
    while position < len(line):
        char = line[position]
        if char == "<":
            end = _read_tag(line, position)
            tag = line[position:end]
            code = re.fullmatch(r"<0x([0-9A-F]{4})>", tag)
            if code:
                unit = int(code.group(1), 16)
                if 0xD800 <= unit < 0xDC00:
                    if pending_high is not None:
                        raise TaggedTextError(f"two high surrogates in {line!r}")
                    pending_high = unit
                elif 0xDC00 <= unit < 0xE000:
                    if pending_high is None:
                        raise TaggedTextError(f"lone low surrogate in {line!r}")
                    yield "text", chr(0x10000 + ((pending_high - 0xD800) << 10) + unit - 0xDC00)
                    pending_high = None
                else:
                    yield "text", chr(unit)
            else:
                if pending_high is not None:
                    raise TaggedTextError(f"lone high surrogate in {line!r}")
                yield "tag", tag
            position = end
            continue
        if pending_high is not None:
            raise TaggedTextError(f"lone high surrogate in {line!r}")
        if char == ">":
            raise TaggedTextError(f"unescaped > in {line!r}")
        if char == "\\":
            if position + 1 >= len(line) or line[position + 1] not in "<>\\":
                raise TaggedTextError(f"stray backslash in {line!r}")
            yield "text", line[position + 1]
            position += 2
            continue
        if char in "\r\n":
            raise TaggedTextError(f"line break inside a paragraph: {line!r}")
        yield "text", char
        position += 1
    if pending_high is not None:
        raise TaggedTextError(f"lone high surrogate at the end of {line!r}")


def parse(text: str) -> Parsed:
    """Parse strictly; raise TaggedTextError on any rule broken."""
    if text.endswith("\r\n"):
        raise TaggedTextError("a final line break would add an empty paragraph")
    lines = text.split("\r\n")
    if any("\n" in line or "\r" in line for line in lines):
        raise TaggedTextError("lines must end in CR LF")
    header = lines[0]
    if header not in ("<UNICODE-WIN>", "<ANSI-WIN>"):
        raise TaggedTextError(f"bad start tag {header!r}")
    definitions: list[str] = []
    para_styles: set[str] = set()
    char_styles: dict[str, str] = {}
    body: list[Line] = []
    for line in lines[1:]:
        parts = list(tokens(line))
        if not parts:
            raise TaggedTextError("empty line (an empty paragraph)")
        kind, first = parts[0]
        if kind != "tag":
            raise TaggedTextError(f"untagged paragraph {line!r}")
        define = re.fullmatch(r"<Define(Para|Char)Style:([^=<>:]+)=(.*)>", first, re.DOTALL)
        if not body and (define or first.startswith("<Version:")):
            if any(part_kind == "text" for part_kind, _ in parts):
                raise TaggedTextError(f"text in a definition line: {line!r}")
            if define:
                family, name, attributes = define.groups()
                if not attributes.startswith("<Nextstyle:"):
                    raise TaggedTextError(f"style definition without Nextstyle: {line!r}")
                if family == "Para":
                    para_styles.add(name)
                else:
                    char_styles[name] = attributes
            definitions.append(line)
            continue
        para = re.fullmatch(r"<ParaStyle:([^<>]+)>", first)
        if not para:
            raise TaggedTextError(f"paragraph does not start with <ParaStyle:…>: {line!r}")
        if para.group(1) not in para_styles:
            raise TaggedTextError(f"paragraph style {para.group(1)!r} is not defined")
        current: str | None = None
        result = Line(para.group(1), "")
        for kind, value in parts[1:]:
            if kind == "text":
                value = as_read(value)  # (a word joiner after a range's dash, a no-break space in a label)
                result.text += value
                if current:
                    result.runs[-1] = (current, result.runs[-1][1] + value)
                continue
            char = re.fullmatch(r"<CharStyle:([^<>]*)>", value)
            if not char:
                raise TaggedTextError(f"unexpected tag {value!r} in {line!r}")
            name = char.group(1)
            if name:
                if current is not None:
                    raise TaggedTextError(f"character style {name!r} opened inside {current!r}: {line!r}")
                if name not in char_styles:
                    raise TaggedTextError(f"character style {name!r} is not defined")
                current = name
                result.runs.append((name, ""))
            else:
                if current is None:
                    raise TaggedTextError(f"<CharStyle:> closes nothing in {line!r}")
                current = None
        if current is not None:
            raise TaggedTextError(f"character style {current!r} left open at the end of {line!r}")
        body.append(result)
    return Parsed(header, definitions, para_styles, char_styles, body)


def visible(index: FormattedIndex) -> list[str]:
    """The plain-text export's lines without blank lines and indentation."""
    return [line.strip(" ") for line in export_text(index).splitlines() if line.strip(" ")]


def decode(data: bytes) -> str:
    """The text of a UNICODE-WIN file (UTF-16LE with a byte-order mark)."""
    assert data.startswith(b"\xff\xfe")
    return data[2:].decode("utf-16-le")


@pytest.mark.parametrize("run_in", [None, 0])
def test_structure_and_text_round_trip(sample: Document, run_in: int | None) -> None:
    index = format_sample(sample, FormatOptions(run_in_level=run_in))
    parsed = parse(decode(export_indesign(index)))
    assert parsed.header == "<UNICODE-WIN>"
    assert parsed.definitions[0].startswith("<Version:")
    assert [line.text for line in parsed.lines] == visible(index)
    styles = ["Index Title", "Index Note"]
    for group in index.groups:
        styles += ["Index Heading"] + [f"Index {paragraph.level + 1}" for paragraph in group.paragraphs]
    assert [line.style for line in parsed.lines] == styles
    levels = {f"Index {paragraph.level + 1}" for paragraph in index.paragraphs()}
    assert parsed.para_styles == {"Index Title", "Index Note", "Index Heading", *levels}


def test_character_styles(sample: Document) -> None:
    parsed = parse(decode(export_indesign(format_sample(sample))))
    runs = [run for line in parsed.lines for run in line.runs]
    assert set(parsed.char_styles) == {"Bold", "Italic", "Bold Italic", "Small Caps", "Superscript"}
    assert parsed.char_styles["Bold Italic"].endswith("<cTypeface:Bold Italic>")
    assert parsed.char_styles["Small Caps"].endswith("<cCase:Small Caps>")
    assert parsed.char_styles["Superscript"].endswith("<cPosition:Superscript>")
    assert ("Small Caps", "sgml") in runs and ("Superscript", "2") in runs and ("Bold Italic", "bold-italic") in runs
    assert {("Italic", "See also"), ("Italic", "see also"), ("Italic", "tkinter"), ("Bold", "48")} <= set(runs)


def test_paragraph_style_definitions(sample: Document) -> None:
    text = tagged_text(format_sample(sample))
    indents = [
        (int(left), int(first))
        for left, first in re.findall(
            r"<DefineParaStyle:Index \d=<Nextstyle:Index \d><pLeftIndent:(\d+)><pFirstLineIndent:(-\d+)>", text
        )
    ]
    assert len(indents) == 4
    starts = [left + first for left, first in indents]
    assert starts == sorted(set(starts)) and all(first < 0 for _, first in indents)
    assert "<DefineParaStyle:Index Heading=<Nextstyle:Index 1>" in text


def test_escapes(sample: Document) -> None:
    text = tagged_text(format_sample(sample))
    assert 'operators \\<, & and ", 88' in text
    parsed = parse(text)
    assert f"{ESCAPED_TERM}, 88" in [line.text for line in parsed.lines]
    assert escape("a<b>c\\d") == "a\\<b\\>c\\\\d"
    assert escape("line\r\nbreak\x01") == "line break"


def test_tricky_text_round_trips_in_both_encodings() -> None:
    unicode = parse(decode(export_indesign(TRICKY)))
    ansi_bytes = export_indesign(TRICKY, encoding="ansi")
    ansi_text = ansi_bytes.decode("cp1252")
    ansi = parse(ansi_text)
    assert ansi.header == "<ANSI-WIN>" and unicode.header == "<UNICODE-WIN>"
    for parsed in (unicode, ansi):
        assert [line.text for line in parsed.lines] == visible(TRICKY)
        assert ("Italic Superscript", "𝄞 clef, ♞ knight, € euro, “quotes”") in parsed.lines[3].runs
        assert ("Subscript", "2") in parsed.lines[4].runs and ("Bold Italic Small Caps", "O") in parsed.lines[4].runs
    # Outside cp1252: as UTF-16 code units (a surrogate pair outside the BMP); inside it, as themselves.
    assert "<0xD834><0xDD1E> clef, <0x265E> knight, € euro, “quotes”" in ansi_text
    assert "Back\\\\slash \\<title\\>" in ansi_text


def test_char_style_names() -> None:
    assert char_style_name(frozenset()) == ""
    assert char_style_name(frozenset({"i", "b"})) == "Bold Italic"
    assert char_style_name(frozenset({"sup", "sub"})) == "Superscript"


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="'utf8' is not a tagged-text encoding"):
        export_indesign(TRICKY, encoding="utf8")  # type: ignore[arg-type]


def test_parser_rejects_broken_files() -> None:
    good = tagged_text(TRICKY)
    parse(good)
    broken = [
        good.replace("<ParaStyle:Index 1>", "", 1),  # an untagged paragraph
        good.replace("<CharStyle:>", "", 1),  # a character style left open
        good.replace("\\<title", "<title", 1),  # an unescaped <
        good.replace("<ParaStyle:Index 2>", "<ParaStyle:Index 7>", 1),  # an undefined style
        good + "\r\n",  # a trailing empty paragraph
        "<UTF8-WIN>" + good[len("<UNICODE-WIN>") :],  # a bad header
    ]
    for text in broken:
        with pytest.raises(TaggedTextError):
            parse(text)


def test_registered_with_the_double_suffix(sample: Document, tmp_path: Path) -> None:
    exporter = exporter_for("book.indd.txt")
    assert exporter.name == "indd" and exporter.binary and exporter.function is export_indesign
    assert exporter_for("book.txt").name == "txt"
    assert exporter_for("book.txt", "indd").name == "indd"
    result = export(sample.path, tmp_path / "Book.INDD.txt", jobs=1)
    assert result.format == "indd"
    assert decode(result.path.read_bytes()).startswith("<UNICODE-WIN>\r\n<Version:")
