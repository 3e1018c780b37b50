"""HTML export, parsed strictly twice: as XML (xml.etree.ElementTree, so every element must be closed and
every attribute quoted) and as HTML5 (html5lib with strict=True, which raises on any parse error)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
import pytest

from tests.sample_index import ESCAPED_TERM, NOTE, TITLE, format_sample
from xindex.core.formatter import FormatOptions, FormattedIndex, Group, Paragraph, Role, SeeAlsoPosition, Span
from xindex.core.settings import format_options
from xindex.formats.html import XHTML_NAMESPACE, export_html
from xindex.formats.text import INDENT, export_text
from xindex.store import Document

NS = {"h": XHTML_NAMESPACE}
H = f"{{{XHTML_NAMESPACE}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

LAYOUTS = {
    "indented": FormatOptions(),
    "see-also-first": FormatOptions(see_also_position=SeeAlsoPosition.FIRST),
    "see-also-last": FormatOptions(see_also_position=SeeAlsoPosition.LAST),
    "run-in-main": FormatOptions(run_in_level=0),
    "run-in-1": FormatOptions(run_in_level=1),
    "run-in-2": FormatOptions(run_in_level=2),
}


def parse(html: str) -> ET.Element:
    """Parse strictly as XML and as HTML5; return the XML tree's root."""
    html5lib.HTMLParser(strict=True).parse(html)
    return ET.fromstring(html)


def own_text(item: ET.Element) -> str:
    """The visible text of an ``<li>`` without the text of the lists nested in it."""
    parts = [item.text or ""]
    for child in item:
        if child.tag != f"{H}ul":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def items_with_depth(root: ET.Element) -> list[tuple[ET.Element, int]]:
    """Every entry ``<li>`` in document order with its nesting depth (0 in the group's top list)."""
    found: list[tuple[ET.Element, int]] = []

    def walk(element: ET.Element, depth: int) -> None:
        for child in element:
            if child.tag == f"{H}li":
                if child.get("class") != "gap":
                    found.append((child, depth))
                for nested in child.findall("h:ul", NS):
                    walk(nested, depth + 1)

    for top in root.iterfind(".//h:ul[@class='index']", NS):
        walk(top, 0)
    return found


def body_lines(index: FormattedIndex) -> list[str]:
    """The plain-text export's entry lines (indentation removed), in order."""
    lines = export_text(index).splitlines()
    skip = {TITLE, NOTE, "", *(group.title for group in index.groups)}
    return [line.lstrip(" ") if line.startswith(INDENT) else line for line in lines if line not in skip]


# ---------------------------------------------------------------- the document


def test_document_head_and_language(sample: Document) -> None:
    html = export_html(format_sample(sample))
    assert html.startswith("<!DOCTYPE html>\n")
    root = parse(html)
    assert root.tag == f"{H}html"
    assert root.get("lang") == "en" and root.get(XML_LANG) == "en"
    assert root.find("h:head/h:meta[@charset='utf-8']", NS) is not None
    assert root.findtext("h:head/h:title", namespaces=NS) == TITLE
    style = root.findtext("h:head/h:style", namespaces=NS) or ""
    assert "font-variant: small-caps" in style and "text-indent" in style
    german = parse(export_html(format_sample(sample), lang="de"))
    assert german.get("lang") == "de" and german.get(XML_LANG) == "de"


def test_without_css_no_style(sample: Document) -> None:
    root = parse(export_html(format_sample(sample), css=False))
    assert root.find(".//h:style", NS) is None


def test_title_note_and_group_headings(sample: Document) -> None:
    index = format_sample(sample)
    root = parse(export_html(index))
    body = root.find("h:body", NS)
    assert body is not None
    assert [h1.text for h1 in body.iter(f"{H}h1")] == [TITLE]
    assert [p.text for p in body.findall("h:p[@class='note']", NS)] == [NOTE]
    sections = body.findall("h:section", NS)
    assert len(sections) == len(index.groups)
    assert [section.findtext("h:h2", namespaces=NS) for section in sections] == [group.title for group in index.groups]
    assert [h2.text for h2 in body.iter(f"{H}h2")][:2] == ["Symbols & Numbers", "A"]


def test_untitled_group_has_no_heading(sample: Document) -> None:
    root = parse(export_html(format_sample(sample, FormatOptions(letter_groups=False))))
    sections = root.findall(".//h:section", NS)
    assert len(sections) == 1
    assert sections[0].find("h:h2", NS) is None
    assert len(sections[0].findall("h:ul", NS)) == 1


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_nesting_depth_and_text_match_the_paragraphs(sample: Document, layout: str) -> None:
    index = format_sample(sample, LAYOUTS[layout])
    items = items_with_depth(parse(export_html(index)))
    paragraphs = list(index.paragraphs())
    assert [depth for _, depth in items] == [paragraph.level for paragraph in paragraphs]
    assert [own_text(item) for item, _ in items] == [paragraph.text for paragraph in paragraphs]
    assert [own_text(item) for item, _ in items] == body_lines(index)


def test_each_list_holds_only_items(sample: Document) -> None:
    root = parse(export_html(format_sample(sample)))
    for ul in root.iter(f"{H}ul"):
        assert [child.tag for child in ul] == [f"{H}li"] * len(ul)
    assert max(depth for _, depth in items_with_depth(root)) == 3


