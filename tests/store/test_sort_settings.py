"""A document's rule set and language: stored, re-sorting, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from xindex.core.formatter import FormatOptions, format_index
from xindex.store import Document, EditError


def main_headings(document: Document) -> list[str]:
    return [entry.plain for entry in document.children(None)]


@pytest.fixture
def filled(doc: Document) -> Document:
    for heading in ["newborn", "New York", "New, Arthur", "Newark", "10 Downing Street", "tennis", "Ödeshög", "zoo"]:
        doc.add_entry(heading)
    roses = doc.add_entry("roses")
    for sub in ["in winter", "climbing", "of the ancients"]:
        doc.add_entry(sub, roses)
    return doc


def test_default_is_cms_word_by_word(filled: Document) -> None:
    assert main_headings(filled) == [
        "New, Arthur",
        "New York",
        "Newark",
        "newborn",
        "Ödeshög",
        "roses",
        "10 Downing Street",
        "tennis",
        "zoo",
    ]
    roses = filled.find_path(["roses"])
    assert roses is not None
    assert [e.plain for e in filled.children(roses.id)] == ["of the ancients", "climbing", "in winter"]


def test_changing_rules_resorts_in_one_undoable_command(filled: Document) -> None:
    before = main_headings(filled)
    history = len(filled.history())
    filled.set_setting("rules", "cms-letter")
    assert main_headings(filled)[:4] == ["New, Arthur", "Newark", "newborn", "New York"]
    assert len(filled.history()) == history + 1
    filled.set_setting("rules", "iso-word")
    assert main_headings(filled)[:2] == ["10 Downing Street", "New, Arthur"]
    assert filled.undo() == "Change rules"
    assert filled.undo() == "Change rules"
    assert main_headings(filled) == before
    filled.redo()
    assert main_headings(filled)[:4] == ["New, Arthur", "Newark", "newborn", "New York"]


def test_language_changes_order(filled: Document) -> None:
    filled.set_setting("language", "sv")
    assert main_headings(filled)[-2:] == ["zoo", "Ödeshög"]
    with pytest.raises(EditError, match="not a supported language"):
        filled.set_setting("language", "klingon")
    with pytest.raises(EditError, match="not a rule set"):
        filled.set_setting("rules", "chicago")
    assert filled.setting("language") == "sv"


def test_new_entries_follow_the_current_rules(filled: Document) -> None:
    filled.set_setting("rules", "niso-word")
    roses = filled.find_path(["roses"])
    assert roses is not None
    filled.add_entry("and pruning", roses.id)
    assert filled.children(roses.id)[0].plain == "and pruning"
    filled.move_entry(filled.find_path(["roses", "and pruning"]).id, None)  # type: ignore[union-attr]
    assert "and pruning" in main_headings(filled)


def test_rules_and_order_survive_reopening(filled: Document, doc_path: Path) -> None:
    filled.set_setting("rules", "cms-letter")
    order = main_headings(filled)
    filled.close()
    with Document.open(doc_path) as again:
        assert again.setting("rules") == "cms-letter"
        assert main_headings(again) == order
        assert again.undo() == "Change rules"
    with Document.open(doc_path, readonly=True) as reader:
        assert main_headings(reader)[0] == "New, Arthur"


def test_stale_keys_are_recomputed_on_open(filled: Document, doc_path: Path) -> None:
    order = main_headings(filled)
    filled.connection.execute("UPDATE entry SET sort_key = x'00'")
    filled.connection.execute("UPDATE setting SET value = 'old' WHERE key = 'sort-signature'")
    filled.close()
    with Document.open(doc_path) as again:
        assert main_headings(again) == order


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter", "iso-word", "niso-letter"])
def test_dates_under_a_heading_list_in_chronological_order(doc: Document, rules: str) -> None:
    # The case: under the CMS rule sets Paris's dates listed 1918, 1945, 1914, 1968, 1939, 2001
    # (spelled out); CMS's "Subentries" (16.68-70) keep them in the order of time.
    doc.set_setting("rules", rules)
    paris = doc.add_entry("Paris")
    for sub in ["2001", "1968", "1945", "1939", "1918", "1914", "Exposition Universelle"]:
        doc.add_entry(sub, paris)
    assert [entry.plain for entry in doc.children(paris)] == [
        "1914",
        "1918",
        "1939",
        "1945",
        "1968",
        "2001",
        "Exposition Universelle",
    ]


def test_numerals_first_is_a_setting_that_resorts_in_one_undoable_command(filled: Document) -> None:
    assert main_headings(filled).index("10 Downing Street") > main_headings(filled).index("newborn")  # "ten"
    filled.set_setting("numerals-first", "yes")
    assert main_headings(filled)[0] == "10 Downing Street"
    filled.undo()
    assert main_headings(filled).index("10 Downing Street") > main_headings(filled).index("newborn")


def test_greek_as_symbols_is_a_setting_for_the_listing_the_groups_and_the_letter_bar(doc: Document) -> None:
    # Off (the default), English spells a Greek letter out (CMS 16.62-67): α particles among the A's.
    for heading in ["zebras", "alpine plants", "β-carotene", "α particles", "@ sign", "Ω (ohm)", "alpha decay"]:
        doc.add_entry(heading)
    assert main_headings(doc) == [
        "@ sign",
        "alpha decay",
        "α particles",
        "alpine plants",
        "β-carotene",
        "Ω (ohm)",
        "zebras",
    ]
    history = len(doc.history())
    doc.set_setting("greek-as-symbols", "yes")
    assert len(doc.history()) == history + 1
    # The editor's listing: among the symbols, in Greek order, before the A's.
    greek_first = ["@ sign", "α particles", "β-carotene", "Ω (ohm)", "alpha decay", "alpine plants", "zebras"]
    assert main_headings(doc) == greek_first
    # The formatted index: one Symbols & Numbers group, no second "A"-looking group after Z.
    index = format_index(doc.tree(), FormatOptions(), doc.keys)
    assert [group.title for group in index.groups] == ["Symbols & Numbers", "A", "Z"]
    assert [paragraph.text for paragraph in index.groups[0].paragraphs] == greek_first[:4]
    # The letter bar: A goes to the first heading filed under A.
    found = doc.first_main_from("A")
    assert found is not None and doc.entry(found).plain == "alpha decay"
    doc.undo()
    assert main_headings(doc)[1:3] == ["alpha decay", "α particles"]


def test_documents_sorted_before_the_initials_rule_re_sort_on_open(doc: Document, doc_path: Path) -> None:
    # Keys stored under the k3 rules filed "Lane, Thomas" before "Lane, T. R." letter by letter; the
    # signature names the rules that made them, so a document from then re-sorts when opened (CMS 16.63).
    doc.set_setting("rules", "cms-letter")
    for heading in ["Lane, Thomas", "Lane, T. R.", "Lane, Tim"]:
        doc.add_entry(heading)
    assert main_headings(doc) == ["Lane, T. R.", "Lane, Thomas", "Lane, Tim"]
    signature = doc.setting("sort-signature")
    assert signature.startswith("k5;")
    thomas = doc.find_path(["Lane, Thomas"])
    assert thomas is not None
    doc.connection.execute("UPDATE entry SET sort_key = x'00' WHERE id = ?", (thomas.id,))
    doc.connection.execute("UPDATE setting SET value = ? WHERE key = 'sort-signature'", ("k3" + signature[2:],))
    assert main_headings(doc)[0] == "Lane, Thomas"  # as a k3 document stored it
    doc.close()
    with Document.open(doc_path) as again:
        assert main_headings(again) == ["Lane, T. R.", "Lane, Thomas", "Lane, Tim"]
        assert again.setting("sort-signature") == signature
