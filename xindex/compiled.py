"""Compiled copies of the hot modules, used only while they match the sources beside them.

``python setup_compiled.py`` (run by ``make test``) compiles :data:`MODULES`
with mypyc, the compiler that comes with mypy and uses the type hints we keep
strict anyway, into :func:`folder` inside the Python environment, and records
a checksum of each source there. The packages that hold those modules put their
compiled folder first on their ``__path__`` (:func:`package_path`), so
``import xindex.core.sorting`` loads the compiled copy, but only when every
recorded checksum equals the source's now: a copy built from older sources
is never run. Nothing else changes: the sources are the program, and without
a C compiler (or with ``XINDEX_COMPILED=0``) they run as they are. The frozen
application carries the copies it was built with (``setup_freeze.py``).

The compiled ``xindex makeindex`` is about a tenth faster: the .idx reader,
the .ind writer and the sort keys run as C. This module imports nothing
heavy because every xindex process imports it.
"""

from __future__ import annotations

import os
import sys
import zlib

# Modules compiled together (one shared library, so calls between them stay native): where makeindex
# and generation spend their time.
MODULES = (
    "xindex.core.formatter",
    "xindex.core.locators",
    "xindex.core.ranges",
    "xindex.core.sorting",
    "xindex.formats.ind",
    "xindex.formats.makeindex.entries",
    "xindex.formats.makeindex.latex_text",
    "xindex.formats.makeindex.links",
    "xindex.formats.makeindex.reader",
    "xindex.formats.makeindex.writer",
)
GROUP = "xindex.core.compiled"  # the shared library is xindex/core/compiled__mypyc
STAMP = "sources.txt"
SWITCH = "XINDEX_COMPILED"  # "0": run the sources even when a matching compiled copy exists

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder that holds the xindex package

_usable: bool | None = None


def folder() -> str:
    """Where the compiled modules of this Python environment live (a tree of packages): in the
    environment, or in the frozen application's ``lib`` folder."""
    if getattr(sys, "frozen", False):
        return os.path.join(os.path.dirname(sys.executable), "lib", "xindex-compiled", sys.implementation.cache_tag)
    return os.path.join(sys.prefix, "xindex-compiled", sys.implementation.cache_tag)


def source_path(module: str) -> str:
    """The source file of one of :data:`MODULES`."""
    return os.path.join(ROOT, *module.split(".")) + ".py"


def source_digest(module: str) -> str:
    """A checksum of a module's source as it is now: its length and CRC-32 (enough to notice any edit,
    and cheap to import, which hashlib, loading OpenSSL, is not)."""
    with open(source_path(module), "rb") as source:
        data = source.read()
    return f"{len(data)}-{zlib.crc32(data):08x}"


def stamp_text() -> str:
    """The stamp recorded beside the compiled modules: one ``module digest`` line each."""
    return "".join(f"{module} {source_digest(module)}\n" for module in MODULES)


def usable() -> bool:
    """Whether the compiled modules exist, are switched on, and were built from the current sources."""
    global _usable
    if _usable is None:
        _usable = _check()
    return _usable


def _check() -> bool:
    if os.environ.get(SWITCH, "1") == "0":
        return False
    try:
        with open(os.path.join(folder(), STAMP), encoding="ascii") as stamp:
            recorded = stamp.read()
    except OSError:
        return False  # never built here: the sources run
    if getattr(sys, "frozen", False):
        return True  # setup_freeze.py checked them against the sources it froze, which it does not ship
    try:
        current = stamp_text()
    except OSError:
        return False
    if recorded != current:
        print(
            f"xindex: the compiled modules in {folder()} were built from other sources; running the sources"
            " (make test, or python setup_compiled.py, compiles them again)",
            file=sys.stderr,
        )
        return False
    return True


def package_path(path: list[str], package: str) -> list[str]:
    """A package's ``__path__`` with its folder of compiled modules first, when those are usable."""
    if not any(module.rpartition(".")[0] == package for module in (*MODULES, GROUP)) or not usable():
        return path
    return [os.path.join(folder(), *package.split(".")), *path]
