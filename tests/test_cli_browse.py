"""``show`` (up to three versions, says what is missing), ``documents``, ``stats``, the KWIC
concordance, and ``hexaglot.open`` that never creates an archive by accident."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

import hexaglot
from hexaglot.serve.cli import app
from hexaglot.serve.kwic import context_width, kwic, plain

runner = CliRunner()
DEMO = Path(hexaglot.__file__).parent / "demo"


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("browse") / "arc")
    res = runner.invoke(app, ["ingest", "-a", path, "--no-embeddings", "--doc-id", "udhr", "--pair",
                              *(f"{x}:{DEMO / f'udhr.{x}.txt'}" for x in ("fr", "en", "ru"))])
    assert res.exit_code == 0, res.output
    return path


def test_open_does_not_create(tmp_path: Path) -> None:
    with pytest.raises(hexaglot.NoArchiveError, match="no archive at"):
        hexaglot.open(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(hexaglot.NoArchiveError):
        hexaglot.open(tmp_path / "empty")
    with hexaglot.create(tmp_path / "new") as a:
        assert a.statistics().documents == 0
    with hexaglot.open(tmp_path / "new") as a, hexaglot.open(tmp_path / "new2", create=True) as b:
        assert a.stats()["documents"] == b.stats()["documents"] == 0


def test_read_only_commands_say_run_ingest_first(tmp_path: Path) -> None:
    for args in (["search", "x"], ["show", "x"], ["documents"], ["stats"], ["check"], ["refs", "x"]):
        res = runner.invoke(app, [*args, "-a", str(tmp_path / "typo")])
        assert res.exit_code == 2 and "no archive at" in res.output and "hexaglot ingest first" in res.output, args
    assert not (tmp_path / "typo").exists()


def test_show_three_languages_and_says_what_is_missing(arc: str) -> None:
    res = runner.invoke(app, ["show", "-a", arc, "udhr", "--langs", "fr,en,ru", "--json"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    assert obj["langs"] == ["fr", "en", "ru"] and obj["missing"] == []
    assert [c["lang"] for c in obj["rows"][0]["cells"]] == ["fr", "en", "ru"]
    assert all(c["text"] for c in obj["rows"][2]["cells"])
    res = runner.invoke(app, ["show", "-a", arc, "udhr", "--langs", "fr,zh,en"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "no zh version" in res.stderr and "versions: en, fr, ru" in res.stderr
    assert "Préambule" in res.stdout and "Preamble" in res.stdout
    res = runner.invoke(app, ["show", "-a", arc, "udhr", "--langs", "ar"])
    assert res.exit_code == 2 and "no ar version" in res.stderr


def test_documents_and_stats(arc: str) -> None:
    res = runner.invoke(app, ["documents", "-a", arc, "--lang", "ru", "--json"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["udhr"] and rows[0]["langs"] == ["en", "fr", "ru"]
    assert runner.invoke(app, ["documents", "-a", arc, "--lang", "zh", "--json"]).stdout == ""
    facets = json.loads(runner.invoke(app, ["documents", "-a", arc, "--facets", "--json"]).stdout)
    assert facets["total"] == 1 and facets["facets"]["lang"] == {"en": 1, "fr": 1, "ru": 1}
    st_ = json.loads(runner.invoke(app, ["stats", "-a", arc, "--json"]).stdout)
    assert st_["documents"] == 1 and set(st_["versions"]) == {"en", "fr", "ru"}
    assert set(st_["alignments"]) == {"en-fr", "en-ru", "fr-ru"} and st_["alignments"]["en-fr"]["beads"] > 50
    assert st_["index"]["entries"] == sum(st_["sentences"].values()) and st_["index"]["pending_documents"] == 0
    assert "search index" in runner.invoke(app, ["stats", "-a", arc]).stdout


def test_documents_table_keeps_the_title_readable_in_80_columns(tmp_path: Path) -> None:
    """The title was the last column: in 80 columns it got three characters a line ("Uni", "ver")."""
    arc = str(tmp_path / "arc")
    res = runner.invoke(app, ["ingest", "-a", arc, "--no-embeddings",
                              *(str(DEMO / f"udhr.{x}.txt") for x in ("en", "fr", "ru"))])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["documents", "-a", arc], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(cell_len(x) for x in lines) <= 80
    words = " ".join(x.split("│")[0].strip() for x in lines if "│" in x)
    assert "Universal Declaration of Human Rights" in " ".join(words.split())
    assert "en fr" in res.stdout


LONG_TITLE = ("Subregional Centre for Human Rights and Democracy in Central Africa : programme budget implications "
              "of draft resolution A/C.3/78/L.55 : statement")


@pytest.mark.parametrize("columns", [80, 120])
def test_documents_table_gives_a_long_title_two_lines_under_its_symbol(tmp_path: Path, columns: int) -> None:
    """A catalogue record's long title took three or four lines of the table in 80 columns: it is cut
    at a word to the two lines the document column holds, "…" where it is cut."""
    marc = tmp_path / "records.xml"
    marc.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">'
                    '<record><controlfield tag="001">1</controlfield><datafield tag="191" ind1=" " ind2=" ">'
                    '<subfield code="a">A/C.3/78/L.73</subfield></datafield><datafield tag="245" ind1=" " ind2=" ">'
                    f'<subfield code="a">{LONG_TITLE}</subfield></datafield><datafield tag="269" ind1=" " ind2=" ">'
                    '<subfield code="a">2023-11-15</subfield></datafield></record></collection>\n', encoding="utf-8")
    arc = str(tmp_path / "arc")
    assert runner.invoke(app, ["ingest", "-a", arc, "--catalogue", str(marc)]).exit_code == 0
    res = runner.invoke(app, ["documents", "-a", arc], env={"COLUMNS": str(columns)})
    assert res.exit_code == 0, res.output
    rows = [x.split("│")[0].strip() for x in res.stdout.splitlines() if "│" in x]
    assert rows[0] == "A/C.3/78/L.73" and len(rows) <= 3, rows  # the symbol, then two lines of title at most
    assert max(cell_len(x) for x in res.stdout.splitlines()) <= columns
    shown = " ".join(rows[1:])
    # cut at a word with "…" (in 80 columns it must be), or whole where two lines of the column hold it
    assert shown == LONG_TITLE or (shown.endswith("…") and LONG_TITLE.startswith(shown[:-1].rstrip()))
    assert columns != 80 or shown != LONG_TITLE


@given(st.text(alphabet="ab 文", max_size=60), st.integers(min_value=4, max_value=30))
def test_two_lines_wraps_into_two_lines_of_the_column(text: str, column: int) -> None:
    from hexaglot.serve.cli_browse import two_lines

    cut = two_lines(text, column)
    lines: list[str] = []
    for word in cut.split():  # wrapped at words as the table wraps them
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= column:
            lines[-1] += " " + word
        else:
            lines.append(word)
    too_long = any(cell_len(w) > column for w in text.split())
    assert too_long or len(lines) <= 2
    assert cut == " ".join(text.split()) or cut.endswith("…")


def test_concordance_piped_marks_the_match_in_one_column(arc: str) -> None:
    res = runner.invoke(app, ["concordance", "-a", arc, "dignité", "--src", "fr", "--tgt", "en", "-n", "5"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()[1:]
    kwic_lines = lines[0::2]
    assert len(kwic_lines) == 5
    columns = {cell_len(x[:x.index("[dignité]")]) for x in kwic_lines}
    assert len(columns) == 1, kwic_lines  # the match starts in the same column on every line
    assert all("dignity" in t.lower() for t in lines[1::2][:2])


def test_concordance_says_when_more_lines_match_than_it_shows(arc: str) -> None:
    """"20 lines" was printed for the 20 shown of 49 (with --limit 100: "49 lines")."""
    few = runner.invoke(app, ["concordance", "-a", arc, "dignité", "--src", "fr", "--tgt", "en", "-n", "2"])
    assert few.exit_code == 0 and "the first 2 lines; more match" in few.stdout.splitlines()[0], few.stdout
    every = runner.invoke(app, ["concordance", "-a", arc, "dignité", "--src", "fr", "--tgt", "en", "-n", "1000"])
    n = (len(every.stdout.splitlines()) - 1) // 2
    assert 2 < n < 1000 and f": {n} lines" in every.stdout.splitlines()[0] and "more match" not in every.stdout
    json_lines = runner.invoke(app, ["concordance", "-a", arc, "dignité", "--src", "fr", "--tgt", "en", "-n", "2",
                                     "--json"]).stdout.splitlines()
    assert len(json_lines) == 2


text = st.lists(st.sampled_from(["la", "dignité", "humaine", "droits", "安全理事会", "l’homme", "a", "x" * 30]),
                max_size=40).map(" ".join)


@given(text, text, st.integers(min_value=20, max_value=60))
def test_kwic_cuts_at_word_boundaries_and_aligns(left: str, right: str, width: int) -> None:
    k = kwic(left + " ", "match", " " + right, width)
    assert cell_len(k.left) == width + 1  # so the match starts in the same column on every line
    assert cell_len(k.right) <= width + 1
    assert plain(k).index("[match]") == len(k.left)
    shown_left = k.left.strip().removeprefix("…")
    shown_right = k.right.strip().removesuffix("…")
    words_left, words_right = left.split(), right.split()
    # whole words only (a word longer than the width is the one exception: it is cut)
    assert all(w in words_left for w in shown_left.split()[1:]) and all(w in words_right for w in shown_right.split()[:-1])
    if k.left.strip().startswith("…") and " " in shown_left:
        assert shown_left.split()[0] in words_left
    if k.right.strip().endswith("…") and " " in shown_right:
        assert shown_right.split()[-1] in words_right


def test_context_width_fits_the_terminal() -> None:
    assert context_width(100, ["dignité"]) == 44
    assert context_width(30, ["x"]) == 20


def test_refs_of_a_document_nobody_knows_is_an_error(arc: str) -> None:
    """refs printed an empty table and exited 0 for a typo, where show says 'no such document'."""
    res = runner.invoke(app, ["refs", "-a", arc, "nonexist"])
    assert res.exit_code == 2 and "nonexist: no such document in the archive" in res.stderr
    res = runner.invoke(app, ["refs", "-a", arc, "udhr"])
    assert res.exit_code == 0 and "udhr cites no document, and no stored document cites it" in res.stdout


def test_ingest_of_nothing_usable_says_so(tmp_path: Path) -> None:
    """A folder without a document exited 0 with a table of zeros; a missing path still made an archive."""
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.xyz").write_text("hi", encoding="utf-8")
    res = runner.invoke(app, ["ingest", "-a", str(tmp_path / "arc"), "--no-embeddings", str(tmp_path / "junk")])
    assert res.exit_code == 2 and "no document found in" in res.stderr and "1 file skipped" in res.stderr
    assert "*.pdf" in res.stderr
    res = runner.invoke(app, ["ingest", "-a", str(tmp_path / "arc2"), str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "nowhere: no such file or folder" in res.stderr
    assert not (tmp_path / "arc2").exists()


@pytest.mark.parametrize("command", ["search", "documents", "show", "embed", "batch", "align-many"])
def test_every_language_option_takes_both_spellings(command: str) -> None:
    """--lang for search, --langs for show and embed: a user typed the other one and met an error."""
    res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and re.search(r"--lang\b(?!s)", res.stdout) and "--langs" in res.stdout, res.stdout


def test_export_takes_o_and_kind_as_terms_and_concordance_do(arc: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "-o", str(tmp_path / "a.tmx"),
                              "--kind", "prose"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a.tmx").read_text(encoding="utf-8").count("<tu>") > 50
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en"])
    assert res.exit_code == 2 and "no output given" in res.stderr  # was "give the output once": none was given
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", str(tmp_path / "b.tmx"),
                              "-o", str(tmp_path / "c.tmx")])
    assert res.exit_code == 2 and "give the output once" in res.stderr and not (tmp_path / "b.tmx").exists()


def test_a_table_title_is_one_line_whatever_the_table_width(arc: str) -> None:
    """rich wrapped a table's title at the table's width: "droits de l'homme (fr→en): 6 aligned\nsentences"."""
    res = runner.invoke(app, ["term", "-a", arc, "droits de l'homme", "--src", "fr", "--tgt", "en"], terminal_width=60)
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert first.startswith("droits de l'homme (fr→en): ") and first.endswith("aligned sentences"), res.stdout


def test_terms_show_the_score_that_orders_the_equivalents(arc: str) -> None:
    """The table printed each equivalent's Dice but ordered them by the score: "равный (0.88);
    достоинства (0.43); люди (0.46)" read as unsorted."""
    import hexaglot.archive

    with hexaglot.archive.open(arc, create=False) as a:
        entries = a.terms(src="fr", tgt="en", min_freq=3, limit=40)
    res = runner.invoke(app, ["terms", "-a", arc, "--src", "fr", "--tgt", "en", "--min-freq", "3", "--limit", "40"],
                        terminal_width=400)
    text = " ".join(res.stdout.split())
    shown = [e for e in entries if len(e.equivalents) > 1 and e.equivalents[0].dice != e.equivalents[0].score]
    assert shown and all(f"{e.equivalents[0].term} ({e.equivalents[0].score:.2f})" in text for e in shown[:5])


