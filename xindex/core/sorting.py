"""Sort keys for headings, by the document's rule set and language.

Every entry stores its sort key (bytes) in an indexed column, computed once
when its heading, Sort As, level or the rules change; SQL orders by that
column, so the hot path never calls Python.

The letter comparison is ICU's Unicode collation (PyICU, through the
``pyicu-wheels`` distribution). We use that distribution because it bundles
one fixed ICU release (its CLDR data included) in the wheel for Linux,
Windows and macOS alike, so a document sorts identically everywhere; Qt's
QCollator uses whatever the platform offers (ICU, or the OS's own collation
on macOS and Windows) and would not. ICU also gives numeric collation
(``section 9`` before ``section 44``) and per-language orderings (Swedish å
and ö after z, Danish æ ø å, Spanish ñ), with no accent tables of our own.

A key has three parts separated by ``00`` bytes:

1. the *primary* part that decides the order: ICU primary weights of the
   words (case and accents ignored), with our own separators below every
   byte a weight can start with (ICU never uses 00 or 01 in a primary; its
   trail bytes can be 02 and 03, which we escape as ``03 02`` and ``03 03``,
   an order-preserving encoding):

   * ``02`` between words (word by word; letter by letter has none), so a
     space sorts before any letter: ``New York`` before ``newborn``;
   * ``01 02`` where a comma interrupts and ``01 01`` where a parenthesis
     does (CMS 16.58–61): ``new (adj.)``, ``New, Aaron``, ``New Deal``;
   * after a comma (the given names of an inverted name), an initial is a word of
     its own, letter by letter too, and ``T.R.`` is ``T. R.`` (CMS 16.63): ``Lane, T. R.``
     before ``Lane, Thomas``;
   * nothing at all at the end, so "nothing sorts before something";

2. ICU's full key of the printed text (accents, then case): ties among
   headings that differ only there still order the same way every time;
3. the text's own UTF-8 bytes, the last deterministic tie-breaker.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import threading
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

import icu
import roman

from xindex.core import language
from xindex.core.rules import DEFAULT_RULES, RuleSet

WORD_SEPARATOR = b"\x02"
COMMA_STOP = b"\x01\x02"
PARENTHESIS_STOP = b"\x01\x01"
PART_SEPARATOR = b"\x00"

_LEADING_NUMBER = re.compile(r"^(\d[\d,]*)(?=\D|$)")
_SPELLED_DIGITS = 18
_ROMAN_WORD = re.compile(r"^[IVXL]+$")
_WORD_BREAKS_CMS = re.compile(r"\s+")
_WORD_BREAKS_SPACE = re.compile(r"[\s\-\u2010-\u2015/]+")
_HYPHENS_AND_SLASHES = re.compile(r"[\-\u2010-\u2015/]")
_SYMBOL_EXTRAS = frozenset("@#%&*§¶†‡")
_LATIN = string.ascii_uppercase
# A later word the rules would read as a regnal number (Henry IV): such headings take the full path.
_ROMAN_LATER_WORD = re.compile(r" [IVXL]{1,6}(?=[ ,]|$)")
_GREEK = re.compile("[\u0370-\u03ff]")  # (a Greek letter in an English heading files by its name)
# Initials: letters each followed by a full stop ("T.", "T.R."; "J.-P." once CMS drops the hyphen).
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


class SortOptions(NamedTuple):
    """Everything that decides a document's sort keys."""

    rules: RuleSet = DEFAULT_RULES
    language: str = "en"
    function_words: frozenset[str] | None = None
    substitute_mc: bool = False
    substitute_saint: bool = False
    numerals_first: bool = False  # main headings beginning with a numeral: first, by value (CMS permits it)
    greek_as_symbols: bool = False  # headings beginning with a Greek letter: among the symbols, in Greek order

    @property
    def greek_among_symbols(self) -> bool:
        """Whether a heading beginning with a Greek letter files in the Symbols group: by the setting, or
        always in a language that does not spell Greek letters out (never a second, Greek "Α" group
        beside the Latin A)."""
        return self.greek_as_symbols or self.language != "en"

    @property
    def subheading_words(self) -> frozenset[str]:
        """Words skipped at the start of a subheading (empty when the rules keep them)."""
        if not self.rules.ignore_subheading_function_words:
            return frozenset()
        if self.function_words is not None:
            return self.function_words
        return language.FUNCTION_WORDS[self.language]

    def signature(self) -> str:
        """A text that changes whenever stored keys would; kept in the document to detect stale keys."""
        words = ",".join(sorted(self.function_words)) if self.function_words is not None else "-"
        return (
            f"k5;icu{icu.ICU_VERSION};{self.rules.name};{self.language};{words};"
            f"{int(self.substitute_mc)}{int(self.substitute_saint)}{int(self.numerals_first)}"
            f"{int(self.greek_as_symbols)}"
        )


