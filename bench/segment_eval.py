"""Sentence-segmentation quality and speed on the shared sentence-per-line gold files.

    .venv/bin/python bench/segment_eval.py                       # all sets, rule segmenter
    .venv/bin/python bench/segment_eval.py --segmenter sentencex # plain sentencex baseline
    .venv/bin/python bench/segment_eval.py --sets unpc-dev --errors 20
    .venv/bin/python bench/segment_eval.py --record              # write the table to RESULTS.md

Each gold file's lines are joined back into passages of at most 5 consecutive lines (UNPC: lines
of one document in reading order), one space between lines (none for Chinese); boundary P/R/F1
is measured against the line starts (passage ends are given). "punct" restricts the score to
gold boundaries that follow sentence-final punctuation (see hexaglot.segment.evaluate).
With --record, the table and the command are written to bench/RESULTS.md under "## Segmentation"
(that section only is replaced).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from hexaglot.segment import SEGMENTERS, load_rules
from hexaglot.segment.evaluate import GOLD_SETS, Passage, Score, Splitter, score

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", REPO.parent / "shared" / "corpus"))
RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Segmentation"

GOLD_GLOBS = (
    "textberg_de_fr/*/*.de",
    "textberg_de_fr/*/*.fr",
    "mac_zh_en/dev/*/*.zh",
    "mac_zh_en/dev/*/*.en",
    "unpc_devset_6way/dev.*",
    "un_parallel_docs/udhr/text/udhr.*.txt",
)


def data_hash(corpus: Path) -> str:
    """sha256 (first 12 hex digits) of every gold file read, in sorted path order."""
    h = hashlib.sha256()
    for pattern in GOLD_GLOBS:
        for f in sorted(corpus.glob(pattern)):
            h.update(f.relative_to(corpus).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def speed(split: Splitter, passages: list[Passage], lang: str, min_seconds: float = 0.5) -> float:
    """Sentences per second of ``split`` over the passages (repeated to run ``min_seconds``)."""
    sentences = 0
    t0 = time.perf_counter()
    while True:
        for p in passages:
            sentences += len(split(p.text, lang))
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return sentences / elapsed


def row(name: str, lang: str, sc: Score, sps: float | None) -> str:
    a, p = sc.all, sc.punct
    gold = a.tp + a.fn
    gp = p.tp + p.fn
    s = f"{sps:,.0f}" if sps is not None else "-"
    return (
        f"| {name} | {lang} | {sc.lines} | {gold} | {a.precision:.3f} | {a.recall:.3f} | **{a.f1:.3f}** "
        f"| {gp} | {p.precision:.3f} | {p.recall:.3f} | **{p.f1:.3f}** | {sc.punct_quote.f1:.3f} | {s} |"
    )


HEADER = (
    "| set | lang | lines | gold bounds | P | R | F1 | punct bounds | punct P | punct R | punct F1 "
    "| punct F1, quote either side | sent/s |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def semicolon_variant(corpus: Path) -> list[str]:
    """zh F1 with and without the full-width semicolon as a terminator (the default keeps it inside)."""
    from hexaglot.segment import splitter

    out = []
    base = load_rules("zh")
    variants = {
        "default (；inside)": base,
        "；ends a sentence": replace(base, terminators=base.terminators + "；"),
    }
    saved = splitter.load_rules
    try:
        for label, r in variants.items():
            splitter.compiled.cache_clear()
            splitter.load_rules = lambda _lang, r=r: r  # type: ignore[assignment]
            for name in ("mac-dev", "unpc-dev"):
                sc = score(splitter.split, GOLD_SETS[name][1](corpus, "zh"), "zh")
                out.append(
                    f"| {label} | {name} | {sc.all.f1:.3f} | {sc.punct.f1:.3f} | {sc.all.precision:.3f} |"
                )
    finally:
        splitter.load_rules = saved
        splitter.compiled.cache_clear()
    return out


def textberg_quirks(split: Splitter, corpus: Path) -> list[str]:
    """Errors due to two conventions of the Text+Berg gold (see the notes in RESULTS.md)."""
    out = []
    for lang in ("de", "fr"):
        for part in ("dev", "test"):
            sc = score(split, GOLD_SETS[f"textberg-{part}"][1](corpus, lang), lang, keep_errors=True)
            fps = {(b, t) for k, b, t in sc.errors if k == "fp"}
            fns = {(b, t) for k, b, t in sc.errors if k == "fn"}
            metre = {(b, t) for b, t in fps if re.search(r"\d\s?m\.\s$", t[:b])}
            guil_fn = {(b, t) for b, t in fns if t[b : b + 1] == "»"}
            guil_fp = {(b, t) for b, t in fps if (b - 2, t) in guil_fn}  # the same quote, one token on
            p = sc.punct
            tp, fp, fn = p.tp, p.fp - len(metre | guil_fp), p.fn - len(guil_fn)
            forgiven = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            out.append(
                f"| {part} | {lang} | {len(fps)} | {len(metre)} | {len(guil_fp)} | {len(fns)} | {len(guil_fn)} "
                f"| {p.f1:.3f} | {forgiven:.3f} |"
            )
    return out


def record(tables: list[str], command: str, corpus: Path, segmenter: str) -> None:
    main_table, baseline, semi, quirks = tables
    body = f"""{SECTION}

