"""IXML (Index Data Exchange): CINDEX's files import completely; our export is records CINDEX reads; round trips."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.test_ximl import IndexSpec, assert_refused_cleanly, index_specs, round_trip, snapshot
from tests.support import PEERS, PEERS_MISSING, applying, needs_peers, require
from xindex.core.locators import Emphasis, Kind
from xindex.core.model import XRefKind
from xindex.formats.importers import ImportFileError, ImportReport, import_file
from xindex.formats.ixml import export_ixml_document, field_content, read_ixml
from xindex.store import Document

import_ixml = applying(read_ixml)


def plain_field(field: ET.Element) -> str:
    """A field's printed text, as CINDEX shows it (sort text left out)."""
    parts = [field.text or ""]
    for child in field:
        if child.tag != "sort":
            parts.append(child.text or "")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def records(path: Path) -> list[list[ET.Element]]:
    """The fields of every record of an IXML file (read with ElementTree: the file is known to be safe)."""
    root = ET.parse(path).getroot()
    return [list(record.iter("field")) for record in root.iter("record")]


def find(document: Document, path: list[str]) -> int:
    """The id of the entry at a path of plain headings, whatever their italics (one form of each text here)."""
    parent: int | None = None
    for part in path:
        forms = [entry.id for entry in document.children(parent) if entry.plain == part]
        assert len(forms) == 1, (path, part, forms)
        parent = forms[0]
    assert parent is not None
    return parent


@pytest.fixture(scope="module", params=["TestIxml.ixml", "TestIxmlFragment.ixml"])
def imported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Document, ImportReport]]:
    """Each of CINDEX's files imported into a new document."""
    if not PEERS.is_dir():
        require(PEERS.is_dir(), PEERS_MISSING)
    path = PEERS / "data" / request.param
    document = Document.create(tmp_path_factory.mktemp("ixml") / "i.xix")
    report = import_file(document, path)
    yield path, document, report
    document.close()


@needs_peers
def test_every_record_is_imported(imported: tuple[Path, Document, ImportReport]) -> None:
    """Each record's heading path exists, and its locator line is there as locators or a cross-reference."""
    path, document, report = imported
    for fields in records(path):
        *headings, locator_field = fields
        assert locator_field.get("class") == "locator"
        entry_id = find(document, [plain_field(field) for field in headings])
        line = plain_field(locator_field)
        match = re.match(r"(?i)(see also|see) (.*)", line)
        if match:
            kind = XRefKind.SEE_ALSO if match.group(1).lower() == "see also" else XRefKind.SEE
            xrefs = [(xref.kind, document.xref_text(xref)) for xref in document.xrefs(entry_id)]
            assert (kind, match.group(2)) in xrefs, (headings, line)
        elif line:
            printed = [item.text if item.kind is Kind.TEXT else item.plain() for item in document.locators(entry_id)]
            assert line.replace("-", "–") in printed, (line, printed)
    assert report.added == document.entry_count()
    assert str(report).startswith(f"Imported {path.name} (IXML): {report.added} entries added, 0 merged")


@needs_peers
def test_counts_of_the_whole_file(imported: tuple[Path, Document, ImportReport]) -> None:
    path, _document, report = imported
    if path.name != "TestIxml.ixml":
        # Its "see also generic cross-reference targets" names a heading of the whole file, not of this part:
        # blind, as CINDEX's verification calls it missing (check reports it).
        assert (report.added, report.locators, report.xrefs, report.generic_xrefs, report.blind_xrefs) == (
            25,
            21,
            1,
            0,
            1,
        )
        return
    assert (report.added, report.locators, report.xrefs, report.generic_xrefs) == (220, 208, 21, 2)
    lines = {(tuple(plain_field(field) for field in fields[:-1]), plain_field(fields[-1])) for fields in records(path)}
    bare = sum(1 for _, line in lines if not line)
    assert len(records(path)) == 234  # two of them repeat another record exactly
    assert len(lines) == 232 == report.locators + report.xrefs + report.generic_xrefs + bare


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Document]:
    """TestIxml.ixml alone, imported into a new document."""
    if not PEERS.is_dir():
        require(PEERS.is_dir(), PEERS_MISSING)
    document = Document.create(tmp_path_factory.mktemp("ixml-whole") / "w.xix")
    import_file(document, PEERS / "data" / "TestIxml.ixml")
    yield document
    document.close()


