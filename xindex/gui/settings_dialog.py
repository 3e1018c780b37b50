"""Document settings (one undo step), and the application's preferences (QSettings) in a dialog of their own.

The document's tabs (Index, Sorting, Layout, Cross-references, Checks,
Exports) are built from the settings registry (:mod:`xindex.core.settings`):
one field per known setting, chosen by its kind (a check box for yes/no, a
list for a closed set of values, a number box, a line), with its help as the
tooltip. Fields are validated as they are typed by the registry's own rule,
with the reason shown under the field; OK refuses to close while a value is
bad and says which field is wrong and why. Every changed setting is written
inside one ``document.command``, so the change is one undo step. ``exec()``
returns Accepted only when the document changed, so the window records
exactly one undo step or none.

:class:`PreferencesDialog` holds the preferences kept with QSettings, which
belong to this computer and are reachable with no document open: the rule set
for new documents (``default/rules``), the editor font (``view/font``, as
``QFont.toString()``) and the number of export processes (``export/jobs``,
0 = choose automatically).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xindex.core import settings as known_settings
from xindex.core.errors import SettingError, UserError
from xindex.core.rules import DEFAULT_RULES
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document

Choices = known_settings.Choices

#: The choice tables the export dialog shares (from the settings registry).
STYLE_CHOICES: Choices = known_settings.STYLE.kind.choices
SEE_ALSO_CHOICES: Choices = known_settings.SEE_ALSO_POSITION.kind.choices
RANGE_CHOICES: Choices = known_settings.RANGE_RULES.kind.choices
RULE_CHOICES: Choices = known_settings.RULES.kind.choices


def fill_combo(combo: QComboBox, choices: Choices, current: str) -> None:
    """Fill a combo with (value, label) choices and select ``current`` (added as it is when unknown)."""
    combo.clear()
    for value, label in choices:
        combo.addItem(label, value)
    index = combo.findData(current)
    if index < 0 and current:
        combo.addItem(f"{current} (as stored)", current)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def combo_value(combo: QComboBox) -> str:
    """The value (not the label) of a combo filled by :func:`fill_combo`."""
    return str(combo.currentData())


def typed_value(combo: QComboBox) -> str:
    """The value of an editable combo filled by :func:`fill_combo`: a listed item's value, else the text typed."""
    index = combo.findText(combo.currentText())
    return str(combo.itemData(index)) if index >= 0 else combo.currentText().strip()


def normalize_setting(key: str, value: str) -> str:
    """The stored form of a setting's value; SettingError saying what is wrong (the registry's rule)."""
    return known_settings.normalize(key, value)


def app_settings() -> QSettings:
    """The application's preferences."""
    return QSettings()


def export_jobs(settings: QSettings | None = None) -> int | None:
    """Worker processes for exports from the preferences: None lets the generator choose."""
    value = (settings or app_settings()).value("export/jobs", 0)
    try:
        jobs = int(str(value))
    except ValueError:
        return None
    return jobs if jobs > 0 else None


class _Field:
    """One document setting's widget, how to read it, and the label that shows its problem."""

    def __init__(self, key: str, label: str, widget: QWidget, read: Callable[[], str], error: QLabel, tab: int) -> None:
        self.key = key
        self.label = label
        self.widget = widget
        self.read = read
        self.error = error
        self.tab = tab


