"""Underlined and monospace headings (``<u>``, ``<tt>``: issue 18) in the markup and in every exporter."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from tests.support import needs_pdflatex, one_entry
from xindex.core import markup
from xindex.core.formatter import Role, Span
from xindex.formats.docx import export_docx
from xindex.formats.html import export_html
from xindex.formats.indesign import export_indesign
from xindex.formats.latex import export_tex
from xindex.formats.odt import export_odt
from xindex.formats.pdf import export_pdf
from xindex.formats.rtf import export_rtf
from xindex.formats.text import export_text
from xindex.gui.preview import markup_html

INDEX = one_entry(
    Span("eval()", frozenset({"tt"}), Role.TERM),
    Span(" and ", frozenset(), Role.TERM),
    Span("Ulysses", frozenset({"u", "i"}), Role.TERM),
    Span(", 12", frozenset(), Role.LOCATOR),
)


def test_the_markup_holds_both_and_sorting_ignores_them() -> None:
    term, plain = markup.clean_heading("<tt>eval()</tt> and <i><u>Ulysses</u></i>")
    assert term == "<tt>eval()</tt> and <i><u>Ulysses</u></i>" and plain == "eval() and Ulysses"
    assert markup.identity(term) == "eval() and <i>Ulysses</i>"  # (how a heading is set, not what it names)
    assert markup.from_runs(markup.parse_runs("<u><tt>x</tt></u>")) == "<u><tt>x</tt></u>"


def test_every_exporter_sets_them() -> None:
    assert "<code>eval()</code>" in export_html(INDEX) and "<u>Ulysses</u>" in export_html(INDEX)
    assert "eval() and Ulysses, 12" in export_text(INDEX)
    rtf = export_rtf(INDEX)
    assert "{\\f1 eval()}" in rtf and "\\ul" in rtf and "\\f1\\fmodern\\fcharset0 Courier New;" in rtf
    tex = export_tex(INDEX)
    assert "\\texttt{eval()}" in tex and "\\underline{Ulysses}" in tex
    indesign = export_indesign(INDEX).decode("utf-16")
    assert "<cFont:Courier New>" in indesign and "<cUnderline:1>" in indesign
    with zipfile.ZipFile(io.BytesIO(export_odt(INDEX))) as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert 'style:text-underline-style="solid"' in content and "Courier New" in content
    assert "DejaVuSansMono" in export_pdf(INDEX).decode("latin-1")
    assert markup_html("<tt>eval()</tt> <u>x</u>") == "<code>eval()</code> <u>x</u>"


def test_word_reads_the_underline_and_the_code_font() -> None:
    document = docx.Document(io.BytesIO(export_docx(INDEX)))
    runs = {run.text: run for paragraph in document.paragraphs for run in paragraph.runs}
    assert runs["eval()"].font.name == "Courier New" and not runs["eval()"].underline
    assert runs["Ulysses"].underline and runs["Ulysses"].italic and runs["Ulysses"].font.name is None


@needs_pdflatex
def test_pdflatex_sets_them(tmp_path: Path) -> None:
    (tmp_path / "index.tex").write_text(export_tex(INDEX), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "index.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    text = subprocess.run(["pdftotext", "index.pdf", "-"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert "eval() and Ulysses, 12" in " ".join(text.split())


@pytest.mark.parametrize("tag", ["u", "tt"])
def test_a_bad_nesting_is_refused(tag: str) -> None:
    with pytest.raises(markup.MarkupError):
        markup.clean_heading(f"<{tag}>x<i>y</{tag}></i>")
