"""No lost or wrong input: each case was met by typing as an indexer does, and is replayed here with real
key and mouse events (pytest-qt). Screenshots go to tests/screenshots/ for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import build_book, shot
from tests.gui.helpers import answer, default_button, when_modal
from xindex.gui.main_window import MainWindow
from xindex.gui.pickers import EntryPicker
from xindex.store import Document


def entry_id(main: MainWindow, *path: str) -> int:
    assert main.document is not None
    entry = main.document.find_path(list(path))
    assert entry is not None, path
    return entry.id


def click_row(qtbot: QtBot, main: MainWindow, target: int) -> None:
    """Click an entry's row in the index, as a person would."""
    row = main.model.row_of(target)
    index = main.model.index(row, 0)
    main.view.scrollTo(index)
    rect = main.view.visualRect(index)
    qtbot.mouseClick(main.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


# -- the entry panel keeps every edit ----------------------------------------------------------------


def test_a_term_typed_then_another_row_clicked_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.go_to(entry_id(main, "cabbage"))
    term = main.entry_panel.term
    qtbot.mouseClick(term, Qt.MouseButton.LeftButton)
    term.selectAll()
    qtbot.keyClicks(term, "cabbages")
    assert term.pending and main.entry_panel.pending_label.isVisible()
    shot(main, "entry-panel-pending-edit")
    click_row(qtbot, main, entry_id(main, "apples"))
    qtbot.waitUntil(lambda: main.document is not None and main.document.find_path(["cabbages"]) is not None)
    assert main.document is not None and main.document.find_path(["cabbage"]) is None
    assert main.current_entry_id() == entry_id(main, "apples")
    assert not main.entry_panel.pending_label.isVisible()


def test_pages_and_groups_typed_then_tabbed_away_are_saved(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    cabbage = entry_id(main, "cabbage")
    main.go_to(cabbage)
    panel = main.entry_panel
    panel.locators.setFocus()
    panel.locators.end(False)
    qtbot.keyClicks(panel.locators, ", 219")
    qtbot.keyClick(panel.locators, Qt.Key.Key_Tab)
    assert main.document is not None
    assert [loc.plain() for loc in main.document.locators(cabbage)] == ["215", "219"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the notes: Tab leaves them
    assert panel.groups.hasFocus()
    qtbot.keyClicks(panel.groups, "brassicas, to check")
    click_row(qtbot, main, entry_id(main, "apples"))
    qtbot.waitUntil(lambda: main.document is not None and main.document.groups_of(cabbage) != [])
    assert main.document.groups_of(cabbage) == ["brassicas", "to check"]


def test_notes_typed_then_tabbed_away_are_saved_and_tab_reaches_every_field(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    cabbage = entry_id(main, "cabbage")
    main.go_to(cabbage)
    panel = main.entry_panel
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "ask the author")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Tab)
    assert panel.groups.hasFocus() and "\t" not in panel.notes.toPlainText()
    assert main.document is not None and main.document.entry(cabbage).notes == "ask the author"
    order = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:4] == [panel.xrefs, *panel.reference_buttons, panel.remove_xref]


def test_refused_pages_are_kept_and_leaving_the_entry_asks(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    cabbage, apples = entry_id(main, "cabbage"), entry_id(main, "apples")
    main.go_to(cabbage)
    panel = main.entry_panel
    panel.locators.setFocus()
    panel.locators.end(False)
    qtbot.keyClicks(panel.locators, ", 230-")
    qtbot.keyClick(panel.locators, Qt.Key.Key_Return)
    assert panel.locators.pending and "no end page" in panel.error_label.text()
    seen: list[str] = []
    answer("Go Back", seen)
    click_row(qtbot, main, apples)
    qtbot.waitUntil(lambda: bool(seen))
    assert "cannot be saved" in seen[0]
    assert main.current_entry_id() == cabbage and panel.locators.text().endswith("230-")
    answer("Discard")
    click_row(qtbot, main, apples)
    qtbot.waitUntil(lambda: main.current_entry_id() == apples)
    assert main.document is not None and [loc.plain() for loc in main.document.locators(cabbage)] == ["215"]


# -- completion ----------------------------------------------------------------------------------------


def test_tab_takes_the_completion_at_every_level(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "people.xix"
    with Document.create(path) as document:
        einstein = document.add_entry("Einstein, Albert", locators="150")
        relativity = document.add_entry("relativity", einstein)
        document.add_entry("general theory", relativity, locators="155")
        document.add_entry("Łódź", locators="40")
        document.add_entry("Gogh, Vincent van", locators="77")
    main = MainWindow(str(path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    bar = main.fast_entry
    heading = bar.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "Eins")
    assert heading.text() == "Einstein, Albert" and heading.selectedText() == "tein, Albert"
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "rel")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "gen")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert bar.levels[3].hasFocus()  # a fourth level, now that the third is used
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert bar.pages.hasFocus()  # (no further empty level on the way)
    qtbot.keyClicks(bar.pages, "157")
    qtbot.keyClick(bar.pages, Qt.Key.Key_Return)
    assert main.document is not None
    general = main.document.find_path(["Einstein, Albert", "relativity", "general theory"])
    assert general is not None and [loc.plain() for loc in main.document.locators(general.id)] == ["155", "157"]
    assert main.document.find_path(["Eins"]) is None and main.document.entry_count() == 5
    # case and accents ignored; a heading's start first
    bar.clear()
    qtbot.keyClicks(heading, "Lodz")
    assert heading.popup is not None and heading.popup.item(0).text() == "Łódź"
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    assert heading.text() == "Łódź"
    bar.clear()
    qtbot.keyClicks(heading, "gogh")
    assert heading.text() == "gogh, Vincent van" and heading.selectedText() == ", Vincent van"  # typed as typed
    qtbot.keyClick(heading, Qt.Key.Key_Return)  # Enter, like Tab, takes the heading in its own spelling
    assert main.document.find_path(["gogh, Vincent van"]) is None
    assert main.document.entry_count() == 5
    main.close()


def test_escape_closes_the_list_first_then_clears(qtbot: QtBot, window: MainWindow) -> None:
    heading = window.fast_entry.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "app")
    assert heading.popup is not None and heading.popup.isVisible() and heading.text() == "apples"
    qtbot.keyClick(heading, Qt.Key.Key_Escape)
    assert not heading.popup.isVisible() and heading.text() == "app"  # the list and the suggestion went
    qtbot.keyClick(heading, Qt.Key.Key_Escape)
    assert heading.text() == ""


def test_a_heading_differing_only_by_case_or_accents_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    assert main.document is not None
    count = main.document.entry_count()
    heading = main.fast_entry.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "Cabbage")
    qtbot.keyClick(heading, Qt.Key.Key_Escape)  # no suggestion wanted: exactly what was typed
    qtbot.keyClicks(main.fast_entry.pages, "216")
    seen: list[str] = []
    default_button(seen)  # the default: use the existing heading
    qtbot.keyClick(main.fast_entry.pages, Qt.Key.Key_Return)
    assert "only by case or accents" in seen[0] and seen[1] == "Use “cabbage”"
    assert main.document.entry_count() == count
    assert [loc.plain() for loc in main.document.locators(entry_id(main, "cabbage"))] == ["215", "216"]


