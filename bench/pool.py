"""Serial twin against the process pool, by document size: where does the pool start to pay?

Run from the project root::

    .venv/bin/python bench/pool.py                     # 2k, 10k, 30k and 100k entries
    .venv/bin/python bench/pool.py --sizes 5000 50000

Documents are built with the same generator as ``bench/store.py`` (cached in
``bench/out/pool-N.xix``). For each size it times ``generate`` + text export
serially (``jobs=1``) and with 2 worker processes (``spawn``), best of three
runs each, checks that both outputs are identical, and prints the ratio.
``xindex.jobs.generate.SERIAL_BELOW`` is set from where the pool wins.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import DEFAULT_OUT, DEFAULT_SEED, make_plan

from xindex.formats.text import export_text
from xindex.jobs.generate import SERIAL_BELOW, generate
from xindex.store import Document


def build(path: Path, entries: int) -> None:
    """Write a synthetic document of ``entries`` headings (three levels, ~3 locators each)."""
    plan = make_plan(entries, random.Random(DEFAULT_SEED))
    ids: list[int] = []
    with Document.create(path) as document, document.command("Build"):
        for spec in plan.specs:
            parent = ids[spec.parent] if spec.parent >= 0 else None
            ids.append(document.add_entry(spec.term, parent, locators=spec.locators))


def best_of(runs: int, path: Path, jobs: int) -> tuple[float, str]:
    """The best wall time of ``runs`` generations + exports, and the output's digest."""
    best, digest = float("inf"), ""
    for _ in range(runs):
        started = time.perf_counter()
        text = export_text(generate(path, jobs=jobs))
        best = min(best, time.perf_counter() - started)
        digest = hashlib.sha256(text.encode()).hexdigest()
    return best, digest


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description="serial vs pool generation times")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 10_000, 30_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    DEFAULT_OUT.mkdir(parents=True, exist_ok=True)
    print(f"generate + text export, best of {args.runs}; SERIAL_BELOW is {SERIAL_BELOW:,} entries")
    print(f"{'entries':>9}  {'serial':>8}  {'2 workers':>9}  {'pool/serial':>11}  identical")
    for size in args.sizes:
        path = DEFAULT_OUT / f"pool-{size}.xix"
        if not path.exists():
            build(path, size)
        serial, serial_digest = best_of(args.runs, path, 1)
        pooled, pooled_digest = best_of(args.runs, path, 2)
        same = "yes" if serial_digest == pooled_digest else "NO"
        print(f"{size:>9,}  {serial:7.2f}s  {pooled:8.2f}s  {pooled / serial:11.2f}  {same}")


if __name__ == "__main__":
    main()
