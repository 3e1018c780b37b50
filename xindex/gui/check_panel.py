"""The check panel: the verification report, run in the background, shown grouped by problem.

``run(document)`` starts a background thread that waits on a process of its own
(:func:`xindex.jobs.check.check_in_process`): the checks open their own read-only
connection there, so the editor's event loop never waits on them. While they run the
panel shows a busy bar; then a table of findings, grouped by check with counts and
severity icons (a group folds away when its row is activated), each with the entry's path
and the message, tens of thousands of them as fast as a few (the table lays out only the
rows on screen). Double-click or Enter on a finding shows its entry in the window
(``window.go_to(entry_id)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xindex.core import checks
from xindex.core.checks import Finding
from xindex.gui.manager import ProcessWaiter, keep_alive
from xindex.jobs.check import CheckCancelled, CheckReport, check_in_process
from xindex.store import Document

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#f29d0c", "ok": "#2e7d32"}
ModelIndex = QModelIndex | QPersistentModelIndex

__all__ = ["CODE_ROLE", "ENTRY_ID_ROLE", "CheckPanel", "FindingsModel", "severity_icon"]


class Navigator(Protocol):
    """What the panel needs from its window: a way to show an entry."""

    def go_to(self, entry_id: int) -> None:
        """Show the entry."""


_ICONS: dict[str, QIcon] = {}


def severity_icon(severity: str) -> QIcon:
    """A small, crisp icon for a severity: a red disc (error), an amber triangle (warning), a green tick (ok)."""
    if severity in _ICONS:
        return _ICONS[severity]
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    size = 16
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(SEVERITY_COLOURS.get(severity, "#777777"))
    white = QPen(QColor("white"), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    if severity == "warning":
        triangle = QPainterPath()
        triangle.moveTo(8, 1.5)
        triangle.lineTo(15, 14.5)
        triangle.lineTo(1, 14.5)
        triangle.closeSubpath()
        painter.fillPath(triangle, QBrush(colour))
        painter.setPen(white)
        painter.drawLine(QPointF(8, 6), QPointF(8, 9.5))
        painter.drawPoint(QPointF(8, 12.2))
    elif severity == "ok":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(1, 1, 14, 14))
        painter.setPen(white)
        tick = QPainterPath()
        tick.moveTo(4.5, 8.2)
        tick.lineTo(7, 10.7)
        tick.lineTo(11.5, 5.5)
        painter.drawPath(tick)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(1, 1, 14, 14))
        painter.setPen(white)
        painter.drawLine(QPointF(8, 4.5), QPointF(8, 8.8))
        painter.drawPoint(QPointF(8, 11.6))
    painter.end()
    _ICONS[severity] = QIcon(pixmap)
    return _ICONS[severity]


@dataclass
class _Group:
    code: str
    title: str
    severity: str
    findings: list[Finding]
    open: bool = True


class FindingsModel(QAbstractTableModel):
    """Findings in two columns (entry, problem) under one row per check, which folds its group away."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[_Group] = []
        self._rows: list[tuple[_Group, Finding | None]] = []
        self.clean = False

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Group the findings by check, in the report's order of checks."""
        self.beginResetModel()
        grouped: dict[str, list[Finding]] = {}
        for finding in findings:
            grouped.setdefault(finding.code, []).append(finding)
        order = list(checks.CHECKS)
        self.groups = []
        for code in sorted(grouped, key=lambda code: (order.index(code) if code in order else len(order), code)):
            members = grouped[code]
            severity, title = checks.CHECKS.get(code, (members[0].severity, code))
            self.groups.append(_Group(code, title, severity, members))
        self.clean = not findings
        self._layout()
        self.endResetModel()

    def _layout(self) -> None:
        rows: list[tuple[_Group, Finding | None]] = []
        for group in self.groups:
            rows.append((group, None))
            if group.open:
                rows.extend((group, finding) for finding in group.findings)
        self._rows = rows

    def toggle(self, row: int) -> None:
        """Fold or unfold the group of a group row."""
        group, finding = self._rows[row]
        if finding is not None:
            return
        self.beginResetModel()
        group.open = not group.open
        self._layout()
        self.endResetModel()

    def group_rows(self) -> list[int]:
        """The rows that are group headings (they span both columns)."""
        return [row for row, (_, finding) in enumerate(self._rows) if finding is None]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Group rows and finding rows (a clean report has one row saying so)."""
        if parent.isValid():
            return 0
        return 1 if self.clean else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Entry and problem."""
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Entry", "Problem")[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, icons, the entry id and the check's code."""
        if not index.isValid():
            return None
        if self.clean:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return "No problems found."
            if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
                return severity_icon("ok")
            return None
        group, finding = self._rows[index.row()]
        column = index.column()
        if finding is None:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return f"{'▾' if group.open else '▸'} {group.title} ({len(group.findings):,})"
            if role == Qt.ItemDataRole.DecorationRole and column == 0:
                return severity_icon(group.severity)
            if role == Qt.ItemDataRole.FontRole:
                bold = QFont()
                bold.setBold(True)
                return bold
            if role == Qt.ItemDataRole.ForegroundRole and group.severity == "error":
                return QBrush(QColor(SEVERITY_COLOURS["error"]))
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{group.severity}: {group.code} (double-click or press Enter to fold or unfold)"
            if role == CODE_ROLE:
                return group.code
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (": ".join(finding.path) or "(whole index)") if column == 0 else finding.message
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message if column == 1 else "Double-click or press Enter to go to this entry"
        if role == ENTRY_ID_ROLE:
            return finding.entry_id
        if role == CODE_ROLE:
            return finding.code
        return None


