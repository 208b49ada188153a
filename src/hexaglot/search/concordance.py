"""Bilingual concordance: KWIC lines of source sentences matching a query, each with the target
sentence(s) aligned to it and the alignment score.

Sentences come from the index, their alignment and both texts from one SQLite snapshot; a hit whose
sentence was replaced after the index was read is dropped, never shown against a newer target.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

from hexaglot.search.index import SearchIndex
from hexaglot.search.query import MARK, MARK_GLUE, Snippets, kind_of_hit, sentence_of, source_hits
from hexaglot.search.syntax import as_phrase
from hexaglot.store.db import Store
from hexaglot.store.read import Filters, aligned_beads
from hexaglot.store.records import ConcordanceLine
from hexaglot.units import ordered, parse_kinds

_B = MARK
_WORDS = re.compile(r"[^\W_]+")
_JOINED = re.compile(rf"</b>({MARK_GLUE}+)<b>")
SORTS = ("score", "date", "relevance")
#: the most source hits one concordance reads to fill its lines (when most matches are in documents
#: without a version in the target language)
MAX_FETCH = 20_000


def kwic(snippet_html: str, sentence: str, lang: str | None = None) -> tuple[str, str, str]:
    """``(left, match, right)`` from a highlighted snippet; the whole sentence when no match.
    Matched words side by side (or joined by an apostrophe or a hyphen) are one match."""
    from hexaglot.langs import function_words

    small = function_words(lang) if lang else frozenset()
    snippet_html = _JOINED.sub(r"\1", snippet_html)  # adjacent matched words (l’homme): one match

    def weight(b: re.Match[str]) -> tuple[int, int]:
        words = _WORDS.findall(b.group(1))
        return sum(w.casefold() not in small for w in words), len(words)

    # the match of most content words, then most words (a phrase beats a lone word of it elsewhere,
    # "l’homme" beats "de l’"), the first of equals
    m = max(_B.finditer(snippet_html), key=weight, default=None)
    if not m:
        return sentence, "", ""
    match = html.unescape(m.group(1))
    left_snip = html.unescape(_B.sub(r"\1", snippet_html[: m.start()]))
    pos = sentence.find(left_snip + match) if left_snip else -1
    start = pos + len(left_snip) if pos >= 0 else sentence.find(match)
    if start < 0:
        return sentence, "", ""
    return sentence[:start], match, sentence[start + len(match):]


def _with_kinds(filters: Filters | None) -> Filters:
    """``filters`` with the kinds of sentence searched spelled out (prose when it names none)."""
    filters = filters or Filters()
    return replace(filters, kind=ordered(parse_kinds(filters.kind, what="kind")))


def concordance(idx: SearchIndex, store: Store, text: str, src: str, tgt: str, *,
                filters: Filters | None = None, limit: int = 20, sort: str = "score",
                min_score: float = 0.0) -> list[ConcordanceLine]:
    """Up to ``limit`` lines; ``sort`` is ``score`` (alignment score), ``date`` or ``relevance``.

    Source sentences of the kinds ``filters.kind`` names match (prose when it names none: see
    :mod:`hexaglot.units`); ``"prose,footnotes"`` or ``"all"`` widen the search."""
    if sort not in SORTS:
        from hexaglot.errors import InputError

        raise InputError("concordance", f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    filters = _with_kinds(filters)
    fetch = max(limit * 5, 50)
    while True:  # more source hits while too few are aligned (hits in documents without a tgt version)
        hits, in_order = _ranked_hits(idx, text, src, filters, fetch)
        if not hits:
            return []
        ids = [int(doc["sentence_id"][0]) for _, doc, _, _ in hits]
        with store.snapshot() as c:
            beads = aligned_beads(c, ids, src, tgt)
        chosen: list[tuple[int, Any, tuple[list[int], list[int], float, str, str]]] = []
        seen: set[tuple[int, ...]] = set()
        for rank, (_, doc, _, _) in enumerate(hits):
            bead = beads.get(int(doc["sentence_id"][0]))
            if bead is None or bead[2] < min_score or tuple(bead[0]) in seen:
                continue  # a sentence replaced since the index was read, a low score, a bead already shown
            seen.add(tuple(bead[0]))
            chosen.append((rank, doc, bead))
        if len(chosen) >= limit or len(hits) < fetch or fetch >= MAX_FETCH:
            break
        fetch = min(MAX_FETCH, fetch * 4)
    _, _, searcher, query = hits[0]
    if sort == "score":
        chosen.sort(key=lambda x: (-x[2][2], x[0]))
    elif sort == "date":
        chosen.sort(key=lambda x: (x[1]["date"][0] or "", -x[0]), reverse=True)
    if in_order:  # stable: each sort's order inside the two groups
        chosen.sort(key=lambda x: int(x[1]["sentence_id"][0]) not in in_order)
    snip = Snippets(searcher, query, idx.schema, text, max_chars=2000)
    lines: list[ConcordanceLine] = []
    for _, doc, (s_ids, t_ids, score, src_text, tgt_text) in chosen[:limit]:
        lang, sentence = sentence_of(doc)
        left, match, right = kwic(snip(doc, lang, sentence), sentence, lang)
        lines.append(ConcordanceLine(
            doc_id=doc["doc_id"][0], symbol=doc["symbol"][0] or None, date=doc["date"][0] or None,
            src_lang=src, tgt_lang=tgt, left=left, match=match, right=right, source=src_text,
            target=tgt_text, score=score, src_ids=s_ids, tgt_ids=t_ids, kind=kind_of_hit(doc)))
    return lines


def _ranked_hits(idx: SearchIndex, text: str, src: str, filters: Filters, fetch: int,
                 ) -> tuple[list[tuple[float, Any, Any, Any]], set[int]]:
    """Up to ``fetch`` source hits, and the sentence ids of those that hold the words typed side by
    side in that order (a phrase), which come first whatever the sort."""
    hits = list(source_hits(idx, text, src, filters, fetch))
    phrase = as_phrase(text)
    in_order: set[int] = set()
    if hits and phrase:
        near = list(source_hits(idx, phrase, src, filters, fetch))
        in_order = {int(doc["sentence_id"][0]) for _, doc, _, _ in near}
        hits = near + [h for h in hits if int(h[1]["sentence_id"][0]) not in in_order]
    return hits, in_order


def why_none(idx: SearchIndex, store: Store, text: str, src: str, tgt: str, *, filters: Filters | None = None,
             min_score: float = 0.0) -> str:
    """Why :func:`concordance` found no line: no source sentence matches, or those that match are
    aligned with no target sentence (their documents have no target version), or only below
    ``min_score``. One sentence, for the CLI, the API and the web page."""
    given = filters or Filters()
    filters = _with_kinds(filters)
    ids = [int(doc["sentence_id"][0]) for _, doc, _, _ in source_hits(idx, text, src, filters, 1000)]
    if not ids:  # the filters (a symbol, the kinds: prose by default) may be what removed them
        bare = sum(1 for _ in source_hits(idx, text, src, Filters(kind="all"), 1000))
        many = f"{bare}{'+' if bare >= 1000 else ''}"
        if bare and replace(given, kind=None) == Filters():
            kinds = ", ".join(filters.kind or [])
            return f"no {src} sentence of the kinds searched ({kinds}) matches; {many} of other kinds do (--kind all)"
        if bare:
            return f"no {src} sentence matches with these filters; {many} match without them"
        return f"no {src} sentence matches"
    more = "+" if len(ids) >= 1000 else ""
    found = f"{len(ids)}{more} {src} sentence{'s' if len(ids) != 1 else ''} match"
    with store.snapshot() as c:
        beads = aligned_beads(c, ids, src, tgt)
    if not beads:
        return f"{found}, but none is aligned with {tgt}: their documents have no {tgt} version"
    return f"{found}, but their alignments with {tgt} score below --min-score {min_score:g}"
