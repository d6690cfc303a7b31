"""The Teams channel end to end, offline: real Activity JSON, real JWTs, fake Microsoft services.

One local aiohttp app plays Microsoft: OpenID metadata, signing keys, the Azure AD token
endpoint and the Bot Connector. TeamsInput's blueprint runs in a real Sanic server, so auth,
routing and replies are exercised exactly as Rasa mounts them.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Sanic

from bot.channels.teams.channel import (
    BOT_FRAMEWORK_ISSUER,
    TeamsInput,
    card_action,
    hero_card,
    hero_card_html,
    incoming_message,
    submitted_text,
    teams_markdown,
    token_endpoint,
)
from tests.support import serving

APP_ID = "6f1c2b9e-8d3a-4e57-b1f0-2c9d7e4a5b13"
OTHER_APP_ID = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"
TENANT_ID = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
APP_PASSWORD = "test-secret-value"
KEY_ID = "test-key-1"
PAYLOAD = '/ask_learning{"key_message":"disguised-compliance"}'
CONVERSATION_ID = "a:1Bz7_p9QmWnXoYkR2sT4uV6wX8yZ0aB-cD3eF5gH7iJ9kL1mN3oP5qR7sT9uV1wX3yZ5"
USER_ID = "29:1Xq3-hGkTzW0bY8cN5mL2pR7sV4tU6wA9dE1fH3jK5nQ7xZ"
# An answer in the assistant's text format: bold title, line break, bulleted and numbered
# lists (with a continuation line), a bare URL, and markup that must stay literal text.
STRUCTURED = (
    "**Disguised compliance**\n"
    "A parent appears to cooperate to deflect concern.\n\n"
    "What to do:\n\n"
    "- Check what has actually changed <b>x</b>\n"
    "- Keep the child in focus **<script>alert(1)</script>**\n\n"
    "1. Children's social care\n"
    "   Contact: 020 8356 5500, https://example.org/csc?a=1&b=2.\n"
    "2. Your safeguarding lead\n\n"
    "Source: SEND audit 2016-17"
)

# Several apps start in one process; without test mode Sanic 21.12's start-up optimiser
# fails on the second (sanic-testing sets the same flag when imported).
Sanic.test_mode = True

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def teams_message(service_url: str, **overrides: Any) -> dict[str, Any]:
    """A personal-chat message activity as Teams posts it (ids shortened, names invented)."""
    activity: dict[str, Any] = {
        "text": "what is disguised compliance?",
        "textFormat": "plain",
        "attachments": [
            {"contentType": "text/html", "content": "<p>what is disguised compliance?</p>"}
        ],
        "type": "message",
        "timestamp": "2024-05-14T10:21:37.5243181Z",
        "localTimestamp": "2024-05-14T11:21:37.5243181+01:00",
        "id": "1715682097490",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {
            "id": USER_ID,
            "name": "Alex Practitioner",
            "aadObjectId": "d4c3b2a1-0f9e-4d8c-b7a6-958473625140",
        },
        "conversation": {
            "conversationType": "personal",
            "tenantId": TENANT_ID,
            "id": CONVERSATION_ID,
        },
        "recipient": {"id": f"28:{APP_ID}", "name": "Reflective practice"},
        "entities": [
            {
                "locale": "en-GB",
                "country": "GB",
                "platform": "Web",
                "timezone": "Europe/London",
                "type": "clientInfo",
            }
        ],
        "channelData": {"tenant": {"id": TENANT_ID}},
        "locale": "en-GB",
        "localTimezone": "Europe/London",
    }
    activity.update(overrides)
    return activity


def button_click(service_url: str) -> dict[str, Any]:
    """What Teams posts when a messageBack button on our hero card is clicked."""
    return teams_message(
        service_url,
        id="1715682105731",
        text=PAYLOAD,
        attachments=[],
        value={"payload": PAYLOAD},
        replyToId="1715682099912",
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


def bot_framework_token(
    service_url: str,
    *,
    key: rsa.RSAPrivateKey = _KEY,
    audience: str = APP_ID,
    issuer: str = BOT_FRAMEWORK_ISSUER,
    expires_in: int = 3600,
    kid: str = KEY_ID,
) -> str:
    """A token shaped like the Bot Connector's (its service URL claim is lower-case)."""
    now = int(time.time())
    claims = {
        "serviceurl": service_url,
        "nbf": now - 10,
        "exp": now + expires_in,
        "iss": issuer,
        "aud": audience,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@dataclass
class FakeMicrosoft:
    """Records what the bot asked of Azure AD and the Bot Connector."""

    base_url: str = ""
    token_status: int = 200
    key_fetches: int = 0
    token_requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    replies: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/uk/"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/openid", self.openid)
        app.router.add_get("/keys", self.keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self.token)
        app.router.add_post("/uk/v3/conversations/{conversation}/activities/{reply_to}", self.reply)
        return app

    async def openid(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "jwks_uri": f"{self.base_url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def keys(self, _request: web.Request) -> web.Response:
        self.key_fetches += 1
        jwk = RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True)
        jwk.update({"kid": KEY_ID, "use": "sig", "endorsements": ["msteams", "webchat"]})
        return web.json_response({"keys": [jwk]})

    async def token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append((request.path, {k: str(v) for k, v in form.items()}))
        if self.token_status != 200:
            return web.json_response({"error": "invalid_client"}, status=self.token_status)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": 3599,
                "ext_expires_in": 3599,
                "access_token": f"connector-token-{len(self.token_requests)}",
            }
        )

    async def reply(self, request: web.Request) -> web.Response:
        path = f"{request.match_info['conversation']}/{request.match_info['reply_to']}"
        self.replies.append((path, request.headers.get("Authorization", ""), await request.json()))
        return web.json_response({"id": f"reply-{len(self.replies)}"})


