"""Initials against spelled-out given names, under every rule set.

Sources of the published orderings used here:

* CMS 17th ed. 16.63, as summarised (with its example) by editingandindexing.com,
  "Alphabetizing for indexes and bibliographies": in both systems an initial standing for a
  name comes before the names beginning with that letter, "Lane, T. R." before "Lane, Thomas".
  (We could not read the paragraph's own wording; the example is the one quoted there.)
* CMS 17th ed. 16.58–61 (and CMS-FAQ, the Q&A on CMOS 15.69): a comma interrupts alphabetizing
  in both systems; what follows it is compared only among identical headings before it.
* CUTTER: C. A. Cutter, Rules for a Dictionary Catalog, 4th ed. (1904), the note before rule
  221: "Brown, T. L., comes before Brown, Thomas, for the same reason that Brown comes before
  Browne" (nothing before something).
* HART: New Hart's Rules (Oxford), 19.3.1 "Systems of alphabetization" (BS ISO 999 word by word):
  "High, J." files after "High" and after "High, B."; "Bath, order of the" before "Bath bun" and
  "Bath chair".
* ADELPHI: Adelphi University style guide, "Alphabetizing": initials in personal names come
  before any name beginning with the same letter: Smith, C. Michael; Smith, G. Thomas; Smith,
  Sally; Smith, Susie (letter by letter).
* FILING: "Appendix B, Alphabetizing rules" (a records-filing guide, docslib.org 5912161),
  names of individuals: Smith; Smith, K.; Smith, K. John; Smithson, Stephen; Smithson, Stephen G.;
  Smithson, Steven G.; Smithy, B. A.; Smithy, Bruce; Smithy, Bruce E.
* NISO TR03-1999 section 2 defines a word as characters "separated from the next string of
  contiguous characters by a punctuation mark or by one or more spaces": "T.R." is two words.
"""

from __future__ import annotations

import pytest

from tests.core.test_sorting import ALL_RULES, LETTER_RULES, WORD_RULES, assert_order, ordered
from xindex.core.rules import rule_set
from xindex.core.sorting import PART_SEPARATOR, SortKeys, SortOptions


def primary(text: str, rules: str) -> bytes:
    return SortKeys(SortOptions(rule_set(rules))).key(text).split(PART_SEPARATOR)[0]


