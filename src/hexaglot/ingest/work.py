"""What the worker processes do: turn one file into a stored version, align one document.

Plain top-level functions of picklable arguments, so the local pool (and any other executor) runs
exactly the same code as a single-process ingest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from hexaglot.ingest.walk import FORMAT_RANK
from hexaglot.model import LANGS, Document
from hexaglot.store.records import (
    AlignmentData,
    BeadData,
    BlockData,
    DocumentData,
    Facets,
    SentenceData,
    VersionData,
)

LANG_PREF = {x: i for i, x in enumerate(("en", "fr", "es", "ru", "ar", "zh"))}


@dataclass
class Prepared:
    """One processed file: its version, what it says about its document, or an error."""

    path: str
    sha256: str
    group: str
    version: VersionData | None = None
    facets: Facets = field(default_factory=Facets)
    refs: list[str] = field(default_factory=list)
    stem: str = ""
    error: str | None = None
    stage: str = ""  # where an error happened: read, clean, parse or segment


def facets_of(doc: Document) -> Facets:
    m = doc.metadata
    return Facets(symbol=m.symbols[0].value if m.symbols else None, title=m.title, date=m.date,
                  organs=list(m.organs), session=m.session, doc_type=m.doc_type,
                  agenda=[str(a) for a in m.agenda_items], countries=list(m.sender_countries))


def prepare_file(path: str, sha: str, lang: str | None, group: str) -> Prepared:
    """read → clean → parse → segment one file (never raises: errors are returned)."""
    from hexaglot.pipeline import process_one
    from hexaglot.segment import segment_document

    res = process_one(path, lang)
    out = Prepared(path=path, sha256=sha, group=group)
    if res.document is None:
        out.error = res.error or f"{path}: could not be processed"
        out.stage = next((s for s in ("read", "clean", "parse") if s not in res.seconds), "parse")
        return out
    doc = res.document
    try:
        sentences = segment_document(doc)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        out.error = f"{path}: sentence splitting failed ({type(exc).__name__}: {exc})"
        out.stage = "segment"
        return out
    doc_lang = lang or doc.language or "xx"
    out.version = VersionData(
        lang=doc_lang, sha256=sha, path=path, format=doc.origin.format,
        sentences=[SentenceData(s.text, s.block, s.span.start if s.span else None,
                                s.span.end if s.span else None) for s in sentences],
        blocks=[BlockData(b.text, str(b.label), str(b.layer), b.orig) for b in doc.blocks],
        metadata=doc.metadata.model_dump(mode="json"))
    out.facets = facets_of(doc)
    out.refs = list(doc.metadata.references)
    out.stem = doc.id
    return out


def _order(langs: Sequence[str]) -> list[str]:
    return sorted(langs, key=lambda x: (LANGS.index(x) if x in LANGS else 99, x))


def align_versions(texts: Mapping[str, Sequence[str]], changed: Sequence[str], *, embeddings: bool,
                   aligned: bool = False) -> list[AlignmentData]:
    """Alignments of every pair of versions that involves a changed one.

    ``aligned=True`` trusts the input to be line-parallel (sentence i ↔ sentence i, score 1.0), as
    the UN Parallel Corpus test sets are. Two versions are aligned with :func:`hexaglot.align.align`,
    more with :func:`hexaglot.align.align_many`, whose clusters give the beads of every pair.
    """
    langs = _order([x for x in texts if texts[x]])
    pairs = [(a, b) for a, b in combinations(langs, 2) if a in changed or b in changed]
    if not pairs:
        return []
    if aligned:
        out = []
        for a, b in pairs:
            n = min(len(texts[a]), len(texts[b]))
            beads = [BeadData([i], [i], 1.0) for i in range(n)]
            beads += [BeadData([i], [], 0.0) for i in range(n, len(texts[a]))]
            beads += [BeadData([], [j], 0.0) for j in range(n, len(texts[b]))]
            out.append(AlignmentData(a, b, beads, "parallel-lines"))
        return out
    from hexaglot.align import align, align_many

    method = "embeddings" if embeddings else "length+lexicon"
    if len(langs) == 2:
        a, b = langs
        beads = align(list(texts[a]), list(texts[b]), a, b, embeddings=embeddings)
        return [AlignmentData(a, b, [BeadData(list(x.src), list(x.tgt), float(x.score)) for x in beads], method)]
    clusters = align_many({x: list(texts[x]) for x in langs}, embeddings=embeddings)
    out = []
    for a, b in pairs:
        beads = [BeadData(list(c.members.get(a, [])), list(c.members.get(b, [])), float(c.score))
                 for c in clusters if c.members.get(a) or c.members.get(b)]
        out.append(AlignmentData(a, b, beads, f"multiway/{method}"))
    return out


# -- grouping the processed files of one document (shared by ingest and the batch engines) ----------


def doc_id_of(group: str, members: Sequence[Prepared]) -> str:
    """The document id of one file-name group: the symbol (English first), else the name."""
    en_first = sorted(members, key=lambda m: (m.version.lang != "en") if m.version else True)
    symbol = next((m.facets.symbol for m in en_first if m.facets.symbol), None)
    if symbol:
        return symbol
    if group.startswith("stem:"):
        return Path(group[5:]).name
    if group.startswith("manifest:"):
        return group[9:]
    return members[0].stem or Path(members[0].path).stem


def group_documents(prepared: Iterable[Prepared]) -> dict[str, list[Prepared]]:
    """Files grouped by name first (stem + language suffix), then merged by symbol."""
    by_group: dict[str, list[Prepared]] = {}
    for p in prepared:
        by_group.setdefault(p.group, []).append(p)
    out: dict[str, list[Prepared]] = {}
    for group, members in by_group.items():
        out.setdefault(doc_id_of(group, members), []).extend(members)
    return out


def pick_versions(members: Sequence[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
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


def merge_facets(all_facets: Iterable[Facets]) -> Facets:
    out = Facets()
    for f in all_facets:
        for name in ("symbol", "title", "date", "session", "doc_type"):
            if getattr(out, name) is None and getattr(f, name) is not None:
                setattr(out, name, getattr(f, name))
        for name in ("organs", "agenda", "countries"):
            merged = getattr(out, name)
            merged.extend(x for x in getattr(f, name) if x not in merged)
    return out


def document_facets(keep: Sequence[Prepared]) -> Facets:
    """The document's facets: English first, then fr, es, ru, ar, zh."""
    by_lang = sorted(keep, key=lambda m: LANG_PREF.get(m.version.lang if m.version else "", 9))
    return merge_facets([m.facets for m in by_lang])


def document_of(doc_id: str, keep: Sequence[Prepared], dupes: Sequence[Prepared], facets: Facets,
                alignments: list[AlignmentData]) -> DocumentData:
    """The record written for one group of files."""
    return DocumentData(id=doc_id, kind="text", facets=facets,
                        versions=[m.version for m in keep if m.version], alignments=alignments,
                        refs=[(r, "cites") for m in keep for r in m.refs],
                        files=[(m.path, m.sha256, "duplicate") for m in dupes])
