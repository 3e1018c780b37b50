"""Every ``.ist`` key makeindex(1) documents, read and applied as makeindex reads and applies it (issue 17,
item 3), each compared with the real makeindex: the style's report in the transcript (its errors, dots and
counts), and the ``.ind`` a small index makes with the key set.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.formats.makeindex_side_by_side import KNOWN_KEYS, side_by_side
from tests.support import needs_makeindex
from xindex.formats.makeindex.style import STYLE_KEYS, IstStyle, read_style, style_report

pytestmark = needs_makeindex


def makeindex_report(folder: Path, style: bytes) -> str:
    """The real makeindex's report of ``style`` (named ./s.ist): from "Scanning style file" to its "done"."""
    (folder / "s.ist").write_bytes(style)
    (folder / "x.idx").write_text("\\indexentry{a}{1}\n", encoding="ascii")
    subprocess.run(["makeindex", "-q", "-s", "./s.ist", "x.idx"], cwd=folder, capture_output=True, check=False)
    ilg = (folder / "x.ilg").read_text(encoding="latin-1")
    return ilg[ilg.index("Scanning style file") : ilg.index("Scanning input file")].rstrip("\n")


def test_every_documented_key_is_known() -> None:
    assert STYLE_KEYS == KNOWN_KEYS


# Style files as makeindex reads them, well and badly formed. (Left out: a number that cannot be read for
# line_max or indent_length, for which makeindex reports a value left over in memory.)
STYLES = {
    "every key": (
        "keyword \"\\\\idx\" arg_open '<' arg_close '>' range_open '[' range_close ']' level ':'\n"
        "actual '=' encap '/' quote '~' escape '^' page_compositor \".\" page_precedence \"nrRaA\"\n"
        'preamble "\\\\begin{x}\\n" postamble "\\n\\\\end{x}\\n" setpage_prefix "\\n\\\\p{" setpage_suffix "}%\\n"\n'
        'group_skip "\\n\\n" headings_flag 1 heading_prefix "\\\\h{" heading_suffix "}"\n'
        'symhead_positive "S" symhead_negative "s" numhead_positive "N" numhead_negative "n"\n'
        'item_0 "\\n\\\\i " item_1 "\\n\\\\s " item_2 "\\n\\\\ss " item_01 "\\n\\\\s01 " item_x1 "\\n\\\\sx1 "\n'
        'item_12 "\\n\\\\s12 " item_x2 "\\n\\\\sx2 " delim_0 "; " delim_1 ": " delim_2 ". " delim_n "/"\n'
        'delim_r "-" delim_t "." suffix_2p "f" suffix_3p "ff" suffix_mp "ff."\n'
        'encap_prefix "\\\\e" encap_infix "[" encap_suffix "]" line_max 100 indent_space "   " indent_length 3\n'
    ),
    "escapes and lines": 'preamble "x\\{y\\n\\q\\"\\\\"\n  item_x1  "two\nlines"\nDELIM_0\t"\\t"  % a comment\n',
    "unknown keys": 'fooo "bar"\nlethead_prefix "x"\npreamble "p" %% c\n "zz"\nitem_0 "A"\n',
    "malformed characters": "quote %c\nlevel \"!\"\nlevel 'ab'\nlevel ''\nlevel '\nx\nlevel '",
    "numbers": 'headings_flag x\npreamble "p"\nheadings_flag\n\n 1\nline_max -3\nindent_length -1\nline_max 0\n',
    "page precedence": 'page_precedence "rnaAR"\npage_precedence "rrn" %x\n',
    "precedence too long": "quote '\\\\'\npage_precedence \"rnaARr\"\n\n\n",
    "precedence unknown type": 'page_precedence "rnx"\n',
    "precedence repeated a": 'page_precedence "aa"\n',
    "strings": 'preamble "abc\\',
    "unclosed string": 'preamble "abc\n',
    "no value at the end": "preamble",
    "value after the string": 'preamble "a"x\npreamble "a" x "b"\nline_max 50 %c\n',
    "CR LF lines": 'preamble "a"\r\npostamble "b\r\n"\r\nitem_0 \'\r\'\r\n',
    "empty": "",
    "a comment": "% only a comment",
}


@pytest.mark.parametrize("name", STYLES)
def test_the_style_is_read_and_reported_as_makeindex_does(tmp_path: Path, name: str) -> None:
    text = STYLES[name].encode("latin-1")
    assert style_report(read_style(STYLES[name]), "./s.ist") == makeindex_report(tmp_path, text)


def test_every_key_is_stored() -> None:
    style = read_style(STYLES["every key"])
    assert style.problems == () and style.redefined == len(STYLE_KEYS)
    changed = {key for key in STYLE_KEYS if getattr(style, key) != getattr(IstStyle(), key)}
    assert changed == STYLE_KEYS
    assert (style.line_max, style.indent_space, style.indent_length) == (100, "   ", 3)
    assert (style.item_01, style.item_x1, style.item_12, style.item_x2) == (
        "\n\\s01 ",
        "\n\\sx1 ",
        "\n\\s12 ",
        "\n\\sx2 ",
    )
    assert style.page_precedence == "nrRaA"


def test_a_wrong_page_precedence_is_reported_and_kept_as_makeindex_keeps_it() -> None:
    # makeindex reports it, counts it ignored and orders page types its own way, but keeps the string: pages of
    # a type it leaves out are then no pages ("Illegal page number IV or page_precedence rrn.": the side-by-side
    # tests of tests/formats/test_makeindex_pages.py)
    style = read_style(STYLES["page precedence"])
    assert style.problems and style.page_precedence == "rrn"
    assert read_style('page_precedence "Rn"\n').page_precedence == "Rn"


