"""The target words that render the query, marked in concordance lines.

For each line, the source tokens under the matched words are aligned (:meth:`WordAligner.align_pair`)
to the target tokens; the marks are the character spans ``[start, end)`` of the aligned target tokens
in ``line.target``, neighbouring tokens merged into one span. Without a trained model (dictionary
priors only), a target word the dictionary gives for a query word is marked in preference to the links
(of several such words, the run of them that renders the most query words, else the ones the links
reach too), and an article, preposition or conjunction is never marked on its own; and on a page of
two lines or more, the rendering the lines agree on replaces them (:func:`page_marks`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hexaglot.align.hanzi import HAN
from hexaglot.align.lexicon import cedict_senses
from hexaglot.errors import ConfigError
from hexaglot.langs import table
from hexaglot.wordalign.model import WordAligner
from hexaglot.wordalign.priors import dictionary, key_of, renders, vouched
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
    return _target_marks(model, _tokens(source), span, target, _tokens(target))


def _tokens(text: str) -> list[Token]:
    return tokenize(text)[:MAX_TOKENS]


def _target_marks(model: WordAligner, s_toks: Sequence[Token], span: tuple[int, int], target: str,
                  t_toks: Sequence[Token]) -> list[tuple[int, int]]:
    """:func:`target_marks` of a line whose two sides are tokenised (:func:`_tokens`) already."""
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
    """Set ``tgt_marks`` and ``marks_by`` of every line (in place). The rendering that recurs in the
    page's lines (:func:`page_marks`) is marked where the line has it: always without a trained
    model, and with one where it overlaps the model's marks (it then widens them to the whole
    rendering)."""
    spans = [match_span(line.source, line.left, line.match, line.right) for line in lines]
    toks = [(_tokens(line.source), _tokens(line.target)) if span is not None and line.target else ([], [])
            for line, span in zip(lines, spans, strict=True)]
    for line, span, (s_toks, t_toks) in zip(lines, spans, toks, strict=True):
        line.tgt_marks = _target_marks(model, s_toks, span, line.target, t_toks) if s_toks else []
        line.marks_by = model.source
    for line, found in zip(lines, page_marks(model, lines, spans, toks), strict=True):
        # without a trained model the page's rendering is marked wherever the line has it; with one,
        # only where it holds the model's own marks or part of them (a model trained on a small archive
        # links "rights" to "droits" but not "human" to "homme": "[droits] de l'homme")
        if found and (not model.trained or _overlaps(found, line.tgt_marks)):
            line.tgt_marks = found


def _overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


PAGE_LINES = 2
"""Lines a page needs before what recurs in them counts as the query's rendering."""
PAGE_MIN = 3
"""Lines a rendering must recur in on a page of this many lines or more (on a shorter one, every line),
and a longer run must recur in before a run inside it counts as part of it (:data:`PART_SHARE`): in
two lines a collocate recurs as often as the query's word ("изменению климата" for "climate" in two
lines on climate change). Two-line pages of the terms of bench/marks_bench.py (``--page-lines 2``: each
judged line with each other line of its term's concordance, which may lack the rendering), mean lines
marked right over 15 pairs, tune / held: the dictionaries' marks alone 0.318 / 0.427; what both lines
hold, absorbed into a longer run both hold 0.710 / 0.763; not absorbed 0.733 / 0.792 (kept). Did worse
on the tune terms: the run near the query's place in both lines (within 0.15 of the sentence 0.596 /
0.671, within 0.4 0.688 / 0.756), the dictionary's marks where several runs are as near the query's
size (0.717 / 0.780), absorbed where the dictionary gives each word of the longer run for the query
(0.731 / 0.793), the page's run only widening the dictionary's marks (0.443 / 0.495), only where they
are none (0.526 / 0.643), or either (0.651 / 0.711)."""
PAGE_SHARE = 0.4
"""The share of a page's lines a rendering must recur in (0.4 on the tune terms of bench/marks_bench.py:
mean marked right over ten pairs 0.876, against 0.862 at 0.5 and 0.842 at 0.6)."""
TOP_SHARE = 0.5
"""Runs recurring in at least this share of the lines the most recurrent run is in compete."""
PART_SHARE = 0.9
"""A run inside a longer one that recurs in this share of its lines is part of that one. With
TOP_SHARE, chosen on the tune terms of bench/marks_bench.py (mean marked right over ten pairs):
0.5 / 0.9 0.891, 0.5 / 0.8 0.875, 0.9 / 0.8 0.876 (the rule before), 0.7 / 0.8 0.861."""
MAX_EXTRA = 2
"""A rendering has at most this many content words more than the query (``human rights`` →
``droits de l'homme``: one query word more is ``homme``)."""


