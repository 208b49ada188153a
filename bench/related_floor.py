"""A floor for "related in meaning" (documents closest to a document): bench/RESULTS.md, "Related documents:
a similarity floor".

    PYTHONPATH=src:bench .venv/bin/python bench/related_floor.py [--work /tmp/related]

``Archive.related`` ranks every other document by the cosine of the documents' mean sentence vectors,
so a document always has "related" documents, however little they share. This measures what a floor
would have to separate, on one archive (built once under ``--work``, with vectors) of:

- the 226 shared Security Council resolutions (English, 1946-2002: ``unsc_resolutions_en``) and the
  UDHR (six languages): UN texts;
- the Text+Berg chapters (Swiss Alpine Club yearbooks, German and French, dev and test: 8 documents):
  texts that share nothing with the UN's.

*Off-domain*: a Text+Berg chapter's cosine with its nearest UN document, and a UN document's with its
nearest Text+Berg chapter: what "related" lists when the archive holds nothing on the subject.
*Same subject*: a resolution's cosine with the other resolutions about the same place: the place of
``PLACES`` its text names most often (at least twice), e.g. two resolutions on Cyprus. (Their titles
cannot serve: the old resolutions' subject headings are rarely printed.) Then the share of each a floor keeps (same subject) or removes
(off-domain), and their percentiles.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from align_eval import CORPUS  # noqa: E402

FLOORS = (0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40)
PCTS = (5, 25, 50, 75, 95)


def build(work: Path):  # type: ignore[no-untyped-def]
    import hexaglot

    path = work / "archive"
    a = hexaglot.open(path, create=True)
    if not a.store.conn.execute("SELECT 1 FROM versions LIMIT 1").fetchone():
        t0 = time.perf_counter()
        a.ingest([CORPUS / "unsc_resolutions_en" / "texts"], embeddings=False, workers=1)
        u = CORPUS / "un_parallel_docs" / "udhr" / "text"
        a.ingest_pairs({x: u / f"udhr.{x}.txt" for x in ("en", "fr", "es", "ru", "ar", "zh")}, doc_id="udhr",
                       embeddings=False)
        tb = CORPUS / "textberg_de_fr"
        for k in range(7):
            a.ingest_pairs({"de": tb / f"test/test{k}.de", "fr": tb / f"test/test{k}.fr"}, doc_id=f"textberg-test{k}",
                           embeddings=False)
        a.ingest_pairs({"de": tb / "dev/dev.de", "fr": tb / "dev/dev.fr"}, doc_id="textberg-dev", embeddings=False)
        print(f"ingest {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    t0 = time.perf_counter()
    rep = a.embed()
    print(f"embed: {rep.sentences} sentences in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return a


# the places the Council's resolutions of 1946-2002 are most often about (a fixed list, not tuned)
PLACES = ("Cyprus", "Palestine", "Israel", "Lebanon", "Syria", "Egypt", "Jordan", "Kashmir", "India", "Pakistan",
          "Korea", "Congo", "South Africa", "Southern Rhodesia", "Namibia", "Angola", "Mozambique", "Iraq", "Kuwait",
          "Iran", "Yugoslavia", "Bosnia", "Croatia", "Somalia", "Haiti", "Cambodia", "El Salvador", "Western Sahara",
          "Rwanda", "Liberia", "Georgia", "Indonesia", "Libya", "Sudan", "Guatemala", "Nicaragua", "Afghanistan",
          "Tajikistan", "Sierra Leone", "Timor")


def subject(text: str) -> str | None:
    """The place of :data:`PLACES` the text names most often, if at least twice."""
    counts = {p: len(re.findall(rf"\b{p}", text)) for p in PLACES}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] >= 2 else None


def pct(xs: list[float]) -> str:
    return " | ".join(f"{np.percentile(xs, p):.3f}" for p in PCTS) if xs else " |" * (len(PCTS) - 1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/related")
    args = ap.parse_args(argv)
    a = build(Path(args.work))
    ids, vecs = a._parts().vectors.documents()
    off = [k for k, d in enumerate(ids) if d.startswith("textberg")]
    un = [k for k, d in enumerate(ids) if not d.startswith("textberg")]
    sims = vecs @ vecs.T
    off_top = [float(sims[k, un].max()) for k in off] + [float(sims[k, off].max()) for k in un]
    texts: dict[str, list[str]] = defaultdict(list)
    for doc, text in a.store.conn.execute("SELECT v.doc_id, s.text FROM sentences s JOIN versions v ON "
                                          "v.id = s.version_id WHERE v.lang = 'en' ORDER BY s.id"):
        texts[doc].append(text)
    about: dict[str, list[int]] = defaultdict(list)
    for k in un:
        place = subject(" ".join(texts[ids[k]]))
        if place and ids[k] != "udhr":
            about[place].append(k)
    same = [float(sims[i, j]) for ks in about.values() for x, i in enumerate(ks) for j in ks[x + 1:]]
    groups = sum(1 for ks in about.values() if len(ks) > 1)
    un_all = [float(sims[i, j]) for x, i in enumerate(un) for j in un[x + 1:]]
    lines = [f"Archive: {len(un)} UN documents ({len(un) - 1} resolutions and the UDHR), {len(off)} Text+Berg "
             f"chapters; same-subject pairs: {len(same)} in {groups} places named most by two or more resolutions.",
             "", "| floor | same subject kept | off-domain top-1 removed | UN–UN pairs kept |", "|---:|---:|---:|---:|"]
    for f in FLOORS:
        kept = sum(x >= f for x in same)
        gone = sum(x < f for x in off_top)
        un_kept = sum(x >= f for x in un_all)
        lines.append(f"| {f:.2f} | {kept}/{len(same)} = {kept / max(1, len(same)):.1%} | {gone}/{len(off_top)} = "
                     f"{gone / len(off_top):.1%} | {un_kept / len(un_all):.1%} |")
    lines += ["", "| cosine | n | " + " | ".join(f"p{p}" for p in PCTS) + " |", "|---|---:|" + "---:|" * len(PCTS),
              f"| same subject (resolution pairs) | {len(same)} | {pct(same)} |",
              f"| off-domain: nearest across (Text+Berg ↔ UN) | {len(off_top)} | {pct(off_top)} |",
              f"| any two UN documents | {len(un_all)} | {pct(un_all)} |"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
