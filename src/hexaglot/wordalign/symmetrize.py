"""Symmetrisation of two directional alignments (Koehn, Och & Marcu 2003).

Links are ``(i, j)``: source position ``i``, target position ``j``. ``grow_diag_final_and`` starts from
the intersection, grows it with union links next to a link (diagonals included) that align a word not
yet aligned, then adds union links whose both words are still unaligned.
"""

from __future__ import annotations

from collections.abc import Iterable

Links = set[tuple[int, int]]
_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def intersection(s2t: Iterable[tuple[int, int]], t2s: Iterable[tuple[int, int]]) -> Links:
    return set(s2t) & set(t2s)


def union(s2t: Iterable[tuple[int, int]], t2s: Iterable[tuple[int, int]]) -> Links:
    return set(s2t) | set(t2s)


def grow_diag(s2t: Iterable[tuple[int, int]], t2s: Iterable[tuple[int, int]]) -> Links:
    """The intersection grown with neighbouring union links, without the final step."""
    return grow_diag_final_and(s2t, t2s, final=False)


def grow_diag_final_and(s2t: Iterable[tuple[int, int]], t2s: Iterable[tuple[int, int]], final: bool = True
                        ) -> Links:
    a, b = set(s2t), set(t2s)
    links = a & b
    uni = a | b
    src_done = {i for i, _ in links}
    tgt_done = {j for _, j in links}
    grew = True
    while grew:
        grew = False
        for i, j in sorted(links):
            for di, dj in _NEIGHBOURS:
                p = (i + di, j + dj)
                if p in uni and p not in links and (p[0] not in src_done or p[1] not in tgt_done):
                    links.add(p)
                    src_done.add(p[0])
                    tgt_done.add(p[1])
                    grew = True
    if not final:
        return links
    for p in sorted(uni):  # final-and: both words still unaligned
        if p not in links and p[0] not in src_done and p[1] not in tgt_done:
            links.add(p)
            src_done.add(p[0])
            tgt_done.add(p[1])
    return links


METHODS = {"grow-diag-final-and": grow_diag_final_and, "grow-diag": grow_diag, "intersection": intersection, "union": union}
