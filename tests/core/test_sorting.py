"""Sort keys by rule set and language.

Sources of the published orderings used here:

* CMS-SHOPTALK: "Sections 16.58–61 in the Spotlight", CMOS Shop Talk (University of Chicago
  Press, 11 May 2016): the letter-by-letter and word-by-word lists for "new …".
* CMS-FAQ: Chicago Manual of Style Online, Q&A "Alphabetizing" (on CMOS 15.69): "New, Arthur /
  New, Zoe / New Deal / news, lamentable / News, Networks, and the Arts / news conference".
* CMS 17th ed. 16.62–67 (general rules): headings beginning with numerals sort as if spelled out.
* CMS 17th ed. 16.68: introductory articles, prepositions and conjunctions of subentries are ignored.
* The GUIDE (section 4): `New York` before `newborn` word by word, after it letter by letter.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xindex.core import language
from xindex.core.rules import RULE_SETS, rule_set
from xindex.core.sorting import SortKeys, SortOptions

ALL_RULES = list(RULE_SETS)
WORD_RULES = [name for name in ALL_RULES if name.endswith("-word")]
LETTER_RULES = [name for name in ALL_RULES if name.endswith("-letter")]


def ordered(headings: list[str], rules: str = "cms-word", *, main: bool = True, **options: object) -> list[str]:
    keys = SortKeys(SortOptions(rule_set(rules), **options))  # type: ignore[arg-type]
    return sorted(headings, key=lambda text: keys.key(text, main=main))


def assert_order(expected: list[str], rules: str = "cms-word", *, main: bool = True, **options: object) -> None:
    shuffled = list(reversed(expected))
    assert ordered(shuffled, rules, main=main, **options) == expected
    assert ordered(sorted(expected), rules, main=main, **options) == expected


def test_cms_letter_by_letter_shoptalk_list() -> None:
    # CMS-SHOPTALK, letter by letter.
    assert_order(
        [
            "new (adj.)",
            "New, Aaron",
            "new-age",
            "newborn",
            "New Deal",
            "“new-fangled” ideas",
            "New Hampshire",
            "new/old",
            "newt",
            "new to me",
        ],
        "cms-letter",
    )


def test_cms_word_by_word_shoptalk_list() -> None:
    # CMS-SHOPTALK, word by word.
    assert_order(
        ["New, Aaron", "New Deal", "New Hampshire", "new to me", "new-age", "newborn", "“new-fangled” ideas"],
        "cms-word",
    )


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter"])
def test_cms_faq_comma_interrupts(rules: str) -> None:
    # CMS-FAQ: the same order in both systems.
    assert_order(
        ["New, Arthur", "New, Zoe", "New Deal", "news, lamentable", "News, Networks, and the Arts", "news conference"],
        rules,
    )


@pytest.mark.parametrize("rules", WORD_RULES)
def test_word_by_word_space_before_letters(rules: str) -> None:
    assert_order(["New York", "newborn"], rules)


@pytest.mark.parametrize("rules", LETTER_RULES)
def test_letter_by_letter_ignores_spaces(rules: str) -> None:
    assert_order(["newborn", "New York"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_parenthesis_then_comma_then_more_words(rules: str) -> None:
    assert_order(["Mercury (planet)", "Mercury, Freddie", "Mercury Seven"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_parenthetical_qualifiers_order_among_themselves(rules: str) -> None:
    assert_order(["Charles I (king of England)", "Charles I (king of Portugal)", "Charles II (king of England)"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_numbers_inside_headings_sort_by_value(rules: str) -> None:
    assert_order(["section 2", "section 9", "section 10", "section 44", "section 100"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_roman_numerals_in_names_sort_by_value(rules: str) -> None:
    assert_order(["Henry I", "Henry IV", "Henry V", "Henry VIII", "Henry IX", "Henry XII"], rules)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter"])
def test_cms_spells_out_leading_numerals(rules: str) -> None:
    # CMS 16.62–67: "10 Downing Street" files under T.
    assert_order(["tea", "10 Downing Street", "tennis", "Tennyson", "Thames"], rules)
    assert_order(["1816, year without a summer", "Eighteen Twelve Overture", "eighty"], rules)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter"])
def test_a_numeral_too_long_to_spell_files_as_written(rules: str) -> None:
    # Spelled out up to the quintillions; past that (a pasted serial number, a crafted file's 5,000 digits,
    # which Python will not even read as a number) the digits sort by value among the numbers.
    assert_order(["9" * 19 + " bottles", "9" * 5000, "nine", "999999999999999999 bottles", "tea"], rules)
    assert SortKeys(SortOptions(rule_set(rules))).group_letter("9" * 5000) == ""


@pytest.mark.parametrize("rules", ALL_RULES)
def test_dates_among_subentries_keep_chronological_order(rules: str) -> None:
    # CMS (16th/17th ed.) "Subentries", 16.68-70: subentries may run in chronological order, and
    # numerals among them are dates, not words: spelling them out (16.62-67) is for a main heading
    # that begins with one. ISO 999:1996 7.3 and NISO TR03 5.1 file numerals by value in every place.
    assert_order(["1914", "1918", "1939", "1945", "1968", "2001", "expositions", "Occupation"], rules, main=False)
    assert_order(["9th century", "1889", "1900", "1900s", "1937"], rules, main=False)  # (by value: 9 before 1889)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter", "iso-word", "iso-letter"])
def test_a_date_after_a_leading_function_word_files_as_the_date(rules: str) -> None:
    # CMS 16.69-70 and ISO 999 7.3.2 skip a subentry's leading function word: "in 1914" with 1914.
    assert_order(["1914", "in 1914", "1918", "after 1945", "1968", "expositions"], rules, main=False)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter"])
def test_numerals_first_is_the_cms_option_for_main_headings(rules: str) -> None:
    # CMS 16.62-67 permits a group of numerals filed numerically before the letters (the ASI's Best
    # Practices and Mulvaney's Indexing Books say the same); the option is per document.
    assert_order(
        ["3M Company", "10 Downing Street", "1984 (Orwell)", "Nineteen Eighty-Four", "tennis"],
        rules,
        numerals_first=True,
    )
    assert_order(["tea", "10 Downing Street", "tennis"], rules)  # (without the option: as if spelled out)
    keys = SortKeys(SortOptions(rule_set(rules), numerals_first=True))
    assert [keys.group_letter(text) for text in ("10 Downing Street", "tennis")] == ["", "T"]


@pytest.mark.parametrize("rules", ALL_RULES)
def test_greek_letters_file_as_spelled_out_in_english(rules: str) -> None:
    # CMS "General Rules of Alphabetizing" (16.62-67): what is not a letter of the alphabet files as if
    # spelled out; "α particles" among the A's, never a second "A" group of Greek capitals after Z.
    assert_order(["alpha decay", "α particles", "alpine plants", "beta blockers", "β-carotene", "zebras"], rules)
    keys = SortKeys(SortOptions(rule_set(rules)))
    assert [keys.group_letter(text) for text in ("α particles", "Ω (ohm)", "Ψ")] == ["A", "O", "P"]


@pytest.mark.parametrize("code", ["en", "de", "sv"])
@pytest.mark.parametrize("rules", ALL_RULES)
def test_greek_as_symbols_files_headings_beginning_with_greek_among_the_symbols(rules: str, code: str) -> None:
    # The option greek-as-symbols: a heading beginning with a Greek letter files in the Symbols &
    # Numbers group, after symbols (and numerals filed by value), before A, in Greek alphabetical
    # order (ICU's Greek, reordered before the Latin script); never a second "A"-looking group.
    numerals_first = not rules.startswith("cms")
    expected = ["@ sign", *(["7 wonders"] if numerals_first else []), "α particles", "β-carotene", "“γ” rays"]
    expected += ["Ω (ohm)", "alpha decay", "alpine plants", "beta blockers", "zebras"]
    assert_order(expected, rules, language=code, greek_as_symbols=True)
    keys = SortKeys(SortOptions(rule_set(rules), code, greek_as_symbols=True))
    assert [keys.group_letter(text) for text in ("α particles", "“γ” rays", "Ω (ohm)", "Ψ", "alpha")] == [
        "",
        "",
        "",
        "",
        "A",
    ]
    # Greek later in a heading still files as spelled out in English (interferon γ with gamma).
    if code == "en":
        assert_order(["interferon beta", "interferon γ", "interferon omega"], rules, greek_as_symbols=True)
        assert_order(["interferon beta", "interferon γ", "interferon omega"], rules)


@pytest.mark.parametrize("rules", ["iso-word", "iso-letter"])
def test_greek_as_symbols_looks_past_an_ignored_article(rules: str) -> None:
    # ISO 999 ignores a main heading's leading article: "the δ function" begins with δ.
    keys = SortKeys(SortOptions(rule_set(rules), greek_as_symbols=True))
    assert keys.group_letter("the δ function") == ""
    assert_order(["the δ function", "delta wing", "theory"], rules, greek_as_symbols=True)


def test_greek_as_symbols_changes_the_signature() -> None:
    assert SortOptions().signature() != SortOptions(greek_as_symbols=True).signature()


@pytest.mark.parametrize("rules", ["iso-word", "iso-letter", "niso-word", "niso-letter"])
def test_iso_and_niso_put_numerals_first_by_value(rules: str) -> None:
    assert_order(["2 Fast", "10 Downing Street", "101 Dalmatians", "1816", "abacus", "tennis"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_symbols_before_numbers_before_letters(rules: str) -> None:
    spelled = rules.startswith("cms")
    expected = ["@ sign", "♞ knight", "abacus", "zebra"] if spelled else ["@ sign", "♞ knight", "7 wonders", "abacus"]
    assert_order(expected, rules)
    assert_order(["@", "&", "&&", "♞"], rules)  # only symbols: still a fixed order (ICU's)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_accents_and_case_are_ignored_first_then_break_ties(rules: str) -> None:
    assert_order(["cafe", "Cafe", "café", "Café", "cafeteria"], rules)
    assert_order(["Zola", "Zürich", "zygote"], rules)
    assert_order(["Ångström", "angular", "Anhalt"], rules)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter"])
def test_cms_ignores_hyphens_and_apostrophes(rules: str) -> None:
    assert_order(["O’Brien", "Ockham", "Omartian", "O’Shaughnessy"], rules)
    assert_order(["self-help", "selfhood", "self-taught"], rules)


@pytest.mark.parametrize("rules", ["iso-word", "niso-word"])
def test_iso_niso_word_by_word_hyphen_is_a_space(rules: str) -> None:
    assert_order(["self help", "self-taught", "selfhood"], rules)


@pytest.mark.parametrize("rules", ["cms-word", "cms-letter", "iso-word", "iso-letter"])
def test_subheadings_ignore_leading_function_words(rules: str) -> None:
    # CMS 16.68.
    assert_order(["and climate", "in cold frames", "of the greenhouse", "the pruning", "winter"], rules, main=False)


@pytest.mark.parametrize("rules", ["niso-word", "niso-letter"])
def test_niso_files_subheadings_as_written(rules: str) -> None:
    assert_order(["and climate", "in cold frames", "of the greenhouse", "the pruning", "winter"], rules, main=False)
    assert ordered(["winter", "of roses"], rules, main=False) == ["of roses", "winter"]


def test_main_headings_keep_articles_under_cms_and_niso_but_not_iso() -> None:
    headings = ["Hague Convention", "The Hague", "theater"]
    assert ordered(headings, "cms-word") == ["Hague Convention", "The Hague", "theater"]
    assert ordered(headings, "niso-word") == ["Hague Convention", "The Hague", "theater"]
    assert ordered(headings, "cms-letter") == ["Hague Convention", "theater", "The Hague"]
    assert ordered(headings, "iso-word") == ["The Hague", "Hague Convention", "theater"]


def test_function_word_list_is_configurable() -> None:
    assert ordered(["of roses", "winter"], main=False, function_words=frozenset({"the"})) == ["of roses", "winter"]
    assert ordered(["the roses", "winter"], main=False, function_words=frozenset({"the"})) == ["the roses", "winter"]


def test_mc_and_saint_substitutions_are_options() -> None:
    headings = ["Mabey, Richard", "MacDonald, Flora", "McAdam, John", "Mayne, Roger"]
    assert ordered(headings) == ["Mabey, Richard", "MacDonald, Flora", "Mayne, Roger", "McAdam, John"]
    substituted = ["Mabey, Richard", "McAdam, John", "MacDonald, Flora", "Mayne, Roger"]
    assert ordered(headings, substitute_mc=True) == substituted
    places = ["Saint Albans", "St. Louis", "Salisbury", "Stamford"]
    assert ordered(places) == ["Saint Albans", "Salisbury", "St. Louis", "Stamford"]
    assert ordered(places, substitute_saint=True) == ["Saint Albans", "St. Louis", "Salisbury", "Stamford"]


def test_sort_as_wins() -> None:
    keys = SortKeys()
    assert keys.key("St. Fiacre", "Saint Fiacre") < keys.key("Sainte-Beuve") < keys.key("St. Albans")
    assert keys.key("1984 (Orwell)", "Nineteen Eighty-Four") > keys.key("Newton")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ["Ängelholm", "apple", "zoo", "Zürich"]),
        ("de", ["Ängelholm", "apple", "zoo", "Zürich"]),
        ("sv", ["apple", "zoo", "Zürich", "Ängelholm"]),
        ("da", ["apple", "zoo", "Zürich", "Ængland", "Øresund", "Århus"]),
        ("nb", ["apple", "zoo", "Zürich", "Ængland", "Øresund", "Århus"]),
        ("es", ["nube", "ñandú", "oso"]),
        ("fr", ["cote", "coté", "côte", "côté"]),  # CLDR French: accents compared forwards
    ],
)
def test_language_orderings(code: str, expected: list[str]) -> None:
    assert_order(expected, language=code)


def test_unknown_language_and_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="not a supported language"):
        language.normalize_language("xx")
    with pytest.raises(ValueError, match="cms-word, cms-letter"):
        rule_set("chicago")
    assert language.normalize_language("no") == "nb"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (10, "ten"),
        (21, "twenty-one"),
        (101, "one hundred one"),
        (1816, "eighteen sixteen"),
        (1900, "nineteen hundred"),
        (2001, "two thousand one"),
        (1_000_000, "one million"),
    ],
)
def test_spell_number(number: int, words: str) -> None:
    assert language.spell_number(number) == words


@given(st.text(max_size=40), st.text(max_size=40), st.sampled_from(ALL_RULES), st.booleans())
def test_keys_are_a_total_deterministic_order(left: str, right: str, rules: str, main: bool) -> None:
    keys = SortKeys(SortOptions(rule_set(rules)))
    left_key, right_key = keys.key(left, main=main), keys.key(right, main=main)
    assert keys.key(left, main=main) == left_key
    if left != right:
        assert left_key != right_key  # the text itself is the last tie-breaker


def test_encoded_primary_weights_never_use_our_separator_bytes() -> None:
    keys = SortKeys()
    sample = "".join(chr(code) for code in range(0x21, 0x3000) if chr(code).isprintable())
    for start in range(0, len(sample), 50):
        weights = keys._weights(sample[start : start + 50])
        assert 0 not in weights and 1 not in weights
        assert all(weights[index - 1] == 3 for index, byte in enumerate(weights) if byte == 2)


@given(st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=2))
def test_encoding_preserves_icu_order(pair: list[str]) -> None:
    keys = SortKeys()
    raw = [bytes(keys._primary.getSortKey(text)).rstrip(b"\x00") for text in pair]
    encoded = [keys._weights(text) for text in pair]
    assert (raw[0] < raw[1]) == (encoded[0] < encoded[1])
    assert (raw[0] == raw[1]) == (encoded[0] == encoded[1])


_WORDISH = st.lists(
    st.one_of(
        st.sampled_from(
            ["the", "The", "of", "a", "and", "le", "la", "IV", "XII", "Mc", "Henry", "é", "Ö", "straße", "α", "Ωmega"]
        ),
        st.text(st.characters(categories=["Lu", "Ll", "Lo", "Mn"]), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=5,
).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", ", ", ",", " ,", "  "]), min_size=len(words) - 1, max_size=len(words) - 1
    ).map(lambda gaps: words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True)))
)


@given(
    _WORDISH,
    st.sampled_from(ALL_RULES),
    st.sampled_from(["en", "de", "fr", "sv", "da", "es"]),
    st.booleans(),
    st.booleans(),
)
def test_fast_path_for_plain_words_equals_the_full_rules(
    text: str, rules: str, code: str, main: bool, greek_as_symbols: bool
) -> None:
    keys = SortKeys(SortOptions(rule_set(rules), code, greek_as_symbols=greek_as_symbols))
    assert keys.key(text, main=main) == keys._rules_key(text, None, main)
    assert keys.key(text, main=main) == keys._rules_key(text, None, main)  # again, from the word cache


_LETTERS = st.sampled_from(
    [*"aAzZéÉåÅøßİıαΩς", "\u1100", "\u1161", "\u0301", "\u030a", "\u212b", "1", " ", "St.", "Mc"]
)


@given(
    st.lists(_LETTERS, min_size=1, max_size=4).map("".join),
    st.sampled_from(ALL_RULES),
    st.sampled_from(["en", "sv", "da", "de"]),
    st.booleans(),
)
def test_remembered_letter_groups_equal_the_full_rules(text: str, rules: str, code: str, greek: bool) -> None:
    keys = SortKeys(
        SortOptions(rule_set(rules), code, substitute_mc=True, substitute_saint=True, greek_as_symbols=greek)
    )
    assert keys.group_letter(text) == keys._group_letter(text, None)
    assert keys.group_letter(text) == keys._group_letter(text, None)  # again, from what it remembers


@pytest.mark.parametrize("code", ["de", "fr", "sv"])
def test_greek_headings_in_other_languages_file_among_the_symbols_never_as_a_second_a(code: str) -> None:
    # The English rule sets spell Greek letters out (CMS); other languages keep them Greek, so they file in
    # the Symbols group, in Greek order, before A: a group titled "Α" (Greek) beside "A" (Latin) misleads.
    keys = SortKeys(SortOptions(language=code))
    headings = ["Zebra", "β-Strahlen", "Alpha", "α-Teilchen", "1848", "γ-Quant"]
    ordered = sorted(headings, key=lambda heading: keys.key(heading, None, main=True))
    assert ordered == ["1848", "α-Teilchen", "β-Strahlen", "γ-Quant", "Alpha", "Zebra"]
    assert [keys.group_letter(heading, None) for heading in ordered] == ["", "", "", "", "A", "Z"]


def test_italic_and_roman_forms_file_together_roman_first() -> None:
    # Issue 16, our rule: CMS 16.56-67 and NISO TR03 (which "does not address issues concerning meaning or
    # type of headings") order by the letters alone; of two headings spelled alike, the roman one files
    # first and the italic one (Nature the journal, a title: CMS 16.47-55) right after it.
    from xindex.core import markup
    from xindex.core.sorting import with_form

    for rules in RULE_SETS:
        keys = SortKeys(SortOptions(rules=rule_set(rules)))
        terms = ["Nature, journal", "<i>Nature</i>", "natural", "Nature", "<i>nature</i>", "nature", "Nature’s way"]
        terms += ["<i>Nature</i> (journal)", "Nature (journal)", "<i>Nature</i>s", "Nature reserves"]
        stored = sorted(terms, key=lambda term: with_form(keys.key(markup.plain_text(term)), markup.identity(term)))
        at = stored.index("Nature")
        assert stored[at + 1] == "<i>Nature</i>", (rules, stored)
        at = stored.index("nature")
        assert stored[at + 1] == "<i>nature</i>", (rules, stored)
        assert stored.index("Nature (journal)") + 1 == stored.index("<i>Nature</i> (journal)")
