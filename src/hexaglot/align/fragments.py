"""Clause fragments left alone by the DP: a short line ending in a comma ("Now, therefore,",
"因此，") is not a sentence with a translation of its own but the start of the next one, which the
sentence splitter or the document's layout cut off. When the DP leaves such a fragment without a
counterpart (a 1-0 or 0-1 bead) and the next bead pairs both sides, the fragment joins that bead.

A fragment has no counterpart worth the name in the other language's next sentence either, so a
sentence vector of its own finds nothing: the embeddings and the lone-sentence skips both push it
into a bead of its own, where gold alignments put it together with what it introduces.

The join is made after the DP, on its path and on the evidence the calibration reads: the joined
bead has the two beads' evidence (the lesser margin and posterior, the first's start and the
second's end), not that of a bead the DP itself did not choose, whose near-zero posterior made its
right neighbours look doubtful.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hexaglot.align.calibrate import Evidence
from hexaglot.align.posterior import Posteriors

# commas of the six languages and the German and French of the bench sets: Latin, Chinese
# (full width and the enumeration comma), Arabic
COMMAS = frozenset(",，、،")
MAX_WORDS = 2
MAX_CHARS = 20
# a Chinese or Japanese character carries about what three Latin letters do: "不扩散核武器条约缔约国审议大会，"
# (the Review Conference of the Parties to the Treaty, a line of its own in a resolution) is no fragment
WIDE = 3

Path = list[tuple[int, int, float]]


def is_fragment(text: str) -> bool:
    """A line of at most ``MAX_WORDS`` words and ``MAX_CHARS`` characters ending in a comma (a
    CJK ideograph counts ``WIDE`` characters)."""
    t = text.strip()
    if not t or t[-1] not in COMMAS or len(t.split()) > MAX_WORDS:
        return False
    return len(t) + (WIDE - 1) * sum(1 for ch in t if _wide(ch)) <= MAX_CHARS


def _wide(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def fragment_joins(path: Path, src: Sequence[str], tgt: Sequence[str]) -> list[int]:
    """The positions ``k`` in ``path`` (bead types with their costs, in order) of the lone fragments
    to join with bead ``k + 1``: a 1-0 or 0-1 bead whose sentence :func:`is_fragment`, followed by a
    bead with both sides."""
    out = []
    i = j = 0
    k = 0
    while k < len(path):
        a, b, _ = path[k]
        if a + b == 1 and k + 1 < len(path) and path[k + 1][0] and path[k + 1][1] \
                and is_fragment(src[i] if a else tgt[j]):
            out.append(k)
            i, j = i + a + path[k + 1][0], j + b + path[k + 1][1]
            k += 2
            continue
        i, j, k = i + a, j + b, k + 1
    return out


def _merged(values: list, joins: list[int], how) -> list:  # type: ignore[no-untyped-def,type-arg]
    """``values`` (one per bead) with each joined pair ``k, k + 1`` made one value ``how(v[k], v[k + 1])``."""
    out = []
    at = set(joins)
    k = 0
    while k < len(values):
        if k in at:
            out.append(how(values[k], values[k + 1]))
            k += 2
        else:
            out.append(values[k])
            k += 1
    return out


def join_path(path: Path, joins: list[int]) -> Path:
    """``path`` with each bead ``k`` of ``joins`` and the next made one bead, costing their sum."""
    return _merged(path, joins, lambda x, y: (x[0] + y[0], x[1] + y[1], x[2] + y[2]))


def join_evidence(ev: Evidence, joins: list[int]) -> Evidence:
    """``ev`` with each joined pair's evidence made one bead's: the lesser margin and bead posterior,
    agreement (with the first pass, and with the DP without embeddings) only if both beads had it (the
    aligner then compares the joined bead with those paths joined by the same rule), the first bead's
    start and the second's end; ``joins`` recorded. ``length`` and ``dp_types`` are the
    caller's to set (the first is a function of the bead types); ``matched`` (of the whole alignment) stays."""
    post = None if ev.posterior is None else join_posteriors(ev.posterior, joins)
    return replace(ev, margin=_merged(ev.margin, joins, min), agree=_merged(ev.agree, joins, lambda x, y: x and y),
                   posterior=post, lexical=None if ev.lexical is None else _merged(ev.lexical, joins,
                                                                                  lambda x, y: x and y),
                   joins=list(joins))


def join_posteriors(post: Posteriors, joins: list[int]) -> Posteriors:
    """Posteriors of the DP's beads made those of the joined path: a joined bead has the lesser bead
    posterior of its two, the first's start and the second's end (``bench/calibrate.py`` recomputes
    posteriors at several temperatures from the DP's bead types, :attr:`Evidence.dp_types`)."""
    return Posteriors(_merged(post.bead, joins, min), _merged(post.start, joins, lambda x, _y: x),
                      _merged(post.end, joins, lambda _x, y: y))
