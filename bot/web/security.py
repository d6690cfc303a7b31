"""Who may use which door: the deployment mode, bearer tokens, browser origins, and the headers
every answer of ours carries.

RPA_MODE=production puts the assistant in front of a workforce: the web chat and Teams are its
public doors, and the REST channel (for evaluation, monitoring and integrations) answers only
callers with RPA_REST_TOKEN. Development, the default, keeps REST open so that `make eval`, the
bench and the tests can talk to a local assistant. The same helpers check the token Rasa sends
to the action server (RPA_ACTION_TOKEN). The mode and the tokens are read in bot/settings.py.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import ENV_CORS_ORIGINS, ConfigurationError, Mode, public_url
from bot.web import proxies

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


TEXT_HEADERS: Mapping[str, str] = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def is_https(request: Request) -> bool:
    """Whether cookies must be Secure: always in production (where HAProxy terminates TLS and
    a bookmarked http:// address must not carry the cookie in clear), otherwise when the
    request came over https, directly or as a trusted proxy says."""
    if Mode.from_environment(os.environ) is Mode.PRODUCTION:
        return True
    return proxies.scheme(request) == "https"


def site_origin(request: Request) -> str:
    """scheme://host[:port] of this site: RPA_PUBLIC_URL's when set, otherwise as the client
    reached it (forwarded headers believed only from a trusted proxy)."""
    configured = public_url()
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}".lower()
    return proxies.public_origin(request)


def same_origin(request: Request) -> bool:
    """The form was posted by a page of this site: its Origin is this site's whole origin,
    scheme included (an http:// page on a network path must not post to the https site). A
    cross-site form cannot choose the Origin, and browsers send it on every POST."""
    origin = request.headers.get("origin", "").strip().lower()
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return origin == site_origin(request)


def safe_next(target: str | None, base: str) -> str:
    """Where to go after signing in: a path on these pages only, never another site."""
    home = f"{base}/"
    if not target or not target.startswith(home) or "//" in target or "\\" in target:
        return home
    return target


def cross_site_refusal() -> HTTPResponse:
    return response.text(
        "Refused: this form was not sent from this site's own page.",
        status=403,
        headers=dict(TEXT_HEADERS),
    )
