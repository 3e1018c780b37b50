"""Two processes by ``fork``, joined by two pipes: what ``xindex makeindex`` and exports in parts use to
share their work on Linux (a forked child starts in about a millisecond with everything already imported;
a spawned one would import the sorting machinery again and send its results back pickled). Nothing heavy
is imported here.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable
from typing import Any, BinaryIO, NoReturn

PIPE_SIZE = 1 << 20  # Linux's usual most (/proc/sys/fs/pipe-max-size)
LOGGER = "xindex.jobs"  # where the reasons for working in one process go (logging, at INFO)

# Below about 250 KB of .idx (5,000 lines) one xindex makeindex process is faster than two (measured with
# --processes 1 and 2, compiled, median of 7: 2,500 lines 60 and 70 ms, 5,000 lines 69 and 69 ms, 10,000
# lines 90 and 86 ms, 25,000 lines 156 and 124 ms). (Here, not in
# xindex.jobs.makeindex: the command decides before it imports anything heavy.)
MAKEINDEX_SPLIT_SIZE = 256_000


class Pair:
    """One end of the two processes' conversation: the child's (``pid`` 0) or the parent's."""

    def __init__(self, pid: int, incoming: BinaryIO, outgoing: BinaryIO) -> None:
        self.pid = pid
        self.incoming = incoming
        self.outgoing = outgoing

    @property
    def child(self) -> bool:
        """Whether this is the forked child."""
        return self.pid == 0

    def close(self) -> None:
        """Close both pipes."""
        for stream in (self.outgoing, self.incoming):
            with contextlib.suppress(OSError):
                stream.close()

    def wait(self) -> None:
        """The parent: close the pipes and wait for the child to end (it may take a while to hand
        back its memory, which need not hold up the parent's own work)."""
        self.close()
        if not self.child:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


def run_child(work: Callable[[], object]) -> NoReturn:
    """The forked child's whole life: do ``work``, then leave at once (status 0, or 1 when it raised),
    without the parent's clean-up or exit handlers, and without freeing what ``work`` returns (a run's
    objects, which the exit hands back all at once)."""
    status = 1
    try:
        _kept = work()
        status = 0
    finally:
        os._exit(status)


def fork_pair() -> Pair | None:
    """Fork a child joined to this process by two pipes; None if forking failed."""
    import fcntl  # (not on Windows, where can_fork() is False)

    from_child, to_parent = os.pipe()
    from_parent, to_child = os.pipe()
    for descriptor in (to_parent, to_child):
        # Room for what one process sends before the other reads it (the child's main headings, some
        # 500 kB for 100,000 lines): with the default 64 kB the sender waits, idle, for the reader.
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    try:
        pid = os.fork()
    except OSError as error:
        for descriptor in (from_child, to_parent, from_parent, to_child):
            os.close(descriptor)
        alone(f"the second process could not be started ({error})")
        return None
    if pid == 0:
        os.close(from_child)
        os.close(to_child)
        return Pair(0, os.fdopen(from_parent, "rb"), os.fdopen(to_parent, "wb"))
    os.close(to_parent)
    os.close(from_parent)
    return Pair(pid, os.fdopen(from_child, "rb"), os.fdopen(to_child, "wb"))


def can_fork(*, asked: bool = False) -> bool:
    """Forking is safe and useful: Linux (fork without exec), no other threads, cores to spare. ``asked``:
    a person asked for more processes (``--jobs 2``), so other work on the machine does not decide."""
    return why_not(asked=asked) is None


def why_not(*, asked: bool = False) -> str | None:
    """Why forking is not safe or useful here now (:func:`can_fork`), or None when it is."""
    if not sys.platform.startswith("linux"):
        return "work is shared by fork on Linux only"
    threading = sys.modules.get("threading")  # (never imported: one thread, and its import is spared)
    if threading is not None and threading.active_count() > 1:
        return "other threads are running (forking would copy their locks)"
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return "the number of cores is unknown"
    if cores < 2:
        return "there is one core"
    # When other processes keep every core busy, two of ours are slower than one. The count of running
    # processes right now, not the load average: that one remembers our own last runs for a minute.
    if not asked and others_running() >= cores:
        return "other processes keep every core busy"
    return None


def alone(reason: str) -> None:
    """Log why one process does work that two were to share: a known reason, never a failure hidden."""
    import logging  # (only here: every `xindex makeindex` imports this module)

    logging.getLogger(LOGGER).info("one process does the work: %s", reason)


def others_running(cores: int | None = None, proc: str = "/proc") -> int:
    """How many other processes are running or ready to run now (Linux), 0 if unknown.

    The kernel's count (``/proc/loadavg``) is read first; it includes the kernel's own threads, which
    run for an instant now and then (writing back the file a run just wrote, for one), so when it says
    ``cores`` or more others, the runnable processes are counted again without them."""
    try:
        with open(os.path.join(proc, "loadavg"), encoding="ascii") as stream:
            counted = max(0, int(stream.read().split()[3].split("/")[0]) - 1)
    except (OSError, ValueError, IndexError):
        return 0
    if cores is None:
        cores = len(os.sched_getaffinity(0))
    return counted if counted < cores else _user_processes_running(proc)


_KERNEL_THREAD = 0x00200000  # PF_KTHREAD in a process's flags (/proc/PID/stat, field 9)


def _user_processes_running(proc: str) -> int:
    """Processes other than this one and the kernel's threads that are running or ready to run."""
    running = 0
    own = str(os.getpid())
    for name in os.listdir(proc):
        if not name.isdigit() or name == own:
            continue
        try:
            with open(os.path.join(proc, name, "stat"), "rb") as stream:
                fields = stream.read().rpartition(b")")[2].split()
            if fields[0] == b"R" and not int(fields[6]) & _KERNEL_THREAD:
                running += 1
        except (OSError, ValueError, IndexError):
            continue  # (ended meanwhile)
    return running


def send(stream: BinaryIO, value: Any) -> None:
    """Send a value (of the types marshal takes) to the other process."""
    data = marshal.dumps(value)
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """The next value the other process sent; EOFError when it stopped first."""
    size = int.from_bytes(_read_exactly(stream, 8), "little")
    return marshal.loads(_read_exactly(stream, size))


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the other process stopped")
    return data
