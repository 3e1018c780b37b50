"""Every document setting xindex understands, once: its key, type, default, allowed values and help.

Settings are stored as text in the document (``setting`` table). A
:class:`Setting` knows how to read its stored text into a typed value
(:meth:`Setting.value`) and how to write a typed or typed-in value back as
the stored text (:meth:`Setting.normalize`); both go through its
:class:`Kind`, one parser per type (yes/no, whole numbers, choices, page
spans, ...). Unknown keys are kept as they are (imports bring foreign
settings). The command line (``xindex set``), the settings dialog, the sort,
layout and check options are all built from :data:`KNOWN`, so a value one
face accepts the others accept too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from xindex.core import abbreviations, checks, language, locators, markup, page_setup, ranges, rules
from xindex.core.errors import SettingError
from xindex.core.formatter import FormatOptions, SeeAlsoPosition, TargetPath, XRefStyle, parse_style
from xindex.core.model import XRefKind
from xindex.core.sorting import SortOptions

T = TypeVar("T")

Choices = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Kind(Generic[T]):
    """A type of setting: how its text is read (SettingError saying what is wrong) and written back.
    ``choices``: the allowed values with how people name them, when the set is closed (or, with
    ``open_choices``, the usual values of an open set)."""

    name: str
    parse: Callable[[str], T]
    format: Callable[[T], str]
    choices: Choices = ()
    open_choices: bool = False


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One known setting. ``label`` names it in the settings dialog (with its ``&`` accelerator) and
    ``section`` is where it appears there."""

    key: str
    kind: Kind[T]
    default: str
    help: str
    section: str
    label: str
    multiline: bool = field(default=False, compare=False)

    def parse(self, text: str) -> T:
        """The typed value of a text; SettingError saying what is wrong (without the key)."""
        return self.kind.parse(text)

    def normalize(self, text: str) -> str:
        """The stored form of a text; SettingError saying what is wrong (without the key)."""
        return self.kind.format(self.kind.parse(text))

    def value(self, stored: Mapping[str, str]) -> T:
        """The typed value in a document's settings (the default when it has none); SettingError naming
        the key when the stored text is not usable."""
        text = stored.get(self.key)
        if text is None:
            return self.kind.parse(self.default)
        try:
            return self.kind.parse(text)
        except SettingError as error:
            raise SettingError(f"the document's {self.key} setting: {error}") from None

    def text(self, stored: Mapping[str, str]) -> str:
        """The stored text, or the default."""
        return stored.get(self.key, self.default)


# -- kinds: one parser per type ------------------------------------------------------------------


def parse_flag(text: str) -> bool:
    """Yes or no, in the forms people and other programs write (1/0, yes/no, true/false, on/off)."""
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"'{text}' is not yes or no")


def _no_control(text: str, *, lines: bool = False) -> str:
    bad = markup.control_character(text, lines=lines)
    if bad is not None:
        raise SettingError(f"it holds a character no printed index can hold ({bad})")
    return text


def _one_line(text: str) -> str:
    return " ".join(_no_control(text, lines=True).split())


def _lines(text: str) -> str:
    return _no_control(text.replace("\r\n", "\n"), lines=True).strip()


def _verbatim(text: str) -> str:
    return _no_control(text)


def _positive(text: str) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        raise SettingError(f"'{text}' is not a whole number") from None
    if number < 1:
        raise SettingError("it must be at least 1")
    return number


def _page_span(text: str) -> tuple[locators.Locator, ...]:
    if not text.strip():
        return ()
    try:
        return tuple(checks.parse_page_span(text))
    except locators.LocatorError as error:
        raise SettingError(str(error)) from None


def _function_words(text: str) -> tuple[str, ...]:
    return tuple(word.strip().lower() for word in _no_control(text).split(",") if word.strip())