def test_terms_take_a_year_as_search_does(arc: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["terms", "-a", arc, "--src", "fr", "--tgt", "en", "--year", "1948", "--from", "1940"])
    assert res.exit_code == 2 and "--year, or --from/--to" in res.stderr
    res = runner.invoke(app, ["term", "-a", arc, "droits", "--src", "fr", "--tgt", "en", "--year", "2000", "--json"])
    assert "(year 2000)" in res.stderr and "None" not in res.stderr, res.output  # the UDHR has no date
    res = runner.invoke(app, ["terms", "-a", arc, "--src", "fr", "--tgt", "en", "--from", "2020", "--to", "1990"])
    assert res.exit_code == 2 and "2020 is after the last year asked for (1990)" in res.stderr
    res = runner.invoke(app, ["terms", "-a", arc, "--src", "fr", "--tgt", "en", "-o", str(tmp_path / "no/t.tbx")])
    assert res.exit_code == 2 and "does not exist" in res.stderr


def test_a_log_gets_the_summary_not_progress_bars(tmp_path: Path) -> None:
    """With stderr redirected to a file, ingest wrote the bars' last frames ("files ━━━━ 2/2") into it."""
    res = runner.invoke(app, ["ingest", "-a", str(tmp_path / "arc"), "--no-embeddings",
                              *(str(DEMO / f"udhr.{x}.txt") for x in ("en", "fr"))])
    assert res.exit_code == 0 and "documents written" in res.stdout
    assert "━" not in res.stderr and "ETA" not in res.stderr


