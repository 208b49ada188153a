"""Inline markup in a draft segment: recognised, kept out of the fuzzy score, put back in the proposal.

A translator's draft often carries literal markup: HTML or XML tags (``<b>``, ``<i>``,
``<span class="x">``), footnote calls (``<sup>1</sup>``), Markdown emphasis (``**urges**``, ``_Noting_``),
or what a DOCX or HTML reader left in. CAT tools (Trados, memoQ, OmegaT) take such codes out of the
text they match, as placeables, and carry them into the proposed target. :func:`strip_markup`
recognises:

- a paired tag: an opening tag (``<name attr="v">``) and the closing tag of the same name after it,
  matched as an XML parser matches them (the nearest open one; tags left open inside it are not paired);
- an empty tag: ``<name .../>``, and ``<br>``, ``<hr>``, ``<img ...>``, ``<wbr>`` (HTML's void elements);
- a footnote call: ``<sup>`` around a footnote mark only (``1``, ``12``, ``a``, ``*``, ``†``) is one
  empty tag, its mark included (it is the draft's numbering, not text);
- an isolated tag: an opening or closing tag of an HTML inline element (``<b>``, ``<span ...>``,
  ``</strong>``...) left without its partner (a bold run that the segmenter cut in two), except a
  one-letter opening tag without attributes (``<a>`` or ``<b>`` alone reads as a label in angle brackets);
- Markdown emphasis: ``**`` / ``__`` / ``*`` / ``_`` around words, the opening one after a space, the
  start or punctuation and before a letter, digit, ``(`` or a quote, the closing one after a letter,
  digit or closing punctuation and before a space, the end or punctuation (never inside a word).

Not markup: ``a < b``, ``x<y and y>z`` (no tag syntax), ``x_1``, ``snake_case``,
``john_doe@un.org`` (an underscore inside a word), ``2 * 3 * 4`` (spaces inside), ``A/70/L.1*``
(a lone asterisk), an unpaired tag of an unknown name (``<Annex>``).

:func:`strip_markup` gives the text without its markup and each tag with where it stood in that
text; :func:`insert_markup` puts tags back (``insert_markup(*strip_markup(t)) == t``).
:func:`place_markup` puts the draft's tags into a proposed target: a paired tag around the target
words the archive's word alignment (:func:`hexaglot.wordalign.marks.target_marks`) gives for the
archived source words under it; an empty tag after the target rendering of the word before it (or
before that of the word after it); a tag at the edge of the draft sentence at that edge of the
target. A tag the alignment does not place goes to the start of the target (when it stood in the
first half of the draft sentence) or its end, and the candidate says so (``markup_note``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from hexaglot.search.analyzers import CJK

if TYPE_CHECKING:
    from hexaglot.wordalign.model import WordAligner
    from hexaglot.wordalign.tokens import Token

OPEN, CLOSE, EMPTY = "open", "close", "empty"

_NAME = r"[A-Za-z][A-Za-z0-9]*(?:[:_.-][A-Za-z0-9]+)*"
_ATTR = r"""\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+)"""
_TAG = re.compile(rf"<(?:(?P<name>{_NAME})(?P<attrs>(?:{_ATTR})*)\s*(?P<slash>/?)|/(?P<close>{_NAME})\s*)>")
VOID = frozenset({"br", "hr", "img", "wbr"})
INLINE = frozenset({"a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "mark", "q", "s",
                    "small", "span", "strike", "strong", "sub", "sup", "u"})
_FOOTNOTE_MARK = re.compile(r"\s*(?:\d{1,3}|[a-z]|\*{1,3}|[†‡§]{1,3})\s*")
_DELIMS = re.compile(r"\*+|_+")
_MASK = "\x00"  # a tag's characters while Markdown is looked for (no emphasis inside a tag)
_OPENS_BEFORE = "(\"'“‘«*_" + _MASK  # what may follow an opening emphasis besides a letter or digit
_CLOSES_AFTER = ").,;:!?\"'”’»*_" + _MASK  # what may come before a closing one besides a letter or digit


@dataclass(frozen=True)
class Tag:
    """One piece of markup: ``code`` as written (``<i>``, ``</i>``, ``**``, ``<br/>``, ``<sup>1</sup>``),
    its ``kind`` (:data:`OPEN`, :data:`CLOSE`, :data:`EMPTY`), an ``id`` an opening tag shares with its
    closing tag (1, 2, … in the order the tags open), ``pos``: where it stands in the text without
    markup, ``name`` (``i``, ``span``, ``**``) and ``paired`` (False: an isolated opening or closing tag)."""

    code: str
    kind: str
    id: int
    pos: int
    name: str
    paired: bool = True


@dataclass(frozen=True)
class Marked:
    """A text without its markup and the tags that go in it (:func:`insert_markup` writes them)."""

    text: str
    tags: tuple[Tag, ...] = ()

    @property
    def marked(self) -> str:
        """The text with its tags in place."""
        return insert_markup(self.text, self.tags)


@dataclass(frozen=True)
class _Span:
    """A piece of markup found in a text: ``pair`` is the start of the opening tag of its pair (for
    the opening and the closing tag alike), -1 for an empty or isolated tag."""

    start: int
    end: int
    kind: str
    name: str
    pair: int = -1


def _html_spans(text: str) -> list[_Span]:
    found: list[tuple[int, int, str, str, bool]] = []  # start, end, kind, name, has attributes
    for m in _TAG.finditer(text):
        if m.group("close"):
            found.append((m.start(), m.end(), CLOSE, m.group("close").lower(), False))
            continue
        name = m.group("name").lower()
        kind = EMPTY if m.group("slash") or name in VOID else OPEN
        found.append((m.start(), m.end(), kind, name, bool(m.group("attrs").strip())))
    pair: dict[int, int] = {}  # index in found -> start of its pair's opening tag
    stack: list[int] = []
    for i, (_, _, kind, name, _) in enumerate(found):
        if kind == OPEN:
            stack.append(i)
        elif kind == CLOSE:
            k = next((k for k in range(len(stack) - 1, -1, -1) if found[stack[k]][3] == name), None)
            if k is not None:
                pair[stack[k]] = pair[i] = found[stack[k]][0]
                del stack[k:]  # the tags left open inside it stay unpaired
    spans: list[_Span] = []
    for i, (s, e, kind, name, attrs) in enumerate(found):
        if kind == EMPTY or i in pair:
            spans.append(_Span(s, e, kind, name, pair.get(i, -1)))
        elif name in INLINE and (kind == CLOSE or attrs or len(name) > 1):
            spans.append(_Span(s, e, kind, name))  # isolated
    # a <sup> pair around a footnote mark only is one empty tag, the mark included
    closes = {x.pair: x for x in spans if x.kind == CLOSE and x.pair >= 0}
    calls = {x.start: closes[x.pair] for x in spans if x.kind == OPEN and x.name == "sup" and x.pair >= 0
             and _FOOTNOTE_MARK.fullmatch(text[x.end:closes[x.pair].start])}
    dropped = {c.start for c in calls.values()}
    return [_Span(x.start, calls[x.start].end, EMPTY, "sup") if x.start in calls else x
            for x in spans if x.start not in dropped]


def _markdown_spans(text: str, taken: list[_Span]) -> list[_Span]:
    masked = list(text)
    for s in taken:
        masked[s.start:s.end] = _MASK * (s.end - s.start)
    m_text = "".join(masked)
    delims: list[tuple[int, int, str, bool, bool]] = []  # start, end, run, can open, can close
    for m in _DELIMS.finditer(m_text):
        run = m.group()
        if len(run) > 2:
            continue
        before = m_text[m.start() - 1] if m.start() else " "
        after = m_text[m.end()] if m.end() < len(m_text) else " "
        can_open = not before.isalnum() and (after.isalnum() or after in _OPENS_BEFORE)
        can_close = (before.isalnum() or before in _CLOSES_AFTER) and not after.isalnum()
        if can_open or can_close:
            delims.append((m.start(), m.end(), run, can_open, can_close))
    spans: list[_Span] = []
    stack: list[int] = []
    for i, (start, end, run, can_open, can_close) in enumerate(delims):
        if can_close:
            k = next((k for k in range(len(stack) - 1, -1, -1) if delims[stack[k]][2] == run), None)
            if k is not None and any(c.isalnum() for c in m_text[delims[stack[k]][1]:start]):
                o = delims[stack[k]]
                spans += [_Span(o[0], o[1], OPEN, run, o[0]), _Span(start, end, CLOSE, run, o[0])]
                del stack[k:]
                continue
        if can_open:
            stack.append(i)
    return spans


@lru_cache(maxsize=65536)
def strip_markup(text: str) -> Marked:
    """``text`` without its inline markup, and the tags with where each stood (see the module)."""
    if "<" not in text and "*" not in text and "_" not in text:
        return Marked(text)
    html = _html_spans(text)
    spans = sorted([*html, *_markdown_spans(text, html)], key=lambda s: s.start)
    if not spans:
        return Marked(text)
    plain: list[str] = []
    tags: list[Tag] = []
    ids: dict[int, int] = {}  # a pair's key -> its id
    at = size = n = 0
    for s in spans:
        plain.append(text[at:s.start])
        size += s.start - at
        if s.kind == CLOSE and s.pair >= 0:
            tag_id = ids[s.pair]
        else:
            n += 1
            tag_id = n
            if s.pair >= 0:
                ids[s.pair] = tag_id
        tags.append(Tag(text[s.start:s.end], s.kind, tag_id, size, s.name, s.kind == EMPTY or s.pair >= 0))
        at = s.end
    plain.append(text[at:])
    return Marked("".join(plain), tuple(tags))


def insert_markup(text: str, tags: tuple[Tag, ...] | list[Tag]) -> str:
    """``text`` with each tag put at its ``pos`` (tags at one place in the order given)."""
    if not tags:
        return text
    out: list[str] = []
    at = 0
    for tag in sorted(tags, key=lambda t: t.pos):  # sorted() is stable: the order given at one place
        out.append(text[at:tag.pos])
        out.append(tag.code)
        at = tag.pos
    out.append(text[at:])
    return "".join(out)


# -- carrying the draft's tags into a proposed target ------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_HAN = re.compile(f"[{CJK}\u3040-\u30ff]")


def _key(word: str) -> str:
    return unicodedata.normalize("NFKC", word).translate(_QUOTES).casefold()


def _word(tok: Token) -> bool:
    return tok.text[:1].isalnum()


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _alike(a: str, b: str) -> bool:
    """The same number, or a word of four letters or more whose prefix stem (:func:`hexaglot.align.text.stem`,
    the sentence aligner's and the word aligner's identical-forms evidence), accents aside, is the
    other's: "1325", "UNICEF", "encourages" and "encourage", "development" and "développement"."""
    from hexaglot.align.text import stem

    if a[:1].isdigit() or b[:1].isdigit():
        return a == b
    return len(a) >= 4 and len(b) >= 4 and a[:1].isalpha() and _fold(stem(a)) == _fold(stem(b))


