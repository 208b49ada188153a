"""UN Digital Library MARC21 XML: catalogue records attached to documents (or catalogue-only entries).

Parsed with lxml without resolving entities or touching the network. Every string goes through
:func:`hexaglot.read.encoding.repair_mojibake` (the Library's exports double-encode UTF-8).
Related documents (993: 1 = resulting resolution, 3 = committee report; 991 $a = agenda document)
join the reference graph.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

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
    doc_type: str | None
    subjects: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    agenda: list[dict[str, str]] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (kind, symbol)
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # language label -> url, size


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


#: the Digital Library's resource types (989 $b) as the parser's document types, where the title
#: does not say ("Draft Resolutions and Decisions": the title says draft resolution or decision)
_RESOURCE_TYPES = {"Draft Resolutions and Decisions": "draft_resolution", "Reports": "report",
                   "Resolutions and Decisions": "resolution", "Letters and Notes Verbales": "letter"}


def catalogue_type(r: CatalogueRecord) -> str | None:
    """The record's document type in the archive's words (``draft_resolution``, ``report``, ...): what
    its title says, read with the English parser's rules ("... : revised draft resolution"), else its
    resource type; the catalogue's own wording stays in the record."""
    from hexaglot.parse.header import doc_type
    from hexaglot.parse.tables import tables

    found = doc_type([r.title], tables("en")) if r.title else None
    if found:
        return found
    kinds = (r.doc_type or "").split(" / ")
    return next((_RESOURCE_TYPES[k] for k in kinds[1:] if k in _RESOURCE_TYPES), None)


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
            if tag == "191" and r.symbol is None:
                r.symbol = first("a")
            elif tag == "245":
                r.title = " ".join(x for x in (first("a"), first("b")) if x).rstrip(" /:") or None
            elif tag == "269":
                r.date = first("a")
            elif tag == "981":
                r.body = first("a")
            elif tag == "989":
                r.doc_type = " / ".join(x for x in (first("a"), first("b")) if x) or None
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
