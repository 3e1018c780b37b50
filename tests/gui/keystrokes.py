"""Fifty entries typed into the sample index as an indexer types them, key by key, and what they cost.

Each step is the keys pressed for one entry, then what the document must hold afterwards. Text is
typed as it is written; a key that is not text is written in braces (``{Tab}``, ``{Ctrl+L}``,
``{Enter}``); ``{@Enter}`` is a key pressed in the question that the key before it opens. The
keys go to whatever has the focus, as a person's would, so the count is honest only because the
test (``test_keystrokes.py``) checks every entry came out as meant. ``bench/keystrokes.py``
prints the count beside SKY Index's and the editor's before this work.

The book is the sample's, The Cold-Climate Garden: the indexer works through chapter 8
(vegetables, 211–25), chapter 9 (fruit, 226–62) and chapter 10 (season extension, 263–90).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from xindex.core.locators import parse_locator
from xindex.store import Document

SKY_INDEX_KEYS = 3.0  # per entry in SKY Index's grid (one Tab per column; locators repeat and step)
BEFORE_KEYS = 6.8  # per entry in this editor before this work, measured on ten typical entries


class Step(NamedTuple):
    """One entry: the keys, the path it adds to, the pages it must then cite, the references it must have."""

    keys: str
    path: tuple[str, ...]
    pages: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # "see also roses: pruning", as the CLI lists them
    sort_as: str | None = None


STEPS: tuple[Step, ...] = (
    # Chapter 8: a new main heading, then a run of subentries on the same and the next pages.
    Step("asparagus{Ctrl+L}219{Enter}", ("asparagus",), ("219",)),
    Step("{Tab}crowns, planting{Enter}", ("asparagus", "crowns, planting"), ("219",)),
    Step("harvesting{Alt+Up}{Enter}", ("asparagus", "harvesting"), ("220",)),
    Step("winter mulching{Enter}", ("asparagus", "winter mulching"), ("220",)),
    Step("{Shift+Tab}beans{Ctrl+L}221-2{Enter}", ("beans",), ("221–2",)),
    Step("{Tab}bush{Ctrl+L}221{Enter}", ("beans", "bush"), ("221",)),
    Step("pole{Alt+Up}{Enter}", ("beans", "pole"), ("222",)),
    Step("frost tenderness{Enter}", ("beans", "frost tenderness"), ("222",)),
    Step("{Shift+Tab}fava beans{Ctrl+L}see bea{Enter}", ("fava beans",), (), ("see beans",)),
    Step("Jerusalem artichokes{Ctrl+L}224{Enter}", ("Jerusalem artichokes",), ("224",)),
    # Headings that exist: completion takes them (Tab), new subentries go under them.
    Step("brassi{Tab}transplanting{Ctrl+L}215{Enter}", ("brassicas", "transplanting"), ("215",)),
    Step("cabbage worms{Alt+Up}{Enter}", ("brassicas", "cabbage worms"), ("216",)),
    Step("row covers{Enter}", ("brassicas", "row covers"), ("216",)),
    Step("{Shift+Tab}cabb{Enter}", ("cabbage",), ("215", "216")),
    Step("kal{Ctrl+L}218{Enter}", ("kale",), ("217", "218")),
    Step("{Tab}frost sweetening{Enter}", ("kale", "frost sweetening"), ("218",)),
    Step("{Shift+Tab}tomat{Tab}ripening indoors{Ctrl+L}225{Enter}", ("tomatoes", "ripening indoors"), ("225",)),
    Step("short-season cultivars{Ctrl+L}223{Enter}", ("tomatoes", "short-season cultivars"), ("223",)),
    Step("{Tab}'Glacier'{Enter}", ("tomatoes", "short-season cultivars", "'Glacier'"), ("223",)),
    Step("'Sub-Arctic Plenty'{Enter}", ("tomatoes", "short-season cultivars", "'Sub-Arctic Plenty'"), ("223",)),
    Step(
        "{Tab}seed sources{Alt+Up}{Enter}",
        ("tomatoes", "short-season cultivars", "'Sub-Arctic Plenty'", "seed sources"),
        ("224",),
    ),
    Step("{Ctrl+Return}vegeta{Tab}storage{Ctrl+L}225{Enter}", ("vegetables", "storage"), ("225",)),
    # Chapter 9: fruit; a range made from a page, sort-as for a saint, a see-under.
    Step("{Ctrl+Return}currants{Ctrl+L}254{Ctrl+T}{Enter}", ("currants",), ("254–5",)),
    Step("{Tab}black{Enter}", ("currants", "black"), ("254–5",)),
    Step("white pine blister rust{Ctrl+L}255{Enter}", ("currants", "white pine blister rust"), ("255",)),
    Step("{Shift+Tab}gooseberries{Ctrl+L}256-7{Enter}", ("gooseberries",), ("256–7",)),
    Step("{Tab}mildew{Ctrl+L}257{Enter}", ("gooseberries", "mildew"), ("257",)),
    Step("{Shift+Tab}haskap{Ctrl+L}258-60{Enter}", ("haskap",), ("258–60",)),
    Step("{Tab}pollinizers{Ctrl+L}259{Enter}", ("haskap", "pollinizers"), ("259",)),
    Step("{Shift+Tab}honeyberries{Ctrl+L}see hask{Enter}", ("honeyberries",), (), ("see haskap",)),
    Step(
        "St. John's wort{Ctrl+K}Saint John's wort{Ctrl+L}139{Enter}",
        ("St. John's wort",),
        ("139",),
        sort_as="Saint John's wort",
    ),
    Step("rhubarb{Ctrl+L}261{Enter}", ("rhubarb",), ("261",)),
    Step("{Tab}forcing{Alt+Up}{Enter}", ("rhubarb", "forcing"), ("262",)),
    Step("{Shift+Tab}blackcurrants{Ctrl+L}see under curr{Enter}", ("blackcurrants",), (), ("see under currants",)),
    Step("apple{Tab}scab{Ctrl+L}233{Enter}", ("apples", "scab"), ("233",)),
    Step("fire blight{Alt+Up}{Enter}", ("apples", "fire blight"), ("234",)),
    Step("{Shift+Tab}pears{Ctrl+L}236-9; see also fruit tr{Enter}", ("pears",), ("236–9",), ("see also fruit trees",)),
    Step("{Tab}fire blight{Ctrl+L}238{Enter}", ("pears", "fire blight"), ("238",)),
    # Chapter 10: season extension; references of several kinds, one to a heading not there yet.
    Step("{Ctrl+Return}row covers{Ctrl+L}264-6{Enter}", ("row covers",), ("264–6",)),
    Step("{Tab}floating{Ctrl+L}265{Enter}", ("row covers", "floating"), ("265",)),
    Step("hoops for{Alt+Up}{Enter}", ("row covers", "hoops for"), ("266",)),
    Step(
        "{Shift+Tab}cloches{Ctrl+L}266-7; see also cold fr{Tab}; hotb{Enter}",
        ("cloches",),
        ("266–7",),
        ("see also cold frames", "see also hotbeds"),
    ),
    Step(
        "{Tab}wall-of-water{Ctrl+L}267; see also tomatoes: short{Enter}",
        ("cloches", "wall-of-water"),
        ("267",),
        ("see also tomatoes: short-season cultivars",),
    ),
    Step("{Shift+Tab}polytunnels{Ctrl+L}283-5{Enter}", ("polytunnels",), ("283–5",)),
    Step("{Tab}snow load{Ctrl+L}285{Enter}", ("polytunnels", "snow load"), ("285",)),
    Step("ventilation{Enter}", ("polytunnels", "ventilation"), ("285",)),
    Step("{Shift+Tab}hoop houses{Ctrl+L}see polyt{Enter}", ("hoop houses",), (), ("see polytunnels",)),
    Step(
        "high tunnels{Ctrl+L}see polytunnels; see also four-season harvest{Enter}{@Enter}",
        ("high tunnels",),
        (),
        ("see polytunnels", "see also four-season harvest"),
    ),
    Step("four-season harvest{Ctrl+L}288-90{Enter}", ("four-season harvest",), ("288–90",)),
    Step("seaso{Tab}cloches{Ctrl+L}266-7{Enter}", ("season extension", "cloches"), ("266–7",)),
)


def problem(document: Document, step: Step) -> str:
    """What is wrong with the document after a step ("" when the entry came out as meant)."""
    entry = document.find_path(step.path)
    if entry is None:
        return f"there is no {': '.join(step.path)}"
    pages = [locator.canonical() for locator in document.locators(entry.id)]
    missing = [page for page in step.pages if parse_locator(page).canonical() not in pages]
    if missing:
        return f"{': '.join(step.path)} cites {', '.join(pages) or 'no page'}, not {', '.join(missing)}"
    references = [
        f"{xref.kind} {document.path_text(xref.target_id) if xref.target_id else xref.text}"
        for xref in document.xrefs(entry.id)
    ]
    if not set(step.references) <= set(references):
        return f"{': '.join(step.path)} has the references {references}, not {list(step.references)}"
    if step.sort_as is not None and entry.sort_as != step.sort_as:
        return f"{': '.join(step.path)} sorts as {entry.sort_as!r}, not {step.sort_as!r}"
    return ""


class Keystrokes(NamedTuple):
    """What a run of steps cost."""

    entries: int
    keys: int
    text_keys: int
    other_keys: int

    @property
    def other_per_entry(self) -> float:
        """Keys that are not text, per entry (the figure to beat)."""
        return self.other_keys / self.entries


_TOKEN = re.compile(r"\{(@?)([^}]+)\}|([^{]+)")


def tokens(keys: str) -> list[tuple[str, str]]:
    """A step's keys as ``("text", "asparagus")``, ``("key", "Ctrl+L")`` and ``("question", "Enter")``."""
    found = []
    for match in _TOKEN.finditer(keys):
        if match.group(3) is not None:
            found.append(("text", match.group(3)))
        else:
            found.append(("question" if match.group(1) else "key", match.group(2)))
    return found


