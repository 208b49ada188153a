"""align: sentence alignment of two (or up to six) language versions."""
