"""``xindex makeindex``: the command, quick to start because a LaTeX build runs it on every pass.

This module imports nothing heavy. For a big ``.idx`` it forks a second
process *first*, before either process imports the sorting machinery or
reads the file, and only then do both import :mod:`xindex.jobs.makeindex`
and share the work: its docstring has the measurement that chose this
order. A bug, here or in either process, is reported as one (exit 3, the
details in a file, :func:`xindex.bugs.report_bug`); what a person can fix
is one sentence (exit 2).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from xindex.jobs.fork import MAKEINDEX_SPLIT_SIZE, alone, fork_pair, run_child, why_not

# The exit codes of xindex.core.errors (a test holds them equal), spelled out here for the same reason.
OK, BAD_INPUT, INTERNAL_ERROR = 0, 2, 3

# The names xindex.core.rules and xindex.core.ranges define (a test holds them equal), spelled out
# here so that the command line is built without importing those modules.
RULE_NAMES = ("cms-letter", "cms-word", "iso-letter", "iso-word", "niso-letter", "niso-word")
DEFAULT_RULES = "cms-word"
STDIN = "stdin"  # the name makeindex gives standard input (and standard output) in its transcript


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The makeindex verb's arguments (shared by ``xindex makeindex`` and ``python -m``): makeindex's own
    options (makeindex(1)) and xindex's (``--rules``, ``--lang``, ``--range-rules``, ``--processes``)."""
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="the .idx files LaTeX wrote, read as one index (the .idx suffix may be left out); none with -i",
    )
    parser.add_argument(
        "-s", dest="style", metavar="STYLE", help="a makeindex style file (.ist added; the TeX tree searched)"
    )
    parser.add_argument("-o", dest="output", metavar="FILE.ind", help="output file (default: FILE.ind)")
    parser.add_argument("-t", dest="log", metavar="FILE.ilg", help="transcript file (default: FILE.ilg)")
    parser.add_argument("-q", dest="quiet", action="store_true", help="quiet: nothing on stderr but fatal errors")
    parser.add_argument("-c", dest="compress", action="store_true", help="compress blanks in keys (and trim them)")
    parser.add_argument(
        "-i", dest="stdin", action="store_true", help="read standard input; write standard output unless -o"
    )
    parser.add_argument("-l", dest="letter", action="store_true", help="letter ordering (the letter-by-letter rules)")
    parser.add_argument("-r", dest="no_ranges", action="store_true", help="no implicit page ranges")
    parser.add_argument(
        "-p",
        dest="start_page",
        metavar="NUM",
        help="the index's first page: a number, or any, odd or even (after the last page of FILE.log)",
    )
    parser.add_argument("-g", dest="german", action="store_true", help="German ordering (as --lang de)")
    parser.add_argument(
        "-L", dest="locale", action="store_true", help="sort for the locale's language (LC_ALL, LC_COLLATE, LANG)"
    )
    parser.add_argument(
        "-T", dest="thai", action="store_true", help="Thai support (xindex always sorts Thai by Unicode collation)"
    )
    parser.add_argument("--rules", default=DEFAULT_RULES, choices=RULE_NAMES, help="sort rules")
    parser.add_argument("--lang", default=None, help="language of the headings, for sorting (default: en)")
    parser.add_argument(
        "--cms",
        action="store_true",
        help="the CMS improvements: two successive pages joined (makeindex: three), ranges abbreviated outside"
        " encapsulators such as \\hyperpage, |see and |seealso worded and placed by the rule set (makeindex:"
        " \\see{X}{page})",
    )
    parser.add_argument(
        "--range-rules",
        default=None,
        help="page range rule outside encapsulators: cms, iso or full (default: full, as makeindex)",
    )
    parser.add_argument(
        "--install-shim",
        metavar="DIR",
        help="write a program named makeindex into DIR that runs xindex makeindex (put DIR first on PATH for"
        " the builds that should use it; TeX's makeindex stays where it is)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        choices=(1, 2),
        default=None,
        help="1: one process; 2: a forked child shares a big index (default: 2 when that helps)",
    )


def source_path(file: str) -> str:
    """The .idx to read: ``file``, or ``file.idx`` when only that exists (as makeindex finds it)."""
    # (os.path rather than pathlib: this runs at every start, and pathlib costs 3 ms to import.)
    if not os.path.exists(file) and os.path.splitext(file)[1] != ".idx" and os.path.exists(file + ".idx"):
        return file + ".idx"
    return file


def _wants_two(args: argparse.Namespace, source: str) -> bool:
    if args.processes == 1 or args.stdin or len(args.files) > 1:
        return False
    if args.processes is None:
        try:
            if os.stat(source).st_size < MAKEINDEX_SPLIT_SIZE:
                return False
        except OSError:
            return False
    reason = why_not()
    if reason is not None:
        if args.processes == 2:
            alone(reason)  # (asked for two: say why there is one; by default one is simply chosen)
        return False
    return True


