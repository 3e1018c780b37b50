"""Page-range rules applied on output: conflation and abbreviated range ends.

Stored locators always hold whole ranges (131–134) and keep adjacent pages
separate (see :func:`xindex.core.locators.merge`). Printing an index then
joins adjacent pages into ranges (conflation) and abbreviates the second
number of an arabic range by the chosen rule:

========  ===========================================  =======================
rule      source                                       examples
========  ===========================================  =======================
``cms``   Chicago Manual of Style, 17th ed., 9.61      101–8, 321–28, 1496–500
``iso``   Oxford / ISO 999 compact (New Hart's Rules)  101–8, 321–8, 112–18
``full``  both numbers whole                           101–108, 321–328
========  ===========================================  =======================

Roman ranges are always printed in full (xiv–xvi), whatever the rule; note
numbers always in full (``45nn101–108``); ``passim`` follows its abbreviated
range (``1496–500 passim``) and is never joined with other pages; a locator
marked apart (``[46]``, a separate mention: CMS 16.13-14, Hart's Rules 19.6)
prints without its mark and is never joined with adjacent pages. Figure,
table and plate locators print by the document's :class:`LocatorForms`:
``77f``, ``77t``, ``77pl`` (CMS 16.116), an italic or bold page number (CMS;
Hart's Rules 19.6), the page alone, or a house form such as ``fig. {page}``.
:func:`format_locator` is the one place a locator becomes printed text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from xindex.core.errors import SettingError
from xindex.core.locators import EN_DASH, PASSIM, Emphasis, Kind, Locator, Series, merge, page_text
from xindex.core.markup import escape as escape_markup


class RangeRule(StrEnum):
    """How the second number of an arabic page range is abbreviated; stored by value."""

    CMS = "cms"
    ISO = "iso"
    FULL = "full"

    @property
    def label(self) -> str:
        """A name to show in a list of choices."""
        return _LABELS[self]

    @property
    def example(self) -> str:
        """Sample ranges printed by this rule, to show next to the label."""
        return ", ".join(f"{first}{EN_DASH}{abbreviate(first, last, self)}" for first, last in _EXAMPLE_RANGES)


_LABELS = {
    RangeRule.CMS: "Chicago (CMS 9.61)",
    RangeRule.ISO: "Oxford / ISO 999 compact",
    RangeRule.FULL: "Full numbers",
}
_EXAMPLE_RANGES = ((71, 72), (101, 108), (112, 118), (321, 328), (1496, 1500))

RANGE_RULES: dict[str, RangeRule] = {rule.value: rule for rule in RangeRule}
DEFAULT_RANGE_RULE = RangeRule.CMS


def range_rule(name: str) -> RangeRule:
    """The range rule called ``name``; ValueError naming the choices otherwise."""
    try:
        return RANGE_RULES[name.strip().lower()]
    except KeyError:
        raise SettingError(f"'{name}' is not a page range rule; choose one of {', '.join(RANGE_RULES)}") from None


def _changed_part(first: str, last: str) -> str:
    """The digits of ``last`` from the first one that differs from ``first`` (same length)."""
    shared = 0
    while first[shared] == last[shared]:
        shared += 1
    return last[shared:]


def abbreviate(first: int, last: int, rule: RangeRule) -> str:
    """The second number of the arabic range ``first``–``last`` as printed under ``rule``.

    CMS follows the Chicago Manual of Style, 17th ed., 9.61 (3–10, 100–104,
    101–8, 321–28, 1496–500, 12991–3001).

    ISO follows the Oxford rule of New Hart's Rules (Oxford University Press,
    ch. 11 "Numbers and dates"), the compact style British indexes use with
    ISO 999: elide to the fewest figures possible (30–1, 42–3, 132–6,
    1841–5), except that within each hundred the numbers 10 to 19 are single
    numbers and keep both digits (10–12, 15–19, 114–18, 214–15, 310–11).
    The rule makes no exception for a range starting at a multiple of 100, so
    it gives 100–4 and 1100–13 where CMS gives 100–104 and 1100–1113; Peter
    Kahrel's CMS/OUP comparison table ("Number-span elision", citing New
    Hart's Rules) lists 100–4 and 1100–13 for OUP as well.

    Every abbreviated end is unambiguous: putting the leading digits of
    ``first`` in front of it gives back ``last``, as the locator parser does
    when it reads ``131-4``.
    """
    if last < first:
        raise ValueError(f"the range {first}{EN_DASH}{last} ends before it starts")
    whole = str(last)
    start = str(first)
    if rule is RangeRule.FULL or last == first or len(whole) != len(start):
        return whole
    changed = _changed_part(start, whole)
    if rule is RangeRule.ISO:
        # New Hart's: a teen (10-19 within its hundred) is one number, never split as 1|2.
        if len(changed) == 1 and len(whole) >= 2 and whole[-2] == "1":
            return whole[-2:]
        return changed
    # CMS 17th ed. 9.61 "inclusive numbers": under 100 and multiples of 100 keep all digits;
    # 101-109 (in each hundred) keep only the changed part; 110-199 keep two digits or more.
    within_hundred = first % 100
    if first < 100 or within_hundred == 0:
        return whole
    if within_hundred < 10:
        return changed
    return changed if len(changed) >= 2 else whole[-2:]


def _joins(run: Locator, loc: Locator, reach: int) -> bool:
    """True when ``loc`` (starting at or after ``run``) joins ``run``: it overlaps it or, with ``reach`` 1,
    starts on the next page, unless either is marked apart (a separate mention)."""
    return loc.first <= run.last + (0 if run.apart or loc.apart else reach)


def _extended(run: Locator, loc: Locator) -> Locator:
    """``run`` joined with ``loc``, which :func:`_joins` it; apart when either is."""
    if loc.last > run.last or (loc.apart and not run.apart):
        return run.replace(last=max(run.last, loc.last), apart=run.apart or loc.apart)
    return run


def _join_runs(members: list[Locator], adjacent: bool) -> list[Locator]:
    """Join overlapping (and, if asked, adjacent) page locators of one series, prefix and emphasis."""
    reach = 1 if adjacent else 0
    runs: list[Locator] = []
    for loc in sorted(members, key=lambda item: (item.first, item.last)):
        if runs and _joins(runs[-1], loc, reach):
            runs[-1] = _extended(runs[-1], loc)
        else:
            runs.append(loc)
    return runs


def _sweep(ordered: list[Locator], adjacent: bool) -> list[Locator]:
    """The common case, on the hot path of generation: page locators all of one emphasis, in print order.

    One pass joins each page into the open run of its series, prefix and encapsulator. A run
    grows at its end, so the list stays in print order without sorting again, unless a run that
    grew is not the last one: ``5, \\hyperpage{5}, 6`` makes ``5–6``, which prints after
    ``\\hyperpage{5}`` (its last page is later); then the list is sorted once more.
    """
    reach = 1 if adjacent else 0
    out: list[Locator] = []
    open_run: dict[tuple[Series, str, str], int] = {}
    resort = False
    for loc in ordered:
        if loc.kind is not Kind.PAGE or loc.passim:
            out.append(loc)
            continue
        where = (loc.series, loc.prefix, loc.encap)
        index = open_run.get(where)
        if index is not None:
            previous = out[index]
            if _joins(previous, loc, reach):
                if loc.last > previous.last or loc.apart:
                    out[index] = _extended(previous, loc)
                    resort = resort or (loc.last > previous.last and index != len(out) - 1)
                continue
        open_run[where] = len(out)
        out.append(loc)
    if resort:
        out.sort(key=Locator.order_key)
    return out


def _span_union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint, ordered (first, last) page spans covering ``spans`` (touching spans joined)."""
    union: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if union and first <= union[-1][1] + 1:
            if last > union[-1][1]:
                union[-1] = (union[-1][0], last)
        else:
            union.append((first, last))
    return union


