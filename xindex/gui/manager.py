"""The manager thread: generation work runs off the GUI thread, its progress comes back as Qt signals.

The GUI thread never generates an index and never waits for one. A
:class:`GenerationManager` (living in the GUI thread) owns one worker thread,
the *manager thread*. ``start_export`` puts a job on that thread's queue and
returns at once; the manager thread calls
:func:`xindex.jobs.generate.export_in_process`, which runs the export in a
process of its own (writing a big index in parts). The export's progress
callback runs on the manager thread and only emits a signal; because the
signal's receiver (the manager) lives in the GUI thread, Qt queues it, so the
GUI sees ``progress``, ``finished``, ``failed`` or ``cancelled`` from its own
event loop. ``cancel()`` sets the job's :class:`CancelToken`, a flag the export
polls between slices of main headings, so a cancel takes effect within a fraction of a
second and nothing is written (exports write to a temporary file that is
renamed only once complete).

Background threads are kept in a module registry until they have finished, so
closing a dialog mid-export never destroys a running ``QThread``; when the
application quits, :func:`stop_background` cancels whatever still runs and
waits for it.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from xindex.formats.output import remove_partials
from xindex.jobs.generate import Cancelled, CancelToken, ExportResult, export_in_process

# Every background thread still alive, with a function asking it to stop (or None when it cannot be stopped).
_BACKGROUND: dict[QThread, Callable[[], None] | None] = {}
_quit_hook_installed = False


def keep_alive(thread: QThread, stop: Callable[[], None] | None = None) -> None:
    """Hold a background thread until it has finished (so no running QThread is ever destroyed)."""
    global _quit_hook_installed
    for finished in [known for known in _BACKGROUND if known.isFinished()]:
        del _BACKGROUND[finished]
    _BACKGROUND[thread] = stop
    app = QCoreApplication.instance()
    if app is not None and not _quit_hook_installed:
        app.aboutToQuit.connect(stop_background)
        _quit_hook_installed = True


class ProcessWaiter(QThread):
    """Waits on work that runs in a process of its own (the check, the spelling check) and reports back
    through queued signals: ``succeeded`` with the result, ``failed`` with a sentence. ``stop_flag`` set
    stops the work; being stopped reports nothing."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, name: str, work: Callable[[threading.Event], object], stopped: type[BaseException]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.work, self.stopped = work, stopped
        self.stop_flag = threading.Event()

    def run(self) -> None:
        """Start the work and wait for it; this thread itself does nothing else."""
        try:
            result = self.work(self.stop_flag)
        except self.stopped:
            return
        except Exception as error:  # shown to the person; the thread must not die silently
            self.failed.emit(str(error) or type(error).__name__)
            return
        self.succeeded.emit(result)


def stop_background(timeout_ms: int = 10_000) -> bool:
    """Ask every background thread to stop and wait for them (at quit, and in tests); True if all stopped."""
    for stop in list(_BACKGROUND.values()):
        if stop is not None:
            stop()
    stopped = all(thread.wait(timeout_ms) for thread in list(_BACKGROUND))
    if stopped:
        _BACKGROUND.clear()
    return stopped


def background_threads() -> int:
    """How many background threads are still running."""
    return sum(1 for thread in _BACKGROUND if not thread.isFinished())


@dataclass
class ExportJob:
    """One export handed to the manager thread."""

    document_path: str
    out_path: str
    format: str
    overrides: dict[str, str]
    jobs: int | None
    token: CancelToken = field(default_factory=CancelToken)


def summarize(result: ExportResult) -> str:
    """One line for the user: what was written, how fast, with how many processes."""
    workers = "1 process" if result.processes == 1 else f"{result.processes} processes"
    paragraphs = "1 paragraph" if result.entries == 1 else f"{result.entries:,} paragraphs"
    done = f"{paragraphs} written as {result.format} in {result.seconds:.2f} s ({workers})"
    return done + (f". Not kept in {result.format}: " + "; ".join(result.losses) if result.losses else "")


def _remove_partial(out_path: str) -> None:
    """Remove the temporary file an interrupted export may have left (the target itself is never half-written)."""
    remove_partials(out_path)


