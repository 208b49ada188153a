"""Browsing the archive: a faceted list of documents, aligned rows of two or three language
versions (the side-by-side reader and ``hexaglot show``), their tables side by side, and the
archive's statistics.

Each function takes a connection, ideally inside :meth:`Store.snapshot`, and returns typed
records; the Python API (:class:`hexaglot.archive.Archive`), the CLI and the HTTP layer share them.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from hexaglot.errors import InputError
from hexaglot.model import lang_order
from hexaglot.store.read import Filters, alignment_rows, require, sentence_texts_kinds
from hexaglot.store.vectors import vector_coverage
from hexaglot.units import parse_cell_unit

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


def fold_title(text: str | None) -> str:
    """A title as :func:`list_documents` compares it: case folded, accents off ("États" → "etats"),
    the typographic apostrophe as the typed one ("l’homme" → "l'homme")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def list_documents(c: sqlite3.Connection, filters: Filters, lang: str | None, page: int, size: int,
                   title: str | None = None) -> DocumentList:
    """One page of the matching documents (newest first) and facet counts over all of them, each
    computed in SQLite: the cost grows with the page and the facets, not by loading every row.
    ``title``: words the title must hold, each of them, case and accents aside (a catalogue record
    has a title but no text for the search to find)."""
    where, args = filters.sql("d")
    if lang:
        where += " AND EXISTS (SELECT 1 FROM versions v WHERE v.doc_id = d.id AND v.lang = ?)"
        args = [*args, lang]
    words = fold_title(title).split()
    if words:
        c.create_function("hx_fold_title", 1, fold_title, deterministic=True)
        where += "".join(" AND instr(hx_fold_title(d.title), ?) > 0" for _ in words)
        args = [*args, *words]
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
    kind: str = "prose"  # of the pivot's sentences (of the other's when the pivot has none)
    caption: bool = False  # the pivot's sentences are a table's caption (drawn with the table)


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


def alignment_notes(c: sqlite3.Connection, doc_id: str, langs: list[str]) -> list[str]:
    """What the aligner doubted about the stored alignments between any two of ``langs`` in the
    document (``AlignmentData.notes``), each as ``xx-yy: message``."""
    return [f"{row.pair}: {n}" for row in alignment_rows(c, doc_id)
            if row.src_lang in langs and row.tgt_lang in langs for n in row.notes]


def aligned_rows(c: sqlite3.Connection, symbol_or_id: str, langs: list[str]) -> tuple[str, list[Row]]:
    """Rows of the first language's beads with each other language; the first is the pivot. One
    language alone: its sentences, a row each."""
    doc_id = require(c, symbol_or_id)
    have = {lang for (lang,) in c.execute("SELECT lang FROM versions WHERE doc_id = ?", (doc_id,))}
    missing = [lang for lang in langs if lang not in have]
    if missing:
        raise InputError(symbol_or_id, f"no {', '.join(missing)} version (versions: {', '.join(sorted(have))})")
    pivot, others = langs[0], langs[1:]
    if not others:  # one version read alone (a document in one language): a row per sentence
        vid = c.execute("SELECT id FROM versions WHERE doc_id = ? AND lang = ?", (doc_id, pivot)).fetchone()[0]
        ids = [i for (i,) in c.execute("SELECT id FROM sentences WHERE version_id = ? ORDER BY idx", (vid,))]
        read = sentence_texts_kinds(c, ids)
        captions = _captions(c, ids)
        return doc_id, [Row(k=k, cells=[Cell(pivot, [i], read[i][0])], score=1.0, kind=read[i][1] or "prose",
                            caption=i in captions) for k, i in enumerate(ids) if i in read]
    pairs = [_beads(c, doc_id, pivot, other) for other in others]
    for other, beads in zip(others, pairs, strict=True):
        if not beads:
            raise InputError(symbol_or_id, f"the {pivot} and {other} versions are not aligned")
    linked: dict[tuple[int, int], list[Bead]] = {}

    def links(v: int, w: int) -> list[Bead]:  # read only where two versions both lack the pivot's sentence
        if (v, w) not in linked:
            linked[v, w] = _beads(c, doc_id, others[v], others[w])
        return linked[v, w]

    composed = compose_rows(pairs, links)
    ids = {i for p, ts, _ in composed for i in (*p, *(i for t in ts for i in t))}
    read = sentence_texts_kinds(c, sorted(ids))  # one pass for the texts and the kinds
    text = {i: t for i, (t, _) in read.items()}
    kinds = {i: kd for i, (_, kd) in read.items()}
    captions = _captions(c, sorted({i for p, _, _ in composed for i in p}))
    rows: list[Row] = []
    for k, (p, ts, score) in enumerate(composed):
        cells = [Cell(pivot, p, _join(text, p, pivot))]
        cells += [Cell(other, t, _join(text, t, other)) for other, t in zip(others, ts, strict=True)]
        first = p or next((t for t in ts if t), [-1])
        rows.append(Row(k=k, cells=cells, score=score, kind=kinds.get(first[0], "prose"),
                        caption=bool(p) and all(i in captions for i in p)))
    return doc_id, rows


