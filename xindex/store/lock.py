"""One writer per document: an OS lock on a ``BOOK.xix-lock`` file beside it.

Policy: any number of processes may read a document at once (WAL), but only
one process at a time opens it for writing. The lock file is named after the
document's real path (symbolic links resolved), so every name of the file
leads to the same lock; a file with several hard links is never opened for
writing at all (:meth:`xindex.store.document.Document.open`), because SQLite
would keep a separate write-ahead log for each name. A second process that asks to
write is told who holds it and gets the document read-only (the GUI shows a
warning; the command line refuses its write verbs). The operating system
drops the lock when the holder exits, even by a crash, so a stale lock file
never blocks anybody.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path
from typing import IO


def lock_path(document: Path) -> Path:
    """The lock file that guards a document."""
    return document.with_name(document.name + "-lock")


class WriterLock:
    """An exclusive, non-blocking lock that marks a process as the document's writer."""

    def __init__(self, document: Path) -> None:
        # The lock belongs to the file, not to the name it was opened by: a symbolic link leads to the same lock.
        self.path = lock_path(Path(os.path.realpath(document)))
        self._file: IO[str] | None = None

    def acquire(self) -> str | None:
        """Take the lock; return None on success or a sentence naming the current holder."""
        for _ in range(5):
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
            if not _try_lock(handle):
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                return holder
            if _same_file(handle, self.path):
                with contextlib.suppress(OSError):  # who holds it is only for messages: a full disk may refuse it
                    handle.seek(0)
                    handle.truncate()
                    handle.write(f"process {os.getpid()} on {socket.gethostname()}")
                    handle.flush()
                self._file = handle
                return None
            handle.close()  # the holder removed the file as we opened it; try the new one
        return "another process"

    def release(self) -> None:
        """Give up the lock and remove the lock file."""
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(self._file)
        self._file.close()
        self._file = None


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
