"""Proof that a request comes from the Bot Connector, checked before anything is processed.

The Connector signs a JWT for every activity it posts with one of the keys Microsoft publishes
through its OpenID metadata. BotFrameworkAuth checks that token as the Bot Framework SDKs do and
caches the keys, fetching them on demand without blocking the event loop. Stricter than a
first version, which a review found could be turned against the bot:

- the token must name the serviceUrl it was issued for (the `serviceurl` claim), equal to the
  activity's, and that URL must be a Microsoft Bot Connector host (connector.ConnectorHosts),
  since the bot's own Connector token is sent there with the reply;
- the signing key must be endorsed for the activity's channel;
- a failed key fetch (an outage, an HTML error page) is retried with a growing pause rather
  than on every request, and keys that could not be refreshed for KEY_MAX_AGE_SECONDS are no
  longer trusted (a key Microsoft withdrew stops working even if we cannot hear about it).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

from bot.channels.teams.connector import (
    MICROSOFT_CONNECTOR_HOSTS,
    ConnectorError,
    ConnectorHosts,
    HttpSession,
)

logger = logging.getLogger(__name__)

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
# The Bot Framework SDKs accept five minutes of clock skew between the Connector and the bot.
CLOCK_SKEW_SECONDS = 300
# Microsoft rotates signing keys rarely; the SDKs refresh daily, and on an unknown key id.
KEY_CACHE_SECONDS = 24 * 3600
# An unknown key id triggers a refresh at most this often, so forged tokens cannot make us
# hammer the metadata endpoint.
KEY_REFETCH_MIN_SECONDS = 300
# After a failed fetch, wait this long before the next try, doubling up to the maximum.
KEY_RETRY_FIRST_SECONDS = 10
KEY_RETRY_MAX_SECONDS = 600
# Keys are kept through an outage of Microsoft's metadata endpoint, but not for ever.
KEY_MAX_AGE_SECONDS = 3 * 24 * 3600

_BEARER = re.compile(r"Bearer\s+(\S+)\s*$", re.IGNORECASE)


class Unauthorized(Exception):
    """The request does not carry a valid Bot Framework token; nothing may be processed."""


class BotFrameworkAuth:
    """Checks the JWT the Bot Connector sends with every activity, as the SDKs do."""

    def __init__(
        self,
        app_id: str,
        http: HttpSession,
        openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        clock: Callable[[], float] = time.monotonic,
        connector_hosts: ConnectorHosts = MICROSOFT_CONNECTOR_HOSTS,
    ) -> None:
        self.app_id = app_id
        self._http = http
        self._metadata_url = openid_metadata_url
        self._clock = clock
        self._connector_hosts = connector_hosts
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = -math.inf
        self._retry_at = -math.inf
        self._retry_pause = float(KEY_RETRY_FIRST_SECONDS)
        self._lock = asyncio.Lock()

    async def validate(
        self, auth_header: str | None, service_url: str, channel_id: str
    ) -> dict[str, Any]:
        """The token's claims; raises Unauthorized for anything the Connector would not send."""
        if not self._connector_hosts.allows(service_url):
            raise Unauthorized("serviceUrl is not a Bot Connector address")
        match = _BEARER.match(auth_header or "")
        if not match:
            raise Unauthorized("no Bearer token in the Authorization header")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise Unauthorized(f"malformed token: {error}") from error
        if header.get("alg") != "RS256":
            raise Unauthorized(f"unexpected signing algorithm {header.get('alg')!r}")
        key = await self._key(str(header.get("kid")))
        endorsements = key.get("endorsements")
        if not isinstance(endorsements, list) or channel_id not in endorsements:
            raise Unauthorized(f"signing key is not endorsed for channel {channel_id!r}")
        try:
            public_key = RSAAlgorithm.from_jwk(key)
            if not isinstance(public_key, RSAPublicKey):
                raise jwt.InvalidKeyError("the published signing key is not a public key")
            claims: dict[str, Any] = jwt.decode(
                token,
                key=public_key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=BOT_FRAMEWORK_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud", "serviceurl"]},
            )
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthorized(f"token rejected: {error}") from error
        if claims["serviceurl"] != service_url:
            raise Unauthorized("token was issued for a different serviceUrl")
        return claims

    async def _key(self, kid: str) -> dict[str, Any]:
        async with self._lock:
            now = self._clock()
            age = now - self._fetched_at
            stale = age > KEY_CACHE_SECONDS or (
                kid not in self._keys and age > KEY_REFETCH_MIN_SECONDS
            )
            if stale and now >= self._retry_at:
                await self._refresh(now)
            if now - self._fetched_at > KEY_MAX_AGE_SECONDS:
                self._keys = {}
        if kid not in self._keys:
            raise Unauthorized(f"unknown signing key {kid!r}")
        return self._keys[kid]

    async def _refresh(self, now: float) -> None:
        """Keeps the old keys if Microsoft cannot be reached, so an outage does not lock us
        out at once; the next try waits KEY_RETRY_FIRST_SECONDS, doubling up to the maximum."""
        try:
            metadata = await self._http.get_json(self._metadata_url)
            jwks = await self._http.get_json(metadata["jwks_uri"])
            keys = {str(key["kid"]): key for key in jwks["keys"] if isinstance(key, dict)}
            if not keys:
                raise ValueError("the key set holds no keys")
        except (
            aiohttp.ClientError,
            asyncio.TimeoutError,
            ConnectorError,
            KeyError,
            TypeError,
            ValueError,  # not JSON: an HTML error page or a captive portal
        ) as error:
            self._retry_at = now + self._retry_pause
            logger.error(
                "Could not fetch Bot Framework signing keys from %s (next try in %.0f s): %r",
                self._metadata_url,
                self._retry_pause,
                error,
            )
            self._retry_pause = min(self._retry_pause * 2, KEY_RETRY_MAX_SECONDS)
            return
        self._keys, self._fetched_at = keys, now
        self._retry_at, self._retry_pause = -math.inf, float(KEY_RETRY_FIRST_SECONDS)
