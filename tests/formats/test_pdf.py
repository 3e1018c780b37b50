"""The print-ready PDF: text read back equals the text export, continued lines, no bad breaks, a balanced
last page, hanging indents, embedded fonts with Unicode maps, page set-up from the settings.

Sources: CMS 16.140 (indented style: runover lines deeper than any subentry), CMS 16.142 ("bad breaks":
a main heading repeated with "continued" at the top of a column that opens among its subentries);
S. Maislin, "Pagebreaking and column-breaking an index" (heading orphans, line orphans, even columns);
anindexer.com "Bad breaks" (continuation lines: the heading and subheadings repeated, "continued" in
italics in parentheses; a main heading is not parted from its locators).
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from tests.sample_index import format_sample
from tests.support import needs_poppler
from xindex.cli import main
from xindex.core.errors import FormatError, SettingError
from xindex.core.formatter import FormattedIndex, Group, Paragraph, Role, Span
from xindex.core.page_setup import parse_length, parse_page_size
from xindex.core.settings import normalize
from xindex.formats.pdf import CONTINUED, ENTRY, GROUP, LEADING, Line, PdfOptions, _Typesetter, export_pdf
from xindex.formats.text import export_text
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]


def entry(level: int, heading: str, locators: str = "", styles: frozenset[str] = frozenset()) -> Paragraph:
    """A paragraph: a heading and, when given, its locators after a comma."""
    spans = [Span(heading, styles)]
    if locators:
        spans += [Span(", ", role=Role.PUNCTUATION), Span(locators, role=Role.LOCATOR)]
    return Paragraph(level, spans)


def roses(subentries: int = 90, *, deeper: int = 0) -> FormattedIndex:
    """An index whose "roses" has enough subentries to cross columns (each with ``deeper`` of its own)."""
    paragraphs = [entry(0, "roses", "141–70")]
    for number in range(subentries):
        paragraphs.append(entry(1, f"variety {number:03d}", f"{150 + number}"))
        paragraphs += [entry(2, f"sport {number:03d}.{inner}", f"{200 + inner}") for inner in range(deeper)]
    before = [entry(0, f"raised beds {number}", "76–79") for number in range(5)]
    return FormattedIndex("Index", "", [Group("R", "r", before + paragraphs + [entry(0, "rubus", "12")])])


def pages(index: FormattedIndex, options: PdfOptions | None = None) -> list[list[list[Line]]]:
    """The index laid out as pages of columns of lines."""
    typesetter = _Typesetter(index, options or PdfOptions())
    _, front_height = typesetter.front_matter()
    return typesetter.pages(typesetter.lines(), typesetter.body_height - front_height)


def columns(laid_out: list[list[list[Line]]]) -> list[list[Line]]:
    """Every column, page by page."""
    return [column for page in laid_out for column in page]


def pdftotext(data: bytes, tmp_path: Path, *arguments: str) -> str:
    """The PDF's text as poppler reads it, in the order it was set (column by column)."""
    path = tmp_path / "index.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *arguments, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def words(text: str) -> str:
    """Text as its characters with no white space (line breaks, indents and the gap poppler reads after a
    raised or lowered character aside)."""
    return "".join(text.split())


# -- the text is the index ---------------------------------------------------------------------------


@needs_poppler
def test_the_text_read_back_is_the_text_export(sample: Document, tmp_path: Path) -> None:
    index = format_sample(sample)
    read_back = pdftotext(export_pdf(index), tmp_path, "-raw")
    # (casefolded: the sample's small capitals read back as the capitals they are set in)
    assert words(read_back).casefold() == words(export_text(index)).casefold()


@needs_poppler
def test_continued_lines_are_the_only_text_the_pdf_adds(tmp_path: Path) -> None:
    index = roses(140, deeper=1)
    read_back = pdftotext(export_pdf(index), tmp_path, "-raw")
    continued = re.findall(r"^.*\(continued\)$", read_back, flags=re.MULTILINE)
    assert continued, "a heading with 280 lines of subentries crosses columns"
    without = re.sub(r"^.*\(continued\)\n", "", read_back, flags=re.MULTILINE)
    assert words(without) == words(export_text(index))


# -- continued lines (CMS 16.142) -----------------------------------------------------------------------


def test_a_column_that_opens_among_subentries_repeats_the_main_heading_continued() -> None:
    laid_out = columns(pages(roses(90)))
    assert len(laid_out) >= 2
    for column in laid_out[1:]:
        first = column[0]
        if first.kind == ENTRY and first.indent > 0:  # opens among roses' subentries
            assert first.kind == ENTRY or first.text == "roses (continued)"
        if column[0].kind == CONTINUED:
            assert column[0].text == "roses (continued)"
            assert column[0].indent == 0
            assert [piece.style.font_style for piece in column[0].pieces if piece.text == "continued"] == ["I"]
    opened_inside = [column for column in laid_out[1:] if column[0].kind == CONTINUED]
    assert opened_inside, "some column opens among roses' subentries"
    assert all(column[1].indent > 0 for column in opened_inside)


