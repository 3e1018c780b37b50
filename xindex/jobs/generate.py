"""Index generation: serially, or split across a process pool, with identical results.

The work is split by runs of main headings in sorted order
(:meth:`Document.main_heading_ranges`, balanced by entries). For each run, a
worker opens its own read-only connection to the document, loads that part
of the tree and formats it (:class:`xindex.core.formatter.Formatter`); the
parent joins the letter groups in order and hands the whole index to an
exporter. The serial twin calls the very same function for each run in this
process, so both paths produce the same index, byte for byte once exported.

Pool workers are started with ``spawn`` by default (as on Windows, macOS and
in frozen executables), so nothing of the parent (an open connection, Qt's
threads) leaks into them; ``fork`` is accepted too.

Starting processes costs a few hundred milliseconds and the parent must
rebuild what the workers send back, so ``jobs=None`` picks the serial path
for documents smaller than :data:`SERIAL_BELOW` entries, and on machines with
fewer than :data:`POOL_MIN_CORES` cores. ``bench/pool.py`` measured, on this
project's 2-core machines (generate + text export, best of three): 30,000
entries 0.56 s serial / 0.97 s pool; 100,000: 1.61 / 2.17 s: two workers never
beat the serial twin there, so two cores stay serial. The editor still never
freezes: it runs every export in a process of its own (:func:`export_in_process`).

What does pay on two cores is :func:`export` of a big index (from
:data:`SPLIT_FROM` entries) in a printed format: this process formats and
writes the first half of the main headings while a forked child (Linux) does
the second and sends back only its text, which the format's parts maker
(``Exporter.parts``) joins into the file. 100,000 entries to text: 1.3 s
instead of 1.8 s, the same bytes (``bench/generate.py``).

Progress goes to a callback as ``(entries done, entries in all)``; a
:class:`CancelToken` stops the work promptly: workers poll it between
slices of main headings, and the parent stops waiting and discards the pool.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import multiprocessing
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Protocol

from xindex.core.errors import UserError
from xindex.core.formatter import FormattedIndex, Formatter, Group, Paragraph, Role, Span
from xindex.core.model import IndexNode
from xindex.core.settings import NOTE, TITLE, format_options
from xindex.formats.output import check_target, write_output
from xindex.jobs.fork import can_fork, fork_pair, receive, run_child, send
from xindex.store.document import Document, MainKey

SERIAL_BELOW = 50_000
POOL_MIN_CORES = 4
RUNS_PER_WORKER = 4
SLICE = 256
# From this many entries an export in a format written in parts (plain text) formats and writes half
# of the index in a forked child: below it, forking and sending cost more than they save
# (bench/generate.py measures it).
SPLIT_FROM = 20_000

Progress = Callable[[int, int], None]


class Cancelled(Exception):  # noqa: N818 - reads as "except Cancelled"
    """The generation was cancelled before it finished."""


class _Flag(Protocol):
    def is_set(self) -> bool: ...
    def set(self) -> None: ...


class CancelToken:
    """A flag shared with worker processes; set it to stop a generation."""

    def __init__(self, context: BaseContext | None = None) -> None:
        self._event: _Flag = (context or multiprocessing.get_context("spawn")).Event()

    def cancel(self) -> None:
        """Ask the generation to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._event.is_set()


_worker_flag: _Flag | None = None


def _init_worker(flag: _Flag | None) -> None:
    global _worker_flag
    _worker_flag = flag


def _stop_requested() -> bool:
    return _worker_flag is not None and _worker_flag.is_set()


@contextlib.contextmanager
def _watching(cancel: CancelToken | None) -> Iterator[None]:
    """format_run in this process polls ``cancel`` between slices, as pool workers poll theirs."""
    global _worker_flag
    previous = _worker_flag
    _worker_flag = cancel._event if cancel else None
    try:
        yield
    finally:
        _worker_flag = previous


@dataclass(frozen=True)
class RunResult:
    """What one run of main headings formats to."""

    groups: list[Group]
    entries: int


# What a worker sends back: groups as plain tuples, which pickle ten times faster than the objects.
WireSpan = tuple[str, frozenset[str], str]
WireParagraph = tuple[int, int | None, tuple[WireSpan, ...]]
WireGroup = tuple[str, str, list[WireParagraph]]


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
    path: str, overrides: dict[str, str], first: MainKey | None, last: MainKey | None, entries: int
) -> RunResult:
    """Format one run of main headings (used by both the pool and the serial twin)."""
    with _quiet_gc(), Document.open(path, readonly=True, check=False) as document:
        options = format_options({**document.settings(), **overrides})
        roots = document.tree(first=first, last=last, notes=False)
        formatter = Formatter(options, document.keys)
        parts: list[list[Group]] = []
        for start in range(0, len(roots), SLICE):
            if _stop_requested():
                raise Cancelled
            parts.append(formatter.groups(roots[start : start + SLICE]))
        return RunResult(join_groups(parts), entries)


