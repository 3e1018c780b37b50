"""The fast-entry bar: type a heading path and its pages, press Enter, go on typing.

It is built for the fewest keys that are not text, as SKY Index's grid is:

- Enter adds the entry from any field. Every heading level completes from the document's headings
  (:mod:`xindex.gui.completion`: Tab takes the suggestion and goes on). Typing a new heading clears
  the levels below it (they belonged to the old one); a level appears below the last one as soon as
  that one is used, so any depth can be typed.
- Tab stops at the levels typed and at the first empty one (where a subheading would go), then
  at Pages: the other empty levels are never a stop. Ctrl+L goes straight to Pages, Ctrl+K to Sort As.
- After an entry is added, its headings stay, the last one selected (typing replaces it: the next
  sibling), and Pages keeps its locator, selected when you get there (typing replaces it; left as it
  is, the next entry cites the same page). Alt+Up / Alt+Down step it, Ctrl+T makes it a range and
  Ctrl+R puts back the previous entry's locator, from any field of the bar.
- Pages also takes cross-references as CINDEX does (:mod:`xindex.core.pages_field`): ``45; see
  also roses: pruning; shrubs``, the target completed over every heading path. A target that names
  no heading is asked about: create it, or make the reference generic.
- Adding asks first when a new heading differs from an existing one only by case or accents. Right
  after an entry is added, Ctrl+Z undoes the entry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from xindex.app import entries
from xindex.core.locators import LocatorError
from xindex.core.model import MAX_DEPTH, XRefKind
from xindex.core.pages_field import read_pages_field, target_being_typed
from xindex.gui.completion import Completer, CompletingLineEdit, Suggestion, heading_suggestion, path_suggestion
from xindex.gui.fields import (
    MAKE_RANGE,
    NEXT_PAGE,
    PREVIOUS_PAGE,
    REPEAT,
    TO_PAGES,
    TO_SORT_AS,
    LocatorLineEdit,
)
from xindex.gui.style import ERROR_COLOUR
from xindex.store import Document, DocumentError, EditError

NAMES = ("Heading", "Subheading", "Sub-subheading")
SHOWN_AT_FIRST = 3
SimilarAnswer = str  # "existing", "new" or "cancel"
MissingAnswer = str  # "create", "generic" or "cancel"


def level_name(level: int) -> str:
    """What a level is called in the bar: Heading, Subheading, Sub-subheading, Level 4, ..."""
    return NAMES[level] if level < len(NAMES) else f"Level {level + 1}"


class FastEntry(QWidget):
    """Heading levels, Pages and Sort As, with completion as you type."""

    committed = Signal(int, str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.ask_similar: Callable[[list[tuple[int, str, str]]], SimilarAnswer] = lambda similar: "new"
        self.ask_missing: Callable[[XRefKind, str], MissingAnswer] = lambda kind, target: "cancel"
        self._pages_refused = False
        self._prepare: Callable[[CompletingLineEdit], None] = lambda field: None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(2)
        self.row = QHBoxLayout()
        outer.addLayout(self.row)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        self.levels: list[CompletingLineEdit] = []
        for _ in range(SHOWN_AT_FIRST):
            self._add_level()
        self.pages = LocatorLineEdit(self)
        self.pages.accepts_references = True
        self.pages.show_pending = False
        self.pages.setPlaceholderText("Pages: 12, 14-16, xii; see also …")
        self.pages.setAccessibleName("Pages")
        self.pages.returnPressed.connect(self.commit)
        self.pages.cancelled.connect(self.clear)
        self.pages.error_changed.connect(self._pages_error)
        self.references = Completer(self.pages, self._complete_target, tab_moves_on=False)
        self.sort_as = QLineEdit(self)
        self.sort_as.setPlaceholderText("Sort as (Ctrl+K)")
        self.sort_as.setAccessibleName("Sort as")
        self.sort_as.returnPressed.connect(self.commit)
        self.pages.installEventFilter(self)
        self.sort_as.installEventFilter(self)
        self.row.addWidget(QLabel("Pages", self))
        self.row.addWidget(self.pages, 3)
        self.row.addWidget(self.sort_as, 1)

    def _add_level(self) -> None:
        level = len(self.levels)
        field = CompletingLineEdit(self)
        field.show_pending = False
        field.setPlaceholderText(level_name(level))
        field.setAccessibleName(level_name(level))
        field.offer = lambda typed: self._complete_level(level, typed)
        field.textChanged.connect(lambda text: self._level_changed(level, text))
        field.textEdited.connect(lambda _text: self._level_edited(level))
        field.returnPressed.connect(self.commit)
        field.cancelled.connect(self.clear)
        field.installEventFilter(self)
        self._prepare(field)
        self.levels.append(field)
        self.row.insertWidget(level, field, 3)
        field.show()  # now, not when the layout next runs: Tab may go to it before then

    def prepare_levels(self, prepare: Callable[[CompletingLineEdit], None]) -> None:
        """Give every heading level, now and as levels appear, what the window gives heading fields
        (its speller, its abbreviations)."""
        self._prepare = prepare
        for field in self.levels:
            prepare(field)

    def _level_changed(self, level: int, text: str) -> None:
        """The level below the last one appears once that one is used."""
        if text and level == len(self.levels) - 1 and len(self.levels) < MAX_DEPTH:
            self._add_level()

    def set_document(self, document: Document | None) -> None:
        """Enter into another document."""
        self.document = document
        self.setEnabled(document is not None and not document.readonly)
        self.pages.last_locator = ""
        self.clear()

    def _complete_level(self, level: int, typed: str) -> list[Suggestion]:
        if self.document is None:
            return []
        parent_id: int | None = None
        if level:
            parent = self.document.find_path([field.text().strip() for field in self.levels[:level]])
            if parent is None:
                return []
            parent_id = parent.id
        return [heading_suggestion(found) for found in self.document.complete(parent_id, typed)]

    def _complete_target(self, text: str, cursor: int) -> tuple[int, list[Suggestion]]:
        being_typed = target_being_typed(text, cursor)
        if self.document is None or being_typed is None or not being_typed[1].strip():
            return 0, []
        start, typed = being_typed
        return start, [path_suggestion(found) for found in self.document.complete_target(typed)]

    def _level_edited(self, level: int) -> None:
        """A heading typed anew: the levels below belonged to the old one."""
        for field in self.levels[level + 1 :]:
            field.set_saved_text("")
        self._drop_unused_levels()

    def _drop_unused_levels(self) -> None:
        while len(self.levels) > SHOWN_AT_FIRST and not self.levels[-1].text() and not self.levels[-2].text():
            field = self.levels.pop()
            if field.hasFocus():
                self.levels[-1].setFocus()
            field.deleteLater()

    def _pages_error(self, error: str) -> None:
        if self._pages_refused:
            self.show_message(error)
            self._pages_refused = bool(error)

    def start(self, path: list[str], level: int) -> None:
        """Prefill the levels above ``level`` and put the cursor there (new main heading, subentry, sibling);
        Pages keeps the last locator."""
        for index, field in enumerate(self.levels):  # (filling the last level adds one below it)
            field.close_list()
            field.set_saved_text(path[index] if index < len(path) and index < level else "")
        self._drop_unused_levels()
        self.sort_as.clear()
        self.levels[min(level, len(self.levels) - 1)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_message(self, text: str) -> None:
        """Say under the fields why an entry was not saved (empty hides it)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        """Empty every field and go back to the heading."""
        for field in self.levels:
            field.close_list()
            field.set_saved_text("")
        self._drop_unused_levels()
        self.pages.set_saved_text("")
        self.sort_as.clear()
        self._pages_refused = False
        self.show_message("")
        self.levels[0].setFocus()

    def path(self) -> list[str]:
        """The typed heading path (empty levels at the end dropped)."""
        texts = [field.text().strip() for field in self.levels]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    def tab_stops(self) -> list[QWidget]:
        """The fields Tab visits: the levels typed and the first empty one, Pages, and Sort As once used."""
        stops: list[QWidget] = []
        for field in self.levels:
            stops.append(field)
            if not field.text().strip():
                break
        stops.append(self.pages)
        if self.sort_as.text():
            stops.append(self.sort_as)
        return stops

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802  (Qt's name)
        """Tab and Shift+Tab through :meth:`tab_stops` only; past either end, on to the window."""
        focus = QApplication.focusWidget()
        stops = self.tab_stops()
        if focus in self.levels and focus not in stops:
            focus = stops[-1] if next else self.pages  # an empty level below the first: as if on Pages
        if focus in stops:
            index = stops.index(focus) + (1 if next else -1)
            if 0 <= index < len(stops):
                self._go_to(stops[index], Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
                return True
        return super().focusNextPrevChild(next)

    def _go_to(self, field: QWidget, reason: Qt.FocusReason) -> None:
        field.setFocus(reason)
        if isinstance(field, QLineEdit):
            field.selectAll()

    def _refuse(self, message: str) -> None:
        self.show_message(message)
        self.failed.emit(message)

    def _missing_targets(self, references: list[tuple[XRefKind, str]]) -> dict[str, entries.Missing] | None:
        """Ask what to do with each reference whose target does not exist; None when one is cancelled."""
        assert self.document is not None
        missing: dict[str, entries.Missing] = {}
        for kind, target in references:
            if target in missing or self.document.find_target(target) is not None:
                continue
            answer = self.ask_missing(kind, target)
            if answer not in ("create", "generic"):
                return None
            missing[target] = "create" if answer == "create" else "generic"
        return missing

    def commit(self) -> None:
        """Add the typed path with its pages and references as one command; report problems without
        losing the typing."""
        if self.document is None:
            return
        for field in self.levels:
            field.close_list(keep_suggestion=True)
        self.references.close_list(keep_suggestion=True)
        path = self.path()
        if not path:
            return
        if "" in path:
            self._refuse("fill in every level above the last one")
            return
        if not self.pages.valid:
            self._pages_refused = True
            self._refuse(self.pages.error)
            self.pages.setFocus()
            return
        typed = read_pages_field(self.pages.text())
        references = [(reference.kind, reference.target) for reference in typed.references]
        try:
            similar = self.document.similar_headings(path)
        except EditError as error:
            self._refuse(str(error))
            return
        if similar:
            answer = self.ask_similar(similar)
            if answer == "cancel":
                return
            if answer == "existing":
                level, _, existing = similar[0]
                self.levels[level].setText(existing)
                path = self.path()
        missing = self._missing_targets(references)
        if missing is None:
            self.pages.setFocus()
            return
        before = self.document.last_command()
        sort_as = self.sort_as.text().strip() or None
        try:
            entry_id = entries.add(self.document, path, typed.pages, references, missing=missing, sort_as=sort_as)
        except (DocumentError, EditError, LocatorError) as error:
            self._refuse(str(error))
            return
        after = self.document.last_command()
        self._after_commit(path, typed.pages.strip())
        self.committed.emit(entry_id, after[1] if after and after != before else "")

    def _after_commit(self, path: list[str], pages: str) -> None:
        """Headings stay, the last selected; Pages keeps the locator (or the previous one after a reference)."""
        if pages:
            self.pages.last_locator = pages
        self._pages_refused = False
        self.show_message("")
        for field in self.levels:
            field.set_saved_text(field.text())  # nothing left for Ctrl+Z in the fields: it undoes the entry
        self.pages.set_saved_text(self.pages.last_locator)
        self.sort_as.clear()
        focus = self.levels[len(path) - 1]
        focus.setFocus()
        focus.selectAll()

    def _bar_key(self, event: QKeyEvent) -> bool:
        """The bar's keys and the locator keys, from any field of the bar (before a field's own use of
        them: Ctrl+K deletes to the end of a line edit's text on some systems)."""
        if TO_PAGES.matches(event):
            for field in self.levels:
                field.close_list(keep_suggestion=True)
            self._go_to(self.pages, Qt.FocusReason.ShortcutFocusReason)
        elif TO_SORT_AS.matches(event):
            self._go_to(self.sort_as, Qt.FocusReason.ShortcutFocusReason)
        elif REPEAT.matches(event):
            self.pages.repeat_last()
        elif NEXT_PAGE.matches(event) or PREVIOUS_PAGE.matches(event):
            self.pages.step(1 if NEXT_PAGE.matches(event) else -1)
        elif MAKE_RANGE.matches(event):
            self.pages.make_range()
        else:
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The bar's keys in any of its fields."""
        return event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._bar_key(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape anywhere in the bar clears it."""
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)
