"""Search by meaning, the fusion of the two rankings, and related documents.

``meaning``: the query goes through the archive's encoder (:func:`hexaglot.semantic.codec.encode`:
any language the encoder knows; the hits' languages are ``langs``). The vector index
(:mod:`hexaglot.semantic.ann`) scans the codes of the languages asked for in the documents the
facets keep, and re-ranks the nearest by exact cosine. With a kind filter, when at most
:data:`EXACT_LIMIT` sentences pass the filters they are all compared exactly; otherwise the kinds
are checked in the database, the index asked for more and more neighbours (up to
:data:`MAX_CANDIDATES`). Without an index (an archive written before it) up to
:data:`UNINDEXED_LIMIT` sentences are compared exactly. Every hit is read back from the database,
so a stale index never shows a deleted sentence. The hits are ordered by their cosine times the
prior of :mod:`hexaglot.search.rank` (a heading or a unit of a few words the query does not spell
out: × :data:`MEANING_LABEL_WEIGHT`), and show their cosine.

``both``: the full-text ranking and the meaning ranking, each cut at :data:`FUSION_DEPTH`, fused by
score: half the full-text score over the best one's, half the cosine with the query (:func:`_fuse`);
measured in bench/semantic_bench.py (reciprocal rank fusion was measured worse).

Facets in the meaning and both modes count the hits considered (the candidates that passed the
filters), through the search index's aggregation.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import tantivy

from hexaglot import limits
from hexaglot.errors import InputError
from hexaglot.search.index import SearchIndex
from hexaglot.search.query import facet_counts
from hexaglot.search.query import search as words_search
from hexaglot.search.rank import Prior, weighs
from hexaglot.semantic.ann import VectorIndex
from hexaglot.semantic.codec import encode, from_blobs, unit
from hexaglot.store.db import Store
from hexaglot.store.read import Filters, aligned_beads
from hexaglot.store.records import Hit, Related, SearchResult
from hexaglot.store.vectors import sentence_ids_where, vector_coverage, vectors_of
from hexaglot.units import ordered, parse_kinds

MODES = ("words", "meaning", "both")
EXACT_LIMIT = 20_000
UNINDEXED_LIMIT = 200_000  # sentences compared exactly when there is no vector index
MAX_CANDIDATES = 8_192
FUSION_DEPTH = 100
# bench/semantic_bench.py mrr: MRR@10 0.986 (words alone 0.986) for every share from 0.4 to 0.8; reciprocal rank
# fusion gave 0.981-0.983; cross-lingual queries (hits in another language): 0.340, meaning alone 0.334
WORDS_SHARE = 0.5
MAX_QUERY_CHARS = limits.MAX_MEANING_QUERY_CHARS
# The lowest cosine a meaning hit needs (bench/semantic_floor.py, "Meaning search: a similarity floor"):
# a query of a few words keeps 87.6% of its right hits at 0.40 and gets nothing for 27.5% of queries on
# subjects the archive lacks; a sentence-long query keeps 98.2% at 0.50 and gets nothing for 98.8%.
FLOOR_WORDS = 0.40
FLOOR_SENTENCE = 0.50
SENTENCE_WORDS = 8  # a query of this many words (or CJK characters / 2) is a sentence
# The meaning mode multiplies the cosine of a heading or of a unit of a few words by this, unless the query
# spells it out (hexaglot.search.rank.Prior). Known-item queries on the un_reports_en archive (1,553 units
# with a vector; 6 or 8 consecutive words of 250 sentences, 120 headings typed whole, 120 headings without
# their last word), MRR@10 at a weight of 1 / 0.8 / 0.7: sentences 0.20 / 0.27 / 0.29 (6 words) and 0.42 / 0.48 /
# 0.49 (8 words), headings whole 0.97 / 0.996 / 0.996, headings cut 0.91 / 0.84 / 0.75: 0.8 gains most of the
# first and keeps a heading typed in part near the top.
MEANING_LABEL_WEIGHT = 0.8
# The lowest cosine of two documents' mean vectors for "related" (bench/related_floor.py, "Related
# documents: a similarity floor"): 99.8% of the pairs of Security Council resolutions about one place
# reach it, and 99.1% of the nearest documents across UN texts and Alpine Club yearbooks do not.
FLOOR_RELATED = 0.35


# One-word queries by meaning (bench/semantic_floor.py --one-word, UNPC dev archive, 594 words): a sentence
# holding the word came first for 8% of them (50/594) and in the top 10 for 19%; in the both mode first
# for 60% (356/594), in the top 10 for 93%. No floor helps: the right hits' cosines (median 0.53) and the
# nearest of words the archive lacks (median 0.50) overlap. A sentence vector needs a sentence.
ONE_WORD_HINT = ("a single word says little to the sentence encoder: search it by words, or in the both mode, "
                 "which also ranks the sentences that hold it")


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")


def one_word(text: str) -> bool:
    """A query of one word: no space inside, and at most 4 CJK characters (人权, 安理会)."""
    parts = text.split()
    return len(parts) == 1 and _cjk(parts[0]) <= 4


def floor_for(text: str) -> float:
    """The similarity floor of a meaning query: :data:`FLOOR_SENTENCE` for a sentence, else
    :data:`FLOOR_WORDS`."""
    words = len(text.split()) + _cjk(text) // 2
    return FLOOR_SENTENCE if words >= SENTENCE_WORDS else FLOOR_WORDS
NO_VECTORS = ("this archive has no sentence vectors: run `hexaglot embed` to add them "
              "(or ingest with embeddings)")


class NoVectorsError(InputError):
    """Meaning search on an archive without vectors."""

    def __init__(self) -> None:
        super().__init__("archive", NO_VECTORS)


@dataclass
class Parts:
    """What the semantic functions read: the database, the full-text index, the vector index."""

    store: Store
    index: SearchIndex
    vectors: VectorIndex


def check_mode(mode: str) -> str:
    m = (mode or "words").lower()
    if m not in MODES:
        raise InputError("mode", f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
    return m


def query_vector(text: str) -> np.ndarray:
    if not text.strip():
        raise InputError("query", "the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InputError("query", f"the query is {len(text):,} characters long; a meaning search reads at "
                                  f"most {MAX_QUERY_CHARS:,} (a sentence or a paragraph)")
    return encode([text])[0]


def nearest(p: Parts, qvec: np.ndarray, langs: Sequence[str] | None, filters: Filters, want: int
            ) -> list[tuple[int, float]]:
    """The ``want`` stored sentences nearest ``qvec`` that pass ``langs`` and ``filters``:
    ``(sentence id, cosine)``, best first."""
    where, args = filters.sql("d")
    kinds = ordered(parse_kinds(filters.kind, what="kind")) if filters.kind else None
    q = unit(qvec)[0]
    documents: list[str] | None = None
    with p.store.snapshot() as c:
        indexed = len(p.vectors) > 0
        # the index filters by language and document itself; a kind filter is checked in the database
        if kinds is not None or not indexed:
            # without the index (an archive written before it, a first `hexaglot embed` running): exact
            allowed = sentence_ids_where(c, where, args, langs, kinds, EXACT_LIMIT if indexed else UNINDEXED_LIMIT)
            if allowed is not None:
                found = vectors_of(c, allowed)
                if not found:
                    if not indexed and c.execute("SELECT 1 FROM vectors LIMIT 1").fetchone() is None:
                        raise NoVectorsError()
                    return []
                ids = list(found)
                scores = unit(from_blobs([found[i] for i in ids])) @ q
                top = np.argsort(-scores)[:want]
                return [(ids[i], float(scores[i])) for i in top]
            if not indexed:
                raise InputError("archive", "the vector index is missing (an archive written by an older version, "
                                            "or one being embedded): run `hexaglot reindex` or `hexaglot check --repair`")
        if where != "1":
            documents = [r[0] for r in c.execute(f"SELECT d.id FROM documents d WHERE {where}", list(args))]
            if not documents:
                return []
    # the index applies the languages and the document filters; the kinds are checked in the database
    k = max(64, want * (4 if kinds else 1))
    while True:
        with p.store.snapshot() as c:
            cands = p.vectors.search(c, qvec, k, list(langs or []), documents)
            if kinds is None:
                return cands[:want]
            keep = _passing(c, [i for i, _ in cands], "1", [], None, kinds)
        hits = [(i, s) for i, s in cands if i in keep]
        if len(hits) >= want or len(cands) < k or k >= MAX_CANDIDATES:
            return hits[:want]
        k *= 4


def _passing(c: sqlite3.Connection, ids: list[int], where: str, args: Sequence[object],
             langs: Sequence[str] | None, kinds: Sequence[str] | None) -> set[int]:
    """Those of ``ids`` still stored that pass the filters."""
    out: set[int] = set()
    lw = f" AND v.lang IN ({','.join('?' * len(langs))})" if langs else ""
    kw = f" AND s.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        out.update(int(r[0]) for r in c.execute(
            "SELECT s.id FROM sentences s JOIN versions v ON v.id = s.version_id JOIN documents d ON d.id = v.doc_id "
            f"WHERE s.id IN ({','.join('?' * len(chunk))}) AND {where}{lw}{kw}",
            [*chunk, *args, *(langs or []), *(kinds or [])]))
    return out


def clipped(text: str, limit: int = 300) -> str:
    """``text`` whole up to ``limit`` characters; else cut at the last space before it (at
    ``limit`` in a text without spaces) and ended with "…", so a cut is never mistaken for the end."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + "…"