@needs_peers
def test_styles_sort_controls_and_references(whole: Document) -> None:
    document = whole
    editor = document.entry(find(document, ["index-editor-note"]))
    assert editor.term == "<b>index-editor-note</b>" and editor.sort_as is None
    epub = document.entry(find(document, ["index (epub:type)"]))
    assert epub.term == "<b>index </b>(epub:type)" and epub.sort_as == "index 0(epub:type)"
    note = document.entry(
        find(document, ["examples", "Note: Examples covering individual features are indexed at the specific term."])
    )
    assert (
        note.term.startswith("<i>Note: Examples")
        and note.sort_as == "0Note: Examples covering individual features are indexed at the specific term."
    )
    code = document.locators(find(document, ["Canonical Fragment Identifiers (CFIs)", "code example"]))
    assert [(item.plain(), item.emphasis) for item in code] == [("21", Emphasis.ITALIC)]
    sections = document.locators(find(document, ["collection element"]))
    assert [(item.kind, item.text) for item in sections] == [(Kind.TEXT, "2.3.2.2")]
    alpha = document.xrefs(find(document, ["alpha breaks"]))
    assert [(xref.kind, xref.target_id) for xref in alpha] == [(XRefKind.SEE, find(document, ["index groups"]))]
    epub_values = document.xrefs(find(document, ["epub:type attribute values"]))
    assert [(xref.generic, xref.text) for xref in epub_values] == [
        (True, "<i>names of specific epub:type attribute values</i>")
    ]
    preferred = document.xrefs(find(document, ["xref-preferred"]))
    assert preferred[0].target_id == find(document, ["index-xref-preferred"])  # "see <b>index-xref-preferred</b>"
    targets = document.xrefs(find(document, ["cross-reference targets"]))
    assert [(xref.kind, document.xref_text(xref)) for xref in targets] == [
        (XRefKind.SEE_ALSO, "generic cross-reference targets")
    ]


@needs_peers
def test_pages_at_output_file(tmp_path: Path) -> None:
    """XindeX's own IXML export: bold and italic locators, a style run inside a locator (17<i>tbl</i>)."""
    with Document.create(tmp_path / "p.xix") as document:
        import_file(document, PEERS / "expected" / "TestPagesAtOutput.ixml")
        assert [item.canonical() for item in document.locators(find(document, ["One"]))] == [
            "1",
            "2",
            "<b>3</b>",
            "<i>15–20</i>",
        ]
        assert [item.canonical() for item in document.locators(find(document, ["Two"]))] == ["<i>15–20</i>", "17t"]


def test_importing_twice_merges(tmp_path: Path) -> None:
    text = (
        '<indexdata><records><record time="t"><field>a</field><field class="locator">1</field></record>'
        '<record time="t"><field>a</field><field>b</field><field class="locator">2, 3</field></record>'
        "</records></indexdata>"
    )
    with Document.create(tmp_path / "m.xix") as document:
        first = import_ixml(document, text)
        second = import_ixml(document, text.replace(">1<", ">1, 7<"))
        assert (first.added, first.locators) == (2, 3)
        assert (second.added, second.merged, second.locators) == (0, 1, 1)
        assert [item.plain() for item in document.locators(find(document, ["a"]))] == ["1", "7"]


