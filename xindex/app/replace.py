"""Find and replace across the whole index: headings at every level, notes and Sort As.

The editor's dialog and ``xindex replace`` both call :func:`changes` (what would change, each with the
problem that would stop it) and :func:`apply` (all of it as one undoable command, or nothing). A
heading is searched in its text, never in its markup: ``i`` does not find the tag of an italic run,
and a replacement inside an italic run stays italic. A match cannot span two differently styled runs
(``Van <i>Gogh</i>`` is not found by ``Van Gogh``); the plain text is what the preview shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from xindex.core import markup
from xindex.core.errors import UserError
from xindex.store import Document, stored_identity

HEADING, NOTES, SORT_AS = "heading", "notes", "sort-as"
FIELDS = (HEADING, NOTES, SORT_AS)


class FindError(UserError, ValueError):
    """A search that cannot run (a regular expression that does not compile), or changes that cannot all
    be made (a heading that would equal its sibling's): says which."""


@dataclass(frozen=True)
class Find:
    """What to find and what to put instead, and how."""

    text: str
    replacement: str
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False
    fields: frozenset[str] = frozenset(FIELDS)

    def pattern(self) -> re.Pattern[str]:
        """The compiled search; FindError saying what is wrong with it."""
        if not self.text:
            raise FindError("there is nothing to find: type the text to look for")
        unknown = sorted(self.fields - set(FIELDS))
        if unknown or not self.fields:
            raise FindError(f"search in one or more of: {', '.join(FIELDS)} (not {', '.join(unknown) or 'none'})")
        source = self.text if self.regex else re.escape(self.text)
        if self.whole_word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        try:
            pattern = re.compile(source, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as error:
            where = f" at character {error.pos + 1}" if error.pos is not None else ""
            raise FindError(f"the regular expression “{self.text}” does not compile: {error.msg}{where}") from None
        if pattern.fullmatch(""):
            raise FindError(f"“{self.text}” matches empty text, so it would change every place between letters")
        if self.regex:
            _check_template(pattern, self.replacement)
        return pattern

    def replace(self, pattern: re.Pattern[str], text: str) -> str:
        """``text`` with every match replaced (a regular expression's replacement may name its groups)."""
        if self.regex:
            return pattern.sub(self.replacement, text)
        replacement = self.replacement
        return pattern.sub(lambda _match: replacement, text)

    def label(self) -> str:
        """The undo history's name for the command."""
        return f"Replace “{self.text}” with “{self.replacement}”"


def _check_template(pattern: re.Pattern[str], template: str) -> None:
    """FindError when a regular expression's replacement cannot be used (a group it does not have, ``\\q``):
    it is tried on an empty match of a pattern with the same groups, so before anything is searched."""
    names = {number: name for name, number in pattern.groupindex.items()}
    groups = "".join(f"(?P<{names[n]}>)" if n in names else "()" for n in range(1, pattern.groups + 1))
    try:
        re.compile(groups).sub(template, "", count=1)
    except (re.error, IndexError) as error:
        raise FindError(f"the replacement “{template}” cannot be used: {error}") from None


class Change(NamedTuple):
    """One field of one entry as it is and as it would be; ``problem`` says why it cannot be made (a
    tuple: a search may list a hundred thousand)."""

    entry_id: int
    field: str
    path: str
    before: str
    after: str
    problem: str = ""


def changes(document: Document, find: Find) -> list[Change]:
    """Every change ``find`` would make, in index order (an entry's heading before its notes and Sort As);
    nothing is written. FindError when the search itself cannot run."""
    pattern = find.pattern()
    rows = document.texts()
    parent_of = {row[0]: row[1] for row in rows}
    plain_of = {row[0]: row[3] for row in rows}
    term_of = {row[0]: row[2] for row in rows}
    # (entry, field's place in FIELDS, before, after, problem): made into Changes once, in order, at the end
    found: list[tuple[int, int, str, str, str]] = []
    new_name: dict[int, str] = {}
    headings, notes_too, sort_as_too = HEADING in find.fields, NOTES in find.fields, SORT_AS in find.fields
    for entry_id, _parent, term, plain, sort_as, notes in rows:
        if headings and pattern.search(plain):
            change = _heading_change(find, pattern, term)
            if change is not None:
                found.append((entry_id, 0, term, *change))
                if not change[1]:
                    new_name[entry_id] = markup.identity(change[0])
        if notes_too and notes and pattern.search(notes):
            found.append((entry_id, 1, notes, find.replace(pattern, notes), ""))
        if sort_as_too and sort_as and pattern.search(sort_as):
            found.append((entry_id, 2, sort_as, find.replace(pattern, sort_as).strip(), ""))
    if not found:
        return []
    clashes = _clashes(new_name, parent_of, term_of)
    order = {entry_id: place for place, entry_id in enumerate(document.in_index_order({row[0] for row in found}))}
    found.sort(key=lambda row: (order.get(row[0], len(order)), row[1]))
    paths: dict[int, str] = {}

    def path(entry_id: int) -> str:
        known = paths.get(entry_id)
        if known is None:
            above = parent_of[entry_id]
            known = paths[entry_id] = plain_of[entry_id] if above is None else f"{path(above)}: {plain_of[entry_id]}"
        return known

    return [
        Change(entry_id, FIELDS[field], path(entry_id), before, after, problem or clashes.get(entry_id, ""))
        if field == 0
        else Change(entry_id, FIELDS[field], path(entry_id), before, after, problem)
        for entry_id, field, before, after, problem in found
    ]


def _heading_change(find: Find, pattern: re.Pattern[str], term: str) -> tuple[str, str] | None:
    """A heading's new markup with the problem that would stop it (its text runs replaced, their styles
    kept), or None when nothing in its text changes."""
    if "<" not in term and "&" not in term:  # one unstyled run (most headings): its text is the term
        written = markup.escape(find.replace(pattern, term))
    else:
        runs = markup.parse_runs(term)
        replaced = [markup.Run(find.replace(pattern, run.text), run.styles) for run in runs]
        if replaced == runs:
            return None  # (the match spans two styled runs)
        written = markup.from_runs([run for run in replaced if run.text])
    try:
        after, _ = markup.clean_heading(written)
    except markup.EmptyHeadingError:
        return "", "the heading would be empty"
    except markup.MarkupError as error:
        return "", str(error)
    return None if after == term else (after, "")


def _clashes(new_name: dict[int, str], parent_of: dict[int, int | None], term_of: dict[int, str]) -> dict[int, str]:
    """The renamed headings that would be a sibling's heading afterwards (the same text in the same italics:
    :func:`markup.identity`), with the problem to show."""
    if not new_name:
        return {}
    parents = {parent_of[entry_id] for entry_id in new_name}
    names = Counter(
        (parent, new_name.get(entry_id) or stored_identity(term_of[entry_id]))
        for entry_id, parent in parent_of.items()
        if parent in parents
    )
    return {
        entry_id: f"a heading beside it is already “{markup.shown_name(name)}”"
        for entry_id, name in new_name.items()
        if names[parent_of[entry_id], name] > 1
    }


def summary(found: Sequence[Change]) -> str:
    """``12 changes in 9 entries`` (and how many cannot be made)."""
    entries = len({change.entry_id for change in found})
    blocked = sum(1 for change in found if change.problem)
    text = f"{len(found):,} change{'s' if len(found) != 1 else ''} in {entries:,} entr{'ies' if entries != 1 else 'y'}"
    return text + (f"; {blocked:,} cannot be made" if blocked else "")


def apply(document: Document, find: Find) -> list[Change]:
    """Make every change as one undoable command; FindError (nothing changed) when any cannot be made."""
    found = changes(document, find)
    blocked = [change for change in found if change.problem]
    if blocked:
        first = blocked[0]
        more = f" (and {len(blocked) - 1} more)" if len(blocked) > 1 else ""
        raise FindError(f"nothing was replaced: {first.path}: {first.problem}{more}")
    if not found:
        return []
    fields: dict[int, dict[str, str]] = {}
    for change in found:
        fields.setdefault(change.entry_id, {})[change.field] = change.after
    with document.command(find.label()):
        for entry_id, new in fields.items():
            if SORT_AS in new:
                document.edit_entry(entry_id, term=new.get(HEADING), notes=new.get(NOTES), sort_as=new[SORT_AS])
            else:
                document.edit_entry(entry_id, term=new.get(HEADING), notes=new.get(NOTES))
    return found