class SettingsDialog(QDialog):
    """Edit a document's settings (applied as one undo step) and the application's preferences. The
    document's tabs are built from the settings registry: one field per known setting, by its kind."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"Settings — {document.path.name}")
        self.fields: dict[str, _Field] = {}
        stored = document.settings()
        self._stored = {key: known.text(stored) for key, known in known_settings.KNOWN.items()}

        self.readonly_note = QLabel(
            f"{document.path.name} is open read-only: its settings are shown but cannot be changed.", self
        )
        self.readonly_note.setWordWrap(True)
        self.tabs = QTabWidget(self)
        for section in known_settings.SECTIONS:
            self.tabs.addTab(self._section_tab(section), _TAB_TITLES.get(section, section))

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.readonly_note)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for field in self.fields.values():
            self._check(field)
            field.widget.setEnabled(not document.readonly)
        self.readonly_note.setVisible(document.readonly)

    def widget(self, key: str) -> QWidget:
        """The field that edits setting ``key``."""
        return self.fields[key].widget

    # -- building ---------------------------------------------------------------------------------

    def _section_tab(self, section: str) -> QWidget:
        tab = QWidget(self)
        outer = QVBoxLayout(tab)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        styles = {known.key for parts in known_settings.XREF_STYLES.values() for known in parts}
        for known in known_settings.in_section(section):
            if known.key not in styles:
                self._add_setting(form, known, tab)
        if section == known_settings.XREFS:
            outer.addWidget(self._xref_styles(tab))
        outer.addStretch(1)
        return tab

    def _xref_styles(self, tab: QWidget) -> QGroupBox:
        """The label and punctuation of each kind of reference, after a main heading and a subheading."""
        box = QGroupBox("Wording and punctuation", tab)
        grid = QGridLayout(box)
        for column, title in enumerate(("Label", "Before", "Between targets", "After"), start=1):
            grid.addWidget(QLabel(title, box), 0, column)
        for row, ((kind, subentry), parts) in enumerate(known_settings.XREF_STYLES.items(), start=1):
            grid.addWidget(
                QLabel(f"{kind.value.capitalize()} ({'subheading' if subentry else 'main heading'})", box),
                2 * row - 1,
                0,
            )
            for column, known in enumerate(parts, start=1):
                edit = QLineEdit(self._stored[known.key], box)
                edit.setToolTip(f"{known.key}: {known.help} (spaces count)")
                edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
                error = self._error_label()
                grid.addWidget(edit, 2 * row - 1, column)
                grid.addWidget(error, 2 * row, column)
                self._register(known.key, known.label.rstrip(":"), edit, edit.text, edit.textChanged, error)
        return box

    def _add_setting(self, form: QFormLayout, known: known_settings.Setting[object], tab: QWidget) -> None:
        """One row for one setting, its widget chosen by the setting's kind."""
        text = self._stored[known.key]
        widget: QWidget
        if known.kind is known_settings.FLAG:
            check = QCheckBox(known.label, tab)
            check.setChecked(known_settings.parse_flag(text) if _usable(known, text) else False)
            self._row(form, known, "", check, lambda: "1" if check.isChecked() else "0", check.toggled)
            self.fields[known.key].label = known.label.replace("&", "")
            return
        if known.kind.choices and known.kind.open_choices:
            # The usual values to pick, or one typed (a run-in level, a figure form, a font file).
            open_combo = QComboBox(tab)
            open_combo.setEditable(True)
            open_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            fill_combo(open_combo, known.kind.choices, text)
            self._row(form, known, known.label, open_combo, lambda: typed_value(open_combo), open_combo.editTextChanged)
            return
        if known.kind.choices:
            combo = QComboBox(tab)
            fill_combo(combo, known.kind.choices, text)
            self._row(form, known, known.label, combo, lambda: combo_value(combo), combo.currentIndexChanged)
            return
        if known.kind is known_settings.POSITIVE:
            spin = QSpinBox(tab)
            spin.setRange(1, 999)
            spin.setValue(int(text) if text.isdigit() and 1 <= int(text) <= 999 else int(known.default))
            spin.setMaximumWidth(120)
            self._row(form, known, known.label, spin, lambda: str(spin.value()), spin.valueChanged)
            return
        if known.multiline:
            note = QPlainTextEdit(text, tab)
            note.setTabChangesFocus(True)
            note.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            note.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
            note.setPlaceholderText(known.help)
            self._row(form, known, known.label, note, note.toPlainText, note.textChanged)
            return
        widget = edit = QLineEdit(text, tab)
        edit.setPlaceholderText(known.help)
        if known.kind is known_settings.PUNCTUATION:
            edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._row(form, known, known.label, widget, edit.text, edit.textChanged)

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOUR}")
        label.hide()
        return label

    def _row(
        self,
        form: QFormLayout,
        known: known_settings.Setting[object],
        label: str,
        widget: QWidget,
        read: Callable[[], str],
        changed: object,
    ) -> None:
        error = self._error_label()
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, box)
        caption = form.labelForField(box)
        if isinstance(caption, QLabel):
            caption.setBuddy(widget)
            caption.setToolTip(known.help)
        widget.setToolTip(f"{known.key}: {known.help}")
        self._register(known.key, label.replace("&", "").rstrip(":"), widget, read, changed, error)

    def _register(
        self, key: str, label: str, widget: QWidget, read: Callable[[], str], changed: object, error: QLabel
    ) -> None:
        field = _Field(key, label, widget, read, error, self.tabs.count())
        self.fields[key] = field
        changed.connect(lambda *_args: self._check(field))  # type: ignore[attr-defined]

    # -- validation and applying ------------------------------------------------------------------

    def _check(self, field: _Field) -> str | None:
        """Validate one field; show the problem under it; return the problem or None."""
        try:
            normalize_setting(field.key, field.read())
        except SettingError as error:
            field.error.setText(str(error))
            field.error.show()
            return str(error)
        field.error.hide()
        return None

    def problems(self) -> list[tuple[_Field, str]]:
        """Every field whose value would be refused, with the reason."""
        found = []
        for field in self.fields.values():
            problem = self._check(field)
            if problem is not None:
                found.append((field, problem))
        return found

    def changes(self) -> dict[str, str]:
        """The settings whose (valid, normalised) value differs from the document's."""
        changed: dict[str, str] = {}
        for key, field in self.fields.items():
            try:
                value = normalize_setting(key, field.read())
            except SettingError:
                continue
            if value != normalize_setting_or_same(key, self._stored[key]):
                changed[key] = value
        return changed

    def accept(self) -> None:
        """Apply every change as one undo step; refuse to close (saying why) while a value is bad."""
        if self.document.readonly:
            super().reject()
            return
        problems = self.problems()
        if problems:
            field, problem = problems[0]
            self._refuse(field, problem)
            return
        changes = self.changes()
        if changes:
            try:
                with self.document.command("Change document settings"):
                    for key, value in changes.items():
                        self.document.set_setting(key, value)
            except UserError as error:
                self._refuse(self.fields.get(str(error).partition(":")[0]), str(error))
                return
        if changes:
            super().accept()
        else:
            super().reject()  # nothing changed in the document: no undo step to record

    def _refuse(self, field: _Field | None, problem: str) -> None:
        if field is None:
            self.message.setText(f"Not saved: {problem}")
        else:
            self.message.setText(f"{field.label}: {problem}")
            self.tabs.setCurrentIndex(field.tab)
            field.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.show()