def test_quote_and_escape_the_same_are_both_makeindexs() -> None:
    style = read_style("quote '\\\\'\n")
    assert (style.quote, style.escape) == ('"', "\\")
    assert style.problems[-1].message == "Quote and escape symbols must be distinct (both `\\' now)."


# -- the .ind with each output key, side by side --------------------------------------------------------


def both(tmp_path: Path, style: str, idx: str, *options: str) -> tuple[bytes | None, bytes | None]:
    """makeindex's .ind and ours for ``idx`` with the style file ``style``."""
    (tmp_path / "k.ist").write_text(style, encoding="latin-1")
    peer, ours = side_by_side(tmp_path, idx, ("-s", "k.ist"), options)
    assert ours.code == peer.code
    return peer.ind, ours.ind


def entries(*lines: tuple[str, str]) -> str:
    """An .idx of (key, page) lines."""
    return "".join(f"\\indexentry{{{key}}}{{{page}}}\n" for key, page in lines)


SUBENTRIES = entries(
    ("a", "1"),
    ("a!b", "2"),
    ("a!b!c", "3"),
    ("a!b!d", "4"),
    ("a!e", "5"),
    ("a!e!f", "6"),
    ("g!h", "7"),
    ("g!h!i", "8"),
    ("g!j!k", "9"),
    ("g!j!l", "10"),
    ("m!n!o", "11"),
    ("m!p", "12"),
)
ITEMS = 'item_01 "\\n  \\\\U1 " item_x1 "\\n  \\\\X1 " item_12 "\\n  \\\\U2 " item_x2 "\\n  \\\\X2 "\n'


@pytest.mark.parametrize(
    "style",
    [
        ITEMS,
        ITEMS + 'item_1 "\\n  \\\\R1 " item_2 "\\n  \\\\R2 "\n',
        'item_1 "\\n  \\\\R1 " item_2 "\\n  \\\\R2 "\n',  # (item_01 and the rest keep makeindex's own defaults)
        'item_x1 "\\n\\\\subitem \\\\idxmark{" delim_1 "}, " item_0 "\\n\\\\item "\n',
        'item_01 "" item_x2 ""\n',
    ],
)
@pytest.mark.parametrize("cms", [False, True])
def test_subitems_after_an_entry_with_pages_and_without(tmp_path: Path, style: str, cms: bool) -> None:
    peer, ours = both(tmp_path, style, SUBENTRIES, *(["--cms"] if cms else []))
    assert peer is not None and ours is not None
    if cms:  # (xindex's own rules for pages, makeindex's for the items)
        assert items(ours) == items(peer)
    else:
        assert ours == peer


def items(ind: bytes) -> list[bytes]:
    """The item strings of an .ind and the headings after them."""
    return re.findall(rb"\n *(\\\w+ \w)", ind)


# -- symhead_* and numhead_* ---------------------------------------------------------------------------------
# makeindex heads a key that is all digits by numhead_* and any other key with no letter first by symhead_*
# (1990s too), symbols before numbers, by the sign of headings_flag. Under --rules iso-word xindex files such
# headings under no letter and keeps makeindex's two groups there; these entries are in the same order by both
# programs' rules, so the .ind must be makeindex's byte for byte.
HEADINGS = "".join(
    f"\\indexentry{{{key}}}{{{page}}}\n"
    for key, page in [
        ("apple", 1),
        ("42", 2),
        ("1990s", 3),
        ("7", 4),
        ("Zed", 5),
        ("b@1999", 6),
        ("2000@x", 7),
    ]
)


@pytest.mark.parametrize(
    "style",
    [
        "headings_flag 1\n",
        'headings_flag -1\nheading_prefix "\\\\h{"\nheading_suffix "}\\n"\n',
        'headings_flag 1\nsymhead_positive "Symbole"\nnumhead_positive "Zahlen"\nheading_prefix "{\\\\bf "\n'
        'heading_suffix "}\\n"\n',
        'headings_flag -1\nsymhead_negative "sym"\nnumhead_negative "num"\ngroup_skip "\\n\\\\skip\\n"\n',
        "headings_flag 0\n",
        'symhead_positive "S"\nnumhead_positive "N"\n',
    ],
)
def test_symbols_and_numbers_are_headed_as_makeindex_heads_them(tmp_path: Path, style: str) -> None:
    (tmp_path / "s.ist").write_text(style, encoding="latin-1")
    peer, ours = side_by_side(tmp_path, HEADINGS, ("-s", "s.ist"), ("--rules", "iso-word"))
    assert peer.ind is not None
    assert ours.ind == peer.ind


def test_cms_heads_symbols_and_numbers_together_in_the_styles_words(tmp_path: Path) -> None:
    (tmp_path / "s.ist").write_text(
        'headings_flag 1\nsymhead_positive "Symbole"\nnumhead_positive "Zahlen"\nheading_suffix "\\n"\n',
        encoding="latin-1",
    )
    _peer, ours = side_by_side(tmp_path, HEADINGS, ("-s", "s.ist"), ("--rules", "iso-word", "--cms"))
    assert ours.ind is not None
    group = (
        "Symbole \\& Zahlen\n\n  \\item 7, 4\n  \\item 42, 2\n  \\item 1990s, 3\n  \\item x, 7\n\n  \\indexspace\nA\n"
    )
    assert group in ours.ind.decode()
