"""``hexaglot batch --engine spark`` in local mode: the same rows as the local engine, bad files reported.

One SparkSession for the module (local[2], driver on 127.0.0.1, no UI, two shuffle partitions).
Real files are read in place from ../shared/corpus through a list file, never copied.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hexaglot.batch import TABLES, Options, read_table, run_batch
from hexaglot.serve.cli import app
from test_batch import write_inputs

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (openjdk-17-jre-headless; scripts/install adds it)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from hexaglot.batch.spark import session

    s, _ = session("local[2]", 2)
    yield s
    s.stop()


def subset(corpus: Path) -> list[Path]:
    """Small but representative: the seed letter, four resolutions, the UDHR in six languages, one
    report as PDF and DOCX (the DOCX wins, the PDF is a duplicate)."""
    texts = sorted((corpus / "unsc_resolutions_en" / "texts").glob("*.txt"))[:4]
    udhr = sorted((corpus / "un_parallel_docs" / "udhr" / "text").glob("udhr.*.txt"))
    report = corpus / "un_reports_en"
    return [corpus / "seed" / "letter-2003-06-04.fr.txt", *texts, *udhr,
            report / "docx" / "A_80_596.docx", report / "pdf" / "A_80_596.pdf"]


def test_spark_output_equals_the_local_engine_row_for_row(spark: object, corpus: Path, tmp_path: Path) -> None:
    listing = tmp_path / "inputs.list"
    listing.write_text("".join(f"{p}\n" for p in subset(corpus)), encoding="utf-8")
    res = CliRunner().invoke(app, ["batch", f"@{listing}", str(tmp_path / "spark"), "--engine", "spark",
                                   "--master", "local[2]", "--partitions", "2", "--no-embeddings", "--json"])
    assert res.exit_code == 0, res.output
    run_batch([f"@{listing}"], tmp_path / "local", options=Options(embeddings=False, workers=1))
    local = {t: read_table(tmp_path / "local", t) for t in TABLES}
    assert len(local["documents"]) == 13 and not local["errors"]  # 12 versions + the PDF duplicate
    assert {d["doc_id"] for d in local["documents"]} >= {"udhr", "A/80/596", "letter-2003-06-04"}
    assert {a["pair"] for a in local["alignments"]} >= {"en-fr", "ar-zh", "ru-es"}
    for t in TABLES:
        assert read_table(tmp_path / "spark", t) == local[t], t
    assert '"engine": "spark"' in (tmp_path / "spark" / "_manifest.json").read_text()


def test_spark_job_finishes_past_corrupt_and_empty_files(spark: object, tmp_path: Path) -> None:
    good, bad = write_inputs(tmp_path / "in")
    report = run_batch([tmp_path / "in"], tmp_path / "out", engine="spark",
                       options=Options(embeddings=False, partitions=2), spark=spark)
    assert sorted(e["path"] for e in read_table(tmp_path / "out", "errors")) == sorted(map(str, bad))
    assert sorted(d["path"] for d in read_table(tmp_path / "out", "documents")) == sorted(map(str, good))
    again = run_batch([tmp_path / "in"], tmp_path / "out", engine="spark",
                      options=Options(embeddings=False, partitions=2), spark=spark)
    assert again.files_skipped == report.files_found and again.counts == report.counts


def test_remote_uris_come_through_binary_files(spark: object, tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    run_batch([f"file://{tmp_path / 'in'}/*.txt"], tmp_path / "uri", engine="spark",
              options=Options(embeddings=False, partitions=2), spark=spark)
    rows = read_table(tmp_path / "uri", "documents")
    assert {d["doc_id"] for d in rows} == {"note", "memo"}
    assert all(d["path"].startswith("file:") for d in rows)


@pytest.mark.slow
def test_with_embeddings_spark_and_local_give_the_same_scores(spark: object, corpus: Path, tmp_path: Path) -> None:
    udhr = sorted((corpus / "un_parallel_docs" / "udhr" / "text").glob("udhr.*.txt"))
    run_batch(udhr, tmp_path / "spark", engine="spark", options=Options(partitions=2), spark=spark)
    run_batch(udhr, tmp_path / "local", options=Options(workers=1))
    local = read_table(tmp_path / "local", "alignments")
    assert local and local[0]["method"] == "multiway/embeddings+p1"
    assert read_table(tmp_path / "spark", "alignments") == local
