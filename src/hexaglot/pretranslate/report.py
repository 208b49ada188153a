"""The HTML analysis of a pre-translation: segments and words per match band with a bar chart (inline
SVG, no script, no CDN), then each segment beside its best candidates with the differences marked, and
under a candidate whose draft tags were placed by position (no aligned word said where) a note saying so."""

from __future__ import annotations

import html
from collections.abc import Mapping

from hexaglot.pretranslate.records import BandCount, Pretranslation
from hexaglot.pretranslate.score import Change
from hexaglot.wording import counted

_COLOURS = ("#1b7837", "#5aae61", "#a6dba0", "#d9f0d3", "#fee08b", "#fdae61", "#d73027")
_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}th{background:#f3f3f3}
td.n{text-align:right}del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.score{font-weight:bold;white-space:nowrap}.meta{color:#666;font-size:90%}"""


def chart_svg(bands: list[BandCount], width: int = 560) -> str:
    """A horizontal bar chart of the words per band (inline SVG)."""
    total = sum(b.words for b in bands) or 1
    row, label_w, bar_w = 26, 120, width - 120 - 110
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(bands) + 10}" '
             'role="img" aria-label="words per match band">']
    for i, (b, colour) in enumerate(zip(bands, _COLOURS, strict=False)):
        y = 5 + i * row
        w = round(bar_w * b.words / total)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{html.escape(b.band)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1)}" height="18" fill="{colour}" '
                     f'stroke="#888" stroke-width="0.5"><title>{b.words} words</title></rect>'
                     f'<text x="{label_w + max(w, 1) + 6}" y="{y + 16}" font-size="12">{b.words} words '
                     f'({100 * b.words / total:.0f}%)</text>')
    parts.append("</svg>")
    return "".join(parts)


def diff_html(changes: list[Change]) -> str:
    """The draft segment with what changed from the archived source marked: ``<del>`` archived
    words the draft lacks, ``<ins>`` draft words the archive lacks."""
    out: list[str] = []
    for c in changes:
        if c.op == "equal":
            out.append(html.escape(c.new))
            continue
        if c.old.strip():
            out.append(f"<del>{html.escape(c.old.strip())}</del> ")
        if c.new:
            out.append(f"<ins>{html.escape(c.new)}</ins>")
    return "".join(out)


def _markup_line(note: str) -> str:
    return f"<br><span class=meta>markup: {html.escape(note)}</span>" if note else ""


def analysis_table(bands: list[BandCount]) -> str:
    rows = "".join(f"<tr><td>{html.escape(b.band)}</td><td class=n>{b.segments}</td><td class=n>{b.words}</td></tr>"
                   for b in bands)
    seg = sum(b.segments for b in bands)
    words = sum(b.words for b in bands)
    return (f"<table><tr><th>match band</th><th class=n>segments</th><th class=n>words</th></tr>{rows}"
            f"<tr><th>total</th><th class=n>{seg}</th><th class=n>{words}</th></tr></table>")


def report_html(p: Pretranslation, dropped: Mapping[str, int] | None = None) -> str:
    """The whole report as one self-contained HTML page."""
    bands = p.analysis()
    rows: list[str] = []
    for s in p.segments:
        cands = "".join(
            f'<div><span class=score>{c.score:.0f}%</span> {html.escape(c.target)}<br>'
            f'<span class=meta>{html.escape(c.symbol or c.doc_id)} {html.escape(c.date or "")} · source: '
            f'{diff_html(c.changes) if c.score < 100 else html.escape(c.source)}</span>'
            f'{_markup_line(c.markup_note)}</div>'
            for c in s.candidates) or "<span class=meta>no candidate</span>"
        rows.append(f"<tr><td class=n>{s.index + 1}</td><td>{html.escape(s.source)}</td><td>{cands}</td></tr>")
    by_position = sum(1 for s in p.segments if any(c.markup_note for c in s.candidates))
    if by_position:
        dropped_line = (f"<p class=meta>Inline markup: in {counted(by_position, 'segment')} the draft's tags were "
                        "placed by position (at the start or end of the proposal; see the note under the "
                        "candidate): check them.</p>")
    else:
        dropped_line = ""
    if dropped:
        dropped_line += ("<p class=meta>Left out of the TMX: " + ", ".join(
            f"{n} {html.escape(reason)}" for reason, n in sorted(dropped.items())) + ".</p>")
    title = f"Pre-translation of {p.draft} ({p.src_lang}→{p.tgt_lang})"
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style><h1>{html.escape(title)}</h1>"
            f"<p>{counted(len(p.segments), 'segment')}, {p.matched} with a candidate at or above {p.threshold:.0f}%; "
            f"{p.seconds:.1f} s.</p><h2>Analysis</h2>{analysis_table(bands)}<p>{chart_svg(bands)}</p>"
            f"{dropped_line}<h2>Segments</h2><table><tr><th>#</th><th>draft ({p.src_lang})</th>"
            f"<th>candidates ({p.tgt_lang}); in the source, <del>archived</del> <ins>draft</ins></th></tr>"
            f"{''.join(rows)}</table></html>\n")
