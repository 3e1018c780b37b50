"""CSV and TSV: an index as spreadsheet rows, one per heading path and locator.

Columns (the header row names them, in any order; case, spaces, ``-`` and
``_`` do not matter)::

    level1, level2, ..., locator, see, see_also, see_under, sort_as, notes

``levelN`` holds the heading at level N (``level1`` the main heading; the
aliases ``heading``/``main``, ``subheading``/``sub``, ``subsubheading`` name
levels 1–3), with our light markup (``<i>…</i>``). ``locator`` holds one
locator, or several separated by commas, in the typed syntax (``12``,
``14–16``, ``<b>20</b>``, ``xii``, ``45n3``). ``see``, ``see_also`` and
``see_under`` name a cross-reference's target by its path (``function:
reference``), or by its levels joined with `` > `` (``Hamlet > a study``,
which the export writes where a main heading is called ``Hamlet: a study``);
a target that names no heading is kept as a generic reference. ``sort_as``
and ``notes`` belong to the row's heading (the first non-empty value wins).

Export writes, for each heading, one row per locator and one per
cross-reference (in its column), and a bare row for a heading that has
neither and no subheadings, or that carries a Sort As or notes, so that the
file imports back into the same index. Import reads CSV (the delimiter
sniffed from the header: comma, semicolon or tab) or TSV (tab), merges rows
with the same heading path, and refuses a bad locator or an empty level
with the row's line and the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from xindex.core import locators as loc
from xindex.core.model import MAX_DEPTH, IndexNode, XRefKind
from xindex.core.settings import CSV_FORMULAS
from xindex.formats.importers import (
    EntryTree,
    ImportedIndex,
    ImportEntry,
    ImportFileError,
    ImportXRef,
    Row,
    clean_term,
    decode_text,
)
from xindex.formats.xmltext import NOT_XML
from xindex.store.reading import Snapshot

XREF_COLUMNS = {"see": XRefKind.SEE, "see_also": XRefKind.SEE_ALSO, "see_under": XRefKind.SEE_UNDER}
OTHER_COLUMNS = ("locator", "see", "see_also", "see_under", "sort_as", "notes")
_ALIASES = {
    "heading": "level1",
    "main": "level1",
    "mainheading": "level1",
    "subheading": "level2",
    "sub": "level2",
    "subsubheading": "level3",
    "locators": "locator",
    "pages": "locator",
    "page": "locator",
    "seealso": "see_also",
    "seeunder": "see_under",
    "sortas": "sort_as",
    "note": "notes",
}
_LEVEL = re.compile(r"level(\d+)")


def _column(name: str) -> str:
    """A header cell as a column key: ``Level 1`` → ``level1``, ``See also`` → ``see_also``."""
    key = re.sub(r"[\s_-]+", "", name.strip().lower())
    if key in _ALIASES:
        return _ALIASES[key]
    if _LEVEL.fullmatch(key):
        return key
    return {"seealso": "see_also", "seeunder": "see_under", "sortas": "sort_as"}.get(key, key)


# ---------------------------------------------------------------------- export


# Between the levels of a target that the usual ``heading: subheading`` would not name (a main heading is
# written so: "Hamlet: a study" beside Hamlet › a study); cells hold markup, where ">" in text is "&gt;".
PATH_SEPARATOR = " > "


def _target_name(document: Snapshot, target_id: int) -> str:
    """A linked target as the cell names it: ``class: attributes``, as a person types it, unless that names
    another heading (the one rule, :meth:`find_target`); then its levels joined by `` > ``."""
    terms = [entry.term for entry in document.ancestry(target_id)]
    name = ": ".join(terms)
    found = document.find_target(name)
    return name if found is not None and found.id == target_id else PATH_SEPARATOR.join(terms)


def export_csv_document(document: Snapshot, *, delimiter: str = ",") -> str:
    """The document's entries as CSV (``delimiter=","``) or TSV (``"\\t"``) rows with a header."""
    roots = document.tree()
    depth = 1
    stack = [(node, 1) for node in roots]
    while stack:
        node, level = stack.pop()
        depth = max(depth, level)
        stack.extend((child, level + 1) for child in node.children)
    header = [f"level{level}" for level in range(1, depth + 1)] + list(OTHER_COLUMNS)
    keep_formulas = CSV_FORMULAS.value(document.settings())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    walk: list[tuple[IndexNode, list[str]]] = [(node, []) for node in reversed(roots)]
    while walk:
        node, above = walk.pop()
        path = [*above, node.entry.term]
        levels = path + [""] * (depth - len(path))
        rows: list[dict[str, str]] = [{"locator": locator.canonical()} for locator in node.locators]
        for xref, _label in node.xrefs:
            column = {value: key for key, value in XREF_COLUMNS.items()}[xref.kind]
            # Cells hold markup, as the heading cells do: the target's path is written from its terms.
            target = xref.text if xref.target_id is None else _target_name(document, xref.target_id)
            rows.append({column: target})
        if not rows and (not node.children or node.entry.sort_as or node.entry.notes):
            rows.append({})
        for index, row in enumerate(rows):
            if index == 0:
                row["sort_as"] = node.entry.sort_as or ""
                row["notes"] = node.entry.notes
            cells = [_cell(level) for level in levels] + [_cell(row.get(column, "")) for column in OTHER_COLUMNS]
            writer.writerow([_inert(cell, keep_formulas=keep_formulas) for cell in cells])
        walk.extend((child, path) for child in reversed(node.children))
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str, *, keep_formulas: bool = False) -> str:
    """A cell a spreadsheet will not run as a formula: one that begins like one gets a leading apostrophe
    (OWASP's advice against CSV injection), and so does one that begins with an apostrophe (or the importer,
    which takes one apostrophe off again, would change it)."""
    return f"'{text}" if text.startswith("'") or (not keep_formulas and text.startswith(FORMULA_STARTS)) else text