def _choice(values: Choices, what: str) -> Callable[[str], str]:
    allowed = {value for value, _ in values}

    def parse(text: str) -> str:
        lowered = text.strip().lower()
        if lowered not in allowed:
            raise SettingError(f"'{text}' is not {what}; use {', '.join(value for value, _ in values)}")
        return lowered

    return parse


def _style(value: int | None) -> str:
    return "indented" if value is None else "run-in" if value == 0 else f"run-in:{value}"


def _text_indent(text: str) -> str:
    lowered = text.strip().lower()
    if lowered in {"", "tab"} or (lowered.isascii() and lowered.isdigit() and int(lowered) <= 40):
        return lowered
    raise SettingError(f"'{text}' is not a text indent; use a number of spaces (up to 40) or 'tab'")


FLAG: Kind[bool] = Kind("yes or no", parse_flag, lambda value: "1" if value else "0")
TEXT: Kind[str] = Kind("text", _one_line, str)
LINES: Kind[str] = Kind("text (several lines)", _lines, str)
PUNCTUATION: Kind[str] = Kind("text, spaces kept", _verbatim, str)
POSITIVE: Kind[int] = Kind("a whole number of 1 or more", _positive, str)
SPAN: Kind[tuple[locators.Locator, ...]] = Kind(
    "pages and page ranges", _page_span, lambda span: ", ".join(part.plain() for part in span)
)
WORDS: Kind[tuple[str, ...]] = Kind("comma-separated words", _function_words, ", ".join)
ABBREVIATION_TABLE: Kind[dict[str, str]] = Kind(
    "one “abbreviation = expansion” per line", abbreviations.parse_abbreviations, abbreviations.format_abbreviations
)
LANGUAGE_CODE: Kind[str] = Kind(
    "language",
    language.normalize_language,
    str,
    tuple((code, f"{name} ({code})") for code, name in language.LANGUAGES.items()),
)
RULE_SET: Kind[rules.RuleSet] = Kind(
    "rule set",
    rules.rule_set,
    lambda rule_set: rule_set.name,
    tuple((name, rule_set.label) for name, rule_set in rules.RULE_SETS.items()),
)
RANGE_RULE: Kind[ranges.RangeRule] = Kind(
    "range rule",
    ranges.range_rule,
    lambda rule: rule.value,
    tuple((rule.value, f"{rule.label}: {rule.example}") for rule in ranges.RangeRule),
)


def _locator_form_kind(kind: locators.Kind) -> Kind[ranges.LocatorForm]:
    return Kind(
        f"{kind.name.lower()} form",
        lambda text: ranges.locator_form(kind, text),
        lambda form: form.spec,
        ranges.form_choices(kind),
        open_choices=True,
    )


FIGURE_FORM_KIND = _locator_form_kind(locators.Kind.FIGURE)
TABLE_FORM_KIND = _locator_form_kind(locators.Kind.TABLE)
PLATE_FORM_KIND = _locator_form_kind(locators.Kind.PLATE)
STYLE_CHOICES: Choices = (
    ("indented", "Indented"),
    ("run-in", "Run-in from the main heading"),
    ("run-in:1", "Run-in from the first subheading"),
    ("run-in:2", "Run-in from the second subheading"),
)
INDEX_STYLE: Kind[int | None] = Kind("index style", parse_style, _style, STYLE_CHOICES, open_choices=True)
SEE_ALSO_CHOICES: Choices = (
    (SeeAlsoPosition.AFTER.value, "After the heading's locators"),
    (SeeAlsoPosition.FIRST.value, "First, before the subheadings"),
    (SeeAlsoPosition.LAST.value, "Last, after the subheadings"),
)
SEE_ALSO_PLACE: Kind[str] = Kind(
    "See also position", _choice(SEE_ALSO_CHOICES, "a See also position"), str, SEE_ALSO_CHOICES
)
TARGET_CHOICES: Choices = (
    (TargetPath.PATH.value, "Every level: class: attributes: decorator"),
    (TargetPath.MAIN_COLON.value, "Main heading and target: class: decorator"),
    (TargetPath.MAIN_COMMA.value, "Main heading, target: class, decorator"),
    (TargetPath.UNDER_MAIN.value, "Under the main heading: under class"),
)
TARGET_FORM: Kind[str] = Kind("reference target form", _choice(TARGET_CHOICES, "a target form"), str, TARGET_CHOICES)
TEXT_HEADER_CHOICES: Choices = (("plain", "Plain: the index alone"), ("labelled", "Labelled: title and note lines"))
HEADER_FORM: Kind[str] = Kind("text header", _choice(TEXT_HEADER_CHOICES, "a text header"), str, TEXT_HEADER_CHOICES)
INDENT: Kind[str] = Kind("spaces or tab", _text_indent, str)


