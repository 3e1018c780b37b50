"""Abbreviations typed in the heading fields, and their manager, with real keys."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import shot
from tests.gui.helpers import when_modal
from xindex.gui.abbreviations_dialog import AbbreviationsDialog
from xindex.gui.main_window import MainWindow


def test_the_manager_checks_both_tables_then_typing_expands(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    history = document.history()
    steps: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, AbbreviationsDialog)
        dialog.for_index.setFocus()
        qtbot.keyClicks(dialog.for_index, "wwii World War II")  # no "="
        dialog.for_computer.setFocus()
        qtbot.keyClicks(dialog.for_computer, "aln = <i>Alnus</i>")
        dialog.accept()
        steps.append(dialog.problem.text())
        assert dialog.isVisible() and document.history() == history  # refused: nothing stored
        dialog.for_index.clear()
        dialog.for_index.setFocus()
        qtbot.keyClicks(dialog.for_index, "wwii = World War II")
        shot(dialog, "abbreviations-manager")
        dialog.accept()

    when_modal(fill)
    window.edit_abbreviations()
    assert steps == ["This index, line 1: write “abbreviation = expansion”, not “wwii World War II”"]
    assert document.setting("abbreviations") == "wwii = World War II"
    assert len(document.history()) == len(history) + 1  # the index's table is one undo step
    assert QSettings().value("abbreviations") == "aln = <i>Alnus</i>"

    heading = window.fast_entry.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "wwii, aln ")
    assert heading.text() == "World War II, <i>Alnus</i> "
    qtbot.keyClicks(heading, "xwwii ")  # inside a longer word: left alone
    assert heading.text().endswith("xwwii ")
    term = window.entry_panel.term
    term.setFocus()
    term.selectAll()
    qtbot.keyClicks(term, "wwii.")
    assert term.text() == "World War II."
