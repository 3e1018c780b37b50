"""Shared fixtures: an empty document, and the tricky sample index (tests/sample_index.py) built once.

``XINDEX_TEST_BUILD=build/compiled`` runs the suite against that build of the package (``make compiled``:
the hot modules compiled by mypyc) instead of the sources: it goes first on this process's path and on
every child's (``PYTHONPATH``, with ``PYTHONSAFEPATH`` so a child's own folder cannot put the sources
back in front). ``make test`` runs the suite both ways.
"""

from __future__ import annotations

import os
import sys

BUILD = os.environ.get("XINDEX_TEST_BUILD", "")
if BUILD:
    ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    BUILD = os.path.abspath(BUILD)
    if not os.path.isdir(os.path.join(BUILD, "xindex")):
        raise SystemExit(f"XINDEX_TEST_BUILD: no xindex package in {BUILD} (make compiled builds it)")
    sys.path.insert(0, BUILD)
    os.environ["PYTHONPATH"] = os.pathsep.join([BUILD, ROOT, *filter(None, [os.environ.get("PYTHONPATH")])])
    os.environ["PYTHONSAFEPATH"] = "1"

# The tests run xindex makeindex (and makeindex) on files in temporary folders named by absolute paths,
# which TeX's paranoid openout_any refuses, as makeindex does; that protection has tests of its own
# (tests/formats/test_makeindex_openout.py), which set openout_any themselves.
os.environ["openout_any"] = "a"  # noqa: SIM112 (kpathsea's variable is lower-case)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from xindex.store import Document  # noqa: E402


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    """A path for a new document in a fresh folder."""
    return tmp_path / "book.xix"


@pytest.fixture
def doc(doc_path: Path) -> Iterator[Document]:
    """A new, empty, writable document."""
    document = Document.create(doc_path, title="Test Index")
    yield document
    document.close()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Document]:
    """The tricky sample index of tests/sample_index.py, built once per test process; read, never changed.
    (The GUI tests' own ``sample`` is the bundled book, writable: tests/gui/conftest.py.)"""
    from tests.sample_index import build_sample

    document = build_sample(tmp_path_factory.mktemp("sample") / "sample.xix")
    yield document
    document.close()
