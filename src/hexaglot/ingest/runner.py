"""The ingest loop: plan → skip unchanged files → process in a pool → group → align → write.

Workers (a process pool sized to the cores) read, clean, parse, segment and align; the calling
process is the one writer: it writes each document in one SQLite transaction and then replaces the
document's sentences in the search index. Content hashes make it incremental: an unchanged file
does no work, a changed one replaces its earlier version.

Ctrl-C: workers ignore SIGINT; the calling process gets the ``KeyboardInterrupt``, terminates the
workers at once (:func:`executor`) and unwinds: every document already written is whole (one
transaction each), the index writer is dropped uncommitted (the documents it missed wait in the
database's backlog for the next writer), the writer lock released; a re-run resumes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hexaglot.errors import HexaglotError, InputError, check_text
from hexaglot.ingest.parallel import ParallelDoc, unpc_documents
from hexaglot.ingest.walk import FileItem, Plan, plan, sha256_file
from hexaglot.ingest.work import (
    Extra,
    Prepared,
    against_stored,
    align_versions,
    document_facets,
    document_of,
    group_documents,
    pick_versions,
    prepare_file,
    sentence_vectors,
    split_extras,
)
from hexaglot.search.index import SearchIndex
from hexaglot.store.db import Store
from hexaglot.store.read import index_rows
from hexaglot.store.records import AlignmentData, DocumentData, SentenceData

if TYPE_CHECKING:
    from hexaglot.store.lexicon import LexiconRef

T = TypeVar("T")


@dataclass
class IngestReport:
    """What one ingest did. Every file seen is counted once as new (or changed), unchanged,
    duplicate, conflict or failed: ``files_seen`` is their sum; ``files_processed`` counts the files
    read this time (all but the unchanged). A file that failed before is read again (and fails
    again, with its error, until it is mended); a file with the bytes of one stored already under
    another name is a duplicate, named in ``duplicates``. Files found in a folder that are not
    documents (LICENSE, README, an unknown type) are ``files_skipped``, outside ``files_seen``; a
    file named itself is always read. A pre-segmented set is counted per document and language.

    ``duplicates`` and ``conflicts`` name the files not stored as a version because another file
    holds their (document, language): a duplicate has the same bytes, or the same text in another
    format (:func:`hexaglot.ingest.work.split_extras`); a conflict has other text (in the same format
    or another), and makes the ingest end with exit code 2, as errors do.
    ``warnings`` are what the aligner doubts about a stored pair (both texts in one language, texts
    that do not look like translations), each naming the document: they are written all the same."""

    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    files_duplicate: int = 0
    files_conflict: int = 0
    files_failed: int = 0
    files_skipped: int = 0
    files_processed: int = 0
    documents_written: int = 0
    sentences_written: int = 0
    alignments_written: int = 0
    catalogue_records: int = 0
    errors: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents_written / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences_written / self.seconds if self.seconds else 0.0

    def add(self, other: IngestReport) -> None:
        for name in ("files_seen", "files_new", "files_unchanged", "files_duplicate", "files_conflict",
                     "files_failed", "files_skipped", "files_processed", "documents_written",
                     "sentences_written", "alignments_written", "catalogue_records"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.conflicts.extend(other.conflicts)
        self.duplicates.extend(other.duplicates)
        self.warnings.extend(other.warnings)
        self.seconds += other.seconds


class _Inline(Executor):
    """An executor that runs in the calling process (``workers=1``: tests, small inputs)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


def init_worker() -> None:
    """Initialiser of the pool's processes: SIGINT is the parent's to handle (a Ctrl-C in the
    terminal reaches the whole process group), and the memory cap (:func:`hexaglot.limits.init_worker`)."""
    import signal

    from hexaglot.limits import init_worker as cap_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cap_memory()


def _ready() -> None:
    """A no-op task: submitting one per worker starts every process at once."""


