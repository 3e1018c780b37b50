"""Collapse All / Expand All, and Right / Left on one heading, with real keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from xindex.gui.main_window import MainWindow


def shown(window: MainWindow) -> list[str]:
    assert window.document is not None
    return [window.document.path_text(entry_id) for entry_id in window.model.outline.rows]


def test_collapse_shows_main_headings_and_right_left_open_one(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    mains = [entry.plain for entry in document.children(None)]
    apples = document.find_path(["apples"])
    cultivars = document.find_path(["apples", "cultivars, hardy"])
    assert apples is not None and cultivars is not None
    window.view.setFocus()
    window.go_to(cultivars.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)  # Collapse All
    assert shown(window) == mains
    assert window.current_entry_id() == apples.id  # the hidden subentry's main heading
    assert "collapsed" in window.status_counts.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    below = [path for path in shown(window) if path.startswith("apples: ")]
    assert "apples: cultivars, hardy: ‘Antonovka’" in below and len(shown(window)) == len(mains) + len(below)
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    qtbot.keyClick(window.view, Qt.Key.Key_Left)  # from a subentry: its heading closes
    assert shown(window) == mains and window.current_entry_id() == apples.id
    window.search.setText("antonovka")  # a search shows what it finds, collapsed or not
    window.run_search()
    assert "apples: cultivars, hardy: ‘Antonovka’" in shown(window)
    window.search.clear()
    window.run_search()
    assert shown(window) == mains
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Expand All
    assert len(shown(window)) == document.entry_count()
    assert not window.model.filtered
