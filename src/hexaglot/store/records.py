"""Typed records going into and coming out of the archive.

Written: a :class:`DocumentData` is everything known about one document (its language versions with
blocks and sentences, its pairwise alignments, its references), built by ingest and written by the
store in one transaction. Read: :class:`Hit`, :class:`ConcordanceLine`, :class:`DocumentView`,
:class:`Refs`, :class:`Pair` are what the API, the CLI and the exporters return and print.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class BlockData:
    text: str
    label: str = "paragraph"
    layer: str = "body"
    orig: str = ""


@dataclass
class SentenceData:
    text: str
    block: int | None = None
    start: int | None = None
    end: int | None = None
    kind: str = "prose"  # prose | title | footnote | cell (hexaglot.units)
    unit: str | None = None  # a footnote's mark, a table cell's position


@dataclass
class VersionData:
    """One language version of a document (one file, or one language of a parallel set)."""

    lang: str
    sha256: str
    path: str
    format: str
    sentences: list[SentenceData]
    blocks: list[BlockData] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    tables: list[dict[str, Any]] = field(default_factory=list)  # hexaglot.model.Table records as JSON
    # a stored sentence vector (hexaglot.semantic.codec) per sentence, None where there is none
    # (table cells); None as a whole when the vectors were not computed
    vectors: list[bytes | None] | None = None


@dataclass
class BeadData:
    """Sentence *indices* of the two versions (resolved to sentence ids when written)."""

    src: list[int]
    tgt: list[int]
    score: float


@dataclass
class AlignmentData:
    src_lang: str
    tgt_lang: str
    beads: list[BeadData]
    method: str = ""
    # what the aligner doubted about this pair (one language on both sides, texts that are not
    # translations of each other), as ``hexaglot ingest`` warns it, without the ``xx-yy: `` prefix
    notes: list[str] = field(default_factory=list)


@dataclass
class Facets:
    """The document-level fields search filters on."""

    symbol: str | None = None
    title: str | None = None
    date: str | None = None
    organs: list[str] = field(default_factory=list)
    session: int | None = None
    doc_type: str | None = None
    agenda: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass
class DocumentData:
    id: str
    kind: str  # text | parallel | catalogue
    facets: Facets
    versions: list[VersionData] = field(default_factory=list)
    alignments: list[AlignmentData] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)  # (target symbol, kind)
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (path, sha256, status) extra rows


@dataclass
class Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Hit(Record):
    """A search result: one sentence (or, for document results, its best sentence)."""

    doc_id: str
    symbol: str | None
    lang: str
    sentence_id: int
    text: str
    snippet: str
    score: float
    date: str | None = None
    matches: int = 1  # sentences of the document that matched (document results)
    kind: str = "prose"  # of the sentence: prose | title | footnote | cell
    aligned: str | None = None  # meaning and both modes: the aligned sentence(s) in ``aligned_lang``
    aligned_lang: str | None = None


@dataclass
class SearchResult(Record):
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    mode: str = "words"  # words | meaning | both (hexaglot.semantic.search)
    query_lang: str | None = None  # the language detected in the query (meaning and both modes)
    floor: float | None = None  # meaning, both: the lowest cosine a hit close in meaning needed (hexaglot.semantic.search)
    # meaning, both, when fewer hits than asked came back: the sentences the meaning half could not
    # reach because they have no vector yet (``hexaglot embed`` adds them); 0 otherwise
    unembedded: int = 0
    # no hit, and the query is the symbol (or id) of a stored document: that document's symbol
    document: str | None = None
    # no hit, and the query is a symbol the archive's documents cite (but holds no document of): their symbols
    cited_by: list[str] = field(default_factory=list)
    # no hit with document filters (organ, year...): the hits of the same search without them
    unfiltered: int = 0
    # meaning mode, a query of one word: what to do instead (:data:`hexaglot.semantic.search.ONE_WORD_HINT`)
    hint: str | None = None


@dataclass
class Related(Record):
    """A document close in meaning to another (:meth:`hexaglot.archive.Archive.related`)."""

    doc_id: str
    symbol: str | None
    title: str | None
    date: str | None
    score: float  # cosine of the two document vectors
    doc_type: str | None = None  # resolution, letter, report, ... (a resolution has no title of its own)


@dataclass
class ConcordanceLine(Record):
    doc_id: str
    symbol: str | None
    date: str | None
    src_lang: str
    tgt_lang: str
    left: str
    match: str
    right: str
    source: str  # the whole source sentence(s) of the bead
    target: str  # the aligned target sentence(s)
    score: float
    src_ids: list[int]
    tgt_ids: list[int]
    kind: str = "prose"  # of the matching source sentence
    # character spans [start, end) of ``target`` aligned to the matched words (hexaglot.wordalign)
    tgt_marks: list[tuple[int, int]] = field(default_factory=list)
    marks_by: str = ""  # "model" (a trained word model), "dictionary" (none trained: dictionaries and the page)


@dataclass
class VersionView(Record):
    lang: str
    sha256: str
    path: str
    format: str
    sentences: list[str]


@dataclass
class DocumentView(Record):
    id: str
    symbol: str | None
    kind: str
    title: str | None
    date: str | None
    organs: list[str]
    session: int | None
    doc_type: str | None
    versions: dict[str, VersionView]
    catalogue: dict[str, Any] | None = None


@dataclass
class Refs(Record):
    symbol: str
    cites: list[tuple[str, str]]  # (target, kind)
    cited_by: list[tuple[str, str]]  # (source doc id, kind)
    doc_id: str | None = None  # the stored document the symbol names; None: not in the archive
    # each cited or citing document that the archive holds: its title ("" when it has none)
    titles: dict[str, str] = field(default_factory=dict)
    # each cited or citing document that the archive holds: its id (a cited symbol as the citing
    # text spells it, found as :func:`hexaglot.store.read.resolve` finds it)
    found: dict[str, str] = field(default_factory=dict)


@dataclass
class Pair(Record):
    """One aligned unit for export: source and target text with where it came from."""

    doc_id: str
    symbol: str | None
    date: str | None
    src_lang: str
    tgt_lang: str
    src: str
    tgt: str
    score: float
    src_ids: list[int]
    tgt_ids: list[int]
    src_parts: list[str] = field(default_factory=list)  # the sentences joined in ``src``
    tgt_parts: list[str] = field(default_factory=list)
    kind: str = "prose"  # the bead's kind (hexaglot.units.bead_kind of its sentences' kinds)
