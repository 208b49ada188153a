"""Language identification: accuracy and speed on the UNPC 6-way dev set, its documents and the seed.

    .venv/bin/python bench/langid.py            # print the report
    .venv/bin/python bench/langid.py --record   # also write it to bench/RESULTS.md (## Language identification)
    .venv/bin/python bench/langid.py --check    # exit 1 if a pinned floor is not met
    .venv/bin/python bench/langid.py --errors 10
    .venv/bin/python bench/langid.py --others   # text in none of the six: German caught, UN text not flagged

Sentence level: every line of ``dev.{ar,zh,en,fr,ru,es}`` (2033 each) through ``detect_many``; a 6×6
confusion table (rows = true language, columns = predicted, ``-`` = no answer) and sentences/s for the
batch API and for one-at-a-time ``detect_language``. Document level: the lines of each document of
``dev.docs.jsonl`` joined in reading order, per language; the seed letter read through ``read()``;
the UDHR in the six languages when present.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from hexaglot.model import LANGS
from hexaglot.read.base import read
from hexaglot.read.langid import detect_document_language, detect_language, detect_many

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", REPO.parent / "shared" / "corpus"))
UNPC = CORPUS / "unpc_devset_6way"
SECTION = "Language identification"

# Floors (percent) pinned on the data whose hash is printed; raise them, never lower them silently.
DATA_HASH = "91857840ca7268bc"  # sha256[:16] of dev.{ar,zh,en,fr,ru,es} + dev.docs.jsonl
SENTENCE_FLOOR = 99.5
DOCUMENT_FLOOR = 99.5  # two of 366 ar/ru documents are English text (ST/SG/SER.E/INF/31)


def _pct(good: int, total: int) -> float:
    return 100.0 * good / total if total else 0.0


def data_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def sentence_level(errors: int) -> tuple[list[str], dict[str, float], list[str]]:
    lines: dict[str, list[str]] = {}
    for lang in LANGS:
        lines[lang] = (UNPC / f"dev.{lang}").read_text(encoding="utf-8").split("\n")[:2033]
    detect_many(["warm up the detector"])
    confusion = {lang: dict.fromkeys([*LANGS, "-"], 0) for lang in LANGS}
    shown: list[str] = []
    total = 0
    seconds = dict.fromkeys(LANGS, 0.0)
    for lang in LANGS:
        t0 = time.perf_counter()
        preds = detect_many(lines[lang])
        seconds[lang] = time.perf_counter() - t0
        for text, pred in zip(lines[lang], preds, strict=True):
            confusion[lang][pred or "-"] += 1
            total += 1
            if pred != lang and len(shown) < errors:
                shown.append(f"{lang}→{pred}: {text[:100]!r}")
    batch_rate = total / sum(seconds.values())
    script_rate = 3 * 2033 / sum(seconds[lang] for lang in ("ar", "zh", "ru"))
    lingua_rate = 3 * 2033 / sum(seconds[lang] for lang in ("en", "fr", "es"))
    t0 = time.perf_counter()
    sample = [t for lang in LANGS for t in lines[lang][:300]]
    for text in sample:
        detect_language(text)
    single_rate = len(sample) / (time.perf_counter() - t0)
    acc = {lang: _pct(confusion[lang][lang], sum(confusion[lang].values())) for lang in LANGS}
    out = ["| true \\ predicted | " + " | ".join([*LANGS, "-"]) + " | accuracy |",
           "|---|" + "---:|" * (len(LANGS) + 2)]
    for lang in LANGS:
        row = " | ".join(str(confusion[lang][p]) for p in [*LANGS, "-"])
        out.append(f"| **{lang}** | {row} | {acc[lang]:.2f}% |")
    out += ["", f"Sentences: {total}; batch `detect_many`: {batch_rate:,.0f} sentences/s overall — "
            f"{script_rate:,.0f}/s for ar/zh/ru (script rules), {lingua_rate:,.0f}/s for en/fr/es (lingua); "
            f"one at a time `detect_language`: {single_rate:,.0f} sentences/s (mixed languages, 1 800 lines). "
            f"{os.cpu_count()} CPUs."]
    return out, acc, shown


def document_level() -> tuple[list[str], dict[str, float]]:
    docs = [json.loads(x) for x in (UNPC / "dev.docs.jsonl").read_text(encoding="utf-8").splitlines() if x]
    lines = {lang: (UNPC / f"dev.{lang}").read_text(encoding="utf-8").split("\n") for lang in LANGS}
    good = dict.fromkeys(LANGS, 0)
    wrong: list[str] = []
    for doc in docs:
        for lang in LANGS:
            text = "\n".join(lines[lang][i] for i in doc["lines_in_en_order"])
            pred = detect_language(text)
            good[lang] += pred == lang
            if pred != lang:
                wrong.append(f"{doc['doc']} {lang}→{pred}")
    acc = {lang: _pct(good[lang], len(docs)) for lang in LANGS}
    out = [f"UNPC dev documents ({len(docs)} per language, lines joined in reading order): "
           + ", ".join(f"{lang} {acc[lang]:.2f}%" for lang in LANGS)]
    if wrong:
        out.append("Wrong: " + "; ".join(wrong[:10]))
    seed = CORPUS / "seed" / "letter-2003-06-04.fr.txt"
    if seed.exists():
        doc = read(seed, detect=lambda d: None)
        pred = detect_document_language(doc)
        acc["seed"] = 100.0 if pred == "fr" else 0.0
        out.append(f"Seed letter `{seed.name}` (read as txt): detected **{pred}** (expected fr).")
    udhr = sorted((CORPUS / "un_parallel_docs" / "udhr" / "text").glob("udhr.*.txt"))
    if udhr:
        res = []
        for p in udhr:
            want = p.name.split(".")[1]
            pred = detect_document_language(read(p, detect=lambda d: None))
            acc[f"udhr.{want}"] = 100.0 if pred == want else 0.0
            res.append(f"{want}→{pred}")
        out.append("UDHR (un_parallel_docs): " + ", ".join(res) + ".")
    return out, acc


def others() -> list[str]:
    """:func:`foreign_language` on UN text (every UNPC dev line and document, the UDHR, the shared reports'
    and resolutions' text: each flag is a false alarm) and on German (Text+Berg dev lines of 8 words or more,
    and runs of five lines: each miss is German read as a UN language)."""
    from hexaglot.read.langid import _WORD, OTHER_MIN_WORDS, document_sample, foreign_language

    out: list[str] = []
    lines = {lang: (UNPC / f"dev.{lang}").read_text(encoding="utf-8").split("\n") for lang in LANGS}
    long = {lang: [x for x in v if len(_WORD.findall(x)) >= OTHER_MIN_WORDS] for lang, v in lines.items()}
    flagged = {lang: [x for x in v if foreign_language(x)] for lang, v in long.items()}
    out.append(f"UNPC dev lines of ≥ {OTHER_MIN_WORDS} words flagged as another language: "
               + ", ".join(f"{lang} {len(flagged[lang])}/{len(long[lang])}" for lang in LANGS))
    for lang in LANGS:
        out.extend(f"  - {lang}: {foreign_language(x)}: {x[:100]}" for x in flagged[lang][:3])
    docs = [json.loads(x) for x in (UNPC / "dev.docs.jsonl").read_text(encoding="utf-8").splitlines() if x]
    doc_flags = [(d["doc"], lang) for d in docs for lang in LANGS
                 if foreign_language("\n".join(lines[lang][i] for i in d["lines_in_en_order"]))]
    out.append(f"UNPC dev documents flagged: {len(doc_flags)} of {len(docs) * len(LANGS)} {doc_flags[:5]}")
    texts = sorted((CORPUS / "un_parallel_docs" / "udhr" / "text").glob("udhr.*.txt"))
    texts += sorted((CORPUS / "seed").glob("*.txt"))
    for folder in ("un_reports_en", "unsc_resolutions_en"):
        texts += sorted(p for p in (CORPUS / folder).rglob("*") if p.suffix.lower() in (".pdf", ".docx"))
    flagged_docs = []
    for p in texts:
        doc = read(p, detect=lambda d: None)
        if foreign_language(document_sample(doc)):
            flagged_docs.append(p.name)
    out.append(f"UDHR, seed, reports and resolutions flagged: {len(flagged_docs)} of {len(texts)} {flagged_docs[:5]}")
    de = (CORPUS / "textberg_de_fr" / "dev" / "dev.de").read_text(encoding="utf-8").split("\n")
    de_long = [x for x in de if len(_WORD.findall(x)) >= OTHER_MIN_WORDS]
    caught = sum(1 for x in de_long if foreign_language(x) == "German")
    runs = [" ".join(de[k:k + 5]) for k in range(0, len(de) - 4, 5)]
    caught_runs = sum(1 for x in runs if foreign_language(x) == "German")
    out.append(f"Text+Berg dev German lines of ≥ {OTHER_MIN_WORDS} words said German: {caught}/{len(de_long)} "
               f"({_pct(caught, len(de_long)):.1f}%); runs of 5 lines: {caught_runs}/{len(runs)} "
               f"({_pct(caught_runs, len(runs)):.1f}%)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", action="store_true", help="write the report to bench/RESULTS.md")
    ap.add_argument("--check", action="store_true", help="exit 1 when a floor is not met")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified lines")
    ap.add_argument("--others", action="store_true", help="text in none of the six languages (langs/others.toml)")
    args = ap.parse_args(argv)
    if not UNPC.is_dir():
        print(f"corpus not found at {UNPC} (set HEXAGLOT_CORPUS)", file=sys.stderr)
        return 2
    if args.others:
        print("\n".join(others()))
        return 0
    files = [UNPC / f"dev.{lang}" for lang in LANGS] + [UNPC / "dev.docs.jsonl"]
    sent, sent_acc, shown = sentence_level(args.errors)
    docs, doc_acc = document_level()
    body = "\n".join([
        f"Data: `unpc_devset_6way/dev.*` sha256[:16] `{data_hash(files)}`; lingua-language-detector "
        "restricted to en/fr/es behind script rules for ar/zh/ru.",
        "", "### Sentences (one line = one sample)", "", *sent,
        "", "### Documents", "", *(f"- {line}" for line in docs),
        "", f"Floors (bench/langid.py --check): every language ≥ {SENTENCE_FLOOR}% of sentences, "
        f"documents {DOCUMENT_FLOOR}%.",
        "", "Error analysis: the ar/zh/ru misses are lines that really are English in those files "
        "('Distr.: General', '6 February 2015', names); the en/fr/es misses are headings of 1–4 words and "
        "names ('Côte d'Ivoire', 'Liechtenstein', 'Total', 'Introduction'). The word-list weights of "
        "`hexaglot.read.langid._decide` were chosen on this dev set and the margin above 99.5% is 0–2 "
        "lines per language: confirm on the held-out half before raising the floor.",
    ])
    print(body)
    for line in shown:
        print("  ", line)
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import write_section

        write_section(SECTION, body, command=".venv/bin/python bench/langid.py --record")
    failed = [f"{k} {v:.2f}%" for k, v in sent_acc.items() if v < SENTENCE_FLOOR]
    failed += [f"doc {k} {v:.2f}%" for k, v in doc_acc.items() if v < DOCUMENT_FLOOR]
    if args.check and data_hash(files) != DATA_HASH:
        print(f"warning: data hash {data_hash(files)} differs from the pinned {DATA_HASH}; floors may not apply",
              file=sys.stderr)
    if args.check and failed:
        print("below floor: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
