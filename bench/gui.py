"""The editor on a 100,000-entry document: open to first paint, every editor action, memory.

Run from the project root (after ``bench/store.py`` has built ``bench/out/store-100000.xix``)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py --document other.xix --repeat 10

Each "open" run is a fresh process: it imports the GUI, creates the main window
on the document and stops the clock when the index view has painted its first
screen.

The actions run in one more fresh process on a copy of the document, with real
key and mouse events (``QTest``), as an indexer works: each is timed from the
event to the moment the event loop is idle again (the model updated, the view
repainted), ``--repeat`` times, and reported as median and 95th percentile
against the GUIDE's budget of 50 ms:

- add an entry whose heading files under A, in the middle (M) and at the end (Z):
  type it in the fast-entry bar, press Enter (the clock runs from Enter);
- save a term: Enter in the entry panel's Term field after changing it;
- undo and redo (Ctrl+Z and Ctrl+Shift+Z with the index focused);
- delete an entry (Delete key in the index);
- jump to M and to Z with the letter bar (mouse clicks);
- End in the index (and whether it reached the last entry of the index);
- drag the scroll bar to the bottom (and whether the last entry is then shown);
- search as you type (the search box's query run, median of the queries);
- the Find and Replace preview of a search over every heading, notes and Sort As (budget 1 s);
- a batch on three selected entries (pages in bold), Collapse All, Right on a heading, Expand All,
  and the keystroke that expands an abbreviation;
- completion as you type: a letter in the heading field, in Pages after "see also" (every level),
  and in the picker of Move/Merge/references;
- the "Check findings" filter after a check (F7).

While the check, the spelling check and an export of the whole document run in the background, a
10 ms timer measures how late the event loop ever is (budget: never blocked
more than 50 ms). Peak memory is the process's maximum resident set.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCUMENT = ROOT / "bench" / "out" / "store-100000.xix"
BUDGET_MS = 50.0

OPEN_CHILD = r"""
import json, sys, time
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
print(json.dumps({
    "import_s": imported - started,
    "open_to_first_paint_s": painted["first"] - opening,
    "process_start_to_first_paint_s": painted["first"] - started,
}))
window.close()
"""

ACTIONS_CHILD = r"""
import json, resource, statistics, sys, time
from PySide6.QtCore import QElapsedTimer, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolButton
app = QApplication([])
app.setOrganizationName("xindex-bench")
import os
from xindex.gui.main_window import MainWindow

path, repeat, shots = sys.argv[1], int(sys.argv[2]), sys.argv[3]
window = MainWindow(path)
window.resize(1280, 800)
window.show()
QTest.qWaitForWindowExposed(window)
document = window.document
figures = {}

def settle():
    for _ in range(3):
        app.processEvents()

def timed(action):
    settle()
    started = time.perf_counter()
    action()
    settle()
    return (time.perf_counter() - started) * 1000

def record(name, samples, **extra):
    p95 = sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]
    figures[name] = {"median": statistics.median(samples), "p95": p95, "n": len(samples), **extra}

def type_entry(words, pages):
    fields = window.fast_entry.levels
    for field in fields:
        field.clear()
    QTest.keyClicks(fields[0], words)
    window.fast_entry.pages.clear()
    QTest.keyClicks(window.fast_entry.pages, pages)
    settle()
    return timed(lambda: QTest.keyClick(window.fast_entry.pages, Qt.Key.Key_Return))

def last_main_id():
    return document.connection.execute(
        "SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key DESC, id DESC LIMIT 1").fetchone()[0]

def current_main_id():
    entry_id = window.current_entry_id()
    return None if entry_id is None else document.ancestry(entry_id)[0].id

added = {}
for letter, stem in (("A", "aaab bench heading"), ("M", "mmmb bench heading"), ("Z", "zzzb bench heading")):
    samples = []
    for number in range(repeat):
        samples.append(type_entry(f"{stem} {number}", f"{number + 1}"))
    added[letter] = [entry.id for entry in document.search(f'"{stem}"', limit=1000)]
    record(f"add an entry at {letter}", samples)

