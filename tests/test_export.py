"""Exports: TMX 1.4b (DTD-valid, read by translate-toolkit), XLIFF 1.2 (valid against the strict schema, read
by translate-toolkit), Moses, JSONL, UNPC-style XML round trip; the format a file name chooses; why an
export is empty."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from lxml import etree

from archive_helpers import demo_archive_dir, parallel_archive, run_cli  # noqa: F401
from hexaglot.errors import ConfigError, InputError
from hexaglot.export import exporters, get_exporter
from hexaglot.export.base import choose_format, format_of_name
from hexaglot.export.moses import moses_paths
from hexaglot.export.tmx import DTD_PATH
from hexaglot.export.xliff import XLIFF_NS, xliff_errors
from hexaglot.export.xml import read_pairs
from hexaglot.store.records import Pair


def test_registry() -> None:
    assert set(exporters()) == {"tmx", "moses", "jsonl", "xml", "xliff"}
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
    ("xliff", {"locales": "fr"}, "expected LANG=TAG"),
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

    for name in ("tmx", "moses", "jsonl", "xml", "xliff"):
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
    ("xml", "afile", "is a file; xml writes a folder"),
    ("xml", "corpus.xml", "xml writes a folder .* give a folder name"),
])
def test_an_output_it_cannot_write_is_one_clear_error(parallel_archive, tmp_path: Path,  # noqa: F811
                                                      fmt: str, where: str, message: str) -> None:
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    out = tmp_path / where
    with pytest.raises(InputError, match=message) as err:
        parallel_archive.export(out, src="fr", tgt="en", format=fmt)
    assert str(out) in str(err.value)
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "kept" and not (tmp_path / "nodir").exists()
    assert not (tmp_path / "corpus.xml").exists()


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


# -- XLIFF ------------------------------------------------------------------------------------------

X = f"{{{XLIFF_NS}}}"


def _context(unit: etree._Element) -> dict[str, str]:
    return {c.get("context-type"): c.text for c in unit.iter(f"{X}context")}


def test_xliff_is_valid_one_file_per_document_and_loads_in_translate_toolkit(parallel_archive,  # noqa: F811
                                                                              tmp_path: Path) -> None:
    out = tmp_path / "fr-ru.xlf"
    n = parallel_archive.export(out, src="fr", tgt="ru", format="xliff", min_score=0.5)
    pairs = list(parallel_archive.pairs("fr", "ru", min_score=0.5))
    assert n == len(pairs) > 2000
    data = out.read_bytes()
    assert xliff_errors(data) == []
    root = etree.fromstring(data)
    files = root.findall(f"{X}file")
    docs = list(dict.fromkeys(p.doc_id for p in pairs))
    assert len(files) == len(docs) > 1  # one <file> per document, in the order of the pairs
    first = files[0]
    assert first.get("original") == (pairs[0].symbol or pairs[0].doc_id)
    langs = (first.get("source-language"), first.get("target-language"), first.get("datatype"))
    assert langs == ("fr", "ru", "plaintext")
    units = first.findall(f"{X}body/{X}trans-unit")
    assert [u.get("id") for u in units[:3]] == ["1", "2", "3"]
    assert units[0].findtext(f"{X}source") == pairs[0].src and units[0].findtext(f"{X}target") == pairs[0].tgt
    assert units[0].find(f"{X}target").get("state") == "translated"
    ctx = _context(units[0])
    assert ctx["x-score"] == f"{pairs[0].score:.4f}" and ctx["x-kind"] == "prose" and ctx["x-symbol"]
    from translate.storage.xliff import xlifffile

    store = xlifffile(data)
    read = [u for u in store.units if u.source]
    assert len(read) == n and (read[0].source, read[0].target) == (pairs[0].src, pairs[0].tgt)
    assert dict(read[0].getcontextgroups("hexaglot")[0])["x-score"] == ctx["x-score"]


@pytest.mark.parametrize(("options", "tags"), [
    ({}, ("fr", "en")),
    ({"region_tags": True, "locales": "en=en-US"}, ("fr-FR", "en-US")),
])
def test_xliff_takes_the_locale_tags_tmx_takes(tmp_path: Path, options: dict, tags: tuple[str, str]) -> None:
    out = tmp_path / "x.xliff"
    assert get_exporter("xliff", **options).write(_small_pairs("fr", "en"), out, "fr", "en") == 2
    data = out.read_bytes()
    assert xliff_errors(data) == []
    (f,) = etree.fromstring(data).findall(f"{X}file")
    assert (f.get("source-language"), f.get("target-language")) == tags
    assert f.get("original") == "A/RES/217(III)"
    assert _context(f.find(f"{X}body/{X}trans-unit")) == {"x-symbol": "A/RES/217(III)", "x-date": "1948-12-10",
                                                          "x-score": "0.9000", "x-kind": "prose"}


def test_an_empty_xliff_is_still_valid(tmp_path: Path) -> None:
    out = tmp_path / "none.xlf"
    assert get_exporter("xliff").write([], out, "en", "ar") == 0
    assert xliff_errors(out.read_bytes()) == []
    (f,) = etree.parse(str(out)).getroot().findall(f"{X}file")
    assert f.find(f"{X}body").findall(f"{X}trans-unit") == []


def test_xliff_of_cleaned_pairs_carries_the_count_of_duplicates(tmp_path: Path) -> None:
    from hexaglot.export.clean import Cleaner

    pairs = [*_small_pairs("fr", "en"), *_small_pairs("fr", "en")]  # each unit twice
    cleaner = Cleaner("fr", "en")
    cleaner.count(pairs)
    exporter = get_exporter("xliff")
    exporter.props = cleaner.props
    out = tmp_path / "clean.xlf"
    assert exporter.write(cleaner.clean(pairs), out, "fr", "en") == 2
    data = out.read_bytes()
    assert xliff_errors(data) == []
    units = list(etree.fromstring(data).iter(f"{X}trans-unit"))
    assert [_context(u).get("x-count") for u in units] == ["2", "2"]


def test_xliff_text_survives_what_xml_forbids(tmp_path: Path) -> None:
    pair = Pair(doc_id="d<1>", symbol=None, date=None, src_lang="en", tgt_lang="fr", src="a < b & c\x01",
                tgt="« d » \ufffe", score=0.5, src_ids=[1], tgt_ids=[1])
    out = tmp_path / "x.xlf"
    get_exporter("xliff").write([pair], out, "en", "fr")
    assert xliff_errors(out.read_bytes()) == []
    unit = etree.parse(str(out)).getroot().find(f".//{X}trans-unit")
    assert (unit.findtext(f"{X}source"), unit.findtext(f"{X}target")) == ("a < b & c", "« d » ")


# -- the format a file name names -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "given", "chosen"), [
    ("out.tmx", None, "tmx"), ("out.TMX", None, "tmx"), ("out.jsonl", None, "jsonl"),
    ("out.json", None, "jsonl"),
    ("out.xlf", None, "xliff"), ("out.xliff", None, "xliff"), ("out", None, "tmx"), ("out.txt", None, "tmx"),
    ("-", None, "tmx"), ("out.xlf", "xliff", "xliff"), ("out.txt", "jsonl", "jsonl"), ("out", "moses", "moses"),
    ("corpus", "xml", "xml"), ("-", "xliff", "xliff"),
])
def test_the_format_follows_the_extension(name: str, given: str | None, chosen: str) -> None:
    assert choose_format(Path(name), given) == chosen


@pytest.mark.parametrize(("name", "given", "says"), [
    ("out.tmx", "jsonl", "name ending in .jsonl"),
    ("out.jsonl", "tmx", "name ending in .tmx"),
    ("out.xlf", "tmx", "name ending in .tmx"),
    ("out.tmx", "moses", "file prefix without .tmx"),
    ("out.xlf", "xml", "folder name"),
])
def test_a_format_the_extension_contradicts_is_refused(name: str, given: str, says: str) -> None:
    with pytest.raises(InputError) as err:
        choose_format(Path(name), given)
    named = format_of_name(name)
    assert str(err.value).startswith(f"{name}: ") and f"says {named}" in str(err.value)
    assert f"asked for is {given}" in str(err.value) and says in str(err.value)


# -- Moses: no files for a kind without units ---------------------------------------------------------

def test_moses_writes_no_files_for_a_kind_without_units(tmp_path: Path) -> None:
    exporter = get_exporter("moses")
    exporter.kinds = ("prose", "footnote")
    out = tmp_path / "corpus"
    assert exporter.write(_small_pairs("fr", "en"), out, "fr", "en") == 2
    assert exporter.written == {"prose": 2, "footnote": 0}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.prose.en", "corpus.prose.fr"]
    exporter.kinds = ("prose",)  # one kind: its two files, even empty (as an empty TMX is written)
    assert exporter.write([], out, "fr", "en") == 0
    assert moses_paths(out, "fr", "en")[0].read_text(encoding="utf-8") == ""


# -- why an export is empty ---------------------------------------------------------------------------

def test_why_an_export_is_empty(archive_dir: Path) -> None:
    import hexaglot.archive
    from hexaglot.export.empty import why_empty

    with hexaglot.archive.open(archive_dir) as a:
        assert a.export(archive_dir.parent / "sc.tmx", src="en", tgt="ar", organ="SC") == 0
        sc, en = a.documents(organ="SC").total, a.documents(organ="SC", lang="en").total
        assert sc > 1 and en > 1
        assert why_empty(a, "en", "ar", organ="SC") == (
            f"none of the {sc} documents matching --organ SC has both en and ar versions aligned "
            f"({en} have en, none has ar; there are en-ar pairs without --organ SC)")
        assert why_empty(a, "en", "ar", organ="HRC") == "no document matches --organ HRC"
        assert why_empty(a, "en", "ar", min_score=1.0) == "no en-ar pair scores --min-score 1 or more"
        assert why_empty(a, "en", "ar", units="cells") == (
            "no en-ar pair is of the kinds exported (cell); other kinds have some (--units all)")
        assert why_empty(a, "ar", "zh", symbol="apostrophes") == (
            "the document matching --symbol apostrophes has no ar-zh pair (it has neither ar nor zh; there are "
            "ar-zh pairs without --symbol apostrophes)")
