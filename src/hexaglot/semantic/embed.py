"""``hexaglot embed``: sentence vectors for the documents of an archive that lack them.

An archive ingested without embeddings (``--no-embeddings``), line-parallel text (UNPC), a batch
output loaded from Parquet or an archive made before schema v6 has no vectors. This adds them one
document at a time, each in its own transaction (with the vector generation bump), so a kill at any
moment leaves whole documents, and the next run starts where this one stopped: it asks the
database which documents still have a sentence without a vector.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hexaglot.semantic.codec import encode, to_blob
from hexaglot.store.vectors import bump_generation, documents_to_embed, sentences_to_embed, write_vectors

if TYPE_CHECKING:
    from hexaglot.ingest.runner import Progress
    from hexaglot.store.db import Store


@dataclass
class EmbedReport:
    documents: int = 0
    sentences: int = 0
    seconds: float = 0.0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


def embed_archive(store: Store, langs: Sequence[str] | None = None, progress: Progress | None = None,
                  batch: int = 256) -> EmbedReport:
    """Vectors for every sentence (every kind but table cells) in ``langs`` (all when empty) that has
    none; the caller holds the writer lock."""
    t0 = time.perf_counter()
    report = EmbedReport()
    with store.snapshot() as c:
        docs = documents_to_embed(c, langs)
    if progress:
        progress.start("documents", len(docs))
    for doc_id in docs:
        with store.snapshot() as c:
            rows = sentences_to_embed(c, doc_id, langs)
        blobs: list[tuple[int, bytes]] = []
        for k in range(0, len(rows), batch):
            part = rows[k:k + batch]
            vecs = encode([t for _, t in part], cached=False)
            blobs.extend((sid, to_blob(v)) for (sid, _), v in zip(part, vecs, strict=True))
        with store.transaction() as c:
            # the writer lock is held: the sentences read above are still there
            write_vectors(c, blobs)
            bump_generation(c)
        store.vector_docs.add(doc_id)
        report.documents += 1
        report.sentences += len(blobs)
        if progress:
            progress.advance()
    if progress:
        progress.stop()
    report.seconds = time.perf_counter() - t0
    return report