def _format_run_wire(path: str, overrides: dict[str, str], first: MainKey, last: MainKey, entries: int) -> bytes:
    """format_run for a pool worker: the same result as plain tuples in one marshal blob.

    One bytes object crosses the process boundary, so the parent's result thread unpickles
    a single string instead of millions of objects (which would hold the GIL for long).
    """
    result = format_run(path, overrides, first, last, entries)
    with _quiet_gc():  # millions of small tuples: the collector would walk them again and again
        wire = [
            (group.title, group.key,
             [(p.level, p.entry_id, tuple([(s.text, s.styles, s.role._value_) for s in p.spans]))
              for p in group.paragraphs])
            for group in result.groups
        ]  # fmt: skip
        return marshal.dumps((wire, result.entries))


def _from_wire(blob: bytes) -> RunResult:
    wire: list[WireGroup]
    with _quiet_gc():
        wire, entries = marshal.loads(blob)
        roles = {str(role): role for role in Role}
        groups = [
            Group(title, key, [Paragraph(level, [Span(text, styles, roles[role]) for text, styles, role in spans],
                                         entry_id)
                               for level, entry_id, spans in paragraphs])
            for title, key, paragraphs in wire
        ]  # fmt: skip
        return RunResult(groups, entries)


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
    """What a generation will do: the runs, the settings, and whether it uses the pool."""

    path: str
    overrides: dict[str, str]
    settings: dict[str, str]  # the document's, with the overrides applied
    runs: list[tuple[MainKey, MainKey, int]]
    total: int
    jobs: int


def plan(
    path: str | os.PathLike[str],
    *,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    check: bool = True,
) -> Plan:
    """Read what the generation needs from the document and decide serial or pool (``check``: see Document.open)."""
    overrides = dict(overrides or {})
    with Document.open(path, readonly=True, check=check) as document:
        settings = {**document.settings(), **overrides}
        format_options(settings)  # a bad style fails here, in the caller, not in a worker
        total = document.entry_count()
        cores = os.cpu_count() or 1
        automatic = 1 if total < SERIAL_BELOW or cores < POOL_MIN_CORES else min(4, cores)
        workers = jobs if jobs is not None else automatic
        workers = max(1, min(workers, cores))  # more processes than cores only cost memory (--jobs 500: 24 GB)
        runs = document.main_heading_ranges(workers * RUNS_PER_WORKER if workers > 1 else 1)
        return Plan(str(Path(path).absolute()), overrides, settings, runs, total, workers)


def generate(
    path: str | os.PathLike[str],
    *,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    start_method: str = "spawn",
) -> FormattedIndex:
    """Generate the formatted index of a document; ``jobs=1`` is the serial twin, None chooses."""
    return _generate(plan(path, overrides=overrides, jobs=jobs), progress, cancel, start_method)


def _generate(work: Plan, progress: Progress | None, cancel: CancelToken | None, start_method: str) -> FormattedIndex:
    runner = _run_serial if work.jobs == 1 else functools.partial(_run_pool, start_method=start_method)
    results = runner(work, progress, cancel)
    with _quiet_gc():
        groups = join_groups([result.groups for result in results])
        return FormattedIndex(TITLE.value(work.settings), NOTE.value(work.settings), groups)


def _run_serial(work: Plan, progress: Progress | None, cancel: CancelToken | None) -> list[RunResult]:
    results: list[RunResult] = []
    done = 0
    with _watching(cancel):
        whole = len(work.runs) == 1
        for first, last, entries in work.runs:
            if cancel and cancel.cancelled:
                raise Cancelled
            # One run is the whole index: read it without bounds (the quicker query).
            bounds = (None, None) if whole else (first, last)
            results.append(format_run(work.path, work.overrides, bounds[0], bounds[1], entries))
            done += entries
            if progress:
                progress(done, work.total)
    return results


