"""Clause fragments left alone by the DP: a short line ending in a comma ("Now, therefore,",
"因此，") is not a sentence with a translation of its own but the start of the next one, which the
sentence splitter or the document's layout cut off. When the DP leaves such a fragment without a
counterpart (a 1-0 or 0-1 bead) and the next bead pairs both sides, the fragment joins that bead.

A fragment has no counterpart worth the name in the other language's next sentence either, so a
sentence vector of its own finds nothing: the embeddings and the lone-sentence skips both push it
into a bead of its own, where gold alignments put it together with what it introduces.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def join_fragments(path: Path, src: Sequence[str], tgt: Sequence[str],
                   margins: list[float] | None = None) -> tuple[Path, list[float] | None, bool]:
    """``path`` (bead types with their costs, in order) with every lone fragment joined to the
    next bead when that bead has both sides. The joined bead costs the two beads' sum; its
    margin (when ``margins`` has one per bead) is 0: the DP itself preferred the two beads.
    Returns the path, the margins and whether anything was joined."""
    out: Path = []
    kept: list[float] = []
    i = j = 0
    joined = False
    k = 0
    while k < len(path):
        a, b, c = path[k]
        lone = a + b == 1 and k + 1 < len(path)
        if lone and is_fragment(src[i] if a else tgt[j]) and path[k + 1][0] and path[k + 1][1]:
            a2, b2, c2 = path[k + 1]
            out.append((a + a2, b + b2, c + c2))
            kept.append(0.0)
            i, j, k = i + a + a2, j + b + b2, k + 2
            joined = True
            continue
        out.append((a, b, c))
        if margins is not None:
            kept.append(margins[k])
        i, j, k = i + a, j + b, k + 1
    if not joined:
        return path, margins, False
    return out, kept if margins is not None else None, True
