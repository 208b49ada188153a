"""Moses plain text: ``OUT.<src>`` and ``OUT.<tgt>``, line i of one the translation of line i of the other.

Moses files have no room to say what a line is, so kinds are never mixed in one file pair: with one
kind asked for (prose by default) the files are ``OUT.<src>`` and ``OUT.<tgt>``; with several, one
file pair per kind, ``OUT.<kind>.<src>`` and ``OUT.<kind>.<tgt>`` (``out.footnote.en``)."""

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
    description = "two plain-text files, one segment a line (MT toolkits)"

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

            for kind in self.kinds:  # every file asked for exists, even when empty
                pair_of(kind)
            for p in pairs:
                s, t = one_line(p.src), one_line(p.tgt)
                if not s or not t:
                    continue
                fs, ft = pair_of(p.kind if split else self.kinds[0])
                fs.write(s + "\n")
                ft.write(t + "\n")
                n += 1
        return n
