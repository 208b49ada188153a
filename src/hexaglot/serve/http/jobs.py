"""Upload jobs: files saved under ``<archive>/uploads/<job>/`` and ingested one job at a time by a
single background thread (the archive has one writer), with progress readable at any moment."""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hexaglot.errors import HexaglotError
from hexaglot.ingest.runner import Progress

if TYPE_CHECKING:
    from hexaglot.serve.http.app import Settings

log = logging.getLogger("hexaglot.http")
KEEP_FINISHED = 200  # finished jobs kept in memory (older ones are read back from job.json)
LOCK_WAIT_S = 600.0  # an upload waits this long for another writer (a CLI ingest) to finish


@dataclass
class Job:
    id: str
    files: list[str]
    status: str = "queued"  # queued | running | done | failed
    phase: str = ""
    total: int = 0
    done: int = 0
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the aligner's doubts about a stored pair
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["progress"] = round(self.done / self.total, 3) if self.total else (1.0 if self.status == "done" else 0.0)
        return d


class _JobProgress(Progress):
    def __init__(self, job: Job, save: Any) -> None:
        self.job, self.save, self._last = job, save, 0.0

    def start(self, label: str, total: int) -> None:
        if label == "files":  # every uploaded file counts: those settled before any reading (refused as
            # no document, unchanged, the same bytes as a stored file) are done already
            files = max(len(self.job.files), total)
            self.job.phase, self.job.total, self.job.done = label, files, files - total
            self.save(self.job)
            return
        if not total:  # a phase with nothing to do (no line-parallel file): the last one stays shown
            return
        self.job.phase, self.job.total, self.job.done = label, total, 0
        self.save(self.job)

    def advance(self, n: int = 1) -> None:
        self.job.done += n
        if time.monotonic() - self._last > 0.25:
            self._last = time.monotonic()
            self.save(self.job)


class Jobs:
    """The job table and its one worker thread.

    Each job's state is also written to ``uploads/<job>/job.json``, so that with several server
    processes (``hexaglot serve --workers N``) any of them answers for any job; ingests from
    several processes are serialised by the archive's writer lock."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.folder = settings.archive / "uploads"
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def submit(self, files: list[tuple[str, bytes]]) -> Job:
        """Save ``(safe name, content)`` pairs and queue their ingest."""
        job = Job(id=secrets.token_hex(8), files=[name for name, _ in files], phase="files", total=len(files))
        target = self.folder / job.id
        target.mkdir(parents=True, exist_ok=False)
        for name, data in files:
            path = (target / name).resolve()
            if path.parent != target.resolve():  # safe names are plain; this is a second guard
                raise HexaglotError(f"{name}: refused (outside the upload folder)")
            path.write_bytes(data)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="hexaglot-ingest", daemon=True)
                self._thread.start()
        self._save(job)
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None and re.fullmatch(r"[0-9a-f]{16}", job_id):
            state = self.folder / job_id / "job.json"
            try:
                job = Job(**json.loads(state.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                return None
        return job

    def _save(self, job: Job) -> None:
        folder = self.folder / job.id
        if not folder.is_dir():
            return
        tmp = folder / f".job.{threading.get_ident()}.json"
        data = asdict(job)
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, folder / "job.json")

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=30)

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.finished or 0)
        for j in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[j.id]

    def _work(self) -> None:
        from hexaglot.archive import Archive

        while (job := self._queue.get()) is not None:
            job.status = "running"
            folder = self.folder / job.id
            self._save(job)
            try:
                with Archive(self.settings.archive, create=False, lock_wait=LOCK_WAIT_S) as archive:
                    report = archive.ingest(_uploaded(folder), workers=1, embeddings=self.settings.embeddings,
                                            progress=_JobProgress(job, self._save), replace=True)
                    job.errors = [_short(e, folder) for e in [*report.errors, *report.conflicts]]
                    job.warnings = [_short(w, folder) for w in [*report.duplicates, *report.warnings]]
                    job.documents = _documents_of(archive, folder)
                job.status = "done" if job.documents or not job.errors else "failed"
            except HexaglotError as exc:
                job.status, job.errors = "failed", [*job.errors, _short(str(exc), folder)]
            except Exception as exc:  # a bug must not kill the worker thread
                log.error("upload job %s failed", job.id, exc_info=exc)
                job.status, job.errors = "failed", [*job.errors, "internal error while ingesting"]
            finally:
                job.finished = time.time()
                if job.status == "done":  # the counts of the last phase, finished
                    job.done = job.total
                if job.status == "failed" and not job.documents:
                    for f in _uploaded(folder):  # the files go; the state stays readable
                        f.unlink(missing_ok=True)
                self._save(job)


def _uploaded(folder: Path) -> list[Path]:
    """The files uploaded (a hidden name too), not the job's own state file and its temporaries."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name != "job.json" and not re.fullmatch(r"\.job\.\d+\.json", p.name))


def _short(message: str, folder: Path) -> str:
    """Errors and warnings name the uploaded file, not the server's folder: this job's, or another
    upload's (a duplicate names the file stored before, uploaded by an earlier job)."""
    for root in dict.fromkeys((str(folder.parent), str(folder.resolve().parent))):
        message = re.sub(re.escape(root) + r"/[^/\s]+/", "", message)
    return message


def _documents_of(archive: Any, folder: Path) -> list[str]:
    prefix = str(folder)
    with archive.store.snapshot() as c:
        rows = c.execute("SELECT DISTINCT doc_id FROM files WHERE doc_id IS NOT NULL AND "
                         "(path LIKE ? OR path LIKE ?) ORDER BY doc_id",
                         (prefix + "/%", str(folder.resolve()) + "/%")).fetchall()
    return [r[0] for r in rows]
