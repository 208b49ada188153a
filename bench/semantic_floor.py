"""A similarity floor for search by meaning: bench/RESULTS.md, "Meaning search: a similarity floor (measured)".

    PYTHONPATH=src:bench .venv/bin/python bench/semantic_floor.py [--work /tmp/floor/work] [--per-lang 72]

Search by meaning always returns its nearest sentences, even when nothing in the archive is about the
query. This measures the cosines (``Hit.score`` in ``mode="meaning"``) a candidate floor would have
to separate, on the archive of ``bench/semantic_bench.py unpc`` (the UNPC 6-way dev set, 2,033 tuples
in 366 documents, with vectors; built once under ``--work``, reused when present):

- keyword queries: as in ``semantic_bench.py mrr``, a sentence's four words of highest idf in its
  language (en, fr, ru, es, ar; not zh: the helper's word pattern takes a whole run of Han characters,
  a clause, as one word); relevant: the sentence's six language versions; hits in every language;
- sentence queries: a sentence's text (any of the six languages); hits restricted to another
  language, drawn at random; relevant: the sentence's version there.

Each query runs twice through ``Archive.search(text, mode="meaning", limit=10)``: *present* (the whole
archive: the cosine and rank of the first relevant hit, the top-1 cosine) and *absent* (the search
filter ``doc_ids`` set to every other document, so the relevant document is out of reach: the top-1
cosine is what a user sees when the archive does not hold the answer). Then the share of relevant hits
a floor keeps and of absent queries it leaves empty, for floors 0.30-0.55, and the percentiles.
Last, the cosines of the example queries on the small demo archive (the bundled sample:
``build_demo`` with a corpus folder that does not exist), built once under ``--work``'s parent.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import itertools
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from semantic_bench import _WORD, CORPUS, LANGS, tuples, unpc_archive  # noqa: E402

FLOORS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55)
EXTRA_FLOORS = (0.60, 0.65)  # beyond the candidates asked for: where sentence queries would sit
PCTS = (5, 25, 50, 75, 95)
KEYWORD_LANGS = ("en", "fr", "ru", "es", "ar")
DEMO_QUERIES = ("humanitarian access in Yemen", "ceasefire in Cyprus", "climate change adaptation finance",
                "le droit à l'éducation")


def keyword_query(text: str, df: Counter[str]) -> str:
    """The four words of highest idf (ties by position), as ``semantic_bench.run_mrr`` builds them."""
    words = _WORD.findall(text)
    ranked = sorted(dict.fromkeys(w.lower() for w in words),
                    key=lambda w: (df[w], words.index(next(x for x in words if x.lower() == w))))[:4]
    return " ".join(ranked)


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


def measure(a, queries: list[dict], all_docs: list[str]) -> list[dict]:  # type: ignore[no-untyped-def]
    out = []
    t0 = time.perf_counter()
    for n, q in enumerate(queries, 1):
        # min_similarity=0: the raw nearest hits (the product's own floor would hide what this measures)
        res = a.search(q["text"], mode="meaning", lang=q["lang"], limit=10, facets=False, min_similarity=0.0)
        first = next(((r + 1, h.score) for r, h in enumerate(res.hits) if h.sentence_id in q["relevant"]), None)
        if q["doc"] is None:  # off-domain: nothing to exclude, the search as it is
            gone = res
        else:
            others = [d for d in all_docs if d != q["doc"]]
            gone = a.search(q["text"], mode="meaning", lang=q["lang"], limit=10, facets=False, doc_ids=others,
                            min_similarity=0.0)
        assert all(h.doc_id != q["doc"] for h in gone.hits)
        top_absent = gone.hits[0] if gone.hits else None
        out.append({**q, "rank": first[0] if first else None, "rel_cos": first[1] if first else None,
                    "top1": res.hits[0].score if res.hits else None,
                    "absent_top1": top_absent.score if top_absent else None,
                    # the relevant sentence's very text stands in another document
                    "absent_dup": bool(top_absent) and _norm(top_absent.text) in q["relevant_texts"],
                    "absent_text": top_absent.text if top_absent else None,
                    "present_text": res.hits[0].text if res.hits else None})
        if n % 100 == 0:
            print(f"  {n}/{len(queries)} queries, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return out


def pct(xs: list[float]) -> str:
    if not xs:
        return " | ".join("—" for _ in PCTS)
    return " | ".join(f"{v:.3f}" for v in np.percentile(xs, PCTS))


def share(k: int, n: int) -> str:
    return f"{k}/{n} = {100 * k / n:.1f}%" if n else "—"


def report(name: str, rows: list[dict]) -> dict[str, list[float]]:
    found = [r for r in rows if r["rank"] is not None]
    ranks = Counter(r["rank"] for r in found)
    print(f"\n{name}: {len(rows)} queries; first relevant hit at rank 1 in {share(ranks[1], len(rows))}, "
          f"in the top 10 in {share(len(found), len(rows))}; the relevant sentence's exact text in another "
          f"document (the absent top-1): {sum(r['absent_dup'] for r in rows)}")
    return {"rel": [r["rel_cos"] for r in found], "top1": [r["top1"] for r in rows if r["top1"] is not None],
            "absent": [r["absent_top1"] for r in rows if r["absent_top1"] is not None],
            "absent_nodup": [r["absent_top1"] for r in rows if r["absent_top1"] is not None and not r["absent_dup"]],
            "n": [len(rows)]}


def run_unpc(work: Path, per_lang: int, seed: int, dump: Path) -> None:
    t0 = time.perf_counter()
    a = unpc_archive(work)
    ids, _ = tuples(a)
    n = len(ids["en"])
    texts = dict(a.store.conn.execute("SELECT id, text FROM sentences").fetchall())
    doc_of = dict(a.store.conn.execute("SELECT s.id, v.doc_id FROM sentences s JOIN versions v "
                                       "ON v.id = s.version_id").fetchall())
    all_docs = [r[0] for r in a.store.conn.execute("SELECT id FROM documents ORDER BY id")]
    print(f"archive ready in {time.perf_counter() - t0:.0f} s: {n} tuples, {len(all_docs)} documents",
          file=sys.stderr)
    rng = random.Random(seed)

    keyword: list[dict] = []
    for qlang in KEYWORD_LANGS:
        df = Counter(w for i in ids[qlang] for w in {x.lower() for x in _WORD.findall(texts[i])})
        for k in rng.sample(range(n), per_lang):
            query = keyword_query(texts[ids[qlang][k]], df)
            if not query:
                continue
            keyword.append({"qlang": qlang, "text": query, "lang": None, "doc": doc_of[ids[qlang][k]],
                            "relevant": {ids[x][k] for x in LANGS},
                            "relevant_texts": {_norm(texts[ids[x][k]]) for x in LANGS}})
    sentence: list[dict] = []
    for qlang in LANGS:
        for k in rng.sample(range(n), per_lang):
            tgt = rng.choice([x for x in LANGS if x != qlang])
            text = texts[ids[qlang][k]]
            if len(text) > 2000:
                continue
            sentence.append({"qlang": qlang, "text": text, "lang": tgt, "doc": doc_of[ids[qlang][k]],
                             "relevant": {ids[tgt][k]}, "relevant_texts": {_norm(texts[ids[tgt][k]])}})

    # off-domain: French sentences of the Swiss Alpine Club yearbooks (Text+Berg dev, OCR), which the UN
    # archive holds nothing about; the same two kinds of query (keywords by idf within that text)
    lines = [x.strip() for x in (CORPUS / "textberg_de_fr/dev/dev.fr").read_text(encoding="utf-8").splitlines()]
    lines = [x for x in lines if len(_WORD.findall(x)) >= 6 and len(x) <= 2000]
    df_tb = Counter(w for x in lines for w in {y.lower() for y in _WORD.findall(x)})
    off_kw: list[dict] = []
    off_se: list[dict] = []
    for x in rng.sample(lines, min(2 * per_lang, len(lines))):
        off_kw.append({"qlang": "fr", "text": keyword_query(x, df_tb), "lang": None, "doc": None,
                       "relevant": set(), "relevant_texts": set()})
        off_se.append({"qlang": "fr", "text": x, "lang": rng.choice([y for y in LANGS if y != "fr"]), "doc": None,
                       "relevant": set(), "relevant_texts": set()})

    print(f"keyword queries: {len(keyword)}; sentence queries: {len(sentence)}; off-domain: {len(off_kw)} + "
          f"{len(off_se)}", file=sys.stderr)
    t0 = time.perf_counter()
    kw = measure(a, keyword, all_docs)
    se = measure(a, sentence, all_docs)
    okw = measure(a, off_kw, all_docs)
    ose = measure(a, off_se, all_docs)
    secs = time.perf_counter() - t0
    print(f"\n{len(kw) + len(se)} queries × 2 searches + {len(okw) + len(ose)} off-domain in {secs:.0f} s")
    with open(dump, "w", encoding="utf-8") as f:
        for kind, rows in (("keyword", kw), ("sentence", se), ("offdomain-keyword", okw), ("offdomain-sentence", ose)):
            for r in rows:
                f.write(json.dumps({"kind": kind, **{k: v for k, v in r.items() if k not in ("relevant", "relevant_texts")}},
                                   ensure_ascii=False) + "\n")
    a.close()

    dist = {"keyword": report("keyword queries (four highest-idf words; en, fr, ru, es, ar; hits in every language)",
                              kw),
            "sentence": report("sentence queries (a sentence's text, six languages; hits in one other language)", se)}

    off = {"keyword": [r["top1"] for r in okw], "sentence": [r["top1"] for r in ose]}
    print(f"\noff-domain (Text+Berg French, Alpine Club yearbooks): {len(okw)} keyword queries (hits in every "
          f"language), {len(ose)} sentence queries (hits in one other language)")

    print("\n| floor | keyword: relevant hit kept | keyword: absent → nothing | sentence: relevant hit kept "
          "| sentence: absent → nothing | off-domain keyword → nothing | off-domain sentence → nothing |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for f in FLOORS + EXTRA_FLOORS:
        cells = []
        for kind in ("keyword", "sentence"):
            d = dist[kind]
            cells.append(share(sum(c >= f for c in d["rel"]), len(d["rel"])))
            cells.append(share(sum(c < f for c in d["absent"]), len(d["absent"])))
        cells += [share(sum(c < f for c in off[k]), len(off[k])) for k in ("keyword", "sentence")]
        print(f"| {f:.2f}{' (extra)' if f in EXTRA_FLOORS else ''} | " + " | ".join(cells) + " |")
    print("\n(relevant hit kept: among the queries whose first relevant hit is in the top 10, its cosine ≥ floor; "
          "absent → nothing: the relevant document excluded, top-1 cosine < floor)")

    print("\n| cosine distribution | n | p5 | p25 | p50 | p75 | p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("keyword", "sentence"):
        d = dist[kind]
        for key, label in (("rel", "first relevant hit (present, in top 10)"), ("top1", "top-1 hit (present)"),
                           ("absent", "top-1 hit (absent)"),
                           ("absent_nodup", "top-1 hit (absent), no exact duplicate elsewhere")):
            print(f"| {kind}: {label} | {len(d[key])} | {pct(d[key])} |")
        print(f"| off-domain {kind}: top-1 hit | {len(off[kind])} | {pct(off[kind])} |")

    print("\nper query language: p50 first relevant cosine / share in top 10 / p50 and p95 absent top-1")
    print("\n| queries | n | relevant in top 10 | p50 relevant | p50 absent | p95 absent |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, rows in (("keyword", kw), ("sentence", se)):
        for x in (KEYWORD_LANGS if kind == "keyword" else LANGS):
            sub = [r for r in rows if r["qlang"] == x]
            rel = [r["rel_cos"] for r in sub if r["rank"] is not None]
            ab = [r["absent_top1"] for r in sub if r["absent_top1"] is not None]
            print(f"| {kind} {x} | {len(sub)} | {share(len(rel), len(sub))} | "
                  f"{np.median(rel) if rel else float('nan'):.3f} | {np.median(ab):.3f} | {np.percentile(ab, 95):.3f} |")


ONE_WORD_FLOORS = (0.40, 0.45, 0.50, 0.55)
BANDS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 1.01)


def run_one_word(work: Path, per_lang: int, seed: int) -> None:
    """One-word queries. A UN word: the highest-idf word (at least 5 letters, in at least 3 sentences) of a
    random sentence, in en, fr, ru, es, ar; relevant = the six versions of every sentence whose text in the
    query's language holds that word. An off-domain word: the same from a Text+Berg dev French line, among
    the words no French sentence of the archive holds. Every hit of the top 10 counts, relevant or not."""
    a = unpc_archive(work)
    ids, _ = tuples(a)
    n = len(ids["en"])
    texts = dict(a.store.conn.execute("SELECT id, text FROM sentences").fetchall())
    rng = random.Random(seed)
    words_of = {x: [{w.lower() for w in _WORD.findall(texts[ids[x][k]])} for k in range(n)] for x in LANGS}
    queries: list[tuple[str, set[int]]] = []
    for qlang in KEYWORD_LANGS:
        df = Counter(w for ws in words_of[qlang] for w in ws)
        for k in rng.sample(range(n), per_lang):
            cands = sorted((w for w in words_of[qlang][k] if len(w) >= 5 and df[w] >= 3), key=lambda w: (df[w], w))
            if not cands:
                continue
            word = cands[0]
            rel = {ids[x][j] for j in range(n) if word in words_of[qlang][j] for x in LANGS}
            queries.append((word, rel))
    un_fr = {w for ws in words_of["fr"] for w in ws}
    lines = [x.strip() for x in (CORPUS / "textberg_de_fr/dev/dev.fr").read_text(encoding="utf-8").splitlines()]
    df_tb = Counter(w for x in lines for w in {y.lower() for y in _WORD.findall(x)})
    pool = sorted({w for w, c in df_tb.items() if c >= 3 and len(w) >= 5 and w not in un_fr})
    off_words = rng.sample(pool, min(2 * per_lang, len(pool)))
    hits: list[tuple[float, bool, int]] = []  # (cosine, relevant, rank)
    rel_in_top: list[float] = []
    for word, rel in queries:
        res = a.search(word, mode="meaning", limit=10, facets=False, min_similarity=0.0)
        hits += [(h.score, h.sentence_id in rel, r) for r, h in enumerate(res.hits, 1)]
        first = next((h.score for h in res.hits if h.sentence_id in rel), None)
        if first is not None:
            rel_in_top.append(first)
    modes = {}
    for mode in ("meaning", "both", "words"):
        first = top10 = right = shown = 0
        for word, rel in queries:
            kw = {} if mode == "words" else {"min_similarity": 0.0}
            got = a.search(word, mode=mode, limit=10, facets=False, **kw).hits
            first += bool(got and got[0].sentence_id in rel)
            top10 += any(h.sentence_id in rel for h in got)
            right += sum(h.sentence_id in rel for h in got)
            shown += len(got)
        modes[mode] = (first, top10, right, shown)
    off_top = []
    for word in off_words:
        res = a.search(word, mode="meaning", limit=10, facets=False, min_similarity=0.0)
        off_top.append(res.hits[0].score if res.hits else 0.0)
    a.close()
    print(f"\none-word queries: {len(queries)} UN words (en, fr, ru, es, ar), {len(off_words)} off-domain French "
          f"words; a relevant hit in the top 10 for {share(len(rel_in_top), len(queries))}")
    print("\n| mode (no floor) | relevant first | relevant in the top 10 | precision of the top 10 |")
    print("|---|---:|---:|---:|")
    for mode, (first, top10, right, shown) in modes.items():
        print(f"| {mode} | {share(first, len(queries))} | {share(top10, len(queries))} | {share(right, shown)} |")
    print("\n| cosine of a hit (meaning) | top-10 hits | relevant | top-1 hits | top-1 relevant |")
    print("|---|---:|---:|---:|---:|")
    for lo, hi in itertools.pairwise(BANDS):
        band = [(c, r, k) for c, r, k in hits if lo <= c < hi]
        top = [x for x in band if x[2] == 1]
        print(f"| {lo:.2f}–{min(hi, 1.0):.2f} | {len(band)} | {share(sum(r for _, r, _ in band), len(band))} | "
              f"{len(top)} | {share(sum(r for _, r, _ in top), len(top))} |")
    print("\n| floor | relevant hits kept (first in top 10) | kept hits relevant | off-domain word → nothing |")
    print("|---:|---:|---:|---:|")
    for f in ONE_WORD_FLOORS:
        kept = [r for c, r, _ in hits if c >= f]
        print(f"| {f:.2f} | {share(sum(c >= f for c in rel_in_top), len(rel_in_top))} | "
              f"{share(sum(kept), len(kept))} | {share(sum(c < f for c in off_top), len(off_top))} |")
    print("\n| cosine | n | p5 | p25 | p50 | p75 | p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| first relevant hit (in top 10) | {len(rel_in_top)} | {pct(rel_in_top)} |")
    print(f"| off-domain word: top-1 hit | {len(off_top)} | {pct(off_top)} |")


def run_demo(path: Path) -> None:
    import hexaglot
    from hexaglot.archive import build_demo

    if (path / ".built").exists():
        a = hexaglot.open(path)
    else:
        t0 = time.perf_counter()
        # a corpus folder that does not exist: build_demo takes the bundled sample
        a = build_demo(path, path.parent / "no-corpus", embeddings=True)
        (path / ".built").write_text("")
        print(f"demo archive built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    n = a.store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
    nv = a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    print(f"\ndemo archive (bundled sample): {n} sentences, {nv} vectors\n")
    print("| query | top-1 cosine | 2nd | 3rd | top-1 hit |")
    print("|---|---:|---:|---:|---|")
    for q in DEMO_QUERIES:
        res = a.search(q, mode="meaning", limit=3, facets=False, min_similarity=0.0)
        s = [f"{h.score:.3f}" for h in res.hits] + ["—"] * (3 - len(res.hits))
        top = res.hits[0]
        print(f"| {q} | {s[0]} | {s[1]} | {s[2]} | {top.lang}: {top.text[:60].replace('|', '/')} |")
    a.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path("/tmp/floor/work"))
    ap.add_argument("--per-lang", type=int, default=120, help="queries per query language and kind")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--one-word", action="store_true", help="only the one-word queries (bench/RESULTS.md, "
                    "\"Meaning search: one-word queries\")")
    ap.add_argument("--dump", type=Path, default=Path("/tmp/floor/queries.jsonl"), help="every query's record")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.one_word:
        run_one_word(args.work, args.per_lang, args.seed)
        return
    run_unpc(args.work, args.per_lang, args.seed, args.dump)
    if not args.skip_demo:
        run_demo(args.work.parent / "demo")
    print(f"\ntotal {time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
