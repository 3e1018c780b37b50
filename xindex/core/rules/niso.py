"""NISO TR03-1999, Guidelines for Alphanumeric Arrangement and Sorting.

As we apply it:

* hyphens, dashes and slashes between words are treated as spaces; other
  punctuation is ignored, but in the given names of an inverted heading a
  full stop ends an initial (section 2: a punctuation mark separates words),
  so "Lane, T.R." files as "Lane, T. R.", before "Lane, Thomas";
* numerals file before letters, in ascending numerical value;
* headings file as written: no article, preposition or conjunction is
  skipped, in main headings or subheadings (TR03 leaves such choices to
  explicit sort forms, our Sort As).
"""

from xindex.core.rules.base import RuleSet

_NISO = {
    "spell_leading_numbers": False,
    "hyphen_as_space": True,
    "ignore_subheading_function_words": False,
    "ignore_main_heading_articles": False,
    "numbers_group_default": True,
}

NISO_WORD = RuleSet("niso-word", "NISO TR03, word by word", letter_by_letter=False, **_NISO)
NISO_LETTER = RuleSet("niso-letter", "NISO TR03, letter by letter", letter_by_letter=True, **_NISO)