def _run_pool(work: Plan, progress: Progress | None, cancel: CancelToken | None, start_method: str) -> list[RunResult]:
    context = multiprocessing.get_context(start_method)
    token = cancel if cancel is not None else CancelToken(context)
    executor = ProcessPoolExecutor(
        max_workers=work.jobs, mp_context=context, initializer=_init_worker, initargs=(token._event,)
    )
    futures: dict[Future[bytes], int] = {}
    try:
        for index, (first, last, entries) in enumerate(work.runs):
            futures[executor.submit(_format_run_wire, work.path, work.overrides, first, last, entries)] = index
        results: list[RunResult | None] = [None] * len(work.runs)
        pending = set(futures)
        done = 0
        while pending:
            finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            if token.cancelled:
                raise Cancelled
            for future in finished:
                with _quiet_gc():
                    result = _from_wire(future.result())
                results[futures[future]] = result
                done += result.entries
                if progress:
                    progress(done, work.total)
        return [result for result in results if result is not None]
    except BaseException:
        token.cancel()  # running workers see it within a slice of headings and stop
        raise
    finally:
        # Waiting here (the workers stop promptly) keeps the shared flag alive until every worker
        # process has exited: a worker still starting up must still find it.
        executor.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    format: str
    entries: int
    seconds: float
    jobs: int


