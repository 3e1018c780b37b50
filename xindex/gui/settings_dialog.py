"""Document settings (one undo step) and the application's preferences (QSettings), in one dialog.

The *Document* tab edits the settings stored in the ``.xix`` file: title and
note, sorting (language, rule set, function words, Mc/St. substitutions),
layout (range rule, adjacent-page conflation, style, See also position) and
what the checks need (page span, most undifferentiated locators). Fields are
validated as they are typed, with the reason shown under the field; OK
refuses to close while a value is bad and says which field is wrong and why.
Every changed setting is written inside one ``document.command``, so the
change is one undo step. ``exec()`` returns Accepted only when the document
changed, so the window records exactly one undo step or none.

The *Application* tab holds preferences kept with QSettings: the rule set
for new documents (``default/rules``), the editor font (``view/font``, as
``QFont.toString()``) and the number of export processes (``export/jobs``,
0 = choose automatically).

The choice tables here (styles, See also positions, range rules, rule sets,
languages) are shared with the export dialog.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
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

from xindex.core import checks
from xindex.core import settings as known_settings
from xindex.core.formatter import SeeAlsoPosition, parse_style
from xindex.core.language import LANGUAGES
from xindex.core.ranges import RangeRule
from xindex.core.rules import DEFAULT_RULES, RULE_SETS
from xindex.store import Document, DocumentError, EditError

Choices = Sequence[tuple[str, str]]

#: Index styles: the ``style`` setting's value and how the GUI names it.
STYLE_CHOICES: Choices = (
    ("indented", "Indented"),
    ("run-in", "Run-in from the main heading"),
    ("run-in:1", "Run-in from the first subheading"),
    ("run-in:2", "Run-in from the second subheading"),
)
SEE_ALSO_CHOICES: Choices = (
    (SeeAlsoPosition.AFTER.value, "After the heading's locators"),
    (SeeAlsoPosition.FIRST.value, "First, before the subheadings"),
    (SeeAlsoPosition.LAST.value, "Last, after the subheadings"),
)
RANGE_CHOICES: Choices = tuple((rule.value, f"{rule.label}: {rule.example}") for rule in RangeRule)
RULE_CHOICES: Choices = tuple((name, rules.label) for name, rules in RULE_SETS.items())
LANGUAGE_CHOICES: Choices = tuple((code, f"{name} ({code})") for code, name in LANGUAGES.items())

#: Defaults of the layout settings the store does not know (it keeps them as they are).
LAYOUT_DEFAULTS = {"style": "indented", "see-also-position": SeeAlsoPosition.AFTER.value, "note": ""}

ERROR_COLOUR = "#c62828"


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


def setting_default(key: str) -> str:
    """What a document setting is when the document does not store it."""
    if key in known_settings.KNOWN:
        return known_settings.KNOWN[key].default
    return LAYOUT_DEFAULTS.get(key, "")


def _validate_style(value: str) -> str:
    parse_style(value)
    return value


def _validate_see_also(value: str) -> str:
    return SeeAlsoPosition(value).value


def _validate_page_span(value: str) -> str:
    if value.strip():
        checks.parse_page_span(value)  # as strict as the check report: plain pages and ranges only
    return known_settings.normalize("page-span", value)


#: Validators for settings the store does not check itself (and the page span, checked as the report does).
_VALIDATORS: dict[str, Callable[[str], str]] = {
    "style": _validate_style,
    "see-also-position": _validate_see_also,
    "page-span": _validate_page_span,
    "note": lambda value: value.strip(),
}


def normalize_setting(key: str, value: str) -> str:
    """The stored form of a setting's value; ValueError saying what is wrong."""
    validator = _VALIDATORS.get(key)
    return validator(value) if validator else known_settings.normalize(key, value)


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

    def __init__(self, key: str, label: str, widget: QWidget, read: Callable[[], str], error: QLabel) -> None:
        self.key = key
        self.label = label
        self.widget = widget
        self.read = read
        self.error = error


