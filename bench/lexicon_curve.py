"""Learning curve of the archive-wide lexicon: strict F1 on the UNPC dev streams against the number
of UNPC documents the lexicon was learnt from.

Split (as bench/calibrate.py's): the documents of ``dev.docs.jsonl`` in file order, even-numbered
(0, 2, 4, ...: 183 documents, 1,033 sentences a language) are ingested into a fresh archive as
six-language documents (aligned by Hexaglot, not trusted as line-parallel) and the lexicon is learnt
from their confident beads; the odd-numbered documents (1,000 sentences a language) make the 15
evaluation streams (bench/unpc_bench.py's corruption: 10% merged, 3% dropped, seed 13 + pair index).
No document is in both. The archive grows 0 → 10 → 100 → 183 documents, the lexicon is updated
incrementally at each step (``Archive.learn_lexicon``), and the eval streams are aligned with the
dictionaries plus that lexicon (0 = dictionaries only, the aligner as shipped).

    .venv/bin/python bench/lexicon_curve.py [--modes no-embeddings embeddings] [--steps 0 10 100 all]
        [--pairs en-fr zh-ru] [--record]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from align_eval import CORPUS, RESULTS
from hexaglot.align import Aligner
from hexaglot.align.evaluate import score
from hexaglot.align.lexicon import use_external_tables
from hexaglot.ingest.parallel import unpc_documents
from unpc_bench import LANGS, corrupt

SECTION = "## Archive-wide lexicon: learning curve (issue 15)"


def split(corpus: Path = CORPUS) -> tuple[list, dict[str, list[str]]]:
    """(fit documents, eval streams): even- and odd-numbered documents of dev.docs.jsonl."""
    base = corpus / "unpc_devset_6way"
    docs = list(unpc_documents(base))
    fit = [d for k, d in enumerate(docs) if k % 2 == 0]
    for d in fit:
        d.aligned = False  # aligned by Hexaglot, as any ingested document
    streams = {x: [s for k, d in enumerate(docs) if k % 2 == 1 for s in d.texts[x]] for x in LANGS}
    return fit, streams


def evaluate(aligner: Aligner, streams: dict[str, list[str]], embeddings: bool, pairs: list[str] | None,
             ) -> dict[str, float]:
    out = {}
    for k, (s, t) in enumerate(itertools.combinations(LANGS, 2)):
        if pairs and f"{s}-{t}" not in pairs:
            continue
        tgt, gold = corrupt(streams[t], t, 13 + k)
        beads = aligner.align(streams[s], tgt, s, t, embeddings=embeddings)
        out[f"{s}-{t}"] = score(beads, gold).scores()["f1"]
    return out


def curve(mode: str, steps: list[int | None], streams: dict[str, list[str]], fit: list, pairs: list[str] | None,
          cache_dir: str | None) -> list[dict]:
    import hexaglot
    from hexaglot.store.lexicon import tables

    embeddings = mode == "embeddings"
    aligner = Aligner(cache_dir=cache_dir)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = hexaglot.create(Path(tmp) / "archive")
        have = 0
        for step in steps:
            n = len(fit) if step is None else min(step, len(fit))
            t0 = time.perf_counter()
            if n > have:
                archive.ingest_parallel(fit[have:n], embeddings=embeddings, workers=1)
                have = n
            size = links = beads = 0
            if n:
                rep = archive.learn_lexicon()
                size = sum(p.bytes for p in rep.pairs)
                links = sum(p.links for p in rep.pairs)
                beads = sum(p.beads for p in rep.pairs)
                with archive.store.snapshot() as c:
                    use_external_tables(tables(c), stamp=("curve", mode, n))
            else:
                use_external_tables(None)
            learn_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            f1 = evaluate(aligner, streams, embeddings, pairs)
            use_external_tables(None)
            row = {"mode": mode, "docs": n, "f1": f1, "bytes": size, "links": links, "beads": beads,
                   "learn_s": round(learn_s, 1), "align_s": round(time.perf_counter() - t0, 1)}
            print(json.dumps(row), flush=True)
            rows.append(row)
        archive.close()
    return rows


def table(rows: list[dict]) -> list[str]:
    pairs = list(rows[0]["f1"])
    out = ["| mode | documents learnt | " + " | ".join(pairs) + " | mean | min | lexicon (15 pairs) |",
           "|---|---:|" + "---:|" * (len(pairs) + 3)]
    for r in rows:
        f = [r["f1"][p] for p in pairs]
        lex = f"{r['links']} links, {r['bytes'] / 1024:.0f} KiB" if r["docs"] else "— (dictionaries only)"
        out.append(f"| {r['mode']} | {r['docs']} | " + " | ".join(f"{x:.3f}" for x in f)
                   + f" | {sum(f) / len(f):.4f} | {min(f):.3f} | {lex} |")
    return out


def record(lines: list[str]) -> None:
    """Write the section at the end of RESULTS.md (replacing an earlier one of this bench)."""
    text = RESULTS.read_text(encoding="utf-8")
    head, found, rest = text.partition(SECTION)
    if found:
        nxt = rest.find("\n## ")
        text = head.rstrip("\n") + ("" if nxt < 0 else "\n\n" + rest[nxt + 1:].strip("\n"))
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + SECTION + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--modes", nargs="+", default=["no-embeddings", "embeddings"])
    ap.add_argument("--steps", nargs="+", default=["0", "10", "100", "all"])
    ap.add_argument("--pairs", nargs="+", default=None)
    ap.add_argument("--cache-dir", default=None, help="embedding cache (default: in memory)")
    ap.add_argument("--record", action="store_true", help="write the table to bench/RESULTS.md")
    args = ap.parse_args(argv)
    steps = [None if s == "all" else int(s) for s in args.steps]
    fit, streams = split()
    print(f"fit: {len(fit)} documents ({sum(len(d.texts['en']) for d in fit)} sentences a language); "
          f"eval streams: {len(streams['en'])} sentences a language", file=sys.stderr)
    rows = []
    for mode in args.modes:
        rows.extend(curve(mode, steps, streams, fit, args.pairs, args.cache_dir))
    lines = table(rows)
    print("\n".join(lines))
    if args.record:
        cmd = "`" + " ".join([".venv/bin/python", "bench/lexicon_curve.py", *(argv or sys.argv[1:])]) + "`"
        record([f"Command: {cmd}  ", f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
                *lines])


if __name__ == "__main__":
    main()
