"""Starting the editor: the smoke-test flag and documents handed over by the system (macOS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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


def test_an_unexpected_exception_is_reported_as_a_bug_and_the_editor_goes_on(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from xindex.gui.app import bug_hook

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    shown: list[str] = []

    def critical(parent: object, title: str, text: str) -> None:
        shown.append(f"{title}: {text}")
        if len(shown) == 1:
            hook(*raised(KeyError("while the message is up")))  # a second bug: no second box

    monkeypatch.setattr(QMessageBox, "critical", critical)
    window = MainWindow()
    qtbot.addWidget(window)
    hook = bug_hook(window)

    def raised(error: BaseException) -> tuple[type[BaseException], BaseException, object]:
        try:
            raise error
        except BaseException as caught:
            return type(caught), caught, caught.__traceback__

    hook(*raised(TypeError("planted")))  # type: ignore[arg-type]
    assert len(shown) == 1 and "a bug in xindex, not a problem with your input" in shown[0]
    assert "TypeError: planted" in shown[0]
    details = sorted(tmp_path.glob("xindex-bug-*.txt"))
    assert details and "raise error" in details[0].read_text(encoding="utf-8")
    assert "KeyError" in capsys.readouterr().err
    window.close()
