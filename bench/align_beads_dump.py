"""Bead lists of the bench sets, written to a JSON file or compared with one (same code, before/after).

    .venv/bin/python bench/align_beads_dump.py --out /tmp/before.json [--emb]
    .venv/bin/python bench/align_beads_dump.py --compare /tmp/before.json [--emb]
    add --random 40: and 40 random UNPC documents (every language pair, random merges and drops)

Documents: every gold document of Text+Berg (test, dev), MAC dev and UDHR, and UNPC dev streams
(en-fr, zh-ru, ar-es: the whole stream, i.e. the coarse-to-fine path, and its first 200 sentences).
Each bead is compared exactly: source and target indices, score and raw score.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from align_eval import load_set
from hexaglot.align import Aligner
from unpc_bench import LANGS, corrupt, streams

UNPC_PAIRS = (("en", "fr"), ("zh", "ru"), ("ar", "es"))


def documents() -> list[tuple[str, list[str], list[str], str, str]]:
    out = []
    for name in ("textberg", "textberg-dev", "mac", "udhr"):
        for d in load_set(name):
            out.append((f"{name}/{d.name}", d.src, d.tgt, d.src_lang, d.tgt_lang))
    data = streams()
    everything = [(a, b) for k, a in enumerate(LANGS) for b in LANGS[k + 1:]]
    for s, t in UNPC_PAIRS:
        tgt, _ = corrupt(data[t], t, 13 + everything.index((s, t)))
        out.append((f"unpc/{s}-{t}", data[s], tgt, s, t))
        out.append((f"unpc/{s}-{t}/200", data[s][:200], tgt[:190], s, t))
    return out


def random_documents(count: int, seed: int = 2026) -> list[tuple[str, list[str], list[str], str, str]]:
    """``count`` random documents from the UNPC dev streams: a random language pair, 2-159
    sentences from a random place, random merge and drop rates, a stray sentence in some."""
    import random

    data = streams()
    rnd = random.Random(seed)
    out = []
    for k in range(count):
        s, t = rnd.sample(LANGS, 2)
        n = rnd.randrange(2, 160)
        a = rnd.randrange(0, len(data[s]) - n)
        tgt, _ = corrupt(data[t][a:a + n], t, k, merge=rnd.random() * 0.3, drop=rnd.random() * 0.1)
        if rnd.random() < 0.3:
            tgt = [*tgt[:len(tgt) // 2], data[t][rnd.randrange(len(data[t]))], *tgt[len(tgt) // 2:]]
        out.append((f"random/{k}:{s}-{t}:{n}", data[s][a:a + n], tgt, s, t))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out")
    ap.add_argument("--compare")
    ap.add_argument("--emb", action="store_true", help="with embeddings (loads the encoder)")
    ap.add_argument("--only", default="", help="documents whose name contains this")
    ap.add_argument("--random", type=int, default=0, help="and this many random UNPC documents (all pairs)")
    args = ap.parse_args(argv)
    al = Aligner()
    got: dict[str, list] = {}
    c0 = time.process_time()
    for name, src, tgt, sl, tl in documents() + random_documents(args.random):
        if args.only not in name:
            continue
        beads = al.align(src, tgt, sl, tl, embeddings=args.emb)
        got[name] = [[b.src, b.tgt, b.score, b.raw] for b in beads]
    print(f"{len(got)} documents, {time.process_time() - c0:.1f} CPU s", flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(got, fh)
    if args.compare:
        with open(args.compare, encoding="utf-8") as fh:
            ref = json.load(fh)
        bad = 0
        missing = [name for name in got if name not in ref]
        for name, beads in got.items():
            if name not in ref:
                continue
            r = ref[name]
            same_beads = [x[:2] for x in r] == [x[:2] for x in beads]
            same_all = r == beads
            if not same_all:
                bad += 1
                diff = max((abs(a[3] - b[3]) for a, b in zip(r, beads, strict=False)), default=0.0)
                print(f"{name}: {'scores differ' if same_beads else 'BEADS DIFFER'} "
                      f"(max raw diff {diff:.2e})")
        print(f"{len(got) - len(missing) - bad}/{len(got) - len(missing)} documents identical (beads, scores, "
              f"raw scores)" + (f"; {len(missing)} not in {args.compare}, not compared" if missing else ""))
        if bad:
            sys.exit(1)


if __name__ == "__main__":
    main()
