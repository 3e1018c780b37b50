"""Round trips never retarget a cross-reference (issue 18): a See to the subheading Hamlet › a study stays there
when a main heading is called "Hamlet: a study", in every interchange format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import interchange_formats, read_back
from xindex.core import markup
from xindex.store import Document

INTERCHANGE = interchange_formats()


@pytest.mark.parametrize(("name", "export", "read"), INTERCHANGE, ids=[row[0] for row in INTERCHANGE])
def test_a_reference_to_a_subheading_keeps_its_target(
    tmp_path: Path, name: str, export: Callable[[Document], str], read: object
) -> None:
    with Document.create(tmp_path / "a.xix") as document:
        study = document.add_entry("Hamlet: a study", locators="1")
        sub = document.add_entry("a study", document.add_entry("Hamlet", locators="2"), locators="3")
        document.add_xref(document.add_entry("plays", locators="4"), "see also", target_id=sub)
        document.add_xref(document.add_entry("essays", locators="5"), "see also", target_id=study)
        with document.snapshot():
            exported = export(document)
    with read_back(exported, tmp_path, name, read) as back:
        depths = {}
        for source in ("plays", "essays"):
            found = back.find_path([source])
            assert found is not None
            [xref] = back.xrefs(found.id)
            assert xref.target_id is not None
            depths[source] = [entry.term for entry in back.ancestry(xref.target_id)]
    assert depths == {"plays": ["Hamlet", "a study"], "essays": ["Hamlet: a study"]}


def test_a_typed_greater_than_sign_is_text_not_levels(tmp_path: Path) -> None:
    """A spreadsheet's "values > 10" is a generic reference as typed: " > " names levels only when they exist."""
    from xindex.formats.csvfile import read_csv

    with Document.create(tmp_path / "c.xix") as document:
        document.add_entry("Hamlet", locators="1")
        document.apply_import(read_csv("level1,locator,see_also\nstats,3,\nstats,,values > 10\nplays,4,Hamlet > x\n"))
        texts = {
            name: [(xref.generic, markup.plain_text(xref.text)) for xref in document.xrefs(found.id)]
            for name in ("stats", "plays")
            if (found := document.find_path([name])) is not None
        }
    assert texts == {"stats": [(True, "values > 10")], "plays": [(True, "Hamlet > x")]}
