"""Security review findings 1 (join codes guessed), 10 (choice=² gave a 500) and the record of
who started, ended and published a session and when, over HTTP on the real workshop channel."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from datetime import datetime, timedelta, timezone

import aiohttp

from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.join_guard import MAX_FAILED_JOINS
from bot.live_workshop.service import Workshops
from bot.live_workshop.streams import MAX_STREAMS_PER_CLIENT
from bot.live_workshop.tables import CODE_DIGITS
from bot.web.records import Role, recorded
from bot.web.trainer import SHARED_PASSWORD_NAME
from tests.live_workshop.harness import Harness, signed_in


def test_a_thousand_guesses_from_one_client_are_throttled_and_others_still_join(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        code = (await h.state(await h.start()))["code"]
        assert len(code) == CODE_DIGITS and code.isdigit()
        statuses = []
        for guess in range(1000):
            reply, _ = await h.request(
                "POST", "/workshop/api/join", data=json.dumps({"code": f"{guess:08d}"})
            )
            statuses.append(reply.status)
        assert statuses[:MAX_FAILED_JOINS] == [404] * MAX_FAILED_JOINS
        assert set(statuses[MAX_FAILED_JOINS:]) == {429}
        # even the right code waits for the guessing client
        reply, _ = await h.request("POST", "/workshop/api/join", data=json.dumps({"code": code}))
        assert reply.status == 429 and int(reply.headers["Retry-After"]) > 0
        reply, body = await h.request("POST", "/workshop/join", data={"code": code})
        assert reply.status == 429 and "Try again in" in body
        # another client (another loopback address) joins at once
        other = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        async with (
            aiohttp.ClientSession(connector=other) as client,
            client.post(f"{h.base}/workshop/api/join", data=json.dumps({"code": code})) as r,
        ):
            assert r.status == 200

    signed_in(store, workshops, scenario)


def test_a_unicode_digit_as_a_choice_is_no_answer_and_no_500(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        session_id = await h.start()
        code = (await h.state(session_id))["code"]
        token = await h.join(code)
        assert await h.control(session_id, "open") == 200
        for choice in ("\u00b2", "\u0661", "\U0001d7d9"):  # ², Arabic 1, bold 1
            reply, _ = await h.request(
                "POST",
                "/workshop/answer",
                data={"choice": choice, "step": "0"},
                headers={"Cookie": f"rpa_workshop={token}"},
            )
            assert reply.status == 200, choice  # the question again, with what to do
            reply, _ = await h.request("POST", "/workshop/answer", data={"choice": choice})
            assert reply.status == 303, choice  # no participant: back to joining
            # a step typed the same way names no step: the answer is the open question's
            # (security finding 10, once a 500 again when the step field was added)
            reply, _ = await h.request(
                "POST",
                "/workshop/answer",
                data={"choice": "0", "step": choice},
                headers={"Cookie": f"rpa_workshop={token}"},
            )
            assert (reply.status, reply.headers["Location"]) == (303, "/workshop/answer?sent=1")
            no_one = {"choice": "0", "step": choice}
            reply, _ = await h.request("POST", "/workshop/answer", data=no_one)
            assert reply.status == 303 and "sent" not in reply.headers["Location"], choice

    signed_in(store, workshops, scenario)


def test_who_started_ended_published_and_unpublished_a_session_and_when_is_recorded(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        session_id = await h.start()
        assert await h.control(session_id, "end") == 200
        before = datetime.now(timezone.utc).replace(tzinfo=None)
        path = f"/workshop/s/{session_id}/publish"
        # publishing refused (another site's page) is not recorded
        tries = [("yes", h.base, 303), ("no", h.base, 303), ("yes", "https://evil.example", 403)]
        for wanted, origin, status in tries:
            reply, _ = await h.request(
                "POST", path, data={"publish": wanted}, headers={"Origin": origin, **h.cookies()}
            )
            assert reply.status == status
        after = datetime.now(timezone.utc).replace(tzinfo=None)
        subject = f"workshop session {session_id}"
        record = recorded(h.auth.engine)
        assert [(line.action, line.subject.split(":")[0]) for line in record] == [
            ("started", subject),
            ("ended", subject),
            ("published", subject),
            ("unpublished", subject),
        ]
        assert {(line.who, line.role) for line in record} == {
            (SHARED_PASSWORD_NAME, Role.LEARNING_LEAD.value)
        }
        assert all(
            before - timedelta(seconds=1) <= line.at <= after + timedelta(seconds=1)
            for line in record[2:]
        )

    signed_in(store, workshops, scenario)


def test_event_streams_are_capped_per_client_and_end_when_the_trainer_signs_out(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    """Security review finding 16: streams were unlimited and outlived sign-out by 10 min."""

    async def scenario(h: Harness) -> None:
        session_id = await h.start()
        url = f"{h.base}/workshop/s/{session_id}/events"
        async with AsyncExitStack() as open_streams:
            for _ in range(MAX_STREAMS_PER_CLIENT):
                stream = await open_streams.enter_async_context(
                    h.client.get(url, headers=h.cookies())
                )
                assert b"event: state" in await stream.content.readuntil(b"\n\n")
            reply, _ = await h.request("GET", url.removeprefix(h.base), headers=h.cookies())
            assert reply.status == 429
            reply, _ = await h.request(
                "POST", "/workshop/logout", headers={**h.origin, **h.cookies()}
            )
            assert reply.status == 303
            ended = await asyncio.wait_for(stream.content.read(), 5)
            assert stream.content.at_eof(), ended
        # the slots were given back when the streams ended
        await h.sign_in()
        async with h.client.get(url, headers=h.cookies()) as stream:
            assert stream.status == 200

    signed_in(store, workshops, scenario)
