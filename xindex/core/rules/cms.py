"""Chicago Manual of Style (17th ed., 16.56–16.93).

* 16.58–61: word by word (alphabetizing stops at the end of the first word)
  or letter by letter (spaces ignored); in both, a parenthesis and then a
  comma interrupt alphabetizing, and other punctuation, hyphens and slashes
  included, is ignored ("new-age" files as "newage").
* 16.63: an initial standing for a given name files before the names beginning with
  its letter, in both systems ("Lane, T. R." before "Lane, Thomas"; "T.R." as "T. R.").
* 16.62–67 (general rules): a heading beginning with a numeral is alphabetized as if spelled
  out ("10 Downing Street" under T); numerals elsewhere sort by value.
* 16.68: introductory articles, prepositions and conjunctions of subentries
  are disregarded in sorting (they still print).
* 16.47–55 (titles of works): a title's initial article is dropped or inverted by the indexer, so
  main headings are not stripped automatically.
"""

from xindex.core.rules.base import RuleSet

_CMS = {
    "spell_leading_numbers": True,
    "hyphen_as_space": False,
    "ignore_subheading_function_words": True,
    "ignore_main_heading_articles": False,
    "numbers_group_default": False,
}

CMS_WORD = RuleSet("cms-word", "Chicago (CMS), word by word", letter_by_letter=False, **_CMS)
CMS_LETTER = RuleSet("cms-letter", "Chicago (CMS), letter by letter", letter_by_letter=True, **_CMS)
