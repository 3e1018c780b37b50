"""The exporter registry: lookup by name and suffix, lazy import, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core.formatter import FormattedIndex, Group, Paragraph, Span
from xindex.formats.html import export_html
from xindex.formats.registry import EXPORTERS, Exporter, exporter_for, known_formats
from xindex.formats.text import export_text

ROOT = Path(__file__).resolve().parents[2]
INDEX = FormattedIndex("Index", "", [Group("A", "A", [Paragraph(0, [Span("apples, 3")])])])


def test_registered_formats() -> None:
    assert {"txt", "html"} <= set(EXPORTERS)
    assert EXPORTERS["txt"].function is export_text
    assert EXPORTERS["html"].function is export_html
    assert not EXPORTERS["txt"].binary and not EXPORTERS["html"].binary


def test_names_and_suffixes_are_unique_and_well_formed() -> None:
    suffixes = [suffix for exporter in EXPORTERS.values() for suffix in exporter.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for name, exporter in EXPORTERS.items():
        assert name == exporter.name == name.lower()
        assert exporter.description
        assert exporter.suffixes and all(
            suffix.startswith(".") and suffix == suffix.lower() for suffix in exporter.suffixes
        )
        assert ":" in exporter.target


@pytest.mark.parametrize(
    ("path", "name"),
    [("book.txt", "txt"), ("out/Book.HTML", "html"), ("index.htm", "html"), ("a.b/index.xhtml", "html")],
)
def test_exporter_by_suffix(path: str, name: str) -> None:
    assert exporter_for(path).name == name


@pytest.mark.parametrize(
    ("format_name", "name"), [("html", "html"), ("HTML", "html"), (".htm", "html"), ("txt", "txt")]
)
def test_exporter_by_format_wins_over_suffix(format_name: str, name: str) -> None:
    assert exporter_for("book.txt", format_name).name == name


@pytest.mark.parametrize("path", ["book.xyz", "book", "folder.txt/book", ".txt"])
def test_unknown_suffix_lists_known_formats(path: str) -> None:
    with pytest.raises(ValueError, match=r"txt \(\.txt\).*html \(\.html, \.htm, \.xhtml\)"):
        exporter_for(path)


def test_unknown_format_lists_known_formats() -> None:
    with pytest.raises(ValueError, match="'epub' is not an export format; known formats: txt"):
        exporter_for("book.txt", "epub")
    assert "html (.html" in known_formats()


def test_export_calls_the_function() -> None:
    assert exporter_for("index.txt").export(INDEX) == "Index\n\nA\n\napples, 3\n"
    assert str(exporter_for("index.html").export(INDEX)).startswith("<!DOCTYPE html>")


def test_missing_module_fails_on_use_with_a_message() -> None:
    missing = Exporter("nope", (".nope",), "not installed", "xindex.formats.no_such_module:export")
    with pytest.raises(ValueError, match="the nope exporter is not available"):
        missing.export(INDEX)
    wrong_name = Exporter("nope", (".nope",), "misnamed", "xindex.formats.text:no_such_function")
    with pytest.raises(ValueError, match="not available"):
        wrong_name.function  # noqa: B018


def test_listing_formats_imports_no_format_module() -> None:
    # (and importing a format's package, as xindex makeindex does, loads no registry: see the next test)
    script = (
        "import sys\n"
        "from xindex.formats.registry import EXPORTERS, exporter_for\n"
        "exporter_for('book.html')\n"
        "print(sorted(name for name in sys.modules if name.startswith('xindex.formats.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "['xindex.formats.registry']"


def test_the_makeindex_command_loads_no_registry() -> None:
    script = "import sys, xindex.jobs.makeindex\nprint('xindex.formats.registry' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"


_ODT_TEXT = st.text(st.sampled_from(list("ab <&>\t\n\r\x01é")), max_size=12)


@given(_ODT_TEXT, st.booleans())
def test_odt_text_as_it_is_when_nothing_needs_changing(text: str, after_space: bool) -> None:
    from xml.sax.saxutils import escape

    from xindex.formats.odt import text_xml

    out: list[str] = []  # the character-by-character rule, for comparison
    after = after_space
    for char in text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\x01", ""):
        if char == " ":
            out.append("<text:s/>" if after else " ")
            after = True
        elif char == "\t":
            out.append("<text:tab/>")
            after = True
        else:
            out.append(escape(char))
            after = False
    assert text_xml(text, after_space=after_space) == ("".join(out), after)
