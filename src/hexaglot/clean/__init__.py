"""Clean: from raw reader blocks to paragraphs, with furniture and footnotes set apart.

:func:`clean` runs small steps over a copy of the document, in this order:

1. :mod:`~hexaglot.clean.furniture` — running headers/footers, page and job numbers, barcodes,
   the cover block → the furniture layer (raw lines only);
2. :mod:`~hexaglot.clean.contents` — a table of contents (the "Contents" heading and the lines
   ending in page numbers under it) → the furniture layer, label ``CONTENTS``;
3. :mod:`~hexaglot.clean.footnotes` — the footnote zone of PDF pages → the notes layer;
4. :mod:`~hexaglot.clean.reflow` — lines → paragraphs, headings, list items, signature lines,
   with :mod:`~hexaglot.clean.dehyphenate` deciding each line-end hyphen;
5. footnotes of flowing text (``* A/58/50/Rev.1 et Corr.1.``), marks linked;
6. :mod:`~hexaglot.clean.normalize` — NFC, whitespace, quotes, no-break spaces, per language (the
   cells and captions of ``Document.tables`` too; ``typography=False``: NFC and whitespace only).

Already-paragraphed documents (DOCX, HTML) only go through the contents step and normalisation.
Nothing is deleted: each block keeps ``orig``; language knowledge comes from ``langs/<code>/clean.toml``.
"""

from __future__ import annotations

from hexaglot.model import Document, Footnote, Label


def clean(doc: Document, *, typography: bool = True) -> Document:
    """A cleaned copy of ``doc`` (the input is not modified).

    ``typography=False`` leaves the characters as written where step 6 would unify them (quotes,
    no-break spaces, Chinese full-width marks): a draft to pre-translate keeps its own text, which the
    translator's tool gives back (the matching reads quotes and spaces alike anyway)."""
    from dataclasses import replace

    from hexaglot.clean import contents, footnotes, furniture, normalize, reflow
    from hexaglot.clean.dehyphenate import Vocabulary, rejoin_wrapped
    from hexaglot.clean.layout import Geometry
    from hexaglot.clean.rules import rules_for

    # Steps replace block attributes, never mutate shared lists: a shallow copy per block is enough.
    out = doc.model_copy(
        update={"blocks": [b.model_copy() for b in doc.blocks], "footnotes": list(doc.footnotes),
                "tables": [t.model_copy(deep=True) for t in doc.tables]}
    )
    rules = rules_for(out.language)
    blocks = out.blocks
    for b in blocks:
        if not b.orig:
            b.orig = b.text
    if any(b.label == Label.LINE for b in blocks):
        geo = Geometry.of(blocks)
        vocab = Vocabulary.from_lines([b.text for b in blocks if b.label == Label.LINE])
        furniture.mark_furniture(blocks, rules, geo)
        contents.mark_contents(blocks, rules)
        if geo.paged:
            blocks = footnotes.extract_paged(blocks, rules, geo, vocab)
        blocks = reflow.reflow(blocks, rules, geo, vocab)
        if not geo.paged:
            footnotes.extract_flow(blocks, rules)
        found = footnotes.collect(blocks)
        out.footnotes = _merge_footnotes(out.footnotes, found)
        if geo.paged:  # a cell's lines were joined by the reader: its line-end hyphens decided here
            for table in out.tables:
                for row in (*table.header, *table.rows):
                    for cell in row:
                        cell.text = rejoin_wrapped(cell.text, vocab, rules)
    else:
        contents.mark_contents(blocks, rules)
    if not typography:
        rules = replace(rules, quotes={}, opening_quotes={}, full_width={}, nbsp_before="", nbsp_after="")
    normalize.normalize(blocks, rules)
    out.footnotes = [
        f.model_copy(update={"text": normalize.normalize_text(f.text, rules)}) for f in out.footnotes
    ]
    for table in out.tables:
        for row in (*table.header, *table.rows):
            for cell in row:
                cell.text = normalize.normalize_text(cell.text, rules)
        if table.caption:
            table.caption = normalize.normalize_text(table.caption, rules)
    out.blocks = blocks
    return out


def _merge_footnotes(existing: list[Footnote], found: list[Footnote]) -> list[Footnote]:
    seen = {(f.mark, f.text) for f in existing}
    return existing + [f for f in found if (f.mark, f.text) not in seen]
