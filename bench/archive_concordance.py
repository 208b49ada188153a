"""How often the concordance's top pair is the gold counterpart, over every usable gold sentence.

    .venv/bin/python bench/archive_concordance.py [--archive /tmp/hexaglot-conc]

Builds the archive of the concordance tests (UNPC dev six-way, UDHR six-way aligned without
embeddings, Text+Berg dev de-fr, MAC 001 zh-en), then, for each gold sentence, queries a
three-word phrase of the source (six characters for Chinese) and checks that the top line's target
holds the gold counterpart. Misses are mostly phrases shared by several sentences (boilerplate).
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations, permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from archive_helpers import LANGS6, _build_parallel, phrase_of  # noqa: E402
from test_archive_concordance import _check, _gold_pairs, _udhr, _unpc_lines  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    import hexaglot.archive

    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="/tmp/hexaglot-conc")
    path = Path(ap.parse_args().archive)
    if not path.exists():
        _build_parallel(CORPUS, path)
    a = hexaglot.archive.create(path)
    lines = _unpc_lines(CORPUS)
    text, map11 = _udhr(CORPUS)
    unpc = [0, 0]
    udhr = [0, 0]
    for src, tgt in permutations(LANGS6, 2):
        for i in range(0, 2000, 97):
            q = phrase_of(lines[src][i], src)
            if q:
                unpc[1] += 1
                unpc[0] += _check(a, q, src, tgt, lines[tgt][i])
        for en_line in range(len(text["en"])):
            if en_line in map11[src] and en_line in map11[tgt]:
                q = phrase_of(text[src][map11[src][en_line]], src)
                if q:
                    udhr[1] += 1
                    udhr[0] += _check(a, q, src, tgt, text[tgt][map11[tgt][en_line]])
    print(f"UNPC dev, {len(list(combinations(LANGS6, 2))) * 2} directions: top pair = gold {unpc[0]}/{unpc[1]}")
    print(f"UDHR, 30 directions (aligned without embeddings): {udhr[0]}/{udhr[1]}")
    d = CORPUS / "textberg_de_fr" / "dev"
    pairs = _gold_pairs(d / "dev.de", d / "dev.fr", d / "dev.defr", "de")
    ok = sum(_check(a, phrase_of(s, "de") or "", "de", "fr", t) for s, t in pairs)
    print(f"Text+Berg dev de→fr, every 1-1 gold bead: {ok}/{len(pairs)}")
    d = CORPUS / "mac_zh_en" / "dev"
    pairs = _gold_pairs(d / "zh" / "001.zh", d / "en" / "001.en", d / "gold" / "001.align", "zh")
    ok = sum(_check(a, phrase_of(s, "zh") or "", "zh", "en", t) for s, t in pairs)
    print(f"MAC 001 zh→en, every 1-1 gold bead: {ok}/{len(pairs)}")
    a.close()


if __name__ == "__main__":
    main()