# -- the settings ----------------------------------------------------------------------------------

INDEX, SORTING, LAYOUT, XREFS, CHECKS, EXPORTS = "Index", "Sorting", "Layout", "Cross-references", "Checks", "Exports"
SECTIONS = (INDEX, SORTING, LAYOUT, XREFS, CHECKS, EXPORTS)

KNOWN: dict[str, Setting[object]] = {}


def _known(setting: Setting[T]) -> Setting[T]:
    KNOWN[setting.key] = setting  # type: ignore[assignment]  # a registry of settings of every type
    return setting


TITLE = _known(Setting("title", TEXT, "", "the index title, printed above it", INDEX, "&Title:"))
NOTE = _known(Setting("note", LINES, "", "a headnote printed under the title", INDEX, "&Note:", multiline=True))
ABBREVIATIONS = _known(
    Setting(
        "abbreviations",
        ABBREVIATION_TABLE,
        "",
        "this index's abbreviations, expanded as headings are typed: one “wwii = World War II” per line",
        INDEX,
        "A&bbreviations:",
        multiline=True,
    )
)

LANGUAGE = _known(Setting("language", LANGUAGE_CODE, "en", "collation language", SORTING, "&Language:"))
RULES = _known(Setting("rules", RULE_SET, rules.DEFAULT_RULES.name, "sort rules", SORTING, "&Rule set:"))
FUNCTION_WORDS = _known(
    Setting(
        "function-words",
        WORDS,
        "",
        "words subheadings skip when sorting (empty: the language's list)",
        SORTING,
        "&Function words:",
    )
)
SUBSTITUTE_MC = _known(Setting("substitute-mc", FLAG, "0", "sort Mc and M’ as Mac", SORTING, "Sort Mc and M’ as &Mac"))
SUBSTITUTE_SAINT = _known(Setting("substitute-saint", FLAG, "0", "sort St. as Saint", SORTING, "Sort St. as Sain&t"))
NUMERALS_FIRST = _known(
    Setting(
        "numerals-first",
        FLAG,
        "0",
        "a main heading that begins with a numeral files first, in numeric order, not as if spelled out (CMS)",
        SORTING,
        "&Numerals first, in numeric order",
    )
)
GREEK_AS_SYMBOLS = _known(
    Setting(
        "greek-as-symbols",
        FLAG,
        "0",
        "a heading that begins with a Greek letter files among the symbols, in Greek order,"
        " not as if spelled out (α particles under A)",
        SORTING,
        "&Greek letters among the symbols",
    )
)

