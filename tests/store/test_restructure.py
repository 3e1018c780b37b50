"""Merging, double-posting, flipping, renumbering and saving a copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from xindex.core import listing
from xindex.store import Document, EditError


def lines(document: Document) -> list[str]:
    return list(listing.lines(document.tree(), adjacent=False))


def test_merge_combines_locators_subentries_references_and_groups(doc: Document) -> None:
    roses = doc.add_path(["roses"], "10, 12")
    doc.add_path(["roses", "pruning"], "14")
    rosa = doc.add_path(["Rosa"], "11, 12")
    doc.add_path(["Rosa", "pruning"], "15")
    doc.add_path(["Rosa", "hips"], "16")
    briar = doc.add_entry("briar")
    doc.add_xref(briar, "see", target_id=rosa)
    doc.add_xref(rosa, "see also", text="climbing plants")
    doc.add_to_group("check", [rosa])
    doc.merge_entries(rosa, roses)
    assert lines(doc) == [
        "briar. See roses",
        "roses, 10, 11, 12. See also climbing plants",
        "    hips, 16",
        "    pruning, 14, 15",
    ]
    assert doc.groups() == {"check": [roses]}
    assert doc.undo() == "Merge “Rosa” into “roses”"
    assert "Rosa, 11, 12. See also climbing plants" in lines(doc)
    with pytest.raises(EditError, match="own subentries"):
        doc.merge_entries(roses, doc.find_path(["roses", "pruning"]).id)  # type: ignore[union-attr]


def test_copy_double_posts_with_subentries(doc: Document) -> None:
    doc.add_path(["Rosa rugosa", "hips"], "45")
    rugosa = doc.add_path(["Rosa rugosa"], "44")
    roses = doc.add_entry("roses", locators="1")
    doc.add_path(["roses", "Rosa rugosa"], "40")
    copy = doc.copy_entry(rugosa, roses)
    assert doc.path_text(copy) == "roses: Rosa rugosa"
    assert lines(doc) == ["Rosa rugosa, 44", "    hips, 45", "roses, 1", "    Rosa rugosa, 40, 44", "        hips, 45"]


def test_flip_swaps_heading_and_subheading(doc: Document) -> None:
    doc.add_path(["roses", "pruning"], "14, 15")
    pruning = doc.find_path(["roses", "pruning"])
    assert pruning is not None
    flipped = doc.flip_entry(pruning.id)
    assert doc.path_text(flipped) == "pruning: roses"
    assert lines(doc) == ["pruning", "    roses, 14, 15"]
    doc.undo()
    assert lines(doc) == ["roses", "    pruning, 14, 15"]
    with pytest.raises(EditError, match="main heading"):
        doc.flip_entry(doc.find_path(["roses"]).id)  # type: ignore[union-attr]


def test_flip_and_merge_never_make_a_self_reference(doc: Document) -> None:
    paris = doc.add_entry("Paris", locators="1")
    montmartre_in_paris = doc.add_entry("Montmartre", paris, locators="12")
    montmartre = doc.add_entry("Montmartre", locators="30")
    doc.add_xref(montmartre, "see also", target_id=montmartre_in_paris)
    flipped = doc.flip_entry(montmartre_in_paris)
    assert doc.path_text(flipped) == "Montmartre: Paris"
    assert doc.xrefs(montmartre) == []  # “Montmartre. See also Montmartre: Paris” would point into itself
    assert lines(doc) == ["Montmartre, 30", "    Paris, 12", "Paris, 1"]
    doc.undo()
    assert [doc.xref_text(xref) for xref in doc.xrefs(montmartre)] == ["Paris: Montmartre"]
    # a merge that would make an entry refer to its own heading drops that reference too
    roses = doc.add_entry("roses")
    climbing = doc.add_entry("climbing", roses)
    ramblers = doc.add_entry("ramblers")
    doc.add_xref(ramblers, "see also", target_id=roses)
    doc.merge_entries(ramblers, climbing)
    assert doc.xrefs(climbing) == []


def test_renumber_shifts_pages_and_ranges(doc: Document) -> None:
    a = doc.add_entry("alpha", locators="xii, 5, 10-12, 20, 45n3")
    b = doc.add_entry("beta", locators="8-11, 30")
    assert doc.renumber_pages(10, 2) == 5
    assert [loc.plain() for loc in doc.locators(a)] == ["xii", "5", "12–14", "22", "47n3"]
    assert [loc.plain() for loc in doc.locators(b)] == ["8–13", "32"]
    with pytest.raises(EditError, match="impossible page"):
        doc.renumber_pages(1, -5)
    assert doc.undo() == "Renumber pages from 10 by +2"
    assert [loc.plain() for loc in doc.locators(b)] == ["8–11", "30"]


def test_save_a_copy(doc: Document, tmp_path: Path) -> None:
    doc.add_path(["roses", "pruning"], "14")
    copy = tmp_path / "copy.xix"
    doc.save_copy(copy)
    doc.add_entry("after the copy")
    with Document.open(copy) as again:
        assert lines(again) == ["roses", "    pruning, 14"]
        assert again.undo() is not None  # the history came along
