"""The REST channel as Rasa mounts it, in a real Sanic server, with stand-ins for the agent and
the action server: the reply format `make eval` relies on, what is refused and why, the token
in production, and what a person is told when the action server is away."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from rasa.core.channels.channel import UserMessage, register
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from sanic import Sanic

from bot.channels.rest import RestChannel
from bot.channels.turns import NO_ANSWER_REPLY, REQUEST_ID_HEADER, UNAVAILABLE_REPLY
from bot.dialogue.answers.safety import WARNING_OPENING
from bot.settings import ENV_TRUST_REQUEST_ID
from bot.web.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG_REPLY
from tests.support import serving

Sanic.test_mode = True  # several apps start in one process (see test_webchat_channel.py)

TOKEN = "t" * 40
Answer = Callable[[UserMessage], Awaitable[None]]


async def say_hello(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Hello")


@dataclass
class FakeActionServer:
    """Answers /health while `up`; a stand-in for rasa-sdk that can fail on demand."""

    up: bool = True
    url: str = ""

    async def health(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, status=200 if self.up else 503)


@dataclass
class Harness:
    url: str
    client: aiohttp.ClientSession
    actions: FakeActionServer
    handled: list[UserMessage] = field(default_factory=list)

    async def post(
        self,
        body: Any = None,
        data: bytes | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        headers = {**(headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}
        async with self.client.post(self.url, json=body, data=data, headers=headers) as reply:
            return reply.status, await reply.json()


@asynccontextmanager
async def harness(
    answer: Answer = say_hello, token: str | None = None, tracker_store: Any = None
) -> AsyncIterator[Harness]:
    actions = FakeActionServer()
    action_app = web.Application()
    action_app.router.add_get("/health", actions.health)
    runner = web.AppRunner(action_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    actions.url = f"http://{host}:{port}/webhook"
    handled: list[UserMessage] = []

    class Agent:
        """Rasa's Agent as the channels use it: handle_message takes the conversation's lock
        (bot/channels/turns.py takes it itself for a message that may come again)."""

        action_endpoint = SimpleNamespace(url=actions.url)
        tracker_store = None
        lock_store = InMemoryLockStore()

        def is_ready(self) -> bool:
            return True

        @property
        def processor(self) -> Processor:
            return Processor()

        async def handle_message(self, message: UserMessage) -> None:
            async with self.lock_store.lock(message.sender_id):
                await self.processor.handle_message(message)

    class Processor:
        async def handle_message(self, message: UserMessage) -> None:
            handled.append(message)
            await answer(message)

    app = Sanic(f"rest_test_{uuid.uuid4().hex}", configure_logging=False)
    app.ctx.agent = Agent()
    app.ctx.agent.tracker_store = tracker_store
    register([RestChannel(token)], app, "/webhooks/")
    timeout = aiohttp.ClientTimeout(total=10)
    try:
        async with serving(app) as sanic_port, aiohttp.ClientSession(timeout=timeout) as client:
            url = f"http://127.0.0.1:{sanic_port}/webhooks/rest/webhook"
            yield Harness(url, client, actions, handled)
    finally:
        await runner.cleanup()


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def test_replies_keep_rasas_format_and_nothing_but_the_message_is_passed_on() -> None:
    async def scenario() -> None:
        async with harness() as h:
            body = {
                "sender": "eval-0f0f",
                "message": "  mum keeps cancelling  ",
                "metadata": {"name": "Jamie Okafor"},
                "input_channel": "webchat",
            }
            assert await h.post(body) == (200, [{"recipient_id": "eval-0f0f", "text": "Hello"}])
        [message] = h.handled
        assert (message.text, message.sender_id) == ("mum keeps cancelling", "eval-0f0f")
        assert message.input_channel == "rest" and not message.metadata

    run(scenario)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"", "empty"),
        (b'{"sender": "a", "mess', "not valid JSON"),
        (b'["sender", "message"]', "got a JSON array"),
        (b'"hello"', "got a JSON string"),
        (b'{"sender": "a", "message": "\xff\xfe"}', "UTF-8"),
        (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),
        (b'{"a":' * 8_000 + b"1" + b"}" * 8_000, "nested too deeply"),
        (b'{"sender": 5, "message": "hi"}', "sender"),
        (b'{"message": "hi"}', "sender"),
        (b'{"sender": "a b", "message": "hi"}', "sender"),
        (b'{"sender": "' + b"a" * 129 + b'", "message": "hi"}', "sender"),
        (b'{"sender": "a", "message": null}', "message must be text, got null"),
        (b'{"sender": "a", "message": ["hi"]}', "got array"),
        (b'{"sender": "a", "message": {"text": "hi"}}', "got object"),
        (b'{"sender": "a", "message": 1e999}', "got number"),
        (b'{"sender": "a", "message": "   "}', "non-empty"),
        (b'{"sender": "a", "message": "\\u0000\\u0007"}', "non-empty"),
        (b'{"sender": "a", "message": "\\ud800"}', "not valid Unicode"),
    ],
    ids=lambda value: repr(value[:40]) if isinstance(value, bytes) else None,
)
def test_bodies_no_client_sends_are_a_400_naming_the_problem(data: bytes, named: str) -> None:
    assert len(data) < MAX_BODY_BYTES  # bigger ones are a 413 before they are read

    async def scenario() -> None:
        async with harness() as h:
            status, reply = await h.post(data=data)
            assert status == 400 and named in reply["error"], reply
        assert h.handled == []

    run(scenario)


def test_a_message_over_the_limit_gets_a_reply_and_never_reaches_rasa() -> None:
    async def scenario() -> None:
        async with harness() as h:
            over = {"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)}
            assert await h.post(over) == (200, [{"recipient_id": "a", "text": TOO_LONG_REPLY}])
            assert h.handled == []
            at_limit = {"sender": "a", "message": "😀" * MAX_MESSAGE_CHARS}
            assert (await h.post(at_limit))[0] == 200
            assert len(h.handled) == 1

    run(scenario)


IDENTIFYING = "right, Sade Quist born 3 May 2013 - who should I phone"


def test_our_own_replies_to_identifying_details_come_after_the_warning() -> None:
    """Too long, or a turn that said nothing: the channel answers itself, no action runs, so
    the warning comes from the channel when the message holds identifiers."""

    async def nothing(_message: UserMessage) -> None:
        return None

    async def scenario() -> None:
        async with harness(answer=nothing) as h:
            for text, reply in (
                (IDENTIFYING + " x" * MAX_MESSAGE_CHARS, TOO_LONG_REPLY),
                (IDENTIFYING, NO_ANSWER_REPLY),
            ):
                status, said = await h.post({"sender": "a", "message": text})
                assert status == 200 and [r["text"] for r in said][1:] == [reply], said
                assert said[0]["text"].startswith(WARNING_OPENING), said
                assert "a name and a date of birth" in said[0]["text"], said
            plain = {"sender": "a", "message": "who should I phone"}
            assert await h.post(plain) == (200, [{"recipient_id": "a", "text": NO_ANSWER_REPLY}])

    run(scenario)


def test_in_production_only_the_token_opens_the_channel() -> None:
    async def scenario() -> None:
        async with harness(token=TOKEN) as h:
            body = {"sender": "a", "message": "hello"}
            for token in (None, "wrong", TOKEN[:-1], TOKEN + "x"):
                status, reply = await h.post(body, token=token)
                assert status == 401 and "Bearer" in reply["error"], token
            assert h.handled == []
            assert await h.post(body, token=TOKEN) == (
                200,
                [{"recipient_id": "a", "text": "Hello"}],
            )
            assert (await h.post(data=b"[]", token=None))[0] == 401  # nothing read before auth

    run(scenario)


def test_production_without_a_token_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RPA_MODE", "production")
    monkeypatch.delenv("RPA_REST_TOKEN", raising=False)
    with pytest.raises(RasaException, match="RPA_REST_TOKEN"):
        RestChannel.from_credentials(None)
    monkeypatch.setenv("RPA_REST_TOKEN", "short")
    with pytest.raises(RasaException, match="at least 32"):
        RestChannel.from_credentials(None)
    monkeypatch.setenv("RPA_REST_TOKEN", TOKEN)
    assert RestChannel.from_credentials(None).token == TOKEN
    monkeypatch.setenv("RPA_MODE", "development")
    monkeypatch.delenv("RPA_REST_TOKEN")
    assert RestChannel.from_credentials(None).token is None
    monkeypatch.setenv("RPA_MODE", "staging")
    with pytest.raises(RasaException, match="production"):
        RestChannel.from_credentials(None)


def test_while_the_action_server_is_down_the_message_is_not_processed() -> None:
    async def scenario() -> None:
        async with harness() as h:
            h.actions.up = False
            body = {"sender": "a", "message": "she is in danger right now"}
            assert await h.post(body) == (200, [{"recipient_id": "a", "text": UNAVAILABLE_REPLY}])
            assert h.handled == []
            h.actions.up = True
            assert (await h.post(body))[1] == [{"recipient_id": "a", "text": "Hello"}]

    run(scenario)


def test_an_action_server_lost_mid_turn_is_not_silence() -> None:
    harness_ref: list[Harness] = []

    async def action_server_dies(_message: UserMessage) -> None:
        harness_ref[0].actions.up = False  # Rasa logs the failed action and answers nothing

    async def scenario() -> None:
        async with harness(answer=action_server_dies) as h:
            harness_ref.append(h)
            body = {"sender": "a", "message": "how do I escalate"}
            assert await h.post(body) == (200, [{"recipient_id": "a", "text": UNAVAILABLE_REPLY}])

    run(scenario)


def test_rasas_own_commands_may_answer_nothing_while_all_is_well() -> None:
    async def nothing(_message: UserMessage) -> None:
        return None

    async def scenario() -> None:
        async with harness(answer=nothing) as h:
            assert await h.post({"sender": "a", "message": "/restart"}) == (200, [])

    run(scenario)


def test_a_failed_turn_tells_the_person_instead_of_an_error() -> None:
    async def explode(_message: UserMessage) -> None:
        raise RuntimeError("tracker store unreachable")

    async def scenario() -> None:
        async with harness(answer=explode) as h:
            body = {"sender": "a", "message": "hello"}
            assert await h.post(body) == (200, [{"recipient_id": "a", "text": UNAVAILABLE_REPLY}])

    run(scenario)


def test_a_retried_request_is_answered_from_the_store_not_processed_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A balancer retries a request whose Rasa instance died; if that instance had stored the
    turn, the retry (same X-Request-ID) gets the stored replies and the turn stays single."""
    monkeypatch.setenv(ENV_TRUST_REQUEST_ID, "1")
    store = InMemoryTrackerStore(Domain.empty())
    stored = DialogueStateTracker.from_events(
        "eval-replay",
        [
            UserUttered("how do I escalate", message_id="req-0000000000000001"),
            BotUttered("Which fits best?", {"buttons": [{"title": "A", "payload": "/a"}]}),
            BotUttered("Source: escalation policy"),
            UserUttered("thanks", message_id="req-0000000000000002"),
            BotUttered("You're welcome"),
        ],
    )
    hello = [{"recipient_id": "eval-replay", "text": "Hello"}]

    async def scenario() -> None:
        await store.save(stored)
        async with harness(tracker_store=store) as h:
            body = {"sender": "eval-replay", "message": "how do I escalate"}
            status, replies = await h.post(
                body, headers={REQUEST_ID_HEADER: "req-0000000000000001"}
            )
            assert status == 200
            assert [(reply.get("text"), reply.get("buttons")) for reply in replies] == [
                ("Which fits best?", [{"title": "A", "payload": "/a"}]),
                ("Source: escalation policy", None),
            ]
            assert h.handled == []
            # a new id, a malformed id or none at all: processed as usual
            for headers in (
                {REQUEST_ID_HEADER: "req-0000000000000003"},
                {REQUEST_ID_HEADER: "x y"},
                {},
            ):
                assert await h.post(body, headers=headers) == (200, hello)
            assert len(h.handled) == 3
            assert h.handled[0].message_id == "req-0000000000000003"
            assert h.handled[1].message_id != "x y"
            # another person's conversation never answers from this one's store
            other = {"sender": "eval-other", "message": "how do I escalate"}
            assert await h.post(other, headers={REQUEST_ID_HEADER: "req-0000000000000001"}) == (
                200,
                [{"recipient_id": "eval-other", "text": "Hello"}],
            )

    run(scenario)


