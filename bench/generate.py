r"""``xindex makeindex`` against makeindex on synthetic .idx files of 10,000, 100,000 and 1,000,000 lines, and
generation from a 100,000-entry .xix against makeindex on the equivalent .idx.

Run from the project root::

    .venv/bin/python bench/generate.py                # 100,000 and 1,000,000 lines
    .venv/bin/python bench/generate.py --skip-1m      # 100,000 only
    .venv/bin/python bench/generate.py --runs 5 --out /tmp/b

It writes a deterministic ``.idx`` (same seed, same file) that looks like one
LaTeX writes for a long book: about 27,000 distinct main headings at 100,000
lines (more for a million), subentries to three levels, the same heading
indexed on many pages, page ranges with ``|(``/``|)``, roman front matter,
``|see``/``|seealso``, accented headings (UTF-8 and ``\'e``), some
``\textit`` headings and ``key@display`` sort keys, ``|textbf`` and
``|hyperpage`` encaps. Lines come in page order, as LaTeX writes them.

Then it runs makeindex and ``xindex makeindex`` (the environment's console
script) on it, each
once to warm up (file cache, Python byte-code cache) and then ``--runs`` times
in fresh processes, and prints the median wall time, the peak memory
(``/usr/bin/time``'s maximum RSS, else ``wait4``) and their ratio, side by
side. Files go to ``--out`` (default ``bench/out/``). xindex splits a big file
between two processes (the parent and a forked child); the peak shown is the
larger of the two, as ``/usr/bin/time`` reports it. xindex runs the compiled
build of the package (``build/compiled``, ``make compiled``: its hot modules
compiled by mypyc) when there is one; the row "sources only" runs the same
command on the sources. The first lines say which.

Then (``--skip-peers`` leaves it out) both programs on the real files of ``../shared/peers/latex/``:
pdflatex's ``.idx`` and ``.glo`` of an ltxdoc package with ``gind.ist`` and ``gglo.ist``.

Last (``--skip-xix`` leaves it out), generation: ``xindex export`` of a
100,000-entry ``.xix`` (``bench/out/pool-100000.xix``, the documents of
``bench/pool.py``, built once) to plain text, chosen automatically (two parts
in two processes), ``--serial`` (one process) and ``--jobs 2``, and to
HTML, ``.ind``, RTF, DOCX and ODT (two parts too), against
makeindex on the equivalent ``.idx`` (one line per page cited, ranges as
``|(``/``|)`` pairs), in the same run: GUIDE section 6 wants generation faster
than makeindex there.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPILED = ROOT / "build" / "compiled"  # `make compiled`
XINDEX_PATH = COMPILED if (COMPILED / "xindex").is_dir() else ROOT  # the xindex package the runs import
DEFAULT_SEED = 20240611

_SYLLABLES = [
    "al",
    "ba",
    "ber",
    "bo",
    "ca",
    "cor",
    "da",
    "del",
    "do",
    "en",
    "er",
    "fa",
    "fel",
    "ga",
    "gor",
    "ha",
    "hel",
    "in",
    "ka",
    "lan",
    "le",
    "lo",
    "ma",
    "mer",
    "mo",
    "na",
    "nel",
    "no",
    "or",
    "pa",
    "per",
    "ra",
    "ren",
    "ro",
    "sa",
    "sel",
    "so",
    "ta",
    "ter",
    "to",
    "ul",
    "va",
    "ver",
    "vo",
    "za",
]
_ACCENTED = ("é", "ö", "ü", "à", "ç", "ñ", "ß", "ø", "å")
_LATEX_ACCENTS = ("\\'e", '\\"o', '\\"u', "\\`a", "\\c{c}", "\\~n", "{\\ss}", "{\\o}", "\\aa{}")
_FUNCTION_WORDS = ("of", "in", "and", "the", "for", "on")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _heading(rng: random.Random, words: int) -> str:
    """A main heading: one to three words, some accented, some capitalised, some LaTeX."""
    parts = [_word(rng) for _ in range(words)]
    roll = rng.random()
    if roll < 0.04:
        index = rng.randrange(len(_ACCENTED))
        parts[0] = parts[0][:2] + _ACCENTED[index] + parts[0][2:]
    elif roll < 0.07:
        index = rng.randrange(len(_LATEX_ACCENTS))
        parts[0] = parts[0][:2] + _LATEX_ACCENTS[index] + parts[0][2:]
    if rng.random() < 0.3:
        parts[0] = parts[0].capitalize()
    if rng.random() < 0.1 and len(parts) > 1:
        parts[0] += ","  # "Smith, John" style inversions
    text = " ".join(parts)
    if rng.random() < 0.03:
        text = f"\\textit{{{text}}}"
    return text


def _subheading(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.25:
        words.insert(0, rng.choice(_FUNCTION_WORDS))
    return " ".join(words)


def _key(heading: str) -> str:
    """A heading with LaTeX markup gets a plain sort key, as authors write key@display."""
    if "\\textit" in heading:
        return heading.replace("\\textit{", "").replace("}", "") + "@" + heading
    return heading


def make_idx(lines: int, seed: int = DEFAULT_SEED) -> str:
    """A deterministic .idx text of ``lines`` entries."""
    rng = random.Random(seed)
    mains = int(45_000 * (lines / 100_000) ** 0.5)  # about 27,000 of them are used at 100,000 lines
    headings = list(dict.fromkeys(_heading(rng, rng.choice((1, 1, 1, 2, 2, 3))) for _ in range(mains)))
    subs = [_subheading(rng) for _ in range(max(200, mains // 10))]
    subsubs = [_subheading(rng) for _ in range(max(100, mains // 30))]
    # Each heading has a fixed set of subentries, as a real index does.
    children: dict[int, list[str]] = {}
    grandchildren: dict[tuple[int, str], list[str]] = {}
    # A book of about 1 page per 100 lines... for the big file too: real books index ~100 terms a page.
    pages = max(40, lines // 100)
    front = max(8, pages // 60)
    out: list[str] = []
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(headings))]
    order = list(range(len(headings)))
    rng.shuffle(order)
    cumulative: list[float] = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    open_ranges: list[tuple[str, int]] = []
    per_page = lines / (pages + front)
    written = 0
    page = 0
    while written < lines:
        page += 1
        roman_page = page <= front
        page_text = _roman(page) if roman_page else str(page - front)
        count = max(1, int(rng.gauss(per_page, per_page / 3)))
        for _ in range(count):
            if written >= lines:
                break
            # Close ranges that have run their course.
            if open_ranges and rng.random() < 0.01:
                choice = rng.randrange(len(open_ranges))
                key, started = open_ranges[choice]
                if page > started:
                    del open_ranges[choice]
                    out.append(f"\\indexentry{{{key}|)}}{{{page_text}}}")
                    written += 1
                    continue
            number = order[rng.choices(range(len(headings)), cum_weights=cumulative)[0]]
            path = [_key(headings[number])]
            roll = rng.random()
            if roll < 0.55:
                kids = children.setdefault(number, rng.sample(subs, rng.randint(1, 6)))
                sub = rng.choice(kids)
                path.append(sub)
                if roll < 0.15:
                    grand = grandchildren.setdefault((number, sub), rng.sample(subsubs, rng.randint(1, 3)))
                    path.append(rng.choice(grand))
            key = "!".join(path)
            roll = rng.random()
            encap = ""
            if roll < 0.03:
                encap = "|textbf"
            elif roll < 0.05:
                encap = "|hyperpage"
            elif roll < 0.058 and not roman_page and len(open_ranges) < 50:
                open_ranges.append((key, page))
                encap = "|("
            elif roll < 0.063:
                target = headings[order[rng.randrange(len(headings))]]
                encap = f"|see{{{target}}}"
            elif roll < 0.07:
                target = headings[order[rng.randrange(len(headings))]]
                encap = f"|seealso{{{target}}}"
            out.append(f"\\indexentry{{{key}{encap}}}{{{page_text}}}")
            written += 1
    for key, _started in open_ranges:
        out.append(f"\\indexentry{{{key}|)}}{{{page - front + 1}}}")
    return "\n".join(out) + "\n"


def _roman(value: int) -> str:
    numerals = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    out = ""
    for amount, letters in numerals:
        while value >= amount:
            out += letters
            value -= amount
    return out


def measure(command: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds of all its processes) of one run of ``command``."""
    # Byte-code caches as an installed xindex has them (kept in bench/out, not next to the sources).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update({"PYTHONPATH": str(XINDEX_PATH), "PYTHONPYCACHEPREFIX": str(cwd / "pycache"), **(extra_env or {})})
    time_binary = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        if time_binary:
            command = [time_binary, "-f", "%M", "-o", report.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"{command} failed ({process.returncode}): {stderr}")
        rss = int(report.read().strip().splitlines()[-1]) if time_binary else usage.ru_maxrss
    return elapsed, rss, usage.ru_utime + usage.ru_stime


