"""``hexaglot batch`` with the local engine: tables, bad files, resumption, loading into an archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hexaglot.archive
from hexaglot.batch import Options, read_table, run_batch
from hexaglot.batch.core import discover, remote_task
from hexaglot.batch.output import Output
from hexaglot.serve.cli import app

FR = ("Le Conseil de sécurité a examiné la situation au Moyen-Orient. Il a demandé un cessez-le-feu "
      "immédiat. Les parties ont accepté la proposition.\n")
EN = ("The Security Council considered the situation in the Middle East. It called for an immediate "
      "ceasefire. The parties accepted the proposal.\n")
FAST = Options(embeddings=False, workers=1)


def write_inputs(folder: Path) -> tuple[list[Path], list[Path]]:
    """Good files (a fr/en pair, a lone English note) and bad ones (empty, corrupt PDF and DOCX)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = [folder / "note.fr.txt", folder / "note.en.txt", folder / "memo.en.txt"]
    good[0].write_text(FR, encoding="utf-8")
    good[1].write_text(EN, encoding="utf-8")
    good[2].write_text("The General Assembly adopted the report. It thanked the Committee.\n", encoding="utf-8")
    bad = [folder / "empty.en.txt", folder / "broken.en.pdf", folder / "broken.fr.docx"]
    bad[0].write_bytes(b"")
    bad[1].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n garbage \x00\xff" * 20)
    bad[2].write_bytes(b"PK\x03\x04 this is not a zip archive" * 10)
    return good, bad


def test_bad_files_are_error_rows_and_every_good_file_is_processed(tmp_path: Path) -> None:
    good, bad = write_inputs(tmp_path / "in")
    report = run_batch([tmp_path / "in"], tmp_path / "out", options=FAST)
    errors = read_table(tmp_path / "out", "errors")
    assert sorted(e["path"] for e in errors) == sorted(str(p) for p in bad)
    assert all(e["reason"] and e["stage"] in {"read", "clean", "parse", "segment"} for e in errors)
    docs = read_table(tmp_path / "out", "documents")
    assert sorted(d["path"] for d in docs) == sorted(str(p) for p in good)
    assert {d["doc_id"] for d in docs} == {"note", "memo"}
    assert report.counts["errors"] == 3 and report.documents == 2
    pairs = [a for a in read_table(tmp_path / "out", "alignments") if a["doc_id"] == "note"]
    assert {a["pair"] for a in pairs} == {"en-fr"} and len(pairs) == 3
    sents = read_table(tmp_path / "out", "sentences")
    fr = [s["text"] for s in sents if s["doc_id"] == "note" and s["lang"] == "fr"]
    assert fr[1] == "Il a demandé un cessez-le-feu immédiat."
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["engine"] == "local" and manifest["rows"]["errors"] == 3
    assert (tmp_path / "out" / "_SUCCESS").exists()


def test_a_rerun_skips_what_output_holds_and_a_crashed_wave_is_dropped(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    opts = Options(embeddings=False, workers=1, wave_docs=1)  # one document per wave
    first = run_batch([tmp_path / "in"], tmp_path / "out", options=opts)
    tables = {t: read_table(tmp_path / "out", t) for t in ("documents", "sentences", "alignments", "errors")}
    # a crash after staging, and one after moving files but before the marker
    out = Output(str(tmp_path / "out"))
    stray = tmp_path / "out" / "sentences" / "19990101T000000-docs-00000.part-00000.parquet"
    stray.write_bytes((tmp_path / "out" / "sentences").glob("*.parquet").__next__().read_bytes())
    (tmp_path / "out" / "_staging" / "x" / "documents").mkdir(parents=True)
    done = out.open()
    assert not stray.exists() and not (tmp_path / "out" / "_staging").exists()
    assert done.docs == {"note", "memo"} and done.waves == first.waves
    again = run_batch([tmp_path / "in"], tmp_path / "out", options=opts)
    assert again.files_skipped == again.files_found == 6
    assert again.documents == first.documents and again.counts == first.counts
    assert {t: read_table(tmp_path / "out", t) for t in tables} == tables
    # a new file of a document already written is reported, not silently merged
    (tmp_path / "in" / "note.es.txt").write_text("El Consejo de Seguridad examinó la situación.\n", encoding="utf-8")
    run_batch([tmp_path / "in"], tmp_path / "out", options=opts)
    resumed = [e for e in read_table(tmp_path / "out", "errors") if e["stage"] == "resume"]
    assert [Path(e["path"]).name for e in resumed] == ["note.es.txt"]


def test_langs_keep_only_the_languages_asked_for(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    run_batch([tmp_path / "in"], tmp_path / "out", options=Options(embeddings=False, workers=1, langs=("fr",)))
    assert {(d["doc_id"], d["lang"]) for d in read_table(tmp_path / "out", "documents")} == {("note", "fr")}
    assert read_table(tmp_path / "out", "alignments") == []


def test_from_parquet_gives_the_archive_a_direct_ingest_gives(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    for p in (tmp_path / "in").glob("*"):  # good files only: both paths must see the same inputs
        if p.name.startswith(("empty", "broken")):
            p.unlink()
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(tmp_path / "in"), str(tmp_path / "out"), "--no-embeddings", "-j", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path / "out"), "-a", str(tmp_path / "arc"),
                              "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.splitlines()[-1])["documents_written"] == 2
    loaded = hexaglot.archive.open(tmp_path / "arc", create=False)
    direct = hexaglot.archive.create(tmp_path / "direct")
    direct.ingest([tmp_path / "in"], workers=1, embeddings=False)
    assert loaded.stats() == direct.stats()
    assert [(p.src, p.tgt, p.score) for p in loaded.pairs("fr", "en")] == \
        [(p.src, p.tgt, p.score) for p in direct.pairs("fr", "en")]
    assert loaded.search("ceasefire", lang="en").total == 1
    assert direct.ingest([tmp_path / "in"], workers=1, embeddings=False).files_processed == 0
    again = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path / "out"), "-a", str(tmp_path / "arc"),
                                "--json"])
    assert json.loads(again.output.splitlines()[-1])["documents_written"] == 0  # loading twice writes nothing
    loaded.close()
    direct.close()


