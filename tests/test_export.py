"""Exports: TMX 1.4b (DTD-valid, read by translate-toolkit), Moses, JSONL, UNPC-style XML round trip."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from lxml import etree

from archive_helpers import demo_archive_dir, parallel_archive, run_cli  # noqa: F401
from hexaglot.errors import ConfigError
from hexaglot.export import exporters, get_exporter
from hexaglot.export.moses import moses_paths
from hexaglot.export.tmx import DTD_PATH
from hexaglot.export.xml import read_pairs
from hexaglot.store.records import Pair


def test_registry() -> None:
    assert set(exporters()) == {"tmx", "moses", "jsonl", "xml"}
    with pytest.raises(ConfigError, match="unknown export format"):
        get_exporter("docx")


def test_tmx_is_valid_and_loads_in_translate_toolkit(parallel_archive, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "fr-ru.tmx"
    n = parallel_archive.export(out, src="fr", tgt="ru", format="tmx", min_score=0.5)
    pairs = list(parallel_archive.pairs("fr", "ru", min_score=0.5))
    assert n == len(pairs) > 2000
    doc = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    tu = doc.getroot().find("body/tu")
    # TMX 1.4b: user-defined property types start with "x-"
    assert {p.get("type") for p in tu.findall("prop")} >= {"x-symbol", "x-score"}
    assert all(p.get("type").startswith("x-") for p in doc.getroot().iter("prop"))
    from translate.storage.tmx import tmxfile

    with out.open("rb") as fh:
        store = tmxfile(fh, "fr", "ru")
    units = [u for u in store.units if u.source]
    assert len(units) == n
    assert (units[0].source, units[0].target) == (pairs[0].src, pairs[0].tgt)


def _small_pairs(src: str, tgt: str) -> list[Pair]:
    texts = [("Article premier.", "Article 1."), ("Tous les êtres humains naissent libres.", "All human beings are born free.")]
    return [Pair(doc_id="udhr", symbol="A/RES/217(III)", date="1948-12-10", src_lang=src, tgt_lang=tgt, src=s, tgt=t,
                 score=0.9, src_ids=[i], tgt_ids=[i]) for i, (s, t) in enumerate(texts)]


@pytest.mark.parametrize(("options", "tags"), [
    ({}, ("fr", "en")),
    ({"region_tags": True}, ("fr-FR", "en-GB")),
    ({"region_tags": True, "locales": "en=en-US"}, ("fr-FR", "en-US")),
    ({"locales": {"fr": "fr-CA"}}, ("fr-CA", "en")),
])
def test_tmx_locale_tags_for_cat_tools(tmp_path: Path, options: dict, tags: tuple[str, str]) -> None:
    out = tmp_path / "x.tmx"
    assert get_exporter("tmx", **options).write(_small_pairs("fr", "en"), out, "fr", "en") == 2
    doc = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert doc.getroot().find("header").get("srclang") == tags[0]
    assert [t.get(lang) for t in doc.getroot().iter("tuv")] == [*tags, *tags]
    from translate.storage.tmx import tmxfile

    with out.open("rb") as fh:
        store = tmxfile(fh, *tags)
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == [(p.src, p.tgt) for p in _small_pairs("fr", "en")]


@pytest.mark.parametrize(("fmt", "options", "message"), [
    ("tmx", {"locales": "fr"}, "expected LANG=TAG"),
    ("tmx", {"locales": "fr=fr FR"}, "not a language tag"),
    ("tmx", {"locales": "french=fr-FR"}, "not a language code"),
    ("tmx", {"locales": "fr=xx"}, r"the tag of fr starts with fr"),  # it labelled French text "xx"
    ("tmx", {"locales": "fr=en-GB"}, r"the tag of fr starts with fr"),
    ("moses", {"region_tags": True}, "takes no option region_tags"),
    ("jsonl", {"locales": "fr=fr-FR"}, "takes no option locales"),
])
def test_export_options_are_checked(fmt: str, options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        get_exporter(fmt, **options)


def test_moses_files_have_equal_line_counts(parallel_archive, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "corpus"
    n = parallel_archive.export(out, src="zh", tgt="en", format="moses")
    src, tgt = moses_paths(out, "zh", "en")
    s_lines = src.read_text(encoding="utf-8").split("\n")[:-1]
    t_lines = tgt.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(s_lines) == len(t_lines) == n > 2000
    assert all(line.strip() for line in s_lines + t_lines)


def test_moses_prefix_may_name_a_folder(parallel_archive, tmp_path: Path) -> None:  # noqa: F811
    """``-f moses out`` after ``-o out/`` made a folder: the files go beside it, out.zh and out.en."""
    out = tmp_path / "out"
    out.mkdir()
    n = parallel_archive.export(out, src="zh", tgt="en", format="moses")
    src, tgt = moses_paths(out, "zh", "en")
    assert n > 0 and src.is_file() and tgt.is_file()


def test_jsonl(parallel_archive, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "p.jsonl"
    n = parallel_archive.export(out, src="de", tgt="fr", format="jsonl")
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n > 300 and rows[0]["doc_id"] == "textberg-dev" and "score" in rows[0]


def test_xml_round_trips_to_the_same_pairs(parallel_archive, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "xml"
    n = parallel_archive.export(out, src="ar", tgt="es", format="xml")
    expected = [(p.doc_id, p.src, p.tgt, round(p.score, 4)) for p in parallel_archive.pairs("ar", "es")]
    back = [(d, s, t, round(sc, 4)) for d, s, t, sc in read_pairs(out, "ar", "es")]
    assert n == len(expected) and sorted(back) == sorted(expected)


def test_export_is_streaming(tmp_path: Path) -> None:
    def pairs(n: int):  # type: ignore[no-untyped-def]
        for i in range(n):
            yield Pair(doc_id=f"d{i // 50}", symbol=None, date=None, src_lang="en", tgt_lang="fr",
                       src=f"sentence {i} " * 10, tgt=f"phrase {i} " * 10, score=0.9, src_ids=[i], tgt_ids=[i])

    for name in ("tmx", "moses", "jsonl", "xml"):
        peaks = []
        for n in (1000, 10000):
            tracemalloc.start()
            get_exporter(name).write(pairs(n), tmp_path / f"{name}-{n}", "en", "fr")
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        assert peaks[1] < peaks[0] * 2 + 200_000, (name, peaks)  # 10x the pairs, not 10x the memory


@pytest.mark.parametrize(("fmt", "where", "message"), [
    ("tmx", "nodir/x.tmx", "does not exist"),
    ("jsonl", ".", "is a folder"),
    ("moses", "nodir/corpus", "does not exist"),
    ("xml", "afile", "is a file"),
])
def test_an_output_it_cannot_write_is_one_clear_error(parallel_archive, tmp_path: Path,  # noqa: F811
                                                      fmt: str, where: str, message: str) -> None:
    from hexaglot.errors import InputError

    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    out = tmp_path / where
    with pytest.raises(InputError, match=message) as err:
        parallel_archive.export(out, src="fr", tgt="en", format=fmt)
    assert str(out) in str(err.value)
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "kept" and not (tmp_path / "nodir").exists()


@pytest.mark.parametrize("score", [-0.1, 2.0])
def test_a_lowest_score_outside_zero_one_is_refused(parallel_archive, tmp_path: Path, score: float) -> None:  # noqa: F811
    with pytest.raises(ConfigError, match="not between 0 and 1"):
        parallel_archive.export(tmp_path / "x.tmx", src="fr", tgt="en", min_score=score)
    with pytest.raises(ConfigError, match="not between 0 and 1"):
        parallel_archive.concordance("droits", src="fr", tgt="en", min_score=score)
    assert not (tmp_path / "x.tmx").exists()


def test_export_to_standard_output(archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``export -`` wrote a file literally named "-"; now TMX and JSONL go to standard output."""
    monkeypatch.chdir(tmp_path)
    r = run_cli("export", "-", "--src", "en", "--tgt", "fr", "-f", "jsonl", "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert rows and all(x["src_lang"] == "en" for x in rows)
    assert f"{len(rows)} pairs en→fr written to standard output (jsonl)" in r.stderr
    assert not Path("-").exists()
    bad = run_cli("export", "-", "--src", "en", "--tgt", "fr", "-f", "moses", "-a", str(archive_dir))
    assert bad.exit_code == 2 and "moses writes several files: give a file prefix, not -" in bad.output
