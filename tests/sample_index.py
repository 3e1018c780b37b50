"""A small but complete index, built through a real Document, shared by the formatter and exporter tests.

Its shape follows XindeX's own test index (``../shared/peers/xindex/expected/TestIndex-*.txt``):
a Symbols & Numbers group, main headings with and without locators, *See*, *See under* and *See also*
at the main and subentry levels (several targets, generic ones), three levels of subentries, bold and
italic locators, markup in terms, a heading that begins with a numeral, and page ranges that need the
CMS abbreviation rule. The expected outputs in ``tests/expected/sample-*.txt`` were written by hand
from the Chicago Manual of Style (17th ed., 16.15–28); see ``tests/core/test_formatter.py``.
"""

from __future__ import annotations

from pathlib import Path

from xindex.core.formatter import FormatOptions, FormattedIndex, format_index
from xindex.core.model import XRefKind
from xindex.store import Document

EXPECTED = Path(__file__).resolve().parent / "expected"

TITLE = "Index"
NOTE = "Page numbers in bold refer to the main discussion; those in italics, to examples; 257f, to a figure."
# A term with every character that HTML must escape.
ESCAPED_TERM = 'operators <, & and "'


def build_sample(path: Path) -> Document:
    """Create the sample index at ``path`` and return the open document (the caller closes it)."""
    doc = Document.create(path, title=TITLE, settings={"note": NOTE})
    add = doc.add_entry

    def xref(entry_id: int, kind: XRefKind, target_id: int | None = None, text: str = "") -> None:
        doc.add_xref(entry_id, kind, target_id=target_id, text=text)

    add("♞ black chess knight character", locators="21")
    at_symbol = add("@ at symbol", locators="48, 52")
    add("atomic operations", locators="143")
    add("Atom format", locators="159")
    add("<b>bold</b>, <i>italic</i>, <b><i>bold-italic</i></b>", locators="1")
    add("Bresenham’s line algorithm", locators="130-131")
    callback = add("callback")
    add("Charles I (king of Portugal)", locators="100-104, 1100-1113")
    add("Charles I (king of England)", locators="3-10, 71-72, 96-117")

    klass = add("class")
    attributes = add("attributes", klass)
    add("__class__", attributes, locators="25, 222")
    decorator = add("decorator", attributes, locators="36, <b>48</b>, 54-59")
    add("Class", decorator, locators="21, 32-35")
    add("__doc__", attributes, locators="50")
    add("dynamic creation", klass, locators="20-24")

    concatenation = add("concatenation")
    add("tuples", concatenation, locators="109")
    add("lists", concatenation, locators="44")
    docstrings = add("docstrings", locators="12, <i>40</i>")
    add("<i>e</i> = <i>mc</i><sup>2</sup>", locators="2")
    add("eval() (built-in)", locators="20-21, 25, 84-88")
    add("faculty clubs", locators="101-108, 808-833, 1103-1104")
    add(
        "FBI (Federal Bureau of Investigation)",
        locators="321-328, 498-532, 1087-1089, 1496-1500, 11564-11615, 12991-13001",
    )

    function = add("function")
    add("arguments", function, locators="13, 50")
    decorators = add("decorators", function, locators="48-53")
    docstring = add("docstring", function)
    function_reference = add("reference", function, locators="60-62, 70, 87, 112")

    keyboard = add("keyboard handling", locators="234, 242, 249, 252, 257")
    add("Menu (type; <i>tkinter</i> module)", locators="257f, 258-259")
    add("now() (datetime.datetime type)", locators="208-209, 213, 218")
    add(ESCAPED_TERM, locators="88")

    painting = add("painting")
    add("cylinders", painting, locators="268")
    painting_windows = add("windows", painting, locators="267, 275")
    add("lines", painting, locators="130-131, 271")

    references = add("references")
    references_function = add("function", references, locators="60-62, 70, 87")
    add("image", references, locators="256")

    add("<sc>sgml</sc> (markup language)", locators="150-156")
    special = add("special methods", locators="47, 96")
    add("__str__()", special, locators="18")
    add("__eq__()", special, locators="48")
    add("__len__()", special, locators="99, 223")

    add("10 Downing Street", locators="10")
    add("toolbar", locators="261-262")
    tuples = add("tuples")

    unbound = add("unbound method", locators="63, 69, 73")
    unicode = add("Unicode", locators="17, 20-21, 131")
    utf8 = add("UTF-8", locators="17, 66")

    windows = add("windows")
    add("painting", windows, locators="267, 275")
    add("modal", windows, locators="236-237")
    add("main", windows, locators="255-262")
    add("dock", windows, locators="261-262")
    add("and classes", windows, locators="234")
    add("XBM (image format)", locators="39, 125, 136")
    add("yield (statement)", locators="44, 76-79, 100, 105")

    # See: several targets (printed alphabetically), at the main and the subentry level; See under.
    xref(callback, XRefKind.SEE, references_function)
    xref(callback, XRefKind.SEE, function_reference)
    xref(docstring, XRefKind.SEE, docstrings)
    xref(tuples, XRefKind.SEE_UNDER, concatenation)
    # See also after a main heading with locators and no subentries: specific targets, a generic one.
    xref(at_symbol, XRefKind.SEE_ALSO, decorators)
    xref(at_symbol, XRefKind.SEE_ALSO, decorator)
    xref(keyboard, XRefKind.SEE_ALSO, text="names of individual keys")
    xref(unbound, XRefKind.SEE_ALSO, function)
    xref(unicode, XRefKind.SEE_ALSO, utf8)
    # See also on main headings with subentries: without locators (function, windows), with them (special).
    xref(function, XRefKind.SEE_ALSO, text="names of individual functions")
    xref(function, XRefKind.SEE_ALSO, unbound)
    xref(function, XRefKind.SEE_ALSO, decorator)
    xref(windows, XRefKind.SEE_ALSO, painting_windows)
    xref(special, XRefKind.SEE_ALSO, attributes)
    # See also on subentries: with sub-subentries (attributes, decorator) and without (references: function).
    xref(attributes, XRefKind.SEE_ALSO, text="names of individual attributes")
    xref(attributes, XRefKind.SEE_ALSO, special)
    xref(decorator, XRefKind.SEE_ALSO, function)
    xref(references_function, XRefKind.SEE_ALSO, callback)
    return doc


def format_sample(doc: Document, options: FormatOptions | None = None) -> FormattedIndex:
    """The sample document formatted with ``options`` (default: indented, See also after the heading)."""
    return format_index(
        doc.tree(), options or FormatOptions(), doc.keys, title=doc.setting("title"), note=doc.setting("note")
    )
