"""Writing an output file: never over a document, never half a file.

Every file xindex writes that is not a document itself (exports, ``xindex makeindex``'s ``.ind``
and ``.ilg``) goes through :func:`write_output`:

* the target is refused when it is, or would replace, an xindex document: a name ending in
  ``.xix``, an existing SQLite database under any name, or the very file being read (compared by
  identity, device and inode, not by name, so a link or another spelling of the path is caught);
* the bytes go to a temporary file in the same folder, are flushed to the disk (fsync, unless the
  file is ``transient``) and then renamed over the target in one step, so a reader sees the old file or
  the new one, never a part;
* on any failure (a full disk, a cancel) the temporary file is removed.

Only ``os`` is imported: ``xindex makeindex`` starts in a few milliseconds and this is on its path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

from xindex.core.errors import UserError

DOCUMENT_SUFFIX = ".xix"
SQLITE_HEADER = b"SQLite format 3\x00"


class OutputRefusedError(UserError, ValueError):
    """The output file would replace a document, or cannot be written: one sentence."""


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def check_target(path: str | os.PathLike[str], *, sources: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Refuse (OutputRefusedError) an output path that is a document, or one of the files being read."""
    target = os.fspath(path)
    name = os.path.basename(target)
    stem = name[: -len(DOCUMENT_SUFFIX)] if name.lower().endswith(DOCUMENT_SUFFIX) else ""
    for source in sources:
        if _same_file(target, os.fspath(source)):
            raise OutputRefusedError(
                f"{name} is the file being read; xindex never writes over it: choose another output file"
            )
    if stem or name.lower() == DOCUMENT_SUFFIX:
        raise OutputRefusedError(
            f"{name} is a name for an xindex document, which an output never replaces: choose another name"
            f" (e.g. {stem or 'index'}.txt)"
        )
    if os.path.isdir(target):
        raise OutputRefusedError(f"{target} is a folder; give a file name")
    if os.path.exists(target):
        try:
            with open(target, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError:
            header = b""
        if header == SQLITE_HEADER:
            raise OutputRefusedError(
                f"{name} is a database (perhaps an xindex document under another name), which an output never"
                " replaces: choose another output file"
            )


def write_output(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    encoding: str = "utf-8",
    errors: str = "strict",
    newline: str | None = "\n",
    sources: Sequence[str | os.PathLike[str]] = (),
    transient: bool = False,
) -> None:
    """Write a whole output file through a temporary file in its folder: checked, fsynced, renamed.

    ``transient``: a file remade on every run (makeindex's .ind and .ilg, on each LaTeX pass) is renamed
    into place but not synced: after a power cut the next run makes it again, and two syncs cost a
    10,000-line index a tenth of its run.
    """
    check_target(path, sources=sources)
    target = os.fspath(path)
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.part")
    try:
        if isinstance(data, bytes):
            with open(temporary, "wb") as handle:
                handle.write(data)
                if not transient:
                    handle.flush()
                    os.fsync(handle.fileno())
        else:
            with open(temporary, "w", encoding=encoding, errors=errors, newline=newline) as handle:
                handle.write(data)
                if not transient:
                    handle.flush()
                    os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if not transient:
        _sync_folder(folder or ".")


def _sync_folder(folder: str) -> None:
    """Make the rename durable too (POSIX); where folders cannot be opened, nothing to do."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_partials(path: str | os.PathLike[str]) -> None:
    """Remove the temporary files a killed writer may have left beside ``path``."""
    folder, name = os.path.split(os.fspath(path))
    try:
        leftovers = [
            entry for entry in os.listdir(folder or ".") if entry.startswith(f".{name}.") and entry.endswith(".part")
        ]
    except OSError:
        return
    for entry in leftovers:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, entry))
