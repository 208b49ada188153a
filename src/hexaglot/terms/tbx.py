"""Term lists as TBX-Basic (ISO 30042:2019, TBX v3, DCA style) and as CSV.

TBX: one ``<conceptEntry>`` per source term, a ``<langSec>`` per language, a ``<termSec>`` per term
(the source term, then each equivalent, best first). What TBX-Basic has a data category for goes
there: the example sentence is a ``context`` (``<descrip>`` in the termSec); counts and scores are
``<note>`` lines; the document symbol of the example is its ``source`` (``<admin>``).

CSV: one row per equivalent (the source term's columns repeated), with the first example of the
term; :func:`read_csv` reads it back into the same :class:`TermEntry` records (only the first example).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from hexaglot.errors import InputError
from hexaglot.export.base import child
from hexaglot.terms.records import Equivalent, Example, TermEntry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_PI = ('href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
             'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
             'schematypens="http://relaxng.org/ns/structure/1.0"')


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    return child(parent, f"{{{TBX_NS}}}{tag}", text, {k.rstrip("_"): v for k, v in attrs.items()})


def tbx_tree(entries: Iterable[TermEntry], src: str, tgt: str) -> etree._ElementTree:
    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: src},
                         nsmap={None: TBX_NS})
    desc = _el(_el(root, "tbxHeader"), "fileDesc")
    _el(_el(desc, "sourceDesc"), "p", f"Bilingual terminology {src}-{tgt} extracted by Hexaglot from the aligned "
        f"sentences of its archive, {datetime.now(UTC).date().isoformat()}.")
    body = _el(_el(root, "text"), "body")
    for n, e in enumerate(entries, 1):
        concept = _el(body, "conceptEntry", id=f"c{n}")
        ls = _el(concept, "langSec")
        ls.set(XML_LANG, e.src_lang)
        ts = _el(ls, "termSec")
        _el(ts, "term", e.term)
        if e.examples:
            _el(ts, "descrip", e.examples[0].src, type="context")
            if e.examples[0].symbol:
                _el(ts, "admin", e.examples[0].symbol, type="source")
        years = f", {e.first_year}-{e.last_year}" if e.first_year else ""
        _el(ts, "note", f"frequency {e.frequency}, documents {e.documents}{years}")
        if len(e.variants) > 1:
            _el(ts, "note", "variants: " + " | ".join(e.variants))
        ls = _el(concept, "langSec")
        ls.set(XML_LANG, e.tgt_lang)
        for q in e.equivalents:
            ts = _el(ls, "termSec")
            _el(ts, "term", q.term)
            ex = next((x for x in e.examples if q.key and q.term in x.tgt), None)
            if ex is not None:
                _el(ts, "descrip", ex.tgt, type="context")
            _el(ts, "note", f"co-occurrences {q.cooccurrences} of {q.frequency}, dice {q.dice}, "
                f"log-likelihood {q.llr}, score {q.score}")
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", SCHEMA_PI))
    return tree


def write_tbx(entries: Iterable[TermEntry], out: str | Path, src: str, tgt: str) -> int:
    """Write the entries as TBX-Basic; returns the concept entries written."""
    entries = list(entries)
    tbx_tree(entries, src, tgt).write(str(out), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return len(entries)


CSV_FIELDS = ["src_lang", "tgt_lang", "term", "key", "variants", "frequency", "documents", "first_year", "last_year",
              "rank", "equivalent", "equivalent_key", "equivalent_variants", "cooccurrences", "equivalent_frequency",
              "dice", "llr", "score", "example_doc", "example_symbol", "example_date", "example_src", "example_tgt"]


def _opt(v: object) -> str:
    return "" if v is None else str(v)


def write_csv(entries: Iterable[TermEntry], out: str | Path | io.TextIOBase) -> int:
    """Write the entries as CSV (UTF-8, a header line); returns the entries written."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_csv(entries, fh)
    w = csv.writer(out)  # type: ignore[arg-type]
    w.writerow(CSV_FIELDS)
    n = 0
    for e in entries:
        n += 1
        ex = e.examples[0] if e.examples else None
        exc = [ex.doc_id, _opt(ex.symbol), _opt(ex.date), ex.src, ex.tgt] if ex else ["", "", "", "", ""]
        head = [e.src_lang, e.tgt_lang, e.term, e.key, " | ".join(e.variants), e.frequency, e.documents,
                _opt(e.first_year), _opt(e.last_year)]
        for r, q in enumerate(e.equivalents or [None], 1):  # type: ignore[list-item]
            if q is None:
                w.writerow([*head, "", "", "", "", "", "", "", "", "", *exc])
                continue
            w.writerow([*head, r, q.term, q.key, " | ".join(q.variants), q.cooccurrences, q.frequency, q.dice,
                        q.llr, q.score, *exc])
    return n


def _int(v: str) -> int | None:
    return int(v) if v else None


def read_csv(source: str | Path | io.TextIOBase) -> list[TermEntry]:
    """The entries of a CSV written by :func:`write_csv`; :class:`InputError` for another file."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8", newline="") as fh:
            return read_csv(fh)
    name = getattr(source, "name", "CSV")
    rows = csv.DictReader(source)  # type: ignore[arg-type]
    if rows.fieldnames != CSV_FIELDS:
        raise InputError(str(name), "not a Hexaglot term list (the header differs)")
    out: list[TermEntry] = []
    for row in rows:
        try:
            if not out or row["rank"] in ("", "1"):  # an entry's first row
                ex = ([Example(doc_id=row["example_doc"], symbol=row["example_symbol"] or None,
                               date=row["example_date"] or None, src=row["example_src"], tgt=row["example_tgt"])]
                      if row["example_doc"] else [])
                out.append(TermEntry(src_lang=row["src_lang"], tgt_lang=row["tgt_lang"], term=row["term"],
                                     key=row["key"], variants=_split(row["variants"]),
                                     frequency=int(row["frequency"]), documents=int(row["documents"]),
                                     first_year=_int(row["first_year"]), last_year=_int(row["last_year"]),
                                     examples=ex))
            if row["rank"]:
                out[-1].equivalents.append(Equivalent(
                    term=row["equivalent"], key=row["equivalent_key"], variants=_split(row["equivalent_variants"]),
                    cooccurrences=int(row["cooccurrences"]), frequency=int(row["equivalent_frequency"]),
                    dice=float(row["dice"]), llr=float(row["llr"]), score=float(row["score"])))
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(str(name), f"line {rows.line_num}: {exc}") from None
    return out


def _split(v: str) -> list[str]:
    return v.split(" | ") if v else []
