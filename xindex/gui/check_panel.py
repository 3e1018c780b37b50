"""The check panel: the verification report, run in the background, shown grouped by problem.

``run(document)`` starts a background thread that opens its *own* read-only
connection to ``document.path`` (an apsw connection is never shared across
threads), loads the tree and runs :func:`xindex.core.checks.run_checks` with
the options the command line's ``xindex check`` takes from the document
settings. While it runs the panel shows a busy bar; then a tree of findings,
grouped by check with counts and severity icons, each with the entry's path
and the message. Double-click or Enter on a finding shows its entry in the
window (``window.go_to(entry_id)``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xindex.core import checks
from xindex.core.checks import CheckOptions, Finding
from xindex.core.locators import LocatorError
from xindex.gui.manager import keep_alive
from xindex.store import Document

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#f29d0c", "ok": "#2e7d32"}


class Navigator(Protocol):
    """What the panel needs from its window: a way to show an entry."""

    def go_to(self, entry_id: int) -> None:
        """Show the entry."""


def check_options(settings: dict[str, str]) -> tuple[CheckOptions, list[str]]:
    """The check options from document settings, as ``xindex check`` takes them, and notes on unusable ones."""
    notes: list[str] = []
    max_locators = CheckOptions().max_locators
    stored = settings.get("max-undifferentiated", "").strip()
    if stored:
        if stored.isdigit() and int(stored) >= 1:
            max_locators = int(stored)
        else:
            notes.append(f"max-undifferentiated {stored!r} is not a number of 1 or more; using {max_locators}")
    page_span = None
    span_text = settings.get("page-span", "").strip()
    if span_text:
        try:
            page_span = checks.parse_page_span(span_text)
        except LocatorError as error:
            notes.append(f"the page span is not usable ({error}); pages were not checked against it")
    return CheckOptions(max_locators=max_locators, page_span=page_span), notes


class _CheckThread(QThread):
    """Runs the checks on its own read-only connection; reports back through queued signals."""

    succeeded = Signal(object, object, int, float)  # findings, notes, entries, seconds
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.setObjectName("xindex-check")
        self.path = path

    def run(self) -> None:
        """Open the document read-only, build the tree, run the checks."""
        started = time.perf_counter()
        try:
            with Document.open(self.path, readonly=True) as document:
                options, notes = check_options(document.settings())
                roots = document.tree()
                entries = document.entry_count()
            findings = checks.run_checks(roots, options)
        except Exception as error:  # shown in the panel; the thread must not die silently
            self.failed.emit(str(error) or type(error).__name__)
            return
        self.succeeded.emit(findings, notes, entries, time.perf_counter() - started)


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
        self._thread: _CheckThread | None = None
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

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Entry", "Problem"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("Check findings")
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.itemActivated.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

    @property
    def running(self) -> bool:
        """True while the checks run."""
        return self._thread is not None

    def finding_entry_ids(self) -> list[int]:
        """The entries the last check found something about, in report order (for the view's filter)."""
        seen: list[int] = []
        for finding in self.findings:
            if finding.entry_id is not None and finding.entry_id not in seen:
                seen.append(finding.entry_id)
        return seen

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

    def _start(self) -> None:
        assert self.path is not None
        thread = _CheckThread(self.path)
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        keep_alive(thread)
        self._thread = thread
        self.busy.show()
        self.refresh_button.setEnabled(False)
        self.summary.setText(f"Checking {self.path.name} …")
        self.started.emit()
        thread.start()

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

    def _succeeded(self, findings: list[Finding], notes: list[str], entries: int, seconds: float) -> None:
        if not self._ended():
            return
        self.show_findings(findings)
        text = checks.summary(findings)
        text += f" {entries:,} entries checked in {seconds:.2f} s."
        if notes:
            text += " Note: " + "; ".join(notes) + "."
        self.summary.setText(text)
        self.finished.emit(len(findings))

    def _failed(self, message: str) -> None:
        if not self._ended():
            return
        self.tree.clear()
        self.findings = []
        self.summary.setText(f"The checks could not run: {message}")
        self.finished.emit(0)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Fill the tree: one branch per check (with its count), one row per finding."""
        self.findings = list(findings)
        self.tree.clear()
        if not findings:
            item = QTreeWidgetItem(self.tree, ["No problems found.", ""])
            item.setIcon(0, severity_icon("ok"))
            item.setFirstColumnSpanned(True)
            return
        groups: dict[str, list[Finding]] = {}
        for finding in findings:
            groups.setdefault(finding.code, []).append(finding)
        order = list(checks.CHECKS)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for code in sorted(groups, key=lambda code: (order.index(code) if code in order else len(order), code)):
            members = groups[code]
            severity, title = checks.CHECKS.get(code, (members[0].severity, code))
            branch = QTreeWidgetItem(self.tree, [f"{title} ({len(members)})", ""])
            branch.setIcon(0, severity_icon(severity))
            branch.setFont(0, bold)
            branch.setForeground(0, QBrush(QColor(SEVERITY_COLOURS[severity])) if severity == "error" else QBrush())
            branch.setData(0, CODE_ROLE, code)
            branch.setFirstColumnSpanned(True)
            branch.setToolTip(0, f"{severity}: {code}")
            for finding in members:
                row = QTreeWidgetItem(branch, [": ".join(finding.path) or "(whole index)", finding.message])
                row.setIcon(0, severity_icon(finding.severity))
                row.setData(0, ENTRY_ID_ROLE, finding.entry_id)
                row.setData(0, CODE_ROLE, finding.code)
                row.setToolTip(1, finding.message)
                row.setToolTip(0, "Double-click or press Enter to go to this entry")
            branch.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0) + 12, max(220, self.tree.viewport().width() * 2 // 5)))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        entry_id = item.data(0, ENTRY_ID_ROLE)
        if entry_id is None:
            return
        document = getattr(self.window_, "document", None)
        if isinstance(document, Document) and self.path is not None and Path(document.path) != self.path:
            self.summary.setText(f"These findings are for {self.path.name}; press Refresh to check this document.")
            return
        self.window_.go_to(int(entry_id))
        self.navigated.emit(int(entry_id))
