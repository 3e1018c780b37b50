"""One writer adding entries while two readers list and export in loops: every read is one committed
state of the document (a snapshot), never a traceback, never half of a commit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from xindex.store import Document
with Document.open(sys.argv[1]) as document:
    for number in range(int(sys.argv[2])):
        with document.command("Add"):  # an entry and its pages: one commit
            entry = document.add_entry(f"entry {number:05d}")
            document.set_locators(entry, f"{number + 1}, {number + 1000}")
        time.sleep(0.002)
"""
ENTRY = re.compile(r"^entry (\d{5}), (\d+), (\d+)$")


def committed_prefix(lines: list[str]) -> bool:
    """True when the lines are entries 0…k, each with both of its pages: one state the writer committed."""
    numbers = []
    for line in lines:
        match = ENTRY.match(line)
        if match is None:
            return False
        number = int(match.group(1))
        if (int(match.group(2)), int(match.group(3))) != (number + 1, number + 1000):
            return False
        numbers.append(number)
    return numbers == list(range(len(numbers)))


@pytest.mark.slow
def test_readers_see_whole_commits_while_a_writer_adds(tmp_path: Path) -> None:
    path = tmp_path / "busy.xix"
    Document.create(path).close()
    env = {**os.environ, "XINDEX_COMPILED": os.environ.get("XINDEX_COMPILED", "1")}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "3000"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    time.sleep(0.3)
    listings: list[list[str]] = []
    exports: list[list[str]] = []
    failures: list[str] = []
    for round_number in range(12):
        listed = subprocess.run(
            [sys.executable, "-m", "xindex", "list", str(path)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        out = tmp_path / f"export-{round_number}.txt"
        exported = subprocess.run(
            [sys.executable, "-m", "xindex", "export", str(path), "-o", str(out), "--serial"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        for done in (listed, exported):
            if done.returncode != 0 or "Traceback" in done.stderr:
                failures.append(done.stderr[-500:])
        listings.append([line for line in listed.stdout.splitlines() if line.strip()])
        if out.exists():
            exports.append([line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("entry ")])
    writer_running = writer.poll() is None
    writer.terminate()
    writer.wait(30)
    assert not failures, failures[0]
    assert writer_running, "the writer finished before the readers: the test read no moving document"
    assert all(committed_prefix(lines) for lines in listings)
    assert all(committed_prefix(lines) for lines in exports)
    assert len({len(lines) for lines in listings}) > 3  # the readers saw the document grow
