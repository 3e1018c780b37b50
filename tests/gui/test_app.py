"""Starting the editor: the smoke-test flag and documents handed over by the system (macOS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from pytestqt.qtbot import QtBot

from xindex.gui.app import _FileOpener
from xindex.gui.main_window import MainWindow
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]


def test_file_open_event_opens_the_document(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "handed.xix"
    Document.create(path, title="Handed over").close()
    window = MainWindow()
    qtbot.addWidget(window)
    opener = _FileOpener(window)
    app = QCoreApplication.instance()
    assert app is not None
    app.installEventFilter(opener)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(path)))
        assert window.document is not None and window.document.setting("title") == "Handed over"
    finally:
        app.removeEventFilter(opener)
        window.close()


def test_smoke_test_flag(tmp_path: Path) -> None:
    path = tmp_path / "s.xix"
    with Document.create(path) as document:
        document.add_entry("roses", locators="1")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "xindex.gui", "--smoke-test", str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
