"""clean: reflow, de-hyphenate, demote furniture, separate footnotes, normalise."""
