"""export: aligned pairs to CAT and MT formats (tmx, moses, jsonl, xml), streaming.

    from hexaglot.export import get_exporter
    get_exporter("tmx").write(pairs, Path("out.tmx"), "fr", "en")
"""

from hexaglot.export.base import Exporter, exporters, get_exporter, register

__all__ = ["Exporter", "exporters", "get_exporter", "register"]
