"""Fast entry costs at most three keys that are not text per entry, over fifty realistic entries typed
with real key events (tests/gui/keystrokes.py), each checked to have come out as meant."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui import keystrokes
from tests.gui.conftest import activate
from xindex.gui.main_window import MainWindow


def test_fifty_entries_cost_at_most_three_keys_that_are_not_text_each(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    window.fast_entry.levels[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.fast_entry.levels[0])
    before = document.entry_count()
    for number, step in enumerate(keystrokes.STEPS, 1):
        keystrokes.replay(step, lambda: activate(qtbot, window))
        where = f"entry {number} ({step.keys})"
        assert keystrokes.problem(document, step) == "", where
        assert not window.fast_entry.message.isVisible(), f"{where}: {window.fast_entry.message.text()}"
    assert document.entry_count() > before
    cost = keystrokes.count()
    assert cost.entries == 50
    assert cost.other_per_entry <= 3.0, cost
