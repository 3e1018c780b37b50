"""Entry script of the frozen ``xindex-gui`` executable (the editor).

``freeze_support()`` runs before Qt is imported, so the export process and the
pool workers (this same executable started by ``spawn``) never load Qt.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from xindex.gui.app import main

    sys.exit(main())
