"""Microsoft, played offline for the Teams tests: real Activity JSON, real JWTs, fake services.

One local aiohttp app plays Microsoft: OpenID metadata, signing keys, the Azure AD token
endpoint and the Bot Connector. TeamsInput's blueprint runs in a real Sanic server, so auth,
routing and replies are exercised exactly as Rasa mounts them.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.teams.auth import BOT_FRAMEWORK_ISSUER
from bot.channels.teams.channel import TeamsInput
from bot.channels.teams.connector import ConnectorHosts
from bot.live_workshop.followers import Followers
from bot.tooling.evaluation import ask
from tests.support import serving

APP_ID = "6f1c2b9e-8d3a-4e57-b1f0-2c9d7e4a5b13"
TENANT_ID = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
APP_PASSWORD = "test-secret-value"
KEY_ID = "test-key-1"
PAYLOAD = '/ask_learning{"key_message":"disguised-compliance"}'
CONVERSATION_ID = "a:1Bz7_p9QmWnXoYkR2sT4uV6wX8yZ0aB-cD3eF5gH7iJ9kL1mN3oP5qR7sT9uV1wX3yZ5"
USER_ID = "29:1Xq3-hGkTzW0bY8cN5mL2pR7sV4tU6wA9dE1fH3jK5nQ7xZ"

# Several apps start in one process; without test mode Sanic 21.12's start-up optimiser
# fails on the second (sanic-testing sets the same flag when imported).
Sanic.test_mode = True

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

LOCAL_CONNECTOR = ConnectorHosts(
    hosts=frozenset({"127.0.0.1"}), domains=(), schemes=frozenset({"http"})
)
"""The fake Connector's address: plain HTTP on the loopback, allowed in these tests only."""


def signing_keys(endorsements: list[str] | None = None) -> dict[str, Any]:
    """The key set Microsoft publishes, holding the key the fake Connector signs with."""
    jwk = RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True)
    jwk.update({"kid": KEY_ID, "use": "sig"})
    if endorsements is not None:
        jwk["endorsements"] = endorsements
    return {"keys": [jwk]}


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
    """What Teams posts when a messageBack button (Action.Submit) on our card is clicked."""
    return teams_message(
        service_url,
        id="1715682105731",
        text=PAYLOAD,
        attachments=[],
        value={"payload": PAYLOAD},
        replyToId="1715682099912",
    )


def bot_framework_token(
    service_url: str,
    *,
    key: rsa.RSAPrivateKey = _KEY,
    audience: str = APP_ID,
    issuer: str = BOT_FRAMEWORK_ISSUER,
    expires_in: int = 3600,
    kid: str = KEY_ID,
    service_url_claim: bool = True,
) -> str:
    """A token shaped like the Bot Connector's (its service URL claim is lower-case)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "nbf": now - 10,
        "exp": now + expires_in,
        "iss": issuer,
        "aud": audience,
    }
    if service_url_claim:
        claims["serviceurl"] = service_url
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@dataclass
class FakeMicrosoft:
    """Records what the bot asked of Azure AD and the Bot Connector."""

    base_url: str = ""
    token_status: int = 200
    keys_as_html: bool = False
    """Answer the key request with an HTML error page, as a proxy or an outage might."""
    endorsements: list[str] | None = field(default_factory=lambda: ["msteams", "webchat"])
    key_fetches: int = 0
    token_requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    replies: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    posted: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/uk/"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/openid", self.openid)
        app.router.add_get("/keys", self.keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self.token)
        app.router.add_post("/uk/v3/conversations/{conversation}/activities/{reply_to}", self.reply)
        app.router.add_post("/uk/v3/conversations/{conversation}/activities", self.proactive)
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
        if self.keys_as_html:
            return web.Response(text="<html><body>Service Unavailable</body></html>", status=200)
        return web.json_response(signing_keys(self.endorsements))

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

    async def proactive(self, request: web.Request) -> web.Response:
        """A message the bot sends unasked (not a reply to an activity): in `posted`."""
        conversation = request.match_info["conversation"]
        entry = (conversation, request.headers.get("Authorization", ""), await request.json())
        self.posted.append(entry)
        return web.json_response({"id": f"posted-{len(self.posted)}"})

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

    async def post_body(self, body: bytes, token: str | None) -> tuple[int, str]:
        """Posts raw bytes, as a broken or hostile client might; the status and the body."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        async with self.client.post(self.webhook_url, data=body, headers=headers) as reply:
            return reply.status, await reply.text()


Answer = Callable[[UserMessage], Awaitable[None]]


async def answer_with_a_card(message: UserMessage) -> None:
    """What most answers are: text with follow-up buttons."""
    await message.output_channel.send_text_with_buttons(
        message.sender_id,
        "Disguised compliance is when a parent appears to cooperate to deflect concern.",
        [{"title": "Disguised compliance", "payload": PAYLOAD}],
    )


@asynccontextmanager
async def harness(
    answer: Answer = answer_with_a_card,
    agent: Any = None,
    followers: Callable[[], Followers] | None = None,
) -> AsyncIterator[Harness]:
    """`agent` stands in for Rasa's app.ctx.agent (its action_endpoint is probed);
    `followers`, the live workshops' followers the channel posts next questions to."""
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
        connector_hosts=LOCAL_CONNECTOR,
        followers=followers,
    )
    handled: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        """Stands in for the Rasa agent, which answers through the message's output channel."""
        handled.append(message)
        await answer(message)

    app = Sanic(f"teams_test_{uuid.uuid4().hex}", configure_logging=False)
    if agent is not None:
        app.ctx.agent = agent
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/teams")
    async with serving(app) as sanic_port:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client:
            webhook_url = f"http://127.0.0.1:{sanic_port}/webhooks/teams/webhook"
            yield Harness(microsoft, channel, webhook_url, client, handled)
        await runner.cleanup()


def relay_to(url: str, conversation: str) -> Answer:
    """The real assistant (the session's servers, over REST) answers, through the Teams
    channel's own output, as Rasa sends a reply: a card when it has buttons, else text."""

    async def assistant(message: UserMessage) -> None:
        replies = await asyncio.to_thread(ask, url, message.text or "", conversation)
        for reply in replies:
            text, buttons = reply.get("text") or "", reply.get("buttons") or []
            if buttons:
                await message.output_channel.send_text_with_buttons(
                    message.sender_id, text, buttons
                )
            else:
                await message.output_channel.send_text_message(message.sender_id, text)

    return assistant


def run_apart(scenario: Coroutine[Any, Any, None]) -> None:
    """Runs a Teams scenario on its own thread's event loop: a browser test of the same session
    (Playwright's sync API) keeps a loop running on the main thread, where asyncio.run fails."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, scenario).result()


def said(activities: list[tuple[str, str, dict[str, Any]]]) -> str:
    """What the posted activities say, text and cards alike, one a line."""
    return "\n".join(
        activity.get("text")
        or "\n".join(card_text(card) for card in activity.get("attachments", []))
        for _, _, activity in activities
    )


def card_text(card: dict[str, Any]) -> str:
    """An Adaptive Card's text blocks, one a line, as a person reads them."""
    return "\n".join(
        element["text"] for element in card["content"]["body"] if element["type"] == "TextBlock"
    )


def card_titles(card: dict[str, Any]) -> list[str]:
    """The titles of an Adaptive Card's buttons, in its actions and its action sets."""
    content = card["content"]
    in_sets = [
        action
        for element in content["body"]
        if element["type"] == "ActionSet"
        for action in element["actions"]
    ]
    return [action["title"] for action in [*content.get("actions", []), *in_sets]]
