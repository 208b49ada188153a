"""A flat, JSON-ready view of a parsed Document: the fields the CLI prints with ``--json``."""

from __future__ import annotations

from typing import Any

from hexaglot.model import Document, Label, Layer
from hexaglot.parse.dates import find_dates
from hexaglot.parse.structure import persons
from hexaglot.parse.tables import tables


def _symbol(value: str, reissued: bool) -> str:
    return value + ("*" if reissued else "")


def summary(doc: Document) -> dict[str, Any]:
    md = doc.metadata
    t = tables(doc.language or "en")
    body_text = "\n".join(b.text for b in doc.blocks if b.layer == Layer.BODY)
    names = persons(body_text, t)
    for s in md.signatories:
        if s.name not in names:
            names.append(s.name)
    dates: list[str] = []
    for d in find_dates("\n".join(b.text for b in doc.paragraphs(None) + [
            b for a in doc.annexes for b in doc.paragraphs(a.label)]), t):
        if d.iso not in dates and d.iso != md.date:
            dates.append(d.iso)
    return {
        "file": doc.origin.path,
        "id": doc.id,
        "format": doc.origin.format,
        "encoding": doc.origin.encoding,
        "pages": doc.origin.pages,
        "text_quality": doc.origin.text_quality,
        "needs_ocr": doc.origin.needs_ocr,
        "language": doc.language,
        "symbols": [_symbol(s.value, s.reissued) for s in md.symbols],
        "date": md.date,
        "organs": md.organs,
        "session": md.session,
        "meeting": md.meeting,
        "agenda_items": md.agenda_items,
        "agenda_list": md.agenda_list,
        "doc_type": md.doc_type,
        "title": md.title,
        "job_number": md.job_number,
        "distribution": md.distribution,
        "original_language": md.original_language,
        "sender_countries": md.sender_countries,
        "addressee": md.addressee,
        "signatories": [s.model_dump() for s in md.signatories],
        "sponsors": md.sponsors,
        "references": md.references,
        "footnotes": [{"mark": f.mark, "text": f.text} for f in doc.footnotes],
        "annexes": [
            {"label": a.label, "heading": a.heading, "title": a.title,
             "paragraphs": [b.text for b in doc.paragraphs(a.label)]}
            for a in doc.annexes
        ],
        "body": [b.text for b in doc.paragraphs(None)],
        "headings": [b.text for b in doc.body_blocks(None) if b.label in (Label.TITLE, Label.HEADING)],
        "dates_mentioned": dates,
        "persons_mentioned": names,
        "sources": md.sources,
        "warnings": doc.warnings,
    }
