"""Running text before labels (hexaglot.search.rank): a one-word search found the table cells
"Budget class" before the sentences about the budget, and a search by meaning the headings
"Budget implementation" before the sentence that says what the query says.

The archive is one English report's units, typed by kind (sentences, headings, table cells, a short
list item), taken from A/80/596 and A/80/604/Add.3 (shared corpus, un_reports_en), ingested as
pre-segmented text in a tmp folder; the meaning tests give it vectors with :meth:`Archive.embed`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import hexaglot.archive
from hexaglot.ingest.parallel import ParallelDoc
from hexaglot.store.records import SentenceData, VersionData

UNITS: list[tuple[str, str]] = [
    ("title", "B. Budget implementation"),
    ("title", "B. Budget implementation for 2024/25"),
    ("title", "D. Results-based budgeting frameworks"),
    ("title", "B. Non-budgeted contributions"),
    ("prose", "Decreases are proposed under all categories of the proposed budget (see table below)."),
    ("prose", "The vacancy factors take into account the high number of abolishments included in the proposed "
              "budget for 2026/27."),
    ("prose", "The proposed decrease reflects reduced requirements under all budget classes, with the exception "
              "of consultants and consulting services."),
    ("prose", "The budget proposed for the 2026/27 period in the amount of $61.6 million represents a decrease of "
              "$8.0 million, or 11.4 per cent, compared with the apportionment of $69.6 million approved for the "
              "2025/26 period."),
    ("prose", "The Advisory Committee acknowledges the continued non-budgeted contributions to UNDOF."),
    ("prose", "Budget and Finance Section"),  # a list item: stored as prose, a label all the same
    ("prose", "The Force continued to patrol the area of separation and to maintain liaison with both parties."),
    ("footnote", "The results-based budgeting outputs are available for consultation on the Umoja Analytics "
                 "platform."),
    *[("cell", text) for text in ("Budget class", "Budget class", "Budgeted 2024/25", "Budgeted 2025/26",
                                  "Proposed budget – Secretary-General", "Total", "Total", "Military personnel",
                                  "Civilian personnel", "Operational costs", "2 170.4", "1 953.1")],
]


class _KindsDoc(ParallelDoc):
    """Pre-segmented text whose units have their kinds (a ParallelDoc's are all prose)."""

    def versions(self, langs: Sequence[str] | None = None) -> list[VersionData]:
        kinds = [k for k, _ in UNITS]
        out = super().versions(langs)
        for v in out:
            v.sentences = [SentenceData(s.text, kind=k) for s, k in zip(v.sentences, kinds, strict=True)]
        return out


@pytest.fixture(scope="module")
def arch(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("rank") / "archive"
    doc = _KindsDoc(doc_id="report", texts={"en": [t for _, t in UNITS]}, paths={"en": "report.en"},
                    shas={"en": "1"}, aligned=True)
    with hexaglot.archive.create(path) as a:
        report = a.ingest_parallel([doc], embeddings=False)
        assert not report.errors, report.errors
        a.embed()
    with hexaglot.archive.open(path) as a:
        yield a


def _ranking(res) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(h.kind, h.text) for h in res.hits]


# -- words --------------------------------------------------------------------------------------------

def test_one_word_finds_the_sentences_before_the_cells_and_headings(arch) -> None:  # type: ignore[no-untyped-def]
    res = arch.search("budget", limit=50, facets=False)
    ranking = _ranking(res)
    running = [i for i, (kind, text) in enumerate(ranking) if kind in ("prose", "footnote") and len(text.split()) >= 5]
    labels = [i for i, (kind, _) in enumerate(ranking) if kind in ("cell", "title")]
    assert res.total == len(ranking) == 16 and len(running) == 6
    assert max(running) < min(labels), ranking  # every sentence holding the word before every label
    assert ranking.index(("prose", "Budget and Finance Section")) > max(running)  # a list item is a label too
    assert [h.score for h in res.hits] == sorted((h.score for h in res.hits), reverse=True)


def test_a_query_that_spells_a_label_out_still_finds_it_first(arch) -> None:  # type: ignore[no-untyped-def]
    assert _ranking(arch.search("budget class", limit=3, facets=False)) == [("cell", "Budget class")] * 2 + [
        ("prose", UNITS[6][1])]
    assert _ranking(arch.search("total", limit=2, facets=False)) == [("cell", "Total")] * 2
    # its list marker is not one of its words
    assert _ranking(arch.search("budget implementation", limit=1, facets=False)) == [("title", UNITS[0][1])]


def test_a_kind_filter_ranks_by_relevance_alone(arch) -> None:  # type: ignore[no-untyped-def]
    cells = _ranking(arch.search("budget", kind="cell", limit=2, facets=False))
    assert cells == [("cell", "Budget class")] * 2
    titles = arch.search("budget", kind="titles", limit=10, facets=False)
    assert titles.total == 4 and {h.kind for h in titles.hits} == {"title"}
    assert titles.hits[0].text == UNITS[0][1]  # the shortest, as BM25 has it


@pytest.mark.parametrize("query", ["budget", "budget OR personnel", "proposed", "budget*"])
def test_a_shorter_list_is_the_head_of_a_longer_one(arch, query: str) -> None:  # type: ignore[no-untyped-def]
    """The prior is applied to the hits read from the index; reading fewer never changes the order."""
    full = [h.score for h in arch.search(query, limit=100, facets=False).hits]
    for k in range(1, len(full) + 1):
        assert [h.score for h in arch.search(query, limit=k, facets=False).hits] == pytest.approx(full[:k]), k


# -- meaning ------------------------------------------------------------------------------------------

def test_meaning_ranks_the_sentences_before_the_headings_on_their_subject(arch) -> None:  # type: ignore[no-untyped-def]
    res = arch.search("the budget proposed represents a decrease", mode="meaning", limit=10)
    kinds = [h.kind for h in res.hits]
    # the heading "B. Budget implementation" (cosine 0.56) came second, before this sentence (0.535)
    assert kinds[:2] == ["prose"] * 2 and res.hits[1].text == UNITS[5][1], _ranking(res)
    # the hits are the same, shown with their cosine (which the floor speaks of): the order only changes
    assert all(h.score >= res.floor for h in res.hits)
    assert [h.score for h in res.hits if h.kind == "prose"] == sorted(
        (h.score for h in res.hits if h.kind == "prose"), reverse=True)


def test_meaning_keeps_a_heading_the_query_spells_out_first(arch) -> None:  # type: ignore[no-untyped-def]
    res = arch.search("Budget implementation", mode="meaning", limit=3)
    assert _ranking(res)[0] == ("title", UNITS[0][1])