Bead = tuple[list[int], list[int], float]


def compose_rows(pairs: list[list[Bead]], links: Callable[[int, int], list[Bead]] | None = None
                 ) -> list[tuple[list[int], list[list[int]], float]]:
    """Rows of several versions over one pivot: ``pairs[i]`` are the beads pivot→version i, in order.
    A row is the smallest run of pivot sentences that no bead of any pair crosses (a bead that joins
    two pivot sentences joins their rows in every version), with each version's sentences aligned to
    them; a version's sentences aligned to no pivot sentence stand in a row of their own where they
    fall (inside a row when its pivot sentences lie on both sides of them). Every sentence of every
    bead is in exactly one row, each version's in its order. Per row: (pivot ids, ids per version,
    the lowest score of its beads).

    ``links(v, w)`` (v < w): the beads version v → version w. Sentences of two versions that stand in
    rows of their own at the same place and that a bead of theirs aligns share one row, with the
    lowest score of those beads (the UDHR's "friendly relations" recital, which the Arabic pivot lacks,
    is one English-Chinese row, not two rows with a blank)."""
    # the pivot's sentences in the first pair's order; one that only a later pair holds goes after
    # the pivot sentence before it there (a stored alignment covers its versions: this is rare)
    order = list(dict.fromkeys(i for s, _, _ in pairs[0] for i in s)) if pairs else []
    pos = {i: k for k, i in enumerate(order)}
    for beads in pairs[1:]:
        after = -1
        for s, _, _ in beads:
            for i in s:
                if i not in pos:
                    order.insert(after + 1, i)
                    pos = {j: k for k, j in enumerate(order)}
                after = pos[i]
    end = list(range(len(order)))  # a row's last pivot position, read at its first
    for beads in pairs:  # a bead over pivot positions a..b joins them into one row
        for s, _, _ in beads:
            if len(s) > 1:
                a, b = min(pos[i] for i in s), max(pos[i] for i in s)
                for k in range(a, b + 1):
                    end[k] = max(end[k], b)
    starts: list[int] = []
    k = 0
    while k < len(order):  # rows: runs [k, reach] where no bead crosses the end
        reach = end[k]
        j = k
        while j <= reach:
            reach = max(reach, end[j])
            j += 1
        starts.append(k)
        k = reach + 1
    bounds = list(itertools.pairwise([*starts, len(order)]))  # per row, its pivot positions [a, b)
    row_of = {q: r for r, (a, b) in enumerate(bounds) for q in range(a, b)}
    n = len(pairs)
    rows: list[tuple[list[int], list[list[int]], list[float]]] = [
        (order[a:b], [[] for _ in range(n)], [1.0]) for a, b in bounds]
    gaps: dict[int, list[tuple[list[list[int]], float]]] = {}  # rows after row r (-1: before the first)
    for v, beads in enumerate(pairs):
        at = -1  # the last pivot position this pair has passed
        for s, t, score in beads:
            if s:
                r = row_of[pos[s[0]]]
                rows[r][1][v].extend(t)
                rows[r][2][0] = min(rows[r][2][0], score)
                at = max(pos[i] for i in s)
            elif at >= 0 and bounds[row_of[at]][1] - 1 != at:  # inside a row: its pivot continues after it
                r = row_of[at]
                rows[r][1][v].extend(t)
                rows[r][2][0] = min(rows[r][2][0], score)
            else:  # a row of its own, as every bead of one pair is
                cells: list[list[int]] = [[] for _ in range(n)]
                cells[v] = list(t)
                gaps.setdefault(row_of[at] if at >= 0 else -1, []).append((cells, score))
    out: list[tuple[list[int], list[list[int]], float]] = []
    for r in range(-1, len(rows)):
        if r >= 0:
            out.append((rows[r][0], rows[r][1], rows[r][2][0]))
        here = gaps.get(r, [])
        if links is not None and len({next(v for v, c in enumerate(cells) if c) for cells, _ in here}) > 1:
            here = _shared_gaps(here, links)
        out += [([], cells, score) for cells, score in here]
    return out


