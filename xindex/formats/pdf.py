"""Print-ready PDF of the index, with no office suite or TeX: columns, hanging indents, letter groups,
"continued" lines, a balanced last page and embedded fonts.

The PDF is written with fpdf2 (LGPL, pure Python, maintained): it embeds subsets of TrueType fonts with
their Unicode maps, so the text can be searched and copied, and places text where it is told. The
layout is this module's own, because an index needs rules no general flowing engine keeps:

* each paragraph starts ``level`` ems in; its runover lines all sit one em deeper than the deepest
  level, so a runover is never read as a subentry (CMS 16.140, indented style);
* lines break only at spaces, never after a range's en dash or inside a cross-reference's label
  (:func:`xindex.formats.breaks.unbreakable`) and never inside a word (headings are not hyphenated);
* bad breaks (CMS 16.142; S. Maislin, "Pagebreaking and column-breaking an index"): a letter heading
  is kept with the first entry under it, a heading with its first subentry, a paragraph of up to
  three lines is not split, and a longer one leaves at least two lines on each side;
* a column that opens inside a main heading's subentries repeats the headings above, each followed
  by "(continued)" in italics, so that the reader knows whose subentries these are;
* the last page's columns are balanced: the shortest column height that holds its lines in
  ``columns`` columns (found by bisection, with the same break rules).

Fonts: the bundled DejaVu Serif or Sans (Bitstream Vera licence, in ``fonts/``), or any TrueType or
OpenType file named in the ``pdf-font`` setting; DejaVu Sans stands in for characters the chosen font
lacks. A character no font has is refused with a message naming it and its heading, rather than
printed as an empty box.
"""

from __future__ import annotations

import datetime
import functools
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from xindex.core.errors import FormatError
from xindex.core.formatter import FormattedIndex, Paragraph, Role, Span
from xindex.core.page_setup import parse_length, parse_page_size
from xindex.core.settings import (
    PDF_COLUMNS,
    PDF_CONTINUED,
    PDF_FIRST_PAGE,
    PDF_FONT,
    PDF_FONT_SIZE,
    PDF_MARGINS,
    PDF_PAGE_SIZE,
)
from xindex.formats.breaks import WORD_JOINER, unbreakable

FONTS = Path(__file__).with_name("fonts")
BUNDLED_FONTS = {
    "serif": {
        "": "DejaVuSerif.ttf",
        "B": "DejaVuSerif-Bold.ttf",
        "I": "DejaVuSerif-Italic.ttf",
        "BI": "DejaVuSerif-BoldItalic.ttf",
    },
    "sans": {
        "": "DejaVuSans.ttf",
        "B": "DejaVuSans-Bold.ttf",
        "I": "DejaVuSans-Oblique.ttf",
        "BI": "DejaVuSans-BoldOblique.ttf",
    },
}
FALLBACK = "sans"
# Monospace runs (<tt>: code, commands) are set in the bundled DejaVu Sans Mono, whatever the body font.
MONO_FONTS = {
    "": "DejaVuSansMono.ttf",
    "B": "DejaVuSansMono-Bold.ttf",
    "I": "DejaVuSansMono-Oblique.ttf",
    "BI": "DejaVuSansMono-BoldOblique.ttf",
}
UNDERLINE_DROP = 0.12  # how far below the baseline an underline runs, in font sizes
UNDERLINE_WEIGHT = 0.05  # its thickness, in font sizes
FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # the same index gives the same bytes
LEADING = 1.22  # line height, in font sizes
SMALL_CAPS_SCALE = 0.8
SCRIPT_SCALE = 0.65
COLUMN_GAP_EMS = 2.0
TITLE_SCALE = 1.6


@dataclass(frozen=True)
class PdfOptions:
    """The page and type of the PDF: sizes in points."""

    page_size: tuple[float, float] = (595.2756, 841.8898)  # A4
    margins: tuple[float, float, float, float] = (51.0236, 51.0236, 51.0236, 51.0236)  # top right bottom left
    columns: int = 2
    font: str = "serif"
    font_size: float = 9.0
    continued: str = "continued"
    first_page: int | None = None  # the book's page number of the index's first page; None: no numbers

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> PdfOptions:
        """Options from a document's ``pdf-…`` settings; missing keys take the defaults."""
        lengths = [parse_length(part) for part in PDF_MARGINS.value(settings).split()]
        top, right, bottom, left = (lengths * 4)[:4] if len(lengths) == 1 else _four(lengths)
        first = PDF_FIRST_PAGE.value(settings)
        return cls(
            page_size=parse_page_size(PDF_PAGE_SIZE.value(settings)),
            margins=(top, right, bottom, left),
            columns=PDF_COLUMNS.value(settings),
            font=PDF_FONT.value(settings),
            font_size=parse_length(PDF_FONT_SIZE.value(settings)),
            continued=PDF_CONTINUED.value(settings),
            first_page=int(first) if first else None,
        )


