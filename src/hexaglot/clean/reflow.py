"""Reflow: join ``LINE`` blocks into paragraphs, headings, list items and signature lines.

A new block starts at a blank line; in PDFs also at a vertical gap wider than the document's usual
line gap (unless an unfinished line runs on into a lowercase one within 2.5 font sizes: the
double-spaced paragraph of a typescript), a change of font size or weight, or a page break after a
finished sentence (a table row, a line in which the PDF reader found cells, ``cols=N``, is a
``TABLE`` block of its own); in text files also after a short closed line followed by a capital
("[S/1277]"; never a day's number before its month, "... of 18" / "March 1970": a date wraps) and
before a footnote line ("17 Ibid."); in both kinds at an indented line or a numbered line ("1.",
"(a)", "A.") after a finished sentence. A short block of a text file is a heading unless it is
finished: a sentence's end, or a comma (a resolution's preambular paragraph), even with a note's
call after it ("Having examined the application ..., 1/").
Lines are joined by :func:`hexaglot.clean.dehyphenate.join_lines`. A group holding a signature
marker ("(Signed)", "(Signé)", from ``clean.toml``) and the short-line groups just before it are
kept line by line as ``SIGNATURE`` blocks.
"""

from __future__ import annotations

import re

from hexaglot.clean.dehyphenate import Vocabulary, join_lines
from hexaglot.clean.layout import Geometry, columns_of, indent_of, is_blank, is_body_line, is_bold, size_of
from hexaglot.clean.rules import Rules, ends_with_initial, without_note_call
from hexaglot.model import Block, Label, Layer, Span

HEADING_MAX_WORDS = 40
NUMBERED_HEADING_MAX_WORDS = 8  # "1. Mandate and planning assumptions"; a numbered line longer is a paragraph
_NUMBERED = re.compile(r"\d{1,3}\.\s")
_CLAUSE_GOES_ON = re.compile(r"[;,،؛]\s*[^\W\d_]{1,4}\s*$")
_COMMAS = ",،、，"  # a clause that goes on: a resolution's preambular paragraph ends so
TITLE_STEP = 2.0  # a bold line this much larger than the body on the first page is the title
SHORT_LINE = 0.8  # a signature line is shorter than this share of the usual full line
CONTINUE_GAP = 2.5  # a sentence runs on over a gap of at most this many font sizes
_BULLETS = "•▪◦‣●–—-"


def _breaks(a: Block, b: Block, rules: Rules, geo: Geometry) -> bool:
    numbered = rules.is_numbered(b.text.lstrip()) and rules.ends_sentence(a.text)
    if any(p.match(b.text.strip()) for p in rules.signature):
        return True
    if not geo.paged or a.bbox is None or b.bbox is None:
        if numbered or (indent_of(b) > indent_of(a) and rules.ends_sentence(a.text)):
            return True
        note = rules.footnote_mark.match(b.text.lstrip())
        rest = b.text.lstrip()[note.end() :] if note else ""
        if note and rest[:1] == " " and rest[1:2].isupper() and a.text.rstrip()[-1:] == ".":
            return True  # "17 Ibid., Fourth Year" after a finished line: the next footnote
        # a short line ending in a full stop, bracket or number, then a capital: "[S/1277]"
        head = b.text.lstrip()[:1]
        closed = (a.text.rstrip()[-1:] in ".:;!?])" or a.text.rstrip()[-1:].isdigit()) and not ends_with_initial(a.text)
        if a.text.rstrip()[-1:].isdigit() and rules.opens_with_month(b.text.lstrip()):
            closed = False  # "... resolution 277 (1970) of 18" / "March 1970, ...": a date wraps
        return closed and (head.isupper() or head == "[") and len(a.text.strip()) < SHORT_LINE * geo.full_line
    sa, sb = size_of(a) or geo.body_size, size_of(b) or geo.body_size
    if abs(sa - sb) > 0.5 or columns_of(a) > 1 or columns_of(b) > 1:
        return True
    if is_bold(a) != is_bold(b) and not _runs_on(a, b, rules, geo, sa):
        return True
    if a.page != b.page:
        return rules.ends_sentence(a.text) and not b.text[:1].islower()
    gap = b.bbox[1] - a.bbox[3]
    if gap < -0.5 * sb:
        return True
    if gap > geo.line_gap + 0.4 * sb and not _continues(a, b, rules, gap, sb):
        return True
    if numbered:
        return True
    if b.bbox[0] > a.bbox[0] + 0.8 * sb and rules.ends_sentence(a.text):
        return True
    return bool(geo.right_edge) and a.bbox[2] < geo.right_edge - 2 * sa and rules.ends_sentence(a.text)


