"""Read queries over the store: documents, references, aligned sentences, pairs for export.

Each function takes a connection, ideally inside :meth:`Store.snapshot`, and returns typed records.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from hexaglot.errors import NotFoundError
from hexaglot.store.records import DocumentView, Pair, Refs, VersionView

#: a resolution symbol's year, "S/RES/241 (1967)": a citation may leave it out (:func:`resolve_all`)
_YEAR = re.compile(r"\s*\(\d{4}\)$")


@dataclass
class Filters:
    """Document-level filters shared by search, concordance and export."""

    organ: str | None = None
    session: int | None = None
    year: int | None = None
    doc_type: str | None = None
    agenda: str | None = None
    country: str | None = None
    symbol: str | None = None  # exact, or a glob with * ("A/58/*")
    doc_ids: list[str] | None = None
    kind: str | list[str] | None = None  # sentence kinds (search): "footnote", "prose,title", [..]; None = all

    @property
    def exact_symbol(self) -> str | None:
        """The symbol filter when it names one symbol (no ``*`` glob), else None."""
        return self.symbol if self.symbol and "*" not in self.symbol else None

    def sql(self, alias: str = "d") -> tuple[str, list[Any]]:
        """A WHERE fragment over the documents table (``1`` when no filter is set); ``kind`` is a
        sentence filter, applied by search and :func:`iter_pairs`, not here."""
        parts: list[str] = []
        args: list[Any] = []
        if self.organ:
            parts.append(f"EXISTS (SELECT 1 FROM json_each({alias}.organs) WHERE value = ?)")
            args.append(self.organ)
        if self.country:
            parts.append(f"EXISTS (SELECT 1 FROM json_each({alias}.countries) WHERE value = ?)")
            args.append(self.country.upper())
        if self.agenda:
            globs, _ = agenda_forms(str(self.agenda))
            parts.append(f"EXISTS (SELECT 1 FROM json_each({alias}.agenda) WHERE "
                         + " OR ".join(["CAST(value AS TEXT) GLOB ?"] * len(globs)) + ")")
            args.extend(globs)
        for col, val in (("session", self.session), ("year", self.year), ("doc_type", self.doc_type)):
            if val is not None:
                parts.append(f"{alias}.{col} = ?")
                args.append(val)
        if self.symbol:
            if "*" in self.symbol:
                parts.append(f"{alias}.symbol GLOB ?")
            else:
                parts.append(f"{alias}.symbol = ?")
            args.append(self.symbol)
        if self.doc_ids is not None:
            parts.append(f"{alias}.id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(self.doc_ids))
        return (" AND ".join(parts) or "1"), args


def agenda_forms(value: str) -> tuple[list[str], str]:
    """The stored spellings an agenda filter matches, as SQLite GLOB patterns and as one regular
    expression (the search index): an item (``71``) matches itself and its sub-items (``71 (b)``, and
    the catalogue's ``71b``, ``71b[21]`` stored before they were normalised); a sub-item (``71 (b)``
    or ``71b``) matches itself in either spelling."""
    from hexaglot.parse.header import normalize_item

    item = normalize_item(value)
    if isinstance(item, int):
        n = str(item)
        return [n, f"{n} (*", f"{n}[a-z]*", f"{n}[[]*"], rf"{n}( \(.*|[a-z].*|\[.*)?"
    m = re.fullmatch(r"(\d+) \(([a-z]+)\)", item)
    if not m:  # not an item number: as typed
        return [_glob_escape(item)], re.escape(item)
    n, sub = m.groups()
    return [item.replace("(", "[(]").replace(")", "[)]"), f"{n}{sub}", f"{n}{sub}[[]*"], \
        rf"{n}( \({sub}\)|{sub}(\[.*)?)"


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def resolve(c: sqlite3.Connection, symbol_or_id: str) -> str | None:
    """The document a symbol or id names (the first, when several share a symbol): see :func:`resolve_all`."""
    found = resolve_all(c, symbol_or_id)
    return found[0] if found else None


def resolve_all(c: sqlite3.Connection, symbol_or_id: str) -> list[str]:
    """Every document whose id or symbol is ``symbol_or_id`` (surrounding spaces dropped), else whose
    symbol is its usual spelling (``a/res/217(iii)`` for ``A/RES/217 (III)``), else whose id or symbol is
    it in another case (``UDHR`` for ``udhr``), else whose symbol is it with a year after it
    (``S/RES/241`` for ``S/RES/241 (1967)``); an exact id first. Several documents may share a symbol
    (a UNPC document and the same document read from its file)."""
    def named(k: str) -> list[str]:
        return [r[0] for r in c.execute("SELECT id FROM documents WHERE id = ? OR symbol = ? ORDER BY id != ?, id",
                                        (k, k, k))]

    from hexaglot.parse.symbols import normalize_symbol

    key = symbol_or_id.strip()
    norm = normalize_symbol(key)
    ids = named(key) or (named(norm) if norm else [])
    if not ids and key:
        ids = [r[0] for r in c.execute("SELECT id FROM documents WHERE lower(id) = lower(?) OR upper(symbol) = "
                                       "upper(?) ORDER BY id", (key, key))]
    if not ids and "/" in key and not key.endswith(")"):  # a resolution without its year: S/RES/241 (1967)
        head = f"{norm or key} ("
        ids = [r[0] for r in c.execute("SELECT id FROM documents WHERE substr(upper(symbol), 1, ?) = upper(?) "
                                       "ORDER BY id", (len(head), head))]
    return ids


def citing(c: sqlite3.Connection, symbol: str) -> list[str]:
    """The symbols (ids where none) of the documents that cite ``symbol``, as typed or in its usual
    spelling; [] when ``symbol`` is no UN symbol or nothing cites it."""
    from hexaglot.parse.symbols import normalize_symbol

    norm = normalize_symbol(symbol) if "/" in symbol else None
    if not norm:
        return []
    rows = c.execute("SELECT DISTINCT coalesce(d.symbol, r.src_doc) FROM refs r LEFT JOIN documents d ON "
                     "d.id = r.src_doc WHERE upper(r.target) = upper(?) ORDER BY 1", (norm,)).fetchall()
    return [r[0] for r in rows]


def require(c: sqlite3.Connection, symbol_or_id: str) -> str:
    """The document id for a symbol or id; :class:`~hexaglot.errors.NotFoundError` when there is none."""
    doc_id = resolve(c, symbol_or_id)
    if doc_id is None:
        raise NotFoundError(symbol_or_id)
    return doc_id


def resolve_symbol(c: sqlite3.Connection, f: Filters, strict: bool = True) -> Filters:
    """``f`` with an exact ``symbol`` (no ``*``) made the documents it names, found as :func:`resolve_all`
    finds them: by id, symbol or a usual spelling (``"udhr"``, ``"a/res/217 (iii)"``, ``"UDHR"``). The
    filter compared the symbol column as typed, so a document listed as ``udhr`` (it has no symbol)
    exported nothing. A symbol that names no document is a :class:`~hexaglot.errors.NotFoundError`
    (``strict``) or left as it is (it then matches nothing)."""
    if not f.exact_symbol:
        return f
    ids = resolve_all(c, f.exact_symbol)
    if not ids:
        if strict:
            raise NotFoundError(f.symbol)
        return f
    return replace(f, symbol=None, doc_ids=ids if f.doc_ids is None else [d for d in f.doc_ids if d in ids])


def document_view(c: sqlite3.Connection, doc_id: str, langs: Iterable[str] | None = None) -> DocumentView:
    row = c.execute("SELECT id, symbol, kind, title, date, organs, session, doc_type FROM documents "
                    "WHERE id = ?", (doc_id,)).fetchone()
    wanted = set(langs) if langs else None
    versions: dict[str, VersionView] = {}
    for vid, lang, sha, path, fmt in c.execute(
            "SELECT id, lang, sha256, path, format FROM versions WHERE doc_id = ? ORDER BY lang", (doc_id,)).fetchall():
        if wanted and lang not in wanted:
            continue
        sents = [t for (t,) in c.execute("SELECT text FROM sentences WHERE version_id = ? ORDER BY idx", (vid,))]
        versions[lang] = VersionView(lang=lang, sha256=sha, path=path, format=fmt, sentences=sents)
    cat = c.execute("SELECT record FROM catalogue WHERE doc_id = ?", (doc_id,)).fetchone()
    return DocumentView(id=row[0], symbol=row[1], kind=row[2], title=row[3], date=row[4],
                        organs=json.loads(row[5]), session=row[6], doc_type=row[7], versions=versions,
                        catalogue=json.loads(cat[0]) if cat else None)


def refs(c: sqlite3.Connection, symbol: str) -> Refs:
    doc_id = resolve(c, symbol)
    keys = {symbol}
    if doc_id:
        keys.add(doc_id)
        sym = c.execute("SELECT symbol FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        if sym:
            keys.add(sym)
            if (bare := _YEAR.sub("", sym)) != sym:  # cited without its year, as resolve finds it
                keys.add(bare)
    cites = c.execute("SELECT target, kind FROM refs WHERE src_doc = ? ORDER BY target, kind",
                      (doc_id or symbol,)).fetchall()
    marks = ",".join("?" * len(keys))
    cited = c.execute(f"SELECT src_doc, kind FROM refs WHERE target IN ({marks}) ORDER BY src_doc, kind",
                      tuple(keys)).fetchall()
    titles: dict[str, str] = {}
    found: dict[str, str] = {}
    for key in {t for t, _ in cites} | {src for src, _ in cited}:
        hit = resolve(c, key)
        if hit:
            found[key] = hit
            titles[key] = c.execute("SELECT coalesce(title, '') FROM documents WHERE id = ?", (hit,)).fetchone()[0]
    return Refs(symbol=symbol, cites=[tuple(r) for r in cites], cited_by=[tuple(r) for r in cited], doc_id=doc_id,
                titles=titles, found=found)


def _texts(c: sqlite3.Connection, ids: list[int]) -> str:
    if not ids:
        return ""
    rows = dict(c.execute(f"SELECT id, text FROM sentences WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
    return " ".join(rows[i] for i in ids if i in rows)


def aligned_beads(c: sqlite3.Connection, sentence_ids: list[int], src_lang: str, tgt_lang: str
                  ) -> dict[int, tuple[list[int], list[int], float, str, str]]:
    """For each source sentence id: the bead holding it in the ``src_lang``→``tgt_lang`` alignment
    as ``(src ids, tgt ids, score, source text, target text)``. Ids no longer stored are absent."""
    out: dict[int, tuple[list[int], list[int], float, str, str]] = {}
    if not sentence_ids:
        return out
    rows = c.execute(
        "SELECT bs.sentence_id, b.src, b.tgt, b.score, vs.lang, vt.lang FROM bead_sentences bs "
        "JOIN beads b ON b.id = bs.bead_id JOIN alignments a ON a.id = b.alignment_id "
        "JOIN versions vs ON vs.id = a.src_version JOIN versions vt ON vt.id = a.tgt_version "
        f"WHERE bs.sentence_id IN ({','.join('?' * len(sentence_ids))})", sentence_ids).fetchall()
    for sid, src, tgt, score, sl, tl in rows:
        if (sl, tl) == (src_lang, tgt_lang):
            s_ids, t_ids = json.loads(src), json.loads(tgt)
        elif (sl, tl) == (tgt_lang, src_lang):
            s_ids, t_ids = json.loads(tgt), json.loads(src)
        else:
            continue
        if sid not in s_ids or not t_ids:
            continue
        out[sid] = (s_ids, t_ids, score, _texts(c, s_ids), _texts(c, t_ids))
    return out


def iter_pairs(c: sqlite3.Connection, src_lang: str, tgt_lang: str, filters: Filters | None = None,
               min_score: float = 0.0, batch: int = 2000, kinds: Iterable[str] | None = None) -> Iterator[Pair]:
    """Every bead with both sides non-empty between two languages, streamed in document order.

    ``kinds``: the bead kinds wanted (:func:`hexaglot.units.bead_kind`; default prose, see
    :data:`hexaglot.units.DEFAULT_KINDS`); each pair says its kind."""
    from hexaglot.units import DEFAULT_KINDS, bead_kind

    wanted = frozenset(kinds) if kinds is not None else DEFAULT_KINDS
    where, args = (filters or Filters()).sql("d")
    q = ("SELECT d.id, d.symbol, d.date, vs.lang, b.src, b.tgt, b.score FROM beads b "
         "JOIN alignments a ON a.id = b.alignment_id JOIN documents d ON d.id = a.doc_id "
         "JOIN versions vs ON vs.id = a.src_version JOIN versions vt ON vt.id = a.tgt_version "
         f"WHERE ((vs.lang = ? AND vt.lang = ?) OR (vs.lang = ? AND vt.lang = ?)) AND b.score >= ? AND {where} "
         "ORDER BY d.id, b.alignment_id, b.k")
    cur = c.execute(q, (src_lang, tgt_lang, tgt_lang, src_lang, min_score, *args))
    while rows := cur.fetchmany(batch):
        ids: set[int] = set()
        decoded = []
        for doc_id, sym, date, sl, src, tgt, score in rows:
            s_ids, t_ids = json.loads(src), json.loads(tgt)
            if sl != src_lang:
                s_ids, t_ids = t_ids, s_ids
            if s_ids and t_ids:
                decoded.append((doc_id, sym, date, s_ids, t_ids, score))
                ids.update(s_ids)
                ids.update(t_ids)
        text = sentence_texts_kinds(c, sorted(ids))
        for doc_id, sym, date, s_ids, t_ids, score in decoded:
            kind = bead_kind(text[i][1] for i in (*s_ids, *t_ids))
            if kind not in wanted:
                continue
            sp, tp = [text[i][0] for i in s_ids], [text[i][0] for i in t_ids]
            yield Pair(doc_id=doc_id, symbol=sym, date=date, src_lang=src_lang, tgt_lang=tgt_lang,
                       src=" ".join(sp), tgt=" ".join(tp), score=score, src_ids=s_ids, tgt_ids=t_ids,
                       src_parts=sp, tgt_parts=tp, kind=kind)


def sentence_texts(c: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """The text of each sentence id (ids that do not exist are absent), read in chunks of 900."""
    return {i: t for i, (t, _) in sentence_texts_kinds(c, ids).items()}


def sentence_texts_kinds(c: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
    """``(text, kind)`` of each sentence id (ids that do not exist are absent), in chunks of 900."""
    out: dict[int, tuple[str, str]] = {}
    for k in range(0, len(ids), 900):
        chunk = ids[k:k + 900]
        out.update((i, (t, kd)) for i, t, kd in c.execute(
            f"SELECT id, text, kind FROM sentences WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def index_rows(c: sqlite3.Connection, doc_ids: list[str] | None = None, batch: int = 5000
               ) -> Iterator[dict[str, Any]]:
    """Sentences with their document's facets, as the search index stores them."""
    q = ("SELECT s.id, s.text, v.lang, v.sha256, d.id, d.symbol, d.date, d.year, d.organs, d.session, "
         "d.doc_type, d.agenda, d.countries, s.kind FROM sentences s JOIN versions v ON v.id = s.version_id "
         "JOIN documents d ON d.id = v.doc_id")
    args: tuple[Any, ...] = ()
    if doc_ids is not None:
        q += " WHERE d.id IN (SELECT value FROM json_each(?))"
        args = (json.dumps(doc_ids),)
    cur = c.execute(q, args)
    while rows := cur.fetchmany(batch):
        for sid, text, lang, sha, did, sym, date, year, organs, session, dtype, agenda, countries, kind in rows:
            yield {"sentence_id": sid, "text": text, "lang": lang, "sha256": sha, "doc_id": did, "kind": kind,
                   "symbol": sym or "", "date": date or "", "year": year, "organs": json.loads(organs),
                   "session": session, "doc_type": dtype or "", "agenda": [str(a) for a in json.loads(agenda)],
                   "countries": json.loads(countries)}


