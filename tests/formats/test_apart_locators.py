"""A page marked apart (``[46]``) through the store, repagination, the formatter's exports and the
interchange formats that carry locators.

Sources: Hart's Rules 19.6 ("123–5, for example, denotes one continuous discussion spanning three pages,
whereas 123, 124, 125 denotes three separate short references"); CMS 17th ed. 16.13-14 (inclusive numbers
for a continuous discussion; the paragraphs are cited, their wording was not at hand). Joining adjacent
pages is the per-document setting ``conflate-adjacent`` (off by default); ``[46]`` keeps one locator apart
when it is on, and a typed range (``45-46``) joins pages when it is off.
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
from xindex.core.formatter import FormattedIndex, Formatter
from xindex.core.locators import LocatorError, Series
from xindex.core.settings import format_options
from xindex.formats.breaks import as_read
from xindex.formats.docx import export_docx
from xindex.formats.html import export_html
from xindex.formats.latex import export_book_ind
from xindex.formats.text import export_text
from xindex.store import Document

TYPED = "123, 124, 125, [130], 131, 132, <b>[140-141]</b>, <b>142</b>, 45-46, xii, [xiii]"
STORED = ["xii", "[xiii]", "45–46", "123", "124", "125", "[130]", "131", "132", "<b>[140–141]</b>", "<b>142</b>"]
JOINED = "mills, xii, xiii, 45–46, 123–25, 130, 131–32, 140–41, 142"  # conflate-adjacent on (CMS ranges)
APART = "mills, xii, xiii, 45–46, 123, 124, 125, 130, 131, 132, 140–41, 142"  # off: the default


@pytest.fixture
def document(tmp_path: Path) -> Iterator[Document]:
    with Document.create(tmp_path / "mills.xix") as opened:
        opened.add_entry("mills", locators=TYPED)
        yield opened


def stored(document: Document) -> list[str]:
    (entry,) = document.tree()
    return [locator.canonical() for locator in document.locators(entry.entry.id)]


def formatted(document: Document, **settings: str) -> FormattedIndex:
    return Formatter(format_options({"letter-groups": "0", **settings}), document.keys).format(document.tree())


def test_the_store_keeps_the_mark_and_reopens_it(document: Document, tmp_path: Path) -> None:
    assert stored(document) == STORED
    document.close()
    with Document.open(tmp_path / "mills.xix") as again:
        assert stored(again) == STORED


def test_a_refused_mark_changes_nothing(document: Document) -> None:
    (entry,) = document.tree()
    history = document.history()
    with pytest.raises(LocatorError, match=r"'\[45n3\]': only pages are joined with adjacent pages, never a note"):
        document.set_locators(entry.entry.id, "12, [45n3]")
    with pytest.raises(LocatorError, match="type \\[ \\] around one page"):
        document.add_locators(entry.entry.id, "[12")
    assert stored(document) == STORED and document.history() == history


def test_a_marked_and_an_unmarked_citation_of_one_page_are_one_marked_page(document: Document) -> None:
    (entry,) = document.tree()
    document.add_locators(entry.entry.id, "124, [125], 130, 140")
    # the unmarked 125 takes the mark typed now; the marked 130 keeps it
    assert stored(document) == [*STORED[:5], "[125]", "[130]", *STORED[7:9], "140", *STORED[9:]]


def test_repagination_moves_marked_pages_and_keeps_the_mark(document: Document) -> None:
    assert document.renumber_pages(126, 2) == 5  # [130], 131, 132, [140–141], 142
    assert stored(document) == [*STORED[:6], "[132]", "133", "134", "<b>[142–143]</b>", "<b>144</b>"]
    assert document.renumber_pages(133, -1) == 4  # 133 moves onto the marked 132: one marked page
    assert stored(document) == [*STORED[:6], "[132]", "133", "<b>[141–142]</b>", "<b>143</b>"]
    assert document.renumber_pages(13, 1, series=Series.ROMAN) == 1
    assert stored(document)[:2] == ["xii", "[xiv]"]


def test_text_export_joins_adjacent_pages_only_where_not_marked(document: Document) -> None:
    assert export_text(formatted(document)) == APART + "\n"
    assert export_text(formatted(document, **{"conflate-adjacent": "1"})) == JOINED + "\n"


def test_html_and_docx_print_the_marked_pages_without_the_mark(document: Document) -> None:
    index = formatted(document, **{"conflate-adjacent": "1"})
    html = ElementTree.fromstring(export_html(index))
    text = "".join(html.itertext())
    assert "[" not in text and "123–25" in text and "130, 131–32" in text
    namespace = "{http://www.w3.org/1999/xhtml}"
    assert [element.text for element in html.iter(f"{namespace}b")] == ["140–41", "142"]
    paragraphs = docx.Document(io.BytesIO(export_docx(index))).paragraphs
    found = next(paragraph for paragraph in paragraphs if paragraph.text.startswith("mills"))
    assert as_read(found.text) == JOINED
    assert [as_read(run.text) for run in found.runs if run.bold] == ["140–41", "142"]


def test_latex_prints_the_marked_pages_without_the_mark(document: Document) -> None:
    ind = export_book_ind(formatted(document, **{"conflate-adjacent": "1"}))
    assert "[" not in ind.split("\\item mills", 1)[1].split("\n", 1)[0]
    assert "123--25, 130, 131--32, \\textbf{140--41}" in ind


INTERCHANGE = interchange_formats()


@pytest.mark.parametrize(("name", "export", "read"), INTERCHANGE, ids=[row[0] for row in INTERCHANGE])
def test_interchange_formats_carry_the_mark(
    document: Document, tmp_path: Path, name: str, export: Callable[[Document], str], read: object
) -> None:
    exported = export(document)
    joined = "-" if name == "ixml" else "–"  # (CINDEX's range connector)
    assert "[130]" in exported and "[xiii]" in exported and f"[140{joined}141]" in exported
    with read_back(exported, tmp_path, name, read) as back:
        assert snapshot(back, notes=False) == snapshot(document, notes=False)
        assert stored(back) == STORED
