"""The settings registry: every key once, one parser per type, options built from it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core import settings
from xindex.core.checks import CheckOptions
from xindex.core.errors import SettingError
from xindex.core.formatter import FormatOptions, SeeAlsoPosition, TargetPath
from xindex.core.locators import Kind
from xindex.core.model import XRefKind
from xindex.core.ranges import LocatorForms, locator_form
from xindex.core.sorting import SortOptions


def test_every_setting_has_help_a_section_and_a_usable_default() -> None:
    for key, known in settings.KNOWN.items():
        assert known.key == key and known.help and known.section in settings.SECTIONS and known.label
        assert known.normalize(known.default) == known.default, f"{key}: the default is in its stored form"


def test_the_defaults_are_the_options_defaults() -> None:
    assert settings.format_options({}) == FormatOptions()
    assert settings.sort_options({}) == SortOptions()
    assert settings.check_options({}) == (CheckOptions(), [])


@pytest.mark.parametrize("text", ["1", "yes", "True", " on "])
def test_one_yes_parser(text: str) -> None:
    assert settings.parse_flag(text) is True
    assert settings.normalize("letter-groups", text) == "1"


@pytest.mark.parametrize("text", ["", "maybe", "2"])
def test_yes_or_no_refuses_anything_else(text: str) -> None:
    with pytest.raises(SettingError, match="is not yes or no"):
        settings.parse_flag(text)


def test_every_flag_is_read_by_the_same_parser_everywhere() -> None:
    stored = {"substitute-mc": "yes", "conflate-adjacent": "off", "letter-groups": "false", "csv-formulas": "on"}
    assert settings.sort_options(stored).substitute_mc is True
    layout = settings.format_options(stored)
    assert (layout.conflate_adjacent, layout.letter_groups) == (False, False)
    assert settings.CSV_FORMULAS.value(stored) is True


def test_a_stored_value_that_is_not_usable_names_its_setting() -> None:
    with pytest.raises(SettingError, match="the document's style setting: 'sideways' is not a style"):
        settings.format_options({"style": "sideways"})
    lenient = settings.format_options({"style": "sideways", "see-also-position": "last"}, lenient=True)
    assert lenient.run_in_level is None and lenient.see_also_position is SeeAlsoPosition.LAST


def test_check_options_note_what_they_cannot_use() -> None:
    options, notes = settings.check_options({"page-span": "II:1-20", "max-undifferentiated": "x", "language": "de"})
    assert options == CheckOptions(language="de")
    assert len(notes) == 2 and "page-span" in notes[1] and "max-undifferentiated" in notes[0]


def test_page_span_is_the_checks_rule() -> None:
    assert settings.normalize("page-span", "i-xvi,1-320") == "i–xvi, 1–320"
    with pytest.raises(SettingError, match="plain pages or ranges"):
        settings.normalize("page-span", "12n")


def test_layout_settings_reach_the_formatter() -> None:
    options = settings.format_options(
        {
            "xref-target": "main-comma",
            "generic-conjunction": " and ",
            "heading-locator-separator": " ",
            "see-label": "Voir",
        }
    )
    assert options.target_path is TargetPath.MAIN_COMMA and options.generic_conjunction == " and "
    assert options.heading_locator_separator == " "
    assert options.xref_styles[XRefKind.SEE, False].label == "Voir"
    assert settings.format_options({"generic-conjunction": ""}).generic_conjunction is None


def test_unknown_keys_pass_and_unknown_names_are_refused() -> None:
    assert settings.normalize("ximl-Foreign", " kept  as is ") == " kept  as is "
    with pytest.raises(SettingError, match="unknown setting 'stlye'; known: title, note"):
        settings.setting("stlye")


@pytest.mark.parametrize(("key", "text"), [("text-indent", "²"), ("style", "run-in:²"), ("max-undifferentiated", "²")])
def test_digits_that_are_not_ascii_get_a_message(key: str, text: str) -> None:
    with pytest.raises(SettingError):  # ("²".isdigit() is true, and int("²") raised ValueError: a bug report)
        settings.normalize(key, text)


@given(st.sampled_from(sorted(settings.KNOWN)), st.text(max_size=30))
def test_normalizing_is_stable(key: str, text: str) -> None:
    try:
        once = settings.normalize(key, text)
    except SettingError:
        return
    assert settings.normalize(key, once) == once


def test_each_tab_of_the_settings_dialog_has_its_accelerators_once() -> None:
    # (two labels with Alt+U on one tab: the key reaches only one of them)
    by_section: dict[str, list[str]] = {}
    for known in settings.KNOWN.values():
        marked = re.search(r"&(\w)", known.label)
        if marked:
            by_section.setdefault(known.section, []).append(marked.group(1).lower())
    assert {section: keys for section, keys in by_section.items() if len(keys) != len(set(keys))} == {}


def test_figure_table_and_plate_forms_reach_the_formatter() -> None:
    # CMS 16.116 f and t after the page are the defaults; italic page numbers (CMS; Hart's Rules 19.6) and house
    # forms with {page} are settings of the document
    assert settings.format_options({}).locator_forms == LocatorForms()
    assert settings.normalize("figure-form", " Italic ") == "italic"
    assert settings.normalize("plate-form", " pl. {page} ") == "pl. {page}"
    forms = settings.format_options({"figure-form": "italic", "table-form": "{page} (table)"}).locator_forms
    assert forms.figure == locator_form(Kind.FIGURE, "italic") and forms.figure.style == "i"
    assert forms.table.template == "{page} (table)" and forms.plate == LocatorForms().plate
    assert settings.locator_forms({"figure-form": "bold"}).figure.style == "b"


def test_a_bad_form_names_its_setting_and_the_choices() -> None:
    with pytest.raises(SettingError, match=r"'fig\.' is not a figure form; use f, italic, bold, plain, or a form"):
        settings.normalize("figure-form", "fig.")
    with pytest.raises(SettingError, match="the document's table-form setting: 'f' is not a table form"):
        settings.format_options({"table-form": "f"})
    assert settings.format_options({"table-form": "f"}, lenient=True).locator_forms.table == LocatorForms().table


def test_a_page_span_holds_no_passim() -> None:
    with pytest.raises(SettingError, match="plain pages or ranges"):
        settings.normalize("page-span", "1-320 passim")
