"""Lone clause fragments join the bead they introduce (align/fragments.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hexaglot.align.calibrate import Evidence
from hexaglot.align.fragments import fragment_joins, is_fragment, join_evidence, join_path
from hexaglot.align.posterior import Posteriors


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
    joins = fragment_joins(path, src, tgt)
    assert joins == [1]
    assert join_path(path, joins) == [(1, 1, 0.1), (2, 1, 0.6000000000000001), (1, 1, 0.1)]


def test_the_joined_bead_has_the_two_beads_evidence() -> None:
    """Not the evidence of a bead the DP did not choose: its near-zero posterior made the right
    neighbours of the joined bead look doubtful to the calibration (UDHR en-fr: p 0.98 -> 0.01)."""
    ev = Evidence(margin=[0.5, 0.3, 0.6, 0.9], agree=[True, False, True, True],
                  posterior=Posteriors([0.99, 0.97, 0.95, 0.9], [1.0, 0.98, 0.97, 0.96], [0.98, 0.97, 0.96, 0.95]),
                  length=[0.1, 0.0, 0.2, 0.3], lexical=[True, True, False, True], matched=(3, 4))
    out = join_evidence(ev, [1])
    assert out.margin == [0.5, 0.3, 0.9] and out.agree == [True, False, True]
    assert out.posterior == Posteriors([0.99, 0.95, 0.9], [1.0, 0.98, 0.96], [0.98, 0.96, 0.95])
    assert out.lexical == [True, False, True] and out.matched == (3, 4)
    assert ev.margin == [0.5, 0.3, 0.6, 0.9]  # the input is left as it was


def test_a_target_fragment_and_the_cases_left_alone() -> None:
    src = ["Il a dit.", "Puis il est parti."]
    tgt = ["He said.", "Then,", "he left."]
    path = [(1, 1, 0.1), (0, 1, 0.3), (1, 1, 0.2)]
    assert join_path(path, fragment_joins(path, src, tgt)) == [(1, 1, 0.1), (1, 2, 0.5)]
    # followed by another lone bead, or last: unchanged
    assert fragment_joins([(1, 1, 0.1), (0, 1, 0.3), (1, 0, 0.2)], ["a.", "b."], ["x.", "Then,"]) == []
    assert fragment_joins([(1, 1, 0.1), (0, 1, 0.3)], ["a."], ["x.", "Then,"]) == []
    # a lone sentence that is no fragment stays alone
    assert fragment_joins([(1, 0, 0.3), (1, 1, 0.2)], ["A whole sentence.", "b."], ["y."]) == []


beads = st.lists(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)]), min_size=1, max_size=12)


@given(beads, st.lists(st.booleans(), min_size=30, max_size=30))
def test_joining_keeps_the_path_complete(types: list[tuple[int, int]], frag: list[bool]) -> None:
    n = sum(a for a, _ in types)
    m = sum(b for _, b in types)
    src = ["So," if frag[i % 30] else "A sentence of its own." for i in range(n)]
    tgt = ["Alors," if frag[(j + 7) % 30] else "Une phrase." for j in range(m)]
    path = [(a, b, 0.25) for a, b in types]
    joins = fragment_joins(path, src, tgt)
    out = join_path(path, joins)
    assert sum(a for a, _, _ in out) == n and sum(b for _, b, _ in out) == m
    assert abs(sum(c for _, _, c in out) - 0.25 * len(path)) < 1e-9
    assert len(out) == len(path) - len(joins) and all(a + b > 0 for a, b, _ in out)
    k = len(path)
    ev = Evidence(margin=[1.0] * k, agree=[True] * k, posterior=Posteriors([0.5] * k, [0.5] * k, [0.5] * k))
    joined = join_evidence(ev, joins)
    assert len(joined.margin) == len(joined.agree) == len(joined.posterior.bead) == len(out)
