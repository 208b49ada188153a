"""What ``hexaglot check`` verifies about the vectors (after :mod:`hexaglot.store.check`).

- every stored vector has the codec's size (:data:`~hexaglot.semantic.codec.DIM` bytes);
- the vector index (``<archive>/vectors/``) holds exactly the database's vectors (same count, same
  sentence ids) when it is fresh (built from the database's current vector generation), and its
  code files hold every code its state names. A stale or missing index is *pending*: the next
  write, ``hexaglot reindex`` or ``check --repair`` rebuilds it.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from hexaglot.semantic.ann import VectorIndex
from hexaglot.semantic.codec import DIM
from hexaglot.store.check import CheckReport
from hexaglot.store.vectors import generation, vector_ids


def check_vectors(c: sqlite3.Connection, vectors: VectorIndex, report: CheckReport) -> None:
    n = int(c.execute("SELECT count(*) FROM vectors").fetchone()[0])
    report.counts["vectors"] = n
    bad = c.execute("SELECT sentence_id, length(v) FROM vectors WHERE length(v) != ? LIMIT 20", (DIM,)).fetchall()
    for sid, size in bad:
        report.error(f"vector of sentence {sid} has {size} bytes, not {DIM}")
    if not vectors.exists():
        if n:
            report.pending(f"no vector index for the {n} stored vectors; built by the next write, "
                           "`hexaglot reindex` or `hexaglot check --repair`")
        return
    meta = vectors.meta
    if meta.generation != generation(c):
        report.pending(f"vector index behind the database (generation {meta.generation}, database "
                       f"{generation(c)}); rebuilt by the next write, `hexaglot reindex` or `hexaglot check --repair`")
        return
    damaged = vectors.damaged()
    if damaged:
        report.error(f"vector index damaged: {damaged}; run `hexaglot check --repair`")
        return
    keys = vectors.keys()
    report.counts["vector_index"] = len(keys)
    db = np.asarray(vector_ids(c), dtype=np.int64)
    if len(keys) != len(db) or not np.array_equal(keys, db):
        missing = np.setdiff1d(db, keys)[:3].tolist()
        extra = np.setdiff1d(keys, db)[:3].tolist()
        report.error(f"vector index does not match the database ({len(keys)} vectors, database {len(db)}; "
                     f"missing e.g. {missing}, extra e.g. {extra}); run `hexaglot check --repair`")
