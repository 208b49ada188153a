"""Typed errors. Library code raises these; front ends turn them into one line and an exit code."""

from __future__ import annotations


class HexaglotError(Exception):
    """Base of every error Hexaglot raises on purpose."""


class InputError(HexaglotError):
    """A file could not be processed. ``str(err)`` names the file and the problem in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class NotFoundError(InputError):
    """A symbol or document id that names no document in the archive."""

    def __init__(self, symbol_or_id: str) -> None:
        super().__init__(symbol_or_id, "no such document in the archive")


class ManifestError(InputError):
    """A bad line of an ingest manifest: ``MANIFEST, line N: problem; nothing was ingested`` (a bad
    line stops the whole ingest before anything is stored; ``path`` is the manifest's)."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        HexaglotError.__init__(self, f"{path}, line {line}: {reason}; nothing was ingested")
        self.path, self.line, self.reason = str(path), line, reason


class ConfigError(HexaglotError):
    """Bad settings or an unknown language code."""


class ArchiveError(HexaglotError):
    """The archive cannot be opened or written."""


class NoArchiveError(ArchiveError):
    """``hexaglot.open(path)`` where ``path`` holds no archive (create one with ``hexaglot.create``)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no archive at {path}")
        self.path = str(path)


def check_text(text: str, where: str) -> str:
    """``text`` when it can be written as UTF-8; else :class:`InputError` naming ``where`` and the first
    lone surrogate (a Python string that holds one cannot be stored, indexed or exported)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise InputError(where, f"not valid text: a lone surrogate U+{ord(bad):04X} at character "
                                f"{exc.start + 1}") from None
    return text
