"""Alignment by stream: the body, the notes and the cells of two versions are aligned apart.

A version's sentences carry a kind (prose, title, footnote, cell; :mod:`hexaglot.units`). The kinds
fall into streams (:data:`hexaglot.units.STREAMS`): the body (prose and titles, in reading order),
the notes (footnotes) and the cells. Each stream of one version is aligned with the same stream of
the other, so a footnote or a table cell never displaces a prose bead:

- the body with :meth:`~hexaglot.align.Aligner.align` (or :func:`~hexaglot.align.align_many` for
  three versions or more, by the caller), as a whole;
- a *grouped* stream (notes) unit by unit: a unit is a run of sentences with the same label
  (a footnote's mark). Units whose labels match, in order, are paired (the
  longest matching subsequence of the two label lists); the sentences of each pair, and of each gap
  between pairs, are aligned with the aligner, never across them. Unlabelled units never match by
  label.
- the cells by structure (:func:`hexaglot.align.tables.align_cells`): tables by label and order,
  then rows, then cells by column.

Beads come back with indices into the version's whole sentence list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from hexaglot.model import Bead
from hexaglot.units import STREAMS

BODY = "body"
CELLS = "cells"

PairAligner = Callable[[Sequence[str], Sequence[str]], list[Bead]]
"""Aligns two sentence lists of one pair of languages (``align(src, tgt, a, b, ...)`` bound)."""


def text_of(x: object) -> str:
    """The text of a sentence: a plain string, or anything with ``text`` (and ``kind``, ``unit``)."""
    return x if isinstance(x, str) else x.text  # type: ignore[attr-defined]


def stream_of(x: object) -> str:
    """The stream of a sentence; a plain string is body prose."""
    return BODY if isinstance(x, str) else STREAMS.get(getattr(x, "kind", "prose") or "prose", BODY)


def label_of(x: object) -> str | None:
    return None if isinstance(x, str) else getattr(x, "unit", None)


def split_streams(sentences: Sequence[object]) -> dict[str, list[int]]:
    """Stream name → the indices of its sentences, in order; the body first, then by first use."""
    out: dict[str, list[int]] = {BODY: []}
    for i, s in enumerate(sentences):
        out.setdefault(stream_of(s), []).append(i)
    return out


def _groups(labels: Sequence[str | None]) -> list[tuple[str | None, list[int]]]:
    """Runs of equal labels: ``[(label, local indices)]``."""
    out: list[tuple[str | None, list[int]]] = []
    for i, lab in enumerate(labels):
        if out and out[-1][0] == lab and lab is not None:
            out[-1][1].append(i)
        else:
            out.append((lab, [i]))
    return out


def align_grouped(src: Sequence[object], tgt: Sequence[object], aligner: PairAligner) -> list[Bead]:
    """Beads (local indices) of one grouped stream: units paired by label, then aligned within.

    The aligner runs once over the whole stream, so each bead is scored with the others as context
    (a lone pair of sentences gets no margin to be measured against); a bead that crosses from one
    pair of units (or gap) to another breaks the pairing, and that pair is aligned on its own."""
    segments = _segments(src, tgt)
    whole = _local([text_of(x) for x in src], [text_of(x) for x in tgt], aligner)
    seg_s = {i: k for k, (si, _) in enumerate(segments) for i in si}
    seg_t = {j: k for k, (_, ti) in enumerate(segments) for j in ti}
    kept: dict[int, list[Bead]] = {}
    broken: set[int] = set()
    for bead in whole:
        segs = {seg_s[i] for i in bead.src} | {seg_t[j] for j in bead.tgt}
        if len(segs) == 1:
            kept.setdefault(segs.pop(), []).append(bead)
        else:
            broken |= segs
    out: list[Bead] = []
    for k, (si, ti) in enumerate(segments):
        out.extend(_within(src, tgt, si, ti, aligner) if k in broken else kept.get(k, []))
    return out


def _segments(src: Sequence[object], tgt: Sequence[object]) -> list[tuple[list[int], list[int]]]:
    """Pairs of units whose labels match, in order, and the gaps between them, as index lists."""
    gs = _groups([label_of(x) or None for x in src])
    gt = _groups([label_of(x) or None for x in tgt])
    # unlabelled units get keys no other unit has, so they only meet inside a gap
    ks = [g[0] if g[0] is not None else f"\x00s{k}" for k, g in enumerate(gs)]
    kt = [g[0] if g[0] is not None else f"\x00t{k}" for k, g in enumerate(gt)]
    out: list[tuple[list[int], list[int]]] = []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, ks, kt, autojunk=False).get_opcodes():
        if op == "equal":
            out += [(gs[a0 + k][1], gt[b0 + k][1]) for k in range(a1 - a0)]
        else:
            out.append(([i for g in gs[a0:a1] for i in g[1]], [j for g in gt[b0:b1] for j in g[1]]))
    return out


def _within(src: Sequence[object], tgt: Sequence[object], si: list[int], ti: list[int],
            aligner: PairAligner) -> list[Bead]:
    """Beads of the sentences ``si`` of ``src`` and ``ti`` of ``tgt``, indices mapped back."""
    beads = _local([text_of(src[i]) for i in si], [text_of(tgt[j]) for j in ti], aligner)
    return [Bead(src=[si[i] for i in b.src], tgt=[ti[j] for j in b.tgt], score=b.score) for b in beads]


def _local(a: list[str], b: list[str], aligner: PairAligner) -> list[Bead]:
    if not a or not b:
        return [Bead(src=[i], tgt=[], score=0.0) for i in range(len(a))] + [
            Bead(src=[], tgt=[j], score=0.0) for j in range(len(b))]
    return aligner(a, b)


def align_parallel(n: int, m: int) -> list[Bead]:
    """Line-parallel input: sentence i ↔ sentence i (score 1), the rest unpaired (score 0)."""
    k = min(n, m)
    return ([Bead(src=[i], tgt=[i], score=1.0) for i in range(k)] + [Bead(src=[i], tgt=[], score=0.0)
            for i in range(k, n)] + [Bead(src=[], tgt=[j], score=0.0) for j in range(k, m)])


def align_streams(src: Sequence[object], tgt: Sequence[object], aligner: PairAligner | None, *,
                  body: list[Bead] | None = None, parallel: bool = False,
                  unit_aligner: PairAligner | None = None) -> list[Bead]:
    """Beads of two versions, each stream aligned apart, indices into the whole lists.

    ``body`` gives the body's beads (local to the body stream) when the caller already has them
    (from a multi-way alignment); ``parallel`` pairs sentence i with sentence i in every stream;
    ``unit_aligner`` aligns the grouped streams (default ``aligner``); ``aligner`` may be ``None``
    only with ``parallel``."""
    if aligner is None and not parallel:
        raise ValueError("align_streams needs an aligner unless the input is line-parallel")
    ss, ts = split_streams(src), split_streams(tgt)
    out: list[Bead] = []
    for name in dict.fromkeys([*ss, *ts]):
        si, ti = ss.get(name, []), ts.get(name, [])
        if not si and not ti:
            continue
        if parallel:
            local = align_parallel(len(si), len(ti))
        elif aligner is None:  # unreachable: checked above; narrows the type
            raise ValueError("align_streams needs an aligner")
        elif name == BODY:
            local = body if body is not None else _local([text_of(src[i]) for i in si],
                                                         [text_of(tgt[j]) for j in ti], aligner)
        elif name == CELLS:
            from hexaglot.align.tables import align_cells

            local = align_cells([text_of(src[i]) for i in si], [text_of(tgt[j]) for j in ti],
                                [label_of(src[i]) for i in si], [label_of(tgt[j]) for j in ti], aligner)
        else:
            local = align_grouped([src[i] for i in si], [tgt[j] for j in ti], unit_aligner or aligner)
        out.extend(Bead(src=[si[i] for i in b.src], tgt=[ti[j] for j in b.tgt], score=b.score) for b in local)
    return out
