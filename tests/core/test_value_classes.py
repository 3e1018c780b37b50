"""The value classes written out by hand (not dataclasses, for xindex makeindex's start-up): equal, hashed,
copied, pickled and shown as values, compiled or not."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from xindex.core.formatter import FormatOptions, FormattedIndex, Group, Paragraph, Span, XRefStyle
from xindex.core.locators import Emphasis, Kind, Locator, Series
from xindex.core.model import Entry, IndexNode, XRefKind
from xindex.formats.makeindex.style import IdxProblem, IstStyle

ROOT = Path(__file__).resolve().parents[2]


def test_a_locator_is_a_value() -> None:
    note = Locator(Series.ARABIC, 98, 98, Kind.NOTE, notes=((2, 2), (5, 5)), emphasis=Emphasis.BOLD)
    same = Locator(Series.ARABIC, 98, 98, Kind.NOTE, notes=((2, 2), (5, 5)), emphasis=Emphasis.BOLD)
    assert note == same and hash(note) == hash(same) and len({note, same}) == 1
    assert note != note.replace(emphasis=Emphasis.NONE)
    assert note.replace(apart=True).apart and not note.apart  # (a copy: the original is unchanged)
    moved = note.replace(first=7, last=9, passim=True)
    assert (moved.first, moved.last, moved.passim, moved.notes, moved.kind) == (7, 9, True, ((2, 2), (5, 5)), Kind.NOTE)
    assert pickle.loads(pickle.dumps(note)) == note
    assert repr(note).startswith("Locator(series=") and "notes=((2, 2), (5, 5))" in repr(note)
    assert note != (Series.ARABIC, 98)


def test_format_options_are_values_hashed_without_their_reference_styles() -> None:
    styled = FormatOptions(see_label="Voir", xref_styles={(XRefKind.SEE, False): XRefStyle("Voir", ". ")})
    assert styled == FormatOptions(see_label="Voir", xref_styles={(XRefKind.SEE, False): XRefStyle("Voir", ". ")})
    assert styled != FormatOptions(see_label="Voir")
    assert hash(styled) == hash(FormatOptions(see_label="Voir"))  # (the mapping is not hashed)
    assert pickle.loads(pickle.dumps(styled)) == styled
    assert FormatOptions() == FormatOptions() and FormatOptions(adjacent_run=3) != FormatOptions()
    assert "Voir" in repr(styled)


def test_a_style_is_its_keys() -> None:
    style = IstStyle(item_0="\n  \\item ", delim_0=", \\{")  # (item_0 as makeindex has it)
    assert style == IstStyle(delim_0=", \\{") and hash(style) == hash(IstStyle(delim_0=", \\{"))
    # What makeindex reported of the file, and how it is used, are not keys: styles read alike are equal.
    reported = style.replace(problems=(IdxProblem(3, "Unknown specifier x."),), from_file=True, compatible=True)
    assert reported == style and reported.from_file and not style.from_file
    assert repr(style) == "IstStyle(delim_0=', \\\\{')"
    assert pickle.loads(pickle.dumps(reported)).problems == reported.problems
    with pytest.raises(TypeError, match="no field 'item_9'"):
        IstStyle(item_9="x")


def test_a_problem_is_a_value() -> None:
    problem = IdxProblem(12, "Unmatched range closing operator )", rejected=False, output_line=4)
    assert problem == IdxProblem(12, "Unmatched range closing operator )", False, 4)
    assert problem != IdxProblem(12, "Unmatched range closing operator )")
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert str(problem) == "line 12: Unmatched range closing operator )"
    assert repr(problem).startswith("IdxProblem(line=12, message=")


def test_trees_compare_by_content() -> None:
    entry = Entry(1, None, "roses", "roses", None, b"r")
    node = IndexNode(entry, 0, [Locator(Series.ARABIC, 3, 3)])
    assert node == IndexNode(entry, 0, [Locator(Series.ARABIC, 3, 3)])
    assert node != IndexNode(entry, 1, [Locator(Series.ARABIC, 3, 3)])
    node.children.append(IndexNode(entry, 1))
    assert IndexNode(entry, 0).children == [] and IndexNode(entry, 0).children is not node.children
    assert pickle.loads(pickle.dumps(node)) == node
    index = FormattedIndex("Index", "", [Group("R", "r", [Paragraph(0, [Span("roses")], 1)])])
    assert index == FormattedIndex("Index", "", [Group("R", "r", [Paragraph(0, [Span("roses")], 1)])])
    assert index != FormattedIndex("Index", "", [Group("R", "r", [Paragraph(1, [Span("roses")], 1)])])
    with pytest.raises(TypeError):
        hash(index)


def test_makeindex_starts_without_dataclasses() -> None:
    """The quick path imports neither dataclasses (and with it inspect) nor argparse of its own: together
    they were a fifth of a 10,000-line run's start-up."""
    script = "import sys, xindex.jobs.makeindex; print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))"
    environment = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT, env=environment
    )
    assert done.stdout.strip() == "[]"