def _plain_cell(cell: str) -> str:
    """A cell as it was before :func:`_inert`: one leading apostrophe taken off before a formula's first
    character or another apostrophe."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


def _cell(text: str) -> str:
    """A cell without line breaks or tabs (they would break a TSV row), nor control characters."""
    text = NOT_XML.sub("", text)
    return " ".join(text.split()) if any(char in text for char in "\t\r\n") else text


def export_tsv_document(document: Snapshot) -> str:
    """The document's entries as tab-separated rows with a header."""
    return export_csv_document(document, delimiter="\t")


# ---------------------------------------------------------------------- import


def read_rows(text: str, delimiter: str | None = None) -> ImportedIndex:
    """Parse CSV/TSV text (delimiter sniffed from the header when None) into an imported tree."""
    format, rows = stream_rows(text, delimiter)
    tree = EntryTree()
    for above, entry in rows:
        parent: ImportEntry | None = None
        for term, plain in above:
            parent = tree.child(parent, term, plain, entry.line)
        merged = tree.child(parent, entry.term, entry.plain, entry.line)
        merged.locators.extend(entry.locators)
        merged.xrefs.extend(entry.xrefs)
        merged.sort_as = merged.sort_as or entry.sort_as
        merged.notes = merged.notes or entry.notes
    imported = ImportedIndex(format)
    imported.entries = tree.roots
    return imported


