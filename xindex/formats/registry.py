"""The registry of exporters (formats: one module each, in :mod:`xindex.formats`).

Each exporter is registered by name with the file suffixes it writes and the
import path of its function (``"module:function"``), resolved only when the
exporter is used: listing the formats imports no format module, and a format
whose module is missing or broken fails when it is chosen, not at start-up.
Adding a format is one line in ``_REGISTERED``, e.g.::

    Exporter("tex", (".tex",), "LaTeX document", "xindex.formats.latex:export_tex"),
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from xindex.core.formatter import FormattedIndex
    from xindex.store.reading import Snapshot

ExportFunction = Callable[["FormattedIndex"], str | bytes]
DocumentExportFunction = Callable[["Snapshot"], str | bytes]  # reads the document itself (IXML, XIML, CSV)


# What the exporter and importer registries share (xindex.formats.importers uses it too).
@dataclass(frozen=True)
class Format:
    """A registered format: its name, suffixes (``.html``), a description, and where its function lives."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    target: str

    def load(self, kind: str, target: str | None = None) -> Any:
        """The format's function (or another ``module:function`` of it), imported now; ValueError when its
        module is missing or broken."""
        module_name, _, attribute = (target or self.target).partition(":")
        try:
            return getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as error:
            from xindex.core.errors import FormatError  # (here: `xindex makeindex` starts without the core)

            raise FormatError(f"the {self.name} {kind}er is not available ({error})") from None


F = TypeVar("F", bound=Format)


def describe(formats: Mapping[str, Format]) -> str:
    """The formats for a message: ``txt (.txt), html (.html, .htm, .xhtml)``."""
    return ", ".join(f"{item.name} ({', '.join(item.suffixes)})" for item in formats.values())


def choose(formats: Mapping[str, F], path: str, format: str | None, kind: str) -> F:
    """The format named ``format`` (a name or a suffix), else the one whose longest suffix ends ``path``.

    ``kind`` ("export" or "import") words the ValueError, which lists the known formats.
    """
    if format is not None and format.strip():
        wanted = format.strip().lower()
        if wanted in formats:
            return formats[wanted]
        suffix = wanted if wanted.startswith(".") else f".{wanted}"
        for item in formats.values():
            if suffix in item.suffixes:
                return item
        from xindex.core.errors import FormatError

        raise FormatError(f"'{format}' is not an {kind} format; known formats: {describe(formats)}")
    name = os.path.basename(path).lower()
    matches = [
        (len(suffix), item)
        for item in formats.values()
        for suffix in item.suffixes
        if name.endswith(suffix) and len(name) > len(suffix)
    ]
    if not matches:
        from xindex.core.errors import FormatError

        raise FormatError(
            f"cannot tell the {kind} format from the name '{os.path.basename(path)}'; give a format or use one of"
            f" these suffixes: {describe(formats)}"
        )
    return max(matches, key=lambda match: match[0])[1]


@dataclass(frozen=True)
class Exporter(Format):
    """One export format: its name, suffixes (``.html``), a description, and where its function lives."""

    binary: bool = False
    # "index": a function of the formatted index; "document": an interchange format written from the
    # document's entries themselves (IXML, XIML, CSV), which records data rather than a printed layout.
    source: str = "index"
    # The function also takes the document's settings (``settings=``) for options of its own.
    takes_settings: bool = False
    # Where the format's parts maker lives ("module:Class", a xindex.formats.parts.Parts), when it can
    # be written in parts: a big export then writes its halves in two processes.
    parts: str | None = None
    # The document function takes ``losses=`` (a list): what the format cannot hold, one line per kind,
    # for the summary the command line and the editor show.
    reports_losses: bool = False

    @property
    def function(self) -> ExportFunction:
        """The export function, imported on first use: ``FormattedIndex -> str`` (or ``bytes`` when binary)."""
        if self.source == "document":
            raise TypeError(f"the {self.name} exporter reads the document: call document_function")
        return cast(ExportFunction, self.load("export"))

    @property
    def document_function(self) -> DocumentExportFunction:
        """The export function of an interchange format (``source == "document"``): it reads a read-only
        snapshot of the document itself, not the formatted index."""
        if self.source != "document":
            raise TypeError(f"the {self.name} exporter writes the formatted index: call function")
        return cast(DocumentExportFunction, self.load("export"))

    def parts_maker(self, settings: dict[str, str]) -> Any:
        """The format's parts maker for a document's settings, or None when it is written whole."""
        if self.parts is None:
            return None
        return Format(self.name, self.suffixes, self.description, self.parts).load("export").from_settings(settings)

    def export(self, index: FormattedIndex) -> str | bytes:
        """Write ``index`` in this format."""
        return self.function(index)


