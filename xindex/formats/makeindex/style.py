"""makeindex style files (``.ist``): the input syntax of an ``.idx`` and the strings of the ``.ind``.

:class:`IstStyle` holds makeindex's defaults for every key makeindex(1)
documents; :func:`read_style` reads a style file as makeindex reads it (its
keys in any case, strings with ``\\n``, ``\\t`` and ``\\X`` for X, characters,
numbers, ``%`` comments, and its recovery from malformed values), keeping
makeindex's report of it: :func:`style_report` is the transcript's
"Scanning style file" line with its errors, dots and counts.
:class:`IdxProblem` is a problem at a line of an ``.ist`` or ``.idx``.
"""

from __future__ import annotations

from typing import Final

# The classes here are written out rather than made by dataclasses: every LaTeX pass imports this module,
# and importing dataclasses and building a class with it cost xindex makeindex a fifth of its start-up
# (bench/generate.py, 10,000 lines).

# -- problems ---------------------------------------------------------------------------------------


class IdxProblem:
    """Something wrong at a line of an .idx or .ist file; ``rejected`` lines were skipped. ``output_line``: a
    warning of makeindex's while writing, the line of the .ind it concerns."""

    def __init__(self, line: int, message: str, rejected: bool = True, output_line: int = 0) -> None:
        self.line: Final = line
        self.message: Final = message
        self.rejected: Final = rejected
        self.output_line: Final = output_line

    def _values(self) -> tuple[int, str, bool, int]:
        return (self.line, self.message, self.rejected, self.output_line)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdxProblem) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[type[IdxProblem], tuple[int, str, bool, int]]:
        return (IdxProblem, self._values())

    def __repr__(self) -> str:
        line, message, rejected, output_line = self._values()
        return f"IdxProblem({line=!r}, {message=!r}, {rejected=!r}, {output_line=!r})"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# -- the style file -------------------------------------------------------------------------------

SUBITEM = "\n    \\subitem "
SUBSUBITEM = "\n      \\subsubitem "


class IstStyle:
    """A makeindex style: the input syntax and the .ind output strings (makeindex's defaults), made with the
    keys that differ from them (``IstStyle(item_0="\n\\item ")``); equal when their style keys are."""

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
    setpage_prefix: str = "\n  \\setcounter{page}{"
    setpage_suffix: str = "}\n"
    group_skip: str = "\n\n  \\indexspace\n"
    headings_flag: int = 0
    heading_prefix: str = ""
    heading_suffix: str = ""
    symhead_positive: str = "Symbols"
    symhead_negative: str = "symbols"
    numhead_positive: str = "Numbers"
    numhead_negative: str = "numbers"
    item_0: str = "\n  \\item "
    item_1: str = SUBITEM
    item_2: str = SUBSUBITEM
    # A subitem after an entry with pages one level up (item_01, item_12), and one whose parent has no
    # pages and so is written just before it (item_x1, item_x2). makeindex's defaults are its own subitem
    # strings, whatever item_1 and item_2 a style sets.
    item_01: str = SUBITEM
    item_x1: str = SUBITEM
    item_12: str = SUBSUBITEM
    item_x2: str = SUBSUBITEM
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
    line_max: int = 72
    indent_space: str = "\t\t"
    indent_length: int = 16
    problems: tuple[IdxProblem, ...] = ()
    # makeindex's report of the style file (see style_report): its problems, with the dots and line breaks
    # it writes between them; and the number of attributes it counts as redefined and as ignored.
    report: tuple[str | IdxProblem, ...] = ()
    redefined: int = 0
    ignored: int = 0
    # Not a style key: read and write as makeindex does (``xindex makeindex`` without --cms): keys keep their
    # blanks and have at most three levels; every encapsulator is kept as written (|see{X} calls the document's
    # \see, |textbf is \textbf), and page lists are made by makeindex's rules (:mod:`.pagelist`). Without
    # it (xindex's import, --cms) keys are trimmed, |see and |seealso are cross-references, |textbf and
    # |textit emphasis, and locators are conflated by the core's rule.
    compatible: bool = False
    # Not a style key: the style was read from an .ist file. makeindex orders page types by its page_precedence
    # only then (its built-in order without a style file is another: :func:`.pages.page_offsets`).
    from_file: bool = False

    def __init__(self, **values: object) -> None:
        for name, value in values.items():
            if name not in _FIELDS:
                raise TypeError(f"IstStyle has no field {name!r}")
            setattr(self, name, value)

    def replace(self, **changes: object) -> IstStyle:
        """A copy with ``changes``."""
        return IstStyle(**{name: getattr(self, name) for name in _FIELDS} | changes)

    def _keys(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _KEY_ORDER)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IstStyle) and self._keys() == other._keys()

    def __hash__(self) -> int:
        return hash(self._keys())

    def __repr__(self) -> str:
        default = _DEFAULT_KEYS
        changed = ", ".join(
            f"{name}={value!r}"
            for name, value, usual in zip(_KEY_ORDER, self._keys(), default, strict=True)
            if value != usual
        )
        return f"IstStyle({changed})"

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


