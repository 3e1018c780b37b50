"""The check report, in this process (the command line) or in a process of its own (the editor).

Checking 100,000 entries takes seconds of pure Python. Run on a thread of the editor's own
process it would hold the interpreter lock away from the event loop (measured: the loop
froze for 565 ms); :func:`check_in_process` runs it in a spawned process that opens its
own read-only connection and sends the findings back in slices, so that unpickling them
never holds the lock for long either. The editor's thread only waits on a queue.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from xindex.core import checks
from xindex.core.checks import Finding
from xindex.core.settings import check_options
from xindex.jobs.process import Message, report_failure, run_in_process
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


def run_check(path: str | os.PathLike[str], overrides: Mapping[str, str] | None = None) -> CheckReport:
    """Check a document here, on a read-only connection of its own; ``overrides`` replace some of its
    settings (``page-span``, ``max-undifferentiated``) for this check, as the command line's options do."""
    started = time.perf_counter()
    with Document.open(path, readonly=True) as document:
        options, notes = check_options({**document.settings(), **(overrides or {})})
        roots = document.tree()
        entries = document.entry_count()
    findings = checks.run_checks(roots, options)
    return CheckReport(findings, notes, entries, time.perf_counter() - started)


def _check_child(path: str, messages: Any) -> None:
    try:
        report = run_check(path)
    except Exception as error:  # reported to the caller, a person's error apart from a bug
        report_failure(messages, error)
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
    """:func:`run_check` in a spawned process (:mod:`xindex.jobs.process`); ``cancel`` stops it,
    ``progress`` hears how many findings have come back."""
    findings: list[Finding] = []

    def on_message(message: Message) -> CheckReport | None:
        if message[0] == "findings":
            findings.extend(message[1])
            if progress:
                progress(len(findings))
            return None
        return CheckReport(findings, message[1], message[2], message[3])

    report: CheckReport = run_in_process(
        _check_child, (str(path),), on_message, name="check", cancel=cancel, on_cancel=CheckCancelled
    )
    return report
