"""Finding inputs and grouping the language versions of one document.

Three kinds of input are recognised under the given paths:

* documents in a readable format (txt, pdf, docx, html): grouped by file name stem plus language
  suffix (``x.fr.pdf`` / ``x.en.pdf``), later merged by symbol once parsed, or by a manifest;
* pre-segmented parallel text, one sentence a line, named ``<stem>.<lang>`` (``dev.de`` / ``dev.fr``,
  or ``zh/001.zh`` / ``en/001.en``): grouped by stem; a folder holding ``dev.docs.jsonl`` beside
  such files is the UN Parallel Corpus dev set and is split into its documents;
* UN Digital Library MARC21 XML catalogue files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hexaglot.errors import InputError

LANG_CODE = re.compile(r"^[a-z]{2}$")
SKIP_NAMES = {"PROVENANCE.md", "LICENSE", "README.md", "README"}
FORMAT_RANK = {"docx": 0, "html": 1, "txt": 2, "pdf": 3}  # which file wins when one language has two


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_suffixes() -> set[str]:
    from hexaglot.read import registry

    return {s for cls in registry().values() for s in cls.suffixes if s}


@dataclass
class FileItem:
    path: Path
    lang: str | None = None  # from the name (x.fr.pdf), None when it must be detected
    group: str = ""  # grouping key before parsing (stem, or the path itself)


@dataclass
class Plan:
    documents: list[FileItem] = field(default_factory=list)
    presegmented: dict[str, dict[str, Path]] = field(default_factory=dict)  # doc id -> lang -> file
    unpc: list[Path] = field(default_factory=list)  # folders with dev.docs.jsonl
    catalogues: list[Path] = field(default_factory=list)


def _is_marc(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096)
    return b"MARC21/slim" in head


def _walk(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(str(p), "no such file or folder")
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")))
        else:
            files.append(p)
    return files


def plan(paths: Iterable[str | Path], manifest: str | Path | None = None) -> Plan:
    """Sort every file under ``paths`` into documents, parallel sets and catalogues."""
    out = Plan()
    suffixes = doc_suffixes()
    forced = read_manifest(manifest) if manifest else {}
    unpc_dirs: set[Path] = set()
    for f in _walk(paths):
        if f.name == "dev.docs.jsonl":
            unpc_dirs.add(f.parent)
    out.unpc = sorted(unpc_dirs)
    for f in _walk(paths):
        if f.name in SKIP_NAMES:
            continue
        suffix = f.suffix.lower()
        if str(f.resolve()) in forced:
            gid, lang = forced[str(f.resolve())]
            out.documents.append(FileItem(f, lang, "manifest:" + gid))
        elif suffix == ".xml" and _is_marc(f):
            out.catalogues.append(f)
        elif LANG_CODE.match(suffix[1:] or "-") and f.parent not in unpc_dirs and f.stem:
            lang = suffix[1:]
            base = f.parent.parent if f.parent.name == lang else f.parent
            key = f"{base.name}/{f.stem}" if base.name else f.stem
            out.presegmented.setdefault(key, {})[lang] = f
        elif suffix in suffixes:
            stem = f.name[: -len(suffix)]
            m = re.match(r"^(.*)[._-]([a-z]{2})$", stem)
            from hexaglot.model import LANGS

            if m and m.group(2) in LANGS:
                out.documents.append(FileItem(f, m.group(2), f"stem:{f.parent}/{m.group(1)}"))
            else:
                out.documents.append(FileItem(f, None, f"path:{f}"))
    out.presegmented = {k: v for k, v in out.presegmented.items() if len(v) >= 2}
    return out


def read_manifest(path: str | Path) -> dict[str, tuple[str, str | None]]:
    """A manifest: one ``doc_id<TAB>lang<TAB>path`` a line (``#`` comments); paths relative to it."""
    p = Path(path)
    out: dict[str, tuple[str, str | None]] = {}
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(p), f"cannot read manifest ({exc.strerror})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise InputError(str(p), f"line {n}: expected doc_id<TAB>lang<TAB>path")
        doc_id, lang, file = (x.strip() for x in parts)
        out[str((p.parent / file).resolve())] = (doc_id, lang or None)
    return out
