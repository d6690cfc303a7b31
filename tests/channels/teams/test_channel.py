"""The channel as Rasa mounts it: a Teams message in, a reply in the same thread out."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.shared.exceptions import RasaException

from bot.channels.teams.channel import TeamsInput
from bot.channels.teams.connector import token_endpoint
from bot.channels.turns import UNAVAILABLE_REPLY
from bot.web.limits import MAX_MESSAGE_CHARS, TOO_LONG_REPLY
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
from tests.support import free_port


def test_valid_message_is_answered_with_an_adaptive_card_of_payload_buttons() -> None:
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
            # The card's text has its own format; textFormat only governs `text`.
            assert "text" not in reply and "textFormat" not in reply
            [card] = reply["attachments"]
            assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
            assert [block["text"] for block in card["content"]["body"]] == [
                "Disguised compliance is when a parent appears to cooperate to deflect concern."
            ]
            [button] = card["content"]["actions"]
            assert button["type"] == "Action.Submit"
            assert button["title"] == "Disguised compliance"
            assert button["data"]["msteams"] == {
                "type": "messageBack",
                "displayText": "Disguised compliance",
                "text": PAYLOAD,
            }

    asyncio.run(scenario())


def test_the_bot_added_to_a_chat_welcomes_once_with_the_greeting() -> None:
    async def scenario() -> None:
        async with harness() as h:
            url = h.microsoft.service_url
            added = teams_message(url, type="conversationUpdate")
            added["membersAdded"] = [{"id": USER_ID}, {"id": added["recipient"]["id"]}]
            del added["text"]
            assert await h.post(added, bot_framework_token(url)) == 200
            [welcome] = h.handled
            # The greet intent: the greeting says what the assistant does and the privacy line.
            assert (welcome.text, welcome.sender_id, welcome.message_id) == (
                "/greet",
                USER_ID,
                added["id"],
            )

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


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"", "empty"),
        (b'{"type": "message"', "not valid JSON"),
        (b"[1, 2]", "array"),
        (b'{"text": "\xff"}', "UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested"),
        (b'{"type": "message", "serviceUrl": 5, "channelId": "msteams"}', "serviceUrl"),
        (b'{"type": "message", "serviceUrl": "https://x/", "channelId": ["msteams"]}', "channelId"),
    ],
    ids=lambda value: value if isinstance(value, str) else "body",
)
def test_malformed_bodies_are_a_400_naming_the_problem(body: bytes, named: str) -> None:
    async def scenario() -> None:
        async with harness() as h:
            status, text = await h.post_body(body, bot_framework_token(h.microsoft.service_url))
            assert status == 400 and named in text, text
            assert h.handled == [] and h.microsoft.key_fetches == 0

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("field", "value"),
    [("from", None), ("from", {"id": 5}), ("conversation", []), ("text", 5), ("entities", {})],
)
def test_message_fields_of_the_wrong_type_are_a_400(field: str, value: Any) -> None:
    async def scenario() -> None:
        async with harness() as h:
            activity = teams_message(h.microsoft.service_url, **{field: value})
            body = json.dumps(activity).encode()
            status, text = await h.post_body(body, bot_framework_token(h.microsoft.service_url))
            assert status == 400 and f"activity.{field}" in text, text
            assert h.handled == []

    asyncio.run(scenario())


def test_a_message_over_the_limit_is_answered_without_reaching_rasa() -> None:
    async def scenario() -> None:
        async with harness() as h:
            url = h.microsoft.service_url
            activity = teams_message(url, text="x " * MAX_MESSAGE_CHARS)
            assert await h.post(activity, bot_framework_token(url)) == 200
            assert h.handled == []
            [(_path, _authorization, reply)] = h.microsoft.replies
            assert reply["text"] == TOO_LONG_REPLY

    asyncio.run(scenario())


def test_while_the_action_server_is_down_the_person_is_told_and_rasa_is_not_called() -> None:
    agent = SimpleNamespace(
        action_endpoint=SimpleNamespace(url=f"http://127.0.0.1:{free_port()}/webhook")
    )

    async def scenario() -> None:
        async with harness(agent=agent) as h:
            url = h.microsoft.service_url
            assert await h.post(teams_message(url), bot_framework_token(url)) == 200
            assert h.handled == []
            [(_path, _authorization, reply)] = h.microsoft.replies
            assert reply["text"] == UNAVAILABLE_REPLY and "999" in reply["text"]

    asyncio.run(scenario())
