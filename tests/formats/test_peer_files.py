"""Every peer file imports with no unexplained warning (issue 18): what each import says, and why.

The files are CINDEX's and XindeX's own (``../shared/peers/xindex``). Each expected line is explained
here; anything else an import says is a regression.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import PEERS, needs_peers
from xindex.formats.importers import import_file
from xindex.store import Document

EXPECTED: dict[str, tuple[list[str], list[str], int]] = {
    # CINDEX 3.0's records. Its locators include section numbers and letters (2.3.2.2, A), which CINDEX
    # orders by their parts and we keep as text locators filed by their leading number: said once. The
    # records' user "GMB" has no place in a document: said as not kept.
    "data/TestIxml.ixml": (
        [
            "64 locators that are no page number kept as text, filed by their leading number"
            " (2.3.2.2; A; 2.2.7 and 61 more)"
        ],
        ["the user names of 56 records (GMB)"],
        0,
    ),
    # A part of the same file: as above, and its "see also generic cross-reference targets" names a heading
    # only the whole file has, so it is blind (CINDEX's verification calls it missing too).
    "data/TestIxmlFragment.ixml": (
        [
            "4 locators that are no page number kept as text, filed by their leading number"
            " (2.3.2.2; A; 2.2.2 and 1 more)"
        ],
        ["the user names of 7 records (GMB)"],
        1,
    ),
    # XindeX's own test index. Entry 136 shares another entry's pages through an old XindeX link, which
    # xindex has no counterpart for (its pages are imported). One figure suffix is italic apart from its
    # page (257<i>f</i>): the document's figure form prints every figure alike. (Its 38 headings that set
    # code in Courier keep it as <tt>.)
    "data/TestXiml.ximl": (
        [
            "line 127: entry 136 is linked to another entry's pages; the link has no counterpart in xindex and was"
            " left out (its pages were imported)"
        ],
        [
            "an italic or bold figure, table or plate suffix in 1 heading (“Menu (type; tkinter module)”), printed"
            " as the document's forms print them",
        ],
        0,
    ),
    # XindeX's two-entry exports, one in each format: nothing to say.
    "expected/TestPagesAtOutput.ixml": ([], [], 0),
    "expected/TestPagesAtOutput.ximl": ([], [], 0),
}


@needs_peers
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_peer_file_says_only_what_is_explained(tmp_path: Path, name: str) -> None:
    with Document.create(tmp_path / "p.xix") as document:
        report = import_file(document, PEERS / name)
    assert (report.warnings, report.losses, report.blind_xrefs) == EXPECTED[name]
