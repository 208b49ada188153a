"""Wrong beads by how they relate to the gold, and how many of each the calibrated score puts at p >= 0.5.

A wrong bead is *part of one gold bead* (a 1-1 inside a gold 1-2), a *union of gold beads* (a 2-2
where the gold has two 1-1) or *crossing* gold beads; a null bead (1-0, 0-1) is counted apart.

Run: ``PYTHONPATH=src:bench .venv/bin/python bench/align_wrong_beads.py [--no-embeddings] [--cache-dir C]``
(Text+Berg test and MAC dev).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from align_eval import load_set
from hexaglot.align import Aligner
from hexaglot.align.evaluate import as_tuples

SETS = ("textberg", "mac")


def relation(src: set[int], tgt: set[int], gold: list[tuple[set[int], set[int]]]) -> str:
    """How a bead that is not a gold bead relates to the gold beads it touches."""
    touched = [(gs, gt) for gs, gt in gold if (gs & src) or (gt & tgt)]
    if len(touched) == 1 and src <= touched[0][0] and tgt <= touched[0][1]:
        kind = "part of one gold bead"
    elif all(gs <= src and gt <= tgt for gs, gt in touched):
        kind = "union of gold beads"
    else:
        kind = "crossing gold beads"
    return kind + (" (null bead)" if not src or not tgt else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--cache-dir", default=None, help="embedding cache")
    args = ap.parse_args()
    aligner = Aligner(cache_dir=args.cache_dir)
    total: Counter[str] = Counter()
    likely: Counter[str] = Counter()
    for name in SETS:
        for d in load_set(name):
            beads, _ = aligner.align_scored(d.src, d.tgt, d.src_lang, d.tgt_lang, embeddings=not args.no_embeddings)
            exact = set(as_tuples(d.gold))
            gold = [(set(s), set(t)) for s, t in exact]
            for b in beads:
                if (tuple(b.src), tuple(b.tgt)) in exact:
                    continue
                kind = relation(set(b.src), set(b.tgt), gold)
                total[kind] += 1
                likely[kind] += b.score >= 0.5
    mode = "without embeddings" if args.no_embeddings else "with embeddings"
    print(f"wrong beads {mode} ({' + '.join(SETS)}): | relation to gold | wrong beads | of which p >= 0.5 |")
    for kind, n in total.most_common():
        print(f"| {kind} | {n} | {likely[kind]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
