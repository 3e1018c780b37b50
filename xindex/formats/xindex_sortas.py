"""The "sort as" strings XindeX computes for a heading, so that a XIML export writes what XindeX itself would.

XindeX (Qtrac, 2014–2020) stored a sort string with every entry and ordered siblings by comparing those
strings (``ORDER BY sortas``); a ``.ximl`` file carries them as ``<sortas saf="A">``. The string comes
from one of six rule sets, named in the index's ``SortAsRules`` config (:data:`RULES`), and from the
entry's *saf* flags: ``A`` (the default, "automatic") pads numbers to four digits, reads roman numerals
as numbers and spells out a leading number; ``R``, ``S``, ``N`` and ``B`` do less (see :data:`FLAGS`).

* **Chicago 16** (``wordByWordCMS16``, ``letterByLetterCMS16``): casefolded ASCII words, accents
  stripped, with a capital letter after the first word that gives the order of precedence of CMS 16.60:
  ``D`` before a parenthesis, ``H`` after a comma, ``P`` before a number, ``L`` before a word and ``T``
  before anything else (``fbi D federal bureau``, ``new H arthur``, ``henry P 0008``, ``new L york``).
* **ISO 999** (``wordByWordISO999en``, ``letterByLetterISO999en``): the casefolded text without
  punctuation, its first word spelled out if it is a number.
* **NISO TR03** (``wordByWordNISO3``, ``letterByLetterNISO3``): numbers as ``0012.0000``, symbols
  first (each marked with ``!``).

A subentry may lose its leading function words ("of", "and the" …) first: XindeX passes its list of
ignored words (:data:`XINDEX_IGNORED_FIRST_WORDS` unless the user edited it) when the index's
``IgnoreSubFirsts`` is on; a main heading never loses them.

Where XindeX depended on something we cannot reproduce, this module takes a fixed choice:

* the ignored words were a Python set joined into a regex alternation, so which of two overlapping
  phrases won ("as" or "as far as") varied from run to run; here the longest phrase wins;
* the ``roman`` package had no zero until 3.2 (2019), which reads ``N`` as 0; here ``n`` is a letter,
  as in the indexes XindeX made before then;
* a word that is nothing but combining accents made XindeX fail (IndexError); here it is an empty word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection
from typing import NamedTuple

import roman

PAD_DIGITS = 4  # XindeX's default PadDigits
VISUAL_SPACE = "\u25cf"  # ●, which XindeX read as a space wherever it turned HTML into plain text

XINDEX_IGNORED_FIRST_WORDS: frozenset[str] = frozenset(
    phrase.strip()
    for phrase in """
    a, abaft, abeam, aboard, about, above, absent, according to, across, afore, after, against, ahead of,
    along, alongside, amid, amidst, among, amongst, an, and, apart from, apropos, around, as, as far as,
    as for, aside, aside from, as long as, as of, as opposed to, as per, as regards, as soon as, astern of,
    astride, as well as, at, athwart, atop, back to, barring, because of, before, behind, below, beneath,
    beside, besides, between, beyond, but, by, circa, close to, concerning, despite, down, due to, during,
    except, except for, excluding, failing, far from, following, for, from, given, in, including, inside,
    inside of, instead of, into, in to, left of, like, mid, midst, minus, modulo, near, near to, next,
    next to, nor, notwithstanding, of, off, on, onto, on to, opposite, opposite of, opposite to, or, out,
    out from, out of, outside, outside of, over, owing to, pace, past, per, plus, prior to, pro,
    pursuant to, qua, rather than, regarding, regardless of, right of, round, sans, save, since, so,
    subsequent to, such as, than, thanks to, that of, the, through, throughout, times, to, toward, towards,
    under, underneath, unlike, until, up, upon, up to, versus, via, vice, with, within, without, worth, yet
    """.split(",")  # noqa: SIM905 - a list of phrases reads best as one
)
"""The articles, conjunctions and prepositions XindeX put in every new index's ignored first words."""


class Flags(NamedTuple):
    """What a saf flag asks of the rules."""

    numbers: bool  # pad numbers to PadDigits
    roman_numerals: bool  # read roman numerals as numbers
    spell_numbers: bool  # spell out a number that is the first word


FLAGS: dict[str, Flags] = {
    "A": Flags(numbers=True, roman_numerals=True, spell_numbers=True),
    "R": Flags(numbers=True, roman_numerals=True, spell_numbers=False),
    "S": Flags(numbers=True, roman_numerals=False, spell_numbers=True),
    "N": Flags(numbers=True, roman_numerals=False, spell_numbers=False),
    "B": Flags(numbers=False, roman_numerals=False, spell_numbers=False),
}

# ---------------------------------------------------------------------- letters

