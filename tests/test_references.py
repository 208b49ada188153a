"""Reference extraction: symbols plus citations in words, in the six languages; real reports; seed."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.errors import ConfigError
from hexaglot.langs import table
from hexaglot.model import LANGS
from hexaglot.parse.references import extract_references
from hexaglot.parse.symbols import normalize_symbol

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        ("en", "The mandate was established by the Security Council in its resolution 350 (1974).",
         ["S/RES/350 (1974)"]),
        ("en", "Security Council resolution 1863 (2009) and resolutions 2811 (2025) and 2790 (2025)",
         ["S/RES/1863 (2009)", "S/RES/2811 (2025)", "S/RES/2790 (2025)"]),
        ("en", "Recalling its resolutions 661 (1990), 662 (1990), 664 (1990) and 665 (1990),",
         ["S/RES/661 (1990)", "S/RES/662 (1990)", "S/RES/664 (1990)", "S/RES/665 (1990)"]),
        ("en", "resolution 1483 (2003) of 22 May 2003 and 1511 (2003) of 16 October 2003",
         ["S/RES/1483 (2003)", "S/RES/1511 (2003)"]),
        ("en", "General Assembly resolution 78/213; resolutions 78/213 and 78/214",
         ["A/RES/78/213", "A/RES/78/214"]),
        ("en", "Economic and Social Council resolution 2015/1 and decision 2015/201",
         ["E/RES/2015/1", "E/DEC/2015/201"]),
        ("en", "in its decision 78/541, the Assembly", ["A/DEC/78/541"]),
        ("en", "Human Rights Council resolution 52/1 and decision 52/101", ["A/HRC/RES/52/1", "A/HRC/DEC/52/101"]),
        ("en", "General Assembly resolution 217 A (III) and resolution ES-10/19",
         ["A/RES/217 (III) A", "A/RES/ES-10/19"]),
        ("en", "its resolution 78/250 B, including", ["A/RES/78/250 B"]),
        ("en", "draft resolution A/C.3/78/L.49/Rev.1 (see A/78/481/Add.2) and resolution 78/213",
         ["A/C.3/78/L.49/Rev.1", "A/78/481/Add.2", "A/RES/78/213"]),
        ("fr", "la résolution 1483 (2003) du Conseil de sécurité et la résolution 60/251 du Conseil des droits de "
               "l’homme ; résolutions 78/213 et 78/214 de l’Assemblée générale",
         ["S/RES/1483 (2003)", "A/HRC/RES/60/251", "A/RES/78/213", "A/RES/78/214"]),
        ("fr", "Rappelant sa décision 78/541", ["A/DEC/78/541"]),
        ("es", "la resolución 1483 (2003) del Consejo de Seguridad y las resoluciones 78/213 y 78/214",
         ["S/RES/1483 (2003)", "A/RES/78/213", "A/RES/78/214"]),
        ("es", "Resoluciones 2811 (2025) y 2790 (2025)", ["S/RES/2811 (2025)", "S/RES/2790 (2025)"]),
        ("ru", "резолюция 1483 (2003) и резолюции Совета Безопасности 1511 (2003) от 16 октября 2003 года и "
               "1546 (2004); решение 78/541; резолюцию 2015/1 Экономического и Социального Совета",
         ["S/RES/1483 (2003)", "S/RES/1511 (2003)", "S/RES/1546 (2004)", "A/DEC/78/541", "E/RES/2015/1"]),
        ("zh", "安全理事会第1483(2003)号决议和第2811（2025）号和第2790(2025)号决议，大会第78/213号决议，"
               "人权理事会第52/1号决议",
         ["S/RES/1483 (2003)", "S/RES/2811 (2025)", "S/RES/2790 (2025)", "A/RES/78/213", "A/HRC/RES/52/1"]),
        ("zh", "大会第78/541号决定", ["A/DEC/78/541"]),
        ("ar", "القرار 1483 (2003) وقرار مجلس الأمن 1511 (2003) و1546 (2004)، وقرار الجمعية العامة 78/213",
         ["S/RES/1483 (2003)", "S/RES/1511 (2003)", "S/RES/1546 (2004)", "A/RES/78/213"]),
        ("ar", "القرار ١٤٨٣ (٢٠٠٣) والوثيقة A/58/50/Rev.1 و Corr.1",
         ["S/RES/1483 (2003)", "A/58/50/Rev.1", "A/58/50/Rev.1/Corr.1"]),
        ("zh", "第1483（2003）号、第1511(2003)号和第1546(2004)号决议以及S/2003/456号文件",
         ["S/RES/1483 (2003)", "S/RES/1511 (2003)", "S/RES/1546 (2004)", "S/2003/456"]),
        ("es", "las resoluciones 1483 (2003), de 22 de mayo de 2003, y 1511 (2003)",
         ["S/RES/1483 (2003)", "S/RES/1511 (2003)"]),
        ("fr", "les résolutions 1483 (2003) du 22 mai 2003 et 1511 (2003)", ["S/RES/1483 (2003)", "S/RES/1511 (2003)"]),
        ("en", "RESOLUTION 1483 (2003)", ["S/RES/1483 (2003)"]),
        ("ar", "في قراره \u200f2811 (2025)\u200f والمقرر 78/541", ["S/RES/2811 (2025)", "A/DEC/78/541"]),
    ],
)  # fmt: skip
def test_citations_in_words(lang: str, text: str, want: list[str]) -> None:
    assert extract_references(text, lang) == want


def test_dedup_and_order() -> None:
    text = "S/RES/1483(2003) … resolution 1483 (2003) … A/58/50 … see also A/58/50 and resolution 78/213."
    assert extract_references(text, "en") == ["S/RES/1483 (2003)", "A/58/50", "A/RES/78/213"]


@pytest.mark.parametrize(
    "text",
    ["paragraph 5 (2003)", "resolution 2", "draft resolution II", "in 2003 (2003)", "the period 2024/25",
     "Resolution of 26 August 1947", "decisions taken on 12/05/2003", "on 5 May (1990)"],
)  # fmt: skip
def test_no_false_citations(text: str) -> None:
    assert extract_references(text, "en") == []


def test_unknown_language() -> None:
    with pytest.raises(ConfigError):
        extract_references("resolution 1 (1946)", "de")


def test_phrases_live_in_the_tables() -> None:
    for lang in LANGS:
        t = table(lang, "references")
        assert t["resolution"] and t["decision"] and t["symbol_conjunctions"], lang
        assert set(t["organs"]) == {"GA", "SC", "ECOSOC", "HRC"}, lang


# --- property test: random citations in words, six languages ----------------------------------------

TEMPLATES: dict[str, tuple[str, str, str]] = {
    # one citation, two citations, the conjunction
    "en": ("Recalling its resolution {a},", "and in its resolutions {a} and {b}, the Council", ""),
    "fr": ("Rappelant sa résolution {a},", "dans ses résolutions {a} et {b}, le Conseil", ""),
    "es": ("Recordando su resolución {a},", "en sus resoluciones {a} y {b}, el Consejo", ""),
    "ru": ("ссылаясь на свою резолюцию {a},", "в своих резолюциях {a} и {b} Совет", ""),
    "zh": ("回顾其第{a}号决议，", "在其第{a}号和第{b}号决议中，", ""),
    "ar": ("إذ يشير إلى قراره {a}،", "وفي قراريه {a} و {b}، فإن المجلس", ""),
}  # fmt: skip


@st.composite
def citations(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, canonical symbol)"""
    kind = draw(st.sampled_from(["sc", "ga", "ecosoc"]))
    n = draw(st.integers(1, 2999))
    if kind == "sc":
        y = draw(st.integers(1946, 2030))
        paren = draw(st.sampled_from([" (", "(", "（"]))
        close = ")" if paren != "（" else "）"
        return f"{n}{paren}{y}{close}", f"S/RES/{n} ({y})"
    if kind == "ga":
        s = draw(st.integers(1, 80))
        return f"{s}/{n}", f"A/RES/{s}/{n}"
    y = draw(st.integers(1946, 2030))
    return f"{y}/{n}", f"E/RES/{y}/{n}"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LANGS), citations(), citations())
