"""The export dialog: format, output file, layout options, a live preview, progress and cancel.

The options default to the document's settings and are passed to the export
as overrides: the document itself is not changed. The preview formats only
the first few main headings (a bounded :meth:`Document.tree` read) with the
chosen options, so it stays instant on a 100,000-entry index. The export
itself runs on the manager thread (:class:`GenerationManager`); the dialog
only shows its progress, and Cancel stops it promptly, leaving no output file.
Replacing an existing file, and closing the dialog while an export runs, ask
first (No is the default).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xindex.core import settings as known_settings
from xindex.core.formatter import Formatter
from xindex.core.settings import NOTE, TITLE, format_options
from xindex.formats.output import OutputRefusedError, check_target
from xindex.formats.registry import EXPORTERS, Exporter
from xindex.formats.text import export_text
from xindex.gui.manager import GenerationManager
from xindex.gui.settings_dialog import (
    RANGE_CHOICES,
    SEE_ALSO_CHOICES,
    STYLE_CHOICES,
    app_settings,
    combo_value,
    export_jobs,
    fill_combo,
)
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document

PREVIEW_LINES = 80
PREVIEW_MAIN_HEADINGS = 60
PREFERRED_FORMAT = "docx"


def preview_text(document: Document, overrides: dict[str, str], *, lines: int = PREVIEW_LINES) -> str:
    """The first ``lines`` lines of the index as plain text, laid out with the document's settings and ``overrides``."""
    mains = document.children(None, limit=PREVIEW_MAIN_HEADINGS)
    if not mains:
        return "(The index has no entries yet.)"
    settings = {**document.settings(), **overrides}
    options = format_options(settings)
    roots = document.tree(first=(mains[0].sort_key, mains[0].id), last=(mains[-1].sort_key, mains[-1].id))
    index = Formatter(options, document.keys).format(roots, title=TITLE.value(settings), note=NOTE.value(settings))
    text = export_text(index).splitlines()
    more = len(text) > lines or document.children(None, limit=1, after=mains[-1])
    return "\n".join(text[:lines] + (["…"] if more else []))


