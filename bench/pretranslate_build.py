"""Build the 1 M-sentence en–fr archive that ``bench/pretranslate_bench.py`` measures against (once, reused).

    .venv/bin/python bench/pretranslate_build.py --archive /tmp/hexaglot-pretranslate-1m --sentences 1000000

1. The whole shared corpus through the full pipeline (read → … → align, no embeddings): the real
   documents, among them the UDHR in six languages.
2. The UNPC dev set (366 documents, line-parallel), English and French.
3. Growth until the archive holds ``--sentences`` English sentences: every en–fr pair of steps 1–2
   re-ingested under new document ids ``REPL:<k>:<n>``, replica ``k`` with every number of both sides
   shifted by ``k`` (so the archive holds many near-duplicates that differ only in placeables, the
   hard case for ranking), 40 pairs per document, dates spread over 1990–2024. Replication only to
   measure scale: these are not real documents.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
_NUM = re.compile(r"(?<![\w/.])\d+(?![\w/])")


def shifted(text: str, k: int) -> str:
    return _NUM.sub(lambda m: str(int(m.group(0)) + k), text)


def en_sentences(a) -> int:  # type: ignore[no-untyped-def]
    return a.store.conn.execute("SELECT count(*) FROM sentences s JOIN versions v ON v.id = s.version_id "
                                "WHERE v.lang = 'en'").fetchone()[0]


def main() -> None:
    import hexaglot.archive
    from hexaglot.ingest import unpc_documents
    from hexaglot.ingest.parallel import ParallelDoc
    from hexaglot.store.records import Facets

    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default="/tmp/hexaglot-pretranslate-1m")
    ap.add_argument("--sentences", type=int, default=1_000_000)
    args = ap.parse_args()
    path = Path(args.archive)
    if path.exists():
        shutil.rmtree(path)
    a = hexaglot.archive.create(path)
    t0 = time.perf_counter()
    r = a.ingest([CORPUS], workers=1, embeddings=False)
    print(f"pipeline ingest: {r.documents_written} documents, {r.sentences_written} sentences "
          f"in {time.perf_counter() - t0:.0f} s", flush=True)
    unpc = [ParallelDoc(doc_id=d.doc_id, texts={x: d.texts[x] for x in ("en", "fr")},
                        paths={x: d.paths[x] for x in ("en", "fr")}, shas={x: d.shas[x] for x in ("en", "fr")},
                        facets=d.facets, aligned=True) for d in unpc_documents(CORPUS / "unpc_devset_6way")]
    a.ingest_parallel(unpc, embeddings=False)
    base = [(p.src, p.tgt) for p in a.pairs("en", "fr", units="all")]
    print(f"{len(base)} en-fr pairs to replicate; {en_sentences(a)} English sentences", flush=True)
    t0, k = time.perf_counter(), 0
    while (have := en_sentences(a)) < args.sentences:
        k += 1
        docs = []
        for n in range(0, len(base), 40):
            chunk = base[n:n + 40]
            texts = {"en": [shifted(s, k) for s, _ in chunk], "fr": [shifted(t, k) for _, t in chunk]}
            shas = {x: hashlib.sha256("\n".join(v).encode()).hexdigest() for x, v in texts.items()}
            docs.append(ParallelDoc(doc_id=f"REPL:{k}:{n // 40}", texts=texts,
                                    paths={x: f"replica-{k}-{n // 40}.{x}" for x in texts}, shas=shas,
                                    facets=Facets(date=f"{1990 + (k + n // 40) % 35}-01-01"), aligned=True))
        a.ingest_parallel(docs, embeddings=False)
        print(f"replica {k}: {have} English sentences, {time.perf_counter() - t0:.0f} s", flush=True)
    a.close()
    print(f"done: {en_sentences(hexaglot.archive.open(path))} English sentences, {k} replicas, "
          f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
