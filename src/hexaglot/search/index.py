"""The full-text index beside the database (``<archive>/index/``), derived from SQLite only.

The index can always be thrown away and rebuilt (:meth:`SearchIndex.rebuild`). A document is
updated by deleting its sentences and adding the new ones in the same tantivy commit, so a
searcher sees either the old or the new version of a document, never a mix.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import tantivy

from hexaglot.errors import ArchiveError
from hexaglot.search.analyzers import (
    build_schema,
    cjk_grams,
    exact_field,
    marked,
    prepare,
    register,
    stored_field,
    text_field,
)

REBUILD = "HEXAGLOT_INDEX_REBUILD"  # in an index emptied for a new layout, until it is rebuilt
INDEX_VERSION = "6"  # 2: the sentence kind (prose, title, footnote, cell) as a field; 3: Arabic proclitics cut off;
# 4: a bare Arabic ب/ل only before a word nearly as frequent as the whole (بناء, بطاقة stay whole);
# 5: French, Spanish and English words folded to ASCII before the stemmer (accent-insensitive search);
# 6: French and Spanish texts also in an exact field, stemmed as written ("première" is "premier" again,
# "à" is not "a"), and a bare Arabic ب/ل left on a common word much commoner than its rest (بعده, بشأن)


class SearchIndex:
    """A tantivy index; the writer is opened on first write (one writer per archive at a time).

    An index of another :data:`INDEX_VERSION` (another layout, or texts analysed another way) is
    emptied on opening, after ``on_new_layout()`` (the archive queues every document, so the next
    write, ``hexaglot check --repair`` or ``hexaglot reindex`` rebuilds it from the database)."""

    def __init__(self, path: str | Path, on_new_layout: Callable[[], None] | None = None) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        marker = self.path / "HEXAGLOT_INDEX_VERSION"
        found = marker.read_text().strip() if marker.exists() else None
        if found is not None and found != INDEX_VERSION:
            self._empty(found, on_new_layout)
        self.schema = build_schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise ArchiveError(f"cannot open search index {self.path}: {exc}") from exc
            # a layout its marker does not name (a process of an older version wrote to it after a newer
            # one emptied it): emptied and rebuilt as an index of another version is
            self._empty(found or "unknown", on_new_layout)
            found = None
            try:
                self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            except (OSError, ValueError) as again:
                raise ArchiveError(f"cannot open search index {self.path}: {again}") from again
        except OSError as exc:
            raise ArchiveError(f"cannot open search index {self.path}: {exc}") from exc
        if found != INDEX_VERSION:
            # atomically: a reader opening the index at the same moment never sees an empty marker
            tmp = marker.with_name(f".{marker.name}.{os.getpid()}.{threading.get_ident()}")
            tmp.write_text(INDEX_VERSION)
            os.replace(tmp, marker)
        register(self.index)
        self._writer: Any = None
        self._dirty = False
        self._last_commit = time.monotonic()

    def _empty(self, found: str, on_new_layout: Callable[[], None] | None) -> None:
        """Empty an index of another layout, after ``on_new_layout()`` (the archive queues every
        document): the database rebuilds it (reindex, check --repair, the next write or search)."""
        if on_new_layout is not None:
            on_new_layout()
        shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        (self.path / REBUILD).write_text(found)  # until it holds documents again (:attr:`emptied_for_layout`)

    @property
    def emptied_for_layout(self) -> bool:
        """Whether this index was emptied because an older Hexaglot made it, and holds nothing yet
        (the marker goes once documents are in it again)."""
        flag = self.path / REBUILD
        if not flag.exists():
            return False
        if self.searcher().num_docs:
            flag.unlink(missing_ok=True)
            return False
        return True

    # -- writing --------------------------------------------------------------------------------

    @property
    def writer(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
            except ValueError as exc:
                raise ArchiveError(f"search index {self.path} is locked by another writer: {exc}") from exc
        return self._writer

    def replace_documents(self, doc_ids: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
        """Delete every sentence of ``doc_ids`` and add ``rows``; visible at the next commit."""
        w = self.writer
        for doc_id in doc_ids:
            w.delete_documents_by_term("doc_id", doc_id)
        n = 0
        for row in rows:
            w.add_document(self._document(row))
            n += 1
        self._dirty = True
        return n

    def maybe_commit(self, every: float = 2.0) -> None:
        if self._dirty and time.monotonic() - self._last_commit >= every:
            self.commit()

    def commit(self) -> None:
        if self._writer is not None and self._dirty:
            self._writer.commit()
            self._dirty = False
        self._last_commit = time.monotonic()

    def close(self) -> None:
        if self._writer is not None:
            self.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    def abandon(self) -> None:
        """Drop the writer without a commit (Ctrl-C: stop now, not after an fsync or a merge). The
        documents it held since its last commit are missing from the index only: they stay in the
        database's backlog (``index_pending``), which the next writer indexes first."""
        self._writer = None
        self._dirty = False

    def clear(self) -> None:
        self.writer.delete_all_documents()
        self._dirty = True

    @staticmethod
    def _document(row: dict[str, Any]) -> tantivy.Document:
        lang = row["lang"]
        d = tantivy.Document()
        d.add_unsigned("sentence_id", row["sentence_id"])
        for name in ("doc_id", "symbol", "lang", "sha256", "date"):
            d.add_text(name, row[name] or "")
        d.add_text("kind", row.get("kind") or "prose")
        if row["doc_type"]:
            d.add_text("type", row["doc_type"])
        for organ in row["organs"]:
            d.add_text("organ", organ)
        for country in row["countries"]:
            d.add_text("country", country)
        for item in row["agenda"]:
            d.add_text("agenda", item)
        if row["year"] is not None:
            d.add_unsigned("year", int(row["year"]))
        if row["session"] is not None:
            d.add_unsigned("session", int(row["session"]))
        field = text_field(lang)
        if field == "text_zh":
            bi, uni = cjk_grams(row["text"])
            d.add_text("text_zh", bi)
            d.add_text("text_zh1", uni)
        else:
            d.add_text(field, prepare(lang, row["text"]))
        if (exact := exact_field(lang)) is not None:
            d.add_text(exact, marked(lang, row["text"]))
        if stored_field(lang) == "raw":
            d.add_bytes("raw", row["text"].encode("utf-8"))
        return d

    # -- reading --------------------------------------------------------------------------------

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()
