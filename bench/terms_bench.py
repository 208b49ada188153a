"""Terminology benchmark: do the top equivalents equal the UNBIS Thesaurus labels?

    .venv/bin/python bench/terms_bench.py --archive /tmp/hexaglot-terms-bench [--unbis FILE] [--misses]
        [--links none|model|dictionary] [--link-weight W]

1. Builds (once) an archive of the shared corpus's parallel text: the UNPC 6-way dev set (366
   documents, 2,033 sentence tuples, 2015, line-aligned), the UDHR in six languages (aligned by
   Hexaglot, no embeddings) and MAC zh-en document 001 (line-aligned). The English-only reports and
   resolutions hold no translation and are left out.
2. Takes the UNBIS concepts (``terminology_dev/unbis_dev.tsv``, kind ``concept``) whose English label
   occurs at least 5 times in the archive's English sentences (case- and accent-insensitive, whole
   words), looks each label up (``Archive.term``, src en) and compares the top equivalent in fr, es,
   ru, zh and ar with that language's label, case- and accent-insensitive, three ways:
   - *form*: the equivalent's name (its citation form, else its most frequent form where it renders
     the term) equals the label;
   - *variant*: the label is one of the inflected forms grouped under the equivalent;
   - *key*: the label's grouping key (folded, lightly stemmed) is the equivalent's key.
   A label's parenthetical qualifier, which the thesaurus adds to tell homographs apart ("Пол (в
   биологии)", "Соединенные Штаты (Америки)"), is left out of the comparison in every language;
   the last column keeps it (the key compared with the label as written).
   The concepts are also split into halves by id (even/odd position): the rules are general, not
   tuned per concept, and the two halves show how much the figure moves on concepts not looked at.
3. ``--links model``: the pair's word model (trained in the archive first when it has none,
   ``Archive.train_word_aligner``) adds its links to the association (``Archive.term(word_links=True)``);
   ``--links dictionary``: the untrained aligner (dictionaries and identical forms only) does.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
LANGS6 = ["ar", "en", "es", "fr", "ru", "zh"]
TARGETS = ["fr", "es", "ru", "zh", "ar"]
QUALIFIER = re.compile(r"\s*\([^()]*\)")
COLUMN = {"en": 2, "fr": 3, "es": 4, "ru": 5, "zh": 6, "ar": 7}


def build(path: Path) -> None:
    import hexaglot
    from hexaglot.ingest import unpc_documents

    with hexaglot.create(path) as a:
        a.ingest_parallel(unpc_documents(CORPUS / "unpc_devset_6way"), embeddings=False)
        udhr = CORPUS / "un_parallel_docs" / "udhr" / "text"
        a.ingest_pairs({x: udhr / f"udhr.{x}.txt" for x in LANGS6}, doc_id="udhr", embeddings=False)
        mac = CORPUS / "mac_zh_en" / "dev"
        a.ingest_pairs({"zh": mac / "zh" / "001.zh", "en": mac / "en" / "001.en"}, doc_id="mac-001",
                       embeddings=False)


def concepts(path: Path) -> list[list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [r for r in rows if len(r) >= 8 and r[1] == "concept"]


def english_counts(archive, labels: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from hexaglot.terms.extract import fold, term_lang

    en = term_lang("en")
    with archive.store.snapshot() as c:
        texts = [fold(t, en) for (t,) in c.execute(
            "SELECT s.text FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.lang = 'en'")]
    blob = "\n".join(texts)
    out = {}
    for label in labels:
        pat = re.compile(r"(?<!\w)" + re.escape(fold(label, en)) + r"(?!\w)")
        out[label] = len(pat.findall(blob))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, default=Path("/tmp/hexaglot-terms-bench"))
    ap.add_argument("--unbis", type=Path, default=CORPUS / "terminology_dev" / "unbis_dev.tsv")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--misses", action="store_true", help="Print each concept whose top equivalent differs.")
    ap.add_argument("--links", choices=["none", "model", "dictionary"], default="none",
                    help="Word links as evidence: none, the archive's trained word model, or the dictionaries only.")
    ap.add_argument("--link-weight", type=float, default=None, help="The links' share of the score.")
    args = ap.parse_args()

    import hexaglot
    from hexaglot.terms.extract import fold, key_of, term_lang

    if not (args.archive / "archive.sqlite").is_file():
        t0 = time.perf_counter()
        build(args.archive)
        print(f"built {args.archive} in {time.perf_counter() - t0:.0f} s")
    rows = concepts(args.unbis)
    with hexaglot.open(args.archive) as a:
        counts = english_counts(a, [r[2] for r in rows])
        qualify = [(i, r) for i, r in enumerate(rows) if counts[r[2]] >= args.min_count]
        print(f"{len(rows)} concepts; {len(qualify)} with the English label {args.min_count}+ times in the archive")
        print()
        print("| target | concepts | form | variant | key | key, even half | key, odd half | key, qualifier kept "
              "| look-ups/s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tgt in TARGETS:
            lang = term_lang(tgt)
            t0 = time.perf_counter()
            hits = {"form": [], "variant": [], "key": [], "kept": []}  # type: dict[str, list[tuple[int, bool]]]
            link = None
            if args.links == "model" and not a.word_aligner("en", tgt).trained:
                t2 = time.perf_counter()
                a.train_word_aligner("en", tgt)
                print(f"trained the en-{tgt} word model in {time.perf_counter() - t2:.0f} s")
            if args.links == "dictionary":
                from hexaglot.terms.links import AlignmentLinks
                from hexaglot.wordalign.model import WordAligner

                link = AlignmentLinks(WordAligner.untrained("en", tgt))
            if args.link_weight is not None:
                from hexaglot.terms import rank

                rank.LINK_WEIGHT = args.link_weight
            a.term("united nations", src="en", tgt=tgt)  # builds the bitext once (timed apart)
            t1 = time.perf_counter()
            for i, r in qualify:
                written = r[COLUMN[tgt]]
                label = QUALIFIER.sub("", written).strip() or written
                res = a.term(r[2], src="en", tgt=tgt, link=link, word_links=args.links == "model")
                top = res.equivalents[0] if res.equivalents else None
                gold = fold(label, lang)
                form = top is not None and fold(top.term, lang) == gold
                variant = top is not None and gold in {fold(v, lang) for v in (top.term, *top.variants)}
                key = top is not None and top.key == key_of(label, lang)
                kept = top is not None and top.key == key_of(written, lang)
                for name, ok in (("form", form), ("variant", variant), ("key", key), ("kept", kept)):
                    hits[name].append((i, ok))
                if args.misses and not key:
                    print(f"  miss {tgt}: {r[2]} | {label} | "
                          f"{[(e.term, e.cooccurrences, e.frequency) for e in res.equivalents[:3]]}")
            per_s = len(qualify) / (time.perf_counter() - t1)

            def pct(pairs: list[tuple[int, bool]]) -> str:
                return f"{sum(ok for _, ok in pairs)}/{len(pairs)} = {sum(ok for _, ok in pairs) / max(1, len(pairs)):.1%}"

            halves = [[p for p in hits["key"] if p[0] % 2 == h] for h in (0, 1)]
            print(f"| en→{tgt} | {len(qualify)} | {pct(hits['form'])} | {pct(hits['variant'])} | {pct(hits['key'])} "
                  f"| {pct(halves[0])} | {pct(halves[1])} | {pct(hits['kept'])} | {per_s:.1f} (bitext {t1 - t0:.1f} s) |")


if __name__ == "__main__":
    main()