def _runs_on(a: Block, b: Block, rules: Rules, geo: Geometry, size: float) -> bool:
    """A sentence that runs on from a plain line into a bold one or back (an ACABQ report sets its
    conclusion in bold from the middle of a line): the line before is unfinished and filled to the
    right edge, the next starts under it, on the same page, at the usual line gap."""
    assert a.bbox is not None and b.bbox is not None
    if a.page != b.page or rules.ends_sentence(a.text) or not geo.right_edge:
        return False
    full = a.bbox[2] >= geo.right_edge - 2 * size
    under = b.bbox[0] <= a.bbox[0] + 0.8 * size
    gap = b.bbox[1] - a.bbox[3]
    return full and under and -0.5 * size <= gap <= geo.line_gap + 0.4 * size


def _continues(a: Block, b: Block, rules: Rules, gap: float, size: float) -> bool:
    """An unfinished line, then a lowercase one not much more than a line below: the same sentence
    across a wider gap than the document's usual one (a typewritten, double-spaced paragraph in a
    scan whose other paragraphs are single-spaced)."""
    head = b.text.lstrip()[:1]
    return gap <= CONTINUE_GAP * size and head.isalpha() and head.islower() and not rules.ends_sentence(a.text)


def _one_per_line(blocks: list[Block]) -> bool:
    """A text file with one paragraph (or sentence) per line, not hard-wrapped: no blank line
    separates paragraphs and the lines do not fill a common width."""
    lines = [b for b in blocks if is_body_line(b)]
    texts = [b.text.strip() for b in lines if not is_blank(b)]
    if len(texts) < 3 or len(texts) < len(lines) * 0.9:
        return False
    lengths = sorted(len(t) for t in texts)
    full = lengths[int(0.9 * (len(lengths) - 1))]
    near_full = sum(1 for n in lengths if n >= 0.85 * full) / len(lengths)
    return near_full < 0.5


def _groups(blocks: list[Block], rules: Rules, geo: Geometry) -> list[list[Block] | Block]:
    items: list[list[Block] | Block] = []
    group: list[Block] = []
    held: list[Block] = []

    def flush() -> None:
        nonlocal group, held
        if group:
            items.append(group)
        items.extend(held)
        group, held = [], []

    one_per_line = not geo.paged and _one_per_line(blocks)
    for k, b in enumerate(blocks):
        if one_per_line and is_body_line(b):
            flush()
        if not is_body_line(b):
            if group and b.layer != Layer.BODY:
                held.append(b)
            else:
                flush()
                items.append(b)
            continue
        if is_blank(b):
            if not (group and not geo.paged and _page_break_within(blocks, k, group[-1], rules, bool(held))):
                flush()
            continue
        if group and _breaks(group[-1], b, rules, geo):
            flush()
        group.append(b)
    flush()
    return items


def _page_break_within(blocks: list[Block], k: int, last: Block, rules: Rules, furniture: bool = False) -> bool:
    """A text file's page break inside a sentence: from the blank line ``k``, only blank lines and
    furniture (the job number, the running header) up to a line that starts in lower case, after
    an unfinished ``last`` line (``furniture``: some was passed already). The paragraph goes on
    over it (the furniture is kept apart)."""
    if rules.ends_sentence(last.text):
        return False
    for b in blocks[k + 1:]:
        if is_blank(b):
            continue
        if not is_body_line(b) or b.layer != Layer.BODY:
            furniture = True
            continue
        head = b.text.lstrip()[:1]
        return furniture and head.isalpha() and head.islower()
    return False


def _line_len(b: Block, geo: Geometry) -> float:
    if geo.paged and b.bbox is not None:
        return b.bbox[2] - b.bbox[0]
    return len(b.text.rstrip())


