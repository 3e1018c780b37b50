"""Real pdflatex builds with ``xindex makeindex`` installed as ``makeindex`` (issue 17, "Must show"): each
build runs twice, once with TeX's makeindex and once with the shim (``xindex makeindex --install-shim``)
first on PATH, and the PDFs' text (pdftotext) must be the same apart from the order of the index.

The tool chains: latexmk on a document with ``\\makeindex``; imakeidx with two indexes, hyperref and
``options=-s STYLE`` (run by pdflatex's restricted shell escape); makeglossaries; nomencl's documented
``makeindex x.nlo -s nomencl.ist -o x.nls``; an ltxdoc ``.dtx`` (gind.ist index, gglo.ist change history).
The documents are small so that each build takes about a second (the .dtx about four).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.support import needs_makeindex, needs_pdflatex, needs_poppler, program, require
from xindex.makeindex_cli import install_shim

pytestmark = [needs_pdflatex, needs_makeindex, needs_poppler, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DTX = ROOT.parent / "shared" / "peers" / "latex" / "ltxdoc-package.dtx"
ITEM_3 = "issue 17 item 3 (style keys)"
PDFLATEX = "pdflatex -interaction=nonstopmode -halt-on-error"

BOOK = r"""\documentclass{article}
\usepackage{makeidx}
\makeindex
\begin{document}
Apples\index{apple} and bananas\index{banana!ripe}\index{banana}.
\newpage Cherries\index{cherry|textbf}\index{apple}\index{elder@\emph{elder}}
\newpage More\index{apple}\index{date|(}\index{fig|see{apple}}
\newpage End\index{date|)}
\printindex
\end{document}
"""
TWO_INDEXES = r"""\documentclass{article}
\usepackage{imakeidx}
\makeindex[title=Subjects]
\makeindex[name=persons,title=Persons,options=-s persons]
\usepackage{hyperref}
\begin{document}
Apples\index{apple} and bananas\index{banana!ripe}\index{banana}.
Ada\index[persons]{lovelace@Lovelace, Ada}
\newpage Cherries\index{cherry|textbf}\index{apple}\index[persons]{babbage@Babbage, Charles}
\newpage More\index{apple}\index{date|(}\index[persons]{lovelace@Lovelace, Ada}
\newpage End\index{date|)}\index{apple}
\printindex
\printindex[persons]
\end{document}
"""
PERSONS_STYLE = (
    'headings_flag 1\nheading_prefix "{\\\\bfseries "\nheading_suffix "}\\\\nopagebreak\\n"\ndelim_0 "\\\\dotfill "\n'
)
GLOSSARY = r"""\documentclass{article}
\usepackage{glossaries}
\makeglossaries
\newglossaryentry{apple}{name=apple,description={a fruit}}
\newglossaryentry{bear}{name=bear,description={an animal}}
\newglossaryentry{cat}{name=cat,description={a pet}}
\begin{document}
\gls{apple} \gls{bear}\newpage \gls{apple}\gls{cat}\newpage \gls{apple}
\printglossaries
\end{document}
"""
NOMENCLATURE = r"""\documentclass{article}
\usepackage{nomencl}
\makenomenclature
\begin{document}
Speed $v$\nomenclature{$v$}{velocity} and mass $m$\nomenclature{$m$}{mass}.
\newpage Area $a$\nomenclature{$a$}{area}\nomenclature{$b$}{breadth}
\printnomenclature
\end{document}
"""


@pytest.fixture(scope="module")
def shims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the makeindex shim."""
    folder = tmp_path_factory.mktemp("shims")
    assert install_shim(str(folder)) == 0
    return folder


def build(folder: Path, files: dict[str, str | Path], commands: Sequence[str], shims: Path | None) -> None:
    """Write ``files`` into ``folder`` and run ``commands`` there (with the shim first on PATH when given)."""
    folder.mkdir()
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, folder / name)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    environment = dict(os.environ)
    if shims is not None:
        environment["PATH"] = f"{shims}{os.pathsep}{environment['PATH']}"
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH", "")]))
    for command in commands:
        subprocess.run(command, shell=True, cwd=folder, env=environment, capture_output=True, check=False, timeout=300)