def measure_all(
    commands: dict[str, list[str]],
    folder: Path,
    runs: int,
    *,
    width: int,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, tuple[float, int, float]]:
    """Each command once to warm up (OS file cache, byte-code cache), then ``runs`` rounds of each in turn; print and
    return (median wall, largest peak RSS, median CPU) by name. makeindex missing: left out, said.
    ``envs``: more environment variables for some commands, by name."""
    figures: dict[str, tuple[float, int, float]] = {}
    present: dict[str, list[str]] = {}
    for name, command in commands.items():
        if shutil.which(command[0]) is None and name.startswith("makeindex"):
            print("  makeindex is not installed: nothing to compare with")
            continue
        present[name] = command
        measure(command, folder, (envs or {}).get(name))
    # Alternating, one run of each in turn: a burst of other work on the machine then slows every
    # program alike instead of whichever happened to be running.
    samples: dict[str, list[tuple[float, int, float]]] = {name: [] for name in present}
    for _ in range(runs):
        for name, command in present.items():
            samples[name].append(measure(command, folder, (envs or {}).get(name)))
    for name, taken in samples.items():
        walls, peaks, cpus = zip(*taken, strict=True)
        figures[name] = (statistics.median(walls), max(peaks), statistics.median(cpus))
    print(f"  {'':{width}} {'wall':>9}   {'peak RSS':>10}   {'CPU (all processes)':>19}")
    for name, (wall, rss, cpu) in figures.items():
        print(f"  {name:{width}} {wall:7.3f} s   {rss / 1024:7.1f} MB   {cpu:7.3f} s")
    return figures


