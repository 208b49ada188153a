"""``hexaglot check``: is the archive sound? and the repair of its search index.

The database is the record; the index is derived. The checks, in order:

1. SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
2. no half-present document: every version holds exactly ``n_sentences`` sentences numbered
   ``0 … n-1``; every alignment joins two versions of its own document; every bead names
   sentences that exist and belong to the alignment's source or target version;
3. the archive's lexicon (``lexicon`` table), when there is one, holds readable, consistent counts;
4. the search index holds exactly the database's sentences (same ids, same documents).

An index difference confined to documents listed in ``index_pending`` (written to the database
by an ingest that stopped before its next index commit) is *pending*, not an error: the next
ingest, or ``check --repair``, re-indexes those documents from the database.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "pending"]


@dataclass
class Issue:
    severity: Severity
    message: str


@dataclass
class CheckReport:
    """What :meth:`hexaglot.archive.Archive.check` found."""

    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    index_checked: bool = True
    repaired: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No corruption (pending index work is allowed: it is repaired automatically)."""
        return not any(i.severity == "error" for i in self.issues)

    @property
    def clean(self) -> bool:
        """No issue of any kind, and the index was compared."""
        return not self.issues and self.index_checked

    def error(self, message: str) -> None:
        self.issues.append(Issue("error", message))

    def pending(self, message: str) -> None:
        self.issues.append(Issue("pending", message))


_LIMIT = 20  # issues of one kind listed before "... and N more"


def _listed(report: CheckReport, rows: list[Any], what: str) -> None:
    for row in rows[:_LIMIT]:
        report.error(what.format(*row))
    if len(rows) > _LIMIT:
        report.error(f"... and {len(rows) - _LIMIT} more like this")


def check_database(conn: sqlite3.Connection, report: CheckReport) -> None:
    """SQLite integrity, foreign keys and the document invariants (run inside one snapshot)."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        for r in rows[:_LIMIT]:
            report.error(f"SQLite integrity: {r}")
        return  # a damaged file: the other checks would only repeat it
    _listed(report, conn.execute("PRAGMA foreign_key_check").fetchall(),
            "foreign key: a row of {0} (rowid {1}) points at a missing row of {2}")
    _listed(report, conn.execute(
        "SELECT v.doc_id, v.lang, v.n_sentences, count(s.id), coalesce(max(s.idx), -1) "
        "FROM versions v LEFT JOIN sentences s ON s.version_id = v.id GROUP BY v.id "
        "HAVING count(s.id) != v.n_sentences OR coalesce(max(s.idx), -1) != count(s.id) - 1").fetchall(),
        "half-present version {0} [{1}]: {2} sentences recorded, {3} stored (last index {4})")
    _listed(report, conn.execute(
        "SELECT a.doc_id, a.id FROM alignments a JOIN versions sv ON sv.id = a.src_version "
        "JOIN versions tv ON tv.id = a.tgt_version WHERE sv.doc_id != a.doc_id OR tv.doc_id != a.doc_id"
        ).fetchall(), "alignment {1} of {0} joins versions of another document")
    bad = conn.execute(
        "SELECT a.doc_id, b.id, j.value FROM beads b JOIN alignments a ON a.id = b.alignment_id, "
        "json_each(b.src) j LEFT JOIN sentences s ON s.id = j.value "
        "WHERE s.id IS NULL OR s.version_id != a.src_version "
        "UNION ALL "
        "SELECT a.doc_id, b.id, j.value FROM beads b JOIN alignments a ON a.id = b.alignment_id, "
        "json_each(b.tgt) j LEFT JOIN sentences s ON s.id = j.value "
        "WHERE s.id IS NULL OR s.version_id != a.tgt_version").fetchall()
    _listed(report, bad, "bead {1} of {0} points at sentence {2}, which is missing or in another version")
    _listed(report, conn.execute(
        "SELECT a.doc_id, a.id FROM alignments a WHERE NOT EXISTS "
        "(SELECT 1 FROM beads b WHERE b.alignment_id = a.id) AND EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.version_id IN (a.src_version, a.tgt_version))").fetchall(),
        "alignment {1} of {0} has no beads although its versions have sentences")
    from hexaglot.store.lexicon import check_lexicon

    for problem in check_lexicon(conn):
        report.error(problem)
    for t in ("documents", "versions", "sentences", "alignments", "beads", "index_pending"):
        report.counts[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]


def database_sentences(conn: sqlite3.Connection) -> dict[int, str]:
    """``sentence id → document id`` for every stored sentence."""
    return dict(conn.execute("SELECT s.id, v.doc_id FROM sentences s JOIN versions v ON v.id = s.version_id"))


def index_sentences(index: Any) -> dict[int, str]:
    """``sentence id → document id`` for every sentence in the committed search index."""
    import tantivy

    searcher = index.searcher()
    n = searcher.num_docs
    out: dict[int, str] = {}
    if n == 0:
        return out
    for _, addr in searcher.search(tantivy.Query.all_query(), limit=n).hits:
        doc = searcher.doc(addr)
        sid = doc.get_first("sentence_id")
        if sid is not None:
            out[int(sid)] = str(doc.get_first("doc_id") or "")
    return out


def compare_index(db: dict[int, str], idx: dict[int, str], pending: set[str], report: CheckReport) -> set[str]:
    """Record the differences; returns the documents whose index entries are wrong."""
    wrong: dict[str, list[int]] = {}
    for sid, doc in db.items():
        if idx.get(sid) != doc:
            wrong.setdefault(doc, []).append(sid)
    for sid, doc in idx.items():
        if sid not in db:
            wrong.setdefault(doc, []).append(sid)
    listed = 0
    for doc, sids in sorted(wrong.items()):
        if doc in pending:
            report.pending(f"search index behind the database for {doc} ({len(sids)} sentences); "
                           "repaired by the next ingest or by `hexaglot check --repair`")
        elif listed < _LIMIT:
            report.error(f"search index does not match the database for {doc!r} ({len(sids)} sentences, "
                         f"e.g. id {sids[0]}); run `hexaglot check --repair`")
            listed += 1
    hidden = sum(1 for d in wrong if d not in pending) - listed
    if hidden > 0:
        report.error(f"... and {hidden} more documents whose index entries do not match")
    report.counts["index_sentences"] = len(idx)
    return set(wrong)


def sync_documents(store: Any, index: Any, doc_ids: list[str]) -> int:
    """Replace the index entries of ``doc_ids`` by what the database holds; returns sentences indexed."""
    from hexaglot.store.read import index_rows

    n = 0
    for k in range(0, len(doc_ids), 500):
        chunk = doc_ids[k:k + 500]
        with store.snapshot() as c:
            n += index.replace_documents(chunk, list(index_rows(c, chunk)))
    return n


def timed(report: CheckReport, t0: float) -> CheckReport:
    report.seconds = time.perf_counter() - t0
    return report


def to_json(report: CheckReport) -> str:
    return json.dumps({"ok": report.ok, "clean": report.clean, "index_checked": report.index_checked,
                       "issues": [{"severity": i.severity, "message": i.message} for i in report.issues],
                       "counts": report.counts, "repaired": report.repaired,
                       "seconds": round(report.seconds, 3)}, ensure_ascii=False)
