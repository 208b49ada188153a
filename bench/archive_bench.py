"""Archive benchmark: ingest throughput, archive size per million sentences, query latency at ≥ 1 M sentences.

    .venv/bin/python bench/archive_bench.py --archive /tmp/hexaglot-bench --sentences 1000000

1. Ingest the shared corpus through the full pipeline (pool over the cores, no embeddings):
   documents/s and sentences/s.
2. Grow the archive to ``--sentences`` by re-ingesting the UNPC dev documents (six-way, 2,033
   tuples) under new document ids ``UNPC:…#rK`` (replication, only to measure scale): write rate.
3. 200 mixed queries (words in six languages, phrases, prefix, boolean, facet filters, documents
   mode, concordance) on one core (CPU affinity 0) after one warm-up pass: p50 / p95 latency.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from dataclasses import replace
from pathlib import Path

CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))

WORDS = [("development", "en"), ("peacekeeping", "en"), ("développement", "fr"), ("sécurité", "fr"),
         ("derechos", "es"), ("mujeres", "es"), ("безопасности", "ru"), ("развития", "ru"),
         ("الأمم", "ar"), ("التنمية", "ar"), ("人权", "zh"), ("安全理事会", "zh"), ("发展", "zh")]
PHRASES = [('"Security Council"', "en"), ('"développement durable"', "fr"), ('"derechos humanos"', "es"),
           ('"Генеральной Ассамблеи"', "ru"), ('"sustainable development goals"', "en")]
OTHER = [("negoti*", "en"), ("climat*", "fr"), ("security AND council AND NOT general", "en"),
         ("women OR girls", "en")]
FACETS = [("development", "en", {"organ": "GA"}), ("développement", "fr", {"year": 2015}),
          ("人权", "zh", {"organ": "ECOSOC"}), ("security", "en", {"symbol": "S/*"})]
CONC = [("développement durable", "fr", "en"), ("人权", "zh", "en"), ("derechos humanos", "es", "ru"),
        ("безопасности", "ru", "fr"), ("التنمية", "ar", "en"), ("peacekeeping", "en", "zh")]


def queries() -> list[tuple[str, tuple]]:
    kinds: list[tuple[str, tuple]] = []
    kinds += [("word", (q, lang, {})) for q, lang in WORDS]
    kinds += [("phrase", (q, lang, {})) for q, lang in PHRASES]
    kinds += [("prefix/boolean", (q, lang, {})) for q, lang in OTHER]
    kinds += [("facet", f) for f in FACETS]
    kinds += [("documents", (q, lang, {})) for q, lang in WORDS[:4]]
    kinds += [("concordance", c) for c in CONC]
    out = []
    while len(out) < 200:
        out.extend(kinds)
    return out[:200]


def run_query(a, kind: str, args: tuple) -> None:  # type: ignore[no-untyped-def]
    if kind == "concordance":
        q, src, tgt = args
        a.concordance(q, src=src, tgt=tgt, limit=10)
    else:
        q, lang, filters = args
        a.search(q, lang=lang, limit=10, documents=kind == "documents", **filters)


def main() -> None:
    import hexaglot.archive
    from hexaglot.ingest import unpc_documents

    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="/tmp/hexaglot-bench")
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true", help="reuse an existing archive (skip building)")
    args = ap.parse_args()
    path = Path(args.archive)
    if not args.keep and path.exists():
        shutil.rmtree(path)
    a = hexaglot.archive.create(path)
    if not args.keep:
        t0 = time.perf_counter()
        r = a.ingest([CORPUS], workers=os.cpu_count(), embeddings=False)
        dt = time.perf_counter() - t0
        print(f"pipeline ingest of {CORPUS}: {r.documents_written} documents, {r.sentences_written} sentences, "
              f"{r.catalogue_records} catalogue records in {dt:.1f} s = {r.documents_written / dt:.1f} documents/s, "
              f"{r.sentences_written / dt:.0f} sentences/s ({len(r.errors)} errors)")
        base = list(unpc_documents(CORPUS / "unpc_devset_6way"))
        have = a.stats()["sentences"]
        t0, written, k = time.perf_counter(), 0, 0
        while have + written < args.sentences:
            k += 1
            docs = [replace(d, doc_id=f"{d.doc_id}#r{k}") for d in base]
            r = a.ingest_parallel(docs, embeddings=False)
            written += r.sentences_written
        dt = time.perf_counter() - t0
        print(f"replicated UNPC dev x{k} under new ids: {written} sentences in {dt:.1f} s = "
              f"{written / dt:.0f} sentences/s, {k * len(base) / dt:.1f} documents/s (one transaction each)")
        a.index.close()
    stats = a.stats()
    db = (path / "archive.sqlite").stat().st_size
    idx = sum(p.stat().st_size for p in (path / "index").rglob("*") if p.is_file())
    per_m = 1e6 / stats["sentences"]
    print(f"archive: {stats}; SQLite {db / 1e6:.0f} MB + index {idx / 1e6:.0f} MB = "
          f"{(db + idx) * per_m / 1e6:.0f} MB per million sentences")
    os.sched_setaffinity(0, {0})  # one core
    qs = queries()
    for kind, q in qs:  # warm-up: page cache, searcher
        run_query(a, kind, q)
    times: dict[str, list[float]] = {}
    for kind, q in qs:
        t0 = time.perf_counter()
        run_query(a, kind, q)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    every = sorted(x for v in times.values() for x in v)

    def pct(v: list[float], p: float) -> float:
        return sorted(v)[min(len(v) - 1, round(p * (len(v) - 1)))]

    print(f"200 mixed queries on one core: p50 {statistics.median(every):.1f} ms, p95 {pct(every, 0.95):.1f} ms, "
          f"max {every[-1]:.1f} ms")
    for kind, v in times.items():
        print(f"  {kind:15s} n={len(v):3d}  p50 {statistics.median(v):6.1f} ms  p95 {pct(v, 0.95):6.1f} ms")
    a.close()


if __name__ == "__main__":
    main()
