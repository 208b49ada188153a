"""The files of a pre-translation: XLIFF 1.2, a TMX of the matches and the HTML analysis.

XLIFF 1.2, not 2.x: translate-toolkit's ``translate.storage.xliff`` reads 1.2 with its translation
candidates (``<alt-trans match-quality=…>``, :meth:`getalttrans`), while its XLIFF 2 reader has no
candidates (2.x keeps them in the optional Translation Candidates module, which few tools read);
OmegaT, Trados, memoQ and Okapi all read 1.2 ``alt-trans``. Each ``<trans-unit>`` holds the draft
segment; an exact or in-context match (100, 101) fills ``<target>`` (``state="needs-review-translation"``,
``state-qualifier="exact-match"``), fuzzy ones stay candidates only. Each ``<alt-trans>`` carries the
archived source and target, the score, the document (``origin``), and in a ``<context-group>`` the
date and alignment score; a ``<note>`` marks what changed from its source to the draft
(``[-old-]{+new+}``), another which of the draft's tags were placed by position.

A draft segment's inline markup (:mod:`hexaglot.pretranslate.markup`) is written as XLIFF 1.2 inline
codes holding the code as written, in the ``<source>`` and in each proposal's ``<target>`` with the same
``id``: ``<bpt>``/``<ept>`` for a paired tag (``<bpt id="1" ctype="italic">&lt;i&gt;</bpt>``),
``<ph>`` for an empty tag or a footnote call, ``<it pos="open|close">`` for an isolated one. They keep
the native code, as the file has no skeleton to restore it from (``<g>``/``<x/>`` would lose it), and
unlike ``<g>`` they need not nest, so a tag the alignment placed across another stays valid.
:func:`xliff_errors` checks against ``export/xliff12.rng``, which allows these four elements in
``<source>`` and ``<target>`` as the specification's strict schema defines them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hexaglot.errors import InputError
from hexaglot.export.base import XML_LANG, check_folder
from hexaglot.export.xliff import (  # the pieces the xliff export shares; the schema is export/xliff12.rng
    SCHEMA_PATH,  # noqa: F401  (xliff_errors and SCHEMA_PATH are still importable from here)
    TOOL_ID,
    XLIFF_NS,
    q,
    tool_attributes,
    xliff_child,
    xliff_errors,  # noqa: F401
)
from hexaglot.pretranslate.markup import CLOSE, EMPTY, OPEN, Marked, Tag, strip_markup
from hexaglot.pretranslate.records import Candidate, Pretranslation
from hexaglot.store.records import Pair

_DELIMITER_TYPES = {"b": "bold", "strong": "bold", "**": "bold", "__": "bold", "i": "italic", "em": "italic",
                    "*": "italic", "_": "italic", "u": "underlined", "a": "link"}
_PLACEHOLDER_TYPES = {"br": "lb", "img": "image"}


def _ctype(tag: Tag) -> str:
    if tag.kind == EMPTY:
        return _PLACEHOLDER_TYPES.get(tag.name, f"x-html-{tag.name}")
    return _DELIMITER_TYPES.get(tag.name, f"x-html-{tag.name}" if tag.name[:1].isalpha() else "x-markdown")


def inline(element: Any, text: Marked) -> Any:
    """``element`` holding ``text`` with its tags as XLIFF 1.2 inline codes (see the module)."""
    from lxml import etree

    at = 0
    last: Any = None
    for tag in sorted(text.tags, key=lambda t: t.pos):
        chunk = text.text[at:tag.pos]
        if last is None:
            element.text = (element.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        at = tag.pos
        if tag.kind == EMPTY:
            last = etree.SubElement(element, q("ph"), id=str(tag.id), ctype=_ctype(tag))
        elif not tag.paired:
            last = etree.SubElement(element, q("it"), id=str(tag.id),
                                    pos="open" if tag.kind == OPEN else "close", ctype=_ctype(tag))
        elif tag.kind == CLOSE:
            last = etree.SubElement(element, q("ept"), id=str(tag.id))
        else:
            last = etree.SubElement(element, q("bpt"), id=str(tag.id), ctype=_ctype(tag))
        last.text = tag.code
    rest = text.text[at:]
    if last is None:
        element.text = (element.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest
    return element


def _fmt(score: float) -> str:
    return f"{score:.0f}" if score == int(score) else f"{score:.1f}"


def xliff_bytes(p: Pretranslation) -> bytes:
    """The XLIFF 1.2 document of one pre-translation."""
    from lxml import etree

    el = xliff_child
    root = etree.Element(q("xliff"), nsmap={None: XLIFF_NS}, version="1.2")
    f = el(root, "file", original=Path(p.draft).name, source_language=p.src_lang, target_language=p.tgt_lang,
           datatype="plaintext", tool_id=TOOL_ID)
    header = el(f, "header")
    el(header, "tool", **tool_attributes())
    el(header, "note", f"Pre-translated from the archive; candidates at or above {_fmt(p.threshold)}%.")
    body = el(f, "body")
    for s in p.segments:
        tu = el(body, "trans-unit", id=str(s.index + 1), approved="no")
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        inline(el(tu, "source"), strip_markup(s.source))
        top = s.candidates[0] if s.candidates else None
        if top is not None and top.score >= 100:
            inline(el(tu, "target", state="needs-review-translation", state_qualifier="exact-match"), _proposal(top))
        for c in s.candidates:
            alt = el(tu, "alt-trans", match_quality=_fmt(c.score), origin=c.symbol or c.doc_id, tool_id=TOOL_ID)
            el(alt, "source", c.source)
            inline(el(alt, "target"), _proposal(c)).set(XML_LANG, p.tgt_lang)
            group = el(alt, "context-group", purpose="match", name="archive")
            for kind, value in (("x-date", c.date), ("x-document", c.doc_id), ("x-alignment-score",
                                                                                f"{c.align_score:.3f}")):
                if value:
                    el(group, "context", value, context_type=kind)
            el(alt, "note", _difference(c), **{"from": "hexaglot"})
            if c.markup_note:
                el(alt, "note", c.markup_note, annotates="target", **{"from": "hexaglot"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _difference(c: Candidate) -> str:
    """The note of what changed from the archived source to the draft segment."""
    if c.score >= 100:
        return "identical source"
    if c.placed is not None and c.placed.tags and all(x.op == "equal" for x in c.changes):
        return "identical source but for the draft's inline markup"
    return c.diff


def _proposal(c: Candidate) -> Marked:
    """A candidate's proposal as text and tags (its ``placed`` markup; none when the draft had none)."""
    return c.placed if c.placed is not None else Marked(c.target)