def test_a_redelivery_during_the_first_delivery_waits_for_it_and_is_not_processed_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_TRUST_REQUEST_ID, "1")
    store = InMemoryTrackerStore(Domain.empty())

    async def slow_answer(message: UserMessage) -> None:
        await asyncio.sleep(0.3)
        await say_hello(message)
        tracker = await store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, message_id=message.message_id))
        tracker.update(BotUttered("Hello"))
        await store.save(tracker)

    async def scenario() -> None:
        async with harness(slow_answer, tracker_store=store) as h:
            body = {"sender": "eval-slow", "message": "hi"}
            headers = {REQUEST_ID_HEADER: "req-0000000000000009"}
            first, again = await asyncio.gather(
                h.post(body, headers=headers), h.post(body, headers=headers)
            )
            assert first == again == (200, [{"recipient_id": "eval-slow", "text": "Hello"}])
            assert len(h.handled) == 1

    run(scenario)


def test_the_request_id_is_ignored_unless_the_deployment_says_a_balancer_sets_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a balancer that replaces it, a client could fix the id and have every later
    message answered with its first reply, a message about immediate danger included."""
    monkeypatch.delenv(ENV_TRUST_REQUEST_ID, raising=False)
    store = InMemoryTrackerStore(Domain.empty())
    stored = DialogueStateTracker.from_events(
        "eval-fixed", [UserUttered("hi", message_id="req-0000000000000001"), BotUttered("Hi")]
    )

    async def scenario() -> None:
        await store.save(stored)
        async with harness(tracker_store=store) as h:
            body = {"sender": "eval-fixed", "message": "she is in danger right now"}
            headers = {REQUEST_ID_HEADER: "req-0000000000000001"}
            assert await h.post(body, headers=headers) == (
                200,
                [{"recipient_id": "eval-fixed", "text": "Hello"}],
            )
            assert len(h.handled) == 1 and h.handled[0].message_id != "req-0000000000000001"

    run(scenario)
