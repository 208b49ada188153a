"""The terminology of a bitext: the term list with equivalents, and one term's renderings by year."""

from __future__ import annotations

import re
from collections import Counter

from hexaglot.terms.bitext import Bitext, surfaces_in
from hexaglot.terms.extract import citation_rank, is_plural
from hexaglot.terms.rank import LinkScorer, Scored, rank
from hexaglot.terms.records import Equivalent, Example, Rendering, TermEntry, TermLookup

EXAMPLES = 3


def _equivalent(bt: Bitext, s: Scored, beads: list[int], in_context: bool = True, plural: bool = False
                ) -> Equivalent:
    """The equivalent's record, named by the variant nearest the citation form (the target
    language's ``[citation]`` data for a ``plural`` source term or not: a nominative), then its most
    frequent form where it renders the term (``in_context``) or anywhere (faster, for the term list)."""
    forms = surfaces_in(bt, s.key, [i for i in beads if s.key in bt.beads[i].tgt_keys]) if in_context else Counter()
    st = bt.tgt_stats[s.key]
    tl = bt.tgt_lang
    term = min(st.surfaces.keys() | forms.keys(),
               key=lambda f: (citation_rank(f, s.key, tl, plural), -forms[f], -st.surfaces[f], f != f.lower(), f))
    return Equivalent(term=term, key=s.key, variants=sorted(st.surfaces, key=lambda f: -st.surfaces[f])[:8],
                      cooccurrences=s.cooc, frequency=s.freq, dice=round(s.dice, 4), llr=round(s.llr, 2),
                      score=round(s.score, 4))


def _examples(bt: Bitext, beads: list[int], key: str | None, n: int = EXAMPLES) -> list[Example]:
    chosen = [i for i in beads if key is None or key in bt.beads[i].tgt_keys][:n]
    out = []
    for i in chosen:
        p = bt.beads[i].pair
        out.append(Example(doc_id=p.doc_id, symbol=p.symbol, date=p.date, src=p.src, tgt=p.tgt))
    return out


def lookup(bt: Bitext, query: str, *, limit: int = 10, link: LinkScorer | None = None) -> TermLookup:
    """Every rendering of ``query`` in the bitext, counted per year, and its ranked equivalents."""
    key, beads = bt.beads_with(query)
    res = TermLookup(query=query, key=key, src_lang=bt.src, tgt_lang=bt.tgt, occurrences=len(beads))
    if not beads:
        return res
    ranked = rank(bt, beads, src_chars=len(query), limit=max(limit, 50), link=link, src_key=key)
    plural = is_plural(query, bt.src_lang)
    res.equivalents = [_equivalent(bt, s, beads, plural=plural) for s in ranked[:limit]]
    res.years = sorted({y for i in beads if (y := bt.beads[i].year) is not None})
    res.undated = sum(bt.beads[i].year is None for i in beads)
    per: dict[str, Counter[int | None]] = {}
    forms = {s.key: _forms(bt, s.key) for s in ranked}
    for i in beads:
        keys, text = bt.beads[i].tgt_keys, bt.beads[i].pair.tgt
        # the best-ranked equivalent the bead holds: as a candidate, or written inside a longer one
        # (安全理事会 in 安全理事会主席: a Chinese text has no spaces, its candidates are its longest units)
        best = next((s.key for s in ranked if s.key in keys or (forms[s.key] and forms[s.key].search(text))), "")
        per.setdefault(best, Counter())[bt.beads[i].year] += 1
    names = {e.key: e.term for e in res.equivalents}
    for k, years in per.items():
        name = names.get(k) or (bt.tgt_stats[k].display if k else "(no candidate found)")
        dated = {y: years[y] for y in sorted(y for y in years if y is not None)}
        res.renderings.append(Rendering(term=name, key=k, total=sum(years.values()), by_year=dated,
                                        undated=years[None]))
    res.renderings.sort(key=lambda r: (r.key == "", -r.total, r.term))
    res.examples = _examples(bt, beads, res.equivalents[0].key if res.equivalents else None)
    return res


def _forms(bt: Bitext, key: str) -> re.Pattern[str] | None:
    """The written forms of a target key of several characters, as whole words where words are
    spaced (``droit`` is not found in ``droits``), anywhere in a text without spaces."""
    surfaces = [f for f in bt.tgt_stats[key].surfaces if len(f) >= 2] if key in bt.tgt_stats else []
    if not surfaces:
        return None
    alt = "|".join(re.escape(f) for f in sorted(surfaces, key=len, reverse=True))
    spaced = bt.tgt not in ("zh", "ja")
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)" if spaced else alt, re.IGNORECASE)


def maximal_keys(bt: Bitext, min_freq: int) -> list[str]:
    """Source candidates seen in at least ``min_freq`` beads that are not only ever part of one
    longer candidate: a key inside a longer one (any run of its words: "freedoms set forth" in
    "rights and freedoms set forth") with the longer one's bead count is dropped."""
    keep = {k for k, st in bt.src_stats.items() if len(st.beads) >= min_freq}
    nested: set[str] = set()
    for k in keep:
        words = k.split(" ")
        n = len(bt.src_stats[k].beads)
        for size in range(1, len(words)):
            for a in range(len(words) - size + 1):
                st = bt.src_stats.get(sub := " ".join(words[a:a + size]))
                if st is not None and len(st.beads) == n:
                    nested.add(sub)
    return [k for k in keep if k not in nested]


def term_list(bt: Bitext, *, min_freq: int = 3, limit: int | None = None, equivalents: int = 3,
              link: LinkScorer | None = None) -> list[TermEntry]:
    """The source terms (multi-word units first, then by frequency) with their best equivalents;
    terms without any equivalent above chance are left out."""
    keys = maximal_keys(bt, min_freq)
    keys.sort(key=lambda k: (bt.src_stats[k].words < 2, -len(bt.src_stats[k].beads), k))
    out: list[TermEntry] = []
    for k in keys:
        if limit is not None and len(out) >= limit:
            break
        st = bt.src_stats[k]
        ranked = rank(bt, st.beads, src_chars=len(st.display), limit=equivalents, link=link, src_key=k)
        if not ranked:
            continue
        plural = is_plural(st.display, bt.src_lang)
        eqs = [_equivalent(bt, s, st.beads, in_context=False, plural=plural) for s in ranked]
        out.append(TermEntry(src_lang=bt.src, tgt_lang=bt.tgt, term=st.display, key=k,
                             variants=sorted(st.surfaces, key=lambda f: -st.surfaces[f])[:8], frequency=st.freq,
                             documents=len(st.docs), first_year=min(st.years, default=None),
                             last_year=max(st.years, default=None), equivalents=eqs,
                             examples=_examples(bt, st.beads, eqs[0].key)))
    return out
