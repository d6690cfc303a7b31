"""The web chat channel without a browser: mounted by Rasa's own `register`, in a real Sanic server.

A stand-in agent answers every message, so these tests cover routing, static files, request
validation, who may post, the reply format and headers; the browser test covers the widget on
real Rasa.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage, register
from rasa.shared.exceptions import RasaException
from sanic import Sanic

from bot.channels.turns import UNAVAILABLE_REPLY
from bot.channels.webchat.channel import WebChatInput, widget_messages
from bot.web.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_REPLY
from tests.support import serving

# Several apps start in one process; without test mode Sanic 21.12's start-up optimiser
# fails on the second (sanic-testing sets the same flag when imported).
Sanic.test_mode = True

SENDER = "0f" * 16
PAYLOAD = '/more_prompts{"key_message":"disguised-compliance"}'
INTRANET = "https://intranet.example.org"


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
    register([WebChatInput([INTRANET])], app, "/webhooks/")
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
        {"sender": SENDER, "message": "\ud800 lone surrogate"},
        {"sender": SENDER, "message": "\x00\x07"},
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


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"{oops", "not valid JSON"),
        (b"", "empty"),
        (b'{"sender": "' + SENDER.encode() + b'", "message": "\xff"}', "UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    ],
    ids=lambda value: value if isinstance(value, str) else "body",
)
def test_malformed_bodies_are_refused_naming_the_problem(body: bytes, named: str) -> None:
    async def scenario() -> None:
        async with harness() as h:
            headers = {"Content-Type": "application/json"}
            async with h.client.post(
                f"{h.base_url}/chat/webhook", data=body, headers=headers
            ) as reply:
                assert reply.status == 400
                assert named in (await reply.json())["error"]
        assert h.handled == []

    run(scenario)


def test_a_message_over_the_limit_gets_a_reply_saying_so_and_is_not_processed() -> None:
    async def scenario() -> None:
        async with harness() as h:
            body = {"sender": SENDER, "message": "x" * (MAX_MESSAGE_CHARS + 1)}
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 200
                assert await reply.json() == [{"text": TOO_LONG_REPLY, "buttons": []}]
            body["message"] = "x" * MAX_MESSAGE_CHARS
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 200
        assert len(h.handled) == 1

    run(scenario)


def test_control_characters_become_spaces() -> None:
    async def scenario() -> None:
        async with harness() as h:
            body = {"sender": SENDER, "message": "mum\x00keeps\x1b[31mcancelling\r\n"}
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 200
        assert [m.text for m in h.handled] == ["mum keeps [31mcancelling"]

    run(scenario)


def test_a_failed_turn_tells_the_person_to_try_again_and_call_999_if_urgent() -> None:
    async def scenario() -> None:
        async with harness(fail=True) as h:
            body = {"sender": SENDER, "message": "hello"}
            async with h.client.post(f"{h.base_url}/chat/webhook", json=body) as reply:
                assert reply.status == 200
                assert await reply.json() == [{"text": UNAVAILABLE_REPLY, "buttons": []}]

    run(scenario)


def test_cross_site_posts_are_refused_unprocessed() -> None:
    """A page elsewhere can make a visitor's browser post `text/plain` without a preflight."""

    async def scenario() -> None:
        async with harness() as h:
            url, body = f"{h.base_url}/chat/webhook", {"sender": SENDER, "message": "hello"}
            as_text = {"Content-Type": "text/plain", "Origin": INTRANET}
            async with h.client.post(url, data=json.dumps(body), headers=as_text) as reply:
                assert reply.status == 415
            for origin in (
                "https://evil.example",
                "https://intranet.example.org.evil.example",
                "https://intranet.example.org:8443",
                "null",
            ):
                async with h.client.post(url, json=body, headers={"Origin": origin}) as reply:
                    assert reply.status == 403, origin
            assert h.handled == []
            async with h.client.post(url, json=body, headers={"Origin": INTRANET}) as reply:
                assert reply.status == 200
            assert len(h.handled) == 1

    run(scenario)


def test_wildcard_origins_are_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """sanic-cors would read "https://*.example.org" as an unanchored regular expression."""
    monkeypatch.setenv("RPA_CORS_ORIGINS", "https://*.example.org")
    with pytest.raises(RasaException, match="exact origin"):
        WebChatInput.from_credentials(None)
    monkeypatch.setenv("RPA_CORS_ORIGINS", "https://Intranet.example.org http://localhost:5005")
    assert WebChatInput.from_credentials(None).origins == {
        "https://intranet.example.org",
        "http://localhost:5005",
    }


def test_the_server_refuses_compressed_and_oversized_bodies_and_hides_its_version() -> None:
    async def scenario() -> None:
        async with harness() as h:
            url = f"{h.base_url}/chat/webhook"
            gzip = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
            async with h.client.post(url, data=b"\x1f\x8b", headers=gzip) as reply:
                assert reply.status == 415
            huge = {"sender": SENDER, "message": "x" * MAX_BODY_BYTES}
            async with h.client.post(url, json=huge) as reply:
                assert reply.status == 413
            async with h.client.get(f"{h.base_url}/") as reply:
                assert reply.status == 200
                assert "rasa" not in (await reply.text()).lower()
        assert h.handled == []

    run(scenario)


def test_channel_routes_send_no_cors_headers_of_their_own() -> None:
    """CORS is the server's `--cors` origins list; the channel must not widen it."""

    async def scenario() -> None:
        async with harness() as h:
            origin = {"Origin": INTRANET}
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
        {"recipient_id": SENDER, "custom": {"workshop_follow": "4821", "workshop_shown": "2/1/0"}},
        {"recipient_id": SENDER, "custom": {"workshop_follow": "4821", "workshop_shown": "<b>"}},
        {"recipient_id": SENDER, "custom": {"workshop_follow": "<script>"}},
        {"recipient_id": SENDER, "custom": {"anything": "else"}},
    ]
    assert widget_messages(collected) == [
        {"text": "Hello", "buttons": [{"title": "Help", "payload": "/help"}]},
        {"text": "Only text", "buttons": []},
        {"text": "", "buttons": [{"title": "/help", "payload": "/help"}]},
        # the live workshop to follow, from where it was in the question shown
        {"text": "", "buttons": [], "follow": "4821", "shown": "2/1/0"},
        {"text": "", "buttons": [], "follow": "4821", "shown": None},
    ]


def test_channel_identity() -> None:
    channel = WebChatInput.from_credentials({"anything": "ignored"})
    assert (channel.name(), channel.url_prefix()) == ("webchat", "/chat")