STYLE = _known(
    Setting("style", INDEX_STYLE, "indented", "indented or run-in (run-in:N runs in below level N)", LAYOUT, "St&yle:")
)
RANGE_RULES = _known(
    Setting("range-rules", RANGE_RULE, ranges.DEFAULT_RANGE_RULE.value, "page range style", LAYOUT, "Page &ranges:")
)
CONFLATE_ADJACENT = _known(
    Setting(
        "conflate-adjacent",
        FLAG,
        "0",
        "join adjacent pages into ranges on output (off: separate mentions on consecutive pages stay apart,"
        " CMS 16.13-14; type a continuous discussion as a range; on: type [46] to keep one page apart)",
        LAYOUT,
        "&Join adjacent pages (33, 34, 35 → 33–35)",
    )
)
FIGURE_FORM = _known(
    Setting(
        "figure-form",
        FIGURE_FORM_KIND,
        ranges.DEFAULT_FORMS.figure.spec,
        "how a figure locator (typed 77f) prints: f (77f, CMS 16.116), italic or bold page numbers (say so in"
        " the note), plain, or a form with {page}, such as 'fig. {page}'",
        LAYOUT,
        "&Figures:",
    )
)
TABLE_FORM = _known(
    Setting(
        "table-form",
        TABLE_FORM_KIND,
        ranges.DEFAULT_FORMS.table.spec,
        "how a table locator (typed 77t) prints: t (77t, CMS 16.116), italic, bold, plain, or a form with {page}",
        LAYOUT,
        "&Tables:",
    )
)
PLATE_FORM = _known(
    Setting(
        "plate-form",
        PLATE_FORM_KIND,
        ranges.DEFAULT_FORMS.plate.spec,
        "how a plate locator (typed 77pl) prints: pl (77pl), italic, bold, plain, or a form with {page},"
        " such as 'pl. {page}'",
        LAYOUT,
        "Pl&ates:",
    )
)
CURLY_QUOTES = _known(
    Setting(
        "curly-quotes",
        FLAG,
        "1",
        "straight quotes and apostrophes typed in headings print curly (d'Annunzio → d’Annunzio)",
        LAYOUT,
        "Curly &quotes and apostrophes",
    )
)
LETTER_GROUPS = _known(
    Setting("letter-groups", FLAG, "1", "print the index in letter groups (A, B, ...)", LAYOUT, "&Letter groups")
)
NUMBERS_GROUP = _known(
    Setting(
        "numbers-group",
        FLAG,
        "1",
        "give symbols and numbers a group title of their own",
        LAYOUT,
        "Title the symbols and &numbers group",
    )
)
NUMBERS_GROUP_TITLE = _known(
    Setting(
        "numbers-group-title",
        TEXT,
        "Symbols & Numbers",
        "the title of the symbols and numbers group",
        LAYOUT,
        "Numbers group t&itle:",
    )
)
HEADING_LOCATOR_SEPARATOR = _known(
    Setting(
        "heading-locator-separator",
        PUNCTUATION,
        ", ",
        "between a heading and its first locator",
        LAYOUT,
        "Heading–locator &separator:",
    )
)
RUN_IN_SEPARATOR = _known(
    Setting("run-in-separator", PUNCTUATION, "; ", "between run-in subentries", LAYOUT, "R&un-in separator:")
)

SEE_ALSO_POSITION = _known(
    Setting(
        "see-also-position",
        SEE_ALSO_PLACE,
        SeeAlsoPosition.AFTER.value,
        "where a See also goes when the heading has subentries",
        XREFS,
        "&See also:",
    )
)
SEE_ALSO_APART_ALWAYS = _known(
    Setting(
        "see-also-apart-always",
        FLAG,
        "0",
        "a See also line of its own (first or last) even without subentries",
        XREFS,
        "See also &apart always",
    )
)
XREF_TARGET = _known(
    Setting(
        "xref-target",
        TARGET_FORM,
        TargetPath.PATH.value,
        "how a reference names a subentry",
        XREFS,
        "Subentry &targets:",
    )
)
GENERIC_CONJUNCTION = _known(
    Setting(
        "generic-conjunction",
        PUNCTUATION,
        "",
        "joins a generic reference to those before it (empty: the separator)",
        XREFS,
        "&Generic conjunction:",
    )
)

_XREF_NAMES = {XRefKind.SEE: "see", XRefKind.SEE_ALSO: "see-also", XRefKind.SEE_UNDER: "see-under"}
_XREF_PARTS = ("label", "prefix", "separator", "suffix")
_XREF_WORDS = {"label": "label", "prefix": "before the label", "separator": "between targets", "suffix": "after"}


