"""Hexaglot: raw UN documents → a structured, six-language, sentence-aligned archive."""

from hexaglot.errors import ConfigError, HexaglotError, InputError
from hexaglot.model import LANGS, Document

__version__ = "0.1.0"
__all__ = ["LANGS", "ConfigError", "Document", "HexaglotError", "InputError", "__version__"]
