"""Index generation and export: in this process, or in parts written by forked children, the same bytes.

One way to share the work between processes: **parts**. :func:`export` cuts the
main headings, in sorted order, into runs of similar size
(:meth:`Document.main_heading_ranges`, balanced by main headings with their subentries); this process
formats and writes the first run while each other run is formatted and
written by a forked child (:mod:`xindex.jobs.fork`, Linux), which sends back
only its text; the format's parts maker (``Exporter.parts``,
:mod:`xindex.formats.parts`) joins the texts into the file. Every run opens
its own read-only connection and formats with the very same function
(:func:`format_run`) as the serial export, so one process and several write
the same bytes.

Why parts and not a pool: ``bench/pool.py`` and ``bench/generate.py`` measured
on this project's 2-core machines (generate + text export of 100,000 entries,
median of three): one process 1.49 s, a spawned pool of two workers sending
back the formatted index 1.81 s, two parts in forked processes 1.11 s (makeindex
on the equivalent .idx: 1.33 s). A pool pays for starting interpreters and for
sending back and rebuilding every paragraph; a forked part starts at once and
sends back a string. The pool was removed.

``jobs=None`` chooses: two parts from :data:`SPLIT_FROM` entries when forking is
possible and worth it (:func:`xindex.jobs.fork.can_fork`: Linux, a spare core,
no other threads) and the format is written in parts, else one process;
``jobs=N`` asks for N parts (at most the cores there are; the machine's other
work does not decide then). Where parts cannot be used the export runs in one process and :class:`ExportResult` says so
(``processes`` counts the processes that really formatted a part, ``note`` says
why fewer than asked for). A child that fails is reported, never replaced by a
slower path: a person's error as one sentence, anything else as
:class:`PartFailedError`.

The editor runs every export in a process of its own (:func:`export_in_process`,
:mod:`xindex.jobs.process`), so it never freezes. Progress goes to a callback as
``(entries done, entries in all)``; a :class:`CancelToken` stops the work
promptly: each part polls it between slices of main headings.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from xindex.core.errors import UserError
from xindex.core.formatter import FormattedIndex, Formatter, Group
from xindex.core.model import IndexNode
from xindex.core.settings import NOTE, TITLE, format_options
from xindex.formats.output import check_target, write_output
from xindex.jobs.fork import Pair, fork_pair, receive, run_child, send, why_not
from xindex.jobs.process import Message, report_failure, run_in_process
from xindex.store.document import Document, MainKey

SLICE = 256
# From this many entries an export in a format written in parts is written in two: below it, forking
# and sending cost more than they save (bench/generate.py measures it).
SPLIT_FROM = 20_000

Progress = Callable[[int, int], None]


class Cancelled(Exception):  # noqa: N818 - reads as "except Cancelled"
    """The generation was cancelled before it finished."""


class PartFailedError(RuntimeError):
    """A forked part of an export failed on something that is not the person's input (a bug)."""


class _Flag(Protocol):
    def is_set(self) -> bool: ...
    def set(self) -> None: ...


class CancelToken:
    """A flag shared with other processes (forked parts, the editor's export process); set it to stop."""

    def __init__(self) -> None:
        self._event: _Flag = multiprocessing.get_context("spawn").Event()

    def cancel(self) -> None:
        """Ask the generation to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._event.is_set()

    @classmethod
    def sharing(cls, flag: _Flag) -> CancelToken:
        """A token over a flag made elsewhere (in the process that started this one)."""
        token = cls.__new__(cls)
        token._event = flag
        return token


@dataclass(frozen=True)
class RunResult:
    """What one run of main headings formats to."""

    groups: list[Group]
    entries: int


@contextlib.contextmanager
def _quiet_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building 100,000 entries' objects triggers it thousands of times."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What was built is mostly still alive (the formatted index): count it as old, or the
            # next young-generation collection would walk all of it (0.1 s for 100,000 entries).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def format_run(
    path: str,
    overrides: dict[str, str],
    first: MainKey | None,
    last: MainKey | None,
    entries: int,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Format one run of main headings (None bounds: from the first, to the last), polling ``cancel`` and
    telling ``progress`` (main headings done, in the run) between slices."""
    with _quiet_gc(), Document.open(path, readonly=True, check=False) as document:
        options = format_options({**document.settings(), **overrides})
        roots = document.tree(first=first, last=last, notes=False)
        formatter = Formatter(options, document.keys)
        parts: list[list[Group]] = []
        for start in range(0, len(roots), SLICE):
            if cancel is not None and cancel.cancelled:
                raise Cancelled
            parts.append(formatter.groups(roots[start : start + SLICE]))
            if progress:
                progress(min(start + SLICE, len(roots)), len(roots))
        return RunResult(join_groups(parts), entries)


