"""``python -m xindex``: the command line."""

import sys

from xindex.cli import main

if __name__ == "__main__":
    sys.exit(main())
