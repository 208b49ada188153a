"""Candidate retrieval: the full-text index narrows, an exact-score pass ranks; no full scan.

For each draft segment, its index terms (cut by the language's own analyzer, as the index cut the
archived sentences) are ranked by document frequency and the :data:`MAX_TERMS` rarest make one OR
query (BM25) restricted to the source language and to documents aligned with the target language.
The :data:`MAX_HITS` best hits are scored word by word (:func:`hexaglot.pretranslate.score.score`),
the best become beads in the language pair (one SQLite lookup) and are scored again on the whole
bead source when a bead joins several sentences.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import tantivy

from hexaglot.pretranslate.records import Candidate
from hexaglot.pretranslate.score import Tokens, ceiling, differences, normalised, relabel, score, tokens
from hexaglot.search.analyzers import STEMMERS, cjk_grams, prepare, stem_analyzer, text_field
from hexaglot.search.index import SearchIndex
from hexaglot.search.query import kind_of_hit, sentence_of
from hexaglot.store.read import aligned_beads

MAX_TERMS = 10  # the rarest index terms of a segment that make its OR query
MAX_HITS = 40  # index hits scored exactly per segment
MIN_TERMS = 3  # terms kept however common they are
PLACEABLE_BOOST = 2.0  # the weight of a number or symbol term of the segment in the OR query
COMMON_SHARE = 0.05  # beyond MIN_TERMS, a term in more than this share of the index's sentences is left out


def _analyzer(lang: str) -> Any:
    """The terms of ``lang`` as its field holds them (the index's own analyzer for a stemmed field)."""
    if lang in STEMMERS:
        return stem_analyzer(lang)
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(60))
            .filter(tantivy.Filter.lowercase()).build())


