"""The record model: JSON round-trips exactly, unknown keys are refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hexaglot.model import (
    SCHEMA_VERSION,
    Annex,
    Block,
    Document,
    Footnote,
    Label,
    Layer,
    Metadata,
    Origin,
    Signatory,
    Span,
    Symbol,
)

text = st.text(max_size=40)
opt_text = st.none() | text
ints = st.integers(min_value=0, max_value=10**6)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)

blocks = st.builds(
    Block,
    text=text,
    orig=text,
    label=st.sampled_from(list(Label)),
    layer=st.sampled_from(list(Layer)),
    page=st.none() | ints,
    span=st.none() | st.builds(Span, start=ints, end=ints),
    bbox=st.none() | st.tuples(finite, finite, finite, finite),
    style=opt_text,
    annex=opt_text,
    notes=st.lists(text, max_size=3),
)
metadata = st.builds(
    Metadata,
    symbols=st.lists(st.builds(Symbol, value=text, reissued=st.booleans(), raw=text), max_size=3),
    date=opt_text,
    organs=st.lists(text, max_size=3),
    session=st.none() | ints,
    meeting=st.none() | ints,
    agenda_items=st.lists(ints | text.filter(lambda s: not s.strip().lstrip("-").isdigit()), max_size=3),
    agenda_list=opt_text,
    doc_type=opt_text,
    title=opt_text,
    job_number=opt_text,
    distribution=opt_text,
    original_language=opt_text,
    sender_countries=st.lists(text, max_size=3),
    addressee=opt_text,
    signatories=st.lists(st.builds(Signatory, name=text, country=opt_text, role=opt_text), max_size=2),
    references=st.lists(text, max_size=3),
    sources=st.dictionaries(text, text, max_size=3),
)
documents = st.builds(
    Document,
    id=text,
    origin=st.builds(Origin, path=text, sha256=text, format=text, encoding=opt_text, size=ints,
                     pages=st.none() | ints, text_quality=st.none() | finite, needs_ocr=st.booleans()),
    language=opt_text,
    metadata=metadata,
    blocks=st.lists(blocks, max_size=5),
    annexes=st.lists(st.builds(Annex, label=text, heading=text, title=opt_text), max_size=2),
    footnotes=st.lists(st.builds(Footnote, mark=text, text=text, page=st.none() | ints), max_size=2),
    warnings=st.lists(text, max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_json_round_trip_is_exact(doc: Document) -> None:
    dumped = doc.model_dump_json()
    again = Document.model_validate_json(dumped)
    assert again == doc
    assert again.model_dump_json() == dumped
    # and through a plain json.loads/json.dumps cycle, as files and HTTP see it
    assert Document.model_validate(json.loads(dumped)) == doc


def test_schema_version_and_unknown_keys() -> None:
    doc = Document(id="x", origin=Origin(path="p", sha256="0", format="txt"))
    assert doc.schema_version == SCHEMA_VERSION == 2
    data = doc.model_dump()
    data["surprise"] = 1
    with pytest.raises(ValidationError):
        Document.model_validate(data)


def test_body_helpers_read_layers() -> None:
    doc = Document(
        id="x",
        origin=Origin(path="p", sha256="0", format="txt"),
        blocks=[
            Block(text="Title", label=Label.TITLE),
            Block(text="Para one.", label=Label.PARAGRAPH),
            Block(text="26-00248 (E)", label=Label.JOB_NUMBER, layer=Layer.FURNITURE),
            Block(text="Annex para.", label=Label.PARAGRAPH, annex="I"),
        ],
    )
    assert [b.text for b in doc.paragraphs()] == ["Para one."]
    assert [b.text for b in doc.paragraphs("I")] == ["Annex para."]
    assert "26-00248" not in doc.body_text()
