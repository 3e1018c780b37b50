"""``xindex makeindex`` in two processes: a forked child shares a big ``.idx`` with the parent.

The child reads the main headings of about half the lines: those whose sort
text starts with one of the letters
:func:`~xindex.formats.makeindex.reader.choose_split` picks (each reader's
regular expression passes over the other half's lines without a capture).
The parent reads the others. Each parses, pairs ranges, computes sort keys
and writes its own main headings, and the parent merges the two sorted
lists. Cross-references may point across the halves, so the parent resolves
them all, from the child's list of main headings and its answers for deeper
paths. The output is the same as one process's, byte for byte (the tests
hold them equal).

Fork before the imports. The command (:mod:`xindex.makeindex_cli`) forks
*first*, before either process imports the sorting machinery or this module
or reads the file, and only then do both import this module and share the
work (:func:`child_main`, :func:`run_args`). Forking after the imports and
the reading made both processes about a third slower while they ran side by
side (measured with ``bench/generate.py``; most likely the copy-on-write of
the heap they shared); two processes that share nothing run as fast as one
alone. :func:`convert` with ``parallel`` forks here instead, with the text
read already: the same output, but slower.

One process does the work when two would not help or cannot be had: a small
file, ``--processes 1``, no fork (not Linux, other threads, no core to spare:
:func:`xindex.jobs.fork.why_not`), a fork that fails, or headings that give no
half to split. Those reasons are logged (logger ``xindex.jobs``, INFO), never
guessed from a failure: an exception in either half is raised, and one in the
child is sent to the parent, which raises :class:`SecondProcessError` with the
child's traceback (the command reports it as a bug, exit 3).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse  # (annotations only: a build's quick path never imports it)

from xindex.core.errors import UserError
from xindex.core.formatter import FormatOptions
from xindex.core.ranges import RangeRule
from xindex.core.rules import DEFAULT_RULES
from xindex.core.sorting import SortKeys
from xindex.formats.makeindex import command
from xindex.formats.makeindex.entries import no_collection
from xindex.formats.makeindex.links import (
    Found,
    RootDirectory,
    candidates,
    dedupe_xrefs,
    reference_names,
    unresolved,
    walk,
)
from xindex.formats.makeindex.reader import choose_split, read_part
from xindex.formats.makeindex.style import IdxProblem, IstStyle
from xindex.formats.makeindex.writer import Conversion, Writer, convert_text, sort_keys
from xindex.jobs.fork import MAKEINDEX_SPLIT_SIZE, Pair, alone, can_fork, fork_pair, receive, run_child, send


class SecondProcessError(RuntimeError):
    """The second process failed or ended without answering: a bug (its traceback is in the notes)."""


def convert(
    idx_text: str,
    style: IstStyle | None = None,
    *,
    rules: str = DEFAULT_RULES.name,
    language: str = "en",
    range_rule: RangeRule | None = None,
    cms: bool = False,
    parallel: bool | None = None,
) -> tuple[str, list[IdxProblem]]:
    """An .idx text in, the .ind text and the problems out: makeindex in memory.

    ``range_rule`` and ``cms`` as the command's --range-rules and --cms (by default makeindex's full ranges).
    ``parallel``: split the work with a forked child process (by default when
    the text is big and forking is safe and useful: Linux, no threads, fewer
    busy processes than cores). The output is the same either way.
    """
    options = command.makeindex_options(range_rule, cms=cms)
    # (A style given is makeindex's -s: read from a file.)
    applied = command.makeindex_style(style.replace(from_file=True) if style else IstStyle(), cms=cms)
    done = convert_job(idx_text, applied, sort_keys(rules, language), options, parallel)
    return done.ind, done.problems


def convert_job(
    text: str,
    style: IstStyle,
    keys: SortKeys,
    options: FormatOptions,
    parallel: bool | None,
    pair: Pair | None = None,
    keep: list[object] | None = None,
) -> Conversion:
    """The conversion in one process or two. ``pair``: a child forked already (by the command), which
    takes its half; ``keep``: where to put what the run made, for a caller about to leave without freeing
    it."""
    if pair is None and parallel is None:
        parallel = len(text) >= MAKEINDEX_SPLIT_SIZE and can_fork()
    with no_collection():
        if pair is not None:
            done = parent_part(pair, text, style, keys, options, keep=keep)
            if done is not None:
                return done
        elif parallel:
            done = convert_in_two(text, style, keys, options, keep)
            if done is not None:
                return done
        return convert_text(text, style, keys, options, keep)


def convert_in_two(
    text: str, style: IstStyle, keys: SortKeys, options: FormatOptions, keep: list[object] | None = None
) -> Conversion | None:
    """The conversion in two processes, forked now; None (logged) when the text has no half to split or
    forking failed: then one process does it."""
    split = choose_split(text, style)
    if split is None:
        alone("the main headings give no half to split")
        return None
    pair = fork_pair()
    if pair is None:
        return None
    if pair.child:
        child_life(pair, lambda: child_part(pair, text, style, keys, options, split))
    try:
        return parent_part(pair, text, style, keys, options, split, keep)
    finally:
        pair.wait()


def child_life(pair: Pair, work: Callable[[], object]) -> NoReturn:
    """The forked child's whole life: ``work``, then leave; a failure is sent to the parent first, which
    raises it (a :class:`~xindex.core.errors.UserError` as one, anything else as a bug)."""

    def reported() -> object:
        try:
            return work()
        except BaseException as error:
            import traceback

            failure = (
                False,
                isinstance(error, UserError),
                f"{type(error).__name__}: {error}",
                "".join(traceback.format_exception(error)),
            )
            with contextlib.suppress(OSError, ValueError):
                send(pair.outgoing, failure)
            raise

    run_child(reported)


def from_child(pair: Pair) -> Any:
    """The child's next answer; its failure raised here (:class:`SecondProcessError`, or the user's error)."""
    try:
        message = receive(pair.incoming)
    except EOFError:
        status = ""
        with contextlib.suppress(OSError):
            pid, code = os.waitpid(pair.pid, os.WNOHANG)
            status = f" (exit status {os.waitstatus_to_exitcode(code)})" if pid else ""
        raise SecondProcessError(f"the second process ended without answering{status}") from None
    if message[0]:
        return message[1]
    _ok, user, text, details = message
    if user:
        raise UserError(text)
    error = SecondProcessError(f"the second process failed: {text}")
    error.add_note(f"In the second process (pid {pair.pid}):\n{details}")
    raise error


def to_child(pair: Pair, value: object) -> None:
    """Send the child a value; when it has stopped, raise why (its failure) instead."""
    try:
        send(pair.outgoing, value)
    except BrokenPipeError:
        from_child(pair)  # raises the child's failure
        raise


def _answer(pair: Pair, value: object) -> None:
    send(pair.outgoing, (True, value))


def child_part(
    pair: Pair,
    text: str,
    style: IstStyle,
    keys: SortKeys,
    options: FormatOptions,
    split: frozenset[str] | None = None,
) -> list[object]:
    """The child's half of the work (nothing when the text has no split: the parent does it all); what it
    made, to be kept until the child leaves. ``split``: :func:`choose_split`'s answer if known already."""
    split = split or choose_split(text, style)
    if split is None:
        return []
    # (The pipes stay open until the child leaves: a failure is still to be sent through them.)
    return _child_half(pair, text, style, split, keys, options)


