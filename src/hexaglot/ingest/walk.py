"""Finding inputs and grouping the language versions of one document.

Three kinds of input are recognised under the given paths:

* documents in a readable format (txt, pdf, docx, html): grouped by file name stem plus language
  suffix (``x.fr.pdf`` / ``x.en.pdf``) inside one folder, later merged by symbol once parsed (a
  symbol is a global identity, so that may join folders), or by a manifest for any other layout;
* pre-segmented parallel text, one sentence a line, named ``<stem>.<lang>`` (``dev.de`` / ``dev.fr``,
  or ``zh/001.zh`` / ``en/001.en``): grouped by stem; a folder holding ``dev.docs.jsonl`` beside
  such files is the UN Parallel Corpus dev set and is split into its documents;
* UN Digital Library MARC21 XML catalogue files.

Files found in a folder whose name starts with LICENSE, LICENCE, README or PROVENANCE, and files no
reader takes, are skipped (``Plan.skipped``), and so is a lone file of a pre-segmented set; a file
named on the command line is always read, as a document when it is no catalogue and no pre-segmented
set (the reader tells its format from its bytes, or says why it cannot).
``exclude`` globs leave files out (see :func:`excluded`).

A document read from files without a symbol is named after their stem (``note``); when stems of
several folders collide, the names take as many folder names as tell them apart (``a/note``,
``b/note``): :attr:`FileItem.name`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from hexaglot.errors import InputError, ManifestError
from hexaglot.model import LANGS
from hexaglot.read.base import data_file_reason, doc_suffixes
from hexaglot.wording import first_of

LANG_CODE = re.compile(r"^[a-z]{2}$")
NOT_DOCUMENTS = ("LICENSE", "LICENCE", "README", "PROVENANCE")  # name prefixes, any case
FORMAT_RANK = {"docx": 0, "html": 1, "txt": 2, "pdf": 3}  # which file wins when one language has two


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def not_a_document(name: str) -> bool:
    """LICENSE*, LICENCE*, README*, PROVENANCE* (any case): about the files, not one of them."""
    return name.upper().startswith(NOT_DOCUMENTS)


@dataclass
class FileItem:
    path: Path
    lang: str | None = None  # from the name (x.fr.pdf), None when it must be detected
    group: str = ""  # grouping key before parsing (folder + stem, or the path itself)
    name: str = ""  # the document id when the files name no symbol (unique in the plan)


@dataclass
class Plan:
    documents: list[FileItem] = field(default_factory=list)
    presegmented: dict[str, dict[str, Path]] = field(default_factory=dict)  # doc id -> lang -> file
    unpc: list[Path] = field(default_factory=list)  # folders with dev.docs.jsonl
    catalogues: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # found in a folder, not a document
    # named, but data, not a document; or a file or folder that cannot be read: each an error naming it
    refused: list[tuple[Path, str]] = field(default_factory=list)


def _is_marc(path: Path) -> bool:
    """MARC21 XML: its namespace, or (an export that leaves it out, which the catalogue reads too) a
    ``<record>`` holding a leader, control or data field."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    return b"MARC21/slim" in head or (re.search(rb"<record[\s>]", head) is not None and re.search(
        rb"<(leader|controlfield|datafield)[\s>]", head) is not None)


def excluded(rel: str, patterns: Sequence[str]) -> bool:
    """Whether a file (``rel``: its path below the folder given, with ``/``) matches one of the
    ``--exclude`` globs: the whole relative path (``drafts/*.pdf``, ``*`` crosses folders), the file
    name (``*.pdf``) or any folder on the way (``drafts``)."""
    parts = rel.split("/")
    return any(fnmatchcase(rel, g) or any(fnmatchcase(x, g) for x in parts) for g in patterns)


