"""Hexaglot: raw UN documents → a structured, six-language, sentence-aligned archive.

    import hexaglot
    archive = hexaglot.create("hexaglot-archive")   # hexaglot.open(path) opens an existing one
    archive.ingest(["../shared/corpus/un_parallel_docs/udhr"])
    for line in archive.concordance("dignité", src="fr", tgt="en"):
        print(line.src_text, "→", line.tgt_text, line.score)

Importing is instant: stages load their models and tables on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hexaglot.errors import ArchiveError, ConfigError, HexaglotError, InputError, NoArchiveError
from hexaglot.model import LANGS, Document

if TYPE_CHECKING:
    from hexaglot.archive import Archive

__version__ = "0.1.0"
__all__ = ["LANGS", "Archive", "ArchiveError", "ConfigError", "Document", "HexaglotError", "InputError",
           "NoArchiveError", "__version__", "create", "open"]


def open(path: Any = "hexaglot-archive", **kwargs: Any) -> Archive:
    """Open the archive at ``path``: :class:`NoArchiveError` when there is none, unless
    ``create=True``; see :class:`hexaglot.archive.Archive`."""
    from hexaglot.archive import open as _open

    return _open(path, **kwargs)


def create(path: Any = "hexaglot-archive", **kwargs: Any) -> Archive:
    """Open the archive at ``path``, creating an empty one when there is none."""
    from hexaglot.archive import create as _create

    return _create(path, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Archive":
        from hexaglot.archive import Archive

        return Archive
    raise AttributeError(name)
