"""The reader family: a registry maps a format to a :class:`Reader`; :func:`read` dispatches.

A reader turns one file into a :class:`~hexaglot.model.Document` whose blocks are raw units:
``Label.LINE`` blocks for hard-wrapped sources (text, PDF), paragraphs for DOCX and HTML.
Cleaning (reflow, furniture, footnotes) is the next stage's job, not the reader's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from hexaglot.errors import InputError
from hexaglot.model import Document, Origin

MAX_FILE_BYTES = 200 * 1024 * 1024


class Reader:
    """Base of every reader. A subclass sets ``format`` and ``suffixes`` and writes :meth:`read`."""

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()

    def read(self, path: Path, data: bytes, origin: Origin) -> Document:  # pragma: no cover
        raise NotImplementedError


_REGISTRY: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator: make a reader available under its ``format``."""
    _REGISTRY[cls.format] = cls
    return cls


def registry() -> dict[str, type[Reader]]:
    _load_builtin_readers()
    return dict(_REGISTRY)


def _load_builtin_readers() -> None:
    # Imported for their @register side effect; kept lazy so `import hexaglot` stays instant.
    from hexaglot.read import docx, html, pdf, txt  # noqa: F401


def sniff_format(path: Path, data: bytes) -> str:
    """Decide the format from the bytes first, the file name second."""
    head = data[:2048]
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and path.suffix.lower() == ".pdf"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path.suffix.lower() in (".docx", ".docm", ".dotx") or b"word/" in data[:65536]:
            return "docx"
        raise InputError(str(path), "a ZIP archive that is not a Word (.docx) document")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(str(path), "legacy binary Word/OLE file (.doc) is not supported; save it as .docx")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pdf":
        raise InputError(str(path), "not a PDF file (no %PDF header); the file is corrupt or mislabelled")
    if suffix == "docx":
        raise InputError(str(path), "not a Word .docx file (not a ZIP package); the file is corrupt")
    return "txt"


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: ``letter-2003-06-04.fr.txt`` → ``letter-2003-06-04``."""
    name = path.name
    for suffix in reversed(path.suffixes):
        name = name.removesuffix(suffix) if len(suffix) <= 6 else name
    stem = name or path.stem
    parts = stem.rsplit(".", 1)
    from hexaglot.model import LANGS

    if len(parts) == 2 and parts[1].lower() in LANGS:
        stem = parts[0]
    return stem


def read(path: str | Path, lang: str | None = None, *, detect: Callable[[Document], str | None] | None = None) -> Document:
    """Read one file of any supported format into a raw :class:`Document`.

    Raises :class:`InputError` naming the file and the problem for anything unreadable.
    """
    p = Path(path)
    try:
        if not p.exists():
            raise InputError(str(p), "no such file")
        if p.is_dir():
            raise InputError(str(p), "is a directory, not a file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(str(p), f"file too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        data = p.read_bytes()
    except PermissionError as exc:
        raise InputError(str(p), "permission denied") from exc
    except OSError as exc:
        raise InputError(str(p), f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(str(p), "empty file")
    fmt = sniff_format(p, data)
    readers = registry()
    if fmt not in readers:
        raise InputError(str(p), f"unsupported format {fmt!r}")
    origin = Origin(path=str(p), sha256=hashlib.sha256(data).hexdigest(), format=fmt, size=len(data))
    doc = readers[fmt]().read(p, data, origin)
    if lang:
        doc.language = lang
    elif doc.language is None:
        from hexaglot.read.langid import detect_document_language

        doc.language = (detect or detect_document_language)(doc)
    return doc
