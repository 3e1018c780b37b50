"""The document: round trips, commands, undo/redo across sessions, search."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from xindex.core import listing
from xindex.core.locators import LocatorError, Series
from xindex.store import Document, EditError
from xindex.store.connection import APPLICATION_ID
from xindex.store.errors import ReadOnlyError
from xindex.store.schema import SCHEMA_VERSION


def listing_of(document: Document) -> list[str]:
    return list(listing.lines(document.tree()))


def build(document: Document) -> dict[str, int]:
    ids = {
        "roses": document.add_entry("roses", locators="12, 14-16"),
        "café": document.add_entry("café society", locators="xii, 45n3", notes="check spelling with author"),
        "new york": document.add_entry("New York", locators="200-210"),
        "newborn": document.add_entry("newborn", locators="3"),
    }
    ids["climbing"] = document.add_entry("climbing", ids["roses"], locators="77f, 78")
    ids["pruning"] = document.add_entry("<i>pruning</i> of", ids["roses"], sort_as="pruning")
    ids["tools"] = document.add_entry("tools", ids["pruning"], locators="<b>112</b>")
    ids["briar"] = document.add_entry("briar")
    document.add_xref(ids["briar"], "see", target_id=ids["climbing"])
    document.add_xref(ids["roses"], "see also", text="specific roses")
    return ids


def test_new_document_identifies_itself(doc: Document) -> None:
    assert doc.connection.execute("PRAGMA application_id").fetchall()[0][0] == APPLICATION_ID
    assert doc.connection.execute("PRAGMA user_version").fetchall()[0][0] == SCHEMA_VERSION
    assert doc.connection.execute("PRAGMA journal_mode").fetchall()[0][0] == "wal"
    assert doc.connection.execute("PRAGMA foreign_keys").fetchall()[0][0] == 1
    assert doc.setting("title") == "Test Index"


def test_round_trip_through_close_and_reopen(doc: Document, doc_path: Path) -> None:
    ids = build(doc)
    before = listing_of(doc)
    doc.close()
    with Document.open(doc_path) as again:
        assert listing_of(again) == before
        entry = again.entry(ids["pruning"])
        assert (entry.term, entry.plain, entry.sort_as) == ("<i>pruning</i> of", "pruning of", "pruning")
        assert again.entry(ids["café"]).notes == "check spelling with author"
        assert [loc.canonical() for loc in again.locators(ids["tools"])] == ["<b>112</b>"]
    assert before == [
        "briar. See roses: climbing",
        "café society, xii, 45n3",
        "New York, 200–210",
        "newborn, 3",
        "roses, 12, 14–16. See also specific roses",
        "    climbing, 77f, 78",
        "    pruning of",
        "        tools, 112",
    ]


def test_closed_document_is_one_file(doc: Document, doc_path: Path) -> None:
    build(doc)
    doc.close()
    assert sorted(p.name for p in doc_path.parent.iterdir()) == ["book.xix"]


def test_add_path_creates_levels_and_merges_pages(doc: Document) -> None:
    first = doc.add_path(["roses", "climbing"], "12, 14-16")
    again = doc.add_path(["roses", "climbing"], "13, 15-18, 12")
    assert first == again
    assert [loc.plain() for loc in doc.locators(first)] == ["12", "13", "14–18"]
    assert doc.entry_count() == 2


def test_sibling_headings_must_differ(doc: Document) -> None:
    roses = doc.add_entry("roses")
    doc.add_entry("climbing", roses)
    with pytest.raises(EditError, match="already exists under “roses”"):
        doc.add_entry("climbing", roses)
    doc.add_entry("climbing")  # the same words at another level are fine


def test_rejected_edit_leaves_document_unchanged(doc: Document) -> None:
    build(doc)
    before = (listing_of(doc), doc.history())
    with pytest.raises(LocatorError):
        doc.add_path(["roses", "new"], "12, 20-10")
    with pytest.raises(EditError), doc.command("Several edits"):
        doc.add_entry("first of several")
        doc.add_entry("second", locators="5")
        doc.add_xref(doc.find_path(["second"]).id, "see", target_id=doc.find_path(["second"]).id)  # type: ignore[union-attr]
    assert (listing_of(doc), doc.history()) == before


def test_edit_move_and_locators(doc: Document) -> None:
    ids = build(doc)
    doc.edit_entry(ids["newborn"], term="newborns", notes="plural")
    assert doc.entry(ids["newborn"]).plain == "newborns"
    doc.move_entry(ids["tools"], ids["roses"])
    assert doc.path_text(ids["tools"]) == "roses: tools"
    with pytest.raises(EditError, match="under itself"):
        doc.move_entry(ids["roses"], ids["tools"])
    doc.set_locators(ids["roses"], "1, 2")
    doc.add_locators(ids["roses"], "2-4")
    assert [loc.plain() for loc in doc.locators(ids["roses"])] == ["1", "2–4"]


def test_renaming_a_target_updates_references(doc: Document) -> None:
    ids = build(doc)
    doc.edit_entry(ids["climbing"], term="climbers")
    assert "briar. See roses: climbers" in listing_of(doc)


def test_delete_refuses_when_referred_to_and_force_leaves_blind_reference(doc: Document) -> None:
    ids = build(doc)
    with pytest.raises(EditError, match="target of cross-references from briar"):
        doc.delete_entry(ids["roses"])
    assert doc.delete_entry(ids["roses"], force=True) == 4
    [xref] = doc.xrefs(ids["briar"])
    assert xref.blind and xref.text == "roses: climbing"
    assert doc.info().blind_xrefs == 1


def test_undo_redo_survive_close_and_reopen(doc: Document, doc_path: Path) -> None:
    ids = build(doc)
    full = listing_of(doc)
    doc.delete_entry(ids["roses"], force=True)
    after_delete = listing_of(doc)
    doc.close()

    with Document.open(doc_path) as second:
        assert second.undo() == "Delete “roses”"
        assert listing_of(second) == full
        assert [e.plain for e in second.search("tools")] == ["tools"]
    with Document.open(doc_path) as third:
        assert third.redo() == "Delete “roses”"
        assert listing_of(third) == after_delete
        assert third.search("tools") == []
        assert third.undo() == "Delete “roses”"
    with Document.open(doc_path) as fourth:
        assert listing_of(fourth) == full
        while fourth.undo():
            pass
        assert fourth.entry_count() == 0
        while fourth.redo():
            pass
        assert listing_of(fourth) == after_delete


def test_new_command_discards_redo_branch(doc: Document) -> None:
    doc.add_entry("a")
    doc.add_entry("b")
    doc.undo()
    assert doc.can_redo()
    doc.add_entry("c")
    assert not doc.can_redo()
    assert [label for _, label, _ in doc.history()] == ["Add “a”", "Add “c”"]


def test_one_command_undoes_as_one(doc: Document) -> None:
    with doc.command("Import"):
        for word in ["alpha", "beta", "gamma"]:
            doc.add_entry(word, locators="1")
    assert doc.undo() == "Import"
    assert doc.entry_count() == 0


def test_settings_are_undoable(doc: Document) -> None:
    doc.set_setting("title", "Another")
    assert doc.undo() == "Change title"
    assert doc.setting("title") == "Test Index"


def test_search_words_prefix_phrase_boolean_and_diacritics(doc: Document) -> None:
    build(doc)

    def found(query: str) -> list[str]:
        return sorted(e.plain for e in doc.search(query))

    assert found("cafe") == ["café society"]
    assert found("café") == ["café society"]
    assert found("soc*") == ["café society"]
    assert found('"new york"') == ["New York"]
    assert found("new OR newborn") == ["New York", "newborn"]
    # a heading's words count for its subentries: the whole path is matched
    assert found("roses NOT climbing") == ["pruning of", "roses", "tools"]
    assert found("pruning AND of") == ["pruning of", "tools"]
    assert found("roses AND tools") == ["tools"]
    assert found("climbing AND tools") == []
    assert found("spelling") == ["café society"]  # notes are searched too
    assert found("new-york") == ["New York"]  # punctuation that is FTS syntax falls back to words


def test_search_matches_the_whole_heading_path(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="12")
    hybrid = doc.add_entry("hybrid tea", roses, locators="14")
    winter = doc.add_entry("winter protection", hybrid, locators="15")
    doc.add_entry("winter", locators="30")
    doc.add_entry("pests", roses, notes="winter aphids")

    def found(query: str, **options: bool) -> list[str]:
        return [doc.path_text(e.id) for e in doc.search(query, **options)]

    assert found("roses AND winter") == ["roses: hybrid tea: winter protection", "roses: pests"]
    assert found("roses winter protection") == ["roses: hybrid tea: winter protection"]
    assert found('roses "winter protection"') == ["roses: hybrid tea: winter protection"]
    assert found("hybrid NOT winter") == ["roses: hybrid tea"]
    assert found("(hybrid OR pests) AND roses") == [
        "roses: hybrid tea",
        "roses: hybrid tea: winter protection",
        "roses: pests",
    ]
    assert found("rose") == []
    assert found("rose", as_you_type=True)[0] == "roses"  # the word being typed is a prefix
    assert found("rose ", as_you_type=True) == []  # a space ends the word
    assert doc.match_ids("winter protection") == {winter}


def test_search_results_come_in_index_order(doc: Document) -> None:
    for term in ("zebra", "apple", "mango"):
        parent = doc.add_entry(term)
        doc.add_entry("fruit", parent)
    assert [doc.path_text(e.id) for e in doc.search("fruit OR zebra OR apple")] == [
        "apple",
        "apple: fruit",
        "mango: fruit",
        "zebra",
        "zebra: fruit",
    ]
    assert len(doc.search("fruit", limit=2)) == 2


def test_search_pages_direct_and_inside_ranges(doc: Document) -> None:
    build(doc)

    def found(query: str) -> list[str]:
        return sorted(e.plain for e in doc.search(query))

    assert found("15") == ["roses"]
    assert found("205") == ["New York"]
    assert found("xii") == ["café society"]
    assert found("45") == ["café society"]
    assert found("112") == ["tools"]
    assert found("14-15") == ["roses"]
    assert found("999") == []


def test_search_follows_edits(doc: Document) -> None:
    ids = build(doc)
    doc.edit_entry(ids["newborn"], term="infant")
    assert doc.search("newborn") == []
    assert [e.plain for e in doc.search("infant")] == ["infant"]


def test_broken_search_syntax_falls_back_to_words_or_says_why(doc: Document) -> None:
    build(doc)
    assert [e.plain for e in doc.search("roses AND (")] == ["roses"]  # broken syntax: searched as words
    with pytest.raises(EditError, match="cannot search for '\\*'"):
        doc.search("*")


def test_sql_functions_and_collation(doc: Document) -> None:
    build(doc)
    con = doc.connection
    values = con.execute("SELECT xindex_page_value('xii'), xindex_page_value('45'), xindex_page_value('q')")
    assert values.fetchall() == [(12, 45, None)]
    assert con.execute("SELECT xindex_plain('<i>a</i> &amp; b')").fetchall() == [("a & b",)]
    query = "SELECT plain FROM entry WHERE parent_id IS NULL ORDER BY plain COLLATE xindex"
    ordered = [row[0] for row in con.execute(query)]
    assert ordered == ["briar", "café society", "New York", "newborn", "roses"]
    stored = [e.plain for e in doc.children(None)]
    assert stored == ordered
    key = con.execute("SELECT xindex_sortkey('New York')").fetchall()[0][0]
    assert key == doc.find_path(["New York"]).sort_key  # type: ignore[union-attr]


def test_sort_as_wins(doc: Document) -> None:
    doc.add_entry("Saint Fiacre")
    doc.add_entry("St. Fiacre's garden", sort_as="Saint Fiacres garden")
    doc.add_entry("Sargent")
    assert [e.plain for e in doc.children(None)] == ["Saint Fiacre", "St. Fiacre's garden", "Sargent"]


def test_page_span_and_counts(doc: Document) -> None:
    build(doc)
    info = doc.info()
    assert info.levels == {0: 5, 1: 2, 2: 1}
    assert info.spans == {Series.ROMAN: (12, 12), Series.ARABIC: (3, 210)}
    assert info.xrefs == {"see": 1, "see also": 1}
    assert info.generic_xrefs == 1


def test_readonly_document_refuses_commands(doc: Document, doc_path: Path) -> None:
    build(doc)
    with Document.open(doc_path, readonly=True) as reader:
        assert reader.entry_count() == 8
        with pytest.raises(ReadOnlyError):
            reader.add_entry("x")
        with pytest.raises(ReadOnlyError):
            reader.undo()


def test_external_sqlite_tool_can_read_the_file(doc: Document, doc_path: Path) -> None:
    build(doc)
    plain = apsw.Connection(str(doc_path), flags=apsw.SQLITE_OPEN_READONLY)
    rows = plain.execute("SELECT plain FROM entry WHERE parent_id IS NULL ORDER BY sort_key").fetchall()
    assert [row[0] for row in rows][:2] == ["briar", "café society"]
    hits = plain.execute("SELECT rowid FROM entry_fts WHERE entry_fts MATCH 'cafe'").fetchall()
    assert len(hits) == 1


def test_groups_are_undoable_and_follow_deletes(doc: Document) -> None:
    ids = build(doc)
    doc.add_to_group("to check", [ids["roses"], ids["briar"]])
    doc.add_to_group("To  check", [ids["tools"]])
    assert doc.groups() == {"to check": sorted([ids["roses"], ids["briar"], ids["tools"]])}
    doc.remove_from_group("to check", [ids["briar"]])
    assert doc.groups()["to check"] == sorted([ids["roses"], ids["tools"]])
    doc.delete_entry(ids["roses"], force=True)
    assert doc.groups() == {"to check": []}
    doc.undo()
    assert doc.groups()["to check"] == sorted([ids["roses"], ids["tools"]])
    doc.remove_from_group("to check", [ids["roses"], ids["tools"]])
    assert doc.groups() == {}
    doc.undo()
    assert len(doc.groups()["to check"]) == 2
    with pytest.raises(EditError, match="no group"):
        doc.remove_from_group("missing", [ids["roses"]])


def test_children_window_paging(doc: Document) -> None:
    for number in range(25):
        doc.add_entry(f"heading {number}")
    first = doc.children(None, limit=10)
    second = doc.children(None, limit=10, after=first[-1])
    rest = doc.children(None, after=second[-1])
    assert [e.plain for e in first + second + rest] == [e.plain for e in doc.children(None)]
    assert [e.plain for e in first[:3]] == ["heading 0", "heading 1", "heading 2"]
    assert len(rest) == 5


def test_circular_see_references_are_refused(doc: Document) -> None:
    a, b, c = (doc.add_entry(name) for name in ("alpha", "beta", "gamma"))
    doc.add_xref(a, "see", target_id=b)
    doc.add_xref(b, "see", target_id=c)
    with pytest.raises(EditError, match="circle of See references"):
        doc.add_xref(c, "see", target_id=a)
    doc.add_xref(c, "see also", target_id=a)  # See also may point back
    assert [x.kind for x in doc.xrefs(c)] == ["see also"]


def test_the_same_reference_twice_is_refused_and_changes_nothing(doc: Document) -> None:
    a, b = doc.add_entry("alpha"), doc.add_entry("beta")
    doc.add_xref(a, "see also", target_id=b)
    doc.add_xref(a, "see also", text="specific  <i>kinds</i> ")
    before = doc.xrefs(a)
    with pytest.raises(EditError, match="already has “see also beta”"):
        doc.add_xref(a, "see also", target_id=b)
    with pytest.raises(EditError, match="already has “see also specific kinds”"):
        doc.add_xref(a, "see also", text="specific <i>kinds</i>")  # the same text once spaces are normalised
    assert doc.xrefs(a) == before
    doc.add_xref(a, "see", text="specific <i>kinds</i>")  # another kind is another reference


def test_completion_ignores_case_and_accents_and_matches_word_starts(doc: Document) -> None:
    for term in ("Łódź", "Lodge, Henry Cabot", "Gogh, Vincent van", "van Gogh Museum", "Einstein, Albert", "ego"):
        doc.add_entry(term)
    einstein = doc.find_path(["Einstein, Albert"])
    assert einstein is not None
    doc.add_entry("relativity", einstein.id)
    doc.add_entry("general theory", doc.find_path(["Einstein, Albert", "relativity"]).id)  # type: ignore[union-attr]

    def plain(parent_id: int | None, typed: str, **options: bool) -> list[str]:
        return [found.entry.plain for found in doc.complete(parent_id, typed, **options)]

    assert plain(None, "lodz") == ["Łódź"]
    assert plain(None, "LOD") == ["Lodge, Henry Cabot", "Łódź"]
    assert plain(None, "gogh") == ["Gogh, Vincent van", "van Gogh Museum"]  # heading starts first
    assert plain(None, "Eins") == ["Einstein, Albert"]
    assert plain(einstein.id, "rel") == ["relativity"]
    assert plain(einstein.id, "ego") == []  # only the headings under the parent
    assert plain(None, "") == []
    assert plain(None, "theory") == []  # main headings only ...
    assert [found.path for found in doc.complete(None, "theory", anywhere=True)] == [
        "Einstein, Albert: relativity: general theory"  # ... or every level, by path
    ]
    assert [found.path for found in doc.complete(None, "g", anywhere=True)] == [
        "Gogh, Vincent van",  # main headings that begin with it first, then word starts in index order
        "Einstein, Albert: relativity: general theory",
        "van Gogh Museum",
    ]


def test_completion_shows_markup_and_pages_to_tell_headings_apart(doc: Document) -> None:
    movement = doc.add_entry("Cubism")
    doc.add_locators(movement, "45-52")
    general = doc.add_entry("cubism")
    doc.add_xref(general, "see", target_id=movement)
    doc.add_locators(doc.add_entry("<i>Cubist Painters, The</i>"), "<b>60</b>")
    found = doc.complete(None, "cub")
    assert [(item.entry.term, item.pages) for item in found] == [
        ("cubism", "see Cubism"),
        ("Cubism", "45–52"),
        ("<i>Cubist Painters, The</i>", "<b>60</b>"),
    ]


def test_similar_headings_differ_only_by_case_accents_or_markup(doc: Document) -> None:
    paris = doc.add_entry("Paris")
    doc.add_entry("Montmartre", paris)
    doc.add_entry("café society")
    assert doc.similar_headings(["cafe society"]) == [(0, "cafe society", "café society")]
    # the italic form is another heading (CMS 16.47-55, a title in italics): the roman one is near it
    assert doc.similar_headings(["<i>Café Society</i>"]) == [(0, "<i>Café Society</i>", "café society")]
    doc.add_entry("<i>Nature</i>")
    assert doc.similar_headings(["Nature"]) == [(0, "Nature", "<i>Nature</i>")]
    assert doc.similar_headings(["<b>Nature</b>"]) == [(0, "Nature", "<i>Nature</i>")]
    assert doc.similar_headings(["Paris", "montmartre"]) == [(1, "montmartre", "Montmartre")]
    assert doc.similar_headings(["Paris", "Montmartre"]) == []  # exists exactly
    assert doc.similar_headings(["Paris", "Belleville"]) == []
    assert doc.similar_headings(["london", "soho"]) == []


def test_a_snapshot_sees_one_state_while_another_process_writes(doc: Document, doc_path: Path) -> None:
    """What the exporters of the document itself (IXML, XIML, CSV) read: one state, never half of a commit."""
    import subprocess
    import sys

    build(doc)
    doc.close()
    writer = (
        "from xindex.store import Document\n"
        f"with Document.open({str(doc_path)!r}) as d:\n"
        "    d.add_entry('zinnias', locators='300')\n"
        "    d.set_setting('title', 'Changed meanwhile')\n"
    )
    with Document.open(doc_path, readonly=True) as reader, reader.snapshot() as snapshot:
        count, title = snapshot.entry_count(), snapshot.setting("title")
        subprocess.run([sys.executable, "-c", writer], check=True)
        assert (snapshot.entry_count(), snapshot.setting("title")) == (count, title)
        assert snapshot.find_path(["zinnias"]) is None
    with Document.open(doc_path, readonly=True) as reader:
        assert reader.entry_count() == count + 1 and reader.setting("title") == "Changed meanwhile"


def test_the_registry_types_document_exporters_apart() -> None:
    from xindex.formats.registry import EXPORTERS

    with pytest.raises(TypeError, match="reads the document: call document_function"):
        _ = EXPORTERS["ixml"].function
    with pytest.raises(TypeError, match="writes the formatted index: call function"):
        _ = EXPORTERS["html"].document_function
    assert callable(EXPORTERS["csv"].document_function)


def test_main_heading_ranges_cover_every_main_heading_once_balanced_by_subentries(doc: Document) -> None:
    with doc.command("build"):
        for letter in "abcdefghij":
            doc.add_path([f"{letter} heading"], "1")
        for number in range(40):  # one heading as big as the nine others with theirs
            doc.add_path(["a heading", f"sub {number:02}"], "2")
        for number in range(9):
            doc.add_path(["f heading", f"sub {number}", "deeper"], "3")
    runs = doc.main_heading_ranges(2)
    assert len(runs) == 2
    assert sum(entries for _, _, entries in runs) == doc.entry_count()
    (first, last, _), (second, end, _) = runs
    mains = [entry for entry in doc.children(None)]
    assert first[1] == mains[0].id and end[1] == mains[-1].id
    assert [entry.id for entry in mains].index(second[1]) == [entry.id for entry in mains].index(last[1]) + 1
    assert last[1] == mains[0].id  # the big heading is a run by itself
    assert doc.main_heading_ranges(1)[0][2] == doc.entry_count()
    assert 2 < len(doc.main_heading_ranges(50)) <= 10


def test_index_order_of_many_ids_equals_the_rule_for_few(sample: Document) -> None:
    """The whole-index path of in_index_order (for many ids) orders exactly as the per-id chains do."""
    import random

    from xindex.store import search

    ids = [entry_id for (entry_id,) in sample.connection.execute("SELECT id FROM entry")]
    picker = random.Random(7)
    for size in (1, 2, 5, 40, len(ids) // 2, len(ids)):
        wanted = [*picker.sample(ids, size), ids[0], 10**9]  # a repeated id and an unknown one
        assert len(wanted) < search.WHOLE_INDEX_FROM
        assert sample._in_index_order_from_all(wanted) == sample.in_index_order(wanted)