@lru_cache(maxsize=16)
def _collators(code: str, greek_first: bool = False) -> tuple[Any, Any]:
    """Primary-strength (numeric) and tertiary-strength collators for a language; ``greek_first``
    reorders the Greek script before the Latin (after the digits), by ICU's own script reordering."""
    locale = icu.Locale(f"{code}@colReorder=Grek" if greek_first else code)
    primary = icu.Collator.createInstance(locale)
    primary.setStrength(icu.Collator.PRIMARY)
    primary.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    full = icu.Collator.createInstance(locale)
    full.setStrength(icu.Collator.TERTIARY)
    full.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return primary, full


@lru_cache(maxsize=16)
def _ascii_table(code: str, greek_first: bool = False) -> bytes | None:
    """A bytes.translate table from the ASCII letters to their primary weights, and the space to the
    word separator (letter by letter deletes it instead); None when the language's collation does not
    give each letter one weight byte of its own, whatever letter follows (Danish "aa", Hungarian "cs"
    and "sz", Czech "ch" are contractions). Made once per language."""
    primary = _collators(code, greek_first)[0]
    letters = string.ascii_lowercase
    single = {letter: _encoded_weights(primary, letter) for letter in letters}
    if any(len(weight) != 1 or weight[0] < 4 for weight in single.values()):
        return None
    if any(
        _encoded_weights(primary, first + second) != single[first] + single[second]
        for first in letters
        for second in letters
    ):
        return None
    table = bytearray(range(256))
    table[ord(" ")] = WORD_SEPARATOR[0]
    for letter, weight in single.items():
        table[ord(letter)] = table[ord(letter.upper())] = weight[0]
    return bytes(table)


def _encoded_weights(collator: Any, text: str) -> bytes:
    """ICU's primary weights of the text, escaped (see :meth:`SortKeys._weights`)."""
    raw = bytes(collator.getSortKey(text)).rstrip(b"\x00")
    # Trail bytes of ICU primaries can be 02; escaping 02 and 03 behind a 03 keeps the order
    # and leaves 01 and 02 (our separators) below every byte a weight can start with.
    return raw.replace(b"\x03", b"\x03\x03").replace(b"\x02", b"\x03\x02")


