"""Tables in a real headless browser (Debian's chromium through Playwright): the document page of
A/80/590 draws its tables as tables, and the reader draws a table beside its translation.

Screenshots go to the test's temporary folder; ``scripts/screenshots`` sets ``HEXAGLOT_SCREENSHOTS``
to refresh docs/screenshots/document-tables-desktop.png (see docs/http.md)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_helpers import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium; "
                                                         ".ci/run installs it)")


@pytest.fixture(scope="module")
def server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:

    import hexaglot.archive
    from hexaglot.serve.http import Settings, create_app
    from test_cells import _write

    root = tmp_path_factory.mktemp("browser-tables")
    _write(root / "in", tables=True)
    shutil.copy(corpus / "un_reports_en" / "docx" / "A_80_590.docx", root / "in")
    with hexaglot.archive.create(root / "archive") as a:
        assert not a.ingest([root / "in"], embeddings=False, workers=1).errors
    with serving(create_app(settings=Settings(archive=root / "archive", embeddings=False))) as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page(viewport={"width": 1280, "height": 860}, locale="en-GB")
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield pg
        b.close()
        assert not errors, errors  # no script error and no CSP violation


def test_a_80_590_document_page_shows_its_tables(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/document?symbol=A/80/590")
    tables = page.locator("section.tables figure.datatable table")
    # as many as the DOCX reader gives (a table cut by hand over a page, its header repeated, is one)
    assert tables.count() == 25
    first = tables.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    assert "Performance of financial resources" in first.locator("caption").inner_text()
    assert first.locator("thead th").filter(has_text="Apportionment").count() == 1
    assert first.locator("tbody tr").count() == 8
    assert first.locator("tbody td").filter(has_text="37 339.0").count() == 1
    box = first.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 200  # drawn as a grid, not a line
    # a temporary folder, or docs/screenshots/ when scripts/screenshots sets $HEXAGLOT_SCREENSHOTS
    only = [n for n in os.environ.get("HEXAGLOT_SCREENSHOTS_ONLY", "").split(",") if n]
    shots = Path(os.environ.get("HEXAGLOT_SCREENSHOTS") or tmp_path)
    if not only or "document-tables" in only or shots == tmp_path:
        page.set_viewport_size({"width": 1280, "height": 860})
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "document-tables-desktop.png"))


def test_reader_draws_a_table_beside_its_translation(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/read?symbol=report&langs=en,fr")
    row = page.locator(".reader .row.tables")
    assert row.count() == 1
    en, fr = row.locator("table").nth(0), row.locator("table").nth(1)
    assert en.locator("th").first.inner_text() == "Category" and fr.locator("th").first.inner_text() == "Catégorie"
    a, b = en.bounding_box(), fr.bounding_box()
    assert a is not None and b is not None and a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 5
    assert en.locator("td[colspan='2']").inner_text() == "30 September 2024 Peacekeeping Reserve Fund"