@contextmanager
def executor(workers: int | None) -> Iterator[Executor]:
    """A process pool of ``workers`` (default: the cores), or the calling process for one.

    The processes are started with SIGINT ignored (inherited through exec, so even a worker still
    importing never prints a ``KeyboardInterrupt`` traceback). When the body raises (Ctrl-C in the
    parent), the workers are terminated instead of waited for."""
    n = workers or os.cpu_count() or 1
    if n <= 1:
        yield _Inline()
        return
    import multiprocessing as mp
    import signal
    import threading

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        pool = ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("spawn"), initializer=init_worker)
        started = [pool.submit(_ready) for _ in range(n)]
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    try:
        yield pool
    except BaseException:
        terminate(pool)
        raise
    else:
        pool.shutdown(wait=True)
    del started


def terminate(pool: ProcessPoolExecutor, grace: float = 1.0) -> None:
    """Stop a pool now: cancel what is queued, terminate the processes (SIGTERM, then SIGKILL after
    ``grace`` seconds). The results of work in flight are lost; nothing was written from them."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # CPython's pool keeps them here
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(grace)
        if p.is_alive():
            p.kill()
            p.join(grace)
    pool.shutdown(wait=False, cancel_futures=True)


class Progress:
    """Progress reporting; the default does nothing (the CLI passes a rich one)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


def write_document(store: Store, index: SearchIndex, d: DocumentData, report: IngestReport) -> None:
    """Write one document in one transaction, then replace its index entries (and those of the
    documents it took versions from); the index commits every few seconds."""
    touched = [d.id, *store.elsewhere(d)]
    report.sentences_written += store.write_document(d)
    report.documents_written += 1
    report.alignments_written += len(d.alignments)
    with store.snapshot() as c:
        index.replace_documents(touched, list(index_rows(c, touched)))
    index.maybe_commit()


def _count_extra(report: IngestReport, extra: Extra, doc_id: str) -> None:
    """A file not stored because another holds its version: counted and named as a conflict or a duplicate."""
    if extra.conflict:
        report.files_conflict += 1
        report.conflicts.append(extra.message(doc_id))
    else:
        report.files_duplicate += 1
        report.duplicates.append(extra.message(doc_id))