# XindeX's transliterations of what casefolding leaves (every rule casefolds first): the letters that
# decomposing and dropping accents would not turn into these; a Greek or Cyrillic letter with an accent
# is here too, since the accent goes only after this table has been applied.
_TRANSLITERATIONS: dict[str, str] = {
    letter: replacement
    for letter, _, replacement in (
        pair.partition("=")
        for pair in """
        æ=ae ð=d ø=o þ=th ł=l ı=i œ=oe ĳ=ij ǆ=dz ǉ=lj ǌ=nj ǳ=dz ᵫ=ue ꜩ=tz ꜳ=aa ꜵ=ao ꜷ=au ꜹ=av ꜽ=ay ꭐ=ui 🙰=et …=...
        α=a β=b γ=g δ=d ε=e ζ=z η=h θ=8 ι=i κ=k λ=l μ=m ν=n ξ=3 ο=o π=p ρ=r σ=s ς=s τ=t υ=y φ=f χ=x ψ=ps ω=w
        ά=a έ=e ή=h ί=i ό=o ύ=y ώ=w ϊ=i ϋ=y ΐ=i ΰ=y
        а=a б=b в=v г=g д=d е=e ё=yo ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s т=t у=y ф=f х=h
        ц=c ч=ch ш=sh щ=sh ъ=er ы=y ь=er э=e ю=y я=ya є=ye і=i ї=yi ґ=g ә=a ғ=g қ=k ң=n ө=o ұ=u ү=u һ=h
        """.split()  # noqa: SIM905 - a table reads best as one
    )
}
_HYPHENS = "\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40"
_HYPHENS += "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d"
_SPACES = "\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

_UNACCENTED = str.maketrans(_TRANSLITERATIONS)
# ISO 999 and NISO TR03 also make every hyphen and dash "-", every space " ", and read the C1 codes that
# Windows-1252 text puts for curly double quotes as those quotes
_NORMALIZED = str.maketrans(
    {**_TRANSLITERATIONS, **dict.fromkeys(_HYPHENS, "-"), **dict.fromkeys(_SPACES, " "), "\x93": "“", "\x94": "”"}
)


def _plain_letters(text: str, table: dict[int, str]) -> str:
    """``text`` (casefolded) transliterated by ``table``, then without accents."""
    decomposed = unicodedata.normalize("NFD", text.translate(table))
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


# ---------------------------------------------------------------------- numbers

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_UNDER_TWENTY = _ONES + _TEENS
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (100, "hundred"))
_SPELLING_LIMIT = 10**15  # from here on XindeX writes the digits, grouped by commas


def spell_number(n: int) -> str:
    """``n`` (≥ 0) in English words as XindeX spells it: ``one thousand nine``, no "and", no hyphens."""
    if n < 20:
        return _UNDER_TWENTY[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return f"{_TENS[tens]} {_ONES[ones]}" if ones else _TENS[tens]
    if n >= _SPELLING_LIMIT:
        return f"{n:,}"
    scale, name = next((scale, name) for scale, name in _SCALES if n >= scale)
    high, rest = divmod(n, scale)
    return f"{spell_number(high)} {name} {spell_number(rest)}" if rest else f"{spell_number(high)} {name}"


def _roman_value(word: str) -> int | None:
    """The number ``word`` is as a roman numeral (any case), or None."""
    numeral = word.upper()
    if numeral == "N":  # zero only from roman 3.2; see the module's docstring
        return None
    try:
        value: int = roman.fromRoman(numeral)
    except roman.RomanError:
        return None
    return value


def _spelled(word: str, roman_numerals: bool) -> str:
    """``word`` spelled out if it is a whole number (or a roman numeral); otherwise ``word``."""
    if word.isdigit():
        digits = "".join(str(unicodedata.digit(char)) for char in word).lstrip("0") or "0"
        if len(digits) >= len(str(_SPELLING_LIMIT)):  # grouped here: int() refuses over 4,300 digits
            head = len(digits) % 3 or 3
            return ",".join([digits[:head], *re.findall("...", digits[head:])])
        return spell_number(int(digits))
    if roman_numerals and (value := _roman_value(word)) is not None:
        return spell_number(value)
    return word


_ASCII_DIGITS = re.compile(r"[0-9]+")


def _padded(word: str, roman_numerals: bool, width: int) -> tuple[str, bool]:
    """``word`` with its numbers zero-padded to ``width`` (a roman numeral first made a number), and
    whether it held any."""
    if roman_numerals and (value := _roman_value(word)) is not None:
        return str(value).zfill(width), True
    padded, count = _ASCII_DIGITS.subn(lambda match: (match.group().lstrip("0") or "0").zfill(width), word)
    return padded, count > 0


# ---------------------------------------------------------------------- ignored first words


@functools.lru_cache(maxsize=16)
def _leading_ignored(words: frozenset[str]) -> re.Pattern[str]:
    """Any run of ``words`` that starts a text and leaves something after it, with the spaces after it."""
    # longest first, so that "as far as" is taken whole rather than as "as"
    either = "|".join(re.escape(word) for word in sorted(words, key=lambda word: (-len(word), word)))
    return re.compile(rf"^(?:{either})\b(?:\s+(?:{either})\b)*\s+(?=\S)", re.IGNORECASE)


def _without_ignored(text: str, ignored: Collection[str] | None) -> str:
    return _leading_ignored(frozenset(ignored)).sub("", text, count=1) if ignored else text


# ---------------------------------------------------------------------- Chicago 16

_CMS_JOINERS = re.compile(r"[-–/]")
_O_APOSTROPHE = re.compile(r"o['’](?=[a-z])")  # O'Brien → obrien
_APOSTROPHE_S = re.compile(r"['’]s\b")  # Newton's → newtons
_FINAL_DIGITS = re.compile(r"(?=[0-9]+$)")
_NOT_ASCII_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]")