CHAR_KEYS = frozenset(
    {"arg_open", "arg_close", "range_open", "range_close", "level", "actual", "encap", "quote", "escape"}
)
NUMBER_KEYS = frozenset({"headings_flag", "line_max", "indent_length"})
STRING_KEYS = frozenset(
    {"keyword", "page_compositor", "page_precedence", "preamble", "postamble", "setpage_prefix", "setpage_suffix"}
    | {"group_skip", "heading_prefix", "heading_suffix", "symhead_positive", "symhead_negative"}
    | {"numhead_positive", "numhead_negative", "item_0", "item_1", "item_2", "item_01", "item_x1", "item_12"}
    | {"item_x2", "delim_0", "delim_1", "delim_2", "delim_n", "delim_r", "delim_t", "suffix_2p", "suffix_3p"}
    | {"suffix_mp", "encap_prefix", "encap_infix", "encap_suffix", "indent_space"}
)
# Every key makeindex(1) documents; any other is makeindex's "Unknown specifier".
STYLE_KEYS = CHAR_KEYS | NUMBER_KEYS | STRING_KEYS
_KEY_ORDER = tuple(sorted(STYLE_KEYS))
# What an IstStyle holds besides its keys: makeindex's report of the file, and how to read and write.
_FIELDS = STYLE_KEYS | {"problems", "report", "redefined", "ignored", "compatible", "from_file"}
_DEFAULT_KEYS = IstStyle()._keys()
_PAGE_TYPES = "rnaRA"
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # (C's tolower: ASCII)
_END = ""


def read_style(text: str) -> IstStyle:
    """Read a makeindex style file as makeindex reads it; its report is in ``style.report`` (see
    :func:`style_report`), its problems in ``style.problems`` with makeindex's line numbers."""
    return _StyleScanner(text).scan()


def style_report(style: IstStyle, name: str) -> str:
    """makeindex's transcript line for reading ``style`` from the file ``name``: "Scanning style file X",
    a dot per key read, its errors, and "done (N attributes redefined, M ignored)."."""
    out = [f"Scanning style file {name}"]
    for piece in style.report:
        if isinstance(piece, IdxProblem):
            out.append(f"** Input style error (file = {name}, line = {piece.line}):\n   -- {piece.message}")
        else:
            out.append(piece)
    out.append(f"done ({style.redefined} attributes redefined, {style.ignored} ignored).")
    return "".join(out)


