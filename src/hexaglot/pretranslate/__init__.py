"""Pre-translation of a draft from the archive (the translator's desk).

    import hexaglot
    with hexaglot.open("hexaglot-archive") as a:
        [fr] = a.pretranslate("draft.docx", src="en", tgt="fr")
    write_outputs(fr, "draft.fr.xlf")      # XLIFF 1.2 + TMX + HTML analysis beside it

The draft goes through the archive's own read → clean → parse → segment (its quotes and spaces kept
as written: :data:`hexaglot.pipeline.DRAFT_STEPS`); each segment's candidates
come from the full-text index (the rarest words, one OR query) ranked by a CAT-style word-level
fuzzy score (:mod:`hexaglot.pretranslate.score`); exact matches whose neighbours match too score 101.
Inline markup in a segment (tags, footnote calls, Markdown emphasis) stays out of the score and is put
into the proposals (:mod:`hexaglot.pretranslate.markup`).
"""

from hexaglot.pretranslate.records import BANDS, BandCount, Candidate, Pretranslation, SegmentMatches
from hexaglot.pretranslate.run import draft_segments, pretranslate, pretranslate_segments

__all__ = ["BANDS", "BandCount", "Candidate", "Pretranslation", "SegmentMatches", "draft_segments", "pretranslate",
           "pretranslate_segments"]
