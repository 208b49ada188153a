"""Rows of the side-by-side reader over three versions (store.browse.compose_rows)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from archive_helpers import demo_arch, demo_archive_dir, demo_client  # noqa: F401 (fixtures)
from hexaglot.store.browse import compose_rows


def _beads(draw: st.DrawFn, pivot: list[int], base: int) -> list[tuple[list[int], list[int], float]]:
    """A monotone, complete alignment of the pivot ids with made-up ids of another version."""
    out, k, t = [], 0, base
    while k < len(pivot):
        if draw(st.booleans()):  # a sentence of this version aligned to no pivot sentence
            out.append(([], [t], draw(st.floats(0, 1))))
            t += 1
        if draw(st.booleans()):  # a pivot sentence without counterpart
            out.append(([pivot[k]], [], draw(st.floats(0, 1))))
            k += 1
            continue
        a, b = draw(st.integers(1, min(2, len(pivot) - k))), draw(st.integers(1, 2))
        out.append((pivot[k:k + a], list(range(t, t + b)), draw(st.floats(0, 1))))
        k, t = k + a, t + b
    if draw(st.booleans()):
        out.append(([], [t], draw(st.floats(0, 1))))
    return out


@st.composite
def pairs(draw: st.DrawFn) -> list[list[tuple[list[int], list[int], float]]]:
    pivot = list(range(draw(st.integers(1, 12))))
    return [_beads(draw, pivot, 100 * (v + 1)) for v in range(draw(st.integers(1, 3)))]


@given(pairs())
def test_every_sentence_is_in_one_row_in_order_and_no_bead_is_cut(ps: list) -> None:
    rows = compose_rows(ps)
    pivot = [i for p, _, _ in rows for i in p]
    assert pivot == sorted({i for s, _, _ in ps[0] for i in s})
    for v, beads in enumerate(ps):
        got = [i for _, ts, _ in rows for i in ts[v]]
        assert got == [i for _, t, _ in beads for i in t]  # each version's sentences, once, in order
        where = {i: r for r, (p, ts, _) in enumerate(rows) for i in (*p, *ts[v])}
        for s, t, score in beads:  # a bead never spans two rows, and its row's score is at most its own
            assert len({where[i] for i in (*s, *t)}) <= 1
            if s or t:
                assert rows[where[(s or t)[0]]][2] <= score
    assert all(p or any(ts) for p, ts, _ in rows)


@given(st.lists(st.sampled_from(["pivot", "null", "1-1", "1-2"]), max_size=12))
def test_with_two_versions_every_bead_is_a_row(kinds: list[str]) -> None:
    """Two versions: a row per bead, as before rows were composed (two 0-1 beads side by side were one row)."""
    beads, p, t = [], 0, 100
    for kind in kinds:
        s = [p] if kind != "null" else []
        tt = {"pivot": 0, "null": 1, "1-1": 1, "1-2": 2}[kind]
        beads.append((s, list(range(t, t + tt)), 0.5))
        p, t = p + len(s), t + tt
    assert compose_rows([beads]) == [(s, [t], score) for s, t, score in beads]


def test_a_pivot_sentence_only_a_later_pair_holds_keeps_its_place() -> None:
    rows = compose_rows([[([1], [10], 1.0), ([3], [12], 1.0)], [([1], [20], 1.0), ([2], [21], 1.0), ([3], [22], 1.0)]])
    assert [p for p, _, _ in rows] == [[1], [2], [3]]


def test_a_bead_joining_pivot_sentences_joins_their_rows_in_every_version() -> None:
    """UDHR en, ar, zh: Chinese has one sentence for "Now, therefore," + "The General Assembly" +
    "Proclaims...", Arabic two beads over them: the Chinese stood in the first row, the others' were empty."""
    en_ar = [([1], [11], 0.9), ([2, 3], [12], 0.8), ([4], [13], 0.9)]
    en_zh = [([1, 2, 3], [21], 0.7), ([4], [], 0.2), ([], [22], 0.3)]
    rows = compose_rows([en_ar, en_zh])
    assert rows == [([1, 2, 3], [[11, 12], [21]], 0.7), ([4], [[13], []], 0.2), ([], [[], [22]], 0.3)]


