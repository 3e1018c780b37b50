"""Spell checking as you type, with real keys: a heading's unknown word is underlined and offered what
might be meant; a note's too; accepting a word (in the index or for this computer) ends its underline."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from xindex.gui.main_window import MainWindow
from xindex.gui.spelling import word_menu


def test_an_unknown_word_is_underlined_offered_a_correction_and_accepted(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    heading = window.fast_entry.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "rhododenrons <i>Alnus</i> pruning")
    assert [word for _start, _end, word in heading.unknown] == ["rhododenrons", "Alnus"]
    speller = window.speller()
    assert speller is not None
    menu = QMenu(heading)
    start, end, word = heading.unknown[0]

    def replace(text: str) -> None:
        heading.setSelection(start, end - start)
        heading.insert(text)

    word_menu(menu, speller, word, replace, window.accept_word)
    labels = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert labels == [
        "rhododendrons",
        "Add “rhododenrons” to this index's dictionary",
        "Add “rhododenrons” to my dictionary",
    ]
    menu.actions()[0].trigger()
    assert heading.text() == "rhododendrons <i>Alnus</i> pruning"
    assert [word for _start, _end, word in heading.unknown] == ["Alnus"]
    history = len(document.history())
    window.accept_word("Alnus", True)  # this index's dictionary: one undo step
    assert heading.unknown == [] and document.setting("dictionary") == "alnus"
    assert len(document.history()) == history + 1
    notes = window.entry_panel.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "ask Kordes")
    layout = notes.document().firstBlock().layout()
    assert [(format.start, format.length) for format in layout.formats()] == [(4, 6)]
    window.accept_word("Kordes", False)  # this computer's
    assert "kordes" in [str(word) for word in QSettings().value("spelling/words", [])]
    assert notes.document().firstBlock().layout().formats() == []
