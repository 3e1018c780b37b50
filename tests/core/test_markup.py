"""Light inline markup in headings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core import markup


def test_plain_text_strips_tags_and_decodes_entities() -> None:
    assert markup.plain_text("<i>Rosa</i> &amp; <b>rugosa</b>") == "Rosa & rugosa"


def test_lenient_literals_are_escaped_on_normalise() -> None:
    assert markup.normalize("x < y & AT&T") == "x &lt; y &amp; AT&amp;T"
    assert markup.plain_text(markup.normalize("x < y")) == "x < y"


def test_normalise_merges_runs_and_drops_empty_tags() -> None:
    assert markup.normalize("<b>bold</b><b> more</b><i></i>") == "<b>bold more</b>"
    assert markup.normalize("e = mc<sup>2</sup>") == "e = mc<sup>2</sup>"


@pytest.mark.parametrize(
    ("bad", "words"),
    [("<i>open", "never closed"), ("<i>a</b>", "does not match"), ("<i><i>x</i></i>", "inside itself")],
)
def test_bad_nesting_is_refused(bad: str, words: str) -> None:
    with pytest.raises(markup.MarkupError, match=words):
        markup.parse_runs(bad)


styles = st.frozensets(st.sampled_from(markup.TAGS), max_size=3)
runs = st.lists(st.builds(markup.Run, st.text(min_size=1, max_size=6), styles), max_size=6)


@given(runs)
def test_runs_round_trip(items: list[markup.Run]) -> None:
    text = markup.from_runs(items)
    assert markup.plain_text(text) == "".join(run.text for run in items)
    assert markup.normalize(text) == markup.normalize(markup.normalize(text))


@given(st.text().filter(lambda text: "<" not in text and "&" not in text))
def test_the_fast_path_for_text_without_markup_equals_the_rule(text: str) -> None:
    slow_plain = "".join(run.text for run in markup.parse_runs(text))
    merged: list[markup.Run] = []
    for run in markup.parse_runs(text):
        merged.append(run)
    assert markup.plain_text(text) == slow_plain
    assert markup.normalize(text) == markup.from_runs(merged)


def test_clean_heading_is_the_one_rule_for_headings() -> None:
    from xindex.core.markup import EmptyHeadingError, MarkupError, clean_heading

    assert clean_heading("  roses,   <i>climbing</i> ") == ("roses, <i>climbing</i>", "roses, climbing")
    assert clean_heading("a > b") == ("a &gt; b", "a > b")
    with pytest.raises(EmptyHeadingError, match="a target cannot be empty"):
        clean_heading(" <i></i> ", "target")
    with pytest.raises(MarkupError, match="heading '<i>roses': "):
        clean_heading("<i>roses")
    with pytest.raises(MarkupError, match="control character"):
        clean_heading("a\x07b")


@given(st.text(alphabet=st.sampled_from(list("ab <i>/&;\x07\t")), max_size=20))
def test_the_store_importers_and_outline_clean_headings_alike(text: str) -> None:
    from xindex.core.markup import MarkupError, clean_heading
    from xindex.formats.importers import ImportFileError, clean_term
    from xindex.formats.outline import OutlineError, _plain
    from xindex.store._base import DocumentBase
    from xindex.store.errors import EditError

    try:
        expected: object = clean_heading(text)
    except MarkupError as error:
        expected = str(error)
    for clean, refusal in ((clean_term, ImportFileError), (DocumentBase._clean_term, EditError)):
        try:
            got: object = clean(text)
        except refusal as error:
            got = str(error).removeprefix("line 0: ")
        assert got == expected
    try:
        outline: object = _plain(text, 1, "heading")
    except OutlineError as error:
        outline = str(error).removeprefix("line 1: ")
    assert outline == (("", "") if expected == "a heading cannot be empty" else expected)


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("Nature", "Nature"),
        ("<i>Nature</i>", "<i>Nature</i>"),  # Nature the journal: a title in italics (CMS 16.47-55)
        ("<I>Nat</I><i>ure </i>", "<i>Nature</i>"),  # the same italics spelled otherwise
        ("<i>Origin</i> <i>of Species</i>", "<i>Origin of Species</i>"),  # a space takes no style of its own
        ("<i>Hamlet</i> (play)", "<i>Hamlet</i> (play)"),
        ("<b>Nature</b>", "Nature"),  # bold is how a heading is set, not another heading
        ("<sc>bce</sc>", "bce"),  # small caps: a form of the letters
        ("CO<sub>2</sub>", "CO2"),  # a subscript: a form of its digit
        ("<b><i>Nature</i></b>", "<i>Nature</i>"),
        ("AT&T  and  x < y", "AT&amp;T and x &lt; y"),
        ("Nature<i> </i>reserves", "Nature reserves"),
    ],
)
def test_identity_is_the_text_with_its_italics(term: str, name: str) -> None:
    assert markup.identity(term) == name
    assert markup.identity(name) == name
    assert markup.plain_text(name) == " ".join(markup.plain_text(term).split())


@given(st.lists(st.tuples(st.text("ab <&", max_size=4), st.frozensets(st.sampled_from(markup.TAGS))), max_size=5))
def test_identity_is_a_fixed_point_and_ignores_every_style_but_italics(items: list[tuple[str, frozenset[str]]]) -> None:
    term = markup.from_runs([markup.Run(text, styles) for text, styles in items])
    name = markup.identity(term)
    assert markup.identity(name) == name
    unstyled = markup.from_runs([markup.Run(text, styles & {"i"}) for text, styles in items])
    assert markup.identity(unstyled) == name
    assert ("<i>" in name) == any("i" in styles and text.strip() for text, styles in items)


def test_shown_name_is_plain_unless_italic() -> None:
    assert markup.shown_name("AT&amp;T") == "AT&T"
    assert markup.shown_name("<i>Nature</i>") == "<i>Nature</i>"