_REGISTERED = (
    Exporter(
        "txt",
        (".txt",),
        "Plain text (UTF-8), four spaces per level",
        "xindex.formats.text:export_text",
        takes_settings=True,
        parts="xindex.formats.text:TextParts",
    ),
    Exporter(
        "html",
        (".html", ".htm", ".xhtml"),
        "HTML5 web page (polyglot XHTML)",
        "xindex.formats.html:export_html",
        parts="xindex.formats.html:HtmlParts",
    ),
    Exporter(
        "rtf",
        (".rtf",),
        "Rich Text Format, Index 1, Index 2… styles",
        "xindex.formats.rtf:export_rtf",
        parts="xindex.formats.rtf:RtfParts",
    ),
    Exporter(
        "docx",
        (".docx",),
        "Word document, Index 1, Index 2… styles, two columns",
        "xindex.formats.docx:export_docx",
        binary=True,
        parts="xindex.formats.docx:DocxParts",
    ),
    Exporter(
        "odt",
        (".odt",),
        "OpenDocument text, Index 1, Index 2… styles, two columns",
        "xindex.formats.odt:export_odt",
        binary=True,
        parts="xindex.formats.odt:OdtParts",
    ),
    Exporter(
        "indd",
        (".indd.txt",),
        "Adobe InDesign tagged text (UTF-16)",
        "xindex.formats.indesign:export_indesign",
        binary=True,
        parts="xindex.formats.indesign:IndesignParts",
    ),
    Exporter(
        "tex",
        (".tex",),
        "LaTeX document (article with the theindex environment)",
        "xindex.formats.latex:export_tex",
        parts="xindex.formats.latex:TexParts",
    ),
    Exporter(
        "ind",
        (".ind",),
        "makeindex .ind (theindex environment, to \\input)",
        "xindex.formats.latex:export_book_ind",
        parts="xindex.formats.latex:IndParts",
    ),
    Exporter(
        "pdf",
        (".pdf",),
        "Print-ready PDF: columns, continued lines, embedded fonts",
        "xindex.formats.pdf:export_pdf",
        binary=True,
        takes_settings=True,
    ),
    Exporter(
        "ixml",
        (".ixml",),
        "Index Data Exchange (CINDEX, SKY Index)",
        "xindex.formats.ixml:export_ixml_document",
        source="document",
        reports_losses=True,
    ),
    Exporter(
        "ximl",
        (".ximl",),
        "XindeX XML, to go back to XindeX",
        "xindex.formats.ximl:export_ximl_document",
        source="document",
    ),
    Exporter(
        "csv",
        (".csv",),
        "Spreadsheet: one row per heading path and locator",
        "xindex.formats.csvfile:export_csv_document",
        source="document",
    ),
    Exporter(
        "tsv", (".tsv",), "Spreadsheet, tab-separated", "xindex.formats.csvfile:export_tsv_document", source="document"
    ),
)

EXPORTERS: dict[str, Exporter] = {exporter.name: exporter for exporter in _REGISTERED}


def known_formats() -> str:
    """The registered formats for a message: ``txt (.txt), html (.html, .htm, .xhtml)``."""
    return describe(EXPORTERS)


def exporter_for(path: str, format: str | None = None) -> Exporter:
    """The exporter named ``format`` (a name or a suffix), else the one whose suffix ends ``path``.

    Raises ValueError listing the known formats when there is none.
    """
    return choose(EXPORTERS, path, format, "export")
