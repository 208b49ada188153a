"""Crash safety: ``hexaglot ingest`` killed with SIGKILL at random moments never corrupts the archive.

After every kill the archive passes :meth:`Archive.check` (SQLite integrity, no half-present
document, alignments point at existing sentences, the index matches the database except for
documents recorded as pending), and a final uninterrupted ingest completes and leaves an archive
identical in content to one that was never interrupted.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hexaglot.archive

INGEST = "from hexaglot.serve.cli import main; main()"


def _sources(corpus: Path, n_texts: int) -> list[str]:
    texts = sorted((corpus / "unsc_resolutions_en" / "texts").glob("*.txt"))[:n_texts]
    udhr = corpus / "un_parallel_docs" / "udhr"
    if not texts or not udhr.is_dir():
        pytest.skip("corpus folders unsc_resolutions_en/texts and un_parallel_docs/udhr are needed")
    return [str(udhr), *map(str, texts)]


def _ingest(archive: Path, sources: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONFAULTHANDLER": ""}
    return subprocess.Popen([sys.executable, "-c", INGEST, "ingest", "--archive", str(archive), "--no-embeddings",
                             "-j", "1", "--json", *sources], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _content(archive: Path) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    with hexaglot.archive.open(archive, create=False) as a:
        rows = a.store.conn.execute("SELECT doc_id, lang, n_sentences FROM versions ORDER BY doc_id, lang").fetchall()
        return a.stats(), [tuple(r) for r in rows]


def _kill_and_check(tmp_path: Path, corpus: Path, kills: int, n_texts: int, seed: int) -> None:
    sources = _sources(corpus, n_texts)
    reference = tmp_path / "reference"
    p = _ingest(reference, sources)
    t0 = time.monotonic()
    _, err = p.communicate(timeout=300)
    full = time.monotonic() - t0
    assert p.returncode == 0, err.decode()[-2000:]
    rng = random.Random(seed)
    archive = tmp_path / "arc"
    killed_mid_write, finished = 0, False
    # A run that resumes has less left to do, and a loaded machine stretches or shrinks runs, so
    # how many of the random moments fall inside a run varies: go on (within 3 x kills attempts)
    # until at least half of ``kills`` kills have landed during an ingest.
    for k in range(3 * kills):
        if k >= kills and killed_mid_write >= kills // 2:
            break
        if finished:  # the last run got to the end: start again from nothing, so there is work to kill
            shutil.rmtree(archive)
        p = _ingest(archive, sources)
        time.sleep(rng.uniform(0.2, max(full, 1.0)))
        finished = p.poll() is not None
        if not finished:
            os.kill(p.pid, signal.SIGKILL)
            killed_mid_write += 1
        p.communicate(timeout=60)
        if not (archive / "archive.sqlite").exists():
            continue
        with hexaglot.archive.open(archive, create=False) as a:
            report = a.check()
        assert report.ok, (k, [i.message for i in report.issues])
    assert killed_mid_write >= kills // 2  # the kills really landed during ingests
    p = _ingest(archive, sources)  # re-running completes
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()[-2000:]
    with hexaglot.archive.open(archive, create=False) as a:
        report = a.check()
    assert report.clean, [i.message for i in report.issues]
    assert _content(archive) == _content(reference)  # nothing lost, nothing doubled


def test_sigkill_at_20_random_moments_never_corrupts(tmp_path: Path, corpus: Path) -> None:
    _kill_and_check(tmp_path, corpus, kills=20, n_texts=12, seed=20)


@pytest.mark.slow
def test_sigkill_at_60_random_moments_full_folder(tmp_path: Path, corpus: Path) -> None:
    _kill_and_check(tmp_path, corpus, kills=60, n_texts=400, seed=60)


def test_a_crash_between_database_and_index_commit_is_pending_then_repaired(tmp_path: Path) -> None:
    """The window the kills aim at, made deterministic: a document written to the database whose
    index commit never happened is reported as pending (not an error), and the next write fixes it."""
    from hexaglot.ingest.parallel import ParallelDoc, _sha
    from hexaglot.store.records import DocumentData, Facets

    texts = {"fr": ["Le comité se réunit."], "en": ["The committee meets."]}
    doc = ParallelDoc(doc_id="d1", texts=texts, paths={"fr": "m:fr", "en": "m:en"},
                      shas={k: _sha(v) for k, v in texts.items()}, aligned=True)
    with hexaglot.archive.create(tmp_path / "arc") as a:
        a.store.write_document(DocumentData(id="d1", kind="parallel", facets=Facets(),
                                                versions=doc.versions()))  # no index
        report = a.check()
        assert report.ok and not report.clean
        assert [i.severity for i in report.issues] == ["pending"] and "d1" in report.issues[0].message
        assert a.search("comité", lang="fr").total == 0
        doc2 = ParallelDoc(doc_id="d2", texts=texts, paths={"fr": "n:fr", "en": "n:en"},
                           shas={k: _sha(v) for k, v in texts.items()}, aligned=True)
        a.ingest_parallel([doc2], embeddings=False)  # the next ingest first brings the index up to date
        assert a.check().clean
        assert {h.doc_id for h in a.search("comité", lang="fr").hits} == {"d1", "d2"}
