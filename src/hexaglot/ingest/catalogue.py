"""UN Digital Library MARC21 XML: catalogue records attached to documents (or catalogue-only entries).

Parsed with lxml without resolving entities or touching the network. Every string goes through
:func:`hexaglot.read.encoding.repair_mojibake` (the Library's exports double-encode UTF-8).
Related documents (993: 1 = resulting resolution, 3 = committee report; 991 $a = agenda document)
join the reference graph.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hexaglot.errors import InputError
from hexaglot.search.index import SearchIndex
from hexaglot.store.db import Store
from hexaglot.store.read import index_rows
from hexaglot.store.records import DocumentData, Facets

MARC = "{http://www.loc.gov/MARC21/slim}"
_BODIES = {"General Assembly": "GA", "Security Council": "SC", "Economic and Social Council": "ECOSOC",
           "Human Rights Council": "HRC"}
_RELATED = {"1": "resolution", "3": "report"}


@dataclass
class CatalogueRecord:
    recid: str
    symbol: str | None
    title: str | None
    date: str | None
    body: str | None
    doc_type: str | None  # the catalogue's own wording: every 989 field, "; " between them
    subjects: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    agenda: list[dict[str, str]] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (kind, symbol)
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # language label -> url, size
    symbols: list[str] = field(default_factory=list)  # every 191 $a, the first being ``symbol``
    types: list[list[str]] = field(default_factory=list)  # each 989 field: its $a, $b, $c terms


def _fix(s: str | None) -> str | None:
    if s is None:
        return None
    from hexaglot.read.encoding import repair_mojibake

    return repair_mojibake(s)[0].strip()


def _subs(df: object, code: str, ns: str = MARC) -> list[str]:
    return [_fix(sf.text) or "" for sf in df.iterfind(f"{ns}subfield[@code='{code}']")]  # type: ignore[attr-defined]


_FIELDS = ("leader", "controlfield", "datafield")


def _no_records(path: str | Path, root_tag: str) -> InputError:
    from lxml import etree

    name = etree.QName(root_tag).localname if root_tag else "?"
    return InputError(str(path), f"no MARC21 records (root element <{name}>); --catalogue reads UN Digital "
                                 "Library MARC21 XML (<collection> of <record> elements)")


def _records(root: object) -> tuple[list[object], str]:
    """The ``<record>`` elements and their namespace: MARC21 slim, or none (some exports leave the
    namespace out: a record is taken as MARC when it holds a leader, control or data field)."""
    found = list(root.iter(f"{MARC}record"))  # type: ignore[attr-defined]
    if found:
        return found, MARC
    plain = [r for r in root.iter("record") if any(c.tag in _FIELDS for c in r)]  # type: ignore[attr-defined]
    return plain, ""


def check_marc(path: str | Path) -> None:
    """Raise :class:`InputError` unless ``path`` is XML holding at least one MARC21 record; reads only
    as far as the first record, so a large file costs nothing (the CLI checks before an archive is made)."""
    from lxml import etree

    root_tag, open_record = "", False
    try:
        for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                     load_dtd=False, huge_tree=False):
            if not isinstance(el.tag, str):
                continue
            root_tag = root_tag or el.tag
            q = etree.QName(el)
            if open_record and q.localname in _FIELDS:
                return
            open_record = q.localname == "record" and q.namespace in (None, MARC[1:-1])
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"not a readable MARC21 XML file ({exc})") from None
    raise _no_records(path, root_tag)


#: the Digital Library's resource types (989 $b or $c) as document types: the first is the type the
#: term means by itself, the others those the record's title may name instead (a record of "Draft
#: Resolutions and Decisions" whose title ends "draft decision" is a draft decision)
_RESOURCE_TYPES: dict[str, tuple[str, ...]] = {
    "Draft Resolutions and Decisions": ("draft_resolution", "draft_decision"),
    "Resolutions and Decisions": ("resolution", "decision"),
    "Reports": ("report",),
    "Letters and Notes Verbales": ("letter",),
}

#: the form a catalogue title ends with (after its last " : ", 245 $b: "... : revised draft resolution",
#: "... : statement", "... : note by the Secretary-General"); where several match, the one that starts
#: first names the form ("note by the Secretary-General transmitting the report ..." is a note)
_TITLE_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b(?:{words})\b", re.IGNORECASE), name) for words, name in (
        (r"draft\s+resolutions?", "draft_resolution"),
        (r"draft\s+decisions?", "draft_decision"),
        (r"statements?", "statement"),
        (r"notes?\s+verbales?|letters?", "letter"),
        (r"notes?", "note"),
        (r"reports?", "report"),
        (r"provisional\s+agenda", "provisional_agenda"),
        (r"summary\s+records?", "summary_record"),
        (r"verbatim\s+records?", "verbatim_record"),
        (r"resolutions?", "resolution"),
        (r"decisions?", "decision"),
    ))

#: what a symbol's series says of the document, the last resort: ``/L.`` a limited-distribution draft
_SYMBOL_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/RES/"), "resolution"),
    (re.compile(r"/L\.\d"), "draft_resolution"),
    (re.compile(r"/PV\.\d"), "verbatim_record"),
    (re.compile(r"/SR\.\d"), "summary_record"),
)


def _field_types(r: CatalogueRecord) -> list[tuple[str, ...]]:
    """The document types each of the record's type fields (989) allows, its most specific known
    term first ($c, then $b, then $a); a field of no known term ("Documents and Publications" alone)
    allows none."""
    out: list[tuple[str, ...]] = []
    for terms in r.types:
        known = next((_RESOURCE_TYPES[t] for t in reversed(terms) if t in _RESOURCE_TYPES), None)
        if known and known not in out:
            out.append(known)
    return out


def _ending_type(title: str | None) -> str | None:
    """The type the title's ending names: the words after its last " : " ("... : statement")."""
    if not title or " : " not in title:
        return None
    ending = title.rsplit(" : ", 1)[1]
    found = [(m.start(), k, name) for k, (rx, name) in enumerate(_TITLE_ENDINGS) if (m := rx.search(ending))]
    return min(found)[2] if found else None