def _inside(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= first and last <= end for start, end in spans)


def conflate(locators: Sequence[Locator], *, adjacent: bool = True, merged: bool = False) -> list[Locator]:
    """Join page locators into ranges for print: ``33, 34, 35`` → ``33–35``; ``39, 40–42`` → ``39–42``.

    Only page locators (kind PAGE) of the same series, prefix and
    emphasis are joined; notes, figures, tables, plates, text locators and
    passim ranges are never joined, and a locator marked apart (``[46]``) is
    never joined with adjacent pages. With ``adjacent=False`` only overlaps are joined. Where the
    same pages are cited with different emphasis the stronger one wins
    (BOLD > ITALIC > NONE): a locator all of whose pages are also cited, with
    stronger emphasis and the same encapsulator, by other page locators is
    dropped, so ``34`` plus bold ``33–36`` prints only the bold range; an
    emphasised page inside a weaker range stays separate (``33–36, <b>34</b>``).
    (Encapsulators are never merged, as :func:`merge` keeps them apart: a
    ``\\hyperpage{34}`` stays beside a bold 34.) ``merged`` says the list is
    already the output of :func:`merge` (as stored locators are), which saves
    merging again. :func:`conflate_codes` is the fast path for plain page codes.
    """
    ordered = list(locators) if merged else merge(locators)
    if len(ordered) < 2:
        return ordered
    if len({loc.emphasis for loc in ordered if loc.kind is Kind.PAGE}) <= 1:
        return _sweep(ordered, adjacent)
    groups: dict[tuple[Series, str, Emphasis, str], list[Locator]] = {}
    others: list[Locator] = []
    for loc in ordered:
        if loc.kind is Kind.PAGE and not loc.passim:
            groups.setdefault((loc.series, loc.prefix, loc.emphasis, loc.encap), []).append(loc)
        else:
            others.append(loc)
    joined = {key: _join_runs(members, adjacent) for key, members in groups.items()}
    if len(joined) == 1 and not others:
        return next(iter(joined.values()))
    if len({key[2] for key in joined}) == 1:
        return sorted([loc for runs in joined.values() for loc in runs] + others, key=Locator.order_key)
    kept: list[Locator] = []
    for (series, prefix, emphasis, encap), runs in joined.items():
        stronger = _span_union(
            [
                (loc.first, loc.last)
                for (other_series, other_prefix, other_emphasis, other_encap), other_runs in joined.items()
                if other_series is series
                and other_prefix == prefix
                and other_encap == encap
                and other_emphasis > emphasis
                for loc in other_runs
            ]
        )
        kept.extend(loc for loc in runs if not _inside(loc.first, loc.last, stronger))
    return sorted(kept + others, key=Locator.order_key)