def _shared_gaps(gaps: list[tuple[list[list[int]], float]], links: Callable[[int, int], list[Bead]]
                 ) -> list[tuple[list[list[int]], float]]:
    """The rows of their own at one place (one version's sentences each, in order), those of two
    versions that a bead between them aligns joined into one row (see :func:`compose_rows`). An entry
    joins an earlier row only after the row its version's previous entry went to, so each version
    keeps its order."""
    out: list[tuple[list[list[int]], float]] = []
    last: dict[int, int] = {}  # per version, the row its previous entry went to
    for cells, score in gaps:
        v = next(k for k, c in enumerate(cells) if c)
        ids = set(cells[v])
        target, best = None, 1.0
        for j in range(last.get(v, -1) + 1, len(out)):
            row, _ = out[j]
            if row[v]:
                continue
            found = [sc for w, other in enumerate(row) if other
                     for s, t, sc in (links(v, w) if v < w else [(b, a, x) for a, b, x in links(w, v)])
                     if ids & set(s) and set(other) & set(t)]
            if found:
                target, best = j, min(found)
                break
        if target is None:
            out.append(([list(c) for c in cells], score))
            last[v] = len(out) - 1
        else:
            row, old = out[target]
            row[v] = list(cells[v])
            # the first join replaces the entry's own score (its bead with the pivot: a null bead)
            out[target] = (row, best if sum(1 for c in row if c) == 2 else min(old, best))
            last[v] = target
    return out


def _join(text: dict[int, str], ids: list[int], lang: str) -> str:
    sep = "" if lang == "zh" else " "
    return sep.join(text[i] for i in ids if i in text)


def _captions(c: sqlite3.Connection, ids: list[int]) -> set[int]:
    """The sentences among ``ids`` that come from a table's caption block: a caption whose next body
    block other than a caption is a table (a figure's caption stands before no table: it is read
    with the prose)."""
    out: set[int] = set()
    for k in range(0, len(ids), 900):
        chunk = ids[k:k + 900]
        out.update(i for (i,) in c.execute(
            "SELECT s.id FROM sentences s JOIN blocks b ON b.version_id = s.version_id AND b.idx = s.block "
            f"WHERE s.id IN ({','.join('?' * len(chunk))}) AND b.label = 'caption' AND ("
            "SELECT n.label FROM blocks n WHERE n.version_id = b.version_id AND n.idx > b.idx AND n.layer = 'body' "
            "AND n.label != 'caption' ORDER BY n.idx LIMIT 1) = 'table'", chunk))
    return out


# -- tables side by side -----------------------------------------------------------------------------


def version_tables(c: sqlite3.Connection, version_id: int) -> list[dict[str, Any]]:
    """The tables of one version (:class:`hexaglot.model.Table` as JSON), in document order."""
    return [json.loads(d) for (d,) in c.execute("SELECT data FROM tables WHERE version_id = ? ORDER BY idx",
                                                (version_id,))]


@dataclass
class TableGroup:
    """One table of the pivot beside its counterparts: ``tables[i]`` is in ``langs[i]`` (None when that
    version has no counterpart); ``at`` is the ``k`` of the body row it stands before (None: at the end)."""

    at: int | None
    tables: list[dict[str, Any] | None]