@dataclass
class Harness:
    microsoft: FakeMicrosoft
    channel: TeamsInput
    webhook_url: str
    client: aiohttp.ClientSession
    handled: list[UserMessage]

    async def post(self, activity: dict[str, Any], token: str | None) -> int:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.client.post(self.webhook_url, json=activity, headers=headers) as reply:
            return reply.status


Answer = Callable[[UserMessage], Awaitable[None]]


async def answer_with_a_card(message: UserMessage) -> None:
    """What most answers are: text with follow-up buttons."""
    await message.output_channel.send_text_with_buttons(
        message.sender_id,
        "Disguised compliance is when a parent appears to cooperate to deflect concern.",
        [{"title": "Disguised compliance", "payload": PAYLOAD}],
    )


@asynccontextmanager
async def harness(answer: Answer = answer_with_a_card) -> AsyncIterator[Harness]:
    microsoft = FakeMicrosoft()
    runner = web.AppRunner(microsoft.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    microsoft.base_url = f"http://{host}:{port}"

    channel = TeamsInput(
        APP_ID,
        APP_PASSWORD,
        app_tenant_id=TENANT_ID,
        token_url=f"{microsoft.base_url}/{TENANT_ID}/oauth2/v2.0/token",
        openid_metadata_url=f"{microsoft.base_url}/openid",
    )
    handled: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        """Stands in for the Rasa agent, which answers through the message's output channel."""
        handled.append(message)
        await answer(message)

    app = Sanic(f"teams_test_{uuid.uuid4().hex}", configure_logging=False)
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/teams")
    async with serving(app) as sanic_port:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client:
            webhook_url = f"http://127.0.0.1:{sanic_port}/webhooks/teams/webhook"
            yield Harness(microsoft, channel, webhook_url, client, handled)
        await runner.cleanup()


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


def test_structured_text_is_posted_as_markdown_with_its_line_breaks_kept() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, STRUCTURED)

    async def scenario() -> None:
        async with harness(answer) as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            assert reply["type"] == "message"
            assert reply["textFormat"] == "markdown"
            assert "attachments" not in reply
            # Unchanged but for two spaces before each "\n" that is a line break, not a new item.
            assert reply["text"] == (
                "**Disguised compliance**  \n"
                "A parent appears to cooperate to deflect concern.\n\n"
                "What to do:\n\n"
                "- Check what has actually changed <b>x</b>\n"
                "- Keep the child in focus **<script>alert(1)</script>**\n\n"
                "1. Children's social care  \n"
                "   Contact: 020 8356 5500, https://example.org/csc?a=1&b=2.\n"
                "2. Your safeguarding lead\n\n"
                "Source: SEND audit 2016-17"
            )

    asyncio.run(scenario())


def test_structured_text_on_a_card_is_escaped_html_with_lists_and_line_breaks() -> None:
    async def answer(message: UserMessage) -> None:
        await message.output_channel.send_text_with_buttons(
            message.sender_id,
            STRUCTURED,
            [{"title": "More reflective prompts", "payload": "/more"}],
        )

    async def scenario() -> None:
        async with harness(answer) as h:
            activity = teams_message(h.microsoft.service_url)
            assert await h.post(activity, bot_framework_token(h.microsoft.service_url)) == 200
            [(_, _, reply)] = h.microsoft.replies
            assert "text" not in reply and "textFormat" not in reply
            [card] = reply["attachments"]
            assert card["content"]["text"] == (
                "<strong>Disguised compliance</strong><br>"
                "A parent appears to cooperate to deflect concern.<br><br>"
                "What to do:"
                "<ul><li>Check what has actually changed &lt;b&gt;x&lt;/b&gt;</li>"
                "<li>Keep the child in focus <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong></li></ul>"
                "<ol><li>Children's social care<br>Contact: 020 8356 5500, "
                '<a href="https://example.org/csc?a=1&amp;b=2">https://example.org/csc?a=1&amp;b=2</a>.</li>'
                "<li>Your safeguarding lead</li></ol>"
                "Source: SEND audit 2016-17"
            )
            assert [b["title"] for b in card["content"]["buttons"]] == ["More reflective prompts"]

    asyncio.run(scenario())


