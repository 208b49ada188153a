"""The archive's lexicon: learned across every document, stored in the ``lexicon`` table (schema v5).

:func:`learn` counts, per language pair, the word co-occurrences of the confident 1-1 beads
(calibrated score ≥ ``threshold``) of every alignment, in alignment order
(:class:`~hexaglot.align.archive_lexicon.LexiconCounts`). A pair's row remembers the last alignment
counted (``upto``) and how many (``alignments``): the next :func:`learn` counts only the newer
alignments, unless an alignment counted before is gone (re-ingested, re-aligned: its beads changed)
or the threshold changed, in which case the pair is counted again from scratch. Either way the
counts equal those of one pass over the archive as it is.

:func:`tables` turns the rows into translation tables (both directions of each pair) and
:func:`install` puts them into the process's aligner (:func:`hexaglot.align.lexicon.use_external_tables`):
ingest and ``hexaglot realign`` align with them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hexaglot.align.archive_lexicon import LexiconCounts
from hexaglot.align.calibrate import calibrated_method
from hexaglot.align.lexicon import TranslationTable, use_external_tables
from hexaglot.align.text import words
from hexaglot.errors import InputError
from hexaglot.store.read import aligned_pairs, sentence_texts
from hexaglot.wording import counted

THRESHOLD = 0.6  # the calibrated score (probability the bead is exactly right) a bead needs to teach


@dataclass
class PairLexicon:
    """One pair's row, as :func:`learn` left it."""

    pair: str
    beads: int = 0
    alignments: int = 0
    links: int = 0
    bytes: int = 0
    added: int = 0  # alignments counted by this call
    rebuilt: bool = False  # counted again from scratch (an alignment counted before is gone)


@dataclass
class LexiconReport:
    """What :meth:`hexaglot.archive.Archive.learn_lexicon` did."""

    pairs: list[PairLexicon] = field(default_factory=list)

    def message(self) -> str:
        if not self.pairs:
            return "lexicon: no aligned pairs in the archive"
        rows = [f"  {p.pair}: {counted(p.links, 'link')} from {counted(p.beads, 'bead')} of "
                f"{counted(p.alignments, 'alignment')} ({p.bytes / 1024:.0f} KiB; "
                + ("counted again" if p.rebuilt else "+" + counted(p.added, "alignment")) + ")"
                for p in self.pairs]
        return f"lexicon of {counted(len(self.pairs), 'language pair')}:\n" + "\n".join(rows)


def archive_pairs(c: sqlite3.Connection) -> list[str]:
    """The ``src-tgt`` pairs of the archive's alignments, as stored."""
    return aligned_pairs(c)


def resolve_pair(c: sqlite3.Connection, pair: str, option: str = "--pair") -> str:
    """``fr-en`` or ``en-fr`` → the stored orientation; one clear :class:`InputError` for a pair the
    archive does not hold."""
    have = archive_pairs(c)
    parts = pair.strip().lower().split("-")
    if len(parts) != 2 or not all(parts):
        raise InputError(option, f"{pair!r} is not a language pair: give it as xx-yy, e.g. fr-en")
    for name in (f"{parts[0]}-{parts[1]}", f"{parts[1]}-{parts[0]}"):
        if name in have:
            return name
    shown = ", ".join(have) if have else "none"
    raise InputError(option, f"no alignments {pair} in the archive (pairs: {shown})")


def _eligible(c: sqlite3.Connection, pair: str) -> list[tuple[int, int, int]]:
    """``(alignment id, src version, tgt version)`` of the pair's alignments with calibrated scores,
    in id order."""
    a, b = pair.split("-")
    rows = c.execute("SELECT al.id, al.method, al.src_version, al.tgt_version FROM alignments al "
                     "JOIN versions sv ON sv.id = al.src_version JOIN versions tv ON tv.id = al.tgt_version "
                     "WHERE sv.lang = ? AND tv.lang = ? ORDER BY al.id", (a, b)).fetchall()
    return [(i, s, t) for i, m, s, t in rows if calibrated_method(m)]


def _bead_words(c: sqlite3.Connection, aid: int, threshold: float) -> list[tuple[list[str], list[str]]]:
    """Word stems of both sides of the alignment's confident 1-1 beads, in bead order."""
    beads = [(json.loads(s), json.loads(t)) for s, t in c.execute(
        "SELECT src, tgt FROM beads WHERE alignment_id = ? AND score >= ? ORDER BY k", (aid, threshold))]
    beads = [(s[0], t[0]) for s, t in beads if len(s) == 1 and len(t) == 1]
    if not beads:
        return []
    text = sentence_texts(c, [i for pair in beads for i in pair])  # only the beads' sentences
    return [(words(text[s]), words(text[t])) for s, t in beads if s in text and t in text]


def load_counts(c: sqlite3.Connection, pair: str) -> LexiconCounts | None:
    row = c.execute("SELECT data FROM lexicon WHERE pair = ?", (pair,)).fetchone()
    return LexiconCounts.from_bytes(row[0]) if row else None