def _rows(c: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    """``(id, text, kind, lang, doc_id, symbol, date)`` of each of ``ids`` still stored, by id."""
    rows: dict[int, tuple] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        for r in c.execute(
                "SELECT s.id, s.text, s.kind, v.lang, d.id, d.symbol, d.date FROM sentences s "
                "JOIN versions v ON v.id = s.version_id JOIN documents d ON d.id = v.doc_id "
                f"WHERE s.id IN ({','.join('?' * len(chunk))})", chunk):
            rows[int(r[0])] = r
    return rows


def _hits(c: sqlite3.Connection, ranked: list[tuple[int, float]], beside: str | None,
          snippets: dict[int, str] | None = None) -> list[Hit]:
    """Hit records for ``(sentence id, score)`` pairs, read from the database, with the aligned
    sentence in ``beside`` for each hit in another language."""
    rows = _rows(c, [i for i, _ in ranked])
    hits: list[Hit] = []
    for sid, score in ranked:
        if sid not in rows:
            continue  # deleted since the vector index was built
        _, text, kind, lang, doc_id, symbol, date = rows[sid]
        snip = (snippets or {}).get(sid) or html.escape(clipped(text))
        hits.append(Hit(doc_id=doc_id, symbol=symbol or None, lang=lang, sentence_id=sid, text=text, snippet=snip,
                        score=round(float(score), 6), date=date or None, kind=kind or "prose"))
    if beside:
        by_lang: dict[str, list[int]] = {}
        for h in hits:
            if h.lang != beside:
                by_lang.setdefault(h.lang, []).append(h.sentence_id)
        found: dict[int, str] = {}
        for lang, sids in by_lang.items():
            found.update((sid, b[4]) for sid, b in aligned_beads(c, sids, lang, beside).items())
        for h in hits:
            if h.sentence_id in found:
                h.aligned, h.aligned_lang = found[h.sentence_id], beside
    return hits


def _facets(idx: SearchIndex, ids: list[int]) -> dict[str, dict[str, int]]:
    if not ids:
        return {}
    q = tantivy.Query.term_set_query(idx.schema, "sentence_id", ids)
    return facet_counts(idx.searcher(), q)


def _by_document(hits: list[Hit], limit: int) -> list[Hit]:
    out: dict[str, Hit] = {}
    for h in hits:
        if h.doc_id in out:
            out[h.doc_id].matches += 1
        else:
            out[h.doc_id] = h
    return list(out.values())[:limit]


def search(p: Parts, text: str, *, mode: str, langs: Sequence[str] | None, filters: Filters, limit: int = 20,
           documents: bool = False, facets: bool = True, beside: str | None = "en",
           min_similarity: float | None = None) -> SearchResult:
    """Search in ``mode`` (words, meaning, both); ``langs``: the hits' languages (all when empty).
    ``meaning`` keeps the hits whose cosine with the query reaches ``min_similarity`` (default:
    :func:`floor_for` the query); ``both`` keeps every full-text match, and of the sentences only
    close in meaning those that reach the same floor."""
    from hexaglot.read.langid import detect_language

    mode = check_mode(mode)
    langs = list(langs or [])
    lang_arg = ",".join(langs) or None
    if mode == "words":
        return words_search(p.index, text, lang=lang_arg, filters=filters, limit=limit, documents=documents,
                            facets=facets)
    qvec = query_vector(text)
    want = limit * 20 if documents else limit
    depth = max(want, FUSION_DEPTH)
    floor = floor_for(text) if min_similarity is None else min_similarity
    order: list[tuple[int, float]] | None = None  # meaning: the order of the hits, by cosine × prior
    while True:
        # nothing close in meaning: no hit rather than the nearest unrelated sentences
        ranked = [(i, score) for i, score in nearest(p, qvec, langs, filters, depth) if score >= floor]
        if mode != "meaning" or not weighs(filters.kind):
            break
        order = _weighted(p, ranked, text)
        # the prior only lowers a cosine: the order is exact once the want-th weighted score reaches the
        # lowest cosine considered, or every sentence above the floor was considered
        if len(ranked) < depth or order[want - 1][1] >= ranked[-1][1] or depth >= MAX_CANDIDATES:
            break
        depth *= 4
    snippets: dict[int, str] = {}
    if mode == "both":
        try:
            words = words_search(p.index, text, lang=lang_arg, filters=filters, limit=depth, facets=False)
        except InputError:
            words = None  # a query the full-text syntax refuses (an operator alone): meaning only
        ranked = _fuse(p, qvec, words.hits if words else [], ranked)
        snippets.update((h.sentence_id, h.snippet) for h in (words.hits if words else []))
    cosine = dict(ranked)  # a meaning hit shows its cosine, which the floor speaks of
    shown = ranked if order is None else [(i, cosine[i]) for i, _ in order]
    with p.store.snapshot() as c:
        hits = _hits(c, shown[: max(want, limit)], beside, snippets)
        # fewer hits than asked: are sentences out of the meaning ranking's reach (no vector yet)
        unembedded = vector_coverage(c)[1] if len(hits) < limit else 0
    considered = [i for i, _ in ranked]
    out = _by_document(hits, limit) if documents else hits[:limit]
    return SearchResult(query=text, total=len(considered), hits=out,
                        facets=_facets(p.index, considered) if facets else {}, mode=mode,
                        query_lang=detect_language(text), floor=floor, unembedded=unembedded,
                        hint=ONE_WORD_HINT if mode == "meaning" and one_word(text) else None)


def _weighted(p: Parts, ranked: list[tuple[int, float]], text: str) -> list[tuple[int, float]]:
    """``ranked`` (sentence id, cosine) with each cosine × :class:`~hexaglot.search.rank.Prior` (a
    heading or a unit of a few words the query does not spell out: × :data:`MEANING_LABEL_WEIGHT`),
    best first. The encoder puts a short heading as near a query about its subject as the sentences
    that say what the query says."""
    with p.store.snapshot() as c:
        rows = _rows(c, [i for i, _ in ranked])
    prior = Prior(text, MEANING_LABEL_WEIGHT)
    out = [(i, score * prior(r[2] or "prose", r[1], r[3]) if (r := rows.get(i)) else score) for i, score in ranked]
    return sorted(out, key=lambda kv: -kv[1])


def _fuse(p: Parts, qvec: np.ndarray, words: list[Hit], meaning: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """``both``: every sentence of either ranking scored :data:`WORDS_SHARE` × its full-text score
    over the best one's + (1 − :data:`WORDS_SHARE`) × its cosine with the query (computed for the
    full-text hits the meaning ranking did not reach; 0 for a sentence without a vector)."""
    cos = dict(meaning)
    missing = [h.sentence_id for h in words if h.sentence_id not in cos]
    if missing:
        with p.store.snapshot() as c:
            found = vectors_of(c, missing)
        if found:
            keys = list(found)
            cos.update(zip(keys, (unit(from_blobs([found[i] for i in keys])) @ unit(qvec)[0]).tolist(), strict=True))
    top = max((h.score for h in words), default=0.0)
    text = {h.sentence_id: h.score / top for h in words} if top > 0 else {}
    ids = dict.fromkeys([*(h.sentence_id for h in words), *(i for i, _ in meaning)])
    fused = {i: WORDS_SHARE * text.get(i, 0.0) + (1 - WORDS_SHARE) * cos.get(i, 0.0) for i in ids}
    return sorted(fused.items(), key=lambda kv: -kv[1])


def related(p: Parts, doc_id: str, limit: int = 10, min_similarity: float | None = None) -> list[Related]:
    """The documents whose vectors are nearest ``doc_id``'s (as of the vector index's last build),
    those whose cosine reaches ``min_similarity`` (default :data:`FLOOR_RELATED`; 0 keeps all, even
    a negative cosine)."""
    floor = FLOOR_RELATED if min_similarity is None else min_similarity
    ids, vecs = p.vectors.documents()
    if doc_id not in ids:
        with p.store.snapshot() as c:
            if c.execute("SELECT 1 FROM vectors LIMIT 1").fetchone() is None:
                raise NoVectorsError()
            kind = c.execute("SELECT kind FROM documents WHERE id = ?", (doc_id,)).fetchone()
            texts = c.execute("SELECT count(*) FROM sentences s JOIN versions v ON v.id = s.version_id "
                              "WHERE v.doc_id = ?", (doc_id,)).fetchone()[0]
        if kind and kind[0] == "catalogue" and not texts:
            raise InputError(doc_id, "a catalogue record only: the archive holds no text of it to compare "
                                     "(related documents are found by their sentences' meaning)")
        if not texts:
            raise InputError(doc_id, "this document has no sentence: there is nothing to compare")
        # its sentences have no vector (ingested without embeddings): "no related document" would mislead
        raise InputError(doc_id, "this document has no sentence vectors yet: run `hexaglot embed` to add them")
    me = ids.index(doc_id)
    scores = vecs @ vecs[me]
    order = [int(i) for i in np.argsort(-scores) if int(i) != me and (floor <= 0 or scores[i] >= floor)][: limit * 2]
    out: list[Related] = []
    with p.store.snapshot() as c:
        for i in order:
            row = c.execute("SELECT id, symbol, title, date, doc_type FROM documents WHERE id = ?", (ids[i],)).fetchone()
            if row:
                out.append(Related(doc_id=row[0], symbol=row[1], title=row[2], date=row[3], doc_type=row[4],
                                   score=round(float(scores[i]), 4)))
    return out[:limit]
