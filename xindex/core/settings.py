"""The document settings xindex understands: names, defaults and validation.

Settings are stored as text in the document (``setting`` table). Unknown keys
are kept as they are (imports bring foreign settings); known keys are
checked and normalised here before they are stored, so a bad value is
refused with one sentence and the document stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xindex.core import language, locators, ranges, rules
from xindex.core.errors import SettingError


@dataclass(frozen=True)
class Setting:
    """One known setting."""

    key: str
    default: str
    help: str
    normalize: Callable[[str], str]


def _flag(value: str) -> str:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return "1"
    if lowered in {"0", "false", "no", "off"}:
        return "0"
    raise SettingError(f"'{value}' is not yes or no")


def _text(value: str) -> str:
    return " ".join(value.split())


def _positive(value: str) -> str:
    try:
        number = int(value.strip())
    except ValueError:
        raise SettingError(f"'{value}' is not a whole number") from None
    if number < 1:
        raise SettingError("it must be at least 1")
    return str(number)


def _page_span(value: str) -> str:
    if not value.strip():
        return ""
    parsed = locators.parse_and_merge(value)
    if any(item.kind is not locators.Kind.PAGE for item in parsed):
        raise SettingError("the page span lists pages and page ranges only, e.g. 'i-xvi, 1-320'")
    return ", ".join(item.plain() for item in parsed)


def _function_words(value: str) -> str:
    return ", ".join(word.strip().lower() for word in value.split(",") if word.strip())


KNOWN: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("title", "", "the index title", _text),
        Setting("rules", rules.DEFAULT_RULES.name, f"sort rules: {', '.join(rules.RULE_SETS)}",
                lambda value: rules.rule_set(value).name),
        Setting("language", "en", f"collation language: {', '.join(language.LANGUAGES)}",
                language.normalize_language),
        Setting("range-rules", ranges.DEFAULT_RANGE_RULE.value, "page range style: cms, iso or full",
                lambda value: ranges.range_rule(value).value),
        Setting("conflate-adjacent", "1", "join adjacent pages into ranges on output (yes/no)", _flag),
        Setting("page-span", "", "the book's pages, e.g. 'i-xvi, 1-320' (for checks)", _page_span),
        Setting("max-undifferentiated", "6", "locators a heading may have before checks ask for subheadings",
                _positive),
        Setting("function-words", "", "words subheadings skip when sorting (comma-separated; empty: the"
                " language's list)", _function_words),
        Setting("substitute-mc", "0", "sort Mc and M' as Mac (yes/no)", _flag),
        Setting("substitute-saint", "0", "sort St. as Saint (yes/no)", _flag),
        Setting("csv-formulas", "0", "CSV/TSV exports keep cells that begin with = + - @ as they are (yes/no; no:"
                " an apostrophe keeps spreadsheets from running them as formulas)", _flag),
    )
}  # fmt: skip


def normalize(key: str, value: str) -> str:
    """The stored form of a known setting's value; ValueError saying what is wrong. Unknown keys pass."""
    setting = KNOWN.get(key)
    if setting is None:
        return value
    return setting.normalize(value)
