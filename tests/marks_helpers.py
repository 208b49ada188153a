"""A concordance page marked as the concordance marks it, for the tests of wordalign.marks."""

from __future__ import annotations

from hexaglot.store.records import ConcordanceLine
from hexaglot.wordalign import WordAligner
from hexaglot.wordalign.marks import mark_lines


def page_lines(src: str, tgt: str, query: str, pairs: list[tuple[str, str]]) -> list[ConcordanceLine]:
    """A concordance page of ``pairs`` (source, target) for ``query``, not marked yet."""
    out = []
    for source, target in pairs:
        at = source.index(query)
        out.append(ConcordanceLine(doc_id="d", symbol=None, date=None, src_lang=src, tgt_lang=tgt,
                                   left=source[:at], match=query, right=source[at + len(query):], source=source,
                                   target=target, score=1.0, src_ids=[0], tgt_ids=[0]))
    return out


def page_marked(src: str, tgt: str, query: str, pairs: list[tuple[str, str]]) -> list[str]:
    """The marks of a concordance page of ``pairs`` (source, target) for ``query`` without a trained
    model, each line's joined by spaces."""
    lines = page_lines(src, tgt, query, pairs)
    mark_lines(lines, WordAligner.untrained(src, tgt))
    return [" ".join(ln.target[a:b] for a, b in ln.tgt_marks) for ln in lines]
