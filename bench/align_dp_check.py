"""The compiled DP against the numpy reference on every gold document: same beads, scores, raw scores.

    .venv/bin/python bench/align_dp_check.py          # without embeddings
    .venv/bin/python bench/align_dp_check.py --emb    # with embeddings (loads the encoder)
"""

from __future__ import annotations

import sys

from align_eval import load_set
from hexaglot.align import AlignConfig, Aligner


def main() -> None:
    emb = "--emb" in sys.argv
    ref, fast = Aligner(AlignConfig(compiled_dp=False)), Aligner(AlignConfig(compiled_dp=True))
    tot = same = 0
    for name in ("textberg", "textberg-dev", "mac", "udhr"):
        for d in load_set(name):
            a = ref.align(d.src, d.tgt, d.src_lang, d.tgt_lang, embeddings=emb)
            b = fast.align(d.src, d.tgt, d.src_lang, d.tgt_lang, embeddings=emb)
            ok = [(x.src, x.tgt, x.score, x.raw) for x in a] == [(x.src, x.tgt, x.score, x.raw) for x in b]
            tot += 1
            same += ok
            print(name, d.name, len(a), "identical" if ok else "DIFFERENT", flush=True)
    print(f"{same}/{tot} documents: identical beads, scores and raw scores "
          f"({'embeddings' if emb else 'no embeddings'})")
    if same != tot:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