class CheckPanel(QWidget):
    """The check report in a dock: findings grouped by check, double-click to go to the entry."""

    started = Signal()
    finished = Signal(int)  # number of findings
    navigated = Signal(int)  # entry id shown

    def __init__(self, window: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else (window if isinstance(window, QWidget) else None))
        self.window_ = window
        self.path: Path | None = None
        self.findings: list[Finding] = []
        self._thread: ProcessWaiter | None = None
        self._again = False

        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setToolTip("Run the checks again (F7)")
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel("Not checked yet.", self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addWidget(self.summary, 1)
        top.addWidget(self.busy)

        self.model = FindingsModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setAccessibleName("Check findings")
        self.table.activated.connect(self._activated)
        self.model.modelReset.connect(self._span_groups)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    @property
    def running(self) -> bool:
        """True while the checks run."""
        return self._thread is not None

    def finding_entry_ids(self) -> list[int]:
        """The entries the last check found something about, in report order (for the view's filter)."""
        return list(dict.fromkeys(finding.entry_id for finding in self.findings if finding.entry_id is not None))

    def run(self, document: Document) -> None:
        """Check ``document`` in the background (again after the current run, if one is running)."""
        self.path = Path(document.path)
        if self._thread is not None:
            self._again = True
            return
        self._start()

    def refresh(self) -> None:
        """Run the checks again on the window's current document (or the one checked last)."""
        document = getattr(self.window_, "document", None)
        if isinstance(document, Document):
            self.run(document)
        elif self.path is not None and self._thread is None:
            self._start()

    def stop(self) -> None:
        """Stop a running check (the window closes, or another document opens)."""
        if self._thread is not None:
            self._again = False
            self._thread.stop_flag.set()

    def _start(self) -> None:
        assert self.path is not None
        path = self.path
        thread = ProcessWaiter("xindex-check", lambda stop: check_in_process(path, cancel=stop), CheckCancelled)
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        thread.finished.connect(lambda thread=thread: self._thread_ended(thread))
        keep_alive(thread, thread.stop_flag.set)
        self._thread = thread
        self.busy.show()
        self.refresh_button.setEnabled(False)
        self.summary.setText(f"Checking {self.path.name} …")
        self.started.emit()
        thread.start()

    def _thread_ended(self, thread: ProcessWaiter) -> None:
        if self._thread is thread:  # stopped without a result
            self._thread = None
            self.busy.hide()
            self.refresh_button.setEnabled(True)

    def _ended(self) -> bool:
        """Forget the thread; start again when asked to while it ran. True when the result is still wanted."""
        self._thread = None
        self.busy.hide()
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self._start()
            return False
        return True

    def _succeeded(self, report: CheckReport) -> None:
        if not self._ended():
            return
        self.show_findings(report.findings)
        text = checks.summary(report.findings)
        text += f" {report.entries:,} entries checked in {report.seconds:.2f} s."
        if report.notes:
            text += " Note: " + "; ".join(report.notes) + "."
        self.summary.setText(text)
        self.finished.emit(len(report.findings))

    def _failed(self, message: str) -> None:
        if not self._ended():
            return
        self.model.set_findings([])
        self.model.clean = False
        self.findings = []
        self.summary.setText(f"The checks could not run: {message}")
        self.finished.emit(0)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Fill the table: one row per check (with its count), one row per finding."""
        self.findings = list(findings)
        self.model.set_findings(self.findings)
        if self.findings:
            self.table.setColumnWidth(0, max(220, self.table.viewport().width() * 2 // 5))

    def _span_groups(self) -> None:
        self.table.clearSpans()
        rows = [0] if self.model.clean else self.model.group_rows()
        for row in rows:
            self.table.setSpan(row, 0, 1, 2)

    def _activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id is None:
            if index.data(CODE_ROLE) is not None and not self.model.clean:
                row = index.row()
                self.model.toggle(row)
                self.table.setCurrentIndex(self.model.index(row, 0))
            return
        document = getattr(self.window_, "document", None)
        if isinstance(document, Document) and self.path is not None and Path(document.path) != self.path:
            self.summary.setText(f"These findings are for {self.path.name}; press Refresh to check this document.")
            return
        self.window_.go_to(int(entry_id))
        self.navigated.emit(int(entry_id))