def join_groups(parts: Sequence[Sequence[Group]]) -> list[Group]:
    """Concatenate group lists, joining a letter group that continues from one part into the next."""
    joined: list[Group] = []
    for part in parts:
        for group in part:
            if joined and joined[-1].key == group.key:
                joined[-1].paragraphs.extend(group.paragraphs)
            else:
                joined.append(Group(group.title, group.key, list(group.paragraphs)))
    return joined


@dataclass
class Plan:
    """What a generation will do: the settings (with the overrides) and how many parts it asks for."""

    path: str
    overrides: dict[str, str]
    settings: dict[str, str]
    total: int
    parts: int


def plan(
    path: str | os.PathLike[str],
    *,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    check: bool = True,
) -> Plan:
    """Read what the generation needs from the document and decide how many parts (``check``: see Document.open).
    A bad layout setting is refused here, before any work."""
    overrides = dict(overrides or {})
    with Document.open(path, readonly=True, check=check) as document:
        settings = {**document.settings(), **overrides}
        format_options(settings)
        total = document.entry_count()
    cores = os.cpu_count() or 1
    parts = jobs if jobs is not None else (2 if total >= SPLIT_FROM else 1)
    parts = max(1, min(parts, cores))  # more processes than cores only cost memory (--jobs 500: 24 GB)
    return Plan(str(Path(path).absolute()), overrides, settings, total, parts)