def pdf_text(pdf: Path) -> str:
    """The PDF's text, as pdftotext reads it in content order."""
    assert pdf.exists(), f"{pdf.name} was not built"
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def both(
    tmp_path: Path, shims: Path, files: dict[str, str | Path], commands: Sequence[str], pdf: str
) -> tuple[str, str]:
    """The PDF's text built with TeX's makeindex and with the shim; the shim's transcripts checked to be xindex's."""
    build(tmp_path / "real", files, commands, None)
    build(tmp_path / "shim", files, commands, shims)
    transcripts = [
        *(tmp_path / "shim").glob("*.ilg"),
        *(tmp_path / "shim").glob("*.glg"),
        *(tmp_path / "shim").glob("*.nlg"),
    ]
    assert transcripts and all(
        path.read_text(encoding="latin-1").startswith("This is xindex makeindex") for path in transcripts
    ), "the shim did not run"
    return pdf_text(tmp_path / "real" / pdf), pdf_text(tmp_path / "shim" / pdf)


def test_latexmk(tmp_path: Path, shims: Path) -> None:
    require(program("latexmk") is not None, "latexmk is not installed (Debian: latexmk)")
    real, ours = both(
        tmp_path, shims, {"book.tex": BOOK}, ["latexmk -pdf -interaction=nonstopmode book.tex"], "book.pdf"
    )
    assert real == ours
    assert "apple, 1–3" in ours and "date, 3–4" in ours


def test_imakeidx_two_indexes_with_hyperref(tmp_path: Path, shims: Path) -> None:
    files: dict[str, str | Path] = {"doc.tex": TWO_INDEXES, "persons.ist": PERSONS_STYLE}
    real, ours = both(tmp_path, shims, files, [PDFLATEX + " doc.tex"] * 2, "doc.pdf")
    assert real == ours
    assert "Lovelace, Ada" in ours and "apple, 1–4" in ours
    ind = (tmp_path / "shim" / "doc.ind").read_text(encoding="utf-8")
    assert ind == (tmp_path / "real" / "doc.ind").read_text(encoding="utf-8")
    assert "\\hyperpage{1}--\\hyperpage{4}" in ind or "\\hyperpage{1--4}" in ind


def test_makeglossaries(tmp_path: Path, shims: Path) -> None:
    require(program("makeglossaries") is not None, "makeglossaries is not installed (Debian: texlive-latex-extra)")
    commands = [PDFLATEX + " gl.tex", "makeglossaries gl", PDFLATEX + " gl.tex"]
    real, ours = both(tmp_path, shims, {"gl.tex": GLOSSARY}, commands, "gl.pdf")
    assert real == ours


def test_nomencl(tmp_path: Path, shims: Path) -> None:
    commands = [PDFLATEX + " nom.tex", "makeindex nom.nlo -s nomencl.ist -o nom.nls", PDFLATEX + " nom.tex"]
    real, ours = both(tmp_path, shims, {"nom.tex": NOMENCLATURE}, commands, "nom.pdf")
    assert real == ours
    assert "velocity" in ours and "breadth" in ours


def dtx_parts(text: str) -> tuple[str, str, Counter[str]]:
    """A .dtx's PDF text: the documentation and code, the change history, and the index's words (its order
    differs on purpose; its group headings and page numbers between columns left out)."""
    history = re.search(r"^\f?Change History$", text, re.MULTILINE)
    assert history is not None
    index = re.search(r"^\f?Index$", text[history.start() :], re.MULTILINE)
    assert index is not None
    middle = history.start() + index.start()
    kept = [
        line
        for line in text[middle:].splitlines()
        if not re.fullmatch(r"\d+|[A-Z]|Symbols|Numbers|Symbols & Numbers", line.strip("\f "))
    ]
    return text[: history.start()], text[history.start() : middle], Counter(" ".join(kept).split())


@pytest.fixture(scope="module")
def dtx_build(tmp_path_factory: pytest.TempPathFactory, shims: Path) -> tuple[str, str]:
    """ltxdoc's recipe for a package's documentation, with each makeindex."""
    if not DTX.exists():
        require(False, f"the ltxdoc peer files are not at {DTX.parent}")
    commands = [
        PDFLATEX + " ltxdoc-package.dtx",
        "makeindex -s gind.ist ltxdoc-package.idx",
        "makeindex -s gglo.ist -o ltxdoc-package.gls ltxdoc-package.glo",
        PDFLATEX + " ltxdoc-package.dtx",
    ]
    return both(tmp_path_factory.mktemp("dtx"), shims, {"ltxdoc-package.dtx": DTX}, commands, "ltxdoc-package.pdf")


def test_ltxdoc_dtx_documentation_and_index(dtx_build: tuple[str, str]) -> None:
    real, ours = (dtx_parts(text) for text in dtx_build)
    assert real[0] == ours[0]
    assert real[2] == ours[2]


def test_ltxdoc_dtx_change_history(dtx_build: tuple[str, str]) -> None:
    real, ours = (dtx_parts(text) for text in dtx_build)
    assert real[1] == ours[1]
