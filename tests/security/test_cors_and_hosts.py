"""Security review findings 3 (credentialed CORS on every route) and 17 (no Host allow-list),
against a Sanic app built as Rasa builds it: `configure_cors` with the web chat's origins,
then the channels mounted by Rasa's own `register`."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import pytest
from rasa.core.channels.channel import register
from rasa.server import configure_cors
from sanic import Sanic

from bot.channels.webchat.channel import WebChatInput
from bot.insights.routes import InsightsInput
from bot.settings import ENV_ALLOWED_HOSTS, ENV_PUBLIC_URL
from bot.web.trainer import COOKIE, PasswordHash, TrainerAuth, hash_password
from tests.insights.sample import INSIGHTS
from tests.support import serving

Sanic.test_mode = True
PASSWORD = "correct horse battery staple"
WIDGET_ORIGIN = "http://localhost:5005"


def app_as_rasa_builds_it() -> Sanic:
    password_hash = PasswordHash.parse(hash_password(PASSWORD, n=2**10, r=8, p=1))
    auth = TrainerAuth(password_hash, b"s" * 32)
    app = Sanic(f"security_{uuid.uuid4().hex}", configure_logging=False)
    configure_cors(app, [WIDGET_ORIGIN])
    register(
        [WebChatInput([WIDGET_ORIGIN]), InsightsInput(auth, lambda *_: INSIGHTS)], app, "/webhooks/"
    )
    return app


async def signed_in(client: aiohttp.ClientSession, base: str) -> str:
    async with client.post(
        f"{base}/insights/login",
        data={"password": PASSWORD},
        headers={"Origin": base},
        allow_redirects=False,
    ) as reply:
        assert reply.status == 303
        return reply.cookies[COOKIE].value


def test_no_trainer_page_is_readable_from_the_web_chats_origins() -> None:
    async def scenario() -> None:
        async with (
            serving(app_as_rasa_builds_it()) as port,
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client,
        ):
            base = f"http://127.0.0.1:{port}"
            cookie = await signed_in(client, base)
            for path in ("/insights/", "/insights/csv/helpfulness.csv", "/insights/nothing"):
                for method in ("GET", "OPTIONS"):
                    async with client.request(
                        method,
                        base + path,
                        headers={
                            "Origin": WIDGET_ORIGIN,
                            "Cookie": f"{COOKIE}={cookie}",
                            "Access-Control-Request-Method": "GET",
                        },
                    ) as reply:
                        cors = {k for k in reply.headers if k.lower().startswith("access-control")}
                        assert cors == set(), (method, path, cors)
            async with client.options(
                f"{base}/chat/webhook",
                headers={"Origin": WIDGET_ORIGIN, "Access-Control-Request-Method": "POST"},
            ) as reply:
                assert reply.headers.get("Access-Control-Allow-Origin") == WIDGET_ORIGIN
                assert "Access-Control-Allow-Credentials" not in reply.headers

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("environ", "host", "status"),
    [
        ({}, "127.0.0.1", 200),
        ({}, "localhost:5005", 200),
        ({}, "rebind.evil.example:5005", 421),
        ({ENV_PUBLIC_URL: "https://assistant.example"}, "assistant.example", 200),
        ({ENV_PUBLIC_URL: "https://assistant.example"}, "evil.example", 421),
        ({ENV_ALLOWED_HOSTS: "a.example, b.example"}, "b.example", 200),
        ({ENV_ALLOWED_HOSTS: "a.example, b.example"}, "localhost", 421),
    ],
)
def test_only_the_assistants_own_host_names_are_answered(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], host: str, status: int
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    async def scenario() -> None:
        async with (
            serving(app_as_rasa_builds_it()) as port,
            aiohttp.ClientSession() as client,
            client.get(f"http://127.0.0.1:{port}/chat/", headers={"Host": host}) as reply,
        ):
            assert reply.status == status

    asyncio.run(scenario())
