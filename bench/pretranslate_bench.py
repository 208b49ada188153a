"""Pre-translation benchmark: does the top match give back the original's translation, and how fast.

    .venv/bin/python bench/pretranslate_build.py --archive /tmp/hexaglot-pretranslate-1m   # once
    .venv/bin/python bench/pretranslate_bench.py --archive /tmp/hexaglot-pretranslate-1m

1. A draft from real archived documents: every en–fr bead with one English sentence of three words or
   more in the UDHR (full pipeline, aligned) and in the first ``--unpc`` UNPC dev documents. A quarter of
   the segments are left unchanged; each other one gets 1–3 word edits (a word replaced by another
   word of the draft, deleted, or a word inserted), at random (seed 16).
2. Pre-translation en→fr of those segments (:func:`hexaglot.pretranslate.pretranslate_segments`,
   threshold 50 so that the top candidate of a short, thrice-edited sentence is seen): top match =
   the original bead's French text, for edited and unchanged segments (and how many of the edited
   ones reach the default threshold, 70).
3. Speed on one core (CPU affinity 0): each segment's candidate search timed alone (p50, p95, max) after
   a warm-up of 20 segments, and the whole run in segments/s.
4. rapidfuzz's Levenshtein over token lists vs the numpy word-level version in
   :mod:`hexaglot.pretranslate.score`: same distances, time per pair.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path


def draft_from(a, unpc_docs: int, seed: int = 16) -> list[tuple[str, str, str, int]]:  # type: ignore[no-untyped-def]
    """``(draft segment, original source, original target, edits)`` for each usable bead."""
    from hexaglot.pretranslate.score import tokens

    docs = [d for (d,) in a.store.conn.execute(
        "SELECT id FROM documents WHERE id LIKE 'UNPC:%' AND id NOT LIKE '%#%' ORDER BY id LIMIT ?", (unpc_docs,))]
    udhr = a.store.conn.execute("SELECT d.id FROM documents d JOIN versions v ON v.doc_id = d.id "
                                "WHERE v.path LIKE '%udhr%' AND v.lang = 'en' LIMIT 1").fetchone()
    if udhr:
        docs.insert(0, udhr[0])
    rng = random.Random(seed)
    pairs = [p for p in a.pairs("en", "fr", units="all", doc_ids=docs) if len(p.src_ids) == 1
             and tokens(p.src).words >= 3]
    vocab = sorted({w for p in pairs for w in p.src.split() if w.isalpha() and len(w) > 3})
    out = []
    for i, p in enumerate(pairs):
        if i % 4 == 0:
            out.append((p.src, p.src, p.tgt, 0))
            continue
        words = p.src.split()
        n = rng.randint(1, 3) if len(words) >= 6 else 1
        for _ in range(n):
            op = rng.choice(("replace", "replace", "delete", "insert"))
            j = rng.randrange(len(words))
            if op == "replace":
                words[j] = rng.choice(vocab)
            elif op == "delete" and len(words) > 3:
                del words[j]
            else:
                words.insert(j, rng.choice(vocab))
        edited = " ".join(words)
        out.append((edited, p.src, p.tgt, n if edited != p.src else 0))
    return out


def pct(v: list[float], p: float) -> float:
    s = sorted(v)
    return s[min(len(s) - 1, round(p * (len(s) - 1)))]


def levenshtein_compare(segs: list[str]) -> None:
    from rapidfuzz.distance import Levenshtein

    from hexaglot.pretranslate.score import levenshtein_numpy, tokens

    toks = [tokens(s).norm for s in segs]
    pairs = [(toks[i], toks[(i * 7 + 3) % len(toks)]) for i in range(len(toks))]
    assert all(Levenshtein.distance(x, y) == levenshtein_numpy(x, y) for x, y in pairs)
    for name, fn in (("rapidfuzz", Levenshtein.distance), ("numpy", levenshtein_numpy)):
        t0 = time.perf_counter()
        for x, y in pairs:
            fn(x, y)
        dt = (time.perf_counter() - t0) / len(pairs) * 1e6
        print(f"  {name:9s} word-level Levenshtein: {dt:8.1f} µs per pair ({len(pairs)} pairs, same distances)")


def main() -> None:
    import hexaglot.archive
    from hexaglot.pretranslate import pretranslate_segments
    from hexaglot.pretranslate.retrieve import Matcher
    from hexaglot.pretranslate.run import _pair_docs
    from hexaglot.pretranslate.score import tokens

    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="/tmp/hexaglot-pretranslate-1m")
    ap.add_argument("--unpc", type=int, default=25, help="UNPC dev documents in the draft (beside the UDHR)")
    args = ap.parse_args()
    os.sched_setaffinity(0, {0})
    a = hexaglot.archive.open(Path(args.archive))
    (n_en,) = a.store.conn.execute("SELECT count(*) FROM sentences s JOIN versions v ON v.id = s.version_id "
                                   "WHERE v.lang = 'en'").fetchone()
    print(f"archive {args.archive}: {a.stats()['sentences']} sentences, {n_en} English")
    draft = draft_from(a, args.unpc)
    segs = [d for d, _, _, _ in draft]
    print(f"draft: {len(draft)} segments, {sum(1 for *_, n in draft if n == 0)} unchanged, "
          f"{sum(1 for *_, n in draft if n)} edited (1–3 words)")

    # speed: each segment alone, after a warm-up
    with a.store.snapshot() as c:
        _, docs = _pair_docs(c, "en", "fr")
        m = Matcher(a.index, c, "en", "fr", docs)
        for s in segs[:20]:
            m.candidates(tokens(s), 50.0, 3)
        times = []
        for s in segs:
            t0 = time.perf_counter()
            m.candidates(tokens(s), 50.0, 3)
            times.append((time.perf_counter() - t0) * 1000)
    print(f"per segment, one core: p50 {statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms, "
          f"max {max(times):.1f} ms")

    t0 = time.perf_counter()
    [res] = pretranslate_segments(a, segs, src="en", tgt="fr", threshold=50.0, candidates=3)
    dt = time.perf_counter() - t0
    print(f"whole draft: {len(segs)} segments in {dt:.1f} s = {len(segs) / dt:.1f} segments/s "
          f"(pair restriction: {'on' if docs is not None else 'off'})")

    hit = {"edited": 0, "unchanged": 0}
    total = {"edited": 0, "unchanged": 0}
    at70 = src_hit = 0
    misses = []
    for (draft_seg, src, tgt, n), s in zip(draft, res.segments, strict=True):
        kind = "edited" if n else "unchanged"
        total[kind] += 1
        top = s.candidates[0] if s.candidates else None
        # the bead's own target (the proposal carries the draft's paragraph number when it differs)
        if top is not None and getattr(top, "stored_target", top.target) == tgt:
            hit[kind] += 1
            at70 += bool(n) and top.score >= 70
        elif top is not None and top.source == src:
            src_hit += 1
            misses.append(("same source, other translation", draft_seg, top))
        else:
            misses.append(("other", draft_seg, top))
    for kind in ("edited", "unchanged"):
        print(f"top match = original translation, {kind}: {hit[kind]}/{total[kind]} = "
              f"{100 * hit[kind] / max(1, total[kind]):.1f}%")
    print(f"edited segments whose original is the top match at ≥ 70 (the default threshold): {at70}/{total['edited']}")
    print(f"misses whose top source is the original source (the same English translated otherwise): {src_hit}")
    for why, d, top in misses[:8]:
        print(f"  miss ({why}): {d[:90]!r} -> {(top.score, top.source[:70]) if top else None}")
    print("analysis:", ", ".join(f"{b.band} {b.segments}/{b.words}w" for b in res.analysis()))
    levenshtein_compare(segs)
    a.close()


if __name__ == "__main__":
    main()