class Ingester:
    def __init__(self, store: Store, index: SearchIndex, *, workers: int | None = None,
                 embeddings: bool = True, progress: Progress | None = None) -> None:
        self.store, self.index, self.workers, self.embeddings = store, index, workers, embeddings
        self.progress = progress or Progress()
        from hexaglot.store.lexicon import ref

        self.lexicon = ref(store)  # the archive's lexicon, when it has one
        self.keep_vectors = True  # with embeddings, store the sentence vectors the aligner computed
        # a file for a version stored from another file replaces it (an upload), instead of being that
        # version's duplicate or conflict (:meth:`_against_stored`)
        self.replace_stored = False

    # -- writing --------------------------------------------------------------------------------

    def _write(self, d: DocumentData, report: IngestReport) -> None:
        write_document(self.store, self.index, d, report)

    # -- files ----------------------------------------------------------------------------------

    def ingest_paths(self, paths: Iterable[str | Path], manifest: str | Path | None = None,
                     exclude: Sequence[str] = ()) -> IngestReport:
        t0 = time.perf_counter()
        p = plan(paths, manifest, exclude)
        _ = self.index.writer  # take the index lock before writing anything
        report = IngestReport(files_skipped=len(p.skipped))
        for path, reason in p.refused:  # named, but not a document: an error naming it
            report.files_seen += 1
            report.files_failed += 1
            report.errors.append(f"{path}: {reason}")
        with executor(self.workers) as pool:
            self._documents(p, pool, report)
            docs = [self._from_presegmented(k, v) for k, v in p.presegmented.items()]
            for folder in p.unpc:
                docs.extend(unpc_documents(folder))
            report.add(self.ingest_parallel(docs, pool=pool))
        for cat in p.catalogues:
            from hexaglot.ingest.catalogue import ingest_catalogue

            report.files_seen += 1
            sha = sha256_file(cat)
            known = self.store.file_status(str(cat))
            if known and known[0] == sha:
                report.files_unchanged += 1
                continue
            report.files_processed += 1
            try:  # no MARC21 records: this file's error (nothing written), read again next time
                report.catalogue_records += ingest_catalogue(self.store, self.index, cat)
            except InputError as exc:
                report.files_failed += 1
                report.errors.append(str(exc))
                continue
            report.files_new += 1
            self.store.record_file(str(cat), sha, None, None, "catalogue")
        self.index.commit()
        report.seconds = time.perf_counter() - t0
        return report

    def _names(self, items: Sequence[FileItem]) -> dict[str, str]:
        """The name (document id without a symbol) of each file-name group, kept stable across
        runs: a group whose files are stored already keeps the document they went to; a new one
        takes the plan's name unless a document of that name holds files of another folder, and
        then as many folder names as make it free (``b/note``)."""
        groups: dict[str, list[FileItem]] = {}
        for i in items:
            if not i.group.startswith("manifest:"):
                groups.setdefault(i.group, []).append(i)
        out: dict[str, str] = {}
        for group, members in groups.items():
            stored = self.store.named_document_of([str(m.path) for m in members])
            if stored:
                out[group] = stored
                continue
            folder, name = members[0].path.parent, members[0].name
            stem, k = name.rpartition("/")[2], name.count("/")  # k folder names in the name already
            while k < len(folder.parts) and any(Path(x).parent != folder for x in self.store.version_files(name).values()):
                k += 1
                name = "/".join([*folder.parts[-k:], stem])
            out[group] = name
        return out

    @staticmethod
    def _from_presegmented(key: str, files: dict[str, Path]) -> ParallelDoc:
        from hexaglot.ingest.parallel import from_files

        return from_files(files, doc_id=key)

    def _documents(self, p: Plan, pool: Executor, report: IngestReport, batch: int = 128) -> None:
        """Files in batches (memory stays flat): the pool reads batch k+1 while batch k is written.

        A batch never splits a group of file names; versions of one document that arrive in
        different batches (or runs) meet through the document id, as stored versions are re-read.
        """
        names = self._names(p.documents)
        todo = []
        for item in sorted(p.documents, key=lambda i: i.group):
            report.files_seen += 1
            sha = sha256_file(item.path)
            known = self.store.file_status(str(item.path))
            if known and known[0] == sha and not self.store.file_pending(str(item.path)):
                report.files_unchanged += 1
                continue
            twin = None if known else self.store.stored_twin(sha)
            if twin is not None:  # the same bytes under another name: stored once, and said so
                path, doc, lang = twin
                report.files_duplicate += 1
                # a file sent again under its own name (an upload's folder is never shown): not "X: as X"
                same = "" if Path(path).name == item.path.name else f" as {path}"
                report.duplicates.append(f"{item.path}: the same bytes{same}, stored already as "
                                         f"{f'the {lang} version of ' if lang else ''}{doc}; not stored again")
                self.store.record_file(str(item.path), sha, doc, lang, "duplicate")
                continue
            todo.append((item, sha))
        batches: list[list[tuple[FileItem, str]]] = []
        for item, sha in todo:
            if not batches or (len(batches[-1]) >= batch and batches[-1][-1][0].group != item.group):
                batches.append([])
            batches[-1].append((item, sha))
        self.progress.start("files", len(todo))

        def submit(b: list[tuple[FileItem, str]]) -> list[Future[Prepared]]:
            return [pool.submit(prepare_within_budget, str(i.path), sha, i.lang, i.group) for i, sha in b]

        pending = submit(batches[0]) if batches else []
        for k in range(len(batches)):
            current, pending = pending, (submit(batches[k + 1]) if k + 1 < len(batches) else [])
            prepared: list[Prepared] = []
            for fut in current:
                res = fut.result()
                res.name = names.get(res.group, "")
                report.files_processed += 1
                if res.error:
                    report.files_failed += 1
                    report.errors.append(res.error)
                    self.store.record_file(res.path, res.sha256, None, None, "error", res.error)
                    self.progress.advance()
                else:
                    report.warnings.extend(res.warnings)
                    prepared.append(res)
            self._write_groups(group_documents(prepared), pool, report)
        self.progress.stop()

    def _write_groups(self, groups: dict[str, list[Prepared]], pool: Executor, report: IngestReport) -> None:
        jobs = []
        for doc_id, members in groups.items():
            keep, dupes = pick_versions(members)
            if not self.replace_stored:
                keep, dupes = self._against_stored(doc_id, keep, dupes, report)
                if not keep:
                    continue
            facets = document_facets(keep, self.store.version_metadata(doc_id))  # en first, then fr, es, ru, ar, zh
            stored = self.store.version_texts(doc_id)
            texts = {**stored, **{m.version.lang: list(m.version.sentences) for m in keep if m.version}}
            changed = [m.version.lang for m in keep if m.version]
            fut = pool.submit(align_within_budget, doc_id, texts, changed, embeddings=self.embeddings,
                              lexicon=self.lexicon, vectors=self.embeddings and self.keep_vectors)
            jobs.append((doc_id, keep, dupes, facets, fut))
        for doc_id, keep, dupes, facets, fut in jobs:
            try:
                alignments, vectors, notes = fut.result()
            except HexaglotError as exc:  # over the alignment budget: the files are reported, not written
                report.errors.append(str(exc))
                report.files_failed += len(keep) + len(dupes)
                for m in [*keep, *dupes]:
                    self.store.record_file(m.path, m.sha256, None, None, "error", str(exc))
                self.progress.advance(len(keep) + len(dupes))
                continue
            _attach_vectors([m.version for m in keep if m.version is not None], vectors)
            report.warnings.extend(notes)
            before = self.store.version_files(doc_id)
            for m in keep:  # another file for a stored version replaces it: said, never silent
                lang = m.version.lang if m.version else None
                if lang in before and before[lang] != str(m.path):
                    gone = "" if Path(before[lang]).exists() else ", which is no longer there"
                    report.warnings.append(f"{m.path}: replaces the {lang} version of {doc_id} read from "
                                           f"{before[lang]}{gone}")
            self._write(document_of(doc_id, keep, dupes, facets, alignments), report)
            report.files_new += len(keep)
            for extra in split_extras(keep, dupes):
                _count_extra(report, extra, doc_id)
            self.progress.advance(len(keep) + len(dupes))

    def _against_stored(self, doc_id: str, keep: list[Prepared], dupes: list[Prepared], report: IngestReport,
                        ) -> tuple[list[Prepared], list[Prepared]]:
        """The files of ``keep`` (and their extras) for a language the archive already holds from
        another file that is still there: a copy of the stored text, or a conflict with it, is
        reported and recorded, not stored (:func:`against_stored`); a preferred format of the same
        text, or a file for a version whose file is gone, replaces it (with a warning, at write)."""
        held: list[Prepared] = []
        for m in keep:
            lang = m.version.lang if m.version else None
            stored = self.store.stored_version(doc_id, lang) if lang else None
            if stored is None or stored.path == m.path:
                continue
            old = Prepared(stored.path, stored.sha256, "", version=stored)
            first = against_stored(m, old)
            if first is None:
                continue
            extras = [first] + [split_extras([old], [d])[0] for d in dupes if d.version and d.version.lang == lang]
            for extra in extras:
                held.append(extra.file)
                _count_extra(report, extra, doc_id)
                self.store.record_file(extra.file.path, extra.file.sha256, doc_id, None,
                                       "conflict" if extra.conflict else "duplicate")
        self.progress.advance(len(held))
        gone = {id(x) for x in held}
        return [m for m in keep if id(m) not in gone], [d for d in dupes if id(d) not in gone]

    # -- parallel text --------------------------------------------------------------------------

    def ingest_parallel(self, docs: Iterable[ParallelDoc], pool: Executor | None = None) -> IngestReport:
        """Write pre-segmented parallel documents; unchanged ones (same hashes) do no work."""
        t0 = time.perf_counter()
        _ = self.index.writer  # take the index lock before writing anything
        report = IngestReport()
        docs = list(docs)
        todo = []
        for doc in docs:
            report.files_seen += len(doc.texts)
            try:
                for lang, sentences in doc.texts.items():
                    for k, sentence in enumerate(sentences):
                        check_text(sentence, f"{doc.doc_id} ({lang}, sentence {k + 1})")
            except InputError as exc:
                report.files_failed += len(doc.texts)
                report.errors.append(str(exc))
                continue
            old = self.store.version_shas(doc.doc_id)
            changed = [x for x in doc.texts if old.get(x) != doc.shas[x]]
            twin = self._stored_as(doc, changed)
            if twin:  # the same lines, stored already under another id (a folder ingest named it)
                report.files_unchanged += len(doc.texts)
                report.warnings.append(f"{', '.join(doc.paths.values())}: stored already, unchanged, as document "
                                       f"{twin}; nothing written (give --doc-id {twin} to update it)")
                continue
            # the stored versions of languages not given this time stay, aligned with the new ones
            kept = ({x: s for x, s in self.store.version_texts(doc.doc_id).items() if x not in doc.texts}
                    if changed and set(old) - set(doc.texts) else {})
            clash = self._parallel_clash(doc, changed, kept)
            if clash:
                report.files_failed += len(doc.texts)
                report.errors.append(clash)
                continue
            report.files_unchanged += len(doc.texts) - len(changed)
            if changed:
                todo.append((doc, changed, kept))
        self.progress.start("parallel documents", len(todo))
        with (executor(self.workers) if pool is None else _given(pool)) as ex:
            futs = [ex.submit(align_within_budget, doc.doc_id, {**doc.texts, **kept}, changed,
                              embeddings=self.embeddings, aligned=doc.aligned, lexicon=self.lexicon,
                              vectors=self.embeddings and self.keep_vectors)  # pre-aligned: encoded here
                    for doc, changed, kept in todo]
            for (doc, changed, _), fut in zip(todo, futs, strict=True):
                report.files_processed += len(changed)
                report.files_new += len(changed)
                alignments, vectors, notes = fut.result()
                report.warnings.extend(notes)
                versions = doc.versions(changed)
                _attach_vectors(versions, vectors)
                d = DocumentData(id=doc.doc_id, kind="parallel", facets=doc.facets,
                                 versions=versions, alignments=alignments)
                self._write(d, report)
                self.progress.advance()
        self.progress.stop()
        self.index.commit()
        report.seconds = time.perf_counter() - t0
        return report

    def _stored_as(self, doc: ParallelDoc, changed: list[str]) -> str | None:
        """The pre-segmented document of another id that holds every changed file of ``doc`` with the
        same lines (a folder ingest stored test0.de and test0.fr as ``test/test0``), else ``None``."""
        if not changed:
            return None
        stored = [self.store.file_status(doc.paths[x]) for x in changed]
        others = {s[1] for s in stored if s is not None}
        if len(others) != 1 or None in stored:
            return None
        [other] = others
        ok = (other and other != doc.doc_id and self.store.document_kind(other) == "parallel"
              and all(s == (doc.shas[x], other) for x, s in zip(changed, stored, strict=True)))
        return other if ok else None

    def _parallel_clash(self, doc: ParallelDoc, changed: list[str], kept: dict[str, list[SentenceData]]
                        ) -> str | None:
        """Why a pre-segmented document cannot be written without losing what the archive holds, or
        ``None``: its id names a document read from files (its versions would be replaced by these
        lines), one of its files is a version of another document (it would be moved out of it), or
        line-parallel text would have to pair with a stored version of another line count (``kept``: the
        stored versions of the languages it does not give)."""
        kind = self.store.document_kind(doc.doc_id)
        if changed and kind not in (None, "parallel"):
            source = "a catalogue record" if kind == "catalogue" else "a document read from its files"
            return (f"{doc.doc_id}: this id names {source} in the archive; pre-segmented text (--pair) would "
                    "replace its versions: give another --doc-id")
        for lang in changed:
            stored = self.store.file_status(doc.paths[lang])
            if stored and stored[1] and stored[1] != doc.doc_id:
                how = (f"give --doc-id {stored[1]} to update that document"
                       if self.store.document_kind(stored[1]) == "parallel" else "it is read with its folder")
                return (f"{doc.paths[lang]}: stored already as part of document {stored[1]}; as pre-segmented "
                        f"text (--pair) it would be moved out of it ({how})")
        if changed and doc.aligned:
            rows = len(next(iter(doc.texts.values())))
            for lang in sorted(kept):
                n = len(kept[lang])
                if n != rows:
                    return (f"{doc.doc_id}: the archive holds its {lang} version of {n} lines, and line-parallel "
                            f"files (--aligned) of {rows} lines cannot pair with it: give the {lang} file too, "
                            "or leave out --aligned")
        return None


