"""XindeX's XML format (``.ximl``): import a whole XindeX index, and export one a XindeX user can open.

XindeX (Qtrac, 2014–2020) wrote one ``<entry eid=… peid=…>`` per heading
(``peid="0"``: a main heading) holding ``<term>``, ``<sortas saf=…>``,
``<pages>``, ``<notes>`` and ``<xrefs>`` (``<see to_eid=…/>``,
``<seealso to_eid=…/>``, or generic ``<see>text</see>``), then ``<groups>``,
word lists and its settings as ``<configs>``. Terms, pages and some settings
are HTML fragments escaped inside the XML.

Import decisions:

* **Markup.** XindeX's HTML maps onto our tags where it has a meaning:
  ``<b>``/``<strong>`` and ``font-weight: bold`` → ``<b>``; ``<i>``/``<em>``
  and ``font-style: italic`` → ``<i>``; ``font-variant: small-caps`` →
  ``<sc>``; ``<sup>``/``<sub>`` and ``vertical-align`` → ``<sup>``/``<sub>``;
  ``<u>`` and ``text-decoration: underline`` → ``<u>``; a monospace font
  (Courier, ``<tt>``, ``<code>``) → ``<tt>``. Other font families, sizes and
  paragraphs are dropped; strike-out and colours are dropped and reported.
* **Sort As.** XindeX stored a sort string for every entry, computed by its
  rules (``saf`` A, R, S, N, B) or typed by the user (``saf`` C). Computed ones
  are dropped: our rule set (mapped from ``SortAsRules``) sorts the heading
  itself. A custom one is kept as the entry's Sort As, without XindeX's
  precedence letter after the first word (``smith H john`` → ``smith john``);
  when it only re-spells the heading's own words (with such letters anywhere,
  ``B black L chess knight character`` for ``♞ black chess knight
  character``) it adds nothing our rules do not do and is dropped as well.
* **Pages** become locators (``<b>20</b><b>–</b><b>21</b>`` is a bold
  range, ``257<i>f</i>`` a figure); a page our parser cannot read is kept as
  a text locator and reported.
* **Cross-references** by ``to_eid`` are linked to the imported entry;
  generic ones keep their text. ``<link>`` (an old XindeX's linked pages)
  has no counterpart and is reported.
* **Groups** (``<groups>`` and ``gids``) become groups; a linked group is an
  ordinary group here (reported).
* **Settings.** ``Title``, ``Note``, ``SortAsRules`` (``wordByWordCMS16`` →
  ``cms-word`` …), ``PageRangeRules`` (``pageRangeCMS16`` → ``cms`` …),
  ``Style``, ``SeeAlsoPosition``, the see/see-also texts, prefixes,
  separators and suffixes (main and sub), ``GenericConjunction``,
  ``XRefToSubentry``, ``TermPagesSeparator``, ``RunInSeparator``,
  ``SectionSpecialTitle``, ``SectionTitles``, ``Indent`` and the ignored
  first words map onto our settings; XindeX never joined adjacent pages, so
  ``conflate-adjacent`` is off, its plain text began with ``Title:``/
  ``Note:`` lines (``text-header: labelled``), and a first or last *See
  also* took a line of its own even under a heading without subentries
  (``see-also-apart-always``). Every other config is kept
  as ``ximl.KEY`` so that an export gives it back.

Export writes XindeX's version-100 layout from the document's entries:
``eid`` is our entry id, custom Sort As is written with ``saf="c"`` (XindeX's
flag for it; older files have ``C``, read as well), and
every other entry gets the sort string XindeX itself computes by the file's
``SortAsRules`` (``saf="A"``, :mod:`xindex.formats.xindex_sortas`), so XindeX
orders the entries as it would its own.
The root carries ``generator="xindex" settings="whole"`` (XindeX ignores both),
and every setting rides along as an ``xindex.KEY`` config, so that our own
file comes back exactly: its custom Sort As is taken as written, and a *see
under* (which XindeX lacks; it reads it as *see*) keeps ``kind="under"``.
"""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import re
from collections.abc import Sequence
from typing import ClassVar

from xindex.core import locators as loc
from xindex.core import markup
from xindex.core import settings as known_settings
from xindex.core.errors import SettingError
from xindex.core.model import MAX_DEPTH, XRefKind
from xindex.formats.importers import (
    ImportedIndex,
    ImportEntry,
    ImportFileError,
    ImportXRef,
    XmlElement,
    clean_term,
    folded,
    monospace_font,
    parse_locator_list,
    parse_xml,
)
from xindex.formats.xindex_sortas import xindex_sort_as
from xindex.formats.xmltext import xml_attribute, xml_text
from xindex.store.reading import Snapshot

