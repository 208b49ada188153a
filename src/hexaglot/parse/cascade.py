"""The parse stage: structure and metadata, asked of the sources in a fixed order.

Cascade, per field: the cover block → the first page → what the text says elsewhere (annex
headings, the circulation request, the adoption line) → the file name → unknown. The step that
gave each value is recorded in ``Metadata.sources``; a value no step finds stays empty.
"""

from __future__ import annotations

import re
from pathlib import Path

from hexaglot.model import Block, Document, Label, Layer, Metadata, Symbol
from hexaglot.parse import header, structure
from hexaglot.parse.countries import country_codes
from hexaglot.parse.dates import find_dates
from hexaglot.parse.figures import mark_figures
from hexaglot.parse.filename import from_filename
from hexaglot.parse.references import extract_references
from hexaglot.parse.symbols import find_symbols, parse_symbol
from hexaglot.parse.table_context import mark_tables
from hexaglot.parse.tables import LangTables, tables

COVER_MAX_BLOCKS = 40
FIRST_PAGE_CHARS = 4000
# The organ a symbol's first element names (UN symbol grammar, not language).
SYMBOL_ORGANS = (("A/HRC/", "HRC"), ("A/", "GA"), ("S/", "SC"), ("E/", "ECOSOC"), ("T/", "TC"))


def _cover_blocks(doc: Document, t: LangTables) -> list[Block]:
    """The cover block: page-1 furniture and body up to the first real paragraph or a stop line."""
    out: list[Block] = []
    body_seen = 0
    for b in doc.blocks:
        if b.page not in (None, 1):
            break
        if b.layer == Layer.NOTES:
            continue
        if b.label == Label.CONTENTS:
            break  # the table of contents ends the cover (and its lines are never cover lines)
        text = b.text.strip()
        if b.layer == Layer.BODY:
            if any(rx.search(text) for rx in t.cover_stops) or any(rx.search(text) for rx, _ in t.openings):
                break
            if _real_paragraph(text) or b.annex is not None:
                break
            body_seen += 1
        out.append(b)
        if body_seen >= COVER_MAX_BLOCKS:
            break
    return out


_CLAUSE_GOES_ON = re.compile(r"[;；؛]\s*[^\W\d_]{1,4}\Z")  # "...; and", "...; y", "...؛ و": a clause, never a title


def _real_paragraph(text: str) -> bool:
    ends = text.endswith((".", "。", "؟", "?", "!", ";", "；", ",", "،", "，")) or bool(_CLAUSE_GOES_ON.search(text))
    return (ends and structure.word_count(text) > 12) or len(text) > 350


def _lines(blocks: list[Block]) -> list[str]:
    return [ln.strip() for b in blocks for ln in b.text.splitlines() if ln.strip()]


def _set(md: Metadata, name: str, value: object, source: str) -> bool:
    if value in (None, [], ""):
        return False
    if getattr(md, name) in (None, [], ""):
        setattr(md, name, value)
        md.sources[name] = source
    return True


def _title(cover: list[Block], t: LangTables) -> str | None:
    """Title lines of the cover: after the agenda item (or session) line, before the stop."""
    body = [b for b in cover if b.layer == Layer.BODY]
    start = 0
    for i, b in enumerate(body):
        s = b.text.strip()
        if header.agenda(s, t)[0] or header.session(s, t):
            start = i + 1
    parts: list[str] = []
    bold_seen = False
    for b in body[start:]:
        s = " ".join(b.text.split())
        if b.label == Label.TABLE:
            break
        style = b.style or ""
        if bold_seen and "size=" in style and "bold" not in style:
            break  # the title is set in bold; plain text after it is no longer the title
        if any(rx.search(s) for rx in t.sponsor_res):
            break  # "Australia, ... and Uruguay: draft resolution" follows the title
        if not s or any(rx.search(s) for rx in t.cover_skip) or header.job_number(s) \
                or header.is_cover_line(s, t):
            continue
        if any(rx.search(s) for rx in t.resolution_res):
            continue
        if (find_dates(s, t) and len(s) < 40) or (find_symbols(s) and len(s) < 40):
            continue
        if structure.looks_like_title(s) and len(s) > 3:
            parts.append(s)
            bold_seen = bold_seen or "bold" in style
    return " – ".join(parts) if parts else None


