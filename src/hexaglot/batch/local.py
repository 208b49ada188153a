"""The local engine: the batch steps in a process pool on one machine (``--engine local``).

Same steps, same rows as the Spark engine (:mod:`hexaglot.batch.spark`); the pool is the one
``hexaglot ingest`` uses. Everything parsed is held in memory until it is grouped: for archive
scale, use Spark.
"""

from __future__ import annotations

from functools import partial

from hexaglot.batch.core import (
    FileTask,
    build_rows,
    chunks,
    doc_key,
    parse_error_rows,
    parse_task,
    rows_by_table,
)
from hexaglot.batch.job import Options, WaveResult, resume_conflicts
from hexaglot.batch.output import Done, Output
from hexaglot.batch.tables import TABLES, write_arrow
from hexaglot.ingest.work import Prepared


def _build(item: tuple[str, list[Prepared]], embeddings: bool, langs: tuple[str, ...] | None
           ) -> list[tuple[str, tuple]]:
    return build_rows(item[0], item[1], embeddings=embeddings, langs=langs)


def _write_wave(out: Output, wave: str, rows: dict[str, list[tuple]]) -> dict[str, int]:
    return {t: write_arrow(t, rows[t], out.staging(wave, t)) for t in TABLES}


def run(tasks: list[FileTask], out: Output, done: Done, opts: Options) -> list[WaveResult]:
    from hexaglot.ingest.runner import executor

    results: list[WaveResult] = []
    with executor(opts.workers) as pool:
        prepared = list(pool.map(parse_task, tasks, chunksize=4))
        bad = [p for p in prepared if p.error]
        by_group: dict[str, list[Prepared]] = {}
        for p in prepared:
            if not p.error:
                by_group.setdefault(p.group, []).append(p)
        groups: dict[str, list[Prepared]] = {}
        for g in sorted(by_group):
            groups.setdefault(doc_key(g, by_group[g]), []).extend(by_group[g])
        groups, conflicts = resume_conflicts(groups, done)
        wave = out.wave_id(0, "errors")
        rows = rows_by_table([r for p in bad for r in parse_error_rows(p)] + conflicts.rows)
        counts = _write_wave(out, wave, rows)
        out.commit(wave, [], [(p.path, p.sha256) for p in bad] + conflicts.files, counts)
        results.append(WaveResult(wave, 0, counts))
        build = partial(_build, embeddings=opts.embeddings, langs=opts.langs)
        for k, ids in enumerate(chunks(sorted(groups), opts.wave_docs)):
            wave = out.wave_id(k)
            built = pool.map(build, [(i, groups[i]) for i in ids])
            rows = rows_by_table(r for doc_rows in built for r in doc_rows)
            counts = _write_wave(out, wave, rows)
            out.commit(wave, ids, [(m.path, m.sha256) for i in ids for m in groups[i]], counts)
            results.append(WaveResult(wave, len(ids), counts))
    return results