def test_the_aligners_doubts_reach_the_archive_through_a_batch_too(tmp_path: Path) -> None:
    """A document whose two texts are not translations: the batch output keeps the aligner's warning
    with the alignment (column ``notes``), and the archive loaded from it holds what a direct ingest holds."""
    demo = Path(hexaglot.archive.__file__).parent / "demo"
    (tmp_path / "in").mkdir()
    en = [x for x in (demo / "S_RES_0241_1967_EN_GOLD.txt").read_text(encoding="utf-8").splitlines()
          if x.strip() and "241" not in x]
    (tmp_path / "in" / "melange.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    fr = [x for x in (demo / "udhr.fr.txt").read_text(encoding="utf-8").splitlines() if x.strip()][:30]
    (tmp_path / "in" / "melange.fr.txt").write_text("\n".join(fr) + "\n", encoding="utf-8")
    run_batch([tmp_path / "in"], tmp_path / "out", options=FAST)
    rows = read_table(tmp_path / "out", "alignments")
    stored = {r["notes"] for r in rows}
    assert len(stored) == 1 and "do not look like translations" in stored.pop()
    loaded = hexaglot.archive.create(tmp_path / "arc")
    loaded.ingest_parquet(tmp_path / "out")
    direct = hexaglot.archive.create(tmp_path / "direct")
    direct.ingest([tmp_path / "in"], workers=1, embeddings=False)
    said = direct.alignment_notes("melange", ["en", "fr"])
    assert len(said) == 1 and said == loaded.alignment_notes("melange", ["en", "fr"]), said
    loaded.close()
    direct.close()


def test_from_parquet_on_a_folder_that_is_not_a_batch_output_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["ingest", "--from-parquet", str(tmp_path), "-a", str(tmp_path / "arc")])
    assert res.exit_code == 2 and "not a batch output" in res.output


def test_remote_listing_names_files_as_the_local_plan_does(corpus: Path) -> None:
    tasks = discover([str(corpus / "un_parallel_docs"), str(corpus / "un_reports_en" / "docx")])
    assert len(tasks) == 12
    for t in tasks:
        r = remote_task("hdfs://nn" + t.path)
        assert r is not None and (r.lang, r.group.replace("hdfs://nn", "")) == (t.lang, t.group)


def test_unknown_engine_is_a_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["batch", str(tmp_path), str(tmp_path / "o"), "--engine", "ray"])
    assert res.exit_code == 2 and "'ray' is not one of" in res.output


@pytest.mark.parametrize("spec", ["@{d}/inputs.list", "{d}/in/*.en.txt"])
def test_input_may_be_a_list_file_or_a_glob(tmp_path: Path, spec: str) -> None:
    write_inputs(tmp_path / "in")
    (tmp_path / "inputs.list").write_text("# good English files\nin/note.en.txt\nin/memo.en.txt\n", encoding="utf-8")
    run_batch([spec.format(d=tmp_path)], tmp_path / "out", options=FAST)
    names = {Path(d["path"]).name for d in read_table(tmp_path / "out", "documents")}
    assert {"note.en.txt", "memo.en.txt"} <= names and "note.fr.txt" not in names


def test_the_command_exits_2_when_files_failed(tmp_path: Path) -> None:
    good, bad = write_inputs(tmp_path / "in")
    res = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), str(tmp_path / "out"), "--no-embeddings", "-j", "1"])
    assert res.exit_code == 2 and bad and all(p.name in res.output for p in bad), res.output
    assert len(read_table(tmp_path / "out", "documents")) == len(good)  # the good files are written all the same
