"""Shared facts about raw ``LINE`` blocks: font size, boldness, indentation, page zones."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from hexaglot.model import Block, Label, Layer

_SIZE = re.compile(r"size=(\d+(?:\.\d+)?)")
_COLS = re.compile(r"cols=(\d+)")


def size_of(b: Block) -> float | None:
    m = _SIZE.search(b.style or "")
    return float(m.group(1)) if m else None


def columns_of(b: Block) -> int:
    """Table cells on the line, as the PDF reader measured them (``cols=N`` in the style)."""
    m = _COLS.search(b.style or "")
    return int(m.group(1)) if m else 1


def is_rotated(b: Block) -> bool:
    """Text drawn at an angle: on a landscape page, the running header and footer."""
    return ";rot" in (b.style or "")


def is_bold(b: Block) -> bool:
    return "bold" in (b.style or "")


def indent_of(b: Block) -> int:
    """Leading spaces of the line as read (tabs count as four)."""
    raw = (b.orig or b.text).replace("\t", "    ")
    return len(raw) - len(raw.lstrip(" \u00a0\u3000"))


def is_blank(b: Block) -> bool:
    return not b.text.strip()


def is_body_line(b: Block) -> bool:
    return b.label == Label.LINE and b.layer == Layer.BODY


@dataclass(slots=True)
class Geometry:
    """Document-wide layout statistics of the body lines (PDF); empty for text files."""

    paged: bool
    body_size: float = 0.0
    line_gap: float = 0.0  # most common gap between consecutive lines of one paragraph
    right_edge: float = 0.0  # most common right end of full lines
    page_top: float = 0.0
    page_bottom: float = 0.0
    full_line: float = 0.0  # text files: length of a full line (90th percentile), set by reflow

    @classmethod
    def of(cls, blocks: list[Block]) -> Geometry:
        lines = [b for b in blocks if b.label == Label.LINE and b.bbox is not None and b.page]
        if not lines:
            return cls(paged=False)
        sizes: Counter[float] = Counter()
        for b in lines:
            s = size_of(b)
            if s:
                sizes[s] += len(b.text)
        body = sizes.most_common(1)[0][0] if sizes else 10.0
        gaps: Counter[float] = Counter()
        rights: Counter[float] = Counter()
        for a, b in pairwise(lines):
            if a.page == b.page and size_of(a) == body and size_of(b) == body and a.bbox and b.bbox:
                gap = round(b.bbox[1] - a.bbox[3], 0)
                if 0 <= gap < 2 * body:
                    gaps[gap] += 1
            if a.bbox and size_of(a) == body:
                rights[round(a.bbox[2], 0)] += 1
        return cls(
            paged=True,
            body_size=body,
            line_gap=gaps.most_common(1)[0][0] if gaps else body * 0.3,
            right_edge=rights.most_common(1)[0][0] if rights else 0.0,
            page_top=min(b.bbox[1] for b in lines if b.bbox),
            page_bottom=max(b.bbox[3] for b in lines if b.bbox),
        )

    def in_top_zone(self, b: Block) -> bool:
        return b.bbox is not None and b.bbox[1] < self.page_top + 0.06 * (self.page_bottom - self.page_top)

    def in_bottom_zone(self, b: Block) -> bool:
        return b.bbox is not None and b.bbox[3] > self.page_bottom - 0.06 * (self.page_bottom - self.page_top)