def count(steps: tuple[Step, ...] = STEPS) -> Keystrokes:
    """Count every key of the steps: each character of text is one key, each braced key one more."""
    text = other = 0
    for step in steps:
        for kind, value in tokens(step.keys):
            if kind == "text":
                text += len(value)
            else:
                other += 1
    return Keystrokes(len(steps), text + other, text, other)


def press(widget: QWidget, key: str) -> None:
    """Press a key written as Qt writes it (``Ctrl+L``, ``Shift+Tab``, ``Alt+Up``, ``Enter``)."""
    if key == "Shift+Tab":
        QTest.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        return
    combination = QKeySequence("Return" if key == "Enter" else key)[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def focused() -> QWidget:
    """The widget with the keyboard focus (what a key press goes to)."""
    widget = QApplication.focusWidget()
    assert widget is not None, f"nothing has the focus: the keys would be lost (active: {QApplication.activeWindow()})"
    return widget


def _answer_when_asked(key: str) -> None:
    def answer() -> None:
        question = QApplication.activeModalWidget()
        if question is None:
            QTimer.singleShot(10, answer)
            return
        press(question.focusWidget() or question, key)

    QTimer.singleShot(0, answer)


def replay(step: Step, after_question: Callable[[], None] = lambda: None) -> None:
    """Press a step's keys into whatever has the focus (``after_question``: give the window back its
    focus after a question, which a window manager does and the offscreen platform does not)."""
    parts = tokens(step.keys)
    for number, (kind, value) in enumerate(parts):
        if kind == "question":
            after_question()
            continue
        if number + 1 < len(parts) and parts[number + 1][0] == "question":
            _answer_when_asked(parts[number + 1][1])
        if kind == "text":
            QTest.keyClicks(focused(), value)
        else:
            press(focused(), value)
