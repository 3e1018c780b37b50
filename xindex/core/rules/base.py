"""What distinguishes one publisher's sorting rules from another's."""

from __future__ import annotations

from typing import NamedTuple


class RuleSet(NamedTuple):
    """One named rule set; the sort-key engine (:mod:`xindex.core.sorting`) reads these switches."""

    name: str
    label: str
    letter_by_letter: bool
    spell_leading_numbers: bool
    hyphen_as_space: bool
    ignore_subheading_function_words: bool
    ignore_main_heading_articles: bool
    numbers_group_default: bool
