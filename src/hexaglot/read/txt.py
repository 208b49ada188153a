"""Plain-text reader: decode, normalise newlines, one ``LINE`` block per line.

Blank lines are kept as empty ``LINE`` blocks so that the clean stage can see paragraph breaks; each
block's span points into the decoded text with newlines normalised to ``\\n`` (the text the document
"said"; :func:`raw_text` rebuilds it).
"""

from __future__ import annotations

import re
from pathlib import Path

from hexaglot.model import Block, Document, Label, Origin, Span
from hexaglot.read.base import Reader, doc_id_for, register
from hexaglot.read.encoding import decode, decode_warnings

# CRLF, lone CR, and the Unicode line separators (NEL, LS, PS) all end a line.
_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


def normalise_newlines(text: str) -> str:
    """``\\r\\n``, ``\\r``, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR → ``\\n``."""
    return _NEWLINES.sub("\n", text)


def line_blocks(text: str) -> list[Block]:
    """One ``LINE`` block per line of ``text`` (newlines already normalised), spans into ``text``.

    A final newline does not make an extra empty line. Form feeds (page breaks in ``pdftotext``
    output) stay in the text and number the pages: when the text has any, every block gets ``page``
    (1 + the form feeds before the line ends).
    """
    blocks: list[Block] = []
    start = 0
    paged = "\f" in text
    page = 1
    lines = text.split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    for line in lines:
        end = start + len(line)
        page += line.count("\f")
        block = Block(text=line, orig=line, label=Label.LINE, span=Span(start=start, end=end))
        if paged:
            block.page = page
        blocks.append(block)
        start = end + 1
    return blocks


def raw_text(doc: Document) -> str:
    """The decoded, newline-normalised text a TXT document was read from (spans index into it)."""
    return "\n".join(b.orig for b in doc.blocks if b.label == Label.LINE)


@register
class TxtReader(Reader):
    """Plain text in any encoding :func:`~hexaglot.read.encoding.decode` recognises."""

    format = "txt"
    suffixes = (".txt", ".text", "")

    def read(self, path: Path, data: bytes, origin: Origin) -> Document:
        text, encoding, repaired = decode(data, path)
        text = normalise_newlines(text)
        origin = origin.model_copy(update={"encoding": encoding, "repaired_mojibake": repaired})
        blocks = line_blocks(text)
        if blocks and blocks[-1].page is not None:
            origin.pages = blocks[-1].page
        doc = Document(id=doc_id_for(path), origin=origin, blocks=blocks)
        doc.warnings.extend(decode_warnings(text, data, encoding, repaired))
        return doc