def _xref_settings() -> dict[tuple[XRefKind, bool], tuple[Setting[str], ...]]:
    defaults = FormatOptions()
    found: dict[tuple[XRefKind, bool], tuple[Setting[str], ...]] = {}
    for subentry, level, where in ((False, "", "a main heading"), (True, "sub-", "a subheading")):
        for kind, name in _XREF_NAMES.items():
            style = defaults.xref_style(kind, subentry=subentry)
            found[kind, subentry] = tuple(
                _known(
                    Setting(
                        f"{level}{name}-{part}",
                        PUNCTUATION,
                        default,
                        f"{kind.value} references after {where}: {_XREF_WORDS[part]}",
                        XREFS,
                        f"{level.replace('sub-', 'Sub ')}{name.replace('-', ' ')} {part}:".capitalize(),
                    )
                )
                for part, default in zip(_XREF_PARTS, style, strict=True)
            )
    return found


XREF_STYLES = _xref_settings()

PAGE_SPAN = _known(
    Setting("page-span", SPAN, "", "the book's pages, e.g. 'i-xvi, 1-320' (for checks)", CHECKS, "&Page span:")
)
MAX_UNDIFFERENTIATED = _known(
    Setting(
        "max-undifferentiated",
        POSITIVE,
        "6",
        "locators a heading may have before checks ask for subheadings",
        CHECKS,
        "&Max. locators:",
    )
)
MAX_RANGE_PERCENT = _known(
    Setting(
        "max-range-percent",
        POSITIVE,
        "20",
        "the largest share of the book's pages (in %) one range may cover before checks report it",
        CHECKS,
        "Max. range (% of the &book):",
    )
)
DICTIONARY = _known(
    Setting(
        "dictionary",
        WORDS,
        "",
        "words the spell check accepts in this index, comma-separated (names, terms of the field)",
        CHECKS,
        "Accepted &words:",
    )
)

TEXT_HEADER = _known(
    Setting(
        "text-header", HEADER_FORM, "plain", "what plain-text exports print above the index", EXPORTS, "Text &header:"
    )
)
TEXT_INDENT = _known(
    Setting(
        "text-indent",
        INDENT,
        "",
        "plain-text indent per level: spaces or tab (empty: four spaces)",
        EXPORTS,
        "Text in&dent:",
    )
)
CSV_FORMULAS = _known(
    Setting(
        "csv-formulas",
        FLAG,
        "0",
        "CSV/TSV exports keep cells that begin with = + - @ as"
        " they are (no: an apostrophe keeps spreadsheets from running them)",
        EXPORTS,
        "Keep spreadsheet &formulas in CSV",
    )
)


# -- the print-ready PDF ----------------------------------------------------------------------------


def _page_size(text: str) -> str:
    page_setup.parse_page_size(text)
    return " ".join(text.strip().lower().split())


def _lengths(text: str) -> str:
    parts = text.strip().lower().split()
    if not 1 <= len(parts) <= 4 or len(parts) == 3:
        raise SettingError(
            f"'{text}' is not margins; give one length for all four, two (top and bottom, sides) or four"
        )
    for part in parts:
        page_setup.parse_length(part)
    return " ".join(parts)


def _font_size(text: str) -> str:
    size = page_setup.parse_length(
        text if text.strip().lower().endswith(tuple(page_setup.POINTS_PER_UNIT)) else f"{text}pt"
    )
    if not 4 <= size <= 36:
        raise SettingError(f"'{text}' is not a size to set an index in; use 4 to 36 points")
    return page_setup.format_points(size)


def _columns(text: str) -> int:
    number = _positive(text)
    if number > 6:
        raise SettingError("an index page holds at most 6 columns")
    return number


def _folio(text: str) -> str:
    stripped = text.strip()
    if stripped and not (stripped.isascii() and stripped.isdigit()):
        raise SettingError(
            f"'{text}' is not a page number; give the book's number of the index's first page, or nothing"
        )
    return stripped


