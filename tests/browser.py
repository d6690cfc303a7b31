"""Headless Chromium for the browser tests: the browser itself, the axe-core script, and a page
of a given size. Nothing here is skipped: without Chromium or axe-core a test fails and says
which make target installs them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = PROJECT_ROOT / "bot" / "channels" / "webchat" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API keeps an event loop running in this thread while
    it is started, which would break later tests that call asyncio.run()."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser: Browser, width: int, height: int, bypass_csp: bool = False) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=bypass_csp, accept_downloads=True
    )
    return context.new_page()


def wait_for_styles(page: Page) -> None:
    """A form's answer page shows its URL and heading before its stylesheet may have loaded (a
    CI run on a busy machine once measured an insights page with no styles): layout is measured
    only after the page's load event."""
    page.wait_for_load_state("load")


def policy_refusals(page: Page) -> list[str]:
    """What the page's Content-Security-Policy refuses from now on, as the console reports it
    (a list that fills as the page runs)."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return refused
