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
    writer = hexaglot.archive.create(path)
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

    reader = hexaglot.archive.create(path)
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


def test_a_second_writer_is_refused_while_the_first_writes_then_serialised(tmp_path: Path) -> None:
    import pytest

    from hexaglot.errors import ArchiveError

    first = hexaglot.archive.create(tmp_path / "arc")
    first.ingest_parallel([_version("alpha")], embeddings=False)
    second = hexaglot.archive.create(tmp_path / "arc")
    first.lock.acquire()  # as during an ingest: the writer lock is held
    try:
        with pytest.raises(ArchiveError, match="locked by another writer"):
            second.ingest_parallel([_version("beta")], embeddings=False)
        assert second.search("alpha", lang="fr").total == N  # readers are never blocked
        assert all(s.endswith("alpha.") for s in second.document("doc").versions["fr"].sentences)
    finally:
        first.lock.release()
    second.ingest_parallel([_version("beta")], embeddings=False)  # after the first: serialised
    assert all(s.endswith("beta.") for s in first.document("doc").versions["fr"].sentences)
    assert first.check().clean
    first.close()
    second.close()


def test_a_waiting_writer_goes_after_the_first(tmp_path: Path) -> None:
    first = hexaglot.archive.create(tmp_path / "arc")
    second = hexaglot.archive.create(tmp_path / "arc", lock_wait=30)
    first.lock.acquire()
    t = threading.Timer(0.5, first.lock.release)
    t.start()
    t0 = time.monotonic()
    second.ingest_parallel([_version("beta")], embeddings=False)  # waits for the lock, then writes
    assert time.monotonic() - t0 >= 0.4
    assert second.search("beta", lang="fr").total == N
    t.join()
    first.close()
    second.close()


# -- processes: one writer, several readers ------------------------------------------------------------

_READER = """
import sys, time, hexaglot.archive
arc = hexaglot.archive.open(sys.argv[1], create=False)
n, deadline, reads = int(sys.argv[2]), time.monotonic() + float(sys.argv[3]), 0
while time.monotonic() < deadline:
    res = arc.search("comité", lang="fr", limit=1000, facets=False)
    by_doc = {}
    for h in res.hits:
        by_doc.setdefault(h.doc_id, set()).add(h.text.rsplit(" ", 1)[1])
    for doc, tags in by_doc.items():
        count = sum(1 for h in res.hits if h.doc_id == doc)
        assert count == n and len(tags) == 1, (doc, count, tags)  # whole documents, one version each
    for line in arc.concordance("comité", src="fr", tgt="en", limit=50):
        assert line.source.rsplit(" ", 1)[1] == line.target.rsplit(" ", 1)[1], line
    reads += 1
print(reads)
"""

_WRITER = """
import sys, hexaglot.archive
from hexaglot.ingest.parallel import ParallelDoc, _sha
arc = hexaglot.archive.create(sys.argv[1], lock_wait=60)
n, rounds = int(sys.argv[2]), int(sys.argv[3])
for k in range(rounds):
    tag = f"v{k}"
    docs = []
    for d in range(3):
        fr = [f"Le comité examine la question {i} {tag}." for i in range(n)]
        en = [f"The committee considers question {i} {tag}." for i in range(n)]
        texts = {"fr": fr, "en": en}
        docs.append(ParallelDoc(doc_id=f"doc{d}", texts=texts, paths={"fr": f"mem:{d}:fr", "en": f"mem:{d}:en"},
                                shas={x: _sha(v) for x, v in texts.items()}, aligned=True))
    arc.ingest_parallel(docs, embeddings=False)
arc.close()
print("done")
"""


def test_reader_processes_during_ingest_processes(tmp_path: Path) -> None:
    """Three reader processes search while two writer processes ingest (serialised by the lock):
    no reader fails, none sees a part of a document or a mix of versions; both writers finish."""
    import subprocess
    import sys

    path = tmp_path / "arc"
    n = 12
    subprocess.run([sys.executable, "-c", _WRITER, str(path), str(n), "1"], check=True, timeout=120)
    readers = [subprocess.Popen([sys.executable, "-c", _READER, str(path), str(n), "8"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(n), "15"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in writers + readers:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-2000:]
        if p in readers:
            assert int(out.strip()) > 3, out  # each reader really searched during the ingests
    with hexaglot.archive.create(path) as arc:
        report = arc.check()
        assert report.clean, report.issues
        assert arc.search("comité", lang="fr", limit=1000, facets=False).total == 3 * n