def generate(
    path: str | os.PathLike[str],
    *,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> FormattedIndex:
    """The formatted index of a document, made in this process."""
    work = plan(path, overrides=overrides, jobs=1)
    result = format_run(work.path, work.overrides, None, None, work.total, cancel, _scaled(progress, 0, work.total))
    return FormattedIndex(TITLE.value(work.settings), NOTE.value(work.settings), result.groups)


def _scaled(progress: Progress | None, before: int, entries: int, total: int | None = None) -> Progress | None:
    """Progress in main headings of a run, told as entries of the whole (``before`` done already)."""
    if progress is None:
        return None
    whole = entries if total is None else total

    def tell(done: int, mains: int) -> None:
        progress(before + entries * done // max(1, mains), whole)

    return tell


# -- export ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: how many paragraphs, in how long, by how many processes (and, when fewer than
    asked for, why)."""

    path: Path
    format: str
    entries: int
    seconds: float
    processes: int
    note: str = ""
    losses: tuple[str, ...] = ()  # what the format could not hold (IXML: notes, deep references, ...)


def export(
    path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    format: str | None = None,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Generate a document's index and write it in the format its suffix (or ``format``) names."""
    from xindex.formats.registry import exporter_for

    started = time.perf_counter()
    check_target(out_path, sources=[path])  # before any work: an output never replaces a document
    exporter = exporter_for(str(out_path), format)
    # The work may read the document on several connections (the plan, the parts). One connection kept
    # open watches whether anybody commits meanwhile; if so, the work is done again on a snapshot copy made
    # in one read transaction, so that an export is always one state of the document.
    with Document.open(path, readonly=True) as watch:
        seen = watch.data_version()
        done = _export_once(path, exporter, overrides, jobs, progress, cancel)
        if watch.data_version() != seen:
            with tempfile.TemporaryDirectory(prefix="xindex-snapshot-") as folder:
                snapshot = Path(folder) / Path(path).name
                watch.snapshot_to(snapshot)
                done = _export_once(snapshot, exporter, overrides, jobs, progress, cancel)
    if cancel is not None and cancel.cancelled:  # asked to stop while the last part was sent: nothing written
        raise Cancelled
    write_output(out_path, done.output, sources=[path])
    return ExportResult(
        Path(out_path),
        exporter.name,
        done.paragraphs,
        time.perf_counter() - started,
        done.processes,
        done.note,
        tuple(done.losses),
    )


@dataclass
class _Done:
    output: str | bytes
    paragraphs: int
    processes: int
    note: str = ""
    losses: list[str] = field(default_factory=list)


def _export_once(
    path: str | os.PathLike[str],
    exporter: Any,
    overrides: dict[str, str] | None,
    jobs: int | None,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> _Done:
    """One export's output, paragraphs and the processes that did the work."""
    if exporter.source == "document":
        losses: list[str] = []
        with Document.open(path, readonly=True, check=False) as document, document.snapshot() as snapshot:
            if exporter.reports_losses:
                output = exporter.document_function(snapshot, losses=losses)
            else:
                output = exporter.document_function(snapshot)
            entries = snapshot.entry_count()
        if progress:
            progress(entries, entries)
        return _Done(output, entries, 1, losses=losses)
    work = plan(path, overrides=overrides, jobs=jobs, check=False)  # export() opened and checked it
    note = ""
    if work.parts > 1:
        note = _why_one_process(exporter, asked=jobs is not None)
        if not note:
            done = _export_in_parts(work, exporter.parts_maker(work.settings), progress, cancel)
            if done is not None:
                return done
            note = "the index has too few main headings to share"
    index = generate(path, overrides=overrides, progress=progress, cancel=cancel)
    options: dict[str, Any] = {"settings": work.settings} if exporter.takes_settings else {}
    output = exporter.function(index, **options)
    return _Done(output, sum(1 for _ in index.paragraphs()), 1, note)


def _why_one_process(exporter: Any, *, asked: bool) -> str:
    """Why an export that would share its work cannot, or "" when it can."""
    if exporter.parts is None:
        return f"the {exporter.name} format is written whole"
    reason = why_not(asked=asked)
    return f"processes cannot be forked here: {reason}" if reason else ""


def _export_in_parts(work: Plan, parts: Any, progress: Progress | None, cancel: CancelToken | None) -> _Done | None:
    """Format and write the first run of main headings here and each other run in a forked child; None when
    the index has fewer main headings than parts."""
    with Document.open(work.path, readonly=True, check=False) as document:
        runs = document.main_heading_ranges(work.parts)
        if len(runs) < 2:
            return None
        formatter = Formatter(format_options(work.settings), document.keys)
        firsts = [formatter.group_key(IndexNode(document.entry(first[1]), 0)) for first, _, _ in runs]
        lasts = [formatter.group_key(IndexNode(document.entry(last[1]), 0)) for _, last, _ in runs]
    # continued[k]: run k's first letter group goes on from run k-1's last one (printed once).
    continued = [False] + [firsts[k] == lasts[k - 1] for k in range(1, len(runs))]
    children: list[Pair] = []
    try:
        for number in range(1, len(runs)):
            pair = fork_pair()
            if pair is None:
                raise PartFailedError("a process to write part of the export could not be started")
            if pair.child:
                run_child(functools.partial(_write_part, work, parts, runs, continued, number, pair, cancel))
            children.append(pair)
        result = format_run(
            work.path, work.overrides, None, runs[0][1], 0, cancel, _scaled(progress, 0, runs[0][2], work.total)
        )
        texts = [parts.groups(result.groups, opening=True, continues=len(runs) > 1 and continued[1])]
        facts = set(parts.facts(result.groups))
        paragraphs = sum(len(group.paragraphs) for group in result.groups)
        done_entries = runs[0][2]
        del result
        workers = {os.getpid()}
        for number, pair in enumerate(children, start=1):
            message = _answer(pair, cancel)
            texts.append(message[1])
            paragraphs += message[2]
            facts.update(message[3])
            workers.add(message[4])
            done_entries += runs[number][2]
            if cancel is not None and cancel.cancelled:
                raise Cancelled
            if progress:
                progress(min(done_entries, work.total), work.total)
    finally:
        for pair in children:
            pair.wait()
    output = parts.document(TITLE.value(work.settings), NOTE.value(work.settings), frozenset(facts), "".join(texts))
    return _Done(output, paragraphs, len(workers))


def _write_part(
    work: Plan,
    parts: Any,
    runs: list[tuple[MainKey, MainKey, int]],
    continued: list[bool],
    number: int,
    pair: Pair,
    cancel: CancelToken | None,
) -> None:
    """A forked child's whole work: format and write run ``number``, send its text (or how it failed)."""
    try:
        with _quiet_gc():
            first, last, entries = runs[number]
            bound = None if number == len(runs) - 1 else last
            result = format_run(work.path, work.overrides, first, bound, entries, cancel)
            continues = number + 1 < len(runs) and continued[number + 1]
            text = parts.groups(result.groups, opening=False, continued=continued[number], continues=continues)
            count = sum(len(group.paragraphs) for group in result.groups)
            send(pair.outgoing, ("done", text, count, list(parts.facts(result.groups)), os.getpid()))
    except Cancelled:
        send(pair.outgoing, ("cancelled",))
    except BaseException as error:  # sent to the parent, which reports it
        user = isinstance(error, UserError)
        send(pair.outgoing, ("error", user, str(error) if user else f"{type(error).__name__}: {error}"))


def _answer(pair: Pair, cancel: CancelToken | None) -> tuple[Any, ...]:
    """A part's answer; its failure re-raised here."""
    try:
        message: tuple[Any, ...] = receive(pair.incoming)
    except (EOFError, OSError, ValueError) as error:
        if cancel is not None and cancel.cancelled:
            raise Cancelled from None
        raise PartFailedError(f"a process writing part of the export ended without its part ({error})") from None
    if message[0] == "cancelled":
        raise Cancelled
    if message[0] == "error":
        if message[1]:
            raise UserError(message[2])
        raise PartFailedError(f"a process writing part of the export failed: {message[2]}")
    return message


# -- the editor's way: the whole export in a process of its own --------------------------------------


def _export_child(arguments: dict[str, Any], flag: _Flag, messages: Any) -> None:
    """The body of :func:`export_in_process`'s process: export, reporting through the queue."""
    try:
        result = export(
            **arguments,
            cancel=CancelToken.sharing(flag),
            progress=lambda done, total: messages.put(("progress", done, total)),
        )
        messages.put(("done", result))
    except Cancelled:
        messages.put(("cancelled",))
    except Exception as error:  # reported to the caller, a person's error apart from a bug
        report_failure(messages, error)


def export_in_process(
    path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    format: str | None = None,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """:func:`export` in a spawned process of its own (:mod:`xindex.jobs.process`), which may write in
    parts: nothing heavy runs in this process, so the editor's GUI thread never waits."""
    token = cancel if cancel is not None else CancelToken()
    arguments = {"path": str(path), "out_path": str(out_path), "format": format, "overrides": overrides, "jobs": jobs}

    def on_message(message: Message) -> ExportResult | None:
        if message[0] == "progress":
            if progress:
                progress(message[1], message[2])
            return None
        if message[0] == "cancelled":
            raise Cancelled
        result: ExportResult = message[1]
        return result

    done: ExportResult = run_in_process(_export_child, (arguments, token._event), on_message, name="export")
    return done
