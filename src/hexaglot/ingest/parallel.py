"""Pre-segmented parallel text: one sentence a line per language (Text+Berg, MAC, UDHR lines) and
the UN Parallel Corpus dev/test sets (``dev.<lang>`` + ``dev.docs.jsonl``), split into documents."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hexaglot.clean.normalize import drop_controls
from hexaglot.errors import InputError
from hexaglot.store.records import Facets, SentenceData, VersionData
from hexaglot.wording import first_of

_ORGANS = {"a": "GA", "s": "SC", "e": "ECOSOC", "unep": "UNEP", "dp": "UNDP", "isba": "ISBA",
           "cedaw": "CEDAW", "npt": "NPT", "hrc": "HRC"}


@dataclass
class ParallelDoc:
    """A document given as sentence lists per language."""

    doc_id: str
    texts: dict[str, list[str]]
    paths: dict[str, str]
    shas: dict[str, str]
    facets: Facets = field(default_factory=Facets)
    aligned: bool = False

    def versions(self, langs: Sequence[str] | None = None) -> list[VersionData]:
        return [VersionData(lang=x, sha256=self.shas[x], path=self.paths[x], format="lines",
                            sentences=[SentenceData(t) for t in self.texts[x]])
                for x in self.texts if langs is None or x in langs]


def check_lang(lang: str) -> str:
    """A language code of pre-segmented text, lower-cased (see :mod:`hexaglot.langs.codes`)."""
    from hexaglot.langs.codes import language_code

    return language_code(lang, "pair")


def _sha(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


#: characters str.splitlines() also breaks at: inside a line of pre-segmented text they are spaces
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def read_lines(path: str | Path, *, keep_blank: bool = False) -> list[str]:
    """The lines of a UTF-8 file of one sentence a line, stripped: only a newline ends a line (a form
    feed or U+2028 inside one is a space, as ``wc -l`` counts); control characters are dropped. Blank lines are dropped, or kept
    with ``keep_blank`` (line-parallel files pair line i with line i)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(p), f"cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError:
        raise InputError(str(p), "pre-segmented text must be UTF-8") from None
    lines = [drop_controls(_OTHER_BREAKS.sub(" ", line)).strip() for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the newline that ends the last line
    return lines if keep_blank else [line for line in lines if line]


def _check_parallel(texts: Mapping[str, list[str]], files: Mapping[str, str | Path]) -> dict[str, list[str]]:
    """Line-parallel files: as many lines each, blank on every side or on none (rows blank on every side
    are dropped). Else an error naming the files and the first lines that break the pairing."""
    counts = {lang: len(t) for lang, t in texts.items()}
    if len(set(counts.values())) > 1:
        raise InputError(", ".join(f"{files[lang]} ({counts[lang]} lines)" for lang in texts), "line-parallel files (--aligned) must have as many lines each; the line counts "
                                "differ (leave out --aligned to align them)")
    rows = list(zip(*texts.values(), strict=True))
    gaps = [k + 1 for k, row in enumerate(rows) if any(row) and not all(row)]
    if gaps:
        shown = first_of([str(k) for k in gaps])
        raise InputError(", ".join(str(files[lang]) for lang in texts), f"line-parallel files (--aligned) pair line i with line i, but line {shown} is "
                                "blank in some files only (fill or remove it, or leave out --aligned)")
    kept = [row for row in rows if any(row)]
    return {lang: [row[k] for row in kept] for k, lang in enumerate(texts)}


def from_files(files: Mapping[str, str | Path], doc_id: str | None = None, *, aligned: bool = False,
               facets: Facets | None = None) -> ParallelDoc:
    """``{"de": "a.txt", "fr": "b.txt"}`` → a parallel document (id from the common file stem)."""
    if len(files) < 2:
        raise InputError(",".join(map(str, files.values())) or "pairs", "give at least two languages")
    files = {check_lang(lang): p for lang, p in files.items()}
    if len(files) < 2:
        raise InputError(",".join(map(str, files.values())), "the same language is given twice")
    texts = {lang: read_lines(p, keep_blank=aligned) for lang, p in files.items()}
    for lang, lines in texts.items():
        if not any(lines):
            raise InputError(str(files[lang]), f"no text: the {lang} file of pre-segmented text holds no sentence")
    if aligned:
        texts = _check_parallel(texts, files)
    if doc_id is None:
        stems = {Path(p).name.split(".")[0] for p in files.values()}
        doc_id = stems.pop() if len(stems) == 1 else "+".join(sorted(Path(p).stem for p in files.values()))
    return ParallelDoc(doc_id=doc_id, texts=texts, paths={k: str(v) for k, v in files.items()},
                       shas={k: _sha(v) for k, v in texts.items()}, facets=facets or Facets(), aligned=aligned)


def _symbol_of(unpc_path: str) -> tuple[str | None, str | None]:
    """``2015/a/ac_182/l_139`` → (``A/AC.182/L.139``, ``GA``), best effort."""
    from hexaglot.parse.symbols import normalize_symbol

    parts = unpc_path.split("/")[1:]
    guess = "/".join(p.replace("_", ".").strip(".").upper() for p in parts)
    return normalize_symbol(guess), _ORGANS.get(parts[0]) if parts else None


def unpc_documents(folder: str | Path, split: str = "dev") -> Iterator[ParallelDoc]:
    """The documents of a UNPC test set, sentences in English reading order, line-parallel."""
    folder = Path(folder)
    manifest = folder / f"{split}.docs.jsonl"
    langs = sorted(p.suffix[1:] for p in folder.glob(f"{split}.*") if re.fullmatch(r"[a-z]{2}", p.suffix[1:]))
    lines = {x: (folder / f"{split}.{x}").read_text(encoding="utf-8").split("\n") for x in langs}
    try:
        entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, ValueError) as exc:
        raise InputError(str(manifest), f"cannot read the document list ({exc})") from exc
    for e in entries:
        texts = {x: [lines[x][i].strip() for i in e["lines_in_en_order"]] for x in langs}
        symbol, organ = _symbol_of(e["doc"])
        year = e["doc"].split("/")[0]
        facets = Facets(symbol=symbol, date=year if year.isdigit() else None,  # ISO 8601 year precision
                        organs=[organ] if organ else [])
        yield ParallelDoc(doc_id="UNPC:" + e["doc"], texts=texts,
                          paths={x: f"{folder / f'{split}.{x}'}#{e['doc']}" for x in langs},
                          shas={x: _sha(t) for x, t in texts.items()}, facets=facets, aligned=True)