def test_a_data_file_named_for_ingest_is_refused(tmp_path: Path) -> None:
    """A JSON file named (or uploaded) was read as text: a document whose sentences were brackets."""
    data = tmp_path / "A_80_590.json"
    data.write_text('{"children": [\n  {"text": "Report"}\n]}\n', encoding="utf-8")
    res = runner.invoke(app, ["ingest", "-a", str(tmp_path / "arc"), "--no-embeddings", str(data),
                              str(DEMO / "udhr.en.txt")])
    assert res.exit_code == 2 and "A_80_590.json: a JSON file is data, not a document" in res.stderr
    assert "udhr" in runner.invoke(app, ["documents", "-a", str(tmp_path / "arc"), "--json"]).stdout
    assert "A_80_590" not in runner.invoke(app, ["documents", "-a", str(tmp_path / "arc"), "--json"]).stdout


def test_stats_lists_languages_and_pairs_in_the_un_order_one_row_a_pair(tmp_path: Path) -> None:
    """Pairs were listed as stored and sorted by letters (ar-en ... ar-zh, en-es ..., zh-en): the UN
    order (ar, zh, en, fr, ru, es) now, and a pair stored both ways is one row."""
    import hexaglot.archive

    for name, texts in (("a", {"en": "The Council met.", "zh": "安理会开会。"}),
                        ("b", {"zh": "大会开会。", "en": "The Assembly met.", "fr": "L'Assemblée s'est réunie."})):
        for lang, text in texts.items():
            (tmp_path / f"{name}.{lang}").write_text(text + "\n", encoding="utf-8")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest_pairs({"en": tmp_path / "a.en", "zh": tmp_path / "a.zh"}, doc_id="a", embeddings=False)
        a.ingest_pairs({lang: tmp_path / f"b.{lang}" for lang in ("zh", "en", "fr")}, doc_id="b", embeddings=False)
        st_ = a.statistics()
    assert list(st_.versions) == ["zh", "en", "fr"] and list(st_.sentences) == ["zh", "en", "fr"]
    assert list(st_.alignments) == ["zh-en", "zh-fr", "en-fr"]
    assert st_.alignments["zh-en"]["documents"] == 2


