"""The command line: the same operations as the GUI.

Exit codes: 0 success, 1 problems found (or nothing to do), 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import apsw

from xindex import __version__
from xindex.app import entries
from xindex.bugs import printable, report_bug
from xindex.core import checks, listing, markup, ranges
from xindex.core import settings as known_settings
from xindex.core.errors import BAD_INPUT, INTERNAL_ERROR, OK, PROBLEMS, UserError
from xindex.core.language import LANGUAGES
from xindex.core.locators import Series, page_text
from xindex.core.model import XRefKind
from xindex.core.rules import DEFAULT_RULES, RULE_SETS
from xindex.store import Document, EditError
from xindex.store.document import storage_error


class UsageError(UserError):
    """Bad arguments: reported on stderr with exit code 2."""


def _open(path: str, *, write: bool) -> Document:
    return Document.open(path, readonly=not write)


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty document."""
    settings = {"rules": args.rules, "language": args.lang}
    if args.range_rules:
        settings["range-rules"] = args.range_rules
    Document.create(args.file, title=args.title, settings=settings).close()
    print(f"created {args.file}")
    return OK


def cmd_set(args: argparse.Namespace) -> int:
    """Change a document setting (re-sorting when it is a sorting setting), or list them."""
    if args.key is None:
        with _open(args.file, write=False) as document:
            stored = document.settings()
        for section in known_settings.SECTIONS:
            print(f"# {section}")
            for known in known_settings.in_section(section):
                value = _shown(known, known.text(stored)) + ("" if known.key in stored else " (default)")
                print(f"{known.key} = {value}".ljust(40) + f"  {known.help}")
        return OK
    known = known_settings.setting(args.key)
    if args.value is None:
        with _open(args.file, write=False) as document:
            print(known.text(document.settings()))
        return OK
    with _open(args.file, write=True) as document:
        document.set_setting(args.key, args.value)
        print(f"{args.key} = {document.setting(args.key)}")
    return OK


def _shown(known: known_settings.Setting[object], value: str) -> str:
    """A value as ``xindex set`` lists it: punctuation quoted, so its spaces show."""
    return repr(value) if known.kind is known_settings.PUNCTUATION else value


def _path(args: argparse.Namespace) -> list[str]:
    return [args.heading, *(args.sub or [])]


def _pages(args: argparse.Namespace) -> str | None:
    """Every --pages given, merged (a second one adds to the first, never replaces it)."""
    return ", ".join(args.pages) if args.pages else None


def cmd_add(args: argparse.Namespace) -> int:
    """Add a heading path with pages and cross-references as one undoable command."""
    references = [(XRefKind.SEE, text) for text in args.see or []] + [
        (XRefKind.SEE_ALSO, text) for text in args.see_also or []
    ]
    with _open(args.file, write=True) as document:
        if args.generic and args.pending:
            raise UsageError("give --generic or --pending, not both")
        missing: dict[str, entries.Missing] = {text: "pending" for _, text in references} if args.pending else {}
        entry_id = entries.add(
            document, _path(args), _pages(args) or "", references, generic=args.generic, missing=missing
        )
        print(document.path_named(entry_id))
    return OK


def cmd_edit(args: argparse.Namespace) -> int:
    """Change a heading's text, Sort As, notes or pages, as one undoable command."""
    if args.sort_as is not None and args.no_sort_as:
        raise UsageError("give --sort-as or --no-sort-as, not both")
    changes: dict[str, object] = {}
    if args.term is not None:
        changes["term"] = args.term
    if args.sort_as is not None or args.no_sort_as:
        changes["sort_as"] = None if args.no_sort_as else args.sort_as
    if args.notes is not None:
        changes["notes"] = args.notes
    if args.pages is not None:
        changes["pages"] = _pages(args)
    if args.add_pages:
        changes["more_pages"] = ", ".join(args.add_pages)
    if not changes:
        raise UsageError("nothing to change: give --term, --sort-as, --no-sort-as, --notes, --pages or --add-pages")
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        entries.edit(document, entry.id, **changes)  # type: ignore[arg-type]  # checked keys, typed values
        _print_entry(document, entry.id)
    return OK