def _walk(paths: Iterable[str | Path], exclude: Sequence[str] = ()) -> tuple[list[tuple[Path, bool]],
                                                                          list[tuple[Path, str]]]:
    """Every file under ``paths`` as ``(path, named)``: ``named`` when given itself, not found in a
    folder. Hidden files and the excluded ones are left out. Second: the files and folders that
    cannot be read, with why (a folder's files would otherwise be left out without a word)."""
    files: list[tuple[Path, bool]] = []
    unreadable: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(str(p), "no such file or folder")
        if p.is_dir():
            files.extend((x, False) for x in _files_under(p, exclude, unreadable))
        elif not excluded(p.name, exclude):
            files.append((p, True))
    readable = []
    for f, named in files:
        try:
            with f.open("rb"):
                pass
        except OSError as exc:
            unreadable.append((f, f"cannot read ({_why(exc)})"))
            continue
        readable.append((f, named))
    return readable, unreadable


def _files_under(folder: Path, exclude: Sequence[str], unreadable: list[tuple[Path, str]]) -> list[Path]:
    """The files under ``folder`` (sorted, not hidden, not excluded); a sub-folder that cannot be read
    goes to ``unreadable``."""
    def folder_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        if not excluded(where.relative_to(folder).as_posix(), exclude):
            unreadable.append((where, f"cannot read the folder ({_why(exc)}); its files are not ingested"))

    found = sorted(Path(root) / name for root, _dirs, names in os.walk(folder, onerror=folder_error)
                   for name in names if not name.startswith("."))
    return [x for x in found if x.is_file() and not excluded(x.relative_to(folder).as_posix(), exclude)]


def _why(exc: OSError) -> str:
    """``permission denied``: an OS error's reason, as the readers word it."""
    return (exc.strerror or type(exc).__name__).lower()


def name_stem(f: Path, suffix: str) -> tuple[str, str | None]:
    """``x.fr.pdf`` → (``x``, ``fr``); ``x.pdf`` → (``x``, None)."""
    from hexaglot.model import LANGS

    stem = f.name[: -len(suffix)] if suffix else f.name
    m = re.match(r"^(.*)[._-]([a-z]{2})$", stem)
    if m and m.group(2) in LANGS:
        return m.group(1), m.group(2)
    return stem, None


def plan(paths: Iterable[str | Path], manifest: str | Path | None = None, exclude: Sequence[str] = ()) -> Plan:
    """Sort every file under ``paths`` into documents, parallel sets, catalogues and skipped files."""
    out = Plan()
    suffixes = doc_suffixes()
    paths = list(paths)
    forced = read_manifest(manifest, under=paths) if manifest else {}
    files, out.refused = _walk(paths, exclude)
    unpc_dirs = {f.parent for f, _ in files if f.name == "dev.docs.jsonl"}
    out.unpc = sorted(unpc_dirs)
    stems: dict[tuple[Path, str], str] = {}  # (folder, stem) -> group, for the names
    for f, named in files:
        suffix = f.suffix.lower()
        if str(f.resolve()) in forced:
            gid, lang = forced[str(f.resolve())]
            out.documents.append(FileItem(f, lang, "manifest:" + gid, gid))
        elif not named and not_a_document(f.name):
            out.skipped.append(f)
        elif suffix == ".xml" and _is_marc(f):
            out.catalogues.append(f)
        elif LANG_CODE.match(suffix[1:] or "-") and f.parent not in unpc_dirs and f.stem:
            lang = suffix[1:]
            base = f.parent.parent if f.parent.name == lang else f.parent
            key = f"{base.name}/{f.stem}" if base.name else f.stem
            out.presegmented.setdefault(key, {})[lang] = f
        elif suffix in suffixes:
            stem, lang = name_stem(f, suffix)
            group = f"stem:{f.parent}/{stem}" if lang else f"path:{f}"
            stems.setdefault((f.parent, stem), group)
            out.documents.append(FileItem(f, lang, group))
        elif named and (reason := data_file_reason(f)):
            out.refused.append((f, reason))
        elif named:  # a file named itself is read (the reader tells its format from its bytes)
            out.documents.append(FileItem(f, None, f"path:{f}"))
            stems.setdefault((f.parent, name_stem(f, suffix)[0]), f"path:{f}")
        elif f.name != "dev.docs.jsonl" and f.parent not in unpc_dirs:
            out.skipped.append(f)
    named_files = {f for f, named in files if named}
    for key, by_lang in list(out.presegmented.items()):
        if len(by_lang) < 2:  # one file of a pre-segmented set: a document if named, else skipped
            del out.presegmented[key]
            for lang, f in by_lang.items():
                if f in named_files:
                    out.documents.append(FileItem(f, lang, f"path:{f}"))
                    stems.setdefault((f.parent, name_stem(f, f.suffix.lower())[0]), f"path:{f}")
                else:
                    out.skipped.append(f)
    names = unique_names(list(stems))
    for item in out.documents:
        if not item.name:
            item.name = names[(item.path.parent, name_stem(item.path, item.path.suffix.lower())[0])]
    return out


