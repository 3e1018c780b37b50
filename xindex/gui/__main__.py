"""``python -m xindex.gui``: the editor."""

import sys

from xindex.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