def export(
    path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    format: str | None = None,
    overrides: dict[str, str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    start_method: str = "spawn",
) -> ExportResult:
    """Generate a document's index and write it in the format its suffix (or ``format``) names."""
    from xindex.formats import exporter_for

    started = time.perf_counter()
    check_target(out_path, sources=[path])  # before any work: an output never replaces a document
    exporter = exporter_for(str(out_path), format)
    # The work may read the document on several connections (the plan, the runs, a forked half). One
    # connection kept open watches whether anybody commits meanwhile; if so, the work is done again on a
    # snapshot copy made in one read transaction, so that an export is always one state of the document.
    with Document.open(path, readonly=True) as watch:
        seen = watch.data_version()
        output, entries, work_jobs = _export_once(path, exporter, overrides, jobs, progress, cancel, start_method)
        if watch.data_version() != seen:
            with tempfile.TemporaryDirectory(prefix="xindex-snapshot-") as folder:
                snapshot = Path(folder) / Path(path).name
                watch.snapshot_to(snapshot)
                output, entries, work_jobs = _export_once(snapshot, exporter, overrides, jobs, progress, cancel,
                                                          start_method)  # fmt: skip
    return _write_output(out_path, output, exporter.name, entries, started, work_jobs, path)


def _export_once(
    path: str | os.PathLike[str],
    exporter: Any,
    overrides: dict[str, str] | None,
    jobs: int | None,
    progress: Progress | None,
    cancel: CancelToken | None,
    start_method: str,
) -> tuple[str | bytes, int, int]:
    """One export's text, paragraphs and worker processes."""
    if exporter.source == "document":
        with Document.open(path, readonly=True, check=False) as document, document.snapshot() as snapshot:
            output = exporter.document_function(snapshot)
            entries = snapshot.entry_count()
        if progress:
            progress(entries, entries)
        return output, entries, 1
    work = plan(path, overrides=overrides, jobs=jobs, check=False)  # export() opened and checked it
    if jobs is None and work.total >= SPLIT_FROM and exporter.parts is not None and can_fork():
        done = _export_in_two(work, exporter.parts_maker(work.settings), progress, cancel)
        if done is not None:
            return done[0], done[1], 2
    index = _generate(work, progress, cancel, start_method)
    if cancel and cancel.cancelled:
        raise Cancelled
    options: dict[str, Any] = {"settings": work.settings} if exporter.takes_settings else {}
    output = exporter.function(index, **options)
    return output, sum(1 for _ in index.paragraphs()), work.jobs


def _export_in_two(
    work: Plan, parts: Any, progress: Progress | None, cancel: CancelToken | None
) -> tuple[str | bytes, int] | None:
    """Format and write the first half of the main headings here and the second in a forked child;
    the text and the number of paragraphs, or None when the work cannot be split (then it is done
    the usual way). Linux only (fork without exec), for formats written in parts."""
    with Document.open(work.path, readonly=True, check=False) as document:
        middle = document.middle_main_headings()
        if middle is None:
            return None
        before, after = middle
        formatter = Formatter(format_options(work.settings), document.keys)
        # Does the child's first letter group go on with this process's last one?
        continued = formatter.group_key(IndexNode(before, 0)) == formatter.group_key(IndexNode(after, 0))
    pair = fork_pair()
    if pair is None:
        return None
    if pair.child:

        def child() -> None:
            with _watching(cancel), _quiet_gc():
                result = format_run(work.path, work.overrides, (after.sort_key, after.id), None, 0)
                text = parts.groups(result.groups, opening=False, continued=continued)
                count = sum(len(group.paragraphs) for group in result.groups)
                send(pair.outgoing, (text, count, list(parts.facts(result.groups))))

        run_child(child)
    try:
        with _watching(cancel):
            result = format_run(work.path, work.overrides, None, (before.sort_key, before.id), 0)
        own = sum(len(group.paragraphs) for group in result.groups)
        if progress:
            progress(own, work.total)
        text = parts.groups(result.groups, opening=True, continues=continued)
        facts = parts.facts(result.groups)
        del result
        try:
            theirs, their_paragraphs, their_facts = receive(pair.incoming)
        except (EOFError, OSError, ValueError, TypeError):
            if cancel and cancel.cancelled:
                raise Cancelled from None
            return None
    finally:
        pair.wait()
    if progress:
        progress(work.total, work.total)
    document = parts.document(TITLE.value(work.settings), NOTE.value(work.settings),
                              facts | frozenset(their_facts), text + theirs)  # fmt: skip
    return document, own + their_paragraphs


def _write_output(
    out_path: str | os.PathLike[str],
    output: str | bytes,
    name: str,
    entries: int,
    started: float,
    jobs: int,
    source: str | os.PathLike[str],
) -> ExportResult:
    """Write through a temporary file (:mod:`xindex.formats.output`): never half a file, never over a document."""
    write_output(out_path, output, sources=[source])
    return ExportResult(Path(out_path), name, entries, time.perf_counter() - started, jobs)


def _export_child(arguments: dict[str, Any], messages: Any, flag: _Flag) -> None:
    """The body of :func:`export_in_process`'s process: export, reporting through a queue."""
    token = CancelToken.__new__(CancelToken)
    token._event = flag
    try:
        result = export(**arguments, cancel=token, progress=lambda done, total: messages.put(("progress", done, total)))
        messages.put(("done", result))
    except Cancelled:
        messages.put(("cancelled",))
    except Exception as error:  # reported to the caller as one sentence
        user = isinstance(error, UserError)
        messages.put(("error", str(error) if user else f"{type(error).__name__}: {error}", user))


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
    """:func:`export` in a separate process (which may use its own pool): nothing heavy runs here.

    The editor calls this from its manager thread: the GUI process only waits on a queue,
    so no generation work, no large unpickling and no garbage collection of a whole index
    ever holds the interpreter lock away from the GUI thread.
    """
    context = multiprocessing.get_context("spawn")
    token = cancel if cancel is not None else CancelToken(context)
    messages = context.Queue()
    arguments = {"path": str(path), "out_path": str(out_path), "format": format, "overrides": overrides, "jobs": jobs}
    process = context.Process(target=_export_child, args=(arguments, messages, token._event), name="xindex-export")
    process.start()
    try:
        while True:
            try:
                message = messages.get(timeout=0.1)
            except queue.Empty:
                if not process.is_alive():
                    raise RuntimeError("the export process ended unexpectedly") from None
                continue
            if message[0] == "progress" and progress:
                progress(message[1], message[2])
            elif message[0] == "done":
                result: ExportResult = message[1]
                return result
            elif message[0] == "cancelled":
                raise Cancelled
            elif message[0] == "error":
                if message[2]:
                    raise UserError(message[1])
                raise RuntimeError(f"the export process failed: {message[1]}")
    finally:
        process.join()


class GenerationJob:
    """A generation running on a background thread: the API the GUI's manager thread drives.

    ``start()`` returns at once; ``progress`` is called from the background thread;
    ``cancel()`` stops the work promptly; ``result()`` waits and returns or raises.
    """

    def __init__(self, run: Callable[[Progress, CancelToken], Any], progress: Progress | None = None) -> None:
        self._run = run
        self._progress = progress
        self.token = CancelToken()
        self._thread = threading.Thread(target=self._main, name="xindex-generation", daemon=True)
        self._outcome: Any = None
        self._error: BaseException | None = None

    def start(self) -> GenerationJob:
        """Begin the work in the background."""
        self._thread.start()
        return self

    def _main(self) -> None:
        try:
            self._outcome = self._run(self._progress or (lambda done, total: None), self.token)
        except BaseException as error:  # handed to result()
            self._error = error

    def cancel(self) -> None:
        """Ask the work to stop."""
        self.token.cancel()

    def done(self) -> bool:
        """True when the work has finished, failed or stopped."""
        return not self._thread.is_alive()

    def result(self, timeout: float | None = None) -> Any:
        """Wait for the work and return its result (Cancelled if it was cancelled)."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the generation is still running")
        if self._error is not None:
            raise self._error
        return self._outcome
