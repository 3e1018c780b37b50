"""The registry of sort rule sets, one module per standard."""

from __future__ import annotations

from xindex.core.errors import SettingError
from xindex.core.rules.base import RuleSet
from xindex.core.rules.cms import CMS_LETTER, CMS_WORD
from xindex.core.rules.iso import ISO_LETTER, ISO_WORD
from xindex.core.rules.niso import NISO_LETTER, NISO_WORD

RULE_SETS: dict[str, RuleSet] = {
    rules.name: rules for rules in (CMS_WORD, CMS_LETTER, ISO_WORD, ISO_LETTER, NISO_WORD, NISO_LETTER)
}
DEFAULT_RULES = CMS_WORD


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name``; ValueError naming the choices otherwise."""
    try:
        return RULE_SETS[name.strip().lower()]
    except KeyError:
        raise SettingError(f"'{name}' is not a rule set; choose one of {', '.join(RULE_SETS)}") from None


__all__ = ["DEFAULT_RULES", "RULE_SETS", "RuleSet", "rule_set"]
