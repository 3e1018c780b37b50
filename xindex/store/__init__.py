"""The .xix document store (APSW only)."""

from xindex.store.document import Document
from xindex.store.errors import DocumentError, EditError
from xindex.store.reading import DocumentInfo

__all__ = ["Document", "DocumentError", "DocumentInfo", "EditError"]
