"""The vector index (hexaglot.semantic.ann, hexaglot.semantic.hamming): the Hamming first stage
against a brute-force reference, incremental updates after a write, compaction, a damaged code
file, and ``check --repair`` reading the vectors once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hexaglot.archive
from hexaglot.semantic.ann import CODE_BYTES, COMPACT_DEAD, State
from hexaglot.semantic.codec import DIM
from hexaglot.semantic.hamming import BITS, nearest_codes, pack
from test_semantic import LANGS, LINES, _docs


def test_nearest_codes_keeps_the_cap_nearest_allowed_rows() -> None:
    rng = np.random.default_rng(5)
    stored = rng.integers(-127, 128, (3000, DIM), dtype=np.int8)
    codes = pack(stored)
    assert codes.shape == (3000, BITS // 32) and codes.nbytes == 3000 * CODE_BYTES
    q = pack(stored[717])[0]
    docs = (np.arange(3000) // 100).astype(np.int32)
    docs[:50] = -1  # removed rows
    allowed = np.ones(docs.max() + 2, bool)
    allowed[-1] = False
    allowed[3] = False  # a document a filter leaves out
    ref = np.bitwise_count(np.packbits(stored[:, :BITS] > 0, axis=1) ^ np.packbits(stored[717, :BITS] > 0)).sum(1)
    ok = (docs >= 0) & (docs != 3)
    for cap in (1, 40, 500, 5000):
        rows, dist = nearest_codes(codes, q, docs, allowed, cap)
        assert len(rows) == min(cap, int(ok.sum())) and ok[rows].all()
        assert np.array_equal(dist, ref[rows])
        worst = dist.max()
        assert set(np.nonzero(ok & (ref < worst))[0]) <= set(rows.tolist())  # nothing nearer left out
    rows, dist = nearest_codes(codes, q, docs, allowed, 1)
    assert rows.tolist() == [717] and dist.tolist() == [0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "a"
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel(_docs(), embeddings=False)
        a.embed()
    return path


@pytest.fixture()
def archive(built: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    import shutil

    shutil.copytree(built, tmp_path / "a")
    with hexaglot.archive.open(tmp_path / "a") as a:
        yield a


def _state(a) -> State:  # type: ignore[no-untyped-def]
    return State.load(a.vectors.folder / a.vectors.meta.build / "state.npz")


def test_a_write_updates_the_index_in_place_and_compaction_rebuilds_it(archive) -> None:  # type: ignore[no-untyped-def]
    a = archive
    build = a.vectors.meta.build
    n = len(a.vectors)
    assert n == 6 * LINES * len(LANGS)
    docs = _docs()
    for k in (0,):
        docs[k].texts = {x: t[:3] for x, t in docs[k].texts.items()}
        docs[k].shas = {x: s + "b" for x, s in docs[k].shas.items()}
    a.ingest_parallel([docs[0]], embeddings=False)  # its vectors go: marked removed in the same build
    assert a.vectors.meta.build == build and len(a.vectors) == n - LINES * len(LANGS)
    assert (_state(a).docs["en"] == -1).sum() == LINES
    assert a.check().clean
    a.embed()  # the shortened document's vectors: appended
    st = _state(a)
    assert a.vectors.meta.build == build and len(a.vectors) == n - (LINES - 3) * len(LANGS)
    assert st.doc_ids.count("udhr-0") == 2 and st.doc_alive.sum() == 6
    report = a.check()
    assert report.clean, [i.message for i in report.issues]
    hits = a.search(docs[0].texts["en"][1], mode="meaning", lang="en", limit=1, facets=False).hits
    assert hits[0].doc_id == "udhr-0" and hits[0].text == docs[0].texts["en"][1]
    # more removed codes than COMPACT_DEAD: a new build, without them
    docs[1].texts = {x: t[:3] for x, t in docs[1].texts.items()}
    docs[1].shas = {x: s + "b" for x, s in docs[1].shas.items()}
    a.ingest_parallel([docs[1]], embeddings=False)
    st = _state(a)
    assert 2 * LINES * len(LANGS) > COMPACT_DEAD * (6 * LINES + 3) * len(LANGS)
    assert a.vectors.meta.build != build and all((d >= 0).all() for d in st.docs.values())
    assert [p.name for p in a.vectors.folder.iterdir() if p.is_dir()] == [a.vectors.meta.build]
    assert a.check().clean


def test_a_damaged_code_file_is_an_error_that_repair_rebuilds(archive) -> None:  # type: ignore[no-untyped-def]
    a = archive
    path = a.vectors.folder / a.vectors.meta.build / "codes-fr.bin"
    path.write_bytes(path.read_bytes()[:-CODE_BYTES])
    report = a.check()
    assert not report.ok and "vector index damaged" in report.issues[0].message and "codes-fr.bin" in report.issues[0].message
    report = a.check(repair=True)
    assert report.ok and "vector index" in report.repaired
    assert a.check().clean


def test_an_unreadable_state_is_damage_that_search_survives_and_the_next_write_rebuilds(archive) -> None:  # type: ignore[no-untyped-def]
    a = archive
    en = _docs()[2].texts["en"][4]
    state = a.vectors.folder / a.vectors.meta.build / "state.npz"
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])  # a truncated zip
    a.vectors.close()
    report = a.check()
    assert not report.ok and "state.npz cannot be read" in report.issues[0].message
    assert a.search(en, mode="meaning", lang="en", limit=1, facets=False).hits[0].text == en  # exact, no traceback
    docs = _docs()
    docs[0].texts = {x: t[:3] for x, t in docs[0].texts.items()}
    docs[0].shas = {x: s + "b" for x, s in docs[0].shas.items()}
    a.ingest_parallel([docs[0]], embeddings=False)  # a writer rebuilds the index instead of failing on it
    assert a.check().clean and len(a.vectors) == 5 * LINES * len(LANGS)
    state = a.vectors.folder / a.vectors.meta.build / "state.npz"
    state.write_bytes(b"not a zip")
    assert a.check(repair=True).ok and a.check().clean


def test_check_repair_reads_the_vectors_once_when_they_are_right(archive, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import hexaglot.semantic.check as check

    calls = []
    real = check.check_vectors
    monkeypatch.setattr(check, "check_vectors", lambda *args: (calls.append(1), real(*args))[1])
    report = archive.check(repair=True)
    assert report.clean and report.counts["vector_index"] == report.counts["vectors"] and len(calls) == 1


def test_an_interrupted_writer_leaves_a_stale_index_that_the_next_write_rebuilds(archive) -> None:  # type: ignore[no-untyped-def]
    a = archive
    build = a.vectors.meta.build
    with a.store.transaction() as c:  # as if a writer died between its commit and the index update
        c.execute("DELETE FROM vectors WHERE sentence_id = (SELECT min(sentence_id) FROM vectors)")
        c.execute("UPDATE vector_generation SET n = n + 1")
    assert not a.check().clean
    a.embed()  # the next writer: the index was not current when it started, so it is rebuilt whole
    assert a.vectors.meta.build != build
    assert a.check().clean


def test_without_its_index_an_archive_searches_exactly_until_the_next_write(archive) -> None:  # type: ignore[no-untyped-def]
    import shutil

    a = archive
    en = _docs()[2].texts["en"][4]
    want = a.search(en, mode="meaning", lang="en", limit=3, facets=False).hits
    shutil.rmtree(a.vectors.folder)  # as an archive whose index an older version wrote (or lost)
    a.vectors.close()
    assert not a.check().clean
    got = a.search(en, mode="meaning", lang="en", limit=3, facets=False).hits
    assert [h.sentence_id for h in got] == [h.sentence_id for h in want] and got[0].text == en
    assert a.search(en, mode="both", limit=3, facets=False).hits[0].text == en
    assert a.check(repair=True).ok and a.check().clean