@contextmanager
def _given(pool: Executor) -> Iterator[Executor]:
    yield pool


# -- budgets (docs/reliability.md): what the pool runs, each piece of work under a time budget --------


def prepare_within_budget(path: str, sha: str, lang: str | None, group: str) -> Prepared:
    """:func:`prepare_file` under the per-document time budget; over budget is this file's error."""
    from hexaglot.limits import time_budget

    try:
        with time_budget(path):
            return prepare_file(path, sha, lang, group)
    except InputError as exc:
        return Prepared(path=path, sha256=sha, group=group, error=str(exc))
    except MemoryError:
        return Prepared(path=path, sha256=sha, group=group,
                        error=f"{path}: ran out of memory (over the per-worker memory budget); the file was skipped")


def _attach_vectors(versions: list[Any], vectors: dict[str, Any] | None) -> None:
    """Give each version the sentence vectors the aligner computed for its language (None: none kept)."""
    for v in versions:
        v.vectors = vectors.get(v.lang) if vectors is not None else None


def report_notes(doc_id: str, alignments: Iterable[AlignmentData]) -> list[str]:
    """The alignments' notes as a report's warning lines: ``document ID: xx-yy: message``."""
    return [f"document {doc_id}: {a.src_lang}-{a.tgt_lang}: {n}" for a in alignments for n in a.notes]


