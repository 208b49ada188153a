"""The web search page in meaning mode, in Debian's chromium (Playwright): the mode switch, each hit's
language, its aligned English beside it. Real UN sentences (the UNPC 6-way dev set, 12 documents).
``scripts/screenshots`` writes ``search-meaning-*.png`` into docs/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

from archive_helpers import serving
from test_http_browser import CHROMIUM, browser, page, shoot, shots  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[str]:
    import hexaglot.archive
    from hexaglot.ingest.parallel import unpc_documents
    from hexaglot.serve.http import Settings, create_app

    path = tmp_path_factory.mktemp("semantic-browser") / "archive"
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel(list(islice(unpc_documents(corpus / "unpc_devset_6way"), 12)), embeddings=False)
        a.embed()
    with serving(create_app(settings=Settings(archive=path, token="t", embeddings=False))) as url:
        yield url


def test_meaning_mode_shows_languages_and_aligned_english(server: str, page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page.goto(server + "/")
    page.fill("input[name=q]", "protection of civilians and humanitarian assistance")
    page.check("input[name=mode][value=meaning]")
    page.click("button[type=submit]")
    page.wait_for_selector("ol.hits li.hit")
    assert "mode=meaning" in page.url
    assert page.is_checked("input[name=mode][value=meaning]")
    langs = page.locator("ol.hits li.hit span.tag").all_inner_texts()
    assert len(set(langs)) >= 2  # hits in several languages
    aligned = page.locator("ol.hits li.hit p.aligned")
    assert aligned.count() >= 1 and aligned.first.is_visible()
    assert "closest in meaning" in page.inner_text("p.meta")
    shoot(page, "search-meaning")
