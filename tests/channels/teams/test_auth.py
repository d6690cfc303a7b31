"""Incoming requests are processed only with a valid Bot Framework token."""

from __future__ import annotations

import asyncio

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.channels.teams.fake_microsoft import bot_framework_token, harness, teams_message

OTHER_APP_ID = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"

_FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _bad_tokens(service_url: str) -> dict[str, str | None]:
    return {
        "missing": None,
        "expired": bot_framework_token(service_url, expires_in=-3600),
        "wrongly signed": bot_framework_token(service_url, key=_FORGER_KEY),
        "wrong audience": bot_framework_token(service_url, audience=OTHER_APP_ID),
        "wrong issuer": bot_framework_token(
            service_url, issuer="https://sts.windows.net/attacker/"
        ),
        "other serviceUrl": bot_framework_token("https://evil.example.net/"),
        "unknown key": bot_framework_token(service_url, kid="not-a-published-key"),
        "not a JWT": "opaque-string",
    }


def test_bad_tokens_get_401_and_nothing_is_processed() -> None:
    async def scenario() -> None:
        async with harness() as h:
            for name, token in _bad_tokens(h.microsoft.service_url).items():
                status = await h.post(teams_message(h.microsoft.service_url), token)
                assert status == 401, name
            assert h.handled == []
            assert h.microsoft.replies == [] and h.microsoft.token_requests == []

    asyncio.run(scenario())
