"""Prior evidence for word pairs before any training: bilingual dictionaries and identical forms.

The dictionaries are those the sentence aligner already reads (:func:`hexaglot.align.lexicon.
load_pivot_dictionary`: FreeDict, CC-CEDICT), composed through English where a pair has none of its own
(:func:`~hexaglot.align.lexicon.composed_dictionary`: fr–es, ru–ar, ...), keyed by
prefix stems (:func:`hexaglot.align.text.stem`). A pair of words is *vouched for* when the child's
stem is among the dictionary's translations of the parent's stem, or when both are spelt the same
(numbers, names, symbols, punctuation).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from hexaglot.align.hanzi import cedict_path
from hexaglot.align.lexicon import (
    PIVOT,
    compose,
    composed_dictionary,
    dictd_dirs,
    keyed_dictionary,
    load_pivot_dictionary,
)
from hexaglot.align.text import stem, words

#: languages whose dictionary keys are the words' stems by the language's suffix rules (the term
#: stemmer, ``langs/<code>/terms.toml``), not 5-letter prefixes: "права", "правам" and the headword
#: "право" meet at "прав", where their prefixes ("права", "право") never did. Russian only: en-ru
#: dictionary-only AER 0.454 -> 0.432 (XL-WA, grow-diag-final-and); French and Spanish keyed so lost
#: (en-fr Hansards 0.324 -> 0.334, en-es 0.450 -> 0.451), English gained 0.001-0.004 (bench/RESULTS.md)
STEMMED = frozenset({"ru"})


class Keyed(dict[str, dict[str, None]]):
    """A dictionary, parent key → child keys, with the function that makes each side's keys."""

    def __init__(self, table: dict[str, dict[str, None]], parent_key: Callable[[str], str],
                 child_key: Callable[[str], str]) -> None:
        super().__init__(table)
        self.parent_key, self.child_key = parent_key, child_key


@functools.lru_cache(maxsize=32)
def key_of(lang: str) -> Callable[[str], str]:
    """A word's dictionary key in ``lang``: its stem for :data:`STEMMED`, else its prefix stem."""
    if lang not in STEMMED:
        return _stem
    from hexaglot.langs.wordforms import fold, term_lang
    from hexaglot.langs.wordforms import stem as term_stem

    rules = term_lang(lang)

    @functools.lru_cache(maxsize=1 << 17)
    def key(word: str) -> str:
        return term_stem(fold(word, rules), rules) if word[:1].isalpha() else word

    return key


@functools.lru_cache(maxsize=16)
def dictionary(parent_lang: str, child_lang: str) -> dict[str, dict[str, None]]:
    """The pair's dictionary (composed through English where it has none of its own), keyed as
    :func:`key_of` says for each side."""
    if not STEMMED & {parent_lang, child_lang}:
        return load_pivot_dictionary(parent_lang, child_lang) or composed_dictionary(parent_lang, child_lang)
    where = (tuple(str(d) for d in dictd_dirs()), str(cedict_path()))
    table = keyed_dictionary(parent_lang, child_lang, *where, _keys(parent_lang), _keys(child_lang))
    if not table and PIVOT not in (parent_lang, child_lang):
        table = compose(keyed_dictionary(parent_lang, PIVOT, *where, _keys(parent_lang), _keys(PIVOT)),
                        keyed_dictionary(PIVOT, child_lang, *where, _keys(PIVOT), _keys(child_lang)))
    return Keyed(table, key_of(parent_lang), key_of(child_lang))


def _keys(lang: str) -> Callable[[str], list[str]]:
    """The keys of a text's words in ``lang`` (:func:`key_of`); prefix stems as the sentence aligner's
    (Han runs cut into words) for a language not in :data:`STEMMED`."""
    if lang not in STEMMED:
        return words
    key = key_of(lang)
    return lambda text: [key(w) for w in _WORD.findall(text)]


_WORD = re.compile(r"[^\W\d_]+|\d+")


def _stem(word: str) -> str:
    return stem(word) if word[:1].isalpha() else word


def _key_fns(dic: dict[str, dict[str, None]]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """The functions that key a parent word and a child word for ``dic`` (prefix stems unless it is :class:`Keyed`)."""
    return (dic.parent_key, dic.child_key) if isinstance(dic, Keyed) else (_stem, _stem)


def vouched(parent: str, child: str, dic: dict[str, dict[str, None]]) -> int:
    """2 when the forms are identical, 1 when the dictionary links them, else 0."""
    if parent == child:
        return 2
    pk, ck = _key_fns(dic)
    trans = dic.get(pk(parent))
    return 1 if trans is not None and ck(child) in trans else 0


def renders(parents: Sequence[str], dic: dict[str, dict[str, None]]) -> Callable[[str], bool]:
    """Whether a child word is :func:`vouched` for by any of ``parents``: the test of many child words
    against the same parents, each parent looked up once."""
    pk, ck = _key_fns(dic)
    forms = set(parents)
    keys: set[str] = set()
    for w in forms:
        keys.update(dic.get(pk(w), ()))
    return lambda child: child in forms or ck(child) in keys


def prior_keys(parent_vocab: Sequence[str], child_vocab: Sequence[str], dic: dict[str, dict[str, None]]
               ) -> tuple[np.ndarray, np.ndarray]:
    """``(keys, kind)``: every vouched pair as ``parent * len(child_vocab) + child`` (sorted) and its
    kind (1 dictionary, 2 identical). Index 0 of each vocabulary is NULL and never vouched for."""
    n_child = len(child_vocab)
    pk, ck = _key_fns(dic)
    by_stem: dict[str, list[int]] = defaultdict(list)
    by_form: dict[str, int] = {}
    for c, w in enumerate(child_vocab):
        if c:
            by_stem[ck(w)].append(c)
            by_form[w] = c
    out: dict[int, int] = {}
    for p, w in enumerate(parent_vocab):
        if not p:
            continue
        for ts in dic.get(pk(w), ()):
            for c in by_stem.get(ts, ()):
                out[p * n_child + c] = 1
        c_same = by_form.get(w)
        if c_same is not None:
            out[p * n_child + c_same] = 2
    keys = np.array(sorted(out), dtype=np.int64)
    return keys, np.array([out[int(k)] for k in keys], dtype=np.int8)
