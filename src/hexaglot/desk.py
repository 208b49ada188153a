"""The translator's desk of an archive: the word aligner (train, load, mark), pre-translation of a draft
and terminology. :class:`Desk` is a part of :class:`hexaglot.archive.Archive` (its base class), kept
apart so the archive facade stays one screenful a concern; the work itself is in
:mod:`hexaglot.wordalign`, :mod:`hexaglot.pretranslate` and :mod:`hexaglot.terms`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hexaglot.errors import InputError

if TYPE_CHECKING:
    from hexaglot.pretranslate import Pretranslation
    from hexaglot.store.db import Store
    from hexaglot.store.records import Pair
    from hexaglot.terms.bitext import Bitext
    from hexaglot.terms.rank import LinkScorer
    from hexaglot.terms.records import TermEntry, TermLookup
    from hexaglot.wordalign.model import Config as WordConfig
    from hexaglot.wordalign.model import WordAligner
    from hexaglot.wordalign.persist import WordModelInfo

T = TypeVar("T")


class Desk:
    """Word alignment, pre-translation and terminology over the archive (a base of ``Archive``, which
    provides ``store``, ``check_langs``, ``pairs`` and ``_writing``)."""

    store: Store
    _bitext_cache: tuple[tuple[Any, ...], Bitext] | None

    if TYPE_CHECKING:  # provided by Archive
        def check_langs(self, **codes: str) -> list[str]: ...

        def pairs(self, src: str, tgt: str, *, min_score: float = 0.0, **kw: Any) -> list[Pair]: ...

        def _writing(self, fn: Callable[[], T]) -> T: ...

    # -- word alignment (hexaglot.wordalign) ----------------------------------------------------

    def train_word_aligner(self, src: str, tgt: str, *, min_score: float | None = None,
                           max_pairs: int | None = None, progress: Callable[[str], None] | None = None,
                           config: WordConfig | None = None) -> WordModelInfo:
        """Train the word aligner of ``src``–``tgt`` on the archive's confident prose pairs (calibrated
        score ≥ ``min_score``, :data:`hexaglot.limits.LOW_SCORE` by default) and keep it in the
        database, replacing the pair's previous model. :class:`InputError` when the archive holds no
        such pair. ``config``: the trainer's settings (default: eflomal when installed, else EM)."""
        from hexaglot.wordalign.train import train_from_pairs

        src, tgt = self.check_langs(src=src, tgt=tgt)
        return self._writing(lambda: train_from_pairs(self, src, tgt, min_score, max_pairs, progress, config))

    def word_models(self) -> list[WordModelInfo]:
        """The word models the archive holds (pair, date, training pairs, size)."""
        from hexaglot.wordalign import persist

        with self.store.snapshot() as c:
            return persist.infos(c)

    def word_aligner(self, src: str, tgt: str) -> WordAligner:
        """The pair's trained word model (either direction trained serves), else one that aligns with
        the dictionaries and identical forms only (``.trained`` is False). Cached until retrained."""
        from hexaglot.wordalign import persist
        from hexaglot.wordalign.model import WordAligner

        src, tgt = self.check_langs(src=src, tgt=tgt)
        with self.store.snapshot() as c:
            stamp = persist.stamp(c, src, tgt)
            cache = self.__dict__.setdefault("_word_models", {})
            hit = cache.get((src, tgt))
            if hit is None or hit[0] != stamp:
                model = persist.load(c, src, tgt) if stamp else None
                hit = cache[(src, tgt)] = (stamp, model or WordAligner.untrained(src, tgt))
        return hit[1]

    def pretranslate(self, draft: str | Path | None = None, *, text: str | None = None, src: str | None = None,
                     tgt: str | Sequence[str], threshold: float = 70.0, candidates: int = 3,
                     progress: Callable[[int, int], None] | None = None) -> list[Pretranslation]:
        """Pre-translate a draft (a file of any supported format, or ``text``) from ``src`` (detected
        when omitted) into each ``tgt`` (``"fr"``, ``"fr,ru"`` or a list): one
        :class:`~hexaglot.pretranslate.Pretranslation` per target, each segment with up to
        ``candidates`` earlier translations scoring at least ``threshold`` (101 in context, 100 exact,
        fuzzy below; see :mod:`hexaglot.pretranslate`). ``progress(done, total)`` every 50 segments.
        Write them with :func:`hexaglot.pretranslate.output.write_outputs`."""
        from hexaglot.pretranslate import pretranslate

        return pretranslate(self, draft, text=text, src=src, tgt=tgt, threshold=threshold, candidates=candidates,
                            progress=progress)

    # -- terminology ----------------------------------------------------------------------------

    def _bitext(self, src: str, tgt: str, organ: str | None, year_from: int | None, year_to: int | None,
                min_score: float) -> Bitext:
        """The term candidates of every confident prose bead of the pair (kept for the next call
        with the same arguments; an ingest drops it)."""
        from hexaglot.terms.bitext import build

        src, tgt = self.check_langs(src=src, tgt=tgt)
        for name, year in (("from", year_from), ("to", year_to)):
            if year is not None and not 0 < year < 10000:
                raise InputError(name, f"{year} is not a year")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise InputError("from", f"{year_from} is after the last year asked for ({year_to}): swap them")
        args = (src, tgt, organ, year_from, year_to, min_score)
        cached = self._bitext_cache
        if cached is not None and cached[0] == args:
            return cached[1]
        bt = build(self.pairs(src, tgt, min_score=min_score, organ=organ), src, tgt, year_from=year_from,
                   year_to=year_to)
        if not bt.beads:
            parts = [f"organ {organ}"] if organ else []
            if year_from or year_to:
                parts.append(f"year {year_from}" if year_from == year_to else
                             f"years {year_from or '...'}-{year_to or '...'}")
            where = f" ({', '.join(parts)})" if parts else ""
            raise InputError(f"{src}-{tgt}", f"no aligned {src}-{tgt} sentences with a score of {min_score} or more "
                             f"in this archive{where}")
        self._bitext_cache = (args, bt)
        return bt

    def terms(self, *, src: str, tgt: str, organ: str | None = None, year_from: int | None = None,
              year_to: int | None = None, min_freq: int = 3, limit: int | None = None, equivalents: int = 3,
              min_score: float = 0.5, link: LinkScorer | None = None, word_links: bool = True
              ) -> list[TermEntry]:
        """The bilingual term list of a language pair: source terms seen in at least ``min_freq``
        aligned beads (multi-word units first), each with frequency, documents, first and last year,
        its inflected variants, up to ``equivalents`` target terms ranked by association, and
        example lines. ``word_links``: the pair's word aligner (:meth:`word_aligner`) adds its
        evidence to the association (:mod:`hexaglot.terms.links`); ``link``: another such feature."""
        from hexaglot.terms.lookup import term_list

        if min_freq < 1:
            raise InputError("min-freq", f"{min_freq}: give 1 or more")
        bt = self._bitext(src, tgt, organ, year_from, year_to, min_score)
        link = link or (self._term_links(bt.src, bt.tgt) if word_links else None)
        return term_list(bt, min_freq=min_freq, limit=limit, equivalents=equivalents, link=link)

    def term(self, query: str, *, src: str, tgt: str, organ: str | None = None, year_from: int | None = None,
             year_to: int | None = None, limit: int = 10, min_score: float = 0.5,
             link: LinkScorer | None = None, word_links: bool = True) -> TermLookup:
        """How ``query`` (a source-language term) has been rendered: every rendering with its count
        per year, the ranked equivalents and example lines. Inflected forms of the query count too.
        ``word_links``: the pair's word aligner adds its evidence to the association (as :meth:`terms`)."""
        from hexaglot.terms.lookup import lookup

        check_term_query(query)
        bt = self._bitext(src, tgt, organ, year_from, year_to, min_score)
        link = link or (self._term_links(bt.src, bt.tgt) if word_links else None)
        return lookup(bt, query, limit=limit, link=link)

    def _term_links(self, src: str, tgt: str) -> LinkScorer:
        """The word-link feature of the pair's word aligner, kept (with its aligned beads) while the
        aligner is the same."""
        from hexaglot.terms.links import AlignmentLinks

        aligner = self.word_aligner(src, tgt)
        cache = self.__dict__.setdefault("_term_link_cache", {})
        hit = cache.get((src, tgt))
        if hit is None or hit.aligner is not aligner:
            hit = cache[(src, tgt)] = AlignmentLinks(aligner)
        return hit


def check_term_query(query: str) -> str:
    """A term query as typed, stripped; :class:`InputError` when it holds no word, or is a single
    letter (one Chinese character is a word and is accepted)."""
    q = (query or "").strip()
    words = re.findall(r"[^\W_]+", q)
    if not words:
        raise InputError("term", f"{query!r} holds no word to look up")
    if len(q) == 1 and not re.match(r"[\u3400-\u9fff\uf900-\ufaff]", q):
        raise InputError("term", f"{query!r} is a single character: give a word or a phrase")
    return q
