"""Training with eflomal (Östling & Tiedemann 2016: a Bayesian HMM with fertilities, Gibbs-sampled), the
default trainer when the ``eflomal`` package is installed (:func:`available`).

eflomal aligns the training pairs themselves and keeps no model, so the model is read off its links: in
each direction, ``t(child | parent)`` is the share of the parent's links that go to that child (a child
it leaves unaligned counts for NULL), and the jump weights of the HMM decoder
(:func:`hexaglot.wordalign.em.forward_backward`) are the moves between the parents of consecutive aligned
children. Those tables go into the archive like the EM ones and align any pair at concordance time. The
dictionary and identical-form pairs (:mod:`hexaglot.wordalign.priors`) are given to eflomal as lexical
priors. Sentences reach eflomal as vocabulary ids, so its own lower-casing and whitespace splitting
change nothing.
"""

from __future__ import annotations

import functools
import itertools
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

from hexaglot.wordalign import em


@functools.cache
def available() -> str | None:
    """``"eflomal <version>"`` when eflomal can be imported, else None."""
    try:
        import eflomal  # noqa: F401
    except ImportError:
        return None
    try:
        return f"eflomal {metadata.version('eflomal')}"
    except metadata.PackageNotFoundError:
        return "eflomal"


Links = list[list[tuple[int, int]]]
"""Per sentence, ``(parent position, child position)``."""


def align(s_tok: np.ndarray, s_off: np.ndarray, t_tok: np.ndarray, t_off: np.ndarray,
          priors: list[tuple[int, int, float]]) -> tuple[Links, Links]:
    """eflomal's links of every pair: forward (source parent, target child) and reverse (target parent,
    source child). ``priors``: ``(source id, target id, pseudo-count)``."""
    from eflomal import Aligner

    def lines(tok: np.ndarray, off: np.ndarray) -> list[str]:
        return [" ".join(map(str, tok[a:b])) for a, b in itertools.pairwise(off)]

    prior_lines = [f"LEX\t{s}\t{t}\t{a:g}\n" for s, t, a in priors]
    with tempfile.TemporaryDirectory(prefix="hexaglot-eflomal-") as d:
        fwd, rev = Path(d, "fwd"), Path(d, "rev")
        Aligner().align(lines(s_tok, s_off), lines(t_tok, t_off), links_filename_fwd=str(fwd),
                        links_filename_rev=str(rev), priors_input=prior_lines or None, quiet=True)
        f_lines = fwd.read_text(encoding="utf-8").splitlines()
        r_lines = rev.read_text(encoding="utf-8").splitlines()
    n = len(s_off) - 1
    if len(f_lines) != n or len(r_lines) != n:
        raise RuntimeError(f"eflomal returned {len(f_lines)}/{len(r_lines)} link lines for {n} pairs")

    def parse(line: str, swap: bool) -> list[tuple[int, int]]:
        out = []
        for x in line.split():
            i, j = x.split("-")
            out.append((int(j), int(i)) if swap else (int(i), int(j)))
        return out

    return [parse(x, False) for x in f_lines], [parse(x, True) for x in r_lines]


def tables(p_tok: np.ndarray, p_off: np.ndarray, c_tok: np.ndarray, c_off: np.ndarray, n_parent: int,
           n_child: int, links: Links) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(keys, t, jump)`` read off one direction's links: keys ``parent * n_child + child`` (sorted,
    parent 0 NULL), ``t(child | parent)`` and the jump weights over ``-JUMP..JUMP``."""
    pairs: list[int] = []
    jumps = np.zeros(2 * em.JUMP + 1)
    for k, sent in enumerate(links):
        p0, c0, c1 = int(p_off[k]), int(c_off[k]), int(c_off[k + 1])
        parent = dict((c, p) for p, c in sent)  # eflomal gives each child one parent at most
        last = -1
        for j in range(c1 - c0):
            i = parent.get(j)
            child = int(c_tok[c0 + j])
            if i is None:
                pairs.append(em.NULL * n_child + child)
                continue
            pairs.append(int(p_tok[p0 + i]) * n_child + child)
            if last >= 0:
                jumps[min(max(i - last, -em.JUMP), em.JUMP) + em.JUMP] += 1.0
            last = i
    keys, counts = np.unique(np.array(pairs, np.int64), return_counts=True)
    parents = keys // n_child
    totals = np.bincount(parents, weights=counts, minlength=n_parent)
    t = counts / totals[parents]
    return keys, t, (jumps + 1.0) / (jumps.sum() + len(jumps))
