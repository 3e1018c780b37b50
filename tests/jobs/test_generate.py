"""Generation: one process and parts in forked processes write the same bytes; progress; cancellation;
a part that fails is reported."""

from __future__ import annotations

import hashlib
import os
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import fail_in_children, needs_fork, raise_
from xindex.formats.html import export_html
from xindex.formats.text import export_text
from xindex.jobs import fork
from xindex.jobs import generate as gen
from xindex.jobs.generate import Cancelled, CancelToken, generate
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "garden",
    "soil",
    "frost",
    "rose",
    "apple",
    "tree",
    "pruning",
    "winter",
    "snow",
    "compost",
    "mulch",
    "seed",
    "root",
    "leaf",
    "bark",
    "bud",
    "fruit",
    "café",
    "naïve",
    "Ödeshög",
    "Zürich",
    "ångström",
]


def build(path: Path, entries: int, seed: int = 7) -> Path:
    """A deterministic three-level document with locators and cross-references."""
    rng = random.Random(seed)
    with Document.create(path, title="Synthetic") as document, document.command("Build"):
        mains: list[int] = []
        subs: list[int] = []
        made = 0
        while made < entries:
            roll = rng.random()
            cited = [str(rng.randint(1, 400)) for _ in range(rng.randint(0, 4))]
            if rng.random() < 0.1:
                cited += [f"{rng.randint(1, 390)}-{rng.randint(391, 399)}", "xi", f"<b>{rng.randint(1, 9)}</b>"]
            pages = ", ".join(cited)
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
            term = f"{words} {made}"
            if roll < 0.35 or not mains:
                mains.append(document.add_entry(term, locators=pages))
            elif roll < 0.8 or not subs:
                subs.append(document.add_entry(term, rng.choice(mains), locators=pages))
            else:
                document.add_entry(term, rng.choice(subs), locators=pages)
            made += 1
            if made % 17 == 0 and len(mains) > 2:
                document.add_xref(mains[-1], "see also", target_id=rng.choice(mains[:-1]))
    return path


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("gen") / "medium.xix", 3000)


