"""The editor survives a long session: 2,000 real key presses and clicks across every part of the window,
in a process of its own (a binding that aborts the interpreter fails this test instead of the test run).

CI also runs the same soak on every other supported CPython it finds (``.ci/soak``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_thousand_events_leave_the_editor_alive_and_right() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.soak", "--events", "2000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"the soak ended with {done.returncode}:\n{done.stderr[-3000:]}"
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["events"] >= 2000 and summary["view_equals_document"]
    assert set(summary["parts"]) == {
        "browse",
        "click",
        "jump",
        "add",
        "fast",
        "panel",
        "undo",
        "search",
        "select",
        "collapse",
        "replace",
        "check",
        "spelling",
        "export",
    }
    assert summary["entries"] > 154  # entries were added
