"""Sort-key computation speed, per rule set, and re-sorting a whole document.

Run from the project root::

    .venv/bin/python bench/sortkeys.py                  # 100,000 headings
    .venv/bin/python bench/sortkeys.py --entries 20000

It makes the same synthetic three-level index as ``bench/store.py`` (same
seed), computes every heading's key under each rule set in this process
(serial) and prints keys per second, then the same split across a process
pool of two (spawn) workers, start-up included. Then it builds a document of
those headings and times ``set_setting("rules", ...)``, which recomputes and
stores every key in one transaction, and its undo.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import DEFAULT_SEED, make_plan

from xindex.core.rules import RULE_SETS
from xindex.core.sorting import SortKeys, SortOptions
from xindex.store import Document


def _keys_for(name: str, headings: list[tuple[str, bool]]) -> int:
    keys = SortKeys(SortOptions(RULE_SETS[name]))
    return len([keys.key(term, main=main) for term, main in headings])


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    plan = make_plan(args.entries, random.Random(args.seed))
    headings = [(spec.term, spec.parent < 0) for spec in plan.specs]
    print(f"sort keys for {len(headings):,} headings (serial, one process)")
    for name, rules in RULE_SETS.items():
        keys = SortKeys(SortOptions(rules))
        start = time.perf_counter()
        for term, main in headings:
            keys.key(term, main=main)
        elapsed = time.perf_counter() - start
        print(f"  {name:12} {elapsed:6.2f} s  {len(headings) / elapsed:10,.0f} keys/s")
    half = len(headings) // 2
    context = multiprocessing.get_context("spawn")
    print("sort keys with a pool of 2 worker processes (spawn; start-up included)")
    for name in ("cms-word", "iso-letter"):
        start = time.perf_counter()
        with ProcessPoolExecutor(2, mp_context=context) as pool:
            done = sum(pool.map(_keys_for, [name, name], [headings[:half], headings[half:]]))
        elapsed = time.perf_counter() - start
        print(f"  {name:12} {elapsed:6.2f} s  {done / elapsed:10,.0f} keys/s")

    folder = Path(tempfile.mkdtemp(prefix="xindex-sortkeys-"))
    try:
        document = Document.create(folder / "keys.xix")
        ids: list[int] = []
        with document.command("Build"):
            for spec in plan.specs:
                parent = ids[spec.parent] if spec.parent >= 0 else None
                ids.append(document.add_entry(spec.term, parent))
        for name in ("cms-letter", "iso-word"):
            start = time.perf_counter()
            document.set_setting("rules", name)
            print(f"re-sort the document to {name}: {time.perf_counter() - start:.2f} s (one transaction)")
        start = time.perf_counter()
        document.undo()
        print(f"undo the last re-sort: {time.perf_counter() - start:.2f} s")
        document.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
