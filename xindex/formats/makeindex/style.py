"""makeindex style files (``.ist``): the input syntax of an ``.idx`` and the strings of the ``.ind``.

:class:`IstStyle` holds makeindex's defaults; :func:`read_style` reads a
style file, reporting malformed entries with their line numbers
(:class:`IdxProblem`, which the ``.idx`` reader uses too). The keys xindex
does not use are listed in :data:`IGNORED_STYLE_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

# -- problems ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdxProblem:
    """Something wrong at a line of an .idx or .ist file; ``rejected`` lines were skipped."""

    line: int
    message: str
    rejected: bool = True
    output_line: int = 0  # a warning of makeindex's while writing: the line of the .ind it concerns

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# -- the style file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IstStyle:
    """A makeindex style: the input syntax and the .ind output strings (makeindex's defaults)."""

    keyword: str = "\\indexentry"
    arg_open: str = "{"
    arg_close: str = "}"
    range_open: str = "("
    range_close: str = ")"
    level: str = "!"
    actual: str = "@"
    encap: str = "|"
    quote: str = '"'
    escape: str = "\\"
    page_compositor: str = "-"
    page_precedence: str = "rnaRA"
    preamble: str = "\\begin{theindex}\n"
    postamble: str = "\n\n\\end{theindex}\n"
    group_skip: str = "\n\n  \\indexspace\n"
    headings_flag: int = 0
    heading_prefix: str = ""
    heading_suffix: str = ""
    item_0: str = "\n  \\item "
    item_1: str = "\n    \\subitem "
    item_2: str = "\n      \\subsubitem "
    delim_0: str = ", "
    delim_1: str = ", "
    delim_2: str = ", "
    delim_n: str = ", "
    delim_r: str = "--"
    delim_t: str = ""
    suffix_2p: str = ""
    suffix_3p: str = ""
    suffix_mp: str = ""
    encap_prefix: str = "\\"
    encap_infix: str = "{"
    encap_suffix: str = "}"
    setpage_prefix: str = "\n  \\setcounter{page}{"
    setpage_suffix: str = "}\n"
    problems: tuple[IdxProblem, ...] = field(default=(), compare=False)
    # Not a style key: read and write as makeindex does (``xindex makeindex`` without --cms): keys keep their
    # blanks and have at most three levels; every encapsulator is kept as written (|see{X} calls the document's
    # \see, |textbf is \textbf), and page lists are made by makeindex's rules (:mod:`.pagelist`). Without
    # it (xindex's import, --cms) keys are trimmed, |see and |seealso are cross-references, |textbf and
    # |textit emphasis, and locators are conflated by the core's rule.
    compatible: bool = field(default=False, compare=False)
    # Not a style key: the style was read from an .ist file. makeindex orders page types by its page_precedence
    # only then (its built-in order without a style file is another: :func:`.pages.page_offsets`).
    from_file: bool = field(default=False, compare=False)

    def item(self, level: int) -> str:
        """What starts an entry at ``level``; below the third level ``\\subsubitem`` indented further."""
        if level <= 0:
            return self.item_0
        if level == 1:
            return self.item_1
        if level == 2:
            return self.item_2
        # theindex has three levels; deeper ones (xindex has no limit) indent 10pt more each.
        return f"{self.item_2}\\hspace*{{{10 * (level - 2)}pt}}"

    def delim(self, level: int) -> str:
        """The delimiter between a heading at ``level`` and its first locator."""
        return self.delim_0 if level <= 0 else self.delim_1 if level == 1 else self.delim_2

    def wrap(self, encap: str, text: str) -> str:
        """``text`` inside an encapsulator: ``\\encap{text}`` with the default style."""
        return f"{self.encap_prefix}{encap}{self.encap_infix}{text}{self.encap_suffix}"


_CHAR_KEYS = frozenset(
    {"arg_open", "arg_close", "range_open", "range_close", "level", "actual", "encap", "quote", "escape"}
)
_NUMBER_KEYS = frozenset({"headings_flag"})
_STRING_KEYS = (
    frozenset(f.name for f in fields(IstStyle)) - _CHAR_KEYS - _NUMBER_KEYS - {"problems", "compatible", "from_file"}
)
IGNORED_STYLE_KEYS = frozenset(
    {
        "item_01",
        "item_x1",
        "item_12",
        "item_x2",  # we use item_1 / item_2 whatever precedes
        "line_max",
        "indent_space",
        "indent_length",  # no line wrapping: LaTeX does not need it
        "symhead_positive",
        "symhead_negative",
        "numhead_positive",
        "numhead_negative",  # one "Symbols & Numbers" group
    }
)
_STYLE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def read_style(text: str) -> IstStyle:
    """Read a makeindex style file; malformed entries are in ``style.problems`` with their line numbers."""
    values: dict[str, object] = {}
    problems: list[IdxProblem] = []
    tokens = _style_tokens(text, problems)
    index = 0
    while index < len(tokens):
        line, kind, word = tokens[index]
        index += 1
        if kind != "name":
            problems.append(IdxProblem(line, f"expected a key, found {_describe(kind, word)}"))
            continue
        if index >= len(tokens) or tokens[index][1] == "name":
            problems.append(IdxProblem(line, f"'{word}' has no value"))
            continue
        value_line, value_kind, value = tokens[index]
        index += 1
        if word in _CHAR_KEYS:
            if value_kind not in ("char", "string") or len(value) != 1:
                problems.append(IdxProblem(value_line, f"'{word}' needs one character, such as '{value[:1] or '@'}'"))
                continue
            values[word] = value
        elif word in _NUMBER_KEYS:
            if value_kind != "number":
                problems.append(IdxProblem(value_line, f"'{word}' needs a number"))
                continue
            values[word] = int(value)
        elif word in _STRING_KEYS:
            if value_kind not in ("string", "char"):
                problems.append(IdxProblem(value_line, f"'{word}' needs a string in double quotes"))
                continue
            if word in ("keyword", "page_compositor") and not value:
                problems.append(IdxProblem(value_line, f"'{word}' cannot be empty"))
                continue
            values[word] = value
        # Any other key (IGNORED_STYLE_KEYS, typos) is ignored, as the brief for this reader asks.
    style = replace(IstStyle(), **values)  # type: ignore[arg-type]
    special = [style.level, style.actual, style.encap, style.quote, style.escape, style.arg_open, style.arg_close]
    if len(set(special)) != len(special):
        problems.append(
            IdxProblem(
                0,
                "the characters for level, actual, encap, quote, escape, arg_open and "
                "arg_close must all differ; using makeindex's defaults",
            )
        )
        style = replace(style, **{name: getattr(IstStyle(), name) for name in _CHAR_KEYS})
    return replace(style, problems=tuple(problems))


def _describe(kind: str, word: str) -> str:
    return {"string": f'the string "{word}"', "char": f"the character '{word}'", "number": f"the number {word}"}.get(
        kind, repr(word)
    )


def _style_tokens(text: str, problems: list[IdxProblem]) -> list[tuple[int, str, str]]:
    """Tokens of a style file: (line, kind, text) with kind name/string/char/number."""
    tokens: list[tuple[int, str, str]] = []
    line = 1
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line += 1
            index += 1
        elif char.isspace():
            index += 1
        elif char == "%":
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif char.isalpha() or char == "_":
            start = index
            while index < length and (text[index].isalnum() or text[index] == "_"):
                index += 1
            tokens.append((line, "name", text[start:index]))
        elif char.isdigit() or (char == "-" and text[index + 1 : index + 2].isdigit()):
            start = index
            index += 1
            while index < length and text[index].isdigit():
                index += 1
            tokens.append((line, "number", text[start:index]))
        elif char in "\"'":
            start_line = line
            value, index, line, closed = _style_string(text, index + 1, char, line)
            if not closed:
                problems.append(IdxProblem(start_line, f"no closing {char} for the value starting here"))
                continue
            tokens.append((start_line, "string" if char == '"' else "char", value))
        else:
            problems.append(IdxProblem(line, f"unexpected character {char!r}"))
            index += 1
    return tokens


def _style_string(text: str, index: int, closing: str, line: int) -> tuple[str, int, int, bool]:
    out: list[str] = []
    while index < len(text):
        char = text[index]
        if char == closing:
            return "".join(out), index + 1, line, True
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append(_STYLE_ESCAPES.get(following, "\\" + following))
            line += following == "\n"
            index += 2
            continue
        if char == "\n":
            if closing == "'":
                return "".join(out), index, line, False
            line += 1
        out.append(char)
        index += 1
    return "".join(out), index, line, False