def parse(doc: Document) -> Document:
    """Fill ``doc.metadata`` and label the structure (annexes, signatures, titles) in place."""
    lang = doc.language or "en"
    t = tables(lang)
    md = Metadata()
    doc.annexes = structure.mark_annexes(doc.blocks, t)
    mark_tables(doc)
    mark_figures(doc)
    structure.mark_front_matter(doc.blocks)
    structure.mark_preamble(doc.blocks, t)  # may join two blocks: the body is read after it
    body = [b for b in doc.blocks if b.layer == Layer.BODY]
    cover = _cover_blocks(doc, t)
    cover_text = "\n".join(_lines(cover))
    lines = _lines(cover)
    main_text = "\n".join(b.text for b in body if b.annex is None)
    first_page = main_text[:FIRST_PAGE_CHARS]
    full_text = "\n".join(b.text for b in doc.blocks if b.layer in (Layer.BODY, Layer.NOTES))
    furniture = "\n".join(b.text for b in doc.blocks if b.layer == Layer.FURNITURE and b.label != Label.CONTENTS)

    # adopted resolutions: "Resolution 450 (1979) of 14 June 1979" / "Adopted at the 195th meeting"
    _resolution(md, main_text, t)
    # symbols: the cover (and running headers), then the file name
    syms = _own_symbols(cover_text) or _own_symbols(furniture)
    _set(md, "symbols", syms, "cover")
    _set(md, "job_number", header.job_number(cover_text) or header.job_number(furniture), "cover")
    _set(md, "distribution", header.distribution(cover_text, t), "cover")
    _set(md, "original_language", header.original_language(cover_text, t), "cover")
    _set(md, "date", header.date_line(lines, t) or header.distribution_date(lines, t)
         or header.date_beside_symbol(lines, t), "cover")
    organ_lines = [ln for ln in lines if len(ln.split()) <= 8]
    _set(md, "organs", header.organs_in("\n".join(organ_lines), t), "cover")
    _set(md, "session", header.session(cover_text, t), "cover")
    items, which = header.agenda(cover_text, t)
    _set(md, "agenda_items", items, "cover")
    _set(md, "agenda_list", which, "cover")
    _set(md, "doc_type", header.doc_type(lines, t), "cover")

    # letters: title on the first page, else an annex heading ("Annex I to the letter dated ...")
    letter = None
    for source, text in (("cover", cover_text), ("first_page", first_page[:1500]),
                         ("annex_heading", "\n".join(a.heading for a in doc.annexes))):
        letter = structure.letter_info(text, t) if text else None
        if letter:
            _set(md, "doc_type", letter.doc_type, source)
            _set(md, "date", letter.date, source)
            _set(md, "addressee", letter.addressee, source)
            _set(md, "sender_countries", letter.sender_countries, source)
            break
    if letter is None:
        title = _title(cover, t)
        _set(md, "title", structure.sentence_case(title, t) if title else None, "cover")
    else:
        title_block = next((b for b in cover if structure.letter_info(b.text, t)), None)
        if title_block is not None:
            _set(md, "title", " ".join(title_block.text.split()), "cover")

    # what the text says elsewhere
    items, which = header.agenda(first_page, t)
    if _set(md, "agenda_items", items, "first_page"):
        _set(md, "agenda_list", which, "first_page")
    _set(md, "session", header.session(first_page, t), "first_page")
    _set(md, "organs", header.circulation_organs(full_text, t), "text")

    _set(md, "sponsors", structure.sponsors([b.text for b in cover], t), "cover")
    sigs = structure.signatures(doc.blocks, t)
    _set(md, "signatories", sigs, "signature_blocks")
    _set(md, "sender_countries", [s.country for s in sigs if s.country], "signature_blocks")
    refs = extract_references(full_text, lang)

    fn = from_filename(Path(doc.origin.path).name)
    _set(md, "symbols", fn.symbols, "filename")
    _set(md, "date", fn.date, "filename")
    # no day anywhere ("Adopted ... on January 1993"): the year its symbol carries, an ISO 8601 date
    # of year precision as the parallel corpora's (S/RES/801 (1993) is found by --year 1993)
    _set(md, "date", _symbol_year(md.symbols), "symbols")
    # from the symbols, wherever they came from (the header, or the file name when OCR damaged it)
    _set(md, "organs", _symbol_organs(md.symbols), "symbols")
    _set(md, "session", _symbol_session(md.symbols), "symbols")
    if md.doc_type is None and any("/RES/" in s.value for s in md.symbols):
        _set(md, "doc_type", "resolution", "symbols")
    own = {s.value for s in md.symbols}
    md.references = [r for r in refs if r not in own]
    doc.metadata = md
    return doc


def _own_symbols(text: str) -> list[Symbol]:
    out: list[Symbol] = []
    for s in find_symbols(text):
        if all(o.value != s.value for o in out):
            out.append(s)
    return out


def _symbol_year(symbols: list[Symbol]) -> str | None:
    for s in symbols:
        year = parse_symbol(s.value).year
        if year is not None and 1945 <= year <= 2100:
            return str(year)
    return None


def _symbol_organs(symbols: list[Symbol]) -> list[str]:
    out: list[str] = []
    for s in symbols:
        for prefix, organ in SYMBOL_ORGANS:
            if s.value.startswith(prefix):
                if organ not in out:
                    out.append(organ)
                break
    return out


_GA_SESSION = re.compile(r"^A/(?:RES/|DEC/|INF/|HRC/|C\.\d/|[A-Z]+\.\d+/)?(\d{1,3})/")


def _symbol_session(symbols: list[Symbol]) -> int | None:
    for s in symbols:
        m = _GA_SESSION.match(s.value)
        if m:
            return int(m.group(1))
    return None


def _resolution(md: Metadata, text: str, t: LangTables) -> None:
    head = text[:600]
    for rx in t.resolution_res:
        m = rx.search(head)
        if not m:
            continue
        g = m.groupdict()
        num, year = g.get("num"), g.get("year")
        if num and year:
            # Only the Security Council numbers its resolutions "N (YYYY)".
            value = f"S/RES/{int(num)} ({year})"
            _set(md, "symbols", [Symbol(value=value, raw=m.group(0)[:40])], "resolution_header")
            _set(md, "organs", ["SC"], "resolution_header")
        if g.get("date"):
            dates = find_dates(g["date"], t)
            if dates:
                _set(md, "date", dates[0].iso, "resolution_header")
        if g.get("meeting"):
            _set(md, "meeting", int(g["meeting"]), "resolution_header")
        _set(md, "doc_type", "resolution", "resolution_header")
        _set(md, "meeting", header.meeting(text, t), "adoption_line")
        return


__all__ = ["country_codes", "parse"]
