"""The web interface in a real headless browser: Debian's chromium driven by Playwright.

Flows a person follows: search → open a result → read side by side → click a sentence and see its
counterpart highlighted; a concordance with a filter; an upload with the token, then the new
document. Each page is photographed at desktop and phone width into a temporary folder; the
pictures in ``docs/screenshots/`` are refreshed only by ``scripts/screenshots`` (which sets
``HEXAGLOT_SCREENSHOTS`` to that folder and, optionally, ``HEXAGLOT_SCREENSHOTS_ONLY`` to the page names).
"""

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
REPO = Path(__file__).resolve().parents[1]
DOC_SHOTS = REPO / "docs" / "screenshots"
TOKEN = "browser-test-token"
SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:

    import hexaglot.archive
    from hexaglot.demo import demo_files
    from hexaglot.serve.http import Settings, create_app

    path = tmp_path_factory.mktemp("browser") / "archive"
    with hexaglot.archive.create(path) as a:
        a.ingest(demo_files(), embeddings=False, workers=1)
    with serving(create_app(settings=Settings(archive=path, token=TOKEN, embeddings=False))) as url:
        yield url


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: a temporary folder, or ``$HEXAGLOT_SCREENSHOTS`` (``scripts/screenshots``)."""
    chosen = os.environ.get("HEXAGLOT_SCREENSHOTS")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, shots: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=SIZES["desktop"], locale="en-GB")
    pg = context.new_page()
    errors: list[str] = []
    failed: list[tuple[int, str]] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error"
          and not m.text.startswith("Failed to load resource") else None)
    pg.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    pg.expected_failures = []  # (status, url part) a test provokes on purpose
    pg.shots = shots
    yield pg
    context.close()
    assert not errors, errors  # no script error and no CSP violation on any page
    unexpected = [(st, u) for st, u in failed if not any(st == es and part in u for es, part in pg.expected_failures)]
    assert not unexpected, unexpected


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Screenshots at desktop and phone width (the page is reloaded at each size) into ``page.shots``;
    ``$HEXAGLOT_SCREENSHOTS_ONLY`` (comma-separated names) limits which pages are taken."""
    only = [n for n in os.environ.get("HEXAGLOT_SCREENSHOTS_ONLY", "").split(",") if n]
    if only and os.environ.get("HEXAGLOT_SCREENSHOTS") and name not in only:
        return
    page.shots.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(page.shots / f"{name}-{size}.png"), full_page=False)
    page.set_viewport_size(SIZES["desktop"])


