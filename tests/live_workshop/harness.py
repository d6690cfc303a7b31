"""The workshop channel mounted by Rasa's own `register` in a real Sanic server on the fixture
knowledge, and a client that signs in as the trainer, starts, steers, joins and answers: shared by
the channel's tests (test_channel.py) and the security tests of its doors."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.knowledge.store import KnowledgeStore
from bot.live_workshop.routes import WorkshopInput
from bot.live_workshop.service import Workshops
from bot.web.records import actions
from bot.web.trainer import COOKIE, PasswordHash, TrainerAuth, hash_password
from tests.support import serving

Sanic.test_mode = True
PASSWORD = "correct horse battery staple"


@dataclass
class Harness:
    base: str
    client: aiohttp.ClientSession
    auth: TrainerAuth
    trainer: str = ""

    def record(self) -> list[tuple[str, str, str, str]]:
        """Who started, ended or published what, as the trainer pages recorded it."""
        return actions(self.auth.engine)

    @property
    def origin(self) -> dict[str, str]:
        return {"Origin": self.base}

    def cookies(self, **extra: str) -> dict[str, str]:
        jar = {COOKIE: self.trainer, **extra}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items() if v)}

    async def request(
        self, method: str, path: str, **kwargs: Any
    ) -> tuple[aiohttp.ClientResponse, str]:
        async with self.client.request(
            method, self.base + path, allow_redirects=False, **kwargs
        ) as reply:
            return reply, await reply.text()

    async def sign_in(self) -> None:
        reply, _ = await self.request(
            "POST", "/workshop/login", data={"password": PASSWORD}, headers=self.origin
        )
        assert reply.status == 303
        jar: SimpleCookie = SimpleCookie()
        for header in reply.headers.getall("Set-Cookie"):
            jar.load(header)
        self.trainer = jar[COOKIE].value

    async def start(self, **form: str) -> int:
        reply, _ = await self.request(
            "POST",
            "/workshop/sessions",
            data={"case": "send-adam", "checks": "yes", "quiz": "yes", **form},
            headers={**self.origin, **self.cookies()},
        )
        assert reply.status == 303, reply.status
        return int(reply.headers["Location"].split("/")[3])

    async def state(self, session_id: int) -> dict[str, Any]:
        reply, body = await self.request(
            "GET", f"/workshop/s/{session_id}/state", headers=self.cookies()
        )
        assert reply.status == 200
        return dict(json.loads(body))

    async def control(self, session_id: int, action: str) -> int:
        reply, _ = await self.request(
            "POST",
            f"/workshop/s/{session_id}/control",
            data=json.dumps({"action": action}),
            headers={**self.origin, **self.cookies()},
        )
        return reply.status

    async def join(self, code: str, **extra: Any) -> str:
        reply, body = await self.request(
            "POST", "/workshop/api/join", data=json.dumps({"code": code, **extra})
        )
        assert reply.status == 200, body
        return str(json.loads(body)["token"])

    async def answer(self, token: str, **answer: Any) -> tuple[int, dict[str, Any]]:
        reply, body = await self.request(
            "POST", "/workshop/api/answer", data=json.dumps({"token": token, **answer})
        )
        return reply.status, json.loads(body)


@asynccontextmanager
async def harness(store: KnowledgeStore, workshops: Workshops) -> AsyncIterator[Harness]:
    password_hash = PasswordHash.parse(hash_password(PASSWORD, n=2**10, r=8, p=1))
    channel = WorkshopInput(TrainerAuth(password_hash, b"s" * 32), lambda: store, lambda: workshops)
    app = Sanic(f"workshop_test_{uuid.uuid4().hex}", configure_logging=False)
    register([channel], app, "/webhooks/")
    timeout = aiohttp.ClientTimeout(total=20)
    async with (
        serving(app) as port,
        aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as client,
    ):
        yield Harness(f"http://127.0.0.1:{port}", client, channel.auth)


def signed_in(
    store: KnowledgeStore, workshops: Workshops, scenario: Callable[[Harness], Awaitable[None]]
) -> None:
    """Runs a scenario on a fresh server with the trainer signed in."""

    async def run() -> None:
        async with harness(store, workshops) as h:
            await h.sign_in()
            await scenario(h)

    asyncio.run(run())
