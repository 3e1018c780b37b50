"""A whole editing session driven with real key events, as a new user would work.

Screenshots go to tests/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import shot
from tests.gui.helpers import when_modal
from xindex.core import listing
from xindex.formats.breaks import as_read
from xindex.gui.fields import LocatorLineEdit
from xindex.gui.main_window import MainWindow
from xindex.gui.model import CONTEXT_ROLE, ENTRY_ID_ROLE
from xindex.gui.pickers import EntryPicker
from xindex.store import Document


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    QCoreApplication.setOrganizationName("xindex-tests")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "garden.xix"), ""))
    main = MainWindow()
    main.resize(1280, 800)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def type_entry(qtbot: QtBot, main: MainWindow, levels: list[str], pages: str) -> None:
    """Type a path level by level with Tab between fields, then the pages, then Enter."""
    fields = main.fast_entry.levels
    for index, field in enumerate(fields):
        field.clear()
        if index < len(levels):
            qtbot.keyClicks(field, levels[index])
    main.fast_entry.pages.clear()  # (it keeps the last entry's locator)
    qtbot.keyClicks(main.fast_entry.pages, pages)
    qtbot.keyClick(main.fast_entry.pages, Qt.Key.Key_Return)


def shown(main: MainWindow) -> list[str]:
    """The rows the index shows, as printed, without the headings shown only for context."""
    model = main.model
    return [
        str(model.index(row, 0).data()) for row in range(model.rowCount()) if not model.index(row, 0).data(CONTEXT_ROLE)
    ]


def listed(main: MainWindow) -> list[str]:
    assert main.document is not None
    return list(listing.lines(main.document.tree()))


def test_a_complete_session(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    main = window
    # 1. A new document from the keyboard (the file dialog answers with a path).
    qtbot.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main.document is not None and main.document.path == tmp_path / "garden.xix"

    # 2. Ten entries, typed.
    entries = [
        (["roses"], "141-70"),
        (["roses", "climbing"], "156-57"),
        (["roses", "pruning"], "160-64"),
        (["roses", "pruning", "shrub roses"], "162"),
        (["apples"], "226-35"),
        (["apples", "cultivars"], "229-31"),
        (["frost"], "14-32"),
        (["frost", "pockets"], "22-23, 23f"),
        (["compost"], "50-57"),
        (["hardiness zones"], "xiv-xv, 6-9"),
    ]
    for levels, pages in entries:
        type_entry(qtbot, main, levels, pages)
    assert main.document.entry_count() == 10

    # Completion as you type: "ro" fills in "roses" (the rest selected); Tab takes it and goes on.
    heading = main.fast_entry.levels[0]
    heading.clear()
    heading.setFocus()
    qtbot.keyClicks(heading, "ro")
    assert heading.text() == "roses" and heading.selectedText() == "ses"
    assert heading.popup is not None and heading.popup.isVisible()
    assert [heading.popup.item(row).text() for row in range(heading.popup.count())] == ["roses"]
    shot(main, "fast-entry-completion")
    qtbot.keyClick(heading, Qt.Key.Key_Tab)
    assert heading.text() == "roses" and not heading.popup.isVisible()
    sub = main.fast_entry.levels[1]
    assert sub.hasFocus()
    sub.clear()
    qtbot.keyClicks(sub, "cl")
    assert sub.text() == "climbing"
    qtbot.keyClicks(sub, "imbing")
    assert sub.text() == "climbing"
    # 3. A bad locator is refused (underlined, explained) and nothing is saved; then fixed.
    pages = main.fast_entry.pages
    qtbot.keyClick(sub, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # to Pages, the last locator selected
    assert pages.hasFocus() and pages.selectedText() == pages.text() == "xiv-xv, 6-9"
    qtbot.keyClicks(pages, "158-")
    assert isinstance(pages, LocatorLineEdit) and not pages.valid and "no end page" in pages.toolTip()
    shot(main, "main-window-validation-error")
    count = main.document.entry_count()
    qtbot.keyClick(pages, Qt.Key.Key_Return)
    assert main.document.entry_count() == count
    assert "no end page" in main.fast_entry.message.text()
    qtbot.keyClick(pages, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pages, ", 158")
    qtbot.keyClick(pages, Qt.Key.Key_Backspace)
    assert pages.text() == "158, 15" and pages.valid and not main.fast_entry.message.isVisible()
    qtbot.keyClicks(pages, "9")
    assert pages.valid
    qtbot.keyClick(pages, Qt.Key.Key_Return)
    climbing = main.document.find_path(["roses", "climbing"])
    assert climbing is not None
    assert [loc.plain() for loc in main.document.locators(climbing.id)] == ["156–157", "158", "159"]
    # the last locator is remembered: Ctrl+R repeats it, Alt+Up steps to the next page
    qtbot.keyClick(pages, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert pages.text() == "158, 159"
    qtbot.keyClick(pages, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert pages.text() == "158, 160"
    qtbot.keyClick(pages, Qt.Key.Key_Escape)
    assert pages.text() == ""

    # 4. A cross-reference through the picker: "compost" See also "roses: pruning".
    compost = main.document.find_path(["compost"])
    assert compost is not None
    main.go_to(compost.id)

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, EntryPicker)
        qtbot.keyClicks(dialog.query, "prun")
        qtbot.waitUntil(lambda: dialog.results.count() > 0)
        shot(dialog, "cross-reference-picker")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    when_modal(pick)
    qtbot.keyClick(main.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "compost, 50–57. See also roses: pruning" in listed(main)

    # 5. Search narrows the view to the matches under their headings, with their locators.
    main.search.setFocus()
    qtbot.keyClicks(main.search, "fros")  # the word being typed is a prefix
    qtbot.waitUntil(lambda: main.model.filtered)
    assert shown(main) == ["frost, 14–32", "pockets, 22–23, 23f"]
    main.search.clear()
    qtbot.keyClicks(main.search, "23")  # a page inside a range
    qtbot.waitUntil(lambda: len(shown(main)) == 2)
    qtbot.keyClick(main.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not main.model.filtered)

    # 6. Undo and redo from the keyboard, then after closing and reopening the file.
    main.activateWindow()
    main.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    before = listed(main)
    qtbot.keyClick(main.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "compost, 50–57" in listed(main)
    qtbot.keyClick(main.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert listed(main) == before
    path = str(main.document.path)
    main.close_document()
    assert main.document is None
    main.open_path(path)
    assert listed(main) == before
    assert main.undo_stack.count() >= 12 and main.undo_stack.canUndo()
    qtbot.keyClick(main.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "compost, 50–57" in listed(main)
    qtbot.keyClick(main.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert listed(main) == before

    # The entry panel edits in place: a Sort As, shown greyed until set.
    roses = main.document.find_path(["roses"])
    assert roses is not None
    main.go_to(roses.id)
    assert main.entry_panel.sort_as.placeholderText() == "roses"
    term = main.entry_panel.term
    term.selectAll()
    qtbot.keyClicks(term, "roses (genus Rosa)")
    qtbot.keyClick(term, Qt.Key.Key_Return)
    assert main.document.find_path(["roses (genus Rosa)"]) is not None
    shot(main, "main-window")


def test_read_only_when_another_window_is_writing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "shared.xix"
    writer = Document.create(path)
    writer.add_entry("held elsewhere")
    try:
        window.open_path(str(path))
        assert window.document is not None and window.document.readonly
        assert not window.fast_entry.isEnabled()
        assert "read-only" in window.windowTitle()
    finally:
        writer.close()


def test_large_document_opens_whole_and_reaches_any_row(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "big.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(3000):
            document.add_entry(f"heading {number:05d}", locators=str(number + 1))
    window.open_path(str(path))
    assert window.model.rowCount() == 3000  # every row known at once; their text is read as they are shown
    window.jump_to_letter("Z")
    assert window.view.currentIndex().row() == 2999
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert window.view.currentIndex().row() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    index = window.view.currentIndex()
    assert index.row() == 2999 and index.data(ENTRY_ID_ROLE) is not None
    assert isinstance(window.search, QLineEdit)


def test_check_then_export_docx_then_cancel_a_second_export(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from docx import Document as WordDocument

    from xindex.gui.export_dialog import ExportDialog

    path = tmp_path / "big.xix"
    with Document.create(path, title="Big") as document, document.command("Build"):
        for number in range(15_000):
            main_id = document.add_entry(f"topic {number:05d}", locators=f"{number % 400 + 1}, {number % 90 + 1}-95")
            if number % 3 == 0:
                document.add_entry("details", main_id, locators=str(number % 300 + 1))
        document.add_entry("lone heading")  # something for the check to find
    window.open_path(str(path))
    # The check runs in the background when F7 is pressed.
    qtbot.keyClick(window.view, Qt.Key.Key_F7)
    panel = window.extra_docks["check"].widget()
    qtbot.waitUntil(lambda: bool(getattr(panel, "findings", None)), timeout=60_000)
    assert any(finding.code == "dead-end" for finding in panel.findings)  # type: ignore[attr-defined]
    shot(window, "check-panel-in-window")

    assert window.document is not None
    dialog = ExportDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.show()
    index = dialog.format_combo.findData("docx")
    dialog.format_combo.setCurrentIndex(index)
    first = tmp_path / "index.docx"
    dialog.output_edit.setText(str(first))
    seen: list[int] = []
    dialog.manager.progress.connect(lambda done, total: seen.append(done))
    with qtbot.waitSignal(dialog.manager.finished, timeout=120_000):
        assert dialog.start()
    assert seen and dialog.progress_bar.value() == 100
    paragraphs = [as_read(p.text) for p in WordDocument(str(first)).paragraphs]
    assert "topic 00000, 1–95" in paragraphs and "Big" in paragraphs
    shot(dialog, "export-dialog-done")

    second = tmp_path / "again.docx"
    dialog.output_edit.setText(str(second))
    dialog.manager.progress.connect(lambda done, total: dialog.cancel_button.click())
    with qtbot.waitSignal(dialog.manager.cancelled, timeout=120_000):
        assert dialog.start()
        dialog.cancel_button.click()  # at once, or on the first progress report
    assert not second.exists()
    assert not list(tmp_path.glob(".again.docx*"))
    assert dialog.export_button.isEnabled()
    dialog.close()


def test_a_xindex_document_is_offered_for_conversion_and_opened(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.formats.test_xindexdb import SMALL_XIML, xindex_document
    from tests.gui.helpers import answer

    old = xindex_document(tmp_path / "book.xix", SMALL_XIML)
    before = old.read_bytes()
    seen: list[str] = []
    answer("Cancel", seen)
    assert not window.open_path(str(old))
    assert "made by XindeX" in seen[0] and "book (xindex).xix" in seen[0]
    assert not (tmp_path / "book (xindex).xix").exists()
    answer("Convert", seen)
    assert window.open_path(str(old))
    assert window.document is not None and window.document.path.name == "book (xindex).xix"
    assert window.document.find_path(["McAdam, John", "tarmac"]) is not None
    assert old.read_bytes() == before
    shot(window, "converted-xindex-document")


def test_an_import_says_what_it_could_not_keep(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Issue 18: a CINDEX file's colours, user names and a reference to no heading are reported in the
    editor, in a box that does not stop the work, besides the status bar's summary."""
    source = tmp_path / "cindex.ixml"
    source.write_text(
        "<indexdata><fonts><font id='0'><fname>Arial</fname><aname>Arial</aname></font></fonts><records>"
        "<record time='2011-03-03T03:41:14' user='GMB'><field><text color='3'/>roses<text/></field>"
        "<field class='locator'>12-15</field></record>"
        "<record time='2011-03-03T03:41:14'><field>gardens</field><field class='locator'>see tulips</field>"
        "</record></records></indexdata>",
        encoding="utf-8",
    )
    Document.create(tmp_path / "garden.xix").close()
    assert window.open_path(str(tmp_path / "garden.xix"))
    window.import_path(str(source))
    assert "2 entries added" in window.statusBar().currentMessage()
    box = window.findChild(QWidget, "import-report")
    assert box is not None and box.isVisible()
    details = box.informativeText()  # type: ignore[attr-defined]
    assert "Not kept: 1 coloured run kept as plain text" in details
    assert "Not kept: the user names of 1 record (GMB)" in details
    assert "1 cross-reference names no heading" in details
    shot(window, "import-report")
    shot(box, "import-report-box")
    box.close()
    assert shown(window) == ["gardens. See tulips", "roses, 12–15"]
