"""search: the full-text index (per-language analyzers), queries with facets, the concordance.

    from hexaglot.search import SearchIndex, search, concordance
"""

from hexaglot.search.concordance import concordance
from hexaglot.search.index import SearchIndex
from hexaglot.search.query import build_query, search

__all__ = ["SearchIndex", "build_query", "concordance", "search"]
