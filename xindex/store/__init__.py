"""The .xix document store (APSW only)."""

from xindex.store.document import Document
from xindex.store.errors import DocumentError, EditError

__all__ = ["Document", "DocumentError", "EditError"]