# Save a term: an existing heading in the middle of the index.
middle = document.connection.execute(
    "SELECT id FROM entry WHERE parent_id IS NULL ORDER BY sort_key LIMIT 1 OFFSET"
    " (SELECT count(*) / 2 FROM entry WHERE parent_id IS NULL)").fetchone()[0]
samples = []
for number in range(repeat):
    window.go_to(middle)
    settle()
    term = window.entry_panel.term
    term.setFocus()
    term.selectAll()
    QTest.keyClicks(term, f"bench renamed heading {number % 2}")  # ASCII: QTest types no other keys
    samples.append(timed(lambda: QTest.keyClick(term, Qt.Key.Key_Return)))
record("save a term", samples)

# Undo and redo, with the index focused.
undo, redo = [], []
for _ in range(repeat):
    window.view.setFocus()
    settle()
    undo.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)))
for _ in range(repeat):
    window.view.setFocus()
    redo.append(timed(lambda: QTest.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)))
record("undo", undo)
record("redo", redo)

# Delete the entries added at M (leaves, nothing refers to them).
samples = []
for entry_id in added["M"][:repeat]:
    window.go_to(entry_id)
    window.view.setFocus()
    settle()
    samples.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_Delete)))
record("delete an entry", samples)

# The letter bar.
buttons = {button.text(): button for button in window.findChildren(QToolButton) if len(button.text()) == 1}
for letter in ("M", "Z"):
    samples = []
    for _ in range(repeat):
        window.go_to(middle if letter == "Z" else added["A"][0])
        settle()
        samples.append(timed(lambda: QTest.mouseClick(buttons[letter], Qt.MouseButton.LeftButton)))
    record(f"letter bar to {letter}", samples)

# End, and the scroll bar dragged to the bottom.
samples, reached = [], []
for _ in range(repeat):
    window.go_to(middle)
    window.view.setFocus()
    settle()
    samples.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_End)))
    reached.append(current_main_id() == last_main_id())
record("End key", samples, reached_last=all(reached))
samples, shown = [], []
bar = window.view.verticalScrollBar()
for _ in range(repeat):
    window.go_to(middle)
    settle()
    samples.append(timed(lambda: bar.triggerAction(bar.SliderAction.SliderToMaximum)))
    bottom = window.view.indexAt(QPoint(5, window.view.viewport().height() - 3))
    if not bottom.isValid():
        bottom = window.view.indexAt(QPoint(5, 5))
    shown_id = window.model.data(bottom, window.model.ENTRY_ID_ROLE) if hasattr(window.model, "ENTRY_ID_ROLE") else None
    if shown_id is None:
        from xindex.gui.model import ENTRY_ID_ROLE
        shown_id = bottom.data(ENTRY_ID_ROLE)
    shown.append(shown_id is not None and document.ancestry(int(shown_id))[0].id == last_main_id())
record("scroll bar to the bottom", samples, reached_last=all(shown))

# Search as you type.
samples = []
queries = ["garden", "soil", "frost", "history", "cafe", "45", "xii", "roses AND winter", '"water supply"', "ma"]
for query in queries * 2:
    window.search.setText(query)
    samples.append(timed(window.run_search))
window.search.setText("")
window.run_search()
record("search", samples)

# Find and Replace (Ctrl+H): the preview of a search over every heading, notes and Sort As (budget 1 s).
window.view.setFocus()
QTest.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
dialog = window.replace_dialog
settle()
samples, most = [], 0
for query in ["garden", "e"] * 3:  # "e": most headings in the index change
    dialog.find_field.setText(query)
    dialog.replace_field.setText("E")
    samples.append(timed(dialog.preview_now))
    most = max(most, len(dialog.found))
dialog.close()
window.activateWindow()  # (offscreen, closing a dialog gives nothing back the focus)
settle()
record("find and replace preview", samples, budget_ms=1000.0, changes=most)

# Several entries at once: three selected with Shift+Down, their pages set in bold (Ctrl+Alt+B), one step.
CONTROL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
samples = []
for entry_id in added["A"][:repeat]:
    window.go_to(entry_id)
    window.view.setFocus()
    settle()
    for _ in range(2):
        QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    samples.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_B, CONTROL_ALT)))
