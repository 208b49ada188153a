"""The vector index beside the database: ``<archive>/vectors/`` (usearch HNSW over the stored int8
vectors, cosine), plus the document vectors (for related documents). Derived data, like the search
index: rebuilt from the ``vectors`` table whenever it is stale.

``meta.json`` names the database's vector generation the files were built from
(:func:`hexaglot.store.vectors.generation`). A writer rebuilds the index when it finishes (and
``hexaglot reindex`` always does); a reader that finds it stale still uses it, knowing that
sentences written since are missing from it, and every hit is read back from the database, so a
sentence deleted since never appears. Files are written to temporary names and renamed, the meta
last: a crash leaves the old index or the new one, and a stale meta at worst.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hexaglot.semantic.codec import DIM, MODEL, from_blobs, unit
from hexaglot.store.vectors import document_vector_rows, generation, iter_vectors

# bench/RESULTS.md "Semantic search", 1 M replicated vectors: expansion_add 64 gave recall@10 0.90 (search
# 96) to 0.95 (search 512); 200 gives 0.983 at search 256 (index p95 1.2 ms), 0.997 at 512, for a 5x build
CONNECTIVITY = 16
EXPANSION_ADD = 200
EXPANSION_SEARCH = 256


@dataclass
class Meta:
    generation: int = -1
    model: str = ""
    sentences: int = 0
    documents: int = 0

    @classmethod
    def read(cls, path: Path) -> Meta:
        try:
            data = json.loads(path.read_text())
            return cls(int(data["generation"]), str(data["model"]), int(data["sentences"]), int(data["documents"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()


class VectorIndex:
    """The files in ``folder`` (``<archive>/vectors``); opened lazily, memory-mapped."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._index = None
        self._docs: tuple[list[str], np.ndarray] | None = None
        self._loaded_meta: Meta | None = None

    @property
    def meta(self) -> Meta:
        return Meta.read(self.folder / "meta.json")

    def fresh(self, c: sqlite3.Connection) -> bool:
        m = self.meta
        return m.model == MODEL and m.generation == generation(c)

    def exists(self) -> bool:
        return (self.folder / "meta.json").is_file() and self.meta.model == MODEL

    # -- building -----------------------------------------------------------------------------

    def build(self, c: sqlite3.Connection) -> Meta:
        """Rebuild from the database (``c`` inside one snapshot); returns the new meta."""
        from usearch.index import Index

        self.folder.mkdir(parents=True, exist_ok=True)
        gen = generation(c)
        index = Index(ndim=DIM, metric="cos", dtype="i8", connectivity=CONNECTIVITY,
                      expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
        n = 0
        for ids, blobs in iter_vectors(c):
            index.add(np.asarray(ids, dtype=np.uint64), from_blobs(blobs), threads=0)  # 0: every core
            n += len(ids)
        doc_ids, doc_vecs = _document_vectors(c)
        tmp = f".tmp-{os.getpid()}"
        index.save(str(self.folder / f"sentences.usearch{tmp}"))
        with (self.folder / f"documents.npy{tmp}").open("wb") as fh:
            np.save(fh, doc_vecs, allow_pickle=False)
        (self.folder / f"documents.json{tmp}").write_text(json.dumps(doc_ids, ensure_ascii=False))
        meta = Meta(gen, MODEL, n, len(doc_ids))
        (self.folder / f"meta.json{tmp}").write_text(json.dumps(meta.__dict__))
        self.close()
        for name in ("sentences.usearch", "documents.npy", "documents.json", "meta.json"):
            os.replace(self.folder / f"{name}{tmp}", self.folder / name)
        return meta

    def close(self) -> None:
        self._index = None
        self._docs = None
        self._loaded_meta = None

    # -- reading ------------------------------------------------------------------------------

    def _load(self):  # -> usearch Index | None
        meta = self.meta
        if self._index is not None and self._loaded_meta == meta:
            return self._index
        self.close()
        path = self.folder / "sentences.usearch"
        if meta.model != MODEL or not path.is_file():
            return None
        from usearch.index import Index

        index = Index.restore(str(path), view=True)
        if index is None:
            return None
        index.expansion_search = EXPANSION_SEARCH
        self._index, self._loaded_meta = index, meta
        return index

    def __len__(self) -> int:
        index = self._load()
        return 0 if index is None else len(index)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest stored vectors to ``query`` (one int8 row): ``(sentence id, cosine)``."""
        index = self._load()
        if index is None or len(index) == 0:
            return []
        m = index.search(np.asarray(query, dtype=np.int8).reshape(DIM), min(k, len(index)))
        return [(int(key), 1.0 - float(d)) for key, d in zip(m.keys, m.distances, strict=True)]

    def keys(self) -> np.ndarray:
        index = self._load()
        return np.zeros(0, dtype=np.uint64) if index is None else np.asarray(index.keys, dtype=np.uint64)

    def documents(self) -> tuple[list[str], np.ndarray]:
        """``(doc ids, unit document vectors)`` as of the last build."""
        if self._docs is None:
            try:
                ids = json.loads((self.folder / "documents.json").read_text(encoding="utf-8"))
                vecs = np.load(self.folder / "documents.npy", allow_pickle=False)
            except (OSError, ValueError):
                ids, vecs = [], np.zeros((0, DIM), dtype=np.float32)
            self._docs = (ids, vecs)
        return self._docs


def _document_vectors(c: sqlite3.Connection) -> tuple[list[str], np.ndarray]:
    """A vector per document: the mean of its sentences' unit vectors, made unit length."""
    ids: list[str] = []
    rows: list[np.ndarray] = []
    current: str | None = None
    acc: list[bytes] = []

    def flush() -> None:
        if current is not None and acc:
            m = unit(from_blobs(acc)).mean(0)
            rows.append(m / max(float(np.linalg.norm(m)), 1e-12))
            ids.append(current)

    for doc_id, blob in document_vector_rows(c):
        if doc_id != current:
            flush()
            current, acc = doc_id, []
        acc.append(blob)
    flush()
    return ids, (np.stack(rows).astype(np.float32) if rows else np.zeros((0, DIM), dtype=np.float32))
