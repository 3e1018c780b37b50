"""The pre-delivery checks, on indexes built through a real document."""

from __future__ import annotations

import json

import pytest

from xindex.core import checks
from xindex.core.checks import CheckOptions, Finding, format_report, parse_page_span, report_json, run_checks
from xindex.core.locators import LocatorError
from xindex.core.model import IndexNode, XRef, XRefKind
from xindex.store import Document, EditError


def findings_of(doc: Document, options: CheckOptions | None = None) -> list[Finding]:
    return run_checks(doc.tree(), options or CheckOptions())


def coded(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def node_of(roots: list[IndexNode], entry_id: int) -> IndexNode:
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.entry.id == entry_id:
            return node
        stack.extend(node.children)
    raise KeyError(entry_id)


def tree_with_see(doc: Document, *links: tuple[int, int]) -> list[IndexNode]:
    """The document's tree with See references added as a file from before the store refused circles holds them."""
    roots = doc.tree()
    for number, (entry_id, target_id) in enumerate(links, start=1):
        node_of(roots, entry_id).xrefs.append(
            (XRef(-number, entry_id, XRefKind.SEE, target_id, "", False), doc.path_text(target_id))
        )
    return roots


def build_clean(doc: Document) -> dict[str, int]:
    """A small index with nothing to report."""
    ids = {
        "roses": doc.add_entry("roses", locators="12, 14-16, <b>20</b>"),
        "briar": doc.add_entry("briar"),
        "shrubs": doc.add_entry("shrubs", locators="3"),
        "internet": doc.add_entry("Internet", locators="40"),
        "nasa": doc.add_entry("space programmes", locators="50"),
    }
    ids["climbing"] = doc.add_entry("climbing", ids["roses"], locators="77f, 78")
    ids["pruning"] = doc.add_entry("pruning", ids["roses"], locators="30-31")
    ids["history"] = doc.add_entry("history of the Internet", ids["internet"], locators="41")
    ids["access"] = doc.add_entry("access to the Internet", ids["internet"], locators="42")
    ids["nasa-role"] = doc.add_entry("role of NASA", ids["nasa"], locators="51")
    ids["nasa-budget"] = doc.add_entry("budget of <i>Apollo</i>", ids["nasa"], locators="52")
    doc.add_xref(ids["briar"], "see", target_id=ids["climbing"])
    doc.add_xref(ids["shrubs"], "see also", target_id=ids["roses"])
    doc.add_xref(ids["shrubs"], "see also", text="specific shrubs")
    return ids


def test_clean_index_has_no_findings(doc: Document) -> None:
    build_clean(doc)
    options = CheckOptions(page_span=parse_page_span("i-xvi, 1-320"))
    assert findings_of(doc, options) == []
    assert format_report([]) == "No problems found.\n"
    assert json.loads(report_json([])) == {"errors": 0, "warnings": 0, "findings": []}


def test_blind_reference_is_an_error(doc: Document) -> None:
    ids = build_clean(doc)
    doc.delete_entry(ids["roses"], force=True)
    blind = coded(findings_of(doc), checks.BLIND_XREF)
    assert [(f.path, f.entry_id, f.severity) for f in blind] == [
        (["briar"], ids["briar"], "error"),
        (["shrubs"], ids["shrubs"], "error"),
    ]
    assert blind[0].message == (
        "the See reference to “roses: climbing” leads to no heading: none of that name exists (it was deleted, or"
        " is still to be added)."
    )
    assert "See also reference to “roses”" in blind[1].message


def test_generic_reference_is_not_blind(doc: Document) -> None:
    entry = doc.add_entry("diseases", locators="5")
    doc.add_xref(entry, "see also", text="specific diseases")
    assert findings_of(doc) == []


def test_store_refuses_see_circles_so_checks_meet_them_in_older_files(doc: Document) -> None:
    cars = doc.add_entry("cars")
    autos = doc.add_entry("automobiles")
    doc.add_xref(cars, "see", target_id=autos)
    with pytest.raises(EditError, match="circle"):
        doc.add_xref(autos, "see", target_id=cars)


def test_two_entry_see_circle_reported_once(doc: Document) -> None:
    cars = doc.add_entry("cars")
    autos = doc.add_entry("automobiles")
    doc.add_xref(cars, "see", target_id=autos)
    [finding] = coded(run_checks(tree_with_see(doc, (autos, cars)), CheckOptions()), checks.CIRCULAR_SEE)
    assert finding.severity == "error"
    assert (finding.path, finding.entry_id) == (["automobiles"], autos)
    assert "“automobiles” → “cars” → “automobiles”" in finding.message


def test_longer_see_circle_through_subentries(doc: Document) -> None:
    animals = doc.add_entry("animals")
    beasts = doc.add_entry("beasts", locators="4")
    wild = doc.add_entry("wild", beasts)
    tame = doc.add_entry("tame", beasts, locators="5")
    creatures = doc.add_entry("creatures")
    doc.add_xref(animals, "see", target_id=wild)
    doc.add_xref(wild, "see", target_id=creatures)
    doc.add_xref(tame, "see also", target_id=animals)  # See also does not make a circle
    [finding] = coded(run_checks(tree_with_see(doc, (creatures, animals))), checks.CIRCULAR_SEE)
    assert finding.path == ["animals"]
    assert "“animals” → “beasts: wild” → “creatures” → “animals”" in finding.message


def test_each_circle_in_a_tangle_reported_once(doc: Document) -> None:
    a = doc.add_entry("alpha")
    b = doc.add_entry("beta")
    c = doc.add_entry("gamma")
    roots = tree_with_see(doc, (a, b), (b, a), (b, c), (c, a))
    circles = coded(run_checks(roots), checks.CIRCULAR_SEE)
    assert sorted(f.message.split(", so")[0] for f in circles) == [
        "the See references go round in a circle, “alpha” → “beta” → “alpha”",
        "the See references go round in a circle, “alpha” → “beta” → “gamma” → “alpha”",
    ]
    assert {f.entry_id for f in circles} == {a}


def test_see_chain_that_ends_is_not_a_circle(doc: Document) -> None:
    a = doc.add_entry("alpha")
    b = doc.add_entry("beta")
    c = doc.add_entry("gamma", locators="9")
    doc.add_xref(a, "see", target_id=b)
    doc.add_xref(b, "see", target_id=c)
    doc.add_xref(c, "see also", target_id=a)
    assert coded(findings_of(doc), checks.CIRCULAR_SEE) == []


def test_see_heading_with_locators_or_subentries(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="5")
    paged = doc.add_entry("briar", locators="7, 8")
    parent = doc.add_entry("eglantine")
    doc.add_entry("wild", parent, locators="9")
    doc.add_entry("sweet", parent, locators="10")
    doc.add_xref(paged, "see", target_id=roses)
    doc.add_xref(parent, "see", target_id=roses)
    found = coded(findings_of(doc), checks.SEE_WITH_CONTENT)
    assert [(f.path, f.severity) for f in found] == [(["briar"], "warning"), (["eglantine"], "warning")]
    assert "also 2 locators;" in found[0].message
    assert "also 2 subentries;" in found[1].message


def test_dead_end(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="5")
    doc.add_entry("climbing", roses)
    doc.add_entry("pruning", roses, locators="6")
    doc.add_entry("orphan")
    found = coded(findings_of(doc), checks.DEAD_END)
    assert [f.path for f in found] == [["orphan"], ["roses", "climbing"]]
    assert found[0].message == "“orphan” has no locators, subentries or cross-references, so it leads nowhere."


def test_too_many_undifferentiated_locators(doc: Document) -> None:
    seven = doc.add_entry("alpha", locators="1, 3, 5, 7, 9, 11, 13")
    doc.add_entry("beta", locators="1, 3, 5, 7, 9, 11")  # six: fine
    doc.add_entry("gamma", locators="1, 2-4, 3-6, 8, 10, 12, 14, 14")  # conflated to six
    doc.add_entry("delta", locators="1, 3, 5, 7, 9, 11, 12n3, 13f")  # notes and figures do not count
    found = coded(findings_of(doc), checks.TOO_MANY_LOCATORS)
    assert [(f.path, f.entry_id) for f in found] == [(["alpha"], seven)]
    assert "7 page locators" in found[0].message and "more than 6" in found[0].message
    stricter = coded(findings_of(doc, CheckOptions(max_locators=5)), checks.TOO_MANY_LOCATORS)
    assert [f.path for f in stricter] == [["alpha"], ["beta"], ["delta"], ["gamma"]]


def test_lone_subheading(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="5")
    doc.add_entry("climbing", roses, locators="6")
    lilies = doc.add_entry("lilies")
    doc.add_entry("water", lilies, locators="7")
    doc.add_entry("tiger", lilies, locators="8")
    [found] = coded(findings_of(doc), checks.LONE_SUBHEADING)
    assert (found.path, found.entry_id, found.severity) == (["roses"], roses, "warning")
    assert "single subheading, “climbing”" in found.message


def test_near_duplicate_main_headings_and_subheadings(doc: Document) -> None:
    for term in ("rose", "Roses", "the rose", "New York", "new-york", "boxes", "box", "Beatles, The", "Beatles"):
        doc.add_entry(term, locators="5")
    doc.add_entry("lily", locators="5")
    doc.add_entry("lilac", locators="5")
    garden = doc.add_entry("gardens", locators="6")
    doc.add_entry("pruning", garden, locators="7")
    doc.add_entry("Pruning.", garden, locators="8")
    doc.add_entry("rose", garden, locators="9")  # not a sibling of the main heading "rose"
    found = coded(findings_of(doc), checks.NEAR_DUPLICATE)
    names = sorted(sorted(part.split("”")[0] for part in f.message.split("“")[1:]) for f in found)
    assert names == [
        ["Beatles", "Beatles, The"],
        ["New York", "new-york"],
        ["Pruning.", "pruning"],
        ["Roses", "rose", "the rose"],
        ["box", "boxes"],
    ]
    assert all(f.severity == "warning" for f in found)
    assert {tuple(f.path[:1]) for f in found if len(f.path) == 2} == {("gardens",)}


def test_locators_outside_the_page_span(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="xx, xii, 5, 318-325, 321n2, II:400, 0@frontispiece")
    doc.add_entry("lilies", locators="320")
    options = CheckOptions(page_span=parse_page_span("i-xvi, 1-320"))
    found = coded(findings_of(doc, options), checks.PAGE_OUT_OF_SPAN)
    assert [(f.entry_id, f.severity) for f in found] == [(roses, "error")] * 3
    assert [f.message for f in found] == [
        "locator xx is outside the book: the front matter runs from i to xvi.",
        "locator 318–325 is outside the book: the pages run from 1 to 320.",
        "locator 321n2 is outside the book: the pages run from 1 to 320.",
    ]
    assert coded(findings_of(doc), checks.PAGE_OUT_OF_SPAN) == []  # no span, no check


def test_page_span_first_page_and_missing_series(doc: Document) -> None:
    doc.add_entry("roses", locators="xii, 3, 7")
    found = coded(findings_of(doc, CheckOptions(page_span=parse_page_span("5-320"))), checks.PAGE_OUT_OF_SPAN)
    assert [f.message for f in found] == [
        "locator xii is outside the book: the book's pages (5–320) include no roman-numbered front matter.",
        "locator 3 is outside the book: the pages run from 5 to 320.",
    ]


@pytest.mark.parametrize("text", ["", "II:1-20", "1-20, 5n", "<b>1-20</b>", "1-"])
def test_bad_page_span_is_refused(text: str) -> None:
    with pytest.raises(LocatorError):
        parse_page_span(text)


def test_overlapping_ranges_that_survived_storage(doc: Document) -> None:
    roses = doc.add_entry("roses", locators="10-14, <b>12-16</b>, 20-22, <i>21</i>, 30-31, <b>32-33</b>")
    found = coded(findings_of(doc), checks.OVERLAPPING_RANGES)
    assert [(f.entry_id, f.severity) for f in found] == [(roses, "warning")] * 2
    assert found[0].message.startswith("locators 10–14 and 12–16 (bold) overlap")
    assert found[1].message.startswith("locators 20–22 and 21 (italic) overlap")


def test_inconsistent_capitalisation(doc: Document) -> None:
    web = doc.add_entry("web", locators="1")
    doc.add_entry("history of the Internet", web, locators="2")
    doc.add_entry("use of the internet", web, locators="3")
    doc.add_entry("Internet cafés", locators="4")  # first word: capitals are conventional
    doc.add_entry("role of NASA", web, locators="5")  # acronym
    doc.add_entry("Nasa", locators="6")
    doc.add_entry("reading <i>The Internet Age</i>", web, locators="7")  # a title keeps its capitals
    doc.add_entry("Smith, The", locators="8")  # an inverted article
    doc.add_entry("history of the world", web, locators="9")
    [found] = coded(findings_of(doc), checks.INCONSISTENT_CAPITALS)
    assert found.severity == "warning"
    assert found.path == ["web", "history of the Internet"]
    assert found.message == (
        "one word is capitalised in different ways: “Internet” in “web: history of the Internet”"
        " and “internet” in “web: use of the internet”."
    )


def test_findings_follow_tree_order_then_check_order(doc: Document) -> None:
    alpha = doc.add_entry("alpha", locators="1, 2, 3, 4, 5, 6, 7")
    doc.add_entry("only", alpha)
    beta = doc.add_entry("beta")
    doc.add_xref(beta, "see", target_id=alpha)
    doc.add_entry("gamma")
    first = findings_of(doc)
    assert [(f.path, f.code) for f in first] == [
        (["alpha"], checks.TOO_MANY_LOCATORS),
        (["alpha"], checks.LONE_SUBHEADING),
        (["alpha", "only"], checks.DEAD_END),
        (["gamma"], checks.DEAD_END),
    ]
    assert findings_of(doc) == first


def test_report_groups_findings_with_counts_and_summary(doc: Document) -> None:
    ids = build_clean(doc)
    doc.add_entry("orphan")
    doc.add_entry("lonely")
    doc.delete_entry(ids["climbing"], force=True)
    findings = findings_of(doc)
    report = format_report(findings)
    assert report.splitlines() == [
        "Blind cross-references [blind-xref]: 1 error",
        "  briar: the See reference to “roses: climbing” leads to no heading: none of that name exists (it was"
        " deleted, or is still to be added).",
        "",
        "Dead ends [dead-end]: 2 warnings",
        "  lonely: “lonely” has no locators, subentries or cross-references, so it leads nowhere.",
        "  orphan: “orphan” has no locators, subentries or cross-references, so it leads nowhere.",
        "",
        "Lone subheadings [lone-subheading]: 1 warning",
        "  roses: “roses” has a single subheading, “pruning”; fold it into the heading or add another.",
        "",
        "4 problems: 1 error, 3 warnings.",
    ]
    data = json.loads(report_json(findings))
    assert (data["errors"], data["warnings"]) == (1, 3)
    assert data["findings"][0] == {
        "code": "blind-xref",
        "severity": "error",
        "path": ["briar"],
        "entry_id": ids["briar"],
        "message": "the See reference to “roses: climbing” leads to no heading: none of that name exists (it was"
        " deleted, or is still to be added).",
    }
    assert [item["path"] for item in data["findings"]] == [f.path for f in findings]


def test_a_self_reference_from_an_older_file_is_an_error(doc: Document) -> None:
    # The store refuses one (“cannot refer to itself”); a file from elsewhere may still hold one.
    roses = doc.add_entry("roses", locators="12")
    roots = doc.tree()
    node_of(roots, roses).xrefs.append((XRef(-1, roses, XRefKind.SEE_ALSO, roses, "", False), "roses"))
    [found] = coded(run_checks(roots), checks.SELF_REFERENCE)
    assert found.severity == "error" and found.path == ["roses"] and "to itself" in found.message


def test_a_see_to_a_heading_that_only_says_see_again_is_a_chain(doc: Document) -> None:
    # CMS 16.15-16: a See sends readers to the heading that holds the locators; dogs → hounds → canines
    # makes them look twice.
    dogs, hounds = doc.add_entry("dogs"), doc.add_entry("hounds")
    canines = doc.add_entry("canines", locators="40-45")
    doc.add_xref(dogs, "see", target_id=hounds)
    doc.add_xref(hounds, "see", target_id=canines)
    [found] = coded(findings_of(doc), checks.SEE_CHAIN)
    assert found.path == ["dogs"] and "point “dogs” straight at “canines”" in found.message
    doc.add_locators(hounds, "41")  # a See heading with pages of its own is see-with-content's, no chain
    assert coded(findings_of(doc), checks.SEE_CHAIN) == []


def test_a_see_also_that_a_see_sends_back_is_a_loop(doc: Document) -> None:
    # CMS 16.15-18: See also leads to more; a target that says See back sends the reader round.
    hounds = doc.add_entry("hounds", locators="12")
    dogs = doc.add_entry("dogs")
    doc.add_xref(hounds, "see also", target_id=dogs)
    doc.add_xref(dogs, "see", target_id=hounds)
    [found] = coded(findings_of(doc), checks.SEE_ALSO_LOOP)
    assert found.path == ["hounds"] and "the reader is sent back" in found.message


def test_see_also_on_a_heading_with_nothing_of_its_own_should_be_see(doc: Document) -> None:
    # CMS 16.15-18 (also NISO TR03 6.4): See also is for a heading that has locators or subentries;
    # without them the reference is all the heading offers, which is what See says.
    pets = doc.add_entry("pets")
    cats = doc.add_entry("cats", locators="3")
    doc.add_xref(pets, "see also", target_id=cats)
    [found] = coded(findings_of(doc), checks.SEE_ALSO_ALONE)
    assert found.path == ["pets"] and "make them See" in found.message
    doc.add_locators(pets, "7")
    assert coded(findings_of(doc), checks.SEE_ALSO_ALONE) == []


def test_a_range_over_much_of_the_book_is_reported(doc: Document) -> None:
    # A range as long as the book (1-320) is no single discussion (CMS 16.12-14: inclusive numbers for a
    # continuous discussion); the share is a setting, 20% by default.
    doc.add_entry("gardening", locators="1-320, xii-xiv")
    doc.add_entry("roses", locators="141-70")
    span = parse_page_span("i-xvi, 1-320")
    [found] = coded(findings_of(doc, CheckOptions(page_span=span)), checks.WIDE_RANGE)
    assert found.path == ["gardening"] and "covers 320 of the book's 320 pages" in found.message
    assert coded(findings_of(doc), checks.WIDE_RANGE) == []  # no page span: no book length to compare with
    narrow = CheckOptions(page_span=span, max_range_percent=5)  # (xii-xiv is 3 of the 16 front-matter pages)
    assert len(coded(findings_of(doc, narrow), checks.WIDE_RANGE)) == 3


def test_headings_that_differ_only_by_accents_are_near_duplicates(doc: Document) -> None:
    doc.add_entry("Eluard, Paul", locators="12")
    doc.add_entry("Éluard, Paul", locators="14")
    doc.add_entry("Lodz", locators="3")
    doc.add_entry("Łódź", locators="5")
    found = coded(findings_of(doc), checks.NEAR_DUPLICATE)
    assert [finding.path for finding in found] == [["Eluard, Paul"], ["Lodz"]]
    assert all("accents" in finding.message for finding in found)


def test_one_heading_text_in_italics_here_and_roman_there(doc: Document) -> None:
    # CMS 16.47-55 (titles of works) sets a work's title in italics as in the text: "Guernica" the painting
    # and Guernica the town need telling apart; one thing set two ways is a slip.
    picasso = doc.add_entry("Picasso, Pablo", locators="40")
    doc.add_entry("<i>Guernica</i>", picasso, locators="41")
    doc.add_entry("Guernica", locators="12")
    doc.add_entry("<i>Nature</i> (journal)", locators="5")
    doc.add_entry("nature", locators="6")  # (another text once folded: “nature (journal)”)
    [found] = coded(findings_of(doc), checks.ITALIC_AND_ROMAN)
    assert found.path == ["Guernica"]
    assert "“Picasso, Pablo: Guernica” is in italics and “Guernica” in roman" in found.message


def test_siblings_of_one_text_in_italics_and_roman_are_reported_once_as_such(doc: Document) -> None:
    # Issue 16: Nature the journal and nature (the world) are two headings side by side, roman first; the
    # check asks whether that is meant (add a qualifier), and they are no near-duplicate: they spell alike.
    doc.add_entry("Nature", locators="5")
    doc.add_entry("<i>Nature</i>", locators="12")
    doc.add_entry("<b>natures</b>", locators="3")
    findings = findings_of(doc)
    [found] = coded(findings, checks.ITALIC_AND_ROMAN)
    assert found.path == ["Nature"] and "“Nature” is in italics and “Nature” in roman" in found.message
    [near] = coded(findings, checks.NEAR_DUPLICATE)
    assert near.message.startswith("the headings “Nature” and “natures” differ only in")