def text_of(path: Path, tmp_path: Path, name: str, **options: object) -> tuple[str, gen.ExportResult]:
    """An export to plain text, and what it reports."""
    result = gen.export(path, tmp_path / f"{name}.txt", **options)  # type: ignore[arg-type]
    return (tmp_path / f"{name}.txt").read_text(encoding="utf-8"), result


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts whatever else runs on the machine (other work must not decide these tests)."""
    monkeypatch.setattr(fork, "others_running", lambda: 0)


@needs_fork
@pytest.mark.parametrize("style", ["indented", "run-in", "run-in:1"])
def test_parts_and_one_process_are_byte_identical(medium: Path, tmp_path: Path, forking: None, style: str) -> None:
    whole, one = text_of(medium, tmp_path, "one", overrides={"style": style}, jobs=1)
    parts, two = text_of(medium, tmp_path, "two", overrides={"style": style}, jobs=2)
    assert digest(parts) == digest(whole) == digest(export_text(generate(medium, overrides={"style": style})))
    assert (one.processes, two.processes) == (1, 2), "two processes really formatted a part"
    assert whole.count("\n") > 1000


def test_sample_document_is_identical_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xindex.formats.outline import load_outline

    monkeypatch.setattr(fork, "others_running", lambda: 0)
    path = tmp_path / "sample.xix"
    with Document.create(path) as document:
        load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
    assert text_of(path, tmp_path, "one", jobs=1)[0] == text_of(path, tmp_path, "two", jobs=2)[0]


@needs_fork
def test_progress_reaches_the_total(medium: Path, tmp_path: Path, forking: None) -> None:
    for jobs in (1, 2):
        seen: list[tuple[int, int]] = []

        def record(done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            seen.append((done, total))

        gen.export(medium, tmp_path / f"{jobs}.txt", jobs=jobs, progress=record)
        assert seen[-1][0] == seen[-1][1] == 3000
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert len(seen) >= jobs, "progress comes as the work goes"


def test_automatic_choice_is_one_process_for_small_documents(medium: Path) -> None:
    assert gen.plan(medium).parts == 1
    assert gen.plan(medium, jobs=3).parts == min(3, os.cpu_count() or 1)  # asked for, up to the cores there are


def test_cancel_stops_the_generation(medium: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        generate(medium, cancel=token)


def test_the_editors_way_in_a_process_of_its_own(medium: Path, tmp_path: Path) -> None:
    updates: list[int] = []
    result = gen.export_in_process(medium, tmp_path / "out.txt", progress=lambda done, total: updates.append(done))
    assert updates and updates[-1] == 3000 and result.entries >= 3000 and result.processes == 1
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        gen.export_in_process(medium, tmp_path / "never.txt", cancel=token)
    assert not (tmp_path / "never.txt").exists()


def test_bad_style_is_refused_before_any_work(medium: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a style"):
        gen.export(medium, tmp_path / "x.txt", overrides={"style": "sideways"}, jobs=2)
    assert not (tmp_path / "x.txt").exists()


def test_one_process_says_why_when_more_were_asked_for(medium: Path, tmp_path: Path) -> None:
    result = gen.export(medium, tmp_path / "x.ixml", jobs=2)
    assert result.processes == 1
    result = gen.export(medium, tmp_path / "x.txt", jobs=2)
    reason = fork.why_not(asked=True)
    assert (result.processes, result.note) == ((1, f"processes cannot be forked here: {reason}") if reason else (2, ""))


def test_forking_in_a_thread_is_refused_with_its_reason(medium: Path, tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        result = gen.export(medium, tmp_path / "x.txt", jobs=2)
    finally:
        stop.set()
        waiting.join()
    assert result.processes == 1
    assert "other threads are running" in result.note


@pytest.mark.slow
@needs_fork
def test_hundred_thousand_entries_identical_in_one_and_in_parts(tmp_path: Path, forking: None) -> None:
    path = build(tmp_path / "big.xix", 100_000, seed=11)
    whole, one = text_of(path, tmp_path, "one", jobs=1)
    parts, automatic = text_of(path, tmp_path, "auto")
    assert digest(whole) == digest(parts)
    assert (one.processes, automatic.processes) == (1, 2)
    assert whole.count("\n") >= 100_000


# -- a part that fails is reported, never replaced by a slower path --------------------------------------


@needs_fork
def test_a_bug_in_a_part_is_reported(
    medium: Path, tmp_path: Path, forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_in_children(monkeypatch, gen, "format_run", lambda: raise_(TypeError("planted in the child")))
    with pytest.raises(gen.PartFailedError, match="failed: TypeError: planted in the child"):
        gen.export(medium, tmp_path / "x.txt", jobs=2)
    assert not (tmp_path / "x.txt").exists()


@needs_fork
def test_a_part_that_dies_is_reported(
    medium: Path, tmp_path: Path, forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_in_children(monkeypatch, gen, "format_run", lambda: os._exit(9))
    with pytest.raises(gen.PartFailedError, match="ended without its part"):
        gen.export(medium, tmp_path / "x.txt", jobs=2)


@needs_fork
def test_a_persons_error_in_a_part_is_one_sentence(
    medium: Path, tmp_path: Path, forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xindex.core.errors import UserError

    fail_in_children(monkeypatch, gen, "format_run", lambda: raise_(UserError("the document went away")))
    with pytest.raises(UserError, match=r"^the document went away$"):
        gen.export(medium, tmp_path / "x.txt", jobs=2)


@needs_fork
@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"style": "run-in"},
        {"letter-groups": "0"},
        {"text-header": "labelled", "note": "A note"},
        {"text-indent": "tab", "title": ""},
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".html", ".ind", ".tex", ".rtf", ".docx", ".odt", ".indd.txt"])
def test_an_export_in_parts_writes_what_one_process_writes(
    medium: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overrides: dict[str, str], suffix: str
) -> None:
    monkeypatch.setattr(gen, "SPLIT_FROM", 100)
    monkeypatch.setattr(fork, "others_running", lambda: 0)  # (other work on the machine must not decide)
    halves = gen.export(medium, tmp_path / f"halves{suffix}", overrides=overrides)
    whole = gen.export(medium, tmp_path / f"whole{suffix}", overrides=overrides, jobs=1)
    assert halves.processes == 2 and whole.processes == 1
    assert (tmp_path / f"halves{suffix}").read_bytes() == (tmp_path / f"whole{suffix}").read_bytes()
    assert halves.entries == whole.entries


@needs_fork
def test_a_letter_group_cut_in_two_is_printed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "one.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(40):
            document.add_entry(f"apple {number:02}", locators=str(number + 1))
    monkeypatch.setattr(gen, "SPLIT_FROM", 10)
    monkeypatch.setattr(fork, "others_running", lambda: 0)
    gen.export(path, tmp_path / "halves.txt")
    text = (tmp_path / "halves.txt").read_text(encoding="utf-8")
    assert text == export_text(generate(path))
    assert text.count("\nA\n") + text.startswith("A\n") == 1
    gen.export(path, tmp_path / "halves.html")
    html = (tmp_path / "halves.html").read_text(encoding="utf-8")
    assert html == export_html(generate(path))
    assert html.count("<h2>A</h2>") == html.count('<ul class="index">') == 1
    ET.fromstring(html)  # well-formed


@needs_fork
def test_cancelling_an_export_in_parts(medium: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen, "SPLIT_FROM", 100)
    monkeypatch.setattr(fork, "others_running", lambda: 0)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        gen.export(medium, tmp_path / "never.txt", cancel=token)
    assert not (tmp_path / "never.txt").exists()
