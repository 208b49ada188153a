"""Footnotes: out of the body into ``doc.footnotes`` and ``NOTES`` blocks, marks linked.

* **Paged sources (PDF)**, before reflow: the footnote zone of a page starts below the separator
  rule (a line of underscores) in its lower half; without a rule, the trailing lines at the page
  bottom set in a smaller font than the body whose first one opens with a mark referenced on the
  page. A line opening with a mark starts a note; other lines continue it (or, at the top of a
  zone, the last note of the previous page). The PDF reader already moved superscript reference
  marks of body lines into ``Block.notes``.
* **Flowing text**, after reflow: a paragraph ``* A/58/50/Rev.1 et Corr.1.`` or
  ``22 Adopted without vote.`` is a footnote when its mark is a sign (``*``, ``†``) and it stands
  alone (no neighbour opens with the same sign: that is a bulleted list), or when its number is
  found as a reference token right after punctuation earlier in the body (``meeting. 22``); the
  reference is then taken out of the text into the block's ``notes``. A neighbouring paragraph
  numbered in sequence with a confirmed note is a note as well. A paragraph that merely opens
  with a number ("24 мая 2002 года ...") is left alone.
* **The slash style** of typewritten documents up to the mid-1990s: ``1/ S/25045.`` at the end of
  the text, called by ``..., 1/`` or ``the Joint Declaration 1/ signed``. The slash makes the call
  unambiguous, so it is taken after a word as well as after punctuation; the note's mark is kept
  as its number ("1"), as a modern note's.
* A note called from more than one paragraph ("Having heard the statement ..., 28" and "Having
  considered the statement ..., 28", note 28 "Ibid., ..."): every earlier paragraph that *ends*
  with the call after punctuation gets the mark too.
"""

from __future__ import annotations

import re
from collections import defaultdict

from hexaglot.clean.dehyphenate import Vocabulary, join_lines
from hexaglot.clean.layout import Geometry, is_body_line, size_of
from hexaglot.clean.rules import Rules
from hexaglot.model import Block, Footnote, Label, Layer

SEPARATOR = re.compile(r"[_\u2014\u2015\u2500\u2501-]{8,}\Z")
_SIGN = re.compile(r"[*†‡§]+\Z")


def _split_mark(rules: Rules, text: str) -> tuple[str, str] | None:
    m = re.match(rf"\s*({rules.footnote_mark.pattern})[\s\u00a0]+(\S.*)\Z", text, re.S)
    return (m.group(1), m.group(2)) if m else None


def _number(mark: str) -> str:
    """The mark as recorded: "1/" (the slash style) is note "1"."""
    return mark[:-1] if mark[:-1].isdigit() and mark.endswith("/") else mark


def _note_block(line: Block, mark: str, text: str) -> None:
    line.layer, line.label, line.text = Layer.NOTES, Label.FOOTNOTE, text
    line.notes = [_number(mark)]


def extract_paged(blocks: list[Block], rules: Rules, geo: Geometry, vocab: Vocabulary) -> list[Block]:
    """Turn footnote-zone lines into NOTES blocks in place; return the block list without the
    continuation lines (merged into their note, ``orig`` keeps every line)."""
    pages: dict[int, list[Block]] = defaultdict(list)
    for b in blocks:
        if is_body_line(b) and b.page and b.bbox:
            pages[b.page].append(b)
    refs: dict[int, set[str]] = defaultdict(set)
    for b in blocks:
        if b.page and b.layer == Layer.BODY:
            refs[b.page].update(b.notes)
    merged: set[int] = set()
    last: Block | None = None
    half = geo.page_top + 0.4 * (geo.page_bottom - geo.page_top)
    for page in sorted(pages):
        lines = sorted(pages[page], key=lambda b: b.bbox[1] if b.bbox else 0.0)
        zone = _zone(lines, rules, geo, refs[page], half)
        cur: Block | None = None
        pending: list[Block] = []  # unmarked lines opening a zone: a note's first paragraph
        for ln in zone:
            split = _split_mark(rules, ln.text)
            starts = split is not None and (
                cur is None or split[0] in refs[page] or _hangs(ln, cur) or _follows(split[0], cur)
            )
            if split is not None and starts:
                _note_block(ln, split[0], split[1])
                if pending:  # Word puts the mark on the paragraph it is typed in, not the first
                    head = _merge_into(pending[0], pending[1:], vocab, rules, merged)
                    ln.text, ln.orig = f"{head.text} {ln.text}", f"{head.orig}\n{ln.orig}"
                    merged.add(id(head))
                    pending = []
                cur = last = ln
                continue
            if cur is None and (last is None or _opens(last, ln, rules) or pending):
                pending.append(ln)
                continue
            target = cur or last
            assert target is not None
            _merge_into(target, [ln], vocab, rules, merged)
        if pending:
            _note_block(pending[0], "", pending[0].text)
            last = _merge_into(pending[0], pending[1:], vocab, rules, merged)
    return [b for b in blocks if id(b) not in merged]


