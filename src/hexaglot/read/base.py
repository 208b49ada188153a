"""The reader family: a registry maps a format to a :class:`Reader`; :func:`read` dispatches.

A reader turns one file into a :class:`~hexaglot.model.Document` whose blocks are raw units:
``Label.LINE`` blocks for hard-wrapped sources (text, PDF), paragraphs for DOCX and HTML.
Cleaning (reflow, furniture, footnotes) is the next stage's job, not the reader's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hexaglot import limits
from hexaglot.errors import ConfigError, InputError
from hexaglot.model import Document, Origin

MAX_FILE_BYTES = limits.MAX_FILE_BYTES  # kept for importers; the limit in force is limits.MAX_FILE_BYTES


OCR_MODES = ("auto", "always", "never")


@dataclass
class ReadOptions:
    """How to read: ``ocr`` decides which PDF pages go to OCR (``auto``: pages whose text layer is
    missing or unusable); ``lang`` is the caller's language hint; ``progress(done, total)`` is
    called per OCR'd page."""

    ocr: str = "auto"
    lang: str | None = None
    progress: Callable[[int, int], None] | None = None

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            raise ConfigError(f"unknown OCR mode {self.ocr!r}: expected auto, always or never")


class Reader:
    """Base of every reader. A subclass sets ``format`` and ``suffixes`` and writes :meth:`read`."""

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: ReadOptions | None = None) -> None:
        self.options = options or ReadOptions()

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
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or _looks_like_html(head):
        return "html"
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pdf":
        raise InputError(str(path), "not a PDF file (no %PDF header); the file is corrupt or mislabelled")
    if suffix == "docx":
        raise InputError(str(path), "not a Word .docx file (not a ZIP package); the file is corrupt")
    return "txt"


def _looks_like_html(head: bytes) -> bool:
    """HTML by its first tag, after a BOM, an XML declaration or comments, in UTF-8 or UTF-16."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for _ in range(8):
        if text.startswith(b"<?xml"):
            text = text[text.find(b"?>") + 2 :].lstrip()
        elif text.startswith(b"<!--"):
            end = text.find(b"-->")
            if end < 0:
                return False
            text = text[end + 3 :].lstrip()
        else:
            break
    return text.startswith((b"<!doctype html", b"<html"))


KNOWN_SUFFIXES = ("txt", "text", "pdf", "docx", "docm", "dotx", "html", "htm", "xhtml", "doc")


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: ``letter-2003-06-04.fr.txt`` → ``letter-2003-06-04``.

    Only the extension and a trailing language code go; ``A_58_50_Rev.1.fr.txt`` keeps its ``Rev.1``.
    """
    from hexaglot.model import LANGS

    stem = path.stem if path.suffix.lower().lstrip(".") in KNOWN_SUFFIXES else path.name
    head, _, tail = stem.rpartition(".")
    return head if head and tail.lower() in LANGS else stem


# files of data, never documents: named on the command line, uploaded or given as a draft, they are refused
# (read as text, a JSON file became a document whose sentences were its lines of brackets)
DATA_SUFFIXES = {".json": "JSON", ".jsonl": "JSON lines", ".csv": "CSV", ".tsv": "TSV", ".xlsx": "Excel",
                 ".xls": "Excel", ".parquet": "Parquet", ".zip": "zip", ".gz": "gzip", ".tar": "tar",
                 ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image",
                 ".tmx": "TMX", ".xlf": "XLIFF", ".xliff": "XLIFF", ".tbx": "TBX"}


def doc_suffixes() -> set[str]:
    """The file name suffixes the readers take (``.pdf``, ``.docx``...)."""
    return {s for cls in registry().values() for s in cls.suffixes if s}


def readable_names() -> str:
    """The file names the readers take, for a message: ``*.docx, *.pdf, ...``."""
    return ", ".join("*" + s for s in sorted(doc_suffixes()))


def data_file_reason(path: str | Path) -> str | None:
    """Why a file named like data (``x.json``, ``x.tmx``) is no document; None for any other name."""
    kind = DATA_SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        return None
    return f"a {kind} file is data, not a document; Hexaglot reads {readable_names()} (and text without a suffix)"


