"""Real makeindex and ``xindex makeindex`` run side by side on the same input, for any style (``.ist``).

What a test needs to compare the two on TeX Live's style files:

* :func:`installed_styles` finds every ``.ist`` installed (``find /usr/share -name '*.ist'``, and
  ``kpsewhich`` for the ones makeindex finds by name);
* :func:`read_ist` reads a style file's keys independently of xindex's reader (this is the test's oracle
  of what the style says: the input keys the ``.idx`` must be written in, and which output keys it sets);
* :class:`Syntax` writes logical entries (:class:`Item`) in a style's own ``.idx`` syntax (its keyword,
  argument braces, level, actual, encap, quote and escape characters, range markers, page compositor);
* :func:`side_by_side` runs both programs in a folder and returns both ``.ind``, ``.ilg`` and exit codes;
  :func:`transcript_tail` and :func:`style_transcript` are the parts of an ``.ilg`` that should match.

makeindex's rules for a style file are makeindex(1) and its source (scanst.c: strings take ``\\n``,
``\\t`` and ``\\X`` for any other X as X; characters are ``'c'``; ``%`` starts a comment).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from xindex.makeindex_cli import run

# makeindex's input keys and their defaults (makeindex(1), "STYLE FILE", input style specifiers).
INPUT_DEFAULTS = {
    "keyword": "\\indexentry",
    "arg_open": "{",
    "arg_close": "}",
    "range_open": "(",
    "range_close": ")",
    "level": "!",
    "actual": "@",
    "encap": "|",
    "quote": '"',
    "escape": "\\",
    "page_compositor": "-",
}
# Every key makeindex(1) documents (input and output); any other key is an "Unknown specifier".
KNOWN_KEYS = frozenset(INPUT_DEFAULTS) | {
    "page_precedence",
    "preamble",
    "postamble",
    "setpage_prefix",
    "setpage_suffix",
    "group_skip",
    "headings_flag",  # (makeindex 2.16 reports the old lethead_* names as unknown)
    "heading_prefix",
    "heading_suffix",
    "symhead_positive",
    "symhead_negative",
    "numhead_positive",
    "numhead_negative",
    "item_0",
    "item_1",
    "item_2",
    "item_01",
    "item_x1",
    "item_12",
    "item_x2",
    "delim_0",
    "delim_1",
    "delim_2",
    "delim_n",
    "delim_r",
    "delim_t",
    "encap_prefix",
    "encap_infix",
    "encap_suffix",
    "line_max",
    "indent_space",
    "indent_length",
    "suffix_2p",
    "suffix_3p",
    "suffix_mp",
}


# -- the style files installed --------------------------------------------------------------------------


@functools.cache
def kpsewhich(name: str) -> str | None:
    """Where kpathsea finds a file by name (as makeindex finds ``-s name``), or None."""
    if shutil.which("kpsewhich") is None:
        return None
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
    return found or None


def installed_styles(roots: Iterable[str] = ("/usr/share",)) -> dict[str, Path]:
    """Every installed ``.ist`` by its name without ``.ist`` (the one kpsewhich finds when names repeat)."""
    found: dict[str, Path] = {}
    for root in roots:
        for folder, _folders, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(".ist"):
                    found.setdefault(name[: -len(".ist")], Path(folder) / name)
    for name in list(found):
        by_name = kpsewhich(f"{name}.ist")
        if by_name:
            found[name] = Path(by_name)
    return dict(sorted(found.items()))


# -- reading a style file (the test's own reader) -------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>%[^\n]*)|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<number>-?\d+)"""
    r"""|"(?P<string>(?:\\.|[^"\\])*)"|'(?P<char>\\.|[^'\\])'|(?P<other>.)""",
    re.DOTALL,
)


def _unescape(text: str) -> str:
    """A style string as makeindex reads it: \\n newline, \\t tab, \\X the character X."""
    return re.sub(r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match[1], match[1]), text, flags=re.DOTALL)


