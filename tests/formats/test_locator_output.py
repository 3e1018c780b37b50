"""Note ranges, passim and the figure, table and plate forms through the store, every exporter and the
interchange formats that carry locators.

Sources: CMS 17th ed. 16.111 (``n`` for one note, ``nn`` for several), 16.13 (``passim`` after inclusive
numbers), 16.116 (``f`` and ``t`` after the page for figures and tables, or italic page numbers for
illustrations); Hart's Rules 19.6 (illustrations marked by italic or bold page numbers); the AMA Manual of
Style's medical-index example ``eczema, 24, 275f, 290-295, 294t``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from tests.formats.test_ximl import snapshot
from tests.support import interchange_formats, read_back
from xindex.core.formatter import FormattedIndex, Formatter, Role
from xindex.core.locators import LocatorError
from xindex.core.settings import format_options
from xindex.formats.breaks import as_read
from xindex.formats.docx import export_docx
from xindex.formats.html import export_html
from xindex.formats.latex import export_book_ind
from xindex.formats.text import export_text
from xindex.store import Document

TYPED = "77f, 12-30 passim, 45n3-5, 98nn2,5-7, <b>78f</b>, 79t, 9pl, xii-xx passim, 45"
STORED = ["xii–xx passim", "9pl", "12–30 passim", "45", "45nn3–5", "77f", "<b>78f</b>", "79t", "98nn2,5–7"]


@pytest.fixture
def document(tmp_path: Path) -> Iterator[Document]:
    with Document.create(tmp_path / "mines.xix") as opened:
        opened.add_entry("coal mines", locators=TYPED)
        yield opened


def formatted(document: Document, **settings: str) -> FormattedIndex:
    return Formatter(format_options(settings), document.keys).format(document.tree())


def test_the_store_keeps_the_canonical_text_and_reopens_it(document: Document, tmp_path: Path) -> None:
    (entry,) = document.tree()
    assert [locator.canonical() for locator in document.locators(entry.entry.id)] == STORED
    document.close()
    with Document.open(tmp_path / "mines.xix") as again:
        (entry,) = again.tree()
        assert [locator.canonical() for locator in again.locators(entry.entry.id)] == STORED


def test_a_refused_note_range_changes_nothing(document: Document) -> None:
    (entry,) = document.tree()
    with pytest.raises(LocatorError, match="the range of notes 5–3 ends before it starts"):
        document.set_locators(entry.entry.id, "12, 45n5-3")
    with pytest.raises(LocatorError, match="passim goes after a range of pages"):
        document.set_locators(entry.entry.id, "12 passim")
    assert [locator.canonical() for locator in document.locators(entry.entry.id)] == STORED


def test_repagination_moves_note_ranges_and_passim(document: Document) -> None:
    (entry,) = document.tree()
    document.renumber_pages(20, -17)  # pages 20 on move back 17: 12–30 passim becomes 12–13 passim
    assert [locator.canonical() for locator in document.locators(entry.entry.id)][:4] == [
        "xii–xx passim",
        "9pl",
        "12–13 passim",
        "28",
    ]
    document.renumber_pages(13, -1)  # 12–12 is one page: it can no longer say passim
    assert "12" in [locator.canonical() for locator in document.locators(entry.entry.id)]


def test_text_export_with_the_default_forms(document: Document) -> None:
    assert export_text(formatted(document, **{"letter-groups": "0"})) == (
        "coal mines, xii–xx passim, 9pl, 12–30 passim, 45, 45nn3–5, 77f, 78f, 79t, 98nn2,5–7\n"
    )


def test_the_forms_apply_in_every_exporter(document: Document) -> None:
    index = formatted(
        document,
        **{"letter-groups": "0", "figure-form": "italic", "table-form": "{page} (table)", "plate-form": "plain"},
    )
    line = "coal mines, xii–xx passim, 9, 12–30 passim, 45, 45nn3–5, 77, 78, 79 (table), 98nn2,5–7"
    assert export_text(index) == line + "\n"
    spans = {span.text: span.styles for span in index.groups[0].paragraphs[0].spans if span.role is Role.LOCATOR}
    assert spans["77"] == {"i"} and spans["78"] == {"b", "i"} and spans["9"] == frozenset()
    # HTML: the italic figures in <i>, the bold one in both
    html = ElementTree.fromstring(export_html(index))
    namespace = "{http://www.w3.org/1999/xhtml}"
    italic = [element.text for element in html.iter(f"{namespace}i")]
    assert "77" in italic and "78" in (italic + [element.text for element in html.iter(f"{namespace}b")])
    # DOCX: the text as a reader sees it (the joiners and no-break spaces gone), italic runs for the figures
    paragraphs = docx.Document(io.BytesIO(export_docx(index))).paragraphs
    found = next(paragraph for paragraph in paragraphs if paragraph.text.startswith("coal mines"))
    assert as_read(found.text) == line
    assert {run.text for run in found.runs if run.italic} >= {"77"}
    # LaTeX: italic and bold macros, the range dash as --, passim tied to its range
    ind = export_book_ind(index)
    assert "\\textit{77}" in ind and "12--30~passim" in ind and "45nn3--5" in ind and "79~(table)" in ind


def test_no_line_breaks_inside_a_passim_locator_in_word_processors(document: Document) -> None:
    index = formatted(document, **{"letter-groups": "0"})
    paragraphs = docx.Document(io.BytesIO(export_docx(index))).paragraphs
    text = next(paragraph.text for paragraph in paragraphs if paragraph.text.startswith("coal mines"))
    assert "12–\u206030\u00a0passim" in text


def test_ama_example_prints_as_published(tmp_path: Path) -> None:
    # AMA Manual of Style, medical indexes: "eczema, 24, 275f, 290-295, 294t" (full numbers, f and t)
    with Document.create(tmp_path / "ama.xix") as ama:
        ama.add_entry("eczema", locators="24, 275f, 290-295, 294t")
        text = export_text(formatted(ama, **{"letter-groups": "0", "range-rules": "full"}))
    assert text == "eczema, 24, 275f, 290–295, 294t\n"


INTERCHANGE = interchange_formats()


@pytest.mark.parametrize(("name", "export", "read"), INTERCHANGE, ids=[row[0] for row in INTERCHANGE])
def test_interchange_formats_carry_note_ranges_and_passim(
    document: Document, tmp_path: Path, name: str, export: Callable[[Document], str], read: object
) -> None:
    exported = export(document)
    if name == "ixml":  # (ranges by CINDEX's connector; a note list's comma protected from its separator)
        assert "45nn3–5" in exported and "12-30 passim" in exported and "98nn2<literal/>,5–7" in exported
    else:
        assert "45nn3–5" in exported and "12–30 passim" in exported and "98nn2,5–7" in exported
    with read_back(exported, tmp_path, name, read) as back:
        assert snapshot(back, notes=False) == snapshot(document, notes=False)
