"""Read queries the web needs beyond the archive API: a faceted document list, a document's full
record (metadata of each version, annexes, footnotes, references both ways) and aligned rows of
two or three language versions for the side-by-side reader."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from hexaglot.errors import InputError
from hexaglot.store.read import Filters, require, sentence_texts

_ANNEX_HEADING = re.compile(r"^\s*(annex|annexe|anexo|приложение|المرفق|附件)\b", re.IGNORECASE)
LIST_FACETS = ("organ", "type", "year", "session", "lang", "country")


@dataclass
class DocumentRow:
    id: str
    symbol: str | None
    title: str | None
    date: str | None
    organs: list[str]
    session: int | None
    doc_type: str | None
    langs: list[str]


@dataclass
class DocumentList:
    total: int
    page: int
    size: int
    items: list[DocumentRow]
    facets: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_FACET_SQL = {
    # facet name → (expression over one matching document ``d``, FROM clause addition)
    "organ": ("j.value", ", json_each(d.organs) j"),
    "country": ("j.value", ", json_each(d.countries) j"),
    "lang": ("v.lang", " JOIN versions v ON v.doc_id = d.id"),
    "type": ("d.doc_type", ""),
    "year": ("d.year", ""),
    "session": ("d.session", ""),
}
FACET_SIZE = 30


def list_documents(c: sqlite3.Connection, filters: Filters, lang: str | None, page: int, size: int
                   ) -> DocumentList:
    """One page of the matching documents (newest first) and facet counts over all of them, each
    computed in SQLite: the cost grows with the page and the facets, not by loading every row."""
    where, args = filters.sql("d")
    if lang:
        where += " AND EXISTS (SELECT 1 FROM versions v WHERE v.doc_id = d.id AND v.lang = ?)"
        args = [*args, lang]
    total = int(c.execute(f"SELECT count(*) FROM documents d WHERE {where}", args).fetchone()[0])
    rows = c.execute(
        "SELECT d.id, d.symbol, d.title, d.date, d.organs, d.session, d.doc_type, "
        "(SELECT json_group_array(lang) FROM (SELECT lang FROM versions v WHERE v.doc_id = d.id ORDER BY lang)) "
        f"FROM documents d WHERE {where} ORDER BY d.date DESC NULLS LAST, d.symbol, d.id LIMIT ? OFFSET ?",
        [*args, size, (page - 1) * size]).fetchall()
    items = [DocumentRow(did, sym, title, date, json.loads(organs), session, dtype, json.loads(langs))
             for did, sym, title, date, organs, session, dtype, langs in rows]
    facets: dict[str, dict[str, int]] = {}
    for name, (expr, join) in _FACET_SQL.items():
        counts = c.execute(
            f"SELECT {expr} AS value, count(DISTINCT d.id) AS n FROM documents d{join} "
            f"WHERE {where} AND {expr} IS NOT NULL GROUP BY value ORDER BY n DESC, value LIMIT ?",
            [*args, FACET_SIZE]).fetchall()
        facets[name] = {str(value): int(n) for value, n in counts}
    return DocumentList(total=total, page=page, size=size, items=items, facets=facets)


@dataclass
class Link:
    symbol: str
    kind: str
    doc_id: str | None = None  # set when the document is in the archive
    title: str | None = None


@dataclass
class VersionInfo:
    lang: str
    path: str
    format: str
    sha256: str
    sentences: int
    metadata: dict[str, Any]
    annexes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


@dataclass
class DocumentDetail:
    id: str
    symbol: str | None
    kind: str
    title: str | None
    date: str | None
    organs: list[str]
    session: int | None
    doc_type: str | None
    agenda: list[str]
    countries: list[str]
    symbols: list[str]
    signatories: list[dict[str, Any]]
    sender_countries: list[str]
    addressee: str | None
    versions: dict[str, VersionInfo]
    pairs: list[str]  # aligned language pairs, "en-fr"
    cites: list[Link]
    cited_by: list[Link]
    catalogue: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _first(versions: dict[str, VersionInfo], key: str) -> Any:
    for lang in ("en", "fr", "es", "ru", "ar", "zh", *versions):
        v = versions.get(lang)
        if v and v.metadata.get(key):
            return v.metadata[key]
    return None


def document_detail(c: sqlite3.Connection, symbol_or_id: str) -> DocumentDetail:
    doc_id = require(c, symbol_or_id)
    d = c.execute("SELECT id, symbol, kind, title, date, organs, session, doc_type, agenda, countries "
                  "FROM documents WHERE id = ?", (doc_id,)).fetchone()
    versions: dict[str, VersionInfo] = {}
    for vid, lang, path, fmt, sha, n, meta in c.execute(
            "SELECT id, lang, path, format, sha256, n_sentences, metadata FROM versions WHERE doc_id = ? "
            "ORDER BY lang", (doc_id,)).fetchall():
        info = VersionInfo(lang, path, fmt, sha, n, json.loads(meta or "{}"))
        for label, layer, text in c.execute("SELECT label, layer, text FROM blocks WHERE version_id = ? "
                                            "ORDER BY idx", (vid,)):
            if layer == "notes" or label == "footnote":
                info.footnotes.append(text)
            elif label in ("heading", "title") and _ANNEX_HEADING.match(text):
                info.annexes.append(text)
        versions[lang] = info
    pairs = sorted({f"{a}-{b}" for a, b in c.execute(
        "SELECT vs.lang, vt.lang FROM alignments a JOIN versions vs ON vs.id = a.src_version "
        "JOIN versions vt ON vt.id = a.tgt_version WHERE a.doc_id = ?", (doc_id,))})
    keys = {doc_id, *([d[1]] if d[1] else [])}
    cites = [_link(c, target, kind) for target, kind in c.execute(
        "SELECT target, kind FROM refs WHERE src_doc = ? ORDER BY target, kind", (doc_id,))]
    marks = ",".join("?" * len(keys))
    cited_by = [Link(symbol=sym or src, kind=kind, doc_id=src, title=title) for src, kind, sym, title in c.execute(
        f"SELECT r.src_doc, r.kind, d.symbol, d.title FROM refs r LEFT JOIN documents d ON d.id = r.src_doc "
        f"WHERE r.target IN ({marks}) AND r.src_doc != ? ORDER BY r.src_doc", (*keys, doc_id))]
    symbols = _first(versions, "symbols") or []
    cat = c.execute("SELECT record FROM catalogue WHERE doc_id = ?", (doc_id,)).fetchone()
    return DocumentDetail(
        id=d[0], symbol=d[1], kind=d[2], title=d[3], date=d[4], organs=json.loads(d[5]), session=d[6],
        doc_type=d[7], agenda=[str(a) for a in json.loads(d[8])], countries=json.loads(d[9]),
        symbols=[s["value"] if isinstance(s, dict) else str(s) for s in symbols],
        signatories=_first(versions, "signatories") or [], sender_countries=_first(versions, "sender_countries") or [],
        addressee=_first(versions, "addressee"), versions=versions, pairs=pairs, cites=cites, cited_by=cited_by,
        catalogue=json.loads(cat[0]) if cat else None)


def _link(c: sqlite3.Connection, target: str, kind: str) -> Link:
    row = c.execute("SELECT id, title FROM documents WHERE id = ? OR symbol = ? LIMIT 1", (target, target)).fetchone()
    return Link(symbol=target, kind=kind, doc_id=row[0] if row else None, title=row[1] if row else None)


# -- side by side ----------------------------------------------------------------------------------


@dataclass
class Cell:
    lang: str
    ids: list[int]
    text: str


@dataclass
class Row:
    """One aligned unit across the chosen versions; ``score`` is the lowest pairwise score."""

    k: int
    cells: list[Cell]
    score: float


def _beads(c: sqlite3.Connection, doc_id: str, a: str, b: str) -> list[tuple[list[int], list[int], float]]:
    """Beads of ``a``→``b`` in order, whichever direction they were stored in."""
    rows = c.execute(
        "SELECT vs.lang, b.src, b.tgt, b.score FROM beads b JOIN alignments al ON al.id = b.alignment_id "
        "JOIN versions vs ON vs.id = al.src_version JOIN versions vt ON vt.id = al.tgt_version "
        "WHERE al.doc_id = ? AND ((vs.lang = ? AND vt.lang = ?) OR (vs.lang = ? AND vt.lang = ?)) "
        "ORDER BY b.k", (doc_id, a, b, b, a)).fetchall()
    out = []
    for sl, src, tgt, score in rows:
        s, t = json.loads(src), json.loads(tgt)
        out.append((s, t, score) if sl == a else (t, s, score))
    return out


def aligned_rows(c: sqlite3.Connection, symbol_or_id: str, langs: list[str]) -> tuple[str, list[Row]]:
    """Rows of the first language's beads with each other language; the first is the pivot."""
    doc_id = require(c, symbol_or_id)
    have = {lang for (lang,) in c.execute("SELECT lang FROM versions WHERE doc_id = ?", (doc_id,))}
    missing = [lang for lang in langs if lang not in have]
    if missing:
        raise InputError(symbol_or_id, f"no {', '.join(missing)} version (versions: {', '.join(sorted(have))})")
    pivot, others = langs[0], langs[1:]
    first = _beads(c, doc_id, pivot, others[0])
    if not first:
        raise InputError(symbol_or_id, f"the {pivot} and {others[0]} versions are not aligned")
    # Later languages: the target sentences aligned to each pivot sentence.
    maps: list[dict[int, tuple[list[int], float]]] = []
    for other in others[1:]:
        m: dict[int, tuple[list[int], float]] = {}
        for s, t, score in _beads(c, doc_id, pivot, other):
            for sid in s:
                m[sid] = (t, score)
        maps.append(m)
    ids = {i for s, t, _ in first for i in (*s, *t)} | {i for m in maps for t, _ in m.values() for i in t}
    text = sentence_texts(c, sorted(ids))
    rows: list[Row] = []
    used: list[set[int]] = [set() for _ in maps]
    for k, (s, t, score) in enumerate(first):
        cells = [Cell(pivot, s, _join(text, s, pivot)), Cell(others[0], t, _join(text, t, others[0]))]
        low = score
        for m, seen, other in zip(maps, used, others[1:], strict=True):
            tids: list[int] = []
            for sid in s:
                tt, sc = m.get(sid, ([], 1.0))
                low = min(low, sc)
                tids += [i for i in tt if i not in seen and i not in tids]
            seen.update(tids)
            cells.append(Cell(other, tids, _join(text, tids, other)))
        rows.append(Row(k=k, cells=cells, score=low))
    return doc_id, rows


def _join(text: dict[int, str], ids: list[int], lang: str) -> str:
    sep = "" if lang == "zh" else " "
    return sep.join(text[i] for i in ids if i in text)