def unique_names(keys: Sequence[tuple[Path, str]]) -> dict[tuple[Path, str], str]:
    """A document name per (folder, stem): the stem, or, where several folders hold the stem, the
    stem under as many of its folder names as tell them apart (``a/note`` and ``b/note``)."""
    by_stem: dict[str, list[Path]] = {}
    for folder, stem in keys:
        by_stem.setdefault(stem, []).append(folder)
    out: dict[tuple[Path, str], str] = {}
    for stem, folders in by_stem.items():
        folders = sorted(set(folders))
        if len(folders) == 1:
            out[(folders[0], stem)] = stem
            continue
        depth = max(len(f.parts) for f in folders)
        for k in range(1, depth + 1):
            names = {f: "/".join([*f.parts[-k:], stem]) for f in folders}
            if len(set(names.values())) == len(folders):
                break
        for f in folders:
            out[(f, stem)] = names[f]
    return out


def read_manifest(path: str | Path, under: Sequence[str | Path] | None = None) -> dict[str, tuple[str, str | None]]:
    """A manifest: one ``doc_id<TAB>lang<TAB>path`` a line (``#`` comments); paths relative to it.
    ``under``: the paths an ingest walks; a file outside every one of them is a :class:`ManifestError`
    (the walk never meets it, so it was left out with no word)."""
    from hexaglot.langs.codes import language_code

    p = Path(path)
    out: dict[str, tuple[str, str | None]] = {}
    missing: list[tuple[int, str]] = []
    roots = [Path(x).resolve() for x in under] if under is not None else None
    outside: tuple[int, Path] | None = None
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(p), f"cannot read manifest ({exc.strerror})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ManifestError(str(p), n, "expected doc_id<TAB>lang<TAB>path")
        doc_id, lang, file = (x.strip() for x in parts)
        if not doc_id or not file:
            raise ManifestError(str(p), n, "expected doc_id<TAB>lang<TAB>path (the document id or path is empty)")
        if lang:
            try:
                lang = language_code(lang, "manifest")
            except InputError as exc:
                raise ManifestError(str(p), n, exc.reason) from None
            if lang not in LANGS:  # a document is read with its language's data (langs/<code>.toml)
                raise ManifestError(str(p), n, f"{lang!r} is no UN language: documents are read in "
                                    f"{', '.join(LANGS)} (pre-segmented text of other languages: --pair)")
        target = (p.parent / file).resolve()
        if not target.is_file():
            missing.append((n, file))
        if roots is not None and outside is None and not any(target == r or r in target.parents for r in roots):
            outside = (n, target)
        out[str(target)] = (doc_id, lang or None)
    if missing:  # the missing file first, by the name the line gives it; the other missing lines after
        (n, file), rest = missing[0], [f"line {k}: {f}" for k, f in missing[1:]]
        also = f" (also {first_of(rest, '; ')})" if rest else ""
        raise ManifestError(str(p), n, f"{file}: no such file{also}; paths are relative to the manifest's folder")
    if outside is not None:
        raise ManifestError(str(p), outside[0], f"{outside[1]} is not under the paths given "
                            f"({', '.join(map(str, under))}): give its folder too, or leave the line out")
    return out
