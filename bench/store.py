"""Benchmark the .xix document store at book scale, against the budget in GUIDE.md section 6.

Run from the project root::

    .venv/bin/python bench/store.py                    # 100,000 entries (a few minutes)
    .venv/bin/python bench/store.py --entries 5000     # quick check
    .venv/bin/python bench/store.py --out /tmp/b --seed 7

The document (``store-N.xix``) and a JSON copy of the figures (``store-N.json``)
go to ``--out`` (default ``bench/out/``, git-ignored). The same seed builds the
same document. Everything goes through the public :class:`xindex.store.Document`
API; nothing here reaches into the SQL.

What it measures:

1. **Build**: a synthetic, realistic index of N entries (about 30% main headings,
   50% subheadings, 20% sub-subheadings; English-like headings with some accented
   words and some beginning with numerals; about 3 locators per entry mixing
   pages, abbreviated ranges, roman front matter, notes and figures; about 5% of
   entries with a *see* or *see also* reference to an existing entry), written
   with ``add_entry``/``add_xref`` in commands of 10,000 entries (one command is
   one transaction and one undo record). Wall time and entries per second.
2. **File size** of the closed document.
3. **Open + first screen**: ``Document.open`` plus the first 50 main headings.
   That is ``doc.children(None, limit=50)``, a keyset-paged window. Median of 5 fresh processes (OS file
   cache warm: the file was just written); import time is excluded and shown apart.
   On Linux it then also evicts the file from the OS cache (``posix_fadvise``)
   before each of 3 more runs, for a cold-disk figure.
4. **Search**: 100 queries with ``limit=200`` on an open document: words, prefixes
   (``gar*``), two-word AND, phrases, accent-insensitive words (``cafe``) and page
   queries (``45``, ``xii``, ``120-34``). Median and 95th percentile, plus the
   median of each kind of query.
5. **Add one entry**: 1,000 single ``add_entry`` calls with locators, half main
   headings and half subheadings; each is its own command, committed durably
   (WAL, ``synchronous=FULL``). Median and 95th percentile.
6. **Memory**: peak RSS (``ru_maxrss``) of a fresh process that opens the
   document, shows the first screen and runs the same 100 searches. (Linux keeps
   ``ru_maxrss`` across exec, so the process is started through a small launcher;
   otherwise it would report this script's own peak.) For
   reference it also shows a process that only imports xindex, and one that
   additionally loads the whole index with ``doc.tree()`` (what listing/export do).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xindex.core.model import XRefKind
from xindex.store import Document

DEFAULT_ENTRIES = 100_000
DEFAULT_SEED = 20_240_611
DEFAULT_OUT = Path(__file__).resolve().parent / "out"
CHUNK = 10_000
OPEN_RUNS = 5
SEARCH_QUERIES = 100
SEARCH_LIMIT = 200
ADD_CALLS = 1_000
FIRST_SCREEN = 50

# Budget from GUIDE.md section 6.
TARGET_OPEN_S = 0.5
TARGET_SEARCH_MS = 20.0
TARGET_ADD_MS = 10.0
TARGET_MEMORY_MB = 300.0

# ---------------------------------------------------------------------------- vocabulary


def _words(text: str) -> list[str]:
    """A word list written as running text (``_`` stands for a space inside an item)."""
    return [word.replace("_", " ") for word in text.split()]


NOUNS = _words("""
agriculture architecture armies art astronomy banking bridges canals cartography cathedrals censorship
ceramics chemistry children cities climate clocks coal coinage commerce cotton courts crime democracy
diplomacy disease drainage dyes education elections electricity emigration empire engineering
epidemics exploration factories famine farming fashion finance fisheries forests fortifications
gardens geology glass government grain guilds harbours health heresy history horses hospitals
housing hygiene immigration industry inheritance insurance iron irrigation journalism justice
kinship labour land language law libraries lighthouses literature livestock machinery magic
manufacturing manuscripts maps markets marriage mathematics medicine merchants migration mills
mining missions monasteries money museums music navigation newspapers nutrition observatories
opera optics painting pamphlets parliament patents philosophy photography piracy plague poetry
police population ports pottery poverty printing prisons property prostitution publishing
railways reform religion rivers roads saints sanitation schools science sculpture settlement
sewers shipbuilding shipping silk slavery smallpox soap songs spices statistics steam sugar
surgery surveying taxation tea telegraphs telescopes textiles theatre timber tobacco tourism
trade transport travel treaties universities vaccination villages voting wages war water
weaving whaling wine witchcraft women wool workhouses
""")

ADJECTIVES = _words("""
ancient medieval modern colonial rural urban industrial classical early late public private
religious scientific political economic social military naval royal local regional national
international northern southern eastern western Victorian Georgian Roman Greek French German
Italian Spanish Dutch Scottish Irish Welsh Flemish Byzantine Ottoman Venetian formal informal
popular domestic foreign imperial municipal monastic episcopal agrarian maritime provincial
""")

PLACES = _words("""
England France Germany Italy Spain Scotland Ireland Wales India China Japan Egypt Greece Portugal
London Paris Berlin Vienna Rome Venice Florence Antwerp Amsterdam Lisbon Edinburgh Dublin Naples
Göttingen Zürich Kraków Malmö Montréal Québec Curaçao Łódź Genève Köln São_Paulo New_York Buenos_Aires
""")

ACCENTED = [
    "café",
    "naïve",
    "façade",
    "résumé",
    "crème brûlée",
    "élite",
    "rôle",
    "déjà vu",
    "Ångström",
    "Bézier curves",
    "smörgåsbord",
    "piñata",
    "jalapeño",
    "doppelgänger",
    "über-realism",
]

PEOPLE = [
    "Darwin, Charles",
    "Newton, Isaac",
    "Austen, Jane",
    "Brontë, Charlotte",
    "Gödel, Kurt",
    "Dvořák, Antonín",
    "Poincaré, Henri",
    "Schrödinger, Erwin",
    "Müller, Johannes",
    "Fröbel, Friedrich",
    "Dürer, Albrecht",
    "Descartes, René",
    "Gauss, Carl Friedrich",
    "Humboldt, Alexander von",
    "Wollstonecraft, Mary",
    "Smith, Adam",
    "Hume, David",
    "Locke, John",
    "Faraday, Michael",
    "Curie, Marie",
    "Pasteur, Louis",
    "Linnaeus, Carl",
    "Erasmus, Desiderius",
    "Luther, Martin",
    "Galilei, Galileo",
    "Kepler, Johannes",
    "Leibniz, Gottfried Wilhelm",
    "Chopin, Frédéric",
    "Brunel, Isambard Kingdom",
    "Nightingale, Florence",
    "Mendel, Gregor",
    "Ibsen, Henrik",
]

NUMERAL_FORMS: list[Callable[[random.Random], str]] = [
    lambda r: f"{r.randrange(1500, 2021)} {r.choice(NOUNS)}",
    lambda r: f"{r.randrange(12, 21)}th-century {r.choice(NOUNS)}",
    lambda r: f"{r.randrange(150, 200) * 10}s",
    lambda r: f"{r.randrange(1, 60)} {r.choice(['Club', 'Society', 'Street', 'Regiment', 'Articles', 'Acts'])}",
    lambda r: f"{r.randrange(2, 10)}D {r.choice(NOUNS)}",
    lambda r: f"{r.randrange(1600, 1950)}, treaty of {r.choice(PLACES)}",
]

ROMAN = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]


def _word(rng: random.Random) -> str:
    """A noun, now and then an accented word."""
    return rng.choice(ACCENTED) if rng.random() < 0.03 else rng.choice(NOUNS)


def main_heading(rng: random.Random) -> str:
    """An English-like main heading."""
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(NUMERAL_FORMS)(rng)
    if roll < 0.06:
        return rng.choice(PEOPLE)
    if roll < 0.08:
        return rng.choice(ACCENTED)
    if roll < 0.18:
        return _word(rng)
    if roll < 0.45:
        return f"{rng.choice(ADJECTIVES)} {_word(rng)}"
    if roll < 0.65:
        return f"{_word(rng)} of {rng.choice(PLACES)}"
    if roll < 0.82:
        return f"{_word(rng)}, {rng.choice(ADJECTIVES)}"
    if roll < 0.92:
        return f"{_word(rng)} and {_word(rng)}"
    return f"{_word(rng)} ({rng.choice(PLACES)})"


def subheading(rng: random.Random) -> str:
    """An English-like subheading (also used for sub-subheadings)."""
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(NUMERAL_FORMS)(rng)
    if roll < 0.20:
        return f"in {rng.choice(PLACES)}"
    if roll < 0.40:
        return f"and {_word(rng)}"
    if roll < 0.55:
        return f"of {_word(rng)}"
    if roll < 0.75:
        return f"{rng.choice(ADJECTIVES).lower()} {_word(rng)}"
    if roll < 0.85:
        return _word(rng)
    if roll < 0.92:
        return f"in {rng.randrange(150, 200) * 10}s"
    return f"under {rng.choice(PEOPLE).split(',')[0]}"


def unique(make: Callable[[random.Random], str], rng: random.Random, taken: set[str]) -> str:
    """A heading not yet used among its siblings (a numbered qualifier when the generator runs dry)."""
    for _ in range(20):
        term = make(rng)
        if term not in taken:
            taken.add(term)
            return term
    base = make(rng)
    number = 2
    while f"{base} ({number})" in taken:
        number += 1
    taken.add(f"{base} ({number})")
    return f"{base} ({number})"


# ---------------------------------------------------------------------------- locators


def one_locator(rng: random.Random) -> str:
    """One typed locator: mostly pages, then ranges (often abbreviated), notes, figures, roman pages."""
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(ROMAN)
    if roll < 0.19:
        first = rng.randrange(1, 890)
        last = first + rng.randrange(1, 12)
        if first >= 100 and first // 100 == last // 100 and rng.random() < 0.7:
            return f"{first}-{last % 100:02d}" if last % 100 >= 10 else f"{first}-{last % 10}"
        return f"{first}-{last}"
    if roll < 0.25:
        page = rng.randrange(1, 901)
        return f"{page}n{rng.randrange(1, 40)}" if rng.random() < 0.8 else f"{page}n"
    if roll < 0.30:
        return f"{rng.randrange(1, 901)}f"
    return str(rng.randrange(1, 901))


def locator_list(rng: random.Random) -> str:
    """About three locators, as an indexer types them."""
    count = rng.choices([1, 2, 3, 4, 5, 6, 7], weights=[20, 22, 20, 15, 10, 8, 5])[0]
    return ", ".join(one_locator(rng) for _ in range(count))


# ---------------------------------------------------------------------------- the synthetic index


@dataclass
class Spec:
    """One entry to add; parents and reference targets are indexes into the spec list."""

    term: str
    parent: int  # -1 for a main heading
    locators: str
    xref_kind: XRefKind | None = None
    xref_target: int = -1


@dataclass
class Plan:
    """The entries to build, in tree order, and the headings already taken per parent (for later adds)."""

    specs: list[Spec] = field(default_factory=list)
    taken: dict[int, set[str]] = field(default_factory=dict)  # spec index of parent (-1: root) -> terms
    mains: list[int] = field(default_factory=list)  # spec indexes of main headings


def make_plan(entries: int, rng: random.Random) -> Plan:
    """A deterministic three-level index of ``entries`` headings."""
    n_main = max(1, round(entries * 0.3))
    n_sub = min(entries - n_main, round(entries * 0.5))
    n_subsub = entries - n_main - n_sub
    # Skewed fan-out: a few big topics with many subheadings, many with none.
    sub_parent = [int(n_main * rng.random() ** 1.5) for _ in range(n_sub)]
    subsub_parent = [int(n_sub * rng.random() ** 1.5) for _ in range(n_subsub)] if n_sub else []
    subs_of: list[list[int]] = [[] for _ in range(n_main)]
    for sub, parent in enumerate(sub_parent):
        subs_of[parent].append(sub)
    subsubs_of: list[list[int]] = [[] for _ in range(n_sub)]
    for subsub, parent in enumerate(subsub_parent):
        subsubs_of[parent].append(subsub)

    plan = Plan()
    plan.taken[-1] = set()

    def add(term_maker: Callable[[random.Random], str], parent: int) -> int:
        index = len(plan.specs)
        term = unique(term_maker, rng, plan.taken.setdefault(parent, set()))
        spec = Spec(term, parent, "")
        roll = rng.random()
        if index > 0 and roll < 0.02:  # a "see" entry carries no pages of its own
            spec.xref_kind, spec.xref_target = XRefKind.SEE, rng.randrange(index)
        else:
            spec.locators = locator_list(rng)
            if index > 0 and roll < 0.05:
                spec.xref_kind, spec.xref_target = XRefKind.SEE_ALSO, rng.randrange(index)
        plan.specs.append(spec)
        return index

    for main in range(n_main):
        main_index = add(main_heading, -1)
        plan.mains.append(main_index)
        for sub in subs_of[main]:
            sub_index = add(subheading, main_index)
            for _ in subsubs_of[sub]:
                add(subheading, sub_index)
    return plan


# ---------------------------------------------------------------------------- measuring helpers


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def rss_mb(kilobytes_or_bytes: int) -> float:
    """ru_maxrss in MB (Linux reports KiB, macOS bytes)."""
    return kilobytes_or_bytes / (1024 * 1024 if sys.platform == "darwin" else 1024)


# Linux keeps a process's ru_maxrss across exec, so a child started from this (large) process would
# report at least our own peak. The launcher is small, and the child it starts has a clean count.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


def run_child(code: str, *args: str, stdin: str = "", clean_rusage: bool = False) -> dict[str, Any]:
    """Run a snippet in a fresh interpreter (via the launcher for a clean ru_maxrss); it prints one JSON object."""
    command = [sys.executable, "-c", code, *args]
    if clean_rusage:
        command = [sys.executable, "-c", LAUNCHER, *command]
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"child process failed:\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


OPEN_CHILD = f"""
import json, sys, time
t0 = time.perf_counter()
from xindex.store import Document
t1 = time.perf_counter()
doc = Document.open(sys.argv[1])
t2 = time.perf_counter()
screen = doc.children(None, limit={FIRST_SCREEN})
t3 = time.perf_counter()
doc.close()
print(json.dumps({{"import": t1 - t0, "open": t2 - t1, "screen": t3 - t2, "shown": len(screen)}}))
"""

MEMORY_CHILD = f"""
import json, resource, sys
from xindex.store import Document
mode = sys.argv[2]
if mode != "import":
    queries = json.loads(sys.stdin.read())
    doc = Document.open(sys.argv[1])
    doc.children(None, limit={FIRST_SCREEN})
    for query in queries:
        doc.search(query, limit={SEARCH_LIMIT})
    if mode == "tree":
        roots = doc.tree()
    doc.close()
