"""The target words that render the query, marked in concordance lines.

For each line, the source tokens under the matched words are aligned (:meth:`WordAligner.align_pair`)
to the target tokens; the marks are the character spans ``[start, end)`` of the aligned target tokens
in ``line.target``, neighbouring tokens merged into one span. Without a trained model (dictionary
priors only), a target word the dictionary gives for a query word is marked in preference to the links
(of several such words, the run of them that renders the most query words, else the ones the links
reach too), and an article, preposition or conjunction is never marked on its own.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hexaglot.errors import ConfigError
from hexaglot.langs import table
from hexaglot.wordalign.model import WordAligner
from hexaglot.wordalign.priors import dictionary, vouched
from hexaglot.wordalign.tokens import Token, tokenize

if TYPE_CHECKING:
    from hexaglot.store.records import ConcordanceLine

MAX_TOKENS = 300
"""Tokens aligned per side: a longer bead is cut there (its far end rarely renders the query)."""
MAX_GAP = 2
"""Target words between two marked ones joined into the mark (``droits de l'homme``) when they render
nothing else or are short function words."""


def match_span(source: str, left: str, match: str, right: str) -> tuple[int, int] | None:
    """Where the match of a KWIC line (``left + match + right``, one sentence of the bead) lies in
    the bead's ``source`` text."""
    if not match:
        return None
    pos = source.find(left + match + right)
    if pos < 0:
        pos = source.find(left + match)
    if pos >= 0:
        return pos + len(left), pos + len(left) + len(match)
    pos = source.find(match)
    return (pos, pos + len(match)) if pos >= 0 else None


def _merge(text: str, toks: Sequence[Token], js: Sequence[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    prev = -2
    for j in js:
        tok = toks[j]
        if spans and j == prev + 1 and not text[spans[-1][1]:tok.start].strip():
            spans[-1] = (spans[-1][0], tok.end)
        else:
            spans.append((tok.start, tok.end))
        prev = j
    return spans


@functools.cache
def _inner_words(lang: str) -> frozenset[str]:
    """The articles, prepositions and conjunctions of ``lang`` (``inner`` of langs/<lang>/terms.toml).
    A dictionary whose entry reads "the right" or "on the contrary" vouches for their words too, but
    alone such a word renders nothing: ``droit`` marked on every "the" of the line was noise."""
    try:
        return frozenset(w.casefold() for w in table(lang, "terms").get("inner", []))
    except ConfigError:  # a language outside the six has no table
        return frozenset()


def _vouched(model: WordAligner, words: Sequence[str], t_toks: Sequence[Token]) -> dict[int, frozenset[int]]:
    """Target tokens the dictionary gives for one of ``words``, articles and prepositions left out,
    each with the indices of the words it renders. Without a trained model the links rest on the
    position model and the dictionary's few pairs; where the dictionary names a rendering in the
    line, that word is the one to mark (``droit`` → ``derecho``, not its neighbour ``tiene``)."""
    dic = dictionary(model.src_lang, model.tgt_lang)
    inner = _inner_words(model.tgt_lang)
    # the query's articles and prepositions render nothing either ("des" vouched "development")
    content = [(k, w) for k, w in enumerate(words) if w.casefold() not in _inner_words(model.src_lang)]
    out: dict[int, frozenset[int]] = {}
    for j, t in enumerate(t_toks):
        if t.text[:1].isalpha() and t.text.casefold() not in inner:
            renders = frozenset(k for k, w in content if vouched(w, t.text, dic) == 1)
            if renders:
                out[j] = renders
    return out


def _phrase(said: dict[int, frozenset[int]]) -> list[int]:
    """The run of rendering words (at most :data:`MAX_GAP` words apart) that renders the most query
    words, when it renders at least two and no other run as many: "droits de l'homme" is the line's
    "human rights", not its "man" that the position links reach alone. Else none."""
    def cover(part: list[int]) -> int:
        return len(frozenset().union(*(said[j] for j in part)))

    runs: list[list[int]] = []
    for j in sorted(said):
        if runs and j - runs[-1][-1] <= MAX_GAP + 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    covered = [cover(r) for r in runs]
    best = max(covered, default=0)
    if best < 2 or covered.count(best) > 1:
        return []
    run = runs[covered.index(best)]
    while len(run) > 1 and cover(run[1:]) == best:  # "faith in fundamental human rights": its
        run = run[1:]                                 # ends render nothing the rest does not
    while len(run) > 1 and cover(run[:-1]) == best:
        run = run[:-1]
    return run


def target_marks(model: WordAligner, source: str, span: tuple[int, int] | None, target: str
                 ) -> list[tuple[int, int]]:
    """Spans of ``target`` aligned to the source tokens overlapping ``span``."""
    if span is None or not target:
        return []
    s_toks = tokenize(source)[:MAX_TOKENS]
    t_toks = tokenize(target)[:MAX_TOKENS]
    query = {i for i, t in enumerate(s_toks) if t.start < span[1] and t.end > span[0] and t.text.strip()}
    if not query or not t_toks:
        return []
    links = model.align_pair([t.text for t in s_toks], [t.text for t in t_toks])
    js = sorted({j for i, j in links if i in query and (t_toks[j].text[:1].isalnum())})
    if not model.trained:  # the dictionary's renderings; of several, those the links also reach
        if all(s_toks[i].text.casefold() in _inner_words(model.src_lang) for i in query):
            return []  # "the", "de": a function word alone has no rendering to show ("the" marked "a droit")
        inner = _inner_words(model.tgt_lang)
        linked = [j for j in js if t_toks[j].text.casefold() not in inner]  # an article alone renders nothing
        said = _vouched(model, [s_toks[i].text for i in sorted(query)], t_toks)
        js = _phrase(said) or [j for j in said if j in linked] or sorted(said) or linked
    elsewhere = {j for i, j in links if i not in query}
    filled = list(js)
    for a, b in itertools.pairwise(js):  # "droits [de l'] homme": short gaps that render nothing else
        gap = range(a + 1, b)
        if len(gap) <= MAX_GAP and all(t_toks[g].text[:1].isalnum() and (g not in elsewhere or len(t_toks[g].text) <= 3)
                                       for g in gap):
            filled.extend(gap)
    return _merge(target, t_toks, sorted(filled))


def mark_lines(lines: Sequence[ConcordanceLine], model: WordAligner) -> None:
    """Set ``tgt_marks`` and ``marks_by`` of every line (in place)."""
    for line in lines:
        span = match_span(line.source, line.left, line.match, line.right)
        line.tgt_marks = target_marks(model, line.source, span, line.target)
        line.marks_by = model.source
