"""Search queries as people type them, parsed into a tree the store evaluates over heading paths.

The syntax is FTS5's everyday part: words, ``prefix*``, ``"a phrase"``, ``AND``, ``OR``,
``NOT`` (upper case), parentheses, and words side by side meaning AND. Precedence as in
FTS5: NOT binds tightest, then AND, then OR.

Each leaf (a word or a phrase) is handed to FTS5 on its own; the store combines the leaves'
entry sets, so that ``roses AND winter`` finds “roses › hybrid tea › winter protection”:
a heading's words count for its subentries too. Anything outside this syntax (``NEAR``,
column filters, unbalanced quotes) raises :class:`QuerySyntaxError`, and the store falls
back to FTS5's own reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xindex.core.errors import UserError

OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'\s*(?:(?P<phrase>"(?:[^"]|"")*")(?P<pstar>\*)?|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')
MAX_LEAVES = 32  # a bound on the work one query can ask for


class QuerySyntaxError(UserError, ValueError):
    """The query is not in the syntax this module reads."""


@dataclass(frozen=True)
class Leaf:
    """A word or phrase, and whether its last word is a prefix."""

    text: str
    prefix: bool = False

    def fts(self, transform: Callable[[str], str] | None = None) -> str:
        """The leaf as an FTS5 phrase (``"hybrid tea"``, ``"rose"*``), its text transformed first if asked."""
        text = (transform(self.text) if transform else self.text).replace('"', '""')
        return f'"{text}"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Node:
    """``op`` is AND, OR or NOT (left NOT right) over two subtrees."""

    op: str
    left: Query
    right: Query


Query = Leaf | Node


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise QuerySyntaxError(f"cannot read the query from {text[position:].strip()!r}")
        position = match.end()
        if match.group("phrase"):
            inner = match.group("phrase")[1:-1].replace('""', '"')
            tokens.append(("phrase*" if match.group("pstar") else "phrase", inner))
        elif match.group("open"):
            tokens.append(("(", "("))
        elif match.group("close"):
            tokens.append((")", ")"))
        else:
            word = match.group("word")
            if word in OPERATORS:
                tokens.append((word, word))
            elif ":" in word or word.startswith(("^", "+", "-")) or word == "NEAR" or word.startswith("NEAR("):
                raise QuerySyntaxError(f"{word!r} is FTS5 syntax beyond words, phrases and AND/OR/NOT")
            else:
                tokens.append(("word", word))
    return tokens


def parse(text: str, *, as_you_type: bool = False) -> Query:
    """The query tree of ``text``; with ``as_you_type`` the last word, still being typed, is a prefix."""
    tokens = _tokens(text)
    if not tokens:
        raise QuerySyntaxError("the query is empty")
    if as_you_type and not text[-1:].isspace() and tokens[-1][0] == "word" and not tokens[-1][1].endswith("*"):
        tokens[-1] = ("word", tokens[-1][1] + "*")
    parser = _Parser(tokens)
    tree = parser.or_expression()
    if parser.position != len(tokens):
        raise QuerySyntaxError(f"unexpected {tokens[parser.position][1]!r} in the query")
    if len(leaves(tree)) > MAX_LEAVES:
        raise QuerySyntaxError(f"a query may have at most {MAX_LEAVES} words and phrases")
    return tree


def leaves(tree: Query) -> list[Leaf]:
    """Every leaf of a query, left to right."""
    if isinstance(tree, Leaf):
        return [tree]
    return [*leaves(tree.left), *leaves(tree.right)]


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def or_expression(self) -> Query:
        tree = self.and_expression()
        while self._peek() == "OR":
            self.position += 1
            tree = Node("OR", tree, self.and_expression())
        return tree

    def and_expression(self) -> Query:
        tree = self.not_expression()
        while self._peek() in ("AND", "word", "phrase", "phrase*", "("):
            if self._peek() == "AND":
                self.position += 1
            tree = Node("AND", tree, self.not_expression())
        return tree

    def not_expression(self) -> Query:
        tree = self.primary()
        while self._peek() == "NOT":
            self.position += 1
            tree = Node("NOT", tree, self.primary())
        return tree

    def primary(self) -> Query:
        kind = self._peek()
        if kind is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        value = self.tokens[self.position][1]
        self.position += 1
        if kind == "(":
            tree = self.or_expression()
            if self._peek() != ")":
                raise QuerySyntaxError("a parenthesis is not closed")
            self.position += 1
            return tree
        if kind == "word":
            prefix = value.endswith("*")
            word = value.rstrip("*")
            if not any(char.isalnum() for char in word):
                raise QuerySyntaxError(f"{value!r} has no letters or digits")
            return Leaf(word, prefix)
        if kind in ("phrase", "phrase*"):
            if not any(char.isalnum() for char in value):
                raise QuerySyntaxError(f'"{value}" has no letters or digits')
            return Leaf(value, kind == "phrase*")
        raise QuerySyntaxError(f"{value!r} cannot stand here in the query")
