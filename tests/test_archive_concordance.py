"""The concordance returns the gold-aligned counterpart as the top pair (tests built from gold files).

UNPC dev (six-way, line-parallel by construction) and the UDHR (aligned here by the aligner, gold in
``udhr/gold``) in all 15 language pairs; Text+Berg de→fr and MAC zh→en aligned by the aligner.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from archive_helpers import LANGS6, parallel_archive, phrase_of, read_gold  # noqa: F401
from hexaglot.errors import ConfigError

PAIRS = list(combinations(LANGS6, 2))


def _unpc_lines(corpus: Path) -> dict[str, list[str]]:
    d = corpus / "unpc_devset_6way"
    return {x: (d / f"dev.{x}").read_text(encoding="utf-8").split("\n") for x in LANGS6}


def _check(a, query: str, src: str, tgt: str, gold_tgt: str) -> bool:  # type: ignore[no-untyped-def]
    lines = a.concordance(query, src=src, tgt=tgt, limit=3)
    return bool(lines) and gold_tgt.strip() in lines[0].target


@pytest.mark.parametrize(("src", "tgt"), PAIRS)
def test_unpc_every_language_pair(parallel_archive, corpus: Path, src: str, tgt: str) -> None:  # noqa: F811
    lines = _unpc_lines(corpus)
    tried = ok = 0
    for i in range(0, 2000, 97):  # a fixed spread of sentences over the set
        q = phrase_of(lines[src][i], src)
        if q is None:
            continue
        tried += 1
        ok += _check(parallel_archive, q, src, tgt, lines[tgt][i])
        if tried == 6:
            break
    assert tried == 6 and ok >= 5, f"{src}->{tgt}: {ok}/{tried}"


def _udhr(corpus: Path) -> tuple[dict[str, list[str]], dict[str, dict[int, int]]]:
    base = corpus / "un_parallel_docs" / "udhr"
    text = {x: (base / "text" / f"udhr.{x}.txt").read_text(encoding="utf-8").splitlines() for x in LANGS6}
    one_to_one: dict[str, dict[int, int]] = {"en": {i: i for i in range(len(text["en"]))}}
    for x in LANGS6:
        if x != "en":
            beads = read_gold(base / "gold" / f"udhr.en-{x}.align")
            one_to_one[x] = {s[0]: t[0] for s, t in beads if len(s) == 1 and len(t) == 1}
    return text, one_to_one


@pytest.mark.parametrize(("src", "tgt"), PAIRS)
def test_udhr_every_language_pair(parallel_archive, corpus: Path, src: str, tgt: str) -> None:  # noqa: F811
    text, map11 = _udhr(corpus)
    tried = ok = 0
    for en_line in range(20, 92, 7):  # articles: the preamble differs between languages
        if en_line not in map11[src] or en_line not in map11[tgt]:
            continue
        s_line, t_line = map11[src][en_line], map11[tgt][en_line]
        q = phrase_of(text[src][s_line], src)
        if q is None:
            continue
        tried += 1
        ok += _check(parallel_archive, q, src, tgt, text[tgt][t_line])
    assert tried >= 5 and ok >= tried - 1, f"{src}->{tgt}: {ok}/{tried}"


def _gold_pairs(src_file: Path, tgt_file: Path, gold: Path, src_lang: str) -> list[tuple[str, str]]:
    s = src_file.read_text(encoding="utf-8").splitlines()
    t = tgt_file.read_text(encoding="utf-8").splitlines()
    out = []
    for a, b in read_gold(gold):
        if len(a) == 1 and len(b) == 1 and phrase_of(s[a[0]], src_lang):
            out.append((s[a[0]], t[b[0]]))
    return out


def test_textberg_de_fr(parallel_archive, corpus: Path) -> None:  # noqa: F811
    d = corpus / "textberg_de_fr" / "dev"
    pairs = _gold_pairs(d / "dev.de", d / "dev.fr", d / "dev.defr", "de")[::20][:10]
    ok = sum(_check(parallel_archive, phrase_of(s, "de") or "", "de", "fr", t) for s, t in pairs)
    assert len(pairs) == 10 and ok >= 9, f"{ok}/10"


def test_mac_zh_en(parallel_archive, corpus: Path) -> None:  # noqa: F811
    d = corpus / "mac_zh_en" / "dev"
    pairs = _gold_pairs(d / "zh" / "001.zh", d / "en" / "001.en", d / "gold" / "001.align", "zh")[::15][:10]
    ok = sum(_check(parallel_archive, phrase_of(s, "zh") or "", "zh", "en", t) for s, t in pairs)
    assert len(pairs) == 10 and ok >= 8, f"{ok}/10"


def test_kwic_fields_and_sorting(parallel_archive) -> None:  # noqa: F811
    lines = parallel_archive.concordance("dignité", src="fr", tgt="ru", limit=10, sort="score")
    assert lines and all(line.match.lower().startswith("dignit") for line in lines)
    assert all(line.left + line.match + line.right in line.source for line in lines)
    assert [x.score for x in lines] == sorted((x.score for x in lines), reverse=True)
    by_date = parallel_archive.concordance("sécurité", src="fr", tgt="en", limit=10, sort="date")
    dates = [x.date or "" for x in by_date]
    assert dates == sorted(dates, reverse=True)
    with pytest.raises(ConfigError, match="not between 0 and 1"):  # a score is a probability
        parallel_archive.concordance("dignité", src="fr", tgt="ru", min_score=1.01)
    filtered = parallel_archive.concordance("sécurité", src="fr", tgt="en", organ="SC", limit=50)
    assert filtered and all(x.doc_id.startswith("UNPC:2015/s/") for x in filtered)