def test_a_new_heading_does_not_reuse_the_old_subheading(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    bar = main.fast_entry
    heading, sub = bar.levels[0], bar.levels[1]
    heading.setFocus()
    qtbot.keyClicks(heading, "quinces")
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    qtbot.keyClicks(sub, "pruning")
    qtbot.keyClick(sub, Qt.Key.Key_Tab)
    qtbot.keyClicks(bar.pages, "301")
    qtbot.keyClick(bar.pages, Qt.Key.Key_Return)
    assert sub.hasFocus() and sub.selectedText() == "pruning"
    qtbot.keyClick(sub, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the heading
    assert heading.hasFocus()
    heading.selectAll()
    qtbot.keyClicks(heading, "medlars")
    assert sub.text() == ""  # the old subheading belonged to the old heading
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    qtbot.keyClick(sub, Qt.Key.Key_Tab)
    qtbot.keyClicks(bar.pages, "305")
    qtbot.keyClick(bar.pages, Qt.Key.Key_Return)
    assert main.document is not None
    assert main.document.find_path(["medlars"]) is not None
    assert main.document.find_path(["medlars", "pruning"]) is None


def test_ctrl_z_right_after_adding_an_entry_undoes_the_entry(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    assert main.document is not None
    count = main.document.entry_count()
    heading = main.fast_entry.levels[0]
    heading.setFocus()
    qtbot.keyClicks(heading, "quinces")
    qtbot.keyClicks(main.fast_entry.pages, "301")
    qtbot.keyClick(main.fast_entry.pages, Qt.Key.Key_Return)
    assert main.document.entry_count() == count + 1 and heading.hasFocus()
    qtbot.keyClick(heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert main.document.entry_count() == count and main.document.find_path(["quinces"]) is None
    # while the field has typing of its own, Ctrl+Z undoes that typing
    qtbot.keyClicks(heading, "s")
    qtbot.keyClick(heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert heading.text() == "quinces" and main.document.entry_count() == count


# -- keyboard reach ----------------------------------------------------------------------------------


def test_tab_walks_bar_search_filter_index_panel_and_never_the_letter_buttons(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.fast_entry.pages.setFocus()
    reached = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [main.search, main.filter, main.view, main.entry_panel.term]
    assert all(button.focusPolicy() == Qt.FocusPolicy.NoFocus for button in main.letter_buttons)


def test_enter_and_down_in_the_search_box_go_to_the_results(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.search.setFocus()
    qtbot.keyClicks(main.search, "clubroot")
    qtbot.keyClick(main.search, Qt.Key.Key_Down)
    assert main.view.hasFocus() and main.current_entry_id() is not None
    assert main.document is not None and "clubroot" in main.document.path_text(main.current_entry_id() or 0)
    main.search.setFocus()
    qtbot.keyClick(main.search, Qt.Key.Key_Return)
    assert main.view.hasFocus()


# -- other wrong results -----------------------------------------------------------------------------


def test_the_picker_refuses_an_empty_generic_reference(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.go_to(entry_id(main, "cabbage"))
    notes: list[str] = []

    def try_empty(dialog: QWidget) -> None:
        assert isinstance(dialog, EntryPicker)
        dialog.generic.setChecked(True)
        notes.append(str(dialog.ok_button.isEnabled()))
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        notes.append(dialog.problem.text())
        dialog.reject()

    when_modal(try_empty)
    main.view.setFocus()
    qtbot.keyClick(main.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert notes[0] == "False" and "Nothing chosen" in notes[1]
    assert main.document is not None and main.document.xrefs(entry_id(main, "cabbage")) == []


def test_merge_never_offers_the_entry_itself(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    apples = entry_id(main, "apples")
    main.go_to(apples)
    offered: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, EntryPicker)
        qtbot.keyClicks(dialog.query, "apple")
        offered.extend(dialog.results.item(row).text() for row in range(dialog.results.count()))
        dialog.reject()

    when_modal(look)
    main.view.setFocus()
    qtbot.keyClick(main.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "apples" not in offered and not any(text.startswith("apples:") for text in offered)


def test_ctrl_t_and_alt_up_on_a_range(qtbot: QtBot, window: MainWindow) -> None:
    pages = window.fast_entry.pages
    pages.setFocus()
    qtbot.keyClicks(pages, "184-7")
    qtbot.keyClick(pages, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert pages.text() == "184-188"
    pages.clear()
    qtbot.keyClicks(pages, "12, 305-6")
    qtbot.keyClick(pages, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert pages.text() == "12, 307"
    qtbot.keyClick(pages, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert pages.text() == "12, 306"


def test_the_message_about_bad_pages_follows_the_field(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.fast_entry
    bar.levels[0].setFocus()
    qtbot.keyClicks(bar.levels[0], "quinces")
    qtbot.keyClicks(bar.pages, "2x")
    qtbot.keyClick(bar.pages, Qt.Key.Key_Return)
    assert "2x" in bar.message.text()
    qtbot.keyClicks(bar.pages, "9")
    assert "2x9" in bar.message.text()  # what the field holds now, not what it held
    for _ in range(2):
        qtbot.keyClick(bar.pages, Qt.Key.Key_Backspace)
    assert not bar.message.isVisible()
    assert window.statusBar().currentMessage() == ""


# -- empty states and dialogs -------------------------------------------------------------------------


def test_without_a_document_nothing_pretends_to_work(qtbot: QtBot) -> None:
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1000, 700)
    main.show()
    disabled = [action.text() for action in main.document_actions + main.edit_actions + main.entry_actions]
    assert "&Export…" in disabled and "&Check" in disabled and "&Delete Entry" in disabled and "Add &See…" in disabled
    assert not any(action.isEnabled() for action in main.document_actions + main.edit_actions + main.entry_actions)
    assert main.status_saved.text() == "" and main.status_counts.text() == "No document"
    assert "No index is open" in main.view.empty_text
    main.close()


def test_a_new_empty_document_says_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "untitled.xix"
    Document.create(path).close()
    main = MainWindow(str(path))
    qtbot.addWidget(main)
    main.resize(1000, 700)
    main.show()
    qtbot.waitExposed(main)
    assert "This index is empty" in main.view.empty_text
    assert main.windowTitle() == "untitled.xix — xindex"  # no title: the name once
    shot(main, "empty-document")
    main.close()


def test_the_preview_shows_at_once(qtbot: QtBot, window: MainWindow) -> None:
    assert "acid soils" in window.preview.toPlainText()


def test_deleting_a_heading_with_subentries_says_what_goes_and_defaults_to_no(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    apples = entry_id(main, "apples")
    main.go_to(apples)
    seen: list[str] = []
    default_button(seen)
    qtbot.keyClick(main.view, Qt.Key.Key_Delete)
    assert "subentries" in seen[0] and "chilling requirement" in seen[0] and seen[1] == "No"
    assert main.document is not None and main.document.find_path(["apples"]) is not None


def test_undo_history_starts_before_the_first_change(qtbot: QtBot, window: MainWindow) -> None:
    assert window.undo_view.emptyLabel() == "(before the first change)"


def test_recent_files_forget_missing_ones(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    gone = tmp_path / "gone.xix"
    build_book(gone)
    window._remember(str(gone))
    gone.unlink()
    assert str(gone) not in window.recent_files()


def test_the_keyboard_reference_is_a_searchable_dock(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.keyboard_dock.isVisible() and not window.keyboard_dock.isFloating()
    qtbot.keyClicks(window.keyboard.filter, "range")
    rows = window.keyboard.visible_rows()
    assert any("Ctrl+T" in keys for keys, _ in rows) and len(rows) < 5
    assert window.keyboard_dock.height() <= 800
    shot(window, "keyboard-reference")


def test_dropping_a_file_that_is_not_an_index_says_so(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    stray = tmp_path / "holiday.jpg"
    stray.write_bytes(b"\xff\xd8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(stray))])
    seen: list[str] = []
    answer("OK", seen)
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert "holiday.jpg is not a file xindex opens or imports" in seen[0]


# -- search ------------------------------------------------------------------------------------------


def matches(main: MainWindow) -> list[str]:
    outline = main.model.outline
    assert main.document is not None
    return [main.document.path_text(i) for i in outline.rows if not outline.is_context(i)]


def test_search_as_you_type_over_whole_paths_in_index_order(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.search.setFocus()
    qtbot.keyClicks(main.search, "rose")  # the word being typed is a prefix
    qtbot.waitUntil(lambda: main.model.filtered)
    found = matches(main)
    assert found[:2] == ["hybrid tea roses", "pruning: roses"] and "roses" in found
    assert main.document is not None
    assert [main.document.path_text(i) for i in main.document.in_index_order(main.model.outline.matches or ())] == found
    main.search.clear()
    qtbot.keyClicks(main.search, "roses AND winter")
    qtbot.waitUntil(lambda: matches(main) == ["roses: hybrid tea: winter protection"])
    # the rows show the entries as printed, with their locators
    row = main.model.row_of(entry_id(main, "roses", "hybrid tea", "winter protection"))
    assert main.model.index(row, 0).data() == "winter protection, 154–55, 300"
    shot(main, "search-results")
    qtbot.keyClick(main.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not main.model.filtered)
    assert main.search.text() == ""


def test_opening_a_result_keeps_the_results(qtbot: QtBot, window: MainWindow) -> None:
    main = window
    main.search.setFocus()
    qtbot.keyClicks(main.search, "frost")
    qtbot.keyClick(main.search, Qt.Key.Key_Return)
    rows = main.model.rowCount()
    qtbot.keyClick(main.view, Qt.Key.Key_Return)  # open the result: edit it in the entry panel
    assert main.entry_panel.term.hasFocus() and main.model.filtered and main.model.rowCount() == rows
    main.view.setFocus()
    current = main.current_entry_id()
    qtbot.keyClick(main.view, Qt.Key.Key_Escape)  # leave the results, staying on the entry
    assert not main.model.filtered and main.current_entry_id() == current and main.search.text() == ""


def test_every_match_is_shown_and_counted(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "many.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(700):
            document.add_entry(f"garden {number:03d}", locators=str(number + 1))
    main = MainWindow(str(path))
    qtbot.addWidget(main)
    main.search.setText("garden")
    main.run_search()
    assert main.model.rowCount() == 700 and main.status_counts.text().startswith("700 matching")
    main.close()


def test_flip_from_the_keyboard_makes_no_self_reference(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "paris.xix"
    with Document.create(path) as document:
        paris = document.add_entry("Paris", locators="1")
        in_paris = document.add_entry("Montmartre", paris, locators="12")
        montmartre = document.add_entry("Montmartre", locators="30")
        document.add_xref(montmartre, "see also", target_id=in_paris)
    main = MainWindow(str(path))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.go_to(in_paris)
    qtbot.keyClick(main.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert main.document is not None
    flipped = main.document.find_path(["Montmartre", "Paris"])
    assert flipped is not None and main.current_entry_id() == flipped.id
    assert main.document.xrefs(montmartre) == []
    rows = [str(main.model.index(row, 0).data()) for row in range(main.model.rowCount())]
    assert rows == ["Montmartre, 30", "Paris, 12", "Paris, 1"]
    main.close()


# -- restructuring goes through the same operations as the command line -----------------------------


def test_delete_asks_with_what_goes_then_flip_and_renumber(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from xindex.app import entries

    main = window
    assert main.document is not None
    acid = entry_id(main, "acid soils")
    click_row(qtbot, main, acid)
    seen: list[str] = []
    answer("No", seen)
    qtbot.keyClick(main.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith("Delete “acid soils”?")
    assert entries.consequences(main.document, acid).lines()[0] in seen[0], "the question the app layer words"
    assert "Cross-references from “blueberries”" in seen[0]
    assert main.document.find_path(["acid soils"]) is not None, "No keeps it"

    apples_cultivars = entry_id(main, "apples", "chilling requirement")
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    click_row(qtbot, main, apples_cultivars)
    assert main.current_entry_id() == apples_cultivars
    qtbot.keyClick(main.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert main.document.find_path(["chilling requirement", "apples"]) is not None
    assert main.current_entry_id() == entry_id(main, "chilling requirement", "apples")

    answers = iter([("226 +2", True), ("12n +1", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kwargs: next(answers))
    qtbot.keyClick(main.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [locator.plain() for locator in main.document.locators(entry_id(main, "apples"))] == ["228–237"]
    problems: list[str] = []
    monkeypatch.setattr(main, "show_problem", problems.append)
    qtbot.keyClick(main.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert problems and problems[0].startswith("the first page is one page"), "the command line's own message"