@dataclass(frozen=True)
class Ist:
    """A style file's keys as makeindex reads them: each key's last value (text), and the unknown keys."""

    values: dict[str, str | int]
    unknown: tuple[str, ...]
    raw_strings: dict[str, str] = field(default_factory=dict)  # (the known keys' strings as written)

    def get(self, key: str, default: str = "") -> str:
        """A string key's value, or ``default`` when the style does not set it."""
        value = self.values.get(key, default)
        return value if isinstance(value, str) else default

    def number(self, key: str, default: int = 0) -> int:
        """A number key's value, or ``default``."""
        value = self.values.get(key, default)
        return value if isinstance(value, int) else default


def read_ist(text: str) -> Ist:
    """A style file's keys (makeindex's reading: a key, then its value; later values win)."""
    values: dict[str, str | int] = {}
    raw: dict[str, str] = {}
    unknown: list[str] = []
    key: str | None = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if key is None:
            if kind == "name":
                key = match["name"]
            continue
        if kind == "string":
            values[key] = _unescape(match["string"])
            if key in KNOWN_KEYS:
                raw[key] = match["string"]
        elif kind == "char":
            values[key] = _unescape(match["char"])
        elif kind == "number":
            values[key] = int(match["number"])
        if key not in KNOWN_KEYS:
            unknown.append(key)
        key = match["name"] if kind == "name" else None
    return Ist(values, tuple(unknown), raw)


# -- writing .idx input in a style's syntax -------------------------------------------------------------

# Placeholders in an Item's text for characters that must be quoted (or escaped) in the style's syntax.
QUOTED = {"<LEVEL>": "level", "<ACTUAL>": "actual", "<ENCAP>": "encap", "<QUOTE>": "quote"}
ESCAPED_QUOTE = "<ESCQUOTE>"  # the escape character then the quote character: both kept, as text
QUOTED_ESCAPE = "<QESC>"  # the quote character then the escape character: the escape kept, as text


@dataclass(frozen=True)
class Item:
    """One logical .idx line: its levels (each ``key`` or ``(key, display)``), page, encap and range mark."""

    levels: tuple[str | tuple[str, str], ...]
    page: str
    encap: str = ""
    range: str = ""  # "(" opens a range, ")" closes it


@dataclass(frozen=True)
class Syntax:
    """A style's input syntax (makeindex's defaults unless the style sets them)."""

    keyword: str = INPUT_DEFAULTS["keyword"]
    arg_open: str = INPUT_DEFAULTS["arg_open"]
    arg_close: str = INPUT_DEFAULTS["arg_close"]
    range_open: str = INPUT_DEFAULTS["range_open"]
    range_close: str = INPUT_DEFAULTS["range_close"]
    level: str = INPUT_DEFAULTS["level"]
    actual: str = INPUT_DEFAULTS["actual"]
    encap: str = INPUT_DEFAULTS["encap"]
    quote: str = INPUT_DEFAULTS["quote"]
    escape: str = INPUT_DEFAULTS["escape"]
    page_compositor: str = INPUT_DEFAULTS["page_compositor"]

    @classmethod
    def of(cls, ist: Ist) -> Syntax:
        """The syntax a style sets."""
        return cls(**{f.name: ist.get(f.name, INPUT_DEFAULTS[f.name]) for f in fields(cls)})

    def text(self, logical: str) -> str:
        """Logical text with its placeholders written in this syntax."""
        for placeholder, key in QUOTED.items():
            logical = logical.replace(placeholder, self.quote + getattr(self, key))
        logical = logical.replace(ESCAPED_QUOTE, self.escape + self.quote)
        logical = logical.replace(QUOTED_ESCAPE, self.quote + self.escape)
        return logical.replace("<COMP>", self.page_compositor)

    def line(self, item: Item) -> str:
        """An .idx line for ``item``."""
        levels = []
        for level in item.levels:
            key, display = (level, None) if isinstance(level, str) else level
            levels.append(self.text(key) + (self.actual + self.text(display) if display is not None else ""))
        key = self.level.join(levels)
        mark = {"(": self.range_open, ")": self.range_close, "": ""}[item.range]
        if mark or item.encap:
            key += self.encap + mark + self.text(item.encap)
        page = self.text(item.page)
        return f"{self.keyword}{self.arg_open}{key}{self.arg_close}{self.arg_open}{page}{self.arg_close}\n"

    def idx(self, items: Iterable[Item]) -> str:
        """The .idx text of ``items``, one line each."""
        return "".join(self.line(item) for item in items)


