"""The ingest loop: plan → skip unchanged files → process in a pool → group → align → write.

Workers (a process pool sized to the cores) read, clean, parse, segment and align; the calling
process is the one writer: it writes each document in one SQLite transaction and then replaces the
document's sentences in the search index. Content hashes make it incremental: an unchanged file
does no work, a changed one replaces its earlier version.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hexaglot.ingest.parallel import ParallelDoc, unpc_documents
from hexaglot.ingest.walk import FORMAT_RANK, FileItem, Plan, plan, sha256_file
from hexaglot.ingest.work import Prepared, align_versions, prepare_file
from hexaglot.search.index import SearchIndex
from hexaglot.store.db import Store
from hexaglot.store.read import index_rows
from hexaglot.store.records import DocumentData, Facets

T = TypeVar("T")
_LANG_PREF = {x: i for i, x in enumerate(("en", "fr", "es", "ru", "ar", "zh"))}


@dataclass
class IngestReport:
    files_seen: int = 0
    files_unchanged: int = 0
    files_processed: int = 0
    documents_written: int = 0
    sentences_written: int = 0
    alignments_written: int = 0
    catalogue_records: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents_written / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences_written / self.seconds if self.seconds else 0.0

    def add(self, other: IngestReport) -> None:
        for name in ("files_seen", "files_unchanged", "files_processed", "documents_written",
                     "sentences_written", "alignments_written", "catalogue_records"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.seconds += other.seconds


class _Inline(Executor):
    """An executor that runs in the calling process (``workers=1``: tests, small inputs)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


@contextmanager
def executor(workers: int | None) -> Iterator[Executor]:
    n = workers or os.cpu_count() or 1
    if n <= 1:
        yield _Inline()
        return
    import multiprocessing as mp

    with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("spawn")) as pool:
        yield pool


