"""``hexaglot export`` as a new user meets it: the format follows the file name, ``-f xliff``, an
export that matches nothing says why, Moses writes no empty files, ``-f xml`` writes a folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from archive_helpers import demo_archive_dir, run_cli  # noqa: F401
from hexaglot.export.xliff import XLIFF_NS, xliff_errors


def _export(archive_dir: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("export", "-a", str(archive_dir), *args)


@pytest.mark.parametrize(("name", "fmt", "first"), [
    ("out.xlf", "xliff", b"<?xml"),
    ("out.xliff", "xliff", b"<?xml"),
    ("out.jsonl", "jsonl", b"{"),
    ("out.json", "jsonl", b"{"),
    ("out.tmx", "tmx", b"<?xml"),
])
def test_the_format_follows_the_file_name(archive_dir: Path, tmp_path: Path, name: str, fmt: str,
                                          first: bytes) -> None:
    """`export --src en --tgt fr out.xlf` wrote a TMX into out.xlf (and out.jsonl too)."""
    out = tmp_path / name
    r = _export(archive_dir, "--src", "en", "--tgt", "fr", str(out))
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data.startswith(first)
    n = int(r.stderr.split()[0])
    assert n > 0 and f"written to {out} ({fmt})" in r.stderr
    if fmt == "xliff":
        assert xliff_errors(data) == [] and b"<tmx" not in data
        assert len(list(etree.fromstring(data).iter(f"{{{XLIFF_NS}}}trans-unit"))) == n
    if fmt == "jsonl":
        assert len([json.loads(x) for x in data.decode("utf-8").splitlines()]) == n


def test_without_a_known_extension_it_is_tmx_and_says_so(archive_dir: Path, tmp_path: Path) -> None:
    r = _export(archive_dir, "--src", "en", "--tgt", "fr", str(tmp_path / "out.txt"))
    assert r.exit_code == 0 and "(tmx, the default)" in r.stderr, r.output
    assert b"<tmx" in (tmp_path / "out.txt").read_bytes()


@pytest.mark.parametrize(("name", "fmt"), [("out.tmx", "jsonl"), ("out.jsonl", "tmx"), ("out.xlf", "moses"),
                                           ("out.tmx", "xliff")])
def test_a_format_the_file_name_contradicts_is_refused(archive_dir: Path, tmp_path: Path, name: str,
                                                       fmt: str) -> None:
    out = tmp_path / name
    r = _export(archive_dir, "--src", "en", "--tgt", "fr", "-f", fmt, str(out))
    text = " ".join(r.stderr.split())
    assert r.exit_code == 2 and text.startswith(f"error: {out}: the name says"), r.output
    assert f"asked for is {fmt}" in text and "Traceback" not in r.output
    assert not list(tmp_path.iterdir())  # nothing written


def test_xliff_to_standard_output(archive_dir: Path) -> None:
    r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "xliff", "-", "--symbol", "apostrophes")
    assert r.exit_code == 0, r.output
    assert xliff_errors(r.stdout.encode("utf-8")) == [] and "Côte d’Ivoire" in r.stdout
    assert "4 pairs fr→en written to standard output (xliff)" in r.stderr


def test_xml_writes_a_folder_and_refuses_a_file_name(archive_dir: Path, tmp_path: Path) -> None:
    for name in ("corpus.xml", "afile"):
        (tmp_path / "afile").write_text("kept", encoding="utf-8")
        r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "xml", str(tmp_path / name))
        text = " ".join(r.stderr.split())
        assert r.exit_code == 2 and "xml writes a folder" in text and "give a folder name" in text, r.output
    assert not (tmp_path / "corpus.xml").exists() and (tmp_path / "afile").read_text(encoding="utf-8") == "kept"
    r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "xml", str(tmp_path / "corpus"))
    assert r.exit_code == 0 and (tmp_path / "corpus" / "fr").is_dir() and (tmp_path / "corpus" / "links").is_dir()
    help_text = " ".join(run_cli("export", "--help").output.split())
    assert "a FOLDER" in help_text and "xliff" in help_text


def test_an_export_of_nothing_writes_a_valid_file_and_says_why(archive_dir: Path, tmp_path: Path) -> None:
    """`export --src en --tgt ar x.tmx --organ SC` said "0 pairs en→ar written", nothing more."""
    out = tmp_path / "x.tmx"
    r = _export(archive_dir, "--src", "en", "--tgt", "ar", str(out), "--organ", "SC")
    assert r.exit_code == 0, r.output
    assert "0 pairs en→ar written" in r.stderr
    warning = " ".join(r.stderr.split("warning:", 1)[1].split())
    assert warning.startswith("none of the") and "matching --organ SC has both en and ar versions aligned" in warning
    assert etree.parse(str(out)).getroot().tag == "tmx"  # still a valid (empty) TMX
    r = _export(archive_dir, "--src", "en", "--tgt", "ar", str(tmp_path / "x.xlf"), "--min-score", "1")
    assert r.exit_code == 0 and "warning: no en-ar pair scores --min-score 1 or more" in " ".join(r.stderr.split())
    assert xliff_errors((tmp_path / "x.xlf").read_bytes()) == []
    r = _export(archive_dir, "--src", "en", "--tgt", "fr", str(tmp_path / "y.tmx"))
    assert r.exit_code == 0 and "warning" not in r.stderr  # pairs: no warning


def test_moses_makes_no_files_for_a_kind_without_units(archive_dir: Path, tmp_path: Path) -> None:
    """`-f moses out --units prose,footnotes` made out.footnote.en and out.footnote.fr, empty."""
    out = tmp_path / "out"
    r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "moses", str(out), "--units", "prose,cells")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.prose.en", "out.prose.fr"]
    assert "no cell units: no out.cell.* files" in " ".join(r.stderr.split())
    (tmp_path / "out.cell.en").write_text("old\n", encoding="utf-8")  # from an earlier export: named, kept
    r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "moses", str(out), "--units", "prose,cells")
    assert "out.cell.en is from an earlier export" in " ".join(r.stderr.split())
    assert (tmp_path / "out.cell.en").read_text(encoding="utf-8") == "old\n"
    r = _export(archive_dir, "--src", "fr", "--tgt", "en", "-f", "moses", str(tmp_path / "p"))
    assert r.exit_code == 0 and "no " not in r.stderr.split("(moses", 1)[1]  # one kind: the usual note


def test_an_export_that_clean_emptied_says_so() -> None:
    from hexaglot.export.clean import CleanReport
    from hexaglot.serve.cli_archive import _why_no_pairs

    report = CleanReport(kept=0, dropped={"duplicate": 3, "contents": 1})
    assert _why_no_pairs(None, "en", "fr", 0.0, None, {}, report) == "--clean dropped all 4 units (the reasons are above)"