class ExportDialog(QDialog):
    """Choose a format, a file and the layout; see a preview; export with progress and a Cancel button."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.jobs: int | None = export_jobs()
        self.manager = GenerationManager(self)
        self.manager.progress.connect(self._progress)
        self.manager.finished.connect(self._finished)
        self.manager.failed.connect(self._failed)
        self.manager.cancelled.connect(self._cancelled)
        self.setWindowTitle(f"Export — {document.path.name}")
        self.resize(720, 680)
        settings = document.settings()

        def stored(key: str) -> str:
            return known_settings.setting(key).text(settings)

        # What and where.
        self.format_combo = QComboBox(self)
        for exporter in EXPORTERS.values():
            self.format_combo.addItem(f"{exporter.description} ({', '.join(exporter.suffixes)})", exporter.name)
        last_used = str(app_settings().value("export/format", PREFERRED_FORMAT))
        preferred = [self.format_combo.findData(name) for name in (last_used, PREFERRED_FORMAT)]
        self.format_combo.setCurrentIndex(max([index for index in preferred if index >= 0] or [0]))
        self.output_edit = QLineEdit(str(document.path.with_suffix(self.exporter().suffixes[0])), self)
        self.output_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.clicked.connect(self.browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(self.browse_button)
        target = QFormLayout()
        target.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        target.addRow("&Format:", self.format_combo)
        output_label = QLabel("&Output file:", self)
        output_label.setBuddy(self.output_edit)
        target.addRow(output_label, output_row)
        self.format_combo.currentIndexChanged.connect(self._format_changed)

        # How (overrides for this export; the document keeps its settings).
        layout_box = QGroupBox("Layout (for this export; the document's settings are unchanged)", self)
        options = QFormLayout(layout_box)
        options.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.style_combo = QComboBox(self)
        fill_combo(self.style_combo, STYLE_CHOICES, stored("style"))
        self.see_also_combo = QComboBox(self)
        fill_combo(self.see_also_combo, SEE_ALSO_CHOICES, stored("see-also-position"))
        self.range_combo = QComboBox(self)
        fill_combo(self.range_combo, RANGE_CHOICES, stored("range-rules"))
        self.conflate_check = QCheckBox("&Join adjacent pages into ranges (33, 34, 35 → 33–35)", self)
        self.conflate_check.setChecked(stored("conflate-adjacent") == "1")
        options.addRow("&Style:", self.style_combo)
        options.addRow("S&ee also:", self.see_also_combo)
        options.addRow("Page &ranges:", self.range_combo)
        options.addRow("", self.conflate_check)

        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.preview.setAccessibleName("Preview")
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(self.update_preview)
        for combo in (self.style_combo, self.see_also_combo, self.range_combo):
            combo.currentIndexChanged.connect(lambda _index: self._preview_timer.start())
        self.conflate_check.toggled.connect(lambda _checked: self._preview_timer.start())

        # Progress and buttons.
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p%")
        self.status = QLabel("Ready to export.", self)
        self.status.setWordWrap(True)
        self._status_height = self.fontMetrics().lineSpacing() * 2 + 4
        self.status.setMinimumHeight(self._status_height)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("&Export", self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton("C&lose", self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addSpacing(12)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        outer = QVBoxLayout(self)
        outer.addLayout(target)
        outer.addWidget(layout_box)
        outer.addWidget(QLabel(f"Preview (the first {PREVIEW_LINES} lines, as plain text):", self))
        outer.addWidget(self.preview, 1)
        outer.addWidget(self.status)
        outer.addLayout(buttons)
        self.update_preview()

    # -- choices ------------------------------------------------------------------------------------

    def exporter(self) -> Exporter:
        """The chosen format."""
        return EXPORTERS[combo_value(self.format_combo)]

    def overrides(self) -> dict[str, str]:
        """The layout chosen here, as settings that override the document's for this export."""
        return {
            "style": combo_value(self.style_combo),
            "see-also-position": combo_value(self.see_also_combo),
            "range-rules": combo_value(self.range_combo),
            "conflate-adjacent": "1" if self.conflate_check.isChecked() else "0",
        }

    def _format_changed(self, _index: int) -> None:
        """Give the output file the new format's suffix (when it had another format's suffix or none)."""
        text = self.output_edit.text().strip()
        if not text:
            return
        path = Path(text)
        suffixes = {suffix for exporter in EXPORTERS.values() for suffix in exporter.suffixes}
        if path.suffix.lower() in suffixes or not path.suffix:
            self.output_edit.setText(str(path.with_suffix(self.exporter().suffixes[0])))

    def browse(self) -> None:
        """Choose the output file (the format's suffix is added when missing)."""
        exporter = self.exporter()
        patterns = " ".join(f"*{suffix}" for suffix in exporter.suffixes)
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.output_edit.text(), f"{exporter.description} ({patterns});;All files (*)"
        )
        if path:
            if not any(path.lower().endswith(suffix) for suffix in exporter.suffixes):
                path += exporter.suffixes[0]
            self.output_edit.setText(path)

    def update_preview(self) -> None:
        """Show the first lines of the index with the chosen options."""
        try:
            text = preview_text(self.document, self.overrides())
        except Exception as error:  # a preview never takes the dialog down (a bad stored style, a closed file)
            text = f"(No preview: {error})"
        self.preview.setPlainText(text)

    # -- running --------------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the export on the manager thread; False (with the reason shown) when it cannot start."""
        text = self.output_edit.text().strip()
        if not text:
            return self._refuse("Choose the output file.")
        out_path = Path(text).expanduser()
        if not out_path.is_absolute():
            out_path = self.document.path.parent / out_path
        if not out_path.parent.is_dir():
            return self._refuse(f"The folder {out_path.parent} does not exist.")
        try:
            check_target(out_path, sources=[self.document.path])
        except OutputRefusedError as error:
            return self._refuse(f"{str(error)[:1].upper()}{str(error)[1:]}.")
        if out_path.exists() and not self._confirm_replace(out_path):
            return self._refuse(f"Not exported: {out_path.name} is kept as it is.")
        if not self.manager.start_export(
            self.document.path, out_path, self.exporter().name, self.overrides(), jobs=self.jobs
        ):
            return self._refuse("An export is already running.")
        self._set_running(True)
        self.progress_bar.setRange(0, 0)  # busy until the first progress report
        self.status.setStyleSheet("")
        self.status.setMinimumHeight(self._status_height)
        self.status.setText(f"Exporting to {out_path} …")
        return True

    def _confirm_replace(self, path: Path) -> bool:
        """Ask before an export replaces a file; No is the default."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "Replace the file?", f"{path.name} already exists in {path.parent}.", parent=self
        )
        box.setInformativeText("Replace it with this export?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _may_close(self) -> bool:
        """While an export runs, closing asks whether to stop it (No keeps the dialog and the export)."""
        if not self.manager.running:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Stop the export?", "The export is still running.", parent=self)
        box.setInformativeText("Stop it and close? Nothing is written.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def cancel(self) -> None:
        """Stop a running export (nothing is written)."""
        if self.manager.running:
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling …")
            self.manager.cancel()

    def _refuse(self, message: str) -> bool:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.status.setText(message)
        return False

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.format_combo,
            self.output_edit,
            self.browse_button,
            self.style_combo,
            self.see_also_combo,
            self.range_combo,
            self.conflate_check,
            self.export_button,
        ):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.cancel_button.setFocus()
        else:
            self.export_button.setFocus()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, 100)
            self.progress_bar.setValue(min(100, done * 100 // total))
            self.status.setText(f"Formatted {done:,} of {total:,} entries …")

    def _finished(self, path: str, summary: str) -> None:
        self._set_running(False)
        app_settings().setValue("export/format", self.exporter().name)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(100)
        self.status.setStyleSheet("")
        self.status.setText(f"Written: {path}\n{summary[:1].upper()}{summary[1:]}.")
        # (what the format could not hold may take several lines: the preview gives up the room)
        self.status.setMinimumHeight(max(self._status_height, self.status.heightForWidth(self.status.width())))

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self._refuse(f"Export failed: {message}")

    def _cancelled(self) -> None:
        self._set_running(False)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText("Cancelled: nothing was written.")

    # -- closing --------------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close (asking first while an export runs); a running export is cancelled and the manager thread
        let go (without waiting)."""
        if not self._may_close():
            return
        self._preview_timer.stop()
        self.manager.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Closing the window asks first while an export runs, then cancels it."""
        if not self._may_close():
            event.ignore()
            return
        self.manager.shutdown()
        super().closeEvent(event)