def test_only_the_text_format_subset_is_interpreted() -> None:
    plain = "a * b, snake_case, 2 ** 3 and **unclosed, [link](https://example.org) # not a heading"
    assert teams_markdown(plain) == plain
    assert hero_card_html(plain) == (
        'a * b, snake_case, 2 ** 3 and **unclosed, [link](<a href="https://example.org">'
        "https://example.org</a>) # not a heading"
    )
    # A paragraph is a list only if every line is an item; a list may start at any number.
    assert hero_card_html("Steps:\n- one") == "Steps:<br>- one"
    assert hero_card_html("3. three\n4. four") == '<ol start="3"><li>three</li><li>four</li></ol>'
    assert (
        hero_card_html("javascript:alert(1) ftp://example.org")
        == "javascript:alert(1) ftp://example.org"
    )
    assert teams_markdown("one\r\ntwo\n\n\n\nthree") == "one  \ntwo\n\nthree"


def test_connector_token_comes_from_the_tenant_and_is_reused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            token = bot_framework_token(h.microsoft.service_url)
            assert await h.post(teams_message(h.microsoft.service_url), token) == 200
            assert await h.post(button_click(h.microsoft.service_url), token) == 200

            [(path, form)] = h.microsoft.token_requests
            assert path == f"/{TENANT_ID}/oauth2/v2.0/token"
            assert form == {
                "grant_type": "client_credentials",
                "client_id": APP_ID,
                "client_secret": APP_PASSWORD,
                "scope": "https://api.botframework.com/.default",
            }
            assert [authorization for _, authorization, _ in h.microsoft.replies] == [
                "Bearer connector-token-1"
            ] * 2
            assert h.microsoft.key_fetches == 1

    asyncio.run(scenario())


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


def test_a_refused_connector_token_is_logged_and_the_turn_still_completes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with harness() as h:
            h.microsoft.token_status = 401
            token = bot_framework_token(h.microsoft.service_url)
            assert await h.post(teams_message(h.microsoft.service_url), token) == 200
            assert len(h.handled) == 1 and h.microsoft.replies == []

    asyncio.run(scenario())
    assert "Teams reply not delivered: token endpoint answered 401" in caplog.text


def _bad_tokens(service_url: str) -> dict[str, str | None]:
    return {
        "missing": None,
        "expired": bot_framework_token(service_url, expires_in=-3600),
        "wrongly signed": bot_framework_token(service_url, key=_FORGER_KEY),
        "wrong audience": bot_framework_token(service_url, audience=OTHER_APP_ID),
        "wrong issuer": bot_framework_token(
            service_url, issuer="https://sts.windows.net/attacker/"
        ),
        "other serviceUrl": bot_framework_token("https://evil.example.net/"),
        "unknown key": bot_framework_token(service_url, kid="not-a-published-key"),
        "not a JWT": "opaque-string",
    }


def test_bad_tokens_get_401_and_nothing_is_processed() -> None:
    async def scenario() -> None:
        async with harness() as h:
            for name, token in _bad_tokens(h.microsoft.service_url).items():
                status = await h.post(teams_message(h.microsoft.service_url), token)
                assert status == 401, name
            assert h.handled == []
            assert h.microsoft.replies == [] and h.microsoft.token_requests == []

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


def test_card_actions_carry_payloads_and_urls_open() -> None:
    assert card_action({"title": "How do I escalate?", "payload": "/how_to_escalate"}) == {
        "type": "messageBack",
        "title": "How do I escalate?",
        "displayText": "How do I escalate?",
        "text": "/how_to_escalate",
        "value": {"payload": "/how_to_escalate"},
    }
    assert card_action(
        {"title": "Procedures", "type": "web_url", "url": "https://example.org/p"}
    ) == {"type": "openUrl", "title": "Procedures", "value": "https://example.org/p"}
    card = hero_card("Pick one", [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}])
    assert [b["value"]["payload"] for b in card["content"]["buttons"]] == ["/a", "/b"]


def test_token_endpoint_is_tenant_specific_unless_no_tenant_is_set() -> None:
    assert (
        token_endpoint(TENANT_ID)
        == f"https://login.microsoftonline.com/{TENANT_ID}/oauth2/v2.0/token"
    )
    assert (
        token_endpoint(None)
        == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    )


def test_from_credentials_treats_blank_optional_values_as_unset() -> None:
    credentials = {"app_id": APP_ID, "app_password": APP_PASSWORD, "app_tenant_id": TENANT_ID}
    single = TeamsInput.from_credentials(credentials)
    assert single.tokens.url == token_endpoint(TENANT_ID)
    multi = TeamsInput.from_credentials({**credentials, "app_tenant_id": "", "token_url": " "})
    assert multi.tokens.url == token_endpoint(None)
    with pytest.raises(RasaException, match="app_password"):
        TeamsInput.from_credentials({"app_id": APP_ID, "app_password": ""})
