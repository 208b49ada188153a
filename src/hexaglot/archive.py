"""The archive's Python API: one folder holding ``archive.sqlite`` (the record) and ``index/``.

    import hexaglot
    archive = hexaglot.create("hexaglot-archive")      # hexaglot.open() only opens an existing one
    archive.ingest(["../shared/corpus/seed"])
    archive.search("relation stratégique", lang="fr")
    archive.concordance("relation stratégique", src="fr", tgt="en")
    archive.export("out.tmx", src="fr", tgt="en", format="tmx", min_score=0.5)

The CLI prints exactly the records these methods return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hexaglot.desk import Desk
from hexaglot.errors import ArchiveError, ConfigError, InputError, NoArchiveError
from hexaglot.store.records import ConcordanceLine, DocumentView, Pair, Refs, Related, SearchResult

if TYPE_CHECKING:
    from hexaglot.export.clean import CleanReport
    from hexaglot.ingest.parallel import ParallelDoc
    from hexaglot.ingest.realign import RealignReport
    from hexaglot.ingest.runner import Ingester, IngestReport, Progress
    from hexaglot.semantic.embed import EmbedReport
    from hexaglot.semantic.search import Parts
    from hexaglot.store.browse import ArchiveStats, DocumentList, Row
    from hexaglot.store.check import CheckReport
    from hexaglot.store.lexicon import LexiconReport
    from hexaglot.store.read import Filters
    from hexaglot.store.rescore import Recalibration
    from hexaglot.terms.bitext import Bitext

DEFAULT_ARCHIVE = "hexaglot-archive"
# An index emptied for a new layout is rebuilt by the first search up to this many sentences (about 8 s: the
# index takes some 6,000 sentences a second);
# a larger archive is told to run `hexaglot reindex`.
AUTO_REBUILD_SENTENCES = 50_000
T = TypeVar("T")


class Archive(Desk):
    """An open archive. Not shared between threads: open one per thread or process."""

    def __init__(self, path: str | Path = DEFAULT_ARCHIVE, *, create: bool = False, lock_wait: float = 0.0) -> None:
        """Open the archive at ``path``: a :class:`NoArchiveError` when it holds none, unless
        ``create`` (then an empty archive is made there). ``lock_wait``: seconds a write (ingest,
        reindex, repair) waits for another writer to finish before it is refused with an
        :class:`ArchiveError`."""
        from hexaglot.store.db import Store
        from hexaglot.store.lock import WriterLock

        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise ArchiveError(f"{self.path} is not a folder")
        if not (self.path / "archive.sqlite").is_file():
            if not create:
                raise NoArchiveError(str(self.path))
            self.path.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.path / "archive.sqlite")
        self.index = _synced_index(self.path / "index", self.store)
        from hexaglot.semantic.ann import VectorIndex

        self.vectors = VectorIndex(self.path / "vectors")
        self.lock = WriterLock(self.path)
        self.lock_wait = lock_wait
        self._bitext_cache: tuple[tuple[Any, ...], Bitext] | None = None
        self._vectors_start = -1  # the database's vector generation when the current writer started

    def close(self) -> None:
        try:
            self.index.close()
        finally:
            self.lock.release()
            self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------

    def _writing(self, fn: Callable[[], T]) -> T:
        """Run one write under the writer lock: first bring the index up to date with what an
        interrupted writer left in the database, then write, then commit and release the index
        writer so that the next writer (another process) can proceed."""
        self.lock.acquire(self.lock_wait)
        self._bitext_cache = None  # the term candidates of what is about to change
        try:
            if self.lock._depth == 1:
                self._sync_pending()
                from hexaglot.store.vectors import generation

                with self.store.snapshot() as c:
                    self._vectors_start = generation(c)  # what the vector index must be at to update in place
                self.store.vector_docs.clear()
            out = fn()
            if self.lock._depth == 1:
                # a write that queued documents without indexing them (catalogue records, realigned
                # beads) indexes them now: what the index already holds is cleared by its commit first
                self.index.commit()
                if self.store.pending_index()[1]:
                    self._sync_pending()
                self._refresh_vectors()
            return out
        except KeyboardInterrupt:
            self.index.abandon()  # no commit on Ctrl-C: the backlog holds what the index missed
            raise
        finally:
            try:
                if self.lock._depth == 1:
                    self.index.close()  # commits, clears the backlog, frees tantivy's writer lock
            finally:
                self.lock.release()

    def _sync_pending(self) -> list[str]:
        from hexaglot.store.check import sync_documents

        upto, pending = self.store.pending_index()
        if pending:
            sync_documents(self.store, self.index, pending)
            self.index.commit()
        self.store.clear_pending_index(upto)
        return pending

    def _refresh_vectors(self, force: bool = False) -> bool:
        """Bring the vector index up to date when it is stale (or rebuild it whole when ``force``);
        True when it changed. When it was current as this writer started, only the documents
        written since are updated (:meth:`VectorIndex.update`); otherwise (a writer was interrupted,
        the index is missing) it is rebuilt whole. An archive without vectors and without a vector
        index has nothing to rebuild."""
        with self.store.snapshot() as c:
            if not force and self.vectors.fresh(c):
                return False
            exists = self.vectors.exists()
            if not exists and c.execute("SELECT 1 FROM vectors LIMIT 1").fetchone() is None:
                return False
            if not force and exists and self.vectors.meta.generation == self._vectors_start:
                self.vectors.update(c, sorted(self.store.vector_docs))
            else:
                self.vectors.build(c)
        return True

    def embed(self, *, langs: str | Sequence[str] | None = None, progress: Progress | None = None) -> EmbedReport:
        """Sentence vectors for every sentence that has none (in ``langs``: all when empty), one
        document per transaction, then the vector index; resumable (see :mod:`hexaglot.semantic.embed`)."""
        from hexaglot.semantic.embed import embed_archive

        wanted = self.check_langs(langs=langs if isinstance(langs, str) else ",".join(langs)) if langs else None
        return self._writing(lambda: embed_archive(self.store, wanted, progress))

    def _ingester(self, workers: int | None, embeddings: bool, progress: Progress | None) -> Ingester:
        from hexaglot.ingest.runner import Ingester

        return Ingester(self.store, self.index, workers=workers, embeddings=embeddings, progress=progress)

    def ingest(self, paths: Iterable[str | Path], *, manifest: str | Path | None = None,
               workers: int | None = None, embeddings: bool = True, progress: Progress | None = None,
               exclude: Sequence[str] = (), replace: bool = False) -> IngestReport:
        """Ingest every file under ``paths``; returns an :class:`~hexaglot.ingest.IngestReport`.

        Files of one folder named ``x.fr.pdf``, ``x.en.pdf`` make one document; files that give the
        same UN symbol make one document wherever they are; a ``manifest`` (``doc_id<TAB>lang<TAB>path``
        a line) groups any other layout. ``exclude``: globs of files to leave out
        (:func:`hexaglot.ingest.walk.excluded`). A file that claims a version the archive holds from
        another file is a duplicate or a conflict of it, not stored; with ``replace`` (an upload: the
        user sends this version on purpose) it replaces the stored version, with a warning."""
        ingester = self._ingester(workers, embeddings, progress)
        ingester.replace_stored = replace
        return self._writing(lambda: ingester.ingest_paths(list(paths), manifest, exclude))

    def ingest_pairs(self, files: Mapping[str, str | Path], *, doc_id: str | None = None,
                     aligned: bool = False, embeddings: bool = True, workers: int | None = 1,
                     progress: Progress | None = None) -> IngestReport:
        """Pre-segmented parallel text, one sentence a line: ``{"de": "a.txt", "fr": "b.txt"}``."""
        from hexaglot.ingest.parallel import from_files

        doc = from_files(files, doc_id, aligned=aligned)
        ingester = self._ingester(workers, embeddings, progress)
        return self._writing(lambda: ingester.ingest_parallel([doc]))

    def ingest_parallel(self, docs: Iterable[ParallelDoc], *, embeddings: bool = True, workers: int | None = 1,
                        progress: Progress | None = None) -> IngestReport:
        """Several :class:`~hexaglot.ingest.ParallelDoc` (e.g. :func:`~hexaglot.ingest.unpc_documents`)."""
        ingester = self._ingester(workers, embeddings, progress)
        return self._writing(lambda: ingester.ingest_parallel(docs))

    def ingest_catalogue(self, path: str | Path) -> int:
        from hexaglot.ingest.catalogue import ingest_catalogue

        return self._writing(lambda: ingest_catalogue(self.store, self.index, path))

    def ingest_parquet(self, output: str | Path, *, progress: Progress | None = None) -> IngestReport:
        """Load the Parquet OUTPUT of ``hexaglot batch`` (see :mod:`hexaglot.batch`)."""
        from hexaglot.batch.load import ingest_parquet

        return self._writing(lambda: ingest_parquet(self, output, progress=progress))

    def reindex(self) -> int:
        """Rebuild the search index and the vector index from the database; returns the sentences
        indexed. Bead scores stored before calibration become calibrated probabilities first
        (:meth:`recalibrate`)."""
        return self._writing(lambda: (self._recalibrate(), self._reindex(), self._refresh_vectors(force=True))[1])

    def recalibrate(self) -> Recalibration:
        """Turn raw bead scores stored by an older Hexaglot into calibrated probabilities (no
        re-alignment); see :mod:`hexaglot.store.rescore`. Nothing to do on a current archive."""
        return self._writing(self._recalibrate)

    def _recalibrate(self) -> Recalibration:
        from hexaglot.store.rescore import recalibrate

        return recalibrate(self.store)

    def _reindex(self) -> int:
        from hexaglot.store.read import index_rows

        upto, _ = self.store.pending_index()
        self.index.clear()
        n = 0
        with self.store.snapshot() as c:
            batch: list[dict[str, Any]] = []
            for row in index_rows(c):
                batch.append(row)
                if len(batch) >= 10000:
                    n += self.index.replace_documents([], batch)
                    batch = []
            n += self.index.replace_documents([], batch)
        self.index.commit()
        self.store.clear_pending_index(upto)
        return n

    def learn_lexicon(self, pairs: Sequence[str] | None = None, *, threshold: float | None = None) -> LexiconReport:
        """Learn the archive-wide translation table from the confident beads of every document
        (``pairs``: ``["en-fr"]``, either order; all by default), updating what was learnt before;
        see :mod:`hexaglot.store.lexicon`. Ingest and :meth:`realign` then align with it."""
        from hexaglot.store.lexicon import THRESHOLD, learn

        return self._writing(lambda: learn(self.store, pairs, THRESHOLD if threshold is None else threshold))

    def realign(self, *, pair: str | None = None, doc: str | None = None,
                progress: Progress | None = None) -> RealignReport:
        """Align the stored documents again with the archive's lexicon (learnt first where there is
        none); sentences stay, each document's beads are replaced in one transaction. See
        :mod:`hexaglot.ingest.realign`."""
        from hexaglot.ingest.realign import realign

        return self._writing(lambda: realign(self.store, self.index, pair=pair, doc=doc, progress=progress))

    # -- administration -------------------------------------------------------------------------

    def check(self, *, repair: bool = False, index: bool = True) -> CheckReport:
        """Check the archive (see :mod:`hexaglot.store.check`); ``repair=True`` re-indexes every
        document whose index entries differ from the database. The index is compared under the
        writer lock; while another process is ingesting, only the database is checked."""
        import time

        from hexaglot.errors import ArchiveError
        from hexaglot.store.check import CheckReport, check_database, timed

        t0 = time.perf_counter()
        report = CheckReport()
        try:
            with self.store.snapshot() as c:
                check_database(c, report)
        except Exception as exc:  # sqlite3.DatabaseError on a damaged file: that is the finding
            report.error(f"the database cannot be read: {exc}")
            return timed(report, t0)
        if not index:
            report.index_checked = False
            return timed(report, t0)
        try:
            self.lock.acquire(self.lock_wait)
        except ArchiveError as exc:
            report.index_checked = False
            report.pending(f"search index not compared: {exc}")
            return timed(report, t0)
        try:
            self._check_index(report, repair)
            self._check_vectors(report, repair)
        finally:
            self.lock.release()
        return timed(report, t0)

    def _check_vectors(self, report: CheckReport, repair: bool) -> None:
        from hexaglot.semantic.check import check_vectors
        from hexaglot.store.check import CheckReport

        found = CheckReport()
        with self.store.snapshot() as c:
            check_vectors(c, self.vectors, found)
        if repair and report.ok and found.issues and self._refresh_vectors(force=True):
            report.repaired = sorted({*report.repaired, "vector index"})
            found = CheckReport()  # the rebuilt index, checked once more
            with self.store.snapshot() as c:
                check_vectors(c, self.vectors, found)
        report.issues.extend(found.issues)
        report.counts.update(found.counts)

    def _check_index(self, report: CheckReport, repair: bool) -> None:
        from hexaglot.store.check import (
            CheckReport,
            compare_index,
            database_sentences,
            index_sentences,
            sync_documents,
        )

        repair = repair and report.ok  # never "repair" the index from a damaged database
        if repair:
            report.repaired = self._sync_pending()
        _, pending = self.store.pending_index()
        report.counts["index_pending"] = len(pending)  # documents, and after the repair
        with self.store.snapshot() as c:
            db = database_sentences(c)
        if repair:
            wrong = compare_index(db, index_sentences(self.index), set(pending), CheckReport())
            if wrong:
                sync_documents(self.store, self.index, sorted(wrong))
                self.index.commit()
                report.repaired = sorted({*report.repaired, *wrong})
            self.index.close()
        compare_index(db, index_sentences(self.index), set(pending), report)

    def backup(self, dest: str | Path) -> CheckReport:
        """A consistent copy of the archive in ``dest`` (a new folder), taken while readers and a
        writer may be running: SQLite's online backup copies one committed state of the database,
        the index is rebuilt from that copy, and the copy is checked. Returns the copy's check."""
        from hexaglot.store.backup import backup

        def verify(copy: Path) -> CheckReport:
            with Archive(copy) as copied:
                copied.reindex()
                return copied.check()

        return backup(self.store, self.path, Path(dest), verify)

    # -- reading --------------------------------------------------------------------------------

    def languages(self) -> list[str]:
        """The languages the archive holds versions in (one statement: usable inside a snapshot)."""
        rows = self.store.conn.execute("SELECT DISTINCT lang FROM versions").fetchall()
        return sorted(lang for (lang,) in rows)

    def check_langs(self, **codes: str) -> list[str]:
        """The language codes given (``src="EN", tgt="fr"``; ``langs="fr,en"``), lower-cased, in
        order. :class:`InputError` naming the option for a malformed or unknown code, a language
        given twice, or one the archive holds no version in. Every front end checks through here."""
        from hexaglot.langs.codes import check_langs

        return check_langs(codes, self.languages())

    def search(self, query: str, *, lang: str | None = None, limit: int = 20, documents: bool = False,
               facets: bool = True, mode: str = "words", beside: str | None = "en",
               min_similarity: float | None = None, **filters: object) -> SearchResult:
        """Sentences (or documents) matching ``query``; filters: organ, session, year, doc_type,
        agenda, country, symbol (a document's symbol or id, or a glob such as ``"A/58/*"``; one that
        names no document is a :class:`~hexaglot.errors.NotFoundError`), kind (``"footnote"``,
        ``"prose,title"``; every kind by default). Each hit says its kind; the ``kind`` facet counts them.

        ``mode``: ``words`` (full text), ``meaning`` (nearest sentence vectors, in any language the
        query is written in) or ``both`` (the two rankings fused); see :mod:`hexaglot.semantic.search`.
        ``lang``: the languages of the hits (``"fr"``, ``"fr,en"``). In the meaning and both modes
        each hit in another language carries its aligned sentence in ``beside`` (English). The
        meaning mode keeps the hits whose cosine with the query reaches ``min_similarity`` (default
        0.40 for a few words, 0.50 for a sentence: :func:`hexaglot.semantic.search.floor_for`), so a
        query on a subject the archive lacks gets no hit rather than unrelated ones; the both mode
        keeps every full-text match and, of the sentences only close in meaning, those above the floor."""
        from hexaglot.semantic.search import check_mode
        from hexaglot.semantic.search import search as semantic_search

        mode = check_mode(mode)
        langs = self.check_langs(lang=lang) if lang else []
        if beside and (beside != "en" or "en" in self.languages()):
            [beside] = self.check_langs(beside=beside)
        else:
            beside = None  # the default, English, where the archive holds none
        if mode != "meaning":
            self._heal_index()
        res = semantic_search(self._parts(), query, mode=mode, langs=langs, filters=self.check_filters(filters),
                              limit=limit, documents=documents, facets=facets, beside=beside,
                              min_similarity=min_similarity)
        if not res.hits:  # a document's symbol is rarely in its own sentences: say where it is
            from hexaglot.store.read import resolve

            if mode != "meaning":
                self._check_index_built()
                # the document filters removed every hit: how many the same search finds without them
                if any(v is not None for k, v in filters.items() if k != "kind"):
                    res.unfiltered = self.search(query, lang=lang, limit=1, facets=False, mode=mode, beside=None,
                                                 min_similarity=min_similarity, kind=filters.get("kind")).total

            with self.store.snapshot() as c:
                doc_id = resolve(c, query.strip().strip('"'))
                if doc_id:
                    row = c.execute("SELECT symbol FROM documents WHERE id = ?", (doc_id,)).fetchone()
                    res.document = row[0] or doc_id
                else:  # a symbol only cited (A/RES/79/307 in a report's references): who cites it
                    from hexaglot.store.read import citing

                    res.cited_by = citing(c, query.strip().strip('"'))
        return res

    def _heal_index(self) -> None:
        """Rebuild, there and then, a search index emptied for a new layout when the archive is small
        (up to :data:`AUTO_REBUILD_SENTENCES`) and no other process writes: the first search after an
        upgrade finds what it found before, instead of asking for ``hexaglot reindex``."""
        if not self.index.emptied_for_layout:
            return
        _, pending = self.store.pending_index()
        if not pending or self.store.count_sentences(pending) > AUTO_REBUILD_SENTENCES:
            return
        from hexaglot.errors import HexaglotError

        try:
            self._writing(lambda: None)  # a write first indexes the backlog (_sync_pending)
        except (HexaglotError, OSError):  # another writer, or a folder this process cannot write: say so later
            return

    def _check_index_built(self) -> None:
        """An :class:`ArchiveError` when the search index is empty while documents wait for it: an
        index of an older layout, emptied on opening (:class:`~hexaglot.search.index.SearchIndex`)."""
        if not self.index.emptied_for_layout:  # an index short of documents after a crash: check --repair
            return
        _, pending = self.store.pending_index()
        if pending:
            raise ArchiveError(f"the search index is empty and {len(pending)} document(s) wait for it (an index "
                               "made by an older Hexaglot is rebuilt for the new one): run `hexaglot reindex`")

    def _parts(self) -> Parts:
        from hexaglot.semantic.search import Parts

        return Parts(self.store, self.index, self.vectors)

    def related(self, symbol_or_id: str, *, limit: int = 10, min_similarity: float | None = None) -> list[Related]:
        """The documents closest in meaning to one document (mean sentence vectors, cosine), those at
        ``min_similarity`` or above (default 0.35: :data:`hexaglot.semantic.search.FLOOR_RELATED`;
        0 lists the nearest whatever they share), so a document on a subject no other shares has none."""
        from hexaglot.semantic.search import related
        from hexaglot.store.read import require

        with self.store.snapshot() as c:
            doc_id = require(c, symbol_or_id)
        return related(self._parts(), doc_id, limit, min_similarity)

    def concordance(self, query: str, *, src: str, tgt: str, limit: int = 20, sort: str = "relevance",
                    min_score: float = 0.0, marks: bool = True, **filters: object) -> list[ConcordanceLine]:
        """KWIC lines with their aligned translations; the filters of :meth:`search`, where ``kind``
        defaults to prose (``kind="prose,footnotes"`` or ``"all"`` adds the others). ``marks``: each
        line's ``tgt_marks`` are the target words aligned to the match (:meth:`word_aligner`), and
        ``marks_by`` says whether a trained model or the dictionaries alone found them."""
        from hexaglot.search.concordance import concordance

        src, tgt = self.check_langs(src=src, tgt=tgt)
        check_score(min_score)
        self._heal_index()
        lines = concordance(self.index, self.store, query, src, tgt, filters=self.check_filters(filters), limit=limit,
                            sort=sort, min_score=min_score)
        if not lines:
            self._check_index_built()
        if marks:
            self.mark_concordance(lines)
        return lines

    def concordance_empty(self, query: str, *, src: str, tgt: str, min_score: float = 0.0, **filters: object) -> str:
        """Why :meth:`concordance` gave no line ("3 fr sentences match, but none is aligned with ru:
        their documents have no ru version")."""
        from hexaglot.search.concordance import why_none

        src, tgt = self.check_langs(src=src, tgt=tgt)
        return why_none(self.index, self.store, query, src, tgt, filters=self.check_filters(filters),
                        min_score=min_score)

    def mark_concordance(self, lines: Sequence[ConcordanceLine]) -> None:
        """Set ``tgt_marks`` and ``marks_by`` of concordance lines made with ``marks=False`` (a front
        end that shows one page of many marks only that page)."""
        from hexaglot.wordalign.marks import mark_lines

        if lines:
            mark_lines(lines, self.word_aligner(lines[0].src_lang, lines[0].tgt_lang))

    def document(self, symbol_or_id: str, langs: Sequence[str] | None = None) -> DocumentView:
        from hexaglot.store.read import document_view, require

        if langs:
            langs = self.check_langs(langs=",".join(langs))
        with self.store.snapshot() as c:
            return document_view(c, require(c, symbol_or_id), langs)

    def aligned(self, symbol_or_id: str, src: str, tgt: str, *, units: str | Iterable[str] = "all") -> list[Pair]:
        """The aligned beads of one document in one language pair (for side-by-side reading);
        every kind unless ``units`` says otherwise (body beads first, then footnotes)."""
        from hexaglot.store.read import require

        src, tgt = self.check_langs(src=src, tgt=tgt)
        with self.store.snapshot() as c:
            doc_id = require(c, symbol_or_id)
            have = {lang for (lang,) in c.execute("SELECT lang FROM versions WHERE doc_id = ?", (doc_id,))}
        missing = [x for x in (src, tgt) if x not in have]
        if missing:
            raise InputError(symbol_or_id, f"no {', '.join(missing)} version (versions: {', '.join(sorted(have))})")
        return list(self.pairs(src, tgt, doc_ids=[doc_id], units=units))

    def documents(self, *, lang: str | None = None, page: int = 1, size: int = 20, title: str | None = None,
                  **filters: object) -> DocumentList:
        """One page of the documents matching the filters (those of :meth:`search`; ``lang``: having a
        version in that language; ``title``: words the title holds, case and accents aside), newest
        first, with facet counts over all the matches."""
        from hexaglot.store.browse import list_documents

        if lang:
            [lang] = self.check_langs(lang=lang)
        flt = self.check_filters(filters, strict=False)  # a listing of an unknown symbol is empty
        with self.store.snapshot() as c:
            return list_documents(c, flt, lang, page, size, title)

    def aligned_rows(self, symbol_or_id: str, langs: Sequence[str]) -> tuple[str, list[Row]]:
        """``(doc id, rows)``: the document's aligned units in two or three languages, the first the
        pivot (the side-by-side reader). A missing version is an :class:`InputError` that names the
        versions the document has."""
        from hexaglot.store.browse import aligned_rows

        langs = self.check_langs(langs=",".join(langs))
        with self.store.snapshot() as c:
            return aligned_rows(c, symbol_or_id, list(langs))

    def alignment_notes(self, symbol_or_id: str, langs: Sequence[str]) -> list[str]:
        """What the aligner doubted about the document's alignments between any two of ``langs``
        (``xx-yy: message``; empty for alignments written before archive schema v8)."""
        from hexaglot.store.browse import alignment_notes
        from hexaglot.store.read import require

        with self.store.snapshot() as c:
            return alignment_notes(c, require(c, symbol_or_id), list(langs))

    def statistics(self) -> ArchiveStats:
        """Documents, versions and sentences per language, alignments per pair, and the index."""
        from hexaglot.store.browse import archive_stats

        with self.store.snapshot() as c:
            st = archive_stats(c)
        _, pending = self.store.pending_index()
        st.index = {"entries": int(self.index.searcher().num_docs), "pending_documents": len(pending)}
        return st

    def refs(self, symbol: str) -> Refs:
        from hexaglot.store.read import refs

        with self.store.snapshot() as c:
            return refs(c, symbol)

    def pairs(self, src: str, tgt: str, *, min_score: float = 0.0, units: str | Iterable[str] | None = None,
              **filters: object) -> Iterator[Pair]:
        """Every aligned pair between two languages, streamed from one snapshot; the languages,
        units and filters are checked when this is called, before the first pair is read.
        ``units``: the kinds of text wanted, ``"prose"`` (the default), ``"footnotes"``, ``"cells"``,
        ``"titles"``, a comma-separated list or ``"all"`` (see :mod:`hexaglot.units`); each pair has
        its ``kind``."""
        from hexaglot.units import parse_kinds

        src, tgt = self.check_langs(src=src, tgt=tgt)
        check_score(min_score)
        return self._pairs(src, tgt, min_score, self.check_filters(filters), parse_kinds(units))

    def _pairs(self, src: str, tgt: str, min_score: float, filters: Filters, kinds: frozenset[str]
               ) -> Iterator[Pair]:
        from hexaglot.store.read import iter_pairs

        with self.store.snapshot() as c:
            yield from iter_pairs(c, src, tgt, filters, min_score, kinds=kinds)

    def export(self, out: str | Path, *, src: str, tgt: str, format: str = "tmx", min_score: float = 0.0,
               units: str | Iterable[str] | None = None, locales: str | Mapping[str, str] | None = None,
               region_tags: bool = False, clean: bool = False, clean_report: CleanReport | None = None,
               kinds_written: dict[str, int] | None = None, **filters: object) -> int:
        """Write the pairs in ``format`` (tmx, xliff, moses, jsonl, xml); returns the pairs written.

        ``units`` as in :meth:`pairs` (default prose). TMX, XLIFF, JSONL and XML record each pair's kind;
        Moses writes ``OUT.<lang>`` for one kind, and one file pair ``OUT.<kind>.<lang>`` per kind
        when several are asked for, never mixing them. TMX and XLIFF only: ``region_tags`` writes locale tags
        (fr-FR, en-GB, ...) instead of language codes, and ``locales`` (``{"fr": "fr-CA"}`` or
        ``"fr=fr-CA,en=en-US"``) chooses them per language. ``clean``: drop the units that help no
        translator and strip paragraph numbers (:mod:`hexaglot.export.clean`; two passes over the pairs,
        the kept unit of duplicates carries their count in TMX and XLIFF); ``clean_report`` is filled with what
        was kept and dropped, per reason; ``kinds_written`` (Moses) with the lines written per kind asked
        for (0: no file pair for that kind)."""
        from hexaglot.export import get_exporter
        from hexaglot.units import ordered, parse_kinds

        exporter = get_exporter(format, locales=locales, region_tags=region_tags)
        src, tgt = self.check_langs(src=src, tgt=tgt)
        out = Path(out)
        exporter.check_out(out)
        kinds = parse_kinds(units)
        exporter.kinds = tuple(ordered(kinds))
        pairs = self.pairs(src, tgt, min_score=min_score, units=kinds, **filters)
        if clean:
            from hexaglot.export.clean import Cleaner

            cleaner = Cleaner(src, tgt)
            cleaner.count(pairs)
            if clean_report is not None:
                cleaner.report = clean_report
            pairs = cleaner.clean(self.pairs(src, tgt, min_score=min_score, units=kinds, **filters))
            if hasattr(exporter, "props"):
                exporter.props = cleaner.props
        try:
            n = exporter.write(pairs, out, src, tgt)
        except OSError as exc:  # a full disk, no permission: the file and the problem, in one line
            raise InputError(str(exc.filename or out), exc.strerror or str(exc)) from None
        if kinds_written is not None:
            kinds_written.update(getattr(exporter, "written", {}))
        return n

    def stats(self) -> dict[str, int]:
        return self.store.counts()

    def check_filters(self, filters: Mapping[str, object], *, strict: bool = True) -> Filters:
        """The :class:`Filters` record of keyword filters (:func:`make_filters`: unknown names and bad
        values are refused), an exact symbol made the document it names (its id or a usual spelling
        works too: :func:`hexaglot.store.read.resolve_symbol`); one that names no document is a
        :class:`~hexaglot.errors.NotFoundError` when ``strict``. Front ends call it before a
        streamed answer starts."""
        from hexaglot.store.read import resolve_symbol

        f = make_filters(filters)
        if not f.exact_symbol:  # no database read for the common case
            return f
        with self.store.snapshot() as c:
            return resolve_symbol(c, f, strict)


