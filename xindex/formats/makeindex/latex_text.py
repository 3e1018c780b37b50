r"""LaTeX source to the plain text a reader sees, for sorting headings read from an ``.idx``.

``\textit{Rosa}`` → Rosa, ``\"o`` → ö, ``{\ss}`` → ß: formatting macros
are dropped and their arguments kept, accent macros compose with their letter
(NFC), a few letter macros become their letters.
"""

from __future__ import annotations

import unicodedata

_ACCENT_MARKS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}
# Letters and symbols that are macros of their own (not accents, so no composition applies).
_LETTER_MACROS = {
    "ss": "ß",
    "SS": "SS",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "S": "§",
    "P": "¶",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textendash": "–",
    "textemdash": "—",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "copyright": "©",
    "pounds": "£",
    "textdollar": "$",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "dag": "†",
    "ddag": "‡",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
}
_SPACE_SYMBOLS = frozenset(" ,;:>~")


def is_plain(text: str) -> bool:
    """Whether LaTeX source is its own plain text (no macro, brace, tie, math, odd space): ASCII with
    none of \\ { } ~ $, no tab, line break or form feed, and no double space."""
    # (One "in" test per character: a C search each, where a frozenset's isdisjoint looked every
    # character up and took twice as long.)
    return (
        text.isascii()
        and "\\" not in text
        and "{" not in text
        and "}" not in text
        and "~" not in text
        and "$" not in text
        and "  " not in text
        and (text.isprintable() or not any(space in text for space in "\t\n\r\x0b\x0c"))
    )


def latex_to_plain(text: str) -> str:
    r"""The text a reader sees in LaTeX source: ``\textit{Rosa}`` → Rosa, ``\"o`` → ö, ``{\ss}`` → ß.

    Formatting macros are dropped and their arguments kept; accent macros
    put a combining mark on their letter and are composed (NFC); a few
    letter macros (``\ss``, ``\o``, ``\ae`` ...) become their letters.
    """
    if "\\" not in text and "{" not in text and "~" not in text and "$" not in text:
        plain = text
    else:
        plain, _ = _plain_run(text, 0, False)
        plain = unicodedata.normalize("NFC", plain)
    plain = " ".join(plain.split())
    if not plain and text.strip():
        # Only macros (\foo): their names are all there is to sort by.
        plain = " ".join(text.replace("\\", " ").replace("{", " ").replace("}", " ").split())
    return plain


def _plain_run(text: str, index: int, in_group: bool) -> tuple[str, int]:
    """Plain text from ``index`` to the end (or the closing brace of the group we are in)."""
    out: list[str] = []
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            piece, index = _control_sequence(text, index)
            out.append(piece)
        elif char == "{":
            inner, index = _plain_run(text, index + 1, True)
            out.append(inner)
        elif char == "}":
            if in_group:
                return "".join(out), index + 1
            index += 1
        elif char == "~":
            out.append(" ")
            index += 1
        elif char == "$":
            index += 1
        else:
            out.append(char)
            index += 1
    return "".join(out), index


def _control_sequence(text: str, index: int) -> tuple[str, int]:
    """Plain text of the control sequence at ``index`` (and of an accent's argument)."""
    length = len(text)
    if index + 1 >= length:
        return "", length
    following = text[index + 1]
    if following.isalpha():
        end = index + 1
        while end < length and text[end].isalpha():
            end += 1
        name = text[index + 1 : end]
        while end < length and text[end] in " \t":
            end += 1
        if name in _ACCENT_MARKS and len(name) == 1:
            return _accent(text, end, _ACCENT_MARKS[name])
        return _LETTER_MACROS.get(name, ""), end
    if following in _ACCENT_MARKS:
        return _accent(text, index + 2, _ACCENT_MARKS[following])
    if following in _SPACE_SYMBOLS:
        return " ", index + 2
    if following in "/-!":
        return "", index + 2
    return following, index + 2  # \& \% \$ \# \_ \{ \}


def _accent(text: str, index: int, mark: str) -> tuple[str, int]:
    """The accented letter whose argument starts at ``index``: a group, a control sequence or one character."""
    if index >= len(text):
        return "", index
    char = text[index]
    if char == "{":
        base, index = _plain_run(text, index + 1, True)
    elif char == "\\":
        base, index = _control_sequence(text, index)
    else:
        base, index = char, index + 1
    if not base:
        return "", index
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])  # \'\i is í
    return unicodedata.normalize("NFC", first + mark) + base[1:], index
