"""Spell checking as you type, with real keys: a heading's unknown word is underlined and offered what
might be meant; a note's too; accepting a word (in the index or for this computer) ends its underline."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.gui.conftest import shot
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


def test_check_spelling_lists_every_unknown_word_with_its_entries(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    qtbot.keyClick(window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    spelling = window.spelling_window
    assert spelling is not None and spelling.isVisible()
    qtbot.waitExposed(spelling)
    qtbot.waitUntil(lambda: spelling.words.count() > 0, timeout=30_000)  # (a process of its own)
    words = [unknown.word for unknown in spelling.found]
    assert {"Tromsø", "rugosa"} <= set(words) and "roses" not in words
    spelling.words.setCurrentRow(words.index("Tromsø"))
    assert [spelling.entries.item(row).text() for row in range(spelling.entries.count())] == [
        "Arctic-Alpine Botanic Garden (Tromsø)"
    ]
    assert "perhaps" in spelling.suggestions.text()
    shot(spelling, "check-spelling")
    spelling.entries.setFocus()
    spelling.entries.setCurrentRow(0)
    qtbot.keyClick(spelling.entries, Qt.Key.Key_Return)  # shows the entry in the index
    garden = document.find_path(["Arctic-Alpine Botanic Garden (Tromsø)"])
    assert garden is not None and window.current_entry_id() == garden.id
    qtbot.waitUntil(lambda: QApplication.activeWindow() is spelling)  # still here, for the next word
    history = len(document.history())
    qtbot.keyClick(spelling, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Add to Index Dictionary
    qtbot.waitUntil(lambda: document.setting("dictionary") != "")  # (a mnemonic clicks after Qt's 100 ms animation)
    assert "tromsø" in document.setting("dictionary") and len(document.history()) == history + 1
    assert "Tromsø" not in [unknown.word for unknown in spelling.found]
    spelling.words.setCurrentRow([unknown.word for unknown in spelling.found].index("rugosa"))
    qtbot.keyClick(spelling, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Replace…: on that word
    qtbot.waitUntil(lambda: window.replace_dialog is not None)
    replace = window.replace_dialog
    assert replace is not None and replace.find_field.text() == "rugosa" and replace.whole_word.isChecked()
    replace.close()
    spelling.close()


def test_underlining_the_notes_is_no_edit_of_them(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    entry_id = document.add_entry("rhododendrons", notes="ask Kordes about it")
    window.after_edit(select=entry_id)
    notes = window.entry_panel.notes
    assert notes.toPlainText() == "ask Kordes about it"
    window.load_speller()  # the dictionary arrives: "Kordes" is underlined ...
    window.accept_word("Kordes", False)  # ... and accepted: the underline goes
    assert not notes.pending and not window.entry_panel.error_label.text()
