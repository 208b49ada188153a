"""Concordance marks without a trained word model: is the rendering of the query the part marked?

    PYTHONPATH=src:bench .venv/bin/python bench/marks_bench.py [--pairs en-zh en-ar] [--page-lines N] [--record] [--show N]

Gold from two shared sets: the UNBIS Thesaurus labels of ``terminology_dev/unbis_dev.tsv`` (a term in
six languages) and the UNPC 6-way dev sentences (one sentence in six languages). A concordance page
is the source sentences holding a term's label in that language (whole words, any case; the first 25, as
a concordance page shows them); the lines whose sentence in the other language holds that
language's label (case and accents aside; 3 at least) are judged, the label there being the gold
mark. The page is marked as
:meth:`hexaglot.archive.Archive.mark_concordance` marks them with no trained model
(``WordAligner.untrained``: dictionaries, identical forms and, over the page, the lines themselves).

Pairs: English to each other language by default, any two with ``--pairs fr-ar zh-ru``. Per pair: lines, marked right (characters F1 ≥ 0.8 against the label's place in the line, widened
to whole words, Chinese aside: an Arabic proclitic or a Russian ending glued to it is part of it), exact (the mark
is that place), character precision and recall. Terms split by the parity of the CRC-32 of their UNBIS id: even to tune on, odd held out.

Short pages (``--page-lines N``): a rare term's concordance has one or two lines, and two lines agree
on less than 25 do. With ``N`` the term's concordance (its first 25 lines, as above) is cut into pages of
``N`` real lines of it, as the concordance would return them for a term that rare: each judged line with
each run of ``N - 1`` lines that follow it (in concordance order, from the start again after the last;
``--partners K``: the first ``K`` such runs only), judged or not, so the other line of a two-line page may
be one whose sentence lacks the label or words it otherwise. Each page is marked alone and only its
judged line scored there; a line's figures are the mean over its pages, so every judged line weighs one
as on whole pages. ``--page-lines 1`` is each line alone (the dictionaries' marks).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import unicodedata
import zlib
from dataclasses import dataclass

from align_eval import CORPUS, record
from hexaglot.store.records import ConcordanceLine
from hexaglot.wordalign.marks import mark_lines
from hexaglot.wordalign.model import WordAligner
from unpc_bench import streams

PAIRS = ("en-fr", "en-es", "en-ru", "en-zh", "en-ar")
PAGE = 25


def fold(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay those of ``text``)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ch.isalpha() else ch
        low = base.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out).replace("’", "'")


def _words(text: str, a: int, b: int) -> tuple[int, int]:
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b


@dataclass
class Case:
    term: str
    line: ConcordanceLine
    gold: list[tuple[int, int]]  # the label's places in the target


def pages(src: str, tgt: str) -> dict[str, list[list[Case]]]:
    """``{"tune": [...], "held": [...]}``: one page of cases per term."""
    data = streams()
    with (CORPUS / "terminology_dev" / "unbis_dev.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    s_fold = [fold(x) for x in data[src]]
    t_fold = [fold(x) for x in data[tgt]]
    out: dict[str, list[list[Case]]] = {"tune": [], "held": []}
    for row in rows:
        s_label, t_label = fold(row[src].strip()), fold(row[tgt].strip())
        if len(s_label) < 4 or not t_label or "," in s_label:
            continue
        rx = re.compile(re.escape(s_label) if src == "zh" else r"(?<!\w)" + re.escape(s_label) + r"(?!\w)")
        page: list[Case] = []
        for k, sf in enumerate(s_fold):
            m = rx.search(sf)
            if m is None:
                continue
            source, target = data[src][k], data[tgt][k]
            # the label's place widened to whole words: a mark is whole words, an Arabic proclitic
            # (و، ب، ل) or article glued to the label's word is part of it ("والإسكان" for "إسكان")
            gold = [(g.start(), g.end()) if tgt == "zh" else _words(target, g.start(), g.end())
                    for g in re.finditer(re.escape(t_label), t_fold[k])]
            line = ConcordanceLine(doc_id="unpc", symbol=None, date=None, src_lang=src, tgt_lang=tgt,
                                   left=source[:m.start()], match=source[m.start():m.end()], right=source[m.end():],
                                   source=source, target=target, score=1.0, src_ids=[k], tgt_ids=[k])
            page.append(Case(row[src].strip().lower(), line, gold))
            if len(page) == PAGE:
                break
        if sum(1 for c in page if c.gold) >= 3:
            out["tune" if zlib.crc32(row["id"].encode()) % 2 == 0 else "held"].append(page)
    return out


def judge(case: Case) -> tuple[float, float, bool]:
    """(character precision, recall, exact) of the line's marks against the label's nearest place."""
    marked = {c for a, b in case.line.tgt_marks for c in range(a, b)}
    best = (0.0, 0.0, False)
    for a, b in case.gold:
        gold = set(range(a, b))
        hit = len(marked & gold)
        p = hit / len(marked) if marked else 0.0
        r = hit / len(gold)
        exact = [(x, y) for x, y in case.line.tgt_marks] == [(a, b)]
        if (p + r, exact) > (best[0] + best[1], best[2]):
            best = (p, r, exact)
    return best


def short_pages(page: list[Case], size: int, partners: int | None = None) -> list[tuple[Case, list[list[Case]]]]:
    """Each judged line of ``page`` (a term's concordance) with the pages of ``size`` lines it is judged
    in: itself and each run of ``size - 1`` lines of the concordance that follow it (cyclically), in
    concordance order; at most ``partners`` pages per line (all by default)."""
    n = len(page)
    size = min(size, n)
    runs = 1 if size == 1 else n - 1
    if partners is not None:
        runs = max(1, min(runs, partners))
    out: list[tuple[Case, list[list[Case]]]] = []
    for i, case in enumerate(page):
        if not case.gold:
            continue
        shown = []
        for k in range(runs):
            at = sorted({i} | {(i + k + m) % n for m in range(1, size)})
            shown.append([page[x] for x in at])
        out.append((case, shown))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", nargs="*", default=list(PAIRS))
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N wrong lines per pair")
    ap.add_argument("--show-split", default="tune", choices=["tune", "held"])
    ap.add_argument("--page-lines", type=int, default=0, metavar="N",
                    help=f"pages of N lines of a term's concordance, each judged line in each (default: the first {PAGE} "
                         "lines as one page)")
    ap.add_argument("--partners", type=int, default=None, metavar="K",
                    help="with --page-lines: at most K pages per judged line (default: every run of N-1 other lines)")
    args = ap.parse_args(argv)
    if args.page_lines < 0 or (args.partners is not None and args.partners < 1):
        ap.error("--page-lines is 0 or more, --partners 1 or more")
    rows = ["| pair | terms | split | lines | marked right | exact | char P | char R | ms per page |",
            "|---|---|---|---|---|---|---|---|---|"]
    for pair in args.pairs:
        src, tgt = pair.split("-")
        model = WordAligner.untrained(src, tgt)
        for split, group in pages(src, tgt).items():
            n = 0
            right = exact = sp = sr = 0.0
            spent = 0.0
            wrong: list[str] = []
            pages_marked = 0
            for page in group:
                if args.page_lines:
                    judged = short_pages(page, args.page_lines, args.partners)
                else:
                    judged = [(c, [page]) for c in page if c.gold]  # the label is not this line's rendering: not judged
                    c0 = time.process_time()
                    mark_lines([c.line for c in page], model)
                    spent += time.process_time() - c0
                    pages_marked += 1
                for c, shown in judged:
                    scores = []
                    for part in shown:
                        if args.page_lines:
                            c0 = time.process_time()
                            mark_lines([x.line for x in part], model)
                            spent += time.process_time() - c0
                            pages_marked += 1
                        scores.append((*judge(c), list(c.line.tgt_marks)))
                    n += 1
                    for p, r, ex, _ in scores:
                        sp += p / len(scores)
                        sr += r / len(scores)
                        exact += ex / len(scores)
                        ok = p + r > 0 and 2 * p * r / (p + r) >= 0.8
                        right += ok / len(scores)
                    for p, r, _, tgt_marks in scores:
                        if (p + r > 0 and 2 * p * r / (p + r) >= 0.8) or split != args.show_split or len(wrong) >= args.show:
                            continue
                        marks = " | ".join(c.line.target[a:b] for a, b in tgt_marks) or "(none)"
                        wrong.append(f"  {c.term!r}: marked {marks!r} / gold {c.line.target[c.gold[0][0]:c.gold[0][1]]!r}")
                        break
            row = (f"| {pair} | {len(group)} | {split} | {n} | {right / max(n, 1):.3f} | {exact / max(n, 1):.3f} | "
                   f"{sp / max(n, 1):.3f} | {sr / max(n, 1):.3f} | {1000 * spent / max(pages_marked, 1):.1f} |")
            print(row, flush=True)
            rows.append(row)
            for w in wrong:
                print(w)
    if args.record:
        record(["### Concordance marks without a trained model (" + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                + ")", "", "`PYTHONPATH=src:bench .venv/bin/python bench/marks_bench.py " + " ".join(sys.argv[1:]) + "`",
                "", *rows])


if __name__ == "__main__":
    main()