class Progress:
    """Progress reporting; the default does nothing (the CLI passes a rich one)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


class Ingester:
    def __init__(self, store: Store, index: SearchIndex, *, workers: int | None = None,
                 embeddings: bool = True, progress: Progress | None = None) -> None:
        self.store, self.index, self.workers, self.embeddings = store, index, workers, embeddings
        self.progress = progress or Progress()

    # -- writing --------------------------------------------------------------------------------

    def _write(self, d: DocumentData, report: IngestReport) -> None:
        touched = [d.id, *self.store.elsewhere(d)]
        report.sentences_written += self.store.write_document(d)
        report.documents_written += 1
        report.alignments_written += len(d.alignments)
        with self.store.snapshot() as c:
            self.index.replace_documents(touched, list(index_rows(c, touched)))
        self.index.maybe_commit()

    # -- files ----------------------------------------------------------------------------------

    def ingest_paths(self, paths: Iterable[str | Path], manifest: str | Path | None = None) -> IngestReport:
        t0 = time.perf_counter()
        p = plan(paths, manifest)
        _ = self.index.writer  # take the index lock before writing anything
        report = IngestReport()
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
            report.catalogue_records += ingest_catalogue(self.store, self.index, cat)
            self.store.record_file(str(cat), sha, None, None, "catalogue")
        self.index.commit()
        report.seconds = time.perf_counter() - t0
        return report

    @staticmethod
    def _from_presegmented(key: str, files: dict[str, Path]) -> ParallelDoc:
        from hexaglot.ingest.parallel import from_files

        return from_files(files, doc_id=key)

    def _documents(self, p: Plan, pool: Executor, report: IngestReport, batch: int = 128) -> None:
        """Files in batches (memory stays flat): the pool reads batch k+1 while batch k is written.

        A batch never splits a group of file names; versions of one document that arrive in
        different batches (or runs) meet through the document id, as stored versions are re-read.
        """
        todo = []
        for item in sorted(p.documents, key=lambda i: i.group):
            report.files_seen += 1
            sha = sha256_file(item.path)
            known = self.store.file_status(str(item.path))
            if (known and known[0] == sha) or (not known and self.store.known_sha(sha)):
                report.files_unchanged += 1
                continue
            todo.append((item, sha))
        batches: list[list[tuple[FileItem, str]]] = []
        for item, sha in todo:
            if not batches or (len(batches[-1]) >= batch and batches[-1][-1][0].group != item.group):
                batches.append([])
            batches[-1].append((item, sha))
        self.progress.start("files", len(todo))

        def submit(b: list[tuple[FileItem, str]]) -> list[Future[Prepared]]:
            return [pool.submit(prepare_file, str(i.path), sha, i.lang, i.group) for i, sha in b]

        pending = submit(batches[0]) if batches else []
        for k in range(len(batches)):
            current, pending = pending, (submit(batches[k + 1]) if k + 1 < len(batches) else [])
            prepared: list[Prepared] = []
            for fut in current:
                res = fut.result()
                report.files_processed += 1
                if res.error:
                    report.errors.append(res.error)
                    self.store.record_file(res.path, res.sha256, None, None, "error", res.error)
                    self.progress.advance()
                else:
                    prepared.append(res)
            self._write_groups(_group(prepared), pool, report)
        self.progress.stop()

    def _write_groups(self, groups: dict[str, list[Prepared]], pool: Executor, report: IngestReport) -> None:
        jobs = []
        for doc_id, members in groups.items():
            keep, dupes = _pick(members)
            by_lang = sorted(keep, key=lambda m: _LANG_PREF.get(m.version.lang if m.version else "", 9))
            facets = _merge_facets([m.facets for m in by_lang])  # English first, then fr, es, ru, ar, zh
            stored = self.store.version_texts(doc_id)
            texts = {**stored, **{m.version.lang: [s.text for s in m.version.sentences] for m in keep if m.version}}
            changed = [m.version.lang for m in keep if m.version]
            fut = pool.submit(align_versions, texts, changed, embeddings=self.embeddings)
            jobs.append((doc_id, keep, dupes, facets, fut))
        for doc_id, keep, dupes, facets, fut in jobs:
            d = DocumentData(id=doc_id, kind="text", facets=facets,
                             versions=[m.version for m in keep if m.version], alignments=fut.result(),
                             refs=[(r, "cites") for m in keep for r in m.refs],
                             files=[(m.path, m.sha256, "duplicate") for m in dupes])
            self._write(d, report)
            self.progress.advance(len(keep) + len(dupes))

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
            old = self.store.version_shas(doc.doc_id)
            changed = [x for x in doc.texts if old.get(x) != doc.shas[x]]
            report.files_unchanged += len(doc.texts) - len(changed)
            if changed:
                todo.append((doc, changed))
        self.progress.start("parallel documents", len(todo))
        with (executor(self.workers) if pool is None else _given(pool)) as ex:
            futs = [ex.submit(align_versions, doc.texts, changed, embeddings=self.embeddings,
                              aligned=doc.aligned) for doc, changed in todo]
            for (doc, changed), fut in zip(todo, futs, strict=True):
                report.files_processed += len(changed)
                d = DocumentData(id=doc.doc_id, kind="parallel", facets=doc.facets,
                                 versions=doc.versions(changed), alignments=fut.result())
                self._write(d, report)
                self.progress.advance()
        self.progress.stop()
        self.index.commit()
        report.seconds = time.perf_counter() - t0
        return report


@contextmanager
def _given(pool: Executor) -> Iterator[Executor]:
    yield pool


def _group(prepared: list[Prepared]) -> dict[str, list[Prepared]]:
    """Files grouped by name first (stem + language suffix), then merged by symbol."""
    by_group: dict[str, list[Prepared]] = {}
    for p in prepared:
        by_group.setdefault(p.group, []).append(p)
    out: dict[str, list[Prepared]] = {}
    for group, members in by_group.items():
        en_first = sorted(members, key=lambda m: (m.version.lang != "en") if m.version else True)
        symbol = next((m.facets.symbol for m in en_first if m.facets.symbol), None)
        if symbol:
            doc_id = symbol
        elif group.startswith("stem:"):
            doc_id = Path(group[5:]).name
        elif group.startswith("manifest:"):
            doc_id = group[9:]
        else:
            doc_id = members[0].stem or Path(members[0].path).stem
        out.setdefault(doc_id, []).extend(members)
    return out


def _pick(members: list[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
    """One file per language (docx before html, txt, pdf); the others are duplicates."""
    best: dict[str, Prepared] = {}
    dupes: list[Prepared] = []
    for m in sorted(members, key=lambda m: FORMAT_RANK.get(m.version.format if m.version else "", 9)):
        lang = m.version.lang if m.version else "xx"
        if lang in best:
            dupes.append(m)
        else:
            best[lang] = m
    return list(best.values()), dupes


def _merge_facets(all_facets: list[Facets]) -> Facets:
    out = Facets()
    for f in all_facets:
        for name in ("symbol", "title", "date", "session", "doc_type"):
            if getattr(out, name) is None and getattr(f, name) is not None:
                setattr(out, name, getattr(f, name))
        for name in ("organs", "agenda", "countries"):
            merged = getattr(out, name)
            merged.extend(x for x in getattr(f, name) if x not in merged)
    return out