def match_pairs(results: Sequence[Pretranslation]) -> Iterator[Pair]:
    """Every candidate as a :class:`Pair` (the archived source and target as stored, not the
    proposal with the draft's paragraph number), once per text pair."""
    seen: set[tuple[str, str, str]] = set()
    for p in results:
        for s in p.segments:
            for c in s.candidates:
                key = (p.tgt_lang, c.source, c.stored_target)
                if key in seen:
                    continue
                seen.add(key)
                yield Pair(doc_id=c.doc_id, symbol=c.symbol, date=c.date, src_lang=p.src_lang, tgt_lang=p.tgt_lang,
                           src=c.source, tgt=c.stored_target, score=c.align_score, src_ids=c.src_ids, tgt_ids=c.tgt_ids,
                           kind=c.kind)


def write_tmx(p: Pretranslation, out: Path) -> tuple[int, dict[str, int]]:
    """The TMX of the matches (:mod:`hexaglot.export.tmx`), cleaned as ``export --clean`` cleans
    (:mod:`hexaglot.export.clean`); returns the units written and those dropped per reason."""
    from hexaglot.export.clean import Cleaner
    from hexaglot.export.tmx import TmxExporter

    cleaner = Cleaner(p.src_lang, p.tgt_lang)
    pairs = list(match_pairs([p]))
    cleaner.count(pairs)
    exporter = TmxExporter()
    exporter.props = cleaner.props
    n = exporter.write(cleaner.clean(pairs), out, p.src_lang, p.tgt_lang)
    return n, cleaner.report.dropped


def check_out(out: str | Path, targets: int) -> None:
    """Refuse, before any work, an ``out`` that cannot be written: for one target a folder, or a file
    in a folder that does not exist; for several a file, or a folder whose parent does not exist
    (``out`` itself is made, never the folders above it)."""
    out = Path(out)
    if targets == 1 and out.is_dir():
        raise InputError(str(out), "is a folder: with one target language -o names the XLIFF file")
    if targets > 1 and out.exists() and not out.is_dir():
        raise InputError(str(out), "is a file: with several target languages -o names a folder")
    if targets > 1 and not out.exists() and out.suffix.lower() in (".xlf", ".xliff", ".tmx", ".html"):
        raise InputError(str(out), "names a file, but with several target languages -o names a folder "
                                   f"(e.g. {out.with_suffix('')}/: one <draft>.<tgt>.xlf per target)")
    check_folder(out, out.parent if targets == 1 or not out.exists() else out)


def outputs(results: Sequence[Pretranslation], out: str | Path) -> list[tuple[Pretranslation, Path]]:
    """Where each target's XLIFF goes: ``out`` itself for one target; ``out/<draft>.<tgt>.xlf``
    for several (``out`` is then a folder)."""
    out = Path(out)
    check_out(out, len(results))
    if len(results) == 1:
        return [(results[0], out)]
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(str(out), f"cannot make the folder ({exc.strerror})") from None
    return [(p, out / xliff_name(p.draft, p.tgt_lang)) for p in results]


def xliff_name(draft: str | Path, tgt: str) -> str:
    """The XLIFF file of one target in an output folder: ``<draft>.<tgt>.xlf`` (``draft.en.docx`` →
    ``draft.fr.xlf``)."""
    return f"{Path(draft).stem.split('.')[0] or 'draft'}.{tgt}.xlf"


def write_outputs(results: Sequence[Pretranslation], out: str | Path) -> list[Path]:
    """Write each target's XLIFF, its TMX and its HTML analysis beside it (same name, ``.tmx`` and
    ``.html``); returns the files written."""
    from hexaglot.pretranslate.report import report_html

    written: list[Path] = []
    for p, xlf in outputs(results, out):
        try:
            xlf.write_bytes(xliff_bytes(p))
            tmx = xlf.with_suffix(".tmx")
            _, dropped = write_tmx(p, tmx)
            html_path = xlf.with_suffix(".html")
            html_path.write_text(report_html(p, dropped), encoding="utf-8")
        except OSError as exc:
            raise InputError(str(xlf), f"cannot write ({exc.strerror})") from None
        written += [xlf, tmx, html_path]
    return written
