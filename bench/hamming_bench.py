"""The first stage of a meaning search: a flat Hamming scan over 1 M 128-bit sign codes, keeping the 500
nearest, by Hexaglot's numba scan (hexaglot.semantic.hamming) against two libraries that offer the same
exact binary search: faiss-cpu (IndexBinaryFlat, with an IDSelectorBitmap for a filter) and usearch
(usearch.index.search, exact, Hamming on b1x8). One thread each; optional libraries are skipped if absent.

    PYTHONPATH=src .venv/bin/python bench/hamming_bench.py [--n 1000000] [--queries 50]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from hexaglot.semantic.hamming import WORDS, nearest_codes


def _time(fn, queries) -> tuple[float, float, list]:  # type: ignore[no-untyped-def]
    fn(queries[0])  # warm-up (compile, allocate)
    out, ms = [], []
    for q in queries:
        t = time.perf_counter()
        out.append(fn(q))
        ms.append((time.perf_counter() - t) * 1000)
    return float(np.median(ms)), float(np.percentile(ms, 95)), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--cap", type=int, default=500)
    a = ap.parse_args()
    rng = np.random.default_rng(17)
    codes = rng.integers(0, 2**32, size=(a.n, WORDS), dtype=np.uint32)
    queries = [codes[i] ^ rng.integers(0, 2**32, size=WORDS, dtype=np.uint32) & np.uint32(0x01010101)
               for i in rng.choice(a.n, a.queries, replace=False)]
    docs = (np.arange(a.n) // 100).astype(np.int64)  # 100 codes a document
    n_docs = int(docs[-1]) + 1
    every = np.ones(n_docs + 1, bool)
    every[-1] = False
    some = every.copy()
    some[: n_docs] = rng.random(n_docs) < 0.2  # a filter keeping a fifth of the documents
    print(f"{a.n:,} codes of {WORDS * 32} bits, {a.queries} queries, {a.cap} nearest, one thread")
    print("| scan | filter | p50 ms | p95 ms | same distances as numba |")
    print("|---|---|---:|---:|---|")
    ref = {}
    for name, allowed in (("none", every), ("a fifth of the documents", some)):
        p50, p95, out = _time(lambda q, al=allowed: nearest_codes(codes, q, docs, al, a.cap), queries)
        ref[name] = [np.sort(d) for _, d in out]
        print(f"| hexaglot (numba, popcount) | {name} | {p50:.1f} | {p95:.1f} | — |")
    as_bytes = codes.view(np.uint8)
    try:
        import faiss

        faiss.omp_set_num_threads(1)
        index = faiss.IndexBinaryFlat(WORDS * 32)
        index.add(as_bytes)
        for name, allowed in (("none", every), ("a fifth of the documents", some)):
            params = None
            if name != "none":
                keep = allowed[docs]
                params = faiss.SearchParameters(sel=faiss.IDSelectorBitmap(np.packbits(keep, bitorder="little")))

            def run(q, params=params):  # type: ignore[no-untyped-def]
                return index.search(q.view(np.uint8)[None, :], a.cap, params=params)[0][0]
            p50, p95, out = _time(run, queries)
            same = all(np.array_equal(np.sort(d), r) for d, r in zip(out, ref[name], strict=True))
            print(f"| faiss {faiss.__version__} IndexBinaryFlat | {name} | {p50:.1f} | {p95:.1f} | {same} |")
    except ImportError:
        print("| faiss | — | not installed | | |")
    try:
        from usearch.index import MetricKind, ScalarKind, search

        def run_u(q):  # type: ignore[no-untyped-def]
            m = search(as_bytes, q.view(np.uint8), a.cap, metric=MetricKind.Hamming, exact=True, threads=1)
            return np.asarray(m.distances)
        _ = ScalarKind
        p50, p95, out = _time(run_u, queries)
        same = all(np.array_equal(np.sort(d).astype(np.int32), r) for d, r in zip(out, ref["none"], strict=True))
        print(f"| usearch exact search (b1x8) | none | {p50:.1f} | {p95:.1f} | {same} |")
    except ImportError:
        print("| usearch | — | not installed | | |")


if __name__ == "__main__":
    main()