def test_two_versions_aligned_to_each_other_where_the_pivot_has_nothing_share_a_row() -> None:
    """UDHR ar, en, zh: the Arabic lacks the "friendly relations" recital; English and Chinese align
    it 1-1 (0.997) but stood in two rows, each with a blank, at the null beads' 0.72."""
    ar_en = [([1], [11], 0.9), ([], [12], 0.72), ([2], [13], 0.9)]
    ar_zh = [([1], [21], 0.9), ([], [22], 0.72), ([2], [23], 0.9)]
    en_zh = [([11], [21], 0.99), ([12], [22], 0.997), ([13], [23], 0.99)]
    rows = compose_rows([ar_en, ar_zh], lambda v, w: en_zh if (v, w) == (0, 1) else [])
    assert rows == [([1], [[11], [21]], 0.9), ([], [[12], [22]], 0.997), ([2], [[13], [23]], 0.9)]
    # not aligned to each other (each version's own addition): two rows, as before
    assert len(compose_rows([ar_en, ar_zh], lambda v, w: [])) == 4
    # a link that would put a version out of its order is not taken
    ar_en2 = [([], [12], 0.5), ([], [14], 0.5), ([1], [11], 0.9)]
    ar_zh2 = [([], [22], 0.5), ([], [24], 0.5), ([1], [21], 0.9)]
    crossing = [([12], [24], 0.8), ([14], [22], 0.8)]
    rows = compose_rows([ar_en2, ar_zh2], lambda v, w: crossing)
    for v in (0, 1):
        got = [i for _, ts, _ in rows for i in ts[v]]
        assert got == [i for _, t, _ in (ar_en2, ar_zh2)[v] for i in t]


@given(pairs(), st.data())
def test_links_keep_every_sentence_once_and_in_order(ps: list, data: st.DataObject) -> None:
    gap = {v: [i for s, t, _ in beads if not s for i in t] for v, beads in enumerate(ps)}

    def links(v: int, w: int) -> list:
        a, b = gap[v], gap[w]
        pick = data.draw(st.lists(st.tuples(st.sampled_from(a), st.sampled_from(b)), max_size=4)) if a and b else []
        return [([x], [y], 0.5) for x, y in pick]

    rows = compose_rows(ps, links)
    for v, beads in enumerate(ps):
        assert [i for _, ts, _ in rows for i in ts[v]] == [i for _, t, _ in beads for i in t]
    assert all(p or any(ts) for p, ts, _ in rows)


def test_the_reader_reads_the_two_versions_own_alignment_where_the_pivot_has_nothing(arch, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Archive.aligned_rows asks the stored en-zh beads for the rows the Arabic pivot lacks (the beads
    stand in for a document's stored alignments)."""
    from hexaglot.store import browse

    stored = {("ar", "en"): [([1], [11], 0.9), ([], [12], 0.72)], ("ar", "zh"): [([1], [21], 0.9), ([], [22], 0.72)],
              ("en", "zh"): [([11], [21], 0.99), ([12], [22], 0.997)]}
    monkeypatch.setattr(browse, "_beads", lambda c, doc_id, a, b: stored[a, b])
    _, rows = arch.aligned_rows("udhr", ["ar", "en", "zh"])
    assert [([c.ids for c in r.cells]) for r in rows] == [[[1], [11], [21]], [[], [12], [22]]]
    assert rows[1].score == 0.997


def test_the_reader_with_three_versions_keeps_the_chinese_proclamation_with_its_english(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/read", params={"symbol": "udhr", "langs": "en,ar,zh"}).text
    rows = re.findall(r'<div class="row[^"]*" role="row" data-k="\d+".*?</div>\s*</div>', page, re.S)
    for row in rows:
        zh = re.search(r'data-lang="zh"[^>]*>([^<]*)</div>', row)
        en = re.search(r'data-lang="en"[^>]*>([^<]*)</div>', row)
        if zh and "发布这一世界人权宣言" in zh.group(1):
            assert en and "Proclaims this Universal Declaration" in en.group(1), row
            break
    else:
        raise AssertionError("no row holds the Chinese proclamation")


def test_an_empty_cell_says_no_sentence_is_aligned_there() -> None:
    """A version without a counterpart for a row (the Arabic UDHR lacks one preamble paragraph) had a
    blank cell."""
    from types import SimpleNamespace

    from hexaglot.serve.http.web import _env
    from hexaglot.store.browse import Cell, Row

    rows = [Row(k=0, cells=[Cell("en", [1], "Whereas it is essential..."), Cell("ar", [], "")], score=0.3)]
    d = SimpleNamespace(symbol=None, id="udhr", title=None)
    request = SimpleNamespace(url=SimpleNamespace(path="/read"), query_params={})
    page = _env.get_template("reader.html").render(request=request, path="/read", d=d, langs=["en", "ar"], rows=rows,
                                                   tables_before={}, notes=[])
    assert not re.search(r'class="cell sent"[^>]*></div>', page)
    assert re.search(r'data-lang="ar"[^>]*><span class="none" title="no sentence of this version is aligned here">—', page)
