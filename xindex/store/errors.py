"""Errors the store reports to people: one clear sentence each, never a traceback."""

from __future__ import annotations

from xindex.core.errors import UserError


class DocumentError(UserError):
    """A .xix file that cannot be opened or written as asked; the message is one sentence."""


class NotSQLiteError(DocumentError):
    """The file is not an SQLite database at all."""


class ForeignFileError(DocumentError):
    """An SQLite database that is not an xindex document."""


class XindexDocumentError(ForeignFileError):
    """A document of XindeX (xindex's predecessor, which also named its documents .xix): converted, not opened."""


class NewerSchemaError(DocumentError):
    """A document written by a newer xindex than this one."""


class CorruptFileError(DocumentError):
    """A document whose integrity check fails."""


class StructureError(CorruptFileError):
    """A document whose headings loop (an entry above itself) or nest deeper than any book: repairable."""


class ReadOnlyError(DocumentError):
    """A write was asked of a file that cannot be written."""


class LockedError(DocumentError):
    """Another process holds the document open for writing."""


class EditError(UserError, ValueError):
    """An edit that was refused; the document is unchanged."""