# -- the fast path: pages as codes ---------------------------------------------------------------------
#
# xindex makeindex conflates the locators of a million .idx lines, nearly all of them single plain pages:
# too many for Locator objects. There a page is one int, its code: arabic n is n, roman n is
# n - ROMAN_OFFSET. Codes order as Locator.order_key orders pages (roman first), and a roman code is never
# next to an arabic one, so runs of codes never cross a series. conflate_codes is conflate on page locators
# without prefix given as codes; tests/core/test_ranges_codes.py holds the two equal.

ROMAN_OFFSET = 1 << 40

# A page locator as codes: (first code, last code, emphasis, encapsulator).
CodedLocator = tuple[int, int, int, str]


def page_code(series: Series, value: int) -> int:
    """The code of a page: arabic n is n, roman n is n - ROMAN_OFFSET."""
    return value if series is Series.ARABIC else value - ROMAN_OFFSET


def code_page(code: int) -> tuple[Series, int]:
    """The series and number of a page code."""
    return (Series.ARABIC, code) if code > 0 else (Series.ROMAN, code + ROMAN_OFFSET)


def code_text(first: int, last: int, rule: RangeRule = DEFAULT_RANGE_RULE, dash: str = EN_DASH) -> str:
    """A page or range of page codes as :func:`format_locator` prints it, ``dash`` between the ends."""
    series, value = code_page(first)
    start = page_text(series, value)
    if last == first:
        return start
    return start + dash + range_end(series, value, code_page(last)[1], rule)


