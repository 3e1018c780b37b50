"""Light inline markup for headings: the HTML-like tags XindeX used.

A term is stored as *markup text*: plain characters plus the tags
``<i>``, ``<b>``, ``<sc>`` (small caps), ``<u>`` (underlined), ``<tt>``
(monospace: code, commands), ``<sup>`` and ``<sub>``, with ``&lt;``,
``&gt;`` and ``&amp;`` for literal characters. Sorting and searching use the
*plain* text, with the tags removed. What a user types is read leniently: a
``<`` or ``&`` that does not start a known tag or entity is a literal
character, so ``x < y`` and ``AT&T`` need no escaping.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from xindex.core.errors import UserError

TAGS = ("i", "b", "sc", "u", "tt", "sup", "sub")

_TOKEN = re.compile(r"<(/?)(i|b|sc|u|tt|sup|sub)>|&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);", re.IGNORECASE)


class MarkupError(UserError, ValueError):
    """A term whose tags do not nest or close properly (or, :func:`clean_heading`, that cannot be a heading)."""


class EmptyHeadingError(MarkupError):
    """A heading (or reference text) with no text in it."""


class Run(NamedTuple):
    """A stretch of text with one set of styles applied."""

    text: str
    styles: frozenset[str] = frozenset()


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_LINE = re.compile(f"[\t\n\r]|{_CONTROL.pattern}")


def control_character(text: str, *, lines: bool = False) -> str | None:
    """The first character of ``text`` no printed index can hold (a control character), described with its
    place, or None. ``lines``: tabs and line breaks are allowed (notes)."""
    match = (_CONTROL if lines else _CONTROL_OR_LINE).search(text)
    return f"U+{ord(match.group()):04X} at character {match.start() + 1}" if match else None


def parse_runs(markup: str) -> list[Run]:
    """Split markup text into styled runs, checking that tags nest."""
    runs: list[Run] = []
    open_tags: list[str] = []
    pos = 0
    pending: list[str] = []

    def flush() -> None:
        if pending:
            runs.append(Run("".join(pending), frozenset(open_tags)))
            pending.clear()

    for match in _TOKEN.finditer(markup):
        pending.append(markup[pos : match.start()])
        pos = match.end()
        if match.group(3):
            import html  # (here: xindex makeindex starts without html.entities' table, 1 ms)

            pending.append(html.unescape(match.group(0)))
            continue
        closing, tag = match.group(1), match.group(2).lower()
        flush()
        if not closing:
            if tag in open_tags:
                raise MarkupError(f"<{tag}> is opened again inside itself at character {match.start() + 1}")
            open_tags.append(tag)
        else:
            if not open_tags or open_tags[-1] != tag:
                expected = f"</{open_tags[-1]}>" if open_tags else "no closing tag"
                raise MarkupError(f"</{tag}> at character {match.start() + 1} does not match (expected {expected})")
            open_tags.pop()
    pending.append(markup[pos:])
    if open_tags:
        raise MarkupError(f"<{open_tags[-1]}> is never closed")
    flush()
    return [run for run in runs if run.text]


def plain_text(markup: str) -> str:
    """The term without tags and with entities decoded: what sorting and search see."""
    if "<" not in markup and "&" not in markup:  # no tag, no entity: nothing to take away (most headings)
        return markup
    return "".join(run.text for run in parse_runs(markup))


# The styles that make a heading another heading: *Nature* the journal is not nature. Bold and small caps
# are how a heading is set, not what it names (a bold main heading is the same heading; small caps are a
# form of capitals: <sc>ad</sc> is AD), and a superscript or subscript is a form of its digit (CO<sub>2</sub>
# typed as CO2 is the same compound): headings differing only in those are one heading.
NAMING_STYLES = frozenset({"i"})


def identity(term: str) -> str:
    """What makes a heading itself (the one rule every lookup, merge and sibling check uses): its text with
    its italics, as canonical markup (``<i>Nature</i>``, the journal, and ``Nature`` are two headings).
    Spaces are collapsed and take no style of their own (``<i>Origin</i> <i>of Species</i>`` is
    ``<i>Origin of Species</i>``); styles other than :data:`NAMING_STYLES` do not count. MarkupError when the
    tags do not nest."""
    if "<" not in term and "&" not in term:  # no tag, no entity (most headings): the text, escaped as stored
        return " ".join(term.replace(">", "&gt;").split())
    styled = [(char, "i" in run.styles) for run in parse_runs(term) for char in run.text]
    words: list[tuple[str, bool]] = []
    for char, italic in styled:
        if char.isspace():
            if words and words[-1][0] != " ":
                words.append((" ", False))
        else:
            words.append((char, italic))
    if words and words[-1][0] == " ":
        words.pop()
    runs: list[Run] = []
    for index, (char, italic) in enumerate(words):
        if char == " ":  # italic only inside an italic stretch: the space between two italic words
            italic = words[index - 1][1] and words[index + 1][1]
        styles = _ITALIC if italic else frozenset()
        if runs and runs[-1].styles == styles:
            runs[-1] = Run(runs[-1].text + char, styles)
        else:
            runs.append(Run(char, styles))
    return from_runs(runs)


def shown_name(name: str) -> str:
    """A heading's :func:`identity` as a message names it: its plain text, or the markup when it has
    italics (``<i>Nature</i>``, as one would type it to name that heading)."""
    return name if "<i>" in name else plain_text(name)


_ITALIC = frozenset({"i"})


def escape(text: str) -> str:
    """Turn plain text into markup that shows exactly that text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_runs(runs: list[Run]) -> str:
    """Write runs back as canonical markup (tags in a fixed nesting order)."""
    out: list[str] = []
    current: list[str] = []
    for run in runs:
        wanted = [tag for tag in TAGS if tag in run.styles]
        keep = 0
        while keep < min(len(current), len(wanted)) and current[keep] == wanted[keep]:
            keep += 1
        for tag in reversed(current[keep:]):
            out.append(f"</{tag}>")
        for tag in wanted[keep:]:
            out.append(f"<{tag}>")
        current = wanted
        out.append(escape(run.text))
    for tag in reversed(current):
        out.append(f"</{tag}>")
    return "".join(out)


def clean_heading(text: str, what: str = "heading") -> tuple[str, str]:
    """A heading as every part of xindex keeps it (the one rule): whitespace collapsed, markup in its
    canonical form, and its plain text; MarkupError saying what is wrong when the tags do not nest, it is
    empty, or it holds a character no printed index can hold."""
    collapsed = " ".join(text.split())
    try:
        normalized = normalize(collapsed)
        plain = " ".join(plain_text(normalized).split())
    except MarkupError as error:
        raise MarkupError(f"{what} {collapsed!r}: {error}") from None
    if not plain:
        raise EmptyHeadingError(f"a {what} cannot be empty")
    bad = control_character(plain)
    if bad:
        raise MarkupError(f"the {what} holds a control character ({bad}), which no index can print")
    return normalized, plain


def normalize(markup: str) -> str:
    """Canonical markup for what a user typed: validated, merged runs, no empty tags."""
    if "<" not in markup and "&" not in markup:  # one unstyled run: only a ">" needs escaping
        return markup.replace(">", "&gt;")
    merged: list[Run] = []
    for run in parse_runs(markup):
        if merged and merged[-1].styles == run.styles:
            merged[-1] = Run(merged[-1].text + run.text, run.styles)
        else:
            merged.append(run)
    return from_runs(merged)
