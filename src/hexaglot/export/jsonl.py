"""JSON lines: one pair a line with its document, date, languages and score."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from hexaglot.export.base import Exporter, register
from hexaglot.store.records import Pair


@register
class JsonlExporter(Exporter):
    name = "jsonl"
    description = "one JSON object a line: src, tgt, score, doc_id, symbol, date"

    def write(self, pairs: Iterable[Pair], out: Path, src_lang: str, tgt_lang: str) -> int:
        n = 0
        with out.open("w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        return n