def learn(store: Any, pairs: Sequence[str] | None = None, threshold: float = THRESHOLD,
          progress: Callable[[str], None] | None = None) -> LexiconReport:
    """Count the confident beads of the archive into the ``lexicon`` table (see the module's
    docstring); ``pairs`` (``"en-fr"``, either order) limits it to those pairs. One transaction per pair."""
    with store.snapshot() as c:
        names = [resolve_pair(c, p) for p in pairs] if pairs else archive_pairs(c)
    report = LexiconReport()
    for pair in dict.fromkeys(names):
        if progress is not None:
            progress(pair)
        with store.transaction() as c:
            report.pairs.append(_learn_pair(c, pair, threshold))
    return report


def _learn_pair(c: sqlite3.Connection, pair: str, threshold: float) -> PairLexicon:
    eligible = _eligible(c, pair)
    row = c.execute("SELECT upto, alignments, threshold, data FROM lexicon WHERE pair = ?", (pair,)).fetchone()
    counts, upto, done, rebuilt = LexiconCounts(), 0, 0, row is not None
    if row is not None:
        upto, done = int(row[0]), int(row[1])
        if sum(1 for i, _, _ in eligible if i <= upto) == done and float(row[2]) == threshold:
            counts, rebuilt = LexiconCounts.from_bytes(row[3]), False
        else:
            upto, done = 0, 0
    added = 0
    for aid, _, _ in eligible:
        if aid <= upto:
            continue
        counts.add(_bead_words(c, aid, threshold))
        upto, done, added = aid, done + 1, added + 1
    data = counts.to_bytes()
    links = sum(len(x) for x in counts.links().values())
    c.execute("INSERT OR REPLACE INTO lexicon(pair, upto, alignments, beads, threshold, links, data, updated) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (pair, upto, done, counts.beads, threshold, links, data,
                                                  datetime.now(UTC).isoformat(timespec="seconds")))
    return PairLexicon(pair, counts.beads, done, links, len(data), added, rebuilt)


# -- using it -------------------------------------------------------------------------------------


def stamp(c: sqlite3.Connection) -> tuple[tuple[str, int, int, int], ...]:
    """What identifies the stored lexicon (changes whenever :func:`learn` changes a row)."""
    return tuple((p, u, a, n) for p, u, a, n in c.execute(
        "SELECT pair, upto, alignments, beads FROM lexicon ORDER BY pair"))


def tables(c: sqlite3.Connection) -> dict[tuple[str, str], TranslationTable]:
    """``{(src, tgt): table}`` for both directions of every stored pair with links."""
    out: dict[tuple[str, str], TranslationTable] = {}
    for pair, data in c.execute("SELECT pair, data FROM lexicon ORDER BY pair"):
        counts = LexiconCounts.from_bytes(data)
        a, b = pair.split("-")
        fwd, back = counts.links(), counts.links(reverse=True)
        if fwd:
            out[(a, b)], out[(b, a)] = TranslationTable(fwd), TranslationTable(back)
    return out


@dataclass(frozen=True)
class LexiconRef:
    """What a worker process needs to load an archive's lexicon: the database and the stamp."""

    path: str
    stamp: tuple[tuple[str, int, int, int], ...]


def ref(store: Any) -> LexiconRef | None:
    """The archive's lexicon as a :class:`LexiconRef`, or ``None`` when it has none."""
    with store.snapshot() as c:
        st = stamp(c)
    return LexiconRef(str(store.path), st) if st else None


def install(lexicon: LexiconRef | None) -> None:
    """Make this process's aligner use the archive's lexicon (``None``: no archive lexicon). Loads
    the tables once per stamp."""
    from hexaglot.align.lexicon import external_stamp

    if lexicon is None:
        use_external_tables(None)
        return
    if external_stamp() == (lexicon.path, lexicon.stamp):
        return
    uri = Path(lexicon.path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("BEGIN")
        loaded = tables(conn) if stamp(conn) == lexicon.stamp else None
        conn.execute("COMMIT")
    finally:
        conn.close()
    if loaded is None:  # learnt again meanwhile: the newer tables, under their own stamp
        use_external_tables(None)
        return
    use_external_tables(loaded, (lexicon.path, lexicon.stamp))


# -- hexaglot check -----------------------------------------------------------------------------


def check_lexicon(c: sqlite3.Connection) -> list[str]:
    """Problems of the stored lexicon (none when it is absent or sound)."""
    out = []
    if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'lexicon'").fetchone():
        return out
    langs = {lang for (lang,) in c.execute("SELECT DISTINCT lang FROM versions")}
    for pair, upto, n_align, beads, data in c.execute(
            "SELECT pair, upto, alignments, beads, data FROM lexicon ORDER BY pair").fetchall():
        parts = pair.split("-")
        if len(parts) != 2 or not set(parts) <= langs:
            out.append(f"lexicon pair {pair!r} names a language the archive has no version in")
            continue
        try:
            counts = LexiconCounts.from_bytes(data)
        except ValueError as exc:
            out.append(f"lexicon {pair}: {exc}")
            continue
        if counts.beads != beads or n_align < 0 or upto < 0 or (n_align > 0) != (upto > 0):
            out.append(f"lexicon {pair}: row says {beads} beads of {n_align} alignments up to {upto}, "
                       f"the counts hold {counts.beads} beads")
        out.extend(f"lexicon {pair}: {p}" for p in counts.problems())
    return out
