"""The handouts served by the real Rasa server (loaded from credentials.yml, with the real
knowledge and a trained model), in headless Chromium: axe-core finds no violation at all at
1920 and 320 CSS px on every kind of page, the pages reflow at 320 px, run under their strict
Content-Security-Policy, are keyboard-operable with a visible focus, and the PDFs come from the
server (the repeat from the cache). Screenshots and axe's findings go to results/handouts/.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser, Page

from bot.settings import PROJECT_ROOT
from tests.browser import AXE, CHROMIUM, new_page, policy_refusals
from tests.focus import tab_stops
from tests.insights import test_page_browser as insights_browser
from tests.support import Assistant

# The insights page's browser (a module fixture), page and axe scan, so both pages are
# checked the same way.
axe = insights_browser.axe

RESULTS = PROJECT_ROOT / "results" / "handouts"
PAGES = {
    "index": "/handouts/",
    "case": "/handouts/case/send-barak",
    "briefing": "/handouts/briefing/send-barak",
    "audit": "/handouts/audit/mental-health-2019-20",
    "theme": "/handouts/theme/engaging-families",
    "not-found": "/handouts/case/nobody",
}


@pytest.fixture(scope="module")
def rasa_url(assistant: Assistant) -> str:
    """The session's real servers (tests/conftest.py): credentials.yml, real knowledge."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not AXE.exists():
        pytest.fail(f"{AXE} not found: run `make webchat-deps`")
    return assistant.url


def handout_page(browser: Browser, width: int, bypass_csp: bool = False) -> Page:
    return new_page(browser, width, 900, bypass_csp=bypass_csp)


@pytest.mark.parametrize("width", [1920, 320])
def test_every_kind_of_page_passes_axe_and_reflows(
    browser: Browser, rasa_url: str, width: int
) -> None:
    page = handout_page(browser, width, bypass_csp=True)  # axe is injected as a script
    for name, path in PAGES.items():
        reply = page.goto(f"{rasa_url}{path}")
        assert reply is not None and reply.status == (404 if name == "not-found" else 200), name
        RESULTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{name}-{width}px.png"), full_page=True)
        sizes = page.evaluate(
            "() => ({page: document.documentElement.scrollWidth, view: window.innerWidth})"
        )
        assert sizes["page"] <= sizes["view"], (name, sizes)
        assert axe(page, f"{name}-{width}px", RESULTS) == [], name
    page.context.close()


def test_pages_run_under_the_policy_with_their_stylesheets(browser: Browser, rasa_url: str) -> None:
    page = handout_page(browser, 1280)
    refused = policy_refusals(page)
    page.goto(f"{rasa_url}/handouts/briefing/send-erika")
    styles = page.evaluate(
        """() => ({margin: getComputedStyle(document.body).marginTop,
                   border: getComputedStyle(document.querySelector('.briefing-box'))
                       .borderTopStyle})"""
    )
    assert styles == {"margin": "0px", "border": "solid"}, "trainer.css or handouts.css missing"
    page.emulate_media(media="print")
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('.handout-nav')).display")
    assert hidden == "none", "the navigation is not printed"
    assert refused == []
    page.context.close()


def test_keyboard_reaches_every_link_with_a_visible_focus(browser: Browser, rasa_url: str) -> None:
    page = handout_page(browser, 1280)
    page.goto(f"{rasa_url}/handouts/case/send-erika")
    links = page.evaluate("() => document.querySelectorAll('a[href]').length")
    reached = tab_stops(page, links)
    assert reached[:3] == ["A:Skip to main content", "A:All handouts", "A:Download as PDF"]
    assert page.get_by_role("link", name="Download as PDF").get_attribute("href") == (
        "/handouts/case/send-erika.pdf"
    )
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{rasa_url}/handouts/")
    page.context.close()


def test_pdfs_come_from_the_server_and_repeats_from_the_cache(rasa_url: str) -> None:
    url = f"{rasa_url}/handouts/briefing/send-erika.pdf"
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=90) as reply:
            pdf = reply.read()
            assert reply.headers["Content-Type"] == "application/pdf"
        timings.append(time.perf_counter() - started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "briefing-send-erika.pdf").write_bytes(pdf)
    pages = subprocess.run(
        ["pdfinfo", str(RESULTS / "briefing-send-erika.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Pages:           1" in pages
    (RESULTS / "pdf-timing.json").write_text(
        json.dumps({"first_s": timings[0], "cached_s": timings[1]}, indent=2) + "\n"
    )
    print(f"PDF from the server: first {timings[0]:.2f} s, cached {timings[1]:.3f} s")
    assert timings[1] < timings[0] / 5
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{rasa_url}/handouts/audit/nothing.pdf", timeout=30)
    assert missing.value.code == 404
