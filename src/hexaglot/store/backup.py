"""``hexaglot backup DEST``: a consistent copy of a live archive.

1. SQLite's online backup API copies one committed state of ``archive.sqlite`` (readers and an
   ingest may go on meanwhile; a writer's open transaction is simply not in the copy);
2. the search index is *rebuilt* in the copy from the copied database, never copied file by file
   (a tantivy folder copied while a writer merges segments can be inconsistent);
3. the copy is checked before it is moved into place.

Steps 2 and 3 belong to the archive, which sits above the store: the caller passes them in as
``verify(folder) -> CheckReport`` (:meth:`hexaglot.archive.Archive.backup` reindexes and checks).

Everything is built in ``DEST.partial-<pid>`` and renamed to ``DEST`` only when complete, so an
interrupted backup never leaves something that looks like a finished one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hexaglot.errors import ArchiveError

if TYPE_CHECKING:
    from hexaglot.store.check import CheckReport
    from hexaglot.store.db import Store


def backup(store: Store, folder: Path, dest: Path, verify: Callable[[Path], CheckReport]) -> CheckReport:
    """Copy ``store`` (the database of the archive in ``folder``) to ``dest``; ``verify(copy)``
    rebuilds the copy's index and checks it before the copy is moved into place."""
    dest = Path(dest)
    src_dir = folder.resolve()
    target = dest.resolve()
    if target == src_dir or src_dir in target.parents:
        raise ArchiveError(f"backup destination {dest} is inside the archive {folder}")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ArchiveError(f"backup destination {dest} already exists and is not an empty folder")
    if not target.parent.is_dir():  # the copy's own folder is made, never the folders above it
        raise ArchiveError(f"backup destination {dest}: the folder {dest.parent} does not exist")
    partial = dest.with_name(f"{dest.name}.partial-{os.getpid()}")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir()
    try:
        copy = sqlite3.connect(partial / "archive.sqlite")
        try:
            with store._lock:  # the source connection is not shared between threads
                store.conn.backup(copy)  # one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise ArchiveError(f"backup of {store.path} failed: {exc}") from exc
        finally:
            copy.close()
        report = verify(partial)
        if not report.ok:
            raise ArchiveError(f"the backup in {partial} does not pass its check: "
                               + "; ".join(i.message for i in report.issues[:3]))
        for leftover in ("ingest.lock",):
            (partial / leftover).unlink(missing_ok=True)
        if dest.exists():
            dest.rmdir()
        partial.rename(dest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return report