@functools.lru_cache(maxsize=8)
def _keyer(lang: str) -> Callable[[str], str]:
    return key_of(lang)


def _page_key(word: str, lang: str) -> str:
    """The form a rendering's word is counted under across a page's lines: its dictionary key (its
    stem by the language's suffix rules in Russian, :func:`~hexaglot.wordalign.priors.key_of`, so
    "прав", "права" and "правам" count as one word; else lower case, five letters, the Arabic article
    off), and in Arabic without the conjunction (و، ف) and the preposition (ب، ل، ك) glued to it, so
    "حقوق", "وحقوق" and "لحقوق" count as one word."""
    if lang == "ar":
        if word[:1] in ("و", "ف") and len(word) >= 5:
            word = word[1:]
        if word[:1] in ("ب", "ل", "ك") and word[1:3] != "ال" and len(word) >= 5:
            word = word[1:]
    return _keyer(lang)(word)


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


HYPHENS = frozenset("-\u2010\u2011")
"""Marks that join the words of a compound when written with no space around them."""


def _joiner(toks: Sequence[Token], j: int) -> bool:
    """Whether token ``j`` is a hyphen inside a compound word: no space on either side, a word each side."""
    if toks[j].text not in HYPHENS or not 0 < j < len(toks) - 1:
        return False
    before, after = toks[j - 1], toks[j + 1]
    return (before.end == toks[j].start and after.start == toks[j].end and before.text[:1].isalnum()
            and after.text[:1].isalnum())


def _content(text: str, lang: str) -> bool:
    return text[:1].isalnum() and text.casefold() not in _inner_words(lang)