def test_documents_by_title_words_and_types_as_typed(tmp_path: Path) -> None:
    """A catalogue record has a title and no text: `documents` could not find one by its words. The table
    showed the type as its code (`draft_resolution`), which the --type filter does not ask anyone to type."""
    marc = tmp_path / "records.xml"
    titles = {1: "Situation of human rights in Myanmar : draft resolution",
              2: "Rights of the child : draft resolution", 3: "Les droits de l’homme : projet de résolution"}
    marc.write_text(
        '<collection xmlns="http://www.loc.gov/MARC21/slim">'
        + "".join(f'<record><controlfield tag="001">{k}</controlfield>'
                  f'<datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/C.3/78/L.{k}</subfield></datafield>'
                  f'<datafield tag="245" ind1=" " ind2=" "><subfield code="a">{t}</subfield></datafield></record>'
                  for k, t in titles.items())
        + "</collection>", encoding="utf-8")
    arc = str(tmp_path / "arc")
    assert runner.invoke(app, ["ingest", "-a", arc, "--catalogue", str(marc)]).exit_code == 0
    def symbols(*args: str) -> list[str]:
        res = runner.invoke(app, ["documents", "-a", arc, "--json", *args])
        assert res.exit_code == 0, res.output
        return sorted(json.loads(x)["symbol"] for x in res.stdout.splitlines())

    assert symbols("--title", "RIGHTS") == ["A/C.3/78/L.1", "A/C.3/78/L.2"]
    assert symbols("--title", "human rights") == ["A/C.3/78/L.1"]
    assert symbols("--title", "droits de l'homme") == ["A/C.3/78/L.3"]  # the apostrophe either way
    table = runner.invoke(app, ["documents", "-a", arc, "--title", "myanmar"]).stdout
    assert "draft resolution" in table and "draft_resolution" not in table, table
