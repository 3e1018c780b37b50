"""``python -m xindex`` and the ``xindex`` command: the command line.

``xindex makeindex`` is sent straight to its own light module: a LaTeX
build runs it on every pass, and the rest of the command line imports SQLite
and the document store it does not need.
"""

from __future__ import annotations

import sys


def main() -> int:
    """Run the command line; return the exit code."""
    if sys.argv[1:2] == ["makeindex"]:
        from xindex import makeindex_cli

        makeindex_cli.main(sys.argv[2:])  # leaves without returning
    from xindex.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
