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

import apsw
import roman

from xindex import __version__
from xindex.core import checks, listing, ranges
from xindex.core import settings as known_settings
from xindex.core.errors import UserError
from xindex.core.language import LANGUAGES
from xindex.core.locators import Series
from xindex.core.model import XRefKind
from xindex.core.rules import DEFAULT_RULES, RULE_SETS
from xindex.store import Document, EditError
from xindex.store.document import storage_error

OK, PROBLEMS, BAD_INPUT = 0, 1, 2


INTERNAL_ERROR = 3


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


def _resolve_target(document: Document, text: str) -> int | None:
    """Find a cross-reference target written as a path ``heading: subheading``."""
    whole = document.find_path([text])
    if whole is not None:
        return whole.id
    parts = [part.strip() for part in text.split(":")]
    found = document.find_path(parts)
    return found.id if found else None


def cmd_add(args: argparse.Namespace) -> int:
    """Add a heading path with pages and cross-references as one undoable command."""
    path = [args.heading, *(args.sub or [])]
    with _open(args.file, write=True) as document, document.command(f"Add “{': '.join(path)}”"):
        entry_id = document.add_path(path, args.pages or "")
        for kind, targets in ((XRefKind.SEE, args.see), (XRefKind.SEE_ALSO, args.see_also)):
            for target in targets or []:
                target_id = _resolve_target(document, target)
                if target_id is None and not args.generic:
                    raise EditError(
                        f"there is no heading “{target}” to refer to (write heading: subheading for a subentry,"
                        " or add --generic for a generic reference)"
                    )
                document.add_xref(entry_id, kind, target_id=target_id, text=target if target_id is None else "")
        print(document.path_text(entry_id))
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
        for line in listing.lines(document.tree(), range_rule=rule, adjacent=adjacent):
            print(line)
    return OK


def cmd_search(args: argparse.Namespace) -> int:
    """Print the entries matching a query, one path per line."""
    with _open(args.file, write=False) as document:
        found = document.search(args.query, limit=args.limit)
        for entry in found:
            print(document.path_text(entry.id))
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
        info["spans"] = {series.name.lower(): list(span) for series, span in info["spans"].items()}
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return OK
    level_names = ["main headings", "subheadings", "sub-subheadings"]
    print(f"title: {info['title'] or '(none)'}")
    print(f"entries: {info['entries']}")
    for depth, count in info["levels"].items():
        name = level_names[depth] if depth < len(level_names) else f"level {depth + 1} headings"
        print(f"  {name}: {count}")
    print(f"locators: {info['locators']}")
    xrefs = info["xrefs"]
    print(f"cross-references: {sum(xrefs.values())}")
    for kind in ("see", "see also", "see under"):
        if xrefs.get(kind):
            print(f"  {kind}: {xrefs[kind]}")
    print(f"  generic: {info['generic_xrefs']}")
    print(f"  blind: {info['blind_xrefs']}")
    spans = info["spans"]
    parts = []
    if Series.ROMAN in spans:
        low, high = spans[Series.ROMAN]
        parts.append(_roman(low) if low == high else f"{_roman(low)}–{_roman(high)}")
    if Series.ARABIC in spans:
        low, high = spans[Series.ARABIC]
        parts.append(str(low) if low == high else f"{low}–{high}")
    print(f"page span: {', '.join(parts) if parts else '(no locators)'}")
    print(f"history: {info['history']} commands")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    """Run the checks an indexer runs before delivery; exit 1 when anything is found."""
    from xindex.jobs.check import run_check

    overrides: dict[str, str] = {}
    for option, key, value in (("--page-span", "page-span", args.page_span),
                               ("--max-locators", "max-undifferentiated", args.max_locators)):  # fmt: skip
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
    path = [args.heading, *(args.sub or [])]
    with _open(args.file, write=True) as document:
        entry = document.find_path(path)
        if entry is None:
            raise EditError(f"there is no heading “{': '.join(path)}”")
        name = document.path_text(entry.id)
        blind_before = int(document.info()["blind_xrefs"]) if args.force else 0
        try:
            deleted = document.delete_entry(entry.id, force=args.force)
        except EditError as error:
            raise EditError(f"{error} (add --force to delete it anyway, leaving those references blind)") from None
        blinded = int(document.info()["blind_xrefs"]) - blind_before if args.force else 0
    below = deleted - 1
    message = f"deleted “{name}”" + (f" and {below} {'subentry' if below == 1 else 'subentries'}" if below else "")
    if blinded:
        message += (
            f"; {blinded} cross-reference{' is' if blinded == 1 else 's are'} now blind (xindex check lists them)"
        )
    print(message)
    return OK


