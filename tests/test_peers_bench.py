"""bench/peers.py: its loaders, Hunalign's input/output conversion and the scoring it reuses, on tiny inputs.

The bench itself (building the peers, encoding, timing) is run by hand, never here.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from hexaglot.align.evaluate import score

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def peers() -> ModuleType:
    mp = pytest.MonkeyPatch()
    mp.syspath_prepend(str(BENCH))
    import peers as mod  # the bench module (numba functions compile only when called)

    yield mod
    mp.undo()


def test_ladder_to_beads_and_f1(peers: ModuleType) -> None:
    # rungs 0-0, 1-2, 3-3: a 1-2 bead, then a 2-1 bead; hunalign leaves out the first and last rung at times
    beads = peers.ladder_beads("0\t0\t0.4\n1\t2\t0.3\n", 3, 3)
    assert beads == [((0,), (0, 1)), ((1, 2), (2,))]
    assert score(beads, beads).scores()["f1"] == 1.0
    split = [((0,), (0,)), ((), (1,)), ((1, 2), (2,))]
    sc = score(split, beads).scores()
    assert sc["p"] == 0.5 and sc["r"] == 0.5 and sc["lax_f1"] == 1.0


def test_hunalign_tokens_one_per_han_character(peers: ModuleType) -> None:
    assert peers.hunalign_tokens("人人生而自由，Menschenrechte 1948.") == "人 人 生 而 自 由 ， mensc 1948 ."
    line = peers.hunalign_dictionary("zh", "en")
    assert all(" @ " in x for x in line[:100])


def test_bertalign_overlaps_and_window(peers: ModuleType) -> None:
    import peer_bertalign as pb

    assert pb.overlaps(["a", "b", " c "], 2) == [["a", "b", "c"], ["PAD", "a b", "b c"]]
    width, path = pb.second_search_path([(1, 1), (2, 3)], 1, 3, 3)
    # the last anchor (2, 3) ends the target before the source: it is replaced by (3, 3), as in Bertalign
    assert path.tolist() == [[0, 2], [0, 2], [0, 3], [0, 3]] and width == 4
    assert [tuple(t) for t in pb.alignment_types(3)] == [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]


def test_sets_load_with_gold_in_range(peers: ModuleType, corpus: Path) -> None:
    tasks = peers.tasks(["udhr", "mac"], [], corpus)
    assert [t.set for t in tasks] == ["UDHR en-ar", "UDHR en-zh", "UDHR en-fr", "UDHR en-ru", "UDHR en-es",
                                      "MAC dev"]
    for t in tasks:
        for d in t.docs:
            assert all(i < len(d.src) for s, _ in d.gold for i in s)
            assert all(j < len(d.tgt) for _, tg in d.gold for j in tg)
    (unpc,) = peers.unpc_docs(["zh-en"], corpus)
    (d,) = unpc.docs
    assert sorted(i for s, _ in d.gold for i in s) == list(range(len(d.src)))
    assert sorted(j for _, tg in d.gold for j in tg) == list(range(len(d.tgt)))
    with pytest.raises(SystemExit, match="unknown UNPC pair en-zh"):
        peers.unpc_docs(["en-zh"], corpus)
