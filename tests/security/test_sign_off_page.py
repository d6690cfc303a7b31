"""The learning lead's content sign-off page (/insights/sign-off) by role, over HTTP on the real
insights channel mounted by Rasa's `register`, on the fixture knowledge: the learning lead sees
the sheet and signs a section in their own name (the same signature `python -m bot knowledge
sign` writes, and a line in the record of trainers' actions); a trainer, someone signed out and
another site's page are refused and sign nothing; with the shared password a name is asked."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.insights.report import Insights
from bot.insights.routes import InsightsInput
from bot.knowledge.signatures import read_signatures
from bot.settings import ENV_CONFIRMATIONS_FILE, ENV_KNOWLEDGE_DIR, now
from bot.web.records import Role, recorded
from bot.web.trainer import COOKIE, PasswordHash, TrainerAuth, hash_password
from tests.support import serving

Sanic.test_mode = True
PASSWORD = "correct horse battery staple"
SECTION = "glossary"


@dataclass
class Site:
    base: str
    client: aiohttp.ClientSession
    auth: TrainerAuth

    def cookie(self, name: str, role: Role) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={self.auth.sessions.issue(name, role)}"}

    async def get(self, headers: dict[str, str]) -> tuple[int, str]:
        async with self.client.get(
            f"{self.base}/insights/sign-off", headers=headers, allow_redirects=False
        ) as reply:
            return reply.status, await reply.text()

    async def sign(self, headers: dict[str, str], origin: str = "", **form: str) -> tuple[int, str]:
        async with self.client.post(
            f"{self.base}/insights/sign-off",
            data={"section": SECTION, **form},
            headers={"Origin": origin or self.base, **headers},
            allow_redirects=False,
        ) as reply:
            return reply.status, await reply.text()


def no_report(_start: object, _end: object) -> Insights:
    raise AssertionError("the sign-off page needs no insights figures")


@asynccontextmanager
async def site() -> AsyncIterator[Site]:
    password_hash = PasswordHash.parse(hash_password(PASSWORD, n=2**10, r=8, p=1))
    channel = InsightsInput(TrainerAuth(password_hash, b"s" * 32), no_report)
    app = Sanic(f"sign_off_test_{uuid.uuid4().hex}", configure_logging=False)
    register([channel], app, "/webhooks/")
    async with serving(app) as port, aiohttp.ClientSession() as client:
        yield Site(f"http://127.0.0.1:{port}", client, channel.auth)


@pytest.fixture
def confirmations(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_knowledge_dir: Path
) -> Path:
    path = tmp_path / "confirmations.yml"
    monkeypatch.setenv(ENV_KNOWLEDGE_DIR, str(fixture_knowledge_dir))
    monkeypatch.setenv(ENV_CONFIRMATIONS_FILE, str(path))
    return path


def test_the_learning_lead_signs_a_section_in_their_name_and_a_trainer_cannot(
    confirmations: Path,
) -> None:
    async def scenario() -> None:
        async with site() as s:
            # signed out: the sign-in page for the page, 401 for the form
            status, _ = await s.get({})
            assert status == 303
            assert (await s.sign({}))[0] == 401
            # a trainer: refused, nothing signed
            trainer = s.cookie("Tess Trainer", Role.TRAINER)
            assert (await s.get(trainer))[0] == 403
            assert (await s.sign(trainer))[0] == 403
            assert not confirmations.exists()
            lead = s.cookie("Lee Lead", Role.LEARNING_LEAD)
            status, page = await s.get(lead)
            assert status == 200 and "NOT SIGNED" in page
            assert "Sign off this section as it is now" in page
            # another site's page cannot sign in the lead's name
            assert (await s.sign(lead, origin="https://evil.example"))[0] == 403
            assert not confirmations.exists()
            status, page = await s.sign(lead, section="no-such-section")
            assert status == 400 and "unknown section" in page
            status, _ = await s.sign(lead)
            assert status == 303
            today = now().date()
            signed = read_signatures(confirmations)
            assert signed and all(key.startswith("glossary/") for key in signed)
            assert {(sig.by, sig.on) for sig in signed.values()} == {
                ("Lee Lead, learning lead", today)
            }
            status, page = await s.get(lead)
            assert f"signed by Lee Lead, learning lead, {today.isoformat()}" in page
            [line] = [line for line in recorded(s.auth.engine) if line.action == "signed off"]
            assert (line.who, line.role) == ("Lee Lead", "learning lead")
            assert line.subject.startswith(f"sign-off sheet section {SECTION}: {len(signed)} items")

    asyncio.run(scenario())


def test_with_the_shared_password_the_signature_asks_a_name(confirmations: Path) -> None:
    async def scenario() -> None:
        async with site() as s:
            shared = {"Cookie": f"{COOKIE}={s.auth.sessions.issue()}"}
            status, page = await s.get(shared)
            assert status == 200 and "Your name and role" in page
            status, page = await s.sign(shared, by="  \n ")
            assert status == 400 and "Write your name and role" in page
            assert not confirmations.exists()
            assert (await s.sign(shared, by="Jo Doe, CHSCP business manager"))[0] == 303
            assert {sig.by for sig in read_signatures(confirmations).values()} == {
                "Jo Doe, CHSCP business manager (shared trainer password)"
            }

    asyncio.run(scenario())


def test_without_a_confirmations_file_the_sheet_is_shown_and_nothing_signed(
    monkeypatch: pytest.MonkeyPatch, fixture_knowledge_dir: Path
) -> None:
    monkeypatch.setenv(ENV_KNOWLEDGE_DIR, str(fixture_knowledge_dir))
    monkeypatch.delenv(ENV_CONFIRMATIONS_FILE, raising=False)

    async def scenario() -> None:
        async with site() as s:
            lead = s.cookie("Lee Lead", Role.LEARNING_LEAD)
            status, page = await s.get(lead)
            assert status == 200 and f"Signing here needs {ENV_CONFIRMATIONS_FILE}" in page
            assert "Sign off this section" not in page
            status, page = await s.sign(lead)
            assert status == 409 and ENV_CONFIRMATIONS_FILE in page

    asyncio.run(scenario())
