"""Several entries selected with the keyboard, then one batch operation (one undo step each)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import activate, shot
from tests.gui.helpers import when_modal
from xindex.core.locators import Emphasis
from xindex.gui.main_window import MainWindow


def select_from(qtbot: QtBot, window: MainWindow, path: list[str], rows: int) -> list[int]:
    """Go to an entry, then Shift+Down to take the next rows too; the selected entries."""
    document = window.document
    assert document is not None
    entry = document.find_path(path)
    assert entry is not None
    window.view.setFocus()
    window.view.go_to_row(window.model.row_of(entry.id))
    for _ in range(rows - 1):
        qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = window.view.selected_entry_ids()
    assert len(chosen) == rows
    return chosen


def test_delete_several_asks_once_listing_them_and_undo_brings_all_back(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    count = document.entry_count()
    chosen = select_from(qtbot, window, ["acid soils"], 4)
    names = [document.path_text(entry_id) for entry_id in chosen]
    seen: list[str] = []

    def yes(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(f"{dialog.text()}\n{dialog.informativeText()}")
        seen.append(dialog.defaultButton().text().replace("&", ""))
        shot(dialog, "batch-delete-question")
        dialog.button(QMessageBox.StandardButton.Yes).click()

    when_modal(yes)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    question, default = seen
    assert question.startswith("Delete these 2 entries?")  # rows 2 and 3 are subentries of the first
    assert [line for line in question.splitlines() if line.startswith("• ")] == [
        f"• {name}" for name in names if ": " not in name
    ]
    assert "With them go 2 subentries." in question
    assert default == "No"
    assert document.entry_count() == count - 4
    assert len(window.view.selected_entry_ids()) == 1
    activate(qtbot, window)  # (offscreen, a closed message box gives nothing back the focus)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.entry_count() == count


def test_group_and_emphasis_on_several(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    chosen = select_from(qtbot, window, ["alders (<i>Alnus</i>)"], 2)

    def name_the_group(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        field = dialog.findChild(QLineEdit)
        assert field is not None
        field.selectAll()
        qtbot.keyClicks(field, "chapter 4")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_modal(name_the_group)
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert sorted(document.groups()["chapter 4"]) == sorted(chosen)
    assert sorted(window.view.selected_entry_ids()) == sorted(chosen)  # still chosen for the next batch
    activate(qtbot, window)
    before = len(document.history())
    qtbot.keyClick(window.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert {loc.emphasis for entry_id in chosen for loc in document.locators(entry_id)} == {Emphasis.BOLD}
    assert len(document.history()) == before + 1
    qtbot.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert {loc.emphasis for entry_id in chosen for loc in document.locators(entry_id)} == {Emphasis.NONE}
