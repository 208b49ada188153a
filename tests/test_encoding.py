"""Encoding detection, binary rejection and mojibake repair (hexaglot.read.encoding)."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexaglot.errors import InputError
from hexaglot.read.encoding import BINARY_REASON, decode, plausibility, repair_mojibake

SAMPLES = {
    "ar": "وتشير اللجنة إلى أن الدولة الطرف لم تقدم معلومات عن التدابير المتخذة لتنفيذ القرار.",
    "zh": "委员会注意到，缔约国没有提供资料说明为执行该决议所采取的措施。",
    "en": "The Committee notes that the State party has not provided information on the measures taken.",
    "fr": "Le Comité note que l'État partie n'a pas fourni d'informations sur les mesures prises à cet égard.",
    "ru": "Комитет отмечает, что государство-участник не представило информацию о принятых мерах.",
    "es": "El Comité observa que el Estado parte no ha facilitado información sobre las medidas adoptadas.",
}
LEGACY = {"ar": "cp1256", "zh": "gb18030", "fr": "cp1252", "ru": "cp1251", "es": "cp1252"}

# Word pools for property tests: real words of each language, so "text in the matching script".
_WORDS = {
    "ru": "Комитет отмечает что государство участник представило доклад Организации Объединенных "
    "Наций право человека развития мира безопасности году сессии пункт повестки дня резолюция",
    "ar": "الأمم المتحدة اللجنة الدولة الطرف تقرير حقوق الإنسان التنمية السلام الأمن الدورة البند "
    "جدول الأعمال قرار الجمعية العامة مجلس",
    "zh": "联合国 委员会 缔约国 报告 人权 发展 和平 安全 会议 议程 项目 决议 大会 安全理事会 秘书长 "
    "国际 合作 问题 工作 方面",
    "fr": "Comité État partie rapport droits de l'homme développement paix sécurité session point "
    "ordre du jour résolution Assemblée générale Conseil à été prévue réunion",
    "es": "Comité Estado parte informe derechos humanos desarrollo paz seguridad período de sesiones "
    "tema programa resolución Asamblea General Consejo información además año",
}
WORDS = {lang: words.split() for lang, words in _WORDS.items()}


def sentences(lang: str, min_words: int = 3) -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS[lang])
    if lang == "zh":  # Chinese has no spaces between words
        sep = st.sampled_from(["", "", "", "，", "。", "（", "）", "2015年", "、", "\n", " UNEP "])
    else:
        sep = st.sampled_from([" ", " ", " ", ", ", ". ", " (", ") ", " 2015 ", "\n"])
    pair = st.tuples(word, sep).map("".join)
    text = st.lists(pair, min_size=min_words, max_size=30).map(lambda parts: "".join(parts) + ".")
    # Real text, not "à à à": a few words' worth of letters (3 Chinese words are plenty).
    floor = 4 if lang == "zh" else 12 if min_words > 1 else 0
    return text.filter(lambda t: sum(ch.isalpha() for ch in t) >= floor)


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize("lang", SAMPLES)
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(lang: str, codec: str) -> None:
    text = SAMPLES[lang]
    decoded, name, repaired = decode(text.encode(codec), "x.txt")
    assert decoded == text
    assert not repaired
    if codec == "utf-16":  # Python writes a BOM
        assert name.startswith("utf-16")
    elif codec != "utf-8-sig":
        assert name == codec


@pytest.mark.parametrize("lang", LEGACY)
def test_legacy_code_pages(lang: str) -> None:
    text = SAMPLES[lang]
    decoded, name, _ = decode(text.encode(LEGACY[lang]), "x.txt")
    assert decoded == text
    assert name == LEGACY[lang]


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Привет", "cp1251"), ("Цель", "cp1251"), ("صدرت", "cp1256"), ("摘要", "gb18030"),
     ("新闻稿", "gb18030"), ("Périgée:", "cp1252"), ("7384ª sesión", "cp1252"), ("Projets à effet", "cp1252")],
)
def test_short_legacy_texts(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "x")[0] == text


def test_utf16_without_bom_and_without_nul() -> None:
    for word in ("Введение", "الجنسية"):
        for codec in ("utf-16-le", "utf-16-be"):
            assert decode(word.encode(codec), "x")[0] == word


def test_utf8_file_with_a_few_legacy_lines() -> None:
    good = "\n".join([SAMPLES["fr"], SAMPLES["ru"], SAMPLES["ar"], SAMPLES["zh"]] * 3)
    data = good.encode() + b"\n" + "Déclaration finale".encode("cp1252")
    assert decode(data, "x") == (good + "\nDéclaration finale", "utf-8", False)


@pytest.mark.parametrize("lang", ["ar", "zh", "fr", "ru", "es"])
def test_utf8_with_one_bad_byte_stays_utf8_and_says_so(tmp_path: Path, lang: str) -> None:
    """One stray byte in a one-line UTF-8 file made it cp1252: "L’Assemblée" became "Lâ€™AssemblÃ©e"."""
    from hexaglot.read import read

    words = SAMPLES[lang].split(" ") if lang != "zh" else [SAMPLES[lang][:10], SAMPLES[lang][10:]]
    data = words[0].encode() + b" \xff " + " ".join(words[1:]).encode() + b"\n"
    text, name, _ = decode(data, "x.txt")
    assert name == "utf-8" and text == f"{words[0]} \ufffd {' '.join(words[1:])}\n"
    (tmp_path / "x.txt").write_bytes(data)
    doc = read(tmp_path / "x.txt")
    assert [w for w in doc.warnings if w.startswith("repaired encoding: 1 byte that is not UTF-8")], doc.warnings


@pytest.mark.parametrize("lang", ["ar", "fr", "ru", "es"])
def test_legacy_text_is_not_taken_for_damaged_utf8(lang: str) -> None:
    """Text in a code page has next to no valid UTF-8 sequences: it is still read in its code page."""
    text = SAMPLES[lang] + "\n" + SAMPLES[lang]
    assert decode(text.encode(LEGACY[lang]), "x.txt")[:2] == (text, LEGACY[lang])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["fr", "ru", "ar", "es"]).flatmap(sentences), st.integers(0, 10_000))
def test_a_bad_byte_anywhere_in_utf8_text_loses_no_letter(text: str, where: int) -> None:
    """In a line with UTF-8 letters beyond ASCII, one bad byte is replaced and nothing else changes."""
    data = text.encode()
    if sum(1 for ch in text if ord(ch) > 127) < 8:
        return
    k = where % (len(data) + 1)
    while 0 < k < len(data) and (data[k] & 0xC0) == 0x80:  # not inside a character
        k -= 1
    line = data[data.rfind(b"\n", 0, k) + 1:].split(b"\n", 1)[0].decode()
    if sum(1 for ch in line if ord(ch) > 127) < 2:  # a line of ASCII and one bad byte may be a code page's
        return
    out, name, _ = decode(data[:k] + b"\xff" + data[k:], "x.txt")
    assert name == "utf-8" and out.replace("\ufffd", "", 1) == text


def test_empty_input() -> None:
    assert decode(b"", "x") == ("", "utf-8", False)


def test_plausibility_prefers_the_right_code_page() -> None:
    ru = SAMPLES["ru"].encode("cp1251")
    assert plausibility(ru.decode("cp1251")) > plausibility(ru.decode("cp1252"))
    assert plausibility(ru.decode("cp1251")) > plausibility(ru.decode("cp1256"))


@given(lang=st.sampled_from(sorted(WORDS)), data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip_property(lang: str, data: st.DataObject) -> None:
    text = data.draw(sentences(lang))
    codecs_for = {"ru": ["cp1251"], "ar": ["cp1256"], "zh": ["gb18030"], "fr": ["cp1252"], "es": ["cp1252"]}
    for codec in ["utf-8", "utf-16-le", "utf-16-be", "utf-8-sig", *codecs_for[lang]]:
        assert decode(text.encode(codec), "x")[0] == text, codec


# --------------------------------------------------------------------------- binary


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"\x7fELF\x02\x01\x01\x00" + bytes(64),
        b"text with a NUL\x00 in the middle of it, which is not UTF-16 at all",
        bytes(range(1, 32)) * 20,
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    ],
)
def test_binary_is_rejected_with_one_line_reason(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode(data, "image.txt")
    assert err.value.reason == BINARY_REASON
    assert "\n" not in str(err.value)
    assert str(err.value) == f"image.txt: {BINARY_REASON}"


def test_random_bytes_are_binary() -> None:
    rng = __import__("random").Random(7)
    for _ in range(20):
        with pytest.raises(InputError):
            decode(bytes(rng.getrandbits(8) for _ in range(4000)), "noise.txt")


def test_urandom_is_binary() -> None:
    with pytest.raises(InputError):
        decode(os.urandom(10000), "noise.txt")


# --------------------------------------------------------------------------- mojibake


@pytest.mark.parametrize(
    ("bad", "good"),
    [("FranÃ§ais", "Français"), ("Ø§Ù\u0084Ø¹Ø±Ø¨Ù\u008aØ©", "العربية"), ("CÃ´te d'Ivoire", "Côte d'Ivoire"),
     ("Ð\xa0Ñ\x83Ñ\x81Ñ\x81ÐºÐ¸Ð¹", "Русский"), ("ä¸\xadæ\x96\x87", "中文"), ("TÃ¼rkiye", "Türkiye")],
)
def test_repair_known_mojibake(bad: str, good: str) -> None:
    assert repair_mojibake(bad) == (good, True)


def test_repair_leaves_correct_text_alone() -> None:
    for text in [*SAMPLES.values(), "plain ASCII", "«guillemets» – “quotes” … ½ °C ±", "Ñandú, São Tomé", ""]:
        assert repair_mojibake(text) == (text, False)


def test_mojibake_in_decoded_utf8_file() -> None:
    data = "Rapport de la CÃ´te d'Ivoire\nFranÃ§ais\n".encode()
    assert decode(data, "x") == ("Rapport de la Côte d'Ivoire\nFrançais\n", "utf-8", True)


def _marc_strings(corpus: Path) -> list[str]:
    from lxml import etree

    tree = etree.parse(str(corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"))
    found: set[str] = set()
    for el in tree.iter():
        for value in (el.text, el.tail, *el.attrib.values()):
            if value and not value.isascii():
                found.add(value)
    return sorted(found)


def test_undl_marc_strings_are_all_repaired(corpus: Path) -> None:
    strings = _marc_strings(corpus)
    assert len(strings) >= 20
    repaired = []
    for s in strings:
        fixed, changed = repair_mojibake(s)
        assert changed, s
        assert fixed == s.encode("latin-1").decode("utf-8")  # the ground truth per PROVENANCE.md
        repaired.append(fixed)
    expected: set[str] = set()

    def walk(v: object) -> None:
        if isinstance(v, str) and not v.isascii():
            expected.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    jsonl = corpus / "undl_marc" / "records_summary.odd_records.jsonl"
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        walk(json.loads(line))
    assert expected
    for want in expected:  # every repaired value of the summary occurs in a repaired XML string
        assert any(want in r for r in repaired), want


def test_undl_marc_file_decodes_with_repair(corpus: Path) -> None:
    data = (corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml").read_bytes()
    text, name, repaired = decode(data, "marc.xml")
    assert (name, repaired) == ("utf-8", True)
    assert "Côte d'Ivoire" in text and "العربية" in text and "CÃ´te" not in text


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_unpc_files_never_change(corpus: Path, lang: str) -> None:
    data = (corpus / "unpc_devset_6way" / f"dev.{lang}").read_bytes()
    text, name, repaired = decode(data, "dev")
    assert (text, name, repaired) == (data.decode("utf-8"), "utf-8", False)
    for line in text.splitlines():
        assert repair_mojibake(line) == (line, False)


@pytest.mark.parametrize("lang", ["ar", "zh", "fr", "ru", "es"])
def test_unpc_files_in_legacy_code_pages(corpus: Path, lang: str) -> None:
    text = (corpus / "unpc_devset_6way" / f"dev.{lang}").read_text(encoding="utf-8")
    codec = LEGACY[lang]
    data = text.encode(codec, errors="replace")
    decoded, name, _ = decode(data, "dev")
    assert name == codecs.lookup(codec).name
    assert decoded == data.decode(codec)


@given(lang=st.sampled_from(sorted(WORDS)), data=st.data())
@settings(max_examples=150, deadline=None)
def test_mojibake_property(lang: str, data: st.DataObject) -> None:
    text = data.draw(sentences(lang, min_words=1))
    assert repair_mojibake(text) == (text, False)  # correct text is never changed
    if text.isascii():
        return
    broken = text.encode("utf-8").decode("latin-1")
    assert repair_mojibake(broken) == (text, True)
    try:
        broken = text.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return
    assert repair_mojibake(broken) == (text, True)


def test_no_heavy_imports_at_import_time() -> None:
    import subprocess
    import sys

    code = ("import sys, hexaglot.read.encoding, hexaglot.read.txt; "
            "assert not {'ftfy', 'charset_normalizer', 'lingua'} & set(sys.modules), sys.modules.keys()")
    subprocess.run([sys.executable, "-c", code], check=True)


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_bytes_decode_or_input_error(data: bytes) -> None:
    try:
        text, name, _ = decode(data, "fuzz")
    except InputError as err:
        assert err.reason == BINARY_REASON
    else:
        assert isinstance(text, str) and codecs.lookup(name)


@pytest.mark.parametrize("text", ["すべての人間は、生まれながらにして自由であり", "모든 인간은 태어날 때부터 자유로우며",
                                  "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι", "כל בני האדם נולדו בני חורין",
                                  "データの管理について", "コンピューターとデータ", "人々の権利"])
def test_short_utf8_in_another_script_stays_utf8(text: str) -> None:
    """Short UTF-8 in Japanese, Korean or Greek was re-read as cp1256 or GB18030 (garbled Arabic or
    Chinese): a text whose every word is in one script is UTF-8."""
    assert decode(text.encode("utf-8"), "x")[:2] == (text, "utf-8")


@pytest.mark.parametrize("text", ["状态", "同时", "支援", "症状", "专注", "系指", "女童"])
def test_short_gb18030_that_reads_as_utf8_by_chance_stays_chinese(text: str) -> None:
    """Legacy bytes that happen to be valid UTF-8 read as one Hebrew or Cyrillic letter, or a mark after a
    sign ("״̬" for 状态): too few letters, or a mark after no letter, to be taken for UTF-8 text."""
    assert decode(text.encode("gb18030"), "x")[:2] == (text, "gb18030")