def read(path: str | Path, lang: str | None = None, *, detect: Callable[[Document], str | None] | None = None,
         ocr: str = "auto", progress: Callable[[int, int], None] | None = None) -> Document:
    """Read one file of any supported format into a raw :class:`Document`.

    Raises :class:`InputError` naming the file and the problem for anything unreadable.
    """
    p = Path(path)
    if (reason := data_file_reason(p)) is not None:
        raise InputError(str(p), reason)
    try:
        if not p.exists():
            raise InputError(str(p), "no such file")
        if p.is_dir():
            raise InputError(str(p), "is a directory, not a file")
        if not p.is_file():
            raise InputError(str(p), "not a regular file (device, pipe or socket)")
        size = p.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise InputError(str(p), f"file too large ({size} bytes; the limit is {limits.MAX_FILE_BYTES})")
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
    doc = readers[fmt](ReadOptions(ocr=ocr, lang=lang, progress=progress)).read(p, data, origin)
    chars = sum(len(b.text) for b in doc.blocks)
    if chars > limits.MAX_TEXT_CHARS:
        raise InputError(str(p), f"too much text ({chars} characters; the limit is {limits.MAX_TEXT_CHARS})")
    _set_language(doc, lang, detect)
    if ocr == "always" and fmt != "pdf":
        doc.warnings.append(f"OCR reads the pages of PDF files; a {fmt} file is read as it is (--ocr always ignored)")
    return doc


LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}


def _named_language(path: str) -> str | None:
    """``de (German)`` for ``x.de.txt``: a language code before the extension that is none of the six."""
    from hexaglot.langs.codes import language_name
    from hexaglot.model import LANGS

    m = re.search(r"[._-]([A-Za-z]{2})\.[A-Za-z0-9]+$", Path(path).name)
    code = m.group(1).lower() if m else ""
    name = language_name(code) if code and code not in LANGS else code
    return f"{code} ({name})" if code and code not in LANGS and name != code else None


def _set_language(doc: Document, lang: str | None, detect: Callable[[Document], str | None] | None) -> None:
    """The given language (with a warning when the text clearly is another one), else the detected
    one; none, with a warning, for a text that is not language at all."""
    from hexaglot.read import langid

    sample = langid.document_sample(doc)
    reason = langid.not_text_reason(sample)
    if reason:
        doc.warnings.append(f"does not look like text ({reason}); "
                            + (f"kept the language given, {lang}" if lang else "no language assigned"))
        doc.language = lang
        return
    if lang:
        doc.language = lang
        other = langid.clear_mismatch(sample, lang)
        if other:
            doc.warnings.append(f"language given as {lang} ({LANGUAGE_NAMES.get(lang, lang)}), but the text "
                                f"looks {LANGUAGE_NAMES[other]} ({other}); kept {lang}")
    elif doc.language is None:
        named = _named_language(doc.origin.path)
        if named:
            doc.warnings.append(f"the file name says {named}, none of the six UN languages")
        foreign = langid.foreign_language(sample)
        if foreign:
            doc.warnings.append(f"looks like {foreign}, none of the six UN languages; no language assigned "
                                "(give the language to keep it)")
            return
        doc.language = (detect or langid.detect_document_language)(doc)
        words = len(re.findall(r"[^\W\d_]+", sample))
        low = langid.latin_word_share(sample) if doc.language in ("en", "fr", "es") else None
        if doc.language in ("en", "fr", "es") and words < langid.FEW_WORDS:
            doc.warnings.append(f"too short to tell English, French and Spanish apart ({words} word"
                                f"{'s' if words != 1 else ''}): read as {LANGUAGE_NAMES[doc.language]} "
                                f"({doc.language}); give the language to be sure")
        elif low:
            doc.warnings.append(f"few English, French or Spanish words ({low[0]:.0%} of {low[1]} words): the text "
                                f"may be in another language; read as {LANGUAGE_NAMES[doc.language]} ({doc.language})")