hwm = None
try:
    with open("/proc/self/status") as status:
        hwm = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), None)
except OSError:
    pass
print(json.dumps({{"maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "vmhwm_kib": hwm}}))
"""


def evict_from_cache(path: Path) -> bool:
    """Drop the file's pages from the OS cache (Linux), so the next open reads the disk; False when unsupported."""
    if sys.platform != "linux":
        return False
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
        os.posix_fadvise(handle, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(handle)
    return True


def fold(text: str) -> str:
    """Accents removed (what the FTS tokenizer does), to make accent-insensitive queries."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def make_queries(plan: Plan, rng: random.Random) -> list[tuple[str, str]]:
    """100 (kind, query) pairs drawn from the headings that exist."""
    words: set[str] = set()
    multi: list[list[str]] = []
    for spec in plan.specs:
        tokens = [token.strip(",()").lower() for token in spec.term.split()]
        tokens = [token for token in tokens if token.isalpha()]
        words.update(token for token in tokens if len(token) >= 3)
        if len(tokens) >= 2:
            multi.append(tokens)
    vocabulary = sorted(words)
    plain_words = [word for word in vocabulary if word.isascii() and len(word) >= 4]
    accented = sorted({fold(word) for word in vocabulary if not word.isascii()})
    queries: list[tuple[str, str]] = []
    queries += [("word", rng.choice(vocabulary)) for _ in range(25)]
    queries += [("prefix", rng.choice(plain_words)[: rng.choice([2, 3, 3, 4])] + "*") for _ in range(15)]
    long_words = ([token for token in tokens if len(token) >= 4] for tokens in multi)
    content = [tokens for tokens in long_words if len(tokens) > 1] or [plain_words]
    for _ in range(15):
        first, second = rng.sample(rng.choice(content), 2) if rng.random() < 0.8 else rng.sample(plain_words, 2)
        queries.append(("and", f"{first} AND {second}" if rng.random() < 0.5 else f"{first} {second}"))
    for _ in range(10):
        tokens = rng.choice(multi)
        start = rng.randrange(len(tokens) - 1)
        queries.append(("phrase", f'"{tokens[start]} {tokens[start + 1]}"'))
    queries += [("accent", rng.choice(accented)) for _ in range(10)] if accented else []
    pages = ["45", "xii", "1", "120-34", "850", "899"]
    pages += [str(rng.randrange(1, 901)) for _ in range(10)] + [rng.choice(ROMAN) for _ in range(4)]
    queries += [("page", page) for page in pages]
    while len(queries) < SEARCH_QUERIES:
        queries.append(("word", rng.choice(vocabulary)))
    return queries[:SEARCH_QUERIES]


# ---------------------------------------------------------------------------- the benchmark


@dataclass
class Row:
    """One line of the result table."""

    name: str
    value: str
    target: str = ""
    status: str = ""


def mark(value: float, limit: float) -> str:
    """PASS when within the budget."""
    return "PASS" if value < limit else "OVER"


def build(path: Path, plan: Plan) -> tuple[float, list[int]]:
    """Write the planned index in commands of CHUNK entries; return the seconds taken and entry ids."""
    ids = [0] * len(plan.specs)
    started = time.perf_counter()
    doc = Document.create(path, title="Benchmark index")
    for start in range(0, len(plan.specs), CHUNK):
        with doc.command("Build"):
            for index in range(start, min(start + CHUNK, len(plan.specs))):
                spec = plan.specs[index]
                parent = None if spec.parent < 0 else ids[spec.parent]
                ids[index] = doc.add_entry(spec.term, parent, locators=spec.locators)
                if spec.xref_kind is not None:
                    doc.add_xref(ids[index], spec.xref_kind, target_id=ids[spec.xref_target])
        done = min(start + CHUNK, len(plan.specs))
        print(f"  built {done:,} entries  {time.perf_counter() - started:6.1f} s", flush=True)
    doc.close()
    return time.perf_counter() - started, ids


def time_adds(doc: Document, plan: Plan, ids: list[int], rng: random.Random) -> list[float]:
    """Milliseconds of ADD_CALLS single add_entry calls, each its own command."""
    timings: list[float] = []
    for number in range(ADD_CALLS):
        if number % 2 == 0:
            parent_spec, term = -1, unique(main_heading, rng, plan.taken[-1])
        else:
            parent_spec = rng.choice(plan.mains)
            term = unique(subheading, rng, plan.taken.setdefault(parent_spec, set()))
        parent = None if parent_spec < 0 else ids[parent_spec]
        pages = locator_list(rng)
        started = time.perf_counter()
        doc.add_entry(term, parent, locators=pages)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def remove_document(path: Path) -> None:
    """Remove a previous run's document and its companion files."""
    for suffix in ("", "-wal", "-shm", "-lock"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.unlink()


def run(entries: int, out: Path, seed: int) -> list[Row]:
    """Run every measurement and return the table rows (also written as JSON next to the document)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"store-{entries}.xix"
    remove_document(path)
    rng = random.Random(seed)
    rows: list[Row] = []
    figures: dict[str, Any] = {"entries": entries, "seed": seed, "python": sys.version.split()[0]}

    plan = make_plan(entries, rng)
    levels = [0, 0, 0]
    for spec in plan.specs:
        depth = 0 if spec.parent < 0 else (1 if plan.specs[spec.parent].parent < 0 else 2)
        levels[depth] += 1
    print(f"1. building {entries:,} entries (levels {levels[0]:,} / {levels[1]:,} / {levels[2]:,}) in {path}")
    build_s, ids = build(path, plan)
    rate = entries / build_s
    rows.append(
        Row(
            "build (entries, commands of 10k)",
            f"{build_s:.1f} s = {rate:,.0f} entries/s",
            "faster than makeindex",
            "n/a",
        )
    )
    figures.update(build_s=build_s, entries_per_s=rate, levels=levels)

    size_mb = path.stat().st_size / 1e6
    leftovers = [name for name in ("-wal", "-shm") if path.with_name(path.name + name).exists()]

    # Opened for writing (as the editor does): a read-only open leaves empty -wal/-shm files behind.
    with Document.open(path) as doc:
        info = doc.info()
    print(f"   {info.entries:,} entries, {info.locators:,} locators, references {info.xrefs}")
    figures.update(locators=info.locators, xrefs=info.xrefs)
    rows.append(Row("  locators / references", f"{info.locators:,} / {sum(info.xrefs.values()):,}"))

    print(f"2. file size after close: {size_mb:.1f} MB" + (f" (left behind: {leftovers})" if leftovers else ""))
    rows.append(Row("file size after close", f"{size_mb:.1f} MB"))
    figures["file_mb"] = size_mb

    print(f"3. open + first screen, {OPEN_RUNS} fresh processes")
    opens = [run_child(OPEN_CHILD, str(path)) for _ in range(OPEN_RUNS)]
    total = [run["open"] + run["screen"] for run in opens]
    open_s = statistics.median(total)
    open_only = statistics.median(run["open"] for run in opens)
    screen_only = statistics.median(run["screen"] for run in opens)
    import_s = statistics.median(run["import"] for run in opens)
    rows.append(
        Row("open + first screen (median of 5)", f"{open_s * 1000:.0f} ms", "< 500 ms", mark(open_s, TARGET_OPEN_S))
    )
    rows.append(
        Row("  Document.open / children(None, limit=50)", f"{open_only * 1000:.0f} / {screen_only * 1000:.0f} ms")
    )
    rows.append(Row("  import xindex.store (not counted)", f"{import_s * 1000:.0f} ms"))
    figures.update(open_runs=opens, open_s=open_s)
    cold: list[dict[str, Any]] = []
    for _ in range(3):
        if not evict_from_cache(path):
            break
        cold.append(run_child(OPEN_CHILD, str(path)))
    if cold:
        cold_s = statistics.median(run["open"] + run["screen"] for run in cold)
        cold_open = statistics.median(run["open"] for run in cold)
        rows.append(
            Row(
                "  same, file evicted from OS cache (median of 3)",
                f"{cold_s * 1000:.0f} ms (open {cold_open * 1000:.0f})",
                "(info) < 500 ms",
                mark(cold_s, TARGET_OPEN_S),
            )
        )
        figures.update(cold_open_runs=cold, cold_open_s=cold_s)

    queries = make_queries(plan, rng)
    print(f"4. search: {len(queries)} queries, limit={SEARCH_LIMIT}")
    search_ms: list[float] = []
    by_kind: dict[str, list[float]] = {}
    slowest: list[tuple[float, str, int]] = []
    with Document.open(path) as doc:
        for kind, query in queries:
            started = time.perf_counter()
            hits = doc.search(query, limit=SEARCH_LIMIT)
            elapsed = (time.perf_counter() - started) * 1000
            search_ms.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            slowest.append((elapsed, query, len(hits)))
        search_median, search_p95 = statistics.median(search_ms), percentile(search_ms, 0.95)
        rows.append(Row("search median", f"{search_median:.1f} ms", "< 20 ms", mark(search_median, TARGET_SEARCH_MS)))
        rows.append(Row("search p95", f"{search_p95:.1f} ms", "< 20 ms", mark(search_p95, TARGET_SEARCH_MS)))
        for kind, values in by_kind.items():
            rows.append(
                Row(
                    f"  {kind} queries (n={len(values)}) median / max",
                    f"{statistics.median(values):.1f} / {max(values):.1f} ms",
                )
            )
        slowest.sort(reverse=True)
        print("   slowest: " + "; ".join(f"{query!r} {ms:.1f} ms ({hits} hits)" for ms, query, hits in slowest[:5]))
        figures.update(
            search_ms=dict(zip([q for _, q in queries], search_ms, strict=True)),
            search_median_ms=search_median,
            search_p95_ms=search_p95,
        )

        print(f"5. add one entry: {ADD_CALLS} commands")
        before = doc.entry_count()
        add_ms = time_adds(doc, plan, ids, rng)
    with Document.open(path) as doc:
        durable = doc.entry_count() - before
    add_median, add_p95 = statistics.median(add_ms), percentile(add_ms, 0.95)
    rows.append(Row("add one entry median", f"{add_median:.1f} ms", "< 10 ms", mark(add_median, TARGET_ADD_MS)))
    rows.append(Row("add one entry p95", f"{add_p95:.1f} ms", "< 10 ms", mark(add_p95, TARGET_ADD_MS)))
    rows.append(Row("  max / found after reopen", f"{max(add_ms):.1f} ms / {durable} of {ADD_CALLS}"))
    figures.update(
        add_median_ms=add_median, add_p95_ms=add_p95, add_max_ms=max(add_ms), add_durable=durable, add_ms=add_ms
    )

    print("6. peak memory in fresh processes")
    query_json = json.dumps([query for _, query in queries])
    measured = {
        mode: run_child(MEMORY_CHILD, str(path), mode, stdin=query_json, clean_rusage=True)
        for mode in ("search", "import", "tree")
    }
    figures["memory_children"] = measured
    memory, baseline, with_tree = (rss_mb(measured[mode]["maxrss"]) for mode in ("search", "import", "tree"))
    rows.append(Row("peak memory: open + searches", f"{memory:.0f} MB", "< 300 MB", mark(memory, TARGET_MEMORY_MB)))
    rows.append(Row("  only importing xindex", f"{baseline:.0f} MB"))
    rows.append(
        Row("  open + searches + doc.tree()", f"{with_tree:.0f} MB", "(info)", mark(with_tree, TARGET_MEMORY_MB))
    )
    figures.update(memory_mb=memory, baseline_mb=baseline, tree_memory_mb=with_tree)

    (out / f"store-{entries}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return rows


def print_table(rows: list[Row], entries: int) -> None:
    """The compact result table."""
    widths = [max(len(getattr(row, name)) for row in rows) for name in ("name", "value", "target")]
    print(f"\nxindex store benchmark, {entries:,} entries (budget: GUIDE.md section 6)")
    header = f"{'measure':<{widths[0]}}  {'result':>{widths[1]}}  {'target':<{widths[2]}}  status"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row.name:<{widths[0]}}  {row.value:>{widths[1]}}  {row.target:<{widths[2]}}  {row.status}")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=DEFAULT_ENTRIES, help="entries in the synthetic index")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default bench/out/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same index)")
    args = parser.parse_args(argv)
    if args.entries < 10:
        parser.error("--entries must be at least 10")
    rows = run(args.entries, args.out.resolve(), args.seed)
    print_table(rows, args.entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
