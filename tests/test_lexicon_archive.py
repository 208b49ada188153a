"""The archive-wide lexicon (store/lexicon.py, align/archive_lexicon.py) and ``hexaglot realign``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import hexaglot
from archive_helpers import run_cli, sqlite_at_version
from hexaglot.align.archive_lexicon import LexiconCounts
from hexaglot.errors import InputError
from hexaglot.ingest.parallel import ParallelDoc
from hexaglot.ingest.runner import Progress

DEMO = Path(hexaglot.__file__).parent / "demo"
# the slices drift by a line or two between languages: the aligner says so, which is not under test
pytestmark = pytest.mark.filterwarnings("ignore::hexaglot.align.diagnose.AlignWarning")


def _lines(lang: str) -> list[str]:
    return [x.strip() for x in (DEMO / f"udhr.{lang}.txt").read_text(encoding="utf-8").splitlines() if x.strip()]


def _docs(start: int, stop: int, langs: tuple[str, ...] = ("en", "fr"), size: int = 12) -> list[ParallelDoc]:
    """Consecutive slices of the bundled UDHR as small documents (not line-parallel: aligned)."""
    texts = {x: _lines(x) for x in langs}
    out = []
    for k in range(start, stop):
        part = {x: t[2 + k * size:2 + (k + 1) * size] for x, t in texts.items()}
        out.append(ParallelDoc(doc_id=f"udhr-{k}", texts=part, paths={x: f"udhr.{x}#{k}" for x in langs},
                               shas={x: f"{k}-{x}-{len(t)}" for x, t in part.items()}))
    return out


def _archive(path: Path, docs: list[ParallelDoc]) -> hexaglot.Archive:
    a = hexaglot.create(path)
    a.ingest_parallel(docs, embeddings=False)
    return a


def _blob(a: hexaglot.Archive, pair: str = "en-fr") -> bytes:
    row = a.store.conn.execute("SELECT data FROM lexicon WHERE pair = ?", (pair,)).fetchone()
    return bytes(row[0])


BEADS = [(["droit", "homme", "liber"], ["right", "human", "freed"]),
         (["droit", "égal"], ["right", "equal"]),
         (["liber", "pense"], ["freed", "thoug"]),
         (["homme", "dignit"], ["human", "digni"]),
         (["droit", "liber"], ["right", "freed"])]


def test_counts_are_deterministic_and_an_update_equals_counting_at_once() -> None:
    once = LexiconCounts(window=3)
    for b in BEADS:
        once.add([b])
    # the same beads in two updates, the counts stored and read back in between
    first = LexiconCounts(window=3)
    for b in BEADS[:2]:
        first.add([b])
    later = LexiconCounts.from_bytes(first.to_bytes())
    for b in BEADS[2:]:
        later.add([b])
    assert later.to_bytes() == once.to_bytes()
    assert once.pruned == 1 and ("égal", "equal") not in once.co  # pruned by lossy counting
    assert once.links()["droit"] == {"right": 1.0}
    assert once.links(reverse=True)["right"]["droit"] == 1.0
    assert once.problems() == []


def test_learning_is_deterministic(tmp_path: Path) -> None:
    blobs = []
    for name in ("a", "b"):
        with _archive(tmp_path / name, _docs(0, 3)) as a:
            rep = a.learn_lexicon()
            assert [p.pair for p in rep.pairs] == ["en-fr"] and rep.pairs[0].beads > 10
            blobs.append(_blob(a))
    assert blobs[0] == blobs[1]


def test_incremental_update_equals_learning_from_scratch(tmp_path: Path) -> None:
    with _archive(tmp_path / "a", _docs(0, 2)) as a:
        a.learn_lexicon()
        a.ingest_parallel(_docs(2, 5), embeddings=False)
        rep = a.learn_lexicon()
        assert rep.pairs[0].added == 3 and not rep.pairs[0].rebuilt
        incremental = _blob(a)
        a.store.conn.execute("DELETE FROM lexicon")
        assert a.learn_lexicon().pairs[0].added == 5
        assert _blob(a) == incremental
        # an alignment counted before is replaced: the next update counts the pair again from scratch
        a.ingest_parallel([*_docs(0, 1, size=10)], embeddings=False)
        assert a.learn_lexicon().pairs[0].rebuilt


def test_realign_keeps_the_archive_consistent(tmp_path: Path) -> None:
    with _archive(tmp_path / "a", _docs(0, 4)) as a:
        before = a.store.counts()
        rep = a.realign()
        assert rep.learned == ["en-fr"] and rep.documents == 4 and rep.beads > 0
        assert 0 <= rep.beads_changed <= rep.beads
        after = a.store.counts()
        assert after["sentences"] == before["sentences"]
        report = a.check()
        assert report.ok and report.clean, report.issues
        again = a.realign()  # every document is newer than the lexicon now
        assert again.documents == 0 and again.skipped == 4
        assert a.realign(doc="udhr-1").documents == 1  # one document, whatever its age
        assert a.check().clean


def test_realign_reports_the_aligners_doubts_as_ingest_does(tmp_path: Path) -> None:
    """A document whose two texts are not translations of each other (a resolution's lines against
    the UDHR's): ingest warns, and so does a re-alignment of it, in the API's report and in the
    command's output (before, the re-alignment said nothing)."""
    en = [x.strip() for x in (DEMO / "S_RES_0241_1967_EN_GOLD.txt").read_text(encoding="utf-8").splitlines()
          if x.strip() and "241" not in x]
    odd = ParallelDoc(doc_id="melange", texts={"en": en, "fr": _lines("fr")[:30]},
                      paths={"en": "melange.en", "fr": "melange.fr"}, shas={"en": "m-en", "fr": "m-fr"})
    said = "document melange: en-fr: the texts do not look like translations of each other"
    with _archive(tmp_path / "a", [*_docs(0, 2)]) as a:
        ingested = a.ingest_parallel([odd], embeddings=False)
        assert [w for w in ingested.warnings if w.startswith(said)], ingested.warnings
        stored = a.alignment_notes("melange", ["fr", "en"])  # kept with the alignment, either order asked
        assert len(stored) == 1 and ("document melange: " + stored[0]).startswith(said), stored
        assert a.alignment_notes("udhr-0", ["en", "fr"]) == []
        rep = a.realign(doc="melange")
        assert rep.documents == 1
        assert len(rep.warnings) == 1 and rep.warnings[0].startswith(said), rep.warnings
        assert len(a.alignment_notes("melange", ["en", "fr"])) == 1  # the new alignment keeps its own
        assert not a.realign(doc="udhr-0").warnings
    res = run_cli("realign", "-a", str(tmp_path / "a"), "--doc", "melange")
    assert res.exit_code == 0, res.output
    assert "warning: " + said in " ".join(res.output.split())
    shown = run_cli("show", "melange", "-a", str(tmp_path / "a"), "--langs", "en,fr")  # said again when read
    assert shown.exit_code == 0 and "warning: en-fr: the texts do not look like translations" in " ".join(
        shown.output.split()), shown.output
    as_json = json.loads(run_cli("show", "melange", "-a", str(tmp_path / "a"), "--langs", "en,fr", "--json").stdout)
    assert len(as_json["notes"]) == 1 and as_json["notes"][0].startswith("en-fr: the texts do not look like")


def test_alignments_from_before_schema_8_have_no_notes(tmp_path: Path) -> None:
    from hexaglot.store.db import Store
    from hexaglot.store.schema import MIGRATIONS

    before = next(i for i, m in enumerate(MIGRATIONS) if "ADD COLUMN notes" in m)
    conn = sqlite_at_version(tmp_path / "archive.sqlite", before)
    conn.execute("INSERT INTO documents(id, kind, updated) VALUES ('d', 'text', '2026-01-01')")
    for k, lang in enumerate(("en", "fr")):
        conn.execute("INSERT INTO versions(id, doc_id, lang, sha256, path, format, ingested) "
                     "VALUES (?, 'd', ?, '', '', 'txt', '2026-01-01')", (k + 1, lang))
    conn.execute("INSERT INTO alignments(doc_id, src_version, tgt_version, method) VALUES ('d', 1, 2, 'embeddings')")
    conn.close()
    store = Store(tmp_path / "archive.sqlite")
    from hexaglot.store.browse import alignment_notes

    with store.snapshot() as c:
        assert alignment_notes(c, "d", ["en", "fr"]) == []
    store.close()


def test_ctrl_c_mid_realign_leaves_whole_documents(tmp_path: Path) -> None:
    class Stop(Progress):
        def advance(self, n: int = 1) -> None:
            raise KeyboardInterrupt

    with _archive(tmp_path / "a", _docs(0, 3)) as a:
        with pytest.raises(KeyboardInterrupt):
            a.realign(progress=Stop())
        report = a.check(repair=True)
        assert report.ok, report.issues
        assert a.check().clean
        rep = a.realign()  # resumes: the first document was re-aligned already
        assert rep.skipped == 1 and rep.documents == 2
        assert a.check().clean


def test_a_pair_not_in_the_archive_is_one_clear_error(tmp_path: Path) -> None:
    with _archive(tmp_path / "a", _docs(0, 1)) as a:
        with pytest.raises(InputError, match=r"--pair: no alignments en-zh in the archive \(pairs: en-fr\)"):
            a.realign(pair="en-zh")
        with pytest.raises(InputError, match="en-zh"):
            a.learn_lexicon(["en-zh"])
        assert a.realign(pair="fr-en").documents == 1  # either order
        with pytest.raises(InputError, match="'fr' is not a language pair: give it as xx-yy"):
            a.realign(pair="fr")  # said "no alignments fr in the archive"
        a.ingest_parallel([ParallelDoc(doc_id="alone", texts={"en": ["One sentence.", "Two."]},
                                       paths={"en": "alone.en"}, shas={"en": "alone-en"})], embeddings=False)
        with pytest.raises(InputError, match=r"the document has one language version \(en\)"):
            a.realign(doc="alone")  # said "no alignment en-fr to re-align"
    res = run_cli("realign", "-a", str(tmp_path / "a"), "--pair", "ar-ru")
    assert res.exit_code == 2
    assert "no alignments ar-ru in the archive" in res.output and "Traceback" not in res.output


def test_realign_on_an_empty_archive_says_so(tmp_path: Path) -> None:
    hexaglot.create(tmp_path / "e").close()
    with hexaglot.open(tmp_path / "e") as a, pytest.raises(InputError, match="no aligned documents"):
        a.realign()
    res = run_cli("realign", "-a", str(tmp_path / "e"))
    assert res.exit_code == 2 and "nothing to re-align" in res.output


def test_reindex_leaves_backup_copies_check_verifies(tmp_path: Path) -> None:
    with _archive(tmp_path / "a", _docs(0, 2)) as a:
        a.learn_lexicon()
        blob = _blob(a)
        a.reindex()
        assert _blob(a) == blob
        assert a.backup(tmp_path / "copy").ok
    with hexaglot.open(tmp_path / "copy") as c:
        assert _blob(c) == blob
    conn = sqlite3.connect(tmp_path / "a" / "archive.sqlite")
    conn.execute("UPDATE lexicon SET data = ? WHERE pair = 'en-fr'", (b"not zlib",))
    conn.commit()
    conn.close()
    with hexaglot.open(tmp_path / "a") as a:
        report = a.check()
    assert not report.ok and any("lexicon en-fr: unreadable" in i.message for i in report.issues)


def test_an_archive_before_v5_gains_an_empty_lexicon(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    sqlite_at_version(tmp_path / "old" / "archive.sqlite", 4).close()
    with hexaglot.open(tmp_path / "old") as a:
        assert a.store.conn.execute("SELECT count(*) FROM lexicon").fetchone()[0] == 0
        assert a.check().ok


def test_ingest_aligns_with_the_archive_lexicon(tmp_path: Path) -> None:
    from hexaglot.align import default_aligner
    from hexaglot.ingest.runner import align_within_budget
    from hexaglot.store.lexicon import ref

    with _archive(tmp_path / "a", _docs(0, 3)) as a:
        a.learn_lexicon()
        lexicon = ref(a.store)
        assert lexicon is not None and a._ingester(1, False, None).lexicon == lexicon
    texts = {"en": _lines("en")[40:44], "fr": _lines("fr")[40:44]}
    align_within_budget("d", texts, ["en", "fr"], embeddings=False, lexicon=lexicon)
    table = default_aligner().dictionary("fr", "en")
    learnt = [w for w, d in table.links.items() if d]
    assert "droit" in learnt and "right" in table.links["droit"]
    align_within_budget("d", texts, ["en", "fr"], embeddings=False, lexicon=None)  # another archive: none
    assert default_aligner().dictionary("fr", "en") is default_aligner()._dicts[("fr", "en", True)]


def test_alignment_rows_filter_by_document_and_pair(tmp_path: Path) -> None:
    from hexaglot.store.read import aligned_pairs, alignment_rows

    a = _archive(tmp_path / "a", _docs(0, 2, langs=("en", "fr", "es")))
    with a.store.snapshot() as c:
        every = alignment_rows(c)
        assert sorted({r.pair for r in every}) == aligned_pairs(c) == ["en-es", "en-fr", "fr-es"]
        one = alignment_rows(c, "udhr-1")
        assert one and {r.doc_id for r in one} == {"udhr-1"} and len(one) == len(every) // 2
        assert aligned_pairs(c, "udhr-1") == ["en-es", "en-fr", "fr-es"]
        # either orientation of a pair names the same alignments
        assert alignment_rows(c, langs=("fr", "en")) == alignment_rows(c, langs=("en", "fr")) != []
        assert {r.pair for r in alignment_rows(c, langs=("fr", "en"))} == {"en-fr"}
        assert alignment_rows(c, "no-such-doc") == [] and aligned_pairs(c, "no-such-doc") == []


def test_the_realign_message_counts_in_words() -> None:
    """"re-aligned 1 documents (1 alignments)"."""
    from hexaglot.ingest.realign import RealignReport
    from hexaglot.wording import counted

    one = RealignReport(documents=1, alignments=1, beads=101, beads_changed=0, skipped=1)
    assert one.message().startswith("re-aligned 1 document (1 alignment): 0 of 101 beads changed; 1 document ")
    assert counted(1, "paragraph") == "1 paragraph" and counted(0, "line") == "0 lines"


def test_the_lexicon_report_is_a_line_per_pair() -> None:
    """It was one line of about 1,500 characters for the 15 pairs of the demo."""
    from hexaglot.store.lexicon import LexiconReport, PairLexicon

    pairs = [PairLexicon(pair=f"{a}-{b}", links=270, beads=86, alignments=1, bytes=64_000, added=1)
             for a, b in (("ar", "en"), ("en", "fr"))]
    lines = LexiconReport(pairs).message().splitlines()
    assert lines[0] == "lexicon of 2 language pairs:" and len(lines) == 3
    assert lines[1] == "  ar-en: 270 links from 86 beads of 1 alignment (62 KiB; +1 alignment)"