Command: `{command}`
Segmenter: `{segmenter}` (hexaglot.segment.split); gold data sha256[:12] = `{data_hash(corpus)}`;
measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}.

{main_table}

- **F1** counts every gold line start inside a passage of ≤ 5 joined lines; **punct F1** counts
  only the gold boundaries after sentence-final punctuation (`. ! ? … 。 ！ ？ ؟`, closing quotes
  skipped) and leaves the others out of both sides. Headings, captions, table cells and list items
  without a final mark (UNPC, Text+Berg, MAC) and Text+Berg's line breaks after every `:` and `;`
  cannot be recovered inside a running passage by a sentence splitter, so plain F1 is bounded well
  below 1 there (share of gold boundaries after no final mark: UNPC 27 %, Text+Berg 15–26 %, MAC 2 %).
- **UDHR** lines are paragraphs, not sentences: its precision counts real sentence boundaries as
  errors; its punct recall (every paragraph end found) is the figure to read.
- **punct F1, quote either side**: punct F1 where a predicted boundary that differs from a gold
  one only by closing quotes/brackets in between counts as that boundary (Text+Berg's tokeniser
  starts the next line with the closing `»` of "« … ! »"; the splitter keeps the quote with the
  sentence it closes: the same sentence break, the quote attached to the other side). The splitter
  is not tuned to that convention; nothing else is forgiven (the "<n> m." lines stay errors).
- **sent/s** = sentences produced per second by `split()` on that set's passages (one core,
  tables already loaded; on a shared 2-core machine repeated runs vary by a factor 2-3).

Plain sentencex (`--segmenter sentencex`), the starting point, on the same passages:

{baseline}

Chinese full-width semicolon ；: measured both ways (F1 / punct F1 / P); the default keeps it
inside the sentence.

| variant | set | F1 | punct F1 | P |
|---|---|---|---|---|
{chr(10).join(semi)}

Text+Berg gold conventions that count as errors here (not tuned away): its tokeniser never ends a
sentence after a metre figure ("8125 m. La première attaque" is one gold line), and it puts a
closing guillemet at the start of the next line ("… ! / » La voix"), where the splitter keeps
it with the sentence it closes.

| part | lang | false pos. | of which "<n> m." | of which after a moved » | punct false neg. | of which next line starts with » | punct F1 | punct F1, both forgiven |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(quirks)}

"""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        nxt = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + (text[nxt + 1 :] if nxt >= 0 else "").lstrip("\n")
    RESULTS.write_text(text, encoding="utf-8")


def run(split: Splitter, sets: list[str], corpus: Path, errors: int, with_speed: bool) -> str:
    lines = [HEADER]
    print(HEADER)
    for name in sets:
        langs, loader = GOLD_SETS[name]
        for lang in langs:
            passages = loader(corpus, lang)
            sc = score(split, passages, lang, keep_errors=errors > 0)
            sps = speed(split, passages, lang) if with_speed else None
            line = row(name, lang, sc, sps)
            lines.append(line)
            print(line, flush=True)
            for kind, at, text in sc.errors[:errors]:
                print(f"    {kind} {text[max(0, at - 60) : at]!r} | {text[at : at + 40]!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sets", nargs="*", default=list(GOLD_SETS), choices=list(GOLD_SETS))
    ap.add_argument("--segmenter", default="rules", choices=list(SEGMENTERS))
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per set and language")
    ap.add_argument("--no-speed", action="store_true", help="skip the sentences/s measurement")
    ap.add_argument("--record", action="store_true", help="write the table to bench/RESULTS.md")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    split = SEGMENTERS[args.segmenter]().split
    table = run(split, args.sets, args.corpus, args.errors, not args.no_speed)
    if args.record:
        print("\nbaseline: plain sentencex")
        baseline = run(SEGMENTERS["sentencex"]().split, args.sets, args.corpus, 0, False)
        semi = semicolon_variant(args.corpus)
        quirks = textberg_quirks(split, args.corpus)
        cmd = ".venv/bin/python bench/segment_eval.py " + " ".join(argv if argv is not None else sys.argv[1:])
        record([table, baseline, semi, quirks], cmd.strip(), args.corpus, args.segmenter)
        print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
