"""A long scripted editing session with real key and mouse events: the editor must come out of it alive.

Run it as its own process (an interpreter that aborts takes only the soak down, and says so)::

    QT_QPA_PLATFORM=offscreen python -m tests.gui.soak --events 2000

It opens a copy of the sample index and, until ``--events`` key presses and mouse clicks have been
sent, works as an indexer does: moves through the index with the arrow keys, Page Up/Down, Home and
End, clicks rows, types letters to jump, adds entries in the fast-entry bar (taking completions
with Tab), edits pages and notes in the entry panel and tabs away, undoes and redoes, searches and
leaves the results with Escape, selects rows with Shift+Down and sets their pages' emphasis (and
answers No to deleting them), collapses the index and opens and closes headings, finds and replaces
(Ctrl+H; now and then Replace All), types abbreviations that expand, runs the check (F7) and walks
its findings, and exports through the export dialog. Any message box that appears is answered with
its default button. At the end it checks that the index view still equals a fresh reading of the
document and, on Pythons where None is reference-counted, that no reference to None was lost, then
prints a one-line JSON summary.

It imports only xindex and PySide6 (QtTest), so CI can run it on every Python it finds with the
project installed and nothing else.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "cw1 era",  # "cw1" is an abbreviation of the soak's document: typed with the space, it expands
    "apples",
    "asters",
    "beans",
    "birches",
    "cabbage",
    "carrots",
    "compost",
    "frost",
    "garlic",
    "hedges",
    "lilacs",
    "maples",
    "mulch",
    "onions",
    "peas",
    "quinces",
    "roses",
    "soil",
    "tulips",
    "willows",
]
SUBS = ["pruning", "planting", "pests", "varieties", "winter care", "soil for", "history of"]
QUERIES = ["rose", "frost", "soil AND ph", "prun*", '"winter protection"', "45", "xii", "mulch OR compost"]


class Session:
    """Counts every event it sends."""

    def __init__(self, window: object, app: QApplication, rng: random.Random) -> None:
        from xindex.gui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        self.window = window
        self.app = app
        self.rng = rng
        self.events = 0
        self.kinds: dict[str, int] = {}

    def settle(self) -> None:
        for _ in range(2):
            self.app.processEvents()

    def key(self, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.events += 1
        self.settle()

    def type(self, widget: QWidget, text: str) -> None:
        QTest.keyClicks(widget, text)
        self.events += len(text)
        self.settle()

    def click(self, widget: QWidget, position: QPoint | None = None) -> None:
        if position is None:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)
        self.events += 1
        self.settle()

    def activate(self) -> None:
        """Make the window active again after a dialog (offscreen, a closed one gives nothing back the focus),
        closing any popup left open (a combo box's list, opened by Alt+Down when the focus was on it)."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        return widget if widget is not None else self.window

    # -- what an indexer does ------------------------------------------------------------------

    def browse(self) -> None:
        view = self.window.view
        view.setFocus()
        keys = [
            Qt.Key.Key_Down,
            Qt.Key.Key_Down,
            Qt.Key.Key_Down,
            Qt.Key.Key_Up,
            Qt.Key.Key_PageDown,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
        ]
        for _ in range(self.rng.randint(10, 40)):
            self.key(view, self.rng.choice(keys))

    def click_rows(self) -> None:
        view = self.window.view
        for _ in range(self.rng.randint(3, 8)):
            height = max(1, view.viewport().height() - 4)
            self.click(view.viewport(), QPoint(40, self.rng.randint(2, height)))

    def jump(self) -> None:
        view = self.window.view
        view.setFocus()
        self.type(view, self.rng.choice("abcdefghilmoprstw"))
        self.click(self.rng.choice(self.window.letter_buttons))

    def add_entries(self) -> None:
        bar = self.window.fast_entry
        for _ in range(self.rng.randint(1, 4)):
            bar.clear()
            heading = bar.levels[0]
            self.click(heading)
            word = self.rng.choice(WORDS)
            self.type(heading, word if " " in word else word[: self.rng.randint(2, len(word))])  # (cw1 + space)
            self.key(heading, Qt.Key.Key_Tab)
            if self.rng.random() < 0.6:
                self.type(self.focus(), self.rng.choice(SUBS))
                self.key(self.focus(), Qt.Key.Key_Tab)
                if not bar.pages.hasFocus():
                    self.key(self.focus(), Qt.Key.Key_Tab)
            self.type(bar.pages, f"{self.rng.randint(1, 320)}")
            if self.rng.random() < 0.3:
                self.key(bar.pages, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
            self.key(bar.pages, Qt.Key.Key_Return)
        if self.rng.random() < 0.3:
            self.key(bar.levels[0], Qt.Key.Key_Escape)
            self.key(bar.levels[0], Qt.Key.Key_Escape)

    def fast_entry(self) -> None:
        """A few entries from the keystroke script (tests/gui/keystrokes.py), out of their order: Tab and
        Shift+Tab stops, Ctrl+L, Ctrl+K, locators kept and stepped, references typed in Pages."""
        from tests.gui import keystrokes

        bar = self.window.fast_entry
        self.rng.choice([*bar.levels[:2], bar.pages]).setFocus()
        self.settle()
        for step in self.rng.sample(keystrokes.STEPS, self.rng.randint(2, 6)):
            if not bar.isAncestorOf(QApplication.focusWidget()):  # (Shift+Tab may have left the bar)
                self.activate()
                bar.levels[0].setFocus()
                self.settle()
            keystrokes.replay(step, self.activate)
            self.events += sum(len(value) if kind == "text" else 1 for kind, value in keystrokes.tokens(step.keys))
            self.settle()

    def spelling(self) -> None:
        """Check Spelling (Shift+F7): wait for its words, walk them, show an entry, close it."""
        self.window.view.setFocus()
        self.key(self.window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
        spelling = self.window.spelling_window
        if spelling is None:
            return
        deadline = time.perf_counter() + 60
        while spelling.worker is not None and not spelling.worker.isFinished() and time.perf_counter() < deadline:
            self.settle()
            time.sleep(0.01)
        self.settle()
        spelling.words.setFocus()
        for _ in range(self.rng.randint(1, 6)):
            self.key(spelling.words, Qt.Key.Key_Down)
        spelling.entries.setFocus()
        self.key(spelling.entries, Qt.Key.Key_Down)
        self.key(spelling.entries, Qt.Key.Key_Return)
        self.key(spelling, Qt.Key.Key_Escape)
        self.activate()

    def edit_panel(self) -> None:
        panel = self.window.entry_panel
        if not panel.locators.isEnabled():
            return
        self.click(panel.locators)
        self.key(panel.locators, Qt.Key.Key_End)
        self.type(panel.locators, f", {self.rng.randint(1, 320)}")
        self.key(panel.locators, Qt.Key.Key_Tab)
        self.type(self.focus(), self.rng.choice([" checked", " ask author", " see proofs"]))
        self.key(self.focus(), Qt.Key.Key_Tab)
        self.click_rows()

    def undo_redo(self) -> None:
        view = self.window.view
        view.setFocus()
        for _ in range(self.rng.randint(1, 5)):
            self.key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        for _ in range(self.rng.randint(0, 4)):
            self.key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    def search(self) -> None:
        search = self.window.search
        self.click(search)
        self.type(search, self.rng.choice(QUERIES))
        self.window.run_search()
        self.key(search, Qt.Key.Key_Down)
        for _ in range(self.rng.randint(2, 8)):
            self.key(self.window.view, Qt.Key.Key_Down)
        self.key(self.window.view, Qt.Key.Key_Escape)

    def check(self) -> None:
        self.key(self.window.view, Qt.Key.Key_F7)
        panel = self.window.extra_docks["check"].widget()
        deadline = time.monotonic() + 60
        while getattr(panel, "running", False) and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        table = getattr(panel, "table", None)
        if table is not None and table.model().rowCount():
            table.setFocus()
            for _ in range(self.rng.randint(3, 10)):
                self.key(table, Qt.Key.Key_Down)
            self.key(table, Qt.Key.Key_Return)

    def export(self, folder: Path) -> None:
        control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        self.key(self.window.view, Qt.Key.Key_E, control_shift)
        dialog = self.window._export_dialog
        if dialog is None:
            return
        from xindex.gui.export_dialog import ExportDialog

        assert isinstance(dialog, ExportDialog)
        dialog.format_combo.setFocus()
        for _ in range(self.rng.randint(0, 3)):
            self.key(dialog.format_combo, Qt.Key.Key_Down)
        dialog.output_edit.setText(str(folder / f"soak-{self.events}{dialog.exporter().suffixes[0]}"))
        self.click(dialog.export_button)
        deadline = time.monotonic() + 60
        while dialog.manager.running and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        self.key(dialog, Qt.Key.Key_Escape)

    def select_batch(self) -> None:
        view = self.window.view
        view.setFocus()
        for _ in range(self.rng.randint(1, 3)):
            self.key(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        control_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        self.key(view, self.rng.choice([Qt.Key.Key_B, Qt.Key.Key_I, Qt.Key.Key_N]), control_alt)
        if self.rng.random() < 0.3:
            self.key(view, Qt.Key.Key_Delete)  # (the question is answered with its default, No)
            self.activate()

    def collapse(self) -> None:
        view = self.window.view
        view.setFocus()
        self.key(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        for _ in range(self.rng.randint(1, 6)):
            self.key(view, self.rng.choice([Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Left]))
        if self.rng.random() < 0.7:
            self.key(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)

    def replace(self) -> None:
        self.key(self.window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        dialog = self.window.replace_dialog
        if dialog is None:
            return
        self.type(dialog.find_field, self.rng.choice(["soil", "rose", "(un", "winter"]))
        self.key(dialog.find_field, Qt.Key.Key_Tab)
        self.type(self.focus(), self.rng.choice(["earth", "Rose", "x"]))
        self.key(self.focus(), Qt.Key.Key_Return)
        if self.rng.random() < 0.3 and dialog.replace_all.isEnabled():
            self.click(dialog.replace_all)
        self.key(dialog, Qt.Key.Key_Escape)
        self.activate()

    def run(self, target: int, folder: Path) -> None:
        steps: list[tuple[str, Callable[[], None], int]] = [
            ("browse", self.browse, 8),
            ("click", self.click_rows, 4),
            ("jump", self.jump, 3),
            ("add", self.add_entries, 6),
            ("fast", self.fast_entry, 4),
            ("panel", self.edit_panel, 4),
            ("undo", self.undo_redo, 3),
            ("search", self.search, 3),
            ("select", self.select_batch, 2),
            ("collapse", self.collapse, 2),
            ("replace", self.replace, 1),
            ("check", self.check, 1),
            ("spelling", self.spelling, 1),
            ("export", lambda: self.export(folder), 1),
        ]
        names = [name for name, _, _ in steps]
        actions = {name: action for name, action, _ in steps}
        weights = [weight for _, _, weight in steps]
        for name in names:  # every part of the window at least once
            actions[name]()
            self.kinds[name] = self.kinds.get(name, 0) + 1
        while self.events < target:
            name = self.rng.choices(names, weights)[0]
            actions[name]()
            self.kinds[name] = self.kinds.get(name, 0) + 1


def answer_message_boxes(window: QWidget) -> QTimer:
    """Answer any message box with its default button (a soak has nobody to read it), then give the window
    back its focus (a window manager would; offscreen, a closed box gives nothing back)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            button = dialog.defaultButton() or (dialog.buttons() or [None])[0]
            if button is not None:
                button.click()
                QTimer.singleShot(0, window.activateWindow)

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(answer)
    timer.start()
    return timer


def main(argv: list[str] | None = None) -> int:
    """Run the soak; exit 0 when the editor came through it whole."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="key presses and clicks to send (default 2000)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    app = QApplication([sys.argv[0]])
    app.setOrganizationName("xindex-soak")
    from xindex.formats.outline import load_outline
    from xindex.gui.main_window import MainWindow
    from xindex.store import Document
    from xindex.store.outline import Outline

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path = folder / "soak.xix"
        with Document.create(path) as document:
            load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
            document.set_setting("abbreviations", "cw1 = Cold War I")
        none_before = sys.getrefcount(None)
        started = time.perf_counter()
        window = MainWindow(str(path))
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        keeper = answer_message_boxes(window)
        session = Session(window, app, random.Random(args.seed))
        session.run(args.events, folder)
        document = window.document
        assert document is not None
        fresh = Outline(document)
        consistent = window.model.outline.order == fresh.order
        entries = document.entry_count()
        expanded = len(document.match_ids('"Cold War I"'))  # headings typed as "cw1 …"
        keeper.stop()
        window.close()
        app.processEvents()
        lost = none_before - sys.getrefcount(None) if sys.version_info < (3, 12) else 0
        shutil.rmtree(folder / "__pycache__", ignore_errors=True)
    import PySide6

    summary = {
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
        "events": session.events,
        "parts": session.kinds,
        "entries": entries,
        "abbreviations_expanded": expanded,
        "seconds": round(time.perf_counter() - started, 1),
        "view_equals_document": consistent,
        "none_references_lost": lost,
    }
    print(json.dumps(summary))
    return 0 if consistent and lost < 100 and session.events >= args.events else 1


if __name__ == "__main__":
    sys.exit(main())
