"""Boundary precision/recall/F1 of a sentence splitter against sentence-per-line gold files.

A gold file holds one sentence per line. Its lines are joined back into running *passages* of at
most ``size`` consecutive lines (one space between lines, none for Chinese); a gold boundary is the
character offset where a line starts inside its passage (passage starts are given, not scored).
A predicted boundary is the offset where a predicted sentence starts (leading whitespace skipped).

Besides the plain score, :func:`score` reports the score restricted to gold boundaries that follow
sentence-final punctuation (``. ! ? …`` and the CJK/Arabic marks, possibly followed by closing quotes
or brackets): headings, captions and list items without a final mark cannot be recovered inside a
passage by any splitter, and colons or semicolons end a "sentence" only by some gold conventions.
Boundaries at those unpunctuated gold positions are left out of both sides of the restricted score.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Splitter = Callable[[str, str], Sequence[str]]

FINAL_MARKS = ".!?…。！？؟"
CLOSERS = "\"'»”’)]」』）】"

NO_SPACE_LANGS = frozenset({"zh", "ja"})


@dataclass(frozen=True, slots=True)
class Passage:
    """Running text rebuilt from gold lines, with the offsets where gold lines start."""

    text: str
    boundaries: frozenset[int]  # starts of lines 2..n
    punctuated: frozenset[int]  # the subset following sentence-final punctuation
    lines: int


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: frozenset[int], pred: set[int]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


@dataclass(slots=True)
class Score:
    """Plain and punctuation-restricted boundary counts over a set of passages."""

    all: Counts = field(default_factory=Counts)
    punct: Counts = field(default_factory=Counts)
    # punct, with a predicted boundary that differs from a gold one only by closing quotes or
    # brackets in between counted as that boundary ("… ! » | La" vs "… ! | » La": the same sentence
    # break, the quote attached to one side or the other)
    punct_quote: Counts = field(default_factory=Counts)
    passages: int = 0
    lines: int = 0
    # (kind, offset, passage): "fp" against every gold boundary, "fn" among the punctuated ones only
    errors: list[tuple[str, int, str]] = field(default_factory=list)


def ends_with_final_mark(line: str) -> bool:
    """True if ``line`` ends with sentence-final punctuation (closing quotes/brackets skipped)."""
    s = line.rstrip().rstrip(CLOSERS + " ")
    return bool(s) and s[-1] in FINAL_MARKS


def make_passage(lines: Sequence[str], lang: str) -> Passage:
    sep = "" if lang in NO_SPACE_LANGS else " "
    parts: list[str] = []
    bounds: set[int] = set()
    punct: set[int] = set()
    pos = 0
    prev = ""
    for i, raw in enumerate(lines):
        line = " ".join(raw.split()) if lang not in NO_SPACE_LANGS else raw.strip()
        if i:
            parts.append(sep)
            pos += len(sep)
            bounds.add(pos)
            if ends_with_final_mark(prev):
                punct.add(pos)
        parts.append(line)
        pos += len(line)
        prev = line
    return Passage("".join(parts), frozenset(bounds), frozenset(punct), len(lines))


def chunk(lines: Sequence[str], size: int = 5) -> Iterator[list[str]]:
    """Consecutive non-empty lines in groups of at most ``size``."""
    kept = [ln for ln in lines if ln.strip()]
    for i in range(0, len(kept), size):
        yield kept[i : i + size]


def predicted_starts(text: str, sentences: Sequence[str]) -> set[int]:
    """Offsets where sentences 2..n start inside ``text`` (located in order)."""
    starts: set[int] = set()
    pos = 0
    for k, sent in enumerate(sentences):
        s = sent.strip()
        if not s:
            continue
        at = text.find(s, pos)
        if at < 0:
            raise ValueError(f"sentence not found in text: {s[:60]!r}")
        if k and at > 0:
            starts.add(at)
        pos = at + len(s)
    return starts


def snap_to_gold(text: str, pred: set[int], gold: frozenset[int]) -> set[int]:
    """Predicted boundaries moved back over closing quotes/brackets (and spaces) onto a gold one.

    Only a boundary that is not gold itself moves, and only onto a gold boundary that starts with
    the closer it skips; any other boundary stays where it is.
    """
    out: set[int] = set()
    for b in pred:
        q = b
        if b not in gold:
            k = b
            while k > 0 and (text[k - 1].isspace() or text[k - 1] in CLOSERS):
                k -= 1
                if k in gold and text[k] in CLOSERS:
                    q = k
                    break
        out.add(q)
    return out


def score(split: Splitter, passages: Iterable[Passage], lang: str, keep_errors: bool = False) -> Score:
    sc = Score()
    for p in passages:
        pred = predicted_starts(p.text, split(p.text, lang))
        sc.all.add(p.boundaries, pred)
        unpunct = p.boundaries - p.punctuated
        sc.punct.add(p.punctuated, pred - unpunct)
        sc.punct_quote.add(p.punctuated, snap_to_gold(p.text, pred, p.boundaries) - unpunct)
        sc.passages += 1
        sc.lines += p.lines
        if keep_errors:
            sc.errors += [("fp", b, p.text) for b in sorted(pred - p.boundaries)]
            sc.errors += [("fn", b, p.text) for b in sorted(p.punctuated - pred)]
    return sc


# --- gold sets ---------------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def textberg(corpus: Path, lang: str, split: str = "dev", size: int = 5) -> list[Passage]:
    """Text+Berg (``de`` or ``fr``), ``split`` = dev or test."""
    out: list[Passage] = []
    for f in sorted((corpus / "textberg_de_fr" / split).glob(f"*.{lang}")):
        out += [make_passage(c, lang) for c in chunk(_read_lines(f), size)]
    return out


def mac(corpus: Path, lang: str, size: int = 5) -> list[Passage]:
    """MAC dev (``zh`` or ``en``)."""
    out: list[Passage] = []
    for f in sorted((corpus / "mac_zh_en" / "dev" / lang).glob(f"*.{lang}")):
        out += [make_passage(c, lang) for c in chunk(_read_lines(f), size)]
    return out


def unpc(corpus: Path, lang: str, size: int = 5) -> list[Passage]:
    """UNPC 6-way dev: lines of one document in reading order, in groups of at most ``size``."""
    base = corpus / "unpc_devset_6way"
    lines = _read_lines(base / f"dev.{lang}")
    out: list[Passage] = []
    for row in _read_lines(base / "dev.docs.jsonl"):
        doc = json.loads(row)
        ordered = [lines[i] for i in doc["lines_in_en_order"]]
        out += [make_passage(c, lang) for c in chunk(ordered, size)]
    return out


def udhr(corpus: Path, lang: str, size: int = 5) -> list[Passage]:
    """The Universal Declaration of Human Rights, one unit per line."""
    f = corpus / "un_parallel_docs" / "udhr" / "text" / f"udhr.{lang}.txt"
    return [make_passage(c, lang) for c in chunk(_read_lines(f), size)]


GOLD_SETS: dict[str, tuple[tuple[str, ...], Callable[[Path, str], list[Passage]]]] = {
    "textberg-dev": (("de", "fr"), lambda c, lang: textberg(c, lang, "dev")),
    "textberg-test": (("de", "fr"), lambda c, lang: textberg(c, lang, "test")),
    "mac-dev": (("zh", "en"), mac),
    "unpc-dev": (("ar", "zh", "en", "fr", "ru", "es"), unpc),
    "udhr": (("ar", "zh", "en", "fr", "ru", "es"), udhr),
}
"""Gold set name -> (languages, loader(corpus, lang) -> passages)."""
