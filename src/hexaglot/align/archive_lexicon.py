"""An archive-wide translation table: word co-occurrence counts over confident beads, per language pair.

The aligner learns an IBM-1 table per document (:mod:`hexaglot.align.lexicon`); this module keeps
counts across documents, so a document can start from what the archive already saw. For one
language pair it counts, over the confident 1-1 beads of every alignment:

* ``beads``: the beads counted;
* ``src_df`` / ``tgt_df``: the beads each word stem occurs in, per side;
* ``co``: the beads each (source stem, target stem) pair occurs in.

The links are then the Dice coefficient ``2 co / (df_s + df_t)`` (symmetric: one set of counts
serves both directions). Counts add up, so a new alignment is an update, not a relearn; to keep
them small the co-occurrence pairs are pruned by *lossy counting* (Manku & Motwani, 2002): the
beads are cut into windows of :attr:`LexiconCounts.window`, and at each window boundary a pair
seen in fewer beads than windows since it first appeared is dropped (its count is under by at most
``beads / window``). Each update is one alignment, applied in alignment order, so learning
alignments 1..n then n+1..m gives exactly the counts of learning 1..m at once.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

FORMAT = 1
WINDOW = 200  # beads per lossy-counting window (error bound 1/200 of the beads)
MAX_WORDS = 64  # distinct stems of one sentence counted (a table row or a list stays bounded)
MIN_CO = 2  # a link needs the pair in at least this many beads
MIN_DICE = 0.3  # ... and this Dice coefficient
TOP = 3  # links kept per word


@dataclass
class LexiconCounts:
    """Co-occurrence counts of one language pair (see the module's docstring)."""

    beads: int = 0
    src_df: dict[str, int] = field(default_factory=dict)
    tgt_df: dict[str, int] = field(default_factory=dict)
    co: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (count, delta)
    window: int = WINDOW
    pruned: int = 0  # the last window whose boundary pruned ``co``

    def add(self, pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> int:
        """Count one alignment's confident beads (word stems of each side); returns the beads added.
        Prunes at the end when a window boundary was passed."""
        n = 0
        co, sdf, tdf = self.co, self.src_df, self.tgt_df
        for sw, tw in pairs:
            s = list(dict.fromkeys(sw))[:MAX_WORDS]
            t = list(dict.fromkeys(tw))[:MAX_WORDS]
            if not s or not t:
                continue
            n += 1
            for w in s:
                sdf[w] = sdf.get(w, 0) + 1
            for v in t:
                tdf[v] = tdf.get(v, 0) + 1
            for w in s:
                for v in t:
                    hit = co.get((w, v))
                    if hit is None:
                        co[(w, v)] = [1, self.pruned]
                    else:
                        hit[0] += 1
        self.beads += n
        boundary = self.beads // self.window
        if boundary > self.pruned:
            self.pruned = boundary
            self.co = {k: x for k, x in co.items() if x[0] + x[1] > boundary}
        return n

    def links(self, reverse: bool = False, min_co: int = MIN_CO, min_dice: float = MIN_DICE,
              top: int = TOP) -> dict[str, dict[str, float]]:
        """Source stem → {target stem: Dice}, strongest first (``reverse``: target → source)."""
        best: dict[str, list[tuple[float, str]]] = {}
        for (w, v), (c, _) in self.co.items():
            if c < min_co:
                continue
            dice = 2.0 * c / (self.src_df[w] + self.tgt_df[v])
            if dice >= min_dice:
                a, b = (v, w) if reverse else (w, v)
                best.setdefault(a, []).append((dice, b))
        return {a: {b: round(d, 4) for d, b in sorted(xs, key=lambda x: (-x[0], x[1]))[:top]}
                for a, xs in sorted(best.items())}

    # -- storage ------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """zlib-compressed JSON, keys sorted: equal counts give equal bytes."""
        doc = {"format": FORMAT, "beads": self.beads, "window": self.window, "pruned": self.pruned,
               "src_df": sorted(self.src_df.items()), "tgt_df": sorted(self.tgt_df.items()),
               "co": sorted([w, v, c, d] for (w, v), (c, d) in self.co.items())}
        return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> LexiconCounts:
        """The counts :meth:`to_bytes` wrote; ``ValueError`` when the bytes are not such counts."""
        try:
            doc = json.loads(zlib.decompress(data).decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError(f"unknown format {doc.get('format')!r}")
            return cls(beads=int(doc["beads"]), src_df={w: int(n) for w, n in doc["src_df"]},
                       tgt_df={v: int(n) for v, n in doc["tgt_df"]},
                       co={(w, v): [int(c), int(d)] for w, v, c, d in doc["co"]},
                       window=int(doc["window"]), pruned=int(doc["pruned"]))
        except (zlib.error, UnicodeDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"unreadable lexicon counts ({type(exc).__name__}: {exc})") from None

    def problems(self) -> list[str]:
        """What makes these counts inconsistent (empty when they are sound)."""
        out = []
        if self.beads < 0 or self.window < 1 or self.pruned != self.beads // self.window:
            out.append(f"{self.beads} beads, window {self.window}, last pruned window {self.pruned}")
        for side, df in (("source", self.src_df), ("target", self.tgt_df)):
            bad = [w for w, n in df.items() if not 0 < n <= self.beads]
            if bad:
                out.append(f"{len(bad)} {side} words counted in more beads than counted or none (e.g. {bad[0]!r})")
        bad_co = [k for k, (c, d) in self.co.items()
                  if not (0 < c <= min(self.src_df.get(k[0], 0), self.tgt_df.get(k[1], 0)) and 0 <= d <= self.pruned)]
        if bad_co:
            out.append(f"{len(bad_co)} word pairs counted more often than their words (e.g. {bad_co[0]!r})")
        return out