def _joins(ch: str) -> bool:
    """A character a tag never goes beside inside a word: a letter or digit of a spaced script, or a
    combining mark (the tanween of Arabic "أحرارًا" is cut apart by the tokenizer). Han characters are
    words of their own."""
    return unicodedata.category(ch).startswith("M") or (ch.isalnum() and not _HAN.match(ch))


@dataclass
class Placement:
    """The draft's tags placed in a proposal: ``target`` (the text and the tags at their places in it)
    and what was placed by position because the word alignment did not say where (the tags' codes
    and "start" or "end")."""

    target: Marked
    by_position: list[tuple[str, str]]

    @property
    def note(self) -> str:
        """One line for the translator, "" when every tag was placed by the alignment or the edges."""
        if not self.by_position:
            return ""
        where = "; ".join(f"{codes} at the {edge}" for codes, edge in self.by_position)
        return f"tags placed by position, no aligned word says where: {where}"


def place_markup(draft: Marked, source: str, target: str, stored_target: str,
                 aligner: WordAligner | None) -> Placement:
    """The tags of ``draft`` (a draft segment split by :func:`strip_markup`) placed in ``target``, the
    proposal (the archived target ``stored_target`` with the draft's paragraph number,
    :func:`hexaglot.pretranslate.score.relabel`) of the archived ``source``; ``aligner``: the pair's
    word model (None: only the edges of the sentence place tags)."""
    from hexaglot.segment.labels import split_label
    from hexaglot.wordalign.tokens import tokenize

    if not draft.tags:
        return Placement(Marked(target), [])
    src_plain = strip_markup(source).text
    d_toks, s_toks, t_toks = tokenize(draft.text), tokenize(src_plain), tokenize(target)
    sm = difflib.SequenceMatcher(a=[_key(t.text) for t in d_toks], b=[_key(t.text) for t in s_toks], autojunk=False)
    to_src: dict[int, int] = {}
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            to_src[blk.a + k] = blk.b + k
    d_words = [i for i, t in enumerate(d_toks) if _word(t)]
    t_words = [j for j, t in enumerate(t_toks) if _word(t)]
    shift = _shift(stored_target, target)
    st_toks = tokenize(stored_target)

    def rendering(ds: list[int]) -> tuple[int, int] | None:
        """Where in ``target`` the archived source words matched by the draft tokens ``ds`` are
        rendered: the target words the alignment gives for them, and those of their words that the
        archived source and target each hold once, as they are or with their prefix stem (:func:`_alike`); widened
        to a bracket or quote of the draft's run that the target has beside it, and to whole words."""
        ss = sorted(to_src[i] for i in ds if i in to_src and _word(d_toks[i]))
        if not ss:
            return None
        found: list[tuple[int, int]] = []
        if aligner is not None:
            from hexaglot.wordalign.marks import target_marks

            found += target_marks(aligner, src_plain, (s_toks[ss[0]].start, s_toks[ss[-1]].end), stored_target)
        for i in ss:  # a number, a name or a cognate that each side holds once
            same = [t for t in st_toks if _alike(s_toks[i].text, t.text)]
            if len(same) == 1 and sum(_alike(s_toks[i].text, x.text) for x in s_toks) == 1:
                found.append((same[0].start, same[0].end))
        if not found:
            return None
        a, b = shift(min(x for x, _ in found)), shift(max(y for _, y in found))
        first, last = d_toks[ds[0]], d_toks[ds[-1]]
        if not _word(first) and target[a - len(first.text):a] == first.text:
            a -= len(first.text)
        if not _word(last) and target[b:b + len(last.text)] == last.text:
            b += len(last.text)
        while 0 < a < len(target) and _joins(target[a - 1]) and _joins(target[a]):
            a -= 1
        while 0 < b < len(target) and _joins(target[b - 1]) and _joins(target[b]):
            b += 1
        return (a, b) if a < b else None

    d_label = len(draft.text) - len(split_label(draft.text)[1])
    t_label_rest = split_label(target)[1]
    t_label = (0, len(target[:len(target) - len(t_label_rest)].rstrip())) if t_label_rest != target else None
    first_t = t_toks[t_words[0]].start if t_words else 0
    last_t = t_toks[t_words[-1]].end if t_words else len(target)

    def edge(pos: int) -> int | None:
        """A place before the draft's first word or after its last one: that edge of the target."""
        before = [i for i in d_words if d_toks[i].end <= pos]
        after = [i for i in d_words if d_toks[i].start >= pos]
        if not before:
            return 0 if not any(t.end <= pos for t in d_toks) else first_t
        if not after:
            return len(target) if not any(t.start >= pos for t in d_toks) else last_t
        return None

    placed: dict[int, tuple[int, int]] = {}  # tag id -> (open place, close place) in the target
    fallback: dict[int, str] = {}  # tag id -> "start" or "end"
    tags = draft.tags
    pairs = sorted((t for t in tags if t.kind == OPEN and t.paired), key=lambda t: t.pos)
    close_of = {t.id: t for t in tags if t.kind == CLOSE and t.paired}
    inside: dict[int, int] = {}  # a pair's id -> the id of the innermost pair around it in the draft
    for t in pairs:
        c = close_of[t.id]
        outer = [o for o in pairs if o is not t and o.pos <= t.pos and close_of[o.id].pos >= c.pos
                 and (o.pos, -close_of[o.id].pos) < (t.pos, -c.pos)]
        if outer:
            inside[t.id] = outer[-1].id
        ds = [i for i, tok in enumerate(d_toks) if tok.start >= t.pos and tok.end <= c.pos]
        span: tuple[int, int] | None = None
        words_in = [i for i in ds if _word(d_toks[i])]
        if words_in and words_in == d_words:  # the whole sentence's words
            a, b = edge(t.pos), edge(c.pos)
            span = (first_t if a is None else a, last_t if b is None else b)
        elif ds and t_label is not None and all(d_toks[i].end <= d_label for i in ds):
            span = t_label  # the paragraph number: the target's own
        elif words_in:
            span = rendering(ds)
        if span is not None and t.id in inside and inside[t.id] in placed:
            oa, ob = placed[inside[t.id]]
            span = (max(span[0], oa), min(span[1], ob))
            if span[0] >= span[1]:
                span = None
        if span is not None and any(_cross(span, p) for p in placed.values()):
            span = None
        if span is None:
            fallback[t.id] = "start" if t.pos < len(draft.text) / 2 else "end"
        else:
            placed[t.id] = span
    singles: dict[int, int] = {}  # an empty or isolated tag's id -> its place in the target
    for t in tags:
        if t.kind != EMPTY and t.paired:
            continue
        at = edge(t.pos)
        if at is None:
            before = [i for i in d_words if d_toks[i].end <= t.pos]
            after = [i for i in d_words if d_toks[i].start >= t.pos]
            got = rendering([before[-1]])
            if got is not None:
                at = got[1]
            else:
                got = rendering([after[0]])
                at = None if got is None else got[0]
        if at is None or (any(a < at < b for a, b in placed.values()) and not _within(at, placed, t, tags, close_of)):
            fallback[t.id] = "start" if t.pos < len(draft.text) / 2 else "end"
        else:
            singles[t.id] = at
    return Placement(Marked(target, _ordered(tags, placed, singles, fallback, len(target))),
                     _said(tags, fallback))


