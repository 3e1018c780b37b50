"""The export dialog (with the manager thread), the check panel and the settings dialog, driven offscreen."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import activate, shot
from tests.gui.helpers import answer, default_button
from tests.support import slow_children
from xindex.core import settings as known_settings
from xindex.core.checks import LONE_SUBHEADING, TOO_MANY_LOCATORS
from xindex.formats.registry import EXPORTERS
from xindex.gui.check_panel import CODE_ROLE, ENTRY_ID_ROLE, CheckPanel
from xindex.gui.export_dialog import ExportDialog
from xindex.gui.manager import GenerationManager
from xindex.gui.settings_dialog import SettingsDialog
from xindex.jobs.generate import export
from xindex.store import Document

pytestmark = pytest.mark.usefixtures("no_threads_left")


def choose(combo: object, value: str) -> None:
    """Select the item whose data is ``value`` in a combo filled with (value, label) pairs."""
    index = combo.findData(value)  # type: ignore[attr-defined]
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def open_export_dialog(qtbot: QtBot, document: Document) -> ExportDialog:
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- export dialog ---------------------------------------------------------------------------------


def test_export_dialog_lists_every_registered_format(qtbot: QtBot, sample: Document) -> None:
    dialog = open_export_dialog(qtbot, sample)
    offered = [dialog.format_combo.itemData(row) for row in range(dialog.format_combo.count())]
    assert offered == list(EXPORTERS)


@pytest.mark.parametrize("format_name", ["txt", "html", "pdf"])
def test_export_dialog_writes_the_sample(qtbot: QtBot, sample: Document, tmp_path: Path, format_name: str) -> None:
    dialog = open_export_dialog(qtbot, sample)
    choose(dialog.format_combo, format_name)
    suffix = EXPORTERS[format_name].suffixes[0]
    assert dialog.output_edit.text().endswith(suffix), "the output file takes the format's suffix"
    out = tmp_path / f"index{suffix}"
    dialog.output_edit.setText(str(out))
    reports: list[tuple[int, int]] = []
    dialog.manager.progress.connect(lambda done, total: reports.append((done, total)))

    with qtbot.waitSignal(dialog.manager.finished, timeout=30_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.export_button.isEnabled() and dialog.cancel_button.isEnabled()

    assert finished.args is not None and finished.args[0] == str(out)
    assert reports and reports[-1][0] == reports[-1][1] > 0
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 100
    assert str(out) in dialog.status.text() and "paragraphs written" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isEnabled()
    if format_name == "pdf":
        expected = tmp_path / "expected.pdf"
        export(sample.path, expected, jobs=1)
        assert out.read_bytes() == expected.read_bytes(), "the dialog writes what the command line writes"
        return
    text = out.read_text(encoding="utf-8")
    if format_name == "txt":
        expected = tmp_path / "expected.txt"
        export(sample.path, expected, jobs=1)
        assert text == expected.read_text(encoding="utf-8"), "the dialog writes what the command line writes"
    else:
        parser = html.parser.HTMLParser()
        parser.feed(text)
        assert "<html" in text and "acid soils" in text
    assert not list(tmp_path.glob(".*.part")), "no temporary file is left"
    if format_name == "html":
        shot(dialog, "export-dialog-finished")


def test_export_dialog_says_what_ixml_cannot_hold(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 18: an IXML export's losses (a note; a reference CINDEX cannot name) are in the dialog's summary."""
    with Document.create(tmp_path / "n.xix") as document:
        roses = document.add_entry("roses", locators="1", notes="ask the author")
        pruning = document.add_entry("pruning", document.add_entry("climbing", roses, locators="2"), locators="3")
        document.add_xref(document.add_entry("shrubs", locators="4"), "see", target_id=pruning)
    with Document.open(tmp_path / "n.xix") as document:
        dialog = open_export_dialog(qtbot, document)
        choose(dialog.format_combo, "ixml")
        dialog.output_edit.setText(str(tmp_path / "n.ixml"))
        with qtbot.waitSignal(dialog.manager.finished, timeout=30_000):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        status = dialog.status.text()
        assert "Not kept in ixml: 1 cross-reference to a heading below the first subheading" in status
        assert "1 entry note not written (IXML has no notes)" in status
        qtbot.wait(100)  # (the layout gives the summary its lines)
        shot(dialog, "export-dialog-ixml-losses")
        dialog.close()


