"""A resolution's adoption line that a blank line broke in two ("Adopted unanimously at the" / blank /
"2729the meeting", S/RES/593 (1986)) is one line again, its meeting read as every adoption line's,
and the ordinal OCR damaged ("2729the", "123r d", "1193rd_") written as printed ("2729th")."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.model import Label, Layer
from hexaglot.pipeline import process_one

_RES = Path("unsc_resolutions_en") / "texts"


def _body(doc) -> list[tuple[str, str]]:
    return [(str(b.label), b.text) for b in doc.blocks if b.layer == Layer.BODY]


def test_the_broken_adoption_line_of_resolution_593_is_one_line(corpus: Path) -> None:
    res = process_one(corpus / _RES / "S_RES_0593_1986_EN_GOLD.txt", "en", segment=True)
    assert res.ok, res.error
    doc = res.document
    adopted = [(label, text) for label, text in _body(doc) if "meeting" in text or text.startswith("Adopted")]
    assert adopted == [("paragraph", "Adopted unanimously at the 2729th meeting")]
    assert not any(b.label in (Label.HEADING, Label.TITLE) for b in doc.blocks if "2729" in b.text)
    assert doc.metadata.meeting == 2729 and doc.metadata.sources["meeting"] == "adoption_line"
    assert [str(s.kind) for s in res.sentences if "2729" in s.text] == ["prose"]
    assert "Adopted unanimously at the\n2729the meeting" in next(
        b.orig for b in doc.blocks if b.text.startswith("Adopted"))  # the lines as read are kept


def _resolution(tmp_path: Path, adoption: str, name: str = "res.en.txt") -> Path:
    f = tmp_path / name
    f.write_text("Resolution 593 (1986)\n\nof 11 December 1986\n\nThe Security Council,\n\n"
                 "Noting the report of the Secretary-General on the United Nations operation in Cyprus,\n\n"
                 "1. Extends once more the stationing in Cyprus of the United Nations Peace-keeping Force;\n\n"
                 f"{adoption}\n", encoding="utf-8")
    return f


@pytest.mark.parametrize(("adoption", "line", "meeting"), [
    ("Adopted at the\n\n1612th meeting by 14 votes to none, with 1 abstention (China).",
     "Adopted at the 1612th meeting by 14 votes to none, with 1 abstention (China).", 1612),
    ("Adopted unanimously at the\n\n2729the meeting", "Adopted unanimously at the 2729th meeting", 2729),
    ("Adopted unanimously at the\n\n123r d meeting.", "Adopted unanimously at the 123rd meeting.", 123),
    ("Adopted unanimously at the 1193rd_ meeting.", "Adopted unanimously at the 1193rd meeting.", 1193),
    ("Adopted at the 1771st meting by 14 votes to none.", "Adopted at the 1771st meting by 14 votes to none.",
     1771),
    # a space inside the number (S/RES/625 (1988), 637, 885): the 2833rd meeting, not the 3rd
    ("Adopted unanimously at the\n283 3rd meeting.", "Adopted unanimously at the 2833rd meeting.", 2833),
    ("Adopted unanimously at the 331 5th meeting.", "Adopted unanimously at the 3315th meeting.", 3315),
])
def test_a_broken_or_damaged_adoption_line(tmp_path: Path, adoption: str, line: str, meeting: int) -> None:
    doc = process_one(_resolution(tmp_path, adoption), "en").document
    assert _body(doc)[-1] == ("paragraph", line)
    assert [t for _, t in _body(doc)].count(line) == 1 and not any(t.startswith(("1612th", "2729", "123r"))
                                                                   for _, t in _body(doc))
    assert doc.metadata.meeting == meeting


def test_what_is_not_a_broken_adoption_line_stays_apart(tmp_path: Path) -> None:
    """A heading that states its meeting, or whose next block does not go on with one, is not joined."""
    doc = process_one(_resolution(tmp_path, "Adopted unanimously at the 2729th meeting\n\n"
                                            "Annex\n\nList of troop-contributing countries"), "en").document
    assert [t for _, t in _body(doc)][-3:] == ["Adopted unanimously at the 2729th meeting", "Annex",
                                              "List of troop-contributing countries"]
    doc = process_one(_resolution(tmp_path, "Adopted unanimously at the\n\nSecurity Council session",
                                  "res2.en.txt"), "en").document
    assert [t for _, t in _body(doc)][-2:] == ["Adopted unanimously at the", "Security Council session"]