class SortKeys:
    """Computes sort keys for one document's options."""

    def __init__(self, options: SortOptions | None = None) -> None:
        self.options = options or SortOptions()
        self._primary, self._full = _collators(self.options.language, self.options.greek_among_symbols)
        self._word_weights: dict[str, bytes] = {}
        options = self.options
        self._words_only = not (options.substitute_mc or options.substitute_saint)
        self._main_skip = language.ARTICLES[options.language] if options.rules.ignore_main_heading_articles else None
        self._sub_skip = options.subheading_words or None
        self._letter_by_letter = options.rules.letter_by_letter
        self._letter_groups: dict[str, str] = {}
        self._ascii_weights = _ascii_table(self.options.language, self.options.greek_among_symbols)
        self._dropped = b" " if self._letter_by_letter else b""  # letter by letter, spaces do not count

    def key(self, plain: str, sort_as: str | None = None, *, main: bool = True) -> bytes:
        """The stored key for a heading; a Sort As replaces the heading's own text for ordering."""
        if not sort_as and self._words_only:
            # Most headings are words of letters and single spaces, perhaps a comma after a word
            # ("Smith, John"), and no number the rules would read: their primary part is the words'
            # weights, joined as _primary_part and _words_key join them. (This path is the hot loop
            # of sorting a big index; the hypothesis test holds it equal to _rules_key.)
            words = plain.split(" ")
            letters = "".join(words)
            if (
                letters.isalpha()
                and "" not in words
                and (plain.isascii() or (unicodedata.is_normalized("NFC", plain) and not self._spells_greek(plain)))
                and (plain[1:].islower() or len(words) == 1 or not _ROMAN_LATER_WORD.search(plain))
            ):
                skip = self._main_skip if main else self._sub_skip
                text = plain
                if skip is not None and len(words) > 1 and words[0].lower() in skip:
                    while len(words) > 1 and words[0].lower() in skip:
                        del words[0]
                    text = " ".join(words)
                table = self._ascii_weights
                if table is not None and plain.isascii():
                    # (bytes.translate: a byte table, where str.translate looked each character up in a dict)
                    primary = text.encode("ascii").translate(table, self._dropped)
                elif self._letter_by_letter:
                    primary = self._weights("".join(words))
                else:
                    cached, weights = self._word_weights.get, self._word_weight
                    primary = WORD_SEPARATOR.join([cached(word) or weights(word) for word in words])
                full: bytes = self._full.getSortKey(plain)
                return PART_SEPARATOR.join((primary, full, plain.encode()))
            commas = letters.count(",")
            if (
                commas
                and plain.count(", ") == commas
                and ",," not in letters
                and letters[0] != ","
                and letters.replace(",", "").isalpha()
                and "" not in words
                and (plain.isascii() or (unicodedata.is_normalized("NFC", plain) and not self._spells_greek(plain)))
                and (len(words) == 1 or not _ROMAN_LATER_WORD.search(plain))
            ):
                return self._words_only_key(plain, words, main, commas)
        return self._rules_key(plain, sort_as, main)

    def _spells_greek(self, plain: str) -> bool:
        return self.options.language == "en" and _GREEK.search(plain) is not None

    def _rules_key(self, plain: str, sort_as: str | None, main: bool) -> bytes:
        """:meth:`key` for any heading, every rule applied (the reference the fast path must equal)."""
        if sort_as:
            primary = self._primary_part(unicodedata.normalize("NFC", sort_as), first=True)
        else:
            primary = self._primary_part(self._apply_rules(unicodedata.normalize("NFC", plain), main), first=True)
        full = self._full.getSortKey(plain)
        return primary + PART_SEPARATOR + bytes(full) + PART_SEPARATOR + plain.encode("utf-8")

    def _words_only_key(self, plain: str, words: list[str], main: bool, commas: int) -> bytes:
        skip = self._main_skip if main else self._sub_skip
        if skip is not None:
            while len(words) > 1 and words[0].lower() in skip:
                del words[0]
        if commas:
            segments = [segment.split(" ") for segment in " ".join(words).split(", ")]
            primary = COMMA_STOP.join([self._segment_weights(segment) for segment in segments])
        else:
            primary = self._segment_weights(words)
        return primary + PART_SEPARATOR + bytes(self._full.getSortKey(plain)) + PART_SEPARATOR + plain.encode("utf-8")

    def _word_weight(self, word: str) -> bytes:
        weights = self._word_weights[word] = self._weights(word)
        return weights

    def _segment_weights(self, words: list[str]) -> bytes:
        if self.options.rules.letter_by_letter:
            return self._weights("".join(words))
        cache = self._word_weights
        parts = []
        for word in words:
            weights = cache.get(word)
            if weights is None:
                weights = cache[word] = self._weights(word)
            parts.append(weights)
        return WORD_SEPARATOR.join(parts)

    def sort_text(self, plain: str, *, main: bool = True) -> str:
        """The heading as the rules file it (``10 Downing St.`` → ``ten Downing St.``): shown for Sort As."""
        return self._apply_rules(unicodedata.normalize("NFC", plain), main)

    def group_letter(self, plain: str, sort_as: str | None = None) -> str:
        """The letter group a main heading files under, or "" for symbols and numbers.

        The letter is the first one that sorting sees (after the rules: ``10 Downing St.``
        is a T under CMS), without its accent unless the language sorts the accented letter
        apart (Swedish Ö follows Z, so it is its own group).
        """
        first = plain[:1]
        if not sort_as and self._main_skip is None and first.isalpha() and plain[1:2].isascii():
            # A first letter that no rule removes, followed by an ASCII character (nothing composes
            # with that): the group is the letter's, whatever follows, and is remembered.
            found = self._letter_groups.get(first)
            if found is None:
                found = self._letter_groups[first] = self._group_letter(plain, sort_as)
            return found
        return self._group_letter(plain, sort_as)

    def _group_letter(self, plain: str, sort_as: str | None) -> str:
        text = (
            unicodedata.normalize("NFC", sort_as)
            if sort_as
            else self._apply_rules(unicodedata.normalize("NFC", plain), True)
        )
        # The same words the sort key sees (see _words_key): the first word with a letter or digit
        # decides; a first word of symbols alone (``@``, ``♞``) files as a symbol; punctuation is skipped.
        for index, word in enumerate(text.split()):
            for char in word:
                category = unicodedata.category(char)[0]
                if category == "N":
                    return ""
                if category == "L":
                    if self.options.greek_among_symbols and _GREEK.match(char):
                        return ""  # (the rules left it Greek: the heading files among the symbols)
                    return self._letter_of(char)
            if index == 0 and any(unicodedata.category(ch)[0] == "S" or ch in _SYMBOL_EXTRAS for ch in word):
                return ""
        return ""

    def _letter_of(self, char: str) -> str:
        """A–Z for letters the language files among them (Ä, Æ, ß in English); else the letter itself."""
        weight = self._weights(char.upper())
        index = bisect.bisect_right(self._latin_weights, weight) - 1
        if 0 <= index < 25 or (index == 25 and weight.startswith(self._latin_weights[25])):
            return _LATIN[index]
        return char.upper()[0]

    @functools.cached_property
    def _latin_weights(self) -> list[bytes]:
        return [self._weights(letter) for letter in _LATIN]

    def compare(self, left: str, right: str) -> int:
        """Order two main headings as the document would."""
        left_key, right_key = self.key(left), self.key(right)
        return (left_key > right_key) - (left_key < right_key)

    # -- the rules ----------------------------------------------------------------------------

    def _apply_rules(self, text: str, main: bool) -> str:
        options = self.options
        words = text.split()
        if options.substitute_mc or options.substitute_saint:
            words = [
                self._substitute(word, words[index + 1] if index + 1 < len(words) else "")
                for index, word in enumerate(words)
            ]
        skip = options.subheading_words if not main else frozenset()
        if main and options.rules.ignore_main_heading_articles:
            skip = language.ARTICLES[options.language]
        words = _strip_leading(words, skip)
        if options.language == "en" and _GREEK.search(text):
            # CMS: Greek letters file as spelled out (α particles: alpha), except the Greek that begins a
            # heading where the document files such headings among the symbols (greek-as-symbols).
            kept = _leading_greek(words[0]) if options.greek_as_symbols and words else 0
            words = [
                word[:kept] + language.spell_greek(word[kept:]) if index == 0 else language.spell_greek(word)
                for index, word in enumerate(words)
            ]
        # A main heading's leading numeral files as if spelled out (CMS, "General Rules of Alphabetizing":
        # 10 Downing Street under T); a subentry's does not: dates and numbers among subentries keep
        # chronological, numeric order (CMS, "Subentries": 1914 before 1918; ICU compares numerals by value).
        spell = main and options.rules.spell_leading_numbers and not options.numerals_first
        if words and spell and options.language == "en":
            match = _LEADING_NUMBER.match(words[0])
            digits = match.group(1).replace(",", "") if match else ""
            # (A numeral longer than words go, a quintillion, files as written: Python refuses to read one
            # of thousands of digits, and "billion billion …" would sort no better.)
            if match and len(digits) <= _SPELLED_DIGITS:
                number = int(digits)
                words[0:1] = [*language.spell_number(number).split(), words[0][match.end() :]]
        return " ".join(_roman_to_number(word) if index else word for index, word in enumerate(words) if word)

    @staticmethod
    def _substitute(word: str, following: str) -> str:
        if word.startswith("Mc") and len(word) > 2 and word[2].isupper():
            return "Mac" + word[2:]
        if word.startswith("M’") or word.startswith("M'"):
            return "Mac" + word[2:]
        if word in {"St.", "St"} and following[:1].isupper():
            return "Saint"
        if word in {"Ste.", "Ste"} and following[:1].isupper():
            return "Sainte"
        return word

    def _primary_part(self, text: str, *, first: bool, inverted: bool = False) -> bytes:
        """Primary weights of the text, interrupted at the first parenthesis or comma (after which the
        text is ``inverted``: the given names of ``Eliot, T. S.``)."""
        for index, char in enumerate(text):
            if char in "(,":
                head = text[:index]
                if any(ch.isalnum() for ch in head):
                    stop = PARENTHESIS_STOP if char == "(" else COMMA_STOP
                    rest = self._primary_part(text[index + 1 :], first=False, inverted=inverted or char == ",")
                    return self._words_key(head, first, inverted) + stop + rest
                break
        return self._words_key(text, first, inverted)

    def _words_key(self, text: str, first: bool, inverted: bool = False) -> bytes:
        rules = self.options.rules
        if rules.hyphen_as_space:
            raw_words = _WORD_BREAKS_SPACE.split(text)
        else:
            raw_words = [_HYPHENS_AND_SLASHES.sub("", word) for word in _WORD_BREAKS_CMS.split(text)]
        words: list[str] = []
        initials: set[int] = set()  # the indexes in words of initials
        for index, raw in enumerate(raw_words):
            if inverted and _INITIALS.fullmatch(raw):
                # An initial standing for a given name is a word of its own, filed before the names
                # it could stand for (CMS 16.63: Lane, T. R. before Lane, Thomas), in either system.
                for letter in raw[::2]:
                    initials.add(len(words))
                    words.append(letter)
                continue
            cleaned = "".join(ch for ch in raw if unicodedata.category(ch)[0] in "LNM")
            if not cleaned and first and index == 0:
                # A heading that starts with a symbol (@, ♞, §) files by the symbol, before numbers and letters.
                cleaned = "".join(ch for ch in raw if unicodedata.category(ch)[0] == "S" or ch in _SYMBOL_EXTRAS)
            if cleaned:
                words.append(cleaned)
        if rules.letter_by_letter:
            if not initials:
                return self._weights("".join(words))
            # Letter by letter, the letters run on across spaces but stop after each initial.
            runs: list[str] = [""]
            for index, word in enumerate(words):
                runs[-1] += word
                if index in initials and index + 1 < len(words):
                    runs.append("")
            return WORD_SEPARATOR.join([self._weights(run) for run in runs])
        return WORD_SEPARATOR.join([self._weights(word) for word in words])

    def _weights(self, text: str) -> bytes:
        return _encoded_weights(self._primary, text)


