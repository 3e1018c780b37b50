"""What tests take from outside the project: the peers' files and real clients (LibreOffice, TeX).

On a developer's machine a test that needs something missing is skipped, saying what to install.
In CI (``CI`` set, as ``.ci/run`` runs) it is never skipped: ``.ci/run`` installs every client and CI
has the peers' files beside the clone, so a missing one must fail the run instead of hiding a test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from xindex.core.formatter import FormattedIndex, Group, Paragraph, Span

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers" / "xindex"
PEERS_MISSING = f"the XindeX peer files are not at {PEERS} (shared/ beside the project)"


def unless(available: bool, reason: str) -> pytest.MarkDecorator:
    """A marker: skip when ``available`` is false, except in CI, where the test runs (and fails if it must)."""
    return pytest.mark.skipif(not available and not IN_CI, reason=reason)


def require(available: bool, reason: str) -> None:
    """Inside a test or fixture: skip when ``available`` is false; in CI fail, saying what is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason}; CI must provide it")
    pytest.skip(reason)


def program(*names: str) -> str | None:
    """The first of these programs on the PATH."""
    return next((found for name in names if (found := shutil.which(name))), None)


needs_peers = unless(PEERS.is_dir(), PEERS_MISSING)
needs_pdflatex = unless(program("pdflatex") is not None, "pdflatex is not installed (Debian: texlive-latex-base)")
needs_makeindex = unless(program("makeindex") is not None, "makeindex is not installed (Debian: texlive-binaries)")
needs_poppler = unless(
    program("pdftotext") is not None and program("pdffonts") is not None,
    "poppler-utils is not installed (Debian: poppler-utils; it reads the PDF exports back)",
)
needs_soffice = unless(
    program("soffice", "libreoffice") is not None, "LibreOffice is not installed (Debian: libreoffice-writer-nogui)"
)
# xindex splits big work between two processes by fork on Linux only (Windows and macOS have no fork
# without exec, or no safe one): there the split is never taken and its tests have nothing to test.
# CI runs on Linux, so these never skip there.
# Keys of .idx lines that exercise makeindex's rules: case, accents, LaTeX accents, "of" to skip, a
# comma, symbols, the actual character and a quoted one; tests add their own after these.
IDX_KEYS = ["apple", "Apple", "élan", "\\'etude", "zebra", "roses", "of roses", "Bach, Johann", "§", "@home"]


def fail_in_children(monkeypatch: pytest.MonkeyPatch, module: object, name: str, failure: Callable[[], object]) -> None:
    """Make ``module.name`` call ``failure`` (raise, or end the process) in forked children only; this process
    runs it as it is."""
    parent = os.getpid()
    real = getattr(module, name)

    def planted(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            failure()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, planted)


def raise_(error: BaseException) -> NoReturn:
    """Raise ``error`` (for a lambda)."""
    raise error


needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xindex splits work by fork on Linux only")


def interchange_formats() -> list[tuple[str, Callable[..., str], object]]:
    """The interchange formats that carry locators as typed: (name, document exporter, reader)."""
    from xindex.formats.csvfile import export_csv_document, export_tsv_document, read_csv, read_tsv
    from xindex.formats.ixml import export_ixml_document, read_ixml
    from xindex.formats.ximl import export_ximl_document, read_ximl

    return [
        ("csv", export_csv_document, read_csv),
        ("tsv", export_tsv_document, read_tsv),
        ("ixml", export_ixml_document, read_ixml),
        ("ximl", export_ximl_document, read_ximl),
    ]


@contextlib.contextmanager
def read_back(exported: str, folder: Path, name: str, read: object) -> Iterator[Any]:
    """A new document in ``folder`` holding ``exported`` imported with the reader ``read`` (open while used)."""
    from xindex.store import Document

    with Document.create(folder / f"back-{name}.xix") as back:
        applying(read)(back, exported)  # type: ignore[operator]
        yield back


def applying(read: object) -> object:
    """An importer's reader as a function of (document, data), as the store applies it: for tests that
    import text straight into a document."""

    from xindex.core.imported import ImportReport
    from xindex.store import Document

    reader: Callable[[str | bytes], object] = read  # type: ignore[assignment]

    def apply(document: Document, data: str | bytes) -> ImportReport:
        return document.apply_import(reader(data))  # type: ignore[arg-type]

    return apply


SLOW_CHILDREN = """
import os, time
_DELAY = float(os.environ.get("XINDEX_TEST_SLOW", "0") or 0)
if _DELAY:
    import xindex.core.formatter
    _groups = xindex.core.formatter.Formatter.groups

    def _slow_groups(self, roots):
        time.sleep(_DELAY)
        return _groups(self, roots)

    xindex.core.formatter.Formatter.groups = _slow_groups
"""


def slow_children(monkeypatch: pytest.MonkeyPatch, folder: Path, seconds: float) -> None:
    """Make every spawned child (the editor's export process) format slowly, ``seconds`` per slice of main
    headings: a big export, for tests that must act while one runs (a monkeypatch here would not reach it)."""
    plants = folder / "slow-plants"
    plants.mkdir(exist_ok=True)
    (plants / "sitecustomize.py").write_text(SLOW_CHILDREN, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(plants), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("XINDEX_TEST_SLOW", str(seconds))


def one_entry(*spans: Span) -> FormattedIndex:
    """A formatted index of one entry paragraph (the spans given) in group A, for exporter tests."""
    return FormattedIndex("", "", [Group("A", "A", [Paragraph(0, list(spans))])])