def test_screenshots_go_to_a_temporary_folder(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """The suite never rewrites the tracked pictures in docs/screenshots/ (scripts/screenshots does)."""
    if os.environ.get("HEXAGLOT_SCREENSHOTS"):
        pytest.skip("scripts/screenshots is refreshing docs/screenshots on purpose")
    before = {p: p.stat().st_mtime_ns for p in DOC_SHOTS.glob("*.png")}
    page.goto(server + "/")
    shoot(page, "home")
    assert (page.shots / "home-desktop.png").stat().st_size > 1000
    assert REPO not in page.shots.resolve().parents
    assert {p: p.stat().st_mtime_ns for p in DOC_SHOTS.glob("*.png")} == before


def test_search_open_result_read_side_by_side(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    shoot(page, "home")
    page.fill("input[name=q]", "dignité")
    page.select_option("select[name=lang]", "fr")
    page.keyboard.press("Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").count() >= 3
    assert "Français" in page.locator(".facets").inner_text()
    shoot(page, "search")

    page.locator(".hit a.doc").first.click()
    page.wait_for_selector("h1")
    assert "udhr" in page.locator("h1").inner_text()
    shoot(page, "document-udhr")

    page.locator(".actions a", has_text="en-fr").click()
    page.wait_for_selector(".reader .sent")
    cells = page.locator('.reader .sent[data-lang="fr"]')
    target = cells.nth(3)
    k = target.get_attribute("data-k")
    target.click()
    counterpart = page.locator(f'.reader .sent[data-lang="en"][data-k="{k}"]')
    assert "active" in (counterpart.get_attribute("class") or "")
    assert page.locator(".reader .sent.active").count() == 2
    # Keyboard: arrow down moves to the next sentence, Enter pins it and its counterpart.
    target.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    nxt = page.locator(f'.reader .sent[data-lang="en"][data-k="{int(k) + 1}"]')
    assert "active" in (nxt.get_attribute("class") or "")
    shoot(page, "reader-en-fr")


def test_reader_arabic_is_right_to_left(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/read?symbol=udhr&langs=en,ar,zh")
    page.wait_for_selector(".reader .sent")
    ar = page.locator('.reader .sent[data-lang="ar"]').first
    assert ar.get_attribute("dir") == "rtl"
    assert page.evaluate("el => getComputedStyle(el).direction", ar.element_handle()) == "rtl"
    zh = page.locator('.reader .sent[data-lang="zh"]').first
    assert zh.get_attribute("lang") == "zh"
    # Hover shows the counterpart in every column.
    zh.hover()
    k = zh.get_attribute("data-k")
    assert "hover" in (page.locator(f'.reader .sent[data-lang="ar"][data-k="{k}"]').get_attribute("class") or "")
    shoot(page, "reader-en-ar-zh")


def test_reader_of_one_version_is_a_reading_column(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """One version read alone filled the page's width with rows whose text stopped at 48rem, half of
    each row empty; the reader itself is that column now."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/read?symbol=udhr&langs=en")
    page.wait_for_selector(".reader .sent")
    reader = page.locator(".reader").bounding_box()
    sent = page.locator(".reader .sent").first.bounding_box()
    assert reader is not None and sent is not None
    assert reader["width"] <= 820 and sent["width"] >= reader["width"] - 4, (reader, sent)


def _rendered_fonts(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The font families chromium really used for the text of the first element matching ``selector``."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def test_document_page_language_names_and_chinese_face(server: str, page) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    page.goto(server + "/document?symbol=udhr")
    page.wait_for_selector(".versions")
    assert page.locator(".meta-grid").count() == 0  # no empty box: UDHR's text names no symbol or date
    # The Arabic name stays before its sentence count (bidi-isolated), as in every other line.
    name_right, count_left = page.evaluate("""() => {
        const li = [...document.querySelectorAll('.versions li')].find(x => x.querySelector('bdi[lang=ar]'));
        const bdi = li.querySelector('bdi'); const r = document.createRange();
        const text = bdi.nextSibling; const at = text.textContent.search(/[0-9]/);
        r.setStart(text, at); r.setEnd(text, at + 1);
        return [bdi.getBoundingClientRect().right, r.getBoundingClientRect().left]; }""")
    assert name_right <= count_left + 0.5, (name_right, count_left)
    cjk = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if not any(face in cjk for face in ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "UMing", "Zen Hei")):
        pytest.skip("no Song or Hei face for Chinese installed (scripts/install installs fonts-noto-cjk)")
    for url, selector in (("/document?symbol=udhr", "bdi[lang=zh]"), ("/read?symbol=udhr&langs=en,zh", '.sent[data-lang="zh"]')):
        page.goto(server + url)
        page.wait_for_selector(selector)
        fonts = _rendered_fonts(page, selector)
        assert fonts and not any("kai" in f.lower() for f in fonts), fonts


def test_concordance_with_a_filter(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/concordance")
    page.fill("input[name=q]", "droits")
    page.select_option("select[name=src]", "fr")
    page.select_option("select[name=tgt]", "es")
    page.click("details.more summary")
    page.fill("input[name=min_score]", "0.4")
    page.click("button[type=submit]")
    page.wait_for_selector("table.kwic tbody tr")
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() >= 3
    scores = [float(x.split()[0]) for x in page.locator("td.score").all_inner_texts()]
    assert scores and min(scores) >= 0.4
    assert all("droit" in m.lower() for m in page.locator("td.src mark").all_inner_texts())
    assert "min_score=0.4" in (page.locator("a.export").get_attribute("href") or "")
    shoot(page, "concordance")


def test_upload_with_token_then_the_document_appears(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "lettre-2004-03-02.fr.txt"
    doc.write_text("Lettre datée du 2 mars 2004, adressée au Secrétaire général par le Représentant permanent "
                   "de la France auprès de l'Organisation des Nations Unies\n\nJ'ai l'honneur de vous informer "
                   "que la coopération régionale progresse.\n", encoding="utf-8")
    page.goto(server + "/upload")
    shoot(page, "upload")
    page.expected_failures.append((403, "/api/documents"))
    page.fill("#token", "not-the-token")
    page.set_input_files("#files", str(doc))
    page.click("button[type=submit]")
    page.wait_for_selector('#job[data-status="failed"]')
    assert "wrong token" in page.locator("#job-status").inner_text()

    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector('#job[data-status="done"]', timeout=60_000)
    shoot(page, "upload-done")
    page.locator("#job-docs a").first.click()
    page.wait_for_selector("h1")
    assert "2004-03-02" in page.locator(".meta-grid").inner_text()
    page.goto(server + "/search?q=%22coopération+régionale%22")
    assert page.locator(".hit").count() == 1


def test_an_upload_of_texts_that_are_not_translations_shows_a_warning(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = Path(__file__).resolve().parents[1] / "src" / "hexaglot" / "demo"
    en, fr = tmp_path / "note-2005.en.txt", tmp_path / "note-2005.fr.txt"
    lines = (demo / "S_RES_0241_1967_EN_GOLD.txt").read_text(encoding="utf-8").splitlines(True)
    # without its symbol, or it would join the stored S/RES/241 (1967)
    en.write_text("".join(x for x in lines if "S/RES" not in x and "Resolution 241" not in x), encoding="utf-8")
    fr.write_text((demo / "udhr.fr.txt").read_text(encoding="utf-8") + "\nUne note de 2005.\n", encoding="utf-8")
    page.goto(server + "/upload")
    page.fill("#token", TOKEN)
    page.set_input_files("#files", [str(en), str(fr)])
    page.click("button[type=submit]")
    page.wait_for_selector('#job[data-status="done"]', timeout=60_000)
    said = page.locator("#job-warnings li").all_inner_texts()
    assert len(said) == 1 and said[0].startswith("warning: document note-2005: en-fr: "), said
    assert "do not look like translations" in said[0]
    shoot(page, "upload-warning")
    page.goto(server + "/read?symbol=note-2005&langs=en,fr")  # the reader says it again, above the rows
    kept = page.locator("#align-notes li").all_inner_texts()
    assert len(kept) == 1 and kept[0] == said[0].removeprefix("warning: document note-2005: "), kept
    shoot(page, "reader-doubts")


def test_documents_and_a_resolution_page(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/documents")
    page.locator(".facets a", has_text="SC").first.click()
    page.wait_for_selector(".doclist")
    assert page.locator(".doclist li").count() >= 3
    shoot(page, "documents")
    page.locator(".doclist a", has_text="S/RES/881").click()
    page.wait_for_selector(".refs")
    assert "S/RES/876 (1993)" in page.locator(".refs").inner_text()
    shoot(page, "document-resolution")
    page.goto(server + "/document?symbol=letter-2003-06-04")
    text = page.locator(".meta-grid").inner_text()
    assert "Sergey Lavrov" in text and "74, 83" in text
    assert page.locator("h2", has_text="Annexes").count() == 1
    shoot(page, "document-letter")


def test_api_docs_render_offline(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 7
    shoot(page, "api-docs")


def test_unknown_document_page(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context()
    pg = ctx.new_page()
    resp = pg.goto(server + "/document?symbol=A/99/999")
    assert resp is not None and resp.status == 404
    assert "no such document" in pg.locator(".error").inner_text()
    ctx.close()


def test_terms_page_renderings_by_year(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.click("nav a[href='/terms']")
    page.fill("input[name=q]", "human rights")
    page.select_option("select[name=src]", "en")
    page.select_option("select[name=tgt]", "fr")
    page.click("button[type=submit]")
    page.wait_for_selector("table.terms tbody tr")
    renderings = page.locator("table.terms").first.locator("tbody tr").all_inner_texts()
    assert any("homme" in r.lower() for r in renderings)  # the UDHR: "droits de l'homme", "homme"
    assert page.locator("nav a[aria-current=page]").inner_text() == "Terms"
    shoot(page, "terms")
