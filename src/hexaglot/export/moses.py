"""Moses plain text: ``OUT.<src>`` and ``OUT.<tgt>``, line i of one the translation of line i of the other."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hexaglot.export.base import Exporter, one_line, register
from hexaglot.store.records import Pair


def moses_paths(out: Path, src_lang: str, tgt_lang: str) -> tuple[Path, Path]:
    return out.with_name(f"{out.name}.{src_lang}"), out.with_name(f"{out.name}.{tgt_lang}")


@register
class MosesExporter(Exporter):
    name = "moses"
    description = "two plain-text files, one segment a line (MT toolkits)"

    def write(self, pairs: Iterable[Pair], out: Path, src_lang: str, tgt_lang: str) -> int:
        sp, tp = moses_paths(out, src_lang, tgt_lang)
        n = 0
        with sp.open("w", encoding="utf-8") as fs, tp.open("w", encoding="utf-8") as ft:
            for p in pairs:
                s, t = one_line(p.src), one_line(p.tgt)
                if not s or not t:
                    continue
                fs.write(s + "\n")
                ft.write(t + "\n")
                n += 1
        return n
