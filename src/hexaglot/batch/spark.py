"""The Spark engine (``--engine spark``): the same steps as the local engine, on a cluster.

    file list ──parallelize──▶ parse_task per partition            (read → clean → parse → segment)
              ──groupByKey(file-name group)──▶ doc_key             (shuffle 1)
              ──reduceByKey(doc id)──▶ build_rows per document     (shuffle 2; pick, align, rows)
              ──per wave: DataFrame.write.parquet(_staging/…)──▶ Output.commit

Local files are read by the executors from their paths (a shared file system on a cluster); remote
URIs (hdfs://, s3a://, gs://, ...) come through ``binaryFiles``. The aligner, and with it the
embedding model, is the process-wide :func:`hexaglot.align.default_aligner`: Python workers are
reused (``spark.python.worker.reuse``), so each loads the model once, on its first document.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from hexaglot.batch.core import (
    FileTask,
    build_rows,
    chunks,
    discover,
    doc_key,
    is_remote,
    name_tasks,
    parse_error_rows,
    parse_task,
    remote_task,
)
from hexaglot.batch.job import Options, WaveResult, resume_conflicts
from hexaglot.batch.output import Done, HadoopFs, Output
from hexaglot.batch.tables import PARTITIONS, SORT_KEYS, TABLES, Row, spark_schema
from hexaglot.errors import ConfigError
from hexaglot.ingest.work import Prepared


def session(master: str, partitions: int, given: Any = None) -> tuple[Any, float]:
    """A SparkSession (or ``given``) and the seconds it took to start."""
    t0 = time.perf_counter()
    if given is not None:
        return given, 0.0
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("the Spark engine needs pyspark (pip install pyspark) and Java 17") from exc
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName("hexaglot-batch")
    for key, value in spark_conf(master, partitions).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing, bad master URL: py4j raises plain exceptions
        raise ConfigError(f"cannot start Spark ({type(exc).__name__}: {str(exc).splitlines()[0]})") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark, time.perf_counter() - t0


def spark_conf(master: str, partitions: int) -> dict[str, str]:
    """The settings the batch job runs with (local mode: driver bound to 127.0.0.1, no UI)."""
    conf = {
        "spark.master": master,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.default.parallelism": str(partitions),
        "spark.python.worker.reuse": "true",
        "spark.executorEnv.OPENBLAS_NUM_THREADS": "1",
        "spark.executorEnv.OMP_NUM_THREADS": "1",
    }
    if master.startswith("local"):
        conf |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    return conf


def fs_for(spark: Any, root: str) -> HadoopFs:
    return HadoopFs(spark, root)


def discover_any(spark: Any, paths: Sequence[str], langs: Sequence[str] | None) -> list[FileTask]:
    """Local paths as :func:`~hexaglot.batch.core.discover` finds them; remote URIs listed by Hadoop."""
    local = [p for p in paths if not is_remote(p)]
    tasks = discover(local, langs) if local else []
    remote = [p for p in paths if is_remote(p)]
    if remote:
        fs = HadoopFs(spark, remote[0])
        listed = []
        for uri in remote:
            for f in fs.list_files(uri):
                t = remote_task(f)
                if t and (not langs or t.lang is None or t.lang in langs):
                    listed.append(t)
        tasks.extend(name_tasks(listed))
    return sorted(tasks, key=lambda t: (t.group, t.path))


# -- executor side ------------------------------------------------------------------------------


def _parse_partition(tasks: Iterable[FileTask]) -> Iterator[Prepared]:
    for t in tasks:
        yield parse_task(t)


def _parse_fetched(item: tuple[str, bytes], by_uri: dict[str, FileTask]) -> Prepared:
    uri, data = item
    return parse_task(by_uri[uri], data)


def _build_partition(groups: Iterable[tuple[str, list[Prepared]]], embeddings: bool,
                     langs: tuple[str, ...] | None) -> Iterator[tuple[str, Row]]:
    for doc_id, members in groups:
        yield from build_rows(doc_id, members, embeddings=embeddings, langs=langs)


def _to_doc(item: tuple[str, Iterable[Prepared]]) -> tuple[str, list[Prepared]]:
    members = list(item[1])
    return doc_key(item[0], members), members


# -- driver side --------------------------------------------------------------------------------


def _prepared(spark: Any, tasks: list[FileTask], n: int) -> Any:
    sc = spark.sparkContext
    local = [t for t in tasks if not is_remote(t.path)]
    remote = [t for t in tasks if is_remote(t.path)]
    rdd = sc.parallelize(local, max(1, min(n, len(local)))).mapPartitions(_parse_partition)
    if remote:
        by_uri = sc.broadcast({t.path: t for t in remote})
        fetched = sc.binaryFiles(",".join(t.path for t in remote), minPartitions=n)
        rdd = rdd.union(fetched.filter(lambda kv: kv[0] in by_uri.value)
                        .map(lambda kv: _parse_fetched(kv, by_uri.value)))
    return rdd


def _write(spark: Any, out: Output, wave: str, rows: Any) -> dict[str, int]:
    for table in TABLES:
        part = rows.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1])
        df = spark.createDataFrame(part, schema=spark_schema(table), verifySchema=False)
        df = df.sortWithinPartitions(*SORT_KEYS[table])
        writer = df.write.mode("overwrite")
        if table in PARTITIONS:
            writer = writer.partitionBy(*PARTITIONS[table])
        writer.parquet(out.staging(wave, table))
    counts = dict.fromkeys(TABLES, 0)
    counts.update(rows.map(lambda r: (r[0], 1)).countByKey())
    return counts


def run(spark: Any, tasks: list[FileTask], out: Output, done: Done, opts: Options) -> list[WaveResult]:
    from pyspark import StorageLevel

    n = opts.partitions
    results: list[WaveResult] = []
    if not tasks:
        return results
    prepared = _prepared(spark, tasks, n).persist(StorageLevel.MEMORY_AND_DISK)
    bad = prepared.filter(lambda p: p.error is not None)
    docs = (prepared.filter(lambda p: p.error is None).map(lambda p: (p.group, p))
            .groupByKey(n).map(_to_doc).reduceByKey(lambda a, b: a + b, n)
            .persist(StorageLevel.MEMORY_AND_DISK))
    doc_ids = sorted(docs.keys().collect())
    skip = [d for d in doc_ids if d in done.docs]
    conflict_groups = dict(docs.filter(lambda kv, s=frozenset(skip): kv[0] in s).collect()) if skip else {}
    _, conflicts = resume_conflicts(conflict_groups, done)
    bad_files = [(p.path, p.sha256) for p in bad.collect()]
    wave = out.wave_id(0, "errors")
    if bad_files or conflicts.rows:  # an empty errors wave would write nothing: spare its Spark jobs
        errors = bad.flatMap(parse_error_rows).union(spark.sparkContext.parallelize(conflicts.rows, 1))
        counts = _write(spark, out, wave, errors)
        out.commit(wave, [], bad_files + conflicts.files, counts)
    else:
        counts = dict.fromkeys(TABLES, 0)
    results.append(WaveResult(wave, 0, counts))
    todo = [d for d in doc_ids if d not in done.docs]
    embeddings, langs = opts.embeddings, opts.langs
    for k, ids in enumerate(chunks(todo, opts.wave_docs)):
        wave = out.wave_id(k)
        members = docs.filter(lambda kv, s=frozenset(ids): kv[0] in s)
        paths = members.flatMap(lambda kv: [(m.path, m.sha256) for m in kv[1]]).collect()
        rows = members.mapPartitions(lambda it: _build_partition(it, embeddings, langs)).persist(
            StorageLevel.MEMORY_AND_DISK)
        counts = _write(spark, out, wave, rows)
        rows.unpersist()
        out.commit(wave, ids, paths, counts)
        results.append(WaveResult(wave, len(ids), counts))
    docs.unpersist()
    prepared.unpersist()
    return results
