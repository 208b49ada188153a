"""Small things a new user met on the command line: a search with no hit drew an empty table, the
document listing did not say how to see the next page, ``pretranslate -o out/draft.fr.xlf`` refused a
missing folder that ``-o out/`` made, and ``ingest --manifest FILE`` without a folder said nothing
about the folder it needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_helpers import demo_archive_dir, run_cli  # noqa: F401
from hexaglot.demo import demo_dir


def test_a_search_without_hits_prints_no_table(archive_dir: Path) -> None:
    r = run_cli("search", "安全理事会", "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "0 sentences match '安全理事会'"
    for frame in "┏┃└─":
        assert frame not in r.stdout
    r = run_cli("search", "安全理事会", "--documents", "-a", str(archive_dir))
    assert r.stdout.strip() == "0 sentences match '安全理事会'"


def test_a_query_in_brackets_is_shown_as_typed(archive_dir: Path) -> None:
    r = run_cli("search", "[dignity]", "-a", str(archive_dir))
    assert r.exit_code == 0 and "match '[dignity]'" in r.stdout, r.output


def test_documents_says_how_to_see_the_next_page(archive_dir: Path) -> None:
    total = int(run_cli("documents", "-a", str(archive_dir), "--facets").stdout.split()[0])
    assert total >= 3
    first = run_cli("documents", "-a", str(archive_dir), "-n", "2").stdout.splitlines()[0]
    assert first == f"{total} documents (showing 1–2; next: --page 2 --limit 2)"
    last_page = -(-total // 2)
    last = run_cli("documents", "-a", str(archive_dir), "-n", "2", "--page", str(last_page)).stdout.splitlines()[0]
    assert last == f"{total} documents (showing {2 * last_page - 1}–{total})"
    past = run_cli("documents", "-a", str(archive_dir), "-n", "2", "--page", "99").stdout.splitlines()[0]
    assert past == f"{total} documents (page 99 is past the last page, {last_page})"
    assert run_cli("documents", "-a", str(archive_dir)).stdout.splitlines()[0] == (
        f"{total} documents (showing 1–{total})")  # one page: no next


def _draft(tmp_path: Path) -> Path:
    draft = tmp_path / "draft.en.txt"
    draft.write_text("All human beings are born free and equal in dignity and rights.\n", encoding="utf-8")
    return draft


def test_pretranslate_makes_the_folder_of_its_output_with_one_target_as_with_several(archive_dir: Path,
                                                                                     tmp_path: Path) -> None:
    """`-o out/draft.fr.xlf` said "the folder out does not exist" while `-o out2/` made out2."""
    draft = _draft(tmp_path)
    one = tmp_path / "out" / "draft.fr.xlf"
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", str(one), "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in one.parent.iterdir()) == ["draft.fr.html", "draft.fr.tmx", "draft.fr.xlf"]
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr,ru", "-o", str(tmp_path / "out2"),
                "-a", str(archive_dir))
    assert r.exit_code == 0 and (tmp_path / "out2" / "draft.ru.xlf").is_file(), r.output
    # a typo does not make a tree, and a run that fails leaves no empty folder
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", str(tmp_path / "no/deeper/x.xlf"),
                "-a", str(archive_dir))
    assert r.exit_code == 2 and "does not exist" in r.stderr and not (tmp_path / "no").exists()
    r = run_cli("pretranslate", str(tmp_path / "missing.txt"), "--src", "en", "--tgt", "fr",
                "-o", str(tmp_path / "out3" / "x.xlf"), "-a", str(archive_dir))
    assert r.exit_code == 2 and not (tmp_path / "out3").exists(), r.output


@pytest.mark.parametrize("out", ["out/", "out", "."])
def test_pretranslate_into_a_folder_with_one_target(archive_dir: Path, tmp_path: Path, out: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`-o out/` with one target wrote a file named out, and out.tmx and out.html beside it; `-o .`
    was refused. A folder takes <draft>.<tgt>.xlf with one target as with several."""
    draft = _draft(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", out, "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    folder = tmp_path / out
    assert folder.is_dir() and {"draft.fr.xlf", "draft.fr.tmx", "draft.fr.html"} <= {p.name for p in folder.iterdir()}
    assert not (tmp_path / "out.tmx").exists()


def _manifest_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    for lang, name in (("en", "declaration"), ("fr", "declaration")):
        (folder / lang).mkdir(parents=True)
        (folder / lang / f"{name}.txt").write_bytes((demo_dir() / f"udhr.{lang}.txt").read_bytes())
    (folder / "files.tsv").write_text("udhr\ten\ten/declaration.txt\nudhr\tfr\tfr/declaration.txt\n",
                                      encoding="utf-8")
    return folder


def test_ingest_with_a_manifest_and_no_folder_reads_the_manifests_folder(tmp_path: Path) -> None:
    """`ingest --manifest man.tsv` said "nothing to ingest: give PATHs, ..." without a word on --manifest."""
    folder = _manifest_folder(tmp_path)
    arc = tmp_path / "arc"
    r = run_cli("ingest", "--manifest", str(folder / "files.tsv"), "-a", str(arc), "--no-embeddings", "--json")
    assert r.exit_code == 0, r.output
    assert "no PATHs given: ingesting the manifest's folder" in " ".join(r.stderr.split())
    r = run_cli("show", "udhr", "-a", str(arc), "--json")
    assert r.exit_code == 0 and '"fr"' in r.stdout and '"en"' in r.stdout, r.output


def test_ingest_with_a_manifest_naming_files_outside_its_folder_says_to_give_the_paths(tmp_path: Path) -> None:
    folder = _manifest_folder(tmp_path)
    (tmp_path / "elsewhere.txt").write_bytes((demo_dir() / "udhr.es.txt").read_bytes())
    (folder / "files.tsv").write_text("udhr\tes\t../elsewhere.txt\n", encoding="utf-8")
    r = run_cli("ingest", "--manifest", str(folder / "files.tsv"), "-a", str(tmp_path / "arc"), "--no-embeddings")
    text = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "outside its own folder" in text and "give the folders that hold its files" in text
    assert not (tmp_path / "arc").exists()
    r = run_cli("ingest", "-a", str(tmp_path / "arc"))
    assert r.exit_code == 2 and "--manifest FILE ingests its own folder" in " ".join(r.stderr.split())