VISUAL_SPACE = "\u25cf"  # XindeX wrote spaces in punctuation settings as ●
XIML_VERSION = "100"

SORT_RULES = {
    "wordbywordcms16": "cms-word",
    "letterbylettercms16": "cms-letter",
    "wordbywordiso999en": "iso-word",
    "letterbyletteriso999en": "iso-letter",
    "wordbywordniso3": "niso-word",
    "letterbyletterniso3": "niso-letter",
}
RANGE_RULES = {"pagerangecms16": "cms", "pagerangeiso999": "iso", "pagerangefull": "full"}
SEE_ALSO_POSITIONS = {"1": "after", "2": "first", "3": "last"}
XREF_TARGETS = {"0": "main-colon", "1": "main-comma", "2": "under-main"}
LANGUAGES = {"american": "en", "british": "en", "australian": "en", "canadian": "en", "south african": "en"}

# XindeX config → our setting, for texts (HTML in XindeX, plain here) and punctuation (● for spaces).
_TEXT_CONFIGS = {
    "Title": "title",
    "Note": "note",
    "SectionSpecialTitle": "numbers-group-title",
    "See": "see-label",
    "SeeAlso": "see-also-label",
    "SubSee": "sub-see-label",
    "SubSeeAlso": "sub-see-also-label",
}
_PUNCTUATION_CONFIGS = {
    "SeePrefix": "see-prefix",
    "SeeSeparator": "see-separator",
    "SeeSuffix": "see-suffix",
    "SeeAlsoPrefix": "see-also-prefix",
    "SeeAlsoSeparator": "see-also-separator",
    "SeeAlsoSuffix": "see-also-suffix",
    "SubSeePrefix": "sub-see-prefix",
    "SubSeeSeparator": "sub-see-separator",
    "SubSeeSuffix": "sub-see-suffix",
    "SubSeeAlsoPrefix": "sub-see-also-prefix",
    "SubSeeAlsoSeparator": "sub-see-also-separator",
    "SubSeeAlsoSuffix": "sub-see-also-suffix",
    "GenericConjunction": "generic-conjunction",
    "RunInSeparator": "run-in-separator",
    "TermPagesSeparator": "heading-locator-separator",
}
_HANDLED = {
    "SortAsRules",
    "PageRangeRules",
    "Style",
    "SeeAlsoPosition",
    "XRefToSubentry",
    "SectionTitles",
    "Indent",
    "IgnoreSubFirsts",
    "Language",
}
FOREIGN_PREFIX = "ximl."
OWN_PREFIX = "xindex."  # our settings in our own export, as configs XindeX keeps without reading them


# ---------------------------------------------------------------------- XindeX HTML → our markup


