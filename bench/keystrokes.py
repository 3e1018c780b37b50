"""Keys per entry in the fast-entry bar: fifty realistic entries typed into the sample index with real
key events (the steps of tests/gui/keystrokes.py, each checked to come out as meant), counted beside
SKY Index's grid and this editor before the fast-entry work.

Run from the project root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/keystrokes.py
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.gui import keystrokes  # noqa: E402
from xindex.formats.outline import load_outline  # noqa: E402
from xindex.gui.main_window import MainWindow  # noqa: E402
from xindex.store import Document  # noqa: E402


def main() -> int:
    """Type the fifty entries, check each, print the counts."""
    app = QApplication([])
    app.setOrganizationName("xindex-bench")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.xix"
        with Document.create(path) as document:
            load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
        window = MainWindow(str(path))
        window.resize(1280, 800)
        window.show()
        window.activateWindow()
        app.processEvents()
        window.fast_entry.levels[0].setFocus()
        app.processEvents()
        assert window.document is not None
        started = time.perf_counter()
        for number, step in enumerate(keystrokes.STEPS, 1):
            keystrokes.replay(step, window.activateWindow)
            app.processEvents()
            problem = keystrokes.problem(window.document, step)
            if problem:
                print(f"entry {number} ({step.keys}) did not come out as meant: {problem}", file=sys.stderr)
                return 1
        elapsed = time.perf_counter() - started
        window.close()
    cost = keystrokes.count()
    by_key = collections.Counter(
        value for step in keystrokes.STEPS for kind, value in keystrokes.tokens(step.keys) if kind != "text"
    )
    print(f"fast entry: {cost.entries} entries typed into the sample with real key events, each checked")
    print(f"  keys pressed: {cost.keys} ({cost.text_keys} text, {cost.other_keys} not text)")
    print("  keys that are not text, per entry:")
    print(f"    xindex now            {cost.other_per_entry:4.2f}")
    print(f"    SKY Index (its grid)  {keystrokes.SKY_INDEX_KEYS:4.2f}")
    print(f"    xindex before         {keystrokes.BEFORE_KEYS:4.2f}")
    print("  which keys: " + ", ".join(f"{key} ×{times}" for key, times in by_key.most_common()))
    print(f"  replayed in {elapsed:.1f} s ({1000 * elapsed / cost.entries:.0f} ms per entry, keys and checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