def _items(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if "item " in line)


def bench(lines: int, folder: Path, runs: int, seed: int) -> None:
    """Generate one file, run both programs on it, print the figures."""
    idx = folder / f"bench-{lines}.idx"
    start = time.perf_counter()
    idx.write_text(make_idx(lines, seed), encoding="utf-8")
    generated = time.perf_counter() - start
    print(f"\n{lines:,} lines: {idx} ({idx.stat().st_size / 1e6:.1f} MB, generated in {generated:.1f} s)")
    peer = folder / f"bench-{lines}.makeindex.ind"
    ours = folder / f"bench-{lines}.xindex.ind"
    # Relative names, run in the folder: makeindex (openout_any = p) refuses to write elsewhere.
    log = ours.with_suffix(".ilg").name
    ours_command = [*xindex_command(), "makeindex", "-q", "-o", ours.name, "-t", log]
    commands = {
        "makeindex": ["makeindex", "-q", "-o", peer.name, "-t", peer.with_suffix(".ilg").name, idx.name],
        "xindex makeindex": [*ours_command, idx.name],
        "  one process": [*ours_command, "--processes", "1", idx.name],
        "  two processes": [*ours_command, "--processes", "2", idx.name],
        "  sources only": [*ours_command, idx.name],
    }
    figures = measure_all(commands, folder, runs, width=26, envs={"  sources only": {"PYTHONPATH": str(ROOT)}})
    if "makeindex" in figures:
        peer_wall, peer_rss, peer_cpu = figures["makeindex"]
        for name, (our_wall, our_rss, our_cpu) in list(figures.items())[1:]:
            ratios = f"{our_wall / peer_wall:7.2f} x   {our_rss / peer_rss:7.2f} x   {our_cpu / peer_cpu:7.2f} x"
            print(f"  {'ratio ' + name.strip():26} {ratios}")
        print(f"  \\item lines: makeindex {_items(peer):,}, xindex {_items(ours):,}")


