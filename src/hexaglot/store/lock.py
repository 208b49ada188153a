"""The archive's writer lock: ``<archive>/ingest.lock``, held (``fcntl.flock``) by whoever writes.

One writer at a time, any number of readers: an ingest, a reindex, a repair or a catalogue load
takes the lock; a second one waits up to ``wait`` seconds and is then refused with an
:class:`ArchiveError` naming the holder's pid. The operating system drops a ``flock`` when its
process dies, so a killed ingest never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from hexaglot.errors import ArchiveError

LOCK_NAME = "ingest.lock"


class WriterLock:
    """A re-entrant (per instance) exclusive lock on an archive folder."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> str:
        """The pid written by the current holder, or ``"unknown"``."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return "unknown"
        return text or "unknown"

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait`` seconds; raise :class:`ArchiveError` if busy."""
        if self._fd is not None:
            self._depth += 1
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: the index writer lock still serialises
            self._fd, self._depth = -1, 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ArchiveError(f"cannot create the writer lock {self.path}: {exc.strerror or exc}") from exc
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise ArchiveError(
                        f"archive {self.path.parent} is locked by another writer (pid {self.holder()}): "
                        "an ingest is running; wait for it to finish and try again") from None
                time.sleep(0.05)
            except OSError as exc:
                os.close(fd)
                raise ArchiveError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd, self._depth = fd, 1

    def release(self) -> None:
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        if fd >= 0:
            import fcntl

            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