def _roman(value: int) -> str:
    return str(roman.toRoman(value)).lower()


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
    from xindex.formats import exporter_for
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
    mode = "serial" if result.jobs == 1 else f"{result.jobs} processes"
    print(f"wrote {result.path} ({result.format}, {result.entries:,} paragraphs, {result.seconds:.2f} s, {mode})")
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    """Add entries from another program's file (IXML, XIML, .idx, CSV/TSV, outline) as one undoable command."""
    from pathlib import Path

    from xindex.formats.importers import import_file

    target = Path(args.file)
    created = not target.exists()
    document = Document.create(target) if created else Document.open(target)
    try:
        report = import_file(document, Path(args.input), format=args.format)
    except BaseException:
        document.close()
        if created:
            for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    document.close()
    print(("created " if created else "") + str(report))
    return OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb."""
    parser = argparse.ArgumentParser(prog="xindex", description="Make back-of-book indexes.")
    parser.add_argument("--version", action="version", version=f"xindex {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text)
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
    add.add_argument("--pages", metavar="LOCATORS", help='locators, e.g. "12, 14-16, xii, 45n3"')
    add.add_argument("--see", action="append", metavar="TARGET", help="a See reference (heading: subheading)")
    add.add_argument("--see-also", action="append", metavar="TARGET", help="a See also reference")
    add.add_argument("--generic", action="store_true", help="references that name no entry are generic")

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

    export_verb = verb("export", cmd_export, "write the finished index (txt, html, ...; the format from the suffix)")
    export_verb.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write, e.g. index.html")
    export_verb.add_argument("--format", help="the format when the suffix does not say it")
    export_verb.add_argument("--style", help="indented, run-in (from the main heading) or run-in:LEVEL")
    export_verb.add_argument("--see-also", choices=["after", "first", "last"], help="where See also goes")
    workers = export_verb.add_mutually_exclusive_group()
    workers.add_argument("--jobs", type=int, metavar="N",
                         help="worker processes (default: chosen by size; at most the cores this machine has)")
    workers.add_argument("--serial", action="store_true", help="do all the work in this process")

    from xindex.formats import makeindex_cli

    makeindex_verb = verbs.add_parser(
        "makeindex", help="a drop-in for makeindex: FILE.idx in, FILE.ind out, sorted by Unicode rules",
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
    delete.add_argument("heading", metavar="HEADING", help="the main heading")
    delete.add_argument("--sub", action="append", metavar="SUBHEADING", help="a subheading level; repeat for deeper")
    delete.add_argument(
        "--force", action="store_true", help="delete even when other entries refer to it (their references go blind)"
    )
    return parser


def printable(text: str) -> str:
    """A message on one line with nothing a terminal would act on: control characters (a crafted file's
    escape sequences, line breaks) are shown escaped."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode("ascii") for char in text
    )


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
            print(f"xindex: the disk holding {name or 'the file'} is full; nothing was changed: free some space and"
                  " try again", file=sys.stderr)  # fmt: skip
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


def report_bug(error: BaseException, argv: Sequence[str] | None = None) -> str:
    """Write an internal error's details to a file; return one line saying it is a bug and where they are."""
    import tempfile
    import time
    import traceback

    path = os.path.join(tempfile.gettempdir(), f"xindex-bug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt")
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"xindex {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n")
            handle.write(f"arguments: {list(sys.argv[1:] if argv is None else argv)!r}\n\n")
            handle.write("".join(traceback.format_exception(error)))
        where = f"the details are in {path}"
    except OSError:
        where = "the details could not be written"
    return (f"internal error (a bug in xindex, not a problem with your input): {type(error).__name__}: "
            f"{printable(str(error))[:200]}; {where}; please report it")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