def aligned_tables(c: sqlite3.Connection, doc_id: str, langs: list[str], rows: list[Row]) -> list[TableGroup]:
    """The tables of two or three versions side by side, in the pivot's reading order (``rows`` from
    :func:`aligned_rows`).

    A pivot table's counterpart in another version is the table most of its cells are aligned with
    (the cell beads, :mod:`hexaglot.align.tables`); a table of another version that no pivot table
    claims comes last, on its own."""
    vids = dict(c.execute("SELECT lang, id FROM versions WHERE doc_id = ?", (doc_id,)).fetchall())
    tables = {lang: version_tables(c, vids[lang]) for lang in langs if lang in vids}
    if not any(tables.values()):
        return []
    pivot = langs[0]
    place: dict[str, dict[int, int]] = {}  # lang → cell sentence id → table index
    where: dict[int, int] = {}  # pivot table → its first cell's block
    for lang in langs:
        place[lang] = {}
        for sid, unit, block in c.execute("SELECT id, unit, block FROM sentences WHERE version_id = ? AND "
                                          "kind = 'cell' ORDER BY idx", (vids[lang],)):
            p = parse_cell_unit(unit)
            if p is not None:
                place[lang][sid] = p.table
                if lang == pivot and block is not None:
                    where.setdefault(p.table, block)
    chosen: dict[str, dict[int, int]] = {}
    for other in langs[1:]:
        votes: dict[int, Counter[int]] = {}
        for s, t, _ in _beads(c, doc_id, pivot, other):
            for sid in s:
                for tid in t:
                    if sid in place[pivot] and tid in place[other]:
                        votes.setdefault(place[pivot][sid], Counter())[place[other][tid]] += 1
        used: set[int] = set()
        chosen[other] = {}
        for i in sorted(votes):
            j = next((j for j, _ in votes[i].most_common() if j not in used), None)
            if j is not None:
                used.add(j)
                chosen[other][i] = j
    blocks = dict(c.execute("SELECT id, block FROM sentences WHERE version_id = ?", (vids[pivot],)).fetchall())
    starts = [(r.k, blocks.get(r.cells[0].ids[0])) for r in rows if r.kind != "cell" and r.cells[0].ids]
    out: list[TableGroup] = []
    for i, t in enumerate(tables.get(pivot, [])):
        block = where.get(i)
        at = next((k for k, b in starts if block is not None and b is not None and b > block), None)
        out.append(TableGroup(at=at, tables=[t] + [tables[o][chosen[o][i]] if i in chosen[o] else None
                                                   for o in langs[1:]]))
    for n, other in enumerate(langs[1:], 1):
        claimed = set(chosen[other].values())
        for j, t in enumerate(tables.get(other, [])):
            if j not in claimed:
                out.append(TableGroup(at=None, tables=[t if m == n else None for m in range(len(langs))]))
    return out


# -- statistics ------------------------------------------------------------------------------------


@dataclass
class ArchiveStats:
    """What an archive holds. ``alignments`` maps a stored pair ("en-fr") to its aligned
    documents and beads; ``index`` is filled in by the archive (entries, pending documents)."""

    documents: int
    kinds: dict[str, int]
    versions: dict[str, int]
    sentences: dict[str, int]
    alignments: dict[str, dict[str, int]]
    references: int
    catalogue_records: int
    index: dict[str, int] = field(default_factory=dict)
    # sentences of the kinds searched by meaning: with a vector, and without one (hexaglot embed)
    vectors: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def archive_stats(c: sqlite3.Connection) -> ArchiveStats:
    def one(sql: str) -> int:
        return int(c.execute(sql).fetchone()[0])

    kinds = dict(c.execute("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY kind").fetchall())
    versions = dict(c.execute("SELECT lang, count(*) FROM versions GROUP BY lang ORDER BY lang").fetchall())
    sentences = dict(c.execute("SELECT v.lang, count(*) FROM sentences s JOIN versions v ON v.id = s.version_id "
                               "GROUP BY v.lang ORDER BY v.lang").fetchall())
    alignments: dict[str, dict[str, int]] = {}
    for a, b, docs, beads in c.execute(
            "SELECT vs.lang, vt.lang, count(DISTINCT al.id), "
            "(SELECT count(*) FROM beads b JOIN alignments a2 ON a2.id = b.alignment_id "
            " JOIN versions s2 ON s2.id = a2.src_version JOIN versions t2 ON t2.id = a2.tgt_version "
            " WHERE s2.lang = vs.lang AND t2.lang = vt.lang) "
            "FROM alignments al JOIN versions vs ON vs.id = al.src_version "
            "JOIN versions vt ON vt.id = al.tgt_version GROUP BY vs.lang, vt.lang ORDER BY vs.lang, vt.lang"):
        # one row per pair, named in the UN order of the languages (zh-en, never en-zh beside it)
        x, y = sorted((a, b), key=lang_order)
        n = alignments.setdefault(f"{x}-{y}", {"documents": 0, "beads": 0})
        n["documents"] += int(docs)
        n["beads"] += int(beads)
    alignments = {k: alignments[k] for k in sorted(alignments, key=lambda k: tuple(map(lang_order, k.split("-"))))}
    versions = {k: versions[k] for k in sorted(versions, key=lang_order)}
    sentences = {k: sentences[k] for k in sorted(sentences, key=lang_order)}
    have, lack = vector_coverage(c)
    return ArchiveStats(documents=one("SELECT count(*) FROM documents"), kinds=kinds, versions=versions,
                        sentences=sentences, alignments=alignments, references=one("SELECT count(*) FROM refs"),
                        catalogue_records=one("SELECT count(*) FROM catalogue"),
                        vectors={"with": have, "without": lack})