def test_a_column_that_opens_among_sub_subentries_repeats_both_headings() -> None:
    laid_out = columns(pages(roses(60, deeper=3)))
    chains = [
        [line.text for line in column if line.kind == CONTINUED]
        for column in laid_out[1:]
        if column[0].kind == CONTINUED
    ]
    assert any(
        len(chain) == 2 and chain[0] == "roses (continued)" and chain[1].endswith("(continued)") for chain in chains
    )
    two_levels = next(column for column in laid_out[1:] if sum(line.kind == CONTINUED for line in column) == 2)
    assert two_levels[1].text.startswith("variety ") and two_levels[1].indent > two_levels[0].indent


def test_a_column_that_opens_with_a_main_heading_repeats_nothing() -> None:
    index = FormattedIndex("", "", [Group("A", "a", [entry(0, f"heading {number}", "1") for number in range(400)])])
    assert not any(line.kind == CONTINUED for column in columns(pages(index)) for line in column)


def test_the_word_continued_is_a_setting_and_can_be_left_out() -> None:
    french = columns(pages(roses(90), PdfOptions(continued="suite")))
    assert any(column[0].text == "roses (suite)" for column in french)
    none = columns(pages(roses(90), PdfOptions(continued="")))
    assert not any(line.kind == CONTINUED for column in none for line in column)
    assert normalize("pdf-continued", "  suite ") == "suite"


# -- bad breaks (CMS 16.142; Maislin) -------------------------------------------------------------------


def bad_break_index() -> FormattedIndex:
    """Groups of short and long entries, headings with subentries, paragraphs of several lines."""
    long_locators = ", ".join(str(page) for page in range(10, 400, 7))
    groups = []
    for letter in "ABCDEFGH":
        paragraphs = []
        for number in range(14):
            paragraphs.append(entry(0, f"{letter.lower()}heading {number}", long_locators if number % 5 == 0 else "3"))
            paragraphs += [entry(1, f"sub {number}.{inner}", "9") for inner in range(number % 4)]
        groups.append(Group(letter, letter.lower(), paragraphs))
    return FormattedIndex("Index", "", groups)


def test_no_column_ends_with_a_letter_heading_or_a_heading_parted_from_its_first_subentry() -> None:
    for column in columns(pages(bad_break_index()))[:-1]:
        last = column[-1]
        assert last.kind != GROUP
        assert not last.keep_with_next, f"the column ends on a line kept with the next: {last.text!r}"