class SettingsDialog(QDialog):
    """Edit a document's settings (applied as one undo step) and the application's preferences."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"Settings — {document.path.name}")
        self.fields: dict[str, _Field] = {}
        self._forms: list[QFormLayout] = []
        stored = document.settings()
        self._stored = {key: stored.get(key, setting_default(key)) for key in self._keys()}

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._document_tab(), "&Document")
        self.tabs.addTab(self._application_tab(), "&Application")

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
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for field in self.fields.values():
            self._check(field)
            field.widget.setEnabled(not document.readonly)
        self.readonly_note.setVisible(document.readonly)

    @staticmethod
    def _keys() -> list[str]:
        return [
            "title", "note", "language", "rules", "function-words", "substitute-mc", "substitute-saint",
            "range-rules", "conflate-adjacent", "style", "see-also-position", "page-span", "max-undifferentiated",
        ]  # fmt: skip

    # -- building ---------------------------------------------------------------------------------

    def _document_tab(self) -> QWidget:
        tab = QWidget(self)
        outer = QVBoxLayout(tab)
        self.readonly_note = QLabel(
            f"{self.document.path.name} is open read-only: its settings are shown but cannot be changed.", tab
        )
        self.readonly_note.setWordWrap(True)
        outer.addWidget(self.readonly_note)
        value = self._stored

        index = self._group(outer, "Index")
        self.title_edit = QLineEdit(value["title"], tab)
        self.title_edit.setPlaceholderText("printed above the index")
        self._add(index, "title", "&Title:", self.title_edit, self.title_edit.text, self.title_edit.textChanged)
        self.note_edit = QPlainTextEdit(value["note"], tab)
        self.note_edit.setPlaceholderText("a headnote printed under the title (optional)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.note_edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self._add(index, "note", "&Note:", self.note_edit, self.note_edit.toPlainText, self.note_edit.textChanged)

        sorting = self._group(outer, "Sorting")
        self.language_combo = self._combo(tab, LANGUAGE_CHOICES, value["language"])
        self._add_combo(sorting, "language", "&Language:", self.language_combo)
        self.rules_combo = self._combo(tab, RULE_CHOICES, value["rules"])
        self._add_combo(sorting, "rules", "&Rule set:", self.rules_combo)
        self.function_words_edit = QLineEdit(value["function-words"], tab)
        self.function_words_edit.setPlaceholderText("the language's own list (of, in, and, the …)")
        self._add(sorting, "function-words", "&Function words:", self.function_words_edit,
                  self.function_words_edit.text, self.function_words_edit.textChanged)  # fmt: skip
        self.mc_check = self._flag(sorting, "substitute-mc", "Sort Mc and M’ as &Mac", tab)
        self.saint_check = self._flag(sorting, "substitute-saint", "Sort St. as Sain&t", tab)

        layout = self._group(outer, "Layout")
        self.style_combo = self._combo(tab, STYLE_CHOICES, value["style"])
        self._add_combo(layout, "style", "St&yle:", self.style_combo)
        self.see_also_combo = self._combo(tab, SEE_ALSO_CHOICES, value["see-also-position"])
        self._add_combo(layout, "see-also-position", "&See also:", self.see_also_combo)
        self.range_combo = self._combo(tab, RANGE_CHOICES, value["range-rules"])
        self._add_combo(layout, "range-rules", "Page &ranges:", self.range_combo)
        self.conflate_check = self._flag(layout, "conflate-adjacent", "&Join adjacent pages (33, 34, 35 → 33–35)", tab)

        checking = self._group(outer, "Checks")
        self.page_span_edit = QLineEdit(value["page-span"], tab)
        self.page_span_edit.setPlaceholderText("the book's pages, e.g. i-xvi, 1-320")
        self._add(checking, "page-span", "&Page span:", self.page_span_edit, self.page_span_edit.text,
                  self.page_span_edit.textChanged)  # fmt: skip
        self.max_locators_spin = QSpinBox(tab)
        self.max_locators_spin.setRange(1, 999)
        self.max_locators_spin.setValue(int(value["max-undifferentiated"]) if value["max-undifferentiated"].isdigit()
                                        else int(setting_default("max-undifferentiated")))  # fmt: skip
        self.max_locators_spin.setMaximumWidth(120)
        self.max_locators_spin.setToolTip(
            "Most undifferentiated page locators on a heading: with more, the check asks for subheadings"
        )
        self._add(checking, "max-undifferentiated", "&Max. locators:", self.max_locators_spin,
                  lambda: str(self.max_locators_spin.value()), self.max_locators_spin.valueChanged)  # fmt: skip
        outer.addStretch(1)
        self._align_labels()
        return tab

    def _group(self, outer: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addWidget(box)
        self._forms.append(form)
        return form

    def _align_labels(self) -> None:
        """One label column width for every group, so the fields line up down the tab."""
        labels: list[QLabel] = []
        for form in self._forms:
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel):
                    labels.append(widget)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _combo(self, parent: QWidget, choices: Choices, current: str) -> QComboBox:
        combo = QComboBox(parent)
        fill_combo(combo, choices, current)
        return combo

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOUR}")
        label.hide()
        return label

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget, read: Callable[[], str],
             changed: object) -> None:  # fmt: skip
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
        field = _Field(key, label.replace("&", "").rstrip(":"), widget, read, error)
        self.fields[key] = field
        changed.connect(lambda *_args: self._check(field))  # type: ignore[attr-defined]

    def _add_combo(self, form: QFormLayout, key: str, label: str, combo: QComboBox) -> None:
        self._add(form, key, label, combo, lambda: combo_value(combo), combo.currentIndexChanged)

    def _flag(self, form: QFormLayout, key: str, text: str, parent: QWidget) -> QCheckBox:
        check = QCheckBox(text, parent)
        check.setChecked(self._stored[key] == "1")
        self._add(form, key, "", check, lambda: "1" if check.isChecked() else "0", check.toggled)
        self.fields[key].label = text.replace("&", "")
        return check

    def _application_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        prefs = app_settings()
        self.default_rules_combo = self._combo(tab, RULE_CHOICES, str(prefs.value("default/rules", DEFAULT_RULES.name)))
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
        note = QLabel("These preferences belong to this computer, not to the document.", tab)
        note.setEnabled(False)
        form.addRow(note)
        return tab

    # -- validation and applying ------------------------------------------------------------------

    def _check(self, field: _Field) -> str | None:
        """Validate one field; show the problem under it; return the problem or None."""
        try:
            normalize_setting(field.key, field.read())
        except ValueError as error:
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
            except ValueError:
                continue
            if value != normalize_setting_or_same(key, self._stored[key]):
                changed[key] = value
        return changed

    def save_preferences(self) -> None:
        """Store the application tab's preferences."""
        prefs = app_settings()
        prefs.setValue("default/rules", combo_value(self.default_rules_combo))
        font = QFont(self.font_combo.currentFont())
        font.setPointSize(self.font_size_spin.value())
        prefs.setValue("view/font", font.toString())
        prefs.setValue("export/jobs", self.jobs_spin.value())

    def accept(self) -> None:
        """Apply every change as one undo step; refuse to close (saying why) while a value is bad."""
        if self.document.readonly:
            self.save_preferences()
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
            except (DocumentError, EditError, ValueError) as error:
                self._refuse(self.fields.get(str(error).partition(":")[0]), str(error))
                return
        self.save_preferences()
        if changes:
            super().accept()
        else:
            super().reject()  # nothing changed in the document: no undo step to record

    def _refuse(self, field: _Field | None, problem: str) -> None:
        if field is None:
            self.message.setText(f"Not saved: {problem}")
        else:
            self.message.setText(f"{field.label}: {problem}")
            self.tabs.setCurrentIndex(0)
            field.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.show()


def normalize_setting_or_same(key: str, value: str) -> str:
    """A stored value in its normal form, or as it is when it does not validate (so any edit counts as a change)."""
    try:
        return normalize_setting(key, value)
    except ValueError:
        return value
