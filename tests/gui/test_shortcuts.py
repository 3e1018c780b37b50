"""No two commands share a key where both are live: Qt then fires neither (Ctrl+Shift+S once did that to
"Add See…" and "Save a Copy…"), and a window shortcut takes a key before any field sees it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from xindex.gui.fields import FIELD_KEYS
from xindex.gui.main_window import MainWindow

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def bindings(window: MainWindow) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Keys of window-wide commands, and keys of commands live only in one widget: key -> command names."""
    wide: dict[str, list[str]] = defaultdict(list)
    local: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        name = action.text().replace("&", "") or action.objectName()
        for sequence in action.shortcuts():
            if sequence.isEmpty():
                continue
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            (wide if action.shortcutContext() in WINDOW_WIDE else local)[key].append(name)
    for shortcut in window.findChildren(QShortcut):
        key = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        if key:
            (wide if shortcut.context() in WINDOW_WIDE else local)[key].append(shortcut.objectName() or "shortcut")
    return wide, local


def test_no_two_commands_share_a_shortcut(qtbot: QtBot, sample_path: Path) -> None:
    window = MainWindow(str(sample_path))
    qtbot.addWidget(window)
    window.keyboard_reference()  # every dock and panel that adds actions, made
    window.run_check()
    wide, local = bindings(window)
    assert len(wide) > 20
    shared = {key: names for key, names in wide.items() if len(set(names)) > 1}
    assert not shared, f"window shortcuts used twice: {shared}"
    clashes = {key: (wide[key], names) for key, names in local.items() if key in wide}
    assert not clashes, f"a widget's shortcut is also a window shortcut: {clashes}"
    assert wide["Ctrl+Shift+S"] == ["Add See…"]
    fields = {
        QKeySequence(binding.keys).toString(QKeySequence.SequenceFormat.PortableText): binding for binding in FIELD_KEYS
    }
    taken = {key: (wide[key], binding.what) for key, binding in fields.items() if key in wide}
    assert not taken, f"a window shortcut would take a key a field handles: {taken}"
    window.close()
