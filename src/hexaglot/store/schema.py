"""The archive's SQLite schema and its versioned migrations.

``PRAGMA user_version`` holds the schema version; :func:`migrate` applies every migration above it,
each in its own transaction, so an archive written by an older Hexaglot opens with a newer one.
A migration is never edited once released: a change of schema is a new entry at the end.
"""

from __future__ import annotations

import sqlite3

from hexaglot.errors import ArchiveError

_V1 = """
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,          -- normalised symbol, or an id from the file name
    symbol      TEXT,
    kind        TEXT NOT NULL,             -- text | parallel | catalogue
    title       TEXT,
    date        TEXT,
    year        INTEGER,
    organs      TEXT NOT NULL DEFAULT '[]',  -- JSON lists
    session     INTEGER,
    doc_type    TEXT,
    agenda      TEXT NOT NULL DEFAULT '[]',
    countries   TEXT NOT NULL DEFAULT '[]',
    updated     TEXT NOT NULL
);
CREATE INDEX documents_symbol ON documents(symbol);

CREATE TABLE versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: old ids stay dead
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    path        TEXT NOT NULL,
    format      TEXT NOT NULL,
    metadata    TEXT NOT NULL DEFAULT '{}',          -- hexaglot.model.Metadata as JSON
    n_sentences INTEGER NOT NULL DEFAULT 0,
    ingested    TEXT NOT NULL,
    UNIQUE (doc_id, lang)
);
CREATE INDEX versions_sha ON versions(sha256);

CREATE TABLE blocks (
    version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    label       TEXT NOT NULL,
    layer       TEXT NOT NULL,
    text        TEXT NOT NULL,
    orig        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, idx)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    block       INTEGER,
    start       INTEGER,
    end         INTEGER,
    text        TEXT NOT NULL,
    UNIQUE (version_id, idx)
);

CREATE TABLE alignments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    src_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    tgt_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    method      TEXT NOT NULL DEFAULT '',
    UNIQUE (src_version, tgt_version)
);
CREATE INDEX alignments_tgt ON alignments(tgt_version);
CREATE INDEX alignments_doc ON alignments(doc_id);

CREATE TABLE beads (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    alignment_id INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
    k            INTEGER NOT NULL,
    score        REAL NOT NULL,
    src          TEXT NOT NULL,   -- JSON list of sentence ids
    tgt          TEXT NOT NULL
);
CREATE INDEX beads_alignment ON beads(alignment_id, k);

CREATE TABLE bead_sentences (
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    bead_id     INTEGER NOT NULL REFERENCES beads(id) ON DELETE CASCADE,
    side        TEXT NOT NULL,    -- s | t
    PRIMARY KEY (sentence_id, bead_id)
) WITHOUT ROWID;
CREATE INDEX bead_sentences_bead ON bead_sentences(bead_id);

CREATE TABLE refs (
    src_doc     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,    -- a normalised symbol (the target may not be in the archive)
    kind        TEXT NOT NULL,    -- cites | related | resolution | report | agenda
    PRIMARY KEY (src_doc, target, kind)
) WITHOUT ROWID;
CREATE INDEX refs_target ON refs(target);

CREATE TABLE catalogue (
    doc_id      TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    recid       TEXT NOT NULL,
    record      TEXT NOT NULL     -- the parsed MARC record as JSON
);

CREATE TABLE files (
    path        TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    doc_id      TEXT,
    lang        TEXT,
    status      TEXT NOT NULL,    -- version | duplicate | error
    error       TEXT
);
CREATE INDEX files_sha ON files(sha256);
"""

_V2 = """
CREATE TABLE index_pending (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id      TEXT NOT NULL    -- written to the database, maybe not yet committed to the search index
);
"""

_V3 = """
ALTER TABLE sentences ADD COLUMN kind TEXT NOT NULL DEFAULT 'prose';  -- prose | title | footnote | cell
ALTER TABLE sentences ADD COLUMN unit TEXT;  -- a footnote's mark, a table cell's position
UPDATE sentences SET kind = 'title' WHERE EXISTS (SELECT 1 FROM blocks b WHERE b.version_id = sentences.version_id
    AND b.idx = sentences.block AND b.label IN ('title', 'heading', 'caption'));
UPDATE sentences SET kind = 'cell' WHERE EXISTS (SELECT 1 FROM blocks b WHERE b.version_id = sentences.version_id
    AND b.idx = sentences.block AND b.label = 'table');
CREATE INDEX sentences_kind ON sentences(version_id, kind);
INSERT INTO index_pending(doc_id) SELECT DISTINCT doc_id FROM versions;
UPDATE files SET sha256 = '' WHERE status = 'version'
"""
# Sentences of archives written before v3 are all body sentences: their kind comes from their block's
# label. Footnotes were not segmented then: the files of stored versions lose their recorded hash, so
# the next ingest of the same paths processes them again and adds their footnotes. The search index
# gains a ``kind`` field (a new layout, rebuilt by ``hexaglot reindex``): every document is queued
# for re-indexing, so ``check --repair`` or the next write also rebuilds it.

