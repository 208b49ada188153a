"""The ``vectors`` table (schema v6): one stored sentence vector per sentence, and its generation.

The bytes are :mod:`hexaglot.semantic.codec`'s; this module only moves them in and out of SQLite.
Every function takes a connection (inside :meth:`Store.transaction` to write, :meth:`Store.snapshot`
to read). ``vector_generation.n`` changes in every transaction that may change the vectors, so the
vector index beside the database knows when it is stale.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

EMBEDDED_KINDS_SQL = "('prose', 'title', 'footnote')"  # hexaglot.semantic.codec.EMBEDDED_KINDS


def generation(c: sqlite3.Connection) -> int:
    return int(c.execute("SELECT n FROM vector_generation WHERE id = 1").fetchone()[0])


def bump_generation(c: sqlite3.Connection) -> None:
    c.execute("UPDATE vector_generation SET n = n + 1 WHERE id = 1")


def write_vectors(c: sqlite3.Connection, rows: Iterable[tuple[int, bytes]]) -> None:
    c.executemany("INSERT OR REPLACE INTO vectors(sentence_id, v) VALUES (?, ?)", rows)


def _lang_sql(langs: Sequence[str] | None) -> tuple[str, list[str]]:
    if not langs:
        return "", []
    return f" AND v.lang IN ({','.join('?' * len(langs))})", list(langs)


def documents_to_embed(c: sqlite3.Connection, langs: Sequence[str] | None = None) -> list[str]:
    """Documents with a sentence (of an embedded kind, in ``langs``) that has no vector yet."""
    where, args = _lang_sql(langs)
    return [r[0] for r in c.execute(
        "SELECT DISTINCT v.doc_id FROM sentences s JOIN versions v ON v.id = s.version_id "
        f"LEFT JOIN vectors x ON x.sentence_id = s.id WHERE x.sentence_id IS NULL "
        f"AND s.kind IN {EMBEDDED_KINDS_SQL}{where} ORDER BY v.doc_id", args)]


def vector_coverage(c: sqlite3.Connection) -> tuple[int, int]:
    """``(with a vector, without one)``: the sentences of an embedded kind, i.e. what a search by
    meaning reaches and what it cannot until ``hexaglot embed`` runs."""
    have, lack = c.execute(
        "SELECT count(x.sentence_id), count(*) - count(x.sentence_id) FROM sentences s "
        f"LEFT JOIN vectors x ON x.sentence_id = s.id WHERE s.kind IN {EMBEDDED_KINDS_SQL}").fetchone()
    return int(have), int(lack)


def sentences_to_embed(c: sqlite3.Connection, doc_id: str, langs: Sequence[str] | None = None
                       ) -> list[tuple[int, str]]:
    where, args = _lang_sql(langs)
    return [(int(i), t) for i, t in c.execute(
        "SELECT s.id, s.text FROM sentences s JOIN versions v ON v.id = s.version_id "
        "LEFT JOIN vectors x ON x.sentence_id = s.id WHERE v.doc_id = ? AND x.sentence_id IS NULL "
        f"AND s.kind IN {EMBEDDED_KINDS_SQL}{where} ORDER BY s.id", [doc_id, *args])]


def vectors_of(c: sqlite3.Connection, ids: Sequence[int]) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    for k in range(0, len(ids), 900):
        chunk = list(ids[k:k + 900])
        out.update((int(i), v) for i, v in c.execute(
            f"SELECT sentence_id, v FROM vectors WHERE sentence_id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def vector_ids(c: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in c.execute("SELECT sentence_id FROM vectors ORDER BY sentence_id")]


def sentence_ids_where(c: sqlite3.Connection, where: str, args: Sequence[object], langs: Sequence[str] | None,
                       kinds: Sequence[str] | None, limit: int) -> list[int] | None:
    """The ids of the sentences with a vector in the documents matching ``where`` (over ``documents d``),
    in ``langs`` and ``kinds``; ``None`` when there are more than ``limit``."""
    lw, la = _lang_sql(langs)
    kw = f" AND s.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    rows = c.execute(
        # CROSS JOIN keeps this order (documents first): left to itself, SQLite scans every sentence
        "SELECT s.id FROM documents d CROSS JOIN versions v CROSS JOIN sentences s CROSS JOIN vectors x "
        f"WHERE v.doc_id = d.id AND s.version_id = v.id AND x.sentence_id = s.id AND {where}{lw}{kw} LIMIT ?",
        [*args, *la, *(kinds or []), limit + 1]).fetchall()
    return None if len(rows) > limit else [int(r[0]) for r in rows]


def vector_rows(c: sqlite3.Connection, doc_ids: Sequence[str] | None = None
                ) -> Iterator[tuple[str, str, int, bytes]]:
    """``(doc id, lang, sentence id, vector)`` of every stored vector of the documents (all when
    ``None``), ordered by document, language and sentence."""
    sql = ("SELECT v.doc_id, v.lang, x.sentence_id, x.v FROM versions v CROSS JOIN sentences s CROSS JOIN vectors x "
           "WHERE s.version_id = v.id AND x.sentence_id = s.id")
    if doc_ids is None:
        yield from c.execute(f"{sql} ORDER BY v.doc_id, v.lang, x.sentence_id")
        return
    for d in doc_ids:
        yield from c.execute(f"{sql} AND v.doc_id = ? ORDER BY v.lang, x.sentence_id", (d,))
