"""The insights channel over HTTP: mounted by Rasa's own `register` in a real Sanic server,
with a stand-in report, so these tests cover sign-in, sessions, the page, CSV and headers."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.insights.report import Insights
from bot.insights.routes import InsightsInput
from bot.settings import ENV_TRAINER_PASSWORD_HASH, ENV_TRUSTED_PROXIES
from bot.web.trainer import COOKIE, SESSION_SECONDS, PasswordHash, TrainerAuth, hash_password
from tests.insights.sample import INSIGHTS
from tests.support import serving

Sanic.test_mode = True

PASSWORD = "correct horse battery staple"
TODAY = date(2025, 3, 31)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Harness:
    base_url: str
    client: aiohttp.ClientSession
    reports: list[tuple[date, date]]
    clock: Clock

    @property
    def origin(self) -> dict[str, str]:
        return {"Origin": self.base_url}

    async def sign_in(
        self, password: str = PASSWORD, headers: dict[str, str] | None = None, next_: str = ""
    ) -> aiohttp.ClientResponse:
        form = {"password": password, "next": next_}
        async with self.client.post(
            f"{self.base_url}/insights/login",
            data=form,
            headers=self.origin if headers is None else headers,
            allow_redirects=False,
        ) as reply:
            await reply.read()
            return reply

    async def session_cookie(self) -> str:
        reply = await self.sign_in()
        assert reply.status == 303, reply.status
        return session_of(reply)

    async def get(
        self, path: str, cookie: str | None = None, **headers: str
    ) -> tuple[aiohttp.ClientResponse, str]:
        if cookie is not None:
            headers["Cookie"] = f"{COOKIE}={cookie}"
        async with self.client.get(
            f"{self.base_url}{path}", headers=headers, allow_redirects=False
        ) as reply:
            return reply, await reply.text()


def session_of(reply: aiohttp.ClientResponse) -> str:
    jar: SimpleCookie = SimpleCookie()
    for header in reply.headers.getall("Set-Cookie"):
        jar.load(header)
    return jar[COOKIE].value


@asynccontextmanager
async def harness(environ: dict[str, str] | None = None) -> AsyncIterator[Harness]:
    reports: list[tuple[date, date]] = []
    clock = Clock()

    def report(start: date, end: date) -> Insights:
        reports.append((start, end))
        return dataclasses.replace(INSIGHTS, start=start, end=end)

    if environ is None:
        password_hash = PasswordHash.parse(hash_password(PASSWORD, n=2**10, r=8, p=1))
        auth = TrainerAuth(password_hash, b"s" * 32, clock=clock)
    else:
        auth = TrainerAuth.from_environ(environ)
    app = Sanic(f"insights_test_{uuid.uuid4().hex}", configure_logging=False)
    register([InsightsInput(auth, report, today=lambda: TODAY)], app, "/webhooks/")
    # The client keeps no cookies: each test sends the session it means to.
    timeout = aiohttp.ClientTimeout(total=20)
    async with (
        serving(app) as port,
        aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as client,
    ):
        yield Harness(f"http://127.0.0.1:{port}", client, reports, clock)


def run(scenario: Any) -> None:
    asyncio.run(scenario())


def test_unconfigured_every_trainer_page_is_closed_and_says_why() -> None:
    async def scenario() -> None:
        async with harness(environ={}) as h:
            for path in ("/insights/", "/insights/login", "/insights/csv/channels.csv"):
                reply, body = await h.get(path)
                assert reply.status == 503, path
                assert ENV_TRAINER_PASSWORD_HASH in body and "not configured" in body
            reply = await h.sign_in()
            assert reply.status == 503
        assert h.reports == []

    run(scenario)


def test_before_sign_in_the_page_redirects_and_data_is_refused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            reply, _ = await h.get("/insights/?from=2025-03-01&to=2025-03-31")
            assert reply.status == 303
            target = quote("/insights/?from=2025-03-01&to=2025-03-31", safe="")
            assert reply.headers["Location"] == f"/insights/login?next={target}"
            reply, body = await h.get("/insights/csv/channels.csv")
            assert reply.status == 401 and "Sign in" in body
            for forged in ("", "1.2.3", "9999999999.abc.def"):
                reply, _ = await h.get("/insights/", cookie=forged)
                assert reply.status == 303, forged
            reply, _ = await h.get("/insights")
            assert (reply.status, reply.headers["Location"]) == (302, "/insights/")
        assert h.reports == []

    run(scenario)


def test_signing_in_sets_a_strict_http_only_session_and_opens_the_page() -> None:
    async def scenario() -> None:
        async with harness() as h:
            reply, body = await h.get("/insights/login?next=%2Finsights%2F%3Ffrom%3D2025-03-01")
            assert reply.status == 200
            assert 'name="next" value="/insights/?from=2025-03-01"' in body
            assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
            signed_in = await h.sign_in(next_="/insights/?from=2025-03-01")
            assert signed_in.status == 303
            assert signed_in.headers["Location"] == "/insights/?from=2025-03-01"
            [header] = signed_in.headers.getall("Set-Cookie")
            attributes = {part.strip().lower() for part in header.split(";")[1:]}
            assert attributes == {
                "path=/",
                f"max-age={SESSION_SECONDS}",
                "httponly",
                "samesite=strict",
            }
            reply, body = await h.get("/insights/?from=2025-03-01", cookie=session_of(signed_in))
            assert reply.status == 200
            assert "Insights for the partnership" in body and "404" in body
            assert reply.headers["Cache-Control"] == "no-store"
        assert h.reports == [(date(2025, 3, 1), TODAY)]

    run(scenario)


def test_the_cookie_is_secure_when_the_request_came_over_https_through_the_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def scenario() -> None:
        async with harness() as h:
            https_origin = h.base_url.replace("http://", "https://")
            headers = {"Origin": https_origin, "X-Forwarded-Proto": "https"}
            assert (await h.sign_in(headers=headers)).status == 403  # no proxy configured
            monkeypatch.setenv(ENV_TRUSTED_PROXIES, "127.0.0.1")
            reply = await h.sign_in(headers=headers)
            assert reply.status == 303
            assert "secure" in reply.headers["Set-Cookie"].lower()

    run(scenario)


def test_the_page_answers_with_its_security_headers() -> None:
    async def scenario() -> None:
        async with harness() as h:
            reply, _ = await h.get("/insights/", cookie=await h.session_cookie())
            policy = reply.headers["Content-Security-Policy"]
            for directive in (
                "default-src 'none'",
                "style-src 'self'",
                "img-src 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ):
                assert directive in policy
            assert "unsafe-inline" not in policy and "script-src" not in policy
            assert reply.headers["X-Content-Type-Options"] == "nosniff"
            assert reply.headers["Referrer-Policy"] == "same-origin"
            stylesheet, css = await h.get("/insights/trainer.css")
            assert stylesheet.status == 200
            assert stylesheet.headers["Content-Type"].startswith("text/css")
            assert ".chart-bar" in css

    run(scenario)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Origin": "null"}, {"Origin": "https://evil.example"}],
    ids=["no origin", "null origin", "foreign origin"],
)
def test_a_sign_in_posted_from_another_site_is_refused(headers: dict[str, str]) -> None:
    async def scenario() -> None:
        async with harness() as h:
            reply = await h.sign_in(headers=headers)
            assert reply.status == 403
            assert "Set-Cookie" not in reply.headers

    run(scenario)


def test_a_wrong_password_is_refused_with_the_form_again() -> None:
    async def scenario() -> None:
        async with harness() as h:
            async with h.client.post(
                f"{h.base_url}/insights/login",
                data={"password": "not the password", "next": "/insights/"},
                headers=h.origin,
                allow_redirects=False,
            ) as reply:
                body = await reply.text()
                assert reply.status == 401
                assert "Set-Cookie" not in reply.headers
            assert "That password is not right." in body and 'aria-invalid="true"' in body

    run(scenario)


def test_five_wrong_passwords_lock_sign_in_even_for_the_right_one() -> None:
    async def scenario() -> None:
        async with harness() as h:
            for _ in range(5):
                assert (await h.sign_in("a wrong guess")).status == 401
            locked = await h.sign_in()
            assert locked.status == 429
            assert locked.headers["Retry-After"] == "61"
            assert "Set-Cookie" not in locked.headers
            h.clock.now += 60
            assert (await h.sign_in()).status == 303

    run(scenario)


def test_an_open_redirect_after_sign_in_is_not_possible() -> None:
    async def scenario() -> None:
        async with harness() as h:
            reply = await h.sign_in(next_="https://evil.example/")
            assert reply.headers["Location"] == "/insights/"

    run(scenario)


def test_signing_out_ends_the_session() -> None:
    async def scenario() -> None:
        async with harness() as h:
            cookie = await h.session_cookie()
            headers = {**h.origin, "Cookie": f"{COOKIE}={cookie}"}
            async with h.client.post(
                f"{h.base_url}/insights/logout", headers=headers, allow_redirects=False
            ) as reply:
                assert reply.status == 303
                assert reply.headers["Location"] == "/insights/login"
                assert "max-age=0" in reply.headers["Set-Cookie"].lower()
            reply, _ = await h.get("/insights/", cookie=cookie)
            assert reply.status == 303, "the old cookie must not work after signing out"

    run(scenario)


def test_sign_out_from_another_site_is_refused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            cookie = await h.session_cookie()
            headers = {"Origin": "https://evil.example", "Cookie": f"{COOKIE}={cookie}"}
            async with h.client.post(
                f"{h.base_url}/insights/logout", headers=headers, allow_redirects=False
            ) as reply:
                assert reply.status == 403
            reply, _ = await h.get("/insights/", cookie=cookie)
            assert reply.status == 200

    run(scenario)


def test_csv_downloads_are_attachments_of_the_range() -> None:
    async def scenario() -> None:
        async with harness() as h:
            cookie = await h.session_cookie()
            reply, body = await h.get(
                "/insights/csv/channels.csv?from=2025-03-03&to=2025-03-16", cookie=cookie
            )
            assert reply.status == 200
            assert reply.headers["Content-Type"] == "text/csv; charset=utf-8"
            assert reply.headers["Content-Disposition"] == (
                'attachment; filename="insights-channels-2025-03-03-2025-03-16.csv"'
            )
            assert body == "\ufeffchannel,questions\r\nwebchat,719\r\nteams,192\r\n"
            reply, body = await h.get("/insights/csv/unanswered_groups.csv", cookie=cookie)
            assert reply.status == 200 and "fgm signs,117" in body
            for missing in ("nothing.csv", "channels", "channels.json", "..%2Fauth.py"):
                reply, _ = await h.get(f"/insights/csv/{missing}", cookie=cookie)
                assert reply.status == 404, missing
        assert h.reports == [(date(2025, 3, 3), date(2025, 3, 16)), (date(2025, 3, 2), TODAY)]

    run(scenario)


def test_bad_dates_are_a_400_with_a_message() -> None:
    async def scenario() -> None:
        async with harness() as h:
            cookie = await h.session_cookie()
            reply, body = await h.get("/insights/?from=2025-02-30&to=2025-03-31", cookie=cookie)
            assert reply.status == 400
            assert "The from date “2025-02-30” is not a date" in body
            assert reply.headers["Content-Security-Policy"].startswith("default-src 'none'")
            reply, body = await h.get("/insights/?from=<script>", cookie=cookie)
            assert reply.status == 400 and "<script>" not in body and "&lt;script&gt;" in body
            reply, body = await h.get(
                "/insights/csv/channels.csv?from=2025-04-01&to=2025-03-01", cookie=cookie
            )
            assert reply.status == 400 and "is after the to date" in body
        assert h.reports == []

    run(scenario)


def test_channel_identity() -> None:
    channel = InsightsInput.from_credentials(None)
    assert (channel.name(), channel.url_prefix()) == ("insights", "/insights")


def test_the_server_guards_of_every_channel_apply() -> None:
    async def scenario() -> None:
        async with harness() as h:
            headers = {**h.origin, "Content-Encoding": "gzip"}
            async with h.client.post(
                f"{h.base_url}/insights/login", data=b"x", headers=headers, allow_redirects=False
            ) as reply:
                assert reply.status == 415

    run(scenario)
