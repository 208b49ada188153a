"""Word coverage: does the parsed JSON hold every word of the source?

One tokenisation serves both sides: ``\\w+`` runs, case-folded (:func:`tokens`). The reference of a
DOCX is the printed text of its ``word/document.xml`` (:func:`docx_reference`): the ``w:t`` runs,
joined within their paragraph, without deleted text, field instructions or the ``mc:Fallback``
copy of a shape. The parsed side is the text of the five places a word may live in
:func:`hexaglot.parse.summary.summary` (:data:`PLACES`), or a subset of them.

``recall`` is the share of reference tokens found (bag of words, each occurrence counted once);
``excess`` is the share of parsed tokens the reference does not account for (duplicates, or words
from parts outside ``document.xml`` such as headers and footnotes).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TOKEN = re.compile(r"\w+")
PLACES: tuple[str, ...] = ("body", "annexes", "tables", "footnotes", "furniture")
CONTENT: tuple[str, ...] = ("body", "annexes", "tables")


def tokens(text: str) -> Counter[str]:
    """The case-folded bag of ``\\w+`` tokens of a text."""
    return Counter(t.casefold() for t in TOKEN.findall(text))


def docx_reference(data: bytes, part: str = "word/document.xml") -> str:
    """The printed text of one part of a DOCX package, one paragraph per line."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read(part)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    root = etree.fromstring(xml, parser)
    paras: dict[Any, list[str]] = {}
    order: list[Any] = []
    for t in root.iter(W + "t", W + "tab", W + "br"):
        para = None
        skip = False
        anc = t.getparent()
        while anc is not None:
            if anc.tag == MC + "Fallback":
                skip = True
                break
            if para is None and anc.tag == W + "p":
                para = anc
            anc = anc.getparent()
        if skip:
            continue
        if para not in paras:
            paras[para] = []
            order.append(para)
        paras[para].append(t.text or "" if t.tag == W + "t" else " ")
    return "\n".join("".join(paras[p]) for p in order)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _table_strings(t: dict[str, Any]) -> Iterator[str]:
    yield from (x for x in (t.get("label"), t.get("caption")) if x)
    for rows in (t.get("header", []), t.get("rows", [])):
        yield from _strings(rows)
    yield from _strings(t.get("notes", []))


def _annex_strings(a: dict[str, Any]) -> Iterator[str]:
    yield from (x for x in (a.get("heading"), a.get("title")) if x)
    yield from _strings(a.get("paragraphs", []))


def summary_text(s: dict[str, Any], places: Iterable[str] = PLACES) -> str:
    """The text of the chosen places of a :func:`~hexaglot.parse.summary.summary` (derived fields
    such as ``headings``, ``labels`` or ``spans`` excluded)."""
    parts: list[str] = []
    for place in places:
        value = s.get(place, [])
        if place == "tables":
            parts += [x for t in value for x in _table_strings(t)]
        elif place == "annexes":
            parts += [x for a in value for x in _annex_strings(a)]
        elif place == "footnotes":
            parts += [f"{f.get('mark', '')} {f.get('text', '')}" for f in value]
        else:
            parts += list(_strings(value))
    return "\n".join(parts)


@dataclass(frozen=True)
class Coverage:
    reference: int  # tokens in the reference
    found: int  # reference tokens found in the parsed text
    parsed: int  # tokens in the parsed text
    excess: int  # parsed tokens the reference does not account for

    @property
    def recall(self) -> float:
        return self.found / self.reference if self.reference else 1.0

    @property
    def excess_rate(self) -> float:
        return self.excess / self.parsed if self.parsed else 0.0


def coverage(reference: str | Counter[str], parsed: str | Counter[str]) -> Coverage:
    """Bag-of-words coverage of ``reference`` by ``parsed`` (text or token bags)."""
    ref = tokens(reference) if isinstance(reference, str) else reference
    got = tokens(parsed) if isinstance(parsed, str) else parsed
    found = sum(min(n, got[w]) for w, n in ref.items())
    excess = sum(max(0, n - ref[w]) for w, n in got.items())
    return Coverage(sum(ref.values()), found, sum(got.values()), excess)


def missing(reference: str, parsed: str, top: int = 20) -> list[tuple[str, int]]:
    """The reference tokens most often missing from the parsed text."""
    lack = tokens(reference) - tokens(parsed)
    return lack.most_common(top)