def _print_entry(document: Document, entry_id: int) -> None:
    """An entry as ``list`` prints it: its path, then its pages."""
    pages = ", ".join(locator.plain() for locator in document.locators(entry_id))
    print(document.path_named(entry_id) + (f", {pages}" if pages else ""))


def cmd_rename(args: argparse.Namespace) -> int:
    """Give a heading new text (light markup allowed); it re-sorts."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        entries.edit(document, entry.id, term=args.new)
        print(document.path_named(entry.id))
    return OK


def cmd_replace(args: argparse.Namespace) -> int:
    """Find and replace across headings, notes and Sort As: every change listed, then made as one undo
    step (none with --dry-run); nothing is changed when any change cannot be made."""
    from xindex.app import replace

    asked = args.fields or [",".join(replace.FIELDS)]
    fields = frozenset(field.strip() for part in asked for field in part.split(","))
    find = replace.Find(
        args.find,
        args.replacement,
        regex=args.regex,
        whole_word=args.whole_word,
        case_sensitive=args.case_sensitive,
        fields=fields,
    )
    with _open(args.file, write=not args.dry_run) as document:
        found = replace.changes(document, find)
        for change in found:
            before, after = (
                (markup.plain_text(change.before), markup.plain_text(change.after) if change.after else "")
                if change.field == replace.HEADING
                else (change.before, change.after)
            )
            where = "" if change.field == replace.HEADING else f" ({change.field})"
            problem = f"  [cannot: {change.problem}]" if change.problem else ""
            print(printable(f"{change.path}{where}: {before} → {after}{problem}"))
        if found and not args.dry_run:
            replace.apply(document, find)
        print(f"{replace.summary(found)}{' (dry run: nothing changed)' if args.dry_run else ''}", file=sys.stderr)
    return OK


def cmd_spell(args: argparse.Namespace) -> int:
    """Every unknown word of the headings and notes with the entries that use it (exit 1 when any), or
    accept words into the index's dictionary (--accept)."""
    from xindex.app import spelling

    if args.accept:
        with _open(args.file, write=True) as document:
            new = spelling.accept(document, args.accept)
        print(f"accepted: {', '.join(new)}" if new else "already accepted: nothing to add")
        return OK
    with _open(args.file, write=False) as document:
        speller = spelling.speller_for(document)
        if isinstance(speller, str):
            print(f"xindex spell: {speller}", file=sys.stderr)
            return OK
        unknown = spelling.check_all(document, speller)
        for found in unknown:
            paths = [document.path_named(entry_id) for entry_id in found.entry_ids]
            more = f" (and {len(paths) - 3} more)" if len(paths) > 3 else ""
            hint = speller.suggestions(found.word, limit=3)
            meant = f"  [{', '.join(hint)}?]" if hint else ""
            print(printable(f"{found.word}: {'; '.join(paths[:3])}{more}{meant}"))
    print(f"{len(unknown):,} unknown word{'s' if len(unknown) != 1 else ''}", file=sys.stderr)
    return PROBLEMS if unknown else OK


def cmd_sort_as(args: argparse.Namespace) -> int:
    """Set the text a heading sorts by (``--clear``: sort by the heading itself)."""
    if (args.text is None) == (not args.clear):
        raise UsageError("give the text to sort by, or --clear")
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        entries.edit(document, entry.id, sort_as=None if args.clear else args.text)
        shown = document.entry(entry.id).sort_as
        print(
            f"{document.path_named(entry.id)} sorts as {shown!r}"
            if shown
            else f"{document.path_named(entry.id)} sorts as itself"
        )
    return OK


