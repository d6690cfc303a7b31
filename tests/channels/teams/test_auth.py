"""Incoming requests are processed only with a valid Bot Framework token."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.channels.teams.auth import (
    KEY_CACHE_SECONDS,
    KEY_MAX_AGE_SECONDS,
    KEY_RETRY_FIRST_SECONDS,
    BotFrameworkAuth,
    Unauthorized,
)
from bot.channels.teams.connector import MICROSOFT_CONNECTOR_HOSTS, ConnectorError, post_activity
from tests.channels.teams.fake_microsoft import (
    APP_ID,
    LOCAL_CONNECTOR,
    bot_framework_token,
    harness,
    signing_keys,
    teams_message,
)

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


def test_a_token_without_a_serviceurl_claim_is_refused() -> None:
    """The claim ties the token to the address the bot's own token is then sent to."""

    async def scenario() -> None:
        async with harness() as h:
            url = h.microsoft.service_url
            token = bot_framework_token(url, service_url_claim=False)
            assert await h.post(teams_message(url), token) == 401
            assert h.handled == [] and h.microsoft.token_requests == []

    asyncio.run(scenario())


def test_the_claim_must_equal_the_service_url_exactly() -> None:
    async def scenario() -> None:
        async with harness() as h:
            url = h.microsoft.service_url
            token = bot_framework_token(url.rstrip("/"))
            assert await h.post(teams_message(url), token) == 401
            assert h.handled == []

    asyncio.run(scenario())


def test_a_signed_activity_naming_another_host_gets_no_connector_token() -> None:
    """Even with a token issued for it, a serviceUrl off the allow-list is refused before the
    bot asks Azure AD for its own token, so that token can never be sent there."""

    async def scenario() -> None:
        async with harness() as h:
            elsewhere = "https://collector.example.net/"
            token = bot_framework_token(elsewhere)
            assert await h.post(teams_message(elsewhere), token) == 401
            assert h.handled == [] and h.microsoft.token_requests == []

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://smba.trafficmanager.net/uk/", True),
        ("https://smba.trafficmanager.net/amer/", True),
        ("https://webchat.botframework.com/", True),
        ("https://europe.directline.botframework.com/", True),
        ("http://smba.trafficmanager.net/uk/", False),
        ("https://smba.trafficmanager.net.example.net/uk/", False),
        ("https://evilbotframework.com/", False),
        ("https://botframework.com.example.net/", False),
        ("https://user@smba.trafficmanager.net/uk/", False),
        ("https://smba.trafficmanager.net:8443/uk/", False),
        ("https://127.0.0.1/", False),
        ("not a url", False),
    ],
)
def test_only_microsoft_connector_hosts_over_https_are_allowed(url: str, allowed: bool) -> None:
    assert MICROSOFT_CONNECTOR_HOSTS.allows(url) is allowed


def test_post_activity_withholds_the_token_from_other_hosts() -> None:
    async def scenario() -> None:
        async with harness() as h:
            with pytest.raises(ConnectorError, match="token withheld"):
                await post_activity(
                    h.channel.http, h.channel.tokens, "https://collector.example.net/v3/x", {}
                )
            assert h.microsoft.token_requests == []

    asyncio.run(scenario())


def test_a_key_not_endorsed_for_the_channel_is_refused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            h.microsoft.endorsements = None
            url = h.microsoft.service_url
            assert await h.post(teams_message(url), bot_framework_token(url)) == 401
            h.microsoft.endorsements = ["webchat"]
            h.channel.auth = BotFrameworkAuth(
                APP_ID,
                h.channel.http,
                f"{h.microsoft.base_url}/openid",
                connector_hosts=LOCAL_CONNECTOR,
            )
            assert await h.post(teams_message(url), bot_framework_token(url)) == 401
            assert h.handled == []

    asyncio.run(scenario())


class FakeKeySource:
    """Microsoft's metadata and key endpoints, failing on demand, without a network."""

    def __init__(self) -> None:
        self.failing = False
        self.fetches = 0

    async def get_json(self, url: str) -> Any:
        self.fetches += 1
        if self.failing:
            raise ValueError("Expecting value: line 1 column 1 (char 0)")  # an HTML page
        if url.endswith("/openid"):
            return {"jwks_uri": "https://keys.example/keys"}
        return signing_keys(["msteams"])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


SERVICE_URL = "https://smba.trafficmanager.net/uk/"


async def _validate(auth: BotFrameworkAuth) -> bool:
    try:
        await auth.validate(f"Bearer {bot_framework_token(SERVICE_URL)}", SERVICE_URL, "msteams")
    except Unauthorized:
        return False
    return True


def test_a_failed_key_fetch_is_a_401_and_is_retried_with_a_growing_pause() -> None:
    async def scenario() -> None:
        source, clock = FakeKeySource(), Clock()
        auth = BotFrameworkAuth(APP_ID, source, "https://login.example/openid", clock=clock)
        source.failing = True
        assert not await _validate(auth)
        assert not await _validate(auth)  # within the pause: no new fetch
        assert source.fetches == 1
        clock.now += KEY_RETRY_FIRST_SECONDS
        assert not await _validate(auth)
        assert source.fetches == 2
        clock.now += KEY_RETRY_FIRST_SECONDS  # the pause has doubled
        assert not await _validate(auth)
        assert source.fetches == 2
        clock.now += KEY_RETRY_FIRST_SECONDS
        source.failing = False
        assert await _validate(auth)
        assert source.fetches == 4  # metadata, then keys

    asyncio.run(scenario())


def test_keys_outlive_an_outage_but_not_for_ever() -> None:
    async def scenario() -> None:
        source, clock = FakeKeySource(), Clock()
        auth = BotFrameworkAuth(APP_ID, source, "https://login.example/openid", clock=clock)
        assert await _validate(auth)
        source.failing = True
        clock.now += KEY_CACHE_SECONDS + 1
        assert await _validate(auth), "a day's outage must not lock Teams out"
        clock.now = 1000.0 + KEY_MAX_AGE_SECONDS + 1
        assert not await _validate(auth), "keys unconfirmed for too long are not trusted"

    asyncio.run(scenario())
