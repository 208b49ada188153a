"""Moses plain text: ``OUT.<src>`` and ``OUT.<tgt>``, line i of one the translation of line i of the other.

Moses files have no room to say what a line is, so kinds are never mixed in one file pair: with one
kind asked for (prose by default) the files are ``OUT.<src>`` and ``OUT.<tgt>``, written even when
empty (as an empty TMX is); with several, one file pair per kind that has units,
``OUT.<kind>.<src>`` and ``OUT.<kind>.<tgt>`` (``out.footnote.en``), and none for a kind without
(:attr:`MosesExporter.written` says how many lines each kind got)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from hexaglot.export.base import Exporter, check_folder, one_line, register
from hexaglot.store.records import Pair


def moses_paths(out: Path, src_lang: str, tgt_lang: str, kind: str | None = None) -> tuple[Path, Path]:
    stem = f"{out.name}.{kind}" if kind else out.name
    return out.with_name(f"{stem}.{src_lang}"), out.with_name(f"{stem}.{tgt_lang}")


@register
class MosesExporter(Exporter):
    name = "moses"
    description = "two plain-text files, one segment a line (MT toolkits): OUT.<src> and OUT.<tgt>"
    #: lines written per kind by the last :meth:`write` (a kind asked for that had none: 0)
    written: dict[str, int]

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.written = {}

    def check_out(self, out: Path) -> None:
        """``out`` is a prefix, not a file: a folder of that name is no obstacle (``out.en`` is written
        beside it); the folder the files go in must exist."""
        check_folder(out, out.parent)

    def write(self, pairs: Iterable[Pair], out: Path, src_lang: str, tgt_lang: str) -> int:
        split = len(self.kinds) > 1
        n = 0
        with ExitStack() as stack:
            files: dict[str, tuple[TextIO, TextIO]] = {}

            def pair_of(kind: str) -> tuple[TextIO, TextIO]:
                if kind not in files:
                    sp, tp = moses_paths(out, src_lang, tgt_lang, kind if split else None)
                    files[kind] = (stack.enter_context(sp.open("w", encoding="utf-8")),
                                   stack.enter_context(tp.open("w", encoding="utf-8")))
                return files[kind]

            self.written = dict.fromkeys(self.kinds, 0)
            if not split:  # the file pair named exists, even when empty; per kind, only for kinds with units
                pair_of(self.kinds[0])
            for p in pairs:
                s, t = one_line(p.src), one_line(p.tgt)
                if not s or not t:
                    continue
                kind = p.kind if split else self.kinds[0]
                fs, ft = pair_of(kind)
                fs.write(s + "\n")
                ft.write(t + "\n")
                self.written[kind] = self.written.get(kind, 0) + 1
                n += 1
        return n
