"""The web chat channel without a browser: mounted by Rasa's own `register`, in a real Sanic server.

A stand-in agent answers every message, so these tests cover routing, static files, request
validation, the reply format and headers; the browser test covers the widget on real Rasa.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from bot.channels.webchat.channel import MAX_MESSAGE_CHARS, WebChatInput, widget_messages
from tests.support import serving

# Several apps start in one process; without test mode Sanic 21.12's start-up optimiser
# fails on the second (sanic-testing sets the same flag when imported).
Sanic.test_mode = True

SENDER = "0f" * 16
PAYLOAD = '/more_prompts{"key_message":"disguised-compliance"}'


@dataclass
class Harness:
    base_url: str
    client: aiohttp.ClientSession
    handled: list[UserMessage]


@asynccontextmanager
async def harness(fail: bool = False) -> AsyncIterator[Harness]:
    handled: list[UserMessage] = []

    class Agent:
        """Stands in for Rasa's agent, which answers through the message's output channel."""

        async def handle_message(self, message: UserMessage) -> None:
            if fail:
                raise RuntimeError("model exploded")
            handled.append(message)
            await message.output_channel.send_text_with_buttons(
                message.sender_id,
                "Disguised compliance. Source: SEND audit 2016-17",
                [{"title": "More reflective prompts", "payload": PAYLOAD}],
            )
            await message.output_channel.send_image_url(
                message.sender_id, "https://example.org/x.png"
            )

    app = Sanic(f"webchat_test_{uuid.uuid4().hex}", configure_logging=False)
    app.ctx.agent = Agent()
    register([WebChatInput.from_credentials(None)], app, "/webhooks/")
    timeout = aiohttp.ClientTimeout(total=10)
    async with serving(app) as port, aiohttp.ClientSession(timeout=timeout) as client:
        yield Harness(f"http://127.0.0.1:{port}", client, handled)


def run(scenario: Any) -> None:
    asyncio.run(scenario())


def test_rasa_mounts_the_channel_at_chat() -> None:
    async def scenario() -> None:
        async with harness() as h:
            async with h.client.get(f"{h.base_url}/chat/") as page:
                assert page.status == 200
                assert page.headers["Content-Type"].startswith("text/html")
                html = await page.text()
            assert "<div data-rpa-chat></div>" in html and 'src="widget.js"' in html
            async with h.client.get(f"{h.base_url}/chat", allow_redirects=False) as bare:
                assert (bare.status, bare.headers["Location"]) == (302, "/chat/")
            async with h.client.get(f"{h.base_url}/webhooks/chat/") as elsewhere:
                assert elsewhere.status == 404

    run(scenario)


def test_page_forbids_foreign_scripts_framing_and_connections() -> None:
    async def scenario() -> None:
        async with harness() as h, h.client.get(f"{h.base_url}/chat/") as page:
            policy = page.headers["Content-Security-Policy"]
            assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in policy and "connect-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy

    run(scenario)


def test_only_the_widget_files_are_served() -> None:
    async def scenario() -> None:
        async with harness() as h:
            for name, kind in (("widget.js", "text/javascript"), ("widget.css", "text/css")):
                async with h.client.get(f"{h.base_url}/chat/{name}") as reply:
                    assert reply.status == 200, name
                    assert reply.headers["Content-Type"].startswith(kind)
                    assert reply.headers["X-Content-Type-Options"] == "nosniff"
            for path in (
                "package.json",
                "index.html",
                "..%2Fwebchat.py",
                "node_modules%2Faxe-core%2Faxe.js",
            ):
                async with h.client.get(f"{h.base_url}/chat/{path}") as reply:
                    assert reply.status == 404, path

    run(scenario)


def test_webhook_answers_with_text_and_payload_buttons_only() -> None:
    async def scenario() -> None:
        async with harness() as h:
            body = {
                "sender": SENDER,
                "message": "  mum keeps cancelling  ",
                "metadata": {"name": "x"},
            }
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 200
                assert reply.headers["Cache-Control"] == "no-store"
                messages = await reply.json()
        assert messages == [
            {
                "text": "Disguised compliance. Source: SEND audit 2016-17",
                "buttons": [{"title": "More reflective prompts", "payload": PAYLOAD}],
            }
        ]
        [message] = h.handled
        assert (message.text, message.sender_id) == ("mum keeps cancelling", SENDER)
        assert message.input_channel == "webchat"
        assert not message.metadata, "browser metadata must never reach the tracker"

    run(scenario)


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "me", "message": "hello"},
        {"sender": SENDER.upper(), "message": "hello"},
        {"sender": SENDER + "00", "message": "hello"},
        {"sender": SENDER, "message": "   "},
        {"sender": SENDER, "message": 42},
        {"sender": SENDER},
        {"sender": SENDER, "message": "x" * (MAX_MESSAGE_CHARS + 1)},
        ["not", "an", "object"],
    ],
)
def test_requests_the_widget_never_sends_are_refused_unprocessed(body: Any) -> None:
    async def scenario() -> None:
        async with harness() as h, h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
            assert reply.status == 400
            assert "error" in await reply.json()
        assert h.handled == []

    run(scenario)


def test_malformed_json_is_refused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            headers = {"Content-Type": "application/json"}
            async with h.client.post(
                f"{h.base_url}/chat/webhook", data="{oops", headers=headers
            ) as reply:
                assert reply.status == 400
        assert h.handled == []

    run(scenario)


def test_a_failed_turn_is_a_500_not_an_empty_answer() -> None:
    async def scenario() -> None:
        async with harness(fail=True) as h:
            body = {"sender": SENDER, "message": "hello"}
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 500
                assert await reply.json() == {"error": "the assistant could not answer"}

    run(scenario)


def test_channel_routes_send_no_cors_headers_of_their_own() -> None:
    """CORS is the server's `--cors` origins list; the channel must not widen it."""

    async def scenario() -> None:
        async with harness() as h:
            origin = {"Origin": "https://evil.example"}
            body = {"sender": SENDER, "message": "hello"}
            async with h.client.post(
                f"{h.base_url}/chat/webhook", json=body, headers=origin
            ) as reply:
                assert not [k for k in reply.headers if k.lower().startswith("access-control-")]
            for path in ("/chat/", "/chat/widget.js"):
                async with h.client.get(f"{h.base_url}{path}", headers=origin) as reply:
                    assert not [k for k in reply.headers if k.lower().startswith("access-control-")]

    run(scenario)


def test_widget_messages_keep_text_and_buttons_and_drop_the_rest() -> None:
    collected = [
        {
            "recipient_id": SENDER,
            "text": "Hello",
            "buttons": [{"title": "Help", "payload": "/help"}],
        },
        {"recipient_id": SENDER, "image": "https://example.org/x.png"},
        {"recipient_id": SENDER, "text": "Only text"},
        {"recipient_id": SENDER, "buttons": [{"payload": "/help"}, "junk"]},
    ]
    assert widget_messages(collected) == [
        {"text": "Hello", "buttons": [{"title": "Help", "payload": "/help"}]},
        {"text": "Only text", "buttons": []},
        {"text": "", "buttons": [{"title": "/help", "payload": "/help"}]},
    ]


def test_channel_identity() -> None:
    channel = WebChatInput.from_credentials({"anything": "ignored"})
    assert (channel.name(), channel.url_prefix()) == ("webchat", "/chat")
