"""Benchmark: UN symbol grammar and reference extraction on the shared corpus.

    .venv/bin/python bench/references.py [--corpus ../shared/corpus]

Prints (a) how many UN Digital Library symbols (JSONL summary and MARC 191$a/991$a/993$a) parse and
normalise to themselves, (b) how many hand-listed mandate resolutions of the six un_reports_en
documents appear in extract_references of their DOCX text, (c) what find_symbols finds in the 226
Security Council resolutions (with a sample to eyeball) and the seed letter's references, (d) speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from hexaglot.parse.references import extract_references
from hexaglot.parse.symbols import find_symbol_spans, find_symbols, normalize_symbol, parse_symbol

REPO = Path(__file__).resolve().parents[1]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARC = "{http://www.loc.gov/MARC21/slim}"


def docx_text(path: Path) -> str:
    """Paragraph text of a DOCX body, tables and footnotes (a quick local reader for this benchmark)."""
    out: list[str] = []
    with zipfile.ZipFile(path) as z:
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            for p in root.iter(f"{_W}p"):
                out.append("".join(t.text or "" for t in p.iter(f"{_W}t", f"{_W}tab")))
    return "\n".join(out)


def marc_symbols(corpus: Path) -> dict[str, list[str]]:
    """Symbols of the UN DL summary (symbol, agenda, related) and of the MARC 191/991/993 $a fields."""
    out: dict[str, list[str]] = {"jsonl": [], "191$a": [], "991$a": [], "993$a": []}
    with open(corpus / "undl_marc/records_summary.odd_records.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out["jsonl"] += [r["symbol"], *(a["agenda_symbol"] for a in r["agenda"])]
            out["jsonl"] += [x["symbol"] for x in r["related"]]
    root = etree.parse(str(corpus / "undl_marc/session_78_committee_3_drafts.odd_records.xml"))
    for f in root.iter(f"{_MARC}datafield"):
        key = f"{f.get('tag')}$a"
        if key in out:
            out[key] += [sf.text or "" for sf in f.iter(f"{_MARC}subfield") if sf.get("code") == "a"]
    return out


def mandate_citations(corpus: Path) -> dict[str, list[str]]:
    """``{docx file stem: [normalised resolution symbols]}`` from the hand-kept citation lists."""
    out: dict[str, list[str]] = {}
    for path in sorted((corpus / "un_reports_en").glob("mandate_citations_*.csv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                stem = row["File"].removesuffix(".json").replace("ADD", "Add")
                out.setdefault(stem, []).append(normalize_symbol(row["Full Document Symbol"]) or "?")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--write", action="store_true", help='replace "## Symbols and references" in RESULTS.md')
    args = ap.parse_args()
    corpus = args.corpus
    lines: list[str] = []

    def say(line: str) -> None:  # shown, and collected for RESULTS.md
        lines.append(line)
        sys.stdout.write(line + "\n")

    # (a) UN Digital Library symbols
    by_source = marc_symbols(corpus)
    syms = [x for v in by_source.values() for x in v]
    same = [x for x in syms if normalize_symbol(x) == x]
    parts = ", ".join(
        f"{k} {sum(normalize_symbol(x) == x for x in v)}/{len(v)}" for k, v in by_source.items()
    )
    odd = sorted({x for x in same if not parse_symbol(x).known_body})
    say(
        f"(a) UNDL symbols normalising to themselves: {len(same)}/{len(syms)} ({parts}; {len(set(syms))} distinct)"
    )
    say(f"    parsed, but with an organ prefix no UN body uses (typo in the source record): {odd}")

    # (b) mandate citations in the six reports
    cites = mandate_citations(corpus)
    found = total = 0
    for stem, want in sorted(cites.items()):
        refs = set(extract_references(docx_text(corpus / "un_reports_en/docx" / f"{stem}.docx"), "en"))
        hit = [w for w in want if w in refs]
        found += len(hit)
        total += len(want)
        say(f"    {stem:<16} {len(hit)}/{len(want)} cited resolutions found, {len(refs)} references in all")
    say(f"(b) mandate resolutions found in the DOCX text: {found}/{total}")

    # (c) Security Council resolutions: symbols found, and a sample to eyeball
    files = sorted((corpus / "unsc_resolutions_en/texts").glob("*.txt"))
    hits: list[tuple[str, str, str]] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        for a, b, s in find_symbol_spans(text):
            hits.append((f.name, s.value, re.sub(r"\s+", " ", text[max(0, a - 30) : b + 20])))
    organs = Counter(v.split("/")[0] for _, v, _ in hits)
    say(f"(c) unsc_resolutions_en: {len(files)} files, {len(hits)} symbols, organ prefixes {dict(organs)}")
    rng = random.Random(7)
    for name, value, ctx in rng.sample(hits, min(15, len(hits))):
        say(f"    {name[:15]} {value:<22} …{ctx}…")
    own = 0
    for f in files:  # S_RES_0449_1979_EN_GOLD.txt cites itself in its heading "Resolution 449 (1979)"
        n, year = f.name.split("_")[2:4]
        own += f"S/RES/{int(n)} ({year})" in extract_references(f.read_text(encoding="utf-8"), "en")
    n_refs = sum(len(extract_references(f.read_text(encoding="utf-8"), "en")) for f in files)
    say(
        f"    extract_references: {n_refs} distinct references in all; own symbol found in {own}/{len(files)} files"
    )
    seed = extract_references((corpus / "seed/letter-2003-06-04.fr.txt").read_text(encoding="utf-8"), "fr")
    say(f"    seed letter references: {seed}")

    # (d) speed: find_symbols on the longest report text, repeated to ~100 pages
    text = max((docx_text(p) for p in sorted((corpus / "un_reports_en/docx").glob("*.docx"))), key=len)
    big = (text * (1 + 300_000 // max(1, len(text))))[:300_000]

    def best(fn: Callable[[], object]) -> float:  # best of 5, in ms: the machine is shared
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times) * 1000

    n = len(find_symbols(big))
    ms = best(lambda: find_symbols(big))
    ms2 = best(lambda: extract_references(big, "en"))
    dense = "\n".join(f.read_text(encoding="utf-8") for f in files)
    n_dense = len(find_symbols(dense))
    ms3 = best(lambda: find_symbols(dense))
    say(
        f"(d) speed (best of 5) on {len(big):,} chars (~100 pages): find_symbols {ms:.1f} ms ({n} symbols), "
        f"extract_references {ms2:.1f} ms; all 226 SC resolutions ({len(dense):,} chars): "
        f"find_symbols {ms3:.1f} ms ({n_dense} symbols); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import write_section

        body = "```\n" + "\n".join(lines) + "\n```"
        write_section("Symbols and references", body, ".venv/bin/python bench/references.py --write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
