"""CSV and TSV: rows per heading path and locator, a header naming the columns, import by sniffing, round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.test_ximl import IndexSpec, assert_refused_cleanly, index_specs, round_trip, snapshot
from tests.support import applying
from xindex.core.model import XRefKind
from xindex.formats.csvfile import export_csv_document, export_tsv_document, read_csv, read_rows, read_tsv
from xindex.formats.importers import ImportFileError, import_file
from xindex.store import Document

import_csv = applying(read_csv)
import_tsv = applying(read_tsv)


def small(document: Document) -> dict[str, int]:
    """A few entries on three levels with Sort As, notes and references."""
    roses = document.add_entry("roses", locators="141-70")
    pruning = document.add_entry("pruning", roses, locators="160-4, <b>162</b>")
    climbers = document.add_entry("climbers, <i>hybrid</i>", pruning, locators="163")
    fiacre = document.add_entry("St. Fiacre", sort_as="Saint Fiacre", notes="patron of gardeners", locators="xiii, 2")
    shrubs = document.add_entry("shrubs")
    document.add_xref(shrubs, "see also", target_id=pruning)
    document.add_xref(shrubs, "see also", text="names of <i>individual</i> shrubs")
    return {"roses": roses, "pruning": pruning, "climbers": climbers, "fiacre": fiacre, "shrubs": shrubs}


def test_export_rows(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        small(document)
        text = export_csv_document(document)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["level1", "level2", "level3", "locator", "see", "see_also", "see_under", "sort_as", "notes"]
    assert rows[1:] == [
        ["roses", "", "", "141–170", "", "", "", "", ""],
        ["roses", "pruning", "", "160–164", "", "", "", "", ""],
        ["roses", "pruning", "", "<b>162</b>", "", "", "", "", ""],
        ["roses", "pruning", "climbers, <i>hybrid</i>", "163", "", "", "", "", ""],
        ["St. Fiacre", "", "", "xiii", "", "", "", "Saint Fiacre", "patron of gardeners"],
        ["St. Fiacre", "", "", "2", "", "", "", "", ""],
        ["shrubs", "", "", "", "", "roses: pruning", "", "", ""],
        ["shrubs", "", "", "", "", "names of <i>individual</i> shrubs", "", "", ""],
    ]


def test_tsv_and_back(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        small(document)
        text = export_tsv_document(document)
        before = snapshot(document)
    assert text.splitlines()[0].split("\t")[:3] == ["level1", "level2", "level3"]
    (tmp_path / "rows.tsv").write_text(text, encoding="utf-8")
    with Document.create(tmp_path / "b.xix") as back:
        report = import_file(back, tmp_path / "rows.tsv")
        assert snapshot(back) == before
        assert str(report).startswith(
            "Imported rows.tsv (TSV): 5 entries added, 0 merged into existing ones, 6 locators"
        )


def test_import_sniffs_semicolons_and_reads_aliases(tmp_path: Path) -> None:
    text = (
        "Heading;Subheading;Pages;See also;Sort As\n"
        "apples;;3, 5;;\n"
        "apples;baked;4;;\n"
        '"pears; ripe";;<b>9</b>;apples: baked;pears ripe\n'
    )
    (tmp_path / "in.csv").write_text(text, encoding="utf-8-sig")
    with Document.create(tmp_path / "a.xix") as document:
        report = import_file(document, tmp_path / "in.csv")
        assert (report.added, report.locators, report.xrefs) == (3, 4, 1)
        pears = document.find_path(["pears; ripe"])
        assert pears is not None and pears.sort_as == "pears ripe"
        baked = document.find_path(["apples", "baked"])
        assert baked is not None
        assert [(xref.kind, xref.target_id) for xref in document.xrefs(pears.id)] == [(XRefKind.SEE_ALSO, baked.id)]


def test_rows_merge_into_existing_headings(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        apples = document.add_entry("apples", locators="1")
        report = import_csv(document, "level1,level2,locator\napples,,2\napples,baked,3\n")
        assert (report.added, report.merged, report.locators) == (1, 1, 2)
        assert [item.plain() for item in document.locators(apples)] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("level1,colour\na,red\n", 1, "unknown column 'colour'"),
        ("locator\n3\n", 1, "no heading column"),
        ("level1,level3\na,b\n", 1, "without a gap"),
        ("level1,Level 1\na,b\n", 1, "twice"),
        ("level1,locator\na,1\nb,12-\n", 3, "bad locator for “b”"),
        ("level1,level2,locator\na,,1\n,b,2\n", 3, "level1 is empty"),
        ("level1,locator\na,1,2\n", 2, "3 cells"),
        ('level1,locator\n"a,1\n', 2, "not valid CSV"),
        ("level1,locator\n<b>a,1\n", 2, "never closed"),
    ],
)
def test_bad_rows_are_refused_with_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with Document.create(tmp_path / "bad.xix") as document:
        with pytest.raises(ImportFileError) as caught:
            import_csv(document, text)
        assert caught.value.line == line and words in str(caught.value), str(caught.value)
        assert document.entry_count() == 0


def test_a_multi_line_cell_counts_lines_from_its_row() -> None:
    with pytest.raises(ImportFileError) as caught:
        read_rows('level1,notes\na,"two\nlines"\n,x\n')
    assert caught.value.line == 4


def test_tsv_import_forces_tabs(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        import_tsv(document, "level1\tlocator\na, b\t3\n")
        assert document.find_path(["a, b"]) is not None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index_specs(), st.sampled_from([",", "\t"]))
def test_round_trip_preserves_everything(spec: IndexSpec, delimiter: str) -> None:
    round_trip(
        spec,
        lambda document: export_csv_document(document, delimiter=delimiter),
        import_tsv if delimiter == "\t" else import_csv,
    )


SAMPLE = 'level1,level2,locator,see_also,sort_as\nroses,,"1, 2",,\nroses,pruning,<b>3</b>,shrubs,\nshrubs,,4,,S\n'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=150),
        st.text(max_size=150),
        st.builds(
            lambda at, junk: SAMPLE[:at] + junk + SAMPLE[at:],
            st.integers(0, len(SAMPLE)),
            st.sampled_from(['"', ",", "\n", "\t", "<i>", "-", "x", "\r", "\x00", "99999999999999999999999"]),
        ),
    )
)
def test_fuzz_never_a_traceback(data: str | bytes) -> None:
    assert_refused_cleanly(import_csv, data)


@pytest.mark.parametrize("heading", ["'@A", "'tis", "''x", "=1+1", "-ism", "@home", "'=x"])
def test_headings_that_begin_like_formulas_or_with_apostrophes_round_trip(tmp_path: Path, heading: str) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        document.add_entry(heading, locators="3")
        text = export_csv_document(document)
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    with Document.create(tmp_path / "b.xix") as back:
        import_file(back, tmp_path / "a.csv")
        assert [entry.plain for entry in back.children(None)] == [heading]


def test_italic_and_roman_rows_are_two_headings_and_targets_keep_their_italics(tmp_path: Path) -> None:
    # Issue 16: Nature the journal (a title in italics, CMS 16.47-55) and nature are two entries, filed
    # together, roman first; a See names the one it means in its italics, and an export says so again.
    text = (
        "level1,level2,locator,see,see_also\n"
        "<i>Nature</i>,,12,,\n"
        "<i>Nature</i>,reviews,14,,\n"
        "Nature,,5,,\n"
        "<b>Nature</b>,,6,,\n"
        "journals,,,,<i>Nature</i>: reviews\n"
        "Nature (journal),,,<i>Nature</i>,\n"
    )
    with Document.create(tmp_path / "a.xix") as document:
        report = import_csv(document, text)
        assert report.added == 5 and report.xrefs == 2
        assert [entry.term for entry in document.children(None)] == [
            "journals",
            "Nature",
            "<i>Nature</i>",
            "Nature (journal)",
        ]
        roman, journal = document.find_path(["Nature"]), document.find_path(["<i>Nature</i>"])
        reviews = document.find_path(["<i>Nature</i>", "reviews"])
        assert roman is not None and journal is not None and reviews is not None
        assert [item.plain() for item in document.locators(roman.id)] == ["5", "6"]
        see = document.find_path(["Nature (journal)"])
        journals = document.find_path(["journals"])
        assert see is not None and journals is not None
        assert [xref.target_id for xref in document.xrefs(see.id)] == [journal.id]
        assert [xref.target_id for xref in document.xrefs(journals.id)] == [reviews.id]
        exported = export_csv_document(document)
        assert "journals,,,,<i>Nature</i>: reviews,,,\n" in exported
        assert "Nature (journal),,,<i>Nature</i>,,,,\n" in exported
