"""A crafted or damaged document gets one sentence, never a traceback, never a hang, never a write outside it.

Hypothesis mutates cells of a valid document's tables (parent_id included), bytes of its undo history
and its settings, then runs what people run on a document sent to them: list, info, check, search,
export, undo and redo, through the command line's own entry point (which turns every expected failure
into one line on stderr: an unexpected exception fails the test). A bystander file beside it must
stay as it was, and each run is stopped by an alarm if it hangs.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import apsw
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xindex.cli import main as cli_main
from xindex.store import Document

TEMPLATE_ENTRIES = [
    ("roses", None, "12, 14-16"),
    ("climbing", 1, "15"),
    ("pruning", 1, "xii, 20"),
    ("tools", 3, "21"),
    ("apples", None, "30-35"),
    ("Łódź", None, "40n2"),
]
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=30),
    st.binary(max_size=40),
    st.floats(allow_nan=True),
)
COLUMNS = {
    "entry": ["parent_id", "term", "plain", "sort_as", "sort_key", "notes", "folded"],
    "locator": ["entry_id", "position", "text", "series", "prefix", "first", "last", "kind", "emphasis"],
    "xref": ["entry_id", "kind", "target_id", "text", "generic", "position"],
    "setting": ["value"],
    "history": ["label", "changes", "undone"],
}
PLAUSIBLE = st.one_of(
    st.integers(min_value=-2, max_value=12),  # ids and positions that exist, or nearly
    st.sampled_from(
        [
            "12",
            "xii",
            "14–16",
            "45n3",
            "0@front",
            "",
            "99999999999999999999",
            "9" * 5000,
            "<i>x</i>",
            "<i>x",
            "roses",
            "see",
            "see also",
            "\x1b[31mred\x1b[0m",
            "a\nb",
            "\x00",
        ]
    ),
)
mutation = st.tuples(
    st.sampled_from(sorted(COLUMNS)), st.integers(0, 50), st.integers(0, 8), st.one_of(PLAUSIBLE, PLAUSIBLE, VALUES)
)
flip = st.tuples(st.integers(0, 10_000), st.integers(0, 7))


def template(path: Path) -> None:
    with Document.create(path, title="Fuzz") as document:
        ids: list[int] = []
        for term, parent, pages in TEMPLATE_ENTRIES:
            ids.append(document.add_entry(term, ids[parent - 1] if parent else None, locators=pages))
        document.add_xref(ids[4], "see also", target_id=ids[1])
        document.add_xref(ids[5], "see", text="specific cities")
        document.add_to_group("check", [ids[0], ids[4]])
        document.set_setting("page-span", "i-xvi, 1-320")
        document.edit_entry(ids[0], term="<i>roses</i>")
        document.undo()


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def hung(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"no answer in {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str) -> tuple[int, str]:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()), alarm(20):
        status = cli_main(list(args))
    return status, errors.getvalue()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=4), flips=st.lists(flip, max_size=3))
def test_a_mutated_document_gets_one_sentence(
    tmp_path_factory: object, mutations: list[tuple[str, int, int, object]], flips: list[tuple[int, int]]
) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    clean = folder / "clean.xix"
    if not clean.exists():
        template(clean)
    path = folder / "book.xix"
    shutil.copy2(clean, path)
    bystander = folder / "other book.xix"
    shutil.copy2(clean, bystander)
    before = bystander.read_bytes()
    raw = apsw.Connection(str(path))
    raw.execute("PRAGMA foreign_keys = OFF")
    for table, row, column, value in mutations:
        names = COLUMNS[table]
        rowids = [item[0] for item in raw.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]
        if not rowids:
            continue
        with contextlib.suppress(apsw.ConstraintError, apsw.MismatchError):
            raw.execute(
                f"UPDATE {table} SET {names[column % len(names)]} = ? WHERE rowid = ?",
                (value, rowids[row % len(rowids)]),
            )
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    if flips:
        data = bytearray(path.read_bytes())
        for offset, bit in flips:
            data[offset % len(data)] ^= 1 << bit
        path.write_bytes(bytes(data))
    out = folder / "out.txt"
    for verb in (
        ["list"],
        ["info"],
        ["check"],
        ["search", "roses"],
        ["search", "12"],
        ["export", "-o", str(out)],
        ["undo"],
        ["redo"],
        ["add", "tulips", "--pages", "5"],
        ["list"],
    ):
        status, said = run(verb[0], str(path), *verb[1:])
        assert status in (0, 1, 2), (verb, status)
        assert "Traceback" not in said and len(said.strip().splitlines()) <= 1, (verb, said)
    assert bystander.read_bytes() == before
    assert (
        sorted(
            item.name
            for item in folder.iterdir()
            if not item.name.startswith(("book.xix", "clean.xix", "other book.xix", "out.txt"))
        )
        == []
    )
