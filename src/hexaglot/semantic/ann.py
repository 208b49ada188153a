"""The vector index beside the database: ``<archive>/vectors/``. Derived data, like the search
index: the database's ``vectors`` table holds the one copy of every int8 vector; the index holds
only what finds candidates fast.

- a **sign code** per sentence (the signs of its first 128 components, 16 bytes), one flat file per
  language (``codes-<lang>.bin``), memory-mapped;
- ``state.npz``: per language, the sentence id and the document number of each code (delta-coded
  and compressed: a fraction of a byte a sentence), and the documents' ids and int8 vectors (for
  related documents).

A search scans the codes of the languages asked for (Hamming distance, numba popcount: ~2 ms of
CPU for 1 M codes, :mod:`hexaglot.semantic.hamming`), skipping the documents a filter leaves out,
keeps the :data:`RERANK` nearest codes and re-ranks them by the exact cosine of their stored
vectors, read from the database. No graph: 178 bytes a sentence in SQLite + ~17 here
(bench/RESULTS.md, "Semantic search").

Updates are incremental: a writer appends the codes of the documents it wrote and marks their old
codes removed (:meth:`VectorIndex.update`); when more than :data:`COMPACT_DEAD` of the codes are
removed ones, or when the index was not current when the writer started, the index is rebuilt
whole (:meth:`VectorIndex.build`) into a new folder ``<build>/`` that ``meta.json`` then names.

Crash safety: codes are only ever appended past the ones ``state.npz`` names; ``state.npz`` and
``meta.json`` are replaced by rename, the meta last. A reader sees one state and the codes it
names; a crash leaves an index that ``meta.json``'s generation marks as stale, rebuilt by the
next writer, ``hexaglot reindex`` or ``check --repair``. Every hit is read back from the database,
so a sentence deleted since the index was written never appears.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from hexaglot.semantic.codec import CODE_BITS, DIM, MODEL, from_blobs, unit
from hexaglot.store.vectors import generation, vector_rows, vectors_of

CODE_BYTES = CODE_BITS // 8
RERANK = 500  # nearest codes re-ranked by exact cosine; bench/RESULTS.md: recall@10 vs exact at 1 M 0.9995
COMPACT_DEAD = 0.25  # rebuild whole when more than this fraction of the codes are removed ones
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)
"""What reading a damaged ``state.npz`` raises (a truncated or overwritten file)."""


@dataclass
class Meta:
    generation: int = -1
    model: str = ""
    build: str = ""  # the folder of the current build
    sentences: int = 0  # live codes
    documents: int = 0
    langs: dict[str, int] = field(default_factory=dict)  # codes (live and removed) per language

    @classmethod
    def read(cls, path: Path) -> Meta:
        try:
            data = json.loads(path.read_text())
            return cls(int(data["generation"]), str(data["model"]), str(data["build"]), int(data["sentences"]),
                       int(data["documents"]), {str(k): int(v) for k, v in data["langs"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()


@dataclass
class State:
    """What ``state.npz`` holds, decoded."""

    ids: dict[str, np.ndarray]  # per language: the sentence id of each code (int64)
    docs: dict[str, np.ndarray]  # per language: the document number of each code (int32; -1: removed)
    doc_ids: list[str]  # document number → id
    doc_vecs: np.ndarray  # (documents, DIM) int8, unit mean of the document's vectors
    doc_alive: np.ndarray  # (documents,) bool: False for a document removed or rewritten since

    @classmethod
    def empty(cls) -> State:
        return cls({}, {}, [], np.zeros((0, DIM), np.int8), np.zeros(0, bool))

    @classmethod
    def load(cls, path: Path) -> State:
        with np.load(path, allow_pickle=False) as z:
            langs = [str(x) for x in z["langs"]]
            ids = {x: np.cumsum(z[f"ids_{x}"]) for x in langs}
            docs = {x: z[f"docs_{x}"].astype(np.int32) for x in langs}
            return cls(ids, docs, [str(d) for d in z["doc_ids"]], z["doc_vecs"], z["doc_alive"].astype(bool))

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {"langs": np.array(sorted(self.ids), dtype=str)}
        for x, ids in self.ids.items():
            arrays[f"ids_{x}"] = np.diff(ids, prepend=0)  # mostly ones: compresses to almost nothing
            arrays[f"docs_{x}"] = self.docs[x]
        arrays.update(doc_ids=np.array(self.doc_ids, dtype=str), doc_vecs=self.doc_vecs, doc_alive=self.doc_alive)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}.npz")
        with tmp.open("wb") as fh:
            np.savez_compressed(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def numbers(self) -> dict[str, int]:
        """Document id → its current number (cached: the state is read-only once loaded)."""
        if not hasattr(self, "_numbers"):
            self._numbers = {d: i for i, d in enumerate(self.doc_ids) if self.doc_alive[i]}
        return self._numbers

    def live(self) -> int:
        return sum(int((d >= 0).sum()) for d in self.docs.values())

    def slots(self) -> int:
        return sum(len(d) for d in self.docs.values())


class VectorIndex:
    """The files in ``folder`` (``<archive>/vectors``); opened lazily, memory-mapped."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._state: State | None = None
        self._codes: dict[str, np.ndarray] = {}
        self._loaded_meta: Meta | None = None

    @property
    def meta(self) -> Meta:
        return Meta.read(self.folder / "meta.json")

    def fresh(self, c: sqlite3.Connection) -> bool:
        m = self.meta
        return m.model == MODEL and m.generation == generation(c)

    def exists(self) -> bool:
        m = self.meta
        return m.model == MODEL and (self.folder / m.build / "state.npz").is_file()

    # -- writing ------------------------------------------------------------------------------

    def build(self, c: sqlite3.Connection) -> Meta:
        """Rebuild whole from the database (``c`` inside one snapshot) in a new folder; returns the new meta."""
        self.folder.mkdir(parents=True, exist_ok=True)
        build = f"b-{uuid.uuid4().hex[:12]}"
        (self.folder / build).mkdir()
        state = State.empty()
        self._append(self.folder / build, state, {}, c, None)
        meta = self._commit(build, state, generation(c))
        for old in self.folder.iterdir():  # earlier builds, and what a crash left
            if old.name != build and old.name != "meta.json":
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
        return meta

    def update(self, c: sqlite3.Connection, doc_ids: list[str]) -> Meta:
        """Bring the index up to date after ``doc_ids`` were written (or removed), the index having
        been current before: their old codes are marked removed, their vectors appended. Rebuilds
        whole when the index is missing or too many codes are removed ones."""
        meta = self.meta
        if not self.exists() or self.damaged():
            return self.build(c)
        folder = self.folder / meta.build
        try:
            state = State.load(folder / "state.npz")
        except UNREADABLE:
            return self.build(c)
        numbers = state.numbers()
        gone = np.array(sorted(numbers[d] for d in set(doc_ids) if d in numbers), dtype=np.int32)
        if len(gone):
            state.doc_alive[gone] = False
            for docs in state.docs.values():
                docs[np.isin(docs, gone)] = -1
        self._append(folder, state, {x: len(v) for x, v in state.ids.items()}, c, sorted(set(doc_ids)))
        if state.slots() and state.slots() - state.live() > COMPACT_DEAD * state.slots():
            return self.build(c)
        return self._commit(meta.build, state, generation(c))

    def _append(self, folder: Path, state: State, lengths: dict[str, int], c: sqlite3.Connection,
                doc_ids: list[str] | None) -> None:
        """Append the codes of the documents' vectors (every document when ``doc_ids`` is None) to
        the build in ``folder`` after the first ``lengths[lang]`` codes, and to ``state``."""
        from hexaglot.semantic.hamming import pack

        files: dict[str, object] = {}
        new_ids: dict[str, list[np.ndarray]] = {}
        new_docs: dict[str, list[np.ndarray]] = {}
        vecs: list[np.ndarray] = []
        try:
            def flush(doc: str, rows: list[tuple[str, int, bytes]]) -> None:
                stored = from_blobs([b for _, _, b in rows])
                m = unit(stored).mean(0)
                vecs.append(np.clip(np.rint(m / max(float(np.linalg.norm(m)), 1e-12) * 127), -127, 127)
                            .astype(np.int8))
                number = len(state.doc_ids)
                state.doc_ids.append(doc)
                start = 0
                for k in range(1, len(rows) + 1):
                    if k == len(rows) or rows[k][0] != rows[start][0]:
                        lang = rows[start][0]
                        if lang not in files:
                            fh = (folder / f"codes-{lang}.bin").open("r+b" if lengths.get(lang) else "wb")
                            fh.seek(lengths.get(lang, 0) * CODE_BYTES)
                            files[lang] = fh
                        files[lang].write(pack(stored[start:k]).tobytes())  # type: ignore[attr-defined]
                        new_ids.setdefault(lang, []).append(np.array([r[1] for r in rows[start:k]], np.int64))
                        new_docs.setdefault(lang, []).append(np.full(k - start, number, np.int32))
                        start = k

            current: str | None = None
            rows: list[tuple[str, int, bytes]] = []
            for doc, lang, sid, blob in vector_rows(c, doc_ids):
                if doc != current:
                    if rows:
                        flush(current, rows)  # type: ignore[arg-type]
                    current, rows = doc, []
                rows.append((lang, int(sid), blob))
            if rows:
                flush(current, rows)  # type: ignore[arg-type]
            for fh in files.values():
                fh.flush()  # type: ignore[attr-defined]
                os.fsync(fh.fileno())  # type: ignore[attr-defined]
        finally:
            for fh in files.values():
                fh.close()  # type: ignore[attr-defined]
        for lang in new_ids:
            state.ids[lang] = np.concatenate([state.ids.get(lang, np.zeros(0, np.int64)), *new_ids[lang]])
            state.docs[lang] = np.concatenate([state.docs.get(lang, np.zeros(0, np.int32)), *new_docs[lang]])
        if vecs:
            state.doc_vecs = np.concatenate([state.doc_vecs, np.stack(vecs)])
            state.doc_alive = np.concatenate([state.doc_alive, np.ones(len(vecs), bool)])

    def _commit(self, build: str, state: State, gen: int) -> Meta:
        state.save(self.folder / build / "state.npz")
        meta = Meta(gen, MODEL, build, state.live(), int(state.doc_alive.sum()),
                    {x: len(v) for x, v in sorted(state.ids.items())})
        tmp = self.folder / f"meta.json.tmp-{os.getpid()}"
        tmp.write_text(json.dumps(asdict(meta)))
        os.replace(tmp, self.folder / "meta.json")
        self.close()
        return meta

    def close(self) -> None:
        self._state = None
        self._codes = {}
        self._loaded_meta = None

    # -- reading ------------------------------------------------------------------------------

    def _load(self) -> State | None:
        for _ in range(2):  # a second time when a writer replaced the build between meta and state
            meta = self.meta
            if self._state is not None and self._loaded_meta == meta:
                return self._state
            self.close()
            if meta.model != MODEL:
                return None
            folder = self.folder / meta.build
            try:
                state = State.load(folder / "state.npz")
                codes = {x: np.memmap(folder / f"codes-{x}.bin", dtype=np.uint32, mode="r",
                                      shape=(len(ids), CODE_BYTES // 4)) for x, ids in state.ids.items() if len(ids)}
            except UNREADABLE:
                continue
            self._state, self._codes, self._loaded_meta = state, codes, meta
            return state
        return None

    def __len__(self) -> int:
        state = self._load()
        return 0 if state is None else state.live()

    def search(self, c: sqlite3.Connection, query: np.ndarray, k: int, langs: list[str] | None = None,
               documents: list[str] | None = None) -> list[tuple[int, float]]:
        """The ``k`` stored vectors nearest ``query`` (one int8 row) in ``langs`` (all when empty)
        and ``documents`` (all when None): ``(sentence id, cosine)``, best first. The nearest
        :data:`RERANK` (at least ``4 k``) sign codes, re-ranked by the exact cosine of their vectors
        in the database (``c``)."""
        from hexaglot.semantic.hamming import nearest_codes, pack

        state = self._load()
        if state is None:
            return []
        allowed = np.append(state.doc_alive, False)  # [-1]: a removed code
        if documents is not None:
            wanted = np.zeros(len(allowed), bool)
            numbers = state.numbers()
            wanted[[numbers[d] for d in documents if d in numbers]] = True
            allowed &= wanted
        q = pack(query)[0]
        cap = max(RERANK, 4 * k)
        found: list[tuple[int, np.ndarray, np.ndarray]] = []
        for x in langs or sorted(self._codes):
            if x in self._codes:
                rows, dist = nearest_codes(self._codes[x], q, state.docs[x], allowed, cap)
                found.append((len(found), state.ids[x][rows], dist))
        if not found:
            return []
        ids = np.concatenate([f[1] for f in found])
        if len(ids) > cap:
            ids = ids[np.argpartition(np.concatenate([f[2] for f in found]), cap)[:cap]]
        stored = vectors_of(c, ids.tolist())  # a sentence deleted since: no vector, no hit
        keys = list(stored)
        if not keys:
            return []
        scores = unit(from_blobs([stored[i] for i in keys])) @ unit(query)[0]
        top = np.argsort(-scores, kind="stable")[:k]
        return [(keys[i], float(scores[i])) for i in top]

    def keys(self) -> np.ndarray:
        """The sentence ids of the live codes, sorted."""
        state = self._load()
        if state is None or not state.ids:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate([ids[state.docs[x] >= 0] for x, ids in state.ids.items()]))

    def damaged(self) -> str | None:
        """What is wrong with the current build's files (a state that cannot be read, a code file
        shorter than its state says)."""
        meta = self.meta
        state = self.folder / meta.build / "state.npz"
        if not state.is_file():
            return None
        try:
            State.load(state)
        except UNREADABLE as e:
            return f"{state} cannot be read ({type(e).__name__}: {e})"
        for x, n in meta.langs.items():
            path = self.folder / meta.build / f"codes-{x}.bin"
            size = path.stat().st_size if path.is_file() else 0
            if size < n * CODE_BYTES:
                return f"{path} holds {size // CODE_BYTES} codes, the index names {n}"
        return None

    def documents(self) -> tuple[list[str], np.ndarray]:
        """``(doc ids, unit document vectors)`` of the documents in the index."""
        state = self._load()
        if state is None:
            return [], np.zeros((0, DIM), dtype=np.float32)
        live = np.nonzero(state.doc_alive)[0]
        return [state.doc_ids[i] for i in live], unit(state.doc_vecs[live])