class _StyleScanner:
    """One reading of a style file, character by character as makeindex reads it (scanst.c): a key is what
    runs up to a blank or a newline, in lower case; its value follows; a malformed value is reported and
    the rest of its line skipped. ``lines`` counts the newlines read so far, which is the line number
    makeindex gives its errors."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n")  # (TeX Live's makeindex reads a CR LF as a newline)
        self.at = 0
        self.lines = 0
        self.values: dict[str, object] = {}
        self.report: list[str | IdxProblem] = []
        self.problems: list[IdxProblem] = []
        self.dotted = True  # (makeindex starts as if after a dot: its first error is on a line of its own)
        self.failed = False
        self.keys = 0
        self.errors = 0
        self.number = 0  # (the last number read for line_max or indent_length: kept when one fails to read)

    def next_char(self) -> str:
        """The next character, or _END."""
        at = self.at
        if at >= len(self.text):
            return _END
        self.at = at + 1
        return self.text[at]

    def next_nonblank(self) -> str:
        """The next character that is not a blank, tab or newline (counting the newlines), or _END."""
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            self.at += 1
            if char == "\n":
                self.lines += 1
            elif char not in " \t":
                return char
        return _END

    def skip_line(self) -> None:
        """The rest of the line, its newline counted (counted at the end of the file, too, as makeindex does)."""
        end = self.text.find("\n", self.at)
        self.at = len(self.text) if end < 0 else end + 1
        self.lines += 1

    def error(self, message: str, newline: bool = True) -> None:
        """makeindex's error: on a line of its own after dots; ``newline``: its message ends its line."""
        if self.dotted:
            self.report.append("\n")
            self.dotted = False
        problem = IdxProblem(self.lines, message)
        self.report.append(problem)
        if newline:
            self.report.append("\n")
        self.problems.append(problem)
        self.errors += 1
        self.failed = True

    def scan(self) -> IstStyle:
        """The style the whole text sets, with makeindex's report."""
        while (key := self.key()) is not None:
            self.keys += 1
            self.failed = False
            if key in STRING_KEYS:
                value = self.string()
                if value is not None:
                    self.values[key] = value
            elif key in CHAR_KEYS:
                char = self.char()
                if char is not None:
                    self.values[key] = char
            elif key in NUMBER_KEYS:
                self.read_number(key)
            else:
                self.next_nonblank()
                self.skip_line()
                self.error(f"Unknown specifier {key}.")
            if not self.failed:
                self.report.append(".")
                self.dotted = True
        # A refused precedence is reported (and counted ignored) but its string stays, as in makeindex: pages of
        # the types it leaves out are then no pages (formats/makeindex/pages.py reads it).
        self.precedence_valid(str(self.values.get("page_precedence", _PAGE_TYPES)))
        quote = self.values.get("quote", '"')
        if quote == self.values.get("escape", "\\"):
            self.error(f"Quote and escape symbols must be distinct (both `{quote}' now).")
            self.values.pop("quote", None)
            self.values.pop("escape", None)
        style = IstStyle(**self.values)
        return self.checked(style)

    def key(self) -> str | None:
        """The next key, in lower case, or None at the end of the file (comments skipped)."""
        while True:
            char = self.next_nonblank()
            if char == _END:
                return None
            if char != "%":
                break
            self.skip_line()
        start = self.at - 1
        text = self.text
        length = len(text)
        while self.at < length and text[self.at] not in " \t\n":
            self.at += 1
        key = text[start : self.at].translate(_LOWER)
        if self.at >= length:
            # makeindex reports the key and then reads its value all the same (and finds none).
            self.error(f"No attribute for specifier {key} (premature EOF)")
            return key
        if text[self.at] == "\n":
            self.lines += 1
        self.at += 1
        return key

    def string(self) -> str | None:
        """A string value in double quotes, or None (reported) when there is none; a comment instead of
        the value leaves the key as it was, unreported."""
        opening = self.next_nonblank()
        if opening == "%":
            self.skip_line()
            return None
        if opening != '"':
            self.skip_line()
            self.error("No opening delimiter.")
            return None
        out: list[str] = []
        while True:
            char = self.next_char()
            if char == _END:
                self.error(f"No closing delimiter in {''.join(out)}.")
                return None
            if char == '"':
                return "".join(out)
            if char == "\\":
                following = self.next_char() or "\xff"  # (C's EOF as a char: the end is found next)
                out.append("\t" if following == "t" else "\n" if following == "n" else following)
                continue
            if char == "\n":
                self.lines += 1
            out.append(char)

    def char(self) -> str | None:
        """A character value in single quotes (``'\\X'`` is X), or None (reported)."""
        opening = self.next_nonblank()
        if opening == "%":
            self.skip_line()
            return None
        if opening != "'":
            self.skip_line()
            self.error("No opening delimiter.")
            return None
        char = self.next_char()
        if char == "'":
            self.skip_line()
            self.error("Premature closing delimiter.")
            return None
        if char in ("\n", _END):
            self.lines += char == "\n"
            self.error("No character (premature EOF).")
            return None
        if char == "\\":
            char = self.next_char()
        if self.next_char() != "'" or char == _END:
            self.error("No closing delimiter or too many letters.")
            return None
        return char

    def read_number(self, key: str) -> None:
        """A number (as C's ``scanf("%d")`` reads it: newlines before it not counted as lines)."""
        text = self.text
        length = len(text)
        at = self.at
        while at < length and text[at] in " \t\n\r\v\f":
            at += 1
        start = at
        if at < length and text[at] in "+-":
            at += 1
        digits = at
        while at < length and "0" <= text[at] <= "9":
            at += 1
        self.at = at
        if at == digits:  # (nothing read: scanf gives up after the sign, if any)
            read = None
        else:  # (as C's int holds it)
            read = (max(min(int(text[start:at]), 2**63 - 1), -(2**63)) + 2**31) % 2**32 - 2**31
        if key == "headings_flag":
            if read is not None:
                self.values[key] = read
            return
        if read is not None:
            self.number = read
        number = self.number
        if key == "line_max":
            if number > 0:
                self.values[key] = number
            else:
                self.error(f"line_max must be positive (got {number})", newline=False)
        elif number >= 0:
            self.values[key] = number
        else:
            self.error(f"indent_length must be nonnegative (got {number})", newline=False)

    def precedence_valid(self, precedence: str) -> bool:
        """Whether ``page_precedence`` names each page type at most once (makeindex checks it after reading
        the whole file, and keeps its own order when it is wrong)."""
        seen: set[str] = set()
        for index, char in enumerate(precedence):
            if index == len(_PAGE_TYPES):
                self.skip_line()
                self.error("Page precedence specification string too long.")
                return False
            if char not in _PAGE_TYPES:
                self.skip_line()
                self.error(f"Unknow type `{char}' in page precedence specification.")
                return False
            if char in seen:
                self.skip_line()
                # (makeindex names a repeated 'a' as 'A')
                shown = "A" if char == "a" else char
                self.error(f"Multiple instances of type `{shown}' in page precedence specification `{precedence}'.")
                return False
            seen.add(char)
        return True

    def checked(self, style: IstStyle) -> IstStyle:
        """The style with makeindex's report, and xindex's own checks: the special characters of the .idx all
        different and the keyword and page compositor not empty (else their defaults, which makeindex
        does not insist on)."""
        problems = list(self.problems)
        defaults = IstStyle()
        for name in ("keyword", "page_compositor"):
            if not getattr(style, name):
                problems.append(IdxProblem(0, f"'{name}' cannot be empty; using makeindex's default"))
                style = style.replace(**{name: getattr(defaults, name)})
        special = [style.level, style.actual, style.encap, style.quote, style.escape, style.arg_open, style.arg_close]
        if len(set(special)) != len(special):
            problems.append(
                IdxProblem(
                    0,
                    "the characters for level, actual, encap, quote, escape, arg_open and "
                    "arg_close must all differ; using makeindex's defaults",
                )
            )
            style = style.replace(**{name: getattr(defaults, name) for name in CHAR_KEYS})
        return style.replace(
            problems=tuple(problems),
            report=tuple(self.report),
            redefined=self.keys - self.errors,
            ignored=self.errors,
        )
