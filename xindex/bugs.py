"""What a command says about a failure that is xindex's, not the user's: one line, the details in a file.

The command lines (:mod:`xindex.cli`, :mod:`xindex.makeindex_cli`) report any exception that is not a
:class:`~xindex.core.errors.UserError` so, with exit code 3. Nothing heavy is imported until a bug is
reported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from xindex import __version__


def printable(text: str) -> str:
    """A message on one line with nothing a terminal would act on: control characters (a crafted file's
    escape sequences, line breaks) are shown escaped."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode("ascii") for char in text
    )


def report_bug(error: BaseException, argv: Sequence[str] | None = None) -> str:
    """Write an internal error's details to a file; return one line saying it is a bug and where they are."""
    import tempfile
    import time
    import traceback

    path = os.path.join(tempfile.gettempdir(), f"xindex-bug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt")
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"xindex {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n")
            handle.write(f"arguments: {list(sys.argv[1:] if argv is None else argv)!r}\n\n")
            handle.write("".join(traceback.format_exception(error)))
        where = f"the details are in {path}"
    except OSError:
        where = "the details could not be written"
    return (
        f"internal error (a bug in xindex, not a problem with your input): {type(error).__name__}: "
        f"{printable(str(error))[:200]}; {where}; please report it"
    )