def test_locators_followed_by_references_and_deleted_records(tmp_path: Path) -> None:
    text = (
        "<indexdata><records>"
        '<record time="t"><field>cats</field><field class="locator">12, 15. See also dogs; <text style="i"/>'
        "specific breeds<text/></field></record>"
        '<record time="t"><field>dogs</field><field class="locator">3</field></record>'
        '<record time="t" deleted="y"><field>gone</field><field class="locator">9</field></record>'
        '<record time="t"><field>felines</field><field class="locator">see under cats</field></record>'
        "</records></indexdata>"
    )
    with Document.create(tmp_path / "x.xix") as document:
        report = import_ixml(document, text)
        cats = find(document, ["cats"])
        assert [item.plain() for item in document.locators(cats)] == ["12", "15"]
        assert [(xref.kind, xref.target_id, xref.text) for xref in document.xrefs(cats)] == [
            (XRefKind.SEE_ALSO, find(document, ["dogs"]), ""),
            (XRefKind.SEE_ALSO, None, "<i>specific breeds</i>"),
        ]
        assert document.xrefs(find(document, ["felines"]))[0].kind is XRefKind.SEE_UNDER
        assert document.find_path(["gone"]) is None
        assert "1 deleted record was skipped" in report.warnings


def test_italic_and_roman_headings_stay_two_and_references_find_the_one_they_name(tmp_path: Path) -> None:
    # Issue 16: Nature the journal (italic, a title: CMS 16.47-55) and nature are two entries, roman first;
    # CINDEX writes the style in the field, and a cross-reference's target in its style.
    text = (
        "<indexdata><records>"
        '<record time="t"><field><text style="i"/>Nature<text/></field><field class="locator">12</field></record>'
        '<record time="t"><field>Nature</field><field class="locator">5</field></record>'
        '<record time="t"><field>journals</field><field class="locator">See also <text style="i"/>Nature<text/>'
        "</field></record>"
        '<record time="t"><field>natural world</field><field class="locator">See Nature</field></record>'
        "</records></indexdata>"
    )
    with Document.create(tmp_path / "n.xix") as document:
        report = import_ixml(document, text)
        assert (report.added, report.xrefs) == (4, 2)
        roman, journal = document.find_path(["Nature"]), document.find_path(["<i>Nature</i>"])
        journals, world = document.find_path(["journals"]), document.find_path(["natural world"])
        assert roman is not None and journal is not None and journals is not None and world is not None
        assert [entry.id for entry in document.children(None)] == [journals.id, world.id, roman.id, journal.id]
        assert [xref.target_id for xref in document.xrefs(journals.id)] == [journal.id]
        assert [xref.target_id for xref in document.xrefs(world.id)] == [roman.id]
        exported = export_ixml_document(document, time="2024-01-01T00:00:00")
        before = snapshot(document)
    assert '<field class="locator">see also <text style="i"/>Nature<text/></field>' in exported
    with Document.create(tmp_path / "again.xix") as again:
        import_ixml(again, exported)
        assert snapshot(again) == before


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "<indexdata><records>\n<record><field class='locator'>1</field></record></records></indexdata>",
            2,
            "no heading",
        ),
        ("<indexdata><records>\n<record></record></records></indexdata>", 2, "no fields"),
        (
            "<indexdata><records><record><field>a</field>\n<field></field><field>c</field><field class='locator'/>"
            "</record></records></indexdata>",
            2,
            "level 2",
        ),
        (
            "<indexdata><records><record><field>a<b>x</b></field></record></records></indexdata>",
            1,
            "cannot stand inside a field",
        ),
        ("<indexdata><records><entry/></records></indexdata>", 1, "not a record"),
        ("<XindeX/>", 1, "not an IXML file"),
        ("<indexdata>\n<records>\n<record><field>a</field></records>", 3, "not well-formed"),
    ],
)
def test_bad_files_are_refused_with_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with Document.create(tmp_path / "bad.xix") as document:
        with pytest.raises(ImportFileError) as caught:
            import_ixml(document, text)
        assert caught.value.line == line and words in str(caught.value), str(caught.value)
        assert document.entry_count() == 0


# ---------------------------------------------------------------- export


