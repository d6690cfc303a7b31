"""The workshop channel over HTTP, mounted by Rasa's own `register` in a real Sanic server
on the fixture knowledge: sign-in, start, presenter state and events, participants by form
and by JSON, the trainer's controls, results and CSV, and what is refused."""

from __future__ import annotations

import asyncio
import json
from http.cookies import SimpleCookie

from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.api import PARTICIPANT_COOKIE
from bot.live_workshop.routes import PRESENTER_HEADERS
from bot.live_workshop.service import Workshops
from bot.tooling.workshop_bench import measure_phones_follow
from tests.live_workshop.harness import PASSWORD, Harness, harness, signed_in


def test_a_workshop_over_http(store: KnowledgeStore, workshops: Workshops) -> None:
    async def scenario() -> None:
        async with harness(store, workshops) as h:
            reply, _ = await h.request("GET", "/workshop/")
            assert reply.status == 303 and "/workshop/login" in reply.headers["Location"]
            reply, _ = await h.request("POST", "/workshop/sessions", data={"case": "send-adam"})
            assert reply.status == 401
            await h.sign_in()
            reply, body = await h.request("GET", "/workshop/", headers=h.cookies())
            assert reply.status == 200 and "send-adam" in body
            session_id = await h.start()
            reply, body = await h.request("GET", f"/workshop/s/{session_id}/", headers=h.cookies())
            assert reply.status == 200 and "presenter.js" in body
            assert 'href="/handouts/case/send-adam.pdf"' in body  # the case's handout, one click
            missing, _ = await h.request("GET", "/workshop/s/999999/", headers=h.cookies())
            assert missing.status == 404
            assert (
                reply.headers["Content-Security-Policy"]
                == (PRESENTER_HEADERS["Content-Security-Policy"])
            )
            state = await h.state(session_id)
            code = state["code"]
            assert state["joinUrl"].endswith(f"/workshop/join?code={code}")
            assert state["reveal"] is None and state["participants"] == 0
            reply, svg = await h.request(
                "GET", f"/workshop/s/{session_id}/qr.svg", headers=h.cookies()
            )
            assert reply.status == 200 and svg.startswith("<svg")

            tokens = [await h.join(code) for _ in range(3)]
            status, said = await h.answer(tokens[0], choice=0)
            assert (status, said["status"]) == (409, "closed")
            assert await h.control(session_id, "open") == 200
            for token, choice in zip(tokens, (0, 2, 2), strict=True):
                status, said = await h.answer(token, choice=choice, step=0)
                assert status == 200, said
            status, said = await h.answer(tokens[0], choice=1, step=5)  # a stale page
            assert status == 409
            state = await h.state(session_id)
            assert state["counts"] == [1, 0, 2, 0, 0] and state["participants"] == 3

            # the events stream sends the state now and again when it changes
            async with h.client.get(
                f"{h.base}/workshop/s/{session_id}/events", headers=h.cookies()
            ) as stream:
                assert stream.headers["Content-Type"].startswith("text/event-stream")
                first = await stream.content.readuntil(b"\n\n")
                assert b"event: state" in first and b'"counts": [1, 0, 2, 0, 0]' in first
                await h.answer(tokens[1], choice=4)
                second = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 5)
                assert b'"counts": [1, 0, 1, 0, 1]' in second

            # a participant by the plain forms
            reply, _ = await h.request("POST", "/workshop/join", data={"code": code})
            assert reply.status == 303
            participant = SimpleCookie()
            participant.load(reply.headers["Set-Cookie"])
            token = participant[PARTICIPANT_COOKIE].value
            assert "HttpOnly" in reply.headers["Set-Cookie"]
            reply, body = await h.request(
                "GET", "/workshop/answer", headers={"Cookie": f"{PARTICIPANT_COOKIE}={token}"}
            )
            assert reply.status == 200 and 'name="choice"' in body
            reply, _ = await h.request(
                "POST",
                "/workshop/answer",
                data={"choice": "3", "step": "0"},
                headers={"Cookie": f"{PARTICIPANT_COOKIE}={token}"},
            )
            assert reply.status == 303 and reply.headers["Location"].endswith("sent=1")
            reply, body = await h.request("POST", "/workshop/join", data={"code": "99999"})
            assert reply.status == 400 and "no session with that code" in body

            # reveal, end, results
            assert await h.control(session_id, "reveal") == 200
            state = await h.state(session_id)
            assert state["reveal"] is not None and not state["votingOpen"]
            assert await h.control(session_id, "end") == 200
            assert await h.control(session_id, "next") == 409
            reply, body = await h.request(
                "POST", "/workshop/api/join", data=json.dumps({"code": code})
            )
            assert reply.status == 404
            reply, body = await h.request(
                "GET", f"/workshop/s/{session_id}/results", headers=h.cookies()
            )
            assert reply.status == 200 and "Before and after" in body
            reply, body = await h.request(
                "GET", f"/workshop/s/{session_id}/results/answers.csv", headers=h.cookies()
            )
            assert reply.status == 200 and body.startswith("\ufeffstep,kind")
            reply, _ = await h.request("GET", f"/workshop/s/{session_id}/results/answers.csv")
            assert reply.status == 401

    asyncio.run(scenario())


