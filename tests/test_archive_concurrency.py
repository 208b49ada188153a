"""Concurrent use: a search running while an ingest rewrites a document sees the old or the new
version of that document, never a mix (search results and concordance lines alike)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import hexaglot.archive
from hexaglot.ingest.parallel import ParallelDoc, _sha

N = 40


def _version(tag: str) -> ParallelDoc:
    fr = [f"Le comité examine la question {i} {tag}." for i in range(N)]
    en = [f"The committee considers question {i} {tag}." for i in range(N)]
    texts = {"fr": fr, "en": en}
    return ParallelDoc(doc_id="doc", texts=texts, paths={"fr": "mem:fr", "en": "mem:en"},
                       shas={k: _sha(v) for k, v in texts.items()}, aligned=True)


def test_search_during_ingest_sees_old_or_new_never_a_mix(tmp_path: Path) -> None:
    path = tmp_path / "arc"
    writer = hexaglot.archive.open(path)
    writer.ingest_parallel([_version("alpha")], embeddings=False)
    stop = threading.Event()
    errors: list[BaseException] = []
    writes = [0]

    def ingest_loop() -> None:
        try:
            k = 0
            while not stop.is_set() and k < 200:
                writer.ingest_parallel([_version("beta" if k % 2 == 0 else "alpha")], embeddings=False)
                writes[0] += 1
                k += 1
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    reader = hexaglot.archive.open(path)
    thread = threading.Thread(target=ingest_loop)
    thread.start()
    seen: set[str] = set()
    try:
        deadline = time.monotonic() + 60
        reads = 0
        while (writes[0] < 20 or reads < 100) and time.monotonic() < deadline and thread.is_alive():
            reads += 1
            res = reader.search("comité", lang="fr", limit=1000, facets=False)
            tags = {h.text.rsplit(" ", 1)[1].rstrip(".") for h in res.hits}
            assert len(res.hits) == N and len(tags) == 1, tags
            seen |= tags
            lines = reader.concordance("comité", src="fr", tgt="en", limit=N)
            pair_tags = {(x.source.rsplit(" ", 1)[1], x.target.rsplit(" ", 1)[1]) for x in lines}
            assert len({t for pair in pair_tags for t in pair}) <= 1, pair_tags
    finally:
        stop.set()
        thread.join()
        reader.close()
        writer.close()
    assert not errors, errors
    assert writes[0] >= 20 and reads >= 100 and seen == {"alpha", "beta"}


def test_a_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from hexaglot.errors import ArchiveError

    first = hexaglot.archive.open(tmp_path / "arc")
    first.ingest_parallel([_version("alpha")], embeddings=False)  # holds the index writer
    second = hexaglot.archive.open(tmp_path / "arc")
    with pytest.raises(ArchiveError, match="locked"):
        second.ingest_parallel([_version("beta")], embeddings=False)
    assert second.search("alpha", lang="fr").total == N  # readers are never blocked
    assert all(s.endswith("alpha.") for s in second.document("doc").versions["fr"].sentences)  # nothing written
    first.close()
    second.close()
