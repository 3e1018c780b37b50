"""Our DOCX and RTF exports against XindeX's, by content: each paragraph's text and its level.

The differences from XindeX's output are the ones test_xindex_compat.py explains for its plain text and
HTML (the same known XindeX bugs and CMS corrections), applied here to paragraphs instead of lines.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

from tests.formats.test_xindex_compat import (
    HTML_CASES,
    TEXT_CASES,
    Case,
    Difference,
    apply,
    documents,  # noqa: F401 - the module-scoped fixture of imported TestXiml documents
    our_text,
)
from tests.support import PEERS, needs_peers, needs_soffice
from xindex.formats.breaks import as_read
from xindex.formats.docx import export_docx
from xindex.formats.rtf import export_rtf
from xindex.jobs.generate import generate

pytestmark = needs_peers


def stripped(differences: list[Difference]) -> list[Difference]:
    """The same differences, paragraph by paragraph (no indentation)."""
    return [
        Difference(tuple(line.strip() for line in d.theirs), tuple(line.strip() for line in d.ours), d.why)
        for d in differences
    ]


def paragraphs(data: bytes | str) -> list[tuple[str, str]]:
    """(style name, text) of each non-empty paragraph of a DOCX."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return [
        (p.style.name if p.style is not None else "", as_read(p.text))  # (our joiners and no-break spaces read as text)
        for p in WordDocument(source).paragraphs
        if p.text.strip()
    ]


def docx_case(case: Case) -> Case:
    """XindeX's DOCX is its HTML, except that a subentry's own-line see stays lower case there."""
    if "see-also-position" in case.overrides:
        return Case(case.name, case.variant, {**case.overrides, "sub-see-label": "see "}, case.differences)
    return case


@pytest.mark.parametrize("case", [docx_case(case) for case in HTML_CASES], ids=[case.name for case in HTML_CASES])
def test_docx_by_content(documents: dict[str, Path], case: Case) -> None:  # noqa: F811
    theirs = [text for _, text in paragraphs(str(PEERS / "expected" / f"TestIndex-{case.name}.docx"))]
    ours = paragraphs(export_docx(generate(documents[case.variant], overrides=case.overrides)))
    assert [text for _, text in ours] == apply(theirs, stripped(case.differences))
    # Levels: each entry paragraph's "Index N" style is the indentation of the same line in the text export.
    text_lines = iter(line for line in our_text(documents[case.variant], case.overrides).splitlines() if line.strip())
    for style, text in ours:
        if style.startswith("Index ") and style[6:].isdigit():
            line = next(candidate for candidate in text_lines if candidate.strip() == text)
            assert int(style[6:]) - 1 == (len(line) - len(line.lstrip())) // 4, (style, text)


@needs_soffice
def test_rtf_by_content(documents: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    cases = [case for case in TEXT_CASES if case.name in ("Indented_SeeAlsoAfter", "RunIn1st")]
    inputs = []
    for case in cases:
        ours = tmp_path / f"ours-{case.name}.rtf"
        ours.write_text(export_rtf(generate(documents[case.variant], overrides=case.overrides)), encoding="ascii")
        theirs = tmp_path / f"theirs-{case.name}.rtf"
        shutil.copy(PEERS / "expected" / f"TestIndex-{case.name}.rtf", theirs)
        inputs += [ours, theirs]
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            *map(str, inputs),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )

    def lines(path: Path) -> list[str]:
        text = as_read(path.with_suffix(".txt").read_text(encoding="utf-8-sig").replace("\u2006", ""))
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    for case in cases:
        theirs = lines(tmp_path / f"theirs-{case.name}.rtf")
        ours = lines(tmp_path / f"ours-{case.name}.rtf")
        normalised = [
            Difference(tuple(" ".join(x.split()) for x in d.theirs), tuple(" ".join(x.split()) for x in d.ours), d.why)
            for d in case.differences
        ]
        assert ours == apply(theirs, normalised), case.name
