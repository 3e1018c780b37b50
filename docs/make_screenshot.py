"""Take the README's screenshot: the editor on the bundled sample, completing a heading as it is typed.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshot.py   (after make sample)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Write docs/screenshot.png."""
    app = QApplication([sys.argv[0]])
    app.setOrganizationName("xindex-screenshot")
    from xindex.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "sample.xix"
        shutil.copy2(ROOT / "examples" / "sample.xix", copy)
        window = MainWindow(str(copy))
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        assert window.document is not None
        roses = window.document.find_path(["roses", "hybrid tea"])
        assert roses is not None
        window.go_to(roses.id)
        heading = window.fast_entry.levels[0]
        heading.setFocus()
        QTest.keyClicks(heading, "reau")  # accents ignored: Réaumur
        app.processEvents()
        window.grab().save(str(ROOT / "docs" / "screenshot.png"))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