# -- running both -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one program made: the .ind (bytes; None when none was written), the .ilg text, the exit code."""

    ind: bytes | None
    ilg: str
    code: int


def _outcome(folder: Path, name: str, code: int) -> Outcome:
    ind = folder / f"{name}.ind"
    ilg = folder / f"{name}.ilg"
    return Outcome(
        ind.read_bytes() if ind.exists() else None, ilg.read_text(encoding="latin-1") if ilg.exists() else "", code
    )


def side_by_side(
    folder: Path, idx: str, options: Sequence[str] = (), ours_only: Sequence[str] = ()
) -> tuple[Outcome, Outcome]:
    """makeindex and ``xindex makeindex`` on ``idx`` (written to ``x.idx`` in ``folder``, run there, as a build
    runs them) with ``options``; ``ours_only`` are xindex's own options. (makeindex's outcome, ours)."""
    (folder / "x.idx").write_text(idx, encoding="utf-8")
    peer = subprocess.run(
        ["makeindex", "-q", *options, "-o", "peer.ind", "-t", "peer.ilg", "x.idx"],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    here = Path.cwd()
    os.chdir(folder)
    try:
        code = run(["-q", *options, *ours_only, "-o", "ours.ind", "-t", "ours.ilg", "x.idx"])
    finally:
        os.chdir(here)
    return _outcome(folder, "peer", peer.returncode), _outcome(folder, "ours", code)


def transcript_facts(ilg: str, ours: bool = False) -> list[str]:
    """What the .ilg says of the input and output, as comparable lines: each problem found in the .idx (its
    marker line and message, in order), the counts of entries accepted and rejected, the warnings, and where
    the output and transcript were written (named for ``peer`` as makeindex's run names them).

    Left out, as not part of what the run did: the program's banner and its report of the style (compared by
    :func:`style_transcript`), the progress dots (makeindex prints its problems between them, mid-line), the
    number of comparisons its sort made, and the number of lines written (makeindex counts the newlines of
    some style strings only: preamble, postamble and item_*, not delim_t or group_skip)."""
    lines = ilg.splitlines()
    start = next((number for number, line in enumerate(lines) if line.startswith("Scanning input file")), len(lines))
    text = "\n".join(line for line in lines[start:] if not line.startswith("Sorting entries"))
    text = re.sub(r"\.{2,}", "\n", text)  # (the dots, and makeindex's problems printed right after them)
    facts = []
    for line in text.splitlines():
        line = line.strip()
        if not line.strip(".") or line.startswith("Scanning input file"):  # (a dot alone: makeindex's progress)
            continue
        # (a dot before "done": the progress mark of the record whose warnings were just printed; xindex prints
        # its progress dots before the warnings, a documented difference of the transcript's layout)
        line = re.sub(r"^\.*done \((\d+) lines written, ", "done (N lines written, ", line)
        facts.append(line.replace("ours.", "peer.") if ours else line)
    return facts


def style_transcript(ilg: str) -> tuple[list[str], str]:
    """The .ilg's report of the style file: its problems (marker line and message), and the summary in
    ``done (...)``."""
    lines = ilg.splitlines()
    end = next((number for number, line in enumerate(lines) if line.startswith("Scanning input file")), len(lines))
    section = lines[1:end]
    problems = [line.strip(".") for line in section if line.lstrip(".").startswith(("**", "!!", "   --", "##"))]
    summary = next((match[1] for line in section if (match := re.search(r"done \((.*)\)\.$", line))), "")
    return problems, summary
