"""The ``xindex makeindex`` run: its job read from the arguments and files, its outputs and transcript.

:func:`prepare` reads what a run needs (the style, the ``.idx``, the sort
and range rules) or says what is wrong (exit 2); :func:`run_job` checks
where the ``.ind`` and ``.ilg`` go, has the conversion done by the function
it is given (one process, or two: :mod:`xindex.jobs.makeindex`), writes the
``.ind`` through :mod:`xindex.formats.output` and the transcript as
makeindex words it. The command line is :mod:`xindex.makeindex_cli`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xindex import __version__
from xindex.core.errors import BAD_INPUT, OK
from xindex.core.formatter import FormatOptions
from xindex.core.language import normalize_language
from xindex.core.ranges import range_rule
from xindex.core.rules import rule_set
from xindex.core.sorting import SortKeys, SortOptions
from xindex.formats.makeindex.style import IdxProblem, IstStyle, read_style
from xindex.formats.makeindex.texpaths import find_style, openout_refusal
from xindex.formats.makeindex.writer import Conversion
from xindex.formats.output import OutputRefusedError, check_target, write_output


@dataclass
class Job:
    """What a run needs: the .idx text and the encoding to write in, the style, sort keys, layout, and the
    transcript so far."""

    text: str
    encoding: str
    style: IstStyle
    keys: SortKeys
    options: FormatOptions
    transcript: list[str]


Converter = Callable[[Job], Conversion]
FATAL = 1  # makeindex's exit code when it cannot go on: no such style file, an output TeX forbids


def speaker(args: argparse.Namespace) -> Callable[[str], None]:
    """Where the run's messages go: stderr, or nowhere with ``-q``."""
    return (lambda _text: None) if args.quiet else (lambda text: print(text, file=sys.stderr))


def prepare(args: argparse.Namespace, source: str, say: Callable[[str], None]) -> Job | int:
    """What a run needs, read from the arguments and files; or the exit code of what went wrong."""
    try:
        language = normalize_language(args.lang)
        rule = range_rule(args.range_rules)
        rules = rule_set(args.rules)
    except ValueError as error:
        say(f"xindex makeindex: {error}")
        return BAD_INPUT
    transcript = [f"This is xindex makeindex, version {__version__}."]
    style = IstStyle()
    if args.style:
        style_path = find_style(args.style)
        if style_path is None:  # (makeindex's words and exit code, said even with -q)
            print(f"Index style file {args.style} not found.", file=sys.stderr)
            return FATAL
        try:
            style_text = read_text(style_path)[0]
        except OSError as error:
            say(f"xindex makeindex: cannot read the style file {style_path}: {error.strerror or error}")
            return BAD_INPUT
        style = read_style(style_text)
        transcript.append(f"Scanning style file {style_path}...done ({len(style.problems)} problems).")
        transcript.extend(problem_lines(style_path, style.problems, "Input style error"))
    try:
        text, encoding = read_text(source)
    except OSError as error:
        say(f"xindex makeindex: cannot read {source}: {error.strerror or error}")
        return BAD_INPUT
    keys = SortKeys(SortOptions(rules, language))
    # makeindex joins runs of pages, and prints quotes as the .idx has them (LaTeX source)
    options = FormatOptions(range_rule=rule, conflate_adjacent=True, curly_quotes=False)
    return Job(text, encoding, style, keys, options, transcript)


def run_job(args: argparse.Namespace, source: str, job: Job, say: Callable[[str], None], convert: Converter) -> int:
    """Convert by ``convert`` and write the .ind and the transcript: 0 done (even with skipped lines), 2 when
    an output cannot be written."""
    stem, suffix = os.path.splitext(source)
    base = os.path.splitext(stem)[0] if suffix == ".idx" else stem  # (as pathlib's with_suffix would)
    output: str = args.output or base + ".ind"
    log_path: str = args.log or base + ".ilg"
    for target, what in ((output, "output index file"), (log_path, "transcript file")):
        refusal = openout_refusal(target)
        if refusal is not None:  # (TeX's write protection: makeindex's words and exit code)
            # (said even with -q, as makeindex says its fatal errors)
            print(f"xindex makeindex: {refusal}\nCan't create {what} {target}.", file=sys.stderr)
            return FATAL
        try:
            check_target(target, sources=[source])
        except OutputRefusedError as error:
            say(f"xindex makeindex: {error}")
            return BAD_INPUT
    done = convert(job)
    ind, problems = done.ind, done.problems
    transcript = job.transcript
    transcript.append(
        f"Scanning input file {source}....done ({done.accepted} entries accepted, {done.rejected} rejected)."
    )
    rejected = [problem for problem in problems if problem.rejected]
    warnings = [problem for problem in problems if not problem.rejected]
    transcript.extend(problem_lines(str(source), rejected, "Input index error"))
    transcript.append("Sorting entries....done.")
    try:
        write_output(output, ind, encoding=job.encoding, errors="replace", newline=None, sources=[source])
    except OutputRefusedError as error:
        say(f"xindex makeindex: {error}")
        return BAD_INPUT
    except OSError as error:
        say(f"xindex makeindex: cannot write {output}: {error.strerror or error}")
        return BAD_INPUT
    transcript.append(
        f"Generating output file {output}....done ({ind.count(chr(10))} lines written, {len(warnings)} warnings)."
    )
    transcript.extend(problem_lines(str(source), warnings, "Warning"))
    transcript.append(f"Output written in {output}.")
    transcript.append(f"Transcript written in {log_path}.")
    try:
        write_output(log_path, "\n".join(transcript) + "\n", newline=None, sources=[source])
    except (OSError, OutputRefusedError) as error:
        reason = error if isinstance(error, OutputRefusedError) else error.strerror or error
        say(f"xindex makeindex: cannot write the transcript {log_path}: {reason}")
    say("\n".join(transcript))
    return OK


def read_text(path: str) -> tuple[str, str]:
    """A file's text and the encoding to write its output in: UTF-8, else Latin-1 (older LaTeX setups)."""
    with open(path, "rb") as file:
        data = file.read()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def problem_lines(file: str, problems: Sequence[IdxProblem], title: str) -> list[str]:
    """Problems as makeindex's transcript lists them: a ``!!`` (or ``##`` for a warning) line and the message."""
    lines: list[str] = []
    for problem in problems:
        where = f"line = {problem.line}" if problem.line else "whole file"
        marker = "##" if title == "Warning" else "!!"
        lines.append(f"{marker} {title} (file = {file}, {where}):")
        lines.append(f"   -- {problem.message}")
    return lines