def _destination(document: Document, args: argparse.Namespace) -> int | None:
    """--to TARGET (a heading, ``heading: subheading``) or --top (None)."""
    if args.top:
        return None
    return entries.target_at(document, args.to, what="destination").id


def cmd_move(args: argparse.Namespace) -> int:
    """Move a heading with its subentries under another heading, or make it a main heading."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        entries.move(document, entry.id, _destination(document, args))
        print(document.path_named(entry.id))
    return OK


def cmd_copy(args: argparse.Namespace) -> int:
    """Double-post a heading (with its subentries unless --alone) under another heading or as a main heading."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        copy_id = entries.copy(document, entry.id, _destination(document, args), with_subentries=not args.alone)
        print(document.path_named(copy_id))
    return OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge a heading into another: pages, subentries, references and groups."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        into = entries.target_at(document, args.into, what="heading to merge into")
        entries.merge(document, entry.id, into.id)
        _print_entry(document, into.id)
    return OK


def cmd_flip(args: argparse.Namespace) -> int:
    """Swap a subheading with its heading: roses: pruning becomes pruning: roses."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        flipped = entries.flip(document, entry.id)
        _print_entry(document, flipped)
    return OK


def cmd_renumber(args: argparse.Namespace) -> int:
    """Repaginate: move every locator from a page on by some pages."""
    renumbering = entries.parse_renumbering(args.first, args.shift)
    with _open(args.file, write=True) as document:
        changed = entries.renumber(document, renumbering)
    print(
        f"{changed} locator{'' if changed == 1 else 's'} moved by {renumbering.shift:+d} from page"
        f" {renumbering.first_text} on"
    )
    return OK if changed else PROBLEMS


def cmd_group(args: argparse.Namespace) -> int:
    """Add headings to a named group, take them out, or list the groups."""
    if args.action == "list":
        with _open(args.file, write=False) as document:
            for name, members in document.groups().items():
                if args.name is None or args.name == name:
                    print(f"{name} ({len(members)})")
                    if args.name is not None:
                        for member in document.in_index_order(members):
                            print(f"  {document.path_named(member)}")
        return OK
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        entries.group(document, args.name, [entry.id], remove=args.action == "remove")
        print(f"{document.path_named(entry.id)}: {', '.join(document.groups_of(entry.id)) or '(no groups)'}")
    return OK


def cmd_xref(args: argparse.Namespace) -> int:
    """Add or remove a cross-reference of a heading."""
    wanted = [(XRefKind.SEE, args.see), (XRefKind.SEE_ALSO, args.see_also), (XRefKind.SEE_UNDER, args.see_under)]
    given = [(kind, text) for kind, text in wanted if text is not None]
    if len(given) != 1:
        raise UsageError(f"xref {args.action}: give one of --see, --see-also or --see-under")
    [(kind, text)] = given
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        if args.action == "add":
            if args.generic and args.pending:
                raise UsageError("give --generic or --pending, not both")
            entries.add_reference(document, entry.id, kind, text, generic=args.generic, pending=args.pending)
        else:
            entries.remove_reference(document, entry.id, kind, text)
        references = "; ".join(
            f"{xref.kind} {document.xref_text(xref) if xref.target_id is None else document.path_named(xref.target_id)}"
            for xref in document.xrefs(entry.id)
        )
        print(f"{document.path_named(entry.id)}: {references or '(no cross-references)'}")
    return OK


def cmd_list(args: argparse.Namespace) -> int:
    """Print the index as an indented tree in sorted order."""
    with _open(args.file, write=False) as document:
        title = known_settings.TITLE.value(document.settings())
        if title and not args.no_title:
            print(title)
            print()
        stored = document.settings()
        rule, adjacent = known_settings.RANGE_RULES.value(stored), known_settings.CONFLATE_ADJACENT.value(stored)
        forms = known_settings.locator_forms(stored)
        for line in listing.lines(document.tree(), range_rule=rule, adjacent=adjacent, forms=forms):
            print(line)
    return OK


def cmd_search(args: argparse.Namespace) -> int:
    """Print the entries matching a query, one path per line."""
    with _open(args.file, write=False) as document:
        found = document.search(args.query, limit=args.limit)
        for entry in found:
            print(document.path_named(entry.id))
    return OK if found else PROBLEMS


def cmd_undo(args: argparse.Namespace) -> int:
    """Undo the last command stored in the document."""
    with _open(args.file, write=True) as document:
        label = document.undo()
    print(f"undid: {label}" if label else "nothing to undo")
    return OK if label else PROBLEMS


def cmd_redo(args: argparse.Namespace) -> int:
    """Redo the last undone command."""
    with _open(args.file, write=True) as document:
        label = document.redo()
    print(f"redid: {label}" if label else "nothing to redo")
    return OK if label else PROBLEMS


def cmd_repair(args: argparse.Namespace) -> int:
    """Mend headings that loop or nest too deep, after a backup copy beside the document."""
    done = Document.repair(args.file)
    for line in done:
        print(line)
    if not done:
        print("nothing to repair: every heading is under a main heading")
        return PROBLEMS
    print(f"a backup of the document as it was: {args.file}.before-repair.bak")
    return OK


def cmd_salvage(args: argparse.Namespace) -> int:
    """Copy what can be read of a damaged document into a new one beside it (the original is not changed)."""
    from xindex.store.salvage import salvage

    report = salvage(args.file, args.output)
    for line in report.lines():
        print(line)
    return OK


def cmd_info(args: argparse.Namespace) -> int:
    """Print counts: entries per level, locators, cross-references, page span."""
    with _open(args.file, write=False) as document:
        info = document.info()
    if args.json:
        print(json.dumps(info.as_json(), indent=2, ensure_ascii=False))
        return OK
    level_names = ["main headings", "subheadings", "sub-subheadings"]
    print(f"title: {info.title or '(none)'}")
    print(f"entries: {info.entries}")
    for depth, count in info.levels.items():
        name = level_names[depth] if depth < len(level_names) else f"level {depth + 1} headings"
        print(f"  {name}: {count}")
    print(f"locators: {info.locators}")
    xrefs = info.xrefs
    print(f"cross-references: {sum(xrefs.values())}")
    for kind in ("see", "see also", "see under"):
        if xrefs.get(kind):
            print(f"  {kind}: {xrefs[kind]}")
    print(f"  generic: {info.generic_xrefs}")
    print(f"  blind: {info.blind_xrefs}")
    spans = info.spans
    parts = []
    if Series.ROMAN in spans:
        low, high = spans[Series.ROMAN]
        low_text, high_text = page_text(Series.ROMAN, low), page_text(Series.ROMAN, high)
        parts.append(low_text if low == high else f"{low_text}–{high_text}")
    if Series.ARABIC in spans:
        low, high = spans[Series.ARABIC]
        parts.append(str(low) if low == high else f"{low}–{high}")
    print(f"page span: {', '.join(parts) if parts else '(no locators)'}")
    print(f"history: {info.history} commands")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    """Run the checks an indexer runs before delivery; exit 1 when anything is found."""
    from xindex.jobs.check import run_check

    overrides: dict[str, str] = {}
    for option, key, value in (
        ("--page-span", "page-span", args.page_span),
        ("--max-locators", "max-undifferentiated", args.max_locators),
    ):
        if value is not None:
            try:
                overrides[key] = known_settings.normalize(key, value)
            except UserError as error:
                raise UsageError(f"{option}: {error}") from None
    report = run_check(args.file, overrides)
    for note in report.notes:
        print(f"xindex: note: {printable(note)}", file=sys.stderr)
    if args.json:
        print(checks.report_json(report.findings))
    else:
        print(checks.format_report(report.findings), end="")
    return PROBLEMS if report.findings else OK


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a heading with its subentries; refuse when others refer to it, unless --force."""
    with _open(args.file, write=True) as document:
        entry = entries.entry_at(document, _path(args))
        try:
            deleted = entries.delete(document, entry.id, force=args.force)
        except EditError as error:
            raise EditError(f"{error} (add --force to delete it anyway, leaving those references blind)") from None
    print(deleted)
    return OK