def test_export_dialog_options_are_overrides_not_edits(qtbot: QtBot, sample: Document, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, sample)
    indented = dialog.preview.toPlainText()
    assert "acid soils, 38–41, 47" in indented and "\n    correcting with lime" in indented
    assert len(indented.splitlines()) <= 81
    choose(dialog.style_combo, "run-in")
    choose(dialog.range_combo, "full")
    dialog.update_preview()
    run_in = dialog.preview.toPlainText()
    assert "acid soils, 38–41, 47; correcting with lime, 42–43, 44t" in run_in
    choose(dialog.format_combo, "txt")
    out = tmp_path / "run-in.txt"
    dialog.output_edit.setText(str(out))
    with qtbot.waitSignal(dialog.manager.finished, timeout=30_000):
        dialog.start()
    assert "acid soils, 38–41, 47; correcting with lime, 42–43, 44t" in out.read_text(encoding="utf-8")
    assert sample.setting("style", "indented") == "indented", "the document keeps its own style"
    assert sample.last_command() is not None and "Export" not in sample.last_command()[1]  # type: ignore[index]


def test_export_refuses_a_missing_folder(qtbot: QtBot, sample: Document, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, sample)
    dialog.output_edit.setText(str(tmp_path / "nowhere" / "index.txt"))
    assert not dialog.start()
    assert "does not exist" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.manager.running


