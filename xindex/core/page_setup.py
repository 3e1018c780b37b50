"""Page sizes and lengths as people write them, for printing the index (the PDF export's settings).

A page size is a name (``a4``, ``letter``, ``trade`` …) or a width and height with a unit
(``6in x 9in``, ``156 x 234 mm``, ``432x648pt``); a length is a number with a unit (``18mm``,
``0.75in``, ``54pt``). Everything is measured in PostScript points (72 to the inch).
"""

from __future__ import annotations

import re

from xindex.core.errors import SettingError

POINTS_PER_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "pc": 12.0}

# Sizes by name: ISO 216 papers, US papers, and the book trim sizes publishers quote most.
PAGE_SIZES_MM: dict[str, tuple[float, float, str]] = {
    "a4": (210, 297, "A4, 210 × 297 mm"),
    "a5": (148, 210, "A5, 148 × 210 mm"),
    "b5": (176, 250, "B5, 176 × 250 mm"),
    "letter": (215.9, 279.4, "US Letter, 8.5 × 11 in"),
    "trade": (152.4, 228.6, "US trade, 6 × 9 in"),
    "royal": (156, 234, "Royal octavo, 156 × 234 mm"),
    "demy": (138, 216, "Demy octavo, 138 × 216 mm"),
}

_LENGTH = r"(\d+(?:\.\d+)?)\s*(pt|in|mm|cm|pc)?"
_SIZE = re.compile(rf"^\s*{_LENGTH}\s*[x×]\s*{_LENGTH}\s*$", re.IGNORECASE)
_ONE_LENGTH = re.compile(rf"^\s*{_LENGTH}\s*$", re.IGNORECASE)
_UNITS = ", ".join(POINTS_PER_UNIT)


def _points(number: str, unit: str | None, fallback: str | None, text: str) -> float:
    chosen = (unit or fallback or "").lower()
    if not chosen:
        raise SettingError(f"'{text.strip()}' needs a unit ({_UNITS})")
    return float(number) * POINTS_PER_UNIT[chosen]


def parse_page_size(text: str) -> tuple[float, float]:
    """A page's width and height in points; SettingError saying what is wrong."""
    name = text.strip().lower()
    if name in PAGE_SIZES_MM:
        width, height, _ = PAGE_SIZES_MM[name]
        return width * POINTS_PER_UNIT["mm"], height * POINTS_PER_UNIT["mm"]
    match = _SIZE.match(text)
    if match is None:
        raise SettingError(
            f"'{text}' is not a page size; use a name ({', '.join(PAGE_SIZES_MM)}) or a width and height"
            " such as '6in x 9in' or '156 x 234 mm'"
        )
    width_number, width_unit, height_number, height_unit = match.groups()
    width = _points(width_number, width_unit, height_unit, text)
    height = _points(height_number, height_unit, width_unit, text)
    if not (144 <= width <= 14400 and 144 <= height <= 14400):
        raise SettingError(f"'{text}' is not a printable page: each side must be between 2 and 200 inches")
    return width, height


def parse_length(text: str) -> float:
    """A length in points (a number and a unit: '18mm', '0.5in', '36pt'); SettingError saying what is wrong."""
    match = _ONE_LENGTH.match(text)
    if match is None:
        raise SettingError(f"'{text}' is not a length; write a number and a unit ({_UNITS}), e.g. '18mm'")
    number, unit = match.groups()
    return _points(number, unit, None, text)


def format_points(points: float) -> str:
    """A length in points written back as a setting ('54pt')."""
    return f"{points:g}pt"
