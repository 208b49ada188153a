"""The seed letter parses to every field of its hand annotation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hexaglot.parse import summary
from hexaglot.pipeline import process

SEED = "seed/letter-2003-06-04.fr.txt"
GOLD = "seed/letter-2003-06-04.fr.gold.json"


@pytest.fixture(scope="module")
def parsed(corpus: Path) -> tuple[dict, dict]:
    doc = process(corpus / SEED)
    return summary(doc), json.loads((corpus / GOLD).read_text(encoding="utf-8"))


PARAGRAPH = ("paragraph", "list_item")
SCALARS = ["language", "doc_type", "date", "session", "agenda_list", "addressee"]
LISTS = ["symbols", "organs", "agenda_items", "references", "sender_countries", "signatories", "footnotes",
         "dates_mentioned", "persons_mentioned"]


@pytest.mark.parametrize("field", SCALARS + LISTS)
def test_field_matches_gold(parsed: tuple[dict, dict], field: str) -> None:
    got, gold = parsed
    assert got[field] == gold[field], field


def test_date_comes_from_the_annex_heading(parsed: tuple[dict, dict]) -> None:
    got, _ = parsed
    assert got["sources"]["date"] == "annex_heading"


def test_no_title_is_invented(parsed: tuple[dict, dict]) -> None:
    got, gold = parsed
    assert "title" not in gold and got["title"] is None


def test_body_and_annexes(parsed: tuple[dict, dict]) -> None:
    from hexaglot.segment import split

    got, gold = parsed
    # body holds every prose block of the main text; the gold counts paragraphs (titles and
    # signature blocks excluded), which body_labels tells apart
    paras = [p for p, lab in zip(got["body"], got["body_labels"], strict=True) if lab in PARAGRAPH]
    assert len(paras) == gold["body"]["paragraphs"]
    assert sum(len(split(p, "fr")) for p in paras) == gold["body"]["sentences"]
    assert [a["label"] for a in got["annexes"]] == [a["label"] for a in gold["annexes"]]
    for mine, want in zip(got["annexes"], gold["annexes"], strict=True):
        assert mine["title"] == want["title"]
        paras = [p for p, lab in zip(mine["paragraphs"], mine["labels"], strict=True) if lab in PARAGRAPH]
        assert len(paras) == want["paragraphs"]
        sentences = [s for p in paras for s in split(p, "fr")]
        assert len(sentences) == want["sentences"]
        assert sentences[0] == want["first_sentence"]