def test_export_records(tmp_path: Path) -> None:
    with Document.create(tmp_path / "e.xix") as document:
        roses = document.add_entry("<i>Rosa</i> roses", sort_as="rosa roses", locators="12, <b>14-16</b>, xii")
        pruning = document.add_entry("pruning <sc>nasa</sc> H<sub>2</sub>O", roses, locators="45n3")
        document.add_entry("empty")
        document.add_xref(pruning, "see also", target_id=document.add_entry("cutting", locators="3"))
        document.add_xref(roses, "see", text="specific roses")
        text = export_ixml_document(document, time="2024-01-02T03:04:05")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE indexdata [')
    root = ET.fromstring(text)
    source = root.find("source")
    assert source is not None and source.get("creator") == "xindex" and source.get("time") == "2024-01-02T03:04:05"
    lines = [
        [(field.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in field) for field in record]
        for record in root.iter("record")
    ]
    rosa = '<text style="i" /><hide>Rosa</hide><text /><hide> roses</hide><sort>rosa roses</sort>'
    assert lines == [
        ["cutting", "3"],
        ["empty", ""],
        [rosa, "xii"],
        [rosa, "12"],
        [rosa, '<text style="b" />14-16<text />'],  # (a range by CINDEX's loc-connector)
        [rosa, "see specific roses"],
        [rosa, 'pruning <text smallcaps="y" />nasa<text /> H<text offset="d" />2<text />O', "45n3"],
        [rosa, 'pruning <text smallcaps="y" />nasa<text /> H<text offset="d" />2<text />O', "see also cutting"],
    ]
    assert all(record.get("time") for record in root.iter("record"))
    assert field_content("<b><i>x</i></b> &amp; y") == '<text style="bi"/>x<text/> &amp; y'


def test_export_reimports_exactly(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        roses = document.add_entry("<i>Rosa</i> roses", sort_as="rosa roses", locators="12, <b>14-16</b>, xii")
        document.add_xref(document.add_entry("shrubs", roses), "see also", text="<i>names of shrubs</i>")
        text = export_ixml_document(document)
        before = snapshot(document, notes=False)
    with Document.create(tmp_path / "b.xix") as back:
        import_ixml(back, text)
        assert snapshot(back, notes=False) == before


@needs_peers
def test_cindex_file_round_trips(imported: tuple[Path, Document, ImportReport], tmp_path: Path) -> None:
    _path, document, _report = imported
    with Document.create(tmp_path / "again.xix") as again:
        import_ixml(again, export_ixml_document(document))
        assert snapshot(again, notes=False) == snapshot(document, notes=False)


# ---------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index_specs())
def test_round_trip_preserves_everything(spec: IndexSpec) -> None:
    """Entries, markup runs, Sort As, locators and references survive xindex → IXML → xindex (IXML has no notes)."""
    round_trip(spec, export_ixml_document, import_ixml, notes=False)


SAMPLE = (
    '<?xml version="1.0"?><indexdata><records><record time="t"><field><text style="b"/>a<text/></field>'
    '<field class="locator">1, <text style="i"/>2<text/>. See also b</field></record>'
    '<record time="t"><field>b</field><field><hide>x</hide>y<sort>z</sort></field>'
    '<field class="locator">3-5</field></record></records></indexdata>'
)
BROKEN = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    st.builds(lambda cut: SAMPLE[:cut], st.integers(0, len(SAMPLE))),
    st.builds(
        lambda at, junk: SAMPLE[:at] + junk + SAMPLE[at:],
        st.integers(0, len(SAMPLE)),
        st.sampled_from(
            [
                "<",
                "&",
                "<field>",
                "</field>",
                "<text style='q'/>",
                "<sort>",
                "see ",
                "; see also ",
                "-",
                "\u0000",
                "<record>",
                "99999999999999999999999",
                "<!DOCTYPE x [<!ENTITY e 'e'>]>",
            ]
        ),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BROKEN)
def test_fuzz_never_a_traceback(data: str | bytes) -> None:
    assert_refused_cleanly(import_ixml, data)


def test_read_ixml_alone() -> None:
    imported = read_ixml(SAMPLE)
    assert [(entry.term, [item.plain() for item in entry.locators]) for entry in imported.entries] == [
        ("<b>a</b>", ["1", "2"]),
        ("b", []),
    ]
    assert imported.entries[1].children[0].sort_as == "yz"  # the shown text without the hidden, with the sort text
