"""The record model every stage shares.

One typed, versioned :class:`Document` flows through read → clean → parse → segment → align.
Blocks keep the original text beside the cleaned text and a layer (body, furniture, notes), so
nothing is deleted: running headers, page and job numbers are *demoted* to the furniture layer,
footnotes to the notes layer. Sentences and beads point at ids; they never copy text they do not own.

All records are pydantic models: ``Document.model_validate_json(doc.model_dump_json()) == doc``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2

LANGS: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official languages of the United Nations, ISO 639-1."""


def lang_order(lang: str) -> tuple[int, str]:
    """A sort key: the six in the UN's order (ar, zh, en, fr, ru, es), then any other language by its code."""
    return (LANGS.index(lang), "") if lang in LANGS else (len(LANGS), lang)


class Record(BaseModel):
    """Base of every record: strict about unknown keys, compared by value."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Layer(StrEnum):
    BODY = "body"
    FURNITURE = "furniture"  # running headers/footers, page numbers, job numbers, barcodes
    NOTES = "notes"  # footnotes


class Label(StrEnum):
    LINE = "line"  # a raw line from a hard-wrapped source (txt, pdf), before clean reflows it
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    SIGNATURE = "signature"
    COVER = "cover"  # the UN cover block (symbol, distribution, date, ...)
    PAGE_HEADER = "page_header"
    PAGE_FOOTER = "page_footer"
    PAGE_NUMBER = "page_number"
    JOB_NUMBER = "job_number"
    BARCODE = "barcode"
    FOOTNOTE = "footnote"
    TABLE = "table"  # where a table stands in reading order (``Block.table`` points at it)
    CAPTION = "caption"
    CONTENTS = "contents"  # a table-of-contents line: never a heading, an annex or a sentence
    OTHER = "other"


class UnitKind(StrEnum):
    """What a text unit (a sentence) is, across segment → store → search → concordance → export."""

    PROSE = "prose"  # body paragraphs, list items, signatures
    TITLE = "title"  # titles, headings, captions
    FOOTNOTE = "footnote"  # footnote text (the notes layer)
    CELL = "cell"  # table cells


class Span(Record):
    """Half-open character span ``[start, end)`` into the raw text the reader produced."""

    start: int
    end: int


class Block(Record):
    """One unit of layout: a paragraph, a heading, a page number, a footnote..."""

    text: str  # cleaned text
    orig: str = ""  # the text as read, before cleaning
    label: Label = Label.PARAGRAPH
    layer: Layer = Layer.BODY
    page: int | None = None  # 1-based page number when the source has pages
    span: Span | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    style: str | None = None  # style name in the source (DOCX), or font hint (PDF)
    annex: str | None = None  # label of the annex the block belongs to ("I", "II"), None = main body
    notes: list[str] = Field(default_factory=list)  # footnote marks referenced from this block
    table: int | None = None  # index into Document.tables, for a TABLE block that stands for one
    box: str | None = None  # prose inside a box or sidebar: the box's label ("box", "Summary")


class Symbol(Record):
    """A UN document symbol, normalised (``A/58/50/Rev.1``, ``S/RES/1483 (2003)``)."""

    value: str
    reissued: bool = False  # printed with an asterisk: "A/80/605*"
    raw: str = ""  # as it appeared in the text


class Signatory(Record):
    name: str
    country: str | None = None  # ISO 3166 alpha-2
    role: str | None = None


class Footnote(Record):
    mark: str
    text: str
    page: int | None = None


class Annex(Record):
    label: str  # "I", "II", "" for a single unnumbered annex
    heading: str = ""  # "Annexe I à la lettre datée du ..."
    title: str | None = None


class Cell(Record):
    """One table cell; a merged cell is stored once, with its spans."""

    text: str
    row_span: int = 1
    col_span: int = 1
    notes: list[str] = Field(default_factory=list)  # footnote or table-note marks in the cell


class Table(Record):
    """A real table (more than one cell of data). Boxes of prose are blocks with ``box`` set."""

    label: str | None = None  # "Table 3", "Annex II, table 1"
    caption: str | None = None
    header: list[list[Cell]] = Field(default_factory=list)  # header rows
    rows: list[list[Cell]] = Field(default_factory=list)  # body rows
    notes: list[str] = Field(default_factory=list)  # notes and sources printed under the table
    pages: list[int] = Field(default_factory=list)  # source pages (a continued table spans several)
    annex: str | None = None  # label of the annex the table belongs to, None = main body

    def cell_texts(self) -> list[str]:
        return [c.text for row in (*self.header, *self.rows) for c in row if c.text]

    def grid(self) -> list[list[tuple[int, int, Cell] | None]]:
        """Header and body rows on a rectangular grid: each slot holds ``(row, col, cell)`` of the cell
        that covers it (a merged cell covers several slots), or None where no cell is."""
        rows = [*self.header, *self.rows]
        taken: dict[tuple[int, int], tuple[int, int, Cell]] = {}
        width = 0
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                for dr in range(min(max(cell.row_span, 1), len(rows) - r)):
                    for dc in range(max(cell.col_span, 1)):
                        taken[(r + dr, c + dc)] = (r, c, cell)
                c += max(cell.col_span, 1)
                width = max(width, c)
        return [[taken.get((r, c)) for c in range(width)] for r in range(len(rows))]


class Origin(Record):
    path: str
    sha256: str
    format: str  # txt, pdf, docx, html
    encoding: str | None = None  # for text formats
    size: int = 0
    pages: int | None = None
    text_quality: float | None = None  # 0..1, how usable the text layer is (PDF)
    needs_ocr: bool = False
    repaired_mojibake: bool = False


class Metadata(Record):
    symbols: list[Symbol] = Field(default_factory=list)
    date: str | None = None  # ISO 8601
    organs: list[str] = Field(default_factory=list)  # GA, SC, ECOSOC, HRC, ...
    session: int | None = None
    meeting: int | None = None
    agenda_items: list[int | str] = Field(default_factory=list)  # 74, "156 (a)"
    agenda_list: str | None = None  # preliminary | provisional | adopted
    doc_type: str | None = None
    title: str | None = None
    job_number: str | None = None
    distribution: str | None = None  # general | limited | restricted
    original_language: str | None = None
    sender_countries: list[str] = Field(default_factory=list)
    addressee: str | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    sponsors: list[str] = Field(default_factory=list)  # of a draft resolution, as printed
    references: list[str] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)  # field -> cascade step that gave it


class Document(Record):
    schema_version: int = SCHEMA_VERSION
    id: str
    origin: Origin
    language: str | None = None
    metadata: Metadata = Field(default_factory=Metadata)
    blocks: list[Block] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def body_blocks(self, annex: str | None = None) -> list[Block]:
        """Body-layer blocks of the main text (``annex=None``) or of one annex."""
        return [b for b in self.blocks if b.layer == Layer.BODY and b.annex == annex]

    def paragraphs(self, annex: str | None = None) -> list[Block]:
        """Body paragraphs and list items (titles, headings and signatures excluded)."""
        return [
            b for b in self.body_blocks(annex) if b.label in (Label.PARAGRAPH, Label.LIST_ITEM)
        ]

    def body_text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.layer == Layer.BODY)


class Sentence(Record):
    """A sentence of one language version; ``id`` is stable within the document version."""

    id: int
    text: str
    block: int | None = None  # index into Document.blocks
    span: Span | None = None  # character span inside the block's cleaned text
    kind: UnitKind = UnitKind.PROSE
    unit: str | None = None  # where in its kind: a footnote's mark, a table cell's position


class Bead(Record):
    """One alignment unit: source sentence indices ↔ target sentence indices, with a confidence.

    ``score`` is the estimated probability that the bead is exactly right (calibrated, see
    :mod:`hexaglot.align.calibrate`); ``raw`` the aligner's uncalibrated score, when known."""

    src: list[int]
    tgt: list[int]
    score: float = 1.0
    raw: float | None = None


class Alignment(Record):
    src_lang: str
    tgt_lang: str
    beads: list[Bead]
    method: str = ""
