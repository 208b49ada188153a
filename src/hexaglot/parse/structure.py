"""Document structure: letters, annexes, signature blocks and the persons a text names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hexaglot.model import Annex, Block, Label, Layer, Signatory
from hexaglot.parse.countries import country_codes
from hexaglot.parse.dates import first_date
from hexaglot.parse.tables import LangTables

_FINAL = tuple(".!?。！？؟:;…\"»”")
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


def looks_like_paragraph(text: str) -> bool:
    s = text.strip()
    return len(s) > 200 or (s.endswith(_FINAL) and len(s.split()) > 6)


def looks_like_title(text: str) -> bool:
    s = text.strip()
    return 0 < len(s) <= _TITLE_MAX and not s.endswith((".", ";", ":")) and not s[:1].isdigit()


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
            label = m.group("label") or ""
            if label and any(a.label == label for a in annexes):
                label = f"{label}.{len(annexes)}"
            current = Annex(label=label or str(len(annexes) + 1), heading=b.text.strip())
            annexes.append(current)
            b.label, b.annex = Label.HEADING, current.label
            expect_title = True
            continue
        if current is None:
            continue
        b.annex = current.label
        if expect_title and b.label in (Label.PARAGRAPH, Label.TITLE, Label.HEADING) and looks_like_title(b.text):
            b.label = Label.TITLE
            current.title = b.text.strip()
        expect_title = False
    return annexes


def mark_front_matter(blocks: list[Block]) -> None:
    """Short unpunctuated blocks before the first real paragraph are headings, not paragraphs."""
    for b in blocks:
        if b.layer != Layer.BODY or b.annex is not None:
            continue
        if looks_like_paragraph(b.text):
            return
        if b.label == Label.PARAGRAPH and looks_like_title(b.text):
            b.label = Label.HEADING


def signatures(blocks: list[Block], t: LangTables) -> list[Signatory]:
    """Signature blocks: "(Signé) Name" plus the role and country lines above it."""
    out: list[Signatory] = []
    body = [b for b in blocks if b.layer == Layer.BODY]
    for i, b in enumerate(body):
        for rx in t.signed_res:
            matches = list(rx.finditer(b.text))
            if not matches:
                continue
            group = [b]
            j = i - 1
            while j >= 0 and len(group) < 4 and not looks_like_paragraph(body[j].text) \
                    and body[j].label in (Label.PARAGRAPH, Label.SIGNATURE, Label.HEADING) \
                    and not any(r.search(body[j].text) for r in t.signed_res):
                group.insert(0, body[j])
                j -= 1
            context = " ".join(g.text for g in group)
            for g in group:
                g.label = Label.SIGNATURE
            role = next((r for r in t.roles if r.lower() in context.lower()), None)
            countries = country_codes(context, t.lang)
            for m in matches:
                name = re.split(r"\s{2,}|\(", m.group("name").strip())[0].strip(" ,.")
                if name:
                    out.append(Signatory(name=name, country=countries[0] if countries else None, role=role))
            break
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
