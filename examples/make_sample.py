"""Build an index document from an outline source file.

Usage (from the repository root)::

    python examples/make_sample.py examples/sample.txt examples/sample.xix

An existing output file is replaced (with its -wal, -shm and -lock siblings).
Exit status 2 with the reason on stderr when the outline is bad.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

try:
    import xindex  # noqa: F401 - only checks that the package can be imported
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xindex.formats.outline import OutlineError, load_outline, parse_outline
from xindex.store import Document, DocumentError

SIBLING_SUFFIXES = ("-wal", "-shm", "-lock")


def remove_document(path: Path) -> None:
    """Delete a document file and the files SQLite and xindex keep beside it."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SIBLING_SUFFIXES)):
        candidate.unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the document; return the exit code."""
    parser = argparse.ArgumentParser(description="Build an .xix index document from an outline file.")
    parser.add_argument("source", type=Path, help="the outline text file (UTF-8)")
    parser.add_argument("output", type=Path, help="the .xix document to write (replaced if it exists)")
    args = parser.parse_args(argv)
    try:
        text = args.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"make_sample: cannot read {args.source}: {error}", file=sys.stderr)
        return 2
    try:
        parse_outline(text)  # check the source before touching the output file
    except OutlineError as error:
        print(f"make_sample: {args.source}: {error}", file=sys.stderr)
        return 2
    remove_document(args.output)
    try:
        with Document.create(args.output) as document:
            added = load_outline(document, text, label=f"Import {args.source.name}")
            title = document.setting("title") or "(untitled)"
    except OutlineError as error:
        remove_document(args.output)
        print(f"make_sample: {args.source}: {error}", file=sys.stderr)
        return 2
    except DocumentError as error:
        print(f"make_sample: {error}", file=sys.stderr)
        return 2
    print(f"{args.output}: {added} entries added from {args.source} ({title})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
