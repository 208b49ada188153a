"""read: any supported file (txt in any encoding, pdf, docx, html) → a raw Document."""

from hexaglot.read.base import Reader, read, register, registry, sniff_format

__all__ = ["Reader", "read", "register", "registry", "sniff_format"]
