"""Translation-memory cleaning (``export --clean`` and the TMX of a pre-translation): drop the units
that help no translator, strip paragraph numbers, and say what was dropped and why.

Rules, in order (the first that applies names the reason):

1. ``contents``: a table-of-contents line (leader dots or a tab before a page number, on either side);
2. ``numbers or symbols only``: a side without a single word (numbers, UN symbols, punctuation);
3. ``same text in both languages``: an untranslated unit (a heading, a name, a code left as is);
4. ``implausible length ratio``: the sides' lengths, each in English-equivalent characters
   (``length_weight`` in ``langs/<code>/export.toml``), differ by more than :data:`MAX_LENGTH_RATIO`
   once the longer has :data:`MIN_RATIO_CHARS` or more;
5. ``duplicate``: the same source and target as a unit kept earlier (after stripping); the kept one
   carries the count (TMX ``<prop type="x-count">``).

Paragraph numbers (``12.``, ``(a)``, ``b)``, ``IV.``, ``3.2.``, ``12 -``: :mod:`hexaglot.segment.labels`)
are stripped from the start of both sides when both sides start with one, so "12. The Council…" / "12. Le Conseil…" becomes "The Council…" /
"Le Conseil…", and a number on one side only is left (it may be content).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from hexaglot.segment.labels import leading_label
from hexaglot.store.records import Pair

MAX_LENGTH_RATIO = 2.5  # above the 99th percentile of UNPC dev in every pair with English (after weighting)
MIN_RATIO_CHARS = 20  # English-equivalent characters of the longer side before the ratio rule applies
_CONTENTS = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|\t)\s*[\dIVXivx]+\s*$")
_WORD = re.compile(r"[^\W\d_]{2,}|[\u3400-\u9fff]")
_SYMBOL = re.compile(r"\b[A-Z]{1,9}(?:/[A-Za-z0-9.()\-]+)+")

REASONS = ("contents", "numbers or symbols only", "same text in both languages", "implausible length ratio",
           "duplicate")


@cache
def length_weight(lang: str) -> float:
    from hexaglot.langs import table
    from hexaglot.model import LANGS

    if lang not in LANGS:
        return 1.0
    return float(table(lang, "export").get("clean", {}).get("length_weight", 1.0))


@dataclass
class CleanReport:
    kept: int = 0
    stripped: int = 0  # units whose paragraph numbers were stripped
    dropped: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"kept {self.kept} units ({self.stripped} with paragraph numbers stripped); "
               f"dropped {sum(self.dropped.values())}"]
        out += [f"  {n:8d}  {reason}" for reason, n in sorted(self.dropped.items(), key=lambda x: -x[1])]
        return out


def strip_labels(src: str, tgt: str) -> tuple[str, str, bool]:
    """Both sides without their leading paragraph numbers, when both have one."""
    ms, mt = leading_label().match(src), leading_label().match(tgt)
    if ms and mt:
        return src[ms.end():], tgt[mt.end():], True
    return src, tgt, False


def _no_words(text: str) -> bool:
    return not _WORD.search(_SYMBOL.sub(" ", text))


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def reason(src: str, tgt: str, src_lang: str, tgt_lang: str) -> str | None:
    """Why a unit (paragraph numbers already stripped) helps no translator, or ``None``."""
    if _CONTENTS.search(src) or _CONTENTS.search(tgt):
        return "contents"
    if _no_words(src) or _no_words(tgt):
        return "numbers or symbols only"
    if _squash(src) == _squash(tgt):
        return "same text in both languages"
    a, b = len(src.strip()) * length_weight(src_lang), len(tgt.strip()) * length_weight(tgt_lang)
    if max(a, b) >= MIN_RATIO_CHARS and max(a, b) > MAX_LENGTH_RATIO * max(min(a, b), 1.0):
        return "implausible length ratio"
    return None


def _key(src: str, tgt: str) -> bytes:
    return hashlib.blake2b(f"{' '.join(src.split())}\x00{' '.join(tgt.split())}".encode(), digest_size=12).digest()


class Cleaner:
    """Cleans a stream of pairs. With :meth:`count` run first over the same pairs, the kept unit of
    each duplicate group knows its count (``counts``); without it, duplicates are still dropped."""

    def __init__(self, src_lang: str, tgt_lang: str) -> None:
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.report = CleanReport()
        self.counts: dict[bytes, int] = {}

    def _prepared(self, p: Pair) -> tuple[Pair, bool]:
        src, tgt, stripped = strip_labels(p.src, p.tgt)
        return (replace(p, src=src, tgt=tgt) if stripped else p), stripped

    def count(self, pairs: Iterable[Pair]) -> None:
        """First pass: how many times each (stripped) unit occurs among the units kept."""
        counts: Counter[bytes] = Counter()
        for p in pairs:
            q, _ = self._prepared(p)
            if reason(q.src, q.tgt, self.src_lang, self.tgt_lang) is None:
                counts[_key(q.src, q.tgt)] += 1
        self.counts = dict(counts)

    def clean(self, pairs: Iterable[Pair]) -> Iterator[Pair]:
        """The pairs worth keeping, paragraph numbers stripped; :attr:`report` counts the rest."""
        seen: set[bytes] = set()
        dropped: Counter[str] = Counter()
        self.report.dropped = {}
        for p in pairs:
            q, stripped = self._prepared(p)
            why = reason(q.src, q.tgt, self.src_lang, self.tgt_lang)
            if why is None:
                k = _key(q.src, q.tgt)
                if k in seen:
                    why = "duplicate"
                else:
                    seen.add(k)
            if why is not None:
                dropped[why] += 1
                self.report.dropped = dict(dropped)
                continue
            self.report.kept += 1
            self.report.stripped += stripped
            yield q

    def props(self, p: Pair) -> list[tuple[str, str]]:
        """TMX properties of a kept unit: ``x-count`` when it stood for several identical units."""
        n = self.counts.get(_key(p.src, p.tgt), 1)
        return [("x-count", str(n))] if n > 1 else []
