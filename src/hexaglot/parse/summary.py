"""A flat, JSON-ready view of a parsed Document: the fields the CLI prints with ``--json``.

Every word of the document is in exactly one of five places: ``body`` (the main text's prose in
reading order — titles, headings, paragraphs, list items, signatures, contents lines, boxes — with
``body_labels`` beside it), ``annexes`` (heading, title and ``paragraphs``, the same way), ``tables``,
``footnotes`` and ``furniture`` (the raw text of running headers and footers, page and job numbers,
barcodes, the cover lines set apart). Every other field (``headings``, ``title``, ``symbols``, ...)
is derived from these and is never the only place a word lives.

A table is ``{"label", "caption", "header": [[cell, ...]], "rows": [[cell, ...], ...], "spans",
"notes", "pages", "annex", "position"}``: cells are strings on a rectangular grid, a merged cell's
text sits in its top-left slot and the slots it covers hold ``""``; ``spans`` lists each merged
cell as ``[row, col, row_span, col_span]`` (rows counted over header then body rows). ``position``
is the index in ``body`` (or in the annex's ``paragraphs``) of the first block after the table.
``boxes`` gives the ``[start, end)`` ranges of ``body`` that are prose inside a box.
"""

from __future__ import annotations

from typing import Any

from hexaglot.model import Block, Document, Label, Layer, Table
from hexaglot.parse.dates import find_dates
from hexaglot.parse.structure import persons
from hexaglot.parse.tables import tables


def _symbol(value: str, reissued: bool) -> str:
    return value + ("*" if reissued else "")


def _prose(doc: Document, annex: str | None) -> list[tuple[int, Block]]:
    """Body blocks of the main text or one annex that are prose (not a table, its caption or notes)."""
    return [(i, b) for i, b in enumerate(doc.blocks)
            if b.layer == Layer.BODY and b.annex == annex and b.table is None and b.label != Label.TABLE]


def _annex_prose(doc: Document, label: str, heading: str, title: str | None) -> list[tuple[int, Block]]:
    out = _prose(doc, label)
    for text, lab in ((heading, Label.HEADING), (title, Label.TITLE)):
        k = next((k for k, (_, b) in enumerate(out) if b.label == lab and b.text.strip() == text), None)
        if text and k is not None:
            del out[k]
    return out


def _boxes(prose: list[tuple[int, Block]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, (_, b) in enumerate(prose):
        if b.box is None:
            continue
        if out and out[-1]["label"] == b.box and out[-1]["end"] == k:
            out[-1]["end"] = k + 1
        else:
            out.append({"label": b.box, "start": k, "end": k + 1})
    return out


def table_json(t: Table, position: int | None = None) -> dict[str, Any]:
    """One table as JSON (see the module docstring)."""
    grid = t.grid()
    cells = [[(s[2].text if s is not None and (s[0], s[1]) == (r, c) else "") for c, s in enumerate(row)]
             for r, row in enumerate(grid)]
    spans = [[r, c, s[2].row_span, s[2].col_span] for r, row in enumerate(grid) for c, s in enumerate(row)
             if s is not None and (s[0], s[1]) == (r, c) and (s[2].row_span > 1 or s[2].col_span > 1)]
    marks = [[r, c, s[2].notes] for r, row in enumerate(grid) for c, s in enumerate(row)
             if s is not None and (s[0], s[1]) == (r, c) and s[2].notes]
    n = len(t.header)
    return {"label": t.label, "caption": t.caption, "header": cells[:n], "rows": cells[n:], "spans": spans,
            "marks": marks, "notes": t.notes, "pages": t.pages, "annex": t.annex, "position": position}


def tables_of(doc: Document) -> list[dict[str, Any]]:
    where: dict[int, int] = {}
    for annex in [None, *(a.label for a in doc.annexes)]:
        prose = _prose(doc, annex) if annex is None else _annex_prose(
            doc, annex, *next((a.heading, a.title) for a in doc.annexes if a.label == annex))
        order = [i for i, _ in prose]
        for i, b in enumerate(doc.blocks):
            if b.label == Label.TABLE and b.table is not None and b.annex == annex and b.table not in where:
                where[b.table] = sum(1 for k in order if k < i)
    return [table_json(t, where.get(i)) for i, t in enumerate(doc.tables)]


def summary(doc: Document) -> dict[str, Any]:
    md = doc.metadata
    body = _prose(doc, None)
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
             "paragraphs": [b.text for _, b in prose], "labels": [b.label.value for _, b in prose],
             "boxes": _boxes(prose)}
            for a in doc.annexes
            for prose in [_annex_prose(doc, a.label, a.heading, a.title)]
        ],
        "body": [b.text for _, b in body],
        "body_labels": [b.label.value for _, b in body],
        "boxes": _boxes(body),
        "tables": tables_of(doc),
        "furniture": [b.text for b in doc.blocks if b.layer == Layer.FURNITURE],
        "headings": [b.text for b in doc.body_blocks(None) if b.label in (Label.TITLE, Label.HEADING)],
        "dates_mentioned": dates,
        "persons_mentioned": names,
        "sources": md.sources,
        "warnings": doc.warnings,
    }