def conflate_codes(
    pages: Sequence[int], others: Sequence[CodedLocator] = (), adjacent: bool = True, run: int = 2
) -> list[CodedLocator]:
    """:func:`conflate` for page locators without prefix, as codes, in print order.

    ``pages`` are single pages without emphasis or encapsulator (in any order, repeats
    allowed: most locators of a big index); ``others`` every other locator. Plain
    pages are joined as ints; only the few others go through the general steps.
    ``run``: the fewest successive single pages joined into a range (makeindex: 3).
    """
    reach = 1 if adjacent else 0
    if not others:
        if len(pages) == 1:
            return [(pages[0], pages[0], 0, "")]
        return [(first, last, 0, "") for first, last in _short_runs_apart(_code_runs(sorted(set(pages)), reach), run)]
    special: list[CodedLocator] = []
    singles = set(pages)
    plain_ranges: list[tuple[int, int]] = []
    for loc in others:
        if loc[2] or loc[3]:
            special.append(loc)
        elif loc[0] == loc[1]:
            singles.add(loc[0])  # (a range never closed in an .idx counts as a page)
        else:
            plain_ranges.append((loc[0], loc[1]))
    # merge's steps for the plain locators: overlaps merged, and a plain locator for exactly the pages of an
    # emphasised one (without encapsulator) dropped: page 5 cited plain and bold prints once, bold.
    exact = _emphasised_spans(special)
    spans: list[tuple[int, int]]
    if plain_ranges:
        spans = _join_spans(sorted([(code, code) for code in singles] + plain_ranges), 0)
        if exact:
            spans = [span for span in spans if span not in exact]
        spans = _join_spans(spans, reach) if spans else []
    else:
        if exact:
            singles.difference_update([first for first, last in exact if first == last])
        spans = _short_runs_apart(_code_runs(sorted(singles), reach), run) if singles else []
    kept = _conflate_special(special, reach) if special else []
    # A plain run drops out where emphasised locators without an encapsulator cite all of it.
    stronger = _span_union([(loc[0], loc[1]) for loc in kept if loc[2] and not loc[3]])
    out: list[CodedLocator] = [
        (first, last, 0, "") for first, last in spans if not (stronger and _inside(first, last, stronger))
    ]
    out.extend(kept)
    out.sort(key=_code_order)
    return out


def _code_order(loc: CodedLocator) -> tuple[int, int, str]:
    return loc[0], loc[1], loc[3]


def _code_runs(codes: list[int], reach: int) -> list[tuple[int, int]]:
    """Sorted distinct page codes joined into (first, last) runs."""
    runs: list[tuple[int, int]] = []
    start = last = codes[0]
    for code in codes[1:]:
        if code <= last + reach:
            last = code
            continue
        runs.append((start, last))
        start = last = code
    runs.append((start, last))
    return runs


def _short_runs_apart(runs: list[tuple[int, int]], run: int) -> list[tuple[int, int]]:
    """Runs of single pages shorter than ``run`` pages cut back into their pages (makeindex: 1, 2 stay apart)."""
    if run <= 2:
        return runs
    out: list[tuple[int, int]] = []
    for first, last in runs:
        if first != last and last - first + 1 < run:
            out.extend((code, code) for code in range(first, last + 1))
        else:
            out.append((first, last))
    return out


def _join_spans(spans: list[tuple[int, int]], reach: int) -> list[tuple[int, int]]:
    """Sorted (first, last) spans joined where they overlap (or touch, with reach 1)."""
    runs: list[tuple[int, int]] = []
    start, last = spans[0]
    for first, end in spans[1:]:
        if first <= last + reach:
            if end > last:
                last = end
            continue
        runs.append((start, last))
        start, last = first, end
    runs.append((start, last))
    return runs


def _emphasised_spans(locators: list[CodedLocator]) -> set[tuple[int, int]]:
    """The spans of the emphasised locators without an encapsulator, overlaps merged per emphasis (merge's
    step)."""
    groups: dict[int, list[tuple[int, int]]] = {}
    for first, last, emphasis, encap in locators:
        if emphasis and not encap:
            groups.setdefault(emphasis, []).append((first, last))
    return {span for spans in groups.values() for span in _join_spans(sorted(spans), 0)}


