"""Issue 20, item 5, through the web chat page (headless Chromium) and Teams (a real Bot
Framework activity into the Teams channel, the real assistant's reply out to a stand-in for
Microsoft's connector): a question that sounds like danger gets the urgent block; "It's not
urgent", typed or pressed, then answers the question that was asked, not generic help. The
REST channel's test is tests/end_to_end/test_rest_conversation.py."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.channels.teams.fake_microsoft import (
    bot_framework_token,
    card_titles,
    harness,
    relay_to,
    run_apart,
    said,
    teams_message,
)
from tests.channels.webchat_page import ANSWER_TIMEOUT_MS, ask, bot_messages, open_chat
from tests.support import Assistant
from tests.urgent_clock import FALSE_ALARM, FALSE_ALARM_ANSWER, NOT_URGENT, NOT_URGENT_TYPED

ANSWERED = "to report a concern now"
"""Words of the urgent block, which the answer must not repeat."""


@pytest.mark.parametrize("pressed", [True, False], ids=["pressed", "typed"])
def test_web_chat_not_urgent_answers_the_question_asked(
    assistant: Assistant, page: Page, pressed: bool
) -> None:
    open_chat(page, f"{assistant.url}/chat/")
    ask(page, FALSE_ALARM)
    urgent = bot_messages(page).filter(has_text="999")
    expect(urgent).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    before = bot_messages(page).count()
    if pressed:
        urgent.get_by_role("button", name=NOT_URGENT).click()
    else:
        ask(page, NOT_URGENT_TYPED)
    answer = bot_messages(page).nth(before)
    expect(answer).to_contain_text(FALSE_ALARM_ANSWER, ignore_case=True, timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(300)  # every message of the turn has arrived
    after = " ".join(bot_messages(page).all_inner_texts()[before:]).lower()
    assert ANSWERED not in after, after


@pytest.mark.parametrize("pressed", [True, False], ids=["pressed", "typed"])
def test_teams_not_urgent_answers_the_question_asked(assistant: Assistant, pressed: bool) -> None:
    async def scenario() -> None:
        async with harness(relay_to(assistant.url, uuid.uuid4().hex)) as h:
            service_url = h.microsoft.service_url
            first = teams_message(service_url, id="1", text=FALSE_ALARM)
            assert await h.post(first, bot_framework_token(service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            [card] = reply["attachments"]
            assert "999" in said(h.microsoft.replies) and NOT_URGENT in card_titles(card)
            if pressed:  # what Teams posts for the card's messageBack button
                [action] = [a for a in card["content"]["actions"] if a["title"] == NOT_URGENT]
                payload = action["data"]["msteams"]["text"]
                second = teams_message(
                    service_url, id="2", text=payload, value={"payload": payload}, replyToId="1"
                )
            else:
                second = teams_message(service_url, id="2", text=NOT_URGENT_TYPED)
            assert await h.post(second, bot_framework_token(service_url)) == 200
            answer = said(h.microsoft.replies[1:]).lower()
            assert FALSE_ALARM_ANSWER in answer and ANSWERED not in answer, answer

    run_apart(scenario())
