"""Figure captions: the label line of a figure ("Figure I", "Chart 2: Expenditure", "Map") and the
title and unit lines under it become ``CAPTION`` blocks of the body, in reading order.

A figure (a picture, a chart drawn as shapes) holds no text the readers keep as prose (the text
boxes of a chart are boxes); its caption is what the reader of the text sees of it. Unlike a table's
caption (:mod:`hexaglot.parse.table_context`), a figure caption points at no table (``table`` is
None) and stays prose of the body or its annex: ``parse --json`` keeps it in ``body`` (or the
annex's ``paragraphs``) with the label ``caption``, and segmentation makes it a ``title`` unit.

A caption is:

* a label line: a figure word and a number ("Figure I", "Annex II, figure 1", "Chart 3. Trends"),
  whose title, if any, does not go on in lower case ("Figure 2 shows ..." is a sentence), at most
  :data:`CAPTION_MAX` characters, not ending like a clause (``;`` or ``,``); or a line that is only
  a figure word ("Map", "Organization chart") — unless it is its annex's heading or title, which
  the annex record holds;
* after a label line with no title of its own, the title line under it (short, no final stop);
  after either, a unit line in parentheses ("(Millions of United States dollars)").

The figure words come from ``langs/<code>/tabular.toml`` (``figure``; ``annex`` for the prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hexaglot.langs import table as lang_table
from hexaglot.model import Annex, Block, Document, Label, Layer

CAPTION_MAX = 250
TITLE_MAX = 160  # a title line under a bare figure label
_LABELS = frozenset({Label.PARAGRAPH, Label.HEADING, Label.TITLE, Label.LINE, Label.OTHER})
_UNITS = re.compile(r"^\(.*\)$", re.DOTALL)
_SECTION = re.compile(r"^\(?(?:\d{1,3}|[IVXLC]{1,6}|[A-Z])[.)]\s")  # "A. ...", "2. ...", "IV. ..."
_NUM = r"(?:\d+|[IVXLC]+|[A-Z])(?:[.\-]\d+)?"


@dataclass(frozen=True)
class FigureWords:
    label: re.Pattern[str]  # "Figure I", "Annex II, figure 1"
    bare: re.Pattern[str]  # the whole line is a figure word: "Map", "Organization charts"


@cache
def figure_words(lang: str) -> FigureWords | None:
    """The compiled figure words of a language, or None when it lists none."""
    data = lang_table(lang, "tabular")
    figure = "|".join(data.get("figure", []))
    if not figure:
        return None
    annex = "|".join(data.get("annex", [])) or r"(?!)"
    label = re.compile(rf"^(?:(?:{annex})\s*(?:{_NUM})?\s*[,.:،，]?\s*)?(?:{figure})(?:\s+{_NUM}|\s*\d+(?:[.\-]\d+)?)(?!\w)",
                       re.IGNORECASE)  # "Figure I", "Figure 2": "Maps" is no "Map s"
    bare = re.compile(rf"^(?:{figure})\s*[.:：]?$", re.IGNORECASE)
    return FigureWords(label, bare)


def mark_figures(doc: Document) -> None:
    """Label the figure captions of the body ``CAPTION`` (in place; run after the tables' captions)."""
    w = figure_words(doc.language or "en")
    if w is None:
        return
    annex_lines = {(a.label, text) for a in doc.annexes for text in _annex_texts(a)}
    blocks = doc.blocks
    for pos, b in enumerate(blocks):
        if not _free(b) or b.label == Label.CAPTION:
            continue
        text = " ".join(b.text.split())
        titled = _label_line(text, w)
        if titled is None:
            if not w.bare.match(text) or (b.annex, text) in annex_lines:
                continue
            titled = True  # "Map": a figure word alone takes no title line
        b.label = Label.CAPTION
        for i in _next_body(blocks, pos):
            nxt = blocks[i]
            line = " ".join(nxt.text.split())
            if not _free(nxt) or nxt.box != b.box:
                break
            if _UNITS.match(line):
                nxt.label = Label.CAPTION
                break
            if titled or not _title_line(line, w):
                break
            nxt.label, titled = Label.CAPTION, True


def _annex_texts(a: Annex) -> list[str]:
    texts = (a.heading, a.title, f"{a.heading} {a.title}" if a.title else None)
    return [" ".join(t.split()) for t in texts if t]


def _free(b: Block) -> bool:
    return (b.layer == Layer.BODY and b.table is None and b.label in _LABELS | {Label.CAPTION}
            and len(b.text) <= CAPTION_MAX)


def _label_line(text: str, w: FigureWords) -> bool | None:
    """Whether a figure label line carries its title (None: it is no figure label)."""
    m = w.label.match(text)
    if m is None or text.endswith((";", ",")):
        return None
    rest = text[m.end():].lstrip(" .:-–—")
    if rest[:1].islower():
        return None  # "Figure 2 shows that ...": a sentence about the figure
    return bool(rest)


def _title_line(text: str, w: FigureWords) -> bool:
    return (len(text) <= TITLE_MAX and not text.endswith((".", ";", ":", ",")) and not _SECTION.match(text)
            and w.label.match(text) is None and w.bare.match(text) is None)


def _next_body(blocks: list[Block], pos: int) -> list[int]:
    """The two body blocks after ``pos`` (furniture skipped; a footnote ends the run)."""
    out: list[int] = []
    i = pos + 1
    while i < len(blocks) and len(out) < 2:
        if blocks[i].layer == Layer.BODY:
            out.append(i)
        elif blocks[i].layer == Layer.NOTES:
            break
        i += 1
    return out