def check_score(min_score: float) -> None:
    """A lowest score is a probability: refused outside [0, 1] (it would keep everything or nothing)."""
    if not 0.0 <= min_score <= 1.0:
        raise ConfigError(f"the lowest score {min_score:g} is not between 0 and 1 (a score is the probability "
                          "that a pair is exactly right)")


def _synced_index(path: Path, store: Any) -> Any:
    """The search index, whose commit also clears the database's backlog of documents to index."""
    from hexaglot.search.index import SearchIndex

    class SyncedIndex(SearchIndex):
        # The backlog's high-water mark when rows were last handed to the writer: every document
        # at or below it was written to the database before its rows were read, so the next
        # commit holds it. A document written after (its rows never handed over: Ctrl-C or a kill
        # between the database and the index) stays in the backlog for the next writer.
        indexed_upto = 0

        def replace_documents(self, doc_ids: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
            mark = store.pending_high_water()
            n = super().replace_documents(doc_ids, rows)
            self.indexed_upto = mark  # only once every row is with the writer
            return n

        def commit(self) -> None:
            upto, self.indexed_upto = self.indexed_upto, 0
            super().commit()
            store.clear_pending_index(upto)

        def abandon(self) -> None:
            self.indexed_upto = 0  # what was handed over is not in the index: it stays in the backlog
            super().abandon()

    return SyncedIndex(path, on_new_layout=store.queue_all_for_index)


def make_filters(f: Mapping[str, object]) -> Filters:
    """The :class:`Filters` record from keyword filters (organ, session, year, ...); ``None`` values are
    dropped, unknown names raise :class:`InputError`. The CLI, HTTP and web layers build filters here."""
    from hexaglot.store.read import Filters

    known = set(Filters.__dataclass_fields__)
    unknown = set(f) - known
    if unknown:
        raise InputError("filters", f"unknown filter(s) {', '.join(sorted(unknown))}")
    given = {k: v for k, v in f.items() if v is not None}
    # the stored spellings: organs upper-case ("ga" is GA), types with underscores ("draft resolution")
    if isinstance(given.get("organ"), str):
        given["organ"] = given["organ"].strip().upper()
    if isinstance(given.get("doc_type"), str):
        given["doc_type"] = "_".join(given["doc_type"].strip().lower().split())
    return Filters(**given)  # type: ignore[arg-type]


def build_demo(path: str | Path = DEFAULT_ARCHIVE, corpus: str | Path | None = None, *,
               embeddings: bool = True, progress: Progress | None = None) -> Archive:
    """The demo archive: every file under ``corpus`` (``../shared/corpus`` by default) or, when that
    folder is absent, the sample bundled in :mod:`hexaglot.demo` (seed letter, resolutions, UDHR)."""
    import os

    from hexaglot.demo import demo_files

    folder = Path(corpus or os.environ.get("HEXAGLOT_CORPUS", "../shared/corpus"))
    archive = Archive(path, create=True)
    sources: list[Path] = [folder] if folder.is_dir() else demo_files()
    archive.ingest(sources, embeddings=embeddings, progress=progress)
    return archive


def open(path: str | Path = DEFAULT_ARCHIVE, *, create: bool = False, lock_wait: float = 0.0) -> Archive:
    """Open the archive at ``path``; raises :class:`~hexaglot.errors.NoArchiveError` when there is
    none, unless ``create=True``. ``lock_wait``: seconds a write waits for another writer before it
    is refused."""
    return Archive(path, create=create, lock_wait=lock_wait)


def create(path: str | Path = DEFAULT_ARCHIVE, *, lock_wait: float = 0.0) -> Archive:
    """Open the archive at ``path``, creating an empty one when there is none."""
    return Archive(path, create=True, lock_wait=lock_wait)
