"""The system of record: one SQLite database (WAL) per archive, written one document at a time.

Every document is written in a single ``BEGIN IMMEDIATE … COMMIT``: a reader (another connection,
another process) sees the whole earlier state of a document or the whole new one, never a mix.
Row ids use AUTOINCREMENT so the id of a replaced sentence is never given to another one.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hexaglot.errors import ArchiveError
from hexaglot.store.records import AlignmentData, DocumentData, SentenceData, VersionData
from hexaglot.store.schema import migrate
from hexaglot.store.vectors import bump_generation, vector_coverage, write_vectors


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A connection to ``archive.sqlite``; not shared between threads (open one Store per thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=60.0,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=60000")
            migrate(self.conn)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open archive database {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        # the documents whose vectors this process changed (written, replaced, embedded): the vector
        # index beside the database updates only those (hexaglot.archive, hexaglot.semantic.ann)
        self.vector_docs: set[str] = set()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything inside commits together or not at all."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the same committed state."""
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    # -- incremental ingest ---------------------------------------------------------------------

    def file_status(self, path: str) -> tuple[str, str | None] | None:
        """``(sha256, doc_id)`` last recorded for ``path``, or ``None``."""
        row = self.conn.execute("SELECT sha256, doc_id FROM files WHERE path = ?", (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def file_pending(self, path: str) -> bool:
        """Whether ``path`` was last recorded as failed, or as a conflict (not stored): the next
        ingest reads it again (and says again what stops it)."""
        row = self.conn.execute("SELECT status FROM files WHERE path = ?", (path,)).fetchone()
        return bool(row) and row[0] in ("error", "conflict")

    def stored_twin(self, sha: str) -> tuple[str, str, str | None] | None:
        """``(path, doc_id, lang)`` of a file with these bytes that holds a stored document (a version
        first, else a copy kept beside one), or ``None``."""
        row = self.conn.execute(
            "SELECT path, doc_id, lang FROM files WHERE sha256 = ? AND doc_id IS NOT NULL AND status != 'conflict' "
            "ORDER BY status != 'version', path LIMIT 1", (sha,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def record_file(self, path: str, sha: str, doc_id: str | None, lang: str | None, status: str,
                    error: str | None = None) -> None:
        with self.transaction() as c:
            _upsert_file(c, path, sha, doc_id, lang, status, error)

    def named_document_of(self, paths: list[str]) -> str | None:
        """The document (one without a symbol, named after its files) that one of ``paths`` went
        to in an earlier ingest, or ``None``."""
        if not paths:
            return None
        row = self.conn.execute(
            "SELECT f.doc_id FROM files f JOIN documents d ON d.id = f.doc_id "
            f"WHERE f.path IN ({','.join('?' * len(paths))}) AND d.symbol IS NULL ORDER BY f.path LIMIT 1",
            paths).fetchone()
        return row[0] if row else None

    def version_files(self, doc_id: str) -> dict[str, str]:
        """The file each stored version of a document was read from, by language."""
        return dict(self.conn.execute("SELECT lang, path FROM versions WHERE doc_id = ?", (doc_id,)).fetchall())

    def version_metadata(self, doc_id: str) -> dict[str, dict]:
        """The parsed metadata stored with each version of a document (``Metadata`` as JSON), by language."""
        rows = self.conn.execute("SELECT lang, metadata FROM versions WHERE doc_id = ?", (doc_id,)).fetchall()
        return {lang: json.loads(meta or "{}") for lang, meta in rows}

    def version_shas(self, doc_id: str) -> dict[str, str]:
        rows = self.conn.execute("SELECT lang, sha256 FROM versions WHERE doc_id = ?", (doc_id,))
        return dict(rows.fetchall())

    def document_kind(self, doc_id: str) -> str | None:
        """The stored document's kind (text, parallel or catalogue), or ``None`` when there is none."""
        row = self.conn.execute("SELECT kind FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def version_texts(self, doc_id: str) -> dict[str, list[SentenceData]]:
        """The stored sentences (text, kind, unit) of every version of a document, for re-aligning
        against a new one."""
        out: dict[str, list[SentenceData]] = {}
        with self.snapshot() as c:
            for lang, vid in c.execute("SELECT lang, id FROM versions WHERE doc_id = ?", (doc_id,)).fetchall():
                out[lang] = _sentences(c, vid)
        return out

    def stored_version(self, doc_id: str, lang: str) -> VersionData | None:
        """The stored ``lang`` version of a document (file, hash, format and sentences; no blocks
        or tables), for judging a new file that claims it (:func:`hexaglot.ingest.work.against_stored`)."""
        with self.snapshot() as c:
            row = c.execute("SELECT id, sha256, path, format FROM versions WHERE doc_id = ? AND lang = ?",
                            (doc_id, lang)).fetchone()
            if row is None:
                return None
            sentences = _sentences(c, row[0])
        return VersionData(lang=lang, sha256=row[1], path=row[2], format=row[3], sentences=sentences)

    # -- writing --------------------------------------------------------------------------------

    def elsewhere(self, d: DocumentData) -> list[str]:
        """Other documents holding a version read from one of ``d``'s files (a file whose new
        content belongs to another document): :meth:`write_document` removes those versions."""
        paths = [v.path for v in d.versions]
        if not paths:
            return []
        rows = self.conn.execute(
            f"SELECT DISTINCT doc_id FROM versions WHERE path IN ({','.join('?' * len(paths))}) AND doc_id != ?",
            (*paths, d.id)).fetchall()
        return [r[0] for r in rows]

    def write_document(self, d: DocumentData) -> int:
        """Write (or replace) one document in one transaction; returns the sentences written."""
        written = 0
        moved = self.elsewhere(d)
        try:
            with self.transaction() as c:
                for v in d.versions:
                    c.execute("DELETE FROM versions WHERE path = ? AND doc_id != ?", (v.path, d.id))
                _upsert_document(c, d)
                for v in d.versions:
                    written += _write_version(c, d.id, v)
                for a in d.alignments:
                    _write_alignment(c, d.id, a)
                if d.refs:
                    kinds = sorted({k for _, k in d.refs})
                    c.execute(f"DELETE FROM refs WHERE src_doc = ? AND kind IN ({','.join('?' * len(kinds))})",
                              (d.id, *kinds))
                    c.executemany("INSERT OR IGNORE INTO refs(src_doc, target, kind) VALUES (?, ?, ?)",
                                  [(d.id, t, k) for t, k in d.refs if t != d.id])
                for v in d.versions:
                    _upsert_file(c, v.path, v.sha256, d.id, v.lang, "version", None)
                for path, sha, status in d.files:
                    _upsert_file(c, path, sha, d.id, None, status, None)
                _mark_pending(c, [d.id, *moved])
                bump_generation(c)  # sentences were replaced: their vectors went with them
            self.vector_docs.update([d.id, *moved])
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot write document {d.id}: {exc}") from exc
        return written

    def replace_alignments(self, doc_id: str, alignments: list[AlignmentData]) -> int:
        """Replace some alignments of a stored document (``hexaglot realign``: the sentences stay) in
        one transaction, and queue the document for the index; returns the beads that are new
        (not in the alignment they replace)."""
        changed = 0
        try:
            with self.transaction() as c:
                for a in alignments:
                    old = _bead_keys(c, doc_id, a.src_lang, a.tgt_lang)
                    _write_alignment(c, doc_id, a)
                    changed += len(_bead_keys(c, doc_id, a.src_lang, a.tgt_lang) - old)
                _mark_pending(c, [doc_id])
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot write the alignments of {doc_id}: {exc}") from exc
        return changed

    def write_catalogue(self, d: DocumentData, recid: str, record: dict) -> None:
        with self.transaction() as c:
            _upsert_document(c, d)
            c.execute("INSERT OR REPLACE INTO catalogue(doc_id, recid, record) VALUES (?, ?, ?)",
                      (d.id, recid, json.dumps(record, ensure_ascii=False)))
            kinds = sorted({k for _, k in d.refs}) or ["related"]
            c.execute(f"DELETE FROM refs WHERE src_doc = ? AND kind IN ({','.join('?' * len(kinds))})",
                      (d.id, *kinds))
            c.executemany("INSERT OR IGNORE INTO refs(src_doc, target, kind) VALUES (?, ?, ?)",
                          [(d.id, t, k) for t, k in d.refs if t != d.id])
            _mark_pending(c, [d.id])

    # -- the search index's backlog (see docs/reliability.md) ----------------------------------------

    def pending_index(self) -> tuple[int, list[str]]:
        """``(high-water id, doc ids)`` of documents written here but maybe not yet in the index."""
        with self.snapshot() as c:
            upto = self.pending_high_water()
            ids = [r[0] for r in c.execute("SELECT DISTINCT doc_id FROM index_pending ORDER BY doc_id")]
        return upto, ids

    def count_sentences(self, doc_ids: list[str]) -> int:
        """The sentences of these documents, all versions."""
        total = 0
        with self.snapshot() as c:
            for k in range(0, len(doc_ids), 500):
                part = doc_ids[k:k + 500]
                total += int(c.execute(
                    f"SELECT count(*) FROM sentences s JOIN versions v ON v.id = s.version_id "
                    f"WHERE v.doc_id IN ({','.join('?' * len(part))})", part).fetchone()[0])
        return total

    def pending_high_water(self) -> int:
        """The highest backlog id (0 when empty); one statement, so callable inside a snapshot."""
        return int(self.conn.execute("SELECT max(id) FROM index_pending").fetchone()[0] or 0)

    def queue_all_for_index(self) -> None:
        """Put every document in the backlog (the search index was emptied for a new layout)."""
        with self.transaction() as c:
            c.execute("INSERT INTO index_pending(doc_id) SELECT DISTINCT doc_id FROM versions")

    def clear_pending_index(self, upto: int) -> None:
        """Forget the backlog up to ``upto`` (called after those documents' index commit)."""
        if upto > 0:
            with self.transaction() as c:
                c.execute("DELETE FROM index_pending WHERE id <= ?", (upto,))

    def doc_id_for_symbol(self, symbol: str) -> str | None:
        row = self.conn.execute("SELECT id FROM documents WHERE symbol = ? OR id = ? LIMIT 1",
                                (symbol, symbol)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        tables = ("documents", "versions", "sentences", "beads", "refs", "catalogue")
        out = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        out["vectors"], out["vectors_missing"] = vector_coverage(self.conn)  # searched by meaning / not yet
        return out


def _mark_pending(c: sqlite3.Connection, doc_ids: list[str]) -> None:
    c.executemany("INSERT INTO index_pending(doc_id) VALUES (?)", [(x,) for x in dict.fromkeys(doc_ids)])


def _sentences(c: sqlite3.Connection, version_id: int) -> list[SentenceData]:
    """A stored version's sentences (text, kind, unit) in their order."""
    return [SentenceData(t, kind=k, unit=u) for t, k, u in c.execute(
        "SELECT text, kind, unit FROM sentences WHERE version_id = ? ORDER BY idx", (version_id,))]


def _upsert_file(c: sqlite3.Connection, path: str, sha: str, doc_id: str | None, lang: str | None,
                 status: str, error: str | None) -> None:
    c.execute("INSERT INTO files(path, sha256, doc_id, lang, status, error) VALUES (?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, doc_id = excluded.doc_id, "
              "lang = excluded.lang, status = excluded.status, error = excluded.error",
              (path, sha, doc_id, lang, status, error))


def _upsert_document(c: sqlite3.Connection, d: DocumentData) -> None:
    f = d.facets
    c.execute(
        "INSERT INTO documents(id, symbol, kind, title, date, year, organs, session, doc_type, agenda, "
        "countries, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "symbol = COALESCE(excluded.symbol, symbol), "
        "kind = CASE WHEN excluded.kind = 'catalogue' THEN kind ELSE excluded.kind END, "
        "title = COALESCE(excluded.title, title), date = COALESCE(excluded.date, date), "
        "year = COALESCE(excluded.year, year), "
        "organs = CASE WHEN excluded.organs = '[]' THEN organs ELSE excluded.organs END, "
        "session = COALESCE(excluded.session, session), doc_type = COALESCE(excluded.doc_type, doc_type), "
        "agenda = CASE WHEN excluded.agenda = '[]' THEN agenda ELSE excluded.agenda END, "
        "countries = CASE WHEN excluded.countries = '[]' THEN countries ELSE excluded.countries END, "
        "updated = excluded.updated",
        (d.id, f.symbol, d.kind, f.title, f.date, f.year, json.dumps(f.organs), f.session, f.doc_type,
         json.dumps(f.agenda), json.dumps(f.countries), _now()))


def _write_version(c: sqlite3.Connection, doc_id: str, v: VersionData) -> int:
    c.execute("DELETE FROM versions WHERE doc_id = ? AND lang = ?", (doc_id, v.lang))
    cur = c.execute(
        "INSERT INTO versions(doc_id, lang, sha256, path, format, metadata, n_sentences, ingested) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, v.lang, v.sha256, v.path, v.format, json.dumps(v.metadata, ensure_ascii=False),
         len(v.sentences), _now()))
    vid = cur.lastrowid
    c.executemany("INSERT INTO blocks(version_id, idx, label, layer, text, orig) VALUES (?, ?, ?, ?, ?, ?)",
                  [(vid, i, b.label, b.layer, b.text, b.orig) for i, b in enumerate(v.blocks)])
    c.executemany("INSERT INTO sentences(version_id, idx, block, start, end, text, kind, unit) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  [(vid, i, s.block, s.start, s.end, s.text, s.kind or "prose", s.unit)
                   for i, s in enumerate(v.sentences)])
    c.executemany("INSERT INTO tables(version_id, idx, label, caption, data) VALUES (?, ?, ?, ?, ?)",
                  [(vid, i, t.get("label"), t.get("caption"), json.dumps(t, ensure_ascii=False))
                   for i, t in enumerate(v.tables)])
    if v.vectors is not None:
        write_vectors(c, [(sid, blob) for sid, blob in zip(_sentence_ids(c, vid), v.vectors, strict=True)
                          if blob is not None])
    return len(v.sentences)


def _sentence_ids(c: sqlite3.Connection, version_id: int) -> list[int]:
    return [i for (i,) in c.execute("SELECT id FROM sentences WHERE version_id = ? ORDER BY idx", (version_id,))]


def _write_alignment(c: sqlite3.Connection, doc_id: str, a: AlignmentData) -> None:
    vids = dict(c.execute("SELECT lang, id FROM versions WHERE doc_id = ? AND lang IN (?, ?)",
                          (doc_id, a.src_lang, a.tgt_lang)).fetchall())
    if a.src_lang not in vids or a.tgt_lang not in vids:
        raise ArchiveError(f"{doc_id}: alignment {a.src_lang}-{a.tgt_lang} names a version not stored")
    sv, tv = vids[a.src_lang], vids[a.tgt_lang]
    c.execute("DELETE FROM alignments WHERE (src_version = ? AND tgt_version = ?) OR "
              "(src_version = ? AND tgt_version = ?)", (sv, tv, tv, sv))
    aid = c.execute("INSERT INTO alignments(doc_id, src_version, tgt_version, method, notes) VALUES (?, ?, ?, ?, ?)",
                    (doc_id, sv, tv, a.method, json.dumps(a.notes, ensure_ascii=False))).lastrowid
    sids, tids = _sentence_ids(c, sv), _sentence_ids(c, tv)
    links: list[tuple[int, int, str]] = []
    for k, b in enumerate(a.beads):
        src = [sids[i] for i in b.src]
        tgt = [tids[j] for j in b.tgt]
        bid = c.execute("INSERT INTO beads(alignment_id, k, score, src, tgt) VALUES (?, ?, ?, ?, ?)",
                        (aid, k, float(b.score), json.dumps(src), json.dumps(tgt))).lastrowid
        links.extend((s, bid, "s") for s in src)
        links.extend((t, bid, "t") for t in tgt)
    c.executemany("INSERT OR IGNORE INTO bead_sentences(sentence_id, bead_id, side) VALUES (?, ?, ?)", links)


def _bead_keys(c: sqlite3.Connection, doc_id: str, src: str, tgt: str) -> set[tuple[str, str]]:
    """The beads (source and target sentence ids) of the document's ``src``–``tgt`` alignment."""
    return set(c.execute(
        "SELECT b.src, b.tgt FROM beads b JOIN alignments a ON a.id = b.alignment_id "
        "JOIN versions sv ON sv.id = a.src_version JOIN versions tv ON tv.id = a.tgt_version "
        "WHERE a.doc_id = ? AND sv.lang = ? AND tv.lang = ?", (doc_id, src, tgt)).fetchall())