def _four(lengths: list[float]) -> tuple[float, float, float, float]:
    """CSS's shorthand: two lengths are top-and-bottom and sides; four are top, right, bottom, left."""
    if len(lengths) == 2:
        return lengths[0], lengths[1], lengths[0], lengths[1]
    return lengths[0], lengths[1], lengths[2], lengths[3]


def export_pdf(
    index: FormattedIndex, *, settings: dict[str, str] | None = None, options: PdfOptions | None = None
) -> bytes:
    """The index as a print-ready PDF (bytes); options from the document's ``settings`` when given."""
    options = options or (PdfOptions.from_settings(settings) if settings is not None else PdfOptions())
    return _Typesetter(index, options).render()


# -- type --------------------------------------------------------------------------------------------


class Style(NamedTuple):
    """How a piece of text is set: the font style ("", "B", "I", "BI"), its size and rise in ems, and whether
    it is underlined and monospace."""

    font_style: str = ""
    small_caps: bool = False
    scale: float = 1.0
    rise: float = 0.0
    underline: bool = False
    mono: bool = False


PLAIN = Style()
ITALIC = Style("I")
BOLD = Style("B")
TITLE_STYLE = Style("B", scale=TITLE_SCALE)


@functools.lru_cache(maxsize=256)
def span_style(styles: frozenset[str]) -> Style:
    """The set style of a span's markup styles (``b``, ``i``, ``sc``, ``sup``, ``sub``)."""
    font_style = ("B" if "b" in styles else "") + ("I" if "i" in styles else "")
    scale, rise = (SCRIPT_SCALE, 0.33) if "sup" in styles else (SCRIPT_SCALE, -0.15) if "sub" in styles else (1.0, 0.0)
    return Style(font_style, "sc" in styles, scale, rise, "u" in styles, "tt" in styles)


class Piece(NamedTuple):
    """Text in one style, as placed on a line."""

    text: str
    style: Style


class _Fonts:
    """The fonts of one PDF: the chosen family and the fallback, their glyph maps and widths."""

    def __init__(self, pdf: Any, font: str) -> None:
        self.pdf = pdf
        self.main = self._add("main", _font_files(font))
        self.fallback = self._add("fallback", _font_files(FALLBACK)) if font != FALLBACK else self.main
        self._mono: dict[str, Any] | None = None  # (loaded when a heading has code: most indexes have none)

    @property
    def mono(self) -> dict[str, Any]:
        """The monospace family, added to the PDF the first time it is wanted."""
        if self._mono is None:
            self._mono = self._add("mono", {style: FONTS / name for style, name in MONO_FONTS.items()})
        return self._mono

    def _add(self, family: str, files: dict[str, Path]) -> dict[str, Any]:
        loaded: dict[str, Any] = {}
        for style, path in files.items():
            try:
                self.pdf.add_font(family, style, str(path))
            except Exception as error:  # fpdf2 and fontTools raise many kinds for a file that is not a font
                raise FormatError(f"the PDF font {path} cannot be used: {error}") from None
            loaded[style] = self.pdf.fonts[f"{family.lower()}{style}"]
        return loaded

    def covers(self, character: str) -> bool:
        """Whether some font has a glyph for ``character``."""
        code = ord(character)
        return code in self.main[""].cmap or code in self.fallback[""].cmap

    def runs(self, text: str, style: Style) -> list[tuple[str, str, str]]:
        """``text`` cut where the font changes: (family, fpdf2 style, text) for each run."""
        main, fallback = (self.mono if style.mono else self.main)[style.font_style], self.fallback[style.font_style]
        first = "mono" if style.mono else "main"
        runs: list[tuple[str, str, str]] = []
        start = 0
        family = ""
        for position, character in enumerate(text):
            wanted = first if ord(character) in main.cmap or ord(character) not in fallback.cmap else "fallback"
            if wanted != family:
                if position > start:
                    runs.append((family, style.font_style, text[start:position]))
                family, start = wanted, position
        if start < len(text):
            runs.append((family, style.font_style, text[start:]))
        return runs

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 (one _Fonts per export; the cache goes with it)
    def width(self, text: str, style: Style, size: float) -> float:
        """The width of ``text`` set in ``style`` at ``size`` points."""
        if style.small_caps:
            return sum(
                self.width(part, style._replace(small_caps=False), scale) for part, scale in _small_caps(text, size)
            )
        size *= style.scale
        main, fallback = (self.mono if style.mono else self.main)[style.font_style], self.fallback[style.font_style]
        units = 0
        for character in text:
            code = ord(character)
            units += main.cw[code] if code in main.cmap or code not in fallback.cmap else fallback.cw[code]
        return units * size / 1000