def _cms16(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None, by_letter: bool) -> str:
    """Chicago 16.60: the words (letter by letter: run together) with the precedence letter after the first."""
    pad = pad_digits if flags.numbers else 0
    # the precedences that a number right after the first word turns into P
    upgradable = {"", "L", "T"} if by_letter else {"L", "T"}
    parts: list[str] = []
    precedence = ""
    # i counts the words before any is dropped as empty, as XindeX counted them
    for i, token in enumerate(_without_ignored(text, ignored).split()):
        word = token.casefold()
        hyphenated = False
        if by_letter or i == 0:
            word, joiners = _CMS_JOINERS.subn("", word)
            hyphenated = joiners > 0
        if not word:
            continue
        word = _APOSTROPHE_S.sub("s", _O_APOSTROPHE.sub("o", _plain_letters(word, _UNACCENTED)))
        if i == 0:
            if word.endswith(","):
                precedence = "H"
            elif by_letter and hyphenated and word[-1:].isdigit():
                precedence = "P"  # B-52, SHA-256: the number after the hyphen files as a number
                word = _FINAL_DIGITS.sub(" ", word, count=1)
        elif i == 1 and not precedence:
            if word.startswith("("):
                precedence = "D"
            elif word[:1].isdigit():
                precedence = "P"
            elif not by_letter:
                precedence = "L" if word[:1].isalpha() else "T"
        for k, piece in enumerate(_NOT_ASCII_LETTER_OR_DIGIT.sub(" ", word).split()):
            if i == 0 and flags.spell_numbers:
                piece = _spelled(piece, flags.roman_numerals)
                if by_letter:
                    piece = piece.replace(" ", "")
            elif pad:
                piece, padded = _padded(piece, flags.roman_numerals, pad)
                if padded and i + k == 1 and precedence in upgradable:
                    precedence = "P"
            parts.append(piece)
    if not parts:
        return ""
    return ("" if by_letter else " ").join([parts[0], precedence, *parts[1:]] if precedence else parts)


