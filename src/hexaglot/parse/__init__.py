"""parse: structure and metadata from the cleaned text, driven by per-language tables."""

from hexaglot.parse.cascade import parse
from hexaglot.parse.summary import summary

__all__ = ["parse", "summary"]
