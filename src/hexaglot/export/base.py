"""Exporters: a registry maps a format name to an :class:`Exporter` that writes pairs, streaming.

An export's format is the one asked for, else the one its file name's extension names
(:func:`choose_format`: ``.tmx``, ``.jsonl``/``.json``, ``.xlf``/``.xliff``), else TMX; a format asked
for that the extension contradicts (``-f jsonl out.tmx``) is refused before anything is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

from lxml import etree

from hexaglot.errors import ConfigError, InputError
from hexaglot.store.records import Pair

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(s: str) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _CONTROL.sub("", s)


def child(parent: etree._Element, tag: str, text: str | None = None,
          attrs: dict[str, str] | None = None) -> etree._Element:
    """A new element ``tag`` under ``parent``, its text (if any) made XML-safe: the one element builder
    of the XML writers (XLIFF, TBX)."""
    e = etree.SubElement(parent, tag, attrs or {})
    if text is not None:
        e.text = xml_safe(text)
    return e


def one_line(s: str) -> str:
    return " ".join(s.split())


def check_folder(out: Path, folder: Path) -> None:
    """Refuse ``out`` when the folder it goes in, ``folder``, is missing or is a file (one
    :class:`InputError` naming ``out``); folders are never made on the way."""
    if not folder.is_dir():
        raise InputError(str(out), f"{folder} is not a folder" if folder.exists() else
                         f"the folder {folder} does not exist")


class Exporter:
    """Base of every exporter: a subclass sets ``name`` and writes :meth:`write`.

    ``write`` consumes the pairs once, in order, and keeps at most one document in memory.
    It returns the number of pairs written; ``out`` is a file (or a folder, for ``xml``).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    kinds: tuple[str, ...] = ("prose",)  # the kinds asked for, in order (set by Archive.export)

    def __init__(self, **options: object) -> None:
        """Options are format-specific (TMX: ``locales``, ``region_tags``); others take none."""
        given = sorted(k for k, v in options.items() if v not in (None, False, {}, ""))
        if given:
            raise ConfigError(f"the {self.name} format takes no option {', '.join(given)} (TMX and XLIFF do)")

    #: ``out`` names a folder (xml) rather than a file (or, for moses, a prefix of files)
    folder: ClassVar[bool] = False
    #: the file-name extensions that name this format (lower case, with the dot), the first the usual one
    extensions: ClassVar[tuple[str, ...]] = ()

    def check_out(self, out: Path) -> None:
        """Refuse, before anything is read or written, an output the format cannot write to: a file
        where a folder is wanted, a folder where a file is, or a file in a folder that does not exist."""
        if self.folder:
            if out.exists() and not out.is_dir():
                raise InputError(str(out), f"is a file; {self.name} writes a folder: give a folder name")
            return
        if out.is_dir():
            raise InputError(str(out), f"is a folder; the {self.name} format writes a file (give a file name)")
        check_folder(out, out.parent)

    def write(self, pairs: Iterable[Pair], out: Path, src_lang: str, tgt_lang: str) -> int:
        """Write to ``out``; exporters of one stream of bytes only define :meth:`stream`."""
        stream = getattr(self, "stream", None)
        if stream is None:  # pragma: no cover - every exporter defines one of the two
            raise NotImplementedError
        counted = _Counter(pairs)
        with out.open("wb") as fh:
            for chunk in stream(counted, src_lang, tgt_lang):
                fh.write(chunk)
        return counted.n

    # A single-stream exporter also defines
    #     def stream(self, pairs, src_lang, tgt_lang) -> Iterator[bytes]
    # which the HTTP API sends as it comes (see hexaglot.serve.http.api.export).


class _Counter:
    """Pairs passed through, counted."""

    def __init__(self, pairs: Iterable[Pair]) -> None:
        self.pairs, self.n = pairs, 0

    def __iter__(self) -> Iterator[Pair]:
        for p in self.pairs:
            self.n += 1
            yield p


_REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    _REGISTRY[cls.name] = cls
    return cls


def exporters() -> dict[str, type[Exporter]]:
    from hexaglot.export import jsonl, moses, tmx, xliff, xml  # noqa: F401  (register themselves)

    return dict(_REGISTRY)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"  # xml:lang, as lxml names it (TMX, XLIFF)
DEFAULT_FORMAT = "tmx"


def format_of_name(out: str | Path) -> str | None:
    """The format whose extension ``out`` has (``x.XLF`` → ``xliff``), or ``None`` (no extension, or
    one that names no format)."""
    suffix = Path(out).suffix.lower()
    return next((name for name, cls in exporters().items() if suffix and suffix in cls.extensions), None)


def choose_format(out: str | Path, given: str | None = None) -> str:
    """The format of an export to ``out``: ``given`` when there is one, else the format the file
    name's extension names, else :data:`DEFAULT_FORMAT` (TMX). A ``given`` format that the
    extension contradicts (``jsonl`` for ``out.tmx``; ``moses`` or ``xml``, which write no file of
    that name, for ``out.xlf``) is an :class:`InputError` naming the file and both formats."""
    named = format_of_name(out)
    if given is None:
        return named or DEFAULT_FORMAT
    if given not in exporters():
        raise ConfigError(f"unknown export format {given!r} (one of {', '.join(sorted(exporters()))})")
    if named is None or named == given:
        return given
    suffix = Path(out).suffix
    wanted = exporters()[given]
    rename = (f"a name ending in {wanted.extensions[0]}" if wanted.extensions else
              "a folder name" if wanted.folder else f"a file prefix without {suffix} ({given} adds .<lang>)")
    raise InputError(str(out), f"the name says {named} ({suffix}) but the format asked for is {given}: give "
                               f"{rename}, or leave the format out to write {named}")


def get_exporter(name: str, **options: object) -> Exporter:
    """The exporter of format ``name``, built with its ``options`` (an option it does not take, or
    a bad value, raises :class:`ConfigError`)."""
    found = exporters().get(name)
    if found is None:
        raise ConfigError(f"unknown export format {name!r} (one of {', '.join(sorted(exporters()))})")
    return found(**options)