class Matcher:
    """Finds the candidates of segments in one language pair, over one searcher and one connection."""

    def __init__(self, idx: SearchIndex, conn: sqlite3.Connection, src: str, tgt: str,
                 pair_docs: Sequence[str] | None = None) -> None:
        """``pair_docs``: the documents aligned in the pair, when only part of the source language's
        documents are (the query is restricted to them); ``None`` when every one is."""
        self.idx, self.conn, self.src, self.tgt = idx, conn, src, tgt
        self.searcher = idx.searcher()
        self.schema = idx.schema
        self.field = text_field(src)
        self.analyzer = _analyzer(src)
        self.lang = (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "lang", src))
        self.pair_docs = list(pair_docs) if pair_docs is not None else None
        self._df: dict[tuple[str, str], int] = {}

    def _terms(self, text: str) -> list[tuple[str, str]]:
        if self.field == "text_zh":
            bi, uni = cjk_grams(text)
            grams = [("text_zh", g) for g in bi.split()] or [("text_zh1", u) for u in uni.split()]
            return list(dict.fromkeys(grams))
        return [(self.field, t) for t in dict.fromkeys(self.analyzer.analyze(prepare(self.src, text)))]

    def _doc_freq(self, term: tuple[str, str]) -> int:
        df = self._df.get(term)
        if df is None:
            df = self._df[term] = self.searcher.doc_freq(*term)
        return df

    def query(self, text: str, restricted: bool = False) -> Any | None:
        """The OR query of the segment's rarest terms (``None`` when none is in the index);
        ``restricted``: only in the documents aligned in the pair. ``text`` is the segment without
        its leading paragraph number (a placeable: it must not favour sentences of that number)."""
        terms = [(self._doc_freq(t), t) for t in self._terms(text)]
        terms = sorted((df, t) for df, t in terms if df > 0)[:MAX_TERMS]
        if not terms:
            return None
        common = self.searcher.num_docs * COMMON_SHARE
        terms = [x for i, x in enumerate(terms) if i < MIN_TERMS or x[0] <= common]
        clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, f, v)) for _, (f, v) in terms]
        # The segment's numbers and symbols, however common: they tell apart the near-duplicates of a
        # sentence (the same text in another year, under another number), which BM25 ranks alike.
        chosen = {t for _, t in terms}
        places = [t for t in self._terms(" ".join(normalised(text).placeables)) if t not in chosen]
        clauses += [(tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, f, v),
                                                                     PLACEABLE_BOOST))
                    for f, v in dict.fromkeys(places) if self._doc_freq((f, v)) > 0]
        should = tantivy.Query.boolean_query(clauses)
        if self.field == "text_xx" or restricted:  # text_xx is shared; a stemmed field holds one language
            must = [(tantivy.Occur.Must, should), self.lang]
        else:
            must = [(tantivy.Occur.Must, should)]
        if restricted and self.pair_docs is not None:  # then ``must`` is a conjunction already
            must.append((tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, "doc_id", self.pair_docs)))
        return tantivy.Query.boolean_query(must) if len(must) > 1 else should

    def hits(self, seg: Tokens, floor: float = 0.0, restricted: bool = False) -> list[tuple[float, int, dict[str, Any]]]:
        """``(score, sentence id, stored fields)`` of the index hits that may reach ``floor``, best
        score first (a hit too long to reach it is never cut into tokens)."""
        q = self.query(seg.rest, restricted)
        if q is None:
            return []
        found = self.searcher.search(q, MAX_HITS, count=False).hits
        scored: list[tuple[float, int, dict[str, Any]]] = []
        cache: dict[str, float] = {}
        for rank, (_, addr) in enumerate(found):
            doc = self.searcher.doc(addr)
            _, text = sentence_of(doc)
            s = cache.get(text)
            if s is None:
                long = ceiling(seg, len(text.split())) < floor
                s = cache[text] = 0.0 if long else score(seg, normalised(text))
            scored.append((s, -rank, {"sentence_id": int(doc["sentence_id"][0]), "doc_id": doc["doc_id"][0],
                                      "symbol": doc["symbol"][0] or None, "date": doc["date"][0] or None,
                                      "text": text, "kind": kind_of_hit(doc)}))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [(s, h["sentence_id"], h) for s, _, h in scored]

    def candidates(self, seg: Tokens, floor: float, n: int) -> tuple[list[Candidate], float | None]:
        """Up to ``n`` candidates scoring at least ``floor`` (distinct source–target texts), and the
        best score seen (for the analysis, even below ``floor``).

        The index is asked over every document first (a term set of thousands of document ids
        doubles a query's cost); only when too few of the hits are aligned in the pair (documents
        without a target version crowded them out) is it asked again within the pair's documents."""
        out, best, unaligned = self._candidates(seg, self.hits(seg, floor), floor, n)
        if len(out) < n and unaligned and self.pair_docs is not None:
            out, best, _ = self._candidates(seg, self.hits(seg, floor, restricted=True), floor, n)
        return out, best

    def _candidates(self, seg: Tokens, found: list[tuple[float, int, dict[str, Any]]], floor: float, n: int
                    ) -> tuple[list[Candidate], float | None, int]:
        hits = [h for h in found if h[0] >= floor]
        unaligned = 0  # hits looked at whose sentence has no bead in the pair
        best: float | None = None
        out: list[Candidate] = []
        seen: set[tuple[str, str]] = set()
        for start in range(0, len(hits), 4 * n):
            chunk = hits[start:start + 4 * n]
            beads = aligned_beads(self.conn, [sid for _, sid, _ in chunk], self.src, self.tgt)
            for s, sid, h in chunk:
                bead = beads.get(sid)
                if bead is None:
                    unaligned += 1  # not aligned in this pair
                    continue
                s_ids, t_ids, align_score, src_text, tgt_text = bead
                src_tok = tokens(src_text) if len(s_ids) > 1 else tokens(h["text"])
                if len(s_ids) > 1:
                    s = score(seg, src_tok)
                best = s if best is None else max(best, s)
                if s < floor or (src_text, tgt_text) in seen:
                    continue
                seen.add((src_text, tgt_text))
                out.append(Candidate(score=s, source=src_text, target=relabel(tgt_text, seg, src_tok, self.tgt),
                                     archived_target=tgt_text, doc_id=h["doc_id"],
                                     symbol=h["symbol"], date=h["date"], align_score=align_score,
                                     src_ids=s_ids, tgt_ids=t_ids, changes=differences(seg, src_tok),
                                     kind=h["kind"]))
            if len(out) >= n:  # later hits score no higher (a joined bead only scores lower)
                break
        # best score first; among equals the better-aligned, then the newer
        out.sort(key=lambda c: (c.score, c.align_score, c.date or ""), reverse=True)
        return out[:n], best, unaligned

    def neighbours(self, sentence_id: int) -> tuple[str | None, str | None]:
        """The texts of the sentences before and after an archived sentence in its version."""
        row = self.conn.execute("SELECT version_id, idx FROM sentences WHERE id = ?", (sentence_id,)).fetchone()
        if row is None:
            return None, None
        v, i = row
        got = dict(self.conn.execute("SELECT idx, text FROM sentences WHERE version_id = ? AND idx IN (?, ?)",
                                     (v, i - 1, i + 1)).fetchall())
        return got.get(i - 1), got.get(i + 1)
