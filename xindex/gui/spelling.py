"""Spell checking as you type: unknown words of a heading field are underlined (as the locator field
underlines a bad locator: :func:`xindex.gui.style.underline`), and so are a note's (a syntax
highlighter); the context menu offers what might be meant and adds a word to the index's dictionary
or to this computer's. The rule is :mod:`xindex.core.spelling`; the window gives each field its
speller and what accepting a word does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QSyntaxHighlighter, QTextDocument
from PySide6.QtWidgets import QMenu

from xindex.core.spelling import Speller
from xindex.gui.style import wavy_underline

USER_WORDS = "spelling/words"  # QSettings: the words this computer's person accepts in every index
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")  # tags and entities: never words, their places kept

SpellerSource = Callable[[], "Speller | None"]
Accept = Callable[[str, bool], None]  # (word, for this index only)


def user_words(settings: QSettings | None = None) -> list[str]:
    """The words this computer accepts in every index."""
    stored = (settings or QSettings()).value(USER_WORDS, [])
    return [str(word) for word in stored] if isinstance(stored, list) else []


def unknown_in_markup(speller: Speller | None, text: str) -> list[tuple[int, int, str]]:
    """The unknown words of a heading's markup, where they stand in it (tags and entities skipped)."""
    if speller is None or not text:
        return []
    return speller.unknown(_MARKUP.sub(lambda match: " " * len(match.group()), text))


def word_menu(menu: QMenu, speller: Speller, word: str, replace: Callable[[str], None], accept: Accept) -> None:
    """Fill an empty menu with what might be meant and the ways to accept the word (the field's own
    actions follow)."""
    suggestions = speller.suggestions(word)
    for suggestion in suggestions:
        action = menu.addAction(suggestion)
        action.triggered.connect(lambda _checked=False, text=suggestion: replace(text))
    if not suggestions:
        menu.addAction("(no suggestions)").setEnabled(False)
    in_index = menu.addAction(f"Add “{word}” to this index's dictionary")
    in_index.triggered.connect(lambda _checked=False: accept(word, True))
    for_me = menu.addAction(f"Add “{word}” to my dictionary")
    for_me.triggered.connect(lambda _checked=False: accept(word, False))
    menu.addSeparator()


class NotesSpelling(QSyntaxHighlighter):
    """Underlines the unknown words of a note as it is typed."""

    def __init__(self, document: QTextDocument, speller: SpellerSource, parent: QObject | None = None) -> None:
        super().__init__(document)
        self.speller = speller
        self._style = wavy_underline()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        """Each unknown word of the block, underlined."""
        speller = self.speller()
        if speller is None:
            return
        for start, end, _word in speller.unknown(text):
            self.setFormat(start, end - start, self._style)
