"""Shared fixtures."""

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
