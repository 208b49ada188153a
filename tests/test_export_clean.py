"""``export --clean`` (hexaglot.export.clean): each rule, the report, the count of duplicates in TMX."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from archive_helpers import demo_arch, demo_archive_dir, run_cli  # noqa: F401 (fixtures)
from hexaglot.export.clean import Cleaner, reason, strip_labels
from hexaglot.store.records import Pair


def _pair(src: str, tgt: str, n: int = 0) -> Pair:
    return Pair(doc_id=f"d{n}", symbol=None, date=None, src_lang="en", tgt_lang="fr", src=src, tgt=tgt, score=0.9,
                src_ids=[n], tgt_ids=[n])


def test_each_rule_names_its_reason() -> None:
    assert reason("Introduction ........................ 3", "Introduction ........................ 3", "en", "fr") == \
        "contents"
    assert reason("II. Mandate\t4", "II. Mandat\t4", "en", "fr") == "contents"
    assert reason("1325 (2000)", "1325 (2000)", "en", "fr") == "numbers or symbols only"
    assert reason("A/RES/70/1", "A/RES/70/1", "en", "fr") == "numbers or symbols only"
    assert reason("Annex", "Annex", "en", "fr") == "same text in both languages"
    assert reason("The Council decided to remain seized of the matter.", "Le Conseil.", "en", "fr") == \
        "implausible length ratio"
    assert reason("The Council decided to remain seized of the matter.",
                  "Le Conseil a décidé de rester saisi de la question.", "en", "fr") is None
    # Chinese is dense: a short Chinese side of a long English sentence is plausible
    assert reason("The Security Council decided to remain actively seized of the matter.",
                  "安全理事会决定继续积极处理此案。", "en", "zh") is None


def test_paragraph_numbers_are_stripped_on_both_sides_only_when_both_have_one() -> None:
    assert strip_labels("12. The Council", "12. Le Conseil")[:2] == ("The Council", "Le Conseil")
    assert strip_labels("(a) To decide", "a) De décider")[:2] == ("To decide", "De décider")
    assert strip_labels("12. The Council", "Le Conseil")[:2] == ("12. The Council", "Le Conseil")
    assert strip_labels("1990 was a year", "1990 fut une année")[:2] == ("1990 was a year", "1990 fut une année")
    # the labels of hexaglot.segment.labels, shared with pre-translation: Arabic paragraph numbers, letters
    assert strip_labels("12. The Council", "١٢ - إن المجلس")[:2] == ("The Council", "إن المجلس")
    assert strip_labels("A. Introduction", "A. Introduction")[:2] == ("Introduction", "Introduction")
    assert strip_labels("(b) To decide", "б) Постановить")[:2] == ("To decide", "Постановить")


def test_duplicates_are_kept_once_with_their_count_and_the_report_counts_each_reason() -> None:
    pairs = [_pair("1. The Council decided.", "1. Le Conseil a décidé.", 1),
             _pair("7. The Council decided.", "7. Le Conseil a décidé.", 2),
             _pair("The Council decided.", "Le Conseil a décidé.", 3),
             _pair("Annex", "Annex", 4), _pair("2015", "2015", 5), _pair("Other text here.", "Autre texte ici.", 6)]
    c = Cleaner("en", "fr")
    c.count(pairs)
    kept = list(c.clean(pairs))
    assert [(p.src, p.tgt) for p in kept] == [("The Council decided.", "Le Conseil a décidé."),
                                              ("Other text here.", "Autre texte ici.")]
    assert c.props(kept[0]) == [("x-count", "3")] and c.props(kept[1]) == []
    assert c.report.dropped == {"duplicate": 2, "same text in both languages": 1, "numbers or symbols only": 1}
    assert c.report.kept == 2 and c.report.stripped == 1  # the kept units only


@given(st.lists(st.tuples(st.sampled_from(["1. ", "(b) ", "", "IV. "]),
                          st.sampled_from(["The text.", "Annex", "42", "Texte.", "Contents ....... 4"])), max_size=12))
def test_nothing_kept_has_a_reason_to_drop_and_every_pair_is_counted(units: list[tuple[str, str]]) -> None:
    pairs = [_pair(lab + s, lab + s.replace("The", "Le"), i) for i, (lab, s) in enumerate(units)]
    c = Cleaner("en", "fr")
    kept = list(c.clean(pairs))
    assert all(reason(p.src, p.tgt, "en", "fr") is None for p in kept)
    assert len({(p.src, p.tgt) for p in kept}) == len(kept)
    assert c.report.kept + sum(c.report.dropped.values()) == len(pairs)


def test_cli_export_clean_reports_and_writes_counts(archive_dir: Path, tmp_path: Path) -> None:
    from translate.storage import tmx

    out = tmp_path / "clean.tmx"
    r = run_cli("export", str(out), "--src", "en", "--tgt", "fr", "--units", "all", "--clean", "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    assert "dropped" in r.output and "same text in both languages" in r.output
    units = tmx.tmxfile.parsefile(str(out)).units
    plain = tmp_path / "all.tmx"
    assert run_cli("export", str(plain), "--src", "en", "--tgt", "fr", "--units", "all", "-a",
                   str(archive_dir)).exit_code == 0
    everything = tmx.tmxfile.parsefile(str(plain)).units
    assert 0 < len(units) < len(everything)
    assert not any(u.source.strip() == u.target.strip() for u in units)