def parent_part(
    pair: Pair,
    text: str,
    style: IstStyle,
    keys: SortKeys,
    options: FormatOptions,
    split: frozenset[str] | None = None,
    keep: list[object] | None = None,
) -> Conversion | None:
    """The parent's half and the merge; None (logged) when the text has no split, and the child, which
    found none either, left the work to this process."""
    try:
        split = split or choose_split(text, style)
        if split is None:
            alone("the main headings give no half to split")
            return None
        return _parent_half(pair, text, style, split, keys, options, keep)
    finally:
        pair.close()  # (the child may take a while to hand back its memory: the caller waits for it later)


def _child_half(
    pair: Pair, text: str, style: IstStyle, split: frozenset[str], keys: SortKeys, options: FormatOptions
) -> list[object]:
    result, with_xrefs, free, linked = read_part(text, style, 1, split)
    xrefs = [(entry, xref) for entry in with_xrefs for xref in entry.xrefs]
    _answer(
        pair,
        (
            [(root.line, root.display, root.plain) for root in result.roots],
            [((entry.line, entry.depth), xref.text) for entry, xref in xrefs],
        ),
    )
    writer = Writer(style, keys, options)
    writer.prepare(result.roots)
    chunks = writer.chunks(free)  # while the parent resolves the references
    roots = {root.line: root for root in result.roots}
    queries = receive(pair.incoming)
    _answer(pair, [walk(roots[line], below) for line, below in queries])
    paths = receive(pair.incoming)
    for (_entry, xref), path in zip(xrefs, paths, strict=True):
        xref.path = tuple(path) if path is not None else ()
        if path is None:
            result.problems.append(unresolved(xref))
    for entry in with_xrefs:
        dedupe_xrefs(entry)
    chunks += writer.chunks(linked)
    problems = [(problem.line, problem.message, problem.rejected) for problem in result.problems]
    _answer(pair, (chunks, problems, result.accepted, result.rejected, os.getpid()))
    return [result, writer, chunks, roots]


