"""``run_batch``: discover the inputs, resume from OUTPUT, run an engine, write the manifest."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hexaglot.batch.core import FileTask, is_remote, local_path
from hexaglot.batch.output import Done
from hexaglot.batch.tables import TABLES, Row, error_row
from hexaglot.errors import ConfigError
from hexaglot.ingest.work import Prepared

ENGINES = ("local", "spark")


@dataclass(frozen=True)
class Options:
    embeddings: bool = True
    langs: tuple[str, ...] | None = None
    wave_docs: int = 500  # documents per committed wave (the unit of resumption)
    workers: int | None = None  # local engine: processes (default: the cores)
    master: str = "local[2]"  # spark engine
    partitions: int = 4  # spark engine: partitions of the file list and of the shuffles


@dataclass
class WaveResult:
    wave: str
    documents: int
    counts: dict[str, int]


@dataclass
class BatchReport:
    engine: str
    output: str
    files_found: int = 0
    files_skipped: int = 0  # already in OUTPUT from an earlier run
    documents: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    waves: int = 0
    seconds: float = 0.0  # the whole run
    startup_seconds: float = 0.0  # of which: starting the engine (the Spark session)

    @property
    def work_seconds(self) -> float:
        return self.seconds - self.startup_seconds


@dataclass
class Conflicts:
    rows: list[tuple[str, Row]] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)


def resume_conflicts(groups: dict[str, list[Prepared]], done: Done) -> tuple[dict[str, list[Prepared]], Conflicts]:
    """Documents already in OUTPUT are not written again: their new files become ``errors`` rows."""
    c = Conflicts()
    keep = {}
    for doc_id, members in groups.items():
        if doc_id not in done.docs:
            keep[doc_id] = members
            continue
        for m in members:
            c.rows.append(error_row(m.path, "resume", f"{m.path}: document {doc_id} is already in OUTPUT from an "
                                    "earlier run; remove OUTPUT to rebuild it", m.sha256))
            c.files.append((m.path, m.sha256))
    return keep, c


def _skip_done(tasks: list[FileTask], done: Done) -> list[FileTask]:
    return [t for t in tasks if t.path not in done.files]


def run_batch(inputs: Sequence[str | Path], output: str | Path, *, engine: str = "local",
              options: Options | None = None, spark: object | None = None) -> BatchReport:
    """Process every document under ``inputs`` into the Parquet tables of ``output``.

    Re-running skips the files and documents of every wave already committed in ``output``.
    ``spark`` is an existing SparkSession to use (tests, notebooks); otherwise one is started.
    """
    from hexaglot import __version__
    from hexaglot.batch.core import discover, expand_input
    from hexaglot.batch.output import Output

    opts = options or Options()
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    t0 = time.perf_counter()
    paths = [p for spec in map(str, inputs) for p in expand_input(spec)]
    report = BatchReport(engine=engine, output=str(output))
    if engine == "local":
        from hexaglot.batch import local

        paths = [local_path(p) if p.startswith("file:") else p for p in paths]
        if any(is_remote(p) for p in paths):
            raise ConfigError("remote URIs (hdfs://, s3a://, ...) need --engine spark")
        out = Output(str(output))
        done = out.open()
        tasks = discover(paths, opts.langs)
        report.files_found = len(tasks)
        todo = _skip_done(tasks, done)
        waves = local.run(todo, out, done, opts)
    else:
        from hexaglot.batch import spark as sp

        session, report.startup_seconds = sp.session(opts.master, opts.partitions, given=spark)
        out = Output(str(output), sp.fs_for(session, str(output)))
        done = out.open()
        tasks = sp.discover_any(session, paths, opts.langs)
        report.files_found = len(tasks)
        todo = _skip_done(tasks, done)
        waves = sp.run(session, todo, out, done, opts)
    report.files_skipped = len(tasks) - len(todo)
    report.waves = done.waves + len(waves)
    report.documents = len(done.docs) + sum(w.documents for w in waves)
    for t in TABLES:
        report.counts[t] = done.counts.get(t, 0) + sum(w.counts.get(t, 0) for w in waves)
    report.seconds = time.perf_counter() - t0
    out.finish({
        "hexaglot_version": __version__, "engine": engine,
        "master": opts.master if engine == "spark" else None,
        "workers": opts.workers if engine == "local" else None,
        "inputs": [str(p) for p in inputs], "langs": list(opts.langs) if opts.langs else None,
        "embeddings": opts.embeddings, "files_found": report.files_found, "files_skipped": report.files_skipped,
        "documents": report.documents, "rows": report.counts, "waves": report.waves,
        "seconds": round(report.seconds, 3), "startup_seconds": round(report.startup_seconds, 3),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    })
    return report
