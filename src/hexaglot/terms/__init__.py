"""Bilingual terminology from the archive's aligned sentences.

    archive.terms(src="en", tgt="fr", min_freq=3)              # [TermEntry]: terms and equivalents
    archive.term("peacekeeping operations", src="en", tgt="fr")  # TermLookup: renderings by year

Candidates come from noun-phrase patterns kept as language data (:mod:`hexaglot.terms.extract`,
``langs/<code>/terms.toml``); each aligned bead's candidates are counted once (:mod:`.bitext`);
equivalents are ranked by association over bead co-occurrence (:mod:`.rank`); the term list and the
look-up are in :mod:`.lookup`; TBX-Basic and CSV in :mod:`.tbx`.
"""

from hexaglot.terms.bitext import Bitext, build
from hexaglot.terms.lookup import lookup, term_list
from hexaglot.terms.rank import LinkScorer
from hexaglot.terms.records import Equivalent, Example, Rendering, TermEntry, TermLookup
from hexaglot.terms.tbx import read_csv, write_csv, write_tbx

__all__ = ["Bitext", "Equivalent", "Example", "LinkScorer", "Rendering", "TermEntry", "TermLookup", "build",
           "lookup", "read_csv", "term_list", "write_csv", "write_tbx"]