def test_citations_property(lang: str, a: tuple[str, str], b: tuple[str, str]) -> None:
    one, two, _ = TEMPLATES[lang]
    assert extract_references(one.format(a=a[0]), lang) == [a[1]]
    want = [a[1]] if a[1] == b[1] else [a[1], b[1]]
    assert extract_references(two.format(a=a[0], b=b[0]), lang) == want


# --- real data ------------------------------------------------------------------------------------


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_references", REPO / "bench" / "references.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_letter(corpus: Path) -> None:
    text = (corpus / "seed/letter-2003-06-04.fr.txt").read_text(encoding="utf-8")
    assert extract_references(text, "fr") == ["A/58/50/Rev.1", "A/58/50/Rev.1/Corr.1"]


def test_mandate_citations_found_in_reports(corpus: Path) -> None:
    bench = _bench()
    rows = []
    for path in sorted((corpus / "un_reports_en").glob("mandate_citations_*.csv")):
        with open(path, encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    assert len(rows) == 13
    want: dict[str, list[str]] = {}
    for row in rows:
        stem = row["File"].removesuffix(".json").replace("ADD", "Add")
        want.setdefault(stem, []).append(normalize_symbol(row["Full Document Symbol"]) or "?")
    assert len(want) == 6
    for stem, symbols in want.items():
        refs = extract_references(bench.docx_text(corpus / "un_reports_en/docx" / f"{stem}.docx"), "en")
        assert [s for s in symbols if s not in refs] == [], stem
