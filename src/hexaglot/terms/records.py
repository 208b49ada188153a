"""The records the terminology returns (the CLI, HTTP API and web page print exactly these)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hexaglot.store.records import Record


@dataclass
class Example(Record):
    """One concordance line: the aligned bead where the term and its equivalent occur."""

    doc_id: str
    symbol: str | None
    date: str | None
    src: str
    tgt: str


@dataclass
class Equivalent(Record):
    """A target-language candidate for a source term, with its association to it."""

    term: str  # the most frequent surface form where it renders the source term
    key: str  # the grouping key (case/accent folded, light stem)
    variants: list[str]
    cooccurrences: int  # beads holding both
    frequency: int  # beads holding this candidate
    dice: float
    llr: float
    score: float


@dataclass
class TermEntry(Record):
    """One source term with its equivalents."""

    src_lang: str
    tgt_lang: str
    term: str
    key: str
    variants: list[str]
    frequency: int  # occurrences in the source side
    documents: int
    first_year: int | None
    last_year: int | None
    equivalents: list[Equivalent] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass
class Rendering(Record):
    """One way the term was rendered: its beads per year of the document, and in undated documents."""

    term: str
    key: str
    total: int
    by_year: dict[int, int]
    undated: int = 0  # beads of documents without a date (not in by_year)


@dataclass
class TermLookup(Record):
    """``hexaglot term``: every rendering of one term, by year, with its equivalents and examples."""

    query: str
    key: str
    src_lang: str
    tgt_lang: str
    occurrences: int  # aligned beads whose source side holds the term
    renderings: list[Rendering] = field(default_factory=list)
    equivalents: list[Equivalent] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # the dated documents' years, ascending
    undated: int = 0  # beads of documents without a date
