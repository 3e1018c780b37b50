"""The check report, in this process (the command line) or in a process of its own (the editor).

Checking 100,000 entries takes seconds of pure Python. Run on a thread of the editor's own
process it would hold the interpreter lock away from the event loop (measured: the loop
froze for 565 ms); :func:`check_in_process` runs it in a spawned process that opens its
own read-only connection and sends the findings back in slices, so that unpickling them
never holds the lock for long either. The editor's thread only waits on a queue.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xindex.core import checks
from xindex.core.checks import CheckOptions, Finding
from xindex.core.errors import UserError
from xindex.core.locators import LocatorError
from xindex.store.document import Document

SLICE = 1_000  # findings per message from the checking process


class CheckCancelled(Exception):  # noqa: N818 - reads as "except CheckCancelled"
    """The check was stopped before it finished."""


@dataclass(frozen=True)
class CheckReport:
    """What a check found, with notes on settings it could not use, and how long it took."""

    findings: list[Finding]
    notes: list[str]
    entries: int
    seconds: float


def check_options(settings: dict[str, str]) -> tuple[CheckOptions, list[str]]:
    """The check options from document settings, and notes on the settings that are not usable."""
    notes: list[str] = []
    max_locators = CheckOptions().max_locators
    stored = settings.get("max-undifferentiated", "").strip()
    if stored:
        if stored.isdigit() and int(stored) >= 1:
            max_locators = int(stored)
        else:
            notes.append(f"max-undifferentiated {stored!r} is not a number of 1 or more; using {max_locators}")
    page_span = None
    span_text = settings.get("page-span", "").strip()
    if span_text:
        try:
            page_span = checks.parse_page_span(span_text)
        except LocatorError as error:
            notes.append(f"the page span is not usable ({error}); pages were not checked against it")
    return CheckOptions(max_locators=max_locators, page_span=page_span), notes


def run_check(path: str | os.PathLike[str]) -> CheckReport:
    """Check a document here, on a read-only connection of its own."""
    started = time.perf_counter()
    with Document.open(path, readonly=True) as document:
        options, notes = check_options(document.settings())
        roots = document.tree()
        entries = document.entry_count()
    findings = checks.run_checks(roots, options)
    return CheckReport(findings, notes, entries, time.perf_counter() - started)


def _check_child(path: str, messages: Any) -> None:
    try:
        report = run_check(path)
    except Exception as error:  # reported to the caller as one sentence
        user = isinstance(error, UserError)
        messages.put(("error", str(error) if user else f"{type(error).__name__}: {error}", user))
        return
    for start in range(0, len(report.findings), SLICE):
        messages.put(("findings", report.findings[start : start + SLICE]))
    messages.put(("done", report.notes, report.entries, report.seconds))


def check_in_process(
    path: str | os.PathLike[str],
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckReport:
    """:func:`run_check` in a spawned process; ``cancel`` stops it, ``progress`` hears findings received."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    process = context.Process(target=_check_child, args=(str(path), messages), name="xindex-check")
    process.start()
    findings: list[Finding] = []
    try:
        while True:
            if cancel is not None and cancel.is_set():
                process.terminate()
                raise CheckCancelled
            try:
                message = messages.get(timeout=0.05)
            except queue.Empty:
                if not process.is_alive() and messages.empty():
                    raise RuntimeError("the checking process ended unexpectedly") from None
                continue
            if message[0] == "findings":
                findings.extend(message[1])
                if progress:
                    progress(len(findings))
            elif message[0] == "done":
                return CheckReport(findings, message[1], message[2], message[3])
            elif message[2]:
                raise UserError(message[1])
            else:
                raise RuntimeError(f"the checking process failed: {message[1]}")
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
