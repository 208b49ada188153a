"""Undo end-of-line hyphenation, only where the joined form is a word.

The decision for ``left-`` ⏎ ``right`` is a documented cascade, first match wins. The document's
own words come first; the language's word list (``word_list`` in ``langs/<code>/clean.toml``: the
``wordfreq`` package's frequencies, on its Zipf scale) speaks only where the document is silent:

1. hyphenation disabled for the language (Chinese, Arabic) → keep the hyphen;
2. a soft hyphen (U+00AD) → join;
3. ``right`` does not start with a lower-case letter (``Saint-⏎Pétersbourg``, ``2024-⏎2025``)
   → keep;
4. the joined word occurs elsewhere in the document → join (``Inter-⏎national`` where the document
   says "international");
5. the hyphenated compound occurs elsewhere in the document → keep (``peace-⏎keeping`` in a 1994
   resolution that writes "peace-keeping");
6. the joined form is a common word of the language (``common_zipf``) → join (``them-⏎selves``,
   ``under-⏎taken``, ``sub-⏎sequently``, ``Inter-⏎national``);
7. ``left`` is a prefix listed in ``clean.toml`` → keep (``ci-⏎joint``, ``non-⏎governmental``,
   ``self-⏎sustainment``), unless the word list knows the joined form and not ``right``
   (``inter-⏎mittent``, ``co-⏎hesion``: "mittent" and "hesion" are no words); 7b. a compound
   adjective of the language's ``[hyphenation.compound]`` → keep (``информационно-⏎коммуникационные``:
   an adjective's stem and linking vowel, then an adjective);
8. with a word list: both halves are words of the language (``word_zipf``) → keep
   (``stand-⏎alone``, ``weather-⏎related``); else the joined form is one → join
   (``Eight-⏎eenth``, ``Re-⏎publics``); 8b. the joined form is no word of the list at all and both
   halves are rarer words (``halves_zipf``) → keep (``киприоты-⏎греки``); neither (an OCR slip, a
   foreign word) → the next steps;
9. both halves are words of the document (``contingent-⏎owned``), or the first half is a word of
   three letters or more (``off-⏎peak``) → keep;
10. otherwise the halves are syllables (``empha-⏎sizing``, ``in-⏎formation``) → join.

An en or em dash or a slash ending a line after a non-space is a wrap point: the lines are joined
without a space. In a table cell whose lines the PDF reader joined with a space
(:func:`rejoin_wrapped`) the same cascade decides, and the space goes in any case
("Secretary- General" is "Secretary-General").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from hexaglot.clean.rules import Rules
from hexaglot.errors import ConfigError

HYPHENS = "-\u2010\u00ad"
BREAK_AFTER = "–—/"  # Word wraps after these without a space: "USG–⏎ASG" is "USG–ASG"
MIN_WORD_PREFIX = 3
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010'’][^\W\d_]+)*")
_LAST = re.compile(r"([^\W\d_]+)[-\u2010\u00ad]\s*$")
_FIRST = re.compile(r"^\s*([^\W\d_]+)")
_WRAPPED = re.compile(r"([^\W\d_]+)[-\u2010] ([^\W\d_]+)")


class Vocabulary:
    """Lower-cased word counts of a document's own text, hyphenated compounds included."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.words: Counter[str] = Counter()
        for t in texts:
            self.add(t)

    def add(self, text: str) -> None:
        for m in _WORD.finditer(text):
            w = m.group(0).lower()
            self.words[w] += 1
            if "-" in w or "\u2010" in w:
                for part in re.split("[-\u2010]", w):
                    self.words[part] += 1

    @classmethod
    def from_lines(cls, lines: list[str]) -> Vocabulary:
        """Vocabulary of wrapped lines, leaving out the halves of words split at a line end."""
        vocab = cls()
        cut_next = False
        for line in lines:
            text = line.strip()
            if cut_next:
                text = _FIRST.sub("", text, count=1)
            cut_next = bool(text) and text[-1] in HYPHENS
            if cut_next:
                text = _LAST.sub("", text)
            vocab.add(text)
        return vocab

    def __contains__(self, word: str) -> bool:
        return self.words.get(word.lower(), 0) > 0