# -- generation from a .xix, against makeindex on the equivalent .idx ----------------------------


def equivalent_idx(document_path: Path) -> str:
    """The .idx a LaTeX book with this index would write: one line per page a locator cites (a range
    as its |( and |) lines, bold and italic as |textbf and |textit), headings joined by "!"."""
    import apsw

    connection = apsw.Connection(str(document_path), flags=apsw.SQLITE_OPEN_READONLY)
    rows = {row[0]: (row[1], row[2]) for row in connection.execute("SELECT id, parent_id, plain FROM entry")}
    paths: dict[int, str] = {}

    def path(entry_id: int) -> str:
        known = paths.get(entry_id)
        if known is None:
            parent, plain = rows[entry_id]
            quoted = "".join(f'"{char}' if char in '"!@|' else char for char in plain)
            known = paths[entry_id] = quoted if parent is None else f"{path(parent)}!{quoted}"
        return known

    out: list[str] = []
    query = "SELECT entry_id, series, first, last, emphasis FROM locator ORDER BY first, entry_id"
    for entry_id, series, first, last, emphasis in connection.execute(query):
        key = path(entry_id)
        encap = {1: "textit", 2: "textbf"}.get(emphasis, "")
        first_text, last_text = (_roman(first), _roman(last)) if series == 0 else (str(first), str(last))
        if first == last:
            out.append(f"\\indexentry{{{key}{'|' + encap if encap else ''}}}{{{first_text}}}")
        else:
            out.append(f"\\indexentry{{{key}|({encap}}}{{{first_text}}}")
            out.append(f"\\indexentry{{{key}|){encap}}}{{{last_text}}}")
    connection.close()
    return "\n".join(out) + "\n"


def bench_xix(entries: int, folder: Path, runs: int) -> None:
    """Generate + write a document of ``entries`` headings (one process, two parts) and makeindex the
    equivalent .idx, in the same run (GUIDE section 6: generation must be faster than makeindex)."""
    document = folder / f"pool-{entries}.xix"
    if not document.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        from pool import build

        print(f"\nbuilding {document} ...")
        build(document, entries)
    idx = folder / f"equivalent-{entries}.idx"
    idx.write_text(equivalent_idx(document), encoding="utf-8")
    lines = idx.read_text(encoding="utf-8").count("\n")
    print(f"\n{entries:,}-entry document {document.name} and the equivalent .idx ({lines:,} lines)")
    xindex = [*xindex_command(), "export", document.name]
    commands = {
        "makeindex (equivalent .idx)": ["makeindex", "-q", "-o", idx.with_suffix(".ind").name, idx.name],
        "xindex export .txt": [*xindex, "-o", "gen-auto.txt"],
        "  one process (--serial)": [*xindex, "-o", "gen-serial.txt", "--serial"],
        "  two parts (--jobs 2)": [*xindex, "-o", "gen-pool.txt", "--jobs", "2"],
        "xindex export .html": [*xindex, "-o", "gen-auto.html"],
        "xindex export .ind": [*xindex, "-o", "gen-auto.ind"],
        "xindex export .rtf": [*xindex, "-o", "gen-auto.rtf"],
        "xindex export .docx": [*xindex, "-o", "gen-auto.docx"],
        "xindex export .odt": [*xindex, "-o", "gen-auto.odt"],
        # Typeset pages: xindex's own PDF beside TeX typesetting xindex's LaTeX of the same index.
        "xindex export .pdf (typeset)": [*xindex, "-o", "gen-typeset.pdf"],
        "xindex export .tex": [*xindex, "-o", "gen-auto.tex"],
    }
    if shutil.which("pdflatex"):
        commands["  pdflatex of that .tex"] = ["pdflatex", "-interaction=batchmode", "gen-auto.tex"]
    figures = measure_all(commands, folder, runs, width=30)
    peer = figures.get("makeindex (equivalent .idx)")
    if peer:
        for name, (wall, _rss, _cpu) in list(figures.items())[1:]:
            print(f"  {'ratio ' + name.strip():30} {wall / peer[0]:7.2f} x")
    outputs = {(folder / name).read_bytes() for name in ("gen-auto.txt", "gen-serial.txt", "gen-pool.txt")}
    print(f"  the three .txt files are {'identical' if len(outputs) == 1 else 'DIFFERENT'}")