def stream_rows(text: str, delimiter: str | None = None) -> tuple[str, Iterator[Row]]:
    """The format's name and its rows as they are read: each a heading path and the row's entry."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError("the file is empty (it needs a header row naming its columns)", 1)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count) if any(char in first for char in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    format = "TSV" if delimiter == "\t" else "CSV"
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFileError(f"not valid {format} ({error})", reader.line_num) from None
    columns = [_column(name) for name in header]
    _check_header(header, columns)
    levels = sorted(
        (int(_LEVEL.fullmatch(column).group(1)), index)  # type: ignore[union-attr]
        for index, column in enumerate(columns)
        if _LEVEL.fullmatch(column)
    )

    def rows() -> Iterator[Row]:
        line = reader.line_num
        try:
            for row in reader:
                start, line = line + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(columns):
                    raise ImportFileError(
                        f"the row has {len(row)} cells but the header names {len(columns)} columns", start
                    )
                row = [_plain_cell(cell) for cell in row]
                cells = dict(zip(columns, [*row, *[""] * (len(columns) - len(row))], strict=True))
                yield _read_row(cells, [row[index] if index < len(row) else "" for _, index in levels], start)
        except csv.Error as error:
            raise ImportFileError(f"not valid {format} ({error})", reader.line_num) from None

    return format, rows()


def _check_header(header: list[str], columns: list[str]) -> None:
    seen: dict[str, str] = {}
    for name, column in zip(header, columns, strict=True):
        if not column:
            raise ImportFileError("the header has an empty column name", 1)
        if not (_LEVEL.fullmatch(column) or column in OTHER_COLUMNS):
            known = "level1, level2, …, " + ", ".join(OTHER_COLUMNS)
            raise ImportFileError(f"the header names an unknown column '{name.strip()}' (known: {known})", 1)
        if column in seen:
            raise ImportFileError(f"the header names the column '{name.strip()}' twice", 1)
        seen[column] = name
    numbers = sorted(int(match.group(1)) for column in columns if (match := _LEVEL.fullmatch(column)))
    if len(numbers) > MAX_DEPTH:
        raise ImportFileError(
            f"the header names {len(numbers):,} heading levels; headings nest {MAX_DEPTH} levels deep at most", 1
        )
    if not numbers:
        raise ImportFileError("the header names no heading column (level1, level2, …)", 1)
    if numbers != list(range(1, len(numbers) + 1)):
        raise ImportFileError("the heading columns must be level1, level2, … without a gap", 1)


def _read_row(cells: dict[str, str], headings: list[str], line: int) -> Row:
    while headings and not headings[-1].strip():
        headings.pop()
    if not headings:
        raise ImportFileError("the row has no heading (level1 is empty)", line)
    path: list[tuple[str, str]] = []
    for level, text in enumerate(headings, start=1):
        if not text.strip():
            raise ImportFileError(f"level{level} is empty but a deeper level is not", line)
        path.append(clean_term(text, line))
    term, plain = path.pop()
    entry = ImportEntry(term, plain, line=line)
    locators = cells.get("locator", "").strip()
    if locators:
        try:
            entry.locators.extend(loc.parse_locators(locators))
        except loc.LocatorError as error:
            raise ImportFileError(f"bad locator for “{entry.plain}”: {error}", line) from None
    for column, kind in XREF_COLUMNS.items():
        target = cells.get(column, "").strip()
        if target:
            text, _ = clean_term(target, line, "cross-reference")
            # (a person may type "values > 10": the levels are only the second reading, after the whole text)
            levels = [level.strip() for level in target.split(PATH_SEPARATOR)]
            paths = [[clean_term(level, line, "cross-reference")[0] for level in levels]] if all(levels) else []
            entry.xrefs.append(
                ImportXRef(kind, target_path=[text], text=text, line=line, other_paths=paths if len(levels) > 1 else [])
            )
    entry.sort_as = cells.get("sort_as", "").strip() or None
    entry.notes = cells.get("notes", "").strip()
    return path, entry


def read_csv(data: str | bytes) -> ImportedIndex:
    """CSV rows (delimiter sniffed from the header), read as the store applies them (a million rows never
    make a million objects at once)."""
    format, rows = stream_rows(decode_text(data))
    return ImportedIndex(format, label="Import CSV rows", rows=rows)


def read_tsv(data: str | bytes) -> ImportedIndex:
    """Tab-separated rows, read as the store applies them."""
    format, rows = stream_rows(decode_text(data), "\t")
    return ImportedIndex(format, label="Import TSV rows", rows=rows)