def _size(text: str, lang: str) -> int:
    """How many words a source token's rendering likely has: 1 for a content word, 0 for a function
    word; a Chinese word counts the content words of its first English sense in CC-CEDICT (人权
    "human rights" 2, 安全理事会 "Security Council" 2, 发展 "development" 1), or one per two Han
    characters when CC-CEDICT does not hold it (无核武器区: 3)."""
    if not _content(text, lang):
        return 0
    if not HAN.match(text):
        return 1
    sense = cedict_senses().get(text)
    if sense is None:
        return max(1, (len(text) + 1) // 2)
    return max(1, sum(1 for w in re.findall(r"[^\W\d_]+", sense) if _content(w, "en") and len(w) > 2))


def _word(text: str, lang: str) -> bool:
    """A word that can render something on its own: a content word of three letters or more (two
    Han characters): "a" (French "has") and "对" recur in every line of a formulaic page."""
    return _content(text, lang) and len(text) >= (2 if HAN.match(text) else 3)


def _runs(js: Sequence[int], t_toks: Sequence[Token], lang: str) -> list[list[int]]:
    """``js`` (sorted) grouped into runs: two neighbours are in one run when only hyphens inside a
    compound or at most :data:`MAX_GAP` short words lie between them ("droits [de l’] homme")."""
    runs: list[list[int]] = []
    for j in js:
        if runs and _between(t_toks, runs[-1][-1], j, lang):
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def _between(t_toks: Sequence[Token], a: int, b: int, lang: str) -> bool:
    """Whether tokens ``a`` and ``b`` (``a < b``) are neighbours in a run: between them only hyphens
    inside a compound and at most :data:`MAX_GAP` words that count in no run (:func:`_word`)."""
    gap = range(a + 1, b)
    return sum(not _joiner(t_toks, g) for g in gap) <= MAX_GAP and all(_passable(t_toks, g, lang) for g in gap)


def _passable(t_toks: Sequence[Token], g: int, lang: str) -> bool:
    """Whether token ``g`` may lie inside a run: a hyphen inside a compound, or a word that counts in
    no run (:func:`_word`)."""
    return _joiner(t_toks, g) or (t_toks[g].text[:1].isalnum() and not _word(t_toks[g].text, lang))


def _holds(text: str, lang: str) -> int:
    """How many words of a query a target word may render: :func:`_size`, and for a Chinese word at
    least one per two Han characters (麻醉药品, "narcotics" in CC-CEDICT, is "narcotic drugs")."""
    return max(_size(text, lang), len(text) // 2) if HAN.match(text) else _size(text, lang)


def _beside(run: Sequence[int], step: int, most: int, free: Callable[[int], bool], t_toks: Sequence[Token], lang: str
            ) -> list[int]:
    """Up to ``most`` words that continue ``run`` on one side (``step`` -1 before it, 1 after it), each
    ``free`` and a neighbour (:func:`_between`) of the one before."""
    out: list[int] = []
    end = run[0] if step < 0 else run[-1]
    j = end + step
    while len(out) < most and 0 <= j < len(t_toks):
        if free(j) and _between(t_toks, min(end, j), max(end, j), lang):
            out.append(j)
            end = j
        elif not _passable(t_toks, j, lang):
            break
        j += step
    return out


def _explained(inside: Sequence[Token], rest: Sequence[str], t_toks: Sequence[Token], dic: dict[str, dict[str, None]],
               src: str, tgt: str) -> tuple[set[int], set[int]]:
    """``(explained, said)`` of a line's target tokens: ``said`` those the dictionary gives for a word of
    the query (``inside``: its source tokens), ``explained`` those it gives for a content word of the
    sentence outside the query (``rest``) and not for one of the query: another source word's, so no
    rendering of the query ("sostenible" of "sustainable", beside "desarrollo" for "development").

    Not explained, though, is a word of the second kind that is the query's rendering after all: it
    adjoins a run of ``said`` words (short words or a hyphen between at most, :func:`_between`) while a
    content word of the query has no rendering in the line, and the source words it renders have as
    many renderings elsewhere in the line as they occur ("if man is not to be compelled ... that human
    rights": "права человека ... чтобы человек не был": the dictionary has no "human", its "man" is
    "человек", so "человека" beside "права" is "human", and "man" keeps "человек"). A run gains at most
    as many such words as the query's words without a rendering have (:func:`_size`), nor more than it
    lacks to have as many words as the query (:func:`_holds`); if more adjoin it, none."""
    by_rest = renders(rest, dic)
    by_query = renders([t.text for t in inside], dic)
    content = [j for j, t in enumerate(t_toks) if _content(t.text, tgt)]
    explained = {j for j in content if by_rest(t_toks[j].text) and not by_query(t_toks[j].text)}
    said = {j for j in content if by_query(t_toks[j].text)}
    if not explained or not said:
        return explained, said
    missing = 0  # how many words the query's words without a rendering in the line likely have
    for t in inside:
        if _content(t.text, src):
            by_word = renders([t.text], dic)
            if not any(by_word(t_toks[j].text) for j in content):
                missing += _size(t.text, src)
    if not missing:
        return explained, said

    def spare(j: int) -> bool:
        """Whether ``t_toks[j]`` is explained by source words with as many renderings besides it as they occur."""
        if j not in explained:
            return False
        owners = [w for w in rest if vouched(w, t_toks[j].text, dic)]
        by_owners = renders(owners, dic)
        return sum(1 for k in content if k != j and k not in said and by_owners(t_toks[k].text)) >= len(owners)

    size = sum(_size(t.text, src) for t in inside)
    freed: set[int] = set()
    for run in _runs(sorted(said), t_toks, tgt):
        # a Chinese word may hold the whole query (麻醉药品 "narcotic drugs", the dictionary's for "narcotic")
        most = min(missing, size - sum(_holds(t_toks[j].text, tgt) for j in run))
        if most <= 0:
            continue
        near = [j for step in (-1, 1) for j in _beside(run, step, most, spare, t_toks, tgt)]
        if len(near) <= most:  # more than the query lacks, on its two sides: which are its own is not known
            freed.update(near)
    return explained - freed, said


def page_marks(model: WordAligner, lines: Sequence[ConcordanceLine], spans: Sequence[tuple[int, int] | None],
               toks: Sequence[tuple[Sequence[Token], Sequence[Token]]]) -> list[list[tuple[int, int]]]:
    """Per line, the marks of the query's rendering as the page's lines agree on it, or none
    (``spans``: the match in each line's source, ``toks``: each line's source and target tokens,
    empty for a line with no match or no target).

    Without a trained model the dictionaries miss many words (FreeDict's English-Spanish has some
    4,000 entries, English-Russian 1,300): "development" marked nothing in Spanish, Russian and
    Arabic lines. But every line of a concordance page holds the query, and most hold its usual
    rendering: a run of target words (content words at both ends, at most :data:`MAX_EXTRA` content
    words more than the query) that recurs, by its words' stems, in at least :data:`PAGE_SHARE` of
    the page's lines (and :data:`PAGE_MIN` of them; all of them on a page of two) is that rendering, unless the dictionary gives
    one of its words for a source word outside the query ("sostenible" for "sustainable") and that
    word is not the one the query lacks, beside its other renderings ("человека" of "права человека",
    though "if man" is in the sentence: :func:`_explained`). Of the runs that recur in at least :data:`TOP_SHARE` of the
    lines the most recurrent one is in, a run inside a
    longer one that recurs about as often (and in :data:`PAGE_MIN` lines) is part of it ("السلاح" of "نزع السلاح"); of the rest, the one
    whose size is nearest the query's, then the most recurrent, then the nearest the query's place in
    the sentence, is marked. Arabic words count without their glued
    conjunction and preposition (:func:`_page_key`); a word of fewer than three letters (one Han
    character) neither counts nor ends a run (:func:`_word`), nor does a hyphen inside a compound
    ("nuclear-weapon-free zones", tune terms of bench/marks_bench.py: en-fr 0.910 -> 0.969 lines
    marked right, zh-en 0.893 -> 1.000, ar-fr 0.760 -> 0.842); where the dictionary gives a word of
    the line for the query, the run must hold it; and a longer run absorbs a shorter one only up to
    one word more than the query (formulaic lines: "Toda persona", not "Toda persona tiene", for
    "Everyone")."""
    out: list[list[tuple[int, int]]] = [[] for _ in lines]
    if len(lines) < PAGE_LINES:
        return out
    src, tgt = model.src_lang, model.tgt_lang
    dic = dictionary(src, tgt)
    found: list[tuple[Sequence[Token], dict[tuple[str, ...], list[tuple[int, int]]], float, int]] = []
    df: dict[tuple[str, ...], int] = {}
    for line, span, (s_toks, t_toks) in zip(lines, spans, toks, strict=True):
        cands: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        if span is None or not s_toks:
            found.append(([], cands, 0.0, 0))
            continue
        inside = [t for t in s_toks if t.start < span[1] and t.end > span[0]]
        size = sum(_size(t.text, src) for t in inside)
        if not size:  # "the", "de": a function word alone has no rendering to show
            found.append(([], cands, 0.0, 0))
            continue
        rest = [t.text for t in s_toks if (t.end <= span[0] or t.start >= span[1]) and _content(t.text, src)]
        explained, said = _explained(inside, rest, t_toks, dic, src, tgt)
        for j0, first in enumerate(t_toks):
            if not _word(first.text, tgt) or j0 in explained:
                continue
            key: list[str] = []
            for j in range(j0, len(t_toks)):
                tok = t_toks[j]
                if _joiner(t_toks, j):  # "nuclear-weapon-free": the hyphen inside a word goes on
                    continue
                if not tok.text[:1].isalnum() or j in explained:
                    break
                if _word(tok.text, tgt):  # "de", "l’", "a" inside a run are not counted, and never end it
                    key.append(_page_key(tok.text, tgt))
                    if len(key) > size + MAX_EXTRA:
                        break
                    cands.setdefault(tuple(key), []).append((j0, j))
        for key in cands:
            df[key] = df.get(key, 0) + 1
        if said:  # the dictionary gives a word of the line for the query: a run must hold it ("Toda", not "tiene")
            cands = {key: kept for key, runs in cands.items()
                     if (kept := [(a, b) for a, b in runs if any(a <= j <= b for j in said)])}
        found.append((t_toks, cands, span[0] / max(1, len(line.source)), size))
    need = min(len(lines), max(PAGE_MIN, PAGE_SHARE * len(lines)))
    for k, (t_toks, cands, where, size) in enumerate(found):
        near = [key for key in cands if df[key] >= need]
        if not near:
            continue
        top = max(df[key] for key in near)
        near = [key for key in near if df[key] >= TOP_SHARE * top]
        # a run inside a longer one that recurs about as often is part of it ("السلاح" of "نزع السلاح")
        # (one word longer than the query at most: in formulaic lines everything recurs with everything,
        # "Toda persona tiene" for "Everyone"; and in PAGE_MIN lines at least: in two lines a collocate
        # recurs as often as the word, "изменению климата" for "climate")
        near = [key for key in near if not any(len(key) < len(other) <= size + 1 and df[other] >= PART_SHARE * df[key]
                                               and df[other] >= PAGE_MIN and _inside(key, other) for other in near)]
        length = max(1, len(lines[k].target))
        _, _, _, _, j0, j1 = min((abs(len(key) - size), -df[key], abs(t_toks[j0].start / length - where), j0 - j1, j0, j1)
                                 for key in near for j0, j1 in cands[key])
        out[k] = [(t_toks[j0].start, t_toks[j1].end)]
    return out
