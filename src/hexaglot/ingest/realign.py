"""``hexaglot realign``: align the stored documents again with the archive's lexicon.

No file is read again: the sentences stay as stored (their ids too), only the alignments are
replaced, each document in one transaction (:meth:`hexaglot.store.db.Store.replace_alignments`),
and the document is queued for the search index (the backlog of :mod:`hexaglot.store.db`), so a
Ctrl-C leaves every document either wholly re-aligned or as it was.

The lexicon (:mod:`hexaglot.store.lexicon`) is learnt first for the pairs that have none, then
held fixed for the run. A document whose alignments are all newer than the lexicon of their pair
(alignment id above the row's ``upto``) was aligned with it already and is skipped: a run stopped
half-way resumes where it stopped. Alignments of line-parallel input (``parallel-lines``) are
never re-aligned. ``--pair`` re-aligns that pair only (two-way, even in a document of more
languages, whose other pairs keep their multi-way beads); ``--doc`` one document, whatever its age.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from hexaglot.align.calibrate import mode_of
from hexaglot.errors import HexaglotError, InputError
from hexaglot.ingest.runner import Progress, align_within_budget, report_notes
from hexaglot.store.lexicon import archive_pairs, install, learn, ref, resolve_pair
from hexaglot.store.read import alignment_rows, index_rows, require
from hexaglot.wording import counted


@dataclass
class RealignReport:
    """What :meth:`hexaglot.archive.Archive.realign` did."""

    documents: int = 0  # documents re-aligned
    alignments: int = 0
    beads: int = 0  # beads written
    beads_changed: int = 0  # of those, beads the replaced alignment did not have
    skipped: int = 0  # documents aligned with the current lexicon already
    learned: list[str] = field(default_factory=list)  # pairs whose lexicon was learnt first
    errors: list[str] = field(default_factory=list)
    # the aligner's doubts about a re-aligned pair, as ``hexaglot ingest`` reports them
    # (:class:`hexaglot.ingest.runner.IngestReport`: one language on both sides, not translations)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def message(self) -> str:
        text = (f"re-aligned {counted(self.documents, 'document')} ({counted(self.alignments, 'alignment')}): "
                f"{self.beads_changed} of {counted(self.beads, 'bead')} changed")
        if self.skipped:
            text += f"; {counted(self.skipped, 'document')} already aligned with the current lexicon"
        if self.learned:
            text += f"; lexicon learnt first for {', '.join(self.learned)}"
        return text + f" ({self.seconds:.1f} s)"


def _documents(c: Any, pairs: set[str], doc: str | None = None) -> dict[str, list[tuple[str, int, bool | None]]]:
    """``doc id → [(pair, alignment id, embeddings)]`` of the alignments in ``pairs`` (of ``doc`` only
    when given)."""
    out: dict[str, list[tuple[str, int, bool | None]]] = {}
    for row in alignment_rows(c, doc):
        if row.pair in pairs:
            out.setdefault(row.doc_id, []).append((row.pair, row.id, mode_of(row.method)))
    return out


def realign(store: Any, index: Any, *, pair: str | None = None, doc: str | None = None,
            progress: Progress | None = None) -> RealignReport:
    """Re-align the archive's documents (all, those of ``pair``, or the one ``doc``) with its lexicon."""
    t0 = time.perf_counter()
    progress = progress or Progress()
    report = RealignReport()
    with store.snapshot() as c:
        have = archive_pairs(c)
        if not have:
            raise InputError(str(store.path.parent), "the archive holds no aligned documents: nothing to re-align")
        pairs = {resolve_pair(c, pair)} if pair else set(have)
        only = require(c, doc) if doc else None
        docs = _documents(c, pairs, only)
        learnt = {p for (p,) in c.execute("SELECT pair FROM lexicon")}
    if only is not None:
        if only not in docs:
            with store.snapshot() as c:
                langs = sorted(lang for (lang,) in c.execute("SELECT lang FROM versions WHERE doc_id = ?", (only,)))
            if len(langs) < 2:
                raise InputError(doc or only, f"the document has one language version ({', '.join(langs) or 'none'}): "
                                              "nothing is aligned in it to re-align")
            raise InputError(doc or only, f"no alignment {' or '.join(sorted(pairs))} to re-align in this document "
                                          f"(its versions: {', '.join(langs)})")
        docs = {only: docs[only]}
    missing = sorted(pairs - learnt)
    if missing:
        learn(store, missing)
        report.learned = missing
    with store.snapshot() as c:
        upto = dict(c.execute("SELECT pair, upto FROM lexicon").fetchall())
    lexicon = ref(store)
    todo = []
    for doc_id, rows in docs.items():
        rows = [r for r in rows if r[2] is not None]  # line-parallel input stays as given
        if not rows:
            continue
        if only is None and all(aid > upto.get(p, 0) for p, aid, _ in rows):
            report.skipped += 1
            continue
        todo.append((doc_id, rows))
    progress.start("re-aligning documents", len(todo))
    try:
        for doc_id, rows in todo:
            _realign_one(store, index, doc_id, rows, pair is not None, lexicon, report)
            progress.advance()
    finally:
        install(None)
        progress.stop()
    index.commit()
    report.seconds = time.perf_counter() - t0
    return report


def _realign_one(store: Any, index: Any, doc_id: str, rows: list[tuple[str, int, bool | None]], two_way: bool,
                 lexicon: Any, report: RealignReport) -> None:
    from hexaglot.store.records import SentenceData

    stored: dict[str, list[SentenceData]] = store.version_texts(doc_id)
    wanted = {p for p, _, _ in rows}
    if two_way:
        langs = [x for p in wanted for x in p.split("-")]
        stored = {x: stored[x] for x in langs if x in stored}
    embeddings = any(mode for _, _, mode in rows)
    try:
        alignments, _, _ = align_within_budget(doc_id, stored, list(stored), embeddings=embeddings, lexicon=lexicon)
    except HexaglotError as exc:  # over the alignment budget: the document keeps its beads
        report.errors.append(str(exc))
        return
    alignments = [a for a in alignments if f"{a.src_lang}-{a.tgt_lang}" in wanted]
    report.warnings.extend(report_notes(doc_id, alignments))
    report.beads_changed += store.replace_alignments(doc_id, alignments)
    report.documents += 1
    report.alignments += len(alignments)
    report.beads += sum(len(a.beads) for a in alignments)
    with store.snapshot() as c:
        index.replace_documents([doc_id], list(index_rows(c, [doc_id])))
    index.maybe_commit()
