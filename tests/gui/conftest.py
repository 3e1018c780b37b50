"""Fixtures for the GUI tests: isolated preferences, sample documents, the editor on the sample, and no
background thread left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from xindex.formats.outline import load_outline
from xindex.gui.main_window import MainWindow
from xindex.gui.manager import background_threads, stop_background
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample.txt"
SHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(autouse=True)
def isolated_preferences(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """Keep QSettings in the test's folder; after the test, stop any background thread (a QThread must
    never outlive the test run)."""
    QCoreApplication.setOrganizationName("xindex-tests")
    QCoreApplication.setApplicationName("xindex")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    yield
    assert stop_background(15_000), "a background thread did not stop within 15 s of being asked"


@pytest.fixture
def no_threads_left(qapp: QApplication) -> Iterator[None]:
    """Fail when the test leaves a background thread running (dialogs and panels must let theirs end)."""
    yield
    for _ in range(100):  # a thread told to stop ends within a few event-loop turns
        if background_threads() == 0:
            break
        qapp.processEvents()
        QThread.msleep(20)
    assert background_threads() == 0, "a background thread is still running after the test"


def build_book(path: Path) -> Path:
    """The sample index (examples/sample.txt) as a document at ``path``."""
    with Document.create(path) as document:
        load_outline(document, SAMPLE.read_text(encoding="utf-8"))
    return path


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A fresh copy of the sample index."""
    return build_book(tmp_path / "sample.xix")


@pytest.fixture
def sample(sample_path: Path) -> Iterator[Document]:
    """The sample index, open for writing."""
    document = Document.open(sample_path)
    yield document
    document.close()


def build_big(path: Path, mains: int = 4000, subs: int = 4) -> Path:
    """A big, plain index (``mains`` × (1 + ``subs``) entries) built quickly in one command."""
    with Document.create(path, title="Big") as document, document.command("Build"):
        for number in range(mains):
            main_id = document.add_entry(f"heading {number:05d}", locators=f"{number % 400 + 1}, {number % 97 + 3}")
            for sub in range(subs):
                document.add_entry(f"aspect {sub} of {number}", main_id, locators=str((number + sub) % 500 + 1))
    return path


@pytest.fixture(scope="session")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-entry index (shared by the tests that only read it)."""
    return build_big(tmp_path_factory.mktemp("big") / "big.xix")


@pytest.fixture
def window(qtbot: QtBot, sample_path: Path) -> Iterator[MainWindow]:
    """The editor on a fresh copy of the sample, 1280×800, shown and active (so its shortcuts reach it)."""
    main = MainWindow(str(sample_path))
    main.resize(1280, 800)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    activate(qtbot, main)
    yield main
    main.close()


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make a window the active one again (offscreen, a closed dialog gives nothing back the focus)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def shot(widget: object, name: str) -> Path:
    """Save a screenshot of a widget under tests/screenshots/ (git-ignored) for people to look at."""
    SHOTS.mkdir(exist_ok=True)
    target = SHOTS / f"{name}.png"
    assert widget.grab().save(str(target))  # type: ignore[attr-defined]
    return target