def test_controls_need_this_sites_origin_and_a_known_action(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        session_id = await h.start()
        reply, _ = await h.request(
            "POST",
            f"/workshop/s/{session_id}/control",
            data=json.dumps({"action": "next"}),
            headers={"Origin": "https://evil.example", **h.cookies()},
        )
        assert reply.status == 403
        assert await h.control(session_id, "explode") == 400

    signed_in(store, workshops, scenario)


def test_team_mode_takes_a_team_from_the_lists_only(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        session_id = await h.start(teams="yes")
        code = (await h.state(session_id))["code"]
        reply, body = await h.request(
            "POST", "/workshop/api/join", data=json.dumps({"code": code, "table": "Sarah"})
        )
        assert reply.status == 400
        await h.join(code, agencies=["Police", "Health"])
        await h.join(code, table="Table 2")
        assert (await h.state(session_id))["teams"] == ["Health + Police", "Table 2"]
        reply, body = await h.request("POST", "/workshop/join", data={"code": code})
        assert reply.status == 400 and 'name="agency"' in body

    signed_in(store, workshops, scenario)


def test_a_phone_joining_again_a_full_room_following_the_trainer_and_publishing(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario(h: Harness) -> None:
        session_id = await h.start(room="2")
        code = (await h.state(session_id))["code"]
        reply, _ = await h.request("POST", "/workshop/join", data={"code": code})
        jar: SimpleCookie = SimpleCookie()
        jar.load(reply.headers["Set-Cookie"])
        phone = {"Cookie": f"{PARTICIPANT_COOKIE}={jar[PARTICIPANT_COOKIE].value}"}
        # The QR code scanned again, and the form sent again: the same participant.
        reply, _ = await h.request("GET", f"/workshop/join?code={code}", headers=phone)
        assert reply.status == 303 and reply.headers["Location"] == "/workshop/answer"
        reply, _ = await h.request("POST", "/workshop/join", data={"code": code}, headers=phone)
        assert reply.status == 303
        assert (await h.state(session_id))["participants"] == 1
        await h.join(code)
        reply, body = await h.request("POST", "/workshop/join", data={"code": code})
        assert reply.status == 409 and "full" in body
        assert (await h.state(session_id))["participants"] == 2

        # The phone's events stream says where the session is each time it moves.
        async with h.client.get(f"{h.base}/workshop/answer/events", headers=phone) as stream:
            assert stream.headers["Content-Type"].startswith("text/event-stream")
            first = await stream.content.readuntil(b"\n\n")
            assert b"event: position" in first and b'"votingOpen": false' in first
            assert await h.control(session_id, "open") == 200
            opened = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 5)
            assert b'"step": 0' in opened and b'"votingOpen": true' in opened
        reply, _ = await h.request(
            "POST", "/workshop/answer", data={"choice": "3", "step": "0"}, headers=phone
        )
        reply, body = await h.request("GET", "/workshop/answer?sent=1", headers=phone)
        assert "Your answer:" in body and "D. " in body  # what they chose, shown
        assert 'value="3" required checked' in body
        assert "participant.js" in body

        # Published only by the trainer, and only once ended.
        publish = {**h.origin, **h.cookies()}
        path = f"/workshop/s/{session_id}/publish"
        reply, _ = await h.request("POST", path, data={"publish": "yes"}, headers=publish)
        assert reply.status == 409
        assert await h.control(session_id, "end") == 200
        reply, body = await h.request(
            "GET", f"/workshop/s/{session_id}/results", headers=h.cookies()
        )
        assert "Publish on the case" in body
        reply, _ = await h.request("POST", path, data={"publish": "yes"}, headers=publish)
        assert reply.status == 303
        assert workshops.latest_published("send-adam") == session_id
        reply, _ = await h.request(
            "POST",
            path,
            data={"publish": "yes"},
            headers={"Origin": "https://evil.example", **h.cookies()},
        )
        assert reply.status == 403

    signed_in(store, workshops, scenario)


def test_the_bench_hears_every_phone_follow_every_step(
    store: KnowledgeStore, workshops: Workshops
) -> None:
    async def scenario() -> None:
        async with harness(store, workshops) as h:
            measured = await asyncio.to_thread(measure_phones_follow, h.base, PASSWORD, 3, 2)
            assert measured["errors"] == 0 and measured["requests"] == 6

    asyncio.run(scenario())
