"""Pre-segmented text: only a newline ends a line, and line-parallel files (``--aligned``) must pair.

``--aligned`` used to drop blank lines on each side and pair what was left: one blank line shifted
every later pair ("Two." | "Trois."), files of different lengths were taken, and a form feed or
U+2028 inside a line cut it in two on one side only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hexaglot.errors import InputError
from hexaglot.ingest.parallel import from_files, read_lines


def _files(tmp_path: Path, en: str, fr: str) -> dict[str, Path]:
    (tmp_path / "d.en").write_text(en, encoding="utf-8")
    (tmp_path / "d.fr").write_text(fr, encoding="utf-8")
    return {"en": tmp_path / "d.en", "fr": tmp_path / "d.fr"}


def test_a_blank_line_on_one_side_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        from_files(_files(tmp_path, "One.\nTwo.\nThree.\n", "Un.\n\nTrois.\n"), aligned=True)
    assert "line 2 is blank in some files only" in str(err.value) and "d.fr" in str(err.value)


def test_different_line_counts_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        from_files(_files(tmp_path, "One.\nTwo.\nThree.\n", "Un.\nDeux.\n"), aligned=True)
    assert "d.en (3 lines)" in str(err.value) and "d.fr (2 lines)" in str(err.value) and "must have as many lines" in str(err.value)


def test_blank_rows_on_every_side_are_dropped_and_pairs_stay(tmp_path: Path) -> None:
    doc = from_files(_files(tmp_path, "One.\n\nTwo.\n", "Un.\n\nDeux.\n"), aligned=True)
    assert doc.texts == {"en": ["One.", "Two."], "fr": ["Un.", "Deux."]}


@pytest.mark.parametrize("brk", ["\x0c", "\x0b", "\u2028", "\u2029", "\x85"])
def test_only_a_newline_ends_a_line(tmp_path: Path, brk: str) -> None:
    doc = from_files(_files(tmp_path, "One.\nTwo.\n", f"Un.\nDeux{brk}deux.\n"), aligned=True)
    assert doc.texts["fr"] == ["Un.", "Deux deux."]


def test_unaligned_files_still_drop_blank_lines(tmp_path: Path) -> None:
    doc = from_files(_files(tmp_path, "One.\n\nTwo.\n", "Un.\nDeux.\nTrois.\n"))
    assert doc.texts == {"en": ["One.", "Two."], "fr": ["Un.", "Deux.", "Trois."]}


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), min_size=1, max_size=20))
def test_read_lines_keeps_one_line_per_newline(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    p = tmp_path_factory.mktemp("lines") / "x.en"
    body = "\n".join(x.replace("\n", " ").replace("\r", " ") for x in lines)
    p.write_text(body + "\n", encoding="utf-8")
    got = read_lines(p, keep_blank=True)
    assert len(got) == len(lines) and not any("\n" in x or "\u2028" in x for x in got)