def word_by_word_cms16(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``wordByWordCMS16``."""
    return _cms16(text, flags, pad_digits, ignored, by_letter=False)


def letter_by_letter_cms16(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``letterByLetterCMS16``."""
    return _cms16(text, flags, pad_digits, ignored, by_letter=True)


# ---------------------------------------------------------------------- ISO 999 and NISO TR03

# Letters, decimal digits, spaces and the punctuation that is not "other" (brackets, dashes, quotes, _)
_KEPT_CATEGORIES = frozenset({"Ll", "Lt", "Lu", "Nd", "Pc", "Pd", "Pe", "Pf", "Pi", "Ps", "Zs"})
_LETTER_OR_DIGIT_CATEGORIES = frozenset({"Ll", "Lt", "Lu", "Nd"})
_HYPHEN_OR_SLASH = re.compile(r"[-/]")


def _kept(char: str) -> bool:
    return unicodedata.category(char) in _KEPT_CATEGORIES


_ISO_DROPPED = re.compile(r"""[\\.,;:\[\]<>{}'"‘’“”!?]+""")


def word_by_word_iso999(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``wordByWordISO999en``: the words without punctuation; only the first is read as a number."""
    text = _plain_letters(_without_ignored(text.casefold(), ignored), _NORMALIZED)
    text = _HYPHEN_OR_SLASH.sub(" ", _ISO_DROPPED.sub("", "".join(filter(_kept, text))))
    if not flags.numbers:
        return text
    words = text.split()
    if words and flags.spell_numbers:
        words[0] = _spelled(words[0], flags.roman_numerals)
    elif words:
        words[0] = _padded(words[0], flags.roman_numerals, pad_digits)[0]
    return " ".join(words)


def letter_by_letter_iso999(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``letterByLetterISO999en``."""
    return "".join(word_by_word_iso999(text, flags, pad_digits, ignored).split())


_NISO_DROPPED = re.compile(r"""[\\;:()\[\]<>{}'"‘’“”!?]+""")
_BARE_FRACTION = re.compile(r"(?<!\d)(\.\d+)")  # .303 → 0.303
_POINT = "!"  # a decimal point while "." and "," are dropped ("!" itself went with the punctuation)
_PERIODS_AND_COMMAS = re.compile(r"[.,]+")
_SUFFIX_BEFORE_FRACTION = re.compile(r"(?P<whole>\d+)(?P<suffix>\D+)\.(?P<fraction>\d+)")


def _niso_number(word: str, roman_numerals: bool, width: int) -> str:
    """A NISO word: a number as whole!fraction, each part padded (``3`` → ``0003!0000``)."""
    parts = word.split(".")
    if len(parts) == 2:
        whole, has_whole = _padded(parts[0], roman_numerals, width)
        fraction, has_fraction = _padded(parts[1], roman_numerals, width)
        return f"{whole if has_whole else '0'}{_POINT}{fraction}" if has_fraction else word
    number, has_number = _padded(word, roman_numerals, width)
    return f"{number}{_POINT}{'0' * width}" if has_number else word


def word_by_word_niso3(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``wordByWordNISO3`` (it never spells numbers): symbols (a run as its first), then numbers,
    then letters; every symbol is preceded by ``!`` so that it sorts before digits."""
    text = _plain_letters(_without_ignored(text.casefold(), ignored), _NORMALIZED)
    chars: list[str] = []
    in_symbols = False
    for char in text:
        symbol = not _kept(char)
        if not (symbol and in_symbols):
            chars.append(char)
        in_symbols = symbol
    text = _HYPHEN_OR_SLASH.sub(" ", _NISO_DROPPED.sub("", "".join(chars)))
    if flags.numbers:
        text = _BARE_FRACTION.sub(r"0\1", text).replace(",", "")
        text = " ".join(_niso_number(word, flags.roman_numerals, pad_digits) for word in text.split())
    text = _PERIODS_AND_COMMAS.sub("", text)
    if flags.numbers:
        text = _SUFFIX_BEFORE_FRACTION.sub(r"\g<whole>.\g<fraction>\g<suffix>", text.replace(_POINT, "."))
    return "".join(
        f"!{char}" if char not in " ." and unicodedata.category(char) not in _LETTER_OR_DIGIT_CATEGORIES else char
        for char in " ".join(text.split())
    )


def letter_by_letter_niso3(text: str, flags: Flags, pad_digits: int, ignored: Collection[str] | None) -> str:
    """XindeX's ``letterByLetterNISO3``."""
    return "".join(word_by_word_niso3(text, flags, pad_digits, ignored).split())


# ---------------------------------------------------------------------- the API

Rule = Callable[[str, Flags, int, Collection[str] | None], str]

RULES: dict[str, Rule] = {
    "letterByLetterCMS16": letter_by_letter_cms16,
    "letterByLetterISO999en": letter_by_letter_iso999,
    "letterByLetterNISO3": letter_by_letter_niso3,
    "wordByWordCMS16": word_by_word_cms16,
    "wordByWordISO999en": word_by_word_iso999,
    "wordByWordNISO3": word_by_word_niso3,
}
"""XindeX's rule sets by the names its ``SortAsRules`` config uses."""


def xindex_sort_as(
    plain: str,
    rules: str = "wordByWordCMS16",
    *,
    ignored: Collection[str] | None = None,
    saf: str = "A",
    pad_digits: int = PAD_DIGITS,
) -> str:
    """The sort string XindeX computes for a heading's plain text by ``rules`` (a ``SortAsRules`` name).

    ``ignored``: the words XindeX drops from the start of a subentry (:data:`XINDEX_IGNORED_FIRST_WORDS`
    by default), None for a main heading; ``saf``: XindeX's automatic flag (``A``, ``R``, ``S``, ``N`` or
    ``B``); ``pad_digits``: the index's ``PadDigits``.
    """
    try:
        rule = RULES[rules]
    except KeyError:
        raise ValueError(f"XindeX has no sort-as rules {rules!r} (it has {', '.join(RULES)})") from None
    try:
        flags = FLAGS[saf]
    except KeyError:
        raise ValueError(f"XindeX computes no sort string for saf {saf!r} (automatic: {', '.join(FLAGS)})") from None
    return rule(plain.replace(VISUAL_SPACE, " "), flags, pad_digits, ignored)