class _ManagerThread(QThread):
    """The manager thread: takes export jobs from a queue, one at a time, until told to stop."""

    progress = Signal(int, int)
    finished_export = Signal(str, str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("xindex-manager")
        self.jobs: queue.Queue[ExportJob | None] = queue.Queue()
        self.current: ExportJob | None = None

    def stop(self) -> None:
        """Cancel the running and queued jobs and end the thread once they have returned (never blocks)."""
        with self.jobs.mutex:
            waiting = [job for job in self.jobs.queue if job is not None]
        for job in [self.current, *waiting]:
            if job is not None:
                job.token.cancel()
        self.jobs.put(None)

    def run(self) -> None:
        """Run queued jobs; the signals emitted here reach the GUI thread queued."""
        while (job := self.jobs.get()) is not None:
            self.current = job
            try:
                self._export(job)
            finally:
                self.current = None

    def _export(self, job: ExportJob) -> None:
        try:
            if job.token.cancelled:
                raise Cancelled
            result = export_in_process(
                job.document_path,
                job.out_path,
                format=job.format,
                overrides=job.overrides,
                jobs=job.jobs,
                progress=self.progress.emit,
                cancel=job.token,
            )
        except Cancelled:
            _remove_partial(job.out_path)
            self.cancelled.emit()
        except Exception as error:  # the GUI shows any failure as a message; the thread lives on
            _remove_partial(job.out_path)
            if job.token.cancelled:
                self.cancelled.emit()
            else:
                self.failed.emit(str(error) or type(error).__name__)
        else:
            self.finished_export.emit(str(result.path), summarize(result))


class _Lane:
    """The manager's hold on its thread, shared with the hook that stops the thread when the manager dies."""

    def __init__(self) -> None:
        self.thread: _ManagerThread | None = None

    def stop(self, *_args: object) -> None:
        """Let the thread end after its current job (cancelled by the caller if need be)."""
        if self.thread is not None:
            self.thread.stop()
            self.thread = None


class GenerationManager(QObject):
    """Runs exports on the manager thread; reports ``progress``, ``finished``, ``failed`` or ``cancelled``.

    Only one export runs at a time: ``start_export`` refuses (returns False) while one is running.
    """

    progress = Signal(int, int)
    finished = Signal(str, str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lane = _Lane()
        self._job: ExportJob | None = None
        # Destroyed with its dialog mid-export: stop the thread (the hook holds the lane, not the manager).
        self.destroyed.connect(self._lane.stop)

    @property
    def running(self) -> bool:
        """True while an export is running (until its outcome has reached the GUI thread)."""
        return self._job is not None

    def start_export(
        self,
        document_path: str | os.PathLike[str],
        out_path: str | os.PathLike[str],
        format: str,
        overrides: dict[str, str] | None = None,
        jobs: int | None = None,
    ) -> bool:
        """Hand an export to the manager thread and return at once; False if one is already running."""
        if self._job is not None:
            return False
        self._job = ExportJob(str(document_path), str(out_path), format, dict(overrides or {}), jobs)
        self._manager_thread().jobs.put(self._job)
        return True

    def cancel(self) -> None:
        """Stop the running export promptly (its ``cancelled`` signal follows); nothing when idle."""
        if self._job is not None:
            self._job.token.cancel()

    def shutdown(self) -> None:
        """Cancel any export and let the manager thread end (without waiting for it)."""
        self.cancel()
        self._lane.stop()

    def _manager_thread(self) -> _ManagerThread:
        if self._lane.thread is None:
            thread = _ManagerThread()
            thread.progress.connect(self._progress)
            thread.finished_export.connect(self._finished)
            thread.failed.connect(self._failed)
            thread.cancelled.connect(self._cancelled)
            keep_alive(thread, thread.stop)
            thread.start()
            self._lane.thread = thread
        return self._lane.thread

    # These slots run in the GUI thread: the manager thread's signals arrive queued.

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self._job is not None:
            self.progress.emit(done, total)

    @Slot(str, str)
    def _finished(self, path: str, summary: str) -> None:
        self._job = None
        self.finished.emit(path, summary)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._job = None
        self.failed.emit(message)

    @Slot()
    def _cancelled(self) -> None:
        self._job = None
        self.cancelled.emit()