class _ProgressBar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def cmd_export(args: argparse.Namespace) -> int:
    """Generate the index and write it in the format named by the output's suffix or --format."""
    from xindex.formats.registry import exporter_for
    from xindex.jobs.generate import Cancelled, export

    exporter = exporter_for(args.output, args.format)
    overrides: dict[str, str] = {}
    if args.style:
        overrides["style"] = args.style
    if args.see_also:
        overrides["see-also-position"] = args.see_also
    jobs = 1 if args.serial else args.jobs
    with _open(args.file, write=False):
        pass  # a bad document is reported here, in one sentence, before any work starts
    bar = _ProgressBar(f"exporting {exporter.name}")
    try:
        result = export(args.file, args.output, format=exporter.name, overrides=overrides, jobs=jobs, progress=bar)
    except Cancelled:
        bar.close()
        print("xindex: export cancelled", file=sys.stderr)
        return PROBLEMS
    bar.close()
    if args.json:
        data = {
            "path": str(result.path),
            "format": result.format,
            "paragraphs": result.entries,
            "seconds": round(result.seconds, 3),
            "processes": result.processes,
            "not_kept": list(result.losses),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    mode = "one process" if result.processes == 1 else f"{result.processes} processes"
    print(f"wrote {result.path} ({result.format}, {result.entries:,} paragraphs, {result.seconds:.2f} s, {mode})")
    if result.losses:
        print(f"not kept in {result.format}: " + "; ".join(result.losses) + ".")
    if result.note and (args.jobs or 1) > 1:
        print(f"xindex: note: written in one process: {result.note}", file=sys.stderr)
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    """Add entries from another program's file (IXML, XIML, .idx, CSV/TSV, outline) as one undoable command."""
    from pathlib import Path

    from xindex.formats.importers import import_into

    report, created = import_into(Path(args.file), Path(args.input), format=args.format)
    if args.json:
        data = {
            "created": created,
            "format": report.format,
            "added": report.added,
            "merged": report.merged,
            "locators": report.locators,
            "cross_references": report.xrefs,
            "generic_cross_references": report.generic_xrefs,
            "blind_cross_references": report.blind_xrefs,
            "settings": report.settings,
            "groups": report.groups,
            "warnings": report.warnings,
            "not_kept": report.losses,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    print(("created " if created else "") + str(report))
    return OK


class _Once(argparse._StoreAction):
    """An option that takes one value: given twice, refused (a second --title must not silently win)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        seen: set[str] = namespace.__dict__.setdefault("_given", set())
        if option_string is not None:
            if self.dest in seen:
                parser.error(f"{'/'.join(self.option_strings)} was given twice; give it once")
            seen.add(self.dest)
        super().__call__(parser, namespace, values, option_string)


def _entry_arguments(sub: argparse.ArgumentParser) -> None:
    """HEADING and --sub: the entry a verb works on, named by its headings."""
    sub.add_argument(
        "heading",
        metavar="HEADING",
        help="the main heading as it prints; an italic one in its markup, <i>Nature</i> (Nature is another heading)",
    )
    sub.add_argument("--sub", action="append", metavar="SUBHEADING", help="a subheading level; repeat for deeper")


def _destination_arguments(sub: argparse.ArgumentParser, what: str) -> None:
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="HEADING", help=f"the heading to {what} it under (heading: subheading)")
    where.add_argument("--top", action="store_true", help=f"{what} it as a main heading")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb."""
    parser = argparse.ArgumentParser(prog="xindex", description="Make back-of-book indexes.")
    parser.add_argument("--version", action="version", version=f"xindex {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        return nested(verbs, name, handler, help_text)

    def nested(
        group: Any, name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)
        sub.register("action", None, _Once)
        sub.register("action", "store", _Once)
        sub.set_defaults(handler=handler)
        sub.add_argument("file", metavar="BOOK.xix", help="the index document")
        return sub

    new = verb("new", cmd_new, "create a new, empty index document")
    new.add_argument("--title", help="the index title")
    new.add_argument(
        "--rules", default=DEFAULT_RULES.name, choices=list(RULE_SETS), help="sort rules (default %(default)s)"
    )
    new.add_argument("--lang", default="en", help=f"collation language: {', '.join(LANGUAGES)} (default en)")
    new.add_argument("--range-rules", choices=list(ranges.RANGE_RULES), help="page range style (default cms)")

    set_verb = verb("set", cmd_set, "show or change a document setting (rules, range-rules, language, title, ...)")
    set_verb.add_argument("key", metavar="KEY", nargs="?", help=f"one of: {', '.join(known_settings.KNOWN)}")
    set_verb.add_argument("value", metavar="VALUE", nargs="?", help="the new value (omit to show the current one)")

    add = verb("add", cmd_add, "add a heading (creating missing levels) with pages and cross-references")
    add.add_argument("heading", metavar="HEADING", help="the main heading (light markup such as <i>…</i> allowed)")
    add.add_argument("--sub", action="append", metavar="SUBHEADING", help="a subheading level; repeat for deeper")
    add.add_argument(
        "--pages", action="append", metavar="LOCATORS", help='locators, e.g. "12, 14-16, xii, 45n3" (given twice: both)'
    )
    add.add_argument("--see", action="append", metavar="TARGET", help="a See reference (heading: subheading)")
    add.add_argument("--see-also", action="append", metavar="TARGET", help="a See also reference")
    add.add_argument("--generic", action="store_true", help="references that name no entry are generic")
    add.add_argument(
        "--pending", action="store_true", help="references that name no entry yet wait for it (blind until added)"
    )

    edit = verb("edit", cmd_edit, "change a heading's text, Sort As, notes or pages (one undo step)")
    _entry_arguments(edit)
    edit.add_argument("--term", metavar="TEXT", help="the new heading text (light markup allowed)")
    edit.add_argument("--sort-as", metavar="TEXT", help="sort the heading as this text")
    edit.add_argument("--no-sort-as", action="store_true", help="sort the heading by its own text again")
    edit.add_argument("--notes", metavar="TEXT", help="the indexer's notes (never printed)")
    edit.add_argument("--pages", action="append", metavar="LOCATORS", help="replace the pages with these")
    edit.add_argument("--add-pages", action="append", metavar="LOCATORS", help="add these pages")

    rename = verb("rename", cmd_rename, "give a heading new text (it re-sorts)")
    _entry_arguments(rename)
    rename.add_argument("--to", dest="new", metavar="TEXT", required=True, help="the new heading text")

    spell = verb("spell", cmd_spell, "list the words the dictionary does not know, with their entries (exit 1 if any)")
    spell.add_argument("--accept", nargs="+", metavar="WORD", help="add these words to the index's dictionary")

    replace_verb = verb("replace", cmd_replace, "find and replace in headings, notes and Sort As (one undo step)")
    replace_verb.add_argument("find", metavar="FIND", help="the text to find (a regular expression with --regex)")
    replace_verb.add_argument("replacement", metavar="REPLACE", help=r"the text to put instead (\1 names a group)")
    replace_verb.add_argument("--regex", action="store_true", help="FIND is a regular expression (Python's)")
    replace_verb.add_argument("--whole-word", action="store_true", help="only whole words match")
    replace_verb.add_argument("--case-sensitive", action="store_true", help="capitals matter")
    replace_verb.add_argument(
        "--in",
        dest="fields",
        action="append",
        metavar="FIELDS",
        help="where to look: heading, notes, sort-as, comma-separated (default all three)",
    )
    replace_verb.add_argument("--dry-run", action="store_true", help="list the changes, change nothing")

    sort_as = verb("sort-as", cmd_sort_as, "set the text a heading sorts by (Sort As), or --clear it")
    _entry_arguments(sort_as)
    sort_as.add_argument("--as", dest="text", metavar="TEXT", help='the text to sort by, e.g. "Saint Louis"')
    sort_as.add_argument("--clear", action="store_true", help="sort by the heading's own text")

    move = verb("move", cmd_move, "move a heading with its subentries under another heading (or to the top)")
    _entry_arguments(move)
    _destination_arguments(move, "move")

    copy = verb("copy", cmd_copy, "double-post a heading under another heading (or as a main heading)")
    _entry_arguments(copy)
    _destination_arguments(copy, "copy")
    copy.add_argument("--alone", action="store_true", help="without its subentries")

    merge = verb("merge", cmd_merge, "merge a heading into another: pages, subentries, references, groups")
    _entry_arguments(merge)
    merge.add_argument("--into", metavar="HEADING", required=True, help="the heading that stays (heading: sub)")

    flip = verb("flip", cmd_flip, "swap a subheading with its heading (roses: pruning → pruning: roses)")
    _entry_arguments(flip)

    renumber = verb("renumber", cmd_renumber, "repaginate: move every page from FIRST on by SHIFT pages")
    renumber.add_argument("first", metavar="FIRST", help="the first page that moves, e.g. 120 or xii")
    renumber.add_argument("shift", metavar="SHIFT", help="pages to move by, e.g. +2 or -1")

    def verb_of_actions(name: str, help_text: str, description: str) -> Any:
        """A verb whose work is named by an action (``group add``, ``xref remove``): its actions' group."""
        parser = verbs.add_parser(name, help=help_text, description=description)
        return parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    group_actions = verb_of_actions(
        "group",
        "add a heading to a named group, take it out, or list the groups",
        "Named groups of headings (a chapter, entries to check).",
    )
    for action, help_text in (
        ("add", "put a heading in a group (created when new)"),
        ("remove", "take a heading out of a group (an emptied group goes)"),
    ):
        member = nested(group_actions, action, cmd_group, help_text)
        member.add_argument("name", metavar="GROUP", help="the group's name")
        _entry_arguments(member)
    listing_groups = nested(group_actions, "list", cmd_group, "the groups with their sizes, or one group's headings")
    listing_groups.add_argument("name", metavar="GROUP", nargs="?", help="list this group's headings")

    xref_actions = verb_of_actions(
        "xref",
        "add or remove a heading's cross-reference",
        "Add or remove a See, See also or See under reference.",
    )
    for action, help_text in (
        ("add", "add a cross-reference to a heading"),
        ("remove", "remove one of a heading's cross-references"),
    ):
        reference = nested(xref_actions, action, cmd_xref, help_text)
        _entry_arguments(reference)
        reference.add_argument("--see", metavar="TARGET", help="a See reference (heading: subheading)")
        reference.add_argument("--see-also", metavar="TARGET", help="a See also reference")
        reference.add_argument("--see-under", metavar="TARGET", help="a See under reference")
        if action == "add":
            reference.add_argument(
                "--generic", action="store_true", help="a text that names no entry is a generic reference"
            )
            reference.add_argument(
                "--pending", action="store_true", help="a text that names no entry yet waits for it (blind until added)"
            )

    list_verb = verb("list", cmd_list, "print the index as an indented tree in sorted order")
    list_verb.add_argument("--no-title", action="store_true", help="omit the title line")

    search = verb("search", cmd_search, "find entries by words, prefixes (cat*), phrases, or a page (45, xii)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=200, help="at most this many results (default 200)")

    verb("undo", cmd_undo, "undo the last change (works across sessions)")
    verb("redo", cmd_redo, "redo the last undone change")
    import_verb = verb("import", cmd_import, "add entries from IXML, XindeX .ximl, makeindex .idx, CSV/TSV or outline")
    import_verb.add_argument("input", metavar="INPUT", help="the file to import (the format from its suffix)")
    import_verb.add_argument("--format", help="the format when the suffix does not say it")
    import_verb.add_argument("--json", action="store_true", help="machine-readable output")

    export_verb = verb("export", cmd_export, "write the finished index (txt, html, ...; the format from the suffix)")
    export_verb.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write, e.g. index.html")
    export_verb.add_argument("--format", help="the format when the suffix does not say it")
    export_verb.add_argument("--style", help="indented, run-in (from the main heading) or run-in:LEVEL")
    export_verb.add_argument("--see-also", choices=["after", "first", "last"], help="where See also goes")
    export_verb.add_argument("--json", action="store_true", help="machine-readable output")
    workers = export_verb.add_mutually_exclusive_group()
    workers.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="write the index in N parts, each in a process of its own (default: two for a big"
        " index where that helps; at most the cores this machine has)",
    )
    workers.add_argument("--serial", action="store_true", help="do all the work in this process")

    from xindex import makeindex_cli

    makeindex_verb = verbs.add_parser(
        "makeindex",
        help="a drop-in for makeindex: FILE.idx in, FILE.ind out, sorted by Unicode rules",
        description="Sort a LaTeX .idx by publishers' rules and write the .ind, as makeindex does.",
    )
    makeindex_cli.add_arguments(makeindex_verb)
    makeindex_verb.set_defaults(handler=makeindex_cli.run_args)

    verb("repair", cmd_repair, "mend headings that loop or nest too deep (a backup of the file is kept)")
    salvage = verb("salvage", cmd_salvage, "copy what can be read of a damaged document into a new one beside it")
    salvage.add_argument("-o", "--output", metavar="NEW.xix", help="the new document (default BOOK.salvaged.xix)")
    info = verb("info", cmd_info, "print counts of entries, locators, cross-references and the page span")
    info.add_argument("--json", action="store_true", help="machine-readable output")

    check = verb("check", cmd_check, "check the index before delivery: blind or circular references, dead ends, …")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument(
        "--max-locators",
        metavar="N",
        help="most page locators a heading may have without subheadings"
        " (default: the document's max-undifferentiated setting, else 6)",
    )
    check.add_argument(
        "--page-span",
        metavar="PAGES",
        help="the book's pages, e.g. \"i-xvi, 1-320\" (default: the document's page-span setting)",
    )

    delete = verb("delete", cmd_delete, "delete a heading with its subentries")
    _entry_arguments(delete)
    delete.add_argument(
        "--force", action="store_true", help="delete even when other entries refer to it (their references go blind)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
        return result
    except BrokenPipeError:  # `xindex list BOOK | head`: the reader has all it wanted
        _silence_stdout()
        return OK
    except KeyboardInterrupt:
        return 130
    except UserError as error:
        print(f"xindex: {printable(str(error))}", file=sys.stderr)
        return BAD_INPUT
    except apsw.Error as error:
        name = os.path.basename(str(getattr(args, "file", "the document")))
        print(f"xindex: {printable(str(storage_error(name, error)))}", file=sys.stderr)
        return BAD_INPUT
    except OSError as error:  # a file that cannot be read or written: the machine's, not xindex's, problem
        if error.errno == errno.ENOSPC:
            name = os.path.basename(str(getattr(args, "file", "")))
            print(
                f"xindex: the disk holding {name or 'the file'} is full; nothing was changed: free some space and"
                " try again",
                file=sys.stderr,
            )
        else:
            print(f"xindex: {printable(str(error))}", file=sys.stderr)
        return BAD_INPUT
    except Exception as error:
        print(f"xindex: {report_bug(error, argv)}", file=sys.stderr)
        return INTERNAL_ERROR


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's last flush meets no closed pipe either."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
