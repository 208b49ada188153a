"""batch: the pipeline as a batch job over many files, locally or on Apache Spark.

    from hexaglot.batch import Options, run_batch, read_table
    report = run_batch(["../shared/corpus"], "out/", engine="spark", options=Options(master="local[2]"))
    read_table("out/", "alignments")       # rows, in key order, whichever engine wrote them

OUTPUT holds the Parquet tables ``documents``, ``sentences``, ``alignments`` (partitioned by
``pair``), ``references`` and ``errors``, plus ``_manifest.json`` and ``_SUCCESS``;
:meth:`hexaglot.archive.Archive.ingest_parquet` loads it into an archive. pyspark is imported only by
the Spark engine.
"""

from hexaglot.batch.job import ENGINES, BatchReport, Options, run_batch
from hexaglot.batch.tables import SCHEMAS, TABLES, read_table

__all__ = ["ENGINES", "SCHEMAS", "TABLES", "BatchReport", "Options", "read_table", "run_batch"]
