"""Who may use which door: the deployment mode, bearer tokens and browser origins.

RPA_MODE=production puts the assistant in front of a workforce: the web chat and Teams are its
public doors, and the REST channel (for evaluation, monitoring and integrations) answers only
callers with RPA_REST_TOKEN. Development, the default, keeps REST open so that `make eval`, the
bench and the tests can talk to a local assistant. The same helpers check the token Rasa sends
to the action server (RPA_ACTION_TOKEN).
"""

from __future__ import annotations

import enum
import hmac
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from bot.settings import ENV_CORS_ORIGINS

ENV_MODE = "RPA_MODE"
ENV_REST_TOKEN = "RPA_REST_TOKEN"
MIN_TOKEN_CHARS = 32
"""A shared secret shorter than this is refused: 32 characters of `secrets.token_urlsafe`
carry 190 bits, far beyond guessing over HTTP."""

_BEARER = re.compile(r"Bearer[ \t]+(\S+)[ \t]*", re.IGNORECASE)
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class ConfigurationError(Exception):
    """The deployment's settings are unsafe or malformed; the message says what to set."""


class Mode(enum.Enum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Mode:
        value = (environ.get(ENV_MODE) or cls.DEVELOPMENT.value).strip().lower()
        try:
            return cls(value)
        except ValueError:
            raise ConfigurationError(
                f"{ENV_MODE}={value!r}: expected 'production' or 'development'"
            ) from None


def shared_secret(environ: Mapping[str, str], name: str) -> str | None:
    """The token in `name`, None when unset; a token too short to be safe is refused."""
    token = (environ.get(name) or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_CHARS:
        raise ConfigurationError(
            f"{name} must be at least {MIN_TOKEN_CHARS} characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return token


def rest_token(environ: Mapping[str, str]) -> str | None:
    """The token REST callers must present: required in production, where starting without it
    is refused (an open REST channel would let anyone on the network read any conversation
    whose sender id they guess, bypassing the web chat's random ids)."""
    token = shared_secret(environ, ENV_REST_TOKEN)
    if token is None and Mode.from_environment(environ) is Mode.PRODUCTION:
        raise ConfigurationError(
            f"{ENV_MODE}=production needs {ENV_REST_TOKEN}: the REST channel only answers "
            f"callers with `Authorization: Bearer <{ENV_REST_TOKEN}>`"
        )
    return token


def bearer_matches(authorization: str | None, expected: str) -> bool:
    """Whether an Authorization header carries `expected`, compared in constant time."""
    match = _BEARER.fullmatch(authorization or "")
    if match is None:
        return False
    return hmac.compare_digest(match.group(1).encode(), expected.encode())


def literal_origins(origins: Iterable[str]) -> list[str]:
    """Browser origins as exact `scheme://host[:port]` literals.

    sanic-cors treats an origin containing "*" (or other regular-expression characters) as an
    unanchored pattern, so "https://*.example.org" would also admit
    "https://x.example.org.attacker.net"; only plain origins are accepted.
    """
    accepted = []
    for origin in origins:
        if not _is_origin(origin):
            raise ConfigurationError(
                f"{ENV_CORS_ORIGINS}: {origin!r} is not an exact origin such as "
                "https://intranet.example.org (no path, no wildcard)"
            )
        accepted.append(origin.lower())
    return accepted


def _is_origin(origin: str) -> bool:
    if not _ORIGIN.fullmatch(origin):
        return False
    try:
        return urlsplit(origin).port != 0
    except ValueError:  # a port above 65535
        return False
