"""The calls the bot makes to Microsoft: its own token from Azure AD, and replies to the Connector.

Everything goes through one non-blocking HTTP session (auth.py fetches the signing keys with it
too), and the token comes from the registration's own tenant: single-tenant bots that ask the
multi-tenant authority, as Rasa's BotFrameworkInput does, have their replies refused with 401.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
MULTI_TENANT_AUTHORITY = "botframework.com"
HTTP_TIMEOUT_SECONDS = 10.0
# Renew the Connector token this long before Azure AD says it expires.
TOKEN_RENEW_MARGIN_SECONDS = 300


class ConnectorError(Exception):
    """Azure AD or the Bot Connector refused or failed a request the bot made."""


@dataclass(frozen=True)
class ConnectorHosts:
    """Where the bot may send its Connector token: the allow-list of Bot Connector hosts.

    An activity names the serviceUrl to reply to, and the reply carries the bot's token, so a
    forged serviceUrl would hand that token to whoever runs it. Microsoft's Bot Connector for
    Teams is `https://smba.trafficmanager.net/<region>/`; the other Azure Bot Service channels
    (Web Chat, Direct Line) are under `botframework.com`. Government clouds (`*.gov.teams.
    microsoft.us`, `botframework.us`) are not allowed: add them here if ever needed.
    """

    hosts: frozenset[str] = frozenset({"smba.trafficmanager.net"})
    domains: tuple[str, ...] = ("botframework.com",)
    schemes: frozenset[str] = frozenset({"https"})

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        host = parts.hostname or ""
        return (
            parts.scheme in self.schemes
            and not parts.username
            and not parts.password
            and (port is None or parts.scheme != "https" or port == 443)
            and (host in self.hosts or any(host.endswith(f".{domain}") for domain in self.domains))
        )


MICROSOFT_CONNECTOR_HOSTS = ConnectorHosts()


def token_endpoint(tenant_id: str | None) -> str:
    """Single-tenant registrations must use their own tenant's authority."""
    authority = tenant_id or MULTI_TENANT_AUTHORITY
    return f"https://login.microsoftonline.com/{authority}/oauth2/v2.0/token"


class HttpSession:
    """One aiohttp session, opened lazily: channels are built before Sanic starts its loop."""

    def __init__(self, timeout_seconds: float = HTTP_TIMEOUT_SECONDS) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get_json(self, url: str) -> Any:
        async with self.get().get(url) as reply:
            if reply.status != 200:
                raise ConnectorError(f"GET {url} answered {reply.status}")
            return await reply.json(content_type=None)


class ConnectorTokens:
    """The bot's own token for calling the Bot Connector, cached until shortly before expiry."""

    def __init__(
        self,
        app_id: str,
        app_password: str,
        url: str,
        http: HttpSession,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": app_password,
            "scope": BOT_FRAMEWORK_SCOPE,
        }
        self.url = url
        self._http = http
        self._clock = clock
        self._token: str | None = None
        self._renew_at = -math.inf
        self._lock = asyncio.Lock()

    async def authorization(self) -> str:
        """The Authorization header value; one fetch even when replies are sent concurrently."""
        async with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                await self._fetch()
            return f"Bearer {self._token}"

    def forget(self) -> None:
        """Drop a token the Connector refused, e.g. after the secret was rotated."""
        self._token = None

    async def _fetch(self) -> None:
        async with self._http.get().post(self.url, data=self._form) as reply:
            if reply.status != 200:
                raise ConnectorError(
                    f"token endpoint answered {reply.status}: {(await reply.text())[:300]}"
                )
            body = await reply.json(content_type=None)
        if not isinstance(body, dict) or not body.get("access_token"):
            raise ConnectorError("token endpoint answered without an access_token")
        self._token = str(body["access_token"])
        lifetime = int(body.get("expires_in", 3600))
        self._renew_at = self._clock() + max(lifetime - TOKEN_RENEW_MARGIN_SECONDS, 0)


async def post_activity(
    http: HttpSession,
    tokens: ConnectorTokens,
    url: str,
    activity: dict[str, Any],
    hosts: ConnectorHosts = MICROSOFT_CONNECTOR_HOSTS,
) -> None:
    """Posts an activity to the Bot Connector; raises ConnectorError if it is not accepted, or
    if the URL is not on the allow-list (then the token is not even fetched)."""
    if not hosts.allows(url):
        raise ConnectorError(f"not a Bot Connector address, token withheld: {url[:100]}")
    headers = {"Authorization": await tokens.authorization()}
    # The url is already percent-encoded (it holds conversation ids); yarl must not re-encode it.
    async with http.get().post(URL(url, encoded=True), json=activity, headers=headers) as reply:
        if reply.status == 401:
            tokens.forget()
        if reply.status >= 300:
            raise ConnectorError(
                f"Bot Connector answered {reply.status}: {(await reply.text())[:300]}"
            )
