"""Language data for sorting: collation locales, function words, numbers spelled out.

Function words are the leading articles, prepositions and conjunctions that
CMS (17th ed. 16.68) disregards when alphabetizing subentries. Each list can
be replaced per document (setting ``function-words``).
"""

from __future__ import annotations

from xindex.core.errors import SettingError

LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "da": "Danish",
    "nb": "Norwegian (Bokmål)",
    "sv": "Swedish",
}
ALIASES = {"no": "nb", "nn": "nb", "en-us": "en", "en-gb": "en"}

ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "an", "the"}),
    "fr": frozenset({"le", "la", "les", "l'", "l’", "un", "une"}),
    "de": frozenset({"der", "die", "das", "ein", "eine"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una"}),
    "da": frozenset({"den", "det", "de", "en", "et"}),
    "nb": frozenset({"den", "det", "de", "en", "ei", "et"}),
    "sv": frozenset({"den", "det", "de", "en", "ett"}),
}

_PARTICLES: dict[str, str] = {
    "en": "and or but nor of in on at to for from by with without as about after before against between"
    " during into over under upon within versus vs vs. via",
    "fr": "et ou de d' d’ du des à au aux en dans par pour sur avec sans sous chez entre",
    "de": "und oder von vom zu zum zur im in an am auf aus bei mit nach für über unter gegen ohne den dem des",
    "es": "y e o u de del a al en con por para sin sobre entre",
    "da": "og eller af i på til med for fra om under over",
    "nb": "og eller av i på til med for fra om under over",
    "sv": "och eller av i på till med för från om under över",
}

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    code: ARTICLES[code] | frozenset(_PARTICLES[code].split()) for code in LANGUAGES
}


def normalize_language(code: str) -> str:
    """A supported language code for ``code`` (``no`` → ``nb``); ValueError when unsupported."""
    lowered = code.strip().lower().replace("_", "-")
    lowered = ALIASES.get(lowered, lowered)
    if lowered not in LANGUAGES:
        supported = ", ".join(f"{key} ({name})" for key, name in LANGUAGES.items())
        raise SettingError(f"'{code}' is not a supported language; choose one of {supported}")
    return lowered


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(number: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += [_ONES[hundreds], "hundred"]
    if rest or not words:
        if rest < 20:
            words.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    return words


def spell_number(number: int) -> str:
    """An English number in words, reading 1100–1999 as years do: 1816 → "eighteen sixteen"."""
    if 1100 <= number <= 1999 and number % 100:
        return " ".join(_below_thousand(number // 100) + _below_thousand(number % 100))
    if 1100 <= number <= 1999:
        return " ".join([*_below_thousand(number // 100), "hundred"])
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if number >= scale:
            words += [*spell_number(number // scale).split(), name]
            number %= scale
    if number or not words:
        words += _below_thousand(number)
    return " ".join(words)


# The Greek alphabet's letters by their English names (CMS: "α particles" files as "alpha particles").
_GREEK_NAMES = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
GREEK_LETTER_NAMES: dict[str, str] = {
    **{chr(0x3B1 + index + (index > 16)): name for index, name in enumerate(_GREEK_NAMES)},
    **{chr(0x391 + index + (index > 16)): name.capitalize() for index, name in enumerate(_GREEK_NAMES)},
    "ς": "sigma",  # final sigma
    "ϑ": "theta",
    "ϕ": "phi",
    "ϵ": "epsilon",
}


def spell_greek(text: str) -> str:
    """Each Greek letter of a text as its English name: ``α particles`` → ``alpha particles``."""
    return "".join(GREEK_LETTER_NAMES.get(char, char) for char in text)
