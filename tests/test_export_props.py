"""Property tests: any text survives a TMX and an XML round trip (minus what XML 1.0 forbids)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from hexaglot.export import get_exporter
from hexaglot.export.base import xml_safe
from hexaglot.export.xml import read_pairs
from hexaglot.store.records import Pair

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)


def _pairs(items: list[tuple[str, str]]) -> list[Pair]:
    return [Pair(doc_id=f"d/{i % 3}", symbol="A/1", date="2003", src_lang="fr", tgt_lang="zh", src=s, tgt=t,
                 score=0.5, src_ids=[i], tgt_ids=[i]) for i, (s, t) in enumerate(items)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(text, text), min_size=1, max_size=5))
def test_tmx_round_trip(items: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "x.tmx"
        get_exporter("tmx").write(_pairs(items), out, "fr", "zh")
        segs = [s.text or "" for s in etree.parse(str(out)).getroot().iter("seg")]
    assert segs == [xml_safe(x) for pair in items for x in pair]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(text, text), min_size=1, max_size=5))
def test_xml_round_trip(items: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        pairs = _pairs(items)
        pairs.sort(key=lambda p: p.doc_id)
        get_exporter("xml").write(pairs, Path(d), "fr", "zh")
        back = sorted((doc, s, t) for doc, s, t, _ in read_pairs(Path(d), "fr", "zh"))
    assert back == sorted((p.doc_id, xml_safe(p.src), xml_safe(p.tgt)) for p in pairs)
