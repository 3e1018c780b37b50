"""The ``.idx`` importer: makeindex entries as an imported index (nothing written), bad lines as warnings
with their numbers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from xindex.core import markup
from xindex.core.locators import merge
from xindex.formats.makeindex.entries import IdxEntry
from xindex.formats.makeindex.latex_text import latex_to_plain
from xindex.formats.makeindex.reader import read_idx

if TYPE_CHECKING:
    from xindex.core.imported import ImportedIndex

_LATEX_MARKUP = re.compile(
    r"\\(textit|emph|textbf|textsc|underline|texttt|textsuperscript|textsubscript)\{([^{}\\]*)\}"
)
_MARKUP_TAG = {
    "textit": "i",
    "emph": "i",
    "textbf": "b",
    "textsc": "sc",
    "underline": "u",
    "texttt": "tt",
    "textsuperscript": "sup",
    "textsubscript": "sub",
}


def _display_markup(display: str, plain: str) -> str:
    """A heading's LaTeX display as xindex markup: simple style commands become tags, the rest plain text."""
    parts: list[str] = []
    position = 0
    for match in _LATEX_MARKUP.finditer(display):
        parts.append(markup.escape(latex_to_plain(display[position : match.start()])))
        tag = _MARKUP_TAG[match.group(1)]
        parts.append(f"<{tag}>{markup.escape(latex_to_plain(match.group(2)))}</{tag}>")
        position = match.end()
    parts.append(markup.escape(latex_to_plain(display[position:])))
    converted = "".join(parts)
    return converted if markup.plain_text(converted).strip() else markup.escape(plain)


def read_idx_import(data: str | bytes) -> ImportedIndex:
    """A makeindex ``.idx`` as an imported index (nothing written); bad lines become warnings with their
    numbers."""
    from xindex.core.imported import ImportedIndex, ImportEntry, ImportFileError, ImportXRef
    from xindex.core.model import MAX_DEPTH
    from xindex.formats.importers import decode_text

    result = read_idx(decode_text(data, ".idx"))
    made: dict[int, ImportEntry] = {}

    def convert(entry: IdxEntry) -> ImportEntry:
        term = _display_markup(entry.display, entry.plain)
        item = ImportEntry(
            term,
            markup.plain_text(term),
            entry.sort_as,
            locators=merge(entry.locator_objects()),
            line=entry.line,
            key=id(entry),
        )
        made[id(entry)] = item
        return item

    imported = ImportedIndex("makeindex", label="Import .idx")
    imported.entries = [convert(root) for root in result.roots]
    pending = [(root, made[id(root)], 1) for root in result.roots]
    while pending:  # level by level, without recursion: a line may hold thousands of levels
        entry, item, depth = pending.pop()
        children = entry.subentries()
        if children and depth >= MAX_DEPTH:
            raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep", children[0].line)
        item.children = [convert(child) for child in children]
        pending.extend((child, made[id(child)], depth + 1) for child in children)
    for entry in result.entries():
        for xref in entry.xrefs:
            target = made.get(id(xref.target)) if xref.target is not None else None
            made[id(entry)].xrefs.append(
                ImportXRef(
                    xref.kind,
                    target_key=target.key if target else None,
                    text="" if target else markup.escape(latex_to_plain(xref.text)),
                    line=xref.line,
                )
            )
    imported.warnings = [f"line {problem.line}: {problem.message}" for problem in result.problems]
    return imported
