"""A full disk: every command says so in one sentence and the document keeps every committed change."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from xindex.cli import main as cli_main
from xindex.core import listing
from xindex.store import Document


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own (tmpfs, as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Take every free byte of the file system."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * size)


def run(*args: str) -> tuple[int, str]:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        status = cli_main(list(args))
    return status, errors.getvalue()


def test_a_full_disk_is_one_sentence_and_loses_nothing(small_disk: Path, tmp_path: Path) -> None:
    path = small_disk / "book.xix"
    with Document.create(path) as document, document.command("Build"):
        for number in range(300):
            document.add_entry(f"heading {number:03d}", locators=str(number + 1))
    with Document.open(path) as document:
        document.add_entry("last before the disk filled", locators="999")
        before = list(listing.lines(document.tree()))
    source = tmp_path / "many.csv"
    source.write_text(
        "level1,locator\n" + "".join(f"imported {n},{n % 300 + 1}\n" for n in range(20000)), encoding="utf-8"
    )
    fill(small_disk)
    for verb in (
        ["import", str(path), str(source)],
        ["undo", str(path)],
        ["set", str(path), "rules", "cms-letter"],
        ["add", str(path), "more", "--pages", "4"],
        ["list", str(path)],
        ["info", str(path)],
    ):
        status, said = run(*verb)
        assert "Traceback" not in said and len(said.strip().splitlines()) <= 1, (verb, said)
        if status != 0:
            assert status == 2 and ("full" in said or "cannot" in said), (verb, said)
    (small_disk / "filler").unlink()
    with Document.open(path) as document:
        assert list(listing.lines(document.tree())) == before
