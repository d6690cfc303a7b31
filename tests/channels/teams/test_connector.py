"""The bot's own token: from its tenant, reused, and a refusal does not break the turn."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.teams.connector import token_endpoint
from tests.channels.teams.fake_microsoft import (
    APP_ID,
    APP_PASSWORD,
    TENANT_ID,
    bot_framework_token,
    button_click,
    harness,
    teams_message,
)


def test_connector_token_comes_from_the_tenant_and_is_reused() -> None:
    async def scenario() -> None:
        async with harness() as h:
            token = bot_framework_token(h.microsoft.service_url)
            assert await h.post(teams_message(h.microsoft.service_url), token) == 200
            assert await h.post(button_click(h.microsoft.service_url), token) == 200

            [(path, form)] = h.microsoft.token_requests
            assert path == f"/{TENANT_ID}/oauth2/v2.0/token"
            assert form == {
                "grant_type": "client_credentials",
                "client_id": APP_ID,
                "client_secret": APP_PASSWORD,
                "scope": "https://api.botframework.com/.default",
            }
            assert [authorization for _, authorization, _ in h.microsoft.replies] == [
                "Bearer connector-token-1"
            ] * 2
            assert h.microsoft.key_fetches == 1

    asyncio.run(scenario())


def test_a_refused_connector_token_is_logged_and_the_turn_still_completes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with harness() as h:
            h.microsoft.token_status = 401
            token = bot_framework_token(h.microsoft.service_url)
            assert await h.post(teams_message(h.microsoft.service_url), token) == 200
            assert len(h.handled) == 1 and h.microsoft.replies == []

    asyncio.run(scenario())
    assert "Teams reply not delivered: token endpoint answered 401" in caplog.text


def test_token_endpoint_is_tenant_specific_unless_no_tenant_is_set() -> None:
    assert (
        token_endpoint(TENANT_ID)
        == f"https://login.microsoftonline.com/{TENANT_ID}/oauth2/v2.0/token"
    )
    assert (
        token_endpoint(None)
        == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    )
