"""Lone clause fragments join the bead they introduce (align/fragments.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hexaglot.align.fragments import is_fragment, join_fragments


def test_what_is_a_fragment() -> None:
    assert is_fragment("Now, therefore,")
    assert is_fragment("  Accordingly, ")
    assert is_fragment("因此，")
    assert is_fragment("وعليه،")
    assert not is_fragment("Now, therefore")  # no comma at the end
    assert not is_fragment("The General Assembly,")  # three words: an organ's line of its own
    assert not is_fragment("不扩散核武器条约缔约国审议大会，")  # 15 ideographs: a line with a counterpart
    assert not is_fragment("Porschestr. 7 , D-5090 Leverkusen 3 ,")
    assert not is_fragment("")


def test_a_lone_fragment_joins_the_next_bead() -> None:
    src = ["Whereas this,", "Now, therefore,", "The General Assembly", "Proclaims."]
    tgt = ["Considérant,", "L'Assemblée générale", "Proclame."]
    path = [(1, 1, 0.1), (1, 0, 0.4), (1, 1, 0.2), (1, 1, 0.1)]
    out, margins, joined = join_fragments(path, src, tgt, [0.5, 0.1, 0.3, 0.6])
    assert joined
    assert out == [(1, 1, 0.1), (2, 1, 0.6000000000000001), (1, 1, 0.1)]
    assert margins == [0.5, 0.0, 0.6]


def test_a_target_fragment_and_the_cases_left_alone() -> None:
    src = ["Il a dit.", "Puis il est parti."]
    tgt = ["He said.", "Then,", "he left."]
    out, _, joined = join_fragments([(1, 1, 0.1), (0, 1, 0.3), (1, 1, 0.2)], src, tgt)
    assert joined and out == [(1, 1, 0.1), (1, 2, 0.5)]
    # followed by another lone bead, or last: unchanged
    path = [(1, 1, 0.1), (0, 1, 0.3), (1, 0, 0.2)]
    assert join_fragments(path, ["a.", "b."], ["x.", "Then,"], None) == (path, None, False)
    path = [(1, 1, 0.1), (0, 1, 0.3)]
    assert join_fragments(path, ["a."], ["x.", "Then,"], None) == (path, None, False)
    # a lone sentence that is no fragment stays alone
    path = [(1, 0, 0.3), (1, 1, 0.2)]
    assert join_fragments(path, ["A whole sentence.", "b."], ["y."], None)[2] is False


beads = st.lists(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)]), min_size=1, max_size=12)


@given(beads, st.lists(st.booleans(), min_size=30, max_size=30))
def test_joining_keeps_the_path_complete(types: list[tuple[int, int]], frag: list[bool]) -> None:
    n = sum(a for a, _ in types)
    m = sum(b for _, b in types)
    src = ["So," if frag[i % 30] else "A sentence of its own." for i in range(n)]
    tgt = ["Alors," if frag[(j + 7) % 30] else "Une phrase." for j in range(m)]
    path = [(a, b, 0.25) for a, b in types]
    out, margins, joined = join_fragments(path, src, tgt, [1.0] * len(path))
    assert sum(a for a, _, _ in out) == n and sum(b for _, b, _ in out) == m
    assert abs(sum(c for _, _, c in out) - 0.25 * len(path)) < 1e-9
    assert margins is not None and len(margins) == len(out)
    assert joined == (len(out) < len(path))
    assert all(a + b > 0 for a, b, _ in out)
