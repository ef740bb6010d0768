"""The public directory page in a real browser (Debian's Chromium through Playwright):
search with and without umlauts, the filters, keyboard only, a phone-sized screen, and an
axe-core check for WCAG 2.1 A/AA on every public page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard.test_browser import ARGS, CHROMIUM
from tests.directory.conftest import OFFERS, csv_bytes

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from tests.conftest import service_missing

    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_app, live_server, tmp_path):
    """Musterstadt with its directory, made with the command line as an operator would."""
    runner = live_app.test_cli_runner()
    result = runner.invoke(args=["kommune", "add", "Musterstadt", "--number", "+493023125000"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "angebote.csv"
    path.write_bytes(csv_bytes(*OFFERS))
    result = runner.invoke(args=["offers", "import", str(path), "--kommune", "Musterstadt"])
    assert result.exit_code == 0, result.output
    return live_server


@pytest.fixture
def page(chromium, site) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=site.url, locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def results(page: Any) -> list[str]:
    return page.locator("ol.results h3").all_inner_texts()


def test_search_with_and_without_umlauts_and_the_filters(page):
    page.goto("/angebote/musterstadt")
    page.get_by_role("heading", name="Angebote in Ihrer Nähe", level=1).wait_for()
    page.get_by_label("Suchbegriff").fill("Strasse")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("heading", name="1 Angebot").wait_for()
    assert results(page) == ["Ambulanter Pflegedienst Sonnenschein"]
    page.get_by_label("Suchbegriff").fill("Mueller")
    page.get_by_role("button", name="Suchen").click()
    assert results(page) == ["Pflegeberatung Müller"]
    assert page.get_by_role("link", name="Anrufen: 030 23125203").get_attribute("href") == (
        "tel:+493023125203"
    )
    page.get_by_label("Suchbegriff").fill("")
    page.get_by_label("Thema").select_option(label="Pflege und Betreuung")
    page.get_by_label("Ortsteil").select_option(label="Nord")
    page.get_by_role("button", name="Suchen").click()
    assert results(page) == ["Ambulanter Pflegedienst Sonnenschein"]
    page.get_by_role("link", name="Ambulanter Pflegedienst Sonnenschein").click()
    page.get_by_role("heading", name="Ambulanter Pflegedienst Sonnenschein", level=1).wait_for()
    assert "Mo–Fr 8:00–16:00" in page.locator("dl.facts").inner_text()


def test_keyboard_only(page):
    page.goto("/angebote/musterstadt")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Suchbegriff"
    page.keyboard.type("Kaffee")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="1 Angebot").wait_for()
    assert results(page) == ["Seniorentreff Süd"]


def test_a_phone_sized_screen_scrolls_only_down(chromium, site):
    context = chromium.new_context(base_url=site.url, viewport={"width": 360, "height": 740})
    try:
        phone = context.new_page()
        for path in ("/angebote/musterstadt", "/angebote/musterstadt/mithelfen"):
            phone.goto(path)
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
    finally:
        context.close()


def test_every_public_page_passes_axe_for_wcag_21_aa(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in (
        "/angebote/musterstadt",
        "/angebote/musterstadt?q=Pflege&offen=y",
        "/angebote/musterstadt/1",
        "/angebote/musterstadt/liste",
        "/angebote/musterstadt/mithelfen",
    ):
        page.goto(path)
        found = axe.run(page, options={**WCAG, "resultTypes": ["violations"]})
        assert found.violations_count == 0, (path, found.generate_report())
