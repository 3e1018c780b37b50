"""Start the editor: ``xindex-gui [BOOK.xix]`` (also ``python -m xindex.gui``)."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from xindex import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the editor; with --smoke-test, open the document, render once and quit with status 0."""
    multiprocessing.freeze_support()
    parser = argparse.ArgumentParser(prog="xindex-gui", description="The xindex editor.")
    parser.add_argument("file", nargs="?", metavar="BOOK.xix", help="the index to open")
    parser.add_argument("--smoke-test", action="store_true", help="open, render, quit (for build checks)")
    parser.add_argument("--version", action="version", version=f"xindex {__version__}")
    args, qt_args = parser.parse_known_args(argv)
    app = QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("xindex")
    app.setApplicationName("xindex")
    app.setApplicationVersion(__version__)

    from xindex.gui.main_window import MainWindow

    window = MainWindow(args.file)
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
