"""Find and replace across headings, notes and Sort As (xindex.app.replace)."""

from __future__ import annotations

import pytest

from xindex.app import replace
from xindex.app.replace import Find, FindError
from xindex.store import Document


@pytest.fixture
def book(doc: Document) -> Document:
    with doc.command("build"):
        doc.add_path(["Gogh, Vincent van"], "12")
        doc.add_path(["Gogh, Vincent van", "letters to Theo"], "14")
        doc.add_path(["cubism"], "20")
        doc.add_path(["painting", "cubism and colour"], "22")
        doc.add_path(["painting", "cubist colour"], "23")
        doc.add_path(["Paris"], "30")
    paris = doc.find_path(["Paris"])
    assert paris is not None
    doc.edit_entry(paris.id, term="<i>Paris</i> salons", notes="check the Paris dates")
    return doc


def test_plain_text_everywhere_with_the_preview_in_index_order(book: Document) -> None:
    found = replace.changes(book, Find("cub", "Cub"))
    assert [(change.path, change.field, change.after) for change in found] == [
        ("cubism", "heading", "Cubism"),
        ("painting: cubism and colour", "heading", "Cubism and colour"),
        ("painting: cubist colour", "heading", "Cubist colour"),
    ]
    assert replace.summary(found) == "3 changes in 3 entries"


def test_whole_word_and_case(book: Document) -> None:
    assert [c.before for c in replace.changes(book, Find("cubism", "x", whole_word=True))] == [
        "cubism",
        "cubism and colour",
    ]
    assert replace.changes(book, Find("PARIS", "x", case_sensitive=True)) == []
    assert len(replace.changes(book, Find("PARIS", "Lyon"))) == 2  # the heading and the notes


def test_markup_is_kept_and_never_searched(book: Document) -> None:
    (heading,) = replace.changes(book, Find("Paris", "Lyon", fields=frozenset({"heading"})))
    assert (heading.before, heading.after) == ("<i>Paris</i> salons", "<i>Lyon</i> salons")
    assert replace.changes(book, Find("i", "x", whole_word=True)) == []  # the <i> tag is not text


def test_regular_expressions_with_groups(book: Document) -> None:
    found = replace.changes(book, Find(r"^(\w+), (\w+) van$", r"\2 van \1", regex=True))
    assert [change.after for change in found] == ["Vincent van Gogh"]


@pytest.mark.parametrize(
    ("find", "message"),
    [
        (Find("(unclosed", "x", regex=True), "does not compile: missing ), unterminated subpattern at character 1"),
        (Find("a*", "x", regex=True), "matches empty text"),
        (Find("(a)", r"\2", regex=True), "cannot be used: invalid group reference 2"),
        (Find("a", r"\q", regex=True), "cannot be used: bad escape \\q"),
        (Find("", "x"), "nothing to find"),
    ],
)
def test_a_search_that_cannot_run_says_why_and_changes_nothing(book: Document, find: Find, message: str) -> None:
    before = book.history()
    with pytest.raises(FindError, match=message.replace("(", r"\(").replace(")", r"\)").replace("\\q", r"\\q")):
        replace.apply(book, find)
    assert book.history() == before


def test_apply_is_one_undo_step(book: Document) -> None:
    found = replace.apply(book, Find("colour", "color"))
    assert len(found) == 2
    assert book.find_path(["painting", "cubist color"]) is not None
    assert book.history()[-1][1] == "Replace “colour” with “color”"
    book.undo()
    assert book.find_path(["painting", "cubist colour"]) is not None
    assert book.find_path(["painting", "cubism and colour"]) is not None


def test_a_heading_that_would_equal_its_siblings_stops_everything(book: Document) -> None:
    found = replace.changes(book, Find("cubism and colour", "cubist colour"))
    assert found[0].problem == "a heading beside it is already “cubist colour”"
    before = book.history()
    with pytest.raises(FindError, match="nothing was replaced: painting: cubism and colour: a heading beside"):
        replace.apply(book, Find("cubism and colour", "cubist colour"))
    assert book.history() == before
    assert book.find_path(["painting", "cubism and colour"]) is not None


def test_a_heading_made_the_same_text_as_an_italic_sibling_is_no_clash(book: Document) -> None:
    # Issue 16: the italic form (a title: CMS 16.47-55) is another heading, so a replacement that leaves two
    # siblings of one text, one of them in italics, is made; one that leaves two of the same italics is not.
    painting = book.find_path(["painting"])
    assert painting is not None
    book.add_entry("<i>Guernica</i>", painting.id, locators="41")
    book.add_entry("Guernika", painting.id, locators="12")
    book.add_entry("<i>Guernika</i>", painting.id, locators="43")
    found = [change for change in replace.changes(book, Find("Guernika", "Guernica")) if change.field == "heading"]
    assert [(change.after, change.problem) for change in found] == [
        ("Guernica", ""),
        ("<i>Guernica</i>", "a heading beside it is already “<i>Guernica</i>”"),
    ]


def test_an_emptied_heading_is_a_problem_but_an_emptied_sort_as_clears_it(book: Document) -> None:
    (change,) = replace.changes(book, Find("cubism", "", whole_word=True, fields=frozenset({"heading"})))[:1]
    assert change.problem == "the heading would be empty"
    entry = book.find_path(["cubism"])
    assert entry is not None
    book.edit_entry(entry.id, sort_as="cubism zzz")
    replace.apply(book, Find(" zzz", "", fields=frozenset({"sort-as"})))
    assert book.entry(entry.id).sort_as == "cubism"
    replace.apply(book, Find("cubism", "", fields=frozenset({"sort-as"})))
    assert book.entry(entry.id).sort_as is None


def test_renamed_headings_sort_again(book: Document) -> None:
    replace.apply(book, Find("Gogh, Vincent van", "Van Gogh, Vincent"))
    assert [entry.plain for entry in book.children(None)] == ["cubism", "painting", "Paris salons", "Van Gogh, Vincent"]