class PreferencesDialog(QDialog):
    """The application's preferences (this computer's, kept with QSettings); OK stores them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._fields())
        layout.addWidget(buttons)

    def _fields(self) -> QFormLayout:
        tab = self
        form = QFormLayout()
        prefs = app_settings()
        self.default_rules_combo = QComboBox(tab)
        fill_combo(self.default_rules_combo, RULE_CHOICES, str(prefs.value("default/rules", DEFAULT_RULES.name)))
        form.addRow("Rule set for &new documents:", self.default_rules_combo)
        font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        stored_font = prefs.value("view/font", "")
        if stored_font:
            font.fromString(str(stored_font))
        row = QHBoxLayout()
        self.font_combo = QFontComboBox(tab)
        self.font_combo.setCurrentFont(font)
        self.font_size_spin = QSpinBox(tab)
        self.font_size_spin.setRange(6, 48)
        self.font_size_spin.setSuffix(" pt")
        self.font_size_spin.setValue(max(6, font.pointSize()))
        row.addWidget(self.font_combo, 1)
        row.addWidget(self.font_size_spin)
        font_label = QLabel("Editor &font:", tab)
        font_label.setBuddy(self.font_combo)
        form.addRow(font_label, row)
        self.jobs_spin = QSpinBox(tab)
        self.jobs_spin.setRange(0, max(1, os.cpu_count() or 1) * 2)
        self.jobs_spin.setSpecialValueText("Automatic")
        self.jobs_spin.setValue(export_jobs(prefs) or 0)
        self.jobs_spin.setToolTip("Processes that generate an export; Automatic uses one for small indexes")
        form.addRow("Export &processes:", self.jobs_spin)
        note = QLabel("These preferences belong to this computer, not to any document.", tab)
        note.setEnabled(False)
        form.addRow(note)
        return form

    def save_preferences(self) -> None:
        """Store the application tab's preferences."""
        prefs = app_settings()
        prefs.setValue("default/rules", combo_value(self.default_rules_combo))
        font = QFont(self.font_combo.currentFont())
        font.setPointSize(self.font_size_spin.value())
        prefs.setValue("view/font", font.toString())
        prefs.setValue("export/jobs", self.jobs_spin.value())

    def accept(self) -> None:
        """Store the preferences and close."""
        self.save_preferences()
        super().accept()


_TAB_TITLES = {
    known_settings.INDEX: "&Index",
    known_settings.SORTING: "&Sorting",
    known_settings.LAYOUT: "&Layout",
    known_settings.XREFS: "&Cross-references",
    known_settings.CHECKS: "C&hecks",
    known_settings.EXPORTS: "&Exports",
}


def _usable(known: known_settings.Setting[object], text: str) -> bool:
    try:
        known.parse(text)
    except SettingError:
        return False
    return True


def normalize_setting_or_same(key: str, value: str) -> str:
    """A stored value in its normal form, or as it is when it does not validate (so any edit counts as a change)."""
    try:
        return normalize_setting(key, value)
    except SettingError:
        return value
