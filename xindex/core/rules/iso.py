"""ISO 999:1996, Guidelines for the content, organization and presentation of indexes.

As we apply it (the standard's filing clauses, with common British practice
where it leaves a choice):

* word-by-word or letter-by-letter filing, the choice stated; spaces,
  hyphens and dashes separate words in word-by-word filing;
* a comma of an inverted heading interrupts filing ("High, J." after "High, B.",
  before "high water": New Hart's Rules 19.3.1), and an initial after it is a word
  of its own, letter by letter too ("Lane, T. R." before "Lane, Thomas");
* headings beginning with numerals file before letters, in ascending
  numerical order (optionally collected in their own group);
* an initial article of a heading is disregarded in filing, and so is an
  introductory article, preposition or conjunction of a subheading.
"""

from xindex.core.rules.base import RuleSet

_ISO = {
    "spell_leading_numbers": False,
    "hyphen_as_space": True,
    "ignore_subheading_function_words": True,
    "ignore_main_heading_articles": True,
    "numbers_group_default": True,
}

ISO_WORD = RuleSet("iso-word", "ISO 999, word by word", letter_by_letter=False, **_ISO)
ISO_LETTER = RuleSet("iso-letter", "ISO 999, letter by letter", letter_by_letter=True, **_ISO)
