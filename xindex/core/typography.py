"""Typographers' quotes: what is typed straight prints curly, as CMS (chapter 6, quotation marks and
apostrophes) sets them: d’Annunzio, ‘Honeycrisp’, “Guernica”.

An apostrophe inside or at the end of a word is ’; a quote that opens (at the start, after a space,
a bracket or a dash) is ‘ or “, one that closes is ’ or ”; an apostrophe before a numeral elides
(’90s), so it is ’ too. A mark standing alone between spaces is a character named, and stays.
"""

from __future__ import annotations

import re

_OPENS_AFTER = " \t([{‘“–—-/"
_STRAIGHT = re.compile("['\"]")


def curly_quotes(text: str) -> str:
    """The text with its straight quotes and apostrophes made curly."""
    if "'" not in text and '"' not in text:
        return text

    def curl(match: re.Match[str]) -> str:
        position = match.start()
        before = text[position - 1] if position else " "
        after = text[position + 1 : position + 2]
        alone = (before.isspace() or not position) and (after == "" or after.isspace())
        if alone:  # a quote mark named as a character ("operators <, & and \""), not quoting anything
            return match.group()
        opening = before in _OPENS_AFTER and after != "" and not after.isspace()
        if match.group() == "'":
            return "‘" if opening and not after.isdigit() else "’"
        return "“" if opening else "”"

    return _STRAIGHT.sub(curl, text)
