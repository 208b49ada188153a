"""Queries: what a person types (words with their punctuation, "phrases", AND/OR/NOT, +/-, prefix*;
read by :mod:`hexaglot.search.syntax`) in any of the languages, Chinese runs as bigram phrases,
document filters, facet counts and snippets."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import tantivy

from hexaglot.errors import InputError
from hexaglot.search.analyzers import (
    _CJK_RUN,
    CUT,
    EXACT,
    EXACT_BOOST,
    FACET_FIELDS,
    STEMMERS,
    TEXT_FIELDS,
    exact_field,
    folded,
    indexed_terms,
    marked,
    prepare_query,
    shown,
    text_field,
    unmarked,
)
from hexaglot.search.index import SearchIndex
from hexaglot.search.rank import (
    LABEL_KINDS,
    SPELLED_OUT,
    WORDS_LABEL_WEIGHT,
    Prior,
    kind_weighted,
    of_kinds,
    weighs,
)
from hexaglot.search.syntax import phrase_words, prefixes, to_tantivy
from hexaglot.store.read import Filters, agenda_forms
from hexaglot.store.records import Hit, SearchResult
from hexaglot.units import ordered, parse_kinds

_AGG_FIELD = {"organ": "organ", "type": "type", "lang": "lang", "country": "country",
              "session": "session", "year": "year", "kind": "kind"}


def _glob_regex(glob: str) -> str:
    return "".join(".*" if ch == "*" else re.escape(ch) for ch in glob)


def build_query(idx: SearchIndex, text: str, lang: str | None = None, filters: Filters | None = None
                ) -> tantivy.Query:
    """The tantivy query for a user query in ``lang`` (every language when ``None``)."""
    if not text.strip():
        raise InputError("query", "the query is empty")
    langs = [x for x in (lang or "").split(",") if x]  # "fr" or "fr,en": the hits' languages
    fields = list(dict.fromkeys(text_field(x) for x in langs)) if langs else list(TEXT_FIELDS)
    if "text_zh" in fields:
        fields.remove("text_zh")
    prefix_fields = [f for f in fields if f != "text_xx"] or fields or ["text_zh1"]
    # a word looks in a folded field and in its exact field (stemmed as written, then folded), except a
    # word whose accent tells it from another word (search.analyzers.accent_bound), which syntax names
    # the fields for; each of the two weighs half: a word both read alike scores as in a language of one
    # field (an all-language search ranks a French or Spanish hit with the others, not ahead)
    exact = [e for x in (langs or STEMMERS) if (e := exact_field(x)) and text_field(x) in fields]
    default = list(dict.fromkeys(fields + exact))
    halves = {f: EXACT_BOOST for e in exact for f in (e, e.removesuffix(EXACT))}
    rewritten = to_tantivy(prepare_query(text, langs), prefix_fields, zh=not fields, fields=default)
    try:
        q = idx.index.parse_query(rewritten, default or ["text_zh"], field_boosts=halves,
                                  conjunction_by_default=True, allow_regexes=True)
    except ValueError as exc:
        if "only excluding" in str(exc).lower():
            raise InputError("query", f"{text!r} only excludes (NOT, -word): add a word to search for"
                             ) from None
        raise InputError("query", f"cannot parse {text!r}: {exc}") from exc
    must: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, q)]
    s = idx.schema
    if len(langs) == 1:
        must.append((tantivy.Occur.Must, tantivy.Query.term_query(s, "lang", langs[0])))
    elif langs:
        must.append((tantivy.Occur.Must, tantivy.Query.term_set_query(s, "lang", langs)))
    f = filters or Filters()
    for field, value in (("organ", f.organ), ("type", f.doc_type),
                         ("country", f.country.upper() if f.country else None)):
        if value:
            must.append((tantivy.Occur.Must, tantivy.Query.term_query(s, field, str(value))))
    if f.agenda:  # an item matches its sub-items too, in either spelling (store.read.agenda_forms)
        must.append((tantivy.Occur.Must, tantivy.Query.regex_query(s, "agenda", agenda_forms(str(f.agenda))[1])))
    for field, num in (("year", f.year), ("session", f.session)):
        if num is not None:
            must.append((tantivy.Occur.Must, tantivy.Query.term_query(s, field, int(num))))
    if f.symbol:
        if "*" in f.symbol:
            must.append((tantivy.Occur.Must, tantivy.Query.regex_query(s, "symbol", _glob_regex(f.symbol))))
        else:
            must.append((tantivy.Occur.Must, tantivy.Query.term_query(s, "symbol", f.symbol)))
    if f.doc_ids is not None:
        must.append((tantivy.Occur.Must, tantivy.Query.term_set_query(s, "doc_id", list(f.doc_ids))))
    if f.kind:
        must.append((tantivy.Occur.Must, tantivy.Query.term_set_query(s, "kind", ordered(parse_kinds(f.kind, what="kind")))))
    return tantivy.Query.boolean_query(must) if len(must) > 1 else q


def _highlight_cjk(text: str, query: str) -> str:
    runs = sorted(set(_CJK_RUN.findall(query)), key=len, reverse=True)
    if not runs:
        return html.escape(text)
    rx = re.compile("|".join(map(re.escape, runs)))
    out, pos = [], 0
    for m in rx.finditer(text):
        out += [html.escape(text[pos:m.start()]), "<b>", html.escape(m.group(0)), "</b>"]
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


class Snippets:
    """Highlighted snippets (``<b>…</b>`` around matches), one generator per language field."""

    def __init__(self, searcher: tantivy.Searcher, query: tantivy.Query, schema: tantivy.Schema, text: str,
                 max_chars: int = 240) -> None:
        self.searcher, self.query, self.schema, self.text, self.max_chars = searcher, query, schema, text, max_chars
        self._gens: dict[str, Any] = {}
        self.prefixes = prefixes(text)  # tantivy's snippets mark no term of a regex (word*) query
        self._found: dict[str, Callable[[str], bool]] = {}  # per field, :func:`prefix_test`
        self.phrase = phrase_words(text)  # tantivy marks each word of a phrase, wherever it stands
        self.typed = frozenset(_WORDS.findall(text.casefold()))  # the words as the query writes them

    def _generator(self, field: str) -> Any:
        gen = self._gens.get(field)
        if gen is None:
            gen = tantivy.SnippetGenerator.create(self.searcher, self.query, self.schema, field)
            gen.set_max_num_chars(self.max_chars)
            self._gens[field] = gen
        return gen

    def __call__(self, doc: tantivy.Document, lang: str, sentence: str) -> str:
        field = text_field(lang)
        if field not in {f"text_{x}" for x in STEMMERS}:
            return _highlight_cjk(sentence, self.text)
        snippet = joined(self._generator(field).snippet_from_doc(doc).to_html())
        exact = exact_field(lang)
        if exact is not None:  # the words the exact field found ("à", "première" for "premier"): the
            # snippet with more of them marked, the exact field's read from the text the folded field stores
            as_exact = tantivy.Document()
            as_exact.add_text(exact, marked(lang, doc[field][0]))
            other = unmarked(self._generator(exact).snippet_from_doc(as_exact).to_html())
            if other.count("<b>") > snippet.count("<b>"):
                snippet = other
        found = None
        if self.prefixes:
            found = self._found.get(field) or self._found.setdefault(field, prefix_test(self.prefixes, field))
            if "<b>" not in snippet:  # tantivy's fragment knows no word of a word* query
                snippet = html.escape(_window(sentence, found, self.max_chars))
        snippet = snippet or html.escape(sentence[: self.max_chars])
        if self.phrase:
            snippet = phrase_marks(snippet, self.phrase)
        snippet = edge_marks(snippet, self.typed, lang)
        return mark_prefixes(snippet, found) if found else snippet


_CUT_MARK = re.compile(rf"<b>([^<{CUT}]*)</b>{CUT}")  # a proclitic marked alone: not a match
_CUT_OPEN = re.compile(rf"([^\W\d_]+){CUT}<b>")  # before its marked word: inside the mark


def joined(snippet_html: str) -> str:
    """A snippet of a text as :func:`~hexaglot.search.analyzers.prepare` cut it, as the document
    writes it: the word found by its proclitic's form is marked whole (``<b>لحقوق</b>``), a
    proclitic matched alone is not marked (the ``ل`` a query ``لحقوق`` also searches for)."""
    if CUT not in snippet_html:
        return snippet_html
    return shown(_CUT_OPEN.sub(r"<b>\1", _CUT_MARK.sub(rf"\1{CUT}", snippet_html)))


_TAGS = re.compile(r"</?b>")
_PIECES = re.compile(r"(<[^>]+>|&#?\w+;)")
_WORDS = re.compile(r"[^\W_]+")


def prefix_test(starts: list[str], field: str) -> Callable[[str], bool]:
    """Whether a word is what one of the prefixes ``starts`` found in ``field``: it starts with the
    prefix as typed (both folded as the field folds them: "États" for ``etat*``), or it is indexed
    as the prefix's own stem ("Right" for ``rights*``). The prefixes' stems are taken once."""
    typed = tuple(folded(field, p) for p in starts)
    stems = {(indexed_terms(field, p) or [p])[-1] for p in starts}  # the last: a proclitic's word

    def found(word: str) -> bool:
        low = word.lower()
        return folded(field, low).startswith(typed) or (indexed_terms(field, low) or [low])[-1] in stems

    return found


def _window(sentence: str, found: Callable[[str], bool], size: int) -> str:
    """``size`` characters of ``sentence`` around its first word a prefix query ``found`` ("" when none)."""
    m = next((m for m in _WORDS.finditer(sentence) if found(m.group(0))), None)
    if m is None:
        return ""
    a = max(0, min(m.start() - size // 3, len(sentence) - size))
    return sentence[a:a + size]


def mark_prefixes(snippet_html: str, found: Callable[[str], bool]) -> str:
    """``snippet_html`` with each unmarked word a prefix query ``found`` (:func:`prefix_test`) marked."""
    out: list[str] = []
    inside = False
    for piece in _PIECES.split(snippet_html):
        if piece.startswith("<"):
            inside = piece == "<b>" or (inside and piece != "</b>")
            out.append(piece)
        elif piece.startswith("&") or inside:
            out.append(piece)
        else:
            out.append(_WORDS.sub(lambda m: f"<b>{m.group(0)}</b>" if found(m.group(0)) else m.group(0), piece))
    return "".join(out)


_SYMBOL_JOIN = re.compile(r"</b>([/.])<b>")  # A/80/596 is one match, not three
# a symbol's series letters, which a stop word list may leave unindexed (French "a"), join the mark after them:
# "A/<b>58/50/Rev.1</b>" is "<b>A/58/50/Rev.1</b>"
_SYMBOL_HEAD = re.compile(r"(?<![\w/])([A-Z]{1,6})/<b>(?=[\dA-Z])")
_WORD_CHAR = re.compile(r"[^\W_]")


MARK = re.compile(r"<b>(.*?)</b>", re.S)
"""A marked match of a snippet."""
MARK_GLUE = r"(?:\s|['’ʼ-]|&#x27;|&#39;)"
"""What joins two marked words into one match: a space, an apostrophe (also as the snippet escapes
it) or a hyphen (``l’homme``, ``l&#39;homme``, ``Secretary-General``)."""
_GLUE = re.compile(rf"{MARK_GLUE}*")


# between two marked words of one quoted phrase: any signs but no word ("A/58/50", "Now, therefore")
_PHRASE_GLUE = re.compile(r"(?:[^\w<&]|&#?\w+;)*")


def _runs(snippet_html: str, glue: re.Pattern[str] = _GLUE) -> list[list[re.Match[str]]]:
    """The marks of a snippet, grouped into runs of marked words side by side (``glue``: what may
    stand between two of a run)."""
    runs: list[list[re.Match[str]]] = []
    for m in MARK.finditer(snippet_html):
        if runs and glue.fullmatch(snippet_html[runs[-1][-1].end():m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _unmark(snippet_html: str, runs: list[list[re.Match[str]]], keep: list[bool]) -> str:
    out, at = [], 0
    for run, kept in zip(runs, keep, strict=True):
        if kept:
            continue
        for m in run:
            out.append(snippet_html[at:m.start()] + m.group(1))
            at = m.end()
    return "".join(out) + snippet_html[at:]


def content_marks(snippet_html: str, lang: str) -> str:
    """The marks of a snippet without a lone article or preposition: "droits de l'homme" typed
    without quotes matched every "de" and "l" of the sentence; a run of marked words side by side
    keeps its marks when one of them is a content word (the phrase "droits de l'homme"). A query of
    function words only keeps them all."""
    from hexaglot.langs import function_words

    small = function_words(lang)
    runs = _runs(snippet_html)
    if not runs or not small:
        return snippet_html

    def content(run: list[re.Match[str]]) -> bool:
        return any(html.unescape(m.group(1)).casefold().strip("'’ʼ") not in small for m in run)

    keep = [content(r) for r in runs]
    return _unmark(snippet_html, runs, keep) if any(keep) else snippet_html


def edge_marks(snippet_html: str, typed: frozenset[str], lang: str) -> str:
    """The marks of a snippet without an article or preposition at either end of a run that the
    query did not write: "droits de l'homme" matched "des" as "de" (one stem), and the concordance
    marked "des droits de l’homme". A run of one mark keeps it (the query "de" finds "des")."""
    from hexaglot.langs import function_words

    small = function_words(lang)
    if not small:
        return snippet_html

    def loose(m: re.Match[str]) -> bool:
        word = html.unescape(m.group(1)).casefold().strip("'’ʼ")
        return word in small and word not in typed

    drop: set[int] = set()
    for run in _runs(snippet_html):
        i, j = 0, len(run)
        while j - i > 1 and loose(run[i]):
            i += 1
        while j - i > 1 and loose(run[j - 1]):
            j -= 1
        drop.update(m.start() for m in (*run[:i], *run[j:]))
    if not drop:
        return snippet_html
    return MARK.sub(lambda m: m.group(1) if m.start() in drop else m.group(0), snippet_html)


def phrase_marks(snippet_html: str, words: int) -> str:
    """The marks of a snippet of a query made of quoted phrases only, the shortest of ``words``
    words: a run of fewer marked words is a lone word of the phrase elsewhere in the sentence
    ("human" in "human person" for "human rights"), not the phrase."""
    runs = _runs(snippet_html, _PHRASE_GLUE)
    keep = [len(r) >= words for r in runs]
    return _unmark(snippet_html, runs, keep) if any(keep) else snippet_html


def framed(snippet_html: str, sentence: str) -> str:
    """The snippet as a reader takes it: the sentence's closing punctuation kept (the snippet ends at
    its last word: "para. 35" for "para. 35)."), and "…" where it leaves words out at either end;
    the parts of a symbol matched together are one mark."""
    snippet_html = _SYMBOL_HEAD.sub(r"<b>\1/", _SYMBOL_JOIN.sub(r"\1", snippet_html))
    plain = html.unescape(_TAGS.sub("", snippet_html))
    at = sentence.find(plain) if plain else -1
    if at < 0:
        return snippet_html
    head, tail = sentence[:at], sentence[at + len(plain):]
    out = ("…" if _WORD_CHAR.search(head) else html.escape(head.lstrip())) + snippet_html
    return out + ("…" if _WORD_CHAR.search(tail) else html.escape(tail.rstrip()))


def sentence_of(doc: tantivy.Document) -> tuple[str, str]:
    """``(lang, text)`` of a stored index document."""
    lang = doc["lang"][0]
    field = text_field(lang)
    if field in {f"text_{x}" for x in STEMMERS}:
        return lang, shown(doc[field][0])
    return lang, bytes(doc["raw"][0]).decode("utf-8")


def kind_of_hit(doc: tantivy.Document) -> str:
    """The kind of the sentence of an index document (prose, title, footnote, cell)."""
    found = doc.to_dict().get("kind")
    return str(found[0]) if found else "prose"


def facet_counts(searcher: tantivy.Searcher, query: tantivy.Query, size: int = 20) -> dict[str, dict[str, int]]:
    agg = {name: {"terms": {"field": _AGG_FIELD[name], "size": size}} for name in FACET_FIELDS}
    try:
        res = searcher.aggregate(query, agg)
    except ValueError:
        return {}
    out: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        buckets = res.get(name, {}).get("buckets", [])
        out[name] = {str(int(b["key"]) if isinstance(b["key"], float) else b["key"]): int(b["doc_count"])
                     for b in buckets}
    return out


def search(idx: SearchIndex, text: str, *, lang: str | None = None, filters: Filters | None = None,
           limit: int = 20, documents: bool = False, facets: bool = True, snippets: bool = True) -> SearchResult:
    """Sentences (or documents, best sentence first) matching ``text``, with facet counts."""
    query = build_query(idx, text, lang, filters)
    searcher = idx.searcher()
    fetch = limit * 20 if documents else limit
    if not weighs(filters.kind if filters else None):  # headings or cells only: by BM25 alone
        res = searcher.search(query, limit=fetch, count=True)
        ranked, total = [(float(s), searcher.doc(a)) for s, a in res.hits], int(res.count or 0)
    else:
        ranked, total = _ranked(searcher, query, idx.schema, text, fetch)
    snip = Snippets(searcher, query, idx.schema, text) if snippets else None
    hits: list[Hit] = []
    by_doc: dict[str, Hit] = {}
    for score, doc in ranked:
        doc_id = doc["doc_id"][0]
        if documents and doc_id in by_doc:
            by_doc[doc_id].matches += 1
            continue
        hit_lang, sentence = sentence_of(doc)
        hit = Hit(doc_id=doc_id, symbol=doc["symbol"][0] or None, lang=hit_lang,
                  sentence_id=int(doc["sentence_id"][0]), text=sentence,
                  snippet=framed(content_marks(snip(doc, hit_lang, sentence), hit_lang), sentence) if snip else "",
                  score=float(score),
                  date=doc["date"][0] or None, kind=kind_of_hit(doc))
        by_doc.setdefault(doc_id, hit)
        if not documents or len(hits) < limit:
            hits.append(hit)
    if documents and hits:  # the matches of each document shown, not those among the hits fetched
        counts = matches_per_document(searcher, query, idx.schema, [h.doc_id for h in hits[:limit]])
        for h in hits:
            h.matches = counts.get(h.doc_id, h.matches)
    return SearchResult(query=text, total=total, hits=hits[:limit],
                        facets=facet_counts(searcher, query) if facets else {})


def _ranked(searcher: tantivy.Searcher, query: tantivy.Query, schema: tantivy.Schema, text: str, limit: int
            ) -> tuple[list[tuple[float, tantivy.Document]], int]:
    """The ``limit`` best matches of ``query`` by BM25 × :class:`~hexaglot.search.rank.Prior` (running
    text before headings, cells and short units), best first, and how many units match.

    The index weighs the kinds (:func:`~hexaglot.search.rank.kind_weighted`); the length, and whether
    the query spells a label out, are read here. The labels the query spells out keep their whole
    score: those among the best :data:`~hexaglot.search.rank.SPELLED_OUT` labels by plain BM25, read
    first. Short units of running text are weighted as they come: the prior only lowers a score, so
    once ``limit`` units reach the score of the last one read, none further down can pass them."""
    prior = Prior(text, WORDS_LABEL_WEIGHT)
    out: dict[int, tuple[float, tantivy.Document]] = {}
    for score, addr in searcher.search(of_kinds(query, schema, LABEL_KINDS), limit=SPELLED_OUT).hits:
        doc = searcher.doc(addr)
        if prior.spelled_out(sentence_of(doc)[1], doc["lang"][0]):
            out[int(doc["sentence_id"][0])] = (float(score), doc)
    weighted = kind_weighted(query, schema, WORDS_LABEL_WEIGHT)
    offset, total, chunk = 0, -1, limit + 20  # 20 more: a few short units among them need no second read
    while True:
        res = searcher.search(weighted, limit=chunk, count=total < 0, offset=offset)
        total = int(res.count or 0) if total < 0 else total
        for score, addr in res.hits:
            doc = searcher.doc(addr)
            sid = int(doc["sentence_id"][0])
            if sid in out:
                continue
            kind = kind_of_hit(doc)  # a heading's or a cell's score is weighed by the index already
            factor = 1.0 if kind in LABEL_KINDS else prior(kind, sentence_of(doc)[1], doc["lang"][0])
            out[sid] = (float(score) * factor, doc)
        offset += len(res.hits)
        best = sorted(out.values(), key=lambda sd: -sd[0])
        if len(res.hits) < chunk or (len(best) >= limit and best[limit - 1][0] >= res.hits[-1][0]):
            return best[:limit], total


def matches_per_document(searcher: tantivy.Searcher, query: tantivy.Query, schema: tantivy.Schema,
                         doc_ids: list[str]) -> dict[str, int]:
    """How many sentences of each of ``doc_ids`` match ``query`` (one terms aggregation over them)."""
    within = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                          (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "doc_id", doc_ids))])
    try:
        res = searcher.aggregate(within, {"d": {"terms": {"field": "doc_id", "size": len(doc_ids)}}})
    except ValueError:
        return {}
    return {str(b["key"]): int(b["doc_count"]) for b in res.get("d", {}).get("buckets", [])}


def source_hits(idx: SearchIndex, text: str, lang: str, filters: Filters | None, limit: int
                ) -> Iterable[tuple[float, tantivy.Document, tantivy.Searcher, tantivy.Query]]:
    query = build_query(idx, text, lang, filters)
    searcher = idx.searcher()
    for score, addr in searcher.search(query, limit=limit, count=False).hits:
        yield float(score), searcher.doc(addr), searcher, query
