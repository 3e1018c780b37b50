"""Bounded input: headings nested deeper than any book are refused with the line, quickly (each lookup
is one query, so deep trees import in linear time), whatever the format."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xindex.core.model import MAX_DEPTH
from xindex.formats.importers import ImportFileError, import_file
from xindex.store import Document


def deep_idx(levels: int) -> str:
    return "\\indexentry{" + "!".join(f"level {number}" for number in range(levels)) + "}{1}\n"


def deep_ximl(levels: int) -> str:
    entries = "".join(
        f'<entry eid="{number}" peid="{number - 1}"><term>t{number}</term><sortas saf="A">t{number}</sortas>'
        f"<pages>{number}</pages></entry>\n"
        for number in range(1, levels + 1)
    )
    return f'<XindeX version="100"><entries>\n{entries}</entries></XindeX>'


def deep_csv(levels: int) -> str:
    header = ",".join(f"level{number}" for number in range(1, levels + 1)) + ",locator"
    return f"{header}\n" + ",".join(f"h{number}" for number in range(levels)) + ",1\n"


@pytest.mark.parametrize(
    ("suffix", "make", "where"),
    [
        (".idx", deep_idx, "line 1"),
        (".ximl", deep_ximl, f"line {MAX_DEPTH + 2}"),
        (".csv", deep_csv, "line 1"),
    ],
)
def test_ten_thousand_levels_are_refused_with_the_line(tmp_path: Path, suffix: str, make: object, where: str) -> None:
    source = tmp_path / f"deep{suffix}"
    source.write_text(make(10_000), encoding="utf-8")  # type: ignore[operator]
    with Document.create(tmp_path / "book.xix") as document:
        with pytest.raises(ImportFileError, match=f"{MAX_DEPTH}") as refused:
            import_file(document, source)
        assert where in str(refused.value)
        assert document.entry_count() == 0 and document.history() == []


@pytest.mark.parametrize(("suffix", "make"), [(".idx", deep_idx), (".ximl", deep_ximl), (".csv", deep_csv)])
def test_the_deepest_allowed_tree_imports(tmp_path: Path, suffix: str, make: object) -> None:
    source = tmp_path / f"deep{suffix}"
    source.write_text(make(MAX_DEPTH), encoding="utf-8")  # type: ignore[operator]
    with Document.create(tmp_path / "book.xix") as document:
        import_file(document, source)
        assert document.entry_count() == MAX_DEPTH
        deepest = document.ancestry(max(entry_id for _, entry_id in document.structure()))
        assert len(deepest) == MAX_DEPTH


def test_a_page_of_five_thousand_digits_costs_its_line_only(tmp_path: Path) -> None:
    source = tmp_path / "big.idx"
    source.write_text("\\indexentry{huge}{" + "9" * 5000 + "}\n\\indexentry{roses}{3}\n", encoding="utf-8")
    with Document.create(tmp_path / "book.xix") as document:
        report = import_file(document, source)
        assert [entry.plain for entry in document.children(None)] == ["roses"]
        assert "5,000 digits" in report.warnings[0] and "too large" in report.warnings[0]


def test_devices_and_pipes_are_refused_before_reading(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with Document.create(tmp_path / "book.xix") as document:
        for source in (Path("/dev/zero"), pipe, tmp_path):
            with pytest.raises(ImportFileError, match="not a regular file"):
                import_file(document, source, format="csv")


def test_xml_nested_fifty_thousand_deep_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "nest.ixml"
    nested = "<field>" * 50_000 + "x" + "</field>" * 50_000
    source.write_text(f"<indexdata><records>{nested}</records></indexdata>", encoding="utf-8")
    with Document.create(tmp_path / "book.xix") as document, pytest.raises(ImportFileError, match="nested more"):
        import_file(document, source)
