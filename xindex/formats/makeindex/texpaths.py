"""What ``xindex makeindex`` asks of a TeX installation, as makeindex asks kpathsea: where a style file
named by ``-s`` is (:func:`find_style`), and whether an output may be written (:func:`openout_refusal`).

**Style files.** ``-s gind`` finds ``gind.ist`` in the TeX tree. As kpathsea looks a style up, a name
that does not end in ``.ist`` is tried with ``.ist`` first, then as it is (``-s local`` reads
``local.ist`` even when a file ``local`` exists; ``-s local.foo`` reads ``local.foo`` when there is no
``local.foo.ist``); the current folder comes first, then ``kpsewhich -format=ist``. A style found in
the current folder is named ``./local.ist`` in the transcript, as makeindex names it.

**TeX's write protection** (``openout_any``) for the files ``xindex makeindex`` writes, as makeindex keeps it.

A LaTeX document may run makeindex through the restricted shell escape, so makeindex asks kpathsea
whether each output name is allowed, and so does ``xindex makeindex`` (installed as ``makeindex``, it
must not be the way round TeX's protection). The rules, per the ``openout_any`` setting:

* ``a`` (any; also ``y``, ``1``): every name;
* ``r`` (restricted; also ``n``, ``0``): no dot files: a name whose last part, or a folder on its way,
  begins with a dot (``.ssh/x``, ``.profile``; ``.`` and ``..`` are folders, ``.tex`` is allowed);
* ``p`` (paranoid, TeX Live's default and kpathsea's when it is not set): also no absolute name
  unless it lies in ``$TEXMFOUTPUT``, and no ``..`` part.

``openout_any`` and ``TEXMFOUTPUT`` are read from the environment, else from ``kpsewhich`` (as
kpathsea finds them in texmf.cnf); without ``kpsewhich`` there is no TeX installation to protect and
every name is allowed. ``kpsewhich`` runs only for a name one of the rules could refuse, so an ordinary
run (``book.ind`` beside ``book.idx``) starts no other program.
"""

from __future__ import annotations

import os

ANY = frozenset("ay1")
RESTRICTED = frozenset("rn0")


def _kpsewhich(*arguments: str) -> str | None:
    """What kpsewhich prints (its first line; "" for nothing found), or None when it cannot run (no TeX)."""
    import subprocess  # (here: an ordinary run never needs it, and every run of makeindex counts its start-up)

    try:
        found = subprocess.run(["kpsewhich", *arguments], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = found.stdout.strip().splitlines()
    return lines[0] if found.returncode == 0 and lines else ""


def _kpathsea_value(name: str) -> str | None:
    """A kpathsea variable: the environment's, else kpsewhich's (None when unset or no TeX is installed)."""
    if name in os.environ:
        return os.environ[name]
    return _kpsewhich(f"-var-value={name}") or None


def find_style(name: str) -> str | None:
    """The style file ``-s name`` reads, as makeindex finds it (see the module docstring); None when there is none."""
    candidates = [name] if name.endswith(".ist") else [f"{name}.ist", name]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate if os.path.isabs(candidate) or candidate.startswith("./") else f"./{candidate}"
    if os.path.isabs(name):
        return None
    path = _kpsewhich("-format=ist", name)
    return path if path and os.path.isfile(path) else None


def _parts(path: str) -> list[str]:
    return path.replace(os.sep, "/").split("/")


def _dot_file(path: str) -> bool:
    *folders, last = _parts(path)
    if not last or last in {".", ".."} or (last.startswith(".") and last != ".tex"):
        return True
    return any(folder.startswith(".") and folder not in {".", ".."} for folder in folders)


def _might_be_refused(path: str) -> bool:
    return os.path.isabs(path) or ".." in path or _dot_file(path)


def openout_refusal(path: str) -> str | None:
    """Why TeX's ``openout_any`` forbids writing ``path`` (makeindex's sentence), or None when it may be written."""
    if not _might_be_refused(path):
        return None
    mode = _kpathsea_value("openout_any")
    if mode is None:  # unset: kpathsea's default is paranoid, where there is a TeX installation at all
        mode = "p" if _kpsewhich("--version") is not None else "a"
    if mode[:1] in ANY:
        return None
    refused = f"Not writing to {path} (openout_any = {mode})."
    if _dot_file(path):
        return refused
    if mode[:1] in RESTRICTED:
        return None
    if os.path.isabs(path):
        output = _kpathsea_value("TEXMFOUTPUT") or ""
        if not output or not path.startswith(output) or path[len(output) : len(output) + 1] not in {"/", os.sep}:
            return refused
    parts = _parts(path)
    if ".." in parts[:-1]:
        return refused
    return None