def _conflate_special(locators: list[CodedLocator], reach: int) -> list[CodedLocator]:
    """conflate's steps for locators with emphasis or an encapsulator: merged, joined within one emphasis and
    encapsulator, dropped where a stronger emphasis with the same encapsulator cites all their pages."""
    groups: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for first, last, emphasis, encap in locators:
        groups.setdefault((emphasis, encap), []).append((first, last))
    if len({encap for _emphasis, encap in groups}) == len(groups):
        # One emphasis per encapsulator: nothing is covered by a stronger emphasis.
        return [
            (first, last, emphasis, encap)
            for (emphasis, encap), spans in groups.items()
            for first, last in _join_spans(sorted(spans), reach)
        ]
    # merge: overlaps within a style joined; of exact duplicates the strongest kept.
    strongest: dict[tuple[int, int, str], int] = {}
    for (emphasis, encap), spans in groups.items():
        for first, last in _join_spans(sorted(spans), 0):
            known = strongest.get((first, last, encap))
            if known is None or emphasis > known:
                strongest[(first, last, encap)] = emphasis
    merged: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for (first, last, encap), emphasis in strongest.items():
        merged.setdefault((emphasis, encap), []).append((first, last))
    joined = {style: _join_spans(sorted(spans), reach) for style, spans in merged.items()}
    kept: list[CodedLocator] = []
    for (emphasis, encap), runs in joined.items():
        stronger = _span_union(
            [
                span
                for (other_emphasis, other_encap), other_runs in joined.items()
                if other_encap == encap and other_emphasis > emphasis
                for span in other_runs
            ]
        )
        kept.extend((first, last, emphasis, encap) for first, last in runs if not _inside(first, last, stronger))
    return kept


class LocatorForm(NamedTuple):
    """How figure, table or plate locators print: ``template`` with ``{page}`` where the page goes
    (``{page}f`` → ``77f``), in ``style`` (``i`` or ``b`` for italic or bold page numbers, or none).
    ``spec`` is the setting's text: a named form (``f``, ``italic``) or the template itself."""

    spec: str
    template: str
    style: str = ""


PAGE_FIELD = "{page}"
_NAMED_FORMS: dict[str, LocatorForm] = {
    # CMS 17th ed. 16.116 and the AMA Manual of Style: f, t after the page number (275f, 294t);
    # italic (or, Hart's Rules 19.6, bold) page numbers for illustrations, explained in a headnote.
    "f": LocatorForm("f", "{page}f"),
    "t": LocatorForm("t", "{page}t"),
    "pl": LocatorForm("pl", "{page}pl"),
    "italic": LocatorForm("italic", PAGE_FIELD, "i"),
    "bold": LocatorForm("bold", PAGE_FIELD, "b"),
    "plain": LocatorForm("plain", PAGE_FIELD),
}
_SHOWN = {"f": "77f", "t": "77t", "pl": "77pl", "italic": "77 in italics", "bold": "77 in bold", "plain": "77"}
FORM_NAMES: dict[Kind, tuple[str, ...]] = {
    Kind.FIGURE: ("f", "italic", "bold", "plain"),
    Kind.TABLE: ("t", "italic", "bold", "plain"),
    Kind.PLATE: ("pl", "italic", "bold", "plain"),
}
_KIND_WORDS = {Kind.FIGURE: "figure", Kind.TABLE: "table", Kind.PLATE: "plate"}


def form_choices(kind: Kind) -> tuple[tuple[str, str], ...]:
    """The named forms of ``kind`` with what each prints, for a list of choices."""
    return tuple((name, _SHOWN[name]) for name in FORM_NAMES[kind])


def locator_form(kind: Kind, text: str) -> LocatorForm:
    """The form called ``text`` (``f``, ``italic``, ...) or a free form such as ``fig. {page}``; SettingError
    saying what is wrong otherwise."""
    spec = text.strip()
    named = _NAMED_FORMS.get(spec.lower())
    if named is not None and named.spec in FORM_NAMES[kind]:
        return named
    if PAGE_FIELD not in spec:
        names = ", ".join(FORM_NAMES[kind])
        raise SettingError(
            f"'{text}' is not a {_KIND_WORDS[kind]} form; use {names}, or a form with {PAGE_FIELD} where the page"
            f" goes, such as 'fig. {PAGE_FIELD}'"
        )
    rest = spec.replace(PAGE_FIELD, "", 1)
    if PAGE_FIELD in rest or "{" in rest or "}" in rest:
        raise SettingError(f"'{text}': a form holds {PAGE_FIELD} once and no other braces")
    if len(rest) > 20 or any(not char.isprintable() for char in rest):
        raise SettingError(f"'{text}': a form adds up to 20 printable characters to the page number")
    return LocatorForm(spec, spec)