def _symbol_type(symbol: str | None) -> str | None:
    return next((name for rx, name in _SYMBOL_TYPES if symbol and rx.search(symbol)), None)


#: the steps of :func:`classify`, in their order
TYPE_STEPS = ("type field", "title ending", "title", "symbol")


def classify(r: CatalogueRecord) -> tuple[str | None, str | None]:
    """``(type, step)``: the record's document type in the archive's words (``draft_resolution``,
    ``report``, ...) and the step of :data:`TYPE_STEPS` that gave it (``(None, None)``: none did).

    1. the record's own type fields (989, the Library's resource types); where they allow several
       types (a draft resolution filed under both "Reports" and "Draft Resolutions and Decisions"), the
       one the title's ending, the title's first words or the symbol names, else the first field's;
    2. the title's ending ("... programme budget implications of draft resolution X : statement");
    3. the title's first words, read with the English parser's rules ("Report of the ...");
    4. the symbol's series (``/L.`` a draft resolution, ``/RES/`` a resolution).
    The catalogue's own wording stays in the record (``doc_type``)."""
    from hexaglot.parse.header import doc_type
    from hexaglot.parse.tables import tables

    ending = _ending_type(r.title)
    first = doc_type([r.title], tables("en")) if r.title else None
    by_symbol = _symbol_type(r.symbol)
    allowed = _field_types(r)
    if allowed:
        choices = [t for types in allowed for t in types]
        named = next((t for t in (ending, first, by_symbol) if t in choices), None)
        return named or allowed[0][0], TYPE_STEPS[0]
    for found, step in zip((ending, first, by_symbol), TYPE_STEPS[1:], strict=True):
        if found:
            return found, step
    return None, None


def catalogue_type(r: CatalogueRecord) -> str | None:
    """The record's document type in the archive's words; see :func:`classify`."""
    return classify(r)[0]


@dataclass(frozen=True)
class LanguageFile:
    """One language version a catalogue record lists (856): its UN language code when known, the
    record's label for it, its address (``None`` unless http or https) and size in bytes."""

    lang: str | None
    label: str
    url: str | None
    size: int | None


_FILE_LANG = re.compile(r"-([A-Za-z]{2})\.[A-Za-z0-9]+\Z")


def _label_lang(label: str, url: str) -> str | None:
    """The UN language of a file: its label ("Français", "English", in the language itself, as the
    Library writes it) or, failing that, its file name's ending ("…-FR.pdf")."""
    from babel import Locale

    from hexaglot.model import LANGS

    for code in LANGS:
        if label.casefold() in {Locale(code).languages[code].casefold(), Locale("en").languages[code].casefold()}:
            return code
    m = _FILE_LANG.search(url.split("?", 1)[0])
    return m.group(1).lower() if m and m.group(1).lower() in LANGS else None


