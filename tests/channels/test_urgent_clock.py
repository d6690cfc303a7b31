"""The clock table (tests/urgent_clock.py) through the real servers: REST; Teams (a real Bot
Framework activity into the Teams channel, the real assistant's reply out to a stand-in for
Microsoft's connector); and the web chat page in headless Chromium on a 390x844 phone, where the
number that applies now must be visible without scrolling. Every row runs through all
three channels. The servers' clock (RPA_CLOCK) names a file, so the session's servers
(tests/conftest.py `assistant`) cover every row without a start of their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from bot.tooling.evaluation import ask
from tests.channels.teams.fake_microsoft import (
    bot_framework_token,
    card_text,
    card_titles,
    harness,
    relay_to,
    run_apart,
    said,
    teams_message,
)
from tests.support import Assistant
from tests.urgent_clock import (
    EDT,
    ROWS,
    WEEKDAY_10AM,
    Row,
    check_first_message,
    local_numbers_in,
    words,
)

PHONE: ViewportSize = {"width": 390, "height": 844}
MAX_ACKNOWLEDGEMENT_WORDS = 15
ANSWER_TIMEOUT_MS = 30_000


class Clock:
    def __init__(self, path: Path) -> None:
        self.path = path

    def set(self, moment: str) -> None:
        self.path.write_text(moment, encoding="utf-8")


@pytest.fixture
def clocked(assistant: Assistant) -> Iterator[tuple[str, Clock]]:
    """The session's servers, whose clock each test moves; put back to a weekday morning after
    each test, as every other test expects."""
    clock = Clock(assistant.clock)
    try:
        yield assistant.url, clock
    finally:
        clock.set(WEEKDAY_10AM)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_rest_gives_the_number_that_applies_at_that_time(
    row: Row, clocked: tuple[str, Clock]
) -> None:
    url, clock = clocked
    clock.set(row.clock)
    sender = uuid.uuid4().hex
    replies = ask(url, row.message, sender=sender)
    check_first_message(row, replies[0]["text"])
    # "ok cheers" in the same conversation: a short acknowledgement with the 999 reminder,
    # never the block again (issue 20, item 4)
    follow_up = " ".join(reply.get("text") or "" for reply in ask(url, "ok cheers", sender=sender))
    assert "999" in follow_up and not local_numbers_in(follow_up), follow_up
    assert words(follow_up) <= MAX_ACKNOWLEDGEMENT_WORDS, follow_up


AT_2AM = "which one do i ring at 2am"


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_teams_gives_the_number_that_applies_at_that_time(
    row: Row, clocked: tuple[str, Clock]
) -> None:
    """The first card: 999 first, exactly the row's numbers, at most 60 words, the moment the
    message named; then "which one do i ring at 2am" in the same conversation: the number
    that applies at 2am (the Emergency Duty Team), said as that moment, never the block again."""
    url, clock = clocked
    clock.set(row.clock)

    async def scenario() -> None:
        async with harness(relay_to(url, uuid.uuid4().hex)) as h:
            activity = teams_message(
                h.microsoft.service_url,
                text=row.message,
                attachments=[{"contentType": "text/html", "content": f"<p>{row.message}</p>"}],
            )
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            [card] = reply["attachments"]
            check_first_message(row, card_text(card))
            assert "All urgent contacts" in card_titles(card)
            follow_up = teams_message(h.microsoft.service_url, id="2", text=AT_2AM)
            assert await h.post(follow_up, bot_framework_token(h.microsoft.service_url)) == 200
            at_2am = said(h.microsoft.replies[1:])
            assert local_numbers_in(at_2am) == (EDT,), at_2am
            assert "02:00" in at_2am and "999" in at_2am, at_2am

    run_apart(scenario())


def urgent_bubble(page: Page, url: str, message: str) -> Locator:
    """The web chat page opened, `message` typed: the one reply bubble that holds 999."""
    page.goto(f"{url}/chat/")
    log = page.get_by_role("log", name="Conversation")
    expect(log.locator(".rpa-message--bot").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    box = page.get_by_label("Your question")
    box.fill(message)
    box.press("Enter")
    urgent = log.locator(".rpa-message--bot").filter(has_text="999")
    expect(urgent).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    return urgent


def check_visible_without_scrolling(urgent: Locator, row: Row) -> None:
    """On the phone, once the log has scrolled to the new message, each number the row gives
    lies wholly inside the 390x844 screen, and the button to the other contacts is on it."""
    for number in row.first:  # waits while the log scrolls to the new message
        expect(urgent.get_by_text(number).first).to_be_in_viewport(ratio=1)
    button = urgent.get_by_role("button", name="All urgent contacts")
    expect(button).to_be_in_viewport()


def test_the_web_chat_gives_every_row_of_the_clock_table(
    clocked: tuple[str, Clock], browser: Browser
) -> None:
    """The whole table through the web chat page on a 390x844 phone, one new conversation (tab)
    a row, in one browser context: the bubble holds 999 first, then exactly the row's numbers,
    and those numbers are on the screen without scrolling, for the danger rows and for every
    contact row (each time and area of the table)."""
    url, clock = clocked
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        for row in ROWS:
            clock.set(row.clock)
            page = context.new_page()
            urgent = urgent_bubble(page, url, row.message)
            text = urgent.inner_text().replace("\u00a0", " ")
            assert text.index("999") < text.index(row.first[0]), (row, text)
            assert local_numbers_in(text) == row.first, (row, text)
            if row.asked is not None:
                assert row.asked in text, (row, text)
            check_visible_without_scrolling(urgent, row)
            page.close()
    finally:
        context.close()