class LocatorForms(NamedTuple):
    """How figure, table and plate locators print (per-document settings); the defaults are CMS's."""

    figure: LocatorForm = _NAMED_FORMS["f"]
    table: LocatorForm = _NAMED_FORMS["t"]
    plate: LocatorForm = _NAMED_FORMS["pl"]

    def of(self, kind: Kind) -> LocatorForm | None:
        """The form of a figure, table or plate locator; None for other kinds."""
        if kind is Kind.FIGURE:
            return self.figure
        if kind is Kind.TABLE:
            return self.table
        if kind is Kind.PLATE:
            return self.plate
        return None


DEFAULT_FORMS = LocatorForms()


class PrintedLocator(NamedTuple):
    """One locator as printed: its text (no markup), its emphasis and the style its form adds."""

    text: str
    emphasis: Emphasis
    form_style: str = ""


@functools.lru_cache(maxsize=65536)
def format_locator(locator: Locator, rule: RangeRule = DEFAULT_RANGE_RULE, forms: LocatorForms = DEFAULT_FORMS) -> str:
    """One locator as printed: ``II:24–25``, ``45n3``, ``98nn2–5``, ``77f``, ``1496–500``, ``12–30 passim``; a
    figure, table or plate by its form in ``forms`` (without the style the form may add: see
    :func:`form_style`); a text locator prints its text. Note numbers are printed in full."""
    kind = locator.kind
    if kind is Kind.TEXT:
        return locator.text
    start = locator.prefix + locator.page_text(locator.first)
    form = forms.of(kind)
    if form is not None:
        return form.template.replace(PAGE_FIELD, start)
    if kind is Kind.NOTE:
        return start + locator.note_text()
    if not locator.is_range:
        return start
    text = start + EN_DASH + range_end(locator.series, locator.first, locator.last, inside_rule(rule, locator.encap))
    return text + PASSIM if locator.passim else text


def inside_rule(rule: RangeRule, encap: str) -> RangeRule:
    """The range rule for a range inside a LaTeX encapsulator: whole (``\\hyperpage{101--108}``), because
    hyperref links the text, and ``101--8`` would link page 8; elsewhere ``rule``."""
    return RangeRule.FULL if encap else rule


def form_style(locator: Locator, forms: LocatorForms = DEFAULT_FORMS) -> str:
    """The markup style (``i``, ``b`` or "") a figure, table or plate locator's form adds to its emphasis."""
    form = forms.of(locator.kind)
    return "" if form is None else form.style


def range_end(series: Series, first: int, last: int, rule: RangeRule) -> str:
    """The end of a page range as printed: a roman one in full, an arabic one abbreviated by ``rule``."""
    return page_text(series, last) if series is Series.ROMAN else abbreviate(first, last, rule)


def print_locators(
    locators: Sequence[Locator],
    *,
    rule: RangeRule = DEFAULT_RANGE_RULE,
    adjacent: bool = True,
    merged: bool = False,
    forms: LocatorForms = DEFAULT_FORMS,
) -> list[PrintedLocator]:
    """Conflate ``locators`` and format each for print by ``rule`` and ``forms``."""
    return [
        PrintedLocator(format_locator(loc, rule, forms), loc.emphasis, form_style(loc, forms))
        for loc in conflate(locators, adjacent=adjacent, merged=merged)
    ]


_TAG = {Emphasis.BOLD: "b", Emphasis.ITALIC: "i"}


def locators_text(
    locators: Sequence[Locator],
    *,
    rule: RangeRule = DEFAULT_RANGE_RULE,
    adjacent: bool = True,
    markup: bool = False,
    forms: LocatorForms = DEFAULT_FORMS,
) -> str:
    """The printed locator list joined with ``", "``.

    With ``markup=True`` the result is xindex markup: text is escaped and
    emphasised locators are wrapped in ``<b>…</b>`` or ``<i>…</i>`` (and in the
    tag of a figure, table or plate form that sets the page in italic or bold).
    """
    printed = print_locators(locators, rule=rule, adjacent=adjacent, forms=forms)
    if not markup:
        return ", ".join(item.text for item in printed)
    parts: list[str] = []
    for item in printed:
        body = escape_markup(item.text)
        for tag in sorted({_TAG.get(item.emphasis, ""), item.form_style} - {""}):
            body = f"<{tag}>{body}</{tag}>"
        parts.append(body)
    return ", ".join(parts)
