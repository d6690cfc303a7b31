"""The penetration test's probes (../shared/reviews/security-2026-12.md), rerun against the real
servers: each test names its finding and asserts the probe now finds nothing. Findings 5, 6 and
19 (the HAProxy template and rpa.env) are the deploy/ files' and their tests'; 2 and 9 (one
participant per device, results on handouts only when published) the workshop's."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from bot.live_workshop.join_guard import MAX_FAILED_JOINS
from bot.live_workshop.tables import CODE_DIGITS
from bot.web.trainer import COOKIE, MAX_FAILURES
from tests.security.conftest import PASSWORD, Deployment

T = TypeVar("T")
OTHER_CLIENT = "127.0.0.2"
"""Another loopback address: a second client, as the server sees it."""


def probe(scenario: Callable[[aiohttp.ClientSession], Awaitable[T]], local: str = "") -> T:
    async def run() -> T:
        connector = aiohttp.TCPConnector(local_addr=(local, 0) if local else None)
        async with aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=60),
        ) as client:
            return await scenario(client)

    return asyncio.run(run())


async def sign_in(client: aiohttp.ClientSession, url: str, password: str = PASSWORD) -> Any:
    async with client.post(
        f"{url}/insights/login",
        data={"password": password},
        headers={"Origin": url},
        allow_redirects=False,
    ) as reply:
        return reply.status, reply.cookies.get(COOKIE)


def test_finding_1_join_codes_cannot_be_guessed(deployment: Deployment) -> None:
    url = deployment.url

    async def guesses(client: aiohttp.ClientSession) -> list[int]:
        statuses = []
        for guess in range(MAX_FAILED_JOINS + 20):
            async with client.post(
                f"{url}/workshop/api/join", data=json.dumps({"code": f"z{guess:07d}"})
            ) as reply:
                statuses.append(reply.status)
        return statuses

    statuses = probe(guesses)
    assert statuses[:MAX_FAILED_JOINS] == [404] * MAX_FAILED_JOINS
    assert set(statuses[MAX_FAILED_JOINS:]) == {429}

    async def other(client: aiohttp.ClientSession) -> int:
        async with client.post(f"{url}/workshop/api/join", data='{"code": "z9999999"}') as reply:
            return reply.status

    assert probe(other, OTHER_CLIENT) == 404  # another client is not held up


def test_finding_3_no_trainer_page_is_readable_cross_origin(deployment: Deployment) -> None:
    url = deployment.url
    allowed_origin = url.replace("127.0.0.1", "localhost")

    async def reads(client: aiohttp.ClientSession) -> dict[str, set[str]]:
        _, cookie = await sign_in(client, url)
        found = {}
        for path in ("/insights/", "/insights/csv/helpfulness.csv", "/workshop/", "/chat/"):
            async with client.get(
                url + path,
                headers={"Origin": allowed_origin, "Cookie": f"{COOKIE}={cookie.value}"},
                allow_redirects=False,
            ) as reply:
                found[path] = {h for h in reply.headers if h.lower().startswith("access-control")}
        async with client.options(
            f"{url}/chat/webhook",
            headers={"Origin": allowed_origin, "Access-Control-Request-Method": "POST"},
        ) as reply:
            found["/chat/webhook"] = {
                f"{h}: {v}" for h, v in reply.headers.items() if h.lower().startswith("access-")
            }
        return found

    found = probe(reads)
    assert all(found[path] == set() for path in ("/insights/", "/workshop/", "/chat/")), found
    assert found["/insights/csv/helpfulness.csv"] == set()
    assert f"Access-Control-Allow-Origin: {allowed_origin}" in found["/chat/webhook"]
    assert not any("Credentials" in header for header in found["/chat/webhook"])


def test_finding_4_one_clients_wrong_passwords_keep_no_one_else_out(deployment: Deployment) -> None:
    url = deployment.url

    async def attacker(client: aiohttp.ClientSession) -> list[int]:
        return [(await sign_in(client, url, f"wrong-{i}"))[0] for i in range(MAX_FAILURES + 1)]

    assert probe(attacker, OTHER_CLIENT) == [401] * MAX_FAILURES + [429]

    async def trainer(client: aiohttp.ClientSession) -> int:
        return int((await sign_in(client, url))[0])

    assert probe(trainer) == 303


def test_finding_7_a_signed_out_cookie_stays_signed_out(deployment: Deployment) -> None:
    url = deployment.url

    async def copied(client: aiohttp.ClientSession) -> int:
        _, cookie = await sign_in(client, url)
        jar = {"Cookie": f"{COOKIE}={cookie.value}"}
        async with client.post(
            f"{url}/insights/logout", headers={"Origin": url, **jar}, allow_redirects=False
        ) as reply:
            assert reply.status == 303
        async with client.get(f"{url}/insights/", headers=jar, allow_redirects=False) as reply:
            return reply.status

    assert probe(copied) == 303  # to the sign-in page
    with sqlite3.connect(deployment.database_url.removeprefix("sqlite:///")) as database:
        assert database.execute(
            "SELECT count(*) FROM trainer_sessions WHERE signed_out"
        ).fetchone()[0]


def test_finding_8_a_reason_is_never_filed_under_a_forged_key_message(
    deployment: Deployment,
) -> None:
    url, sender = deployment.url, "sec-forge1"

    async def forge(client: aiohttp.ClientSession) -> None:
        for message in (
            '/feedback_not_helpful{"key_message":"sec-probe <i>=1+1</i>"}',
            "the page about this was confusing",
        ):
            async with client.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
            ) as reply:
                assert reply.status == 200

    probe(forge)
    with sqlite3.connect(deployment.database_url.removeprefix("sqlite:///")) as database:
        stored = database.execute(
            "SELECT key_message_id FROM usage_events WHERE kind = 'feedback_reason'"
        ).fetchall()
    assert stored == []


def test_finding_10_a_unicode_digit_choice_is_no_500(deployment: Deployment) -> None:
    async def answer(client: aiohttp.ClientSession) -> int:
        async with client.post(
            f"{deployment.url}/workshop/answer", data={"choice": "\u00b2"}, allow_redirects=False
        ) as reply:
            return reply.status

    assert probe(answer) == 303  # no participant: back to the join page, no traceback
    log = Path(deployment.folder) / "logs" / "rasa.log"
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_finding_13_origin_scheme_and_forwarded_host_are_not_believed(
    deployment: Deployment,
) -> None:
    url = deployment.url

    async def probes(client: aiohttp.ClientSession) -> tuple[int, int, str]:
        https_origin = url.replace("http://", "https://")
        async with client.post(
            f"{url}/insights/login",
            data={"password": PASSWORD},
            headers={"Origin": https_origin},
            allow_redirects=False,
        ) as reply:
            scheme_status = reply.status
        async with client.post(
            f"{url}/insights/login",
            data={"password": PASSWORD},
            headers={"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example"},
            allow_redirects=False,
        ) as reply:
            forwarded_status = reply.status
        _, cookie = await sign_in(client, url)
        jar = {"Cookie": f"{COOKIE}={cookie.value}"}
        async with client.post(
            f"{url}/workshop/sessions",
            data={"case": "send-erika"},
            headers={"Origin": url, **jar},
            allow_redirects=False,
        ) as reply:
            session = reply.headers["Location"].split("/")[3]
        async with client.get(
            f"{url}/workshop/s/{session}/state",
            headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", **jar},
        ) as reply:
            state = await reply.json()
        async with client.post(
            f"{url}/workshop/s/{session}/control",
            data=json.dumps({"action": "end"}),
            headers={"Origin": url, **jar},
        ) as reply:
            assert reply.status == 200
        assert len(state["code"]) == CODE_DIGITS
        return scheme_status, forwarded_status, state["joinUrl"]

    scheme_status, forwarded_status, join_url = probe(probes)
    assert scheme_status == 403 and forwarded_status == 403
    assert join_url.startswith(f"{url}/workshop/join?code=")


def test_finding_17_another_host_name_is_refused(deployment: Deployment) -> None:
    async def rebound(client: aiohttp.ClientSession) -> tuple[int, int]:
        statuses = []
        for host in ("rebind.evil.example:5005", "localhost"):
            async with client.get(f"{deployment.url}/chat/", headers={"Host": host}) as reply:
                statuses.append(reply.status)
        return statuses[0], statuses[1]

    assert probe(rebound) == (421, 200)