def align_within_budget(doc_id: str, texts: Any, changed: Any, *, embeddings: bool,
                        aligned: bool = False, lexicon: LexiconRef | None = None, vectors: bool = False) -> Any:
    """:func:`align_versions` under :data:`hexaglot.limits.ALIGN_TIME_BUDGET_S`, with the archive's
    lexicon (:mod:`hexaglot.store.lexicon`) when ``lexicon`` names one: ``(alignments, vectors, notes)``,
    where ``vectors`` (with ``vectors=True``) are the changed versions' sentence vectors
    (:func:`sentence_vectors`, from the embeddings the aligner just computed), else ``None``, and
    ``notes`` the alignment warnings (:class:`hexaglot.align.AlignWarning`: one language on both
    sides, texts that do not look like translations), each naming the document and the pair; each
    alignment also keeps those of its own pair (``AlignmentData.notes``, stored with it)."""
    from hexaglot import limits
    from hexaglot.store.lexicon import install

    install(lexicon)
    try:
        with limits.time_budget(f"document {doc_id}", limits.ALIGN_TIME_BUDGET_S, "alignment time budget"):
            alignments = align_versions(texts, changed, embeddings=embeddings, aligned=aligned)
            return alignments, (sentence_vectors(texts, changed) if vectors else None), report_notes(doc_id, alignments)
    except MemoryError:
        raise InputError(f"document {doc_id}", "ran out of memory while aligning (memory budget)") from None
