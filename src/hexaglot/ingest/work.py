"""What the worker processes do: turn one file into a stored version, align one document.

The stages themselves are :mod:`hexaglot.pipeline` (``process_one(..., segment=True)`` per file,
``align_document`` per document); this module turns their output into the archive's records and
groups files into documents. Plain top-level functions of picklable arguments, so the local pool,
the batch engines and a single-process ingest run exactly the same code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hexaglot.ingest.walk import FORMAT_RANK
from hexaglot.model import Document
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
    name: str = ""  # the document id when no symbol is found (``FileItem.name``)
    error: str | None = None
    stage: str = ""  # where an error happened: read, clean, parse or segment
    # what reading the file said of it, each naming the file ("the text looks French (fr); kept en")
    warnings: list[str] = field(default_factory=list)


def facets_of(doc: Document) -> Facets:
    m = doc.metadata
    return Facets(symbol=m.symbols[0].value if m.symbols else None, title=m.title, date=m.date,
                  organs=list(m.organs), session=m.session, doc_type=m.doc_type,
                  agenda=[str(a) for a in m.agenda_items], countries=list(m.sender_countries))


def prepare_file(path: str, sha: str, lang: str | None, group: str) -> Prepared:
    """read → clean → parse → segment one file (:func:`hexaglot.pipeline.process_one` with
    ``segment=True``) into the version it stores; never raises: errors are returned."""
    from hexaglot.pipeline import process_one

    res = process_one(path, lang, segment=True)
    out = Prepared(path=path, sha256=sha, group=group)
    if res.document is None or res.sentences is None:
        out.error = res.error or f"{path}: could not be processed"
        out.stage = res.stage or "parse"
        return out
    doc, sentences = res.document, res.sentences
    doc_lang = lang or doc.language or "xx"
    out.version = VersionData(
        lang=doc_lang, sha256=sha, path=path, format=doc.origin.format,
        sentences=[SentenceData(s.text, s.block, s.span.start if s.span else None,
                                s.span.end if s.span else None, str(s.kind), s.unit) for s in sentences],
        blocks=[BlockData(b.text, str(b.label), str(b.layer), b.orig) for b in doc.blocks],
        # the annexes (label, heading, title) ride with the metadata: the document page names them
        metadata={**doc.metadata.model_dump(mode="json"), "annexes": [a.model_dump(mode="json") for a in doc.annexes]},
        tables=[t.model_dump(mode="json") for t in doc.tables])
    out.facets = facets_of(doc)
    out.warnings = [f"{path}: {w}" for w in doc.warnings]
    out.refs = list(doc.metadata.references)
    out.stem = doc.id
    return out


def align_versions(texts: Mapping[str, Sequence[str | SentenceData]], changed: Sequence[str], *,
                   embeddings: bool, aligned: bool = False) -> list[AlignmentData]:
    """:func:`hexaglot.pipeline.align_document` as the records the archive stores (a version's
    sentences: plain strings, body prose, or :class:`SentenceData` with their kind and unit). The
    aligner's warnings about a pair (:class:`hexaglot.align.AlignWarning`, ``xx-yy: ...``) go into
    that alignment's ``notes``, not to :mod:`warnings`; any other warning goes on as it came."""
    import warnings

    from hexaglot.align import AlignWarning
    from hexaglot.pipeline import align_document

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AlignWarning)
        done = align_document(texts, changed, embeddings=embeddings, aligned=aligned)
    notes: dict[str, list[str]] = {f"{a.src_lang}-{a.tgt_lang}": [] for a in done}
    for w in caught:
        pair, sep, text = str(w.message).partition(": ")
        if issubclass(w.category, AlignWarning) and sep and pair in notes:
            notes[pair].append(text)
        else:  # a warning of no stored pair, and any other kind, goes on as it came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return [AlignmentData(a.src_lang, a.tgt_lang, [BeadData(list(b.src), list(b.tgt), float(b.score))
                                                   for b in a.beads], a.method, notes[f"{a.src_lang}-{a.tgt_lang}"])
            for a in done]


