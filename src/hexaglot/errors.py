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


class ConfigError(HexaglotError):
    """Bad settings or an unknown language code."""


class ArchiveError(HexaglotError):
    """The archive cannot be opened or written."""
