"""What kind of unit a hit is, as a prior on its score: running text before labels.

A *label* is a unit that names a thing rather than says something about it: a table cell or a
heading (kinds ``cell`` and ``title``), or any unit of fewer than :data:`RUNNING_WORDS` words (a
short list item such as "Budget and Finance Section" is stored as prose). Ranked by relevance
alone, labels come first: BM25 divides a word's weight by the unit's length, so the cell "Budget
class" outscores every sentence that discusses the budget; a sentence encoder puts the heading
"Budget implementation" as close to a sentence about the budget as that sentence's own
paraphrases. A label's score is therefore multiplied by a weight below 1 (:class:`Prior`), unless
the query spells the label out whole (:meth:`Prior.spelled_out`: the query "budget class" finds the
cells "Budget class" first, as their plain score says). A search for headings or cells only
(``kind="cell"``) ranks them by relevance alone (:func:`weighs`).

The prior is evidence about the unit multiplied into the score (as a document prior is in
language-model retrieval), not a sort by kind: a label that matches much better than the sentences
(an OR query whose other words only it holds) still comes before them. Multiplied, not added, it
keeps its meaning for a rare word and a common one (BM25's scale is the query's idf).
"""

from __future__ import annotations

import re

import tantivy

from hexaglot.search.analyzers import CJK, STEMMERS, indexed_terms, text_field
from hexaglot.units import parse_kinds

LABEL_KINDS: tuple[str, ...] = ("title", "cell")
RUNNING_KINDS: tuple[str, ...] = ("prose", "footnote")
RUNNING_WORDS = 5
"""A unit of fewer words is a label (:func:`is_label`)."""
# Full text: for one word a label scores about 3 times a sentence (BM25's length normalisation): over 18
# common words of the un_reports_en archive (budget, fuel, staff, ...; labels the query spells out left out)
# the median label's score over the median sentence's is 2.9 (quartiles 1.8 and 3.8), and the best label
# outscores 69% of the sentences holding the word at a weight of 1/3, 23% at 0.2, 2% at 0.1 (at most 11%).
# A reader searching a word wants what the documents say about it: 0.1 puts the labels after the sentences.
WORDS_LABEL_WEIGHT = 0.1
SPELLED_OUT = 20
"""Full text: of how many labels, the best by plain BM25, a search checks whether the query spells them
out (as many whatever the number of hits asked for, so a page's hits are the head of a longer page's)."""

_MARKER = re.compile(r"^\s*\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[IVXLCivxlc]{1,6})[.)]\s+")
"""A list marker before a heading or paragraph ("B. ", "IV. ", "(a) ", "12. "): not one of its words."""
_WORD = re.compile(f"([{CJK}])|[^\\W\\d_{CJK}]+")
_TERMS = re.compile(r"[^\W_]+")


def is_label(kind: str, text: str) -> bool:
    """A heading, a table cell or a unit of fewer than :data:`RUNNING_WORDS` words (its list marker
    left out; words are runs of letters, a CJK character half a word)."""
    if kind in LABEL_KINDS:
        return True
    words = 0.0
    for m in _WORD.finditer(_MARKER.sub("", text, count=1)):
        words += 0.5 if m.group(1) else 1.0
        if words >= RUNNING_WORDS:
            return False
    return True


def _terms(lang: str, text: str) -> set[str]:
    field = text_field(lang)
    if field.removeprefix("text_") in STEMMERS:
        return set(indexed_terms(field, text))
    return set(_TERMS.findall(text.casefold()))


class Prior:
    """The factor of the score of each unit one query finds: ``weight`` for a label (:func:`is_label`)
    the query does not spell out, else 1."""

    def __init__(self, query: str, weight: float) -> None:
        self.query, self.weight = query, weight
        self._query_terms: dict[str, set[str]] = {}  # per language, as its field reads them

    def spelled_out(self, text: str, lang: str) -> bool:
        """Whether every word of the unit ``text`` (in ``lang``, its list marker left out) is a word
        of the query, as ``lang``'s field reads them ("Budget classes" for "budget class")."""
        words = _terms(lang, _MARKER.sub("", text))
        if lang not in self._query_terms:
            self._query_terms[lang] = _terms(lang, self.query)
        return bool(words) and words <= self._query_terms[lang]

    def __call__(self, kind: str, text: str, lang: str) -> float:
        return self.weight if is_label(kind, text) and not self.spelled_out(text, lang) else 1.0


def weighs(kinds: str | None) -> bool:
    """Whether a search for ``kinds`` (a kind filter, every kind when ``None``) is ranked with the
    prior: not one for headings or cells only, which it would weigh alike."""
    return not kinds or bool(parse_kinds(kinds, what="kind") & set(RUNNING_KINDS))


def of_kinds(query: tantivy.Query, schema: tantivy.Schema, kinds: tuple[str, ...]) -> tantivy.Query:
    """``query`` restricted to the units of ``kinds``, scored as ``query`` alone (the kinds' clause
    scored 0: its score would add to the BM25 score before the weight multiplies it)."""
    # a term set query reads the kinds' postings several times slower than a disjunction of term queries
    kind = tantivy.Query.const_score_query(tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "kind", k)) for k in kinds]), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, kind)])


def kind_weighted(query: tantivy.Query, schema: tantivy.Schema, weight: float) -> tantivy.Query:
    """``query`` with the scores of headings and cells multiplied by ``weight`` (the part of
    :class:`Prior` the index knows: the kind; every unit matches exactly one of the two clauses)."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(of_kinds(query, schema, RUNNING_KINDS), 1.0)),
        (tantivy.Occur.Should, tantivy.Query.boost_query(of_kinds(query, schema, LABEL_KINDS), weight))])