def language_files(record: dict[str, Any]) -> list[LanguageFile]:
    """The language versions a stored catalogue record lists, in the UN's order of languages (those
    of no UN language after them, in the record's order)."""
    from hexaglot.model import lang_order

    out = []
    for label, f in (record.get("files") or {}).items():
        f = f if isinstance(f, dict) else {"url": str(f)}
        url = str(f.get("url") or "")
        size = str(f.get("size") or "")
        out.append(LanguageFile(lang=_label_lang(str(label), url), label=str(label),
                                url=url if re.match(r"https?://", url, re.IGNORECASE) else None,
                                size=int(size) if size.isdigit() else None))
    return sorted(out, key=lambda f: (f.lang is None, lang_order(f.lang) if f.lang else (0, "")))


def record_symbols(record: dict[str, Any]) -> list[str]:
    """The symbols a stored catalogue record gives its document (records stored before ``symbols``
    was kept give their first symbol only)."""
    found = record.get("symbols") or ([record["symbol"]] if record.get("symbol") else [])
    return [_normalize(str(s)) for s in found]


def _agenda_items(r: CatalogueRecord) -> list[str]:
    """The record's agenda items as the parser writes them: "71b" and "71b[21]" are "71 (b)"."""
    from hexaglot.parse.header import normalize_item

    out: list[str] = []
    for a in r.agenda:
        if a.get("b") and (item := str(normalize_item(a["b"]))) not in out:
            out.append(item)
    return out


def parse_marc(path: str | Path) -> list[CatalogueRecord]:
    """Every record of a MARC21 XML file (with the MARC21 slim namespace, or without one); a file
    without any (a TMX, a TBX, an empty collection) is an :class:`InputError` naming its root element."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"not a readable MARC21 XML file ({exc})") from None
    records, ns = _records(root)
    if not records:
        raise _no_records(path, root.tag)
    out = []
    for rec in records:
        ctrl = {c.get("tag"): (c.text or "") for c in rec.iterfind(f"{ns}controlfield")}
        r = CatalogueRecord(recid=ctrl.get("001", ""), symbol=None, title=None, date=None, body=None, doc_type=None)
        for df in rec.iterfind(f"{ns}datafield"):
            tag = df.get("tag")
            first = lambda code, df=df: next(iter(_subs(df, code, ns)), None)  # noqa: E731
            if tag == "191":
                r.symbols += [x for x in _subs(df, "a", ns) if x]
                r.symbol = r.symbol or first("a")
            elif tag == "245":
                r.title = " ".join(x for x in (first("a"), first("b")) if x).rstrip(" /:") or None
            elif tag == "269":
                r.date = first("a")
            elif tag == "981":
                r.body = first("a")
            elif tag == "989":
                terms = [x for code in "abc" if (x := first(code))]
                if terms:
                    r.types.append(terms)
                r.doc_type = "; ".join(" / ".join(t) for t in r.types) or None
            elif tag == "650":
                r.subjects += _subs(df, "a", ns)
            elif tag == "710":
                r.sponsors += _subs(df, "a", ns)
            elif tag == "991":
                r.agenda.append({k: v for k in "abcd" if (v := first(k))})
            elif tag == "993":
                for s in _subs(df, "a", ns):
                    r.related.append((_RELATED.get(df.get("ind1", "").strip(), "related"), s))
            elif tag == "856" and first("y"):
                r.files[first("y") or ""] = {"url": first("u") or "", "size": first("s") or ""}
        out.append(r)
    return out


def _normalize(symbol: str) -> str:
    from hexaglot.parse.symbols import normalize_symbol

    return normalize_symbol(symbol) or symbol.strip()


def ingest_catalogue(store: Store, index: SearchIndex, path: str | Path) -> int:
    """Attach every record of a MARC file; returns the number of records."""
    records = parse_marc(path)
    for r in records:
        if not r.symbol:
            continue
        symbol = _normalize(r.symbol)
        doc_id = store.doc_id_for_symbol(symbol) or symbol
        organs = [o for name, o in _BODIES.items() if r.body and r.body.startswith(name)]
        session = None
        parts = symbol.split("/")
        for p in parts[1:]:
            if p.isdigit():
                session = int(p)
                break
        facets = Facets(symbol=symbol, title=r.title, date=r.date, organs=organs, session=session,
                        doc_type=catalogue_type(r), agenda=_agenda_items(r))
        refs = [(_normalize(s), kind) for kind, s in r.related]
        refs += [(_normalize(a["a"]), "agenda") for a in r.agenda if a.get("a")]
        d = DocumentData(id=doc_id, kind="catalogue", facets=facets, refs=refs)
        store.write_catalogue(d, r.recid, asdict(r))
        with store.snapshot() as c:
            rows = list(index_rows(c, [doc_id]))
        if rows:  # the document has text: its facets may have changed
            index.replace_documents([doc_id], rows)
    index.commit()
    return len(records)