PEER_FILES = ((".idx", "gind.ist", ".ind"), (".glo", "gglo.ist", ".gls"))


def bench_peers(folder: Path, runs: int) -> None:
    """Both programs on the real ltxdoc files in ../shared/peers/latex/ (pdflatex's .idx and .glo with
    their styles gind.ist and gglo.ist, found through the TeX tree as a LaTeX build finds them)."""
    peers = ROOT.parent / "shared" / "peers" / "latex"
    sources = sorted(peers.glob("*.idx")) + sorted(peers.glob("*.glo"))
    if not sources:
        print(f"\nno real .idx files in {peers}: left out")
        return
    for source in sources:
        _, style_name, output = next(kind for kind in PEER_FILES if kind[0] == source.suffix)
        # The style's full path, for both: xindex makeindex does not search the TeX tree (yet).
        style = ""
        if shutil.which("kpsewhich"):
            found = subprocess.run(["kpsewhich", style_name], capture_output=True, text=True, check=False)
            style = found.stdout.strip() if found.returncode == 0 else ""
        if not style:
            print(f"\n{source.name}: {style_name} is not in a TeX tree here (kpsewhich): left out")
            continue
        shutil.copyfile(source, folder / source.name)
        lines = source.read_text(encoding="utf-8", errors="replace").count("\n")
        print(f"\nreal file {source.name} ({lines:,} lines, style {style_name})")
        stem = source.stem
        commands = {
            "makeindex": ["makeindex", "-q", "-s", style, "-o", f"{stem}.makeindex{output}", source.name],
            "xindex makeindex": [
                *xindex_command(),
                "makeindex",
                "-q",
                "-s",
                style,
                "-o",
                f"{stem}.xindex{output}",
                source.name,
            ],
        }
        figures = measure_all(commands, folder, runs, width=26)
        if "makeindex" in figures:
            peer_wall = figures["makeindex"][0]
            print(f"  {'ratio xindex makeindex':26} {figures['xindex makeindex'][0] / peer_wall:7.2f} x")


def xindex_command() -> list[str]:
    """The ``xindex`` command a LaTeX build runs: the environment's console script (else ``python -m xindex``)."""
    script = Path(sys.executable).with_name("xindex")
    return [str(script)] if script.exists() else [sys.executable, "-m", "xindex"]


def compiled_state() -> str:
    """Whether xindex runs its compiled build here (``make compiled``) or the sources."""
    if XINDEX_PATH == COMPILED:
        return "xindex runs its compiled build (build/compiled, mypyc); 'sources only' runs the sources"
    return "xindex runs from its sources: there is no compiled build (make compiled)"


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--skip-1m", action="store_true", help="only the 10,000- and 100,000-line files")
    parser.add_argument("--skip-xix", action="store_true", help="no generation from a 100,000-entry .xix")
    parser.add_argument("--skip-peers", action="store_true", help="not the real .idx files of ../shared/peers")
    parser.add_argument("--runs", type=int, default=3, help="runs of each program per file (median wall time)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0]
    print(
        f"makeindex vs xindex makeindex, median of {args.runs} runs each, same machine, same run "
        f"({cores} cores, load average {load:.1f} at the start)"
    )
    if load > 0.5:
        print("  other work is using the cores: wall times will be high, and two processes may not help")
    print(f"  {compiled_state()}")
    # 10,000 lines: a long manual's index (memoir's has about 9,000), where start-up counts most.
    for lines in (10_000, 100_000) if args.skip_1m else (10_000, 100_000, 1_000_000):
        bench(lines, args.out, args.runs, args.seed)
    if not args.skip_peers:
        bench_peers(args.out, args.runs)
    if not args.skip_xix:
        bench_xix(100_000, args.out, args.runs)


if __name__ == "__main__":
    main()
