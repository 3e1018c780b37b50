"""RTF, DOCX and ODT exports, opened by a real client: LibreOffice converts them (headless) to text, PDF and flat ODF.

The text LibreOffice extracts must equal the plain-text export line by line (indentation aside), and the
paragraph styles must be there under their names: read back from our files (the RTF style sheet, python-docx,
the ODF XML) and from LibreOffice's own reading of them. LibreOffice starts slowly, so every file is converted
in one soffice run per target format, with a private profile so that parallel test runs do not collide.
The LibreOffice tests skip on a developer machine without soffice; in CI they run (tests/support.py).
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from tests.sample_index import format_sample
from tests.support import one_entry, program, require
from xindex.core.formatter import FormatOptions, FormattedIndex, Group, Paragraph, Role, Span
from xindex.formats.breaks import NO_BREAK_SPACE, as_read
from xindex.formats.docx import export_docx
from xindex.formats.odt import MIMETYPE, export_odt
from xindex.formats.registry import exporter_for
from xindex.formats.rtf import escape, export_rtf
from xindex.formats.text import export_text
from xindex.store import Document

ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
TEXT = f"{{{ODF['text']}}}"
STYLE = f"{{{ODF['style']}}}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Export = Callable[[FormattedIndex], str | bytes]
EXPORTS: dict[str, Export] = {"rtf": export_rtf, "docx": export_docx, "odt": export_odt}

# Text that every writer must carry: its specials, characters above U+7FFF and outside the BMP, doubled spaces.
TRICKY = FormattedIndex(
    "Braces {and} back\\slash",
    "Note: é ü ß € – “quotes”",
    [
        Group(
            "A",
            "A",
            [
                Paragraph(0, [Span("{curly} \\par not a control word"), Span(", "), Span("7")]),
                Paragraph(1, [Span("ﬁ ligature (U+FB01) and 𝄞 clef (U+1D11E)", frozenset({"i"}))]),
                Paragraph(2, [Span("two  spaces,   three"), Span(", "), Span("9", frozenset({"b"}))]),
                Paragraph(1, [Span("H"), Span("2", frozenset({"sub"})), Span("O <&> ♞ 😀", frozenset({"sc"}))]),
            ],
        ),
        Group("", "", [Paragraph(0, [Span("\\u123 literal, tab\there")])]),
    ],
)


def visible_lines(text: str) -> list[str]:
    """Non-blank lines without indentation or trailing spaces (and without a byte-order mark)."""
    text = as_read(text.lstrip("\ufeff"))  # (a word joiner after a range's dash, no-break spaces in labels)
    return [line.strip(" \t") for line in text.splitlines() if line.strip(" \t")]


def expected_lines(index: FormattedIndex) -> list[str]:
    """What a reader sees: the plain-text export's lines, blank lines and indentation aside."""
    return visible_lines(export_text(index))


def expected_styles(index: FormattedIndex) -> list[tuple[str, str]]:
    """Every paragraph's (style, text) in order: title, note, group headings, entries by level."""
    styles = []
    if index.title:
        styles.append(("Index Title", index.title))
    if index.note:
        styles.append(("Index Note", index.note))
    for group in index.groups:
        if group.title:
            styles.append(("Index Heading", group.title))
        styles.extend((f"Index {paragraph.level + 1}", paragraph.text) for paragraph in group.paragraphs)
    return styles


