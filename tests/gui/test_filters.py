"""The view's filters: dead ends, recently edited, groups, check findings (with or without a search)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from xindex.gui.main_window import MainWindow
from xindex.store import Document


def shown(window: MainWindow) -> list[str]:
    """The matches the view shows (not the headings shown for context), as heading paths."""
    assert window.document is not None
    outline = window.model.outline
    return [window.document.path_text(entry_id) for entry_id in outline.rows if not outline.is_context(entry_id)]


def choose(window: MainWindow, data: str) -> None:
    window.filter.setCurrentIndex(window.filter.findData(data))


def test_filters(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "f.xix"
    with Document.create(path) as document:
        roses = document.add_entry("roses", locators="12")
        document.add_entry("climbing", roses, locators="13")
        document.add_entry("lilies")  # a dead end
        document.add_to_group("to check", [roses])
        document.edit_entry(roses, notes="edited last")
    window = MainWindow(str(path))
    qtbot.addWidget(window)
    choose(window, "empty")
    assert shown(window) == ["lilies"]
    choose(window, "recent")
    assert "roses" in shown(window)  # the most recently edited, shown in index order
    choose(window, "group:to check")
    assert shown(window) == ["roses"]
    window.search.setText("climbing")
    window.run_search()
    assert shown(window) == []  # the search and the group filter together
    choose(window, "all")
    window.run_search()
    assert shown(window) == ["roses: climbing"]
    window.run_check()
    panel = window.extra_docks["check"].widget()
    qtbot.waitUntil(lambda: bool(panel.findings), timeout=20_000)  # type: ignore[attr-defined]
    window.search.clear()
    choose(window, "findings")
    assert "lilies" in shown(window)
    window.close()


def _pick(qtbot: QtBot, choice: str | None) -> None:
    """Answer the next "Edited since" question with ``choice`` (None: cancel)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

    from tests.gui.helpers import when_modal

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        if choice is None:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        combo.setCurrentIndex(combo.findText(choice))
        qtbot.keyClick(combo, Qt.Key.Key_Return)

    when_modal(answer)


def test_edited_since_shows_what_changed_in_this_session(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    path = tmp_path / "s.xix"
    with Document.create(path) as document:
        roses = document.add_entry("roses", locators="12")
        document.add_entry("climbing", roses, locators="13")
        document.add_entry("lilies", locators="20")
    window = MainWindow(str(path))
    qtbot.addWidget(window)
    window.show()
    assert window.document is not None
    lilies = window.document.find_path(["lilies"])
    assert lilies is not None
    window.run_command(lambda: window.document.edit_entry(lilies.id, notes="checked"))  # type: ignore[union-attr]
    window.after_edit()
    _pick(qtbot, "this session")
    window.filter.setFocus()
    qtbot.keyClick(window.filter, Qt.Key.Key_E)  # typing E in the filter list chooses "Edited since…"
    assert window.filter.currentData() == "since"
    assert window.filter.currentText() == "Edited in this session"
    assert shown(window) == ["lilies"]
    _pick(qtbot, None)  # asked again and cancelled: back to every entry
    window.filter.setCurrentIndex(0)
    window.filter.setCurrentIndex(window.filter.findData("since"))
    assert window.filter.currentData() == "all" and not window.model.filtered
    _pick(qtbot, "the last 7 days")
    window.filter.setCurrentIndex(window.filter.findData("since"))
    assert shown(window) == ["lilies", "roses", "roses: climbing"]
    window.close()
