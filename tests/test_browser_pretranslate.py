"""The Pre-translate page in a real headless browser (Debian's chromium through Playwright): paste a
draft, submit with the token, see the analysis chart and the segments beside their candidates.
Screenshots go to a temporary folder unless ``scripts/screenshots`` sets ``HEXAGLOT_SCREENSHOTS``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_helpers import build_demo_archive, serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium; "
                                "scripts/install --test)")
TOKEN = "browser-test-token"
DRAFT = ("Universal Declaration of Human Rights\n\n"
         "Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the "
         "human family is the foundation of freedom, justice and peace in the world,\n\n"
         "Whereas recognition of the inherent dignity and of the equal and inviolable rights of all members of the "
         "human family is the foundation of freedom, justice and peace in the world,\n\n"
         "The weather in Geneva was pleasant on that day.\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from hexaglot.serve.http import Settings, create_app

    path = build_demo_archive(tmp_path_factory.mktemp("browser-pt") / "archive")
    with serving(create_app(settings=Settings(archive=path, token=TOKEN, embeddings=False))) as url:
        yield url


def test_pretranslate_page_shows_the_analysis_and_the_matches(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("HEXAGLOT_SCREENSHOTS") or tmp_path)
    only = [n for n in os.environ.get("HEXAGLOT_SCREENSHOTS_ONLY", "").split(",") if n]
    errors: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1280, "height": 1000}, locale="en-GB")
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{server}/pretranslate")
        assert page.locator('nav a[href="/pretranslate"]').get_attribute("aria-current") == "page"
        page.fill('input[name="token"]', TOKEN)
        page.fill('textarea[name="text"]', DRAFT)
        page.select_option('select[name="src"]', "en")
        page.fill('input[name="tgt"]', "fr")
        page.click('button[type="submit"]')
        page.wait_for_selector("section.pretranslation svg")
        assert page.locator("table.segments tr").count() == 5
        assert page.locator("table.segments td ins").first.inner_text().strip() == "inviolable"
        assert page.locator('a[download$=".fr.xlf"]').count() == 1
        if not only or "pretranslate" in only:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "pretranslate-desktop.png"), full_page=True)
        b.close()
    assert not errors, errors
