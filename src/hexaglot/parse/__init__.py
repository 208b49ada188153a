"""parse: structure and metadata from the cleaned text, driven by per-language tables."""
