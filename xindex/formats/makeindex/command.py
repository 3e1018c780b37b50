"""The ``xindex makeindex`` run: its job read from the arguments and files, its outputs and transcript.

:func:`prepare` reads what a run needs (the style, the ``.idx``, the sort
and range rules) or says what is wrong (exit 2); :func:`run_job` checks
where the ``.ind`` and ``.ilg`` go, has the conversion done by the function
it is given (one process, or two: :mod:`xindex.jobs.makeindex`), writes the
``.ind`` through :mod:`xindex.formats.output` and the transcript as
makeindex words it. The command line is :mod:`xindex.makeindex_cli`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse  # (annotations only: a build's quick path never imports it)

from xindex import __version__
from xindex.core.errors import BAD_INPUT, OK
from xindex.core.formatter import FormatOptions
from xindex.core.language import LANGUAGES, normalize_language
from xindex.core.ranges import RangeRule, range_rule
from xindex.core.rules import rule_set
from xindex.core.sorting import SortKeys, SortOptions
from xindex.formats.makeindex.pages import TOO_MANY_FIELDS_END
from xindex.formats.makeindex.style import IdxProblem, IstStyle, read_style, style_report
from xindex.formats.makeindex.texpaths import find_style, openout_refusal
from xindex.formats.makeindex.writer import Conversion
from xindex.formats.output import OutputRefusedError, check_target, write_output


class Job:
    """What a run needs: the .idx text and the encoding to write in, the style, sort keys, layout, and the
    transcript so far; and the files read, in order, each with the number of lines before it in ``text``
    (several .idx files are read as one; a problem is reported at its own file's line)."""

    def __init__(
        self,
        text: str,
        encoding: str,
        style: IstStyle,
        keys: SortKeys,
        options: FormatOptions,
        transcript: list[str],
        sources: list[tuple[str, int]] | None = None,
    ) -> None:
        self.text = text
        self.encoding = encoding
        self.style = style
        self.keys = keys
        self.options = options
        self.transcript = transcript
        self.sources: list[tuple[str, int]] = sources if sources is not None else []

    def locate(self, line: int) -> tuple[str, int]:
        """The file and line of a line of ``text``."""
        name, before = self.sources[0] if self.sources else ("", 0)
        for source, lines_before in self.sources:
            if lines_before < line:
                name, before = source, lines_before
        return name, line - before


Converter = Callable[[Job], Conversion]
FATAL = 1  # makeindex's exit code when it cannot go on: no such style file, an output TeX forbids


def speaker(args: argparse.Namespace) -> Callable[[str], None]:
    """Where the run's messages go: stderr, or nowhere with ``-q``."""
    return (lambda _text: None) if args.quiet else (lambda text: print(text, file=sys.stderr))


def prepare(args: argparse.Namespace, source: str, say: Callable[[str], None]) -> Job | int:
    """What a run needs, read from the arguments and files; or the exit code of what went wrong."""
    try:
        language = normalize_language(_language(args))
        rule = range_rule(args.range_rules) if args.range_rules else None
        rules = rule_set(args.rules.replace("-word", "-letter") if args.letter else args.rules)
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
        style = read_style(style_text).replace(from_file=True)
        transcript.append(style_report(style, style_path))
    if args.german and style.quote == '"':  # (German's "a is an umlaut: makeindex insists on another quote)
        print("Option -g invalid, quote character must be different from '\"'.", file=sys.stderr)
        return FATAL
    style = makeindex_style(style, cms=args.cms)
    texts: list[str] = []
    sources: list[tuple[str, int]] = []
    encoding = "utf-8"
    lines_before = 0
    for name in getattr(args, "sources", None) or [source]:
        try:
            text, encoding = decode(sys.stdin.buffer.read()) if args.stdin else read_text(name)
        except FileNotFoundError:  # (makeindex's words and exit code, said even with -q)
            print(f"Input index file {name} not found.", file=sys.stderr)
            return FATAL
        except OSError as error:
            say(f"xindex makeindex: cannot read {name}: {error.strerror or error}")
            return BAD_INPUT
        if text and not text.endswith("\n"):
            text += "\n"
        sources.append((name, lines_before))
        texts.append(text)
        lines_before += text.count("\n")
    text = "".join(texts)
    if args.compress:
        text = compress_blanks(text, style)
    keys = SortKeys(SortOptions(rules, language))
    options = makeindex_options(rule, implicit_ranges=not args.no_ranges, cms=args.cms)
    return Job(text, encoding, style, keys, options, transcript, sources)


def makeindex_options(
    rule: RangeRule | None = None, *, implicit_ranges: bool = True, cms: bool = False
) -> FormatOptions:
    """How makeindex lays out locators: runs of three or more successive pages joined (none with -r; from
    two with ``cms``), ranges in full (``cms``: by the CMS rule, unless ``rule`` says otherwise; a range
    inside an encapsulator is always whole), quotes printed as the .idx has them (LaTeX source)."""
    chosen = rule if rule is not None else range_rule("cms" if cms else "full")
    return FormatOptions(
        range_rule=chosen, conflate_adjacent=implicit_ranges, curly_quotes=False, adjacent_run=2 if cms else 3
    )


def makeindex_style(style: IstStyle, *, cms: bool = False) -> IstStyle:
    """A style as the command applies it: read and written as makeindex does (:attr:`IstStyle.compatible`),
    or with ``cms`` by xindex's rules (cross-references worded and placed by the rule set, locators
    conflated by the core's rule)."""
    return style.replace(compatible=not cms)


def _language(args: argparse.Namespace) -> str:
    """The language to sort by: --lang, else -g's German, else -L's locale, else English."""
    if args.lang:
        return str(args.lang)
    if args.german:
        return "de"
    if args.locale:
        for variable in ("LC_ALL", "LC_COLLATE", "LANG"):
            value = os.environ.get(variable, "")
            if value and value not in {"C", "POSIX"}:
                code = value.split(".")[0].split("_")[0].lower()
                return code if code in LANGUAGES else "en"
    return "en"


def compress_blanks(text: str, style: IstStyle) -> str:
    """makeindex's -c: in each entry's key, runs of blanks and tabs become one blank and the key's own
    leading and trailing ones go."""
    opening = style.keyword + style.arg_open
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        start = line.find(opening)
        if start < 0 or line[:start].strip():
            out.append(line)
            continue
        begin = start + len(opening)
        end = _argument_end(line, begin, style)
        if end is None:
            out.append(line)
            continue
        key = " ".join(line[begin:end].split())
        out.append(line[:begin] + key + line[end:])
    return "".join(out)


def _argument_end(line: str, begin: int, style: IstStyle) -> int | None:
    """Where the argument that starts at ``begin`` closes (nested braces, quoted and escaped characters)."""
    depth = 0
    index = begin
    while index < len(line):
        char = line[index]
        if char in (style.quote, style.escape):
            index += 2
            continue
        if char == style.arg_open:
            depth += 1
        elif char == style.arg_close:
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None


def base_name(source: str) -> str:
    """What the .ind, .ilg and the document's .log are named after: the input without its last suffix, as
    makeindex names them (my.book.idx → my.book.ind, x.dat → x.ind)."""
    return os.path.splitext(source)[0]


def start_page(args: argparse.Namespace, source: str) -> str | None:
    """-p: the page the index starts on (a number as given; any, odd or even: after the last page the
    document's .log shows), None when the log shows no page; OSError when there is no .log."""
    asked = str(args.start_page)
    if asked not in {"any", "odd", "even"}:
        return asked
    with open(base_name(source) + ".log", encoding="latin-1") as file:
        pages = re.findall(r"\[(-?\d+)", file.read())
    if not pages:
        return None
    page = int(pages[-1]) + 1
    if (asked == "odd" and page % 2 == 0) or (asked == "even" and page % 2 == 1):
        page += 1
    return str(page)


def run_job(args: argparse.Namespace, source: str, job: Job, say: Callable[[str], None], convert: Converter) -> int:
    """Convert by ``convert`` and write the .ind and the transcript: 0 done (even with skipped lines), 1 when
    makeindex would stop (TeX forbids an output, no .log for -p), 2 when an output cannot be written.
    With -i (``args.stdin``) the .ind goes to standard output unless -o names a file, and the transcript
    to standard error only unless -t names one, as makeindex does."""
    base = base_name(source)
    to_stdout = args.stdin and not args.output
    output: str = args.output or ("stdout" if to_stdout else base + ".ind")
    log_path: str | None = args.log or (None if args.stdin else base + ".ilg")
    targets = [(output, "output index file")] if not to_stdout else []
    targets += [(log_path, "transcript file")] if log_path else []
    for target, what in targets:
        refusal = openout_refusal(target)
        if refusal is not None:  # (TeX's write protection: makeindex's words and exit code)
            # (said even with -q, as makeindex says its fatal errors)
            print(f"xindex makeindex: {refusal}\nCan't create {what} {target}.", file=sys.stderr)
            return FATAL
        try:
            check_target(target, sources=[name for name, _ in job.sources])
        except OutputRefusedError as error:
            say(f"xindex makeindex: {error}")
            return BAD_INPUT
    page: str | None = None
    if args.start_page is not None:
        try:
            page = start_page(args, source)
        except OSError:
            print(f"Source log file {base}.log not found.", file=sys.stderr)
            return FATAL
    done = convert(job)
    ind, problems = done.ind, done.problems
    if page is not None and ind.startswith(job.style.preamble):
        preamble = job.style.preamble
        ind = f"{preamble}{job.style.setpage_prefix}{page}{job.style.setpage_suffix}{ind[len(preamble) :]}"
    transcript = job.transcript
    transcript += scanning_lines(job, done)
    warnings = [problem for problem in problems if not problem.rejected]
    if not done.accepted:  # (as makeindex: an empty .ind, and the transcript says so)
        ind = ""
    else:
        transcript.append("Sorting entries....done.")
    if to_stdout:
        sys.stdout.write(ind)
    else:
        try:
            write_output(
                output, ind, encoding=job.encoding, errors="replace", newline=None, sources=[source], transient=True
            )
        except OutputRefusedError as error:
            say(f"xindex makeindex: {error}")
            return BAD_INPUT
        except OSError as error:
            say(f"xindex makeindex: cannot write {output}: {error.strerror or error}")
            return BAD_INPUT
    if done.accepted:
        transcript.append(generating_lines(job, output, ind, warnings, done.accepted))
        transcript.append(f"Output written in {output}.")
    else:
        transcript.append(f"Nothing written in {output}.")
    if log_path:
        transcript.append(f"Transcript written in {log_path}.")
        try:
            write_output(log_path, "\n".join(transcript) + "\n", newline=None, sources=[source], transient=True)
        except (OSError, OutputRefusedError) as error:
            reason = error if isinstance(error, OutputRefusedError) else error.strerror or error
            say(f"xindex makeindex: cannot write the transcript {log_path}: {reason}")
    say("\n".join(transcript))
    return OK


def scanning_lines(job: Job, done: Conversion) -> list[str]:
    """makeindex's lines for reading each input file: its errors between "Scanning input file X..." and
    "done (N entries accepted, M rejected).", with makeindex's dot for the first entry and each
    thousandth after it, and a line break before an error that follows an accepted entry."""
    sources = job.sources or [("", 0)]
    by_file: dict[str, list[IdxProblem]] = {name: [] for name, _ in sources}
    for problem in done.problems:
        if problem.rejected:
            name, line = job.locate(problem.line) if problem.line else (sources[0][0], 0)
            by_file.setdefault(name, []).append(IdxProblem(line, problem.message))
    lines: list[str] = []
    texts = _file_texts(job) if len(sources) > 1 or any(by_file.values()) else {}
    for name, _before in sources:
        text = texts.get(name, "")
        errors = sorted(by_file.get(name, []), key=lambda problem: problem.line)
        accepted = done.accepted if len(sources) == 1 else len(_NONBLANK.findall(text)) - len(errors)
        out = [f"Scanning input file {name}..."]
        rows = text.split("\n") if errors else []
        seen = 0  # accepted entries so far
        after_entry = True  # (makeindex breaks the line before the first error, too)
        previous = 0  # the line of the error before
        for problem in errors:
            between = len(_NONBLANK.findall("\n".join(rows[previous : problem.line - 1])))
            out.append("." * (_thousandths(seen + between) - _thousandths(seen)))
            seen += between
            if between or after_entry:
                out.append("\n")
            after_entry = False
            # (makeindex's words for a page of too many fields end without a line break)
            end = "" if problem.message.endswith(TOO_MANY_FIELDS_END) else "\n"
            out.append(f"!! Input index error (file = {name}, line = {problem.line}):\n   -- {problem.message}{end}")
            previous = problem.line
        out.append("." * (_thousandths(accepted) - _thousandths(seen)))
        out.append(f"done ({accepted} entries accepted, {len(errors)} rejected).")
        lines.append("".join(out))
    if len(sources) > 1:
        lines.append(f"Overall {len(sources)} files read ({done.accepted} entries accepted, {done.rejected} rejected).")
    return lines


_NONBLANK = re.compile(r"^[ \t]*\S", re.MULTILINE)


def _thousandths(count: int) -> int:
    """How many of the first ``count`` entries makeindex marks with a dot: the first and every thousandth."""
    return (count + 999) // 1000


def _file_texts(job: Job) -> dict[str, str]:
    """Each input file's text, cut from the job's text by where its lines start."""
    starts = [before for _name, before in job.sources] + [job.text.count("\n")]
    if len(job.sources) == 1:
        return {job.sources[0][0]: job.text}
    rows = job.text.split("\n")
    return {name: "\n".join(rows[starts[index] : starts[index + 1]]) for index, (name, _) in enumerate(job.sources)}


def generating_lines(job: Job, output: str, ind: str, warnings: Sequence[IdxProblem], entries: int) -> str:
    """makeindex's line for writing the .ind, with its warnings: makeindex's own (where in the input,
    where in the output) a line break before the first of each entry line's warnings. makeindex marks
    the first of its ``entries`` and each thousandth with a dot (here all before the warnings, and
    counting repeats, which makeindex drops first)."""
    out = [f"Generating output file {output}...", "." * _thousandths(entries)]
    previous: int | None = None
    for problem in sorted(warnings, key=lambda problem: problem.output_line):
        name, line = job.locate(problem.line) if problem.line else (job.sources[0][0] if job.sources else "", 0)
        if problem.line != previous:
            out.append("\n")
        previous = problem.line
        if problem.output_line:
            out.append(f"## Warning (input = {name}, line = {line}; output = {output}, line = {problem.output_line}):")
        else:
            out.append(f"## Warning (file = {name}, line = {line}):")
        out.append(f"\n   -- {problem.message}\n")
    count = len(warnings)
    out.append(f"done ({ind.count(chr(10))} lines written, {count} warning{'' if count == 1 else 's'}).")
    return "".join(out)


def located_problem_lines(job: Job, problems: Sequence[IdxProblem], title: str) -> list[str]:
    """:func:`problem_lines` for problems of the .idx text, each at its own file's line."""
    lines: list[str] = []
    for problem in problems:
        name, line = job.locate(problem.line) if problem.line else (job.sources[0][0] if job.sources else "", 0)
        lines.extend(problem_lines(name, [IdxProblem(line, problem.message, problem.rejected)], title))
    return lines


def read_text(path: str) -> tuple[str, str]:
    """A file's text and the encoding to write its output in: UTF-8, else Latin-1 (older LaTeX setups)."""
    with open(path, "rb") as file:
        return decode(file.read())


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of an .idx or .ist as text, and the encoding to write the output in: UTF-8, else Latin-1."""
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
