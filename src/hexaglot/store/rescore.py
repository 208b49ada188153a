"""Recalibrate the bead scores of an archive written before scores were probabilities.

An alignment whose ``method`` lacks the calibration mark (:data:`hexaglot.align.calibrate.MARK`)
stores the aligner's raw scores. The calibration's features come from an alignment's bead types
and raw scores only, so a two-way alignment is recalibrated exactly (up to the 4-decimal rounding
the aligner always applied). A multi-way alignment stores, per bead, the lowest raw score of the
cluster of sentences it belongs to, not the bead's own: it gets the same mapping, an approximation
(re-ingest those documents for exact scores). Scores of other methods (``parallel-lines``) are
left as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hexaglot.align.calibrate import MARK, calibrate, calibrated_method, mode_of


@dataclass
class Recalibration:
    """What :func:`recalibrate` changed."""

    alignments: int = 0  # recalibrated exactly (two-way)
    approximate: int = 0  # multi-way: recalibrated from the cluster's lowest raw score
    beads: int = 0
    left: int = 0  # methods whose scores are not the aligner's (left unchanged)

    def message(self) -> str:
        if not (self.alignments or self.approximate or self.left):
            return "bead scores: already calibrated probabilities"
        parts = [f"bead scores recalibrated: {self.beads} beads in {self.alignments + self.approximate} alignments"]
        if self.approximate:
            parts.append(f"{self.approximate} multi-way alignments only approximately (their stored score is the "
                         "lowest raw score of a cluster, not the bead's own: re-ingest them for exact scores)")
        if self.left:
            parts.append(f"{self.left} alignments of another method left unchanged")
        return "; ".join(parts)


def recalibrate(store: object) -> Recalibration:
    """Map the raw scores of every uncalibrated alignment to calibrated probabilities, in one transaction."""
    rep = Recalibration()
    with store.transaction() as c:  # type: ignore[attr-defined]
        todo = [(aid, m) for aid, m in c.execute("SELECT id, method FROM alignments")
                if not calibrated_method(m)]
        for aid, method in todo:
            mode = mode_of(method)
            if mode is None:
                rep.left += 1
                continue
            rows = c.execute("SELECT id, score, src, tgt FROM beads WHERE alignment_id = ? ORDER BY k",
                             (aid,)).fetchall()
            types = [(len(json.loads(s)), len(json.loads(t))) for _, _, s, t in rows]
            if any(a and b for a, b in types):  # an alignment of one-sided beads only keeps its zeros
                probs = calibrate(types, [float(r[1]) for r in rows], embeddings=mode)
                c.executemany("UPDATE beads SET score = ? WHERE id = ?",
                              [(p, r[0]) for p, r in zip(probs, rows, strict=True)])
                rep.beads += len(rows)
            c.execute("UPDATE alignments SET method = ? WHERE id = ?", (method + MARK, aid))
            if method.startswith("multiway/"):
                rep.approximate += 1
            else:
                rep.alignments += 1
    return rep
