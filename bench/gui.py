"""The editor on a 100,000-entry document: open to first paint, search latency, memory.

Run from the project root (after ``bench/store.py`` has built ``bench/out/store-100000.xix``)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py --document other.xix

Each "open" run is a fresh process: it imports the GUI, creates the main window
on the document and stops the clock when the index view has painted its first
screen (the time from ``MainWindow(path)`` to that paint, and from process start).
Search latency is the time for the search bar to narrow the view (the query,
the result list filled), median of 50 typical queries. Peak memory is the
process's maximum resident set after opening and searching.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCUMENT = ROOT / "bench" / "out" / "store-100000.xix"

CHILD = r"""
import json, os, resource, statistics, sys, time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName("xindex-bench")
from xindex.gui.main_window import MainWindow
imported = time.perf_counter()
painted = {}

class PaintWatch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "first" not in painted and window.model.rowCount() > 0:
            painted["first"] = time.perf_counter()
            QTimer.singleShot(0, loop.quit)
        return False

loop = QEventLoop()  # app.quit() would close the window (Qt 6)
opening = time.perf_counter()
window = MainWindow(sys.argv[1])
watch = PaintWatch()
window.view.viewport().installEventFilter(watch)
window.resize(1200, 800)
window.show()
loop.exec()
first_paint = painted["first"] - opening
queries = ["garden", "soil*", "frost", "history", "cafe", "45", "xii", "roses AND winter", '"water supply"', "ma*"] * 5
timings = []
for query in queries:
    start = time.perf_counter()
    window.search.setText(query)
    window.run_search()
    app.processEvents()
    timings.append(time.perf_counter() - start)
print(json.dumps({
    "import_s": imported - started,
    "open_to_first_paint_s": first_paint,
    "process_start_to_first_paint_s": painted["first"] - started,
    "search_median_ms": statistics.median(timings) * 1000,
    "search_max_ms": max(timings) * 1000,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows_loaded": window.model.rowCount(),
}))
window.close()
"""


def main() -> None:
    """Print the figures, next to the GUIDE's budget."""
    parser = argparse.ArgumentParser(description="GUI open and search timings")
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.document.exists():
        sys.exit(f"{args.document} is missing: run bench/store.py first")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    runs = []
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, "-c", CHILD, str(args.document)], capture_output=True, text=True,
                              env=env, cwd=ROOT, check=True)  # fmt: skip
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        time.sleep(0.2)
    paint = statistics.median(run["open_to_first_paint_s"] for run in runs)
    total = statistics.median(run["process_start_to_first_paint_s"] for run in runs)
    search = statistics.median(run["search_median_ms"] for run in runs)
    worst = max(run["search_max_ms"] for run in runs)
    memory = max(run["peak_rss_mb"] for run in runs)
    print(f"xindex editor on {args.document.name} (median of {args.runs} fresh processes)")
    print(f"  open to first paint           {paint * 1000:7.0f} ms   (budget < 500 ms)"
          f"  {'PASS' if paint < 0.5 else 'OVER'}")  # fmt: skip
    print(f"  process start to first paint  {total * 1000:7.0f} ms   (includes importing Qt and xindex)")
    print(f"  search, median of 50 queries  {search:7.1f} ms   (budget < 20 ms)  {'PASS' if search < 20 else 'OVER'}")
    print(f"  search, slowest               {worst:7.1f} ms")
    print(f"  peak memory                   {memory:7.0f} MB   (budget < 300 MB)  {'PASS' if memory < 300 else 'OVER'}")
    print(f"  rows read for the first screen {runs[0]['rows_loaded']:,} of the main headings")


if __name__ == "__main__":
    main()