def _merge_into(
    target: Block, lines: list[Block], vocab: Vocabulary, rules: Rules, merged: set[int]
) -> Block:
    for ln in lines:
        target.text = join_lines(target.text, ln.text, vocab, rules)
        target.orig = f"{target.orig}\n{ln.orig}"
        merged.add(id(ln))
    return target


def _opens(previous_note: Block, line: Block, rules: Rules) -> bool:
    """An unmarked line at the top of a zone starts something new rather than continuing the
    previous page's last note when that note is finished and the line opens with a capital."""
    return rules.ends_sentence(previous_note.text) and line.text[:1].isupper()


def _follows(mark: str, note: Block) -> bool:
    """``mark`` is the number after the note's own: "4" after "3"."""
    mark, prev = _number(mark), note.notes[0] if note.notes else ""
    return mark.isdigit() and prev.isdigit() and int(mark) == int(prev) + 1


def _hangs(line: Block, note: Block) -> bool:
    """The line starts left of the note's first line text: a hanging mark opens a new note."""
    return bool(line.bbox and note.bbox and line.bbox[0] < note.bbox[0] + 1.0)


def _zone(lines: list[Block], rules: Rules, geo: Geometry, refs: set[str], half: float) -> list[Block]:
    for i, ln in enumerate(lines):
        if SEPARATOR.match(ln.text.strip()) and ln.bbox and ln.bbox[1] > half:
            ln.layer, ln.label = Layer.FURNITURE, Label.OTHER
            return [b for b in lines[i + 1 :] if b.layer == Layer.BODY]
    body = [b for b in lines if b.layer == Layer.BODY]
    tail: list[Block] = []
    for b in reversed(body):
        s = size_of(b)
        if s is None or s >= geo.body_size - 0.4 or not b.bbox or b.bbox[1] < half:
            break
        tail.insert(0, b)
    while tail:
        split = _split_mark(rules, tail[0].text)
        if split and split[0] in refs and not split[0].isalpha():  # letters mark table notes
            return tail
        tail.pop(0)
    return []


_CALL_AFTER = r".,;:)\]”’\"،؛，。；：）"  # a note's call follows these (Arabic and Chinese ones too)


def _reference(mark: str) -> re.Pattern[str]:
    """The mark as a reference right after punctuation: ``meeting. 22``, ``Nations, 23``; a slash
    mark after a word too: ``the Joint Declaration 1/ signed``."""
    if _number(mark) != mark:
        return re.compile(rf"(?:(?<=[{_CALL_AFTER}])\s?|\s){re.escape(mark)}(?=\s|\Z)")
    return re.compile(rf"(?<=[{_CALL_AFTER}])\s?{re.escape(mark)}(?=\s|\Z)")


def _final_reference(mark: str) -> re.Pattern[str]:
    """The mark as the call that ends a paragraph, after punctuation: ``..., 28``, ``..., 1/``."""
    return re.compile(rf"(?<=[{_CALL_AFTER}])\s?{re.escape(mark)}\s*\Z")


