"""Find and Replace in the editor, typed with real keys: the preview, a search that cannot run, a change
that cannot be made, Replace All as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import activate, shot
from xindex.gui.main_window import MainWindow
from xindex.gui.replace_dialog import ReplaceDialog


def open_dialog(qtbot: QtBot, window: MainWindow) -> ReplaceDialog:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.replace_dialog
    assert isinstance(dialog, ReplaceDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog and QApplication.focusWidget() is dialog.find_field)
    return dialog


def rows(dialog: ReplaceDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def test_typed_search_previews_every_change_and_replace_all_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    before = document.history()
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.find_field, "soil")
    qtbot.keyClick(dialog.find_field, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.replace_field, "earth")
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=3000)
    assert ("acid soils", "Heading", "acid soils", "acid earths") in rows(dialog)
    assert all(row[3].count("earth") for row in rows(dialog))
    assert dialog.summary.text().startswith(f"{len(dialog.found)} changes in ")
    shot(dialog, "find-and-replace-preview")
    assert document.history() == before  # a preview changes nothing
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Replace &All
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Replaced:"))
    assert document.find_path(["acid earths"]) is not None and document.find_path(["acid soils"]) is None
    assert window.model.row_of(document.find_path(["acid earths"]).id) >= 0  # the index shows it
    assert len(document.history()) == len(before) + 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    activate(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.find_path(["acid soils"]) is not None and document.find_path(["acid earths"]) is None


def test_a_regular_expression_that_does_not_compile_is_said_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    document = window.document
    assert document is not None
    before = document.history()
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # Regular e&xpression
    qtbot.waitUntil(dialog.regex.isChecked)  # (a mnemonic clicks after Qt's 100 ms animation)
    dialog.find_field.setFocus()
    qtbot.keyClicks(dialog.find_field, "soil(s")
    qtbot.keyClick(dialog.find_field, Qt.Key.Key_Return)
    assert dialog.problem.isVisible()
    assert "does not compile: missing ), unterminated subpattern at character 5" in dialog.problem.text()
    assert not dialog.replace_all.isEnabled() and dialog.table.rowCount() == 0
    qtbot.keyClick(dialog.find_field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.find_field, "s)")
    qtbot.keyClick(dialog.find_field, Qt.Key.Key_Return)
    assert not dialog.problem.isVisible() and dialog.table.rowCount() > 0
    assert document.history() == before


def test_a_change_that_cannot_be_made_is_shown_and_replace_all_stays_off(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.find_field, "chilling requirement")
    qtbot.keyClick(dialog.find_field, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.replace_field, "cultivars, hardy")
    qtbot.keyClick(dialog.replace_field, Qt.Key.Key_Return)
    assert rows(dialog) == [
        (
            "apples: chilling requirement",
            "Heading",
            "chilling requirement",
            "a heading beside it is already “cultivars, hardy”",
        )
    ]
    assert not dialog.replace_all.isEnabled()
    assert "change the search so that every change can be made" in dialog.summary.text()