def _strip_leading(words: list[str], skip: frozenset[str]) -> list[str]:
    """Drop leading function words (and elided articles such as l’) while something is left."""
    if not skip:
        return words
    result = list(words)
    while len(result) > 1 and result[0].lower().strip("“”\"'‘’") in skip:
        result = result[1:]
    if result:
        lowered = result[0].lower()
        for elided in ("l'", "l’", "d'", "d’"):
            if elided in skip and lowered.startswith(elided) and len(result[0]) > 2:
                result[0] = result[0][2:]
    return result


def _leading_greek(word: str) -> int:
    """How much of a word's start is Greek letters (after any opening punctuation: ``“α”``); 0 if none."""
    start = 0
    while start < len(word) and not word[start].isalnum():
        start += 1
    end = start
    while end < len(word) and _GREEK.match(word[end]):
        end += 1
    return end if end > start else 0


def _roman_to_number(word: str) -> str:
    """Regnal and sequence numbers sort by value: Henry IV before Henry IX (an initial, the V. of
    Naipaul, V. S., is not one)."""
    core = word.rstrip(".,;:)")
    if len(core) <= 6 and _ROMAN_WORD.match(core) and not (len(core) == 1 and word[1:2] == "."):
        try:
            return str(roman.fromRoman(core)) + word[len(core) :]
        except roman.InvalidRomanNumeralError:
            return word
    return word