record("bold pages of 3 selected", samples)

# Collapse All (Ctrl+-), Right on the current heading, Expand All (Ctrl+=).
collapse, right, expand = [], [], []
outline = window.model.outline
with_subentries = next(main for main in outline.children(None)[len(outline.children(None)) // 2 :]
                       if outline.has_children(main))
for _ in range(max(3, repeat // 4)):
    window.go_to(with_subentries)
    window.view.setFocus()
    settle()
    collapse.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)))
    right.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_Right)))
    expand.append(timed(lambda: QTest.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)))
record("collapse all", collapse)
record("right: show a heading's subentries", right)
record("expand all", expand)

# An abbreviation expanded by the space typed after it, in the fast-entry bar.
window.run_command(lambda: document.set_setting("abbreviations", "wwii = World War II"))
samples = []
heading = window.fast_entry.levels[0]
for _ in range(repeat):
    heading.setFocus()
    heading.clear()
    QTest.keyClicks(heading, "wwii")
    samples.append(timed(lambda: QTest.keyClick(heading, Qt.Key.Key_Space)))
assert heading.text() == "World War II ", heading.text()
heading.clear()
record("abbreviation expanded", samples)

# Completion as you type (the document's one matcher): a letter typed in the heading field, in Pages after
# "see also" (headings at every level), and in the picker of Move/Merge/references.
samples = []
for stem in ["gar", "soi", "fro", "his", "wa", "lo"] * max(1, repeat // 6):
    heading.setFocus()
    heading.clear()
    QTest.keyClicks(heading, stem[:-1])
    samples.append(timed(lambda: QTest.keyClick(heading, stem[-1])))
heading.clear()
record("completion: a heading letter", samples)
pages = window.fast_entry.pages
samples = []
for stem in ["gar", "soi", "fro", "his", "wa", "lo"] * max(1, repeat // 6):
    pages.setFocus()
    pages.clear()
    QTest.keyClicks(pages, "12; see also " + stem[:-1])
    samples.append(timed(lambda: QTest.keyClick(pages, stem[-1])))
pages.clear()
record("completion: a reference letter", samples)
from xindex.gui.pickers import EntryPicker
picker = EntryPicker(document, "Move under…", allow_top=True, parent=window)
picker.show()
samples = []
for stem in ["gar", "soi", "fro", "his", "wa", "lo"] * max(1, repeat // 6):
    picker.query.clear()
    QTest.keyClicks(picker.query, stem[:-1])
    samples.append(timed(lambda: QTest.keyClick(picker.query, stem[-1])))
picker.close()
window.activateWindow()
settle()
record("picker: a letter typed", samples)

# The event loop while work runs in the background: a 10 ms timer and its worst lateness.
clock = QElapsedTimer()
def watch_loop(start, done, timeout_s=600):
    lateness, last = [], [0]
    def tick():
        now = clock.elapsed()
        lateness.append(now - last[0] - 10)
        last[0] = now
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    began = time.perf_counter()
    start()
    while not done() and time.perf_counter() - began < timeout_s:
        app.processEvents()
        time.sleep(0.001)
    settle()
    timer.stop()
    return max(lateness or [0]), time.perf_counter() - began

window.view.setFocus()
panel_holder = {}
def start_check():
    QTest.keyClick(window, Qt.Key.Key_F7)
    panel_holder["panel"] = window.extra_docks["check"].widget()
def check_done():
    panel = panel_holder.get("panel")
    return panel is not None and not panel.running and bool(panel.findings)
worst, seconds = watch_loop(start_check, check_done)
figures["check in the background"] = {"worst_block_ms": worst, "seconds": seconds,
                                      "findings": len(panel_holder["panel"].findings)}
if shots:
    window.extra_docks["check"].raise_()
    settle()
    window.grab().save(os.path.join(shots, "check-findings-100000.png"))
index = window.filter.findData("findings")
samples = []
for _ in range(max(3, repeat // 4)):
    samples.append(timed(lambda: window.filter.setCurrentIndex(index)))
    window.filter.setCurrentIndex(0)
    settle()
record("check findings filter", samples)

window.activateWindow()
def spelling_done():
    spelling = window.spelling_window
    return spelling is not None and spelling.worker is not None and spelling.worker.isFinished()
worst, seconds = watch_loop(window.check_spelling, spelling_done)
figures["check spelling in the background"] = {"worst_block_ms": worst, "seconds": seconds,
                                               "words": len(window.spelling_window.found)}
window.spelling_window.close()

from xindex.gui.export_dialog import ExportDialog
import tempfile
out = os.path.join(tempfile.mkdtemp(), "bench.txt")
dialog = ExportDialog(document, window)
dialog.show()
dialog.output_edit.setText(out)
dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("txt"))
worst, seconds = watch_loop(dialog.start, lambda: not dialog.manager.running)
figures["export in the background"] = {"worst_block_ms": worst, "seconds": seconds}
dialog.close()

figures["peak memory"] = {"mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(figures))
window.close()
"""


def _run(code: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"the benchmark process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _verdict(value: float, budget: float) -> str:
    return "PASS" if value <= budget else "OVER"


def main() -> None:
    """Print the figures, next to the GUIDE's budget."""
    parser = argparse.ArgumentParser(description="GUI timings on a big document")
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes for the open figure")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions of each action")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot of the check findings here")
    args = parser.parse_args()
    if not args.document.exists():
        sys.exit(f"{args.document} is missing: run bench/store.py first")
    opens = [_run(OPEN_CHILD, str(args.document)) for _ in range(args.runs)]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / args.document.name
        shutil.copy2(args.document, copy)
        shots = str(args.screenshots.resolve()) if args.screenshots else ""
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        actions = _run(ACTIONS_CHILD, str(copy), str(args.repeat), shots)
    paint = statistics.median(float(run["open_to_first_paint_s"]) for run in opens)  # type: ignore[arg-type]
    total = statistics.median(float(run["process_start_to_first_paint_s"]) for run in opens)  # type: ignore[arg-type]
    print(f"xindex editor on {args.document.name}: open (median of {args.runs} fresh processes)")
    verdict = _verdict(paint, 0.5)
    print(f"  open to first paint            {paint * 1000:8.0f} ms          (budget < 500 ms)   {verdict}")
    print(f"  process start to first paint   {total * 1000:8.0f} ms          (includes importing Qt and xindex)")
    print(f"actions ({args.repeat} repetitions each; real key and mouse events; median / p95; budget p95 <= 50 ms)")
    for name, value in actions.items():
        figure: dict[str, float] = value  # type: ignore[assignment]
        if "p95" in figure:
            extra = ""
            if "reached_last" in figure:
                extra = "  reached the last entry" if figure["reached_last"] else "  DID NOT reach the last entry"
            budget = figure.get("budget_ms", BUDGET_MS)
            if "changes" in figure:
                extra = f"  up to {int(figure['changes']):,} changes listed (budget p95 <= {budget:.0f} ms)"
            ok = figure["p95"] <= budget and figure.get("reached_last", True)
            print(f"  {name:<30} {figure['median']:8.1f} / {figure['p95']:7.1f} ms   {'PASS' if ok else 'OVER'}{extra}")
        elif "worst_block_ms" in figure:
            more = f", {int(figure['findings']):,} findings" if "findings" in figure else ""
            more += f", {int(figure['words']):,} unknown words" if "words" in figure else ""
            print(
                f"  {name:<30} event loop blocked at most {figure['worst_block_ms']:.0f} ms "
                f"(budget 50 ms) {_verdict(figure['worst_block_ms'], BUDGET_MS)}; "
                f"done in {figure['seconds']:.1f} s{more}"
            )
        elif "mb" in figure:
            print(f"  {name:<30} {figure['mb']:8.0f} MB          (budget < 300 MB)   {_verdict(figure['mb'], 300)}")


if __name__ == "__main__":
    main()
