"""The web chat's page in headless Chromium: the chat page of the session's servers
(tests/conftest.py `assistant`, with the intranet page's origin allowed) and the steps every
such test takes."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.settings import PROJECT_ROOT
from tests.browser import AXE, CHROMIUM
from tests.support import Assistant

SCREENSHOTS = PROJECT_ROOT / "results" / "webchat"
ANSWER_TIMEOUT_MS = 30_000
NOTICE = "Please do not include names or any details that could identify a child or family"
EMBED_PAGE = """<!doctype html><html lang="en-GB"><head><title>Intranet</title></head><body>
<main><h1>Safeguarding intranet</h1>
<div data-rpa-chat></div>
<script src="{chat_url}widget.js" defer></script>
</main></body></html>"""


class IntranetPage(BaseHTTPRequestHandler):
    """Plays an intranet page that pastes the README's embed snippet, on its own origin."""

    server: IntranetServer

    def do_GET(self) -> None:
        body = EMBED_PAGE.format(chat_url=self.server.chat_url).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        """Keeps the test output clean."""


class IntranetServer(ThreadingHTTPServer):
    chat_url = ""


@pytest.fixture(scope="session")
def chat_url(assistant: Assistant, intranet: IntranetServer) -> str:
    """The chat page of the session's servers (tests/conftest.py), which allow the intranet
    page's origin."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` to install Debian's chromium")
    if not AXE.exists():
        pytest.fail(
            f"{AXE} not found: run `make webchat-deps` (npm ci --prefix bot/channels/webchat)"
        )
    url = f"{assistant.url}/chat/"
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.URLError as error:
        pytest.fail(
            f"{url}: {error}; credentials.yml must list "
            "`bot.channels.webchat.channel.WebChatInput:`"
        )
    intranet.chat_url = url
    return url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab (own sessionStorage) that fails the test if any dialog opens."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    context.close()
    assert dialogs == [], f"the page opened dialogs: {dialogs}"


def open_chat(page: Page, chat_url: str) -> None:
    """Opens the page and waits for the greeting, which the widget requests on first open."""
    page.goto(chat_url)
    expect(bot_messages(page).first).to_contain_text(NOTICE, timeout=ANSWER_TIMEOUT_MS)


def bot_messages(page: Page) -> Any:
    return page.get_by_role("log", name="Conversation").locator(".rpa-message--bot")


def user_messages(page: Page) -> Any:
    return page.get_by_role("log", name="Conversation").locator(".rpa-message--user")


def ask(page: Page, text: str) -> None:
    box = page.get_by_label("Your question")
    box.fill(text)
    box.press("Enter")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return list(result["violations"])
