"""The architecture's import rules (GUIDE section 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_lower_layers_do_not_import_pyside6() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in ("core", "store", "formats", "jobs")
        for path in (ROOT / "xindex" / package).rglob("*.py")
    )
    modules = [name.removesuffix(".__init__") for name in modules] + ["xindex.cli"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
    assert len(modules) > 10


def test_core_imports_neither_apsw_nor_qt() -> None:
    for path in (ROOT / "xindex" / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import apsw" not in text, path
        assert "PySide6" not in text, path
