"""JSON lines: one pair a line with its document, date, languages and score."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from hexaglot.export.base import Exporter, register
from hexaglot.store.records import Pair


@register
class JsonlExporter(Exporter):
    name = "jsonl"
    description = "one JSON object a line: src, tgt, score, kind, doc_id, symbol, date"
    extensions = (".jsonl", ".json")

    def stream(self, pairs: Iterable[Pair], src_lang: str, tgt_lang: str) -> Iterator[bytes]:
        for p in pairs:
            yield (json.dumps(p.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
