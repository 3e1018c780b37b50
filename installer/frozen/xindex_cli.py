"""Entry script of the frozen ``xindex`` executable (the command line).

``freeze_support()`` comes first: a pool worker started by the ``spawn`` method
is this same executable run with ``--multiprocessing-fork``, and must become a
worker here instead of parsing the command line.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from xindex.__main__ import main

    sys.exit(main())
