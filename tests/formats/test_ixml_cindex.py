"""IXML with CINDEX (issue 18): what we write is what CINDEX reads (the oracle in cindex_oracle.py follows
CINDEX's published reader), and what CINDEX writes comes in as CINDEX meant it."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats import cindex_oracle
from tests.formats.test_ximl import add_chains, snapshot, terms
from tests.support import applying
from xindex.core.model import XRefKind
from xindex.formats.importers import text_locator
from xindex.formats.ixml import export_ixml_document, read_ixml
from xindex.store import Document, EditError

import_ixml = applying(read_ixml)


def _export(document: Document) -> tuple[str, list[str]]:
    losses: list[str] = []
    with document.snapshot():
        text = export_ixml_document(document, time="2024-01-02T03:04:05", losses=losses)
    return text, losses


def _records(reading: cindex_oracle.Reading) -> dict[tuple[str, ...], list[cindex_oracle.Record]]:
    found: dict[tuple[str, ...], list[cindex_oracle.Record]] = {}
    for record in reading.records:
        found.setdefault(tuple(field.shown for field in record.headings), []).append(record)
    return found


def test_cindex_reads_each_locator_as_one_reference(tmp_path: Path) -> None:
    with Document.create(tmp_path / "l.xix") as document:
        document.add_entry(
            "roses",
            locators="98nn2,5, <b>12-15</b>, xii-xiv, II:24-26, 30-38 passim, [46], 77f, 0@frontispiece",
        )
        sections = document.add_entry("sections", locators="3@2.3.2.2")
        document.set_locators(sections, [*document.locators(sections), text_locator("Plate A; verso")])
        text, _losses = _export(document)
    reading = cindex_oracle.read(text)
    assert (reading.loc_separator, reading.xref_separator, reading.loc_connector) == (",", ";", "-")
    records = _records(reading)
    roses = [reading.references(record) for record in records[("roses",)]]
    assert all(len(references) == 1 for references in roses)
    found = {(reference.first, reference.last) for [reference] in roses}  # type: ignore[misc]
    assert found == {
        ("98nn2,5", None),  # (the comma after <literal/>: one note list, not a page 5)
        ("12", "15"),
        ("xii", "xiv"),
        ("II:24", "26"),
        ("30", "38 passim"),
        ("[46]", None),
        ("77f", None),
        ("frontispiece", None),  # (the text alone: CINDEX has no 0@ order)
    }
    sections = {reading.references(record)[0].text for record in records[("sections",)]}  # type: ignore[union-attr]
    assert sections == {"2.3.2.2", "Plate A; verso"}


def test_cindex_finds_every_linked_target_and_we_say_which_it_cannot(tmp_path: Path) -> None:
    with Document.create(tmp_path / "x.xix") as document:
        roses = document.add_entry("roses", locators="1")
        climbing = document.add_entry("climbing", roses, locators="2")
        pruning = document.add_entry("pruning", climbing, locators="3")
        cafe = document.add_entry("Café society", locators="4")
        hague = document.add_entry("Hague, The", locators="5")
        source = document.add_entry("gardens", locators="6")
        for target in (roses, climbing, cafe, hague):
            document.add_xref(source, "see also", target_id=target)
        document.add_xref(document.add_entry("shrubs", locators="7"), "see", target_id=pruning)
        nature = document.add_entry("<i>Nature</i>", locators="8")
        document.add_xref(document.add_entry("journals", locators="9"), "see also", target_id=nature)
        text, losses = _export(document)
    reading = cindex_oracle.read(text)
    targets = {
        name: reading.target(name)
        for record in reading.records
        if cindex_oracle.is_cross_reference(record.locator.shown)
        for name in reading.references(record)  # type: ignore[union-attr]
    }
    assert targets["roses"] == ("roses",)
    assert targets["roses, climbing"] == ("roses", "climbing")
    assert targets["Café society"] == ("Café society",)
    assert targets["Hague, The"] == ("Hague, The",)
    assert targets["Nature"] == ("Nature",)
    assert targets["roses, climbing, pruning"] is None  # (CINDEX names two levels)
    assert losses == [
        "1 cross-reference to a heading below the first subheading (CINDEX names two levels, so it will call"
        " these missing): roses, climbing, pruning"
    ]


def test_deep_headings_fold_into_cindexs_last_field_and_the_rest_is_reported(tmp_path: Path) -> None:
    with Document.create(tmp_path / "d.xix") as document:
        parent = None
        for level in range(17):
            parent = document.add_entry(f"level {level + 1}", parent, locators=str(level + 1))
        document.edit_entry(parent, notes="check the proofs")  # type: ignore[arg-type]
        document.add_to_group("to check", [parent])  # type: ignore[list-item]
        document.set_setting("rules", "iso-word")
        text, losses = _export(document)
    reading = cindex_oracle.read(text)  # (no record of more than 16 fields: CINDEX would refuse it)
    deepest = max(reading.records, key=lambda record: len(record.headings[-1].shown))
    assert len(deepest.headings) == 15
    assert deepest.headings[-1].shown == "level 15, level 16, level 17"
    assert [reference.text for reference in reading.references(deepest)] == ["17"]  # type: ignore[union-attr]
    assert deepest.label == 1
    assert losses == [
        "2 headings deeper than CINDEX's 15 levels folded into the 15th field: level 16; level 17",
        "1 entry note not written (IXML has no notes)",
        "group names (the groups are CINDEX's labels: label 1, to check)",
        "1 document setting not written (IXML carries records, not settings)",
    ]


def test_groups_go_as_labels_and_come_back_by_name(tmp_path: Path) -> None:
    with Document.create(tmp_path / "g.xix") as document:
        roses = document.add_entry("roses", locators="1")
        tulips = document.add_entry("tulips", locators="2")
        document.add_to_group('to check -- "urgent" & soon', [roses])
        document.add_to_group("done", [roses, tulips])
        text, losses = _export(document)
    assert "1 membership of a heading in a second group (a CINDEX record has one label)" in losses
    labels = {
        tuple(field.shown for field in record.headings): record.label for record in cindex_oracle.read(text).records
    }
    assert labels == {("roses",): 1, ("tulips",): 1}  # (a record has one label: the first group's, by name)
    with Document.create(tmp_path / "again.xix") as again:
        import_ixml(again, text)  # type: ignore[operator]
        tulips_again = again.find_path(["tulips"])
        assert tulips_again is not None and again.groups_of(tulips_again.id) == ["done"]
        assert again.groups().keys() == {"done"}


def test_what_cindex_writes_comes_in_as_cindex_meant_it(tmp_path: Path) -> None:
    text = (
        "<indexdata><fonts><font id='0'><fname>Arial</fname><aname>Arial</aname></font>"
        "<font id='1'><fname>Symbol</fname><aname>Symbol</aname></font></fonts>"
        "<records loc-separator='/' xref-separator='|' loc-connector='_'>"
        "<record time='2011-03-03T03:41:14' label='3' user='GMB'><field>roses</field>"
        "<field>climbing</field><field class='locator'>12_15/98nn2<literal/>/5</field></record>"
        "<record time='2012-01-01T00:00:00'><field><hide>The </hide>Hague</field>"
        "<field class='locator'>7</field></record>"
        "<record time='2011-03-03T03:41:14'><field>Café society</field><field class='locator'>8</field></record>"
        "<record time='2011-03-03T03:41:14' type='generated'><field>gardens</field>"
        "<field class='locator'>see also cafe society| hague| roses, climbing| tulips</field></record>"
        "<record time='2011-03-03T03:41:14'><field><text style='s'/>nasa<text/> <text style='u'/>under"
        "<text font='1'/>lined<text color='3'/>x<text/></field><field class='locator'>9</field></record>"
        "</records></indexdata>"
    )
    with Document.create(tmp_path / "c.xix") as document:
        report = import_ixml(document, text)  # type: ignore[operator]
        roses = document.find_path(["roses", "climbing"])
        assert roses is not None
        # (the range by the file's connector; the protected "/" is no separator: one locator, and no page 5)
        assert [locator.plain() for locator in document.locators(roses.id)] == ["12–15", "98@98nn2/5"]
        assert document.groups_of(roses.id) == ["label 3"]
        assert roses.created.startswith("2011-03-03T03:41:14")
        gardens = document.find_path(["gardens"])
        assert gardens is not None
        xrefs = document.xrefs(gardens.id)
        named = [document.xref_text(xref) for xref in xrefs if xref.target_id is not None]
        assert named == ["Café society", "The Hague", "roses: climbing"]
        assert [(xref.kind, xref.text, xref.blind) for xref in xrefs if xref.target_id is None] == [
            (XRefKind.SEE_ALSO, "tulips", True)
        ]
        # (underlined is <u>; font 1, Symbol, is no monospace: plain text, and said so)
        assert document.find_path(["<sc>nasa</sc> <u>underlinedx</u>"]) is not None
    assert report.blind_xrefs == 1
    assert report.losses == [
        "1 coloured run kept as plain text",
        "1 run in another font kept as plain text",
        "the user names of 1 record (GMB)",
        "CINDEX's mark on 1 generated record",
    ]
    assert "Not kept: 1 coloured run kept as plain text;" in str(report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chains=st.lists(st.lists(terms(), min_size=1, max_size=15), min_size=1, max_size=4),
    grouped=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["to check", "names", "places — done"]))),
    references=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["see", "see also"]), st.integers(0, 60))),
)
def test_deep_headings_groups_and_references_round_trip(
    chains: list[list[str]], grouped: list[tuple[int, str]], references: list[tuple[int, str, int]]
) -> None:
    """xindex → IXML → xindex keeps every level to CINDEX's 15, a group per heading and references to any
    level (our import finds the deep ones CINDEX cannot name)."""
    with tempfile.TemporaryDirectory() as folder:
        with Document.create(Path(folder) / "a.xix") as source:
            ids = add_chains(source, chains)
            member: dict[int, str] = {}
            for index, name in grouped:
                member.setdefault(ids[index % len(ids)], name)
            for entry_id, name in member.items():
                source.add_to_group(name, [entry_id])
            for origin, kind, target in references:
                with contextlib.suppress(EditError):
                    source.add_xref(ids[origin % len(ids)], kind, target_id=ids[target % len(ids)])
            text, _losses = _export(source)
            before = snapshot(source, notes=False), {name: len(members) for name, members in source.groups().items()}
        cindex_oracle.read(text)  # (a file CINDEX reads)
        with Document.create(Path(folder) / "b.xix") as target:
            import_ixml(target, text)  # type: ignore[operator]
            after = snapshot(target, notes=False), {name: len(members) for name, members in target.groups().items()}
    assert after == before


def test_underlined_and_monospace_headings_go_to_cindex_and_back(tmp_path: Path) -> None:
    with Document.create(tmp_path / "u.xix") as document:
        document.add_entry("<tt>eval()</tt> (built-in)", locators="12")
        document.add_entry("<u>Ulysses</u> <i>and</i> <u><tt>grep</tt></u>", locators="13")
        text, losses = _export(document)
        before = snapshot(document)
    assert losses == []
    assert '<font id="1">\n    <fname>Courier New</fname>' in text
    assert '<text font="1"/>eval()<text/> (built-in)' in text and '<text style="u"/>Ulysses' in text
    reading = cindex_oracle.read(text)  # (font 1 declared: CINDEX reads it)
    assert {record.headings[0].shown for record in reading.records} == {"eval() (built-in)", "Ulysses and grep"}
    with Document.create(tmp_path / "back.xix") as back:
        report = import_ixml(back, text)  # type: ignore[operator]
        assert snapshot(back) == before and report.losses == []


def test_names_and_text_locators_with_separators_survive(tmp_path: Path) -> None:
    """Found in review: separators inside a name or a text locator, a name ending in a full stop, a
    subheading with a comma, and a text locator that begins with "see" all come back as they were."""
    with Document.create(tmp_path / "s.xix") as document:
        targets = [
            document.add_entry("Washington, D.C.", locators="1"),
            document.add_entry("cats; dogs", locators="2"),
            document.add_entry("Inc.", locators="3"),
            document.add_entry("McCartney, Paul", document.add_entry("musicians", locators="4"), locators="5"),
        ]
        source = document.add_entry("zz", locators="6")
        for target in targets:
            document.add_xref(source, "see also", target_id=target)
        places = document.add_entry("places", locators="7")
        document.set_locators(places, [text_locator("Table 2, col 3"), text_locator("see map")])
        text, losses = _export(document)
        before = snapshot(document)
    assert "cats<literal/>; dogs" in text and "<literal/>see map" in text
    assert losses == [
        "1 cross-reference to a subheading with a comma in its name (CINDEX parts a name at its last comma, so"
        " it will call these missing): musicians, McCartney, Paul"
    ]
    reading = cindex_oracle.read(text)
    places = [record for record in reading.records if record.headings[0].shown == "places"]
    found = [reference for record in places for reference in reading.references(record)]
    assert {reference.text for reference in found if isinstance(reference, cindex_oracle.Reference)} == {
        "Table 2, col 3",
        "see map",
    }
    with Document.create(tmp_path / "back.xix") as back:
        report = import_ixml(back, text)  # type: ignore[operator]
        assert snapshot(back) == before and report.blind_xrefs == 0
