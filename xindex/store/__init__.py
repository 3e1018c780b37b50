"""The .xix document store (APSW only)."""

from xindex.store._base import stored_identity
from xindex.store.document import Document
from xindex.store.errors import DocumentError, EditError
from xindex.store.reading import DocumentInfo
from xindex.store.search import Completion

__all__ = ["Completion", "Document", "DocumentError", "DocumentInfo", "EditError", "stored_identity"]