_V4 = """
CREATE TABLE tables (
    version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,                    -- the table's index in Document.tables
    label       TEXT,                                -- "Table 3", "Annex II, table 1"
    caption     TEXT,
    data        TEXT NOT NULL,                       -- hexaglot.model.Table as JSON
    PRIMARY KEY (version_id, idx)
) WITHOUT ROWID;
INSERT INTO index_pending(doc_id) SELECT DISTINCT doc_id FROM versions;
UPDATE files SET sha256 = '' WHERE status = 'version'
"""
# Each version keeps its tables (the web pages draw them). Before v4 a table was one ``cell``
# sentence (or one sentence per row, before tables were read at all); now each cell is its own unit
# (``Sentence.unit`` gives its table, row and column), aligned table by table. Stored versions are
# processed again by the next ingest of the same paths (their recorded hash is cleared), and the
# index is rebuilt with their cells.

_V5 = """
CREATE TABLE lexicon (
    pair        TEXT PRIMARY KEY,   -- "en-fr": the two languages in the order their alignments store them
    upto        INTEGER NOT NULL,   -- the highest alignment id counted
    alignments  INTEGER NOT NULL,   -- alignments counted (ids <= upto; fewer now: counted again from scratch)
    beads       INTEGER NOT NULL,   -- confident 1-1 beads counted
    threshold   REAL NOT NULL,      -- the calibrated score a bead needed
    links       INTEGER NOT NULL,   -- translation links the counts give
    data        BLOB NOT NULL,      -- hexaglot.align.archive_lexicon.LexiconCounts, zlib JSON
    updated     TEXT NOT NULL
) WITHOUT ROWID
"""
# The archive-wide translation table (hexaglot.store.lexicon): word co-occurrence counts over the
# confident beads of every alignment of a pair, updated alignment by alignment. An archive before v5
# has none: `hexaglot lexicon` or `hexaglot realign` learns it.

_V6 = """
CREATE TABLE vectors (
    sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    v           BLOB NOT NULL                        -- hexaglot.semantic.codec: DIM (160) int8 values
);
CREATE TABLE vector_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    n           INTEGER NOT NULL                     -- bumped by each transaction that may change vectors
);
INSERT INTO vector_generation(id, n) VALUES (1, 0)
"""
# A vector per sentence (every kind but table cells) for search by meaning, written in the
# document's transaction and removed with its sentence. The generation tells the vector index
# beside the database (``<archive>/vectors/``) whether it is stale: every document write (which
# may replace sentences, and so their vectors by cascade) and every ``hexaglot embed`` transaction
# bumps it. Archives made before v6 have no vectors: ``hexaglot
# embed`` adds them.

_V7 = """
CREATE TABLE word_models (
    src_lang    TEXT NOT NULL,                       -- the pair as trained; it serves the reverse pair too
    tgt_lang    TEXT NOT NULL,
    trained     TEXT NOT NULL,                       -- ISO time
    sentences   INTEGER NOT NULL,                    -- training pairs
    meta        TEXT NOT NULL DEFAULT '{}',          -- JSON: seconds, min_score
    model       BLOB NOT NULL,                       -- hexaglot.wordalign.WordAligner.to_bytes()
    PRIMARY KEY (src_lang, tgt_lang)
) WITHOUT ROWID
"""
# Word-alignment models (``hexaglot wordalign train``), one per language pair: the concordance marks the
# target words that render the query with them. Nothing to convert: an archive without a row for a pair
# falls back to the dictionaries.

_V8 = """
ALTER TABLE alignments ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'  -- JSON list: store.records.AlignmentData.notes
"""
# What the aligner doubted about a pair when it aligned it (one language on both sides, texts that are
# not translations of each other), kept so the reader and `hexaglot show` can say it later, not only the
# ingest that wrote it. Alignments written before v8 have none.

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8]
"""Migration ``i`` takes the schema from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; returns the version found before."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise ArchiveError(f"archive schema version {found} is newer than this Hexaglot ({SCHEMA_VERSION})")
    for version in range(found, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for stmt in _statements(MIGRATIONS[version]):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise ArchiveError(f"migration to schema version {version + 1} failed: {exc}") from exc
    return found


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (comments stripped, no semicolons inside strings)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