def _small_caps(text: str, size: float) -> list[tuple[str, float]]:
    """Small capitals: capitals at full size, lower-case letters as smaller capitals."""
    parts: list[tuple[str, float]] = []
    for character in text:
        small = character.islower()
        shown, scale = (character.upper(), size * SMALL_CAPS_SCALE) if small else (character, size)
        if parts and parts[-1][1] == scale:
            parts[-1] = (parts[-1][0] + shown, scale)
        else:
            parts.append((shown, scale))
    return parts


def _font_files(font: str) -> dict[str, Path]:
    """The files of a bundled family ("serif", "sans") or of a font file and its bold and italic siblings."""
    if font in BUNDLED_FONTS:
        return {style: FONTS / name for style, name in BUNDLED_FONTS[font].items()}
    path = Path(font).expanduser()
    if not path.is_file():
        raise FormatError(f"the PDF font '{font}' is neither {' nor '.join(BUNDLED_FONTS)} nor a font file that exists")
    files = {"": path}
    stem, suffix = path.stem.removesuffix("-Regular"), path.suffix
    for style, names in (("B", ("Bold",)), ("I", ("Italic", "Oblique")), ("BI", ("BoldItalic", "BoldOblique"))):
        sibling = next((found for name in names if (found := path.with_name(f"{stem}-{name}{suffix}")).is_file()), None)
        files[style] = sibling or path  # no bold or italic file: the regular one stands in
    return files


# -- lines --------------------------------------------------------------------------------------------

GROUP, ENTRY, CONTINUED, TITLE = range(4)


@dataclass
class Line:
    """One printed line: its pieces, how far in it starts, the space above it (dropped at a column's
    top), whether it must stay in the column of the next line, and the headings a column that opens
    with it repeats."""

    pieces: list[Piece]
    indent: float
    kind: int = ENTRY
    space_before: float = 0.0
    keep_with_next: bool = False
    chain: tuple[tuple[int, tuple[Piece, ...]], ...] = ()
    paragraph: int = -1  # which paragraph of the index the line belongs to (-1: a heading or continued line)

    @property
    def text(self) -> str:
        """The line's text."""
        return "".join(piece.text for piece in self.pieces)


Word = list[Piece]


def words(pieces: Iterable[Piece]) -> list[Word]:
    """Pieces cut into words at the spaces a line may break at (not no-break spaces)."""
    found: list[Word] = [[]]
    for piece in pieces:
        parts = piece.text.split(" ")
        for number, part in enumerate(parts):
            if number:
                found.append([])
            if part:
                found[-1].append(Piece(part, piece.style))
    return [word for word in found if word]


def paragraph_pieces(spans: Iterable[Span]) -> list[Piece]:
    """A paragraph's spans as pieces, with the places a line must not break joined."""
    return [Piece(unbreakable(span).replace(WORD_JOINER, ""), span_style(span.styles)) for span in spans]


def heading_pieces(paragraph: Paragraph) -> tuple[Piece, ...]:
    """The heading of a paragraph (its first terms, before locators or punctuation), for a continued line."""
    heading: list[Piece] = []
    for span in paragraph.spans:
        if span.role is not Role.TERM:
            break
        heading.append(Piece(span.text, span_style(span.styles)))
    return tuple(heading)


