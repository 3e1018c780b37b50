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

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import argparse

from xindex.jobs.fork import MAKEINDEX_SPLIT_SIZE, alone, fork_pair, run_child, why_not

# The exit codes of xindex.core.errors (a test holds them equal), spelled out here for the same reason.
OK, BAD_INPUT, INTERNAL_ERROR = 0, 2, 3

# The names xindex.core.rules and xindex.core.ranges define (a test holds them equal), spelled out
# here so that the command line is built without importing those modules.
RULE_NAMES = ("cms-letter", "cms-word", "iso-letter", "iso-word", "niso-letter", "niso-word")
DEFAULT_RULES = "cms-word"
STDIN = "stdin"  # the name makeindex gives standard input (and standard output) in its transcript


# makeindex's own options (makeindex(1); -L and -T are upmendex's): (flag, destination, its value's name or
# None for a switch, help). The one table for argparse (add_arguments) and for the quick parse of a build's
# usual command line (quick_args), which spares each LaTeX pass argparse's import.
OPTIONS: tuple[tuple[str, str, str | None, str], ...] = (
    ("-s", "style", "STYLE", "a makeindex style file (.ist added; the TeX tree searched)"),
    ("-o", "output", "FILE.ind", "output file (default: FILE.ind)"),
    ("-t", "log", "FILE.ilg", "transcript file (default: FILE.ilg)"),
    ("-q", "quiet", None, "quiet: nothing on stderr but fatal errors"),
    ("-c", "compress", None, "compress blanks in keys (and trim them)"),
    ("-i", "stdin", None, "read standard input; write standard output unless -o"),
    ("-l", "letter", None, "letter ordering (the letter-by-letter rules)"),
    ("-r", "no_ranges", None, "no implicit page ranges"),
    (
        "-p",
        "start_page",
        "NUM",
        "the index's first page: a number, or any, odd or even (after the last page of FILE.log)",
    ),
    ("-g", "german", None, "German ordering (as --lang de)"),
    ("-L", "locale", None, "sort for the locale's language (LC_ALL, LC_COLLATE, LANG)"),
    ("-T", "thai", None, "Thai support (xindex always sorts Thai by Unicode collation)"),
)
# The defaults of xindex's own options, which only argparse reads.
LONG_DEFAULTS: dict[str, object] = {
    "rules": DEFAULT_RULES,
    "lang": None,
    "cms": False,
    "range_rules": None,
    "install_shim": None,
    "processes": None,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The makeindex verb's arguments (shared by ``xindex makeindex`` and ``python -m``): makeindex's own
    options (makeindex(1)) and xindex's (``--rules``, ``--lang``, ``--range-rules``, ``--processes``)."""
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="the .idx files LaTeX wrote, read as one index (the .idx suffix may be left out); none with -i",
    )
    for flag, destination, value, explained in OPTIONS:
        if value is None:
            parser.add_argument(flag, dest=destination, action="store_true", help=explained)
        else:
            parser.add_argument(flag, dest=destination, metavar=value, help=explained)
    parser.add_argument("--rules", default=LONG_DEFAULTS["rules"], choices=RULE_NAMES, help="sort rules")
    parser.add_argument(
        "--lang", default=LONG_DEFAULTS["lang"], help="language of the headings, for sorting (default: en)"
    )
    parser.add_argument(
        "--cms",
        action="store_true",
        help="the CMS improvements: two successive pages joined (makeindex: three), ranges abbreviated outside"
        " encapsulators such as \\hyperpage, |see and |seealso worded and placed by the rule set (makeindex:"
        " \\see{X}{page})",
    )
    parser.add_argument(
        "--range-rules",
        default=LONG_DEFAULTS["range_rules"],
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
        default=LONG_DEFAULTS["processes"],
        help="1: one process; 2: a forked child shares a big index (default: 2 when that helps)",
    )


def quick_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a command line of files and makeindex's own options (``-q -s gind.ist x.idx``, flags
    grouped as ``-ql``), read without argparse; None for anything else (xindex's long options, ``-h``, a
    mistake), which argparse then reads, helps with or rejects."""
    switches = {flag[1]: destination for flag, destination, value, _ in OPTIONS if value is None}
    valued = {flag[1]: destination for flag, destination, value, _ in OPTIONS if value is not None}
    found: dict[str, object] = {destination: False if value is None else None for _, destination, value, _ in OPTIONS}
    found |= LONG_DEFAULTS
    files: list[str] = []
    index = 0
    while index < len(argv):
        argument = argv[index]
        index += 1
        if argument == "-" or not argument.startswith("-"):
            files.append(argument)
            continue
        for position, letter in enumerate(argument[1:], 1):
            if letter in switches:
                found[switches[letter]] = True
            elif letter in valued:
                value = argument[position + 1 :]
                if not value:
                    if index >= len(argv):
                        return None
                    value = argv[index]
                    index += 1
                found[valued[letter]] = value
                break
            else:
                return None
    found["files"] = files
    from types import SimpleNamespace

    return SimpleNamespace(**found)  # type: ignore[return-value]


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
    import argparse

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
    args = quick_args(argv)
    if args is None:
        import argparse

        parser = argparse.ArgumentParser(
            prog="xindex makeindex",
            description="Sort an .idx into an .ind, as makeindex",
            formatter_class=_help_formatter,
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
