"""The channel as Rasa mounts it: a Teams message in, a reply in the same thread out."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.exceptions import RasaException

from bot.channels.teams.channel import TeamsInput
from bot.channels.teams.connector import token_endpoint
from tests.channels.teams.fake_microsoft import (
    APP_ID,
    APP_PASSWORD,
    CONVERSATION_ID,
    PAYLOAD,
    TENANT_ID,
    USER_ID,
    bot_framework_token,
    harness,
    teams_message,
)


def test_valid_message_is_answered_with_a_hero_card_of_payload_buttons() -> None:
    async def scenario() -> None:
        async with harness() as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200

            [message] = h.handled
            assert (message.text, message.sender_id, message.input_channel) == (
                "what is disguised compliance?",
                USER_ID,
                "teams",
            )
            [(path, authorization, reply)] = h.microsoft.replies
            assert path == f"{CONVERSATION_ID}/{activity['id']}"
            assert authorization == "Bearer connector-token-1"
            assert reply["replyToId"] == activity["id"]
            assert reply["from"] == activity["recipient"]
            assert reply["conversation"] == {"id": CONVERSATION_ID}
            # The card's text has its own (HTML) format; textFormat only governs `text`.
            assert "text" not in reply and "textFormat" not in reply
            [card] = reply["attachments"]
            assert card["contentType"] == "application/vnd.microsoft.card.hero"
            assert card["content"]["text"] == (
                "Disguised compliance is when a parent appears to cooperate to deflect concern."
            )
            [button] = card["content"]["buttons"]
            assert button["type"] in ("messageBack", "imBack")
            assert button["title"] == "Disguised compliance"
            assert button["text"] == PAYLOAD
            assert button["value"] == {"payload": PAYLOAD}

    asyncio.run(scenario())


def test_non_message_activities_are_acknowledged_but_not_handled() -> None:
    async def scenario() -> None:
        async with harness() as h:
            update = teams_message(
                h.microsoft.service_url, type="conversationUpdate", membersAdded=[{"id": USER_ID}]
            )
            del update["text"]
            assert await h.post(update, bot_framework_token(h.microsoft.service_url)) == 200
            assert h.handled == [] and h.microsoft.replies == []

    asyncio.run(scenario())


def test_from_credentials_treats_blank_optional_values_as_unset() -> None:
    credentials = {"app_id": APP_ID, "app_password": APP_PASSWORD, "app_tenant_id": TENANT_ID}
    single = TeamsInput.from_credentials(credentials)
    assert single.tokens.url == token_endpoint(TENANT_ID)
    multi = TeamsInput.from_credentials({**credentials, "app_tenant_id": "", "token_url": " "})
    assert multi.tokens.url == token_endpoint(None)
    with pytest.raises(RasaException, match="app_password"):
        TeamsInput.from_credentials({"app_id": APP_ID, "app_password": ""})