def _within(at: int, placed: dict[int, tuple[int, int]], t: Tag, tags: tuple[Tag, ...],
            close_of: dict[int, Tag]) -> bool:
    """Whether an empty tag placed at ``at`` inside placed pairs stands inside the same pairs in the draft."""
    for pid, (a, b) in placed.items():
        if a < at < b:
            o = next(x for x in tags if x.id == pid and x.kind == OPEN)
            if not (o.pos <= t.pos <= close_of[pid].pos):
                return False
    return True


def _cross(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[0] < x[1] < y[1] or y[0] < x[0] < y[1] < x[1]


def _shift(stored: str, target: str) -> Callable[[int], int]:
    """Places in the archived target as places in the proposal (whose leading label may differ)."""
    k = 0
    while k < min(len(stored), len(target)) and stored[-1 - k] == target[-1 - k]:
        k += 1
    cut_s, cut_t = len(stored) - k, len(target) - k
    return lambda o: cut_t + (o - cut_s) if o >= cut_s else cut_t


def _ordered(tags: tuple[Tag, ...], placed: dict[int, tuple[int, int]], singles: dict[int, int],
             fallback: dict[int, str], size: int) -> tuple[Tag, ...]:
    """The tags with their places in the target, in an order that keeps pairs nested where they meet:
    at one place, the closing tags (the inner first), then empty tags and tag pairs placed together
    (in the draft's order), then the opening tags (the outer first)."""
    keyed: list[tuple[int, int, float, int, Tag]] = []
    for n, t in enumerate(tags):
        if t.id in fallback:
            pos = 0 if fallback[t.id] == "start" else size
            keyed.append((pos, 1, 0, n, replace(t, pos=pos)))
        elif t.id in singles and (t.kind == EMPTY or not t.paired):
            keyed.append((singles[t.id], 1, 0, n, replace(t, pos=singles[t.id])))
        elif t.id in placed:
            a, b = placed[t.id]
            if t.kind == OPEN:
                keyed.append((a, 2, -b, n, replace(t, pos=a)))
            else:
                keyed.append((b, 0, -a, n, replace(t, pos=b)))
    keyed.sort(key=lambda k: k[:4])
    return tuple(k[4] for k in keyed)


def _said(tags: tuple[Tag, ...], fallback: dict[int, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for t in tags:
        if t.id not in fallback or (t.kind == CLOSE and t.paired):
            continue
        close = next((x.code for x in tags if x.id == t.id and x.kind == CLOSE and x.paired), None)
        out.append((f"{t.code}…{close}" if close else t.code, fallback[t.id]))
    return out