def _font(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise SettingError("name a font: serif, sans or a .ttf or .otf file")
    lowered = stripped.lower()
    if lowered in {"serif", "sans"}:
        return lowered
    if not lowered.endswith((".ttf", ".otf")):
        raise SettingError(f"'{text}' is not a font: use serif, sans or the path of a .ttf or .otf file")
    return _no_control(stripped)


PAGE_SIZE_CHOICES: Choices = tuple((name, label) for name, (_, _, label) in page_setup.PAGE_SIZES_MM.items())
PAGE_SIZE: Kind[str] = Kind("page size", _page_size, str, PAGE_SIZE_CHOICES, open_choices=True)
MARGINS: Kind[str] = Kind("one, two or four lengths", _lengths, str)
FONT_SIZE: Kind[str] = Kind("a type size in points", _font_size, str)
COLUMN_COUNT: Kind[int] = Kind("a number of columns, 1 to 6", _columns, str)
FOLIO: Kind[str] = Kind("a page number or nothing", _folio, str)
FONT_CHOICES: Choices = (("serif", "DejaVu Serif (bundled)"), ("sans", "DejaVu Sans (bundled)"))
FONT: Kind[str] = Kind("font", _font, str, FONT_CHOICES, open_choices=True)

PDF_PAGE_SIZE = _known(
    Setting("pdf-page-size", PAGE_SIZE, "a4", "PDF page size: a name or e.g. '6in x 9in'", EXPORTS, "PDF &page size:")
)
PDF_MARGINS = _known(
    Setting(
        "pdf-margins",
        MARGINS,
        "18mm",
        "PDF margins: one length, two or four (top right bottom left)",
        EXPORTS,
        "PDF mar&gins:",
    )
)
PDF_COLUMNS = _known(Setting("pdf-columns", COLUMN_COUNT, "2", "PDF columns per page", EXPORTS, "PDF col&umns:"))
PDF_FONT = _known(
    Setting("pdf-font", FONT, "serif", "PDF font: serif, sans or a .ttf/.otf file (embedded)", EXPORTS, "PDF f&ont:")
)
PDF_FONT_SIZE = _known(Setting("pdf-font-size", FONT_SIZE, "9pt", "PDF type size", EXPORTS, "PDF type si&ze:"))
PDF_CONTINUED = _known(
    Setting(
        "pdf-continued",
        TEXT,
        "continued",
        "PDF: the word after headings repeated at a column's top (empty: none)",
        EXPORTS,
        "PDF “co&ntinued”:",
    )
)
PDF_FIRST_PAGE = _known(
    Setting(
        "pdf-first-page",
        FOLIO,
        "",
        "PDF: the book's page number of the index's first page (empty: no page numbers)",
        EXPORTS,
        "PDF first page num&ber:",
    )
)


SORT_KEYS = frozenset(known.key for known in KNOWN.values() if known.section == SORTING)  # a change re-sorts


def setting(key: str) -> Setting[object]:
    """The known setting ``key``; SettingError listing the known keys when there is none."""
    found = KNOWN.get(key)
    if found is None:
        raise SettingError(f"unknown setting '{key}'; known: {', '.join(KNOWN)}")
    return found


def normalize(key: str, value: str) -> str:
    """The stored form of a known setting's value; SettingError saying what is wrong. Unknown keys pass."""
    found = KNOWN.get(key)
    return value if found is None else found.normalize(value)


def default(key: str) -> str:
    """What a setting is when the document does not store it ("" for an unknown key)."""
    found = KNOWN.get(key)
    return "" if found is None else found.default


def in_section(section: str) -> list[Setting[object]]:
    """The known settings of one section, in registry order."""
    return [known for known in KNOWN.values() if known.section == section]


# -- options built from the settings ---------------------------------------------------------------


def sort_options(stored: Mapping[str, str]) -> SortOptions:
    """How a document sorts, from its settings; SettingError naming a setting that is not usable."""
    words = FUNCTION_WORDS.value(stored)
    return SortOptions(
        rules=RULES.value(stored),
        language=LANGUAGE.value(stored),
        function_words=frozenset(words) if words else None,
        substitute_mc=SUBSTITUTE_MC.value(stored),
        substitute_saint=SUBSTITUTE_SAINT.value(stored),
        numerals_first=NUMERALS_FIRST.value(stored),
        greek_as_symbols=GREEK_AS_SYMBOLS.value(stored),
    )


def format_options(stored: Mapping[str, str], *, lenient: bool = False) -> FormatOptions:
    """How a document's index is laid out, from its settings; SettingError naming a setting that is not
    usable (``lenient``: its default instead, for views that must show something). A cross-reference
    form is overridden only when the document stores one of its settings."""
    if lenient:
        stored = {key: text for key, text in stored.items() if _usable(key, text)}
    styles = {
        place: XRefStyle(*(part.value(stored) for part in parts))
        for place, parts in XREF_STYLES.items()
        if any(part.key in stored for part in parts)
    }
    return FormatOptions(
        run_in_level=STYLE.value(stored),
        see_also_position=SeeAlsoPosition(SEE_ALSO_POSITION.value(stored)),
        range_rule=RANGE_RULES.value(stored),
        conflate_adjacent=CONFLATE_ADJACENT.value(stored),
        curly_quotes=CURLY_QUOTES.value(stored),
        letter_groups=LETTER_GROUPS.value(stored),
        numbers_group=NUMBERS_GROUP.value(stored),
        numbers_group_title=NUMBERS_GROUP_TITLE.value(stored),
        xref_styles=styles,
        generic_conjunction=GENERIC_CONJUNCTION.value(stored) or None,
        target_path=TargetPath(XREF_TARGET.value(stored)),
        see_also_apart_always=SEE_ALSO_APART_ALWAYS.value(stored),
        heading_locator_separator=HEADING_LOCATOR_SEPARATOR.value(stored),
        run_in_separator=RUN_IN_SEPARATOR.value(stored),
        locator_forms=locator_forms(stored),
    )


def locator_forms(stored: Mapping[str, str]) -> ranges.LocatorForms:
    """How a document prints figure, table and plate locators, from its settings."""
    return ranges.LocatorForms(FIGURE_FORM.value(stored), TABLE_FORM.value(stored), PLATE_FORM.value(stored))


def _usable(key: str, text: str) -> bool:
    try:
        normalize(key, text)
    except SettingError:
        return False
    return True


def check_options(stored: Mapping[str, str]) -> tuple[checks.CheckOptions, list[str]]:
    """What the checks need, from a document's settings, and a note for each setting that is not usable
    (the checks then run without it rather than not at all)."""
    notes: list[str] = []
    max_locators = checks.CheckOptions().max_locators
    try:
        max_locators = MAX_UNDIFFERENTIATED.value(stored)
    except SettingError as error:
        notes.append(f"{error}; using {max_locators}")
    page_span: list[locators.Locator] | None = None
    try:
        page_span = list(PAGE_SPAN.value(stored)) or None
    except SettingError as error:
        notes.append(f"{error}; pages were not checked against it")
    check_language = checks.CheckOptions().language
    try:
        check_language = LANGUAGE.value(stored)
    except SettingError as error:
        notes.append(f"{error}; near-duplicates were looked for in English")
    max_range_percent = checks.CheckOptions().max_range_percent
    try:
        max_range_percent = MAX_RANGE_PERCENT.value(stored)
    except SettingError as error:
        notes.append(f"{error}; using {max_range_percent}%")
    options = checks.CheckOptions(
        max_locators=max_locators,
        page_span=page_span,
        language=check_language,
        max_range_percent=max_range_percent,
    )
    return options, notes
