"""The clock table (tests/urgent_clock.py) through the real servers: REST; Teams (a real Bot
Framework activity into the Teams channel, the real assistant's reply out to a stand-in for
Microsoft's connector); and the web chat page in headless Chromium on a 390x844 phone, where the
number that applies now must be visible without scrolling. Every row runs through all
three channels. The servers' clock (RPA_CLOCK) names a file, so the session's servers
(tests/conftest.py `assistant`) cover every row without a start of their own."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect
from rasa.core.channels.channel import UserMessage

from bot.tooling.evaluation import ask
from tests.channels.teams.fake_microsoft import (
    bot_framework_token,
    card_text,
    card_titles,
    harness,
    teams_message,
)
from tests.support import Assistant
from tests.urgent_clock import ROWS, WEEKDAY_10AM, Row, check_first_message, local_numbers_in, words

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


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_teams_gives_the_number_that_applies_at_that_time(
    row: Row, clocked: tuple[str, Clock]
) -> None:
    url, clock = clocked
    clock.set(row.clock)
    conversation = uuid.uuid4().hex

    async def assistant(message: UserMessage) -> None:
        """The real assistant answers (over REST), through the Teams channel's own output."""
        replies = await asyncio.to_thread(ask, url, message.text or "", conversation)
        for reply in replies:
            await message.output_channel.send_text_with_buttons(
                message.sender_id, reply.get("text") or "", reply.get("buttons") or []
            )

    async def scenario() -> None:
        async with harness(assistant) as h:
            activity = teams_message(
                h.microsoft.service_url,
                text=row.message,
                attachments=[{"contentType": "text/html", "content": f"<p>{row.message}</p>"}],
            )
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            [card] = reply["attachments"]
            text = card_text(card)
            assert text.index("999") < text.index(row.first[0])
            assert local_numbers_in(text) == row.first, text
            titles = card_titles(card)
            assert "All urgent contacts" in titles

    asyncio.run(scenario())


PHONE_ROWS = [row for row in ROWS if row.message.startswith("i can hear")]


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


@pytest.mark.parametrize("row", PHONE_ROWS, ids=[row.id for row in PHONE_ROWS])
def test_on_a_phone_the_number_that_applies_is_visible_without_scrolling(
    row: Row, clocked: tuple[str, Clock], browser: Browser
) -> None:
    url, clock = clocked
    clock.set(row.clock)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        urgent = urgent_bubble(page, url, row.message)
        # The words are counted over REST; here the bubble also holds its buttons' titles.
        assert local_numbers_in(urgent.inner_text().replace("\u00a0", " ")) == row.first
        page.wait_for_timeout(300)  # the log scrolls to the new message
        for number in row.first:
            shown = urgent.get_by_text(number).first
            box_ = shown.bounding_box()
            assert box_ is not None, number
            assert box_["y"] >= 0 and box_["y"] + box_["height"] <= PHONE["height"], (number, box_)
        expect(urgent.get_by_role("button", name="All urgent contacts")).to_be_visible()
    finally:
        context.close()


def test_the_web_chat_gives_every_row_of_the_clock_table(
    clocked: tuple[str, Clock], browser: Browser
) -> None:
    """The whole table through the web chat page, one new conversation (tab) a row, in one
    browser context: the bubble holds 999 first, then exactly the row's numbers."""
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
            page.close()
    finally:
        context.close()
