"""Read queries the web needs beyond the archive API: a document's full record (metadata of each
version, annexes, footnotes, tables, references both ways). The faceted document list and the aligned rows
of the side-by-side reader are in the library (:mod:`hexaglot.store.browse`)."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from hexaglot.store.browse import version_tables
from hexaglot.store.read import aligned_pairs, refs, require

_ANNEX_HEADING = re.compile(r"^\s*(annex|annexe|anexo|приложение|المرفق|附件)\b", re.IGNORECASE)


@dataclass
class Link:
    symbol: str
    kind: str
    doc_id: str | None = None  # set when the document is in the archive
    title: str | None = None


@dataclass
class VersionInfo:
    lang: str
    file: str  # the name of the file it was read from (never the server's folders)
    format: str
    sha256: str
    sentences: int
    metadata: dict[str, Any]
    annexes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    footnote_marks: list[str] = field(default_factory=list)  # each footnote's own mark ("*", "1", "a"), "" if none
    tables: list[dict[str, Any]] = field(default_factory=list)  # hexaglot.model.Table records as JSON


@dataclass
class DocumentDetail:
    id: str
    symbol: str | None
    kind: str
    title: str | None
    date: str | None
    organs: list[str]
    session: int | None
    doc_type: str | None
    agenda: list[str]
    countries: list[str]
    symbols: list[str]
    signatories: list[dict[str, Any]]
    sender_countries: list[str]
    addressee: str | None
    versions: dict[str, VersionInfo]
    pairs: list[str]  # aligned language pairs, "en-fr"
    cites: list[Link]
    cited_by: list[Link]
    catalogue: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _first(versions: dict[str, VersionInfo], key: str) -> Any:
    for lang in ("en", "fr", "es", "ru", "ar", "zh", *versions):
        v = versions.get(lang)
        if v and v.metadata.get(key):
            return v.metadata[key]
    return None


def document_detail(c: sqlite3.Connection, symbol_or_id: str) -> DocumentDetail:
    doc_id = require(c, symbol_or_id)
    d = c.execute("SELECT id, symbol, kind, title, date, organs, session, doc_type, agenda, countries "
                  "FROM documents WHERE id = ?", (doc_id,)).fetchone()
    versions: dict[str, VersionInfo] = {}
    for vid, lang, path, fmt, sha, n, meta in c.execute(
            "SELECT id, lang, path, format, sha256, n_sentences, metadata FROM versions WHERE doc_id = ? "
            "ORDER BY lang", (doc_id,)).fetchall():
        info = VersionInfo(lang, PurePath(path).name, fmt, sha, n, json.loads(meta or "{}"))
        blocks = c.execute("SELECT idx, label, layer, text FROM blocks WHERE version_id = ? ORDER BY idx",
                           (vid,)).fetchall()
        marks = dict(c.execute("SELECT block, min(unit) FROM sentences WHERE version_id = ? AND kind = 'footnote' "
                               "GROUP BY block", (vid,)).fetchall())
        for idx, label, layer, text in blocks:
            if layer == "notes" or label == "footnote":
                info.footnotes.append(text)
                info.footnote_marks.append(marks.get(idx) or "")
        stored = info.metadata.get("annexes")
        info.annexes = [annex_name(a) for a in stored] if stored is not None else _annex_headings(blocks)
        info.tables = version_tables(c, vid)
        versions[lang] = info
    pairs = aligned_pairs(c, doc_id)
    linked = refs(c, doc_id)  # as the CLI's refs finds them: a cited symbol in any usual spelling
    cites = [Link(symbol=target, kind=kind, doc_id=linked.found.get(target), title=linked.titles.get(target))
             for target, kind in linked.cites]
    cited_by = [Link(symbol=_symbol(c, src) or src, kind=kind, doc_id=src, title=linked.titles.get(src))
                for src, kind in linked.cited_by if src != doc_id]
    symbols = _first(versions, "symbols") or []
    cat = c.execute("SELECT record FROM catalogue WHERE doc_id = ?", (doc_id,)).fetchone()
    return DocumentDetail(
        id=d[0], symbol=d[1], kind=d[2], title=d[3], date=d[4], organs=json.loads(d[5]), session=d[6],
        doc_type=d[7], agenda=[str(a) for a in json.loads(d[8])], countries=json.loads(d[9]),
        symbols=[s["value"] if isinstance(s, dict) else str(s) for s in symbols],
        signatories=_first(versions, "signatories") or [], sender_countries=_first(versions, "sender_countries") or [],
        addressee=_first(versions, "addressee"), versions=versions, pairs=pairs, cites=cites, cited_by=cited_by,
        catalogue=json.loads(cat[0]) if cat else None)


def _annex_headings(blocks: list[tuple[int, str, str, str]]) -> list[str]:
    """The annexes of a version stored before its metadata named them: each annex heading, with the
    title right under it ("Annex I" over "Organization chart") when the heading is that short."""
    annexes: list[str] = []
    titled = True
    for _idx, label, layer, text in blocks:
        if layer == "notes" or label == "footnote":
            pass
        elif label in ("heading", "title") and _ANNEX_HEADING.match(text):
            annexes.append(text)
            titled = len(text.split()) > 3  # "Annex I" alone, or "Annex I. Organization chart"
            continue
        elif label in ("heading", "title") and annexes and not titled:
            annexes[-1] = f"{annexes[-1]}: {text}"
        if layer == "body":
            titled = True
    return annexes


def annex_name(annex: dict[str, Any]) -> str:
    """"Annex I: Organization chart": the heading up to the annex's number (a letter's annex heading
    goes on "à la lettre datée du ..."), and its title."""
    heading, label, title = annex.get("heading") or "", annex.get("label") or "", annex.get("title") or ""
    words = heading.split()
    cut = next((k + 1 for k, w in enumerate(words[:3]) if label and w.strip(".:") == label), None)
    short = " ".join(words[:cut]) if cut else heading
    if not title or title == heading:
        return heading
    return f"{short}: {title}" if short else title


def _symbol(c: sqlite3.Connection, doc_id: str) -> str | None:
    row = c.execute("SELECT symbol FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None
