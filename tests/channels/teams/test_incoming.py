"""What reaches Rasa from an activity: typed text, a clicked button or card submit's payload."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.channels.teams.incoming import incoming_message, submitted_text
from tests.channels.teams.fake_microsoft import (
    APP_ID,
    CONVERSATION_ID,
    PAYLOAD,
    bot_framework_token,
    button_click,
    harness,
    teams_message,
)


def card_submit(service_url: str) -> dict[str, Any]:
    """An Adaptive Card Action.Submit: no text at all, only the card's data in `value`."""
    activity = teams_message(
        service_url,
        id="1715682111020",
        value={"payload": PAYLOAD, "action": "learn"},
        replyToId="1715682099912",
    )
    del activity["text"], activity["textFormat"], activity["attachments"]
    return activity


@pytest.mark.parametrize(
    "make_activity", [button_click, card_submit], ids=["messageBack click", "card submit"]
)
def test_button_click_and_card_submit_arrive_as_the_payload(make_activity: Any) -> None:
    async def scenario() -> None:
        async with harness() as h:
            activity = make_activity(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            assert [message.text for message in h.handled] == [PAYLOAD]
            assert h.microsoft.replies[0][0] == f"{CONVERSATION_ID}/{activity['id']}"

    asyncio.run(scenario())


def test_incoming_message_strips_bot_mention_and_keeps_text_out_of_metadata() -> None:
    activity = teams_message(
        "https://smba.trafficmanager.net/uk/",
        text="<at>Reflective practice</at> what is neglect?",
        conversation={"conversationType": "channel", "id": "19:abc@thread.tacv2;messageid=171"},
        entities=[
            {
                "type": "mention",
                "text": "<at>Reflective practice</at>",
                "mentioned": {"id": f"28:{APP_ID}", "name": "Reflective practice"},
            }
        ],
    )
    text, metadata = incoming_message(activity)
    assert text == "what is neglect?"
    assert metadata == {"teams": {"conversation_type": "channel"}}
    assert "what is neglect" not in json.dumps(metadata)


def test_submitted_text_prefers_payload_then_text_then_json() -> None:
    assert submitted_text({"payload": PAYLOAD, "text": "ignored"}) == PAYLOAD
    assert submitted_text({"text": "help"}) == "help"
    assert submitted_text({"message": "hello"}) == "hello"
    assert json.loads(submitted_text({"rating": 4, "comment": ""})) == {"rating": 4, "comment": ""}