@dataclass
class _Typesetter:
    index: FormattedIndex
    options: PdfOptions
    pdf: Any = field(init=False)
    fonts: _Fonts = field(init=False)
    _covered: set[str] = field(init=False, default_factory=set)  # characters a font is known to have
    _font: tuple[str, str, float] = field(init=False, default=("", "", 0.0))  # the font set last

    def __post_init__(self) -> None:
        from fpdf import FPDF  # (here: listing the formats imports no PDF library)

        options = self.options
        self.size = options.font_size
        self.leading = self.size * LEADING
        self.em = self.size
        width, height = options.page_size
        top, right, bottom, left = options.margins
        self.body_top, self.body_left = top, left
        self.body_height = height - top - bottom
        columns = max(options.columns, 1)
        self.gap = COLUMN_GAP_EMS * self.em if columns > 1 else 0.0
        self.column_width = (width - left - right - self.gap * (columns - 1)) / columns
        if self.column_width < 6 * self.em or self.body_height < 4 * self.leading:
            raise FormatError(
                f"the PDF page leaves no room for the index: {columns} columns of {self.column_width:.0f} pt"
                f" and {self.body_height:.0f} pt of height between the margins; use fewer columns, smaller"
                " margins or a bigger page"
            )
        self.pdf = FPDF(unit="pt", format=(width, height))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_creator("xindex")
        self.pdf.set_title(self.index.title or "Index")
        self.pdf.set_lang("en")
        self.fonts = _Fonts(self.pdf, options.font)

    # -- breaking paragraphs into lines

    def break_lines(
        self, pieces: Sequence[Piece], first_indent: float, runover_indent: float, measure: float | None = None
    ) -> list[Line]:
        """A paragraph's lines: ragged right, broken at spaces, runover lines at ``runover_indent``, in a line
        ``measure`` long (by default a column's width)."""
        measure = self.column_width if measure is None else measure
        width = self.fonts.width
        if (
            pieces
            and not pieces[0].text.startswith(" ")
            and not pieces[-1].text.endswith(" ")
            and sum(width(piece.text, piece.style, self.size) for piece in pieces) <= measure - first_indent
        ):
            return [Line(list(pieces), first_indent)]  # (most entries: one line, nothing to break)
        lines: list[Line] = []
        current: list[Piece] = []
        used = 0.0
        indent = first_indent
        for word in words(pieces):
            word_width = sum(self.fonts.width(piece.text, piece.style, self.size) for piece in word)
            room = measure - indent
            before = current[-1].style if current else word[0].style
            between = Piece(
                " ",
                before
                if not (before.small_caps or before.rise)
                else word[0].style._replace(small_caps=False, rise=0.0, scale=1.0),
            )
            space = self.fonts.width(" ", between.style, self.size)
            if current and used + space + word_width <= room:
                current.append(between)
                current.extend(word)
                used += space + word_width
                continue
            if current:
                lines.append(Line(current, indent))
                indent = runover_indent
                room = measure - indent
            current, used = [], 0.0
            for chunk in self._cut(word, room):
                if current:
                    lines.append(Line(current, indent))
                    indent = runover_indent
                current = list(chunk)
                used = sum(self.fonts.width(piece.text, piece.style, self.size) for piece in chunk)
        if current or not lines:
            lines.append(Line(current, indent))
        return lines

    def _cut(self, word: Word, room: float) -> Iterator[Word]:
        """A word too wide for its line, cut between characters (a URL, a long formula); else whole."""
        if sum(self.fonts.width(piece.text, piece.style, self.size) for piece in word) <= room:
            yield word
            return
        chunk: Word = []
        used = 0.0
        for piece in word:
            for character in piece.text:
                width = self.fonts.width(character, piece.style, self.size)
                if chunk and used + width > room:
                    yield chunk
                    chunk, used = [], 0.0
                if chunk and chunk[-1].style == piece.style:
                    chunk[-1] = Piece(chunk[-1].text + character, piece.style)
                else:
                    chunk.append(Piece(character, piece.style))
                used += width
        if chunk:
            yield chunk

    def lines(self) -> list[Line]:
        """Every line of the index body, with the keeps and the continued-line chains."""
        deepest = max((paragraph.level for paragraph in self.index.paragraphs()), default=0)
        runover = (deepest + 1) * self.em
        lines: list[Line] = []
        for group in self.index.groups:
            if group.title:
                lines.append(
                    Line([Piece(group.title, BOLD)], 0.0, GROUP, self.leading if lines else 0.0, keep_with_next=True)
                )
            above: list[tuple[int, tuple[Piece, ...]]] = []  # the headings over the current paragraph
            paragraphs = group.paragraphs
            for number, paragraph in enumerate(paragraphs):
                level = paragraph.level
                above = [heading for heading in above if heading[0] < level]
                broken = self.break_lines(paragraph_pieces(paragraph.spans), level * self.em, runover)
                self._check_glyphs(paragraph, broken)
                own = (level, heading_pieces(paragraph))
                for position, line in enumerate(broken):
                    line.paragraph = len(lines) if position == 0 else broken[0].paragraph
                    line.chain = tuple(above) if position == 0 else (*above, own)
                    last = position == len(broken) - 1
                    if len(broken) <= 3:
                        line.keep_with_next = not last
                    else:
                        line.keep_with_next = position == 0 or position == len(broken) - 2
                    if last and number + 1 < len(paragraphs) and paragraphs[number + 1].level > level:
                        line.keep_with_next = True  # a heading stays with its first subentry
                lines.extend(broken)
                above.append(own)
        return lines

    def _check_glyphs(self, paragraph: Paragraph, lines: list[Line]) -> None:
        for line in lines:
            for piece in line.pieces:
                unknown = set(piece.text) - self._covered
                for character in (character for character in piece.text if character in unknown):
                    if not self.fonts.covers(character):
                        raise FormatError(
                            f"the PDF font has no glyph for {character!r} (U+{ord(character):04X})"
                            f" in “{paragraph.text}”; name a font that has it in the pdf-font setting"
                            " (a .ttf or .otf file)"
                        )
                    self._covered.add(character)

    @functools.cached_property
    def _continued_label(self) -> list[Piece]:
        label = self.options.continued
        return [Piece(" (", PLAIN), Piece(label, ITALIC), Piece(")", PLAIN)] if label else []

    def continued_lines(self, chain: Sequence[tuple[int, tuple[Piece, ...]]]) -> list[Line]:
        """The lines that repeat the headings over a column's first line, each "(continued)"."""
        if not self.options.continued:
            return []
        repeated: list[Line] = []
        for level, heading in chain:
            for line in self.break_lines([*heading, *self._continued_label], level * self.em, (level + 2) * self.em):
                line.kind = CONTINUED
                repeated.append(line)
        return repeated

    # -- filling columns

    def flow(self, lines: Sequence[Line], start: int, capacity: Iterator[float]) -> list[tuple[int, list[Line]]]:
        """Lines from ``start`` set into columns of the heights ``capacity`` gives: each column's first
        line number and its lines (continued lines included)."""
        columns: list[tuple[int, list[Line]]] = []
        position = start
        while position < len(lines):
            height = next(capacity)
            column = self.continued_lines(lines[position].chain)
            used = len(column) * self.leading
            opened = position
            while position < len(lines):
                end = position
                while end < len(lines) - 1 and lines[end].keep_with_next and end - position < 200:
                    end += 1
                block = lines[position : end + 1]
                needed = sum(
                    self.leading + (line.space_before if column or index else 0.0) for index, line in enumerate(block)
                )
                if used + needed <= height:
                    column.extend(block)
                    used += needed
                    position = end + 1
                    continue
                if position == opened:  # the block cannot fit any column: set what fits, at least a line
                    for line in block:
                        step = self.leading + (line.space_before if column else 0.0)
                        if column and used + step > height and position > opened:
                            break
                        column.append(line)
                        used += step
                        position += 1
                break
            columns.append((opened, column))
        return columns

    def pages(self, lines: Sequence[Line], first_height: float) -> list[list[list[Line]]]:
        """The lines as pages of columns, the last page balanced."""
        count = max(self.options.columns, 1)

        columns = self.flow(
            lines, 0, itertools.chain(itertools.repeat(first_height, count), itertools.repeat(self.body_height))
        )
        if not columns:
            return [[]]
        last_page = (len(columns) - 1) // count
        start = columns[last_page * count][0]
        room = first_height if last_page == 0 else self.body_height
        low, high = self.leading, room
        balanced = columns[last_page * count :]
        for _ in range(24):
            middle = (low + high) / 2
            trial = self.flow(lines, start, itertools.repeat(middle))
            if len(trial) <= count:
                balanced, high = trial, middle
            else:
                low = middle
            if high - low < 0.5:
                break
        body = [column for _, column in columns[: last_page * count]] + [column for _, column in balanced]
        return [body[page : page + count] for page in range(0, len(body), count)]

    # -- drawing

    def draw_line(self, line: Line, x: float, baseline: float) -> None:
        """Set one line's pieces from ``x`` on ``baseline``: neighbours in one style as one text (a line
        is then one or a few PDF text operations, not one per word)."""
        x += line.indent
        text, style = "", PLAIN
        for piece in line.pieces:
            if piece.style == style:
                text += piece.text
                continue
            if text:
                x += self.draw(text, style, x, baseline, self.size)
            text, style = piece.text, piece.style
        if text:
            self.draw(text, style, x, baseline, self.size)

    def draw(self, text: str, style: Style, x: float, baseline: float, size: float) -> float:
        """Set ``text`` at (x, baseline); its width."""
        if style.small_caps:
            start = x
            plain = style._replace(small_caps=False)
            for part, scale in _small_caps(text, size):
                x += self.draw(part, plain, x, baseline, scale)
            return x - start
        if not text.strip(" "):
            return self.fonts.width(text, style, size)
        set_size = size * style.scale
        rise = style.rise * size
        start = x
        for family, font_style, run in self.fonts.runs(text, style):
            font = (family, font_style, set_size)
            if font != self._font:
                self.pdf.set_font(*font)
                self._font = font
            self.pdf.text(x, baseline - rise, run)
            x += self.fonts.width(run, style, size)
        if style.underline:
            self.pdf.set_line_width(UNDERLINE_WEIGHT * size)
            drop = baseline - rise + UNDERLINE_DROP * size
            self.pdf.line(start, drop, x, drop)
        return x - start

    def front_matter(self) -> tuple[list[Line], float]:
        """The title and note lines over the first page's columns (full width) and their height."""
        width, _ = self.options.page_size
        full = width - self.options.margins[1] - self.options.margins[3]
        lines: list[Line] = []
        if self.index.title:
            lines += self.break_lines([Piece(self.index.title, TITLE_STYLE)], 0.0, 0.0, full)
            for line in lines:
                line.kind = TITLE
        for paragraph in self.index.note.splitlines():
            lines += self.break_lines([Piece(paragraph, ITALIC)], 0.0, 0.0, full)
        if not lines:
            return [], 0.0
        title_lines = sum(1 for line in lines if line.kind == TITLE)
        height = title_lines * self.size * TITLE_SCALE * LEADING + (len(lines) - title_lines) * self.leading
        return lines, height + 2 * self.leading

    def render(self) -> bytes:
        """The whole PDF."""
        front, front_height = self.front_matter()
        pages = self.pages(self.lines(), self.body_height - front_height)
        width, _ = self.options.page_size
        ascent = self.size * 0.8
        for number, page in enumerate(pages):
            self.pdf.add_page()
            top = self.body_top
            if number == 0 and front:
                top = self._draw_front(front, width)
            for column_number, column in enumerate(page):
                x = self.body_left + column_number * (self.column_width + self.gap)
                y = top
                for position, line in enumerate(column):
                    if position:
                        y += line.space_before
                    self.draw_line(line, x, y + ascent)
                    y += self.leading
            if self.options.first_page is not None:
                self._draw_folio(self.options.first_page + number, width)
        buffer = io.BytesIO()
        self.pdf.output(buffer)
        return buffer.getvalue()

    def _draw_front(self, front: list[Line], width: float) -> float:
        y = self.body_top
        for line in front:
            if line.kind == TITLE:
                full = width - self.options.margins[1] - self.body_left
                text_width = sum(self.fonts.width(piece.text, piece.style, self.size) for piece in line.pieces)
                line.indent = (full - text_width) / 2
                self.draw_line(line, self.body_left, y + self.size * TITLE_SCALE * 0.8)
                y += self.size * TITLE_SCALE * LEADING
            else:
                self.draw_line(line, self.body_left, y + self.size * 0.8)
                y += self.leading
        return y + 2 * self.leading

    def _draw_folio(self, folio: int, width: float) -> None:
        _, height = self.options.page_size
        text = str(folio)
        text_width = self.fonts.width(text, PLAIN, self.size)
        bottom = self.options.margins[2]
        self.draw(text, PLAIN, (width - text_width) / 2, height - bottom / 2, self.size)