class WordList:
    """How frequent a language's words are: the ``wordfreq`` package's list of that language, which
    ships inside the package (no network) and loads on the first look-up, once per process."""

    def __init__(self, code: str) -> None:
        try:
            from wordfreq import zipf_frequency
        except ImportError as exc:  # a dependency of hexaglot: only a broken install lacks it
            raise ConfigError(f"the {code!r} word list of clean.toml needs the wordfreq package") from exc
        self.code = code
        self._zipf = zipf_frequency

    def zipf(self, word: str) -> float:
        """log10 of the word's occurrences per billion words (0 for a word not in the list)."""
        return float(self._zipf(word, self.code))


@cache
def lexicon(code: str | None) -> WordList | None:
    """The word list named by ``[hyphenation] word_list`` (``None``: the language has none)."""
    return WordList(code) if code else None


def should_join(left: str, right: str, vocab: Vocabulary, rules: Rules) -> bool:
    """Whether the hyphen ending ``left`` is a line-break hyphen to remove (see module doc)."""
    if not rules.hyphenation:
        return False
    if left.rstrip().endswith("\u00ad"):
        return True
    m, n = _LAST.search(left), _FIRST.match(right)
    if m is None or n is None:
        return False
    pre, post = m.group(1), n.group(1)
    if not post[0].islower():
        return False
    if (pre + post) in vocab:
        return True
    if f"{pre}-{post}" in vocab:
        return False
    words = lexicon(rules.word_list)
    joined = words.zipf(pre + post) if words is not None else 0.0
    if words is not None and joined >= rules.common_zipf:
        return True
    post_word = words is None or words.zipf(post) >= rules.word_zipf
    joined_word = words is not None and joined >= rules.word_zipf
    if pre.lower() in rules.keep_hyphen_prefixes and (post_word or not joined_word):
        return False
    if words is not None and is_compound(pre.lower(), post.lower(), words, rules):
        return False
    if words is not None:
        if post_word and words.zipf(pre) >= rules.word_zipf:
            return False
        if joined_word:
            return True
        if (rules.halves_zipf is not None and joined == 0.0 and words.zipf(pre) >= rules.halves_zipf
                and words.zipf(post) >= rules.halves_zipf):
            return False  # 8b: two rarer words, and no joined word at all ("киприоты-|греки")
    return not (pre in vocab and (post in vocab or len(pre) >= MIN_WORD_PREFIX))


def is_compound(pre: str, post: str, words: WordList, rules: Rules) -> bool:
    """Whether ``pre-post`` is a compound adjective of the language's ``[hyphenation.compound]``
    (step 7b): "информационно-|коммуникационные", "кипрско-|греческой"; not "полно-|масштабного"
    (a ``solid`` left part) nor a word split in its middle ("скоре-|йшему": no adjective's stem)."""
    c = rules.compound
    if not c or pre in c.solid or len(post) < 5 or not pre.endswith(c.left) or not post.endswith(c.right):
        return False
    stem = pre[:-1]  # the linking vowel goes: "информационн", "кипрск"
    return len(stem) >= 4 and any(words.zipf(stem + e) >= c.stem_zipf for e in c.stem)


def rejoin_wrapped(text: str, vocab: Vocabulary, rules: Rules) -> str:
    """A table cell's lines, joined by the reader with a space after a line-end hyphen ("Inter-
    national", "Government- provided", "Secretary- General"): the hyphen decided as at a line end
    (:func:`should_join`), the space gone; a hyphen before a conjunction stays as it is
    ("troop- and police-contributing")."""
    if not rules.hyphenation:
        return text

    def fix(m: re.Match[str]) -> str:
        pre, post = m.group(1), m.group(2)
        if post.lower() in rules.suspended_before:
            return m.group(0)
        return pre + post if should_join(pre + "-", post, vocab, rules) else f"{pre}-{post}"

    return _WRAPPED.sub(fix, text)


def join_lines(left: str, right: str, vocab: Vocabulary, rules: Rules) -> str:
    """Join two wrapped lines: dehyphenate, or keep a real hyphen, or put the language's joiner."""
    a, b = left.rstrip(), right.lstrip()
    if not a:
        return b
    if not b:
        return a
    if a[-1] == "\u00ad":
        return a[:-1] + b
    if a[-1] in HYPHENS and len(a) > 1 and not a[-2].isspace():
        return a[:-1] + b if should_join(a, b, vocab, rules) else a + b
    if a[-1] in BREAK_AFTER and len(a) > 1 and not a[-2].isspace():
        return a + b
    return a + rules.line_joiner + b
