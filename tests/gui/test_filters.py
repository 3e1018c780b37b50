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
