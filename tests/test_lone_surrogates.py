"""Text the Python API is given that cannot be written as UTF-8 (a lone surrogate) is one clear error
naming where it is; it was a raw UnicodeEncodeError from SQLite or the draft's temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest

import hexaglot
from hexaglot.errors import InputError, check_text
from hexaglot.ingest.parallel import ParallelDoc


def test_check_text_names_the_place_and_the_character() -> None:
    assert check_text("fine ✓", "x") == "fine ✓"
    with pytest.raises(InputError, match=r"^draft: not valid text: a lone surrogate U\+D800 at character 5$"):
        check_text("The \ud800 rights.", "draft")


def test_ingest_parallel_reports_the_document_and_stores_the_others(tmp_path: Path) -> None:
    a = hexaglot.create(tmp_path / "arc")
    bad = ParallelDoc(doc_id="bad", texts={"en": ["One.", "A \udc80 b."], "fr": ["Un.", "Un b."]},
                      paths={"en": "a.en", "fr": "a.fr"}, shas={"en": "1", "fr": "2"}, aligned=True)
    good = ParallelDoc(doc_id="good", texts={"en": ["One."], "fr": ["Un."]},
                       paths={"en": "b.en", "fr": "b.fr"}, shas={"en": "3", "fr": "4"}, aligned=True)
    report = a.ingest_parallel([bad, good], embeddings=False)
    assert report.errors == ["bad (en, sentence 2): not valid text: a lone surrogate U+DC80 at character 3"]
    assert [d.id for d in a.documents().items] == ["good"]
    a.close()


def test_pretranslate_of_text_with_a_lone_surrogate_is_one_error(tmp_path: Path) -> None:
    a = hexaglot.create(tmp_path / "arc")
    a.ingest_parallel([ParallelDoc(doc_id="d", texts={"en": ["The rights."], "fr": ["Les droits."]},
                                   paths={"en": "d.en", "fr": "d.fr"}, shas={"en": "1", "fr": "2"}, aligned=True)],
                      embeddings=False)
    with pytest.raises(InputError, match="draft: not valid text"):
        a.pretranslate(text="The \ud800 rights.", src="en", tgt="fr")
    a.close()