@dataclass(frozen=True)
class AlignmentRow:
    """One stored alignment with its two versions' languages (``pair`` = ``src-tgt`` as stored)."""

    id: int
    doc_id: str
    src_lang: str
    tgt_lang: str
    method: str
    notes: tuple[str, ...] = ()  # what the aligner doubted about the pair (schema v8)

    @property
    def pair(self) -> str:
        return f"{self.src_lang}-{self.tgt_lang}"


_ALIGNED = ("FROM alignments al JOIN versions sv ON sv.id = al.src_version "
            "JOIN versions tv ON tv.id = al.tgt_version")


def alignment_rows(c: sqlite3.Connection, doc_id: str | None = None,
                   langs: tuple[str, str] | None = None) -> list[AlignmentRow]:
    """The alignments of the archive, of one document and/or of one language pair (either
    orientation), with their languages, by document and id. With :func:`aligned_pairs`, the one
    place the alignments ⋈ versions lookup is written."""
    where, args = _where(doc_id, langs)
    rows = c.execute(f"SELECT al.id, al.doc_id, sv.lang, tv.lang, al.method, al.notes {_ALIGNED}{where} "
                     "ORDER BY al.doc_id, al.id", args)
    return [AlignmentRow(int(i), d, a, b, m or "", tuple(json.loads(n or "[]"))) for i, d, a, b, m, n in rows]


def aligned_pairs(c: sqlite3.Connection, doc_id: str | None = None) -> list[str]:
    """The ``src-tgt`` pairs (as stored) of the archive's alignments, or of one document's."""
    where, args = _where(doc_id, None)
    return sorted(f"{a}-{b}" for a, b in c.execute(f"SELECT DISTINCT sv.lang, tv.lang {_ALIGNED}{where}", args))


def _where(doc_id: str | None, langs: tuple[str, str] | None) -> tuple[str, tuple[str, ...]]:
    parts: list[str] = []
    args: tuple[str, ...] = ()
    if doc_id is not None:
        parts.append("al.doc_id = ?")
        args += (doc_id,)
    if langs is not None:
        a, b = langs
        parts.append("((sv.lang = ? AND tv.lang = ?) OR (sv.lang = ? AND tv.lang = ?))")
        args += (a, b, b, a)
    return (" WHERE " + " AND ".join(parts) if parts else ""), args