def sentence_vectors(texts: Mapping[str, Sequence[str | SentenceData]], langs: Sequence[str]
                     ) -> dict[str, list[bytes | None]]:
    """The stored vector (:mod:`hexaglot.semantic.codec`) of each sentence of the versions ``langs``,
    ``None`` for table cells. Run right after the alignment, in the same process: the aligner's
    embedding cache holds the body and footnote sentences already, so this costs no model time."""
    from hexaglot.semantic.codec import EMBEDDED_KINDS, encode, to_blob

    out: dict[str, list[bytes | None]] = {}
    for lang in langs:
        sents = texts.get(lang) or []
        items = [(s, "prose") if isinstance(s, str) else (s.text, s.kind or "prose") for s in sents]
        todo = [i for i, (_, kind) in enumerate(items) if kind in EMBEDDED_KINDS]
        vecs = encode([items[i][0] for i in todo])
        row: list[bytes | None] = [None] * len(items)
        for i, v in zip(todo, vecs, strict=True):
            row[i] = to_blob(v)
        out[lang] = row
    return out


# -- grouping the processed files of one document (shared by ingest and the batch engines) ----------


def doc_id_of(group: str, members: Sequence[Prepared]) -> str:
    """The document id of one file-name group: the symbol (English first), else the name the
    plan gave the group (unique among folders), else the file name."""
    en_first = sorted(members, key=lambda m: (m.version.lang != "en") if m.version else True)
    symbol = next((m.facets.symbol for m in en_first if m.facets.symbol), None)
    if symbol:
        return symbol
    name = next((m.name for m in members if m.name), "")
    if name:
        return name
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


def _rank(m: Prepared) -> int:
    return FORMAT_RANK.get(m.version.format if m.version else "", 9)


