"""Plain-text export: title, note, group headings with a blank line around them, indentation per level."""

from __future__ import annotations

from tests.sample_index import EXPECTED, format_sample
from xindex.core.formatter import FormattedIndex, Group, Paragraph, Role, Span
from xindex.formats.text import INDENT, export_text
from xindex.store import Document


def para(level: int, *texts: str) -> Paragraph:
    """A paragraph of unstyled spans."""
    return Paragraph(level, [Span(text) for text in texts])


def small_index(title: str = "Index", note: str = "A note.") -> FormattedIndex:
    """Two groups, three levels."""
    return FormattedIndex(
        title,
        note,
        [
            Group("A", "A", [para(0, "apples", ", ", "3"), para(1, "baked", ", ", "4"), para(2, "cream", ", ", "5")]),
            Group("B", "B", [para(0, "bananas", ", ", "7")]),
        ],
    )


def test_whole_layout() -> None:
    lines = [
        "Index",
        "",
        "A note.",
        "",
        "A",
        "",
        "apples, 3",
        "    baked, 4",
        "        cream, 5",
        "",
        "B",
        "",
        "bananas, 7",
    ]
    assert export_text(small_index()) == "\n".join(lines) + "\n"


def test_no_title_no_note_starts_with_the_first_group() -> None:
    text = export_text(small_index(title="", note=""))
    assert text.startswith("A\n\napples, 3\n")


def test_note_without_title() -> None:
    assert export_text(small_index(title="")).startswith("A note.\n\nA\n\napples")


def test_untitled_group_prints_no_heading_but_keeps_the_blank_line_between_groups() -> None:
    index = FormattedIndex("", "", [Group("", "", [para(0, "1984, 3")]), Group("B", "B", [para(0, "bananas")])])
    assert export_text(index) == "1984, 3\n\nB\n\nbananas\n"


def test_custom_indent() -> None:
    text = export_text(small_index(), indent="\t")
    assert "\n\tbaked, 4\n\t\tcream, 5\n" in text
    assert INDENT == "    "


def test_styles_are_dropped_text_is_kept() -> None:
    spans = [
        Span("e", frozenset({"i"})),
        Span(" = mc"),
        Span("2", frozenset({"sup"})),
        Span(", ", role=Role.PUNCTUATION),
        Span("2", frozenset({"b"}), Role.LOCATOR),
    ]
    index = FormattedIndex("", "", [Group("E", "E", [Paragraph(0, spans)])])
    assert export_text(index) == "E\n\ne = mc2, 2\n"


def test_empty_index() -> None:
    assert export_text(FormattedIndex("", "", [])) == "\n"


def test_sample_one_line_per_paragraph(sample: Document) -> None:
    index = format_sample(sample)
    lines = export_text(index).splitlines()
    paragraphs = list(index.paragraphs())
    body = [line for line in lines[4:] if line and line not in {group.title for group in index.groups}]
    assert body == [INDENT * paragraph.level + paragraph.text for paragraph in paragraphs]
    for group in index.groups:
        at = lines.index(group.title)
        assert lines[at - 1] == "" and lines[at + 1] == ""
    assert export_text(index) == (EXPECTED / "sample-indented-see-also-after.txt").read_text(encoding="utf-8")
