"""Generation: the serial twin and the process pool give the same index; progress; cancellation."""

from __future__ import annotations

import hashlib
import os
import random
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import needs_fork
from xindex.formats.html import export_html
from xindex.formats.text import export_text
from xindex.jobs import fork
from xindex.jobs import generate as gen
from xindex.jobs.generate import Cancelled, CancelToken, GenerationJob, generate
from xindex.store import Document

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["garden", "soil", "frost", "rose", "apple", "tree", "pruning", "winter", "snow", "compost", "mulch",
         "seed", "root", "leaf", "bark", "bud", "fruit", "café", "naïve", "Ödeshög", "Zürich", "ångström"]  # fmt: skip


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


@pytest.mark.parametrize("style", ["indented", "run-in", "run-in:1"])
@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_pool_and_serial_twin_are_byte_identical(medium: Path, style: str, start_method: str) -> None:
    serial = export_text(generate(medium, overrides={"style": style}, jobs=1))
    pooled = export_text(generate(medium, overrides={"style": style}, jobs=2, start_method=start_method))
    assert digest(pooled) == digest(serial)
    assert serial.count("\n") > 1000


def test_sample_document_is_identical_both_ways(tmp_path: Path) -> None:
    from xindex.formats.outline import load_outline

    path = tmp_path / "sample.xix"
    with Document.create(path) as document:
        load_outline(document, (ROOT / "examples" / "sample.txt").read_text(encoding="utf-8"))
    assert export_text(generate(path, jobs=1)) == export_text(generate(path, jobs=2))


def test_progress_reaches_the_total(medium: Path) -> None:
    for jobs in (1, 2):
        seen: list[tuple[int, int]] = []

        def record(done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            seen.append((done, total))

        generate(medium, jobs=jobs, progress=record)
        assert seen[-1][0] == seen[-1][1] == 3000
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
        assert len(seen) == (1 if jobs == 1 else 2 * gen.RUNS_PER_WORKER)


def test_automatic_choice_is_serial_for_small_documents(medium: Path) -> None:
    assert gen.plan(medium).jobs == 1
    assert gen.plan(medium, jobs=3).jobs == min(3, os.cpu_count() or 1)  # asked for, up to the cores there are


def test_cancel_stops_the_pool(medium: Path) -> None:
    token = CancelToken()

    def on_progress(done: int, total: int) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        generate(medium, jobs=2, progress=on_progress, cancel=token)
    alive = [thread.name for thread in threading.enumerate() if "QueueManager" in thread.name]
    assert not alive  # the pool's manager thread is gone: nothing keeps running


def test_cancel_stops_the_serial_twin(medium: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        generate(medium, jobs=1, cancel=token)


def test_background_job_api(medium: Path) -> None:
    updates: list[int] = []
    job = GenerationJob(lambda progress, token: generate(medium, jobs=2, progress=progress, cancel=token),
                        progress=lambda done, total: updates.append(done)).start()  # fmt: skip
    index = job.result(timeout=120)
    assert job.done() and updates and sum(1 for _ in index.paragraphs()) >= 3000

    job = GenerationJob(lambda progress, token: generate(medium, jobs=2, progress=progress, cancel=token))
    job.start()
    job.cancel()
    with pytest.raises(Cancelled):
        job.result(timeout=120)


def test_bad_style_is_refused_before_any_work(medium: Path) -> None:
    with pytest.raises(ValueError, match="not a style"):
        generate(medium, overrides={"style": "sideways"}, jobs=2)


@pytest.mark.slow
def test_hundred_thousand_entries_identical_serial_and_pool(tmp_path: Path) -> None:
    path = build(tmp_path / "big.xix", 100_000, seed=11)
    serial = export_text(generate(path, jobs=1))
    pooled = export_text(generate(path, jobs=2))
    assert digest(serial) == digest(pooled)
    assert serial.count("\n") >= 100_000




@needs_fork
@pytest.mark.parametrize(
    "overrides",
    [{}, {"style": "run-in"}, {"letter-groups": "0"}, {"text-header": "labelled", "note": "A note"},
     {"text-indent": "tab", "title": ""}],
)  # fmt: skip
@pytest.mark.parametrize("suffix", [".txt", ".html", ".ind", ".tex", ".rtf", ".docx", ".odt", ".indd.txt"])
def test_an_export_in_two_halves_writes_what_one_process_writes(
    medium: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overrides: dict[str, str], suffix: str
) -> None:
    monkeypatch.setattr(gen, "SPLIT_FROM", 100)
    monkeypatch.setattr(fork, "others_running", lambda: 0)  # (other work on the machine must not decide)
    halves = gen.export(medium, tmp_path / f"halves{suffix}", overrides=overrides)
    whole = gen.export(medium, tmp_path / f"whole{suffix}", overrides=overrides, jobs=1)
    assert halves.jobs == 2 and whole.jobs == 1
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
    assert text == export_text(generate(path, jobs=1))
    assert text.count("\nA\n") + text.startswith("A\n") == 1
    gen.export(path, tmp_path / "halves.html")
    html = (tmp_path / "halves.html").read_text(encoding="utf-8")
    assert html == export_html(generate(path, jobs=1))
    assert html.count("<h2>A</h2>") == html.count('<ul class="index">') == 1
    ET.fromstring(html)  # well-formed


@needs_fork
def test_cancelling_an_export_in_two_halves(medium: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen, "SPLIT_FROM", 100)
    monkeypatch.setattr(fork, "others_running", lambda: 0)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        gen.export(medium, tmp_path / "never.txt", cancel=token)
    assert not (tmp_path / "never.txt").exists()
