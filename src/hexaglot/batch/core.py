"""The batch job's steps, as pure functions of picklable values: the engines only schedule them.

    discover(INPUT)                  → [FileTask]          (driver)
    parse_task(task)                 → Prepared            (per file: read → clean → parse → segment)
    doc_key(group, members)          → doc id              (after the shuffle by file-name group)
    build_rows(doc id, members)      → [(table, row)]      (per document: pick, align, rows)

``parse_task`` is :func:`hexaglot.ingest.work.prepare_file` (the per-file steps of
:mod:`hexaglot.pipeline`), and ``build_rows`` uses the same grouping, version choice, facet merge
and alignment (:func:`hexaglot.pipeline.align_document`) as ``hexaglot ingest``: there is no
second implementation of any stage.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hexaglot.batch.tables import Row, document_rows, error_row
from hexaglot.errors import HexaglotError, InputError
from hexaglot.ingest.work import (
    Prepared,
    align_versions,
    doc_id_of,
    document_facets,
    document_of,
    pick_versions,
    prepare_file,
)

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:/")  # hdfs://…, s3a://…, file:/…


@dataclass(frozen=True)
class FileTask:
    """One input file: where it is, its language if the name says it, its file-name group."""

    path: str
    lang: str | None
    group: str
    name: str = ""  # the document id when the files name no symbol (``FileItem.name``)


def is_remote(uri: str) -> bool:
    """Whether ``uri`` is a URI (hdfs://, s3a://, gs://, file://): on Spark, listed and read through
    Hadoop; a plain path is read in place by whoever processes it."""
    return bool(_SCHEME.match(uri))


def local_path(uri: str) -> str:
    """``file:/x`` and ``file:///x`` → ``/x``; plain paths unchanged."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("file:"):
        return uri[len("file:"):]
    return uri


def expand_input(spec: str) -> list[str]:
    """INPUT → paths: a folder, a glob (``corpus/**/*.pdf``), or ``@list`` / ``*.list`` / ``*.lst``,
    a file holding one path (or URI) a line (``#`` comments; relative paths are relative to it)."""
    name = spec[1:] if spec.startswith("@") else spec
    if spec.startswith("@") or name.endswith((".list", ".lst")):
        p = Path(local_path(name))
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(str(p), f"cannot read the list of inputs ({exc.strerror})") from exc
        out = []
        for line in (x.strip() for x in lines):
            if line and not line.startswith("#"):
                out.append(line if _SCHEME.match(line) or os.path.isabs(line) else str(p.parent / line))
        return out
    if is_remote(spec):
        return [spec]
    path = local_path(spec)
    if any(c in path for c in "*?["):
        found = sorted(glob.glob(path, recursive=True))
        if not found:
            raise InputError(spec, "the pattern matches no file")
        return found
    return [path]


def discover(inputs: Sequence[str], langs: Sequence[str] | None = None) -> list[FileTask]:
    """The document files under ``inputs`` (local paths), grouped by name as ``hexaglot ingest``
    groups them (:func:`hexaglot.ingest.walk.plan`); files named in a language not in ``langs`` are
    left out. Parallel text and catalogue records are not batch inputs (``hexaglot ingest``)."""
    from hexaglot.ingest.walk import plan

    p = plan([Path(x).resolve() for x in inputs])
    tasks = [FileTask(str(i.path), i.lang, i.group, i.name) for i in p.documents]
    if langs:
        tasks = [t for t in tasks if t.lang is None or t.lang in langs]
    return sorted(tasks, key=lambda t: (t.group, t.path))


def remote_task(uri: str) -> FileTask | None:
    """The task for one listed remote file, named as :func:`hexaglot.ingest.walk.plan` names files
    (``x.fr.pdf`` → group ``stem:<folder>/x``, language fr); ``None`` for a format no reader takes."""
    from hexaglot.ingest.walk import not_a_document
    from hexaglot.model import LANGS
    from hexaglot.read.base import doc_suffixes

    folder, _, name = uri.rstrip("/").rpartition("/")
    suffix = Path(name).suffix.lower()
    if not_a_document(name) or name.startswith(".") or suffix not in doc_suffixes():
        return None
    m = re.match(r"^(.*)[._-]([a-z]{2})$", name[: -len(suffix)])
    if m and m.group(2) in LANGS:
        return FileTask(uri, m.group(2), f"stem:{folder}/{m.group(1)}")
    return FileTask(uri, None, f"path:{uri}")


def name_tasks(tasks: Sequence[FileTask]) -> list[FileTask]:
    """Listed remote tasks with the document names :func:`hexaglot.ingest.walk.plan` gives local
    files: the stem, with folder names where stems of several folders collide."""
    from dataclasses import replace

    from hexaglot.ingest.walk import name_stem, unique_names

    def key(t: FileTask) -> tuple[Path, str]:
        p = Path(t.path)
        return p.parent, name_stem(p, p.suffix.lower())[0]

    names = unique_names([key(t) for t in tasks])
    return [t if t.name else replace(t, name=names[key(t)]) for t in tasks]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_task(task: FileTask, data: bytes | None = None) -> Prepared:
    """read → clean → parse → segment one file; never raises (a failure is ``Prepared.error``).

    ``data`` are the file's bytes when an engine fetched them (a remote URI): they are written to a
    temporary file of the same name, since readers and the file-name cascade look at the name.
    """
    import tempfile

    try:
        if data is None:
            with open(task.path, "rb") as fh:
                data = fh.read()
            sha = sha256_bytes(data)
            out = prepare_file(task.path, sha, task.lang, task.group)
            out.name = task.name
            return out
        sha = sha256_bytes(data)
        with tempfile.TemporaryDirectory(prefix="hexaglot-") as tmp:
            local = Path(tmp) / Path(task.path).name
            local.write_bytes(data)
            out = prepare_file(str(local), sha, task.lang, task.group)
        out.path, out.name = task.path, task.name
        if out.version is not None:
            out.version.path = task.path
        if out.error:
            out.error = out.error.replace(str(local), task.path)
        return out
    except OSError as exc:
        return Prepared(path=task.path, sha256="", group=task.group, stage="read",
                        error=f"{task.path}: cannot read ({exc.strerror or exc})")


def parse_error_rows(p: Prepared) -> list[tuple[str, Row]]:
    return [error_row(p.path, p.stage or "read", p.error or "failed", p.sha256 or None)]


def doc_key(group: str, members: Sequence[Prepared]) -> str:
    """The document id of one file-name group (the same rule as ``hexaglot ingest``)."""
    return doc_id_of(group, sorted(members, key=lambda m: m.path))


def build_rows(doc_id: str, members: Iterable[Prepared], *, embeddings: bool,
               langs: Sequence[str] | None = None) -> list[tuple[str, Row]]:
    """Every row of one document: pick one file per language, merge facets, align every pair.

    A document that cannot be aligned becomes one ``errors`` row per file (stage ``align``)."""
    ordered = sorted(members, key=lambda m: m.path)
    if langs:
        ordered = [m for m in ordered if m.version is not None and m.version.lang in langs]
    keep, dupes = pick_versions(ordered)
    if not keep:
        return []
    facets = document_facets(keep)
    texts = {m.version.lang: list(m.version.sentences) for m in keep if m.version}
    try:
        alignments = align_versions(texts, list(texts), embeddings=embeddings)
    except (HexaglotError, ValueError, KeyError, IndexError, TypeError, ArithmeticError, RuntimeError,
            MemoryError) as exc:  # one bad document must not stop the job: report it, go on
        reason = f"{doc_id}: alignment failed ({type(exc).__name__}: {exc})"
        return [error_row(m.path, "align", reason, m.sha256) for m in ordered]
    d = document_of(doc_id, keep, dupes, facets, alignments)
    dup = [(m.version.lang if m.version else "xx", m.path, m.sha256, m.version.format if m.version else "")
           for m in dupes]
    return list(document_rows(d, dup))


def rows_by_table(rows: Iterable[tuple[str, Row]]) -> dict[str, list[Row]]:
    from hexaglot.batch.tables import TABLES

    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    for table, row in rows:
        out[table].append(row)
    return out


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for k in range(0, len(items), max(1, size)):
        yield list(items[k:k + size])