def _loose_reference(mark: str) -> re.Pattern[str]:
    """The mark between two words: ``complaints 16 submitted`` (only for notes in sequence)."""
    return re.compile(rf"(?<=[^\W\d_]) {re.escape(mark)}(?= [^\W\d_])")


def extract_flow(blocks: list[Block], rules: Rules) -> None:
    """Footnotes of flowing text (reflowed paragraphs), in place."""
    body = [b for b in blocks if b.layer == Layer.BODY]
    cands: list[tuple[Block, str, str]] = []
    for i, b in enumerate(body):
        split = _split_mark(rules, b.text)
        if split is None or (rules.is_numbered(b.text) and not _SIGN.match(split[0])):
            continue
        mark, text = split
        if _number(mark).isdigit() and int(_number(mark)) <= 31 and rules.opens_with_month(text):
            continue  # "30 June 2014": a date, not note 30
        if _SIGN.match(mark):
            neighbours = [body[j].text for j in (i - 1, i + 1) if 0 <= j < len(body)]
            if any(_split_mark(rules, t) and _split_mark(rules, t)[0] == mark for t in neighbours):  # type: ignore[index]
                continue  # a bulleted list, not a note
        cands.append((b, mark, text))
    confirmed: set[int] = set()
    for k, (b, mark, _) in enumerate(cands):
        if _SIGN.match(mark) or _find_reference(body, b, _reference(mark)):
            confirmed.add(k)
    # A numbered note next to a confirmed one, numbered in sequence ("16" before "17"), is a note
    # too; its reference may then sit loosely between words ("complaints 16 submitted").
    grew = True
    while grew:
        grew = False
        for k, (b, mark, _) in enumerate(cands):
            num = _number(mark)
            if k in confirmed or not num.isdigit():
                continue
            for j in (k - 1, k + 1):
                other = _number(cands[j][1]) if 0 <= j < len(cands) else ""
                if j in confirmed and other.isdigit() and abs(int(other) - int(num)) == 1:
                    adjacent = abs(body.index(cands[j][0]) - body.index(b)) == 1
                    if adjacent:
                        confirmed.add(k)
                        grew = True
                        break
    for k in sorted(confirmed):
        b, mark, text = cands[k]
        pat = _reference(mark)
        ref_block = _find_reference(body, b, pat)
        if ref_block is None and mark.isdigit():
            pat = _loose_reference(mark)
            ref_block = _find_reference(body, b, pat)
        _note_block(b, mark, text)
        if ref_block is not None:
            ref_block.text = pat.sub("", ref_block.text, count=1)
            ref_block.notes = [*ref_block.notes, _number(mark)]
            if not _SIGN.match(mark):
                _other_calls(body, ref_block, b, mark)


def _other_calls(body: list[Block], ref_block: Block, note: Block, mark: str) -> None:
    """The same note called again at the end of an earlier paragraph ("..., 28" twice, one "Ibid."
    note): the call leaves those paragraphs too."""
    pat = _final_reference(mark)
    for prev in body[: body.index(ref_block)]:
        if prev.layer == Layer.BODY and prev is not note and pat.search(prev.text):
            prev.text = pat.sub("", prev.text, count=1)
            prev.notes = [*prev.notes, _number(mark)]


def _find_reference(body: list[Block], note: Block, pat: re.Pattern[str]) -> Block | None:
    for prev in reversed(body[: body.index(note)]):
        if prev.layer == Layer.BODY and pat.search(prev.text):
            return prev
    return None


def collect(blocks: list[Block]) -> list[Footnote]:
    """The :class:`Footnote` records of the NOTES-layer footnote blocks."""
    return [
        Footnote(mark=b.notes[0] if b.notes else "", text=b.text.strip(), page=b.page)
        for b in blocks
        if b.layer == Layer.NOTES and b.label == Label.FOOTNOTE
    ]
