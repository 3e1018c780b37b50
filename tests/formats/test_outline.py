"""The outline format: parsing every construct, errors by line, loading as one command, the bundled sample."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from xindex.core.imported import ImportFileError
from xindex.core.locators import Emphasis, Series
from xindex.core.model import IndexNode, XRefKind
from xindex.formats import outline as outline_module
from xindex.formats.outline import OutlineError, load_outline, parse_outline, read_outline
from xindex.store import Document, EditError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample.txt"
MAKE_SAMPLE = ROOT / "examples" / "make_sample.py"

SMALL = """\
# a comment
% title: The Cold-Climate Garden
% note: sample for tests

roses | 141–70
    pruning | 160-4, <b>162</b>
        climbers | 163
    see also: <i>Rosa rugosa</i>
<i>Rosa rugosa</i> | 146-8, 147f
    # an indented comment
    see also: roses > pruning

St. Fiacre | xiii, 2 | sort: Saint Fiacre
hybrid tea roses
    see under: roses
shrubs | | sort: Shrubs (general)
    see also (generic): names of individual shrubs
    see: roses
"""


def all_nodes(nodes: list[IndexNode]) -> list[IndexNode]:
    """Every node of a document tree, depth first."""
    found: list[IndexNode] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(node.children))
    return found


# ---------------------------------------------------------------- parsing


def test_parse_settings_entries_and_levels() -> None:
    outline = parse_outline(SMALL)
    assert outline.settings == {"title": "The Cold-Climate Garden", "note": "sample for tests"}
    assert [node.plain for node in outline.entries] == [
        "roses",
        "Rosa rugosa",
        "St. Fiacre",
        "hybrid tea roses",
        "shrubs",
    ]
    roses = outline.entries[0]
    assert (roses.term, roses.locators, roses.sort_as, roses.line) == ("roses", "141–70", None, 5)
    pruning = roses.children[0]
    assert (pruning.plain, pruning.locators, pruning.line) == ("pruning", "160-4, <b>162</b>", 6)
    assert [child.plain for child in pruning.children] == ["climbers"]
    assert pruning.children[0].line == 7
    assert outline.entry_count() == 7
    assert [path for _, path in outline.walk()][:3] == [
        ("roses",),
        ("roses", "pruning"),
        ("roses", "pruning", "climbers"),
    ]


def test_parse_markup_heading_keeps_tags_and_plain_text() -> None:
    rugosa = parse_outline(SMALL).entries[1]
    assert rugosa.term == "<i>Rosa rugosa</i>"
    assert rugosa.plain == "Rosa rugosa"
    assert rugosa.locators == "146-8, 147f"


def test_parse_sort_field_with_and_without_locators() -> None:
    outline = parse_outline(SMALL)
    fiacre, shrubs = outline.entries[2], outline.entries[4]
    assert (fiacre.locators, fiacre.sort_as) == ("xiii, 2", "Saint Fiacre")
    assert (shrubs.locators, shrubs.sort_as) == ("", "Shrubs (general)")


def test_parse_cross_references_of_every_kind() -> None:
    outline = parse_outline(SMALL)
    roses, rugosa, _, hybrid, shrubs = outline.entries
    assert [(x.kind, x.target, x.line) for x in roses.xrefs] == [(XRefKind.SEE_ALSO, ["<i>Rosa rugosa</i>"], 8)]
    assert [(x.kind, x.target, x.line) for x in rugosa.xrefs] == [(XRefKind.SEE_ALSO, ["roses", "pruning"], 11)]
    assert [(x.kind, x.target) for x in hybrid.xrefs] == [(XRefKind.SEE_UNDER, ["roses"])]
    generic, see = shrubs.xrefs
    assert (generic.kind, generic.target, generic.text, generic.generic) == (
        XRefKind.SEE_ALSO,
        None,
        "names of individual shrubs",
        True,
    )
    assert (see.kind, see.target, see.generic, see.line) == (XRefKind.SEE, ["roses"], False, 18)


def test_reference_after_subentries_belongs_to_the_entry_one_level_up() -> None:
    outline = parse_outline("roses\n    pruning | 5\n        shears | 6\n    see also: shrubs\nshrubs | 3\n")
    roses = outline.entries[0]
    assert [x.target for x in roses.xrefs] == [["shrubs"]]
    assert roses.children[0].xrefs == []


def test_forward_references_are_resolved() -> None:
    outline = parse_outline("aspect\n    see: slope and aspect\nslope and aspect | 24–6\n")
    assert outline.entries[0].xrefs[0].target == ["slope and aspect"]
    assert outline.entries[1].locators == "24–6"


def test_keywords_ignore_case_and_spacing() -> None:
    outline = parse_outline(
        "a | 1\n    See Also: b\n    SEE UNDER: b > c\n    see also ( generic ):  x  y \nb\n    c | 2\n"
    )
    xrefs = outline.entries[0].xrefs
    assert [(x.kind, x.target, x.text) for x in xrefs] == [
        (XRefKind.SEE_ALSO, ["b"], ""),
        (XRefKind.SEE_UNDER, ["b", "c"], ""),
        (XRefKind.SEE_ALSO, None, "x y"),
    ]


def test_a_target_is_written_as_its_heading_is_italics_included() -> None:
    # CMS 16.47-55: a title in italics is its own heading; a target names it in the same italics
    outline = parse_outline("<i>Rosa rugosa</i> | 1\nroses\n    see also: <i>Rosa</i>  <i>rugosa</i>\n")
    assert outline.entries[1].xrefs[0].target == ["<i>Rosa rugosa</i>"]
    with pytest.raises(OutlineError, match=r"no main heading “Rosa rugosa” \(did you mean “<i>Rosa rugosa</i>”\?\)"):
        parse_outline("<i>Rosa rugosa</i> | 1\nroses\n    see also: Rosa rugosa\n")


def test_italic_and_roman_forms_are_two_headings_and_file_together_roman_first(doc: Document) -> None:
    # Issue 16: Nature the journal (a title, italic: CMS 16.47-55) and nature are two entries; filed
    # together, roman first (our rule: CMS 16.56-67 and NISO TR03 order by letters alone and say nothing of
    # italics; the roman form is the "nothing before something" of the pair).
    text = (
        "<i>Nature</i> | 12\n"
        "    see also: Nature\n"
        "natural selection | 30\n"
        "Nature | 5\n"
        "Nature, journal of\n"
        "    see: <i>Nature</i>\n"
        "<b>Nature</b>\n"
    )
    with pytest.raises(OutlineError, match="line 7: “Nature” is already a main heading, on line 4"):
        parse_outline(text)
    text = text.replace("<b>Nature</b>\n", "")
    outline = parse_outline(text)
    assert [node.name for node in outline.entries] == [
        "<i>Nature</i>",
        "natural selection",
        "Nature",
        "Nature, journal of",
    ]
    assert load_outline(doc, text) == 4
    assert [entry.term for entry in doc.children(None)] == [
        "natural selection",
        "Nature",
        "<i>Nature</i>",
        "Nature, journal of",
    ]
    journal, roman = doc.find_path(["<i>Nature</i>"]), doc.find_path(["Nature"])
    assert journal is not None and roman is not None and journal.id != roman.id
    assert [loc.first for loc in doc.locators(journal.id)] == [12]
    assert [loc.first for loc in doc.locators(roman.id)] == [5]
    assert [xref.target_id for xref in doc.xrefs(journal.id)] == [roman.id]
    see = doc.find_path(["Nature, journal of"])
    assert see is not None and [xref.target_id for xref in doc.xrefs(see.id)] == [journal.id]


def test_headings_that_begin_with_hash_or_percent_use_entities() -> None:
    outline = parse_outline("&#35;1 cultivars | 3\n&#37; germination | 4\n")
    assert [node.plain for node in outline.entries] == ["#1 cultivars", "% germination"]


def test_crlf_bom_and_trailing_spaces_are_accepted() -> None:
    outline = parse_outline("\ufeff% title: T  \r\nroses | 1   \r\n    pruning | 2\r\n")
    assert outline.settings == {"title": "T"}
    assert outline.entries[0].children[0].line == 3


def test_empty_text_is_an_empty_outline() -> None:
    outline = parse_outline("# nothing\n\n")
    assert outline.settings == {}
    assert outline.entries == []


def test_same_heading_under_different_parents_is_allowed() -> None:
    outline = parse_outline("roses\n    pruning | 1\nshrubs\n    pruning | 2\n")
    assert outline.entry_count() == 4


def test_the_example_in_the_format_documentation_parses() -> None:
    doc_text = outline_module.__doc__ or ""
    block = doc_text.split("::\n\n", 1)[1].split("\n\nLines\n", 1)[0]
    example = "\n".join(line.removeprefix("    ") for line in block.splitlines())
    outline = parse_outline(example)
    assert outline.settings["title"] == "The Cold-Climate Garden"
    assert outline.entry_count() == 11


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("roses | 1\n\tpruning | 2\n", 2, "tab"),
        ("roses | 1\n  pruning | 2\n", 2, "not a multiple of 4"),
        ("roses | 1\n        pruning | 2\n", 2, "skips a level"),
        ("    roses | 1\n", 1, "skips a level"),
        ("roses\n    pruning\n            sharp | 1\n", 3, "skips a level"),
        ("roses | 1\n% title: late\n", 2, "before the first entry"),
        ("  % title: T\nroses\n", 1, "must not be indented"),
        ("% title T\n", 1, "% key: value"),
        ("% title: A\n% title: B\n", 2, "already given on line 1"),
        ("# c\nroses | 12, 14-\n", 2, "the range has no end page"),
        ("roses | xiv–3\n", 1, "cannot mix roman and arabic"),
        ("roses | 20-10\n", 1, "ends before it starts"),
        ("roses | 12,, 13\n", 1, "empty locator"),
        ("roses | 1\n    <i>pruning | 2\n", 2, "never closed"),
        ("<b>roses</i> | 1\n", 1, "does not match"),
        ("roses | 1\nshrubs\nroses | 2\n", 3, "“roses” is already a main heading, on line 1"),
        ("roses\n    pruning | 1\n    pruning | 2\n", 3, "already a subheading of “roses”, on line 2"),
        ("roses\n    <b>pruning</b> | 1\n    pruning | 2\n", 3, "differ only in bold, small caps"),
        ("roses\n    <i>pru</i><i>ning</i> | 1\n    <i>pruning </i> | 2\n", 3, "“<i>pruning</i>” is already a"),
        ("roses | 1\n    see also: shrubs\n", 2, "no main heading “shrubs”"),
        (
            "roses | 1\n    pruning | 2\nshrubs\n    see: roses > thinning\n",
            4,
            "no subheading “thinning” under “roses”",
        ),
        ("serviceberries (<i>Amelanchier</i>) | 1\nA\n    see: serviceberries\n", 3, "did you mean"),
        ("roses | 1\n    see also: roses\n", 2, "refers to itself"),
        ("roses | 1\n    see also: shrubs\n    see also: shrubs\nshrubs | 2\n", 3, "already given on line 2"),
        ("roses | 1\n    see also (generic): x\n    see also (generic): X\n", 3, "already given on line 2"),
        ("see also: roses\n", 1, "indented under the entry"),
        ("roses | 1\n        see also: shrubs\nshrubs\n", 2, "skips a level"),
        ("roses | 1\n    see also:\n", 2, "needs a target"),
        ("roses | 1\n    see also: roses >  > x\n", 2, "empty level"),
        ("roses | 1\n    see (generic): <i></i>\n", 2, "needs its text"),
        ("roses | 1\n    see also (generic): <i>x\n", 2, "never closed"),
        ("roses | 1\n| 2\n", 2, "heading is empty"),
        ("roses | 1 | sort: R | extra\n", 1, "too many"),
        ("roses | 1 | order: R\n", 1, "third field must be 'sort: SORT AS'"),
        ("roses | 1 | sort:  \n", 1, "sort field of “roses” is empty"),
        ("roses | sort: R\n", 1, "sort field comes third"),
    ],
)
def test_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")
    assert words in str(caught.value)


def test_outline_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^line 1: "):
        parse_outline("roses | ab-cd\n")


# ---------------------------------------------------------------- loading


def test_load_writes_everything_as_one_command(doc: Document) -> None:
    before = len(doc.history())
    added = load_outline(doc, SMALL, label="Import small")
    assert added == 7
    assert doc.entry_count() == 7
    assert doc.setting("title") == "Test Index", "as any import: the document's own settings are kept"
    assert doc.setting("note") == "sample for tests", "settings it does not have are filled in"
    assert doc.history()[before:] == [(doc.history()[-1][0], "Import small", False)]

    pruning = doc.find_path(["roses", "pruning"])
    assert pruning is not None
    assert [(loc.first, loc.last, loc.emphasis) for loc in doc.locators(pruning.id)] == [
        (160, 164, Emphasis.NONE),
        (162, 162, Emphasis.BOLD),
    ]
    fiacre = doc.find_path(["St. Fiacre"])
    assert fiacre is not None and fiacre.sort_as == "Saint Fiacre"
    assert doc.locators(fiacre.id)[0].series is Series.ROMAN
    rugosa = doc.find_path(["<i>Rosa rugosa</i>"])
    assert rugosa is not None and rugosa.term == "<i>Rosa rugosa</i>"
    assert [doc.xref_text(x) for x in doc.xrefs(rugosa.id)] == ["roses: pruning"]
    assert [x.target_id for x in doc.xrefs(rugosa.id)] == [pruning.id]
    shrubs = doc.find_path(["shrubs"])
    assert shrubs is not None
    assert [(x.kind, x.generic, doc.xref_text(x)) for x in doc.xrefs(shrubs.id)] == [
        (XRefKind.SEE_ALSO, True, "names of individual shrubs"),
        (XRefKind.SEE, False, "roses"),
    ]


def test_one_undo_removes_the_whole_import(doc: Document) -> None:
    load_outline(doc, SMALL)
    assert doc.undo() == "Import outline"
    assert doc.entry_count() == 0
    assert doc.setting("note") == ""
    assert doc.setting("title") == "Test Index"
    assert doc.redo() == "Import outline"
    assert doc.entry_count() == 7


def _snapshot(doc: Document) -> tuple[int, int, dict[str, str]]:
    return doc.entry_count(), len(doc.history()), doc.settings()


def test_failed_parse_leaves_the_document_unchanged(doc: Document) -> None:
    doc.add_entry("compost", locators="50-7")
    before = _snapshot(doc)
    with pytest.raises(ImportFileError) as caught:
        load_outline(doc, "% title: New\nroses | 1\n    pruning | 2-\n")
    assert caught.value.line == 3
    assert _snapshot(doc) == before


def test_an_outline_merges_as_every_import_does(doc: Document) -> None:
    """One store operation applies every import: a heading that exists takes the new pages."""
    roses = doc.add_entry("roses", locators="141-70")
    assert load_outline(doc, "% title: Changed\napples | 226\n\nroses | 5\n    pruning | 160\n") == 2
    assert [locator.plain() for locator in doc.locators(roses)] == ["5", "141–170"]
    assert doc.setting("title") == "Test Index"


def test_store_error_rolls_back_and_names_the_line(doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    doc.add_entry("roses", locators="141-70")
    before = _snapshot(doc)
    add_entry = doc.add_entry

    def refuse(term: str, *args: object, **kwargs: object) -> int:
        if term == "cultivars":
            raise EditError("refused for the test")
        return add_entry(term, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(doc, "add_entry", refuse)
    with pytest.raises(ImportFileError) as caught:
        load_outline(doc, "% note: Changed\napples | 226\n    cultivars | 229\n\nroses | 5\n")
    assert caught.value.line == 3
    assert str(caught.value) == "line 3: “cultivars”: refused for the test"
    assert _snapshot(doc) == before
    assert doc.find_path(["apples"]) is None


def test_a_refused_reference_is_a_warning(doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise EditError("refused for the test")

    monkeypatch.setattr(doc, "add_xref", refuse)
    report = doc.apply_import(read_outline("roses | 1\n    pruning | 2\n\n        see also: shrubs\nshrubs | 3\n"))
    assert report.added == 3
    assert report.warnings == ["line 4: refused for the test; the reference was left out"]


def test_load_into_a_document_that_already_has_entries(doc: Document) -> None:
    doc.add_entry("compost", locators="50")
    assert load_outline(doc, "roses | 1\n    see also: shrubs\nshrubs | 2\n") == 2
    assert doc.entry_count() == 3


# ---------------------------------------------------------------- the bundled sample


def test_sample_loads_into_a_fresh_document(tmp_path: Path) -> None:
    with Document.create(tmp_path / "sample.xix") as document:
        added = load_outline(document, SAMPLE.read_text(encoding="utf-8"))
        assert 130 <= added <= 170
        assert document.entry_count() == added
        assert len(document.history()) == 1
        assert document.setting("title")
        assert document.setting("note")
        nodes = all_nodes(document.tree())
        info = document.info()
    assert max(node.depth for node in nodes) == 2  # three levels
    locators = [locator for node in nodes for locator in node.locators]
    assert any(locator.series is Series.ROMAN and locator.is_range for locator in locators)
    assert any(locator.series is Series.ROMAN and not locator.is_range for locator in locators)
    assert any(locator.emphasis is Emphasis.BOLD for locator in locators)
    assert {locator.kind.name for locator in locators} >= {"PAGE", "NOTE", "FIGURE", "TABLE"}
    xrefs = [xref for node in nodes for xref, _ in node.xrefs]
    kinds = {xref.kind for xref in xrefs}
    assert {XRefKind.SEE, XRefKind.SEE_ALSO, XRefKind.SEE_UNDER} <= kinds
    assert sum(xref.generic for xref in xrefs) >= 2
    assert info.blind_xrefs == 0
    see_only = [node for node in nodes if any(x.kind is XRefKind.SEE for x, _ in node.xrefs)]
    assert see_only and all(not node.locators and not node.children for node in see_only)
    subentry_see_also = [
        node for node in nodes if node.depth > 0 and any(x.kind is XRefKind.SEE_ALSO for x, _ in node.xrefs)
    ]
    assert subentry_see_also
    assert any(node.entry.sort_as for node in nodes)
    assert any("<i>" in node.entry.term for node in nodes)
    assert any(node.entry.plain[0].isdigit() for node in nodes)
    assert any(char in node.entry.plain for node in nodes for char in "éö")


def test_make_sample_builds_and_replaces_the_document(tmp_path: Path) -> None:
    output = tmp_path / "sample.xix"
    output.write_bytes(b"old")
    for suffix in ("-wal", "-shm", "-lock"):
        output.with_name(output.name + suffix).write_bytes(b"stale")
    done = subprocess.run(
        [sys.executable, str(MAKE_SAMPLE), str(SAMPLE), str(output)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "entries added" in done.stdout
    assert len(done.stdout.strip().splitlines()) == 1
    assert not output.with_name(output.name + "-wal").exists()
    with Document.open(output, readonly=True) as document:
        assert 130 <= document.entry_count() <= 170


def test_make_sample_reports_bad_input_with_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "bad.txt"
    source.write_text("roses | 1\n    pruning | 20-10\n", encoding="utf-8")
    output = tmp_path / "bad.xix"
    done = subprocess.run(
        [sys.executable, str(MAKE_SAMPLE), str(source), str(output)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2
    assert "line 2: " in done.stderr
    assert "ends before it starts" in done.stderr
    assert done.stdout == ""
    assert not output.exists()