@pytest.fixture(scope="module")
def indexes(sample: Document) -> dict[str, FormattedIndex]:
    """The indexes every client test opens: the sample indented and run in, and the tricky characters."""
    return {
        "indented": format_sample(sample),
        "run-in": format_sample(sample, FormatOptions(run_in_level=0)),
        "tricky": TRICKY,
    }


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[Path], str, Path], None]:
    """Convert files with LibreOffice headless, in one run, with a profile private to this test session."""
    found = program("soffice", "libreoffice")
    require(found is not None, "LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    assert found is not None
    profile = tmp_path_factory.mktemp("libreoffice-profile").as_uri()

    def convert(files: list[Path], target: str, outdir: Path) -> None:
        command = [
            found,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr

    return convert


@pytest.fixture(scope="module")
def converted(
    indexes: dict[str, FormattedIndex],
    soffice: Callable[[list[Path], str, Path], None],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """Every index in every format converted by LibreOffice to .txt (UTF-8); the sample also to .pdf and .fodt."""
    folder = tmp_path_factory.mktemp("converted")
    files = []
    for name, index in indexes.items():
        for extension, export in EXPORTS.items():
            path = folder / f"{name}-{extension}.{extension}"
            data = export(index)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", newline="\n")
            files.append(path)
    # The "Text" filter writes the system encoding; "Text (encoded)" with UTF8 keeps every character.
    soffice(files, "txt:Text (encoded):UTF8", folder)
    # PDF and flat ODF (LibreOffice's reading of the styles) for the sample only: each soffice run costs seconds.
    indented = [path for path in files if path.name.startswith("indented-")]
    soffice(indented, "pdf", folder)
    soffice(indented, "fodt", folder)
    return folder


@pytest.mark.parametrize("extension", list(EXPORTS))
@pytest.mark.parametrize("name", ["indented", "run-in", "tricky"])
def test_libreoffice_reads_the_same_text(
    converted: Path, indexes: dict[str, FormattedIndex], name: str, extension: str
) -> None:
    text = (converted / f"{name}-{extension}.txt").read_text(encoding="utf-8")
    if extension == "rtf":
        # LibreOffice's RTF reader (seen in 7.4) turns every space of a run of two or more into U+2006 SIX-PER-EM
        # SPACE followed by a space; the file has plain spaces (test_rtf_escape), and Word keeps them as they are.
        text = text.replace("\u2006 ", " ")
    assert visible_lines(text) == expected_lines(indexes[name])


@pytest.mark.parametrize("extension", list(EXPORTS))
def test_libreoffice_makes_a_pdf(converted: Path, extension: str) -> None:
    pdf = (converted / f"indented-{extension}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1


def fodt_paragraphs(path: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """LibreOffice's reading of a file: every paragraph's (named style, text), and style names → display names."""
    root = ET.parse(path).getroot()
    display: dict[str, str] = {}
    parents: dict[str, str] = {}
    for style in root.iter(f"{STYLE}style"):
        if style.get(f"{STYLE}family") == "paragraph":
            name = style.get(f"{STYLE}name", "")
            display[name] = style.get(f"{STYLE}display-name") or name
            parents[name] = style.get(f"{STYLE}parent-style-name", "")
    office_text = root.find(".//office:body/office:text", ODF)
    assert office_text is not None
    paragraphs = []
    for element in office_text.iter(f"{TEXT}p"):
        text = odf_text(element)
        if not text.strip():
            continue  # LibreOffice may add an empty paragraph to carry a section break
        style_name = element.get(f"{TEXT}style-name", "")
        # Automatic paragraph styles (P1, P2…) stand for direct formatting on top of the named style.
        while re.fullmatch(r"P\d+", style_name) and parents.get(style_name):
            style_name = parents[style_name]
        paragraphs.append((display.get(style_name, style_name), text))
    return paragraphs, display


@pytest.mark.parametrize("extension", list(EXPORTS))
def test_libreoffice_sees_the_index_styles(converted: Path, indexes: dict[str, FormattedIndex], extension: str) -> None:
    paragraphs, display = fodt_paragraphs(converted / f"indented-{extension}.fodt")
    index = indexes["indented"]
    assert paragraphs == expected_styles(index)
    # Mapped to LibreOffice's own index styles, which are of class "index".
    root = ET.parse(converted / f"indented-{extension}.fodt").getroot()
    classes = {style.get(f"{STYLE}name"): style.get(f"{STYLE}class") for style in root.iter(f"{STYLE}style")}
    assert {classes[name] for name in ("Index_20_Heading", "Index_20_1", "Index_20_2", "Index_20_3")} == {"index"}
    assert {"Index Title", "Index Note", "Index 4"} <= set(display.values())


def test_libreoffice_sees_two_columns(converted: Path) -> None:
    for extension in EXPORTS:
        root = ET.parse(converted / f"indented-{extension}.fodt").getroot()
        counts = {element.get(f"{{{ODF['fo']}}}column-count") for element in root.iter(f"{STYLE}columns")}
        assert "2" in counts, extension


# ---------------------------------------------------------------- RTF


def rtf_stylesheet(rtf: str) -> dict[str, str]:
    """Style names → their control words (``\\s4\\ql\\li720…``), from the ``{\\stylesheet …}`` group."""
    sheet = rtf[rtf.index("{\\stylesheet") : rtf.index("\n}\n")]
    return {name: controls for controls, name in re.findall(r"\{(\\s\d+\S*) ([^;{}\\]+);\}", sheet)}


def test_rtf_stylesheet_and_paragraph_styles(sample: Document) -> None:
    index = format_sample(sample)
    rtf = export_rtf(index)
    assert rtf.startswith("{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1\n") and rtf.endswith("}\n")
    assert rtf.count("{") - rtf.count("\\{") == rtf.count("}") - rtf.count("\\}")
    sheet = rtf_stylesheet(rtf)
    assert set(sheet) == {
        "Normal",
        "Index Title",
        "Index Note",
        "Index Heading",
        "Index 1",
        "Index 2",
        "Index 3",
        "Index 4",
    }
    numbers = {re.match(r"\\s(\d+)", controls).group(1): name for name, controls in sheet.items()}  # type: ignore[union-attr]
    used = [numbers[number] for number in re.findall(r"^\\pard\\plain\\s(\d+)", rtf, re.MULTILINE)]
    assert used == [style for style, _ in expected_styles(index)]
    # Hanging indents: each level's first line starts one step deeper; its runover lines sit deeper still.
    indents = [re.search(r"\\li(\d+)\\fi(-\d+)", sheet[f"Index {n}"]) for n in range(1, 5)]
    starts = [int(match.group(1)) + int(match.group(2)) for match in indents if match]
    assert starts == sorted(set(starts)) and len(starts) == 4
    assert all(int(match.group(2)) < 0 for match in indents if match)


def test_rtf_character_formatting(sample: Document) -> None:
    rtf = export_rtf(format_sample(sample))
    assert "{\\b bold}, {\\i italic}, {\\b\\i bold-italic}, 1" in rtf
    assert "{\\scaps sgml} (markup language)" in rtf
    assert "{\\i e} = {\\i mc}{\\super 2}, 2" in rtf
    see_also = escape("See also".replace(" ", NO_BREAK_SPACE))  # (a no-break space: the label stays on one line)
    assert f". {{\\i {see_also}}} " in rtf and f" ({{\\i {see_also.lower()}}} " in rtf
    assert "{\\b 48}" in rtf and "{\\i 40}" in rtf


def test_rtf_columns_and_sections() -> None:
    assert "\\sect\\sectd\\sbknone\\cols2\\colsx360\n" in export_rtf(TRICKY)
    single = export_rtf(TRICKY, columns=1)
    assert "\\cols" not in single and "\\sect\\sectd\\sbknone\n" in single
    untitled = export_rtf(FormattedIndex("", "", TRICKY.groups))
    assert "\\sect\\" not in untitled and "\\sectd\\sbknone\\cols2" in untitled


@pytest.mark.parametrize(
    ("text", "rtf"),
    [
        ("a\\b{c}d", "a\\\\b\\{c\\}d"),
        ("two  spaces", "two  spaces"),
        ("é", "\\u233\\'e9"),
        ("–", "\\u8211\\'96"),
        ("♞", "\\u9822?"),
        ("ﬁ", "\\u-1279?"),  # U+FB01 > 32767: a negative number
        ("𝄞", "\\u-10188?\\u-8930?"),  # U+1D11E: the surrogates D834 DD1E
        ("tab\there", "tab\\tab here"),
        ("line\nbreak\r\nx", "line break x"),
        ("bell\x07\ud800", "bell"),
    ],
)
def test_rtf_escape(text: str, rtf: str) -> None:
    assert escape(text) == rtf
    assert escape(text).isascii()


# ---------------------------------------------------------------- DOCX


def test_docx_styles_read_back_with_python_docx(sample: Document) -> None:
    index = format_sample(sample)
    document = docx.Document(io.BytesIO(export_docx(index)))
    paragraphs = [(p.style.name if p.style else "", as_read(p.text)) for p in document.paragraphs]
    assert paragraphs == expected_styles(index)
    styles = {style.name: style for style in document.styles}
    for name, style_id in [("Index Heading", "IndexHeading"), ("Index 1", "Index1"), ("Index 4", "Index4")]:
        assert styles[name].style_id == style_id
        assert styles[name].builtin, name
    assert not styles["Index Title"].builtin and not styles["Index Note"].builtin
    one, two = styles["Index 1"].paragraph_format, styles["Index 2"].paragraph_format
    assert one.first_line_indent < 0 and two.first_line_indent < 0
    assert one.left_indent + one.first_line_indent < two.left_indent + two.first_line_indent
    assert styles["Index Heading"].font.bold and styles["Index Heading"].next_paragraph_style.name == "Index 1"


def test_docx_runs_carry_the_markup(sample: Document) -> None:
    document = docx.Document(io.BytesIO(export_docx(format_sample(sample))))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    for run in runs:
        run.text = as_read(run.text)
    assert "sgml" in [run.text for run in runs if run.font.small_caps]
    assert [run.text for run in runs if run.font.superscript] == ["2"]
    assert {"See also", "See", "see also", "e", "mc", "tkinter"} <= {run.text for run in runs if run.italic}
    assert {"bold", "48"} <= {run.text for run in runs if run.bold and not run.italic}
    assert "bold-italic" in [run.text for run in runs if run.bold and run.italic]
    assert not any(run.font.subscript for run in runs)
    tricky = docx.Document(io.BytesIO(export_docx(TRICKY)))
    assert [run.text for p in tricky.paragraphs for run in p.runs if run.font.subscript] == ["2"]


def docx_columns(data: bytes) -> list[str | None]:
    """The ``w:cols/@w:num`` of every section, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ET.fromstring(archive.read("word/document.xml"))
    return [cols.get(f"{W}num") for cols in root.iter(f"{W}cols")]


def test_docx_columns_option() -> None:
    # The title and note end a one-column section; the body is a continuous section in two columns.
    assert docx_columns(export_docx(TRICKY)) == [None, "2"]
    assert docx_columns(export_docx(TRICKY, columns=2)) == [None, "2"]
    assert docx_columns(export_docx(TRICKY, columns=1)) == [None, None]
    assert docx_columns(export_docx(TRICKY, columns=3)) == [None, "3"]
    assert docx_columns(export_docx(FormattedIndex("", "", TRICKY.groups))) == ["2"]


def test_docx_is_reproducible(sample: Document) -> None:
    index = format_sample(sample)
    first = export_docx(index)
    assert first == export_docx(index)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "<dc:title>Index</dc:title>" in core


# ---------------------------------------------------------------- ODT


def odf_text(element: ET.Element) -> str:
    """The text of an ODF paragraph, with ``text:s`` and ``text:tab`` expanded."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        else:
            parts.append(odf_text(child))
        parts.append(child.tail or "")
    return as_read("".join(parts))


def odt_members(data: bytes) -> dict[str, bytes]:
    """The package's members, checking the ODF package rules on the way."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert infos[0].extra == b""
        assert data[30:38] == b"mimetype" and data[38 : 38 + len(MIMETYPE)] == MIMETYPE.encode()
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in infos}


def test_odt_package_and_xml(sample: Document) -> None:
    members = odt_members(export_odt(format_sample(sample)))
    assert list(members) == ["mimetype", "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"]
    for name in list(members)[1:]:
        ET.fromstring(members[name])  # well-formed
    manifest = ET.fromstring(members["META-INF/manifest.xml"])
    paths = {entry.get("{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}full-path") for entry in manifest}
    assert paths == {"/", "content.xml", "styles.xml", "meta.xml"}


def test_odt_paragraph_styles(sample: Document) -> None:
    index = format_sample(sample)
    members = odt_members(export_odt(index))
    styles = ET.fromstring(members["styles.xml"])
    display = {s.get(f"{STYLE}name"): s.get(f"{STYLE}display-name") for s in styles.iter(f"{STYLE}style")}
    content = ET.fromstring(members["content.xml"])
    office_text = content.find(".//office:body/office:text", ODF)
    assert office_text is not None
    paragraphs = [(display[p.get(f"{TEXT}style-name")], odf_text(p)) for p in office_text.iter(f"{TEXT}p")]
    assert paragraphs == expected_styles(index)
    assert display["Index_20_1"] == "Index 1" and display["Index_20_Heading"] == "Index Heading"
    section = office_text.find("text:section", ODF)
    assert section is not None and len(section.findall("text:p", ODF)) == len(paragraphs) - 2


def test_odt_text_styles_and_spaces() -> None:
    members = odt_members(export_odt(TRICKY))
    content = ET.fromstring(members["content.xml"])
    properties = {
        style.get(f"{STYLE}name"): style.find("style:text-properties", ODF)
        for style in content.iter(f"{STYLE}style")
        if style.get(f"{STYLE}family") == "text"
    }
    spans = {span.text: properties[span.get(f"{TEXT}style-name")] for span in content.iter(f"{TEXT}span")}
    fo = f"{{{ODF['fo']}}}"
    italic = spans["ﬁ ligature (U+FB01) and 𝄞 clef (U+1D11E)"]
    assert italic is not None and italic.get(f"{fo}font-style") == "italic"
    assert spans["9"] is not None and spans["9"].get(f"{fo}font-weight") == "bold"
    assert spans["2"] is not None and spans["2"].get(f"{STYLE}text-position", "").startswith("sub")
    assert spans["O <&> ♞ 😀"] is not None and spans["O <&> ♞ 😀"].get(f"{fo}font-variant") == "small-caps"
    assert b"two <text:s/>spaces, <text:s/><text:s/>three" in members["content.xml"]
    assert b"tab<text:tab/>here" in members["content.xml"]


def test_odt_columns_and_reproducible(sample: Document) -> None:
    index = format_sample(sample)
    assert export_odt(index) == export_odt(index)

    def columns(data: bytes) -> str | None:
        content = ET.fromstring(odt_members(data)["content.xml"])
        element = content.find(".//style:columns", ODF)
        return None if element is None else element.get(f"{{{ODF['fo']}}}column-count")

    assert columns(export_odt(index)) == "2"
    assert columns(export_odt(index, columns=1)) == "1"
    assert columns(export_odt(index, columns=3)) == "3"


# ---------------------------------------------------------------- registry


@pytest.mark.parametrize(
    ("path", "name", "binary"),
    [("book.rtf", "rtf", False), ("book.docx", "docx", True), ("book.odt", "odt", True), ("Book.DOCX", "docx", True)],
)
def test_registered(path: str, name: str, binary: bool) -> None:
    exporter = exporter_for(path)
    assert exporter.name == name and exporter.binary is binary
    assert exporter.function is EXPORTS[name]


# ---------------------------------------------------------------- edge cases

DEEP = FormattedIndex("", "", [Group("", "", [Paragraph(level, [Span(f"level {level}")]) for level in range(12)])])
EMPTY = FormattedIndex("", "", [])


def test_levels_deeper_than_nine_share_the_last_style() -> None:
    expected = [f"Index {min(level, 8) + 1}" for level in range(12)]
    document = docx.Document(io.BytesIO(export_docx(DEEP)))
    assert [p.style.name if p.style else "" for p in document.paragraphs] == expected
    sheet = rtf_stylesheet(export_rtf(DEEP))
    assert {name for name in sheet if name.startswith("Index ") and name[6:].isdigit()} == set(expected)
    content = ET.fromstring(odt_members(export_odt(DEEP))["content.xml"])
    styles = [p.get(f"{TEXT}style-name") for p in content.iter(f"{TEXT}p")]
    assert styles == [name.replace(" ", "_20_") for name in expected]


def test_empty_index() -> None:
    rtf = export_rtf(EMPTY)
    assert "\\par" not in rtf and rtf.count("{") == rtf.count("}")
    assert docx.Document(io.BytesIO(export_docx(EMPTY))).paragraphs == []
    content = ET.fromstring(odt_members(export_odt(EMPTY))["content.xml"])
    section = content.find(".//text:section", ODF)
    assert section is not None and [odf_text(p) for p in section.findall("text:p", ODF)] == [""]


def test_no_line_breaks_after_a_range_dash_or_inside_a_label() -> None:
    # "45–" at the end of one line and "46" on the next, or "See" and "also" apart, misread: a word joiner
    # follows the dash and the label's space does not break, in every word processor's format.
    index = one_entry(
        Span("apples"),
        Span(", ", role=Role.PUNCTUATION),
        Span("45–46", role=Role.LOCATOR),
        Span(". ", role=Role.PUNCTUATION),
        Span("See also", frozenset({"i"}), Role.XREF_LABEL),
        Span(" ", role=Role.PUNCTUATION),
        Span("pears", role=Role.XREF_TARGET),
    )
    joined, label = "45–\u206046", "See\u00a0also"
    entry = docx.Document(io.BytesIO(export_docx(index))).paragraphs[-1].text
    assert joined in entry and label in entry
    odt = odt_members(export_odt(index))["content.xml"].decode()
    assert joined in odt and label in odt
    rtf = export_rtf(index)
    assert escape(joined) in rtf and escape(label) in rtf
    assert visible_lines(export_text(index))[-1] == "apples, 45–46. See also pears"  # plain text: as it was