def _parent_half(
    pair: Pair,
    text: str,
    style: IstStyle,
    split: frozenset[str],
    keys: SortKeys,
    options: FormatOptions,
    keep: list[object] | None,
) -> Conversion:
    result, with_xrefs, free, linked = read_part(text, style, 0, split)
    writer = Writer(style, keys, options)
    writer.prepare(result.roots)
    chunks = writer.chunks(free)  # while the child finishes reading
    their_roots, their_xrefs = from_child(pair)
    # Every reference of both halves: (owner id, text); what each candidate path finds, or which
    # query to the child will tell.
    ours = [(entry, xref) for entry in with_xrefs for xref in entry.xrefs]
    references = [((entry.line, entry.depth), xref.text) for entry, xref in ours] + [
        (tuple(owner), text) for owner, text in their_xrefs
    ]
    directory = RootDirectory(reference_names([text for _owner, text in references], style))
    for root in result.roots:
        directory.add(root.line, root.display, root.plain, root)
    for line, display, plain in their_roots:
        directory.add(line, display, plain, None)
    queries: list[tuple[int, tuple[str, ...]]] = []
    options_found: list[list[tuple[str, Found | int | None]]] = []
    for _owner, reference in references:
        found: list[tuple[str, Found | int | None]] = []
        for candidate in candidates(reference, style):
            named = directory.find(candidate[0])
            if named is None:
                continue
            line, display, local = named
            if local is not None:
                found.append((display, walk(local, candidate[1:])))
            elif len(candidate) == 1:
                found.append((display, ((), (line, 0))))
            else:
                found.append((display, len(queries)))
                queries.append((line, candidate[1:]))
        options_found.append(found)
    to_child(pair, queries)
    answers = from_child(pair)
    paths: list[tuple[str, ...] | None] = []
    for (owner, _reference), found in zip(references, options_found, strict=True):
        path = None
        for display, outcome in found:
            answer = answers[outcome] if isinstance(outcome, int) else outcome
            if answer is not None and tuple(answer[1]) != owner:
                path = (display, *answer[0])
                break
        paths.append(path)
    to_child(pair, paths[len(ours) :])
    problems = list(result.problems)
    for (_entry, xref), path in zip(ours, paths[: len(ours)], strict=True):
        xref.path = path or ()
        if path is None:
            problems.append(unresolved(xref))
    for entry in with_xrefs:
        dedupe_xrefs(entry)
    chunks += writer.chunks(linked)
    their_chunks, their_problems, accepted, rejected, their_pid = from_child(pair)
    problems.extend(IdxProblem(line, message, rejected_) for line, message, rejected_ in their_problems)
    # Two sorted runs: the sort merges them (no two main headings share a first line, so the text
    # and group are never compared).
    ind = writer.document(sorted(chunks + their_chunks))
    problems.sort(key=lambda problem: (problem.line, problem.message))
    problems += writer.warnings  # (in makeindex's order, as write_ind leaves them)
    if keep is not None:
        keep.extend([result, writer, chunks, their_chunks, directory, references, options_found])
    workers = [(0, os.getpid()), (1, their_pid)]
    return Conversion(ind, problems, result.accepted + accepted, result.rejected + rejected, workers)


# -- the command ---------------------------------------------------------------------------------------


def child_main(args: argparse.Namespace, source: str, pair: Pair) -> list[object]:
    """The forked child's run (see :mod:`xindex.makeindex_cli`): its half of the work, or nothing when the
    text has no split; what it made, to keep until it leaves. A job that cannot be read here is the
    user's error, as in the parent (which says so first, unless the file changed between the two reads)."""
    said: list[str] = []
    job = command.prepare(args, source, said.append)
    if not isinstance(job, command.Job):
        raise UserError(said[-1] if said else "xindex makeindex: the second process could not read its job")
    with no_collection():
        return [job, *child_part(pair, job.text, job.style, job.keys, job.options)]


def run_args(args: argparse.Namespace, source: str, pair: Pair | None = None, keep: list[object] | None = None) -> int:
    """Run makeindex's job (``pair``: the parent's end when a child was forked to share it; ``keep``: where
    to put what the run made, for a caller about to leave without freeing it)."""
    say = command.speaker(args)
    try:
        job = command.prepare(args, source, say)
        if not isinstance(job, command.Job):
            return job
        parallel = None if args.processes is None else args.processes == 2

        def conversion(job: command.Job) -> Conversion:
            return convert_job(job.text, job.style, job.keys, job.options, parallel, pair, keep)

        return command.run_job(args, source, job, say, conversion)
    finally:
        if pair is not None:
            pair.wait()
