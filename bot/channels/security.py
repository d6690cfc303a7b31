"""Who may use which door: the deployment mode, bearer tokens and browser origins.

RPA_MODE=production puts the assistant in front of a workforce: the web chat and Teams are its
public doors, and the REST channel (for evaluation, monitoring and integrations) answers only
callers with RPA_REST_TOKEN. Development, the default, keeps REST open so that `make eval`, the
bench and the tests can talk to a local assistant. The same helpers check the token Rasa sends
to the action server (RPA_ACTION_TOKEN). The mode and the tokens are read in bot/settings.py.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bot.settings import ENV_CORS_ORIGINS, ConfigurationError

_BEARER = re.compile(r"Bearer[ \t]+(\S+)[ \t]*", re.IGNORECASE)
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


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