def run_args(args: argparse.Namespace, keep: list[object] | None = None) -> int:
    """Run makeindex's job for parsed arguments: 0 done (even with skipped lines), 2 bad usage or input.

    ``keep``: where to put what the run made, for a caller about to leave without freeing it (freeing a
    hundred thousand entries one by one took 30 ms); only :func:`main` and the forked child leave so.
    """
    if getattr(args, "install_shim", None):
        return install_shim(args.install_shim)
    if not args.files and not args.stdin:
        print("xindex makeindex: give the .idx file to read (or -i to read standard input)", file=sys.stderr)
        return BAD_INPUT
    args.sources = [STDIN] if args.stdin else [source_path(file) for file in args.files]
    source = args.sources[0]
    pair = fork_pair() if _wants_two(args, source) else None
    if pair is not None and pair.child:

        def child() -> None:
            from xindex.jobs import makeindex  # (a failure to import still ends the child, never runs it on)

            makeindex.child_life(pair, lambda: makeindex.child_main(args, source, pair))

        run_child(child)
    from xindex.jobs import makeindex

    return makeindex.run_args(args, source, pair, keep)


SHIM_MARK = "installed by xindex makeindex --install-shim"


def shim_text(windows: bool = os.name == "nt") -> str:
    """The ``makeindex`` program that runs this xindex: a shell script (a .cmd file on Windows) calling this
    Python with :mod:`xindex.makeindex_cli`, or the frozen ``xindex`` program's ``makeindex`` verb."""
    command = [sys.executable, "makeindex"] if getattr(sys, "frozen", False) else [sys.executable, "-m", __name__]
    if windows:
        quoted = " ".join(f'"{part}"' for part in command)
        return f"@echo off\r\nrem makeindex: {SHIM_MARK}\r\n{quoted} %*\r\n"
    quoted = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
    return f'#!/bin/sh\n# makeindex: {SHIM_MARK}\nexec {quoted} "$@"\n'


def install_shim(folder: str, windows: bool = os.name == "nt") -> int:
    """Write the ``makeindex`` shim into ``folder`` (made if missing): 0, or 2 when a ``makeindex`` that is not
    a shim is there already (TeX's own is never replaced)."""
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, "makeindex.cmd" if windows else "makeindex")
    if os.path.lexists(target):
        try:
            with open(target, encoding="utf-8") as file:
                ours = SHIM_MARK in file.read(4096)
        except (OSError, UnicodeDecodeError):
            ours = False
        if not ours:
            print(f"xindex makeindex: {target} exists and is not an xindex shim; not replaced", file=sys.stderr)
            return BAD_INPUT
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as file:
        file.write(shim_text(windows))
    os.chmod(temporary, 0o755)
    os.replace(temporary, target)
    print(f"{target}: makeindex now runs xindex makeindex when {folder} comes first on PATH")
    return OK


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help formatter at the terminal's width, as its default finds it (COLUMNS, else the
    terminal, else 80), without the shutil import (2 ms at every start) that the default makes for it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return argparse.HelpFormatter(prog, width=(columns or 80) - 2)


def run(argv: Sequence[str], keep: list[object] | None = None) -> int:
    """``xindex makeindex`` with command-line arguments; the exit code (2 for bad usage, 3 for a bug)."""
    parser = argparse.ArgumentParser(
        prog="xindex makeindex", description="Sort an .idx into an .ind, as makeindex", formatter_class=_help_formatter
    )
    add_arguments(parser)
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else BAD_INPUT
    try:
        return run_args(args, keep)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        return _failed(error, argv)


def _failed(error: Exception, argv: Sequence[str]) -> int:
    """Say what went wrong as the command line says it: the user's error in one sentence (2), else a bug (3)."""
    from xindex.bugs import printable, report_bug
    from xindex.core.errors import UserError

    if isinstance(error, UserError):
        print(f"xindex makeindex: {printable(str(error))}", file=sys.stderr)
        return BAD_INPUT
    print(f"xindex makeindex: {report_bug(error, ['makeindex', *argv])}", file=sys.stderr)
    return INTERNAL_ERROR


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """``python -m xindex.makeindex_cli``: run, then leave without freeing every object."""
    kept: list[object] = []
    # One short run that frees nothing: the cyclic collector would only walk the growing heap again
    # and again (and, with it on, keeping the run's objects until the exit cost more than freeing them).
    gc.disable()
    code = run(sys.argv[1:] if argv is None else argv, kept)
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and closed: skip freeing a million objects one by one on the way out.
    os._exit(code)


if __name__ == "__main__":
    main()