def pick_versions(members: Sequence[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
    """One file per language (docx before html, txt, pdf, then by path); the others are extras:
    duplicates or conflicts (:func:`split_extras`)."""
    best: dict[str, Prepared] = {}
    dupes: list[Prepared] = []
    for m in sorted(members, key=lambda m: (_rank(m), m.path)):
        lang = m.version.lang if m.version else "xx"
        if lang in best:
            dupes.append(m)
        else:
            best[lang] = m
    return list(best.values()), dupes


# Two files of one language in different formats are copies of one text when at least this share of
# the longer text's words (counted with repeats) is also in the other. The PDF and the Word file of
# one UN report share 99.7% or more (A/80/590, 596, 600, 604/Add.1, 604/Add.3, 628: what one reader
# drops, the other keeps: a running header, a table's layout); two addenda of one report, which are
# different documents, share 78%, and a text and an unrelated page share almost nothing (a 4-page
# letter and one sentence: 0.5%). Counting repeats over the longer text makes a short text inside a
# long one no copy of it.
SAME_TEXT_SHARE = 0.9
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|\w+")  # CJK: one character a word


def _words(m: Prepared) -> Counter[str]:
    sentences = m.version.sentences if m.version else []
    return Counter(w for s in sentences for w in _WORD.findall(s.text.casefold()))


def shared_words(a: Prepared, b: Prepared) -> float:
    """The share of the longer text's words (with repeats) that the other text has too: 1.0 for
    the same text, near 0 for unrelated texts (:data:`SAME_TEXT_SHARE`)."""
    wa, wb = _words(a), _words(b)
    longer = max(sum(wa.values()), sum(wb.values()))
    return sum((wa & wb).values()) / longer if longer else 1.0


@dataclass
class Extra:
    """A file not stored as a version because another file holds its (document, language)."""

    file: Prepared
    kept: Prepared
    conflict: bool  # True: other text (which one is right?); False: a duplicate
    share: float = 1.0  # the words the two texts have in common (:func:`shared_words`)

    def message(self, doc_id: str) -> str:
        lang = self.kept.version.lang if self.kept.version else "xx"
        if self.conflict:
            why = ("with different text" if _rank(self.file) == _rank(self.kept) else
                   f"but their texts differ (only {self.share:.0%} of the words in common)")
            return (f"{self.file.path}: conflicts with {self.kept.path}: both are the {lang} version of "
                    f"document {doc_id}, {why}; kept {self.kept.path}, {self.file.path} not stored "
                    "(rename one of them, or remove the wrong one)")
        return f"{self.file.path}: another copy of the {lang} version of {doc_id} (kept {self.kept.path})"


def split_extras(keep: Sequence[Prepared], extras: Sequence[Prepared]) -> list[Extra]:
    """Each extra file of :func:`pick_versions` against the file kept for its language. The same
    bytes, or another format (the Word original beside its PDF) of the same text
    (:data:`SAME_TEXT_SHARE`), is a duplicate. The same format with other bytes, or another format
    with other text (a page that only shares the file name), is a conflict, reported by name."""
    kept = {m.version.lang: m for m in keep if m.version}
    out = []
    for m in extras:
        k = kept.get(m.version.lang if m.version else "xx")
        if k is None:
            continue
        if m.sha256 == k.sha256:
            out.append(Extra(m, k, conflict=False))
        elif _rank(m) == _rank(k):
            out.append(Extra(m, k, conflict=True))
        else:
            share = shared_words(m, k)
            out.append(Extra(m, k, conflict=share < SAME_TEXT_SHARE, share=share))
    return out


def against_stored(new: Prepared, stored: Prepared) -> Extra | None:
    """A new file for a language the archive holds from another file (``stored``, rebuilt from the
    archive by :meth:`hexaglot.store.db.Store.stored_version`): ``None`` when it replaces the
    stored version (the stored file is gone, or the new one is a preferred format of the same text:
    the Word original after its PDF), else the duplicate or conflict it is, judged as two files of
    one run are (:func:`split_extras`), the stored version kept."""
    if not Path(stored.path).exists():
        return None
    if _rank(new) < _rank(stored) and shared_words(new, stored) >= SAME_TEXT_SHARE:
        return None
    return split_extras([stored], [new])[0]


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


def document_facets(keep: Sequence[Prepared], stored: Mapping[str, Mapping] | None = None) -> Facets:
    """The document's facets: English first, then fr, es, ru, ar, zh; ``stored``: the metadata of the
    versions the archive holds already (by language), for those ``keep`` does not replace, so a run
    that reads the French file again does not give the document its French title."""
    given = [(m.version.lang if m.version else "", m.facets) for m in keep]
    langs = {lang for lang, _ in given}
    given += [(lang, facets_from_metadata(meta)) for lang, meta in (stored or {}).items() if lang not in langs]
    return merge_facets([f for _, f in sorted(given, key=lambda x: LANG_PREF.get(x[0], 9))])


def facets_from_metadata(meta: Mapping) -> Facets:
    """:func:`facets_of` from a version's stored metadata (``Metadata`` as JSON)."""
    symbols = meta.get("symbols") or []
    first = symbols[0] if symbols else None
    return Facets(symbol=(first.get("value") if isinstance(first, dict) else first) or None,
                  title=meta.get("title"), date=meta.get("date"), organs=list(meta.get("organs") or []),
                  session=meta.get("session"), doc_type=meta.get("doc_type"),
                  agenda=[str(a) for a in meta.get("agenda_items") or []],
                  countries=list(meta.get("sender_countries") or []))


def document_of(doc_id: str, keep: Sequence[Prepared], dupes: Sequence[Prepared], facets: Facets,
                alignments: list[AlignmentData]) -> DocumentData:
    """The record written for one group of files (an extra file's status: duplicate or conflict)."""
    status = {id(x.file): "conflict" if x.conflict else "duplicate" for x in split_extras(keep, dupes)}
    return DocumentData(id=doc_id, kind="text", facets=facets,
                        versions=[m.version for m in keep if m.version], alignments=alignments,
                        refs=[(r, "cites") for m in keep for r in m.refs],
                        files=[(m.path, m.sha256, status.get(id(m), "duplicate")) for m in dupes])