_DEFAULT = SortKeys()


def sort_key(plain: str, sort_as: str | None = None, *, main: bool = True) -> bytes:
    """The sort key under the default options (CMS word by word, English)."""
    return _DEFAULT.key(plain, sort_as, main=main)


def with_form(key: bytes, identity: str) -> bytes:
    """A heading's stored key given its :func:`xindex.core.markup.identity`: two headings of one text in
    different styles (Nature, *Nature* the journal) file together, the roman one first (our rule: CMS
    16.56–67 and NISO TR03 order by the letters alone). The italic form's key is the roman one's followed by
    a 00 byte and its identity; any other heading's key differs before that point or continues with a higher
    byte, so nothing can file between the two."""
    return key + PART_SEPARATOR + identity.encode() if "<i>" in identity else key


_FOLDERS = threading.local()
# ICU's Latin-ASCII also folds the letters Unicode does not decompose (Ł, Ø, Æ, ß, Đ, Þ …), so that
# "Lodz" finds Łódź; other scripts keep their letters, lower-cased and without marks.
_FOLD_RULES = "NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower; NFC"


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text, for matching what a person types: ``Łódź`` → ``lodz``."""
    if text.isascii():
        return " ".join(text.lower().split())
    folder = getattr(_FOLDERS, "folder", None)
    if folder is None:  # one transliterator per thread: ICU's instances are not shared across threads
        folder = _FOLDERS.folder = icu.Transliterator.createInstance(_FOLD_RULES)
    return " ".join(str(folder.transliterate(text)).split())


def compare(left: str, right: str) -> int:
    """Default collation for ad-hoc SQL: compare two texts by their sort keys."""
    return _DEFAULT.compare(left, right)
