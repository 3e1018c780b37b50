"""The fast-entry bar, typed with real keys: its Tab stops, the keys that reach Pages and Sort As, the
locator kept and stepped, references typed in Pages (and the question when their target does not
exist), and the one matcher's suggestions with their markup and pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import activate, shot
from tests.gui.helpers import answer, when_modal
from xindex.gui.fast_entry import FastEntry
from xindex.gui.main_window import MainWindow
from xindex.gui.model import HTML_ROLE
from xindex.gui.pickers import EntryPicker

CTRL = Qt.KeyboardModifier.ControlModifier


def bar_of(window: MainWindow) -> FastEntry:
    bar = window.fast_entry
    bar.levels[0].setFocus()
    return bar


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def type_then_pages(qtbot: QtBot, field: QWidget | None, heading: str, pages: str) -> None:
    """Type a heading into a field, Ctrl+L to Pages, type the pages (no Enter)."""
    qtbot.keyClicks(field, heading)
    qtbot.keyClick(focus(), Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(focus(), pages)


def test_tab_stops_at_the_levels_typed_and_the_first_empty_one_then_pages(qtbot: QtBot, window: MainWindow) -> None:
    bar = bar_of(window)
    qtbot.keyClicks(bar.levels[0], "asparagus")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is bar.levels[1]  # where a subheading would go
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is bar.pages  # the empty sub-subheading is no stop
    qtbot.keyClick(focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is bar.levels[1]
    qtbot.keyClick(focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is bar.levels[0] and bar.levels[0].selectedText() == "asparagus"
    qtbot.keyClick(focus(), Qt.Key.Key_L, CTRL)
    assert focus() is bar.pages
    qtbot.keyClick(focus(), Qt.Key.Key_K, CTRL)
    assert focus() is bar.sort_as


def test_enter_adds_from_any_field_and_the_next_entry_starts_from_this_one(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    bar = bar_of(window)
    type_then_pages(qtbot, bar.levels[0], "asparagus", "305-6")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # from Pages
    assert focus() is bar.levels[0] and bar.levels[0].selectedText() == "asparagus"
    assert bar.pages.text() == "305-6"  # kept, for the next entry
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focus(), "harvesting")
    qtbot.keyClick(focus(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # from a heading: steps Pages
    assert bar.pages.text() == "307"  # the page after the range
    qtbot.keyClick(focus(), Qt.Key.Key_T, CTRL)
    assert bar.pages.text() == "307-308"
    qtbot.keyClick(focus(), Qt.Key.Key_R, CTRL)
    assert bar.pages.text() == "305-6"  # the previous entry's locator again
    qtbot.keyClick(focus(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # from a subheading
    harvesting = document.find_path(["asparagus", "harvesting"])
    assert harvesting is not None and [locator.plain() for locator in document.locators(harvesting.id)] == ["307"]
    assert focus() is bar.levels[1] and bar.levels[1].selectedText() == "harvesting"
    qtbot.keyClicks(focus(), "crowns")  # typing replaces it: a sibling, on the same page
    qtbot.keyClick(focus(), Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(focus(), "asparagus crowns")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # from Sort As
    crowns = document.find_path(["asparagus", "crowns"])
    assert crowns is not None and crowns.sort_as == "asparagus crowns"
    assert [locator.plain() for locator in document.locators(crowns.id)] == ["307"]
    assert bar.sort_as.text() == ""  # Sort As is for one heading


def test_a_fourth_level_appears_when_the_third_is_used_and_goes_when_it_is_not(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = bar_of(window)
    assert len(bar.levels) == 3
    for text in ("tomatoes", "cultivars", "'Glacier'"):
        qtbot.keyClicks(focus(), text)
        qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert len(bar.levels) == 4 and focus() is bar.levels[3] and bar.levels[3].isVisible()
    type_then_pages(qtbot, focus(), "seed", "224")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.document is not None
    assert window.document.find_path(["tomatoes", "cultivars", "'Glacier'", "seed"]) is not None
    qtbot.keyClick(focus(), Qt.Key.Key_Return, CTRL)  # New Main Heading
    assert len(bar.levels) == 3 and focus() is bar.levels[0]


def test_references_typed_in_pages_complete_over_every_heading_path(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    bar = bar_of(window)
    type_then_pages(qtbot, bar.levels[0], "cloches", "266; see also roses: pr")
    assert bar.pages.text() == "266; see also roses: pruning" and bar.pages.selectedText() == "uning"
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)  # takes it and stays: another may follow
    assert focus() is bar.pages
    qtbot.keyClicks(focus(), "; hotb")
    popup = bar.references.popup
    assert popup is not None and popup.isVisible()
    assert "273" in str(popup.item(0).data(HTML_ROLE))  # each suggestion shows its pages
    shot(window, "fast-entry-reference-completion")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    cloches = document.find_path(["cloches"])
    assert cloches is not None
    assert [(xref.kind, document.path_text(xref.target_id or 0)) for xref in document.xrefs(cloches.id)] == [
        ("see also", "roses: pruning"),
        ("see also", "hotbeds"),
    ]
    assert bar.pages.text() == "266"  # the locator stays; the references were this entry's


def test_a_reference_to_a_heading_that_does_not_exist_asks(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    bar = bar_of(window)
    count, history = document.entry_count(), document.history()
    type_then_pages(qtbot, bar.levels[0], "high tunnels", "see hoop houses")
    seen: list[str] = []
    answer("Cancel", seen)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert "no heading “hoop houses”" in seen[0] and "generic" in seen[0]
    assert (document.entry_count(), document.history()) == (count, history)  # nothing changed
    activate(qtbot, window)
    assert bar.pages.text() == "see hoop houses" and bar.levels[0].text() == "high tunnels"  # nothing lost
    answer("Generic")
    qtbot.keyClick(bar.pages, Qt.Key.Key_Return)
    tunnels = document.find_path(["high tunnels"])
    assert tunnels is not None and document.find_path(["hoop houses"]) is None
    [generic] = document.xrefs(tunnels.id)
    assert generic.target_id is None and generic.text == "hoop houses"
    activate(qtbot, window)
    qtbot.keyClick(bar.levels[0], Qt.Key.Key_Z, CTRL)  # one undo takes the entry and its reference
    assert document.find_path(["high tunnels"]) is None
    bar.levels[0].setFocus()
    type_then_pages(qtbot, bar.levels[0], "polytunnels", "see also season extension: four-season harvest")
    answer("Create")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    created = document.find_path(["season extension", "four-season harvest"])
    polytunnels = document.find_path(["polytunnels"])
    assert created is not None and polytunnels is not None
    assert [xref.target_id for xref in document.xrefs(polytunnels.id)] == [created.id]


def test_a_reference_without_its_target_is_refused_and_nothing_is_lost(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    bar = bar_of(window)
    history = document.history()
    type_then_pages(qtbot, bar.levels[0], "cloches", "266; see also")
    assert not bar.pages.valid and "type the heading it refers to" in bar.pages.toolTip()
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert document.history() == history and bar.message.isVisible()
    assert "type the heading it refers to" in bar.message.text()
    assert bar.pages.text() == "266; see also" and bar.levels[0].text() == "cloches"


def test_completion_shows_markup_and_pages_and_an_exact_heading_is_not_extended(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = bar_of(window)
    qtbot.keyClicks(bar.levels[0], "ros")
    popup = bar.levels[0].popup
    assert popup is not None
    shown = [str(popup.item(row).data(HTML_ROLE)) for row in range(popup.count())]
    assert shown[0].startswith("<i>Rosa rugosa</i>") and "146–148" in shown[0]  # markup and pages
    assert bar.levels[0].text() == "rosa rugosa"  # filled in as typed, in the plain text
    shot(window, "fast-entry-completion-markup")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert bar.levels[0].text() == "<i>Rosa rugosa</i>"  # taken with its markup
    bar.levels[0].clear()
    bar.levels[0].setFocus()
    qtbot.keyClicks(bar.levels[0], "hardiness")  # a heading, and the start of "hardiness zones"
    assert bar.levels[0].text() == "hardiness"  # not extended to the longer heading


def test_the_picker_uses_the_same_matcher(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    found: list[str] = []
    shown: list[str] = []

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, EntryPicker)
        qtbot.keyClicks(dialog.query, "prun")
        found.extend(dialog.results.item(row).text() for row in range(dialog.results.count()))
        shot(dialog, "picker-same-matcher")
        dialog.query.clear()
        qtbot.keyClicks(dialog.query, "rugo")
        shown.append(str(dialog.results.item(0).data(HTML_ROLE)))
        dialog.reject()

    window.view.setFocus()
    when_modal(pick)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Move under…
    assert found[0] == "pruning" and {"fruit trees: pruning", "roses: pruning"} <= set(found)  # every level
    assert shown[0].startswith("<i>Rosa rugosa</i>")  # with its markup


def test_a_level_that_appears_expands_abbreviations_and_checks_spelling(qtbot: QtBot, window: MainWindow) -> None:
    assert window.document is not None
    window.run_command(lambda: window.document.set_setting("abbreviations", "wwii = World War II"))  # type: ignore[union-attr]
    bar = bar_of(window)
    for text in ("history", "wars", "battles"):
        qtbot.keyClicks(focus(), text)
        qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    fourth = bar.levels[3]
    assert focus() is fourth
    qtbot.keyClicks(fourth, "wwii ")
    assert fourth.text() == "World War II "
    qtbot.waitUntil(lambda: window.speller() is not None)
    qtbot.keyClicks(fourth, "rhododenrons")
    assert [word for _start, _end, word in fourth.unknown] == ["rhododenrons"]


def test_the_dictionary_is_read_after_the_index_first_shows(qtbot: QtBot, sample_path: Path) -> None:
    main = MainWindow(str(sample_path))
    qtbot.addWidget(main)
    assert main.speller() is None  # not before the first paint: opening shows the index first
    main.show()
    qtbot.waitUntil(lambda: main.speller() is not None)


def test_new_subentry_and_sibling_start_from_the_current_entry_at_any_depth(qtbot: QtBot, window: MainWindow) -> None:
    document = window.document
    assert document is not None
    deep = document.add_path(["apples", "cultivars, hardy", "'Antonovka'", "<i>Malus</i> rootstock"], "231")
    window.after_edit(select=deep)
    window.view.setFocus()
    shift_ctrl = CTRL | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Return, shift_ctrl)  # New Subentry: a fifth level
    bar = window.fast_entry
    assert [field.text() for field in bar.levels[:4]] == [
        "apples",
        "cultivars, hardy",
        "'Antonovka'",
        "<i>Malus</i> rootstock",
    ]
    assert focus() is bar.levels[4]
    qtbot.keyClicks(focus(), "dwarfing")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert document.find_path(["apples", "cultivars, hardy", "'Antonovka'", "<i>Malus</i> rootstock", "dwarfing"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.AltModifier)  # New Sibling
    assert focus() is bar.levels[4] and bar.levels[4].text() == "" and len(bar.path()) == 4


def test_a_page_kept_apart_is_typed_in_brackets_in_pages(qtbot: QtBot, window: MainWindow) -> None:
    # [266]: a separate mention, never joined with 265 or 267 when adjacent pages are joined (Hart's Rules
    # 19.6: "123, 124, 125 denotes three separate short references"; CMS 16.13-14). The Pages field reads
    # it with the locator parser's rule, and references typed after it still complete.
    document = window.document
    assert document is not None
    bar = bar_of(window)
    type_then_pages(qtbot, bar.levels[0], "frost pockets", "265, [266")
    assert not bar.pages.valid and "type [ ] around one page or range of pages" in bar.pages.toolTip()
    qtbot.keyClicks(focus(), "], 267; see also roses: pr")
    assert bar.pages.valid and bar.pages.text() == "265, [266], 267; see also roses: pruning"
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    frames = document.find_path(["frost pockets"])
    assert frames is not None
    assert [locator.canonical() for locator in document.locators(frames.id)] == ["265", "[266]", "267"]
    assert [document.path_text(xref.target_id or 0) for xref in document.xrefs(frames.id)] == ["roses: pruning"]
    bar.pages.setFocus()
    bar.pages.setText("[266]")
    qtbot.keyClick(bar.pages, Qt.Key.Key_T, CTRL)  # Ctrl+T keeps the mark on the range it makes
    assert bar.pages.text() == "[266-267]" and bar.pages.valid


def test_underline_and_monospace_keys_wrap_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    """Issue 18: Ctrl+U underlines, Ctrl+Shift+T sets code in monospace, as Ctrl+I sets italics."""
    bar = bar_of(window)
    qtbot.keyClicks(bar.levels[0], "eval function")
    bar.levels[0].setSelection(0, 4)
    qtbot.keyClick(focus(), Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert bar.levels[0].text() == "<tt>eval</tt> function"
    bar.levels[0].setSelection(len("<tt>eval</tt> "), len("function"))
    qtbot.keyClick(focus(), Qt.Key.Key_U, CTRL)
    assert bar.levels[0].text() == "<tt>eval</tt> <u>function</u>"
    qtbot.keyClick(focus(), Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(focus(), "12")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.document is not None
    added = window.document.find_path(["eval function"])
    assert added is not None and added.term == "<tt>eval</tt> <u>function</u>"
    shot(window, "underline-and-monospace")
