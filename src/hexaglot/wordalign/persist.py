"""Word models kept in the archive database (table ``word_models``, schema v7): one row per language
pair as trained (``src_lang`` → ``tgt_lang``), holding both directions in one compact blob.

A model trained for en→fr serves fr→en too (:meth:`WordAligner.reversed`). Functions take an open
``sqlite3`` connection, so they run inside the caller's transaction or snapshot.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from hexaglot.wordalign.model import WordAligner


@dataclass(frozen=True)
class WordModelInfo:
    """What the archive holds for one pair (no blob)."""

    src_lang: str
    tgt_lang: str
    trained: str  # ISO time
    sentences: int
    bytes: int
    seconds: float
    min_score: float
    trainer: str = "em"  # "em" or "eflomal <version>"


def save(c: sqlite3.Connection, model: WordAligner, trained: str, seconds: float, min_score: float) -> WordModelInfo:
    """Store (or replace) the model of its pair, and the reverse pair's row if any (one model per pair)."""
    blob = model.to_bytes()
    c.execute("DELETE FROM word_models WHERE (src_lang, tgt_lang) IN ((?, ?), (?, ?))",
              (model.src_lang, model.tgt_lang, model.tgt_lang, model.src_lang))
    meta = {"seconds": round(seconds, 2), "min_score": min_score, "trainer": model.trainer}
    c.execute("INSERT INTO word_models(src_lang, tgt_lang, trained, sentences, meta, model) VALUES (?, ?, ?, ?, ?, ?)",
              (model.src_lang, model.tgt_lang, trained, model.sentences, json.dumps(meta), blob))
    return WordModelInfo(model.src_lang, model.tgt_lang, trained, model.sentences, len(blob), seconds, min_score,
                         model.trainer)


def stamp(c: sqlite3.Connection, src: str, tgt: str) -> tuple[str, str, str] | None:
    """``(src_lang, tgt_lang, trained)`` of the row serving ``src``→``tgt`` (either way round), or None."""
    row = c.execute("SELECT src_lang, tgt_lang, trained FROM word_models WHERE (src_lang, tgt_lang) IN "
                    "((?, ?), (?, ?)) ORDER BY src_lang = ? DESC LIMIT 1", (src, tgt, tgt, src, src)).fetchone()
    return (row[0], row[1], row[2]) if row else None


def load(c: sqlite3.Connection, src: str, tgt: str) -> WordAligner | None:
    """The trained model for ``src``→``tgt`` (reversed if it was trained the other way), or None."""
    row = c.execute("SELECT src_lang, model FROM word_models WHERE (src_lang, tgt_lang) IN ((?, ?), (?, ?)) "
                    "ORDER BY src_lang = ? DESC LIMIT 1", (src, tgt, tgt, src, src)).fetchone()
    if row is None:
        return None
    model = WordAligner.from_bytes(row[1])
    return model if row[0] == src else model.reversed()


def infos(c: sqlite3.Connection) -> list[WordModelInfo]:
    out = []
    for s, t, trained, n, meta, size in c.execute(
            "SELECT src_lang, tgt_lang, trained, sentences, meta, length(model) FROM word_models ORDER BY 1, 2"):
        m = json.loads(meta or "{}")
        out.append(WordModelInfo(s, t, trained, n, size, float(m.get("seconds", 0.0)), float(m.get("min_score", 0.0)),
                                 str(m.get("trainer", "em"))))
    return out