# ---------------------------------------------------------------- styles and roles


def test_styles_as_elements(sample: Document) -> None:
    root = parse(export_html(format_sample(sample)))
    assert [sup.text for sup in root.iter(f"{H}sup")] == ["2"]
    assert "sgml" in [span.text for span in root.iterfind(".//h:span[@class='sc']", NS)]
    italic = [i.text for i in root.iter(f"{H}i")]
    assert "e" in italic and "mc" in italic and "tkinter" in italic
    assert "bold" in [b.text for b in root.iter(f"{H}b")]
    assert any(b.findtext("h:i", namespaces=NS) == "bold-italic" for b in root.iter(f"{H}b"))


def test_locators_with_emphasis(sample: Document) -> None:
    root = parse(export_html(format_sample(sample)))
    locators = list(root.iterfind(".//h:span[@class='locator']", NS))
    bold = [span.findtext("h:b", namespaces=NS) for span in locators if span.find("h:b", NS) is not None]
    italic = [span.findtext("h:i", namespaces=NS) for span in locators if span.find("h:i", NS) is not None]
    assert bold == ["48"]
    assert italic == ["40"]
    assert "1496–500" in [span.text for span in locators]


def test_cross_references(sample: Document) -> None:
    root = parse(export_html(format_sample(sample)))
    labels = [span.findtext("h:i", namespaces=NS) for span in root.iterfind(".//h:span[@class='xref-label']", NS)]
    assert {"See", "See also", "See under", "see", "see also"} <= set(labels)
    links = list(root.iterfind(".//h:a[@class='xref-target']", NS))  # a target that is an entry: a link to it
    assert "function: reference" in [link.text for link in links]
    targets = list(root.iterfind(".//h:span[@class='xref-target']", NS))  # a generic one: words, no link
    generic = [span.findtext("h:i", namespaces=NS) for span in targets if span.find("h:i", NS) is not None]
    assert "names of individual keys" in generic


def test_every_reference_links_to_its_target_and_a_bar_links_every_group(sample: Document) -> None:
    # A web index is used by clicking: each target a link to the entry's anchor (its id: the same in
    # every export), a run-in subentry with an anchor of its own, and an A-Z bar on top.
    for style in ("indented", "run-in"):
        html = export_html(format_sample(sample, format_options({"style": style})))
        root = parse(html)
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids))  # (valid HTML: every id once)
        hrefs = [link.get("href") for link in root.iterfind(".//h:a", NS)]
        assert hrefs and all(href.startswith("#") and href[1:] in ids for href in hrefs)
        bar = root.find(".//h:nav[@class='letters']", NS)
        assert bar is not None
        groups = [section.get("id") for section in root.iterfind(".//h:section", NS)]
        assert [link.get("href")[1:] for link in bar.iterfind("h:a", NS)] == groups
        assert '<meta name="viewport" content="width=device-width, initial-scale=1"/>' in html  # (phones)


def test_text_is_escaped(sample: Document) -> None:
    html = export_html(format_sample(sample))
    assert 'operators &lt;, &amp; and "' in html
    assert "<, &" not in html
    assert "Symbols &amp; Numbers" in html
    items = [own_text(item) for item, _ in items_with_depth(parse(html))]
    assert f"{ESCAPED_TERM}, 88" in items


def test_escaping_in_title_note_and_attributes() -> None:
    index = FormattedIndex('A <b> & "C"', "x < y & z", [Group("A", "A", [Paragraph(0, [Span("a\x01b\x7f")])])])
    html = export_html(index, lang='en"><script>')
    root = parse(html)
    assert root.findtext("h:head/h:title", namespaces=NS) == 'A <b> & "C"'
    assert root.findtext(".//h:h1", namespaces=NS) == 'A <b> & "C"'
    assert root.findtext(".//h:p[@class='note']", namespaces=NS) == "x < y & z"
    assert root.get("lang") == 'en"><script>'
    assert root.find(".//h:script", NS) is None
    assert [own_text(item) for item, _ in items_with_depth(root)] == ["ab"]


def test_untitled_index_has_no_h1_but_a_title() -> None:
    root = parse(export_html(FormattedIndex("", "", [Group("", "", [Paragraph(0, [Span("apples")])])])))
    assert root.find(".//h:h1", NS) is None
    assert root.findtext("h:head/h:title", namespaces=NS) == "Index"


def test_a_skipped_level_still_nests_lists_in_items() -> None:
    index = FormattedIndex(
        "",
        "",
        [
            Group(
                "A",
                "A",
                [Paragraph(0, [Span("a")]), Paragraph(2, [Span("deep")]), Paragraph(0, [Span("b", role=Role.TERM)])],
            )
        ],
    )
    root = parse(export_html(index))
    assert [(own_text(item), depth) for item, depth in items_with_depth(root)] == [("a", 0), ("deep", 2), ("b", 0)]
    assert len(root.findall(".//h:li[@class='gap']", NS)) == 1
    for ul in root.iter(f"{H}ul"):
        assert all(child.tag == f"{H}li" for child in ul)


def test_empty_group_has_no_list() -> None:
    root = parse(export_html(FormattedIndex("T", "", [Group("A", "A", [])])))
    assert root.find(".//h:ul", NS) is None
    assert root.findtext(".//h:h2", namespaces=NS) == "A"
