"""One process against two parts in forked processes, by document size: where do parts start to pay?

Run from the project root::

    .venv/bin/python bench/pool.py                     # 2k, 10k, 30k and 100k entries
    .venv/bin/python bench/pool.py --sizes 5000 50000

Documents are built with the same generator as ``bench/store.py`` (cached in
``bench/out/pool-N.xix``; ``bench/generate.py`` uses them too). For each size it
times a plain-text export (``xindex.jobs.generate.export``) in one process
(``jobs=1``) and in two parts (``jobs=2``, a forked child writes the second
half), best of three runs each, checks that both files are identical, and
prints the ratio. ``xindex.jobs.generate.SPLIT_FROM`` is set from where two
parts win. (The name is the benchmark's history: it first measured a spawned
pool, which never beat one process on two cores and was removed.)
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

from xindex.jobs.generate import SPLIT_FROM, export
from xindex.store import Document


def build(path: Path, entries: int) -> None:
    """Write a synthetic document of ``entries`` headings (three levels, ~3 locators each)."""
    plan = make_plan(entries, random.Random(DEFAULT_SEED))
    ids: list[int] = []
    with Document.create(path) as document, document.command("Build"):
        for spec in plan.specs:
            parent = ids[spec.parent] if spec.parent >= 0 else None
            ids.append(document.add_entry(spec.term, parent, locators=spec.locators))


def best_of(runs: int, path: Path, jobs: int) -> tuple[float, str, int]:
    """The best wall time of ``runs`` exports to text, the output's digest, and the processes that worked."""
    best, digest, processes = float("inf"), "", 0
    out = path.with_name(f"{path.stem}-{jobs}.txt")
    for _ in range(runs):
        started = time.perf_counter()
        processes = export(path, out, jobs=jobs).processes
        best = min(best, time.perf_counter() - started)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
    return best, digest, processes


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description="one process vs two parts: export times")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 10_000, 30_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    DEFAULT_OUT.mkdir(parents=True, exist_ok=True)
    print(f"text export, best of {args.runs}; automatic parts from SPLIT_FROM = {SPLIT_FROM:,} entries")
    print(f"{'entries':>9}  {'one':>8}  {'two parts':>9}  {'parts/one':>9}  identical  processes")
    for size in args.sizes:
        path = DEFAULT_OUT / f"pool-{size}.xix"
        if not path.exists():
            build(path, size)
        one, one_digest, _ = best_of(args.runs, path, 1)
        parts, parts_digest, processes = best_of(args.runs, path, 2)
        same = "yes" if one_digest == parts_digest else "NO"
        print(f"{size:>9,}  {one:7.2f}s  {parts:8.2f}s  {parts / one:9.2f}  {same:>9}  {processes}")


if __name__ == "__main__":
    main()
