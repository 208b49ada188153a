"""What pre-translation returns: per draft segment its candidates, and the analysis per match band."""

from __future__ import annotations

from dataclasses import dataclass, field

from hexaglot.pretranslate.markup import Marked
from hexaglot.pretranslate.score import Change

# The bands translation services cost by: (name, lowest score, highest score), best first.
# "101" is an in-context exact match (the neighbouring segments match too).
BANDS: tuple[tuple[str, float, float], ...] = (
    ("101% (context)", 101, 101), ("100%", 100, 100), ("95–99%", 95, 99.99), ("85–94%", 85, 94.99),
    ("75–84%", 75, 84.99), ("50–74%", 50, 74.99), ("no match", 0, 49.99))


def band_of(score: float | None) -> str:
    if score is None:
        return BANDS[-1][0]
    for name, lo, hi in BANDS:
        if lo <= score <= hi:
            return name
    return BANDS[-1][0]


@dataclass
class Candidate:
    """An earlier translation of a similar source: the archived bead's source and target text, its
    match score (101 in context, 100 exact, below that fuzzy), where it comes from and what changed
    from its source to the draft segment. ``target`` is the proposal: the archived target with the
    draft's leading paragraph number in place of the archive's (:func:`hexaglot.pretranslate.score.relabel`)
    and the draft's inline markup put in (:func:`hexaglot.pretranslate.markup.place_markup`; ``placed``
    holds the proposal without it and each tag's place, the XLIFF writes them as inline codes;
    ``markup_note`` says which tags were placed by position, no aligned word saying where);
    ``archived_target`` is the target as stored (the TMX of the matches holds that one)."""

    score: float
    source: str
    target: str
    doc_id: str
    symbol: str | None
    date: str | None
    align_score: float
    src_ids: list[int]
    tgt_ids: list[int]
    changes: list[Change] = field(default_factory=list)
    kind: str = "prose"  # the archived sentence's kind (prose, title, footnote, cell): TMX x-kind
    archived_target: str = ""  # the target as stored ("" when built without one: ``target`` is it)
    placed: Marked | None = None  # the proposal without the draft's markup, and its tags' places (None: none)
    markup_note: str = ""  # the draft's tags placed by position (at the start or end), "" when none

    @property
    def stored_target(self) -> str:
        return self.archived_target or self.target

    @property
    def diff(self) -> str:
        from hexaglot.pretranslate.score import marked

        return marked(self.changes)


@dataclass
class SegmentMatches:
    """One segment of the draft and its candidates, best first (only those at or above the threshold;
    ``best`` is the best score found at all, for the analysis)."""

    index: int
    source: str
    words: int
    candidates: list[Candidate] = field(default_factory=list)
    best: float | None = None

    @property
    def band(self) -> str:
        """The match band of what the translator is offered: a segment without a candidate at or
        above the threshold is "no match", whatever ``best`` found below it (a 60% seen under a 70%
        threshold counted in 50–74% while the segment came with no candidate)."""
        return band_of(self.best) if self.candidates else band_of(None)


@dataclass
class BandCount:
    band: str
    segments: int = 0
    words: int = 0


@dataclass
class Pretranslation:
    """The pre-translation of one draft into one target language."""

    draft: str
    src_lang: str
    tgt_lang: str
    threshold: float
    segments: list[SegmentMatches]
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # the reader's about the draft (its language...)

    def analysis(self) -> list[BandCount]:
        counts = {name: BandCount(name) for name, _, _ in BANDS}
        for s in self.segments:
            c = counts[s.band]
            c.segments += 1
            c.words += s.words
        return list(counts.values())

    @property
    def matched(self) -> int:
        return sum(1 for s in self.segments if s.candidates)


def to_dict(p: Pretranslation) -> dict[str, object]:
    """The JSON form of a pre-translation (HTTP API, ``--json``): analysis, then every segment."""
    return {
        "draft": p.draft, "src": p.src_lang, "tgt": p.tgt_lang, "threshold": p.threshold,
        "seconds": round(p.seconds, 3), "segments_matched": p.matched, "warnings": p.warnings,
        "analysis": [{"band": b.band, "segments": b.segments, "words": b.words} for b in p.analysis()],
        "segments": [{
            "index": s.index, "source": s.source, "words": s.words, "best": s.best, "band": s.band,
            "candidates": [{"score": c.score, "source": c.source, "target": c.target,
                            "archived_target": c.stored_target, "doc_id": c.doc_id,
                            "symbol": c.symbol, "date": c.date, "align_score": round(c.align_score, 4),
                            "diff": c.diff, "markup_note": c.markup_note} for c in s.candidates]}
                     for s in p.segments]}