def test_short_paragraphs_are_never_split_and_long_ones_leave_two_lines_each_side() -> None:
    # Maislin, "line orphans": no lone line of an entry at a column's foot or head.
    many = ", ".join(str(page) for page in range(10, 400, 3))  # thirteen lines in a column
    paragraphs = [entry(0, f"heading {number}", many) for number in range(30)]
    paragraphs += [entry(0, f"short {number}", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14") for number in range(40)]
    laid_out = columns(pages(FormattedIndex("", "", [Group("H", "h", paragraphs)])))
    split = 0
    for column, following in itertools.pairwise(laid_out):
        going_on = next(line for line in following if line.kind != CONTINUED)
        if going_on.paragraph == column[-1].paragraph != -1:
            split += 1
            here = sum(line.paragraph == going_on.paragraph for line in column)
            there = sum(line.paragraph == going_on.paragraph for line in following)
            assert here >= 2 and there >= 2 and here + there >= 4
    assert split >= 3  # (long paragraphs do cross columns)


def test_runover_lines_sit_deeper_than_any_subentry() -> None:
    # CMS 16.140: runover lines are indented more than subentries.
    long_locators = ", ".join(str(page) for page in range(10, 300, 3))
    index = FormattedIndex(
        "",
        "",
        [Group("A", "a", [entry(0, "apples", long_locators), entry(1, "baked", long_locators), entry(2, "pie", "4")])],
    )
    typesetter = _Typesetter(index, PdfOptions())
    lines = [line for line in typesetter.lines() if line.kind == ENTRY]
    firsts = {line.indent for line in lines if not line.chain or len(line.chain) < 1} | {0.0}
    deepest_first = 2 * typesetter.em
    runovers = [line for line in lines if line.indent > deepest_first]
    assert runovers and all(line.indent == 3 * typesetter.em for line in runovers)
    assert max(firsts) < runovers[0].indent


def test_no_line_breaks_after_a_range_dash_or_inside_see_also() -> None:
    spans = [Span("gardens"), Span(", ", role=Role.PUNCTUATION)]
    for page in range(12, 600, 9):
        spans += [Span(f"{page}–{page + 3}", role=Role.LOCATOR), Span(", ", role=Role.PUNCTUATION)]
    spans += [Span(". ", role=Role.PUNCTUATION), Span("See also", frozenset({"i"}), Role.XREF_LABEL), Span(" roses")]
    index = FormattedIndex("", "", [Group("G", "g", [Paragraph(0, spans)])])
    lines = _Typesetter(index, PdfOptions(columns=3)).lines()
    assert len(lines) > 5
    assert not any(line.text.rstrip().endswith("–") for line in lines)
    assert not any(line.text.rstrip().endswith("See") for line in lines)


# -- the last page is balanced (Maislin: even columns) --------------------------------------------------


def column_height(column: list[Line], options: PdfOptions) -> float:
    """How tall a column is set: a line's height each, and the space above each letter heading but the top one."""
    leading = options.font_size * LEADING
    return sum(leading + (line.space_before if number else 0.0) for number, line in enumerate(column))


@pytest.mark.parametrize("count", [2, 3])
def test_the_last_page_columns_are_balanced(sample: Document, count: int) -> None:
    options = PdfOptions(columns=count)
    for index in (format_sample(sample), roses(200), bad_break_index()):
        laid_out = pages(index, options)
        heights = [column_height(column, options) for column in laid_out[-1]]
        assert len(heights) == count
        # no column longer than another by more than a block kept together (at most about four lines)
        assert max(heights) - min(heights) <= 4.5 * options.font_size * LEADING, heights


def test_a_short_index_is_one_balanced_page_under_its_title(sample: Document) -> None:
    options = PdfOptions(font_size=6)
    laid_out = pages(format_sample(sample), options)
    assert len(laid_out) == 1
    left, right = (column_height(column, options) for column in laid_out[0])
    assert abs(left - right) <= 4.5 * options.font_size * LEADING


# -- type and fonts ---------------------------------------------------------------------------------------


@needs_poppler
def test_fonts_are_embedded_subsets_with_unicode_maps(sample: Document, tmp_path: Path) -> None:
    path = tmp_path / "index.pdf"
    path.write_bytes(export_pdf(format_sample(sample)))
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]
    assert {line.split()[0].split("+")[1] for line in fonts} >= {
        "DejaVuSerifBook",
        "DejaVuSerifBold",
        "DejaVuSerifItalic",
    }
    for line in fonts:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


@needs_poppler
def test_greek_and_hebrew_print_and_a_character_no_font_has_is_refused(tmp_path: Path) -> None:
    index = FormattedIndex(
        "",
        "",
        [Group("A", "a", [entry(0, "α particles", "12"), entry(0, "alef (א)", "13"), entry(0, "ångström", "4")])],
    )
    text = pdftotext(export_pdf(index), tmp_path, "-raw")
    assert "α particles, 12" in text and "א" in text and "ångström, 4" in text
    listing = subprocess.run(["pdffonts", str(tmp_path / "index.pdf")], check=True, capture_output=True, text=True)
    assert "DejaVuSans" in listing.stdout  # the Hebrew letter came from the fallback font
    tokyo = FormattedIndex("", "", [Group("T", "t", [entry(0, "Tokyo (東京)", "88")])])
    with pytest.raises(FormatError, match=r"no glyph for '東' \(U\+6771\) in “Tokyo \(東京\), 88”; name a font"):
        export_pdf(tokyo)


@needs_poppler
def test_styles_print_as_set(tmp_path: Path) -> None:
    spans = [
        Span("Nature", frozenset({"i"})),
        Span(", ", role=Role.PUNCTUATION),
        Span("12", frozenset({"b"}), Role.LOCATOR),
        Span(", "),
        Span("unesco", frozenset({"sc"})),
        Span(", H"),
        Span("2", frozenset({"sub"})),
        Span("O, m"),
        Span("2", frozenset({"sup"})),
    ]
    index = FormattedIndex("", "", [Group("N", "n", [Paragraph(0, spans)])])
    text = pdftotext(export_pdf(index), tmp_path, "-raw")
    assert "Nature, 12, UNESCO" in text.replace("UNESCO", "UNESCO")
    assert "H" in text and "O, m" in text


def test_a_font_file_is_used_with_its_bold_and_italic_siblings(tmp_path: Path) -> None:
    fonts = ROOT / "xindex" / "formats" / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        (tmp_path / name).write_bytes((fonts / name).read_bytes())
    data = export_pdf(roses(90), options=PdfOptions(font=str(tmp_path / "DejaVuSans.ttf")))  # with "continued"
    assert b"DejaVuSansBold" in data and b"DejaVuSansOblique" in data and b"DejaVuSerif" not in data


def test_a_font_that_is_not_a_font_or_not_there_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(FormatError, match=r"the PDF font .*broken\.ttf cannot be used"):
        export_pdf(roses(3), options=PdfOptions(font=str(broken)))
    with pytest.raises(FormatError, match=r"the PDF font '.*missing\.ttf' is neither serif nor sans nor a font file"):
        export_pdf(roses(3), options=PdfOptions(font=str(tmp_path / "missing.ttf")))


# -- page set-up from the settings ---------------------------------------------------------------------


def test_page_sizes_and_lengths_as_people_write_them() -> None:
    assert parse_page_size("A4") == pytest.approx((595.28, 841.89), abs=0.01)
    assert parse_page_size("letter") == pytest.approx((612, 792))
    assert parse_page_size("6in x 9in") == pytest.approx((432, 648))
    assert parse_page_size("6 x 9 in") == pytest.approx((432, 648))
    assert parse_page_size("156×234mm") == pytest.approx((442.2, 663.3), abs=0.1)
    assert parse_length("18mm") == pytest.approx(51.02, abs=0.01)
    assert parse_length("0.5in") == 36
    with pytest.raises(SettingError, match="'6 x 9' needs a unit"):
        parse_page_size("6 x 9")
    with pytest.raises(SettingError, match="not a page size; use a name"):
        parse_page_size("quarto")
    with pytest.raises(SettingError, match="not a printable page"):
        parse_page_size("1in x 9in")
    with pytest.raises(SettingError, match="'2 furlongs' is not a length"):
        parse_length("2 furlongs")


def test_the_settings_are_checked_when_set() -> None:
    assert normalize("pdf-page-size", " 6in  x 9in ") == "6in x 9in"
    assert normalize("pdf-margins", "0.75in 0.5in") == "0.75in 0.5in"
    assert normalize("pdf-font-size", "8.5") == "8.5pt"
    assert normalize("pdf-columns", "3") == "3"
    assert normalize("pdf-font", "Sans") == "sans"
    for key, value, message in (
        ("pdf-margins", "1in 1in 1in", "give one length for all four, two"),
        ("pdf-font-size", "60pt", "use 4 to 36 points"),
        ("pdf-columns", "9", "at most 6 columns"),
        ("pdf-font", "Garamond", "use serif, sans or the path of a .ttf or .otf file"),
        ("pdf-first-page", "xii", "not a page number"),
    ):
        with pytest.raises(SettingError, match=message):
            normalize(key, value)


@needs_poppler
def test_the_document_settings_set_the_page(sample: Document, tmp_path: Path) -> None:
    settings = {
        "pdf-page-size": "6in x 9in",
        "pdf-margins": "0.75in 0.6in",
        "pdf-columns": "2",
        "pdf-font": "sans",
        "pdf-font-size": "8pt",
        "pdf-first-page": "331",
    }
    path = tmp_path / "index.pdf"
    path.write_bytes(export_pdf(format_sample(sample), settings=settings))
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Page size:       432 x 648 pts" in info
    page_count = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    folios = [page.strip().splitlines()[-1].strip() for page in text.split("\f") if page.strip()]
    assert folios == [str(331 + number) for number in range(page_count)]
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and "DejaVuSerif" not in fonts


def test_a_page_with_no_room_is_refused() -> None:
    with pytest.raises(FormatError, match="the PDF page leaves no room for the index: 6 columns"):
        export_pdf(roses(3), options=PdfOptions(page_size=parse_page_size("demy"), columns=6))


def test_the_same_index_gives_the_same_bytes(sample: Document) -> None:
    index = format_sample(sample)
    assert export_pdf(index) == export_pdf(index)


# -- from the command line ------------------------------------------------------------------------------


@needs_poppler
def test_export_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xindex.formats.outline import load_outline

    book = tmp_path / "sample.xix"
    with Document.create(book) as document:
        load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
    assert main(["set", str(book), "pdf-page-size", "letter"]) == 0
    output = tmp_path / "index.pdf"
    assert main(["export", str(book), "-o", str(output)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert output.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(output), "-"], check=True, capture_output=True, text=True).stdout
    assert "The Cold-Climate Garden" in text
    assert main(["set", str(book), "pdf-page-size", "quarto"]) != 0
    assert "not a page size; use a name" in capsys.readouterr().err
