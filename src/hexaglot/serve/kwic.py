"""Keyword in context for the terminal: the match in one column, its contexts cut at word
boundaries, the aligned target below.

Widths are terminal cells (a Chinese character takes two). When the output is not a terminal
the match is marked with brackets, so that a pipe or a file keeps it visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.markup import escape

from hexaglot.wording import counted

if TYPE_CHECKING:
    from rich.console import Console

    from hexaglot.store.records import ConcordanceLine

ELLIPSIS = "…"


@dataclass(frozen=True)
class KwicLine:
    """One line of the display: the left context right-aligned, the match, the right context."""

    left: str
    match: str
    right: str


def _take_right(text: str, width: int) -> str:
    """The end of ``text`` in at most ``width`` cells, starting at a word boundary."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = cell_len(ELLIPSIS)
    for ch in reversed(text):
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    cut = "".join(reversed(out))
    space = cut.find(" ")
    if 0 <= space < len(cut) - 1 and text[len(text) - len(cut) - 1] != " ":
        cut = cut[space + 1:]  # drop the partial word at the cut
    return ELLIPSIS + cut.lstrip()


def take_left(text: str, width: int) -> str:
    """The start of ``text`` in at most ``width`` cells, ending at a word boundary."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = cell_len(ELLIPSIS)
    for ch in text:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    cut = "".join(out)
    space = cut.rfind(" ")
    if space > 0 and text[len(cut)] != " ":
        cut = cut[:space]  # drop the partial word at the cut
    return cut.rstrip() + ELLIPSIS


def kwic(left: str, match: str, right: str, width: int) -> KwicLine:
    """Contexts of at most ``width`` cells each; the left one padded so that every match of a
    listing starts in the same column."""
    lhs = _take_right(left, width)
    if left[-1:].isspace() and lhs:
        lhs += " "
    rhs = take_left(right, width)
    if right[:1].isspace() and rhs:
        rhs = " " + rhs
    lhs = " " * max(0, width + 1 - cell_len(lhs)) + lhs
    return KwicLine(lhs, " ".join(match.split()), rhs)


def context_width(total: int, matches: list[str]) -> int:
    """Cells for each context so that a line fits ``total`` cells (at least 20)."""
    widest = max((cell_len(m) for m in matches), default=10)
    return max(20, (total - widest - 4) // 2)


def plain(line: KwicLine) -> str:
    """The line for a pipe or a file: the match in brackets."""
    return f"{line.left}[{line.match}]{line.right}"


def marked(text: str, spans: list[tuple[int, int]], tty: bool) -> str:
    """``text`` with the spans (the words that render the query) in bold yellow on a terminal (rich
    markup, the rest escaped), in brackets elsewhere; runs of white space become one space."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        piece = text[start:end]
        out += [escape(text[pos:start]) if tty else text[pos:start],
                f"[bold yellow]{escape(piece)}[/][green]" if tty else f"[{piece}]"]
        pos = end
    out.append(escape(text[pos:]) if tty else text[pos:])
    return " ".join("".join(out).split())


def marks_note(lines: list[ConcordanceLine], src: str, tgt: str) -> str:
    """What found the marked words: a trained model, or the dictionaries alone."""
    if not lines or not lines[0].marks_by:
        return ""
    if lines[0].marks_by == "model":
        return "rendering marked by the word model"
    return (f"rendering marked without a word model for {src}-{tgt}, from the dictionaries and what the "
            f"lines agree on (hexaglot wordalign train --pair {src}-{tgt})")


def low(line: ConcordanceLine) -> bool:
    """Whether the pair is marked "low": its calibrated score under :data:`hexaglot.limits.LOW_SCORE`."""
    from hexaglot import limits

    return line.score < limits.LOW_SCORE


def print_concordance(console: Console, query: str, src: str, tgt: str, lines: list[ConcordanceLine], *,
                      more: bool = False, why: str = "") -> None:
    """The listing: a header, then per line the KWIC line and the aligned target below it, with
    its score, symbol and date. Colour on a terminal; brackets around the match elsewhere.
    ``more``: more lines match than these (the header says so); ``why``: why there is no line."""
    import sys

    tty = console.is_terminal
    total = console.width if tty else 100
    width = context_width(total, [x.match for x in lines])
    pad = " " * (width + 1)
    note = marks_note(lines, src, tgt)
    count = (f"the first {len(lines)} lines; more match (--limit shows more)" if more
             else counted(len(lines), "line"))
    note = note or why
    header = f"{query} {src}→{tgt}: {count}{'; ' + note if note else ''}"
    if not tty:
        sys.stdout.write(header + "\n")
        for x in lines:
            sys.stdout.write(plain(kwic(x.left, x.match, x.right, width)) + "\n")
            sys.stdout.write(f"{pad}{marked(x.target, x.tgt_marks, False)}  ({x.score:.2f}{' low' if low(x) else ''} "
                             f"{x.symbol or x.doc_id}"
                             f"{' ' + x.date if x.date else ''})\n")
        return
    console.print(f"[bold]{escape(query)}[/] {src}→{tgt}: {escape(count)}"
                  f"{' [dim]' + escape(note) + '[/]' if note else ''}", highlight=False)
    for x in lines:
        k = kwic(x.left, x.match, x.right, width)
        console.print(f"{escape(k.left)}[bold yellow]{escape(k.match)}[/]{escape(k.right)}", highlight=False,
                      soft_wrap=True)
        mark = " [red]low[/][dim]" if low(x) else ""
        console.print(f"{pad}[green]{marked(x.target, x.tgt_marks, True)}[/]  [dim]{x.score:.2f}{mark} "
                      f"{escape(x.symbol or x.doc_id)} {x.date or ''}[/]", highlight=False)