@pytest.mark.parametrize("rules", ALL_RULES)
def test_cms_an_initial_files_before_the_names_it_could_stand_for(rules: str) -> None:
    # CMS 16.63 (the published example), in both systems.
    assert_order(["Lane, T. R.", "Lane, Thomas"], rules)
    # The brief's case: letter by letter filed Thomas first ("thomas" before "tr").
    assert_order(["Eliot, T. S.", "Eliot, Thomas"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_cutter_brown_t_l_before_brown_thomas(rules: str) -> None:
    # CUTTER: "Brown, T. L." before "Brown, Thomas", as "Brown" before "Browne".
    assert_order(["Brown", "Brown, T. L.", "Brown, Thomas", "Browne"], rules)


@pytest.mark.parametrize("rules", ["iso-word", "iso-letter"])
def test_hart_the_comma_of_an_inverted_heading(rules: str) -> None:
    # HART 19.3.1, for the ISO 999 rule sets.
    # Word by word "high water" comes before "highball" (HART); letter by letter after it.
    water = ["high water", "highball"] if rules.endswith("-word") else ["highball", "high water"]
    assert_order(["High", "High, B.", "High, J.", *water], rules)
    assert_order(["Bath, order of the", "Bath bun", "Bath chair"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_adelphi_initials_before_names(rules: str) -> None:
    # ADELPHI, published letter by letter; word by word files them alike.
    assert_order(["Smith, C. Michael", "Smith, G. Thomas", "Smith, Sally", "Smith, Susie"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_filing_guide_names_of_individuals(rules: str) -> None:
    # FILING, names of individuals (each initial before the names it could stand for).
    assert_order(
        [
            "Smith",
            "Smith, K.",
            "Smith, K. John",
            "Smithson, Stephen",
            "Smithson, Stephen G.",
            "Smithson, Steven G.",
            "Smithy, B. A.",
            "Smithy, Bruce",
            "Smithy, Bruce E.",
        ],
        rules,
    )


@pytest.mark.parametrize("rules", WORD_RULES)
def test_lane_word_by_word(rules: str) -> None:
    # Our hard cases: a lone initial, initials, a name, a name with an initial, a longer name.
    assert_order(
        [
            "Lane, T.",
            "Lane, T. R.",
            "Lane, Thomas",
            "Lane, Thomas Andrew",
            "Lane, Thomas R.",
            "Lane, Thomasina",
            "Lane, Tim",
        ],
        rules,
    )


@pytest.mark.parametrize("rules", LETTER_RULES)
def test_lane_letter_by_letter(rules: str) -> None:
    # Letter by letter the letters run on across spaces (Thomas Andrew is "thomasandrew", before
    # "thomasina"), but never across the end of an initial (T. R. is "t", then "r", before "thomas").
    assert_order(
        ["Lane, T.", "Lane, T. R.", "Lane, Thomas", "Lane, Thomas A.", "Lane, Thomas Andrew", "Lane, Thomasina"],
        rules,
    )
    assert_order(["Lane, Thomas R.", "Lane, Thomasson", "Lane, Tim"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_initials_without_spaces_file_as_with_them(rules: str) -> None:
    # "T.R." is two initials (NISO TR03 section 2: a punctuation mark separates words), so it files
    # with "T. R.", before Thomas, under every rule set (word by word it filed as "TR", after Tim).
    assert primary("Lane, T.R.", rules) == primary("Lane, T. R.", rules)
    assert_order(["Lane, T.", "Lane, T.R.", "Lane, Thomas", "Lane, Tim"], rules)
    assert_order(["Richards, A.E.", "Richards, Aaron", "Richards, Alice"], rules)
    # A hyphenated pair of initials ("J.-P." for Jean-Paul) is two initials too.
    assert primary("Sartre, J.-P.", rules) == primary("Sartre, J. P.", rules)
    assert_order(["Sartre, J.-P.", "Sartre, Jacques", "Sartre, Jean-Paul"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_an_initial_is_not_a_regnal_number(rules: str) -> None:
    # The V. of "Naipaul, V. S." filed as the number 5 (before every name); I. and X. likewise.
    assert_order(["Naipaul, Shiva", "Naipaul, V. S.", "Naipaul, Vidiadhar"], rules)
    assert_order(["Pei, I. M.", "Pei, Ieoh Ming", "Pei, Xiao"], rules)
    assert_order(["Pei, Ieoh Ming", "Pei, X.", "Pei, Xiao"], rules)
    # Regnal numbers without a full stop are still numbers (Henry IV before Henry IX).
    assert_order(["Henry IV", "Henry V", "Henry IX"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_names_with_particles(rules: str) -> None:
    # CMS 16.71-74 keep the particle where the name's bearer puts it; the initials rule still holds.
    assert_order(["Gaulle, C. de", "Gaulle, Charles de", "Gaulle, Claude"], rules)
    assert_order(["La Fontaine, J. de", "La Fontaine, Jean de"], rules)
    assert_order(["Gogh, V. van", "Gogh, Vincent van"], rules)
    assert_order(["Van Buren, M.", "Van Buren, Martin", "Vance, Cyrus"], rules)


@pytest.mark.parametrize("rules", ALL_RULES)
def test_the_rule_holds_for_subheadings_and_sort_as(rules: str) -> None:
    keys = SortKeys(SortOptions(rule_set(rules)))
    assert keys.key("Eliot, T. S.", main=False) < keys.key("Eliot, Thomas", main=False)
    assert keys.key("T. S. Eliot", "Eliot, T. S.") < keys.key("Thomas Eliot", "Eliot, Thomas")


def test_headings_that_are_not_inverted_names_keep_their_order() -> None:
    # Single letters outside an inverted name are not initials standing for names: letter by letter
    # they run on (CMS 16.59), word by word they are words (CMS 16.60), as before.
    assert ordered(["apple", "A. & P.", "aardvark"], "cms-letter") == ["aardvark", "A. & P.", "apple"]
    assert ordered(["apple", "A. & P.", "aardvark"], "cms-word") == ["A. & P.", "aardvark", "apple"]
    assert ordered(["T-shirt", "tea", "T cells"], "cms-letter") == ["T cells", "tea", "T-shirt"]
    assert ordered(["T-shirt", "tea", "T cells"], "cms-word") == ["T cells", "tea", "T-shirt"]
    assert ordered(["T-shirt", "tea", "T cells"], "iso-word") == ["T cells", "T-shirt", "tea"]
    for rules in ALL_RULES:
        assert ordered(["vitamins", "vitamin B12", "vitamin B"], rules)[:2] == ["vitamin B", "vitamin B12"]
        assert ordered(["Byzantium", "B vitamins", "bacteria"], rules)[-1] == "Byzantium"
    # A lone letter without a full stop after a comma (Truman, Harry S) files as written.
    assert primary("Truman, Harry S", "cms-letter") == primary("Truman, HarryS", "cms-letter")
