"""Shared fixtures: an empty document, and the tricky sample index (tests/sample_index.py) built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from xindex.store import Document


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
