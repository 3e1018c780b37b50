"""Work the editor hands off: one job in a spawned process of its own, talking back through a queue.

The editor runs every export and every check this way (:func:`xindex.jobs.generate.export_in_process`,
:func:`xindex.jobs.check.check_in_process`): the GUI process only waits on a queue, so no formatting, no
large unpickling and no garbage collection of a whole index ever holds the interpreter lock away from the
GUI thread (``bench/gui.py``: the event loop is blocked at most a few milliseconds during a 100,000-entry
export or check, against 565 ms when the check ran in the GUI process). ``spawn``, not ``fork``: nothing of
the parent (an open connection, Qt's threads) leaks into the child, as on Windows and macOS.

The child reports ``("error", user, message)`` when it fails: a person's error (:class:`UserError`) comes
back as one; anything else is re-raised here as :class:`ChildFailedError`, a bug, never as bad input. A
child that ends without a word (killed, crashed) is reported too.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from typing import Any

from xindex.core.errors import UserError

Message = tuple[Any, ...]


class ChildFailedError(RuntimeError):
    """A job's process failed on something that is not the person's input: a bug, reported as one."""


def report_failure(messages: Any, error: BaseException) -> None:
    """In the child: say how the job failed (the parent re-raises it)."""
    user = isinstance(error, UserError)
    messages.put(("error", user, str(error) if user else f"{type(error).__name__}: {error}"))


def run_in_process(
    target: Callable[..., None],
    arguments: tuple[Any, ...],
    on_message: Callable[[Message], Any],
    *,
    name: str,
    cancel: threading.Event | Any | None = None,
    on_cancel: Callable[[], BaseException] | None = None,
) -> Any:
    """Run ``target(*arguments, messages)`` in a spawned process; hand each message it puts to ``on_message``
    until that returns something other than None (the job's result). ``cancel`` (an Event) set: the child
    is stopped and ``on_cancel()`` raised."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    process = context.Process(target=target, args=(*arguments, messages), name=name)
    process.start()
    try:
        while True:
            if cancel is not None and cancel.is_set() and on_cancel is not None:
                process.terminate()
                raise on_cancel()
            try:
                message = messages.get(timeout=0.05)
            except queue.Empty:
                if not process.is_alive() and messages.empty():
                    raise ChildFailedError(
                        f"the {name} process ended without finishing (exit code {process.exitcode})"
                    ) from None
                continue
            if message[0] == "error":
                if message[1]:
                    raise UserError(message[2])
                raise ChildFailedError(f"the {name} process failed: {message[2]}")
            result = on_message(message)
            if result is not None:
                return result
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