def _mark_signatures(items: list[list[Block] | Block], rules: Rules, geo: Geometry) -> set[int]:
    lines = [b for it in items if isinstance(it, list) for b in it]
    lengths = sorted(_line_len(b, geo) for b in lines)
    full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0.0
    sig: set[int] = set()
    for i, it in enumerate(items):
        if not isinstance(it, list) or not any(p.match(b.text.strip()) for b in it for p in rules.signature):
            continue
        sig.add(i)
        j = i - 1
        while j >= 0 and isinstance(items[j], list) and j not in sig:
            prev = items[j]
            assert isinstance(prev, list)
            short = all(_line_len(b, geo) < SHORT_LINE * full for b in prev)
            if not short or prev[-1].text.rstrip()[-1:] in ".!?。！？":
                break
            sig.add(j)
            j -= 1
    return sig


def _label(group: list[Block], text: str, rules: Rules, geo: Geometry) -> Label:
    first = group[0]
    if text[:1] in _BULLETS and text[1:2].isspace():
        return Label.LIST_ITEM
    words = len(text.split())
    finished = (rules.ends_sentence(text) and not text.rstrip().endswith(")")) or text.rstrip()[-1:] in _COMMAS
    if geo.paged:
        if columns_of(first) > 1:
            return Label.TABLE
        size = size_of(first) or geo.body_size
        if (is_bold(first) or size > geo.body_size + 0.5) and words <= HEADING_MAX_WORDS and not finished:
            title = first.page == 1 and is_bold(first) and size >= geo.body_size + TITLE_STEP
            return Label.TITLE if title else Label.HEADING
        return Label.PARAGRAPH
    called = without_note_call(text)
    if not finished and (rules.ends_sentence(called) or called.rstrip()[-1:] in _COMMAS):
        # "... of the Secretary-General; 4", "Having examined the application ..., 1/": a note's call
        # after the sentence's or the preambular clause's end
        finished = True
    if not finished and _CLAUSE_GOES_ON.search(text):
        finished = True  # a preamble's clause: "...de la paix dans le monde; и", "...; and": no heading ends so
    if not finished and words > NUMBERED_HEADING_MAX_WORDS and _NUMBERED.match(text):
        finished = True  # "2. Welcomes the decision ... as well as": an operative paragraph cut by a page
    if not finished and words <= HEADING_MAX_WORDS:
        return Label.OTHER if text[:1].islower() else Label.HEADING
    return Label.PARAGRAPH


def merge(group: list[Block], label: Label | None, rules: Rules, geo: Geometry, vocab: Vocabulary) -> Block:
    """One block from consecutive lines: joined text, every line kept in ``orig``."""
    text = group[0].text
    for b in group[1:]:
        text = join_lines(text, b.text, vocab, rules)
    first = group[0]
    boxes = [b.bbox for b in group if b.bbox is not None and b.page == first.page]
    bbox = None
    if boxes:
        bbox = (
            min(x[0] for x in boxes),
            min(x[1] for x in boxes),
            max(x[2] for x in boxes),
            max(x[3] for x in boxes),
        )
    span = None
    if first.span is not None and group[-1].span is not None:
        span = Span(start=first.span.start, end=group[-1].span.end)  # type: ignore[union-attr]
    return Block(
        text=text.strip(),
        orig="\n".join(b.orig or b.text for b in group),
        label=label or _label(group, text.strip(), rules, geo),
        layer=Layer.BODY,
        page=first.page,
        span=span,
        bbox=bbox,
        style=first.style,
        notes=[n for b in group for n in b.notes],
    )


def reflow(blocks: list[Block], rules: Rules, geo: Geometry, vocab: Vocabulary) -> list[Block]:
    """The new block list: body lines reflowed, every other block passed through in order."""
    if not geo.paged:
        lengths = sorted(len(b.text.strip()) for b in blocks if is_body_line(b) and not is_blank(b))
        geo.full_line = float(lengths[int(0.9 * (len(lengths) - 1))]) if lengths else 0.0
    items = _groups(blocks, rules, geo)
    sig = _mark_signatures(items, rules, geo)
    out: list[Block] = []
    for i, it in enumerate(items):
        if isinstance(it, Block):
            if it.label == Label.LINE:
                it.label = Label.OTHER
            out.append(it)
        elif i in sig:
            out.extend(merge([b], Label.SIGNATURE, rules, geo, vocab) for b in it)
        else:
            out.append(merge(it, None, rules, geo, vocab))
    return out
