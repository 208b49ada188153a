"""Document structure: letters, annexes, signature blocks and the persons a text names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hexaglot.clean.rules import rules_for, without_note_call
from hexaglot.model import Annex, Block, Label, Layer, Signatory, Span
from hexaglot.parse.countries import country_codes
from hexaglot.parse.dates import first_date
from hexaglot.parse.tables import LangTables

_FINAL = tuple(".!?。！？؟:;…\"»”")
_CLOSED = tuple(".;:,。，；：،؛")
_TITLE_MAX = 400


@dataclass
class LetterInfo:
    doc_type: str
    date: str | None
    addressee: str | None
    sender: str | None
    sender_countries: list[str] = field(default_factory=list)


def letter_info(text: str, t: LangTables) -> LetterInfo | None:
    """"Letter dated ... addressed to ... by ..." in a title, heading or annex heading."""
    flat = re.sub(r"\s+", " ", text)
    for rx in t.letter_res:
        m = rx.search(flat)
        if not m:
            continue
        g = m.groupdict()
        kind = "letter"
        for prx, name in t.letter_types:
            if prx.fullmatch(g.get("type") or ""):
                kind = name
                break
        addressee = None
        raw_addr = g.get("addressee") or ""
        for prx, name in t.addressees:
            if prx.search(raw_addr):
                addressee = name
                break
        sender = g.get("sender") or g.get("sender2")
        countries = country_codes(sender, t.lang) if sender else []
        return LetterInfo(kind, first_date(g.get("date") or "", t), addressee, sender, countries)
    return None


def word_count(text: str) -> int:
    """Words, counting two Han characters as a word (Chinese has no spaces)."""
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return len(text.split()) + han // 2


def looks_like_paragraph(text: str) -> bool:
    s = text.strip()
    return len(s) > 200 or (s.endswith(_FINAL) and word_count(s) > 6)


def looks_like_title(text: str) -> bool:
    """Short, and not closed by punctuation (a note's call after it aside: "..., 28")."""
    s = without_note_call(text.strip())
    return 0 < len(s) <= _TITLE_MAX and not s.endswith(_CLOSED) and not s[:1].isdigit()


def mark_annexes(blocks: list[Block], t: LangTables) -> list[Annex]:
    """Find annex headings, label their title, and set ``Block.annex`` on what follows."""
    if t.annex_re is None:
        return []
    annexes: list[Annex] = []
    current: Annex | None = None
    expect_title = False
    for b in blocks:
        if b.layer != Layer.BODY:
            if current is not None and b.layer == Layer.NOTES:
                b.annex = current.label
            continue
        m = t.annex_re.match(b.text.strip())
        if m and len(b.text) < _TITLE_MAX and not b.text.rstrip().endswith("."):
            raw = m.group("label") or ""
            label = t.annex_labels.get(raw, raw)
            if label and any(a.label == label for a in annexes):
                label = f"{label}.{len(annexes)}"
            heading, title = _split_heading(b, t)
            current = Annex(label=label or str(len(annexes) + 1), heading=heading, title=title)
            annexes.append(current)
            b.label, b.annex = Label.HEADING, current.label
            expect_title = title is None
            continue
        if current is None:
            continue
        b.annex = current.label
        if expect_title and b.label in (Label.PARAGRAPH, Label.TITLE, Label.HEADING) and looks_like_title(b.text):
            b.label = Label.TITLE
            current.title = b.text.strip()
        expect_title = False
    return annexes


def _split_heading(b: Block, t: LangTables) -> tuple[str, str | None]:
    """"Annex" and its title printed on two lines that reflow joined into one block
    ("Annex\\nOrganization chart"): the heading is the first line, the title the rest."""
    text = b.text.strip()
    lines = [ln.strip() for ln in (b.orig or "").splitlines() if ln.strip()]
    first = " ".join(lines[0].split()) if lines else ""
    rest = text[len(first):].strip()
    if len(lines) > 1 and t.annex_re is not None and t.annex_re.fullmatch(first) \
            and text.startswith(first) and rest and looks_like_title(rest):
        return first, rest
    return text, None


def mark_front_matter(blocks: list[Block]) -> None:
    """Short unpunctuated blocks before the first real paragraph are headings, not paragraphs."""
    for b in blocks:
        if b.layer != Layer.BODY or b.annex is not None:
            continue
        if looks_like_paragraph(b.text):
            return
        if b.label == Label.PARAGRAPH and looks_like_title(b.text):
            b.label = Label.HEADING


_OPENERS = " \t\"'“‘«„("
_OPERATIVE = re.compile(r"\d{1,3}\s*\.\s")  # "1. Decides ...": the preamble is over
# an operative paragraph's number or a sub-paragraph's letter ("2. Approves", "(c) To request")
_OPERATIVE_LABEL = re.compile(r"(?:\d{1,3}\s*\.|\d{1,3}\s*[-–]|\([a-z]{1,4}\)|\([\u0621-\u064a]\))\s")
# a heading inside a resolution's body is a word or a few ("A", "Decision", "Rule 41", "ANNEX");
# one this long is a paragraph whose final full stop was lost (words; characters where words are
# not spaced)
_BODY_HEADING_WORDS = 8
_BODY_HEADING_CHARS = 20


def opens_preamble(text: str, t: LangTables) -> bool:
    """``text`` opens with a word that opens a preambular paragraph ("Having examined ...",
    "Ayant examiné ...", "Напоминая ...", "إذ يشير ...", "回顾...")."""
    s = text.lstrip(_OPENERS)
    if not s or not t.preamble_words:
        return False
    if not t.word_boundaries:
        return s.startswith(t.preamble_words)
    return s.split(maxsplit=1)[0].rstrip(",،") in t.preamble_words


def _body_paragraph(text: str, t: LangTables, preamble: bool) -> bool:
    """A block of a resolution's body labelled a heading is a paragraph whose end the print or the
    scan lost: a preambular paragraph (in the preamble), an operative one by its number or letter,
    the adoption line ("Adopted unanimously at the 2976th meeting"), or one too long for a heading."""
    if preamble and opens_preamble(text, t):
        return True
    if _OPERATIVE_LABEL.match(text) or any(rx.search(text) for rx in t.meeting_res):
        return True
    cased = [c for c in text if c.isupper() or c.islower()]
    if cased and 2 * sum(c.isupper() for c in cased) > len(cased):  # "CHAPTER X. — ADMISSION OF NEW MEMBERS"
        return False
    if t.word_boundaries:
        return len(text.split()) >= _BODY_HEADING_WORDS
    return len(text) >= _BODY_HEADING_CHARS


def _mend_ordinal(m: re.Match[str]) -> str:
    """The match with the meeting's number and ordinal ending as printed, less the spaces OCR put in them and
    the character it fused to it (the ``suffix`` and ``stray`` groups of a ``[meeting]`` pattern)."""
    end = max(m.end("suffix"), m.end("stray"))
    if end < 0 and not any(c.isspace() for c in m.group("num")):
        return m.group(0)
    end = max(end, m.end("num"))
    suffix = "".join((m.group("suffix") or "").split())
    number = "".join(m.group("num").split())  # "283 3rd": a space OCR put inside the number
    return m.string[m.start():m.start("num")] + number + suffix + m.string[end:m.end()]


def mend_meeting_ordinals(text: str, t: LangTables) -> str:
    """``text`` with its adoption line's ordinal as printed, less what OCR did to it ("at the 2729the
    meeting", "at the 123r d meeting" -> "2729th", "123rd"): only where a ``[meeting]`` pattern marks
    the ending (``suffix``) and the stray character (``stray``)."""
    for rx in t.meeting_res:
        if "suffix" in rx.groupindex and "stray" in rx.groupindex:
            text = rx.sub(_mend_ordinal, text)
    return text


def _broken_meeting(first: str, second: str, joiner: str, t: LangTables) -> bool:
    """``first`` states no meeting, and a meeting pattern matches across its end into ``second``
    ("Adopted unanimously at the" + "2729the meeting")."""
    if any(rx.search(first) for rx in t.meeting_res):
        return False
    cut = len(first)
    both = first + joiner + second
    return any(m.start() < cut and m.end() > cut + len(joiner)
               for rx in t.meeting_res for m in rx.finditer(both))


def _absorb(b: Block, after: Block, joiner: str) -> None:
    """``after``'s text and lines appended to ``b``'s."""
    b.orig = f"{b.orig or b.text}\n{after.orig or after.text}"
    b.text = b.text.rstrip() + joiner + after.text.lstrip()
    if b.span is not None and after.span is not None:
        b.span = Span(start=b.span.start, end=after.span.end)
    if b.bbox is not None and after.bbox is not None and b.page == after.page:
        b.bbox = (min(b.bbox[0], after.bbox[0]), min(b.bbox[1], after.bbox[1]),
                  max(b.bbox[2], after.bbox[2]), max(b.bbox[3], after.bbox[3]))
    b.notes = [*b.notes, *after.notes]


def join_adoption_lines(blocks: list[Block], t: LangTables) -> int:
    """An adoption line a blank line broke in two is one block again; returns how many were joined.

    S/RES/593 (1986) prints "Adopted unanimously at the", a blank line, then "2729the meeting":
    two headings. A heading that states no meeting, and the next body block (in the same annex),
    whose text joined to it a ``[meeting]`` pattern matches across the break, are one block. Every
    body block's adoption line then has its ordinal mended (:func:`mend_meeting_ordinals`), so the
    line reads "Adopted unanimously at the 2729th meeting". ``blocks`` is changed in place."""
    joiner = rules_for(t.lang).line_joiner
    joined = 0
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if b.layer != Layer.BODY:
            k += 1
            continue
        nxt = next((j for j in range(k + 1, len(blocks)) if blocks[j].layer == Layer.BODY), None) \
            if b.label == Label.HEADING else None
        if nxt is not None and blocks[nxt].annex == b.annex \
                and blocks[nxt].label in (Label.HEADING, Label.PARAGRAPH, Label.OTHER) \
                and _broken_meeting(b.text.strip(), blocks[nxt].text.strip(), joiner, t):
            _absorb(b, blocks.pop(nxt), joiner)
            joined += 1
            continue  # the joined line again: its second half may be broken too
        b.text = mend_meeting_ordinals(b.text, t)
        k += 1
    return joined


def mark_preamble(blocks: list[Block], t: LangTables) -> int:
    """The paragraphs of a resolution's body that look like headings, made paragraphs again;
    returns how many.

    After a resolution's opening ("The Security Council,", from ``[resolution] openings``), in the
    same annex (or none), a heading is a paragraph whose end the print or the scan lost (no final
    comma or full stop, or a blank line in the middle): up to the first numbered operative
    paragraph, one that opens with a preamble word ("Noting that the Government of Cyprus has agreed
    ... 15 June 1970"); anywhere, an operative paragraph by its number ("2. Approves the ...") or
    letter ("(c) To request ..."), the adoption line without its full stop, and a heading of
    :data:`_BODY_HEADING_WORDS` words or more ("Recommends to the General Assembly that the
    Principality of Monaco be admitted ..."). The opening and the first preambular paragraph in one
    block ("The Security Council, Having examined ...") count as well, and so does the opening alone
    on its line with its comma lost ("The Security Council") when a paragraph follows it.

    An adoption line a blank line broke in two is joined first (:func:`join_adoption_lines`)."""
    join_adoption_lines(blocks, t)
    changed = 0
    inside = False  # in a resolution's body
    preamble = False  # in its preamble
    annex: str | None = None  # the annex its opening is in
    opened: list[int] = []  # headings that are an opening alone ("The Security Council")
    for k, b in enumerate(blocks):
        if b.layer != Layer.BODY:
            continue
        text = b.text.strip()
        opening = next((m for rx, _ in t.openings if (m := rx.search(text))), None)
        if opening is not None:
            inside, preamble, annex = True, True, b.annex
            text = text[opening.end():].lstrip(" ,،，")
        elif not inside or b.annex != annex:
            inside = preamble = False
            continue
        elif _OPERATIVE.match(text):
            preamble = False
        if b.label == Label.HEADING and text and _body_paragraph(text, t, preamble):
            b.label = Label.PARAGRAPH
            changed += 1
        elif b.label == Label.HEADING and opening is not None and not text.strip(" .:;"):
            opened.append(k)  # the opening alone, its comma lost: a heading only if no paragraph follows
    for k in opened:
        b = blocks[k]
        after = next((x for x in blocks[k + 1:] if x.layer == Layer.BODY), None)
        if after is not None and after.label != Label.HEADING and after.annex == b.annex:
            b.label = Label.PARAGRAPH
            changed += 1
    return changed


def _short(b: Block) -> bool:
    return not looks_like_paragraph(b.text) and b.label in (Label.PARAGRAPH, Label.SIGNATURE, Label.HEADING)


def signatures(blocks: list[Block], t: LangTables) -> list[Signatory]:
    """Signature blocks: "(Signé) Name" with the role and country lines above it (or below)."""
    out: list[Signatory] = []
    body = [b for b in blocks if b.layer == Layer.BODY]
    signed = [any(rx.search(b.text) for rx in t.signed_res) for b in body]
    for i, b in enumerate(body):
        if not signed[i]:
            continue
        before: list[Block] = []
        j = i - 1
        while j >= 0 and len(before) < 3 and _short(body[j]) and not signed[j]:
            before.insert(0, body[j])
            j -= 1
        group = [*before, b]
        context = " ".join(g.text for g in group)
        role = _role(context, t)
        countries = country_codes(context, t.lang)
        if role is None and not countries:  # "(Signed) Name" first, the role line under it
            k = i + 1
            while k < len(body) and k <= i + 2 and _short(body[k]) and not signed[k] \
                    and not (t.annex_re and t.annex_re.match(body[k].text.strip())):
                group.append(body[k])
                k += 1
            context = " ".join(g.text for g in group)
            role, countries = _role(context, t), country_codes(context, t.lang)
        for g in group:
            g.label = Label.SIGNATURE
        for rx in t.signed_res:
            for m in rx.finditer(b.text):
                name = _clean_name(m.group("name"), t)
                if name:
                    out.append(Signatory(name=name, country=countries[0] if countries else None, role=role))
    return out


def _role(context: str, t: LangTables) -> str | None:
    low = context.lower()
    return next((r for r in t.roles if r.lower() in low), None)


def _clean_name(raw: str, t: LangTables) -> str:
    name = re.split(r"\s{2,}|\(|\n", raw.strip())[0]
    for r in t.roles:  # "(Signed) Sergey Lavrov Permanent Representative ..." on one line
        i = name.lower().find(r.lower())
        if i > 0:
            name = name[:i]
    return name.strip(" ,.;")


def sponsors(texts: list[str], t: LangTables) -> list[str]:
    """The sponsors of a draft: "Australia, Colombia, ... and Uruguay: draft resolution"."""
    for rx in t.sponsor_res:
        for text in texts:
            m = rx.search(" ".join(text.split()))
            if m and t.sponsor_split is not None:
                names = [n.strip(" .;") for n in t.sponsor_split.split(m.group("list"))]
                names = [n for n in names if n and len(n) < 80]
                if len(names) >= 1 and all(len(n.split()) <= 8 for n in names):
                    return names
    return []


def sentence_case(title: str, t: LangTables) -> str:
    """An ALL-CAPS title in sentence case, keeping country and organ names capitalised."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.9:
        return title
    low = title.lower()
    out = low[:1].upper() + low[1:]
    names = list(t.proper_names)
    from hexaglot.parse.countries import country_names

    names += country_names(t.lang)
    for name in sorted(set(names), key=len, reverse=True):
        rx = r"(?<!\w)" + re.sub("['’]", "['’]", re.escape(name.lower())) + r"(?!\w)"
        for m in re.finditer(rx, out):
            if m.start() > 0:
                apos = next((c for c in m.group(0) if c in "'’"), "'")
                out = out[: m.start()] + name.replace("'", apos).replace("’", apos) + out[m.end():]
    return out


_NAME_TOKEN = r"(?:[^\W\d_][\w'’-]*|[^\W\d_]\.)"


def persons(text: str, t: LangTables) -> list[str]:
    """Names introduced by a title word ("le Président George W. Bush")."""
    if not t.person_titles:
        return []
    titles = "|".join(re.escape(x) for x in t.person_titles)
    rx = re.compile(rf"(?<!\w)(?:{titles})\s+((?:{_NAME_TOKEN}\s+){{1,4}})")
    out: list[str] = []
    for m in rx.finditer(text + " "):
        toks = []
        for tok in m.group(1).split():
            if tok[0].isupper() and ((tok.endswith(".") and len(tok) == 2) or tok[1:].islower() or "-" in tok):
                toks.append(tok)
            else:
                break
        if len(toks) >= 2 and not toks[-1].endswith(".") and (name := " ".join(toks)) not in out:
            out.append(name)
    return out
