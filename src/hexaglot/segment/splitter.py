"""Rule-based sentence splitting of one paragraph, driven by the language tables.

The cascade for one paragraph, left to right:

1. *candidates*: a run of terminators (with the closing quotes and brackets after it) followed by
   whitespace; the CJK marks ``。！？`` followed by anything; ASCII ``. ! ?`` between two Chinese
   characters; ``……`` before Chinese text; a footnote mark glued to a final mark ("represented.2
   The"); ``;``/``:`` (or ``,`` before "1.") ahead of a numbered paragraph run into the text
   ("report; 4. Requests"); ``,``/``;`` ahead of a preambular opener from the tables
   ("..., Recognizing"); a blank line (always a boundary);
2. *vetoes*: inside a protected span (UN symbols, URLs, e-mail addresses, "[...]"); a next word in
   lower case or starting with a continuing mark; a sentence that would be only a list marker
   ("1.", "(a)", "IV.", "; 3." in the middle of a text); and for a single ``.`` after a word: an
   abbreviation, an abbreviation before a number or a symbol ("No. 5", "para. 3", "doc. A/58/50"),
   initials ("George W. Bush", but "annex I. The"), number dots ("3. 5", "9. September");
3. *moves*: "Heading 4. Approves ..." -- a number after a word that does not take numbers opens
   the next sentence instead of closing this one.

The tables (``langs/<code>/segment.toml``) hold every word list; this module holds only the
algorithm. Plain sentencex, which this replaced as the decider (it lowered F1 on every gold set
measured), stays available as a baseline: :class:`hexaglot.segment.base.SentencexSegmenter`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from hexaglot.segment.tables import SegmentRules, load_rules


class _Lazy:
    """A regular expression compiled on first use: importing this module compiles nothing."""

    __slots__ = ("_args", "_re")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._re: re.Pattern[str] | None = None

    @property
    def re(self) -> re.Pattern[str]:
        if self._re is None:
            self._re = re.compile(*self._args)
        return self._re


PROTECTED = _Lazy(
    r"""
    (?<![A-Za-z0-9_/.\-])[A-Z][A-Z0-9.\-]*                                                    # A/58/50/Rev.1
        (?:/(?:(?:Rev|Add|Corr|Amend|Suppl)\.\s?\d+|[A-Za-z0-9*](?:[A-Za-z0-9.\-*]*[A-Za-z0-9*])?))+
        (?:\s(?:Rev|Add|Corr|Amend|Suppl)\.\s?\d+)*(?:\s\(\d{4}\))?                  # Add. 2, (2003)
    | (?:https?://|www\.)\S+[^\s.,;:!?)»”'"]                                           # URLs
    | (?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+    # e-mail (from the start of its run: linear)
    | [(\[]\s?(?:\.{3}|…)\s?[)\]]                                                      # (...) [...]
    """,
    re.VERBOSE,
)
"""Spans never split inside."""

LIST_MARKER = _Lazy(
    r"""^(?:
        \(?\d{1,3}(?:\.\d{1,3})*[.)]                 # 1.  12.  1.2.  3)
      | \(?(?:[a-zA-Z]|([a-z])\1)[.)]                 # a.  (b)  aa)
      | \(?[IVXLCivxlc]{1,6}[.)]                      # IV.  iv)
      | [§№]\s?\d+\.                                  # § 3.
      | [(（]?[一二三四五六七八九十]{1,3}[.、)）]          # 三.  （二）
    )$""",
    re.VERBOSE,
)
"""A "sentence" that is only a paragraph or list number stays with the sentence it numbers."""
NEXT_MARKER = _Lazy(r"\d{1,3}\s?[-–]\s")
"""An Arabic-style paragraph number at the start of the next sentence: "174 - "."""
CLAUSE_NEXT = _Lazy(r"\d{1,3}\.\s*([^\W\d_])")

ROMAN = _Lazy(r"^[IVXLC]+\b")
INITIALS = _Lazy(r"^(?:[^\W\d_]\.-?)*[^\W\d_]$")
"""One or more initials: "W", "J.F", "В.В" (the final dot is the candidate's)."""
MARKER_AFTER = ".!?;:…。！？；：，)]）»”\"'"
"""A number after these marks (or after another number) is a list marker: "; 3. Takes note"."""
MAX_MARKER = 12
"""A list marker ("(iv)", "12.3.") is never longer than this."""
MAX_TOKEN = 64
"""Tokens are looked at over at most this many characters (no rule needs a longer one)."""
ELLIPSIS = frozenset(".… \u00a0")
CONTINUING = ",;:，、；：)]）»›"
"""A next sentence cannot start with these."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """The regular expressions of one language, built once from its :class:`SegmentRules`."""

    rules: SegmentRules
    candidate: re.Pattern[str]


def _cls(chars: str) -> str:
    return "".join(re.escape(c) for c in dict.fromkeys(chars))


@cache
def compiled(lang: str) -> Compiled:
    r = load_rules(lang)
    closers = f"[{_cls(r.closers)}]*" if r.closers else ""
    # closers that may stand after a space: French « », and brackets in tokenised text ("! )")
    spaced = f"(?:[ \u00a0\u202f][{_cls(r.spaced_closers + ')]')}])?"
    strong = "".join(c for c in r.terminators if not c.isascii()) if r.no_space else ""
    ordinary = "".join(c for c in r.terminators if c not in strong)
    alts: list[str] = []
    if strong:
        # CJK marks: the sentence ends after the mark (and its closers), space or not
        run = f"[{_cls(strong + ordinary)}]*"
        alts.append(f"(?P<strong>{run}[{_cls(strong)}]{run}){spaced}{closers}")
    if ordinary:
        # ". . ." counts as one mark; French « ... » closers may stand after a space
        alts.append(f"(?P<term>(?:\\.(?:[ \u00a0]\\.)+|[{_cls(ordinary)}])+){spaced}{closers}(?=\\s)")
    if r.no_space:
        # the Chinese ellipsis …… ends a sentence when the next one follows without a space
        alts.append(f"(?P<trail>…+){closers}(?=[\u3400-\u9fff\u201c])")
    if r.weak_terminators and r.no_space:
        # ASCII marks in CJK text: only between two CJK characters
        alts.append(
            f"(?<=[\u3400-\u9fff\uff09\u201d])(?P<weak>[{_cls(r.weak_terminators)}]+){closers}(?=[\u3400-\u9fff\u201c])"
        )
    if r.cased:
        # a footnote mark glued to the end of a sentence: "were represented.2 The Committee"
        alts.append(r"(?<=[^\W\d_]|\))(?P<note>[.!?][\"'’”»)]?(?:\d{1,3}|\*{1,3}))(?=\s)")
    # "...its report; 4. Requests ...": a numbered paragraph run into the text after ; or :
    # (after a comma only "1.", the first operative paragraph after the preamble)
    alts.append(r"(?P<clause>[;:；：]\s*(?=\d{1,3}\.\s*[^\W\d_])|,\s*(?=1\.\s*[^\W\d_]))")
    if r.preamble_words:
        # "..., Recognizing ...": a preambular paragraph of a resolution run into the text
        alts.append(r"(?P<preamble>[,;])(?=\s+[^\W\d_])")
    alts.append(r"(?P<blank>\n[ \t\r\f\v]*\n)")
    # a cheap look-ahead on the first character lets the engine skip plain text quickly
    first = _cls(r.terminators + r.weak_terminators + ",;:；：\n" + ("…" if r.no_space else ""))
    return Compiled(r, re.compile(f"(?=[{first}])(?:{'|'.join(alts)})"))


def _protected(text: str) -> list[tuple[int, int]]:
    if "/" in text or "@" in text or "…" in text or "..." in text:
        return [m.span() for m in PROTECTED.re.finditer(text)]
    return []


class _Spans:
    """Protected spans of one paragraph (sorted, non-overlapping), queried in O(log n)."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def inside(self, pos: int) -> bool:
        i = bisect.bisect_left(self.starts, pos) - 1  # the last span starting before pos
        return i >= 0 and pos < self.ends[i]

    def starts_at(self, pos: int) -> bool:
        i = bisect.bisect_left(self.starts, pos)
        return i < len(self.starts) and self.starts[i] == pos


def _token_before(text: str, end: int, openers: str) -> tuple[str, int]:
    """The whitespace-delimited token ending at ``end`` (openers stripped) and where it starts.

    At most :data:`MAX_TOKEN` characters are looked at: Chinese text has no spaces.
    """
    start = end
    stop = max(0, end - MAX_TOKEN)
    while start > stop and not text[start - 1].isspace():
        start -= 1
    tok = text[start:end]
    stripped = tok.lstrip(openers)
    return stripped, start + (len(tok) - len(stripped))


def _word_after(text: str, pos: int) -> str:
    """The whitespace-delimited word starting at ``pos`` (at most :data:`MAX_TOKEN` characters)."""
    end = pos
    n = min(len(text), pos + MAX_TOKEN)
    while end < n and not text[end].isspace():
        end += 1
    return text[pos:end]


class _Decider:
    """Decides the candidates of one paragraph, left to right."""

    def __init__(self, text: str, c: Compiled) -> None:
        self.text = text
        self.r = c.rules
        self.spans = _Spans(_protected(text))
        self._where: dict[str, list[int]] = {}
        self._head = (-1, 0)

    def first_char(self, seg_start: int) -> int:
        """Where the text of the sentence starting at ``seg_start`` begins (spaces skipped)."""
        if self._head[0] != seg_start:
            i, n = seg_start, len(self.text)
            while i < n and self.text[i].isspace():
                i += 1
            self._head = (seg_start, i)
        return self._head[1]

    def count(self, ch: str, start: int, end: int) -> int:
        """Occurrences of ``ch`` in ``text[start:end]``, in O(log n) after one pass per character."""
        pos = self._where.get(ch)
        if pos is None:
            pos = self._where[ch] = [i for i, c in enumerate(self.text) if c == ch]
        return bisect.bisect_left(pos, end) - bisect.bisect_left(pos, start)

    def veto_dot(self, ts: int, nxt_pos: int, nxt: str, nxt_marker: bool) -> bool:
        """Rules for a single ``.`` right after a word: abbreviations, initials, numbers."""
        r, text = self.r, self.text
        tok, tstart = _token_before(text, ts, r.openers)
        if not tok:
            return False
        if "’" in tok or "'" in tok:  # elision: "l’art.", "d'env."
            tok = tok.replace("’", "'").rsplit("'", 1)[-1] or tok
        if tok in r.abbreviations:
            return True
        folded = tok.casefold()
        nxt_num = (
            nxt[:1].isdigit()
            or bool(ROMAN.re.match(nxt))
            or nxt[:2].lstrip("(")[:1].isdigit()
            or self.spans.starts_at(nxt_pos)  # a UN symbol: "doc. A/58/50"
        )
        if folded in r.before_number and nxt_num:
            return True
        if INITIALS.re.match(tok) and (tok.isupper() or not r.cased):
            prev, _ = _token_before(text, max(tstart - 1, 0), r.openers)
            return prev.casefold().rstrip(".,") not in r.label_words or not nxt[:1].isupper()
        if tok.isdigit() and not nxt_marker:
            if len(tok) <= 3 and nxt[:1].isdigit():
                return True  # "3. 5"
            if len(tok) <= 2 and nxt.rstrip(".,;:").casefold() in r.ordinal_words:
                return True  # "9. September"
            if len(tok) <= 2 and r.ordinal_after:
                prev, _ = _token_before(text, max(tstart - 1, 0), r.openers)
                if prev.casefold() in r.ordinal_after:
                    return True  # "im 10. Schwierigkeitsgrad"
        return False

    def marker_token(self, tok: str) -> bool:
        """A list marker, also when closers follow its mark: "3.)", "0.»" (the candidate ends after them)."""
        closers = self.r.closers + self.r.spaced_closers
        return bool(LIST_MARKER.re.match(tok) or LIST_MARKER.re.match(tok.rstrip(closers)))

    def is_marker(self, seg_start: int, ts: int, te: int) -> bool:
        """True if the text before ``te`` ends with a paragraph or list number, not a sentence."""
        text, r = self.text, self.r
        if r.no_space:
            return te - seg_start <= MAX_MARKER and self.marker_token(text[seg_start:te].strip())
        tok, tstart = _token_before(text, te, r.openers)
        if not self.marker_token(tok):
            return False
        if tstart <= self.first_char(seg_start):
            return True
        prev, _ = _token_before(text, tstart - 1 if text[tstart - 1].isspace() else tstart, r.openers)
        if not prev or prev.rstrip(".").casefold() in r.before_number:
            return False
        if prev[-1] == ",":
            return not prev[:-1].isdigit()  # "..., 3. Encourages", but "paragraphs 2, 3. The"
        return prev[-1] in MARKER_AFTER or (prev[-1].isdigit() and tok[:1].isdigit())

    def number_opens_next(self, seg_start: int, ts: int, nxt: str) -> int | None:
        """Where the next sentence starts if the number before ``ts`` numbers it (else None).

        "Panel of Experts on Libya 4. Approves ..." -- a heading without a final mark, then a
        numbered paragraph. A number after a word that takes numbers ("paragraph 4.", "of 77.")
        ends its sentence instead.
        """
        text, r = self.text, self.r
        if not (r.cased and nxt[:1].isupper()):
            return None
        tok, tstart = _token_before(text, ts, "")
        if not (tok.isdigit() and len(tok) <= 3) or tstart <= seg_start or not text[tstart - 1].isspace():
            return None
        prev, pstart = _token_before(text, tstart - 1, r.openers)
        if not prev or not prev[-1].isalpha() or pstart <= seg_start:
            return None
        if prev.casefold() in r.number_words or prev.casefold() in r.before_number:
            return None
        return tstart

    def accept(self, seg_start: int, ts: int, te: int, nxt_pos: int, kind: str) -> int | None:
        """The boundary the candidate yields (usually ``nxt_pos``), or None when vetoed."""
        text, r = self.text, self.r
        if kind == "blank":
            return nxt_pos
        if kind == "preamble":
            word = _word_after(text, nxt_pos).rstrip(",")
            return nxt_pos if word in r.preamble_words else None
        if kind == "clause":
            m = CLAUSE_NEXT.re.match(text, nxt_pos)
            return nxt_pos if m and (m.group(1).isupper() or not r.cased) else None
        if self.spans.inside(ts) or self.spans.inside(nxt_pos):
            return None
        nxt = _word_after(text, nxt_pos)
        if nxt[:1] in CONTINUING or nxt[:1] in r.terminators or self.is_marker(seg_start, ts, te):
            return None
        nxt_marker = bool(LIST_MARKER.re.match(nxt) or NEXT_MARKER.re.match(text, nxt_pos))
        if r.cased and not nxt_marker and nxt.lstrip(r.openers + "¿¡-–—")[:1].islower():
            return None
        if kind == "trail" and (
            text[ts - 1 : ts] in "“‘「『（(，、：；"
            or self.count("“", seg_start, ts) > self.count("”", seg_start, ts)
        ):
            return None  # an omission ("……") at the start of a clause or inside an open quotation
        if kind == "note":
            tok, _ = _token_before(text, ts, r.openers)
            if tok in r.abbreviations or tok.casefold() in r.before_number or INITIALS.re.match(tok):
                return None  # "Corr.1 The", "No.5 The", "A.1 The"
            return nxt_pos if nxt[:1].isupper() else None
        if kind != "term":
            return nxt_pos
        term = text[ts:te].rstrip(r.closers + r.spaced_closers + " \u00a0\u202f")
        if term == "." and ts > 0 and not text[ts - 1].isspace():
            if self.veto_dot(ts, nxt_pos, nxt, nxt_marker):
                return None
            return self.number_opens_next(seg_start, ts, nxt) or nxt_pos
        if set(term) <= ELLIPSIS and ts > 0 and text[ts - 1] in "([":
            return None  # "(..." is an omission, not an end
        return nxt_pos


def boundaries(text: str, lang: str) -> list[int]:
    """Offsets in ``text`` where sentences 2..n start."""
    c = compiled(lang)
    d = _Decider(text, c)
    out: list[int] = []
    seg_start = 0
    n = len(text)
    for m in c.candidate.finditer(text):
        kind = m.lastgroup or "term"
        nxt_pos = m.end()
        while nxt_pos < n and text[nxt_pos].isspace():
            nxt_pos += 1
        if nxt_pos >= n:
            break
        if kind in ("term", "strong", "weak", "trail", "note"):
            ts, te = m.span(kind)
            if c.rules.no_space and text.startswith('"', te) and d.count('"', seg_start, ts) % 2 == 0:
                nxt_pos = te  # Chinese '。"': after an even number of straight quotes, it opens the next
        else:
            ts = m.start()
        at = d.accept(seg_start, ts, m.end(), nxt_pos, kind)
        if at is not None and at > seg_start:
            out.append(at)
            seg_start = at
    return out


def split_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``, surrounding whitespace excluded."""
    cuts = [0, *boundaries(text, lang), len(text)]
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        s = text[a:b]
        lead = len(s) - len(s.lstrip())
        trail = len(s) - len(s.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
    return spans


def split(text: str, lang: str) -> list[str]:
    """The sentences of one paragraph, stripped of surrounding whitespace."""
    return [text[a:b] for a, b in split_spans(text, lang)]
