"""Start the editor: ``xindex-gui [BOOK.xix]`` (also ``python -m xindex.gui``)."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from xindex import __version__
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