class _HtmlRuns(html.parser.HTMLParser):
    """Reads XindeX's HTML fragments into styled runs."""

    _TAG_STYLES: ClassVar[dict[str, str]] = {
        "b": "b",
        "strong": "b",
        "i": "i",
        "em": "i",
        "sup": "sup",
        "sub": "sub",
        "u": "u",
        "tt": "tt",
        "code": "tt",
    }
    _VOID: ClassVar[frozenset[str]] = frozenset({"br", "img", "hr", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[markup.Run] = []
        self._open: list[tuple[str, frozenset[str]]] = []
        self.dropped: set[str] = set()  # the formatting our markup cannot say, met in open tags (see _css_styles)
        self._dropping: list[tuple[str, frozenset[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        styles: set[str] = set()
        lost: set[str] = set()
        if tag in self._TAG_STYLES:
            styles.add(self._TAG_STYLES[tag])
        elif tag in _LOST_TAGS:
            lost.add(_LOST_TAGS[tag])
        for name, value in attrs:
            if name == "style" and value:
                styles |= _css_styles(value, lost)
        self._open.append((tag, frozenset(styles)))
        self._dropping.append((tag, frozenset(lost)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                del self._dropping[index:]
                return

    def handle_data(self, data: str) -> None:
        styles = frozenset().union(*(styles for _, styles in self._open)) if self._open else frozenset()
        if data.strip():
            for _tag, lost in self._dropping:
                self.dropped |= lost
        self.runs.append(markup.Run(data, styles))


# What XindeX's HTML can say that our markup cannot: reported (never dropped silently), by what it is.
_LOST_TAGS = {"s": "strike-out", "strike": "strike-out"}


def _css_styles(css: str, lost: set[str] | None = None) -> set[str]:
    """The styles a CSS declaration list gives that our markup can say (and in ``lost`` what it cannot)."""
    found: set[str] = set()
    lost = lost if lost is not None else set()
    for declaration in css.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "font-weight" and (value in {"bold", "bolder"} or (value.isdigit() and int(value) >= 600)):
            found.add("b")
        elif name == "font-style" and value in {"italic", "oblique"}:
            found.add("i")
        elif name == "font-variant" and "small-caps" in value:
            found.add("sc")
        elif name == "vertical-align" and value in {"super", "sub"}:
            found.add("sup" if value == "super" else "sub")
        elif name == "font-family" and monospace_font(value):
            found.add("tt")
        elif name == "text-decoration" and "underline" in value:
            found.add("u")
        elif name == "text-decoration" and "line-through" in value:
            lost.add("strike-out")
        elif name == "color" and value not in {"", "black", "#000", "#000000", "inherit"}:
            lost.add("colour")
    return found


def html_to_markup(fragment: str, dropped: set[str] | None = None) -> str:
    """XindeX's HTML (a term, pages or a setting) as our markup (a monospace font as ``<tt>``, underlining as
    ``<u>``); other fonts and sizes are dropped, and what else our markup cannot say (strike-out, colour) is
    added to ``dropped``."""
    parser = _HtmlRuns()
    parser.feed(fragment)
    parser.close()
    if dropped is not None:
        dropped |= parser.dropped
    runs = [markup.Run(" ".join(run.text.split("\n")), run.styles) for run in parser.runs]
    return markup.normalize(markup.from_runs(runs))


def html_to_plain(fragment: str) -> str:
    """XindeX's HTML as plain text."""
    return markup.plain_text(html_to_markup(fragment))


def markup_to_html(text: str) -> str:
    """Our markup as the HTML XindeX keeps in terms (small caps, underlining and monospace as styled spans,
    as XindeX's editor writes them)."""
    out: list[str] = []
    for run in markup.parse_runs(text):
        body = html.escape(run.text, quote=False)
        if "sc" in run.styles:
            body = f'<span style="font-variant: small-caps;">{body}</span>'
        if "tt" in run.styles:
            body = f"<span style=\"font-family: 'courier';\">{body}</span>"
        if "u" in run.styles:
            body = f'<span style="text-decoration: underline;">{body}</span>'
        for tag in ("sub", "sup", "i", "b"):
            if tag in run.styles:
                body = f"<{tag}>{body}</{tag}>"
        out.append(body)
    return "".join(out)


# ---------------------------------------------------------------------- import


def read_ximl(data: str | bytes) -> ImportedIndex:
    """Parse a ``.ximl`` file into an imported tree with settings; ImportFileError for a bad file."""
    root = parse_xml(data)
    if root.tag != "XindeX":
        raise ImportFileError(f"this is not a XindeX file (its root element is <{root.tag}>, not <XindeX>)", root.line)
    imported = ImportedIndex("XindeX", label="Import XindeX index")
    ours = root.attributes.get("generator") == "xindex"  # our own export: a custom Sort As is exactly ours
    group_names = _read_groups(root, imported)
    configs = _read_configs(root)
    ignored = [
        word.attributes.get("word", "")
        for section in (*root.findall("ignored"), *root.findall("ignored_firsts"))
        for word in section.children
        if word.tag in {"ignore", "ignore_firsts"}
    ]
    spelled = [
        word.attributes.get("word", "")
        for section in root.findall("spelling")
        for word in section.children
        if word.tag == "spell"
    ]
    if ours and root.attributes.get("settings") == "whole":
        # Our own export carries every setting as it was, as xindex.KEY configs (XindeX's beside them say less).
        imported.settings = {
            key[len(OWN_PREFIX) :]: value for key, value in configs.items() if key.startswith(OWN_PREFIX)
        }
    else:
        mapped = {key: value for key, value in configs.items() if not key.startswith(OWN_PREFIX)}
        imported.settings = map_configs(mapped, ignored, imported.warnings, spelled, xindex_defaults=not ours)
    entries: dict[int, tuple[ImportEntry, int, int]] = {}
    order: list[int] = []
    lost: dict[str, list[str]] = {}
    for section in root.findall("entries"):
        for element in section.children:
            if element.tag != "entry":
                continue
            eid, peid = _int_attribute(element, "eid"), _int_attribute(element, "peid")
            if eid <= 0:
                raise ImportFileError(f"entry id {eid} is not a positive number", element.line)
            if eid in entries:
                raise ImportFileError(f"entry id {eid} is used twice (first on line {entries[eid][2]})", element.line)
            entries[eid] = (_read_entry(element, eid, group_names, imported.warnings, ours, lost), peid, element.line)
            order.append(eid)
    report_lost(lost, imported.losses)
    build_tree(imported, entries, order)
    return imported


def _int_attribute(element: XmlElement, name: str) -> int:
    value = element.attributes.get(name)
    if value is None:
        raise ImportFileError(f"<{element.tag}> has no {name} attribute", element.line)
    try:
        return int(value.strip())
    except ValueError:
        raise ImportFileError(f"<{element.tag}> {name}='{value}' is not a number", element.line) from None


def _read_groups(root: XmlElement, imported: ImportedIndex) -> dict[str, str]:
    names: dict[str, str] = {}
    for section in root.findall("groups"):
        for group in section.findall("group"):
            gid = group.attributes.get("gid", "").strip()
            name = " ".join(group.text.split())
            if gid and name:
                names[gid] = name
                if group.attributes.get("linked", "0").strip() not in {"", "0"}:
                    imported.warnings.append(f"line {group.line}: linked group “{name}” imported as an ordinary group")
    return names


def _read_configs(root: XmlElement) -> dict[str, str]:
    configs: dict[str, str] = {}
    for section in root.findall("configs"):
        for config in section.findall("config"):
            key = config.attributes.get("key", "").strip()
            if key:
                configs[key] = config.text.replace(VISUAL_SPACE, " ")
    return configs


def map_configs(
    configs: dict[str, str],
    ignored: list[str],
    warnings: list[str],
    spelled: Sequence[str] = (),
    *,
    xindex_defaults: bool = True,
) -> dict[str, str]:
    """XindeX's configs as our settings (unmapped ones kept as ``ximl.KEY``); its spelling list (the words
    its spell check accepts) as the ``dictionary`` setting. ``xindex_defaults``: add what XindeX did without
    a config (not for our own export, whose settings say it)."""
    # XindeX never joined adjacent pages, began its plain text with "Title:"/"Note:" lines, and put a
    # first/last See also on a line of its own whether or not the heading had subentries.
    settings: dict[str, str] = (
        {"conflate-adjacent": "0", "text-header": "labelled", "see-also-apart-always": "1"} if xindex_defaults else {}
    )
    for key, value in configs.items():
        lowered = value.strip().lower()
        if key in _TEXT_CONFIGS:
            plain = html_to_plain(value)
            settings[_TEXT_CONFIGS[key]] = plain if key.startswith(("See", "SubSee")) else " ".join(plain.split())
        elif key in _PUNCTUATION_CONFIGS:
            settings[_PUNCTUATION_CONFIGS[key]] = value
        elif key == "SortAsRules":
            if lowered in SORT_RULES:
                settings["rules"] = SORT_RULES[lowered]
            else:
                warnings.append(f"sort rules '{value}' are unknown; the document's rules were kept")
        elif key == "PageRangeRules":
            if lowered in RANGE_RULES:
                settings["range-rules"] = RANGE_RULES[lowered]
            else:
                warnings.append(f"page range rules '{value}' are unknown; the document's rules were kept")
        elif key == "Style":
            if lowered.lstrip("-").isdigit():
                level = int(lowered)
                settings["style"] = "indented" if level < 0 else "run-in" if level == 0 else f"run-in:{level}"
        elif key == "SeeAlsoPosition" and lowered in SEE_ALSO_POSITIONS:
            settings["see-also-position"] = SEE_ALSO_POSITIONS[lowered]
        elif key == "XRefToSubentry" and lowered in XREF_TARGETS:
            settings["xref-target"] = XREF_TARGETS[lowered]
        elif key == "SectionTitles" and lowered in {"0", "1"}:
            settings["letter-groups"] = lowered
        elif key == "Indent" and lowered.isdigit():
            settings["text-indent"] = "tab" if lowered == "0" else lowered
        elif key == "Language":
            if lowered in LANGUAGES:
                settings["language"] = LANGUAGES[lowered]
        elif key not in _HANDLED:
            settings[FOREIGN_PREFIX + key] = value
    words = [" ".join(word.split()).lower() for word in ignored if word.strip()]
    if words and configs.get("IgnoreSubFirsts", "1").strip() != "0":
        settings["function-words"] = ", ".join(sorted(set(words)))
    accepted = sorted({word.strip() for word in spelled if word.strip() and "," not in word})
    if accepted:
        settings["dictionary"] = ", ".join(accepted)
    for word in spelled:
        if "," in word:
            warnings.append(f"the spelling word “{word}” holds a comma, which a word list cannot; it was left out")
    return settings


def _read_entry(
    element: XmlElement,
    eid: int,
    group_names: dict[str, str],
    warnings: list[str],
    ours: bool = False,
    lost: dict[str, list[str]] | None = None,
) -> ImportEntry:
    term_element = element.find("term")
    if term_element is None:
        raise ImportFileError(f"entry {eid} has no <term>", element.line)
    sortas, pages, notes = element.find("sortas"), element.find("pages"), element.find("notes")
    entry = xindex_entry(
        eid,
        term_element.text,
        (sortas.attributes.get("saf", "A"), sortas.text) if sortas is not None else None,
        pages.text if pages is not None else "",
        notes.text if notes is not None else "",
        warnings,
        ours=ours,
        lines=(element.line, term_element.line, pages.line if pages is not None else element.line),
        times=(utc_stamp(element.attributes.get("created")), utc_stamp(element.attributes.get("updated"))),
        lost=lost,
    )
    for xrefs in element.findall("xrefs"):
        for xref in xrefs.children:
            entry.xrefs.append(_read_xref(xref, eid))
    if element.find("link") is not None:
        warnings.append(
            f"line {element.line}: entry {eid} is linked to another entry's pages; the link has no "
            "counterpart in xindex and was left out (its pages were imported)"
        )
    for gid in (element.attributes.get("gids") or "").split(","):
        gid = gid.strip()
        if not gid:
            continue
        if gid not in group_names:
            raise ImportFileError(f"entry {eid} is in group {gid}, which the file does not define", element.line)
        entry.groups.append(group_names[gid])
    return entry


def xindex_entry(
    eid: int,
    term_html: str,
    sort: tuple[str, str] | None,
    pages_html: str,
    notes: str,
    warnings: list[str],
    *,
    ours: bool = False,
    lines: tuple[int, int, int] = (0, 0, 0),
    times: tuple[str | None, str | None] = (None, None),
    lost: dict[str, list[str]] | None = None,
) -> ImportEntry:
    """One XindeX entry (from a ``.ximl`` or a XindeX ``.xix``) as an imported entry: its HTML term, its
    ``(saf, sortas)``, pages and notes; ``lines``: where the entry, its term and its pages are (0 in a database)."""
    dropped: set[str] = set()
    try:
        term, plain = clean_term(html_to_markup(term_html, dropped), lines[1])
    except ImportFileError as error:
        raise ImportFileError(f"entry {eid}: {error.reason}", lines[1]) from None
    entry = ImportEntry(term, plain, key=eid, line=lines[0], created=times[0], updated=times[1])
    if sort is not None:
        saf, sortas = sort
        if ours:
            entry.sort_as = (sortas.strip() or None) if saf.strip().upper() == "C" else None
        else:
            entry.sort_as = custom_sort_as(saf, sortas, plain)
    if pages_html.strip():
        pages = _XINDEX_TEXT_PAGE.sub(_text_page, html_to_markup(pages_html, dropped))
        if _STYLED_SUFFIX.search(pages):
            dropped.add("an italic or bold figure, table or plate suffix")
        entry.locators = parse_locator_list(pages, lines[2], warnings)
    entry.notes = notes.strip()
    if lost is not None:
        for kind in dropped:
            lost.setdefault(kind, []).append(plain)
    return entry


# A figure suffix styled apart from its page (257<i>f</i>): the document's figure form prints every figure alike.
_STYLED_SUFFIX = re.compile(r"\d<(i|b)>(f|t|pl)</\1>")

# XindeX's text page with the page it files at: "frontispiece@0", "Plate A@12.5" (ours is "0@frontispiece").
_XINDEX_TEXT_PAGE = re.compile(
    r"(?P<lead>^|[,;])(?P<space>\s*)(?P<open>(?:<[a-z]+>)*)(?P<text>[^,;@<]*[^\s,;@<])@(?P<order>-?\d+(?:\.\d+)?)"
    r"(?P<close>(?:</[a-z]+>)*)(?=\s*(?:[,;]|$))"
)


def _text_page(match: re.Match[str]) -> str:
    """A XindeX text page in our form: filed at its page (12.5 files after page 12, as in XindeX)."""
    order = int(float(match.group("order")) // 1)
    lead, space, text = match.group("lead"), match.group("space"), match.group("text")
    return f"{lead}{space}{match.group('open')}{order}@{text}{match.group('close')}"


def report_lost(lost: dict[str, list[str]], losses: list[str]) -> None:
    """One line of the import's summary for each kind of formatting our markup cannot say, naming the
    headings that had it."""
    for kind, headings in sorted(lost.items()):
        shown = ", ".join(f"“{heading}”" for heading in headings[:3]) + (" …" if len(headings) > 3 else "")
        count = f"{len(headings)} heading{'s' if len(headings) != 1 else ''}"
        if kind.startswith("an "):  # (a figure suffix: printed by the document's figure form)
            losses.append(f"{kind} in {count} ({shown}), printed as the document's forms print them")
        else:
            losses.append(f"{kind} in {count} ({shown}), kept as plain text: xindex's markup has no {kind}")


def utc_stamp(value: str | float | None) -> str | None:
    """A XindeX time as the store keeps one (ISO 8601, UTC): ``2015-11-16 09:07:40`` as a ``.ximl`` writes it
    (SQLite's DATETIME, UTC), or a Julian day as its database holds it; None for none or a malformed one."""
    if value is None:
        return None
    try:
        if isinstance(value, float | int):
            # (to the millisecond, SQLite's precision: a Julian day's float is no closer)
            moment = _JULIAN_EPOCH + dt.timedelta(milliseconds=round((float(value) - _JULIAN_EPOCH_DAY) * 86_400_000))
        else:
            moment = dt.datetime.fromisoformat(value.strip()).replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        return None
    return moment.isoformat(timespec="microseconds")


_JULIAN_EPOCH = dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC)  # Julian day 2451545.0
_JULIAN_EPOCH_DAY = 2451545.0


def _read_xref(xref: XmlElement, eid: int) -> ImportXRef:
    kinds = {"see": XRefKind.SEE, "seealso": XRefKind.SEE_ALSO, "seeunder": XRefKind.SEE_UNDER}
    if xref.tag not in kinds:
        raise ImportFileError(f"entry {eid}: <{xref.tag}> is not a cross-reference (see or seealso)", xref.line)
    kind = kinds[xref.tag]
    if xref.attributes.get("kind", "").strip().lower() == "under":
        kind = XRefKind.SEE_UNDER
    if "to_eid" in xref.attributes:
        return ImportXRef(kind, target_key=_int_attribute(xref, "to_eid"), line=xref.line)
    if "xindex_to_eid" in xref.attributes:  # (our export's second link to one heading, text to XindeX)
        return ImportXRef(kind, target_key=_int_attribute(xref, "xindex_to_eid"), line=xref.line)
    text = html_to_markup(xref.text)
    if not markup.plain_text(text).strip():
        raise ImportFileError(f"entry {eid}: a generic cross-reference has no text", xref.line)
    return ImportXRef(kind, text=text, line=xref.line)


_MARKER = re.compile(r"^[A-Z]$")


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w]+|_", " ", folded(text)).split()


def custom_sort_as(saf: str, sortas: str, plain: str) -> str | None:
    """The Sort As to keep from a XindeX sort string: None unless the user typed it (saf C) and it says more."""
    if saf.strip().upper() != "C":
        return None
    text = " ".join(html_to_plain(sortas).split())
    if not text:
        return None
    tokens = text.split()
    if [word for token in tokens if not _MARKER.match(token) for word in _words(token)] == _words(plain):
        return None
    if len(tokens) > 2 and _MARKER.match(tokens[1]):
        del tokens[1]
    return " ".join(tokens)


def build_tree(imported: ImportedIndex, entries: dict[int, tuple[ImportEntry, int, int]], order: list[int]) -> None:
    """Hang each entry (with its parent's eid and its line) under its parent; same-named siblings merge.
    Linear in the entries: each entry's depth is found once (a parent's depth is remembered), then entries
    are placed by depth."""
    depths: dict[int, int] = {}
    for eid in order:
        chain: list[int] = []
        on_chain: set[int] = set()
        current = eid
        while current not in depths:
            _entry, peid, line = entries[current]
            if current in on_chain:
                raise ImportFileError(f"entry {current} is its own ancestor (its parents form a loop)", line)
            chain.append(current)
            on_chain.add(current)
            if not peid:
                depths[current] = 1
                chain.pop()
                break
            if peid not in entries:
                raise ImportFileError(f"entry {current} has parent {peid}, which the file does not hold", line)
            current = peid
        for known in reversed(chain):
            depth = depths[known] = depths[entries[known][1]] + 1
            if depth > MAX_DEPTH:
                raise ImportFileError(f"headings nested more than {MAX_DEPTH} levels deep", entries[known][2])
    siblings: dict[int, dict[str, ImportEntry]] = {}
    placed: dict[int, ImportEntry] = {}
    for eid in sorted(order, key=depths.__getitem__):  # a stable sort: file order within each level
        entry, peid, _line = entries[eid]
        parent = placed[peid] if peid else None
        same = siblings.setdefault(id(parent) if parent else 0, {})
        name = markup.identity(entry.term)  # (one heading as the store has it: its text in its italics)
        existing = same.get(name)
        if existing is None:
            same[name] = entry
            (parent.children if parent else imported.entries).append(entry)
            placed[eid] = entry
        else:
            _merge_into(existing, entry)
            placed[eid] = existing
            imported.warnings.append(
                f"line {entry.line}: “{markup.shown_name(name)}” appears twice under the same heading; the two were"
                " merged"
            )


def _merge_into(existing: ImportEntry, entry: ImportEntry) -> None:
    existing.locators = loc.merge([*existing.locators, *entry.locators])
    existing.xrefs.extend(entry.xrefs)
    existing.groups.extend(group for group in entry.groups if group not in existing.groups)
    existing.sort_as = existing.sort_as or entry.sort_as
    existing.notes = existing.notes or entry.notes
    existing.aliases.append(entry.key)
    existing.aliases.extend(entry.aliases)
    existing.children.extend(entry.children)


# ---------------------------------------------------------------------- export


def _locator_text(locator: loc.Locator) -> str:
    """A locator as XindeX writes pages: a text page as ``frontispiece@0`` (its text, then where it files)."""
    if locator.kind is loc.Kind.TEXT:
        body = f"{markup.escape(locator.text)}@{locator.first}"
        tag = {loc.Emphasis.BOLD: "b", loc.Emphasis.ITALIC: "i"}.get(locator.emphasis)
        return f"<{tag}>{body}</{tag}>" if tag else body
    return locator.canonical()


def export_ximl_document(document: Snapshot) -> str:
    """The whole document as a XindeX ``.ximl`` file (entries, references, groups, settings)."""
    settings = document.settings()
    groups = document.groups()
    gids = {name: str(number) for number, name in enumerate(groups, start=1)}
    member_of: dict[int, list[str]] = {}
    for name, members in groups.items():
        for entry_id in members:
            member_of.setdefault(entry_id, []).append(gids[name])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<XindeX version="{XIML_VERSION}" generator="xindex" settings="whole">',
    ]
    if groups:
        out.append("<groups>")
        out.extend(f'    <group gid="{gids[name]}" linked="0">{xml_text(name)}</group>' for name in groups)
        out.append("</groups>")
    out.append("<entries>")
    configs = settings_to_configs(settings)
    rules = configs.get("SortAsRules", "wordByWordCMS16")
    # XindeX takes the file's <ignored_firsts> as its whole list: given the words our rules skip at the start
    # of a subheading (the document's list, or its language's), it files subheadings as we do.
    ignored = _ignored_first_words(settings)
    stack = list(reversed(document.tree()))
    while stack:
        node = stack.pop()
        entry = node.entry
        # (XindeX's custom flag is a lower-case c: "C" it would take for one of its rules and recompute. An
        # automatic one is the string XindeX computes itself, by the file's rules: it orders by them.)
        if entry.sort_as:
            saf, sortas = "c", entry.sort_as
        else:
            below = ignored if entry.parent_id is not None else None
            saf, sortas = "A", xindex_sort_as(entry.plain, rules, ignored=below or None)
        stamps = f"created={xml_attribute(_stamp(entry.created))} updated={xml_attribute(_stamp(entry.updated))}"
        member = ",".join(member_of.get(entry.id, []))
        out.append(f'<entry eid="{entry.id}" peid="{entry.parent_id or 0}" {stamps} gids="{member}">')
        out.append(f"    <term>{xml_text(markup_to_html(entry.term))}</term>")
        out.append(f'    <sortas saf="{saf}">{xml_text(sortas)}</sortas>')
        if node.locators:
            out.append(f"    <pages>{xml_text(', '.join(_locator_text(item) for item in node.locators))}</pages>")
        if entry.notes:
            out.append(f"    <notes>{xml_text(entry.notes)}</notes>")
        if node.xrefs:
            out.append("    <xrefs>")
            linked: set[int] = set()
            for xref, _label in node.xrefs:
                tag = "seealso" if xref.kind is XRefKind.SEE_ALSO else "see"
                kind = ' kind="under"' if xref.kind is XRefKind.SEE_UNDER else ""
                if xref.target_id is not None and xref.target_id in linked:
                    # XindeX holds one link from an entry to another (its xrefs table's key): a second one
                    # to the same heading goes as its text, and xindex_to_eid brings it back here as a link
                    name = xml_text(markup_to_html(document.path_name(xref.target_id)))
                    out.append(f'        <{tag} xindex_to_eid="{xref.target_id}"{kind}>{name}</{tag}>')
                elif xref.target_id is not None:
                    linked.add(xref.target_id)
                    out.append(f'        <{tag} to_eid="{xref.target_id}"{kind}/>')
                else:
                    out.append(f"        <{tag}{kind}>{xml_text(markup_to_html(xref.text))}</{tag}>")
            out.append("    </xrefs>")
        out.append("</entry>")
        stack.extend(reversed(node.children))
    out.append("</entries>")
    if ignored:
        out.append("<ignored_firsts>")
        out.extend(f"    <ignore_firsts word={xml_attribute(word)}/>" for word in sorted(ignored))
        out.append("</ignored_firsts>")
    dictionary = [word.strip() for word in settings.get("dictionary", "").split(",") if word.strip()]
    if dictionary:
        out.append("<spelling>")
        out.extend(f"    <spell word={xml_attribute(word)}/>" for word in dictionary)
        out.append("</spelling>")
    out.append("<configs>")
    out.extend(
        f"    <config key={xml_attribute(key)}>{xml_text(value)}</config>" for key, value in sorted(configs.items())
    )
    out.append("</configs>")
    out.append("</XindeX>")
    return "\n".join(out) + "\n"


def _stamp(value: str) -> str:
    """Our ISO time stamp in XindeX's form (``2015-11-16 09:07:40``)."""
    return value.replace("T", " ")[:19]


def _ignored_first_words(settings: dict[str, str]) -> frozenset[str]:
    """The words the document's rules skip at the start of a subheading (none when they skip none)."""
    try:
        return known_settings.sort_options(settings).subheading_words
    except SettingError:  # (a damaged setting: the document's own list at least)
        return frozenset(word.strip() for word in settings.get("function-words", "").split(",") if word.strip())


def settings_to_configs(settings: dict[str, str]) -> dict[str, str]:
    """Our settings as XindeX configs (the reverse of :func:`map_configs`), foreign ones given back."""
    configs: dict[str, str] = {}
    for key, value in settings.items():
        if key.startswith(FOREIGN_PREFIX):
            configs[key[len(FOREIGN_PREFIX) :]] = value
    reverse_text = {ours: theirs for theirs, ours in _TEXT_CONFIGS.items()}
    reverse_punctuation = {ours: theirs for theirs, ours in _PUNCTUATION_CONFIGS.items()}
    for key, value in settings.items():
        if key in reverse_text:
            text = html.escape(value, quote=False)
            if key.endswith("-label"):
                text = f"<i>{text.rstrip()}</i>{text[len(text.rstrip()) :] or ' '}"
            configs[reverse_text[key]] = text
        elif key in reverse_punctuation:
            configs[reverse_punctuation[key]] = value.replace(" ", VISUAL_SPACE)
    reverse = {
        "rules": {ours: theirs for theirs, ours in _CANONICAL_RULES.items()},
        "range-rules": {ours: theirs for theirs, ours in _CANONICAL_RANGES.items()},
    }
    if settings.get("rules") in reverse["rules"]:
        configs["SortAsRules"] = reverse["rules"][settings["rules"]]
    if settings.get("range-rules") in reverse["range-rules"]:
        configs["PageRangeRules"] = reverse["range-rules"][settings["range-rules"]]
    style = settings.get("style", "").strip().lower()
    if style:
        configs["Style"] = "-1" if style == "indented" else "0" if style == "run-in" else style.partition(":")[2]
    position = settings.get("see-also-position")
    if position in {"after", "first", "last"}:
        configs["SeeAlsoPosition"] = {"after": "1", "first": "2", "last": "3"}[position]
    target = settings.get("xref-target", "")
    if target in XREF_TARGETS.values():
        configs["XRefToSubentry"] = {value: key for key, value in XREF_TARGETS.items()}[target]
    if settings.get("letter-groups") in {"0", "1"}:
        configs["SectionTitles"] = settings["letter-groups"]
    indent = settings.get("text-indent")
    if indent:
        configs["Indent"] = "0" if indent == "tab" else indent
    if _ignored_first_words(settings):
        configs["IgnoreSubFirsts"] = "1"
    if settings.get("language", "en") == "en":
        configs["Language"] = "American"  # XindeX knew only English; its variants sort alike
    for key, value in settings.items():
        if key in known_settings.KNOWN or key.startswith(FOREIGN_PREFIX):
            configs[OWN_PREFIX + key] = value
    return configs


_CANONICAL_RULES = {
    "wordByWordCMS16": "cms-word",
    "letterByLetterCMS16": "cms-letter",
    "wordByWordISO999en": "iso-word",
    "letterByLetterISO999en": "iso-letter",
    "wordByWordNISO3": "niso-word",
    "letterByLetterNISO3": "niso-letter",
}
_CANONICAL_RANGES = {"pageRangeCMS16": "cms", "pageRangeISO999": "iso", "pageRangeFull": "full"}
