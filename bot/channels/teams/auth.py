"""Proof that a request comes from the Bot Connector, checked before anything is processed.

The Connector signs a JWT for every activity it posts with one of the keys Microsoft publishes
through its OpenID metadata. BotFrameworkAuth checks that token as the Bot Framework SDKs do and
caches the keys, fetching them on demand without blocking the event loop.
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

from bot.channels.teams.connector import ConnectorError, HttpSession

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
    ) -> None:
        self.app_id = app_id
        self._http = http
        self._metadata_url = openid_metadata_url
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = -math.inf
        self._lock = asyncio.Lock()

    async def validate(
        self, auth_header: str | None, service_url: str | None, channel_id: str | None = None
    ) -> dict[str, Any]:
        """The token's claims; raises Unauthorized for anything the Connector would not send."""
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
        if channel_id and isinstance(endorsements, list) and channel_id not in endorsements:
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
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthorized(f"token rejected: {error}") from error
        claimed_url = claims.get("serviceurl", claims.get("serviceUrl"))
        if claimed_url is not None and str(claimed_url).rstrip("/") != (service_url or "").rstrip(
            "/"
        ):
            raise Unauthorized("token was issued for a different serviceUrl")
        return claims

    async def _key(self, kid: str) -> dict[str, Any]:
        async with self._lock:
            age = self._clock() - self._fetched_at
            if age > KEY_CACHE_SECONDS or (kid not in self._keys and age > KEY_REFETCH_MIN_SECONDS):
                await self._refresh()
        if kid not in self._keys:
            raise Unauthorized(f"unknown signing key {kid!r}")
        return self._keys[kid]

    async def _refresh(self) -> None:
        """Keeps the old keys if Microsoft cannot be reached, so an outage does not lock us out."""
        try:
            metadata = await self._http.get_json(self._metadata_url)
            jwks = await self._http.get_json(metadata["jwks_uri"])
            self._keys = {key["kid"]: key for key in jwks["keys"]}
            self._fetched_at = self._clock()
        except (
            aiohttp.ClientError,
            asyncio.TimeoutError,
            ConnectorError,
            KeyError,
            TypeError,
        ) as error:
            logger.error(
                "Could not fetch Bot Framework signing keys from %s: %r", self._metadata_url, error
            )
