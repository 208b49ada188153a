"""``hexaglot ingest --from-parquet OUTPUT``: a batch result into the embedded archive.

Each document of OUTPUT becomes one :class:`~hexaglot.store.records.DocumentData`, written through
the archive's :class:`~hexaglot.store.db.Store` (one transaction per document) and then indexed, as
``hexaglot ingest`` writes it; a document whose versions are already stored with the same content
hashes is left alone, so loading twice writes nothing. Failed files are recorded as ``hexaglot
ingest`` records them.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hexaglot.batch.tables import read_table
from hexaglot.errors import InputError
from hexaglot.store.records import (
    AlignmentData,
    BeadData,
    BlockData,
    DocumentData,
    Facets,
    SentenceData,
    VersionData,
)

if TYPE_CHECKING:
    from hexaglot.archive import Archive
    from hexaglot.ingest.runner import IngestReport, Progress


def documents_from(output: str | Path) -> tuple[list[DocumentData], list[dict[str, Any]]]:
    """The documents of a batch OUTPUT as records (in doc id order), and its error rows."""
    root = Path(output)
    if not (root / "documents").is_dir():
        raise InputError(str(root), "not a batch output (no documents/ table); run `hexaglot batch` first")
    sentences: dict[tuple[str, str], list[SentenceData]] = defaultdict(list)
    for r in read_table(root, "sentences"):
        sentences[(r["doc_id"], r["lang"])].append(SentenceData(r["text"], r["block"], r["start"], r["end"],
                                                                r.get("kind") or "prose", r.get("unit")))
    beads: dict[tuple[str, str, str, str], list[BeadData]] = defaultdict(list)
    notes: dict[tuple[str, str, str, str], list[str]] = {}
    for r in read_table(root, "alignments"):
        key = (r["doc_id"], r["src"], r["tgt"], r["method"])
        beads[key].append(BeadData(list(r["src_idx"]), list(r["tgt_idx"]), float(r["score"])))
        if key not in notes:  # every bead row of an alignment carries its notes: read them once
            notes[key] = json.loads(r.get("notes") or "[]")  # none in an output from before notes
    refs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in read_table(root, "references"):
        if (r["target"], r["kind"]) not in refs[r["doc_id"]]:
            refs[r["doc_id"]].append((r["target"], r["kind"]))
    docs: dict[str, DocumentData] = {}
    for r in read_table(root, "documents"):
        d = docs.get(r["doc_id"])
        if d is None:
            facets = Facets(symbol=r["symbol"], title=r["title"], date=r["date"], organs=list(r["organs"]),
                            session=r["session"], doc_type=r["doc_type"], agenda=list(r["agenda"]),
                            countries=list(r["countries"]))
            d = docs[r["doc_id"]] = DocumentData(id=r["doc_id"], kind=r["kind"], facets=facets,
                                                 refs=refs.get(r["doc_id"], []))
        if r["status"] == "duplicate":
            d.files.append((r["path"], r["sha256"], "duplicate"))
            continue
        d.versions.append(VersionData(
            lang=r["lang"], sha256=r["sha256"], path=r["path"], format=r["format"],
            sentences=sentences.get((r["doc_id"], r["lang"]), []),
            blocks=[BlockData(b["text"], b["label"], b["layer"], b["orig"]) for b in r["blocks"]],
            metadata=json.loads(r["metadata"]) if r["metadata"] else {},
            tables=json.loads(r.get("tables") or "[]")))
    for (doc_id, src, tgt, method), bs in sorted(beads.items()):
        if doc_id in docs:
            docs[doc_id].alignments.append(AlignmentData(src, tgt, bs, method, notes[(doc_id, src, tgt, method)]))
    return [docs[k] for k in sorted(docs)], read_table(root, "errors")


def ingest_parquet(archive: Archive, output: str | Path, *, progress: Progress | None = None) -> IngestReport:
    """Load the batch result at ``output`` into ``archive``; returns what was written. Call it
    through :meth:`Archive.ingest_parquet`, which holds the archive's writer lock."""
    from hexaglot.ingest.runner import IngestReport, Progress, write_document

    t0 = time.perf_counter()
    progress = progress or Progress()
    store, index = archive.store, archive.index
    docs, errors = documents_from(output)
    report = IngestReport()
    _ = index.writer  # take the index lock before writing anything
    progress.start("documents", len(docs))
    for d in docs:
        report.files_seen += len(d.versions) + len(d.files)
        if d.versions and store.version_shas(d.id) == {v.lang: v.sha256 for v in d.versions}:
            report.files_unchanged += len(d.versions) + len(d.files)
            progress.advance()
            continue
        report.files_processed += len(d.versions) + len(d.files)
        write_document(store, index, d, report)
        progress.advance()
    progress.stop()
    for e in errors:
        report.errors.append(e["reason"])
        if e["sha256"] and store.file_status(e["path"]) is None:
            store.record_file(e["path"], e["sha256"], None, None, "error", e["reason"])
    index.commit()
    report.seconds = time.perf_counter() - t0
    return report
