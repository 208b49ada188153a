"""Alignment speed: pairs/s with and without embeddings, and a 20,000 × 20,000 alignment's memory.

    .venv/bin/python bench/align_speed.py              # throughput on the UNPC en-fr stream
    .venv/bin/python bench/align_speed.py --synthetic  # 20k × 20k, peak RSS (run it on its own)
    .venv/bin/python bench/align_speed.py --stages     # CPU ms per stage (no embeddings)
    add --record to append the figures to bench/RESULTS.md
    HEXAGLOT_DP=numpy selects the numpy reference DP instead of the compiled one

Throughput: one fresh Aligner (cold embedding cache; the model load is reported apart), the UNPC dev
en-fr stream (2,033 sentences, 10% merges and 3% drops on the target side) aligned as documents of
~200 sentences, i.e. the size of real UN documents. "pairs" = source sentences.
"""

from __future__ import annotations

import os

# one BLAS thread: on 2 shared cores, OpenBLAS threading makes small products 20x slower
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import random
import resource
import sys
import time

from align_eval import config_of, record
from hexaglot.align import Aligner
from hexaglot.align.text import forget_tokens
from unpc_bench import corrupt, streams


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def kernel_load() -> float:
    """CPU seconds to import numba and load (or, on a new machine, compile) the compiled kernels:
    the DP, the bead costs, IBM-1 and the lexical bags (one small alignment of made-up sentences
    in a pair without dictionaries, so the dictionary load stays apart)."""
    from hexaglot.align import dp

    c0 = time.process_time()
    if dp.use_compiled(None):
        # a made-up word per sentence (rare, so the lexical bags keep it): else every word is in
        # every sentence, no bag entry is kept and the bags' kernel (max_rows) loads in the first
        # timed document instead (≈ 8 ms in the throughput figure before 2026-12-06)
        def tag(k: int) -> str:
            return "zq" + chr(97 + k % 26) + chr(97 + k // 26)

        src = [f"Item {k} of the agenda, document A/{k}/L.{k}: the report of the committee {tag(k)}."
               for k in range(40)]
        tgt = [f"Point {k} de l'ordre du jour, document A/{k}/L.{k} : le rapport du comité {tag(k)}."
               for k in range(40)]
        Aligner().align(src, tgt, "xx", "yy", embeddings=False)
    return time.process_time() - c0


def _aligner(config: str) -> Aligner:
    return Aligner(config_of(config))


def throughput(doc: int, embeddings: bool, config: str = "{}") -> tuple[float, float, int, float, float]:
    """(pairs/s wall, model load s, pairs, dictionary load s, pairs/s of process CPU time)."""
    data = streams()
    src = data["en"]
    tgt, _ = corrupt(data["fr"], "fr", 1)
    forget_tokens()  # cold: no sentence tokenised by an earlier run of this process
    al = _aligner(config)
    t_load = 0.0
    if embeddings:
        t0 = time.perf_counter()
        al.cache.get(["warm up the model"])  # model load, reported separately
        t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    al.dictionary("en", "fr")  # FreeDict files read once per process, reported separately
    t_dict = time.perf_counter() - t0
    t0 = time.perf_counter()
    c0 = time.process_time()
    ratio = len(tgt) / len(src)
    for k in range(0, len(src), doc):
        s = src[k:k + doc]
        t = tgt[int(k * ratio):int((k + doc) * ratio)]
        al.align(s, t, "en", "fr", embeddings=embeddings)
    cpu = time.process_time() - c0
    return len(src) / (time.perf_counter() - t0), t_load, len(src), t_dict, len(src) / max(cpu, 1e-9)


def stages(doc: int, runs: int = 3, config: str = "{}") -> tuple[float, dict[str, float]]:
    """Process CPU ms per stage over the throughput run (the last of ``runs`` in this process, so
    stems and hash buckets are warm), measured by wrapping each stage's function; and that run's
    pairs per CPU second (the wrappers included)."""
    import collections
    import functools

    from hexaglot.align import aligner, lexicon, scoring

    spent: collections.Counter[str] = collections.Counter()
    labels: list[str] = []
    active: set[str] = set()

    def timed(owner: object, name: str, label: str, static: bool = False) -> None:
        fn = getattr(owner, name)
        labels.append(label)

        @functools.wraps(fn)
        def wrapper(*a: object, **k: object) -> object:
            if label in active:  # a nested call (a merged table asks its base): counted once
                return fn(*a, **k)
            active.add(label)
            c0 = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.process_time() - c0
                active.discard(label)

        setattr(owner, name, staticmethod(wrapper) if static else wrapper)

    timed(aligner.Aligner, "align", "Aligner.align (all)")
    timed(aligner.Aligner, "_side", "tokenisation (Tokens.of)")
    timed(aligner, "lexical_bags", "lexical bags")
    timed(lexicon.TranslationTable, "expansions", "… of which dictionary expansions")
    timed(lexicon._Flat, "of", "… of which token ids (_Flat.of)", static=True)
    timed(aligner.Aligner, "_ibm1", "IBM-1")
    timed(aligner, "_anchor_bags", "anchor bags")
    timed(scoring.BeadScorer, "prepare", "BeadScorer.prepare")
    timed(aligner, "solve", "DP with compiled costs")
    timed(scoring.BeadScorer, "fill_stack", "… of which the cost filler")
    timed(aligner, "_to_beads", "beads and calibration")
    cpu_pps = 0.0
    for _ in range(runs):
        spent.clear()
        cpu_pps = throughput(doc, False, config)[4]
    return cpu_pps, {k: 1000.0 * spent[k] for k in labels}


def dp_mode() -> str:
    from hexaglot.align import dp

    return "compiled (numba)" if dp.use_compiled(None) else "numpy (HEXAGLOT_DP=numpy)"


def synthetic(n: int, embeddings: bool, config: str = "{}") -> dict[str, float]:
    data = streams()
    rnd = random.Random(7)
    idx = [rnd.randrange(len(data["en"])) for _ in range(n)]
    src = [f"{data['en'][i]} ({k})" for k, i in enumerate(idx)]
    tgt0 = [f"{data['fr'][i]} ({k})" for k, i in enumerate(idx)]
    tgt, _ = corrupt(tgt0, "fr", 3)
    al = _aligner(config)
    t0 = time.perf_counter()
    if embeddings:
        al.cache.get(src)
        al.cache.get(tgt)
    t_embed = time.perf_counter() - t0
    before = al.cache.encoded if embeddings else 0
    t1 = time.perf_counter()
    beads = al.align(src, tgt, "en", "fr", embeddings=embeddings)
    t_search = time.perf_counter() - t1
    assert sum(len(b.src) for b in beads) == len(src)
    return {"n": len(src), "m": len(tgt), "embed_s": t_embed, "search_s": t_search, "rss_mb": _rss_mb(),
            "extra_encoded": (al.cache.encoded - before) if embeddings else 0}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", action="store_true", help="the 20k × 20k memory run")
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--doc", type=int, default=200, help="sentences per document (throughput)")
    ap.add_argument("--stages", action="store_true", help="CPU ms per stage, no embeddings (a warm third run)")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--config", default="{}", help='AlignConfig fields to change, as JSON, e.g. \'{"span_weight": 0}\'')
    args = ap.parse_args(argv)
    out = [f"### align_speed ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
           "`.venv/bin/python bench/align_speed.py " + " ".join(sys.argv[1:]) + "`", ""]
    if args.stages:
        kernel_load()
        cpu_pps, ms = stages(args.doc, config=args.config)
        out.append(f"without embeddings, third run in the process: {cpu_pps:.0f} pairs per CPU second "
                   f"(stage wrappers included); load average {os.getloadavg()[0]:.1f}")
        out.extend(["", "| stage | CPU ms |", "|---|---|"] + [f"| {k} | {v:.1f} |" for k, v in ms.items()])
        print("\n".join(out[4:]))
    elif args.synthetic:
        r = synthetic(args.n, not args.no_embeddings, args.config)
        line = (f"synthetic {r['n']} × {r['m']} ({'no embeddings' if args.no_embeddings else 'embeddings'}): "
                f"embedding {r['embed_s']:.1f} s, search (incl. re-encoded spans: {r['extra_encoded']:.0f}) "
                f"{r['search_s']:.1f} s, total {r['embed_s'] + r['search_s']:.1f} s, "
                f"peak RSS {r['rss_mb']:.0f} MB")
        print(line)
        out.append(line)
    else:
        t_kernel = kernel_load()
        for emb in ([False] if args.no_embeddings else [True, False]):
            pps, load, n, t_dict, cpu_pps = throughput(args.doc, emb, args.config)
            line = (f"{'with' if emb else 'without'} embeddings: {pps:.0f} pairs/s wall, {cpu_pps:.0f} pairs "
                    f"per CPU second ({n} pairs, documents of {args.doc}; cold cache; "
                    + (f"model load {load:.1f} s, " if emb else "")
                    + f"dictionary load {t_dict:.2f} s and compiled-kernel load {t_kernel:.2f} CPU s once per "
                    f"process, not included; DP {dp_mode()}; load average "
                    f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
            print(line, flush=True)
            out.append(line + "  ")
    if args.record:
        record(out)


if __name__ == "__main__":
    main()
