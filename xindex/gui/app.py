"""Start the editor: ``xindex-gui [BOOK.xix]`` (also ``python -m xindex.gui``)."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from xindex import __version__
from xindex.bugs import report_bug
from xindex.gui.binding import installed_defect
from xindex.gui.main_window import MainWindow


class _FileOpener(QObject):
    """macOS opens a double-clicked document with an event, not a command-line argument."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Open (or import) the file the system hands over."""
        if isinstance(event, QFileOpenEvent) and event.file():
            path = event.file()
            if path.endswith(".xix"):
                self.window.open_path(path)
            else:
                self.window.import_path(path)
            return True
        return super().eventFilter(watched, event)


BugHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def bug_hook(parent: QWidget) -> BugHook:
    """What the editor does with an exception no handler expected (a person's errors are handled where
    they happen): a bug. Its details go to a file and the person is told so in one line; the editor goes
    on, and nothing is lost (every edit is its own transaction)."""
    showing = False

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        line = report_bug(error.with_traceback(trace), sys.argv[1:])
        print(f"xindex-gui: {line}", file=sys.stderr)
        if showing:  # (a bug while the message is up: in the file and on stderr, not in a second box)
            return
        showing = True
        try:
            QMessageBox.critical(parent, "Internal error", line[:1].upper() + line[1:])
        finally:
            showing = False

    return hook


def main(argv: Sequence[str] | None = None) -> int:
    """Run the editor; with --smoke-test, open the document, render once and quit with status 0."""
    multiprocessing.freeze_support()
    parser = argparse.ArgumentParser(prog="xindex-gui", description="The xindex editor.")
    parser.add_argument("file", nargs="?", metavar="BOOK.xix", help="the index to open")
    parser.add_argument("--smoke-test", action="store_true", help="open, render, quit (for build checks)")
    parser.add_argument("--version", action="version", version=f"xindex {__version__}")
    args, qt_args = parser.parse_known_args(argv)
    if defect := installed_defect():
        print(f"xindex-gui: warning: {defect}.", file=sys.stderr)
    app = QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("xindex")
    app.setApplicationName("xindex")
    app.setApplicationVersion(__version__)

    window = MainWindow(args.file)
    sys.excepthook = bug_hook(window)
    opener = _FileOpener(window)
    app.installEventFilter(opener)
    window.show()
    if args.smoke_test:

        def finish() -> None:
            window.grab()
            ok = args.file is None or window.document is not None
            window.close()
            app.exit(0 if ok else 1)

        QTimer.singleShot(200, finish)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