def test_cancel_stops_a_running_export(
    qtbot: QtBot, big_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_children(monkeypatch, tmp_path, 0.1)  # a bigger book: the click lands while the export runs
    with Document.open(big_path, readonly=True) as document:
        dialog = open_export_dialog(qtbot, document)
        dialog.jobs = 2
        choose(dialog.format_combo, "txt")
        out = tmp_path / "big.txt"
        dialog.output_edit.setText(str(out))
        seen: list[tuple[int, int]] = []

        def first_report(done: int, total: int) -> None:
            seen.append((done, total))
            if len(seen) == 1 and done < total:
                shot(dialog, "export-dialog-progress")
                qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

        dialog.manager.progress.connect(first_report)
        with qtbot.waitSignal(dialog.manager.cancelled, timeout=30_000):
            assert dialog.start()
            assert not dialog.manager.start_export(big_path, tmp_path / "other.txt", "txt"), "one export at a time"
        assert seen and seen[0][0] < seen[0][1], "cancelled midway, after progress began"
        assert 0 < dialog.progress_bar.value() < 100 or dialog.progress_bar.value() == 0
        assert not out.exists() and not list(tmp_path.glob(".*.part")), "nothing is written"
        assert "Cancelled" in dialog.status.text()
        assert dialog.export_button.isEnabled() and not dialog.cancel_button.isEnabled()

        # The dialog is usable again: the same export now runs to the end.
        monkeypatch.delenv("XINDEX_TEST_SLOW")
        dialog.manager.progress.disconnect(first_report)
        with qtbot.waitSignal(dialog.manager.finished, timeout=60_000):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert out.exists() and out.read_text(encoding="utf-8").count("\n") > 20_000
        assert dialog.progress_bar.value() == 100
        dialog.close()


def test_closing_the_dialog_cancels_the_export(qtbot: QtBot, big_path: Path, tmp_path: Path) -> None:
    with Document.open(big_path, readonly=True) as document:
        dialog = open_export_dialog(qtbot, document)
        dialog.jobs = 2
        choose(dialog.format_combo, "txt")
        out = tmp_path / "closed.txt"
        dialog.output_edit.setText(str(out))
        dialog.start()
        answer("No")  # closing asks first: No keeps the dialog and the export
        dialog.reject()
        assert dialog.isVisible() and dialog.manager.running
        with qtbot.waitSignal(dialog.manager.cancelled, timeout=30_000):
            answer("Yes")
            dialog.reject()
        assert not dialog.isVisible()
        assert not out.exists()


def test_export_asks_before_replacing_a_file(qtbot: QtBot, sample: Document, tmp_path: Path) -> None:
    dialog = open_export_dialog(qtbot, sample)
    choose(dialog.format_combo, "txt")
    out = tmp_path / "kept.txt"
    out.write_text("the author's own file", encoding="utf-8")
    dialog.output_edit.setText(str(out))
    seen: list[str] = []
    default_button(seen)  # Enter on the question: the default is No
    assert not dialog.start()
    assert "kept.txt already exists" in seen[0] and seen[1] == "No"
    assert out.read_text(encoding="utf-8") == "the author's own file"
    with qtbot.waitSignal(dialog.manager.finished, timeout=30_000):
        answer("Yes")
        assert dialog.start()
    assert "acid soils" in out.read_text(encoding="utf-8")


def test_manager_reports_a_failure(qtbot: QtBot, tmp_path: Path) -> None:
    manager = GenerationManager()
    with qtbot.waitSignal(manager.failed, timeout=30_000) as failed:
        assert manager.start_export(tmp_path / "missing.xix", tmp_path / "out.txt", "txt")
    assert failed.args and failed.args[0]
    assert not manager.running
    manager.shutdown()


# -- check panel -----------------------------------------------------------------------------------


class StubWindow:
    """Stands in for the main window: records where the panel navigated."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.went: list[int] = []

    def go_to(self, entry_id: int) -> None:
        self.went.append(entry_id)


def finding_rows(panel: CheckPanel, code: str) -> list[int]:
    """The table rows of one check's findings."""
    model = panel.model
    rows = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(CODE_ROLE) == code and index.data(ENTRY_ID_ROLE) is not None:
            rows.append(row)
    return rows


def cell(panel: CheckPanel, row: int, column: int = 0) -> str:
    return str(panel.model.index(row, column).data())


def test_check_panel_finds_problems_and_navigates(qtbot: QtBot, sample: Document) -> None:
    crowded = sample.add_entry("weeds", locators="3, 9, 14, 22, 35, 48, 61, 77, 90")
    window = StubWindow(sample)
    panel = CheckPanel(window)
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    panel.show()
    with qtbot.waitSignal(panel.finished, timeout=30_000) as done:
        panel.run(sample)
        assert panel.busy.isVisible() and not panel.refresh_button.isEnabled()
    assert done.args == [4]
    assert not panel.busy.isVisible() and panel.refresh_button.isEnabled()
    assert "4 problems: 0 errors, 4 warnings." in panel.summary.text()

    lone = finding_rows(panel, LONE_SUBHEADING)
    assert [cell(panel, row) for row in lone] == ["roses: hybrid tea", "soil: pH"]
    assert cell(panel, 0).endswith("(1)")
    too_many = finding_rows(panel, TOO_MANY_LOCATORS)
    assert len(too_many) == 1 and cell(panel, too_many[0]) == "weeds" and "9" in cell(panel, too_many[0], 1)

    # Double-click a finding: the window shows its entry.
    table = panel.table
    index = panel.model.index(too_many[0], 0)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a real double-click:
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # press, then double
    assert window.went == [crowded]

    # Enter on another finding does the same.
    table.setCurrentIndex(panel.model.index(lone[1], 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.went == [crowded, sample.find_path(["soil", "pH"]).id]  # type: ignore[union-attr]
    shot(panel, "check-panel")

    # Enter on a group's row folds it away, and again brings it back.
    group_row = lone[0] - 1
    table.setCurrentIndex(panel.model.index(group_row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert finding_rows(panel, LONE_SUBHEADING) == [] and cell(panel, group_row).startswith("▸")
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(finding_rows(panel, LONE_SUBHEADING)) == 2

    # Fix one problem, refresh: the count follows.
    sample.set_locators(crowded, "3")
    with qtbot.waitSignal(panel.finished, timeout=30_000) as again:
        qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert again.args == [3]
    assert not finding_rows(panel, TOO_MANY_LOCATORS)


def test_check_panel_with_a_clean_index(qtbot: QtBot, tmp_path: Path) -> None:
    with Document.create(tmp_path / "clean.xix") as document:
        document.add_entry("apples", locators="3")
        panel = CheckPanel(StubWindow(document))
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.finished, timeout=30_000):
            panel.run(document)
        assert panel.summary.text().startswith("No problems found.")
        assert cell(panel, 0) == "No problems found."


def test_check_panel_uses_the_page_span_setting(qtbot: QtBot, sample: Document) -> None:
    sample.set_setting("page-span", "i-xvi, 1-200")
    panel = CheckPanel(StubWindow(sample))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.finished, timeout=30_000):
        panel.run(sample)
    assert finding_rows(panel, "page-out-of-span"), "pages beyond 200 are reported"
    assert panel.model.index(0, 0).data(CODE_ROLE) == "page-out-of-span", "errors first"


# -- settings dialog -------------------------------------------------------------------------------


def test_settings_dialog_applies_changes_as_one_undo_step(qtbot: QtBot, sample: Document) -> None:
    before = sample.settings()
    commands = len(sample.history())
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.widget("title").text() == "The Cold-Climate Garden"
    assert dialog.widget("page-span").text() == before["page-span"]
    dialog.widget("title").setText("The  Cold-Climate Garden, 2nd ed.")
    choose(dialog.widget("style"), "run-in:1")
    choose(dialog.widget("see-also-position"), "last")
    choose(dialog.widget("range-rules"), "iso")
    choose(dialog.widget("rules"), "cms-letter")
    dialog.widget("conflate-adjacent").setChecked(True)
    dialog.widget("page-span").setText("i-xvi, 1-320")
    dialog.widget("max-undifferentiated").setValue(9)
    shot(dialog, "settings-dialog")

    dialog.accept()

    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = sample.settings()
    assert settings["title"] == "The Cold-Climate Garden, 2nd ed."
    assert (settings["style"], settings["see-also-position"], settings["range-rules"]) == ("run-in:1", "last", "iso")
    assert (settings["rules"], settings["conflate-adjacent"]) == ("cms-letter", "1")
    assert (settings["page-span"], settings["max-undifferentiated"]) == ("i–xvi, 1–320", "9")
    assert len(sample.history()) == commands + 1
    assert sample.last_command() is not None and sample.last_command()[1] == "Change document settings"  # type: ignore[index]

    assert sample.undo() == "Change document settings"
    assert {key: sample.settings().get(key) for key in before if key != "sort-signature"} == {
        key: value for key, value in before.items() if key != "sort-signature"
    }
    assert "style" not in sample.settings()


def test_settings_dialog_takes_a_typed_value_where_the_choices_are_open(
    qtbot: QtBot, sample: Document, tmp_path: Path
) -> None:
    # A figure form of one's own and a font file are typed into the combo that lists the usual ones.
    font = tmp_path / "Garamond.ttf"
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    figure, pdf_font = dialog.widget("figure-form"), dialog.widget("pdf-font")
    assert figure.isEditable() and pdf_font.isEditable()
    figure.setEditText("fig. {page}")
    pdf_font.setEditText(str(font))
    choose(dialog.widget("pdf-page-size"), "trade")
    dialog.accept()
    settings = sample.settings()
    assert (settings["figure-form"], settings["pdf-font"], settings["pdf-page-size"]) == (
        "fig. {page}",
        str(font),
        "trade",
    )
    assert sample.undo() == "Change document settings"


def test_settings_dialog_has_a_field_for_every_known_setting(qtbot: QtBot, sample: Document) -> None:
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    assert set(dialog.fields) == set(known_settings.KNOWN)
    for key, known in known_settings.KNOWN.items():
        assert known.help in dialog.widget(key).toolTip()
    dialog.widget("numbers-group-title").setText("Numerals")  # type: ignore[attr-defined]
    dialog.widget("sub-see-also-prefix").setText(", ")  # type: ignore[attr-defined]
    dialog.widget("letter-groups").setChecked(False)  # type: ignore[attr-defined]
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        shot(dialog, f"settings-dialog-tab-{index}")
    dialog.accept()
    stored = sample.settings()
    assert (stored["numbers-group-title"], stored["sub-see-also-prefix"], stored["letter-groups"]) == (
        "Numerals",
        ", ",
        "0",
    )


def test_settings_dialog_refuses_a_bad_page_span(qtbot: QtBot, sample: Document) -> None:
    before = sample.settings()
    commands = len(sample.history())
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widget("title").setText("Changed")
    dialog.tabs.setCurrentIndex(dialog.fields["page-span"].tab)
    qtbot.keyClicks(dialog.widget("page-span"), ", 400-")
    span_error = dialog.fields["page-span"].error
    assert span_error.isVisible() and "no end page" in span_error.text(), "the field says what is wrong as you type"

    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert dialog.isVisible(), "a bad value keeps the dialog open"
    assert dialog.message.isVisible()
    assert dialog.message.text().startswith("Page span:") and "no end page" in dialog.message.text()
    assert dialog.focusWidget() is dialog.widget("page-span"), "the bad field gets the focus"
    assert sample.settings() == before and len(sample.history()) == commands, "nothing was half-saved"
    shot(dialog, "settings-dialog-refused")

    assert dialog.tabs.currentIndex() == dialog.fields["page-span"].tab, "OK went back to the bad field's tab"
    dialog.widget("page-span").setText("i-xvi, 1-312")
    assert not span_error.isVisible()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sample.setting("title") == "Changed"


def test_settings_dialog_without_changes_records_nothing(qtbot: QtBot, sample: Document) -> None:
    commands = len(sample.history())
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected, "nothing to record on the undo stack"
    assert len(sample.history()) == commands


def test_settings_dialog_read_only_and_preferences(qtbot: QtBot, sample_path: Path) -> None:
    from xindex.gui.settings_dialog import PreferencesDialog

    with Document.open(sample_path, readonly=True) as document:
        dialog = SettingsDialog(document)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.readonly_note.isVisible()
        assert not dialog.widget("title").isEnabled() and not dialog.widget("style").isEnabled()
        assert dialog.widget("title").text() == "The Cold-Climate Garden"
        shot(dialog, "settings-dialog-read-only")
        dialog.accept()
    preferences_dialog = PreferencesDialog()
    qtbot.addWidget(preferences_dialog)
    preferences_dialog.show()
    choose(preferences_dialog.default_rules_combo, "iso-letter")
    preferences_dialog.jobs_spin.setValue(2)
    preferences_dialog.font_size_spin.setValue(13)
    shot(preferences_dialog, "preferences-dialog")
    preferences_dialog.accept()
    preferences = QSettings()
    assert preferences.value("default/rules") == "iso-letter"
    assert int(str(preferences.value("export/jobs"))) == 2
    assert ",13," in str(preferences.value("view/font"))


def test_check_panel_in_the_main_window(qtbot: QtBot, sample_path: Path) -> None:
    from xindex.gui.main_window import MainWindow

    window = MainWindow(str(sample_path))
    qtbot.addWidget(window)
    window.show()
    assert window.document is not None
    window.run_check()
    panel = window.extra_docks["check"].widget()
    assert isinstance(panel, CheckPanel)
    qtbot.waitUntil(lambda: not panel.running and bool(panel.findings), timeout=30_000)
    row = finding_rows(panel, LONE_SUBHEADING)[1]
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.current_entry_id() == window.document.find_path(["soil", "pH"]).id  # type: ignore[union-attr]
    shot(window, "main-window-check-dock")
    window.close()


def test_export_never_writes_over_the_document(qtbot: QtBot, sample: Document) -> None:
    dialog = open_export_dialog(qtbot, sample)
    choose(dialog.format_combo, "txt")
    before = sample.path.read_bytes()
    dialog.output_edit.setText(str(sample.path))
    assert not dialog.start()
    assert "is the file being read" in dialog.status.text()
    dialog.output_edit.setText(str(sample.path.with_name("another.xix")))
    assert not dialog.start()
    assert "name for an xindex document" in dialog.status.text()
    assert sample.path.read_bytes() == before


def test_preferences_open_with_no_document_and_apply_at_once(qtbot: QtBot) -> None:

    from tests.gui.helpers import when_modal
    from xindex.gui.main_window import MainWindow
    from xindex.gui.settings_dialog import PreferencesDialog

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    assert window.document is None
    seen: list[str] = []

    def bigger_font(dialog: object) -> None:
        assert isinstance(dialog, PreferencesDialog)
        seen.append(dialog.windowTitle())
        dialog.font_size_spin.setFocus()
        dialog.font_size_spin.selectAll()
        qtbot.keyClicks(dialog.font_size_spin, "19")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # OK

    when_modal(bigger_font)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert seen == ["Preferences"]
    assert window.view.font().pointSize() == 19
    assert "19" in str(QSettings().value("view/font"))


def test_document_settings_hold_no_application_preferences(qtbot: QtBot, sample: Document) -> None:
    dialog = SettingsDialog(sample)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(index).replace("&", "") for index in range(dialog.tabs.count())]
    assert titles == ["Index", "Sorting", "Layout", "Cross-references", "Checks", "Exports"]
